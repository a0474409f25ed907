#include "scenarios/demand_run.hpp"

#include "scenarios/municipal_networks.hpp"
#include "scenarios/network_toml.hpp"
#include "scenarios/overrides_toml.hpp"
#include "scenarios/refurbishment.hpp"
#include "solvers/demand/dhw.hpp"
#include "solvers/demand/hourly_5r1c.hpp"
#include "solvers/demand/weather.hpp"
#include "solvers/economics/carriers.hpp"
#include "solvers/economics/technology.hpp"
#include "solvers/supply/existing_systems.hpp"
#include "solvers/supply/individual.hpp"
#include "solvers/supply/supply_areas.hpp"
#include "solvers/supply/supply_clusters.hpp"
#include "twin/error.hpp"
#include "twin/file_hash.hpp"
#include "twin/h5.hpp"
#include "twin/indicators.hpp"
#include "twin/input_file.hpp"
#include "twin/log.hpp"
#include "twin/results_format.hpp"
#include "twin/summary.hpp"
#include "twin/twin_store.hpp"
#include "twin/typology.hpp"
#include "twin/use_class.hpp"

#include <heattwin/version_info.hpp>

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <limits>
#include <mutex>
#include <set>
#include <span>
#include <sstream>
#include <tuple>
#include <unordered_map>

namespace heattwin::scenarios {
namespace {

namespace fs = std::filesystem;
namespace dm = solvers::demand;

std::string at_line(const std::string& path, const toml::node& node) {
  // A value set by an override (scenarios/scenario_overrides.hpp) has the override as its source.
  if (const auto& source = node.source().path; source && *source != path) return fmt::format("{} ({})", path, *source);
  return fmt::format("{}:{}", path, node.source().begin.line);
}

/// Checks that a table has only the given keys (the schema lives here, next to the parser).
void only_keys(const std::string& path, const toml::table& table, std::string_view section,
               std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, node] : table) {
    bool ok = false;
    for (const auto a : allowed) ok = ok || key.str() == a;
    HEATTWIN_CHECK(ok, "{}: unknown key '{}' in [{}] (allowed: {})", at_line(path, node), key.str(), section,
                   fmt::join(allowed, ", "));
  }
}

std::string path_value(const std::string& file, const toml::table& t, std::string_view key, bool required) {
  const toml::node* node = t.get(key);
  if (node == nullptr) {
    HEATTWIN_CHECK(!required, "{}: [run] needs the key '{}'", file, key);
    return {};
  }
  const auto* s = node->as_string();
  HEATTWIN_CHECK(s != nullptr, "{}: '{}' must be a string path", at_line(file, *node), key);
  fs::path p(s->get());
  if (p.is_relative()) p = fs::path(file).parent_path() / p;
  return p.lexically_normal().string();
}

double number_value(const std::string& file, const toml::table& t, std::string_view key, double fallback) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return fallback;
  const auto v = node->value<double>();
  HEATTWIN_CHECK(v.has_value() && std::isfinite(*v), "{}: '{}' must be a number", at_line(file, *node), key);
  return *v;
}

std::string utc_now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::array<char, 32> text{};
  std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text.data();
}

/// The files a run reads, by role (recorded with their SHA-256 in /meta).
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
  if (s.impute_modernisation && s.refurbishment_state == "existing")
    inputs.emplace_back("modernisation_shares", s.modernisation_shares_csv);
  return inputs;
}

/// The TABULA adaptation curve of a heating system (solvers/demand/consumption.hpp) and its
/// delivered energy per kWh of heat: 1 / the catalogue efficiency for boilers; 1 for district
/// heat (delivered = heat at the substation), heat pumps (evaluated by their generated heat on
/// the fuel curve, as Tab.CalcAdapt derives its heat-pump curve), direct electric heating and an
/// unknown system (fuel curve).
std::pair<solvers::demand::AdaptationCurve, double> adaptation_curve_of(
    std::uint8_t option, const solvers::economics::TechnologyCatalogue& catalogue) {
  namespace sp = solvers::supply;
  using solvers::demand::AdaptationCurve;
  if (option >= sp::INDIVIDUAL_OPTION_COUNT) return {AdaptationCurve::central_fuel_or_district_heat, 1.0};
  switch (static_cast<sp::IndividualOption>(option)) {
    case sp::IndividualOption::gas_boiler:
    case sp::IndividualOption::hydrogen_boiler:
    case sp::IndividualOption::biomass_boiler:
    case sp::IndividualOption::oil_boiler: {
      const double efficiency =
          catalogue.value_or(sp::option_technology(static_cast<sp::IndividualOption>(option)), "efficiency", 1.0);
      return {AdaptationCurve::central_fuel_or_district_heat, efficiency > 0.0 ? 1.0 / efficiency : 1.0};
    }
    case sp::IndividualOption::electric_heater:
      return {AdaptationCurve::direct_electric, 1.0};
    default:
      return {AdaptationCurve::central_fuel_or_district_heat, 1.0};
  }
}

/// WPG §15 inventory sector of a use class (HeatTwin assumption: offices count as commercial,
/// schools, hospitals, sports, culture and other public buildings as public).
solvers::economics::Sector sector_of_use(std::uint8_t use_class) {
  using solvers::economics::Sector;
  switch (static_cast<twin::UseClass>(use_class)) {
    case twin::UseClass::residential:
    case twin::UseClass::residential_mixed:
      return Sector::residential;
    case twin::UseClass::industry:
    case twin::UseClass::storage:
    case twin::UseClass::agriculture:
      return Sector::industry;
    case twin::UseClass::school:
    case twin::UseClass::hospital:
    case twin::UseClass::sports:
    case twin::UseClass::culture:
    case twin::UseClass::public_other:
      return Sector::public_sector;
    default:
      return Sector::commercial;
  }
}

/// The hourly sums per 100 m grid cell of one year ([outputs] hourly_grid): each computed
/// building's twin cell index as the kernel's grouping (NO_INDEX outside the grid, which
/// sorts last), and whether they are computed and written, with the reason when not.
struct HourlyGridPlan {
  bool write = false;
  std::string note;                 ///< for the run summary
  std::vector<std::uint32_t> cell;  ///< per computed building (empty when not written)
};

HourlyGridPlan plan_hourly_grid(const DemandScenario& s, bool hourly_method, const twin::Twin& twin,
                                const dm::StockModel& model) {
  HourlyGridPlan plan;
  if (s.hourly_grid == DemandScenario::HourlyGrid::never) {
    plan.note = "skipped: [outputs] hourly_grid = false";
    return plan;
  }
  if (!hourly_method) {
    plan.note = "skipped: method = \"monthly\" has no hourly results";
    return plan;
  }
  const std::size_t n = model.buildings.size();
  plan.cell.resize(n);
  std::vector<std::uint8_t> used(twin.grid.size(), 0);
  std::size_t cells = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t c = twin.buildings.grid_cell[model.twin_index[k]];
    plan.cell[k] = c < twin.grid.size() ? c : NO_INDEX;
    if (c < twin.grid.size() && used[c] == 0) {
      used[c] = 1;
      ++cells;
    }
  }
  if (cells == 0) {
    plan.note = "skipped: no computed building lies in a cell of the twin's grid";
    plan.cell.clear();
    return plan;
  }
  // The kernel's per-chunk partial sums, the merged sums and the hot-water array, 8 B per value.
  const double mib =
      3.0 * static_cast<double>(cells) * static_cast<double>(dm::HOURS_PER_YEAR) * 8.0 / (1024.0 * 1024.0);
  if (s.hourly_grid == DemandScenario::HourlyGrid::automatic && mib > s.hourly_grid_budget_mib) {
    plan.note = fmt::format(
        "skipped: {} cells need about {:.0f} MiB, above hourly_grid_budget_mib = {:.0f} (set [outputs] hourly_grid = "
        "true to force)",
        cells, mib, s.hourly_grid_budget_mib);
    plan.cell.clear();
    return plan;
  }
  plan.write = true;
  plan.note = fmt::format("written ({} cells, about {:.0f} MiB while computing)", cells, mib);
  return plan;
}

/// Design supply temperature of a building's heating (°C; HeatTwin assumption, docs/SCENARIOS.md):
/// refurbished or built from 2010: 55 °C resp. 35 °C (floor heating); 1995–2009: 55 °C; older: 70 °C.
double design_supply_t_c(int year_of_construction, bool refurbished) {
  if (year_of_construction >= 2010) return 35.0;
  if (refurbished || year_of_construction >= 1995) return 55.0;
  return 70.0;
}

/// `[prices]` or `[co2_factors]`: a table per carrier of year = value, e.g.
///     [prices.natural_gas]
///     2030 = 140.0
void parse_carrier_year_overrides(const std::string& path, const toml::table& t, std::string_view section,
                                  std::string_view unit, std::vector<CarrierYearOverride>& out) {
  namespace ec = solvers::economics;
  for (const auto& [carrier_key, node] : t) {
    const auto carrier = ec::carrier_from_name(carrier_key.str());
    HEATTWIN_CHECK(carrier.has_value(),
                   "{}: unknown carrier '{}' in [{}] (use electricity, natural_gas, heating_oil, hydrogen, biomass, "
                   "district_heat, waste_heat, ambient_heat, solar_thermal)",
                   at_line(path, node), carrier_key.str(), section);
    const toml::table* years = node.as_table();
    HEATTWIN_CHECK(years != nullptr && !years->empty(),
                   "{}: [{}] {} must be a table of year = value in {} (e.g. [{}.{}] with 2030 = 120.0)",
                   at_line(path, node), section, carrier_key.str(), unit, section, carrier_key.str());
    for (const auto& [year_key, value_node] : *years) {
      int year = 0;
      const std::string_view y = year_key.str();
      const auto [end, ec_] = std::from_chars(y.data(), y.data() + y.size(), year);
      HEATTWIN_CHECK(ec_ == std::errc() && end == y.data() + y.size() && year >= 1990 && year <= 2100,
                     "{}: [{}.{}] key '{}' must be a year between 1990 and 2100", at_line(path, value_node), section,
                     carrier_key.str(), y);
      const auto v = value_node.value<double>();
      HEATTWIN_CHECK(v.has_value() && std::isfinite(*v) && *v >= 0.0, "{}: [{}.{}] {} must be a number ≥ 0 in {}",
                     at_line(path, value_node), section, carrier_key.str(), year, unit);
      out.push_back({*carrier, year, *v});
    }
  }
}

/// `[supply_areas]`: the classification thresholds (solvers/supply/supply_areas.hpp).
void parse_supply_area_thresholds(const std::string& path, const toml::table& t,
                                  solvers::supply::SupplyAreaThresholds& th) {
  only_keys(path, t, "supply_areas",
            {"density_band_1_mwh_per_ha_a", "density_band_2_mwh_per_ha_a", "density_band_3_mwh_per_ha_a",
             "line_density_low_mwh_per_m_a", "line_density_high_mwh_per_m_a", "cost_margin"});
  auto number = [&](std::string_view key, double& target, double lo, double hi) {
    if (const toml::node* n = t.get(key)) {
      const auto v = n->value<double>();
      HEATTWIN_CHECK(v.has_value() && *v >= lo && *v <= hi, "{}: [supply_areas] {} must be a number in [{}, {}]",
                     at_line(path, *n), key, lo, hi);
      target = *v;
    }
  };
  number("density_band_1_mwh_per_ha_a", th.density_band_1_mwh_per_ha_a, 0.0, 1e5);
  number("density_band_2_mwh_per_ha_a", th.density_band_2_mwh_per_ha_a, 0.0, 1e5);
  number("density_band_3_mwh_per_ha_a", th.density_band_3_mwh_per_ha_a, 0.0, 1e5);
  number("line_density_low_mwh_per_m_a", th.line_density_low_mwh_per_m_a, 0.0, 1e3);
  number("line_density_high_mwh_per_m_a", th.line_density_high_mwh_per_m_a, 0.0, 1e3);
  number("cost_margin", th.cost_margin, 0.0, 1.0);
  HEATTWIN_CHECK(th.density_band_1_mwh_per_ha_a < th.density_band_2_mwh_per_ha_a &&
                     th.density_band_2_mwh_per_ha_a < th.density_band_3_mwh_per_ha_a,
                 "{}: [supply_areas] the density bands must ascend (band 1 {} < band 2 {} < band 3 {} MWh/(ha a))",
                 path, th.density_band_1_mwh_per_ha_a, th.density_band_2_mwh_per_ha_a, th.density_band_3_mwh_per_ha_a);
  HEATTWIN_CHECK(th.line_density_low_mwh_per_m_a <= th.line_density_high_mwh_per_m_a,
                 "{}: [supply_areas] line_density_low_mwh_per_m_a {} must not exceed line_density_high_mwh_per_m_a {}",
                 path, th.line_density_low_mwh_per_m_a, th.line_density_high_mwh_per_m_a);
}

