#include "twin/summary.hpp"

#include "twin/twin_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace heattwin::twin {
namespace {

double sum_known(const std::vector<double>& column) {
  // Fixed-order sum: the same twin gives the same figure.
  double total = 0.0;
  for (double v : column)
    if (std::isfinite(v)) total += v;
  return total;
}

std::array<std::uint64_t, PROVENANCE_NAMES.size()> count_provenance(const std::vector<Provenance>& column) {
  std::array<std::uint64_t, PROVENANCE_NAMES.size()> counts{};
  for (Provenance p : column) ++counts[static_cast<std::size_t>(p)];
  return counts;
}

}  // namespace

nlohmann::ordered_json data_quality_json(const Twin& twin) {
  nlohmann::ordered_json dq = nlohmann::ordered_json::object();
  twin.buildings.for_each_provenance_column([&](std::string_view name, std::string_view, const auto& column) {
    const auto counts = count_provenance(column);
    nlohmann::ordered_json entry;
    // Keys in the order of CONTRACTS.md, then "missing".
    for (std::size_t k : {1, 2, 3, 4, 0}) entry[std::string(PROVENANCE_NAMES[k])] = counts[k];
    dq[std::string(name)] = entry;
  });
  return dq;
}

nlohmann::ordered_json twin_summary_json(const Twin& twin) {
  const BuildingSet& b = twin.buildings;
  nlohmann::ordered_json j;
  j["schema_version"] = fmt::format("{}.{}", TWIN_SCHEMA_VERSION[0], TWIN_SCHEMA_VERSION[1]);
  j["crs"] = twin.crs;
  j["source"] = twin.source;

  nlohmann::ordered_json by_use = nlohmann::ordered_json::object();
  std::array<std::uint64_t, USE_CLASS_NAMES.size()> use_counts{};
  for (auto u : b.use_class) ++use_counts[u];
  for (std::size_t k = 0; k < use_counts.size(); ++k)
    if (use_counts[k] > 0) by_use[std::string(USE_CLASS_NAMES[k])] = use_counts[k];
  nlohmann::ordered_json by_age = nlohmann::ordered_json::object();
  std::array<std::uint64_t, AGE_CLASSES.size() + 1> age_counts{};
  for (auto a : b.age_class) ++age_counts[a];
  for (std::size_t k = 0; k < age_counts.size(); ++k)
    if (age_counts[k] > 0) by_age[std::string(age_class_label(static_cast<std::uint8_t>(k)))] = age_counts[k];
  nlohmann::ordered_json by_type = nlohmann::ordered_json::object();
  std::array<std::uint64_t, RESIDENTIAL_TYPE_NAMES.size()> type_counts{};
  for (auto t : b.residential_type) ++type_counts[t];
  for (std::size_t k = 1; k < type_counts.size(); ++k)
    if (type_counts[k] > 0) by_type[std::string(RESIDENTIAL_TYPE_NAMES[k])] = type_counts[k];
  std::uint64_t unassigned = 0;
  for (auto m : b.municipality) unassigned += m == NO_INDEX ? 1 : 0;
  j["buildings"] = {{"count", b.size()},
                    {"by_use", by_use},
                    {"by_age_class", by_age},
                    {"by_residential_type", by_type},
                    {"without_municipality", unassigned}};
  j["regions"] = {{"state", twin.regions.state_name},
                  {"kreise", twin.regions.kreise.size()},
                  {"municipalities", twin.regions.municipalities.size()},
                  {"blocks", twin.regions.blocks.size()},
                  {"grid_cells_100m", twin.grid.size()}};
  j["totals"] = {{"footprint_area_m2", sum_known(b.footprint_area_m2)},
                 {"volume_m3", sum_known(b.volume_m3)},
                 {"heated_floor_area_m2", sum_known(b.heated_floor_area_m2)},
                 {"wall_area_m2", sum_known(b.wall_area_m2)},
                 {"shared_wall_area_m2", sum_known(b.shared_wall_area_m2)},
                 {"roof_area_m2", sum_known(b.roof_area_m2)},
                 {"window_area_m2", sum_known(b.window_area_m2)}};
  {
    std::uint64_t with_roofs = 0;
    for (std::size_t i = 0; i < twin.roofs.building_count(); ++i) with_roofs += twin.roofs.surfaces_of(i) > 0 ? 1 : 0;
    j["roofs"] = {{"surfaces", twin.roofs.surface_count()}, {"buildings_with_roofs", with_roofs}};
  }
  j["streets"] = {{"segments", twin.streets.size()}};
  j["networks"] = {{"count", twin.networks.names.size()},
                   {"pipes", twin.networks.pipes.size()},
                   {"consumers", twin.networks.consumers.size()}};
  j["data_quality"] = data_quality_json(twin);
  nlohmann::ordered_json rules = nlohmann::ordered_json::object();
  for (const auto& [rule, count] : twin.imputations) rules[rule] = count;
  j["imputation_rules"] = rules;
  return j;
}

