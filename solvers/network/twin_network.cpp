#include "solvers/network/twin_network.hpp"

#include "twin/error.hpp"
#include "twin/graph.hpp"
#include "twin/physical_constants.hpp"
#include "twin/types.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace heattwin::solvers::network {

namespace {
using twin::ZERO_CELSIUS_K;
}  // namespace

bool remove_network(twin::NetworkSet& set, std::string_view name) {
  const auto it = std::find(set.names.begin(), set.names.end(), name);
  if (it == set.names.end()) return false;
  const auto gone = static_cast<std::uint32_t>(it - set.names.begin());
  twin::NetworkSet kept;
  kept.names = set.names;
  kept.names.erase(kept.names.begin() + gone);
  const auto& j = set.junctions;
  std::vector<std::uint32_t> new_index(j.size(), NO_INDEX);
  for (std::size_t k = 0; k < j.size(); ++k) {
    if (j.network[k] == gone) continue;
    new_index[k] = static_cast<std::uint32_t>(kept.junctions.size());
    kept.junctions.id.push_back(j.id[k]);
    kept.junctions.x_m.push_back(j.x_m[k]);
    kept.junctions.y_m.push_back(j.y_m[k]);
    kept.junctions.elevation_m.push_back(j.elevation_m[k]);
    kept.junctions.network.push_back(j.network[k] > gone ? j.network[k] - 1 : j.network[k]);
  }
  const auto& p = set.pipes;
  for (std::size_t k = 0; k < p.size(); ++k) {
    if (new_index[p.from_junction[k]] == NO_INDEX) continue;
    kept.pipes.id.push_back(p.id[k]);
    kept.pipes.from_junction.push_back(new_index[p.from_junction[k]]);
    kept.pipes.to_junction.push_back(new_index[p.to_junction[k]]);
    kept.pipes.length_m.push_back(p.length_m[k]);
    kept.pipes.inner_diameter_m.push_back(p.inner_diameter_m[k]);
    kept.pipes.roughness_mm.push_back(p.roughness_mm[k]);
    kept.pipes.heat_loss_w_per_mk.push_back(p.heat_loss_w_per_mk[k]);
    kept.pipes.burial_depth_m.push_back(p.burial_depth_m[k]);
    kept.pipes.side.push_back(p.side[k]);
  }
  const auto& c = set.consumers;
  for (std::size_t k = 0; k < c.size(); ++k) {
    if (new_index[c.supply_junction[k]] == NO_INDEX) continue;
    kept.consumers.id.push_back(c.id[k]);
    kept.consumers.building.push_back(c.building[k]);
    kept.consumers.supply_junction.push_back(new_index[c.supply_junction[k]]);
    kept.consumers.return_junction.push_back(new_index[c.return_junction[k]]);
    kept.consumers.design_heat_kw.push_back(c.design_heat_kw[k]);
  }
  const auto& s = set.sources;
  for (std::size_t k = 0; k < s.size(); ++k) {
    if (new_index[s.supply_junction[k]] == NO_INDEX) continue;
    kept.sources.id.push_back(s.id[k]);
    kept.sources.supply_junction.push_back(new_index[s.supply_junction[k]]);
    kept.sources.return_junction.push_back(new_index[s.return_junction[k]]);
    kept.sources.t_supply_c.push_back(s.t_supply_c[k]);
    kept.sources.pressure_lift_bar.push_back(s.pressure_lift_bar[k]);
  }
  set = std::move(kept);
  return true;
}

std::uint32_t store_designed_network(const DesignedNetwork& d, std::string_view name,
                                     std::span<const std::string> consumer_id,
                                     std::span<const std::uint32_t> consumer_building,
                                     std::span<const double> peak_heat_kw, double t_supply_c, double roughness_m,
                                     double cover_depth_m, twin::NetworkSet& set) {
  HEATTWIN_CHECK(!name.empty() && name.find('/') == std::string_view::npos,
                 "network name '{}' must be non-empty and without '/'", name);
  HEATTWIN_CHECK(consumer_id.size() == d.consumer_node.size() && consumer_building.size() == d.consumer_node.size() &&
                     peak_heat_kw.size() == d.consumer_node.size(),
                 "network '{}': {} consumer ids, {} buildings and {} loads for {} designed consumers", name,
                 consumer_id.size(), consumer_building.size(), peak_heat_kw.size(), d.consumer_node.size());
  remove_network(set, name);
  const auto network = static_cast<std::uint32_t>(set.names.size());
  set.names.emplace_back(name);
  const auto base = static_cast<std::uint32_t>(set.junctions.size());
  for (std::size_t k = 0; k < d.node_count(); ++k) {
    set.junctions.id.push_back(fmt::format("{}/j{}", name, k));
    set.junctions.x_m.push_back(d.node_x_m[k]);
    set.junctions.y_m.push_back(d.node_y_m[k]);
    set.junctions.elevation_m.push_back(0.0);
    set.junctions.network.push_back(network);
  }
  for (std::size_t p = 0; p < d.pipe_count(); ++p) {
    set.pipes.id.push_back(fmt::format("{}/p{}", name, p));
    set.pipes.from_junction.push_back(base + d.pipe_from[p]);
    set.pipes.to_junction.push_back(base + d.pipe_to[p]);
    set.pipes.length_m.push_back(d.pipe_length_m[p]);
    set.pipes.inner_diameter_m.push_back(d.pipe_inner_diameter_m[p]);
    set.pipes.roughness_mm.push_back(roughness_m * 1000.0);
    set.pipes.heat_loss_w_per_mk.push_back(d.pipe_heat_loss_w_per_mk[p]);
    set.pipes.burial_depth_m.push_back(cover_depth_m);
    set.pipes.side.push_back(static_cast<std::uint8_t>(twin::PipeSide::supply));
  }
  for (std::size_t k = 0; k < d.consumer_node.size(); ++k) {
    if (d.consumer_node[k] == DesignedNetwork::NO_NODE) continue;
    set.consumers.id.push_back(consumer_id[k]);
    set.consumers.building.push_back(consumer_building[k]);
    set.consumers.supply_junction.push_back(base + d.consumer_node[k]);
    set.consumers.return_junction.push_back(base + d.consumer_node[k]);
    set.consumers.design_heat_kw.push_back(peak_heat_kw[k]);
  }
  set.sources.id.push_back(fmt::format("{}/plant", name));
  set.sources.supply_junction.push_back(base + d.plant_node);
  set.sources.return_junction.push_back(base + d.plant_node);
  set.sources.t_supply_c.push_back(t_supply_c);
  set.sources.pressure_lift_bar.push_back(NOT_SET);
  return network;
}

