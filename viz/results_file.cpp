#include "viz/results_file.hpp"

#include "twin/error.hpp"
#include "twin/h5.hpp"
#include "twin/results_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string_view>

namespace heattwin::viz {
namespace {

/// Opens `path` and checks that it is a results file of a schema this program reads.
h5::File open_results(const std::string& path) {
  h5::File file = [&] {
    try {
      return h5::File::open_checked(path, twin::RESULTS_FILE);
    } catch (const IoError& e) {
      throw InputError(e.what());
    }
  }();
  const h5::Group root = file.root();
  HEATTWIN_CHECK(root.is_group("results"), "{}: no /results group", path);
  return file;
}

int parse_year(const std::string& path, const std::string& scenario, const std::string& text) {
  int year = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), year);
  HEATTWIN_CHECK(error == std::errc() && end == text.data() + text.size(), "{}: /results/{}/{} is not a year", path,
                 scenario, text);
  return year;
}

/// Which string datasets read_table() keeps.
enum class TextColumns {
  none,     ///< skipped
  strict,   ///< every one, each with one row per id (else InputError)
  per_row,  ///< those with one row per id; others (e.g. network/supply/carrier, a header) are skipped
};
/// Checks the values of a results dataset as a reader of our own files must (issue 20, class 6):
/// never ±inf, and no negative value where the unit is an amount that cannot be negative (energy,
/// area, hours; not for errors, differences and changes). NaN stays allowed: writers use it for "unknown". Throws
/// InputError naming the file, the dataset, the row id and the value.
void check_result_values(const std::string& where, const std::string& name, const std::string& unit,
                         const std::vector<double>& values, std::size_t columns, const std::vector<std::string>& ids) {
  static constexpr std::array<std::string_view, 11> NON_NEGATIVE_UNITS{
      "MWh/a", "kWh/a", "kWh", "MWh/(m.a)", "MWh/(ha.a)", "m2", "m3", "km2", "ha", "h", "h/a"};
  // Errors, differences and changes carry a sign whatever their unit.
  const bool signed_quantity = name.find("error") != std::string::npos || name.find("delta") != std::string::npos ||
                               name.find("diff") != std::string::npos || name.find("change") != std::string::npos;
  const bool non_negative = !signed_quantity && std::find(NON_NEGATIVE_UNITS.begin(), NON_NEGATIVE_UNITS.end(), unit) !=
                                                    NON_NEGATIVE_UNITS.end();
  for (std::size_t k = 0; k < values.size(); ++k) {
    const double v = values[k];
    if (std::isnan(v) || (std::isfinite(v) && (!non_negative || v >= 0.0))) continue;
    const std::size_t row = columns > 0 ? k / columns : k;
    throw InputError(fmt::format(
        "{}/{}: row '{}' holds {} {}, which no computation writes (expected a finite{} "
        "value or NaN); the results file is damaged — re-run the scenario",
        where, name, row < ids.size() ? ids[row] : std::to_string(row), v, unit, non_negative ? ", non-negative" : ""));
  }
}

/// Reads every dataset of a table group: `id_name` (strings) as the row ids, 1-D numeric
/// datasets as columns and 2-D ones as matrices; string datasets as `with_text` says; subgroups
/// are skipped.
ResultsTable read_table(const h5::Group& group, const std::string& id_name, TextColumns with_text = TextColumns::none,
                        bool with_hourly = true) {
  ResultsTable table;
  table.where = fmt::format("{}:{}", group.file(), group.path());
  table.id = group.read_strings(id_name);
  for (const auto& name : group.members()) {
    if (name == id_name || group.is_group(name)) continue;
    if (!group.is_numeric(name)) {
      if (with_text != TextColumns::none) {
        auto values = group.read_strings(name);
        if (with_text == TextColumns::per_row && values.size() != table.id.size()) continue;
        HEATTWIN_CHECK(values.size() == table.id.size(), "{}/{}: {} rows where the table has {} ids", table.where, name,
                       values.size(), table.id.size());
        table.text.emplace(name, std::move(values));
      }
      continue;
    }
    const auto shape = group.shape(name);
    if (!with_hourly && shape.size() == 2 && shape[1] >= 8760) continue;  // an hourly series
    HEATTWIN_CHECK(!shape.empty() && shape[0] == table.id.size() && shape.size() <= 2,
                   "{}/{}: {} rows where the table has {} ids", table.where, name, shape.empty() ? 0 : shape[0],
                   table.id.size());
    std::vector<double> values = group.read_flat_doubles(name);
    table.units[name] = group.dataset_string_attribute(name, "unit");
    check_result_values(table.where, name, table.units[name], values, shape.size() == 2 ? shape[1] : 0, table.id);
    if (shape.size() == 1) {
      table.columns.emplace(name, std::move(values));
    } else {
      table.matrices.emplace(name, ResultsMatrix{shape[1], std::move(values)});
    }
  }
  return table;
}

