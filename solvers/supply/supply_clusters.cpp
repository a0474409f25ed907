#include "solvers/supply/supply_clusters.hpp"

#include "twin/error.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <utility>

namespace heattwin::solvers::supply {

namespace {

/// Aggregated evidence of a cluster (extensive quantities only, so merging is a sum).
struct Evidence {
  double demand_mwh = 0.0, area_ha = 0.0, route_m = 0.0;
  double lcoh_net_weighted = 0.0, lcoh_net_weight = 0.0, lcoh_net_sum = 0.0, lcoh_net_count = 0.0;
  double lcoh_ind_weighted = 0.0, lcoh_ind_weight = 0.0, lcoh_ind_sum = 0.0, lcoh_ind_count = 0.0;
  double gas_demand_mwh = 0.0, h2_demand_mwh = 0.0, gas_cells = 0.0, h2_cells = 0.0;
  double co2_network_t = 0.0, co2_individual_t = 0.0;
  std::uint32_t cells = 0, buildings = 0;
  bool any_network = false, any_source = false;

  void add(const Evidence& o) {
    demand_mwh += o.demand_mwh;
    area_ha += o.area_ha;
    route_m += o.route_m;
    lcoh_net_weighted += o.lcoh_net_weighted;
    lcoh_net_weight += o.lcoh_net_weight;
    lcoh_net_sum += o.lcoh_net_sum;
    lcoh_net_count += o.lcoh_net_count;
    lcoh_ind_weighted += o.lcoh_ind_weighted;
    lcoh_ind_weight += o.lcoh_ind_weight;
    lcoh_ind_sum += o.lcoh_ind_sum;
    lcoh_ind_count += o.lcoh_ind_count;
    gas_demand_mwh += o.gas_demand_mwh;
    h2_demand_mwh += o.h2_demand_mwh;
    gas_cells += o.gas_cells;
    h2_cells += o.h2_cells;
    co2_network_t += o.co2_network_t;
    co2_individual_t += o.co2_individual_t;
    cells += o.cells;
    buildings += o.buildings;
    any_network = any_network || o.any_network;
    any_source = any_source || o.any_source;
  }
  /// Demand-weighted mean of the cells with a value; the plain mean where their demand is 0;
  /// 0 (unknown) without any value.
  static double mean(double weighted, double weight, double sum, double count) {
    if (weight > 0.0) return weighted / weight;
    return count > 0.0 ? sum / count : 0.0;
  }
  double lcoh_network() const { return mean(lcoh_net_weighted, lcoh_net_weight, lcoh_net_sum, lcoh_net_count); }
  double lcoh_individual() const { return mean(lcoh_ind_weighted, lcoh_ind_weight, lcoh_ind_sum, lcoh_ind_count); }
  /// A flag holds for the cluster if its cells hold at least half of the demand (of the cells
  /// where demand is 0 everywhere: at least half of the cells).
  bool majority(double flagged_demand, double flagged_cells) const {
    return demand_mwh > 0.0 ? 2.0 * flagged_demand >= demand_mwh : 2.0 * flagged_cells >= cells;
  }
  bool has_gas() const { return majority(gas_demand_mwh, gas_cells); }
  bool has_h2_plan() const { return majority(h2_demand_mwh, h2_cells); }
};

Evidence cell_evidence(const SupplyClusterInput& in, std::size_t i, bool with_co2) {
  const SupplyAreaInput& c = in.cells;
  Evidence e;
  const double d = c.heat_demand_mwh_per_a[i];
  e.demand_mwh = d;
  e.area_ha = c.area_ha[i];
  e.route_m = c.route_length_m[i];
  if (c.lcoh_network_eur_per_mwh[i] > 0.0) {
    e.lcoh_net_weighted = d * c.lcoh_network_eur_per_mwh[i];
    e.lcoh_net_weight = d;
    e.lcoh_net_sum = c.lcoh_network_eur_per_mwh[i];
    e.lcoh_net_count = 1.0;
  }
  if (c.lcoh_individual_eur_per_mwh[i] > 0.0) {
    e.lcoh_ind_weighted = d * c.lcoh_individual_eur_per_mwh[i];
    e.lcoh_ind_weight = d;
    e.lcoh_ind_sum = c.lcoh_individual_eur_per_mwh[i];
    e.lcoh_ind_count = 1.0;
  }
  // Unknown gas grid / plan (empty columns): a cell in a plan counts as on a grid (classify_supply_areas).
  const bool gas =
      c.has_gas_network.empty() ? (!c.hydrogen_plan.empty() && c.hydrogen_plan[i] != 0) : c.has_gas_network[i] != 0;
  if (gas) {
    e.gas_demand_mwh = d;
    e.gas_cells = 1.0;
  }
  if (gas && !c.hydrogen_plan.empty() && c.hydrogen_plan[i] != 0) {
    e.h2_demand_mwh = d;
    e.h2_cells = 1.0;
  }
  if (with_co2) {
    e.co2_network_t = c.co2_network_t[i];
    e.co2_individual_t = c.co2_individual_t[i];
  }
  e.cells = 1;
  e.buildings = in.buildings[i];
  e.any_network = c.has_heat_network[i] != 0;
  e.any_source = c.has_network_heat_source[i] != 0;
  return e;
}

/// classify_supply_areas on aggregated evidence.
/// Which evidence columns are known (non-empty) in the cells' input.
struct KnownColumns {
  bool with_co2 = false, gas = true, plan = true;
};

SupplyAreaResult classify_evidence(std::span<const Evidence> ev, KnownColumns known, const SupplyAreaThresholds& t) {
  const bool with_co2 = known.with_co2;
  const std::size_t n = ev.size();
  std::vector<double> demand(n), area(n), route(n), lcoh_net(n), lcoh_ind(n), co2_net, co2_ind;
  std::vector<std::uint8_t> network(n), source(n), gas(n), h2(n);
  if (with_co2) {
    co2_net.resize(n);
    co2_ind.resize(n);
  }
  for (std::size_t k = 0; k < n; ++k) {
    const Evidence& e = ev[k];
    demand[k] = e.demand_mwh;
    area[k] = e.area_ha;
    route[k] = e.route_m;
    lcoh_net[k] = e.lcoh_network();
    lcoh_ind[k] = e.lcoh_individual();
    network[k] = e.any_network ? 1 : 0;
    source[k] = e.any_source ? 1 : 0;
    gas[k] = e.has_gas() ? 1 : 0;
    h2[k] = e.has_gas() && e.has_h2_plan() ? 1 : 0;
    if (with_co2) {
      co2_net[k] = e.co2_network_t;
      co2_ind[k] = e.co2_individual_t;
    }
  }
  // Unknown columns stay unknown for the clusters (empty spans; the cells' flags folded in above).
  if (!known.gas) gas.clear();
  if (!known.plan) h2.clear();
  return classify_supply_areas({demand, area, route, lcoh_net, lcoh_ind, network, source, gas, h2, co2_net, co2_ind},
                               t);
}

/// The classification of one cluster.
struct ClusterClass {
  std::uint8_t type = 0, net = 0, h2 = 0, dec = 0;
  double density = 0.0, line = 0.0;
  std::string reasons;
};

ClusterClass class_of(const SupplyAreaResult& r, std::size_t k) {
  return {r.type[k],
          r.heat_network_grade[k],
          r.hydrogen_grade[k],
          r.decentralised_grade[k],
          r.heat_density_mwh_per_ha_a[k],
          r.line_density_mwh_per_m_a[k],
          r.reasons[k]};
}

/// The merging state: clusters with their evidence, class, neighbours (border length in cell
/// edges, ordered by id) and the set of clusters below the privacy minimum.
class Merger {
 public:
  Merger(std::vector<Evidence> ev, std::vector<std::map<std::uint32_t, std::uint32_t>> nb, KnownColumns known,
         const SupplyClusterSettings& s)
      : ev_(std::move(ev)), nb_(std::move(nb)), known_(known), s_(s) {
    const std::size_t n = ev_.size();
    parent_.resize(n);
    std::iota(parent_.begin(), parent_.end(), 0U);
    alive_.assign(n, 1);
    privacy_merge_.assign(n, 0);
    withheld_.assign(n, 0);
    small_key_.assign(n, -1);
    full_check_.assign(n, 1);
    pending_.resize(n);
    const SupplyAreaResult r = classify_evidence(ev_, known_, s_.thresholds);
    cls_.reserve(n);
    for (std::size_t k = 0; k < n; ++k) cls_.push_back(class_of(r, k));
    for (std::uint32_t k = 0; k < n; ++k) refresh_small(k);
  }

