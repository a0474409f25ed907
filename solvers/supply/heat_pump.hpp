#pragma once
/// \file Heat pump COP from source and sink temperatures: a share of the Carnot COP between the
/// evaporating and condensing temperatures, with an EN 14825-style part-load degradation.
///
///   T_cond = t_sink + ΔT_cond,   T_evap = t_source − ΔT_evap   (K)
///   COP_full = η_C · T_cond / max(T_cond − T_evap, lift_min)
///   COP(PLR) = COP_full · CR / (C_d · CR + 1 − C_d),  CR = min(1, PLR / modulation_min)
/// The last line is the cycling loss of EN 14825 applied below the lowest compressor
/// modulation (an inverter unit modulates down to `min_modulation` without cycling).

#include "solvers/economics/technology.hpp"

#include <string_view>

namespace heattwin::solvers::supply {

/// Parameters of the COP model; defaults as the catalogue's air_heat_pump (see
/// data/technology/technology_defaults.csv for sources).
struct HeatPumpModel {
  double carnot_share = 0.45;          ///< η_C, share of the Carnot COP, (0, 1]
  double condenser_approach_k = 5.0;   ///< ΔT_cond: condensing above the sink outlet (K)
  double evaporator_approach_k = 8.0;  ///< ΔT_evap: evaporating below the source (K)
  double min_lift_k = 15.0;            ///< lower bound of the lift: keeps the Carnot term finite (K)
  double part_load_degradation = 0.9;  ///< C_d of EN 14825 (0 … 1)
  double min_modulation = 0.3;         ///< lowest modulation without cycling (0 … 1]

  /// The model of a catalogue technology (carnot_share, condenser_approach_k,
  /// evaporator_approach_k, part_load_degradation, min_modulation; missing ones keep the
  /// defaults above). Throws InputError if the technology is unknown.
  static HeatPumpModel from_catalogue(const economics::TechnologyCatalogue& catalogue, std::string_view technology);
};

/// COP at full load for a source temperature (air, brine or water entering the evaporator, °C)
/// and a sink temperature (water leaving the condenser, °C). Throws InputError for a sink
/// temperature not above the source temperature or outside −40 … 120 °C. O(1).
double heat_pump_cop(const HeatPumpModel& model, double source_t_c, double sink_t_c);
/// COP at a part-load ratio PLR in (0, 1] (heat delivered / capacity at that hour). O(1).
double heat_pump_cop(const HeatPumpModel& model, double source_t_c, double sink_t_c, double part_load_ratio);

}  // namespace heattwin::solvers::supply
