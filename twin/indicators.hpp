#pragma once
/// \file The heat-plan indicators that more than one output prints, defined once (issue 15): the
/// run summary on stdout, `heattwin run --json`, the results file (/results/<s>/<y>/indicators) and
/// the HTML report all call these functions, so the same results give the same numbers everywhere.
///
/// - **Heat demand** = space heating need + domestic hot water need (useful heat, MWh/a), on the
///   run's demand basis (heat_basis_columns(): the expected consumption by default, issue 23).
/// - **Specific demand** = heat demand / heated floor area A_N, kWh/(m²·a) (the energy
///   certificate's reference area; DOMAIN.md's 150–250 kWh/(m²·a) for unrefurbished stock are of
///   this kind). Space heating alone is not called "specific demand" anywhere.
/// - **Peak load** = the largest hourly mean of space heating + hot water summed over all computed
///   buildings, MW (no simultaneity factor: the buildings' own hourly series are summed). Only the
///   hourly method has one.
/// - **Full-load hours** = annual sum of the hourly load / peak load, h/a.
/// - **Final energy** = Σ final energy over the carriers, ambient heat included (as the results'
///   `final_energy/mwh` and `heattwin compare`'s `final_energy_mwh_per_a`).
/// - **Renewable share** = final energy of biomass, ambient heat, solar thermal and waste heat /
///   final energy (WPG §3 (1) Nr. 15 counts these as renewable or unavoidable waste heat);
///   electricity and district heat count 0 because the results do not split their generation mix
///   (conservative).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <string_view>

namespace heattwin::twin {

/// Heat demand (useful heat), MWh/a: space heating + hot water (a non-finite part counts 0).
inline double heat_demand_mwh(double space_heating_mwh, double hot_water_mwh) {
  return (std::isfinite(space_heating_mwh) ? space_heating_mwh : 0.0) +
         (std::isfinite(hot_water_mwh) ? hot_water_mwh : 0.0);
}

/// Specific demand, kWh/(m²·a) = 1000 × heat_demand_mwh / heated floor area; NaN without floor area.
inline double specific_demand_kwh_per_m2a(double space_heating_mwh, double hot_water_mwh, double heated_floor_area_m2) {
  return heated_floor_area_m2 > 0.0 ? 1000.0 * heat_demand_mwh(space_heating_mwh, hot_water_mwh) / heated_floor_area_m2
                                    : std::numeric_limits<double>::quiet_NaN();
}

/// The per-building heat a run's annual indicators use, by the run's demand basis (issue 23,
/// docs/DEMAND.md "Standard demand and expected consumption"): the results' buildings columns of
/// space heating and hot water, kWh/a.
struct HeatBasisColumns {
  std::string_view heating;    ///< "annual_heating_kwh" or "expected_heating_kwh"
  std::string_view hot_water;  ///< "annual_hot_water_kwh" or "expected_hot_water_kwh"
};

/// The buildings columns of `demand_basis` (the year group's `demand_basis` attribute):
/// "expected_consumption" → the expected consumption; anything else ("standard_demand", or empty
/// for results written before the attribute existed) → the standard demand. Heat plans, networks
/// and CO2 use the same basis, so the compare table, the maps and the run agree on one figure.
inline HeatBasisColumns heat_basis_columns(std::string_view demand_basis) {
  if (demand_basis == "expected_consumption") return {"expected_heating_kwh", "expected_hot_water_kwh"};
  return {"annual_heating_kwh", "annual_hot_water_kwh"};
}

/// Peak load, MW: the largest hour of `hourly_heat_w[h]` (space heating + hot water of all
/// buildings, W mean over the hour); NaN for an empty series. O(hours).
inline double peak_load_mw(std::span<const double> hourly_heat_w) {
  if (hourly_heat_w.empty()) return std::numeric_limits<double>::quiet_NaN();
  double peak = 0.0;
  for (const double w : hourly_heat_w) peak = std::max(peak, std::isfinite(w) ? w : 0.0);
  return peak / 1e6;
}

/// Full-load hours, h/a: Σ hourly load / peak load (0 without a peak). O(hours).
inline double full_load_hours(std::span<const double> hourly_heat_w) {
  const double peak = peak_load_mw(hourly_heat_w);
  if (!(peak > 0.0)) return 0.0;
  double sum_mwh = 0.0;
  for (const double w : hourly_heat_w) sum_mwh += (std::isfinite(w) ? w : 0.0) / 1e6;
  return sum_mwh / peak;
}

/// Carriers (solvers/economics carrier names) counted as renewable or waste heat in renewable_share.
inline bool is_renewable_carrier(std::string_view carrier) {
  return carrier == "biomass" || carrier == "ambient_heat" || carrier == "solar_thermal" || carrier == "waste_heat";
}

/// Final energy, MWh/a: Σ `mwh[k]` (non-finite values count 0). O(carriers).
inline double final_energy_mwh(std::span<const double> mwh) {
  double sum = 0.0;
  for (const double x : mwh) sum += std::isfinite(x) ? x : 0.0;
  return sum;
}

/// Renewable share of final energy (0…1) of `mwh[k]` of carrier `carrier[k]`; NaN without final
/// energy. `carrier` may be longer or shorter than `mwh` (the common prefix counts). O(carriers).
template <class CarrierNames>
double renewable_share(const CarrierNames& carrier, std::span<const double> mwh) {
  double renewable = 0.0;
  for (std::size_t k = 0; k < mwh.size() && k < std::size(carrier); ++k) {
    if (std::isfinite(mwh[k]) && is_renewable_carrier(carrier[k])) renewable += mwh[k];
  }
  const double total = final_energy_mwh(mwh);
  return total > 0.0 ? renewable / total : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace heattwin::twin
