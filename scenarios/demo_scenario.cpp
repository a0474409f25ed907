#include "scenarios/demo_scenario.hpp"

#include <fmt/format.h>

#include <filesystem>

namespace heattwin::scenarios {

std::string demo_scenario_toml(const std::string& scenario_path, const std::string& data_dir) {
  const std::string weather =
      std::filesystem::absolute(data_dir + "/weather/TRY2010_04_Jahr.dat").lexically_normal().string();
  const std::string potentials =
      std::filesystem::absolute(data_dir + "/sample/goerlitz_potentials.geojson").lexically_normal().string();
  return fmt::format(
      R"(# Written by `heattwin demo`: the heat demand of the demo twin, as data/scenarios/demo_demand.toml.
# Re-run with `heattwin run {}`. Paths are relative to this file.
[run]
name = "demo"
year = 2025
twin = "twin.h5"
weather = "{}"
out = "results.h5"

# Heat potentials (docs/POTENTIALS.md; illustrative, data/PROVENANCE.md): the waste-heat point WH-2
# (95 °C) and the waste-water pumping station WW-2 (14 °C) next to the network become its feed-in
# plants (docs/NETWORKS.md, "Several plants and feed-in points"); the biomass caps the buildings'.
[data]
potentials = "{}"

[typology]
refurbishment_state = "existing"

[demand]
heating_setpoint_c = 20.0
night_setback_c = 18.0
cooling = false

# A district-heating network for the densest area (docs/NETWORKS.md): designed, sized, stored in
# the twin and simulated hour by hour. The sample has no streets: the tree spans the buildings.
[network]
design = "densest-area"
name = "densest_area"
radius_m = 150.0
t_supply_c = 80.0
t_return_c = 50.0
min_heat_line_density_mwh_per_ma = 0.7   # below ≈ 0.7 MWh/(m·a) a connection does not pay (rule of thumb, docs/NETWORKS.md)
# Designs an engineer would sign (issue 21 §2–3, docs/NETWORKS.md): pipes sized for the simulated
# hourly peaks, the plant following an outdoor-temperature curve (80 °C in winter, 70 °C from
# 15 °C outdoors) and 0.02 kg/s circulating through the end consumers in low-load hours.
design_load = "coincident"
supply_curve_min_c = 70.0
min_end_flow_kg_per_s = 0.02
# Point potentials within 250 m of a junction become plants (WH-1, 320 m away, is listed as too far).
feed_in_max_distance_m = 250.0

# Roof solar potential of the base year (docs/DEMAND.md; off by default for its cost).
[solar]
roofs = true
)",
      scenario_path, weather, potentials);
}

}  // namespace heattwin::scenarios
