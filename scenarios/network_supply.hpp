#pragma once
/// \file Supply and cost of the `[network]` of a heat plan (docs/NETWORKS.md, "Supply, LCOH and
/// WPG targets"): the plant portfolio dispatched hour by hour (solvers/supply/dispatch) against
/// the simulated plant heat of each target year with that year's prices and CO2 factors; the
/// renewable share against the WPG §29/§31 target of the year; the network's levelised cost of
/// heat by VDI 2067 (solvers/economics/lcoh); and the network inputs of the supply-area
/// classification per 100 m cell.
///
///     [network.plants.hp]              # one table per plant; without any: the default portfolio
///     kind = "heat_pump"               # heat_pump | chp | boiler | solar_thermal | waste_heat
///     technology = "large_heat_pump"   # catalogue row for cost (default by kind and fuel)
///     capacity_share = 0.35            # of the base year's peak plant heat; or capacity_kw
///     source = "outdoor_air"           # heat pumps: "outdoor_air" (hourly) or source_t_c = 12.0
///     [network.plants.peak]
///     kind = "boiler"
///     fuel = "natural_gas"             # carrier (data/technology/prices.csv names)
///     capacity_share = 1.0
///     [network.storage]                # hours_of_peak or capacity_kwh; charge_hours; delta_t_k
///     hours_of_peak = 2.0
///     [network.economics]              # interest_rate, period_a, price_path, operation_eur_per_a,
///     interest_rate = 0.03             # chp_electricity_value_eur_per_mwh, connection_rate
///     [network.costs.pipe_dn100]       # overrides of data/technology/technology_defaults.csv
///     capex_eur_per_m = 1100.0

#include "solvers/economics/annuity.hpp"
#include "solvers/economics/carriers.hpp"
#include "solvers/economics/lcoh.hpp"
#include "solvers/economics/technology.hpp"
#include "solvers/supply/dispatch.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace heattwin::twin {
struct Twin;
}
namespace heattwin::solvers::network {
struct DhSeriesResult;
}

