#pragma once
/// \file Several plants per network with their feed-in points (issue 21 §2) and network plants
/// fed from the planners' potentials (issue 16; docs/NETWORKS.md, "Several plants and feed-in
/// points").
///
///     [network]
///     feed_in_max_distance_m = 1000.0   # located plants farther from the network: error;
///                                       # point potentials farther: not drawn on (listed)
///     potential_plants = true           # point potentials near the network become plants
///     potential_full_load_hours = 4000  # their thermal capacity = annual energy / this
///     potential_min_source_t_c = 2.0    # colder point potentials are not drawn on
///     [network.plants.waste]
///     kind = "waste_heat"
///     capacity_kw = 400.0
///     x = 706500.0                      # feed-in point in the twin's CRS …
///     y = 5753300.0
///     potential = "creamery"            # … or the point of a potentials feature
///     holds_pressure = false            # default: the first plant without a location holds it
///
/// A located plant is connected to the nearest junction of the network (not the plant junction)
/// by a connection pipe sized like the design's pipes for its capacity flow, whose length and
/// cost count with the network's pipes; it feeds at that junction. The year then runs twice: the
/// one-plant simulation gives the load the plants are dispatched against (merit order, each plant
/// within its annual energy cap), and the second simulation feeds each located plant's dispatched
/// heat at its junction (solvers/network/dh_feed_in.hpp), the pressure-holding plant supplying
/// the rest; the year's network figures, the dispatch and the costs are those of the second run.

#include "scenarios/network_run.hpp"
#include "scenarios/network_supply.hpp"
#include "scenarios/potentials.hpp"
#include "solvers/economics/carriers.hpp"
#include "solvers/economics/technology.hpp"
#include "solvers/network/district_heating.hpp"
#include "solvers/network/twin_network.hpp"
#include "twin/h5.hpp"
#include "twin/potential_layer.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace heattwin::scenarios {

/// No twin junction (a plant at the network's plant junction).
inline constexpr std::uint32_t NO_FEED_IN_JUNCTION = std::numeric_limits<std::uint32_t>::max();

/// The feed-ins of `scenario.feed_ins` on `model`: each plan's twin junction as a junction of the
/// model. Throws InputError naming the plant if its junction is not in the simulated network.
std::vector<solvers::network::DhFeedIn> model_feed_ins(const NetworkScenario& scenario,
                                                       const solvers::network::TwinNetworkModel& model);

/// The portfolio of a year with its sites.
struct NetworkPlantSites {
  NetworkSupplyConfig supply;                       ///< the scenario's plants + plants from potentials
  std::vector<NetworkPlantSite> sites;              ///< per plant of supply.plants
  std::vector<std::uint32_t> junction_twin;         ///< per plant: twin junction fed, or NO_FEED_IN_JUNCTION
  std::vector<double> connection_inner_diameter_m;  ///< per plant (0: no connection pipe)
  std::vector<NetworkPotentialPlant> potential_plants;
  bool any_located() const;
};

/// Sites the portfolio of `scenario` on the simulated network `run` (its junctions in `twin`),
/// adds the point potentials of `potentials` (null: none) of kind waste_heat, waste_water and
/// surface_water within feed_in_max_distance_m as plants (at or above t_supply_c: direct waste
/// heat; below: a large heat pump with the potential's temperature as its source; annual cap =
/// the potential's energy, for heat pumps its energy × COP/(COP − 1) at the supply temperature;
/// capacity = cap / potential_full_load_hours) and lists the others with the reason. Throws
/// InputError naming the scenario file, table and id: a plant farther than
/// feed_in_max_distance_m from every junction, a potential that does not exist or is not a point,
/// a potential without temperature or with a negative one for a heat pump. O(plants × junctions).
NetworkPlantSites site_network_plants(const NetworkScenario& scenario, const std::string& scenario_path,
                                      const NetworkRun& run, const twin::Twin& twin,
                                      const twin::PotentialSet* potentials,
                                      const solvers::economics::TechnologyCatalogue& catalogue);

/// What the second pass of a year needs to simulate the network again.
struct NetworkRerun {
  twin::Twin& twin;
  const std::string& twin_path;
  const NetworkDemandInputs& inputs;
};

/// The year's supply with the plants' sites: evaluate_network_year on `run` with the sited
/// portfolio; with located plants, `run` is replaced by the simulation with their dispatched heat
/// fed in (design figures kept) and the supply evaluated again on it. `year_network` is the
/// year's scenario (its design is not repeated). O(one or two network years).
NetworkSupplyYear evaluate_network_with_plants(const NetworkScenario& year_network, const std::string& scenario_path,
                                               NetworkRun& run, const NetworkRerun& rerun,
                                               const twin::PotentialSet* potentials,
                                               const solvers::economics::TechnologyCatalogue& catalogue,
                                               const solvers::economics::CarrierData& carriers,
                                               const solvers::demand::HourlyWeather& weather, double design_peak_kw,
                                               int year);

/// Writes the site columns of `<year>/network/plants` (docs/results-schema.md): potential,
/// potential_kind, annual_cap_mwh, holds_pressure, located, junction_id, connection_length_m,
/// connection_dn, fed_in_mwh.
void write_plant_sites(const h5::Group& plants, const NetworkSupplyYear& year);

/// Writes `<year>/network/potential_plants` (one row per point potential a network could draw
/// on: feature, kind, capacity, temperature, distance, plant, reason; nothing without any).
void write_potential_plants(const h5::Group& network, const NetworkSupplyYear& year);

/// `run --json`'s `years[].network.plants`: per plant id, kind, technology, capacity_kw,
/// heat_mwh, share (of the plants' heat), annual_cap_mwh (null: none), potential and its kind,
/// holds_pressure, junction_id, connection_length_m, fed_in_mwh (null: one-plant year); and
/// `potentials_not_drawn_on`: {feature: reason}.
nlohmann::ordered_json network_plants_json(const NetworkYearSummary& year);

/// Adds what the network's plants of `year` drew on their potentials to `use` (per feature and
/// per kind; NaN becomes 0 where a plant draws): direct waste heat its heat, a heat pump its
/// ambient heat (heat − electricity). `set` is the run's potentials layer. O(plants × features).
void add_network_draws(PotentialUse& use, const twin::PotentialSet& set, const NetworkSupplyYear& year);

}  // namespace heattwin::scenarios
