#include "scenarios/gas_grid_evidence.hpp"

#include "scenarios/planner_data_toml.hpp"
#include "scenarios/schema_toml.hpp"
#include "twin/error.hpp"
#include "twin/twin.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <unordered_map>

namespace heattwin::scenarios {

namespace {

std::string where(const std::string& path, const toml::node& node) {
  return fmt::format("{}:{}", path, node.source().begin.line);
}

/// Throws InputError if the layer's extent lies more than `margin_m` from the extent of the twin's
/// buildings: a layer declared in the wrong CRS (e.g. UTM 32N instead of 33N) transforms without
/// error but lands kilometres away.
void check_layer_near_twin(const twin::LineAreaLayer& layer, const twin::Twin& twin, std::string_view what) {
  constexpr double MARGIN_M = 2000.0;
  const auto& b = twin.buildings;
  double bx0 = INFINITY, by0 = INFINITY, bx1 = -INFINITY, by1 = -INFINITY;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (!std::isfinite(b.x_m[i]) || !std::isfinite(b.y_m[i])) continue;
    bx0 = std::min(bx0, b.x_m[i]);
    bx1 = std::max(bx1, b.x_m[i]);
    by0 = std::min(by0, b.y_m[i]);
    by1 = std::max(by1, b.y_m[i]);
  }
  if (!(bx0 <= bx1)) return;  // no located building: nothing to compare with
  double lx0 = INFINITY, ly0 = INFINITY, lx1 = -INFINITY, ly1 = -INFINITY;
  const auto add = [&](double x, double y) {
    lx0 = std::min(lx0, x);
    lx1 = std::max(lx1, x);
    ly0 = std::min(ly0, y);
    ly1 = std::max(ly1, y);
  };
  for (std::size_t s = 0; s < layer.segment_count(); ++s) {
    add(layer.x0_m[s], layer.y0_m[s]);
    add(layer.x1_m[s], layer.y1_m[s]);
  }
  for (std::size_t v = 0; v < layer.areas.vertex_count(); ++v) add(layer.areas.x_m[v], layer.areas.y_m[v]);
  const bool apart = lx0 > bx1 + MARGIN_M || lx1 < bx0 - MARGIN_M || ly0 > by1 + MARGIN_M || ly1 < by0 - MARGIN_M;
  HEATTWIN_CHECK(!apart,
                 "{}: the {} layer '{}' lies outside the twin's area (layer x {:.0f}..{:.0f}, y {:.0f}..{:.0f}; "
                 "buildings x {:.0f}..{:.0f}, y {:.0f}..{:.0f} m in {}; more than {:.0f} m apart): is the layer's "
                 "CRS right?",
                 layer.path, what, layer.layer_name, lx0, lx1, ly0, ly1, bx0, bx1, by0, by1, twin.crs, MARGIN_M);
}

/// Flags every twin building whose centroid is within `buffer_m` of the layer's lines or inside
/// its areas; returns how many.
std::size_t flag_buildings(const twin::LineAreaLayer& layer, double buffer_m, const twin::Twin& twin,
                           std::vector<std::uint8_t>& flag) {
  const twin::LineAreaIndex index(layer, buffer_m);
  const auto& b = twin.buildings;
  flag.assign(b.size(), 0);
  std::size_t count = 0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    flag[i] = index.is_near(b.x_m[i], b.y_m[i], buffer_m) ? 1 : 0;
    count += flag[i];
  }
  return count;
}

}  // namespace

