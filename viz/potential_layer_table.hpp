#pragma once
/// \file The heat potentials of a run's `[data] potentials` layer as read from a results file
/// (/results/<scenario>/<year>/potentials, docs/results-schema.md, docs/POTENTIALS.md), and their
/// table for the Potenzialanalyse of the heat plan report: per kind the potential and what the
/// base and the target year used, and the layer's features.

#include "viz/report.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace heattwin::viz {

/// One year's potentials group.
struct LayerPotentials {
  std::string source;  ///< the layer file the run read
  /// Per kind (waste_heat, waste_water, surface_water, ground_source, solar_thermal, biomass).
  std::vector<std::string> kind;
  std::vector<double> potential_mwh_per_a, used_mwh_per_a;  ///< used: NaN = the model does not draw on it
  /// Per feature of the layer.
  std::vector<std::string> feature_id, feature_kind;
  std::vector<double> feature_capacity_mwh_per_a, feature_temperature_c;
  /// Location (point, or mean vertex of a line or area) in the twin CRS, NaN without geometry;
  /// land area in m² (0: not an area). Empty in files that predate the columns.
  std::vector<double> feature_x_m, feature_y_m, feature_area_m2;
};

/// German or English name of a potential kind ("waste_heat" → "Abwärme (Industrie, Gewerbe)");
/// unknown kinds verbatim.
std::string_view potential_kind_text(std::string_view kind, Lang lang);

/// The potentials of `scenario`/`year`; nullopt when the run had no `[data] potentials` layer (or
/// the file predates it). Throws InputError naming the file for unreadable or inconsistent groups.
std::optional<LayerPotentials> read_layer_potentials(const std::string& results_path, const std::string& scenario,
                                                     int year);

/// HTML (h3 heading, table per kind for `base_year` and `target_year`, table of the features,
/// source note) in German or English; empty when the run had no potentials layer.
std::string potential_layer_table_html(const std::string& results_path, const std::string& scenario, int base_year,
                                       int target_year, Lang lang);

}  // namespace heattwin::viz
