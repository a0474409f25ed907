#pragma once
/// \file The supply stage of a run (run_demand_scenario): the technology catalogue and carrier
/// data of the scenario, the base year's heating systems (the twin's, or imputed from the census;
/// solvers/supply/existing_systems) carried from year to year, and per year the individual supply
/// of every computed building (solvers/supply/individual): kept until it ages out, then the
/// cheapest allowed option, biomass excluded in heat-network areas (the supply-area stage), the
/// network's buildings on a house substation. Nothing here writes files.
#include "scenarios/demand_stage.hpp"
#include "scenarios/network_stage.hpp"
#include "scenarios/potentials.hpp"
#include "scenarios/supply_area_stage.hpp"
#include "scenarios/system_power.hpp"
#include "solvers/economics/carriers.hpp"
#include "solvers/economics/technology.hpp"
#include "solvers/supply/existing_systems.hpp"
#include "solvers/supply/individual.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace heattwin::scenarios {

/// The supply of one year, per computed building k unless stated.
struct SupplyYear {
  std::vector<std::uint8_t> on_network;  ///< 1: supplied by the run's network this year
  std::vector<double> dhw_kwh;           ///< hot water of the run's basis, 0 where none
  std::vector<double> peak_kw;           ///< system size, kW: measured nominal power or design load
  SystemPowerYear system_power;          ///< which sizes were measured (scenarios/system_power.hpp)
  std::vector<double> design_supply_t_c;
  solvers::supply::IndividualResult supplied;  ///< the year's systems (network buildings: CO2 of its dispatch)
  std::vector<std::string> option_names, carrier_names;
  std::vector<double> co2_t_per_region;                    ///< [region row]
  std::vector<double> region_final_energy_mwh;             ///< [region row][carrier]
  std::vector<std::string> carrier_list, sector_list;      ///< rows and columns of final_energy_mwh
  std::vector<double> final_energy_mwh_by_carrier_sector;  ///< [carrier][sector]
  SupplyAreasYear areas;
  /// Investment in the individual systems chosen this year, EUR per computed building (empty: none
  /// chosen; scenarios/investment_results.hpp).
  std::vector<double> investment_eur_by_building;
  /// The year's individual supply model (its seasonal COPs serve the roof solar indicators).
  std::shared_ptr<const solvers::supply::IndividualSupplyModel> model;
  /// Base year only (empty later): 1/2 the inventory's carrier was imputed (state-wide / cell),
  /// 1 its installation year was drawn.
  std::vector<std::uint8_t> existing_carrier_imputed, existing_install_year_imputed;
};

/// The individual supply of a run year by year; carries each twin row's heating system.
class SupplyStage {
 public:
  /// Loads the catalogue and carrier data with the scenario's overrides and the base year's heating
  /// systems of `twin`; fills summary.existing_systems' grid-cell counts. Borrows `scenario` and
  /// `summary` for its life.
  SupplyStage(const DemandScenario& scenario, const twin::Twin& twin, DemandSummary& summary);

  const solvers::economics::TechnologyCatalogue& catalogue() const { return catalogue_; }
  const solvers::economics::CarrierData& carriers() const { return carriers_; }
  /// The heating system of every twin row (IndividualOption byte) as of the last computed year.
  const std::vector<std::uint8_t>& system_option() const { return system_option_; }
  /// The run's heat potentials ([data] potentials; empty without the layer).
  const RunPotentials& potentials() const { return potentials_; }
  /// The biomass cap of the individual supply: [supply] biomass_potential_mwh_per_a or the biomass
  /// of [data] potentials (scenarios/potentials.hpp).
  double biomass_cap_mwh_per_a() const { return biomass_cap_mwh_per_a_; }

  /// The supply of the year: adds its figures to `totals` (network_supplied_buildings,
  /// heat-network areas, supply areas, final energy, CO2, costs; consumption must hold the
  /// demand's ConsumptionSummary, the final energy by sector is added) and, for the base year,
  /// counts the inventory into the summary's existing_systems.
  SupplyYear year(const DemandYear& demand, const DemandStage& stage, const NetworkYear& network, bool network_existing,
                  YearSummary& totals);

 private:
  const DemandScenario& s_;
  DemandSummary& summary_;
  GasGridEvidence gas_grid_;  ///< [data] gas_grid / hydrogen_plan layers
  RunPotentials potentials_;  ///< [data] potentials layer (docs/POTENTIALS.md)
  double biomass_cap_mwh_per_a_;
  solvers::economics::TechnologyCatalogue catalogue_;
  solvers::economics::CarrierData carriers_;
  solvers::supply::ExistingSystems existing_systems_;
  std::vector<std::uint8_t> system_option_;
  std::vector<std::int32_t> system_install_year_;
};

}  // namespace heattwin::scenarios