namespace detail {

void parse_gas_grid_keys(const std::string& path, const toml::table& data, GasGridSettings& out) {
  const auto file_key = [&](std::string_view key, std::string& target) {
    const toml::node* node = data.get(key);
    if (node == nullptr) return;
    const auto* s = node->as_string();
    HEATTWIN_CHECK(s != nullptr && !s->get().empty(), "{}: [data] {} must be a non-empty string path",
                   where(path, *node), key);
    std::filesystem::path p(s->get());
    if (p.is_relative()) p = std::filesystem::path(path).parent_path() / p;
    target = p.lexically_normal().string();
  };
  const auto text_key = [&](std::string_view key, std::string& target) {
    const toml::node* node = data.get(key);
    if (node == nullptr) return;
    const auto* s = node->as_string();
    HEATTWIN_CHECK(s != nullptr && !s->get().empty(), "{}: [data] {} must be a non-empty layer name",
                   where(path, *node), key);
    target = s->get();
  };
  const auto buffer_key = [&](std::string_view key, double& target) {
    target = scenario_number(path, data, "data", key, target);
  };
  file_key("gas_grid", out.gas_grid_path);
  text_key("gas_grid_layer", out.gas_grid_layer);
  buffer_key("gas_grid_buffer_m", out.gas_grid_buffer_m);
  file_key("hydrogen_plan", out.hydrogen_plan_path);
  text_key("hydrogen_plan_layer", out.hydrogen_plan_layer);
  buffer_key("hydrogen_plan_buffer_m", out.hydrogen_plan_buffer_m);
  for (const auto& [file, keys] :
       {std::pair{"gas_grid", std::pair{"gas_grid_layer", "gas_grid_buffer_m"}},
        std::pair{"hydrogen_plan", std::pair{"hydrogen_plan_layer", "hydrogen_plan_buffer_m"}}}) {
    for (const char* key : {keys.first, keys.second}) {
      const toml::node* node = data.get(key);
      HEATTWIN_CHECK(node == nullptr || data.contains(file), "{}: [data] {} is set but {} (the file) is not",
                     node != nullptr ? where(path, *node) : path, key, file);
    }
  }
}

}  // namespace detail

std::vector<std::pair<std::string, std::string>> gas_grid_inputs(const GasGridSettings& settings) {
  std::vector<std::pair<std::string, std::string>> inputs;
  if (!settings.gas_grid_path.empty()) inputs.emplace_back("gas_grid", settings.gas_grid_path);
  if (!settings.hydrogen_plan_path.empty()) inputs.emplace_back("hydrogen_plan", settings.hydrogen_plan_path);
  return inputs;
}

GasGridEvidence::GasGridEvidence(const GasGridSettings& settings, const twin::Twin& twin) {
  if (!settings.gas_grid_path.empty()) {
    const twin::LineAreaLayer gas =
        twin::read_line_area_layer(settings.gas_grid_path, settings.gas_grid_layer, twin.crs, "gas grid");
    check_layer_near_twin(gas, twin, "gas grid");
    summary_.gas_grid_known = true;
    summary_.gas_grid_features = gas.line_features + gas.area_features;
    summary_.gas_grid_skipped_features = gas.skipped_features;
    summary_.gas_main_length_m = gas.line_length_m;
    summary_.buildings_near_gas_grid = flag_buildings(gas, settings.gas_grid_buffer_m, twin, near_gas_);
  }
  if (!settings.hydrogen_plan_path.empty()) {
    const twin::LineAreaLayer plan = twin::read_line_area_layer(
        settings.hydrogen_plan_path, settings.hydrogen_plan_layer, twin.crs, "hydrogen plan");
    check_layer_near_twin(plan, twin, "hydrogen plan");
    summary_.hydrogen_plan_known = true;
    summary_.hydrogen_plan_features = plan.line_features + plan.area_features;
    summary_.hydrogen_plan_skipped_features = plan.skipped_features;
    summary_.hydrogen_plan_line_length_m = plan.line_length_m;
    summary_.buildings_in_hydrogen_plan = flag_buildings(plan, settings.hydrogen_plan_buffer_m, twin, in_plan_);
  }
}

