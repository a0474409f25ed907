#pragma once
/// \file The roof solar potential of a municipality as read from a results file
/// (/results/<scenario>/<base year>/solar, docs/results-schema.md), and its table for the
/// Potenzialanalyse of the heat plan report ("Solarpotenzial Dachflächen").

#include "viz/report.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

namespace heattwin::viz {

/// Sums of one municipality's roofs (the results' base year).
struct MunicipalSolarPotential {
  std::uint64_t buildings = 0;
  double usable_area_m2 = 0.0, pv_peak_kw = 0.0, pv_yield_mwh_per_a = 0.0, solar_thermal_yield_mwh_per_a = 0.0;
  std::string roof_basis;  ///< "lod2", "derived" or "mixed"
  /// Buildings by roof source (files from before the split: lod2 / derived per roof_basis).
  std::uint64_t lod2_roof_buildings = 0, derived_roof_buildings = 0;
  double roof_area_m2 = 0.0;  ///< evaluated roof area (NaN in files from before the split)
  double shading_loss_share = std::numeric_limits<double>::quiet_NaN();  ///< roof-area weighted; NaN if not written
};

/// The potential of municipality `ags` in `scenario`/`year` of the results file; nullopt if the
/// run computed none ([solar] roofs = false, a file from before the step, or no file at the path). Throws InputError
/// naming the file for unreadable results.
std::optional<MunicipalSolarPotential> read_municipal_solar_potential(const std::string& results_path,
                                                                      const std::string& scenario, int year,
                                                                      const std::string& ags);

/// HTML (h3 heading, table, source note) of the roof solar potential of municipality `ags`, in
/// German or English; a one-line note when the run computed none.
std::string solar_potential_table_html(const std::string& results_path, const std::string& scenario, int year,
                                       const std::string& ags, Lang lang);

}  // namespace heattwin::viz
