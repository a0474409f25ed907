#include "scenarios/results_writer.hpp"

#include "scenarios/cost_table.hpp"
#include "scenarios/investment_results.hpp"
#include "scenarios/refurbishment.hpp"
#include "scenarios/results_merge.hpp"
#include "scenarios/run_warnings.hpp"
#include "solvers/demand/hot_water_need.hpp"
#include "solvers/supply/supply_areas.hpp"
#include "twin/error.hpp"
#include "twin/file_hash.hpp"
#include "twin/grid.hpp"
#include "twin/indicators.hpp"
#include "twin/results_format.hpp"
#include "twin/summary.hpp"

#include <heattwin/version_info.hpp>

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <sstream>

namespace heattwin::scenarios {

namespace dm = solvers::demand;
namespace sp = solvers::supply;
namespace ec = solvers::economics;

std::string utc_now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::array<char, 32> text{};
  std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text.data();
}

std::vector<std::pair<std::string, std::string>> scenario_inputs(const DemandScenario& s) {
  std::vector<std::pair<std::string, std::string>> inputs = {{"scenario", s.source},
                                                             {"twin", s.twin_path},
                                                             {"weather", s.weather_path},
                                                             {"tabula", s.tabula_csv},
                                                             {"non_residential", s.non_residential_csv},
                                                             {"load_profiles", s.load_profiles_csv}};
  if (!s.use_conditions_json.empty()) inputs.emplace_back("use_conditions", s.use_conditions_json);
  inputs.emplace_back("technology_catalogue", s.technology_dir + "/technology_defaults.csv");
  inputs.emplace_back("prices", s.technology_dir + "/prices.csv");
  inputs.emplace_back("co2_factors", s.technology_dir + "/co2_factors.csv");
  if (s.impute_existing_systems) inputs.emplace_back("census_heating", s.census_heating_csv);
  if (s.impute_existing_systems && !s.census_heating_grid_csv.empty())
    inputs.emplace_back("census_heating_grid", s.census_heating_grid_csv);
  if (s.imputes_modernisation()) inputs.emplace_back("modernisation_shares", s.modernisation_shares_csv);
  if (s.imputes_modernisation() && !s.modernisation_rates_csv.empty())
    inputs.emplace_back("modernisation_rates", s.modernisation_rates_csv);
  for (auto& input : gas_grid_inputs(s.gas_grid)) inputs.push_back(std::move(input));
  for (auto& input : potential_inputs(s.potentials)) inputs.push_back(std::move(input));
  return inputs;
}

