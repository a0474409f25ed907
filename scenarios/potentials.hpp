#pragma once
/// \file The heat potentials of a run (`[data] potentials`, docs/POTENTIALS.md): the layer read
/// into the twin's CRS, the caps the supply step takes from it, and what the run used of each kind
/// per year (results group `<year>/potentials`, docs/results-schema.md).
///
/// What the run draws on today: **biomass** — the layer's Σ biomass replaces `[supply]
/// biomass_potential_mwh_per_a` as the cap of the individual supply's biomass (the run moves new
/// systems off biomass above it and warns, BIOMASS_POTENTIAL_EXCEEDED). The other kinds (waste heat,
/// waste water, surface water, ground-source and solar-thermal land) are read, checked, reported
/// and written with their capacity; their use is written as NaN ("not drawn on by the model"):
/// the network plants do not yet take their heat from a listed potential.

#include "twin/h5.hpp"
#include "twin/potential_layer.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <limits>
#include <map>
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
};

/// The input file by role ("potentials"), for the run's /meta.
std::vector<std::pair<std::string, std::string>> potential_inputs(const PotentialSettings& settings);

/// Per kind (twin::PotentialKind order): Σ capacity and what a year used (NaN: not drawn on).
struct PotentialUse {
  int year = 0;
  std::array<double, twin::POTENTIAL_KIND_COUNT> potential_mwh_per_a{};
  std::array<double, twin::POTENTIAL_KIND_COUNT> used_mwh_per_a{};
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

  /// A year's use: biomass = the individual supply's biomass final energy
  /// (`final_energy_mwh_by_carrier["biomass"]`); the other kinds NaN.
  PotentialUse use(int year, const std::map<std::string, double>& final_energy_mwh_by_carrier) const;

 private:
  twin::PotentialSet set_;
};

/// Writes `<year>/potentials` (the features and the per-kind use; nothing without a layer).
void write_potentials(const h5::Group& year_group, const RunPotentials& potentials, const PotentialUse& use);

/// {"kinds": {kind: {"potential_mwh_per_a", "used_mwh_per_a" (null: not drawn on)}}} of a year.
nlohmann::ordered_json potential_use_json(const PotentialUse& use);

}  // namespace heattwin::scenarios