/// Supply sub-areas (solvers/supply/supply_clusters, docs/SUPPLY.md): the cells of the
/// supply_areas table `sa` (row r = twin grid cell row_cell[r], buildings[r] computed buildings,
/// evidence `cells` as classified) grouped into edge-connected clusters, reclassified from their
/// aggregated evidence, clusters below the privacy minimum merged. Writes sa/cluster (per cell)
/// and the table sa/clusters, classified with `thresholds`. Returns the number of clusters.
std::size_t write_supply_area_clusters(const h5::Group& sa, const twin::Grid100m& grid,
                                       std::span<const std::uint32_t> row_cell,
                                       std::span<const std::uint32_t> buildings,
                                       const solvers::supply::SupplyAreaInput& cells,
                                       const solvers::supply::SupplyAreaThresholds& thresholds) {
  namespace sp = solvers::supply;
  std::vector<std::uint32_t> north(row_cell.size()), east(row_cell.size());
  for (std::size_t r = 0; r < row_cell.size(); ++r) {
    north[r] = grid.north_100m[row_cell[r]];
    east[r] = grid.east_100m[row_cell[r]];
  }
  sp::SupplyClusterSettings settings;
  settings.thresholds = thresholds;
  const sp::SupplyClusterResult c = sp::cluster_supply_areas({north, east, buildings, cells}, settings);
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
  return c.size();
}

}  // namespace

DemandScenario load_demand_scenario(const std::string& path, const std::string& default_data_dir) {
  return load_demand_scenario(path, default_data_dir, {});
}