CellGasFlags GasGridEvidence::cells(const twin::Twin& twin, std::span<const std::uint32_t> twin_index,
                                    std::span<const std::uint32_t> row_cell) const {
  CellGasFlags out;
  if (!summary_.gas_grid_known && !summary_.hydrogen_plan_known) return out;
  std::unordered_map<std::uint32_t, std::size_t> row_of_cell;
  row_of_cell.reserve(row_cell.size());
  for (std::size_t r = 0; r < row_cell.size(); ++r) row_of_cell.emplace(row_cell[r], r);
  if (summary_.gas_grid_known) out.has_gas_network.assign(row_cell.size(), 0);
  if (summary_.hydrogen_plan_known) out.hydrogen_plan.assign(row_cell.size(), 0);
  for (const std::uint32_t i : twin_index) {
    const auto it = row_of_cell.find(twin.buildings.grid_cell[i]);
    if (it == row_of_cell.end()) continue;
    if (!near_gas_.empty() && near_gas_[i] != 0) out.has_gas_network[it->second] = 1;
    if (!in_plan_.empty() && in_plan_[i] != 0) out.hydrogen_plan[it->second] = 1;
  }
  out.cells_with_gas_grid =
      static_cast<std::size_t>(std::count(out.has_gas_network.begin(), out.has_gas_network.end(), 1));
  out.cells_in_hydrogen_plan =
      static_cast<std::size_t>(std::count(out.hydrogen_plan.begin(), out.hydrogen_plan.end(), 1));
  return out;
}

nlohmann::ordered_json gas_grid_json(const GasGridSummary& g) {
  return {{"gas_grid_source", g.gas_grid_source()},
          {"gas_grid_features", g.gas_grid_features},
          {"gas_grid_skipped_features", g.gas_grid_skipped_features},
          {"gas_main_length_m", g.gas_main_length_m},
          {"buildings_near_gas_grid", g.buildings_near_gas_grid},
          {"hydrogen_plan_source", g.hydrogen_plan_source()},
          {"hydrogen_plan_features", g.hydrogen_plan_features},
          {"hydrogen_plan_skipped_features", g.hydrogen_plan_skipped_features},
          {"hydrogen_plan_line_length_m", g.hydrogen_plan_line_length_m},
          {"buildings_in_hydrogen_plan", g.buildings_in_hydrogen_plan}};
}

std::string gas_grid_summary_text(const GasGridSummary& g) {
  const std::string gas = g.gas_grid_known
                              ? fmt::format("{} features, {:.0f} m of mains, {} buildings within reach",
                                            g.gas_grid_features, g.gas_main_length_m, g.buildings_near_gas_grid)
                              : std::string("unknown (no [data] gas_grid layer; supply areas say GAS_GRID_UNKNOWN)");
  const std::string plan = g.hydrogen_plan_known ? fmt::format("{} features, {} buildings in the plan",
                                                               g.hydrogen_plan_features, g.buildings_in_hydrogen_plan)
                                                 : std::string("unknown (no [data] hydrogen_plan layer)");
  return fmt::format("Gas grid: {}; hydrogen plan: {}", gas, plan);
}

void write_gas_grid_evidence(const h5::Group& sa, const GasGridSummary& summary, const CellGasFlags& flags,
                             std::size_t cells) {
  sa.set_attribute("gas_grid_source", summary.gas_grid_source());
  sa.set_attribute("hydrogen_plan_source", summary.hydrogen_plan_source());
  const auto column = [cells](const std::vector<std::uint8_t>& f) {
    std::vector<std::int8_t> v(cells, -1);
    for (std::size_t c = 0; c < f.size() && c < cells; ++c) v[c] = static_cast<std::int8_t>(f[c]);
    return v;
  };
  sa.write("has_gas_grid", column(flags.has_gas_network),
           {.unit = "1",
            .description = "1: a computed building of the cell lies within [data] gas_grid_buffer_m of a gas main "
                           "or inside a gas-grid area; 0: none; -1: unknown (no [data] gas_grid layer)"});
  sa.write("hydrogen_plan", column(flags.hydrogen_plan),
           {.unit = "1",
            .description = "1: a computed building of the cell lies in (or within [data] hydrogen_plan_buffer_m "
                           "of) a hydrogen-network plan; 0: none; -1: unknown (no [data] hydrogen_plan layer)"});
}

}  // namespace heattwin::scenarios
