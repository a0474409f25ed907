#pragma once
/// \file The `[network]` section of a `heattwin run` scenario (docs/NETWORKS.md): design a
/// district-heating network for the densest area of the twin (or take a network stored in the
/// twin), drive it hour by hour with the consumers' demand from the 5R1C kernel and hot water,
/// and write /results/<scenario>/<year>/network/{networks,pipes,junctions,consumers}.
///
///     [network]
///     design = "densest-area"          # or leave out and name a network of the twin with `name`;
///                                      # "per-municipality": one per municipality (municipal_networks.hpp)
///     min_densest_cell_mwh_per_ha = 175.0      # per-municipality: the densest cell a design needs
///     name = "densest_area"            # network name in the twin (stored there by a design)
///     radius_m = 250.0                 # buildings within this distance of the densest cell's centre
///     max_buildings = 2000             # the nearest ones when more are in the radius
///     min_heat_line_density_mwh_per_ma = 0.0   # prune consumers whose own route carries less
///     t_supply_c = 80.0                # plant supply temperature
///     t_return_c = 50.0                # consumers' return temperature
///     min_supply_c = 60.0              # consumers' minimum supply temperature (hours below counted)
///     simultaneity = true              # Winter et al. (2001) factor on the design loads
///     design_load = "simultaneity"     # or "coincident": the largest hourly sum downstream
///     max_pressure_gradient_pa_per_m = 150.0
///     max_velocity_m_per_s = 2.0
///     plant_pressure_bar = 6.0         # gauge pressure at the plant's supply side
///     pump_efficiency = 0.7
///     store_in_twin = false            # true: also write the designed network into the twin file
///     simulate_every_year = true       # heat plans: false dispatches the base year's series every year
///     [network.plants.<id>] …          # plant portfolio, [network.storage], [network.economics],
///                                      # [network.costs.<technology>]: scenarios/network_supply.hpp

#include "scenarios/network_connection.hpp"
#include "scenarios/network_operation.hpp"
#include "scenarios/network_supply.hpp"
#include "solvers/demand/stock_model.hpp"
#include "solvers/demand/weather.hpp"
#include "solvers/network/network_design.hpp"
#include "twin/h5.hpp"
#include "twin/twin.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace heattwin::scenarios {

/// The `[network]` section, parsed and checked (immutable after load).
struct NetworkScenario {
  bool enabled = false;  ///< the scenario has a [network] section
  std::string design;    ///< "densest-area", or empty: simulate the twin's network `name`
  std::string name = "densest_area";
  double radius_m = 250.0;
  std::size_t max_buildings = 2000;
  double min_heat_line_density_mwh_per_ma = 0.0;
  double t_supply_c = 80.0;
  double t_return_c = 50.0;
  double min_supply_c = 60.0;
  bool simultaneity = true;
  bool coincident_design_load = false;  ///< design_load = "coincident"
  double max_pressure_gradient_pa_per_m = 150.0;
  double max_velocity_m_per_s = 2.0;
  double plant_pressure_bar = 6.0;
  double pump_efficiency = 0.7;
  /// Also write the designed network into the input twin file (rewriting an input: off by default;
  /// export, report and the maps read the network from the results file, /networks/<scenario>).
  bool store_in_twin = false;
  /// Heat plans: simulate the network in every year with that year's demand (true), or dispatch
  /// the base year's simulated series in every year (false: faster, ignores refurbishment).
  bool simulate_every_year = true;
  /// design = "per-municipality" (scenarios/municipal_networks.hpp): one densest-area design in
  /// each municipality whose densest cell has at least `min_densest_cell_mwh_per_ha`; `design`
  /// is then "densest-area" (the rule each municipality's design follows).
  bool per_municipality = false;
  double min_densest_cell_mwh_per_ha = 175.0;
  /// `[network.plants.<id>]`, `[network.storage]`, `[network.economics]`, `[network.costs.<t>]`
  /// (scenarios/network_supply.hpp); without plants the default portfolio.
  NetworkSupplyConfig supply = default_network_supply();
  /// Supply-temperature curve and end bypasses (scenarios/network_operation.hpp).
  NetworkOperation operation;
  /// Connection over time (scenarios/network_connection.hpp): the share of the designed
  /// consumers connected in each year.
  NetworkConnection connection;
  /// The share connected in the year being simulated, set per year by the network stage from
  /// `connection` (1: every consumer; < 1: the first of the connection order and their pipes).
  double connected_share = 1.0;
  /// Feed-in plants of the year being simulated (scenarios/network_plants.hpp; set per year by
  /// the network stage for the second pass of a year with located plants; empty: one plant).
  std::vector<NetworkFeedInPlan> feed_ins;
};