DemandScenario load_demand_scenario(const std::string& path, const std::string& default_data_dir,
                                    std::span<const ScenarioOverride> overrides) {
  twin::check_input_file(path, "the scenario file");
  toml::table doc;
  try {
    doc = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw InputError(fmt::format("{}:{}: {}", path, e.source().begin.line, e.description()));
  }
  detail::apply_overrides(path, doc, overrides);
  only_keys(path, doc, "top level",
            {"run", "typology", "demand", "network", "refurbishment", "supply", "supply_areas", "prices", "co2_factors",
             "data", "outputs", "technology"});
  DemandScenario s;
  s.source = path;
  s.overrides.assign(overrides.begin(), overrides.end());
  const toml::table* run = doc["run"].as_table();
  HEATTWIN_CHECK(run != nullptr, "{}: the scenario needs a [run] table", path);
  only_keys(path, *run, "run", {"name", "year", "years", "twin", "weather", "out", "municipalities", "method"});
  s.name = fs::path(path).stem().string();
  if (const toml::node* m = run->get("name")) {
    const auto* v = m->as_string();
    HEATTWIN_CHECK(v != nullptr && !v->get().empty() && v->get().find('/') == std::string::npos && v->get() != "." &&
                       v->get() != "..",
                   "{}: name must be a non-empty string without '/' (it names the results group)", at_line(path, *m));
    s.name = v->get();
  }
  if (const toml::node* m = run->get("year")) {
    const auto v = m->value<std::int64_t>();
    HEATTWIN_CHECK(v.has_value() && *v >= 1900 && *v <= 2100, "{}: year must be an integer between 1900 and 2100",
                   at_line(path, *m));
    s.year = static_cast<int>(*v);
  }
  s.years = {s.year};
  if (const toml::node* m = run->get("years")) {
    HEATTWIN_CHECK(!run->contains("year"), "{}: give either 'year' (one year) or 'years' (a heat plan), not both",
                   at_line(path, *m));
    const auto* list = m->as_array();
    HEATTWIN_CHECK(list != nullptr && !list->empty(), "{}: 'years' must be a non-empty list of years",
                   at_line(path, *m));
    s.years.clear();
    for (const auto& item : *list) {
      const auto v = item.value<std::int64_t>();
      HEATTWIN_CHECK(v.has_value() && *v >= 1900 && *v <= 2100,
                     "{}: 'years' entries must be integers between 1900 and 2100", at_line(path, item));
      HEATTWIN_CHECK(s.years.empty() || *v > s.years.back(),
                     "{}: 'years' must be strictly ascending (the first is the base year), {} follows {}",
                     at_line(path, item), *v, s.years.back());
      s.years.push_back(static_cast<int>(*v));
    }
    s.year = s.years.front();
  }
  if (const toml::node* m = run->get("method")) {
    const auto* v = m->as_string();
    HEATTWIN_CHECK(v != nullptr && (v->get() == "hourly" || v->get() == "monthly"),
                   "{}: method must be \"hourly\" (EN ISO 13790 5R1C) or \"monthly\" (EN ISO 13790 monthly balance)",
                   at_line(path, *m));
    s.method = v->get();
  }
  s.twin_path = path_value(path, *run, "twin", true);
  s.weather_path = path_value(path, *run, "weather", true);
  s.out_path = path_value(path, *run, "out", true);
  if (const toml::node* m = run->get("municipalities")) {
    const auto* list = m->as_array();
    HEATTWIN_CHECK(list != nullptr, "{}: 'municipalities' must be a list of AGS strings", at_line(path, *m));
    for (const auto& item : *list) {
      const auto* ags = item.as_string();
      HEATTWIN_CHECK(ags != nullptr, "{}: 'municipalities' entries must be AGS strings", at_line(path, item));
      s.municipalities.push_back(ags->get());
    }
  }
  s.tabula_csv = default_data_dir + "/typology/tabula_de.csv";
  s.non_residential_csv = default_data_dir + "/typology/non_residential_de.csv";
  s.load_profiles_csv = default_data_dir + "/profiles/pyslpheat_bdew_hourly_coefficients.csv";
  s.use_conditions_json = default_data_dir + "/typology/use_conditions_teaser.json";
  s.technology_dir = default_data_dir + "/technology";
  s.census_heating_csv = default_data_dir + "/statistics/heating_systems_sachsen_anhalt.csv";
  s.modernisation_shares_csv = default_data_dir + "/typology/modernisation_shares_de.csv";
  if (const toml::table* t = doc["typology"].as_table()) {
    only_keys(path, *t, "typology",
              {"refurbishment_state", "tabula", "non_residential", "load_profiles", "use_conditions", "modernisation",
               "modernisation_shares", "modernisation_seed"});
    if (const toml::node* m = t->get("modernisation")) {
      const auto* v = m->as_string();
      HEATTWIN_CHECK(v != nullptr && (v->get() == "imputed" || v->get() == "none"),
                     "{}: modernisation must be \"imputed\" (draw the modernised elements of buildings of unknown "
                     "state from the survey shares) or \"none\" (TABULA's existing state as built)",
                     at_line(path, *m));
      s.impute_modernisation = v->get() == "imputed";
    }
    if (t->contains("modernisation_shares"))
      s.modernisation_shares_csv = path_value(path, *t, "modernisation_shares", false);
    if (const toml::node* m = t->get("modernisation_seed")) {
      const auto v = m->value<std::int64_t>();
      HEATTWIN_CHECK(v.has_value() && *v >= 0, "{}: modernisation_seed must be a non-negative integer",
                     at_line(path, *m));
      s.modernisation_seed = static_cast<std::uint64_t>(*v);
    }
    if (const toml::node* r = t->get("refurbishment_state")) {
      const auto* v = r->as_string();
      HEATTWIN_CHECK(
          v != nullptr &&
              (v->get() == "existing" || v->get() == "usual_refurbishment" || v->get() == "advanced_refurbishment"),
          "{}: refurbishment_state must be existing, usual_refurbishment or advanced_refurbishment", at_line(path, *r));
      s.refurbishment_state = v->get();
    }
    if (t->contains("tabula")) s.tabula_csv = path_value(path, *t, "tabula", false);
    if (t->contains("non_residential")) s.non_residential_csv = path_value(path, *t, "non_residential", false);
    if (t->contains("load_profiles")) s.load_profiles_csv = path_value(path, *t, "load_profiles", false);
    if (const toml::node* u = t->get("use_conditions")) {
      const auto* v = u->as_string();
      HEATTWIN_CHECK(v != nullptr, "{}: 'use_conditions' must be a path (or \"\" for the generic schedule)",
                     at_line(path, *u));
      s.use_conditions_json = v->get().empty() ? std::string() : path_value(path, *t, "use_conditions", false);
    }
  }
  s.settings.usage_days = dm::default_usage_days();
  s.calendar_year = s.years.front();
  if (const toml::node* node = doc.get("demand")) {
    const toml::table* d = node->as_table();
    HEATTWIN_CHECK(d != nullptr, "{}: 'demand' must be a table [demand]", at_line(path, *node));
    only_keys(path, *d, "demand",
              {"heating_setpoint_c", "night_setback_c", "cooling", "cooling_setpoint_c", "non_residential_setback_c",
               "calendar", "calendar_year", "usage_days", "basis", "vacant_floor_area_share", "vacant_heating_share",
               "adaptation"});
    auto& st = s.settings;
    // Standard demand and expected consumption (solvers/demand/consumption.hpp, docs/DEMAND.md).
    if (const toml::node* b = d->get("basis")) {
      const auto* v = b->as_string();
      HEATTWIN_CHECK(v != nullptr && (v->get() == "expected_consumption" || v->get() == "standard_demand"),
                     "{}: [demand] basis must be \"expected_consumption\" (default) or \"standard_demand\": what the "
                     "supply, network and CO2 steps use",
                     at_line(path, *b));
      s.use_expected_consumption = v->get() == "expected_consumption";
    }
    for (const auto key : {"vacant_floor_area_share", "vacant_heating_share"}) {
      if (const toml::node* n = d->get(key)) {
        const auto v = n->value<double>();
        HEATTWIN_CHECK(v.has_value() && *v >= 0.0 && *v <= 1.0, "{}: [demand] {} must be a number from 0 to 1",
                       at_line(path, *n), key);
        (std::string_view(key) == "vacant_floor_area_share" ? s.consumption.vacant_floor_area_share
                                                            : s.consumption.vacant_heating_share) = *v;
      }
    }
    if (const toml::node* a = d->get("adaptation")) {
      const auto* v = a->as_boolean();
      HEATTWIN_CHECK(v != nullptr, "{}: [demand] 'adaptation' must be true or false", at_line(path, *a));
      s.consumption.adaptation = v->get();
    }
    st.heating_setpoint_c = number_value(path, *d, "heating_setpoint_c", st.heating_setpoint_c);
    st.night_setback_c = number_value(path, *d, "night_setback_c", st.heating_setpoint_c);
    st.cooling_setpoint_c = number_value(path, *d, "cooling_setpoint_c", st.cooling_setpoint_c);
    st.non_residential_setback_c = number_value(path, *d, "non_residential_setback_c", st.non_residential_setback_c);
    if (const toml::node* c = d->get("cooling")) {
      const auto v = c->value<bool>();
      HEATTWIN_CHECK(v.has_value(), "{}: 'cooling' must be true or false", at_line(path, *c));
      st.cooling = *v;
    }
    // Plausible room temperatures (issue 20: -300 degC was accepted): a heated room 10–30 degC,
    // a set-back not below frost protection (5 degC), cooling at most 40 degC; EN 16798-1 design
    // values lie well inside (heating 16–25, cooling 23–28 degC operative).
    HEATTWIN_CHECK(st.heating_setpoint_c >= 10.0 && st.heating_setpoint_c <= 30.0 && st.night_setback_c >= 5.0 &&
                       st.cooling_setpoint_c <= 40.0,
                   "{}: [demand] set points heating {} / night {} / cooling {} degC are implausible; expected heating "
                   "10–30, night set-back >= 5, cooling <= 40 degC",
                   path, st.heating_setpoint_c, st.night_setback_c, st.cooling_setpoint_c);
    HEATTWIN_CHECK(st.night_setback_c <= st.heating_setpoint_c && st.heating_setpoint_c < st.cooling_setpoint_c,
                   "{}: set points must satisfy night_setback_c <= heating_setpoint_c < cooling_setpoint_c", path);
    if (const toml::node* n = d->get("non_residential_setback_c")) {
      HEATTWIN_CHECK(st.non_residential_setback_c >= 5.0 && st.non_residential_setback_c <= st.heating_setpoint_c,
                     "{}: [demand] non_residential_setback_c = {} must lie between 5 and heating_setpoint_c = {} degC",
                     at_line(path, *n), st.non_residential_setback_c, st.heating_setpoint_c);
    }
    if (const toml::node* c = d->get("calendar")) {
      const auto* v = c->as_boolean();  // strict: toml++'s value<bool>() would take 0 and 1
      HEATTWIN_CHECK(v != nullptr, "{}: [demand] 'calendar' must be true or false", at_line(path, *c));
      s.calendar = v->get();
    }
    if (const toml::node* y = d->get("calendar_year")) {
      const auto v = y->value<std::int64_t>();
      HEATTWIN_CHECK(v.has_value() && *v >= 1900 && *v <= 2100,
                     "{}: [demand] calendar_year must be an integer between 1900 and 2100 (the year the weather's "
                     "days are placed in)",
                     at_line(path, *y));
      s.calendar_year = static_cast<int>(*v);
    }
    if (const toml::node* u = d->get("usage_days")) {
      const toml::table* t = u->as_table();
      HEATTWIN_CHECK(t != nullptr, "{}: [demand] usage_days must be a table of use class = rule", at_line(path, *u));
      for (const auto& [key, value] : *t) {
        const auto name = std::find(twin::USE_CLASS_NAMES.begin(), twin::USE_CLASS_NAMES.end(), key.str());
        const auto use = static_cast<std::uint8_t>(name - twin::USE_CLASS_NAMES.begin());
        HEATTWIN_CHECK(name != twin::USE_CLASS_NAMES.end() && st.usage_days.contains(use),
                       "{}: [demand.usage_days] '{}' is not a non-residential use class with a use profile",
                       at_line(path, value), key.str());
        const auto* rule = value.as_string();
        std::optional<dm::UsageDays> parsed;
        for (const auto r :
             {dm::UsageDays::all_days, dm::UsageDays::monday_to_friday, dm::UsageDays::monday_to_saturday}) {
          if (rule != nullptr && rule->get() == dm::usage_days_name(r)) parsed = r;
        }
        HEATTWIN_CHECK(parsed.has_value(),
                       "{}: [demand.usage_days] {} must be \"all_days\", \"monday_to_friday\" or "
                       "\"monday_to_saturday\"",
                       at_line(path, value), key.str());
        st.usage_days[use] = *parsed;
      }
    }
  }
  if (const toml::node* node = doc.get("refurbishment")) {
    const toml::table* t = node->as_table();
    HEATTWIN_CHECK(t != nullptr, "{}: 'refurbishment' must be a table [refurbishment]", at_line(path, *node));
    only_keys(path, *t, "refurbishment", {"rate_per_year", "depth", "order", "seed"});
    auto& rf = s.refurbishment;
    // rate_per_year and depth: one value, or a path { <year> = value, … } (the value of the
    // calendar years after the previous key up to its own; the last continues).
    auto check_rate = [&](const toml::node& n, double v) {
      HEATTWIN_CHECK(v >= 0.0 && v <= 0.2,
                     "{}: [refurbishment] rate_per_year = {} is outside [0, 0.2] (fraction of the stock per year)",
                     at_line(path, n), v);
    };
    auto check_depth = [&](const toml::node& n) {
      const auto* v = n.as_string();
      HEATTWIN_CHECK(v != nullptr && (v->get() == "usual_refurbishment" || v->get() == "advanced_refurbishment"),
                     "{}: [refurbishment] depth must be \"usual_refurbishment\" or \"advanced_refurbishment\" (or a "
                     "table of year = depth)",
                     at_line(path, n));
      return v->get();
    };
    auto path_year = [&](const toml::key& key, const toml::node& n) {
      int year = 0;
      const std::string_view y = key.str();
      const auto [end, err] = std::from_chars(y.data(), y.data() + y.size(), year);
      HEATTWIN_CHECK(err == std::errc() && end == y.data() + y.size() && year > s.years.front() && year <= 2100,
                     "{}: [refurbishment] path key '{}' must be a year after the base year {} (up to 2100)",
                     at_line(path, n), y, s.years.front());
      return year;
    };
    if (const toml::node* r = t->get("rate_per_year")) {
      if (const toml::table* steps = r->as_table()) {
        HEATTWIN_CHECK(!steps->empty(), "{}: [refurbishment] rate_per_year path is empty", at_line(path, *r));
        for (const auto& [key, n] : *steps) {
          const auto v = n.value<double>();
          HEATTWIN_CHECK(v.has_value(), "{}: [refurbishment] rate_per_year {} must be a number", at_line(path, n),
                         key.str());
          check_rate(n, *v);
          rf.rate_path.emplace_back(path_year(key, n), *v);
        }
        std::sort(rf.rate_path.begin(), rf.rate_path.end());
      } else {
        rf.rate_per_year = number_value(path, *t, "rate_per_year", rf.rate_per_year);
        check_rate(*r, rf.rate_per_year);
      }
    }
    if (const toml::node* d = t->get("depth")) {
      if (const toml::table* steps = d->as_table()) {
        HEATTWIN_CHECK(!steps->empty(), "{}: [refurbishment] depth path is empty", at_line(path, *d));
        for (const auto& [key, n] : *steps) rf.depth_path.emplace_back(path_year(key, n), check_depth(n));
        std::sort(rf.depth_path.begin(), rf.depth_path.end());
      } else {
        rf.depth = check_depth(*d);
      }
    }
    if (const toml::node* o = t->get("order")) {
      const auto* v = o->as_string();
      const std::string name = v != nullptr ? v->get() : std::string();
      HEATTWIN_CHECK(name == "oldest_first" || name == "worst_first" || name == "random",
                     "{}: [refurbishment] order must be \"oldest_first\", \"worst_first\" or \"random\"",
                     at_line(path, *o));
      rf.order = name == "oldest_first"  ? RefurbishmentOrder::oldest_first
                 : name == "worst_first" ? RefurbishmentOrder::worst_first
                                         : RefurbishmentOrder::random;
    }
    if (const toml::node* seed = t->get("seed")) {
      const auto v = seed->value<std::int64_t>();
      HEATTWIN_CHECK(v.has_value() && *v >= 0, "{}: [refurbishment] seed must be a non-negative integer",
                     at_line(path, *seed));
      rf.seed = static_cast<std::uint64_t>(*v);
    }
  }
  if (const toml::node* node = doc.get("supply")) {
    const toml::table* t = node->as_table();
    HEATTWIN_CHECK(t != nullptr, "{}: 'supply' must be a table [supply]", at_line(path, *node));
    only_keys(path, *t, "supply",
              {"allowed", "existing_systems", "seed", "biomass_potential_mwh_per_a", "hydrogen_potential_mwh_per_a"});
    for (const auto& [key, target] : {std::pair{"biomass_potential_mwh_per_a", &s.biomass_potential_mwh_per_a},
                                      std::pair{"hydrogen_potential_mwh_per_a", &s.hydrogen_potential_mwh_per_a}}) {
      if (const toml::node* p = t->get(key)) {
        const auto v = p->value<double>();
        HEATTWIN_CHECK(v.has_value() && *v >= 0.0 && std::isfinite(*v),
                       "{}: [supply] {} must be a number ≥ 0 (MWh/a of final energy; leave it out for no limit)",
                       at_line(path, *p), key);
        *target = *v;
      }
    }
    if (const toml::node* e = t->get("existing_systems")) {
      const auto v = e->value<std::string>();
      HEATTWIN_CHECK(v.has_value() && (*v == "census" || *v == "twin"),
                     "{}: [supply] existing_systems must be \"census\" (impute unknown heating carriers from the "
                     "Zensus 2022 shares) or \"twin\" (use only what the twin knows)",
                     at_line(path, *e));
      s.impute_existing_systems = *v == "census";
    }
    if (const toml::node* seed = t->get("seed")) {
      const auto v = seed->value<std::int64_t>();
      HEATTWIN_CHECK(v.has_value() && *v >= 0, "{}: [supply] seed must be a non-negative integer",
                     at_line(path, *seed));
      s.existing_systems_seed = static_cast<std::uint64_t>(*v);
    }
    if (const toml::node* a = t->get("allowed")) {
      const auto* list = a->as_array();
      HEATTWIN_CHECK(list != nullptr && !list->empty(), "{}: [supply] allowed must be a non-empty list of options",
                     at_line(path, *a));
      s.supply_allowed.fill(false);
      for (const auto& item : *list) {
        const auto* v = item.as_string();
        bool found = false;
        for (std::size_t o = 0; o < solvers::supply::INDIVIDUAL_OPTION_COUNT && v != nullptr; ++o) {
          if (solvers::supply::option_technology(static_cast<solvers::supply::IndividualOption>(o)) == v->get()) {
            s.supply_allowed[o] = true;
            found = true;
          }
        }
        HEATTWIN_CHECK(found,
                       "{}: [supply] allowed: unknown option (use air_heat_pump, ground_heat_pump, gas_boiler, "
                       "hydrogen_boiler, biomass_boiler, oil_boiler, electric_heater, heat_substation)",
                       at_line(path, item));
      }
    }
  }
  if (const toml::node* node = doc.get("data")) {
    const toml::table* t = node->as_table();
    HEATTWIN_CHECK(t != nullptr, "{}: 'data' must be a table [data]", at_line(path, *node));
    only_keys(path, *t, "data", {"technology", "census_heating", "census_heating_grid"});
    if (t->contains("technology")) s.technology_dir = path_value(path, *t, "technology", false);
    if (t->contains("census_heating")) s.census_heating_csv = path_value(path, *t, "census_heating", false);
    if (t->contains("census_heating_grid"))
      s.census_heating_grid_csv = path_value(path, *t, "census_heating_grid", false);
  }
  for (const auto& [section, unit, target] :
       {std::tuple{"prices", "EUR/MWh", &s.price_overrides}, std::tuple{"co2_factors", "g/kWh", &s.co2_overrides}}) {
    if (const toml::node* node = doc.get(section)) {
      const toml::table* t = node->as_table();
      HEATTWIN_CHECK(t != nullptr, "{}: '{}' must be a table [{}]", at_line(path, *node), section, section);
      parse_carrier_year_overrides(path, *t, section, unit, *target);
    }
  }
  if (const toml::node* node = doc.get("technology")) {
    // [technology.<technology>] <parameter> = value: catalogue values (checked against the
    // catalogue when the run loads it).
    const toml::table* t = node->as_table();
    HEATTWIN_CHECK(t != nullptr, "{}: 'technology' must be a table [technology.<technology>]", at_line(path, *node));
    for (const auto& [technology, parameters_node] : *t) {
      const toml::table* parameters = parameters_node.as_table();
      HEATTWIN_CHECK(parameters != nullptr,
                     "{}: [technology] {} must be a table of parameter = value (e.g. [technology.{}] with "
                     "carnot_share = 0.5)",
                     at_line(path, parameters_node), technology.str(), technology.str());
      for (const auto& [parameter, value_node] : *parameters) {
        const auto v = value_node.value<double>();
        HEATTWIN_CHECK(v.has_value() && std::isfinite(*v) && *v >= 0.0,
                       "{}: [technology.{}] {} must be a number >= 0 in the catalogue's unit",
                       at_line(path, value_node), technology.str(), parameter.str());
        s.technology_overrides.push_back(
            {std::string(technology.str()), std::string(parameter.str()), *v, at_line(path, value_node)});
      }
    }
  }
  if (const toml::node* node = doc.get("supply_areas")) {
    const toml::table* t = node->as_table();
    HEATTWIN_CHECK(t != nullptr, "{}: 'supply_areas' must be a table [supply_areas]", at_line(path, *node));
    parse_supply_area_thresholds(path, *t, s.supply_area_thresholds);
  }
  if (const toml::node* node = doc.get("outputs")) {
    const toml::table* t = node->as_table();
    HEATTWIN_CHECK(t != nullptr, "{}: 'outputs' must be a table [outputs]", at_line(path, *node));
    only_keys(path, *t, "outputs", {"hourly_grid", "hourly_grid_budget_mib"});
    if (const toml::node* g = t->get("hourly_grid")) {
      const auto flag = g->value<bool>();
      const auto* word = g->as_string();
      HEATTWIN_CHECK(flag.has_value() || (word != nullptr && word->get() == "auto"),
                     "{}: [outputs] hourly_grid must be \"auto\", true or false", at_line(path, *g));
      s.hourly_grid = !flag.has_value() ? DemandScenario::HourlyGrid::automatic
                      : *flag           ? DemandScenario::HourlyGrid::always
                                        : DemandScenario::HourlyGrid::never;
    }
    s.hourly_grid_budget_mib = number_value(path, *t, "hourly_grid_budget_mib", s.hourly_grid_budget_mib);
    HEATTWIN_CHECK(s.hourly_grid_budget_mib >= 0.0, "{}: [outputs] hourly_grid_budget_mib must be >= 0 (MiB), got {}",
                   path, s.hourly_grid_budget_mib);
  }
  if (const toml::node* n = doc.get("network")) {
    const toml::table* t = n->as_table();
    HEATTWIN_CHECK(t != nullptr, "{}: 'network' must be a table [network]", at_line(path, *n));
    s.network = detail::parse_network_scenario(path, *t);
    HEATTWIN_CHECK(s.method == "hourly", "{}: [network] needs method = \"hourly\" (the network runs hour by hour)",
                   path);
  }
  if (!s.technology_overrides.empty()) {  // [technology]: only what the catalogue has
    const auto catalogue = solvers::economics::load_technology_catalogue(s.technology_dir + "/technology_defaults.csv");
    for (const auto& o : s.technology_overrides) {
      HEATTWIN_CHECK(catalogue.has(o.technology, o.parameter),
                     "{}: [technology.{}] {}: the catalogue {} has no such technology and parameter", o.where,
                     o.technology, o.parameter, catalogue.origin());
    }
  }
  return s;
}

