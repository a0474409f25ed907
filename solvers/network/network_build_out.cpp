#include "solvers/network/network_build_out.hpp"

#include "twin/error.hpp"
#include "twin/types.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <queue>
#include <utility>

namespace heattwin::solvers::network {

namespace {

constexpr double INF = std::numeric_limits<double>::infinity();

/// Dijkstra from every fixed-pressure junction; `via` gets the branch each junction is reached by
/// (NO_INDEX for the plants and unreachable junctions).
std::vector<double> shortest_paths(const PipeNetwork& n, std::vector<std::uint32_t>* via) {
  const std::size_t nj = n.junction_count();
  std::vector<std::vector<std::uint32_t>> branches_at(nj);
  for (std::uint32_t b = 0; b < n.branch_count(); ++b) {
    branches_at[n.from_junction[b]].push_back(b);
    branches_at[n.to_junction[b]].push_back(b);
  }
  std::vector<double> dist(nj, INF);
  if (via != nullptr) via->assign(nj, NO_INDEX);
  using Item = std::pair<double, std::uint32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
  for (std::uint32_t j = 0; j < nj; ++j) {
    if (std::isnan(n.fixed_pressure_bar[j])) continue;
    dist[j] = 0.0;
    queue.emplace(0.0, j);
  }
  while (!queue.empty()) {
    const auto [d, j] = queue.top();
    queue.pop();
    if (d > dist[j]) continue;
    for (const std::uint32_t b : branches_at[j]) {
      const std::uint32_t other = n.from_junction[b] == j ? n.to_junction[b] : n.from_junction[b];
      const double length = n.kind[b] == BranchKind::pipe ? n.length_m[b] : 0.0;
      // Strict improvement only: ties keep the first path found (the queue and the branch lists
      // are in index order, so the paths are deterministic).
      if (d + length < dist[other]) {
        dist[other] = d + length;
        if (via != nullptr) (*via)[other] = b;
        queue.emplace(dist[other], other);
      }
    }
  }
  return dist;
}

/// The rows of `column` whose flag in `keep` is set, in order.
template <class T>
std::vector<T> kept_rows(const std::vector<T>& column, std::span<const std::uint8_t> keep) {
  std::vector<T> out;
  for (std::size_t r = 0; r < column.size(); ++r) {
    if (keep[r] != 0) out.push_back(column[r]);
  }
  return out;
}

}  // namespace

std::vector<double> path_length_from_plant_m(const PipeNetwork& network) { return shortest_paths(network, nullptr); }

std::vector<std::size_t> connection_order(const TwinNetworkModel& m, std::span<const double> design_heat_kw) {
  const std::size_t nc = m.consumers.size();
  HEATTWIN_CHECK(design_heat_kw.size() == nc, "connection order: {} design heats for {} consumers",
                 design_heat_kw.size(), nc);
  const std::vector<double> dist = path_length_from_plant_m(m.supply);
  std::vector<double> path_m(nc), per_metre(nc);
  std::vector<std::uint8_t> known(nc);
  for (std::size_t c = 0; c < nc; ++c) {
    path_m[c] = dist[m.consumers[c].junction];
    known[c] = std::isfinite(design_heat_kw[c]) ? 1 : 0;
    // At least 1 m: a consumer at the plant's junction (the design keeps every pipe ≥ 1 m).
    per_metre[c] = known[c] != 0 ? design_heat_kw[c] / std::max(path_m[c], 1.0) : 0.0;
  }
  std::vector<std::size_t> order(nc);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (known[a] != known[b]) return known[a] > known[b];
    if (per_metre[a] != per_metre[b]) return per_metre[a] > per_metre[b];
    if (path_m[a] != path_m[b]) return path_m[a] < path_m[b];
    return m.consumers[a].id < m.consumers[b].id;
  });
  return order;
}

std::size_t connected_count(double share, std::size_t consumers) {
  if (!(share > 0.0) || consumers == 0) return 0;
  const double k = std::round(std::min(share, 1.0) * static_cast<double>(consumers));
  return std::clamp<std::size_t>(static_cast<std::size_t>(k), 1, consumers);
}

