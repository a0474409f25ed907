#include "scenarios/network_stage.hpp"

#include "scenarios/network_plants.hpp"

#include <fmt/format.h>

#include <vector>

namespace heattwin::scenarios {

NetworkStage::NetworkStage(const DemandScenario& s, const solvers::economics::TechnologyCatalogue& catalogue)
    : s_(s),
      // The catalogue with the scenario's [network.costs]; plants sized on the base year's peak
      // plant heat; an existing (not designed) network.
      network_costs_(s.network.enabled ? network_catalogue(catalogue, s.network.supply, s.source)
                                       : solvers::economics::TechnologyCatalogue{}) {}

NetworkYear NetworkStage::year(const DemandYear& d, DemandStage& stage,
                               const solvers::economics::CarrierData& carriers) {
  NetworkYear out;
  if (!s_.network.enabled) return out;
  // Later years simulate the base year's network (designed then, or the twin's) with the year's
  // demand; every year dispatches its plants with the year's prices and CO2 factors.
  const std::size_t yi = d.index;
  NetworkScenario year_network = s_.network;
  if (yi > 0) {
    year_network.design.clear();
    year_network.store_in_twin = false;
  }
  // Connection over time (scenarios/network_connection.hpp): the share connected this year.
  year_network.connected_share = s_.network.connection.share_in_year(d.year, s_.years.front());
  const std::vector<double> unit_factor;  // empty: the standard demand's hourly series as simulated
  if (s_.network.per_municipality) {      // one network per qualifying municipality (scenarios/municipal_networks.hpp)
    municipal_.run_year(
        year_network, stage.twin(), s_.twin_path,
        {d.model(), d.basis_heating_kwh(), d.basis_hot_water_kwh(), stage.hot_water_profiles(), *d.climate,
         stage.weather(), stage.settings(), s_.use_expected_consumption ? d.heating_factor : unit_factor},
        network_costs_, carriers, stage.weather(), d.year, yi == 0);
    out.municipal = &municipal_;
    return out;
  }
  const NetworkDemandInputs inputs{d.model(),
                                   d.basis_heating_kwh(),
                                   d.basis_hot_water_kwh(),
                                   stage.hot_water_profiles(),
                                   *d.climate,
                                   stage.weather(),
                                   stage.settings(),
                                   s_.use_expected_consumption ? d.heating_factor : unit_factor};
  std::optional<NetworkRun> final_state;  // base year of a gradual connection: all consumers
  if (yi == 0 && year_network.connected_share < 1.0) {
    // The design (or the twin's network) with every consumer, for the plants' design peak; then
    // the part connected in the base year.
    NetworkScenario all = year_network;
    all.connected_share = 1.0;
    final_state = run_network(all, stage.twin(), s_.twin_path, inputs);
    year_network.design.clear();
    year_network.store_in_twin = false;
  }
  if (yi == 0 || s_.network.simulate_every_year) {
    out.run = run_network(year_network, stage.twin(), s_.twin_path, inputs);
    if (final_state) keep_design_figures(final_state->summary, out.run->summary);
  } else {
    out.run = *base_run_;  // simulate_every_year = false: the base year's series
  }
  if (yi == 0) {
    const NetworkSummary& base = final_state ? final_state->summary : out.run->summary;
    design_peak_kw_ = base.peak_plant_heat_kw;
    existing_ = !base.designed;
    routing_ = base.routing;
    if (!s_.network.simulate_every_year) base_run_ = out.run;
  } else {
    out.run->summary.routing =
        fmt::format("{} (base year {}{})", routing_, s_.years.front(),
                    s_.network.simulate_every_year ? "" : "; its simulated year, simulate_every_year = false");
  }
  // Plants at their feed-in points and from potentials (scenarios/network_plants.hpp).
  if (!potentials_) potentials_.emplace(s_.potentials, stage.twin());
  out.supply = evaluate_network_with_plants(year_network, s_.source, *out.run, {stage.twin(), s_.twin_path, inputs},
                                            &potentials_->set(), network_costs_, carriers, stage.weather(),
                                            design_peak_kw_, d.year);
  // Investment as built by this year, and what was added since the previous year of the plan.
  const double built_eur =
      out.supply->plants_investment_eur + out.supply->pipes_investment_eur + out.supply->connections_investment_eur;
  out.investment_in_period_eur = built_eur - built_investment_eur_;
  built_investment_eur_ = built_eur;
  return out;
}

NetworkYearSummary network_year_summary(const NetworkYear& year) {
  NetworkYearSummary y = year.supply ? network_year_summary(*year.supply) : NetworkYearSummary{};
  if (!year.run) return y;
  const NetworkSummary& n = year.run->summary;
  y.has_run = true;
  y.connected_share = n.connected_share;
  y.consumers = n.consumers;
  y.consumers_designed = n.consumers_designed;
  y.pipes = n.pipes;
  y.route_length_m = n.route_length_m;
  y.delivered_mwh = n.delivered_mwh;
  y.heat_loss_mwh = n.heat_loss_mwh;
  y.heat_loss_share = n.heat_loss_share;
  y.pump_energy_mwh = n.pump_energy_mwh;
  y.bypass_return_heat_mwh = n.bypass_return_heat_mwh;
  y.peak_plant_heat_kw = n.peak_plant_heat_kw;
  y.critical_path_pressure_drop_bar = n.critical_path_pressure_drop_bar;
  y.pump_head_bar = n.pump_head_bar;
  y.pump_head_m = n.pump_head_m;
  y.design_pump_power_kw = n.design_pump_power_kw;
  y.max_pump_power_kw = n.max_pump_power_kw;
  if (year.supply) {
    y.investment_eur = year.supply->plants_investment_eur + year.supply->pipes_investment_eur +
                       year.supply->connections_investment_eur;
  }
  y.investment_in_period_eur = year.investment_in_period_eur;
  return y;
}

}  // namespace heattwin::scenarios
