#pragma once
/// \file The supply-area stage of a run year (run_demand_scenario): the WPG §18/§19 class of every
/// 100 m cell that holds computed buildings, from the cell's heat density, the run's network
/// (route, LCOH, heat source; scenarios/network_supply.hpp cell_network_inputs) and the mean
/// individual LCOH of its buildings; the sub-areas (solvers/supply/supply_clusters); and the
/// options the least-cost choice of a building may not take in a heat-network area
/// (docs/SUPPLY.md, "One supply model"). Nothing here writes files.
#include "scenarios/demand_stage.hpp"
#include "scenarios/gas_grid_evidence.hpp"
#include "scenarios/network_stage.hpp"
#include "solvers/economics/carriers.hpp"
#include "solvers/supply/individual.hpp"
#include "solvers/supply/supply_areas.hpp"
#include "solvers/supply/supply_clusters.hpp"

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace heattwin::scenarios {

/// The supply areas of one year; rows are the cells holding computed buildings, in the order of
/// their first building.
struct SupplyAreasYear {
  std::vector<std::string> area_id;     ///< INSPIRE/census id of the row's cell
  std::vector<std::uint32_t> row_cell;  ///< twin grid index of the row
  std::vector<double> heat_demand_mwh, cell_buildings, lcoh_individual_eur_per_mwh, area_ha;
  CellGasFlags gas_cells;  ///< has_gas_network and hydrogen_plan per row ([data] gas_grid / hydrogen_plan)
  CellNetworkInputs cell_network;
  solvers::supply::SupplyAreaResult areas;
  solvers::supply::SupplyClusterResult clusters;
  /// Why the run's network changed a row's evidence (empty: the evidence of a run without [network]).
  std::vector<std::string> network_evidence;
  /// Per computed building: bit mask of IndividualOptions it may not choose (biomass in a
  /// heat-network cell).
  std::vector<std::uint8_t> excluded_options;
  std::size_t heat_network_area_buildings = 0;  ///< of them not supplied by the network
  std::map<std::string, std::size_t> cells_by_type;
  /// The evidence the classification used (spans into this struct: valid while it lives unmoved).
  solvers::supply::SupplyAreaInput evidence() const;
};

/// Classifies the year's cells. `dhw_kwh` is the hot water of the run's basis (0 where none),
/// `individual` each building's individual option, `on_network` 1 for buildings the network
/// supplies this year; `network_existing` as NetworkStage::existing(); `gas_grid` the run's gas
/// grid and hydrogen plan layers (cells outside any layer, or no layer: no evidence).
SupplyAreasYear classify_year_supply_areas(const DemandScenario& scenario, const twin::Twin& twin,
                                           const DemandYear& demand, std::span<const double> dhw_kwh,
                                           const solvers::supply::IndividualResult& individual,
                                           std::span<const std::uint8_t> on_network, const NetworkYear& network,
                                           bool network_existing, const solvers::economics::CarrierData& carriers,
                                           const GasGridEvidence& gas_grid);

}  // namespace heattwin::scenarios