TwinNetworkModel connected_part(const TwinNetworkModel& m, std::span<const std::uint8_t> connected) {
  const PipeNetwork& n = m.supply;
  const std::size_t nc = m.consumers.size();
  HEATTWIN_CHECK(connected.size() == nc, "connected part: {} flags for {} consumers", connected.size(), nc);
  HEATTWIN_CHECK(std::any_of(connected.begin(), connected.end(), [](std::uint8_t f) { return f != 0; }),
                 "connected part: no consumer of the network is connected");
  std::vector<std::uint32_t> via;
  shortest_paths(n, &via);
  const std::size_t nj = n.junction_count();
  std::vector<std::uint8_t> keep_junction(nj, 0), keep_branch(n.branch_count(), 0);
  for (std::size_t j = 0; j < nj; ++j) {
    if (!std::isnan(n.fixed_pressure_bar[j])) keep_junction[j] = 1;  // the plant
  }
  for (std::size_t c = 0; c < nc; ++c) {
    if (connected[c] == 0) continue;
    // Walk up to the plant; stop where an earlier consumer's path already was.
    std::uint32_t j = m.consumers[c].junction;
    while (true) {
      keep_junction[j] = 1;
      const std::uint32_t b = via[j];
      if (b == NO_INDEX || keep_branch[b] != 0) break;
      keep_branch[b] = 1;
      j = n.from_junction[b] == j ? n.to_junction[b] : n.from_junction[b];
    }
  }
  TwinNetworkModel out;
  out.t_supply_c = m.t_supply_c;
  out.mean_burial_depth_m = m.mean_burial_depth_m;
  PipeNetwork& s = out.supply;
  s.fluid = n.fluid;
  s.pump_curves_bar_vs_m3_per_h = n.pump_curves_bar_vs_m3_per_h;
  // The kept rows of every junction, branch and consumer column.
  std::vector<std::uint32_t> new_junction(nj, NO_INDEX);
  for (std::size_t j = 0, k = 0; j < nj; ++j) {
    if (keep_junction[j] != 0) new_junction[j] = static_cast<std::uint32_t>(k++);
  }
  const auto junctions = [&](const auto& column) { return kept_rows(column, keep_junction); };
  s.junction_id = junctions(n.junction_id);
  s.height_m = junctions(n.height_m);
  s.withdrawal_kg_per_s = junctions(n.withdrawal_kg_per_s);
  s.injection_kg_per_s = junctions(n.injection_kg_per_s);
  s.injection_t_k = junctions(n.injection_t_k);
  s.fixed_pressure_bar = junctions(n.fixed_pressure_bar);
  s.fixed_t_k = junctions(n.fixed_t_k);
  s.initial_t_k = junctions(n.initial_t_k);
  out.junction_twin_index = junctions(m.junction_twin_index);
  const auto branches = [&](const auto& column) { return kept_rows(column, keep_branch); };
  s.branch_id = branches(n.branch_id);
  s.kind = branches(n.kind);
  s.from_junction = branches(n.from_junction);
  s.to_junction = branches(n.to_junction);
  for (auto* ends : {&s.from_junction, &s.to_junction})
    for (auto& j : *ends) j = new_junction[j];
  s.length_m = branches(n.length_m);
  s.inner_diameter_m = branches(n.inner_diameter_m);
  s.roughness_m = branches(n.roughness_m);
  s.loss_coefficient = branches(n.loss_coefficient);
  s.alpha_w_per_m2k = branches(n.alpha_w_per_m2k);
  s.ambient_t_k = branches(n.ambient_t_k);
  s.sections = branches(n.sections);
  s.pump_curve = branches(n.pump_curve);
  if (!n.hazen_williams_c.empty()) s.hazen_williams_c = branches(n.hazen_williams_c);
  out.pipe_twin_index = branches(m.pipe_twin_index);
  const auto consumers = [&](const auto& column) { return kept_rows(column, connected); };
  out.consumers = consumers(m.consumers);
  for (auto& consumer : out.consumers) consumer.junction = new_junction[consumer.junction];
  out.consumer_twin_index = consumers(m.consumer_twin_index);
  out.consumer_building = consumers(m.consumer_building);
  return out;
}

}  // namespace heattwin::solvers::network