/// The stages a DemandRunCache shares between runs.
struct DemandRunCache::Impl {
  /// The twin with the typology's envelope values, the weather, the typology, the climate.
  struct Inputs {
    std::mutex mutex;
    bool ready = false;
    twin::Twin twin;
    std::size_t enriched_from_typology = 0;
    dm::HourlyWeather weather;
    twin::Typology typology;
    std::optional<dm::Rc5Climate> climate;  // hourly method; computed by the first run that needs it
    std::optional<std::map<std::uint8_t, dm::UseProfile>> use_profiles;  // [typology] use_conditions
    std::array<dm::DailyProfile, 2> hot_water_profiles{};                // BDEW HEF, HMF
    std::map<std::string, twin::Typology> packages;                      // refurbishment packages by depth
  };
  /// One year's demand: stock model, space-heating solve, refurbished set.
  struct YearDemand {
    dm::StockModel model;
    dm::Rc5Results r;
    std::vector<std::uint8_t> refurbished;
    std::size_t refurbished_so_far = 0, envelope_changed = 0;
  };
  struct Demand {
    std::mutex mutex;
    bool ready = false;
    std::vector<std::shared_ptr<const YearDemand>> years;
  };
  mutable std::mutex mutex;
  std::map<std::string, std::shared_ptr<Inputs>> inputs;
  std::map<std::string, std::shared_ptr<Demand>> demand;
  Counts counts;
  template <class T>
  std::shared_ptr<T> entry(std::map<std::string, std::shared_ptr<T>>& map, const std::string& key) {
    const std::lock_guard lock(mutex);
    auto& e = map[key];
    if (!e) e = std::make_shared<T>();
    return e;
  }
  void count(std::size_t Counts::*field) {
    const std::lock_guard lock(mutex);
    ++(counts.*field);
  }
};

DemandRunCache::DemandRunCache() : impl_(std::make_unique<Impl>()) {}
DemandRunCache::~DemandRunCache() = default;
void DemandRunCache::release_demand(const std::string& demand_key) {
  const std::lock_guard lock(impl_->mutex);
  impl_->demand.erase(demand_key);
}
DemandRunCache::Counts DemandRunCache::counts() const {
  const std::lock_guard lock(impl_->mutex);
  return impl_->counts;
}

namespace {
void load_run_inputs(const DemandScenario& s, DemandRunCache::Impl::Inputs& in) {
  in.twin = twin::load_twin(s.twin_path);
  in.weather = dm::read_weather(s.weather_path);
  if (in.weather.filled_values > 0) {
    logger("scenarios.demand")
        ->warn("{}: {} missing weather values filled by interpolation", s.weather_path, in.weather.filled_values);
  }
  in.typology = twin::load_typology(s.tabula_csv, s.non_residential_csv, s.refurbishment_state);
  in.enriched_from_typology = twin::enrich_envelope_from_typology(in.twin, in.typology);
  // BDEW warm-class day profiles of hot water: single-family (HEF) for EFH/RH, multi-family (HMF).
  in.hot_water_profiles = {dm::bdew_hot_water_profile(s.load_profiles_csv, "HEF"),
                           dm::bdew_hot_water_profile(s.load_profiles_csv, "HMF")};
  in.ready = true;
}
}  // namespace

DemandSummary run_demand_scenario(const DemandScenario& s) { return run_demand_scenario(s, DemandRunHooks{}); }