namespace {

h5::File create_results_file(const DemandScenario& s, const DemandRunHooks& hooks) {
  // Results file, schema 1 (docs/results-schema.md; atomic: renamed into place by commit()).
  static std::atomic<std::uint64_t> in_memory_files{0};
  return hooks.write_results ? h5::File::create(s.out_path, twin::RESULTS_FILE)
                             : h5::File::create_in_memory(fmt::format("{}#in-memory-{}", s.out_path, ++in_memory_files),
                                                          twin::RESULTS_FILE);
}

/// sa/cluster and the table sa/clusters of the supply sub-areas (solvers/supply/supply_clusters,
/// docs/SUPPLY.md).
void write_supply_area_clusters(const h5::Group& sa, const sp::SupplyClusterResult& c) {
  sa.write("cluster", c.cell_cluster,
           {.unit = "1", .description = "row of the cell's sub-area in clusters (docs/SUPPLY.md)"});
  h5::Group t = sa.create_group("clusters");
  const std::array<std::int64_t, 1> privacy_min{static_cast<std::int64_t>(twin::PRIVACY_MIN_BUILDINGS)};
  t.set_attribute("privacy_min_buildings", privacy_min);
  std::vector<std::string> id(c.size()), type(c.size()), net(c.size()), h2(c.size()), dec(c.size());
  for (std::size_t k = 0; k < c.size(); ++k) {
    id[k] = std::to_string(k);
    type[k] = std::string(sp::supply_area_type_name(static_cast<sp::SupplyAreaType>(c.classes.type[k])));
    net[k] = std::string(sp::suitability_name(static_cast<sp::Suitability>(c.classes.heat_network_grade[k])));
    h2[k] = std::string(sp::suitability_name(static_cast<sp::Suitability>(c.classes.hydrogen_grade[k])));
    dec[k] = std::string(sp::suitability_name(static_cast<sp::Suitability>(c.classes.decentralised_grade[k])));
  }
  t.write_strings("id", id, {.description = "sub-area index (the values of ../cluster)"});
  t.write_strings("type", type, {.description = "heat_network | hydrogen_network | decentralised | test_area"});
  t.write_strings("heat_network_grade", net, {.description = "WPG §19 suitability for a heat network"});
  t.write_strings("hydrogen_grade", h2, {.description = "WPG §19 suitability for a hydrogen network"});
  t.write_strings("decentralised_grade", dec, {.description = "WPG §19 suitability for decentralised supply"});
  t.write_strings("reasons", c.classes.reasons,
                  {.description = "reason codes of the sub-area's class, separated by ';' (docs/SUPPLY.md)"});
  t.write("cells", c.cells, {.unit = "1", .description = "100 m cells in the sub-area"});
  t.write("buildings", c.buildings, {.unit = "1", .description = "computed buildings in the sub-area"});
  t.write("withheld", c.withheld,
          {.unit = "1", .description = "1: fewer buildings than privacy_min_buildings and no neighbour to merge with"});
  t.write("heat_demand_mwh", c.heat_demand_mwh_per_a,
          {.unit = "MWh/a", .description = "space heating + hot water need of the sub-area's computed buildings"});
  t.write("area_ha", c.area_ha, {.unit = "ha", .description = "land area (cells x 1 ha)"});
  t.write("heat_density_mwh_per_ha_a", c.classes.heat_density_mwh_per_ha_a, {.unit = "MWh/(ha.a)"});
  t.write("line_density_mwh_per_m_a", c.classes.line_density_mwh_per_m_a,
          {.unit = "MWh/(m.a)", .description = "0: no network planned in the sub-area"});
  t.write("route_length_m", c.route_length_m, {.unit = "m", .description = "sum over the cells"});
  t.write("lcoh_network_eur_per_mwh", c.lcoh_network_eur_per_mwh,
          {.unit = "EUR/MWh", .description = "demand-weighted mean of the cells (0: unknown)"});
  t.write("lcoh_individual_eur_per_mwh", c.lcoh_individual_eur_per_mwh,
          {.unit = "EUR/MWh", .description = "demand-weighted mean of the cells (0: unknown)"});
}

void write_supply_areas(const h5::Group& year_group, const SupplyAreasYear& a, const GasGridSummary& gas_grid) {
  const std::size_t cells = a.area_id.size();
  const sp::SupplyAreaResult& areas = a.areas;
  const CellNetworkInputs& cell_network = a.cell_network;
  std::vector<std::string> type(cells), grade_network(cells), grade_hydrogen(cells), grade_decentralised(cells);
  for (std::size_t c = 0; c < cells; ++c) {
    type[c] = std::string(sp::supply_area_type_name(static_cast<sp::SupplyAreaType>(areas.type[c])));
    grade_network[c] = std::string(sp::suitability_name(static_cast<sp::Suitability>(areas.heat_network_grade[c])));
    grade_hydrogen[c] = std::string(sp::suitability_name(static_cast<sp::Suitability>(areas.hydrogen_grade[c])));
    grade_decentralised[c] =
        std::string(sp::suitability_name(static_cast<sp::Suitability>(areas.decentralised_grade[c])));
  }
  h5::Group sa = year_group.create_group("supply_areas");
  sa.set_attribute("crs", "EPSG:3035");
  write_gas_grid_evidence(sa, gas_grid, a.gas_cells, cells);
  sa.write_strings("id", a.area_id, {.description = "INSPIRE/census id of the 100 m cell"});
  sa.write_strings("type", type, {.description = "heat_network | hydrogen_network | decentralised | test_area"});
  sa.write_strings("heat_network_grade", grade_network, {.description = "WPG §19 suitability for a heat network"});
  sa.write_strings("hydrogen_grade", grade_hydrogen, {.description = "WPG §19 suitability for a hydrogen network"});
  sa.write_strings("decentralised_grade", grade_decentralised,
                   {.description = "WPG §19 suitability for decentralised supply"});
  sa.write_strings("reasons", areas.reasons, {.description = "reason codes separated by ';' (docs/SUPPLY.md)"});
  sa.write("heat_demand_mwh", a.heat_demand_mwh,
           {.unit = "MWh/a", .description = "space heating + hot water need of the cell's computed buildings"});
  sa.write("heat_density_mwh_per_ha_a", areas.heat_density_mwh_per_ha_a, {.unit = "MWh/(ha.a)"});
  sa.write("line_density_mwh_per_m_a", areas.line_density_mwh_per_m_a,
           {.unit = "MWh/(m.a)", .description = "0: no network planned in the cell"});
  sa.write("route_length_m", cell_network.route_length_m,
           {.unit = "m",
            .description = "route of the run's network in the cell: its supply pipes by the cell of "
                           "their midpoint (0: none)"});
  sa.write("lcoh_network_eur_per_mwh", cell_network.lcoh_network_eur_per_mwh,
           {.unit = "EUR/MWh", .description = "network LCOH (VDI 2067) or estimate; see lcoh_network_method"});
  {
    std::vector<std::string> method(cells);
    for (std::size_t c = 0; c < cells; ++c) {
      method[c] = std::string(cell_lcoh_method_name(static_cast<CellLcohMethod>(cell_network.method[c])));
    }
    sa.write_strings("lcoh_network_method", method,
                     {.description = "designed_network | existing_network | district_heat_price "
                                     "(docs/SUPPLY.md, One supply model)"});
    std::vector<std::string> extension_method(cells);
    for (std::size_t c = 0; c < cells; ++c) {
      extension_method[c] =
          std::isfinite(cell_network.extension_lcoh_eur_per_mwh[c])
              ? std::string(cell_lcoh_method_name(static_cast<CellLcohMethod>(cell_network.extension_method[c])))
              : std::string();
    }
    sa.write_strings("network_evidence", a.network_evidence,
                     {.description = "why the run's network changed the cell's evidence (empty: the evidence "
                                     "of a run without [network]; docs/SUPPLY.md)"});
    sa.write("extension_lcoh_eur_per_mwh", cell_network.extension_lcoh_eur_per_mwh,
             {.unit = "EUR/MWh",
              .description = "estimated LCOH of extending the run's network into an unserved cell; not used "
                             "by the classification (NaN: none)"});
    sa.write_strings("extension_method", extension_method,
                     {.description = "street_length_estimate | route_per_connection_estimate (empty: none)"});
    sa.write("estimate_route_length_m", cell_network.estimate_route_m,
             {.unit = "m", .description = "route the extension estimate assumed (0: none)"});
  }
  sa.write("lcoh_individual_eur_per_mwh", a.lcoh_individual_eur_per_mwh,
           {.unit = "EUR/MWh", .description = "mean LCOH of the cell's buildings' individual supply"});
  write_supply_area_clusters(sa, a.clusters);
}

}  // namespace