ResultsMeta read_meta(const std::string& path, const h5::Group& root) {
  ResultsMeta m;
  m.schema_version = root.int_attribute("schema_version");
  HEATTWIN_CHECK(root.is_group("meta") && root.is_group("twin"), "{}: /meta or /twin is missing", path);
  const h5::Group meta = root.open_group("meta");
  m.heattwin_version = meta.string_attribute("heattwin_version");
  m.git_sha = meta.string_attribute("git_sha");
  m.started_utc = meta.string_attribute("started_utc");
  m.finished_utc = meta.string_attribute("finished_utc");
  const auto toml_text = meta.read_strings("scenario_toml");
  if (!toml_text.empty()) m.scenario_toml = toml_text.front();
  if (meta.has("scenario_overrides")) m.scenario_overrides = meta.read_strings("scenario_overrides");
  for (const auto& [group_name, target] :
       {std::pair{"inputs", &m.inputs}, std::pair{"input_sha256", &m.input_sha256}}) {
    if (!meta.is_group(group_name)) continue;
    const h5::Group g = meta.open_group(group_name);
    for (const auto& role : g.attribute_names()) (*target)[role] = g.string_attribute(role);
  }
  return m;
}

}  // namespace

ResultsMeta read_results_meta(const std::string& path) {
  const h5::File file = open_results(path);
  return read_meta(path, file.root());
}

const std::vector<double>& ResultsTable::column(const std::string& name) const {
  const auto it = columns.find(name);
  HEATTWIN_CHECK(it != columns.end(), "{}: no column '{}'", where, name);
  return it->second;
}

const std::vector<std::string>& ResultsTable::strings(const std::string& name) const {
  const auto it = text.find(name);
  HEATTWIN_CHECK(it != text.end(), "{}: no string dataset '{}'", where, name);
  return it->second;
}

const ResultsMatrix& ResultsTable::matrix(const std::string& name) const {
  const auto it = matrices.find(name);
  HEATTWIN_CHECK(it != matrices.end(), "{}: no 2-D dataset '{}'", where, name);
  return it->second;
}

std::vector<std::pair<std::string, int>> list_results(const std::string& path) {
  const h5::File file = open_results(path);
  const h5::Group results = file.root().open_group("results");
  std::vector<std::pair<std::string, int>> pairs;
  for (const auto& scenario : results.members()) {
    if (!results.is_group(scenario)) continue;
    const h5::Group g = results.open_group(scenario);
    for (const auto& year : g.members()) {
      if (g.is_group(year)) pairs.emplace_back(scenario, parse_year(path, scenario, year));
    }
  }
  return pairs;
}