DemandSummary run_demand_scenario(const DemandScenario& s, const DemandRunHooks& hooks) {
  const auto start = std::chrono::steady_clock::now();
  const std::string started_utc = utc_now_iso8601();
  auto log = logger("scenarios.demand");
  DemandSummary summary;
  // Twin, weather and typology: read here, or shared through the hooks' cache (a sweep).
  using CacheImpl = DemandRunCache::Impl;
  std::shared_ptr<CacheImpl::Inputs> shared_inputs;
  if (hooks.cache != nullptr) {
    shared_inputs = hooks.cache->impl().entry(hooks.cache->impl().inputs, hooks.inputs_key);
    const std::lock_guard lock(shared_inputs->mutex);
    const bool reused = shared_inputs->ready;
    if (!reused) load_run_inputs(s, *shared_inputs);
    hooks.cache->impl().count(reused ? &DemandRunCache::Counts::inputs_reused
                                     : &DemandRunCache::Counts::inputs_computed);
  } else {
    shared_inputs = std::make_shared<CacheImpl::Inputs>();
    load_run_inputs(s, *shared_inputs);
  }
  twin::Twin twin = hooks.cache != nullptr ? shared_inputs->twin : std::move(shared_inputs->twin);
  summary.buildings_in_twin = twin.buildings.size();
  const dm::HourlyWeather& weather = shared_inputs->weather;
  summary.weather_site = weather.site.name;
  const twin::Typology& typology = shared_inputs->typology;
  summary.enriched_from_typology = shared_inputs->enriched_from_typology;
  // Per-year demand shared through the cache: the first run of a demand key computes it (others
  // of the key wait on the entry's lock), later runs take it.
  std::shared_ptr<CacheImpl::Demand> demand_entry;
  std::unique_lock<std::mutex> demand_lock;
  bool demand_cached = false;
  if (hooks.cache != nullptr) {
    demand_entry = hooks.cache->impl().entry(hooks.cache->impl().demand, hooks.demand_key);
    demand_lock = std::unique_lock(demand_entry->mutex);
    demand_cached = demand_entry->ready;
    if (demand_cached) {
      demand_lock.unlock();
    } else {
      demand_entry->years.clear();
    }
    hooks.cache->impl().count(demand_cached ? &DemandRunCache::Counts::demand_reused
                                            : &DemandRunCache::Counts::demand_computed);
  }
  // Modernisation state of the existing stock (docs/IMPUTATION.md): buildings whose envelope came
  // from the typology get their modernised elements drawn from the survey shares; the scenario's
  // [refurbishment] later only improves on them.
  std::vector<std::uint8_t> modernised_elements(twin.buildings.size(), 0);
  if (s.impute_modernisation && s.refurbishment_state == "existing") {
    const twin::ModernisationShares shares = twin::load_modernisation_shares(s.modernisation_shares_csv);
    const twin::Typology modernised_package =
        twin::load_typology(s.tabula_csv, s.non_residential_csv, "usual_refurbishment");
    twin::ModernisationImputation m =
        twin::impute_modernisation(twin, modernised_package, shares, s.modernisation_seed);
    summary.modernisation.basis = "imputed";
    modernised_elements = std::move(m.modernised_elements);
  }

  // Selection: the buildings of the requested municipalities, sorted by municipality so that the
  // kernel's region sums stay compact (results are written in this order, with twin_index).
  std::vector<std::uint32_t> selection;
  {
    std::set<std::uint32_t> wanted;
    for (const auto& ags : s.municipalities) {
      bool found = false;
      for (std::size_t m = 0; m < twin.regions.municipalities.size(); ++m) {
        if (municipality_in_region(twin.regions, static_cast<std::uint32_t>(m), ags)) {
          wanted.insert(static_cast<std::uint32_t>(m));
          found = true;
        }
      }
      HEATTWIN_CHECK(found, "{}: municipality or Kreis '{}' is not in the twin {}", s.source, ags, s.twin_path);
    }
    for (std::uint32_t i = 0; i < twin.buildings.size(); ++i) {
      if (wanted.empty() || wanted.contains(twin.buildings.municipality[i])) selection.push_back(i);
    }
    // Within a municipality, by use class: blocks of the kernel then mostly share one schedule
    // (set points as scalars, the fast path); within a use class by 100 m cell, so that a block
    // adds to few cells' hourly sums (long runs of one cell).
    std::stable_sort(selection.begin(), selection.end(), [&](std::uint32_t a, std::uint32_t b) {
      const auto& m = twin.buildings.municipality;
      const auto& u = twin.buildings.use_class;
      const auto& c = twin.buildings.grid_cell;
      return m[a] != m[b] ? m[a] < m[b] : u[a] != u[b] ? u[a] < u[b] : c[a] < c[b];
    });
  }
  dm::StockModelSettings settings = s.settings;
  bool use_profiles_shared = false;
  if (hooks.cache != nullptr) {  // shared by a sweep's runs
    const std::lock_guard lock(shared_inputs->mutex);
    if (shared_inputs->use_profiles) {
      settings.use_profiles = *shared_inputs->use_profiles;
      use_profiles_shared = true;
    }
  }
  if (!use_profiles_shared && !s.use_conditions_json.empty()) {
    // DIN V 18599-10 use profiles (TEASER) of the non-residential use classes (docs/DEMAND.md).
    static constexpr std::array<std::pair<twin::UseClass, const char*>, 11> USAGE_OF_USE = {{
        {twin::UseClass::office, "Group Office (between 2 and 6 employees)"},
        {twin::UseClass::retail, "Retail, department store"},
        {twin::UseClass::school, "Class room (school), group room (kindergarden)"},
        {twin::UseClass::hospital, "Bed room"},
        {twin::UseClass::hotel_restaurant, "Hotel room"},
        {twin::UseClass::industry, "Commercial and industrial Halls - medium work, standing activity"},
        {twin::UseClass::storage, "Storehouse, logistics building"},
        {twin::UseClass::agriculture, "Storehouse, logistics building"},
        {twin::UseClass::sports, "Gym (without spectator area)"},
        {twin::UseClass::culture, "Exhibition room and museum conservational demands"},
        {twin::UseClass::public_other, "Group Office (between 2 and 6 employees)"},
    }};
    std::vector<std::string> usages;
    for (const auto& [use, usage] : USAGE_OF_USE) usages.emplace_back(usage);
    const auto profiles = dm::load_use_profiles(s.use_conditions_json, usages);
    for (const auto& [use, usage] : USAGE_OF_USE) {
      settings.use_profiles[static_cast<std::uint8_t>(use)] = profiles.at(usage);
    }
    if (hooks.cache != nullptr) {
      const std::lock_guard lock(shared_inputs->mutex);
      shared_inputs->use_profiles = settings.use_profiles;
    }
  }
  if (s.calendar) {
    // Weekdays and Sachsen-Anhalt's public holidays of the calendar year (solvers/demand/calendar.hpp).
    settings.day_types = dm::weather_day_types(weather.month, weather.day, s.calendar_year);
  }
  // Results file, schema 1 (docs/results-schema.md; atomic: renamed into place by commit()).
  // Each year's groups are written as soon as the year is computed; /meta and /twin at the end
  // (after the network step, which may store a design in the twin file that /meta hashes).
  double seconds_writing = 0.0;
  static std::atomic<std::uint64_t> in_memory_files{0};
  auto file = hooks.write_results
                  ? h5::File::create(s.out_path, twin::RESULTS_FILE)
                  : h5::File::create_in_memory(fmt::format("{}#in-memory-{}", s.out_path, ++in_memory_files),
                                               twin::RESULTS_FILE);
  h5::Group root = file.root();
  h5::Group scenario_group = root.create_group("results").create_group(s.name);
  // Refurbishment (scenarios/refurbishment.hpp): the base year's heated stock is ranked once;
  // by each later year the first round(rate·(year − base)·N) of the ranking are refurbished, so
  // the sets are nested and each year only adds buildings to the previous year's set.
  std::map<std::string, const twin::Typology*> packages;  // by depth (loaded once for a sweep's runs)
  {
    std::unique_lock lock(shared_inputs->mutex, std::defer_lock);
    if (hooks.cache != nullptr) lock.lock();
    for (int t = s.years.front(); t <= s.years.back(); ++t) {
      const std::string& depth = s.refurbishment.depth_in_year(t);
      auto it = shared_inputs->packages.find(depth);
      if (it == shared_inputs->packages.end())
        it = shared_inputs->packages.emplace(depth, twin::load_typology(s.tabula_csv, s.non_residential_csv, depth))
                 .first;
      packages[depth] = &it->second;
    }
  }
  // Individual supply per building and year (solvers/supply/individual, docs/SUPPLY.md).
  namespace ec = solvers::economics;
  namespace sp = solvers::supply;
  const ec::TechnologyCatalogue catalogue = [&] {
    ec::TechnologyCatalogue c = ec::load_technology_catalogue(s.technology_dir + "/technology_defaults.csv");
    for (const auto& o : s.technology_overrides) {
      HEATTWIN_CHECK(c.has(o.technology, o.parameter),
                     "{}: [technology.{}] {}: the catalogue {} has no such technology and parameter", o.where,
                     o.technology, o.parameter, c.origin());
      ec::TechnologyParameter value = c.parameter(o.technology, o.parameter);
      value.value = o.value;
      value.source = fmt::format("scenario {} ({})", s.source, o.where);
      value.line = 0;
      c.set(o.technology, o.parameter, value);
    }
    return c;
  }();
  const ec::CarrierData carriers = [&] {
    ec::CarrierData data = ec::load_carrier_data(s.technology_dir);
    for (const auto& o : s.price_overrides) data.price_eur_per_mwh.set(o.carrier, o.year, o.value);
    for (const auto& o : s.co2_overrides) data.co2_g_per_kwh.set(o.carrier, o.year, o.value);
    return data;
  }();
  // [network] supply and cost (scenarios/network_supply.hpp): the catalogue with the scenario's
  // [network.costs]; plants sized on the base year's peak plant heat; an existing (not designed) network.
  const ec::TechnologyCatalogue network_costs =
      s.network.enabled ? network_catalogue(catalogue, s.network.supply, s.source) : ec::TechnologyCatalogue{};
  double network_design_peak_kw = 0.0;
  bool network_existing = false;
  std::string network_routing;
  std::optional<NetworkRun> base_network_run;  // kept for simulate_every_year = false
  MunicipalNetworks municipal_networks;        // [network] design = "per-municipality"
  const bool per_municipality = s.network.enabled && s.network.per_municipality;
  // The heating system of every twin row, carried from year to year: the twin's own system at
  // first; a system chosen in year y is the existing one (installed in y) of the later years.
  // Unknown carriers are imputed from the census shares and unknown installation years from a
  // steady replacement cycle (solvers/supply/existing_systems.hpp); counts go to the summary.
  sp::ExistingSystems existing_systems;
  {
    sp::ExistingSystemsSettings es;
    es.base_year = s.years.front();
    es.seed = s.existing_systems_seed;
    es.lifetime_a = sp::lifetimes_from_catalogue(catalogue);
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
      existing_systems = sp::existing_systems(twin.buildings, &shares, es, cells ? &*cells : nullptr);
    } else {
      existing_systems = sp::existing_systems(twin.buildings, nullptr, es);
    }
  }
  std::vector<std::uint8_t> system_option = existing_systems.option;
  std::vector<std::int32_t> system_install_year = existing_systems.install_year;
  std::vector<std::uint32_t> ranking;
  std::vector<std::uint8_t> refurbished(twin.buildings.size(), 0);
  std::size_t refurbished_so_far = 0, envelope_changed = 0;
  std::string twin_summary;
  for (std::size_t yi = 0; yi < s.years.size(); ++yi) {
    const int year = s.years[yi];
    DemandSummary scratch;  // later years: only the per-year totals are kept (summary.years)
    DemandSummary& ys = yi == 0 ? summary : scratch;
    if (yi > 0 && !demand_cached) {
      // Calendar year by calendar year, so that each building gets the depth of its year.
      for (int t = s.years[yi - 1] + 1; t <= year; ++t) {
        const std::size_t target = refurbished_count(s.refurbishment, s.years.front(), t, ranking.size());
        const twin::Typology& package = *packages.at(s.refurbishment.depth_in_year(t));
        for (; refurbished_so_far < target; ++refurbished_so_far) {
          const std::uint32_t i = ranking[refurbished_so_far];
          refurbished[i] = 1;
          if (apply_refurbishment_package(twin.buildings, i, package)) ++envelope_changed;
        }
      }
    }
    std::shared_ptr<CacheImpl::YearDemand> fresh;
    if (demand_cached) {
      const CacheImpl::YearDemand& cached = *demand_entry->years.at(yi);
      refurbished = cached.refurbished;
      refurbished_so_far = cached.refurbished_so_far;
      envelope_changed = cached.envelope_changed;
    } else {
      fresh = std::make_shared<CacheImpl::YearDemand>();
      fresh->model = dm::build_stock_model(twin.buildings, selection, settings);
    }
    const dm::StockModel& model = demand_cached ? demand_entry->years[yi]->model : fresh->model;
    ys.skipped_unheated = model.skipped_unheated;
    ys.skipped_no_envelope = model.skipped_no_envelope;
    ys.capped_opaque_conductance = model.capped_opaque_conductance;
    ys.buildings_computed = model.buildings.size();
    if (yi == 0 && summary.modernisation.basis == "imputed") {
      // The summary counts the buildings the run computes (the twin's imputation counts cover the
      // whole twin).
      ModernisationSummary& m = summary.modernisation;
      const auto& b = twin.buildings;
      for (const std::uint32_t i : model.twin_index) {
        if (!twin::is_residential(b.use_class[i]) || !(b.heated_floor_area_m2[i] > 0.0) || b.residential_type[i] < 1 ||
            b.residential_type[i] > 4 || b.age_class[i] < 1 || b.age_class[i] > 12)
          continue;
        if (b.prov_u_values[i] == twin::Provenance::measured) {
          ++m.buildings_known;
          continue;
        }
        ++m.buildings_unknown;
        m.buildings_modernised += modernised_elements[i] != 0 ? 1 : 0;
        for (std::size_t e = 0; e < 4; ++e) m.elements[e] += (modernised_elements[i] >> e) & 1U;
      }
    }
    HEATTWIN_CHECK(ys.buildings_computed > 0, "{}: no building to compute ({} unheated, {} without envelope values)",
                   s.source, model.skipped_unheated, model.skipped_no_envelope);
    const std::size_t n = model.buildings.size();
    const auto& b = twin.buildings;
    // Space heating by the chosen method, into one set of columns.
    const bool hourly_method = s.method == "hourly";
    dm::Rc5Climate local_climate;
    if (hourly_method) {
      if (hooks.cache != nullptr) {  // the surfaces' irradiance (solar apertures) once per inputs key
        const std::lock_guard lock(shared_inputs->mutex);
        if (!shared_inputs->climate) shared_inputs->climate = dm::stock_climate(weather, settings);
      } else {
        local_climate = dm::stock_climate(weather, settings);
      }
    }
    const dm::Rc5Climate& climate = hooks.cache != nullptr && hourly_method ? *shared_inputs->climate : local_climate;
    HourlyGridPlan grid_plan = plan_hourly_grid(s, hourly_method, twin, model);
    if (!demand_cached && hourly_method) {
      dm::Rc5Options options;
      options.warmup_days = 14;
      if (grid_plan.write) options.hourly_groupings.push_back(std::move(grid_plan.cell));
      fresh->r = dm::simulate_5r1c(model.buildings, model.schedules, climate, options);
    } else if (!demand_cached) {
      dm::Rc5Results& r = fresh->r;  // the monthly method fills the annual and monthly columns
      const dm::MonthlyClimate monthly_climate = dm::stock_monthly_climate(weather, settings);
      const dm::MonthlyBalanceResult monthly =
          dm::solve_monthly_balance(dm::stock_monthly_inputs(model, weather.month), monthly_climate);
      r.annual_heating_kwh = monthly.annual_q_h_nd_kwh;
      r.monthly_heating_kwh.assign(n * 12, 0.0);
      for (std::size_t k = 0; k < n; ++k) {
        for (std::size_t m = 0; m < 12; ++m)
          r.monthly_heating_kwh[k * 12 + m] = monthly.q_h_nd_kwh[monthly.index(k, m)];
      }
      r.annual_cooling_kwh.assign(n, 0.0);
      std::set<std::uint32_t> present(model.buildings.region.begin(), model.buildings.region.end());
      r.regions.assign(present.begin(), present.end());
    }
    if (fresh) {
      fresh->refurbished = refurbished;
      fresh->refurbished_so_far = refurbished_so_far;
      fresh->envelope_changed = envelope_changed;
      if (demand_entry) demand_entry->years.push_back(fresh);
    }
    // the hourly sinks (hourly method) or the monthly balance's annual and monthly columns
    const dm::Rc5Results& r = demand_cached ? demand_entry->years[yi]->r : fresh->r;
    if (hourly_method) {
      std::vector<double> total_heating_w(dm::HOURS_PER_YEAR, 0.0);
      for (const auto& region : r.region_heating_w) {
        for (std::size_t h = 0; h < dm::HOURS_PER_YEAR; ++h) total_heating_w[h] += region[h];
      }
      for (const double w : total_heating_w) ys.peak_heating_mw = std::max(ys.peak_heating_mw, w / 1e6);
    } else {
      ys.peak_heating_mw = std::numeric_limits<double>::quiet_NaN();
    }
    ys.method = hourly_method ? "EN ISO 13790 hourly 5R1C" : "EN ISO 13790 monthly";
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t i = model.twin_index[k];
      ys.heating_mwh += r.annual_heating_kwh[k] / 1000.0;
      ys.cooling_mwh += r.annual_cooling_kwh[k] / 1000.0;
      ys.heated_floor_area_m2 += model.buildings.floor_area_m2[k];
      ys.heating_mwh_by_use[std::string(twin::USE_CLASS_NAMES[b.use_class[i]])] += r.annual_heating_kwh[k] / 1000.0;
      ys.heating_mwh_by_age_class[b.age_class[i]] += r.annual_heating_kwh[k] / 1000.0;
    }

    // Domestic hot water: TABULA's need per m² for residential buildings, spread over the day by
    // the BDEW warm-class profile (single-family HEF for EFH/RH, multi-family HMF for MFH/GMH).
    const std::array<dm::DailyProfile, 2>& hot_water_profiles = shared_inputs->hot_water_profiles;
    std::vector<double> annual_hot_water_kwh(n, std::numeric_limits<double>::quiet_NaN());
    std::unordered_map<std::uint32_t, std::size_t> region_row;
    for (std::size_t k = 0; k < r.regions.size(); ++k) region_row[r.regions[k]] = k;
    std::vector<std::array<double, 2>> daily_hot_water_kwh(r.regions.size(), {0.0, 0.0});
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t i = model.twin_index[k];
      const std::size_t type = b.residential_type[i], age = b.age_class[i];
      const bool residential = twin::is_residential(b.use_class[i]);
      if (!residential || type < 1 || type > 4 || age < 1 || age > 12) continue;
      const double need = typology.residential[type][age].hot_water_need_kwh_per_m2a;
      if (!std::isfinite(need)) continue;
      annual_hot_water_kwh[k] = need * model.buildings.floor_area_m2[k];
      daily_hot_water_kwh[region_row.at(model.buildings.region[k])][type <= 2 ? 0 : 1] +=
          annual_hot_water_kwh[k] / 365.0;
      ys.hot_water_mwh += annual_hot_water_kwh[k] / 1000.0;
      ++ys.hot_water_buildings;
    }

    // Standard demand → expected consumption (solvers/demand/consumption.hpp, docs/DEMAND.md):
    // residential buildings get the TABULA adaptation factor at their calculated delivered energy
    // (heating + hot water × 1/efficiency of the year's heating system, per m² heated floor area)
    // and the vacancy factors; non-residential buildings keep factor 1 (no published adaptation).
    std::vector<double> expected_heating_kwh(n), expected_hot_water_kwh(n), consumption_factor(n, 1.0),
        heating_factor(n, 1.0), adaptation_factor(n, std::numeric_limits<double>::quiet_NaN());
    {
      ConsumptionSummary& c = ys.consumption;
      c.basis = s.use_expected_consumption ? "expected_consumption" : "standard_demand";
      double weighted_adaptation = 0.0;
      for (std::size_t k = 0; k < n; ++k) {
        const std::uint32_t i = model.twin_index[k];
        const bool residential = b.use_class[i] == static_cast<std::uint8_t>(twin::UseClass::residential) ||
                                 b.use_class[i] == static_cast<std::uint8_t>(twin::UseClass::residential_mixed);
        const double hot_water = std::isfinite(annual_hot_water_kwh[k]) ? annual_hot_water_kwh[k] : 0.0;
        const double standard = r.annual_heating_kwh[k] + hot_water;
        expected_heating_kwh[k] = r.annual_heating_kwh[k];
        expected_hot_water_kwh[k] = annual_hot_water_kwh[k];
        if (residential) {
          const auto [curve, expenditure] = adaptation_curve_of(system_option[i], catalogue);
          // TABULA's q_del is per m² reference area A_C,ref, smaller than the twin's A_N: the
          // type and age class's A_C,ref / A_N of the TABULA example (1 without type or age).
          const std::size_t type = b.residential_type[i], age = b.age_class[i];
          const double reference_area_m2 = model.buildings.floor_area_m2[k] *
                                           (type >= 1 && type <= 4 && age >= 1 && age <= 12
                                                ? typology.residential[type][age].reference_area_per_heated_floor_area
                                                : 1.0);
          const dm::ConsumptionFactors f = dm::residential_consumption_factors(
              r.annual_heating_kwh[k], hot_water, reference_area_m2, expenditure, curve, s.consumption);
          adaptation_factor[k] = f.adaptation;
          heating_factor[k] = f.heating();
          expected_heating_kwh[k] = r.annual_heating_kwh[k] * f.heating();
          if (std::isfinite(annual_hot_water_kwh[k]))
            expected_hot_water_kwh[k] = annual_hot_water_kwh[k] * f.hot_water();
          const double expected =
              expected_heating_kwh[k] + (std::isfinite(expected_hot_water_kwh[k]) ? expected_hot_water_kwh[k] : 0.0);
          consumption_factor[k] = standard > 0.0 ? expected / standard : f.heating();
          c.standard_residential_mwh += standard / 1000.0;
          c.expected_residential_mwh += expected / 1000.0;
          c.residential_floor_area_m2 += model.buildings.floor_area_m2[k];
          ++c.residential_buildings;
          weighted_adaptation += f.adaptation * standard;
        } else {
          c.standard_non_residential_mwh += standard / 1000.0;
          c.expected_non_residential_mwh += standard / 1000.0;
          c.non_residential_floor_area_m2 += model.buildings.floor_area_m2[k];
          ++c.non_residential_buildings;
        }
        c.expected_heating_mwh += expected_heating_kwh[k] / 1000.0;
        if (std::isfinite(expected_hot_water_kwh[k])) c.expected_hot_water_mwh += expected_hot_water_kwh[k] / 1000.0;
      }
      c.mean_adaptation_factor =
          c.standard_residential_mwh > 0.0 ? weighted_adaptation / (1000.0 * c.standard_residential_mwh) : 1.0;
    }
    // What the supply, network and CO2 steps see ([demand] basis).
    const std::vector<double>& basis_heating_kwh =
        s.use_expected_consumption ? expected_heating_kwh : r.annual_heating_kwh;
    const std::vector<double>& basis_hot_water_kwh =
        s.use_expected_consumption ? expected_hot_water_kwh : annual_hot_water_kwh;
    const std::vector<double> unit_factor;  // empty: the standard demand's hourly series as simulated

    // District-heating network (design and year), before the inputs are hashed: a design is
    // stored in the twin file, whose hash then names the twin the results belong to.
    // Later years simulate the base year's network (designed then, or the twin's) with the
    // year's demand; every year dispatches its plants with the year's prices and CO2 factors.
    std::optional<NetworkRun> network_run;
    std::optional<NetworkSupplyYear> network_supply;
    if (per_municipality) {  // one network per qualifying municipality (scenarios/municipal_networks.hpp)
      municipal_networks.run_year(s.network, twin, s.twin_path,
                                  {model, basis_heating_kwh, basis_hot_water_kwh, hot_water_profiles, climate, weather,
                                   settings, s.use_expected_consumption ? heating_factor : unit_factor},
                                  network_costs, carriers, weather, year, yi == 0);
      if (yi == 0) ys.network = municipal_networks.summary();
    } else if (s.network.enabled) {
      NetworkScenario year_network = s.network;
      if (yi > 0) {
        year_network.design.clear();
        year_network.store_in_twin = false;
      }
      if (yi == 0 || s.network.simulate_every_year) {
        network_run = run_network(year_network, twin, s.twin_path,
                                  {model, basis_heating_kwh, basis_hot_water_kwh, hot_water_profiles, climate, weather,
                                   settings, s.use_expected_consumption ? heating_factor : unit_factor});
      } else {
        network_run = *base_network_run;  // simulate_every_year = false: the base year's series
      }
      if (yi == 0) {
        ys.network = network_run->summary;
        network_design_peak_kw = network_run->summary.peak_plant_heat_kw;
        network_existing = !network_run->summary.designed;
        network_routing = network_run->summary.routing;
        if (!s.network.simulate_every_year) base_network_run = network_run;
      } else {
        network_run->summary.routing =
            fmt::format("{} (base year {}{})", network_routing, s.years.front(),
                        s.network.simulate_every_year ? "" : "; its simulated year, simulate_every_year = false");
      }
      network_supply = evaluate_network_year(s.network, *network_run, network_costs, carriers, weather,
                                             network_design_peak_kw, year);
    }

    if (yi == 0) {
      std::vector<double> specific(n);
      for (std::size_t k = 0; k < n; ++k) {
        specific[k] = model.buildings.floor_area_m2[k] > 0.0
                          ? r.annual_heating_kwh[k] / model.buildings.floor_area_m2[k]
                          : std::numeric_limits<double>::quiet_NaN();
      }
      ranking = refurbishment_ranking(twin.buildings, model.twin_index, specific, s.refurbishment.order,
                                      s.refurbishment.seed);
      twin_summary = twin::twin_summary_json(twin).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    const auto write_start = std::chrono::steady_clock::now();
    h5::Group year_group = scenario_group.create_group(std::to_string(year));
    year_group.set_attribute("method", ys.method);
    year_group.set_attribute("refurbishment_state", s.refurbishment_state);
    year_group.set_attribute("modernisation", summary.modernisation.basis);
    year_group.set_attribute("weather_site", summary.weather_site);
    year_group.set_attribute("calendar_year", std::array<std::int64_t, 1>{s.calendar ? s.calendar_year : 0});
    year_group.set_attribute("refurbished_buildings",
                             std::array<std::int64_t, 1>{static_cast<std::int64_t>(refurbished_so_far)});
    year_group.set_attribute("refurbished_envelope_changed",
                             std::array<std::int64_t, 1>{static_cast<std::int64_t>(envelope_changed)});
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
      for (std::size_t k = 0; k < n; ++k) refurbished_column[k] = refurbished[model.twin_index[k]];
      buildings.write(
          "refurbished", refurbished_column,
          {.unit = "1", .description = "1: refurbished by this year (selected by the [refurbishment] rule)"});
    }
    if (summary.modernisation.basis == "imputed") {
      std::vector<std::uint8_t> modernised_column(n);
      for (std::size_t k = 0; k < n; ++k) modernised_column[k] = modernised_elements[model.twin_index[k]];
      buildings.write("modernised_elements", modernised_column,
                      {.unit = "1",
                       .description = "elements modernised since construction by the [typology] modernisation "
                                      "imputation, bits: 1 wall, 2 roof, 4 floor, 8 window (0: none or not imputed)"});
    }
    buildings.write("heated_floor_area_m2", model.buildings.floor_area_m2, {.unit = "m2"});
    buildings.write("annual_heating_kwh", r.annual_heating_kwh, {.unit = "kWh/a", .description = "space heating need"});
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
    buildings.write(
        "annual_hot_water_kwh", annual_hot_water_kwh,
        {.unit = "kWh/a", .description = "domestic hot water need (TABULA, residential); NaN: not computed"});
    // Calibration to metered heat where the twin has it: the factor measured / computed (space
    // heating + hot water) per building, its distribution in the summary, and the calibrated annual
    // heat (the measurement where there is one, else the computed value).
    {
      std::vector<double> factor(n, std::numeric_limits<double>::quiet_NaN()), calibrated(n), ratios;
      for (std::size_t k = 0; k < n; ++k) {
        const double computed =
            r.annual_heating_kwh[k] + (std::isfinite(annual_hot_water_kwh[k]) ? annual_hot_water_kwh[k] : 0.0);
        const double measured = b.measured_heat_kwh_per_a[model.twin_index[k]];
        calibrated[k] = computed;
        if (std::isfinite(measured) && measured > 0.0 && computed > 0.0) {
          factor[k] = measured / computed;
          calibrated[k] = measured;
          ratios.push_back(factor[k]);
        }
      }
      ys.calibrated_buildings = ratios.size();
      if (!ratios.empty()) {
        std::sort(ratios.begin(), ratios.end());
        auto quantile = [&](double q) {  // linear interpolation between order statistics
          const double x = q * static_cast<double>(ratios.size() - 1);
          const auto lo = static_cast<std::size_t>(x);
          const std::size_t hi = std::min(lo + 1, ratios.size() - 1);
          return ratios[lo] + (x - static_cast<double>(lo)) * (ratios[hi] - ratios[lo]);
        };
        ys.calibration_ratio_p10 = quantile(0.10);
        ys.calibration_ratio_p25 = quantile(0.25);
        ys.calibration_ratio_median = quantile(0.5);
        ys.calibration_ratio_p75 = quantile(0.75);
        ys.calibration_ratio_p90 = quantile(0.90);
      }
      buildings.write(
          "calibration_factor", factor,
          {.unit = "1", .description = "metered heat / computed (space heating + hot water); NaN: no meter value"});
      buildings.write(
          "calibrated_annual_heat_kwh", calibrated,
          {.unit = "kWh/a", .description = "metered heat where the twin has it, else space heating + hot water"});
    }
    // Standard demand and expected consumption (docs/DEMAND.md, docs/results-schema.md).
    year_group.set_attribute("demand_basis", ys.consumption.basis);
    buildings.write("expected_heating_kwh", expected_heating_kwh,
                    {.unit = "kWh/a",
                     .description = "expected space heating consumption: annual_heating_kwh (standard demand) x TABULA "
                                    "adaptation factor x vacancy factor (residential; non-residential: = standard)"});
    buildings.write("expected_hot_water_kwh", expected_hot_water_kwh,
                    {.unit = "kWh/a",
                     .description = "expected hot water consumption: annual_hot_water_kwh x adaptation x (1 - vacant "
                                    "share); NaN: not computed"});
    buildings.write("consumption_factor", consumption_factor,
                    {.unit = "1",
                     .description = "(expected heating + hot water) / (standard heating + hot water); 1 for "
                                    "non-residential buildings"});
    buildings.write("adaptation_factor", adaptation_factor,
                    {.unit = "1",
                     .description = "TABULA factor measured/calculated at the building's calculated delivered energy "
                                    "(Tab.CalcAdapt DE.M.0x); NaN: non-residential"});
    h5::Group regions = year_group.create_group("regions");
    std::vector<std::string> ags;
    std::vector<double> hourly, region_monthly(r.regions.size() * 12, 0.0);
    for (std::size_t k = 0; k < r.regions.size(); ++k) {
      const std::uint32_t m = r.regions[k];
      ags.push_back(m < twin.regions.municipalities.size() ? twin.regions.municipalities[m].ags : "");
      if (hourly_method) hourly.insert(hourly.end(), r.region_heating_w[k].begin(), r.region_heating_w[k].end());
    }
    for (std::size_t k = 0; k < n; ++k) {  // in building order: the same sums at any thread count
      const std::size_t row = region_row.at(model.buildings.region[k]);
      for (std::size_t m = 0; m < 12; ++m) region_monthly[row * 12 + m] += r.monthly_heating_kwh[k * 12 + m];
    }
    std::vector<double> hourly_hot_water;
    hourly_hot_water.reserve(r.regions.size() * dm::HOURS_PER_YEAR);
    for (std::size_t k = 0; k < r.regions.size(); ++k) {
      for (std::size_t h = 0; h < dm::HOURS_PER_YEAR; ++h) {
        // kWh in the hour = W mean × 1 h / 1000.
        hourly_hot_water.push_back(1000.0 * (daily_hot_water_kwh[k][0] * hot_water_profiles[0][h % 24] +
                                             daily_hot_water_kwh[k][1] * hot_water_profiles[1][h % 24]));
      }
    }
    regions.write("hourly_hot_water_w", hourly_hot_water,
                  {.unit = "W",
                   .description = "[municipality][hour], hourly mean domestic hot water power",
                   .columns = dm::HOURS_PER_YEAR});
    if (hourly_method) {  // peak load of space heating + hot water (twin/indicators.hpp), as the report sums it
      std::vector<double> load_w(dm::HOURS_PER_YEAR, 0.0);
      for (std::size_t k = 0; k < r.regions.size(); ++k) {
        for (std::size_t h = 0; h < dm::HOURS_PER_YEAR; ++h)
          load_w[h] += r.region_heating_w[k][h] + hourly_hot_water[k * dm::HOURS_PER_YEAR + h];
      }
      ys.peak_load_mw = twin::peak_load_mw(load_w);
    }
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
      if (grid_plan.write) {
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
          daily[row_of_cell[cell]][b.residential_type[i] <= 2 ? 0 : 1] += annual_hot_water_kwh[k] / 365.0;
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
      grid.set_attribute("hourly", grid_plan.note);
    }
    if (grid_plan.write) {
      log->info("{} {}: hourly grid sums {}", s.name, year, grid_plan.note);
    } else {
      log->warn("{} {}: hourly grid sums {}", s.name, year, grid_plan.note);
    }
    // Individual supply of the year: the twin's heating system stays until it ages out, then the
    // cheapest allowed option replaces it; final energy by carrier, cost and CO2 per building.
    YearSummary year_totals;
    year_totals.year = year;
    year_totals.refurbished_buildings = refurbished_so_far;
    year_totals.refurbished_envelope_changed = envelope_changed;
    year_totals.buildings_computed = ys.buildings_computed;
    year_totals.heating_mwh = ys.heating_mwh;
    year_totals.hot_water_mwh = ys.hot_water_mwh;
    year_totals.cooling_mwh = ys.cooling_mwh;
    year_totals.peak_heating_mw = ys.peak_heating_mw;
    year_totals.peak_load_mw = ys.peak_load_mw;
    year_totals.heated_floor_area_m2 = ys.heated_floor_area_m2;
    if (network_supply) year_totals.network = network_year_summary(*network_supply);
    if (per_municipality) year_totals.network = municipal_networks.year_summary();
    year_totals.hourly_grid = grid_plan.note;
    {
      sp::IndividualSettings supply_settings;
      supply_settings.year = year;
      supply_settings.room_t_c = settings.heating_setpoint_c;
      supply_settings.allowed = s.supply_allowed;
      supply_settings.biomass_potential_mwh_per_a = s.biomass_potential_mwh_per_a;
      supply_settings.hydrogen_potential_mwh_per_a = s.hydrogen_potential_mwh_per_a;
      const sp::IndividualSupplyModel supply(catalogue, carriers, weather.dry_bulb_c, supply_settings);
      std::vector<double> dhw(n), peak_kw(n), supply_t(n);
      std::vector<std::uint8_t> existing(n), sector(n);
      std::vector<std::int32_t> install_year(n);
      for (std::size_t k = 0; k < n; ++k) {
        const std::uint32_t i = model.twin_index[k];
        dhw[k] = std::isfinite(basis_hot_water_kwh[k]) ? basis_hot_water_kwh[k] : 0.0;
        // Design load: the hourly model's peak of the standard demand (a heat load is a standard
        // quantity, DIN EN 12831); the monthly method has none, so annual standard need / 2,000
        // full-load hours (HeatTwin assumption, order of magnitude of VDI 2067 full-load hours).
        const double standard_dhw = std::isfinite(annual_hot_water_kwh[k]) ? annual_hot_water_kwh[k] : 0.0;
        peak_kw[k] = hourly_method && std::isfinite(r.peak_heating_w[k])
                         ? r.peak_heating_w[k] / 1000.0
                         : (r.annual_heating_kwh[k] + standard_dhw) / 2000.0;
        supply_t[k] = design_supply_t_c(b.year_of_construction[i], refurbished[i] != 0);
        existing[k] = system_option[i];
        install_year[k] = system_install_year[i];
        sector[k] = static_cast<std::uint8_t>(sector_of_use(b.use_class[i]));
      }
      // The individual option of every building: the alternative the supply areas compare with.
      const sp::IndividualResult individual =
          supply.evaluate({basis_heating_kwh, dhw, peak_kw, supply_t, existing, install_year, sector, {}});
      // Buildings the network supplies this year (a network from the twin from the base year on,
      // a designed one from the first target year after it): a kept house substation, so their
      // final energy is district heat, with the CO2 of the network's own dispatch per kWh sold.
      std::vector<std::uint8_t> on_network(n, 0);
      const std::vector<std::uint8_t> existing_alone = existing;  // without the network's house substations
      const std::vector<std::int32_t> install_year_alone = install_year;
      if (network_run && network_supply && (network_existing || yi > 0)) {
        std::unordered_map<std::uint32_t, std::size_t> row_of_twin;
        for (std::size_t k = 0; k < n; ++k) row_of_twin.emplace(model.twin_index[k], k);
        for (const std::uint32_t building : network_run->consumer_building) {
          const auto it = row_of_twin.find(building);
          if (it == row_of_twin.end() || on_network[it->second] != 0) continue;
          on_network[it->second] = 1;
          existing[it->second] = static_cast<std::uint8_t>(sp::IndividualOption::district_heating);
          install_year[it->second] = year;
          ++year_totals.network_supplied_buildings;
        }
      }
      year_totals.network_supplied_buildings +=
          municipal_networks.mark_supplied(model.twin_index, yi > 0, year, on_network, existing, install_year);
      // Supply areas (WPG §18/§19) of the 100 m cells, before the supply of the year is fixed (a
      // heat-network area restricts the individual choice, below): heat density of the cell; the
      // network's route, LCOH and flags per cell from scenarios/network_supply (cell_network_inputs:
      // the run's network where its pipes lie, elsewhere the district-heat price whether a network
      // is simulated or not; docs/SUPPLY.md "One supply model"); LCOH individual = mean of the
      // cell's buildings' individual option (the same with or without a network).
      std::vector<std::uint8_t> excluded_options;  // per building: bit mask of options it may not choose
      {
        std::vector<std::int64_t> cell_row(twin.grid.size(), -1);
        std::vector<std::string> area_id;
        std::vector<std::uint32_t> row_cell;
        std::vector<double> demand_mwh, lcoh_sum, lcoh_count, cell_buildings;
        for (std::size_t k = 0; k < n; ++k) {
          const std::uint32_t i = model.twin_index[k];
          const std::uint32_t cell = b.grid_cell[i];
          if (cell >= twin.grid.size()) continue;
          if (cell_row[cell] < 0) {
            cell_row[cell] = static_cast<std::int64_t>(area_id.size());
            area_id.push_back(twin.grid.cell_id(cell));
            row_cell.push_back(cell);
            cell_buildings.push_back(0.0);
            demand_mwh.push_back(0.0);
            lcoh_sum.push_back(0.0);
            lcoh_count.push_back(0.0);
          }
          const auto row = static_cast<std::size_t>(cell_row[cell]);
          const double mwh = (basis_heating_kwh[k] + dhw[k]) / 1000.0;  // the run's basis ([demand] basis)
          demand_mwh[row] += mwh;
          cell_buildings[row] += 1.0;
          if (std::isfinite(individual.lcoh_eur_per_mwh[k])) {
            lcoh_sum[row] += individual.lcoh_eur_per_mwh[k];
            lcoh_count[row] += 1.0;
          }
        }
        const std::size_t cells = area_id.size();
        CellNetworkSource network_source;
        network_source.district_heat_price_eur_per_mwh =
            carriers.price_eur_per_mwh.at(ec::Carrier::district_heat, year);
        if (network_supply) {
          network_source.year = &*network_supply;
          network_source.existing = network_existing;
          network_source.pipe_twin_index = network_run->pipe_twin_index;
          network_source.consumers = network_run->consumer_id.size();
          network_source.connection_rate = s.network.supply.economics.connection_rate;
        }
        const MunicipalCellNetworkInputs municipal_cells =
            per_municipality
                ? municipal_networks.cell_inputs(twin, {row_cell, demand_mwh, cell_buildings}, model.twin_index,
                                                 network_source.district_heat_price_eur_per_mwh,
                                                 s.network.supply.economics.connection_rate)
                : MunicipalCellNetworkInputs{};
        const CellNetworkInputs cell_network =
            per_municipality ? municipal_cells.cells
                             : cell_network_inputs(twin, {row_cell, demand_mwh, cell_buildings}, network_source);
        const std::vector<double>& route_m = cell_network.route_length_m;
        const std::vector<double>& lcoh_net = cell_network.lcoh_network_eur_per_mwh;
        std::vector<double> area_ha(cells, 1.0), lcoh_ind(cells);
        std::vector<std::uint8_t> zeros(cells, 0);
        for (std::size_t c = 0; c < cells; ++c) lcoh_ind[c] = lcoh_count[c] > 0.0 ? lcoh_sum[c] / lcoh_count[c] : 0.0;
        const sp::SupplyAreaInput evidence{demand_mwh,
                                           area_ha,
                                           route_m,
                                           lcoh_net,
                                           lcoh_ind,
                                           cell_network.has_heat_network,
                                           cell_network.has_network_heat_source,
                                           zeros,
                                           zeros};
        const sp::SupplyAreaResult areas = sp::classify_supply_areas(evidence, s.supply_area_thresholds);
        std::vector<std::string> type(cells), grade_network(cells), grade_hydrogen(cells), grade_decentralised(cells);
        for (std::size_t c = 0; c < cells; ++c) {
          type[c] = std::string(sp::supply_area_type_name(static_cast<sp::SupplyAreaType>(areas.type[c])));
          grade_network[c] =
              std::string(sp::suitability_name(static_cast<sp::Suitability>(areas.heat_network_grade[c])));
          grade_hydrogen[c] = std::string(sp::suitability_name(static_cast<sp::Suitability>(areas.hydrogen_grade[c])));
          grade_decentralised[c] =
              std::string(sp::suitability_name(static_cast<sp::Suitability>(areas.decentralised_grade[c])));
        }
        h5::Group sa = year_group.create_group("supply_areas");
        sa.set_attribute("crs", "EPSG:3035");
        sa.write_strings("id", area_id, {.description = "INSPIRE/census id of the 100 m cell"});
        sa.write_strings("type", type, {.description = "heat_network | hydrogen_network | decentralised | test_area"});
        sa.write_strings("heat_network_grade", grade_network,
                         {.description = "WPG §19 suitability for a heat network"});
        sa.write_strings("hydrogen_grade", grade_hydrogen,
                         {.description = "WPG §19 suitability for a hydrogen network"});
        sa.write_strings("decentralised_grade", grade_decentralised,
                         {.description = "WPG §19 suitability for decentralised supply"});
        sa.write_strings("reasons", areas.reasons, {.description = "reason codes separated by ';' (docs/SUPPLY.md)"});
        sa.write("heat_demand_mwh", demand_mwh,
                 {.unit = "MWh/a", .description = "space heating + hot water need of the cell's computed buildings"});
        sa.write("heat_density_mwh_per_ha_a", areas.heat_density_mwh_per_ha_a, {.unit = "MWh/(ha.a)"});
        sa.write("line_density_mwh_per_m_a", areas.line_density_mwh_per_m_a,
                 {.unit = "MWh/(m.a)", .description = "0: no network planned in the cell"});
        sa.write("route_length_m", route_m,
                 {.unit = "m",
                  .description = "route of the run's network in the cell: its supply pipes by the cell of "
                                 "their midpoint (0: none)"});
        sa.write("lcoh_network_eur_per_mwh", lcoh_net,
                 {.unit = "EUR/MWh", .description = "network LCOH (VDI 2067) or estimate; see lcoh_network_method"});
        {
          std::vector<std::string> method(cells);
          for (std::size_t c = 0; c < cells; ++c) {
            method[c] = std::string(cell_lcoh_method_name(static_cast<CellLcohMethod>(cell_network.method[c])));
          }
          sa.write_strings("lcoh_network_method", method,
                           {.description = "designed_network | existing_network | district_heat_price "
                                           "(docs/SUPPLY.md, One supply model)"});
          std::vector<std::string> extension_method(cells), evidence_reason(cells);
          for (std::size_t c = 0; c < cells; ++c) {
            extension_method[c] =
                std::isfinite(cell_network.extension_lcoh_eur_per_mwh[c])
                    ? std::string(cell_lcoh_method_name(static_cast<CellLcohMethod>(cell_network.extension_method[c])))
                    : std::string();
            if (cell_network.evidence_changed[c] != 0) {
              evidence_reason[c] = fmt::format(
                  "{} network '{}': {:.0f} m route in the cell, its VDI 2067 LCOH {:.1f} EUR/MWh instead of the "
                  "district-heat price {:.1f} EUR/MWh{}",
                  network_existing ? "existing" : "designed",
                  per_municipality ? municipal_cells.network_of_row[c] : network_run->summary.name, route_m[c],
                  lcoh_net[c], network_source.district_heat_price_eur_per_mwh,
                  cell_network.has_network_heat_source[c] != 0 ? ", renewable or waste heat source in reach" : "");
            }
          }
          sa.write_strings("network_evidence", evidence_reason,
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
        sa.write("lcoh_individual_eur_per_mwh", lcoh_ind,
                 {.unit = "EUR/MWh", .description = "mean LCOH of the cell's buildings' individual supply"});
        // Sub-areas: the cells grouped and reclassified (same evidence as the classification above).
        {
          std::vector<std::uint32_t> buildings_in_cell(cells);
          for (std::size_t c = 0; c < cells; ++c) buildings_in_cell[c] = static_cast<std::uint32_t>(cell_buildings[c]);
          write_supply_area_clusters(sa, twin.grid, row_cell, buildings_in_cell, evidence, s.supply_area_thresholds);
        }
        {
          // Buildings in a cell classified heat_network that the network does not supply (yet) are
          // not given a biomass boiler by the least-cost step: scarce wood is not for areas meant
          // for a network (docs/SUPPLY.md, "One supply model"); they take the best other allowed
          // option. The cell's own class, not its sub-area's: it depends only on the cell's
          // evidence, so the rule holds the same with and without a simulated network.
          excluded_options.assign(n, 0);
          for (std::size_t k = 0; k < n; ++k) {
            const std::uint32_t cell = b.grid_cell[model.twin_index[k]];
            if (cell >= twin.grid.size()) continue;
            const auto row = static_cast<std::size_t>(cell_row[cell]);
            if (areas.type[row] == static_cast<std::uint8_t>(sp::SupplyAreaType::heat_network)) {
              excluded_options[k] =
                  static_cast<std::uint8_t>(1U << static_cast<unsigned>(sp::IndividualOption::biomass_boiler));
              if (on_network[k] == 0) ++year_totals.heat_network_area_buildings;
            }
          }
        }
        for (std::size_t t = 0; t < 4; ++t) {
          year_totals.supply_areas_by_type[std::string(sp::supply_area_type_name(static_cast<sp::SupplyAreaType>(t)))] =
              areas.count_by_type[t];
        }
      }
      const bool restricted =
          std::any_of(excluded_options.begin(), excluded_options.end(), [](std::uint8_t m) { return m != 0; });
      sp::IndividualResult supplied =
          year_totals.network_supplied_buildings == 0 && !restricted
              ? individual
              : supply.evaluate(
                    {basis_heating_kwh, dhw, peak_kw, supply_t, existing, install_year, sector,
                     restricted ? std::span<const std::uint8_t>(excluded_options) : std::span<const std::uint8_t>()});
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
             restricted ? std::span<const std::uint8_t>(excluded_options) : std::span<const std::uint8_t>()});
      }
      if (year_totals.network_supplied_buildings > 0) {
        for (std::size_t k = 0; k < n; ++k) {
          if (on_network[k] == 0) continue;
          const double g_per_kwh = per_municipality ? municipal_networks.co2_g_per_kwh_sold(model.twin_index[k])
                                                    : network_supply->co2_g_per_kwh_sold;
          supplied.co2_kg_per_a[k] = supplied.final_energy_kwh[k] * g_per_kwh / 1000.0;
        }
      }
      std::vector<std::string> option_names(n), carrier_names(n);
      std::vector<double> co2_t_per_region(r.regions.size(), 0.0);
      std::vector<double> region_final(r.regions.size() * ec::CARRIER_COUNT, 0.0);
      year_totals.consumption = ys.consumption;
      for (std::size_t k = 0; k < n; ++k) {
        const auto option = static_cast<sp::IndividualOption>(supplied.option[k]);
        const ec::Carrier carrier = sp::option_carrier(option);
        {  // final energy by sector for the state benchmark (docs/VALIDATION.md, demand_state)
          const std::uint8_t use = b.use_class[model.twin_index[k]];
          const bool residential = use == static_cast<std::uint8_t>(twin::UseClass::residential) ||
                                   use == static_cast<std::uint8_t>(twin::UseClass::residential_mixed);
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
        option_names[k] = std::string(sp::option_technology(option));
        carrier_names[k] = std::string(ec::carrier_name(carrier));
        const std::size_t row = region_row.at(model.buildings.region[k]);
        co2_t_per_region[row] += supplied.co2_kg_per_a[k] / 1000.0;
        region_final[row * ec::CARRIER_COUNT + static_cast<std::size_t>(carrier)] +=
            supplied.final_energy_kwh[k] / 1000.0;
        region_final[row * ec::CARRIER_COUNT + static_cast<std::size_t>(ec::Carrier::ambient_heat)] +=
            supplied.ambient_heat_kwh[k] / 1000.0;
        ++year_totals.buildings_by_option[option_names[k]];
        // The system history: what the building has installed; for a building the network supplies,
        // the system it would have without the network (the house substation is set again each year
        // it is supplied), so that its individual alternative does not depend on the network.
        const sp::IndividualResult& history = on_network[k] != 0 && alone ? *alone : supplied;
        if (history.kept_existing[k] == 0) {  // replaced (or first chosen) in this year
          system_option[model.twin_index[k]] = history.option[k];
          system_install_year[model.twin_index[k]] = year;
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
          year_totals.investment_eur += catalogue.value_or(technology, "capex_fixed_eur", 0.0) +
                                        catalogue.value_or(technology, "capex_eur_per_kw", 0.0) * peak_kw[k];
        }
      }
      if (year_totals.useful_heat_mwh > 0.0) {
        year_totals.lcoh_eur_per_mwh = year_totals.supply_cost_eur_per_a / year_totals.useful_heat_mwh;
      }
      year_totals.supply_replaced = supplied.replaced;
      year_totals.supply_switched_for_potentials =
          supplied.switched_for_biomass_potential + supplied.switched_for_hydrogen_potential;
      year_totals.biomass_above_potential_mwh = supplied.biomass_above_potential_mwh;
      year_totals.hydrogen_above_potential_mwh = supplied.hydrogen_above_potential_mwh;
      std::vector<std::string> carrier_list, sector_list;
      std::vector<double> by_carrier_sector;
      for (std::size_t c = 0; c < ec::CARRIER_COUNT; ++c) {
        carrier_list.emplace_back(ec::carrier_name(static_cast<ec::Carrier>(c)));
        const double total = supplied.balance.carrier_total_mwh(static_cast<ec::Carrier>(c));
        if (total > 0.0) year_totals.final_energy_mwh_by_carrier[carrier_list.back()] = total;
        for (std::size_t t = 0; t < ec::SECTOR_COUNT; ++t) by_carrier_sector.push_back(supplied.balance.mwh[c][t]);
      }
      for (std::size_t t = 0; t < ec::SECTOR_COUNT; ++t) {
        sector_list.emplace_back(ec::sector_name(static_cast<ec::Sector>(t)));
      }
      year_totals.final_energy_mwh = supplied.balance.total_mwh();
      ys.consumption = year_totals.consumption;
      buildings.write("network_supplied", on_network,
                      {.unit = "1",
                       .description = "1: supplied by the run's network this year (house substation; CO2 of the "
                                      "network's dispatch per kWh sold)"});
      buildings.write_strings("supply_option", option_names,
                              {.description = "heating system in this year (catalogue technology; "
                                              "solvers/supply/individual)"});
      buildings.write(
          "supply_kept_existing", supplied.kept_existing,
          {.unit = "1", .description = "1: the existing system (the twin's or imputed) is still in service"});
      if (yi == 0) {
        // The inventory's systems: which were imputed (counted for the summary).
        ExistingSystemsSummary& es = summary.existing_systems;
        es.method = s.impute_existing_systems ? "census" : "twin";
        std::vector<std::uint8_t> carrier_imputed(n), install_year_imputed(n);
        for (std::size_t k = 0; k < n; ++k) {
          const std::uint32_t i = model.twin_index[k];
          carrier_imputed[k] = existing_systems.carrier_imputed[i];
          install_year_imputed[k] = existing_systems.install_year_imputed[i];
          const bool known = b.heating_carrier[i] != static_cast<std::uint8_t>(twin::Carrier::unknown);
          es.from_twin += known ? 1 : 0;
          es.imputed += carrier_imputed[k] != 0 ? 1 : 0;
          es.imputed_from_grid += carrier_imputed[k] == 2 ? 1 : 0;
          es.not_broken_down += !known && carrier_imputed[k] == 0 && s.impute_existing_systems ? 1 : 0;
          es.unknown += existing_systems.option[i] == sp::NO_EXISTING_SYSTEM ? 1 : 0;
          es.install_years_imputed += install_year_imputed[k];
          if (carrier_imputed[k] != 0) {
            ++es.imputed_by_option[std::string(
                sp::option_technology(static_cast<sp::IndividualOption>(existing_systems.option[i])))];
          }
        }
        buildings.write("existing_carrier_imputed", carrier_imputed,
                        {.unit = "1",
                         .description = "1: the base year's heating carrier was drawn from the state-wide census "
                                        "shares, 2: from the census counts of the building's 100 m cell "
                                        "(solvers/supply/existing_systems)"});
        buildings.write("existing_install_year_imputed", install_year_imputed,
                        {.unit = "1", .description = "1: the installation year of the base year's system was drawn"});
      }
      buildings.write_strings("final_energy_carrier", carrier_names,
                              {.description = "purchased carrier of the system"});
      buildings.write("final_energy_kwh", supplied.final_energy_kwh,
                      {.unit = "kWh/a", .description = "purchased final energy of final_energy_carrier"});
      buildings.write("ambient_heat_kwh", supplied.ambient_heat_kwh,
                      {.unit = "kWh/a", .description = "environmental heat of heat pumps (renewable)"});
      buildings.write("supply_cost_eur_per_a", supplied.cost_eur_per_a,
                      {.unit = "EUR/a", .description = "VDI 2067 annuity: capital (if new) + maintenance + energy"});
      buildings.write("lcoh_individual_eur_per_mwh", supplied.lcoh_eur_per_mwh,
                      {.unit = "EUR/MWh", .description = "levelised cost of heat of the individual supply"});
      buildings.write("co2_kg_per_a", supplied.co2_kg_per_a,
                      {.unit = "kg/a", .description = "CO2-eq of the final energy"});
      buildings.write("design_supply_t_c", supply_t,
                      {.unit = "degC", .description = "assumed design supply temperature (docs/SCENARIOS.md)"});
      regions.write("final_energy_mwh", region_final,
                    {.unit = "MWh/a",
                     .description = "[municipality][carrier as in ../final_energy/carrier], individual supply "
                                    "(ambient heat included)",
                     .columns = ec::CARRIER_COUNT});
      regions.write("co2_t", co2_t_per_region, {.unit = "t/a", .description = "CO2-eq of the individual supply"});
      h5::Group final_energy = year_group.create_group("final_energy");
      final_energy.write_strings("carrier", carrier_list, {.description = "rows of mwh"});
      final_energy.write_strings("sector", sector_list, {.description = "columns of mwh (WPG §15 sectors)"});
      final_energy.write("mwh", by_carrier_sector,
                         {.unit = "MWh/a",
                          .description = "[carrier][sector] final energy of the individual supply",
                          .columns = ec::SECTOR_COUNT});
      final_energy.write("co2_t", std::vector<double>{year_totals.co2_t},
                         {.unit = "t/a", .description = "CO2-eq of all computed buildings"});
    }
    if (network_run) write_network_results(year_group, *network_run, twin, network_supply ? &*network_supply : nullptr);
    if (per_municipality) municipal_networks.write(year_group, twin);
    {  // Design and target problems of the year (scenarios/run_warnings.hpp).
      YearWarningInputs wi;
      wi.year = year;
      if (network_run) {
        wi.network = &network_run->summary;
        wi.max_velocity_m_per_s = s.network.max_velocity_m_per_s;
        wi.min_supply_c = s.network.min_supply_c;
      }
      if (year_totals.network && !per_municipality) wi.network_supply = &*year_totals.network;
      wi.biomass_potential_mwh_per_a = s.biomass_potential_mwh_per_a;
      wi.biomass_above_potential_mwh = year_totals.biomass_above_potential_mwh;
      wi.hydrogen_potential_mwh_per_a = s.hydrogen_potential_mwh_per_a;
      wi.hydrogen_above_potential_mwh = year_totals.hydrogen_above_potential_mwh;
      year_totals.warnings = year_warnings(wi);
      if (per_municipality) {  // each municipality's network on its own (scenarios/municipal_networks.hpp)
        const auto each = municipal_networks.warnings(year, s.network.max_velocity_m_per_s, s.network.min_supply_c);
        year_totals.warnings.insert(year_totals.warnings.end(), each.begin(), each.end());
      }
      write_warnings(year_group, year_totals.warnings);
    }
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
      std::vector<std::string> carrier_names;
      std::vector<double> carrier_mwh;
      for (const auto& [carrier, mwh] : year_totals.final_energy_mwh_by_carrier) {
        carrier_names.push_back(carrier);
        carrier_mwh.push_back(mwh);
      }
      year_totals.renewable_share = twin::renewable_share(carrier_names, carrier_mwh);
      scalar("renewable_share", year_totals.renewable_share, "1",
             "final energy of biomass, ambient heat, solar thermal and waste heat / final energy");
    }
    seconds_writing += std::chrono::duration<double>(std::chrono::steady_clock::now() - write_start).count();
    summary.years.push_back(year_totals);
  }
  if (demand_entry && !demand_cached) {
    demand_entry->ready = true;
    demand_lock.unlock();
  }
  const auto write_start = std::chrono::steady_clock::now();
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
      hashes.set_attribute(role, hooks.write_results ? twin::file_sha256_hex(input) : std::string("not computed"));
    }
    summary.seconds_hashing = std::chrono::duration<double>(std::chrono::steady_clock::now() - hash_start).count();
  }
  h5::Group twin_group = root.create_group("twin");
  twin_group.set_attribute("path", s.twin_path);
  twin_group.set_attribute("crs", twin.crs);
  twin_group.write_strings("summary_json", {twin_summary},
                           {.description = "inventory and data-quality report of the twin (as heattwin info --json)"});
  meta.set_attribute("finished_utc", utc_now_iso8601());
  file.commit();
  summary.seconds_writing =
      seconds_writing + std::chrono::duration<double>(std::chrono::steady_clock::now() - write_start).count();
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace heattwin::scenarios