ResultsWriter::ResultsWriter(const DemandScenario& s, const DemandRunHooks& hooks)
    : s_(s),
      hooks_(hooks),
      file_(create_results_file(s, hooks)),
      scenario_group_(file_.root().create_group("results").create_group(s.name)) {}

WrittenYear ResultsWriter::write_year(const YearResults& y, const DemandStage& stage, const DemandSummary& summary) {
  const DemandScenario& s = s_;
  const DemandYear& d = y.demand;
  const SupplyYear& sup = y.supply;
  const YearSummary& year_totals = y.totals;
  const twin::Twin& twin = stage.twin();
  const auto& b = twin.buildings;
  const auto& model = d.model();
  const dm::Rc5Results& r = d.r();
  const std::size_t n = d.n();
  const int year = d.year;
  const bool hourly_method = d.hourly_method;
  const std::vector<double>& annual_hot_water_kwh = d.annual_hot_water_kwh;
  const std::array<dm::DailyProfile, 2>& hot_water_profiles = stage.hot_water_profiles();
  h5::Group year_group = scenario_group_.create_group(std::to_string(year));
  year_group.set_attribute("method", d.totals.method);
  year_group.set_attribute("refurbishment_state", std::string(typology_state_name(s.refurbishment_state)));
  year_group.set_attribute("modernisation", summary.modernisation.basis);
  year_group.set_attribute("weather_site", summary.weather_site);
  year_group.set_attribute("calendar_year", std::array<std::int64_t, 1>{s.calendar ? s.calendar_year : 0});
  year_group.set_attribute("refurbished_buildings",
                           std::array<std::int64_t, 1>{static_cast<std::int64_t>(d.refurbished_so_far)});
  year_group.set_attribute("refurbished_envelope_changed",
                           std::array<std::int64_t, 1>{static_cast<std::int64_t>(d.envelope_changed)});
  // The rate and depth of this calendar year (with a path: of its period); the whole path as text.
  year_group.set_attribute("refurbishment_rate_per_year",
                           fmt::format("{}", s.refurbishment.rate_in_year(year)));  // 1/a
  year_group.set_attribute("refurbishment_depth", s.refurbishment.depth_in_year(year));
  year_group.set_attribute("refurbishment_path", s.refurbishment.describe());
  year_group.set_attribute("refurbishment_order", refurbishment_order_name(s.refurbishment.order));
  year_group.set_attribute("base_year", std::array<std::int64_t, 1>{s.years.front()});
  h5::Group buildings = year_group.create_group("buildings");
  std::vector<std::string> ids(n);
  std::vector<std::int64_t> twin_index(n);
  for (std::size_t k = 0; k < n; ++k) {
    ids[k] = std::string(b.id[model.twin_index[k]]);
    twin_index[k] = model.twin_index[k];
  }
  buildings.write_strings("id", ids, {.description = "building id as in the twin"});
  buildings.write("twin_index", twin_index,
                  {.unit = "1", .description = "row of the building in the twin's /buildings"});
  {
    std::vector<std::uint8_t> refurbished_column(n);
    for (std::size_t k = 0; k < n; ++k) refurbished_column[k] = d.refurbished[model.twin_index[k]];
    buildings.write("refurbished", refurbished_column,
                    {.unit = "1", .description = "1: refurbished by this year (selected by the [refurbishment] rule)"});
  }
  if (s.imputes_modernisation()) {
    std::vector<std::uint8_t> modernised_column(n);
    for (std::size_t k = 0; k < n; ++k) modernised_column[k] = stage.modernised_elements()[model.twin_index[k]];
    buildings.write("modernised_elements", modernised_column,
                    {.unit = "1",
                     .description = "elements modernised since construction by the [typology] modernisation "
                                    "imputation, bits: 1 wall, 2 roof, 4 floor, 8 window (0: none or not imputed)"});
  }
  buildings.write("heated_floor_area_m2", model.buildings.floor_area_m2, {.unit = "m2"});
  buildings.write("annual_heating_kwh", r.annual_heating_kwh,
                  {.unit = "kWh/a",
                   .description = "standard demand: space heating need under standard use (20 degC, every "
                                  "dwelling occupied; docs/DEMAND.md)"});
  buildings.write("monthly_heating_kwh", r.monthly_heating_kwh,
                  {.unit = "kWh", .description = "[building][month 1..12]", .columns = 12});
  if (hourly_method) {
    buildings.write("annual_cooling_kwh", r.annual_cooling_kwh,
                    {.unit = "kWh/a", .description = "sensible cooling need"});
    buildings.write("peak_heating_w", r.peak_heating_w,
                    {.unit = "W", .description = "largest hourly mean heating power"});
    buildings.write("peak_cooling_w", r.peak_cooling_w, {.unit = "W"});
    buildings.write("mean_air_c", r.mean_air_c, {.unit = "degC", .description = "annual mean zone air temperature"});
  }
  buildings.write("annual_hot_water_kwh", annual_hot_water_kwh,
                  {.unit = "kWh/a",
                   .description = "standard demand: domestic hot water need (TABULA, residential); NaN: not computed"});
  buildings.write(
      "calibration_factor", d.calibration_factor,
      {.unit = "1", .description = "metered heat / computed (space heating + hot water); NaN: no meter value"});
  buildings.write(
      "calibrated_annual_heat_kwh", d.calibrated_annual_heat_kwh,
      {.unit = "kWh/a", .description = "metered heat where the twin has it, else space heating + hot water"});
  // Standard demand and expected consumption (docs/DEMAND.md, docs/results-schema.md).
  year_group.set_attribute("demand_basis", d.totals.consumption.basis);
  buildings.write("expected_heating_kwh", d.expected_heating_kwh,
                  {.unit = "kWh/a",
                   .description = "expected space heating consumption: annual_heating_kwh (standard demand) x TABULA "
                                  "adaptation factor x vacancy factor (residential; non-residential: = standard)"});
  buildings.write("expected_hot_water_kwh", d.expected_hot_water_kwh,
                  {.unit = "kWh/a",
                   .description = "expected hot water consumption: annual_hot_water_kwh x adaptation x (1 - vacant "
                                  "share); NaN: not computed"});
  buildings.write("consumption_factor", d.consumption_factor,
                  {.unit = "1",
                   .description = "(expected heating + hot water) / (standard heating + hot water); 1 for "
                                  "non-residential buildings"});
  buildings.write("adaptation_factor", d.adaptation_factor,
                  {.unit = "1",
                   .description = "TABULA factor measured/calculated at the building's calculated delivered energy "
                                  "(Tab.CalcAdapt DE.M.0x); NaN: non-residential"});
  h5::Group regions = year_group.create_group("regions");
  std::map<std::string, MunicipalityYear> by_municipality;
  std::vector<std::string> ags;
  std::vector<double> hourly, region_monthly(r.regions.size() * 12, 0.0);
  for (std::size_t k = 0; k < r.regions.size(); ++k) {
    const std::uint32_t m = r.regions[k];
    ags.push_back(m < twin.regions.municipalities.size() ? twin.regions.municipalities[m].ags : "");
    if (hourly_method) hourly.insert(hourly.end(), r.region_heating_w[k].begin(), r.region_heating_w[k].end());
  }
  for (std::size_t k = 0; k < n; ++k) {  // in building order: the same sums at any thread count
    const std::size_t row = d.region_row.at(model.buildings.region[k]);
    for (std::size_t m = 0; m < 12; ++m) region_monthly[row * 12 + m] += r.monthly_heating_kwh[k * 12 + m];
  }
  regions.write("hourly_hot_water_w", d.hourly_hot_water_w,
                {.unit = "W",
                 .description = "[municipality][hour], hourly mean domestic hot water power",
                 .columns = dm::HOURS_PER_YEAR});
  regions.write_strings("ags", ags, {.description = "AGS of each municipality (empty: buildings outside any)"});
  regions.write("monthly_heating_kwh", region_monthly,
                {.unit = "kWh", .description = "[municipality][month 1..12], space heating need", .columns = 12});
  if (hourly_method) {
    regions.write("hourly_heating_w", hourly,
                  {.unit = "W",
                   .description = "[municipality][hour 0..8759], hourly mean space heating power",
                   .columns = dm::HOURS_PER_YEAR});
  }
  // Heat density on the census 100 m grid (EPSG:3035): annual needs of the computed buildings
  // by the twin's grid cell, for heat-density maps of the heat plan. Cells in ascending order.
  {
    std::vector<double> cell_heating(twin.grid.size(), 0.0), cell_hot_water(twin.grid.size(), 0.0);
    std::vector<std::uint8_t> used(twin.grid.size(), 0);
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t cell = b.grid_cell[model.twin_index[k]];
      if (cell >= twin.grid.size()) continue;
      used[cell] = 1;
      cell_heating[cell] += r.annual_heating_kwh[k];
      if (std::isfinite(annual_hot_water_kwh[k])) cell_hot_water[cell] += annual_hot_water_kwh[k];
    }
    std::vector<std::string> cell_ids;
    std::vector<double> heating, hot_water;
    for (std::size_t c = 0; c < twin.grid.size(); ++c) {
      if (!used[c]) continue;
      cell_ids.push_back(twin.grid.cell_id(c));
      heating.push_back(cell_heating[c]);
      hot_water.push_back(cell_hot_water[c]);
    }
    h5::Group grid = year_group.create_group("grid");
    grid.set_attribute("crs", "EPSG:3035");
    grid.write_strings("cell_id", cell_ids, {.description = "INSPIRE/census id of the 100 m cell"});
    grid.write("annual_heating_kwh", heating,
               {.unit = "kWh/a", .description = "space heating need of the computed buildings in the cell"});
    grid.write("annual_hot_water_kwh", hot_water,
               {.unit = "kWh/a", .description = "domestic hot water need of the computed buildings in the cell"});
    // Hourly sums per cell ([outputs] hourly_grid), rows in the order of cell_id: the kernel's
    // groups are the twin cell indices ascending, with NO_INDEX (outside the grid) last.
    if (d.grid_plan.write) {
      const dm::Rc5GroupingSums& sums = r.grouping_sums.at(0);
      const std::size_t rows = cell_ids.size();
      HEATTWIN_CHECK(sums.groups.size() >= rows && (sums.groups.size() == rows || sums.groups[rows] == NO_INDEX),
                     "{}: internal: {} hourly grid groups for {} cells", s.source, sums.groups.size(), rows);
      // Stored as float32: 7 significant digits are far below the model's uncertainty, and the
      // file and the deflate time halve (973 cells × 5 years: 9.1 s → see docs/PERFORMANCE.md).
      const std::vector<float> hourly_heating_cells(
          sums.heating_w.begin(), sums.heating_w.begin() + static_cast<std::ptrdiff_t>(rows * dm::HOURS_PER_YEAR));
      grid.write("hourly_heating_w", hourly_heating_cells,
                 {.unit = "W",
                  .description = "[cell][hour 0..8759], hourly mean space heating power of the computed buildings "
                                 "in the cell (rows as cell_id; float32)",
                  .columns = dm::HOURS_PER_YEAR});
      std::vector<std::uint32_t> row_of_cell(twin.grid.size(), NO_INDEX);
      for (std::size_t k = 0; k < rows; ++k) row_of_cell[sums.groups[k]] = static_cast<std::uint32_t>(k);
      std::vector<std::array<double, 2>> daily(rows, {0.0, 0.0});  // kWh/d by hot-water profile
      for (std::size_t k = 0; k < n; ++k) {
        const std::uint32_t i = model.twin_index[k];
        const std::uint32_t cell = b.grid_cell[i];
        if (cell >= twin.grid.size() || !std::isfinite(annual_hot_water_kwh[k])) continue;
        daily[row_of_cell[cell]][dm::hot_water_profile_of_type(b.residential_type[i])] +=
            annual_hot_water_kwh[k] / 365.0;
      }
      std::vector<float> hourly_hot_water_cells(rows * dm::HOURS_PER_YEAR);
      for (std::size_t k = 0; k < rows; ++k) {
        for (std::size_t h = 0; h < dm::HOURS_PER_YEAR; ++h) {
          hourly_hot_water_cells[k * dm::HOURS_PER_YEAR + h] = static_cast<float>(
              1000.0 * (daily[k][0] * hot_water_profiles[0][h % 24] + daily[k][1] * hot_water_profiles[1][h % 24]));
        }
      }
      grid.write("hourly_hot_water_w", hourly_hot_water_cells,
                 {.unit = "W",
                  .description = "[cell][hour 0..8759], hourly mean domestic hot water power (rows as cell_id; "
                                 "float32)",
                  .columns = dm::HOURS_PER_YEAR});
    }
    grid.set_attribute("hourly", d.grid_plan.note);
  }
  // Supply areas and the individual supply of the year.
  write_supply_areas(year_group, sup.areas, summary.gas_grid);
  const sp::IndividualResult& supplied = sup.supplied;
  buildings.write("network_supplied", sup.on_network,
                  {.unit = "1",
                   .description = "1: supplied by the run's network this year (house substation; CO2 of the "
                                  "network's dispatch per kWh sold)"});
  buildings.write_strings("supply_option", sup.option_names,
                          {.description = "heating system in this year (catalogue technology; "
                                          "solvers/supply/individual)"});
  buildings.write("supply_kept_existing", supplied.kept_existing,
                  {.unit = "1", .description = "1: the existing system (the twin's or imputed) is still in service"});
  if (d.index == 0) {
    buildings.write("existing_carrier_imputed", sup.existing_carrier_imputed,
                    {.unit = "1",
                     .description = "1: the base year's heating carrier was drawn from the state-wide census "
                                    "shares, 2: from the census counts of the building's 100 m cell "
                                    "(solvers/supply/existing_systems)"});
    buildings.write("existing_install_year_imputed", sup.existing_install_year_imputed,
                    {.unit = "1", .description = "1: the installation year of the base year's system was drawn"});
  }
  buildings.write_strings("final_energy_carrier", sup.carrier_names,
                          {.description = "purchased carrier of the system"});
  buildings.write("final_energy_kwh", supplied.final_energy_kwh,
                  {.unit = "kWh/a", .description = "purchased final energy of final_energy_carrier"});
  buildings.write("ambient_heat_kwh", supplied.ambient_heat_kwh,
                  {.unit = "kWh/a", .description = "environmental heat of heat pumps (renewable)"});
  buildings.write("supply_cost_eur_per_a", supplied.cost_eur_per_a,
                  {.unit = "EUR/a", .description = "VDI 2067 annuity: capital (if new) + maintenance + energy"});
  buildings.write("lcoh_individual_eur_per_mwh", supplied.lcoh_eur_per_mwh,
                  {.unit = "EUR/MWh", .description = "levelised cost of heat of the individual supply"});
  buildings.write("co2_kg_per_a", supplied.co2_kg_per_a, {.unit = "kg/a", .description = "CO2-eq of the final energy"});
  buildings.write("design_supply_t_c", sup.design_supply_t_c,
                  {.unit = "degC", .description = "assumed design supply temperature (docs/SCENARIOS.md)"});
  write_system_power(buildings, regions, sup.system_power, sup.peak_kw);  // measured or estimated system sizes
  regions.write("final_energy_mwh", sup.region_final_energy_mwh,
                {.unit = "MWh/a",
                 .description = "[municipality][carrier as in ../final_energy/carrier], individual supply "
                                "(ambient heat included)",
                 .columns = ec::CARRIER_COUNT});
  regions.write("co2_t", sup.co2_t_per_region, {.unit = "t/a", .description = "CO2-eq of the individual supply"});
  by_municipality =
      municipality_totals(ags, region_monthly, sup.region_final_energy_mwh, ec::CARRIER_COUNT, sup.co2_t_per_region);
  h5::Group final_energy = year_group.create_group("final_energy");
  final_energy.write_strings("carrier", sup.carrier_list, {.description = "rows of mwh"});
  final_energy.write_strings("sector", sup.sector_list, {.description = "columns of mwh (WPG §15 sectors)"});
  final_energy.write("mwh", sup.final_energy_mwh_by_carrier_sector,
                     {.unit = "MWh/a",
                      .description = "[carrier][sector] final energy of the individual supply",
                      .columns = ec::SECTOR_COUNT});
  final_energy.write("co2_t", std::vector<double>{year_totals.co2_t},
                     {.unit = "t/a", .description = "CO2-eq of all computed buildings"});
  if (y.network.run) {
    write_network_results(year_group, *y.network.run, twin, y.network.supply ? &*y.network.supply : nullptr);
  }
  if (year_totals.potential_use) write_potentials(year_group, y.potentials, *year_totals.potential_use);
  if (y.network.municipal != nullptr) y.network.municipal->write(year_group, twin);
  // Investment per measure in the period ending with the year (scenarios/investment_results.hpp).
  const std::size_t yi = d.index;
  const YearInvestmentInputs investment{yi,
                                        d.year,
                                        s.years[yi > 0 ? yi - 1 : 0],
                                        y.network.supply ? &*y.network.supply : nullptr,
                                        y.network_existing,
                                        year_totals.investment_eur,
                                        sup.investment_eur_by_building,
                                        year_totals.refurbished_buildings,
                                        yi > 0 ? summary.years.back().refurbished_buildings : 0,
                                        &twin,
                                        ags,
                                        model.twin_index,
                                        y.network.run ? &*y.network.run : nullptr,
                                        y.network.municipal,
                                        &network_built_eur_};
  write_period_investment(year_group, investment);
  record_network_built(investment, network_built_eur_);
  // Design and target problems of the year (scenarios/run_warnings.hpp).
  write_warnings(year_group, year_totals.warnings);
  {  // The indicators every output prints, by their one definition (twin/indicators.hpp).
    h5::Group ind = year_group.create_group("indicators");
    const auto scalar = [&](std::string_view name, double value, std::string_view unit, std::string_view text) {
      ind.write(name, std::vector<double>{value}, {.unit = unit, .description = text});
    };
    scalar("heat_demand_mwh", twin::heat_demand_mwh(year_totals.heating_mwh, year_totals.hot_water_mwh), "MWh/a",
           "space heating + hot water need of the computed buildings");
    scalar("heated_floor_area_m2", year_totals.heated_floor_area_m2, "m2", "heated floor area A_N");
    scalar("specific_demand_kwh_per_m2a",
           twin::specific_demand_kwh_per_m2a(year_totals.heating_mwh, year_totals.hot_water_mwh,
                                             year_totals.heated_floor_area_m2),
           "kWh/(m2.a)", "heat demand / heated floor area");
    scalar("peak_load_mw", year_totals.peak_load_mw, "MW",
           "largest hourly space heating + hot water of all computed buildings (NaN: monthly method)");
    scalar("final_energy_mwh", year_totals.final_energy_mwh, "MWh/a",
           "final energy of the year's supply by carrier, ambient heat included (as final_energy/mwh)");
    scalar("co2_t", year_totals.co2_t, "t/a", "CO2-eq of the year's supply (as final_energy/co2_t)");
    scalar("renewable_share", year_totals.renewable_share, "1",
           "final energy of biomass, ambient heat, solar thermal and waste heat / final energy");
  }
  return WrittenYear{std::move(year_group), std::move(by_municipality)};
}