namespace heattwin::scenarios {

/// One plant of the `[network.plants.<id>]` tables, as parsed (sizes resolved per run).
struct NetworkPlantConfig {
  std::string id;
  solvers::supply::PlantKind kind = solvers::supply::PlantKind::boiler;
  std::string technology;  ///< catalogue technology for cost and efficiencies
  solvers::economics::Carrier fuel = solvers::economics::Carrier::natural_gas;
  /// Size: capacity_kw, or capacity_share × the base year's peak plant heat (kW); solar thermal
  /// by area_m2 (capacity = area × eta0 × 1 kW/m²).
  double capacity_kw = std::numeric_limits<double>::quiet_NaN();
  double capacity_share = std::numeric_limits<double>::quiet_NaN();
  double area_m2 = std::numeric_limits<double>::quiet_NaN();
  double efficiency = std::numeric_limits<double>::quiet_NaN();           ///< NaN: the catalogue's
  double electric_efficiency = std::numeric_limits<double>::quiet_NaN();  ///< NaN: the catalogue's
  double renewable_share = std::numeric_limits<double>::quiet_NaN();      ///< NaN: by fuel (biomass 1, else 0)
  bool source_outdoor_air = true;  ///< heat pumps: hourly outdoor air; else source_t_c
  double source_t_c = std::numeric_limits<double>::quiet_NaN();
  double available_share = 1.0;  ///< waste heat: constant availability as a share of the capacity
  double collector_t_c =
      std::numeric_limits<double>::quiet_NaN();  ///< solar: mean collector temperature (NaN: (supply+return)/2)
  std::optional<bool> charges_storage;           ///< default: true for heat pumps, solar, waste heat
  double variable_cost_eur_per_mwh = 0.0;
  std::size_t line = 0;  ///< line of its table in the scenario file (0: a default)
  /// Feed-in point (scenarios/network_plants.hpp): `x`, `y` in the twin's CRS, or the point of
  /// the potentials feature `potential`; NaN and empty: the plant stands at the network's plant
  /// junction. `holds_pressure`: this plant holds pressure and supply temperature (default: the
  /// first plant without a location).
  double x_m = std::numeric_limits<double>::quiet_NaN();
  double y_m = std::numeric_limits<double>::quiet_NaN();
  std::string potential;
  std::optional<bool> holds_pressure;
  /// Most heat per year (MWh): the annual energy of the plant's potential (infinite: no cap).
  double annual_cap_mwh = std::numeric_limits<double>::infinity();
  std::string source_kind;  ///< kind of the plant's potential (twin::potential_kind_name); empty: none
  double potential_temperature_c = std::numeric_limits<double>::quiet_NaN();
  bool from_potential_candidate = false;  ///< added from [data] potentials, not from the scenario
};

/// Where a plant of the year feeds and what the hydraulics gave it (scenarios/network_plants.hpp).
struct NetworkPlantSite {
  bool located = false;                   ///< fed in at `junction_id` (else: at the network's plant junction)
  bool holds_pressure = false;            ///< holds pressure and supply temperature
  std::string potential, potential_kind;  ///< source feature and its kind (empty: none)
  double potential_capacity_mwh_per_a = std::numeric_limits<double>::quiet_NaN();
  double potential_temperature_c = std::numeric_limits<double>::quiet_NaN();
  double x_m = std::numeric_limits<double>::quiet_NaN(), y_m = std::numeric_limits<double>::quiet_NaN();
  std::string junction_id;           ///< network junction it feeds (located plants)
  double connection_length_m = 0.0;  ///< connection pipe plant → junction (priced with the network's pipes)
  int connection_dn = 0;             ///< EN 253 DN of the connection pipe at the plant's capacity flow
  /// Heat the year's hydraulic simulation fed in at the plant's junction (located plants), or
  /// the pressure-holding plant's part (plant heat − feed-ins); NaN: not simulated.
  double fed_in_mwh = std::numeric_limits<double>::quiet_NaN();
};

/// A point potential a network could draw on, and whether it does (scenarios/network_plants.hpp).
struct NetworkPotentialPlant {
  std::string feature, kind;
  double capacity_mwh_per_a = 0.0, temperature_c = 0.0, distance_m = 0.0;
  std::string plant;   ///< plant id in the portfolio (empty: not a plant)
  std::string reason;  ///< why not drawn on (empty: drawn on)
};

/// A feed-in plant of one simulated year (set by scenarios/network_plants.cpp for the second pass
/// of the network's year): its heat per hour at a junction of the twin's network.
struct NetworkFeedInPlan {
  std::string id;
  std::uint32_t junction_twin = 0;  ///< index into twin.networks.junctions
  std::vector<double> heat_kw;
};

/// `[network.storage]`: one heat store.
struct NetworkStorageConfig {
  bool enabled = false;
  double capacity_kwh = std::numeric_limits<double>::quiet_NaN();  ///< or hours_of_peak × peak plant heat
  double hours_of_peak = std::numeric_limits<double>::quiet_NaN();
  double delta_t_k = std::numeric_limits<double>::quiet_NaN();  ///< NaN: t_supply − t_return (volume for cost)
  double charge_hours = 4.0;  ///< max charge = max discharge = capacity / charge_hours
  double standing_loss_per_h = std::numeric_limits<double>::quiet_NaN();  ///< NaN: the catalogue's
};

/// A catalogue value the scenario overrides (`[network.costs.<technology>] <parameter> = v`).
struct NetworkCostOverride {
  std::string technology, parameter;
  double value = 0.0;
  std::size_t line = 0;
};

/// `[network.economics]`.
struct NetworkEconomicsConfig {
  solvers::economics::AnnuityParameters annuity;     ///< interest_rate, period_a (defaults 3 %, 20 a)
  bool price_path = false;                           ///< levelised prices of the path from the year on
  double operation_eur_per_a = 0.0;                  ///< staff, metering, administration (first year)
  double chp_electricity_value_eur_per_mwh = 100.0;  ///< HeatTwin assumption (wholesale level)
  /// Share of a cell's buildings (and demand) assumed to connect in the estimate of cells the
  /// designed network does not serve (HeatTwin assumption, see docs/NETWORKS.md).
  double connection_rate = 0.6;
};

/// The supply part of the `[network]` section.
struct NetworkSupplyConfig {
  std::vector<NetworkPlantConfig> plants;  ///< empty after parsing: the default portfolio applies
  bool default_portfolio = true;
  NetworkStorageConfig storage;
  NetworkEconomicsConfig economics;
  std::vector<NetworkCostOverride> costs;
  /// Feed-in plants and plants from potentials (scenarios/network_plants.hpp): located plants
  /// farther than this from the network are an error, point potentials farther are not drawn on.
  double feed_in_max_distance_m = 1000.0;
  bool potential_plants = true;               ///< [network] potential_plants: point potentials become plants
  double potential_full_load_hours = 4000.0;  ///< thermal capacity of a potential plant = annual energy / this
  double potential_min_source_t_c = 2.0;      ///< colder point potentials are not drawn on (evaporator)
};

/// The default portfolio (no `[network.plants]`): an outdoor-air large heat pump of 35 % of the
/// peak plant heat that may charge the store, a natural-gas peak boiler of 100 % (full back-up),
/// and a store of 2 h of the peak. Sizes are HeatTwin assumptions (docs/NETWORKS.md).
NetworkSupplyConfig default_network_supply();

/// The catalogue with the scenario's `[network.costs]` applied (each override must name a
/// technology and parameter the catalogue has; else InputError naming the scenario line).
solvers::economics::TechnologyCatalogue network_catalogue(const solvers::economics::TechnologyCatalogue& base,
                                                          const NetworkSupplyConfig& config,
                                                          const std::string& scenario_path);

/// What one year's network supply needs from the network run (borrowed).
struct NetworkSupplyInput {
  std::span<const double> plant_heat_kw;               ///< hourly heat into the network (load of the dispatch)
  std::span<const double> outdoor_t_c;                 ///< hourly outdoor air (heat-pump source)
  std::span<const double> global_horizontal_w_per_m2;  ///< hourly irradiance (solar thermal, horizontal)
  double design_peak_kw = 0.0;                         ///< base year's peak plant heat: sizes by share
  double t_supply_c = 80.0, t_return_c = 50.0;
  double delivered_mwh = 0.0;  ///< heat delivered to the consumers
  double pump_electricity_mwh = 0.0;
  std::vector<solvers::economics::PipeLength> pipes;  ///< route by catalogue DN
  std::size_t house_connections = 0;
  double connected_load_kw = 0.0;
  int year = 2030;
};

/// One plant's results of the year.
struct NetworkPlantYear {
  std::string id, kind, technology, fuel;
  double capacity_kw = 0.0;
  double annual_cap_mwh = std::numeric_limits<double>::infinity();  ///< energy cap of its potential
  solvers::supply::PlantDispatch dispatch;
  NetworkPlantSite site;
};

/// The network's supply, cost and CO2 in one year.
struct NetworkSupplyYear {
  int year = 0;
  std::vector<NetworkPlantYear> plants;
  solvers::supply::DispatchResult dispatch;
  double storage_capacity_kwh = 0.0, storage_volume_m3 = 0.0;
  /// Heat sold: delivered × (1 − unmet / plant heat) (the unmet part of the load is not sold).
  double heat_sold_mwh = 0.0;
  solvers::economics::NetworkLcoh lcoh;
  /// Capital + maintenance annuity (€/a) of the pipes and of the house connections; their sum per
  /// metre of route and per connection feeds the estimate of cells outside the network.
  double pipes_annuity_eur_per_a = 0.0, connections_annuity_eur_per_a = 0.0;
  double route_length_m = 0.0;
  /// Investment A_0 (€) of the plants and store, the pipes and the house connections as costed in
  /// `lcoh` (catalogue capex; replacements within the annuity period not included).
  double plants_investment_eur = 0.0, pipes_investment_eur = 0.0, connections_investment_eur = 0.0;
  /// LCOH without pipes and house connections (plants, store, energy, pumping, operation, revenue).
  double generation_eur_per_mwh = 0.0;
  double co2_t = 0.0;               ///< fuels and pump electricity of the year (t CO2-eq/a)
  double co2_g_per_kwh_sold = 0.0;  ///< per kWh of heat sold
  /// Point potentials near the network (kinds a network draws on) and what became of them.
  std::vector<NetworkPotentialPlant> potential_plants;
};

/// Dispatches and costs one year. Throws InputError (naming plant and scenario line) for sizes
/// that cannot be resolved. O(hours × plants log plants).
NetworkSupplyYear evaluate_network_supply(const NetworkSupplyConfig& config, const NetworkSupplyInput& input,
                                          const solvers::economics::TechnologyCatalogue& catalogue,
                                          const solvers::economics::CarrierData& carriers);

/// Pipe route by catalogue DN: each pipe's EN 253 DN if the catalogue prices it, else the
/// smallest priced DN whose EN 253 inner diameter is at least the pipe's (the largest priced one
/// above all). O(pipes × sizes).
std::vector<solvers::economics::PipeLength> priced_pipe_lengths(
    std::span<const double> length_m, std::span<const double> inner_diameter_m,
    const solvers::economics::TechnologyCatalogue& catalogue);

/// How the network LCOH of a supply-area cell was found (results: lcoh_network_method).
enum class CellLcohMethod : std::uint8_t {
  designed_network,        ///< the cell holds pipes of the designed network: its LCOH
  existing_network,        ///< the cell holds pipes of a network taken from the twin: its LCOH
  street_length_estimate,  ///< extension: streets in the cell × pipe annuity per metre, + connections, + generation
  route_per_connection_estimate,  ///< extension: the network's route per connection × the cell's connections
  district_heat_price,            ///< a cell the run's network does not serve: the district-heat price of the year
};
/// "designed_network", "existing_network", "street_length_estimate",
/// "route_per_connection_estimate", "district_heat_price".
std::string_view cell_lcoh_method_name(CellLcohMethod method);

/// The cells of the supply-area classification (rows) and what the estimate needs of them.
struct CellNetworkQuery {
  std::span<const std::uint32_t> grid_cell;  ///< twin grid index of each row
  std::span<const double> heat_demand_mwh;   ///< useful heat (space + hot water) of the row
  std::span<const double> buildings;         ///< computed buildings of the row
};

/// Network inputs of the classification per cell.
///
/// One rule for every run (docs/SUPPLY.md, "One supply model"): a cell the run's network does not
/// serve gets the same evidence whether a network is simulated or not (no route; the district-heat
/// price of the year as its network cost), so its grades do not depend on the presence of a
/// `[network]` section. Only the cells holding the network's pipes change evidence (route, the
/// network's VDI 2067 LCOH, its heat source); `evidence_changed` marks them. What extending the
/// simulated network into an unserved cell would cost is reported (`extension_*`) but does not
/// enter the grades: it exists only when a network is simulated.
struct CellNetworkInputs {
  /// Route of the run's network in the cell: Σ length of its supply pipes whose midpoint lies in
  /// the cell (not clipped); 0 where none.
  std::vector<double> route_length_m;
  std::vector<double> lcoh_network_eur_per_mwh;       ///< what the classification uses (see method)
  std::vector<std::uint8_t> has_heat_network;         ///< 1 only for a network taken from the twin (existing)
  std::vector<std::uint8_t> has_network_heat_source;  ///< served cells of a portfolio with renewable/waste heat
  std::vector<std::uint8_t> method;            ///< CellLcohMethod: designed/existing network or district-heat price
  std::vector<std::uint8_t> evidence_changed;  ///< 1: the simulated network changed the cell's evidence
  /// Extension estimate of an unserved cell (NaN where none: served cells, no network, no demand):
  /// LCOH, its method (street_length_estimate or route_per_connection_estimate; else
  /// district_heat_price) and the route it assumed (0: none).
  std::vector<double> extension_lcoh_eur_per_mwh;
  std::vector<std::uint8_t> extension_method;
  std::vector<double> estimate_route_m;
  double route_outside_cells_m = 0.0;  ///< pipes whose midpoint lies in no row's cell
};

/// The network of the run for the cell estimate (all borrowed; `year` null: no network).
struct CellNetworkSource {
  const NetworkSupplyYear* year = nullptr;
  bool existing = false;                           ///< the network was taken from the twin, not designed
  std::span<const std::uint32_t> pipe_twin_index;  ///< rows of twin.networks.pipes (supply side)
  std::size_t consumers = 0;
  double district_heat_price_eur_per_mwh = 0.0;  ///< fallback (prices.csv of the year)
  double connection_rate = 0.6;
};

/// Network route, LCOH and flags per cell (docs/NETWORKS.md). Midpoints of pipes and streets are
/// transformed from the twin CRS to EPSG:3035 and located in the 100 m grid. O((pipes + streets)
/// log cells + rows).
CellNetworkInputs cell_network_inputs(const twin::Twin& twin, const CellNetworkQuery& cells,
                                      const CellNetworkSource& network);

}  // namespace heattwin::scenarios