  /// Step 4 from the clusters in `work`: merges neighbours of equal type until none is left.
  /// A cluster whose type changed (or that was never checked) is compared with all its
  /// neighbours; otherwise only with the neighbours it gained by merges since its last check
  /// (the others were checked already), which keeps a large cluster absorbing many small ones
  /// from rescanning its whole border each time.
  void settle(std::set<std::uint32_t> work) {
    while (!work.empty()) {
      const std::uint32_t x = *work.begin();
      work.erase(work.begin());
      if (alive_[x] == 0) continue;
      std::vector<std::uint32_t> group{x};
      if (full_check_[x] != 0) {
        for (const auto& [c, len] : nb_[x]) {
          if (cls_[c].type == cls_[x].type) group.push_back(c);
        }
      } else {
        for (const std::uint32_t candidate : pending_[x]) {
          const std::uint32_t c = find(candidate);
          if (c != x && nb_[x].contains(c) && cls_[c].type == cls_[x].type) group.push_back(c);
        }
        std::sort(group.begin() + 1, group.end());
        group.erase(std::unique(group.begin() + 1, group.end()), group.end());
      }
      full_check_[x] = 0;
      pending_[x].clear();
      if (group.size() == 1) continue;
      const std::uint32_t survivor = *std::min_element(group.begin(), group.end());
      for (const std::uint32_t m : group) {
        if (m == survivor) continue;
        merge(m, survivor);
        ++type_merges;
      }
      reclassify(survivor);
      work.insert(survivor);
    }
  }