Results read_results(const std::string& path, const std::string& scenario, int year, bool with_hourly) {
  const auto available = list_results(path);
  HEATTWIN_CHECK(!available.empty(), "{}: the file holds no results", path);
  const std::pair<std::string, int>* chosen = nullptr;
  for (const auto& p : available) {
    if ((scenario.empty() || p.first == scenario) && (year == 0 || p.second == year)) {
      chosen = &p;
      break;
    }
  }
  if (chosen == nullptr) {
    std::vector<std::string> names;
    for (const auto& [s, y] : available) names.push_back(fmt::format("{}/{}", s, y));
    throw InputError(fmt::format("{}: no results for scenario '{}' year {} (the file has {})", path,
                                 scenario.empty() ? "*" : scenario, year, fmt::join(names, ", ")));
  }
  const h5::File file = open_results(path);
  const h5::Group root = file.root();
  Results r;
  r.path = path;
  r.scenario = chosen->first;
  r.year = chosen->second;
  r.meta = read_meta(path, root);
  const h5::Group twin_group = root.open_group("twin");
  r.twin_crs = twin_group.string_attribute("crs");
  if (twin_group.has("summary_json")) {
    const auto text = twin_group.read_strings("summary_json");
    if (!text.empty()) r.twin_summary_json = text.front();
  }
  const h5::Group year_group = root.open_group("results").open_group(r.scenario).open_group(std::to_string(r.year));
  if (year_group.has_attribute("method")) r.method = year_group.string_attribute("method");
  if (year_group.has_attribute("demand_basis")) r.demand_basis = year_group.string_attribute("demand_basis");
  const auto read_group = [&](const char* name, const char* id_name, ResultsTable& table, TextColumns with_text) {
    HEATTWIN_CHECK(year_group.is_group(name), "{}:{}: no group '{}'", path, year_group.path(), name);
    const h5::Group g = year_group.open_group(name);
    table = read_table(g, id_name, with_text, with_hourly);
  };
  read_group("buildings", "id", r.buildings, TextColumns::strict);
  read_group("regions", "ags", r.regions, TextColumns::none);
  read_group("grid", "cell_id", r.grid, TextColumns::none);
  if (year_group.is_group("network")) {
    const h5::Group network = year_group.open_group("network");
    for (const auto& name : network.members()) {
      if (network.is_group(name))
        r.network[name] = read_table(network.open_group(name), "id", TextColumns::per_row, with_hourly);
    }
  }
  if (year_group.is_group("supply_areas")) {
    const h5::Group sa = year_group.open_group("supply_areas");
    r.supply_areas = read_table(sa, "id", TextColumns::strict);
    if (sa.is_group("clusters")) {
      r.supply_area_clusters = read_table(sa.open_group("clusters"), "id", TextColumns::strict);
      const auto cluster = r.supply_areas.columns.find("cluster");
      HEATTWIN_CHECK(cluster != r.supply_areas.columns.end(), "{}: sub-areas without a 'cluster' column",
                     r.supply_areas.where);
      for (const double c : cluster->second) {
        HEATTWIN_CHECK(c >= 0.0 && c < static_cast<double>(r.supply_area_clusters.rows()),
                       "{}/cluster: sub-area {} is not a row of clusters ({} rows)", r.supply_areas.where, c,
                       r.supply_area_clusters.rows());
      }
    }
  }
  if (year_group.is_group("investment")) r.investment = read_table(year_group.open_group("investment"), "measure");
  // Warnings: written by the supply model's checks (issue 15 §2) when it has any; three spellings
  // are accepted so that reader and writer need not land together.
  if (year_group.has("warnings") && !year_group.is_group("warnings")) {
    r.warnings = year_group.read_strings("warnings");
  } else if (year_group.is_group("warnings")) {
    const h5::Group w = year_group.open_group("warnings");
    if (w.has("message")) r.warnings = w.read_strings("message");
  } else if (year_group.has_attribute("warnings")) {
    std::string text = year_group.string_attribute("warnings");
    std::size_t start = 0;
    while (start <= text.size()) {
      const std::size_t end = std::min(text.find('\n', start), text.size());
      if (end > start) r.warnings.push_back(text.substr(start, end - start));
      start = end + 1;
    }
  }
  const auto twin_index = r.buildings.columns.find("twin_index");
  if (twin_index != r.buildings.columns.end()) {
    r.building_twin_index.reserve(twin_index->second.size());
    for (const double v : twin_index->second) r.building_twin_index.push_back(static_cast<std::int64_t>(v));
    r.buildings.columns.erase(twin_index);
    r.buildings.units.erase("twin_index");
  }
  return r;
}

}  // namespace heattwin::viz
