#pragma once
/// \file The heat potentials of a run (`[data] potentials`, docs/POTENTIALS.md): the layer read
/// into the twin's CRS, the caps the supply step takes from it, and what the run used of each kind
/// per year (results group `<year>/potentials`, docs/results-schema.md).
///
/// What the run draws on today: **biomass** — the layer's Σ biomass replaces `[supply]
/// biomass_potential_mwh_per_a` as the cap of the individual supply's biomass (the run moves new
/// systems off biomass above it and warns, BIOMASS_POTENTIAL_EXCEEDED); **ground_source** — each
/// area caps the ambient heat of the ground heat pumps in the 100 m cells it reaches (a cell holding
/// a computed building within GROUND_SOURCE_REACH_M of the area; the first such area in file order
/// serves the cell); new ground heat pumps above it move to their next-cheapest option, counted.
/// The other kinds (waste heat, waste water, surface water, solar-thermal land) are read, checked,
/// reported and written with their capacity; their use is written as NaN ("not drawn on by the
/// model"): no individual system draws on them, and network plants fed from them are the network's.

#include "solvers/supply/individual.hpp"
#include "twin/h5.hpp"
#include "twin/potential_layer.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace heattwin::twin {
struct Twin;
}

namespace heattwin::scenarios {

/// `[data]` keys of the potentials (all optional).
struct PotentialSettings {
  std::string path;   ///< [data] potentials: GIS vector file (docs/POTENTIALS.md)
  std::string layer;  ///< [data] potentials_layer (default: the first layer)
  /// [data] potentials_ground_source_yield_kwh_per_m2a / potentials_solar_thermal_yield_kwh_per_m2a:
  /// yields for land areas without capacity_mwh_per_a (no default: the planner states them).
  twin::PotentialAreaYields yields;
  /// Cited default yields per m² of land (data/potentials/area_yields.csv; empty: none), used for
  /// areas without capacity, own yield or scenario yield, and counted.
  std::string default_yields_csv;
};

/// How far (m) a ground-source area reaches: a 100 m cell holding a computed building this close
/// to the area (or inside it) draws on it — one census cell.
inline constexpr double GROUND_SOURCE_REACH_M = 100.0;

/// The input file by role ("potentials"), for the run's /meta.
std::vector<std::pair<std::string, std::string>> potential_inputs(const PotentialSettings& settings);

/// Per kind (twin::PotentialKind order): Σ capacity and what a year used (NaN: not drawn on), new
/// systems moved to their next-cheapest option by the kind's cap and what kept systems still need
/// above it; per feature what the year used (NaN: not drawn on).
struct PotentialUse {
  int year = 0;
  std::array<double, twin::POTENTIAL_KIND_COUNT> potential_mwh_per_a{};
  std::array<double, twin::POTENTIAL_KIND_COUNT> used_mwh_per_a{};
  std::array<std::size_t, twin::POTENTIAL_KIND_COUNT> switched_buildings{};
  std::array<double, twin::POTENTIAL_KIND_COUNT> above_potential_mwh{};
  std::vector<double> feature_used_mwh_per_a;
  /// Areas whose capacity is area × the cited default yield (data/potentials/area_yields.csv).
  std::array<std::size_t, twin::POTENTIAL_KIND_COUNT> features_from_default_yield{};
};

/// The potentials of a run.
class RunPotentials {
 public:
  /// No layer.
  RunPotentials() = default;
  /// Reads the layer of `settings` (nothing without a path). Throws InputError (twin/potential_layer.hpp).
  RunPotentials(const PotentialSettings& settings, const twin::Twin& twin);

  bool empty() const { return set_.size() == 0; }
  const twin::PotentialSet& set() const { return set_; }

  /// The cap of the individual supply's biomass: the layer's Σ biomass if it has biomass
  /// features, else `supply_cap_mwh_per_a` ([supply] biomass_potential_mwh_per_a). Throws
  /// InputError if both give one (`scenario` names the file).
  double biomass_cap_mwh_per_a(double supply_cap_mwh_per_a, const std::string& scenario) const;

  /// The capacities of the layer's ground_source features in file order (the individual supply's
  /// ground-source areas; empty without such features).
  std::vector<double> ground_source_capacities_mwh_per_a() const;

  /// Per computed building (`twin_index` into twin.buildings) the ground-source area it draws on
  /// (index into ground_source_capacities_mwh_per_a) or solvers::supply::NO_POTENTIAL_AREA: the
  /// area of its 100 m cell (the first area, in file order, within GROUND_SOURCE_REACH_M of a
  /// computed building of the cell); a building outside every cell by its own distance. Empty
  /// without ground_source features. O(areas × buildings).
  std::vector<std::uint32_t> ground_source_areas(const twin::Twin& twin,
                                                 std::span<const std::uint32_t> twin_index) const;

  /// A year's use: biomass = the individual supply's biomass final energy
  /// (`final_energy_mwh_by_carrier["biomass"]`, moved and above from `supplied`); ground_source =
  /// the ambient heat of the ground heat pumps drawing on the areas (`supplied`); the other kinds NaN.
  PotentialUse use(int year, const std::map<std::string, double>& final_energy_mwh_by_carrier,
                   const solvers::supply::IndividualResult& supplied) const;

 private:
  twin::PotentialSet set_;
};

/// Writes `<year>/potentials` (the features and the per-kind use; nothing without a layer).
void write_potentials(const h5::Group& year_group, const RunPotentials& potentials, const PotentialUse& use);

/// {"kinds": {kind: {"potential_mwh_per_a", "used_mwh_per_a" (null: not drawn on)}}} of a year.
nlohmann::ordered_json potential_use_json(const PotentialUse& use);

}  // namespace heattwin::scenarios