/// What the demand run hands to the network step (borrowed; valid during run_network).
struct NetworkDemandInputs {
  const solvers::demand::StockModel& model;                         ///< zones of the demand run
  const std::vector<double>& annual_heating_kwh;                    ///< per zone of `model`
  const std::vector<double>& annual_hot_water_kwh;                  ///< per zone; NaN where not computed
  const std::array<std::array<double, 24>, 2>& hot_water_profiles;  ///< single-/multi-family day shares
  const solvers::demand::Rc5Climate& climate;
  const solvers::demand::HourlyWeather& weather;
  const solvers::demand::StockModelSettings& settings;
  /// Per zone: the factor the simulated hourly space heating is scaled by (the run's expected
  /// consumption over standard demand, docs/DEMAND.md); empty = 1 (the standard demand).
  const std::vector<double>& heating_factor;
};

/// Figures of the network step for the run summary.
struct NetworkSummary {
  std::string name;
  std::string routing;  ///< "streets" or "spanning tree (no streets in the twin)" or "from the twin"
  bool designed = false;
  std::string densest_cell;  ///< INSPIRE id of the densest cell (design)
  double densest_cell_mwh_per_ha = 0.0;
  std::size_t candidates = 0;  ///< buildings in the area
  std::size_t consumers = 0;
  std::size_t consumers_pruned = 0;
  std::size_t consumers_without_demand = 0;
  std::size_t pipes = 0, junctions = 0;
  double route_length_m = 0.0, street_length_m = 0.0, house_connection_length_m = 0.0;
  double heat_line_density_mwh_per_ma = 0.0;
  std::size_t undersized_pipes = 0;
  double plant_heat_mwh = 0.0, delivered_mwh = 0.0, heat_loss_mwh = 0.0, heat_loss_share = 0.0;
  double pump_energy_mwh = 0.0, peak_plant_heat_kw = 0.0, energy_balance_error_mwh = 0.0;
  double max_velocity_m_per_s = 0.0;
  std::size_t unconverged_hours = 0;
  std::size_t consumer_hours_below_min_supply = 0;
  /// Pipes whose velocity / specific pressure drop exceeded the design limit in some hour of the
  /// year (ids; issue 21 §2: named in the run's warnings).
  std::vector<std::string> pipes_above_velocity_limit, pipes_above_pressure_gradient_limit;
  double max_pressure_gradient_pa_per_m = 0.0;        ///< largest specific friction pressure drop of the year
  double max_pressure_gradient_limit_pa_per_m = 0.0;  ///< [network] max_pressure_gradient_pa_per_m
  double bypass_return_heat_mwh = 0.0;                ///< end bypasses: heat returned unused (min_end_flow_kg_per_s)
  /// Connection over time: the consumers of the network as designed (all of them), and the share
  /// of them connected (and simulated) in this year (1 without [network] connection_*).
  std::size_t consumers_designed = 0;
  double connected_share = 1.0;
  /// Pump sizing from the year (solvers/network/pump_sizing.hpp): friction drop along the critical
  /// path (supply + return) and pump head at the design load (the hour of the peak plant heat),
  /// bar and m; electric pump power then and the largest of the year, kW.
  double critical_path_pressure_drop_bar = 0.0, pump_head_bar = 0.0, pump_head_m = 0.0;
  double design_pump_power_kw = 0.0, max_pump_power_kw = 0.0;
  bool stored_in_twin = false;
  double seconds = 0.0;
  /// Designed pipes enlarged because the feed-in plants drove them above a design limit
  /// (scenarios/network_plants.hpp; the enlarged sizes are in the twin in memory, not in its file).
  std::size_t pipes_upsized_for_feed_ins = 0;
};

/// The network step's results, ready for the results file.
struct NetworkRun {
  NetworkSummary summary;
  std::uint32_t network_index = 0;
  std::vector<std::uint32_t> junction_twin_index, pipe_twin_index, consumer_twin_index, consumer_building;
  std::vector<std::string> junction_id, pipe_id, consumer_id;
  std::vector<double> pipe_length_m, pipe_inner_diameter_m, pipe_dn, pipe_heat_line_density_mwh_per_ma;
  solvers::network::DhSeriesResult series;
  std::vector<double> consumer_design_heat_kw;
  /// Largest hourly heat (space + hot water) of each consumer's building in this run (0 without a
  /// computed building): the connected load of consumers without a design heat (imported networks).
  std::vector<double> consumer_peak_heat_kw;
  /// Connection pipes of the located plants (length, inner diameter; priced with the network's
  /// pipes, not simulated: the plants feed at their junctions) and the feed-in plants' ids.
  std::vector<double> connection_pipe_length_m, connection_pipe_inner_diameter_m;
  std::vector<std::string> feed_in_id;
};

