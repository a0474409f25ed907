#pragma once
/// \file ASHRAE Standard 140 / BESTEST building-fabric cases through the 5R1C model.
///
/// One harness builds any single-zone case of a cases.json in the layout of
/// data/reference/bestest/SPEC.md from its description (geometry, layered constructions,
/// windows with per-pane glazing data, overhangs, thermostat, gains, infiltration, scheduled
/// ventilation) and the spec version's weather file, and runs it through the same 5R1C kernel as
/// the state's buildings. A case the model cannot represent (e.g. two zones) is refused with an
/// InputError that says why.
#include <filesystem>
#include <string>
#include <vector>

namespace heattwin::solvers::demand {

/// Derived model parameters, reported with the results for cross-checks.
struct BestestModelSummary {
  double floor_area_m2 = 0.0;
  double opaque_h_w_per_k = 0.0;
  double window_h_w_per_k = 0.0;
  double ventilation_h_w_per_k = 0.0;
  double heat_capacity_j_per_k = 0.0;
  double effective_mass_area_m2 = 0.0;
  double window_normal_gain_factor = 0.0;  ///< g at normal incidence
  double annual_window_solar_gain_kwh = 0.0;
};

struct BestestResult {
  std::string case_id;
  std::string spec;
  std::string weather_file;
  bool free_floating = false;
  double annual_heating_mwh = 0.0;
  double annual_cooling_mwh = 0.0;
  double peak_heating_kw = 0.0;
  double peak_cooling_kw = 0.0;
  double min_air_c = 0.0, mean_air_c = 0.0, max_air_c = 0.0;
  BestestModelSummary model;
};

/// The spec version used when none is given: the one whose reference ranges pair with DRYCOLD.
inline constexpr const char* DEFAULT_BESTEST_SPEC = "ashrae140_2014_drycold";

/// Runs one case. Throws InputError naming the file and key for missing or invalid data, and
/// for cases the single-zone model cannot represent.
BestestResult run_bestest_case(const std::filesystem::path& cases_json, const std::string& case_id,
                               const std::string& spec = DEFAULT_BESTEST_SPEC);

/// Case ids of a cases.json, in file order.
std::vector<std::string> bestest_case_ids(const std::filesystem::path& cases_json);

}  // namespace heattwin::solvers::demand