TwinNetworkModel twin_network_model(const twin::NetworkSet& set, std::uint32_t index, const TwinNetworkOptions& o) {
  HEATTWIN_CHECK(index < set.names.size(), "network index {} out of range ({} networks in the twin)", index,
                 set.names.size());
  const std::string& name = set.names[index];
  TwinNetworkModel m;
  const auto& j = set.junctions;
  std::vector<std::uint32_t> local(j.size(), NO_INDEX);
  for (std::uint32_t k = 0; k < j.size(); ++k) {
    if (j.network[k] != index) continue;
    local[k] = m.supply.add_junction(std::string(j.id[k]), j.elevation_m[k], o.t_return_c + ZERO_CELSIUS_K);
    m.junction_twin_index.push_back(k);
  }
  HEATTWIN_CHECK(!m.junction_twin_index.empty(), "network '{}' has no junctions", name);
  const auto& s = set.sources;
  std::uint32_t plant = NO_INDEX;
  for (std::size_t k = 0; k < s.size() && plant == NO_INDEX; ++k) {
    if (local[s.supply_junction[k]] == NO_INDEX) continue;
    plant = local[s.supply_junction[k]];
    m.t_supply_c = s.t_supply_c[k];
  }
  HEATTWIN_CHECK(plant != NO_INDEX, "network '{}' has no source (plant); add one to its sources", name);
  if (!std::isnan(o.t_supply_c)) m.t_supply_c = o.t_supply_c;
  HEATTWIN_CHECK(std::isfinite(m.t_supply_c) && m.t_supply_c > o.t_return_c,
                 "network '{}': supply temperature {} °C must be above the return temperature {} °C", name,
                 m.t_supply_c, o.t_return_c);
  m.supply.fixed_pressure_bar[plant] = o.plant_pressure_bar;
  m.supply.fixed_t_k[plant] = m.t_supply_c + ZERO_CELSIUS_K;
  for (auto& t : m.supply.initial_t_k) t = m.t_supply_c + ZERO_CELSIUS_K;
  const auto& p = set.pipes;
  double depth_sum = 0.0;
  for (std::uint32_t k = 0; k < p.size(); ++k) {
    if (local[p.from_junction[k]] == NO_INDEX || p.side[k] != static_cast<std::uint8_t>(twin::PipeSide::supply)) {
      continue;
    }
    const double d = p.inner_diameter_m[k];
    HEATTWIN_CHECK(std::isfinite(p.length_m[k]) && p.length_m[k] > 0.0 && std::isfinite(d) && d > 0.0,
                   "network '{}': pipe '{}' has length {} m and inner diameter {} m; both must be > 0", name, p.id[k],
                   p.length_m[k], d);
    const double alpha = p.heat_loss_w_per_mk[k] / (std::numbers::pi * d);
    m.supply.add_pipe(std::string(p.id[k]), local[p.from_junction[k]], local[p.to_junction[k]], p.length_m[k], d,
                      p.roughness_mm[k] / 1000.0, 0.0, alpha);
    m.pipe_twin_index.push_back(k);
    depth_sum += p.burial_depth_m[k];
  }
  m.mean_burial_depth_m = m.pipe_twin_index.empty() ? 0.0 : depth_sum / static_cast<double>(m.pipe_twin_index.size());
  const auto& c = set.consumers;
  for (std::uint32_t k = 0; k < c.size(); ++k) {
    if (local[c.supply_junction[k]] == NO_INDEX) continue;
    DhConsumer consumer;
    consumer.id = std::string(c.id[k]);
    consumer.junction = local[c.supply_junction[k]];
    consumer.return_t_k = o.t_return_c + ZERO_CELSIUS_K;
    consumer.min_supply_t_k = o.min_supply_c + ZERO_CELSIUS_K;
    m.consumers.push_back(std::move(consumer));
    m.consumer_twin_index.push_back(k);
    m.consumer_building.push_back(c.building[k]);
  }
  HEATTWIN_CHECK(!m.consumers.empty(), "network '{}' has no consumers", name);
  // Every junction must be reachable from the plant (the supply side is one connected part).
  const std::size_t nj = m.supply.junction_count();
  const std::vector<std::uint8_t> seen = twin::reachable_from(nj, m.supply.from_junction, m.supply.to_junction, plant);
  std::vector<std::string> cut_off;
  std::size_t cut_off_count = 0;
  for (std::size_t k = 0; k < nj; ++k) {
    if (seen[k]) continue;
    if (++cut_off_count <= 10) cut_off.push_back(m.supply.junction_id[k]);
  }
  HEATTWIN_CHECK(cut_off_count == 0,
                 "network '{}': {} junctions are not connected to the plant '{}' (first: {}); connect or remove them",
                 name, cut_off_count, m.supply.junction_id[plant], fmt::join(cut_off, ", "));
  return m;
}

}  // namespace heattwin::solvers::network
