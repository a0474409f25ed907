#include "scenarios/supply_area_stage.hpp"

#include <fmt/format.h>

#include <cmath>

namespace heattwin::scenarios {

namespace sp = solvers::supply;
namespace ec = solvers::economics;

sp::SupplyAreaInput SupplyAreasYear::evidence() const {
  return {heat_demand_mwh,
          area_ha,
          cell_network.route_length_m,
          cell_network.lcoh_network_eur_per_mwh,
          lcoh_individual_eur_per_mwh,
          cell_network.has_heat_network,
          cell_network.has_network_heat_source,
          gas_cells.has_gas_network,
          gas_cells.hydrogen_plan};
}

SupplyAreasYear classify_year_supply_areas(const DemandScenario& s, const twin::Twin& twin, const DemandYear& d,
                                           std::span<const double> dhw, const sp::IndividualResult& individual,
                                           std::span<const std::uint8_t> on_network, const NetworkYear& network,
                                           bool network_existing, const ec::CarrierData& carriers,
                                           const GasGridEvidence& gas_grid) {
  // Supply areas (WPG §18/§19) of the 100 m cells, before the supply of the year is fixed (a
  // heat-network area restricts the individual choice): heat density of the cell; the network's
  // route, LCOH and flags per cell from scenarios/network_supply (cell_network_inputs: the run's
  // network where its pipes lie, elsewhere the district-heat price whether a network is simulated
  // or not; docs/SUPPLY.md "One supply model"); LCOH individual = mean of the cell's buildings'
  // individual option (the same with or without a network).
  SupplyAreasYear out;
  const auto& b = twin.buildings;
  const auto& model = d.model();
  const std::size_t n = d.n();
  const std::vector<double>& basis_heating_kwh = d.basis_heating_kwh();
  std::vector<std::int64_t> cell_row(twin.grid.size(), -1);
  std::vector<double> lcoh_sum, lcoh_count;
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t i = model.twin_index[k];
    const std::uint32_t cell = b.grid_cell[i];
    if (cell >= twin.grid.size()) continue;
    if (cell_row[cell] < 0) {
      cell_row[cell] = static_cast<std::int64_t>(out.area_id.size());
      out.area_id.push_back(twin.grid.cell_id(cell));
      out.row_cell.push_back(cell);
      out.cell_buildings.push_back(0.0);
      out.heat_demand_mwh.push_back(0.0);
      lcoh_sum.push_back(0.0);
      lcoh_count.push_back(0.0);
    }
    const auto row = static_cast<std::size_t>(cell_row[cell]);
    const double mwh = (basis_heating_kwh[k] + dhw[k]) / 1000.0;  // the run's basis ([demand] basis)
    out.heat_demand_mwh[row] += mwh;
    out.cell_buildings[row] += 1.0;
    if (std::isfinite(individual.lcoh_eur_per_mwh[k])) {
      lcoh_sum[row] += individual.lcoh_eur_per_mwh[k];
      lcoh_count[row] += 1.0;
    }
  }
  const std::size_t cells = out.area_id.size();
  CellNetworkSource network_source;
  network_source.district_heat_price_eur_per_mwh = carriers.price_eur_per_mwh.at(ec::Carrier::district_heat, d.year);
  if (network.supply) {
    network_source.year = &*network.supply;
    network_source.existing = network_existing;
    network_source.pipe_twin_index = network.run->pipe_twin_index;
    network_source.consumers = network.run->consumer_id.size();
    network_source.connection_rate = s.network.supply.economics.connection_rate;
  }
  MunicipalCellNetworkInputs municipal_cells;  // [network] design = "per-municipality": each cell's own network
  if (network.municipal != nullptr) {
    municipal_cells = network.municipal->cell_inputs(twin, {out.row_cell, out.heat_demand_mwh, out.cell_buildings},
                                                     model.twin_index, network_source.district_heat_price_eur_per_mwh,
                                                     s.network.supply.economics.connection_rate);
    out.cell_network = municipal_cells.cells;
  } else {
    out.cell_network =
        cell_network_inputs(twin, {out.row_cell, out.heat_demand_mwh, out.cell_buildings}, network_source);
  }
  out.area_ha.assign(cells, 1.0);
  out.lcoh_individual_eur_per_mwh.resize(cells);
  out.gas_cells = gas_grid.cells(twin, model.twin_index, out.row_cell);
  for (std::size_t c = 0; c < cells; ++c)
    out.lcoh_individual_eur_per_mwh[c] = lcoh_count[c] > 0.0 ? lcoh_sum[c] / lcoh_count[c] : 0.0;
  const sp::SupplyAreaInput evidence = out.evidence();
  out.areas = sp::classify_supply_areas(evidence, s.supply_area_thresholds);
  out.network_evidence.resize(cells);
  for (std::size_t c = 0; c < cells; ++c) {
    if (out.cell_network.evidence_changed[c] != 0) {
      out.network_evidence[c] = fmt::format(
          "{} network '{}': {:.0f} m route in the cell, its VDI 2067 LCOH {:.1f} EUR/MWh instead of the "
          "district-heat price {:.1f} EUR/MWh{}",
          network_existing ? "existing" : "designed",
          network.municipal != nullptr ? municipal_cells.network_of_row[c] : network.run->summary.name,
          out.cell_network.route_length_m[c], out.cell_network.lcoh_network_eur_per_mwh[c],
          network_source.district_heat_price_eur_per_mwh,
          out.cell_network.has_network_heat_source[c] != 0 ? ", renewable or waste heat source in reach" : "");
    }
  }
  // Sub-areas: the cells grouped into edge-connected clusters, reclassified from their aggregated
  // evidence (same evidence as the classification above), clusters below the privacy minimum merged.
  {
    std::vector<std::uint32_t> buildings_in_cell(cells), north(cells), east(cells);
    for (std::size_t c = 0; c < cells; ++c) {
      buildings_in_cell[c] = static_cast<std::uint32_t>(out.cell_buildings[c]);
      north[c] = twin.grid.north_100m[out.row_cell[c]];
      east[c] = twin.grid.east_100m[out.row_cell[c]];
    }
    sp::SupplyClusterSettings settings;
    settings.thresholds = s.supply_area_thresholds;
    out.clusters = sp::cluster_supply_areas({north, east, buildings_in_cell, evidence}, settings);
  }
  // Buildings in a cell classified heat_network that the network does not supply (yet) are not
  // given a biomass boiler by the least-cost step: scarce wood is not for areas meant for a
  // network (docs/SUPPLY.md, "One supply model"); they take the best other allowed option. The
  // cell's own class, not its sub-area's: it depends only on the cell's evidence, so the rule
  // holds the same with and without a simulated network.
  out.excluded_options.assign(n, 0);
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t cell = b.grid_cell[model.twin_index[k]];
    if (cell >= twin.grid.size()) continue;
    const auto row = static_cast<std::size_t>(cell_row[cell]);
    if (out.areas.type[row] == static_cast<std::uint8_t>(sp::SupplyAreaType::heat_network)) {
      out.excluded_options[k] =
          static_cast<std::uint8_t>(1U << static_cast<unsigned>(sp::IndividualOption::biomass_boiler));
      if (on_network[k] == 0) ++out.heat_network_area_buildings;
    }
  }
  for (std::size_t t = 0; t < 4; ++t) {
    out.cells_by_type[std::string(sp::supply_area_type_name(static_cast<sp::SupplyAreaType>(t)))] =
        out.areas.count_by_type[t];
  }
  return out;
}

}  // namespace heattwin::scenarios
