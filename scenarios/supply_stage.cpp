#include "scenarios/supply_stage.hpp"

#include "solvers/supply/building_heating_rules.hpp"
#include "twin/error.hpp"
#include "twin/use_class.hpp"
#include "twin/zensus_grid.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_map>

namespace heattwin::scenarios {

namespace sp = solvers::supply;
namespace ec = solvers::economics;

SupplyStage::SupplyStage(const DemandScenario& s, const twin::Twin& twin, DemandSummary& summary)
    : s_(s),
      summary_(summary),
      gas_grid_(s.gas_grid, twin),
      potentials_(s.potentials, twin),
      biomass_cap_mwh_per_a_(potentials_.biomass_cap_mwh_per_a(s.biomass_potential_mwh_per_a, s.source)) {
  summary.gas_grid = gas_grid_.summary();
  catalogue_ = ec::load_technology_catalogue(s.technology_dir + "/technology_defaults.csv");
  for (const auto& o : s.technology_overrides) {
    HEATTWIN_CHECK(catalogue_.has(o.technology, o.parameter),
                   "{}: [technology.{}] {}: the catalogue {} has no such technology and parameter", o.where,
                   o.technology, o.parameter, catalogue_.origin());
    ec::TechnologyParameter value = catalogue_.parameter(o.technology, o.parameter);
    value.value = o.value;
    value.source = fmt::format("scenario {} ({})", s.source, o.where);
    value.verified = false;  // the scenario's value, not the cited one
    value.line = 0;
    catalogue_.set(o.technology, o.parameter, value);
  }
  carriers_ = ec::load_carrier_data(s.technology_dir);
  for (const auto& o : s.price_overrides) carriers_.price_eur_per_mwh.set(o.carrier, o.year, o.value);
  for (const auto& o : s.co2_overrides) carriers_.co2_g_per_kwh.set(o.carrier, o.year, o.value);
  // The heating system of every twin row, carried from year to year: the twin's own system at
  // first; a system chosen in year y is the existing one (installed in y) of the later years.
  // Unknown carriers are imputed from the census shares and unknown installation years from a
  // steady replacement cycle (solvers/supply/existing_systems.hpp); counts go to the summary.
  sp::ExistingSystemsSettings es;
  es.base_year = s.years.front();
  es.seed = s.existing_systems_seed;
  es.lifetime_a = sp::lifetimes_from_catalogue(catalogue_);
  if (s.impute_existing_systems) {
    const sp::CensusHeatingShares shares = sp::load_census_heating_shares(s.census_heating_csv);
    std::optional<sp::CellHeatingCounts> cells;
    if (!s.census_heating_grid_csv.empty()) {
      cells = sp::cell_heating_counts(
          twin::read_zensus_grid_table(s.census_heating_grid_csv, sp::ZENSUS_HEATING_COLUMNS), twin.grid);
      summary.existing_systems.grid_cells_used = cells->cells_used;
      summary.existing_systems.grid_cells_withheld = cells->cells_withheld;
      summary.existing_systems.grid_cells_not_in_table = cells->cells_not_in_table;
    }
    existing_systems_ = sp::existing_systems(twin.buildings, &shares, es, cells ? &*cells : nullptr);
  } else {
    existing_systems_ = sp::existing_systems(twin.buildings, nullptr, es);
  }
  system_option_ = existing_systems_.option;
  system_install_year_ = existing_systems_.install_year;
}

SupplyYear SupplyStage::year(const DemandYear& d, const DemandStage& stage, const NetworkYear& network,
                             bool network_existing, YearSummary& year_totals) {
  const DemandScenario& s = s_;
  const twin::Twin& twin = stage.twin();
  const auto& b = twin.buildings;
  const auto& model = d.model();
  const auto& r = d.r();
  const std::size_t n = d.n();
  const int year = d.year;
  const std::vector<double>& basis_heating_kwh = d.basis_heating_kwh();
  const std::vector<double>& basis_hot_water_kwh = d.basis_hot_water_kwh();
  SupplyYear out;
  // Individual supply of the year: the twin's heating system stays until it ages out, then the
  // cheapest allowed option replaces it; final energy by carrier, cost and CO2 per building.
  sp::IndividualSettings supply_settings;
  supply_settings.year = year;
  supply_settings.room_t_c = stage.settings().heating_setpoint_c;
  supply_settings.allowed = s.supply_allowed;
  supply_settings.biomass_potential_mwh_per_a = biomass_cap_mwh_per_a_;
  supply_settings.hydrogen_potential_mwh_per_a = s.hydrogen_potential_mwh_per_a;
  supply_settings.ground_source_capacity_mwh_per_a = potentials_.ground_source_capacities_mwh_per_a();
  // The ground-source area each building draws on (scenarios/potentials.hpp; empty: no areas).
  const std::vector<std::uint32_t> ground_area = potentials_.ground_source_areas(twin, model.twin_index);
  out.model = std::make_shared<const sp::IndividualSupplyModel>(catalogue_, carriers_, stage.weather().dry_bulb_c,
                                                                supply_settings);
  const sp::IndividualSupplyModel& supply = *out.model;
  std::vector<double>& dhw = out.dhw_kwh;
  std::vector<double>& peak_kw = out.peak_kw;
  std::vector<double>& supply_t = out.design_supply_t_c;
  dhw.resize(n);
  peak_kw.resize(n);
  supply_t.resize(n);
  std::vector<std::uint8_t> existing(n), sector(n);
  std::vector<std::int32_t> install_year(n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t i = model.twin_index[k];
    dhw[k] = std::isfinite(basis_hot_water_kwh[k]) ? basis_hot_water_kwh[k] : 0.0;
    // Design load: the hourly model's peak of the standard demand (a heat load is a standard
    // quantity, DIN EN 12831); the monthly method has none, so annual standard need / 2,000
    // full-load hours (HeatTwin assumption, order of magnitude of VDI 2067 full-load hours).
    const double standard_dhw = std::isfinite(d.annual_hot_water_kwh[k]) ? d.annual_hot_water_kwh[k] : 0.0;
    peak_kw[k] = d.hourly_method && std::isfinite(r.peak_heating_w[k])
                     ? r.peak_heating_w[k] / 1000.0
                     : (r.annual_heating_kwh[k] + standard_dhw) / 2000.0;
    supply_t[k] = sp::design_supply_t_c(b.year_of_construction[i], d.refurbished[i] != 0);
    existing[k] = system_option_[i];
    install_year[k] = system_install_year_[i];
    sector[k] = static_cast<std::uint8_t>(sp::sector_of_use(b.use_class[i]));
  }
  {  // The twin's measured nominal power sizes the system instead of the estimate (scenarios/system_power.hpp).
    std::vector<std::size_t> region_row(n);
    for (std::size_t k = 0; k < n; ++k) region_row[k] = d.region_row.at(model.buildings.region[k]);
    out.system_power =
        apply_measured_system_power(b, model.twin_index, d.refurbished, region_row, r.regions.size(), peak_kw);
    year_totals.system_power = out.system_power.counts;
  }
  // The individual option of every building: the alternative the supply areas compare with.
  const sp::IndividualResult individual =
      supply.evaluate({basis_heating_kwh, dhw, peak_kw, supply_t, existing, install_year, sector, {}, ground_area});
  // Buildings the network supplies this year (a network from the twin from the base year on,
  // a designed one from the first target year after it): a kept house substation, so their
  // final energy is district heat, with the CO2 of the network's own dispatch per kWh sold.
  std::vector<std::uint8_t>& on_network = out.on_network;
  on_network.assign(n, 0);
  const std::vector<std::uint8_t> existing_alone = existing;  // without the network's house substations
  const std::vector<std::int32_t> install_year_alone = install_year;
  if (network.run && network.supply && (network_existing || d.index > 0)) {
    std::unordered_map<std::uint32_t, std::size_t> row_of_twin;
    for (std::size_t k = 0; k < n; ++k) row_of_twin.emplace(model.twin_index[k], k);
    for (const std::uint32_t building : network.run->consumer_building) {
      const auto it = row_of_twin.find(building);
      if (it == row_of_twin.end() || on_network[it->second] != 0) continue;
      on_network[it->second] = 1;
      existing[it->second] = static_cast<std::uint8_t>(sp::IndividualOption::district_heating);
      install_year[it->second] = year;
      ++year_totals.network_supplied_buildings;
    }
  }
  if (network.municipal != nullptr) {  // [network] design = "per-municipality"
    year_totals.network_supplied_buildings +=
        network.municipal->mark_supplied(model.twin_index, d.index > 0, year, on_network, existing, install_year);
  }
  // Supply areas before the supply of the year is fixed: a heat-network area restricts the
  // individual choice (scenarios/supply_area_stage.hpp).
  out.areas = classify_year_supply_areas(s, twin, d, dhw, individual, on_network, network, network_existing, carriers_,
                                         gas_grid_);
  const std::vector<std::uint8_t>& excluded_options = out.areas.excluded_options;
  year_totals.heat_network_area_buildings += out.areas.heat_network_area_buildings;
  for (const auto& [type, count] : out.areas.cells_by_type) year_totals.supply_areas_by_type[type] = count;
  const bool restricted =
      std::any_of(excluded_options.begin(), excluded_options.end(), [](std::uint8_t m) { return m != 0; });
  out.supplied = year_totals.network_supplied_buildings == 0 && !restricted
                     ? individual
                     : supply.evaluate({basis_heating_kwh, dhw, peak_kw, supply_t, existing, install_year, sector,
                                        restricted ? std::span<const std::uint8_t>(excluded_options)
                                                   : std::span<const std::uint8_t>(),
                                        ground_area});
  sp::IndividualResult& supplied = out.supplied;
  year_totals.heat_network_area_moved_off_biomass = 0;
  for (std::size_t k = 0; k < n && restricted; ++k) {
    if (excluded_options[k] != 0 && individual.option[k] != supplied.option[k] &&
        individual.option[k] == static_cast<std::uint8_t>(sp::IndividualOption::biomass_boiler)) {
      ++year_totals.heat_network_area_moved_off_biomass;
    }
  }
  year_totals.heat_network_area_biomass_no_alternative = supplied.exclusions_ignored;
  // What the network's buildings would have without it (their own system, the same rule): the
  // system history they carry, so that later years' individual alternative, and with it the
  // supply areas, do not depend on whether a network is simulated (docs/SUPPLY.md).
  std::optional<sp::IndividualResult> alone;
  if (year_totals.network_supplied_buildings > 0) {
    alone = supply.evaluate(
        {basis_heating_kwh, dhw, peak_kw, supply_t, existing_alone, install_year_alone, sector,
         restricted ? std::span<const std::uint8_t>(excluded_options) : std::span<const std::uint8_t>(), ground_area});
  }
  if (year_totals.network_supplied_buildings > 0) {
    for (std::size_t k = 0; k < n; ++k) {
      if (on_network[k] == 0) continue;
      const double g_per_kwh = network.municipal != nullptr ? network.municipal->co2_g_per_kwh_sold(model.twin_index[k])
                                                            : network.supply->co2_g_per_kwh_sold;
      supplied.co2_kg_per_a[k] = supplied.final_energy_kwh[k] * g_per_kwh / 1000.0;
    }
  }
  out.option_names.resize(n);
  out.carrier_names.resize(n);
  out.co2_t_per_region.assign(r.regions.size(), 0.0);
  out.region_final_energy_mwh.assign(r.regions.size() * ec::CARRIER_COUNT, 0.0);
  for (std::size_t k = 0; k < n; ++k) {
    const auto option = static_cast<sp::IndividualOption>(supplied.option[k]);
    const ec::Carrier carrier = sp::option_carrier(option);
    {  // final energy by sector for the state benchmark (docs/VALIDATION.md, demand_state)
      const std::uint8_t use = b.use_class[model.twin_index[k]];
      const bool residential = twin::is_residential(use);
      ConsumptionSummary& c = year_totals.consumption;
      (residential ? c.final_energy_residential_mwh : c.final_energy_non_residential_mwh) +=
          supplied.final_energy_kwh[k] / 1000.0;
      if (use == static_cast<std::uint8_t>(twin::UseClass::industry)) {
        c.final_energy_industry_mwh += supplied.final_energy_kwh[k] / 1000.0;
      }
      if (residential && carrier == ec::Carrier::district_heat) {
        c.district_heat_residential_mwh += supplied.final_energy_kwh[k] / 1000.0;
      }
    }
    out.option_names[k] = std::string(sp::option_technology(option));
    out.carrier_names[k] = std::string(ec::carrier_name(carrier));
    const std::size_t row = d.region_row.at(model.buildings.region[k]);
    out.co2_t_per_region[row] += supplied.co2_kg_per_a[k] / 1000.0;
    out.region_final_energy_mwh[row * ec::CARRIER_COUNT + static_cast<std::size_t>(carrier)] +=
        supplied.final_energy_kwh[k] / 1000.0;
    out.region_final_energy_mwh[row * ec::CARRIER_COUNT + static_cast<std::size_t>(ec::Carrier::ambient_heat)] +=
        supplied.ambient_heat_kwh[k] / 1000.0;
    ++year_totals.buildings_by_option[out.option_names[k]];
    // The system history: what the building has installed; for a building the network supplies,
    // the system it would have without the network (the house substation is set again each year
    // it is supplied), so that its individual alternative does not depend on the network.
    const sp::IndividualResult& history = on_network[k] != 0 && alone ? *alone : supplied;
    if (history.kept_existing[k] == 0) {  // replaced (or first chosen) in this year
      system_option_[model.twin_index[k]] = history.option[k];
      system_install_year_[model.twin_index[k]] = year;
    }
    year_totals.co2_t += supplied.co2_kg_per_a[k] / 1000.0;
    // Costs: every system's annuity and the useful heat it supplies; the investment in the
    // systems chosen this year (catalogue capex at the design load).
    if (std::isfinite(supplied.cost_eur_per_a[k])) {
      year_totals.supply_cost_eur_per_a += supplied.cost_eur_per_a[k];
      year_totals.useful_heat_mwh += (basis_heating_kwh[k] + dhw[k]) / 1000.0;
    }
    if (supplied.kept_existing[k] == 0 && on_network[k] == 0) {
      const std::string_view technology = sp::option_technology(option);
      if (out.investment_eur_by_building.empty()) out.investment_eur_by_building.assign(n, 0.0);
      out.investment_eur_by_building[k] = catalogue_.value_or(technology, "capex_fixed_eur", 0.0) +
                                          catalogue_.value_or(technology, "capex_eur_per_kw", 0.0) * peak_kw[k];
      year_totals.investment_eur += out.investment_eur_by_building[k];
    }
  }
  if (year_totals.useful_heat_mwh > 0.0) {
    year_totals.lcoh_eur_per_mwh = year_totals.supply_cost_eur_per_a / year_totals.useful_heat_mwh;
  }
  year_totals.supply_replaced = supplied.replaced;
  year_totals.supply_switched_for_potentials = supplied.switched_for_biomass_potential +
                                               supplied.switched_for_hydrogen_potential +
                                               supplied.switched_for_ground_source_potential;
  year_totals.biomass_above_potential_mwh = supplied.biomass_above_potential_mwh;
  year_totals.hydrogen_above_potential_mwh = supplied.hydrogen_above_potential_mwh;
  for (std::size_t c = 0; c < ec::CARRIER_COUNT; ++c) {
    out.carrier_list.emplace_back(ec::carrier_name(static_cast<ec::Carrier>(c)));
    const double total = supplied.balance.carrier_total_mwh(static_cast<ec::Carrier>(c));
    if (total > 0.0) year_totals.final_energy_mwh_by_carrier[out.carrier_list.back()] = total;
    for (std::size_t t = 0; t < ec::SECTOR_COUNT; ++t)
      out.final_energy_mwh_by_carrier_sector.push_back(supplied.balance.mwh[c][t]);
  }
  for (std::size_t t = 0; t < ec::SECTOR_COUNT; ++t) {
    out.sector_list.emplace_back(ec::sector_name(static_cast<ec::Sector>(t)));
  }
  year_totals.final_energy_mwh = supplied.balance.total_mwh();
  if (d.index == 0) {
    // The inventory's systems: which were imputed (counted for the summary).
    ExistingSystemsSummary& es = summary_.existing_systems;
    es.method = s.impute_existing_systems ? "census" : "twin";
    out.existing_carrier_imputed.resize(n);
    out.existing_install_year_imputed.resize(n);
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t i = model.twin_index[k];
      const std::uint8_t carrier_imputed = existing_systems_.carrier_imputed[i];
      out.existing_carrier_imputed[k] = carrier_imputed;
      out.existing_install_year_imputed[k] = existing_systems_.install_year_imputed[i];
      const bool known = b.heating_carrier[i] != static_cast<std::uint8_t>(twin::Carrier::unknown);
      es.from_twin += known ? 1 : 0;
      es.imputed += carrier_imputed != 0 ? 1 : 0;
      es.imputed_from_grid += carrier_imputed == 2 ? 1 : 0;
      es.not_broken_down += !known && carrier_imputed == 0 && s.impute_existing_systems ? 1 : 0;
      es.unknown += existing_systems_.option[i] == sp::NO_EXISTING_SYSTEM ? 1 : 0;
      es.install_years_imputed += out.existing_install_year_imputed[k];
      es.past_lifetime += existing_systems_.past_lifetime[i];
      if (carrier_imputed != 0) {
        ++es.imputed_by_option[std::string(
            sp::option_technology(static_cast<sp::IndividualOption>(existing_systems_.option[i])))];
      }
    }
  }
  return out;
}

}  // namespace heattwin::scenarios