std::string twin_summary_text(const Twin& twin) {
  const auto j = twin_summary_json(twin);
  std::string out;
  out += fmt::format("twin: {} buildings in {} municipalities ({} Kreise), {} grid cells (100 m), CRS {}\n",
                     j["buildings"]["count"].get<std::uint64_t>(), j["regions"]["municipalities"].get<std::uint64_t>(),
                     j["regions"]["kreise"].get<std::uint64_t>(), j["regions"]["grid_cells_100m"].get<std::uint64_t>(),
                     twin.crs);
  if (!twin.source.empty()) out += fmt::format("source: {}\n", twin.source);
  out += "buildings by use:\n";
  for (const auto& [k, v] : j["buildings"]["by_use"].items())
    out += fmt::format("  {:<20} {:>10}\n", k, v.get<std::uint64_t>());
  out += "buildings by age class:\n";
  for (const auto& [k, v] : j["buildings"]["by_age_class"].items())
    out += fmt::format("  {:<20} {:>10}\n", k, v.get<std::uint64_t>());
  out += "totals:\n";
  for (const auto& [k, v] : j["totals"].items()) out += fmt::format("  {:<22} {:>16.0f}\n", k, v.get<double>());
  return out;
}

nlohmann::ordered_json data_quality_report_json(const Twin& twin) {
  nlohmann::ordered_json report;
  const auto n = static_cast<double>(twin.buildings.size());
  report["buildings"] = twin.buildings.size();
  nlohmann::ordered_json attributes = nlohmann::ordered_json::object();
  const auto quality = data_quality_json(twin);
  for (const auto& [name, counts] : quality.items()) {
    nlohmann::ordered_json entry;
    entry["counts"] = counts;
    nlohmann::ordered_json shares;
    for (const auto& [kind, count] : counts.items()) shares[kind] = n > 0 ? count.get<double>() / n : 0.0;
    entry["shares"] = shares;
    attributes[name] = entry;
  }
  report["attributes"] = attributes;
  nlohmann::ordered_json rules = nlohmann::ordered_json::object();
  for (const auto& [rule, count] : twin.imputations) rules[rule] = count;
  report["imputation_rules"] = rules;
  // The val3dity-style shell check of LoD1/LoD2 imports (twin/shell_repair.hpp).
  std::array<std::uint64_t, 4> verdicts{};
  for (const auto v : twin.buildings.geometry_check) ++verdicts[std::min<std::size_t>(v, 3)];
  report["geometry_check"] = {
      {"unchecked", verdicts[0]}, {"valid", verdicts[1]}, {"repaired", verdicts[2]}, {"fallback", verdicts[3]}};
  return report;
}

std::string data_quality_report_text(const Twin& twin) {
  const auto report = data_quality_report_json(twin);
  std::string out = fmt::format("Data quality of {} buildings (share of values by origin)\n", twin.buildings.size());
  out += fmt::format("  {:<20} {:>9} {:>9} {:>9} {:>9} {:>9}\n", "attribute", "measured", "geometry", "typology",
                     "imputed", "missing");
  for (const auto& [name, entry] : report["attributes"].items()) {
    const auto& s = entry["shares"];
    out += fmt::format("  {:<20} {:>8.1f}% {:>8.1f}% {:>8.1f}% {:>8.1f}% {:>8.1f}%\n", name,
                       100 * s["measured"].get<double>(), 100 * s["geometry"].get<double>(),
                       100 * s["typology"].get<double>(), 100 * s["imputed"].get<double>(),
                       100 * s["missing"].get<double>());
  }
  out += "Imputation rules applied (see docs/IMPUTATION.md):\n";
  if (twin.imputations.empty()) out += "  none\n";
  for (const auto& [rule, count] : twin.imputations) out += fmt::format("  {:<40} {:>10}\n", rule, count);
  const auto& g = report["geometry_check"];
  if (g["unchecked"].get<std::uint64_t>() < twin.buildings.size())
    out += fmt::format("LoD shells (val3dity checks): {} valid, {} repaired, {} not repairable (measured as read)\n",
                       g["valid"].get<std::uint64_t>(), g["repaired"].get<std::uint64_t>(),
                       g["fallback"].get<std::uint64_t>());
  return out;
}

}  // namespace heattwin::twin