/// Designs (or takes from `twin`) the scenario's network, stores a design in `twin.networks`
/// (and, with store_in_twin, in the twin file `twin_path`; only its networks change), and
/// simulates the year. Throws InputError for a network that cannot be built (naming it) and
/// when the demand run was not hourly.
NetworkRun run_network(const NetworkScenario& scenario, twin::Twin& twin, const std::string& twin_path,
                       const NetworkDemandInputs& inputs);

/// run_network without the twin file: designs into (or takes from) `networks` and reads the
/// buildings, grid and streets of `twin` (`networks` may be `twin.networks`, or a set of the
/// caller's own, so that several areas can be designed at the same time on different threads:
/// nothing else is written). `zone_in_area` (per zone of `inputs.model`; empty = all) limits a
/// design to those zones: the densest cell and the buildings within the radius are taken among
/// them. Does not store anything in the twin file (`summary.stored_in_twin` stays false).
NetworkRun run_network_in(const NetworkScenario& scenario, const twin::Twin& twin, twin::NetworkSet& networks,
                          const std::string& twin_path, const NetworkDemandInputs& inputs,
                          std::span<const std::uint8_t> zone_in_area = {});

/// The network's supply in `year`: the scenario's plant portfolio dispatched against the run's
/// hourly plant heat with the prices and CO2 factors of `year`, and the VDI 2067 LCOH of the
/// network (pipes priced by DN, house connections, plants, store, energy, pumps). Sizes given as
/// shares refer to `design_peak_kw` (the base year's peak plant heat: plants are built once).
/// `weather` gives the heat pumps' outdoor air and the solar irradiance. O(hours × plants).
NetworkSupplyYear evaluate_network_year(const NetworkScenario& scenario, const NetworkRun& run,
                                        const solvers::economics::TechnologyCatalogue& catalogue,
                                        const solvers::economics::CarrierData& carriers,
                                        const solvers::demand::HourlyWeather& weather, double design_peak_kw, int year);

/// Figures of one year's network supply for the run summary.
struct NetworkYearSummary {
  double renewable_share = 0.0, wpg_target_share = 0.0;
  bool meets_wpg_target = false;
  double plant_heat_mwh = 0.0, heat_sold_mwh = 0.0, unmet_mwh = 0.0;
  double lcoh_eur_per_mwh = 0.0, co2_t = 0.0, co2_g_per_kwh = 0.0;
  std::vector<std::pair<std::string, double>> plant_heat_mwh_by_plant;  ///< in portfolio order
  /// Each plant with its site and source (scenarios/network_plants.hpp), and the point potentials
  /// near the network with the reason when it does not draw on them (empty: none in the layer).
  std::vector<NetworkPlantYear> plants;
  std::vector<NetworkPotentialPlant> potential_plants;
  /// The simulated network of the year (filled by network_year_summary(const NetworkYear&),
  /// scenarios/network_stage.hpp; left at these values for per-municipality networks).
  bool has_run = false;
  double connected_share = 1.0;
  std::size_t consumers = 0, consumers_designed = 0, pipes = 0;
  double route_length_m = 0.0, delivered_mwh = 0.0, heat_loss_mwh = 0.0, heat_loss_share = 0.0;
  double pump_energy_mwh = 0.0, bypass_return_heat_mwh = 0.0, peak_plant_heat_kw = 0.0;
  double critical_path_pressure_drop_bar = 0.0, pump_head_bar = 0.0, pump_head_m = 0.0;
  double design_pump_power_kw = 0.0, max_pump_power_kw = 0.0;
  /// Investment (€) of plants, store, pipes and house connections as built by the year, and the
  /// part added since the previous year of the plan.
  double investment_eur = 0.0, investment_in_period_eur = 0.0;
};
/// The summary figures of a year's supply. O(plants).
NetworkYearSummary network_year_summary(const NetworkSupplyYear& supply);

/// Writes /…/<year>/network/{networks,pipes,junctions,consumers} and, with `supply`,
/// /…/<year>/network/{plants,supply,economics} (docs/results-schema.md).
void write_network_results(const h5::Group& year_group, const NetworkRun& run, const twin::Twin& twin,
                           const NetworkSupplyYear* supply = nullptr);

}  // namespace heattwin::scenarios