  /// Step 5: merges the clusters below the privacy minimum, smallest first.
  void merge_small() {
    while (!small_.empty()) {
      const std::uint32_t x = small_.begin()->second;
      small_.erase(small_.begin());
      small_key_[x] = -1;
      if (nb_[x].empty()) {
        withheld_[x] = 1;
        continue;
      }
      std::uint32_t target = 0, best_len = 0;
      bool found = false;
      for (const auto& [c, len] : nb_[x]) {  // ascending id: the first of equals wins
        if (!found || len > best_len || (len == best_len && ev_[c].buildings > ev_[target].buildings)) {
          target = c;
          best_len = len;
          found = true;
        }
      }
      merge(x, target);
      privacy_merge_[target] = 1;
      ++privacy_merges;
      reclassify(target);
      settle({target});
    }
  }

  std::uint32_t find(std::uint32_t k) {
    while (parent_[k] != k) {
      parent_[k] = parent_[parent_[k]];
      k = parent_[k];
    }
    return k;
  }

  std::vector<Evidence> ev_;
  std::vector<std::map<std::uint32_t, std::uint32_t>> nb_;
  std::vector<ClusterClass> cls_;
  std::vector<std::uint8_t> privacy_merge_, withheld_;
  std::size_t type_merges = 0, privacy_merges = 0;

 private:
  void merge(std::uint32_t from, std::uint32_t into) {
    ev_[into].add(ev_[from]);
    // The neighbours `into` gains are to be checked for equal type (settle).
    for (const auto& [c, len] : nb_[from]) {
      if (c != into) pending_[into].push_back(c);
    }
    pending_[from].clear();
    privacy_merge_[into] = static_cast<std::uint8_t>(privacy_merge_[into] | privacy_merge_[from]);
    for (const auto& [c, len] : nb_[from]) {
      if (c == into) continue;
      nb_[into][c] += len;
      nb_[c].erase(from);
      nb_[c][into] += len;
    }
    nb_[into].erase(from);
    nb_[from].clear();
    alive_[from] = 0;
    parent_[from] = into;
    refresh_small(from);
    refresh_small(into);
  }

  void reclassify(std::uint32_t k) {
    const std::uint8_t before = cls_[k].type;
    cls_[k] = class_of(classify_evidence(std::span(&ev_[k], 1), known_, s_.thresholds), 0);
    if (cls_[k].type != before) full_check_[k] = 1;
  }