void ResultsWriter::finish(const twin::Twin& twin, const solvers::economics::TechnologyCatalogue& catalogue,
                           const std::string& twin_summary_json, const std::string& started_utc,
                           DemandSummary& summary) {
  const DemandScenario& s = s_;
  h5::Group root = file_.root();
  h5::Group meta = root.create_group("meta");
  meta.set_attribute("heattwin_version", VERSION);
  meta.set_attribute("git_sha", GIT_SHA);
  meta.set_attribute("started_utc", started_utc);
  {
    std::ifstream in(s.source, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    meta.write_strings("scenario_toml", {text.str()}, {.description = "the scenario file as run"});
    if (!s.overrides.empty()) {
      std::vector<std::string> lines;
      for (const auto& o : s.overrides) lines.push_back(to_string(o));
      meta.write_strings("scenario_overrides", lines,
                         {.description = "key = value set on top of scenario_toml before the run, in order"});
    }
    h5::Group inputs = meta.create_group("inputs");
    h5::Group hashes = meta.create_group("input_sha256");
    const auto hash_start = std::chrono::steady_clock::now();
    for (const auto& [role, input] : scenario_inputs(s)) {
      inputs.set_attribute(role, input);
      hashes.set_attribute(role, hooks_.write_results ? twin::file_sha256_hex(input) : std::string("not computed"));
    }
    summary.seconds_hashing = std::chrono::duration<double>(std::chrono::steady_clock::now() - hash_start).count();
  }
  write_cost_table(meta, catalogue);  // the costs used, with source and verified flag
  h5::Group twin_group = root.create_group("twin");
  twin_group.set_attribute("path", s.twin_path);
  twin_group.set_attribute("crs", twin.crs);
  twin_group.write_strings("summary_json", {twin_summary_json},
                           {.description = "inventory and data-quality report of the twin (as heattwin info --json)"});
  // The networks the scenario computed (designed, or the twin's), read by export, report and the
  // maps instead of the twin's (so a run need not store a design in its input twin).
  if (s.network.enabled) write_scenario_networks(root, s.name, twin.networks);
  meta.set_attribute("finished_utc", utc_now_iso8601());
  // Other scenarios of an existing results file are kept beside this one (scenarios/results_merge.hpp).
  if (hooks_.write_results) summary.kept_scenarios = keep_other_scenarios(root, s.out_path, s.name, s.twin_path);
  file_.commit();
}

}  // namespace heattwin::scenarios
