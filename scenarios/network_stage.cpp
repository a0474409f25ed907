#include "scenarios/network_stage.hpp"

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
  const std::vector<double> unit_factor;  // empty: the standard demand's hourly series as simulated
  if (s_.network.per_municipality) {      // one network per qualifying municipality (scenarios/municipal_networks.hpp)
    municipal_.run_year(
        s_.network, stage.twin(), s_.twin_path,
        {d.model(), d.basis_heating_kwh(), d.basis_hot_water_kwh(), stage.hot_water_profiles(), *d.climate,
         stage.weather(), stage.settings(), s_.use_expected_consumption ? d.heating_factor : unit_factor},
        network_costs_, carriers, stage.weather(), d.year, yi == 0);
    out.municipal = &municipal_;
    return out;
  }
  if (yi == 0 || s_.network.simulate_every_year) {
    out.run =
        run_network(year_network, stage.twin(), s_.twin_path,
                    {d.model(), d.basis_heating_kwh(), d.basis_hot_water_kwh(), stage.hot_water_profiles(), *d.climate,
                     stage.weather(), stage.settings(), s_.use_expected_consumption ? d.heating_factor : unit_factor});
  } else {
    out.run = *base_run_;  // simulate_every_year = false: the base year's series
  }
  if (yi == 0) {
    design_peak_kw_ = out.run->summary.peak_plant_heat_kw;
    existing_ = !out.run->summary.designed;
    routing_ = out.run->summary.routing;
    if (!s_.network.simulate_every_year) base_run_ = out.run;
  } else {
    out.run->summary.routing =
        fmt::format("{} (base year {}{})", routing_, s_.years.front(),
                    s_.network.simulate_every_year ? "" : "; its simulated year, simulate_every_year = false");
  }
  out.supply =
      evaluate_network_year(s_.network, *out.run, network_costs_, carriers, stage.weather(), design_peak_kw_, d.year);
  return out;
}

}  // namespace heattwin::scenarios
