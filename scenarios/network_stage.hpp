#pragma once
/// \file The network stage of a run (run_demand_scenario): the scenario's `[network]` designed
/// (or taken from the twin) in the base year and simulated hour by hour with each year's demand
/// (scenarios/network_run.hpp), and its plants dispatched with the year's prices and CO2 factors
/// (scenarios/network_supply.hpp). Nothing here writes the results file.
#include "scenarios/demand_stage.hpp"
#include "scenarios/municipal_networks.hpp"
#include "scenarios/network_run.hpp"
#include "scenarios/network_supply.hpp"
#include "scenarios/potentials.hpp"
#include "solvers/economics/carriers.hpp"
#include "solvers/economics/technology.hpp"

#include <optional>
#include <string>

namespace heattwin::scenarios {

/// One year of the run's network (both empty without `[network]`).
struct NetworkYear {
  std::optional<NetworkRun> run;
  std::optional<NetworkSupplyYear> supply;
  /// `[network] design = "per-municipality"`: the year's networks, one per qualifying
  /// municipality (run and supply stay empty); null otherwise.
  const MunicipalNetworks* municipal = nullptr;
  /// Investment (€, catalogue capex of plants, store, pipes and house connections) added since the
  /// previous year of the plan: all of it in the base year; with connection over time the pipes and
  /// connections built for the consumers connecting in between (0 for per-municipality networks).
  double investment_in_period_eur = 0.0;
};

/// The summary figures of a year's network: network_year_summary(*year.supply) and the simulated
/// network's connection, energy, pressure and pump figures (the per-year `network` of
/// `heattwin run --json`). O(plants).
NetworkYearSummary network_year_summary(const NetworkYear& year);

/// The network of a run year by year; remembers the base year's design peak, routing and (with
/// simulate_every_year = false) its simulated year. Years must be computed in order.
class NetworkStage {
 public:
  /// `catalogue` is the run's technology catalogue (with the scenario's [technology] overrides);
  /// the stage adds the scenario's [network.costs]. Both arguments are borrowed for its life.
  NetworkStage(const DemandScenario& scenario, const solvers::economics::TechnologyCatalogue& catalogue);

  /// Designs or takes the network (base year; a design is stored in `twin` and, with
  /// store_in_twin, in the twin file), simulates it with the year's demand (or, with
  /// simulate_every_year = false, reuses the base year's series) and dispatches its plants.
  NetworkYear year(const DemandYear& demand, DemandStage& stage, const solvers::economics::CarrierData& carriers);

  /// The network was taken from the twin (existing), not designed by the run.
  bool existing() const { return existing_; }

 private:
  const DemandScenario& s_;
  solvers::economics::TechnologyCatalogue network_costs_;
  double design_peak_kw_ = 0.0;
  bool existing_ = false;
  std::string routing_;
  std::optional<NetworkRun> base_run_;       // kept for simulate_every_year = false
  double built_investment_eur_ = 0.0;        // investment as built by the previous year
  MunicipalNetworks municipal_;              // [network] design = "per-municipality"
  std::optional<RunPotentials> potentials_;  // [data] potentials: plants of the network (network_plants.hpp)
};

}  // namespace heattwin::scenarios