  void refresh_small(std::uint32_t k) {
    if (small_key_[k] >= 0) small_.erase({static_cast<std::uint32_t>(small_key_[k]), k});
    small_key_[k] = -1;
    if (alive_[k] != 0 && ev_[k].buildings < s_.privacy_min_buildings) {
      small_.insert({ev_[k].buildings, k});
      small_key_[k] = ev_[k].buildings;
    }
  }

  KnownColumns known_;
  const SupplyClusterSettings& s_;
  std::vector<std::uint32_t> parent_;
  std::vector<std::uint8_t> alive_;
  std::set<std::pair<std::uint32_t, std::uint32_t>> small_;  ///< (buildings, id) below the minimum
  std::vector<std::int64_t> small_key_;                      ///< buildings as in small_, −1 if absent
  std::vector<std::uint8_t> full_check_;                     ///< 1: compare with all neighbours in settle
  std::vector<std::vector<std::uint32_t>> pending_;          ///< neighbours gained since the last check
};

}  // namespace

SupplyClusterResult cluster_supply_areas(const SupplyClusterInput& in, const SupplyClusterSettings& s) {
  const std::size_t n = in.north_100m.size();
  HEATTWIN_CHECK(in.east_100m.size() == n && in.buildings.size() == n && in.cells.heat_demand_mwh_per_a.size() == n,
                 "supply-area clusters: positions, buildings and evidence must have {} rows each", n);
  const bool with_co2 = !in.cells.co2_network_t.empty() || !in.cells.co2_individual_t.empty();
  // 1. Every cell alone (also validates the evidence).
  const SupplyAreaResult cell_class = classify_supply_areas(in.cells, s.thresholds);

  // Cells in (north, east) order: neighbours by binary search, ids independent of input order.
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0U);
  const auto key = [&](std::uint32_t i) { return std::pair(in.north_100m[i], in.east_100m[i]); };
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
  for (std::size_t p = 1; p < n; ++p) {
    HEATTWIN_CHECK(key(order[p - 1]) != key(order[p]),
                   "supply-area clusters: cells {} and {} are both at N{}00 E{}00 (a cell must appear once)",
                   order[p - 1], order[p], in.north_100m[order[p]], in.east_100m[order[p]]);
  }
  // Position of the cell at (north, east) in `order`, or n.
  const auto find_cell = [&](std::uint32_t north, std::uint32_t east) -> std::size_t {
    const auto it =
        std::lower_bound(order.begin(), order.end(), std::pair(north, east),
                         [&](std::uint32_t i, const std::pair<std::uint32_t, std::uint32_t>& v) { return key(i) < v; });
    return it != order.end() && key(*it) == std::pair(north, east) ? static_cast<std::size_t>(it - order.begin()) : n;
  };
  // Edge neighbours to the east and north of each cell, as positions in `order` (n: none).
  std::vector<std::size_t> east_of(n, n), north_of(n, n);
  for (std::size_t p = 0; p < n; ++p) {
    const std::uint32_t i = order[p];
    if (p + 1 < n && key(order[p + 1]) == std::pair(in.north_100m[i], in.east_100m[i] + 1)) east_of[p] = p + 1;
    north_of[p] = find_cell(in.north_100m[i] + 1, in.east_100m[i]);
  }

