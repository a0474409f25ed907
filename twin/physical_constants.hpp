#pragma once
/// \file Physical constants and unit conversions used by more than one part of HeatTwin, each
/// defined once with its source. Values that a standard fixes for one method only (e.g. the
/// EN ISO 13790 air heat capacity) say so; material properties that vary with temperature
/// (water: solvers/network/fluid.hpp) are not constants and live with their model.

namespace heattwin::twin {

// ---------------------------------------------------------------- exact by definition
/// 0 °C in kelvin (ISO 80000-5; SI brochure, 9th ed.).
inline constexpr double ZERO_CELSIUS_K = 273.15;
/// Standard acceleration of gravity, m/s² (3rd CGPM 1901; ISO 80000-3). EPANET and the
/// HydraulicSolver default use it, so heads convert back exactly.
inline constexpr double STANDARD_GRAVITY_M_PER_S2 = 9.80665;
/// Stefan–Boltzmann constant, W/(m²·K⁴) (CODATA 2018; exact since the 2019 SI).
inline constexpr double STEFAN_BOLTZMANN_W_PER_M2K4 = 5.670374419e-8;

// ---------------------------------------------------------------- time and energy units
inline constexpr double SECONDS_PER_HOUR = 3600.0;
inline constexpr double HOURS_PER_DAY = 24.0;
inline constexpr double SECONDS_PER_DAY = 86400.0;
/// Wh per kWh (and kWh per MWh).
inline constexpr double WH_PER_KWH = 1000.0;
/// J per kWh: 1 kWh = 3.6 MJ.
inline constexpr double J_PER_KWH = 3.6e6;

// ---------------------------------------------------------------- fixed by a standard
/// Heat capacity of air per volume, Wh/(m³·K): ρ·c = 0.34 (EN ISO 13790:2008 9.3; DIN V 18599-2;
/// TABULA). In J/(m³·K) that is 0.34 × 3600 = 1224.
inline constexpr double AIR_HEAT_CAPACITY_WH_PER_M3K = 0.34;
inline constexpr double AIR_HEAT_CAPACITY_J_PER_M3K = 1224.0;
/// Specific heat capacity of water used for network heat ↔ volume conversions, kJ/(kg·K)
/// (4.187 at ≈ 20 °C; VDI 2067 / AGFW FW 308 round to it), and its density, kg/m³ (round figure
/// the same rules use).
inline constexpr double WATER_HEAT_CAPACITY_KJ_PER_KGK = 4.187;
inline constexpr double WATER_DENSITY_KG_PER_M3 = 1000.0;

}  // namespace heattwin::twin