  // 2. Initial clusters: same cell type, 4-connected (union-find, then ids by first cell).
  std::vector<std::uint32_t> uf(n);
  std::iota(uf.begin(), uf.end(), 0U);
  const auto root = [&uf](std::uint32_t p) {
    while (uf[p] != p) {
      uf[p] = uf[uf[p]];
      p = uf[p];
    }
    return p;
  };
  const auto same_type = [&](std::size_t p, std::size_t q) {
    return cell_class.type[order[p]] == cell_class.type[order[q]];
  };
  for (std::size_t p = 0; p < n; ++p) {
    for (const std::size_t q : {east_of[p], north_of[p]}) {
      if (q == n || !same_type(p, q)) continue;
      const std::uint32_t a = root(static_cast<std::uint32_t>(p)), b = root(static_cast<std::uint32_t>(q));
      if (a != b) uf[std::max(a, b)] = std::min(a, b);
    }
  }
  constexpr std::uint32_t NONE = 0xFFFFFFFFU;
  std::vector<std::uint32_t> initial(n, NONE), id_of_root(n, NONE);  // by position in `order`
  std::uint32_t clusters = 0;
  for (std::size_t p = 0; p < n; ++p) {
    const std::uint32_t r = root(static_cast<std::uint32_t>(p));
    if (id_of_root[r] == NONE) id_of_root[r] = clusters++;
    initial[p] = id_of_root[r];
  }
  std::vector<Evidence> ev(clusters);
  std::vector<std::map<std::uint32_t, std::uint32_t>> nb(clusters);
  for (std::size_t p = 0; p < n; ++p) {
    ev[initial[p]].add(cell_evidence(in, order[p], with_co2));
    for (const std::size_t q : {east_of[p], north_of[p]}) {
      if (q == n || initial[q] == initial[p]) continue;
      ++nb[initial[p]][initial[q]];
      ++nb[initial[q]][initial[p]];
    }
  }

  // 3.–5. Reclassify from the aggregates, merge equal neighbours, then the small clusters.
  const KnownColumns known{with_co2, !in.cells.has_gas_network.empty(), !in.cells.hydrogen_plan.empty()};
  Merger m(std::move(ev), std::move(nb), known, s);
  std::set<std::uint32_t> all;
  for (std::uint32_t c = 0; c < clusters; ++c) all.insert(all.end(), c);
  m.settle(std::move(all));
  m.merge_small();

  // Final ids: surviving clusters numbered by their first cell in (north, east) order.
  SupplyClusterResult out;
  out.initial_clusters = clusters;
  out.type_merges = m.type_merges;
  out.privacy_merges = m.privacy_merges;
  out.cell_cluster.resize(n);
  std::vector<std::uint32_t> final_id(clusters, NONE), survivors;
  for (std::size_t p = 0; p < n; ++p) {
    const std::uint32_t r = m.find(initial[p]);
    if (final_id[r] == NONE) {
      final_id[r] = static_cast<std::uint32_t>(survivors.size());
      survivors.push_back(r);
    }
    out.cell_cluster[order[p]] = final_id[r];
  }
  const std::size_t k = survivors.size();
  SupplyAreaResult& c = out.classes;
  for (auto* v : {&out.cells, &out.buildings}) v->resize(k);
  for (auto* v : {&out.heat_demand_mwh_per_a, &out.area_ha, &out.route_length_m, &out.lcoh_network_eur_per_mwh,
                  &out.lcoh_individual_eur_per_mwh, &c.heat_density_mwh_per_ha_a, &c.line_density_mwh_per_m_a})
    v->resize(k);
  for (auto* v : {&out.withheld, &c.type, &c.heat_network_grade, &c.hydrogen_grade, &c.decentralised_grade})
    v->resize(k);
  c.reasons.resize(k);
  for (std::size_t j = 0; j < k; ++j) {
    const std::uint32_t r = survivors[j];
    const Evidence& e = m.ev_[r];
    const ClusterClass& cc = m.cls_[r];
    out.cells[j] = e.cells;
    out.buildings[j] = e.buildings;
    out.heat_demand_mwh_per_a[j] = e.demand_mwh;
    out.area_ha[j] = e.area_ha;
    out.route_length_m[j] = e.route_m;
    out.lcoh_network_eur_per_mwh[j] = e.lcoh_network();
    out.lcoh_individual_eur_per_mwh[j] = e.lcoh_individual();
    out.withheld[j] = m.withheld_[r];
    c.type[j] = cc.type;
    c.heat_network_grade[j] = cc.net;
    c.hydrogen_grade[j] = cc.h2;
    c.decentralised_grade[j] = cc.dec;
    c.heat_density_mwh_per_ha_a[j] = cc.density;
    c.line_density_mwh_per_m_a[j] = cc.line;
    c.reasons[j] = cc.reasons;
    if (m.privacy_merge_[r] != 0) c.reasons[j] += ";PRIVACY_MERGE";
    if (m.withheld_[r] != 0) c.reasons[j] += ";PRIVACY_WITHHELD";
    ++c.count_by_type[cc.type];
  }
  return out;
}

}  // namespace heattwin::solvers::supply
