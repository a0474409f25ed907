#include "solvers/network/network_design.hpp"

#include "twin/error.hpp"
#include "twin/physical_constants.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <numbers>
#include <queue>
#include <unordered_map>
#include <utility>

namespace heattwin::solvers::network {

namespace {

constexpr std::uint32_t NONE = std::numeric_limits<std::uint32_t>::max();
using twin::ZERO_CELSIUS_K;

/// A tree before sizing: nodes, pipes in topological order (every pipe's `from` is the plant or
/// the `to` of an earlier pipe), and the node and street segment each consumer joins.
struct Tree {
  std::vector<double> x, y;
  std::vector<DesignNodeKind> kind;
  std::uint32_t plant = 0;
  std::vector<std::uint32_t> from, to, street;
  std::vector<DesignPipeKind> pipe_kind;
  std::vector<double> length;
  std::vector<std::uint32_t> consumer_node;  ///< per input consumer; NONE when not active
  std::size_t off_component = 0;

  std::uint32_t add_node(double nx, double ny, DesignNodeKind k) {
    x.push_back(nx);
    y.push_back(ny);
    kind.push_back(k);
    return static_cast<std::uint32_t>(x.size() - 1);
  }
  void add_pipe(std::uint32_t f, std::uint32_t t, DesignPipeKind k, std::uint32_t s, double len) {
    from.push_back(f);
    to.push_back(t);
    pipe_kind.push_back(k);
    street.push_back(s);
    length.push_back(len);
  }
};

/// Closest point of segment s to (px, py): parameter t in [0, 1] and the squared distance.
struct Projection {
  double t = 0.0, d2 = std::numeric_limits<double>::infinity();
  std::uint32_t segment = NONE;
};
Projection project(const DesignStreets& st, std::uint32_t s, double px, double py) {
  const double dx = st.x1_m[s] - st.x0_m[s], dy = st.y1_m[s] - st.y0_m[s];
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0.0 ? ((px - st.x0_m[s]) * dx + (py - st.y0_m[s]) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  const double qx = st.x0_m[s] + t * dx - px, qy = st.y0_m[s] + t * dy - py;
  return {t, qx * qx + qy * qy, s};
}

/// A uniform grid over the street segments for nearest-segment queries.
class SegmentGrid {
 public:
  SegmentGrid(const DesignStreets& st, double min_x, double min_y, double max_x, double max_y) : st_(st) {
    const double w = std::max(max_x - min_x, 1.0), h = std::max(max_y - min_y, 1.0);
    cell_ = std::clamp(std::sqrt(w * h / static_cast<double>(std::max<std::size_t>(st.size(), 1))), 10.0, 1000.0);
    x0_ = min_x;
    y0_ = min_y;
    nx_ = static_cast<std::size_t>(w / cell_) + 1;
    ny_ = static_cast<std::size_t>(h / cell_) + 1;
    std::vector<std::uint32_t> count(nx_ * ny_ + 1, 0);
    auto for_cells = [&](std::uint32_t s, const std::function<void(std::size_t)>& f) {
      const auto [ix0, iy0] = cell_of(std::min(st.x0_m[s], st.x1_m[s]), std::min(st.y0_m[s], st.y1_m[s]));
      const auto [ix1, iy1] = cell_of(std::max(st.x0_m[s], st.x1_m[s]), std::max(st.y0_m[s], st.y1_m[s]));
      for (std::size_t iy = iy0; iy <= iy1; ++iy) {
        for (std::size_t ix = ix0; ix <= ix1; ++ix) f(iy * nx_ + ix);
      }
    };
    for (std::uint32_t s = 0; s < st.size(); ++s) for_cells(s, [&](std::size_t c) { ++count[c + 1]; });
    for (std::size_t c = 0; c < nx_ * ny_; ++c) count[c + 1] += count[c];
    start_ = count;
    items_.resize(count.back());
    for (std::uint32_t s = 0; s < st.size(); ++s) for_cells(s, [&](std::size_t c) { items_[count[c]++] = s; });
  }

  /// The nearest segment to (px, py) among those `accept` admits.
  Projection nearest(double px, double py, const std::function<bool(std::uint32_t)>& accept) const {
    const auto [cx, cy] = cell_of(px, py);
    Projection best;
    const std::size_t max_ring = std::max(nx_, ny_);
    for (std::size_t r = 0; r <= max_ring; ++r) {
      const auto lo_x = static_cast<std::ptrdiff_t>(cx) - static_cast<std::ptrdiff_t>(r);
      const auto hi_x = static_cast<std::ptrdiff_t>(cx + r);
      const auto lo_y = static_cast<std::ptrdiff_t>(cy) - static_cast<std::ptrdiff_t>(r);
      const auto hi_y = static_cast<std::ptrdiff_t>(cy + r);
      for (std::ptrdiff_t iy = lo_y; iy <= hi_y; ++iy) {
        if (iy < 0 || iy >= static_cast<std::ptrdiff_t>(ny_)) continue;
        const bool edge_row = iy == lo_y || iy == hi_y;
        for (std::ptrdiff_t ix = lo_x; ix <= hi_x; ix += (edge_row || r == 0) ? 1 : (hi_x - lo_x)) {
          if (ix >= 0 && ix < static_cast<std::ptrdiff_t>(nx_)) {
            const std::size_t c = static_cast<std::size_t>(iy) * nx_ + static_cast<std::size_t>(ix);
            for (std::uint32_t k = start_[c]; k < start_[c + 1]; ++k) {
              const std::uint32_t s = items_[k];
              if (!accept(s)) continue;
              const Projection p = project(st_, s, px, py);
              if (p.d2 < best.d2 || (p.d2 == best.d2 && s < best.segment)) best = p;
            }
          }
          if (hi_x == lo_x) break;
        }
      }
      // Every segment not yet seen lies in a ring beyond r, at least r·cell away.
      const double reach = static_cast<double>(r) * cell_;
      if (best.segment != NONE && best.d2 <= reach * reach) break;
    }
    return best;
  }

 private:
  std::pair<std::size_t, std::size_t> cell_of(double x, double y) const {
    const auto clamp_index = [](double v, std::size_t n) {
      if (!(v > 0.0)) return std::size_t{0};
      return std::min(static_cast<std::size_t>(v), n - 1);
    };
    return {clamp_index((x - x0_) / cell_, nx_), clamp_index((y - y0_) / cell_, ny_)};
  }
  const DesignStreets& st_;
  double cell_ = 1.0, x0_ = 0.0, y0_ = 0.0;
  std::size_t nx_ = 1, ny_ = 1;
  std::vector<std::uint32_t> start_, items_;
};

/// Merges points closer than a tolerance (grid hash with the 3×3 neighbourhood).
class PointSnapper {
 public:
  explicit PointSnapper(double tolerance) : tol_(std::max(tolerance, 1e-9)) {}
  /// The id of the point within the tolerance of (x, y), or a new id.
  std::uint32_t snap(double x, double y, std::vector<double>& xs, std::vector<double>& ys) {
    const auto ix = static_cast<std::int64_t>(std::floor(x / tol_));
    const auto iy = static_cast<std::int64_t>(std::floor(y / tol_));
    std::uint32_t found = NONE;
    double best = tol_ * tol_;
    for (std::int64_t dy = -1; dy <= 1; ++dy) {
      for (std::int64_t dx = -1; dx <= 1; ++dx) {
        const auto it = cells_.find(key(ix + dx, iy + dy));
        if (it == cells_.end()) continue;
        for (const std::uint32_t id : it->second) {
          const double d2 = (xs[id] - x) * (xs[id] - x) + (ys[id] - y) * (ys[id] - y);
          if (d2 <= best && (found == NONE || d2 < best || id < found)) {
            best = d2;
            found = id;
          }
        }
      }
    }
    if (found != NONE) return found;
    xs.push_back(x);
    ys.push_back(y);
    const auto id = static_cast<std::uint32_t>(xs.size() - 1);
    cells_[key(ix, iy)].push_back(id);
    return id;
  }

 private:
  static std::uint64_t key(std::int64_t ix, std::int64_t iy) {
    return (static_cast<std::uint64_t>(ix) << 32) ^ (static_cast<std::uint64_t>(iy) & 0xffffffffULL);
  }
  double tol_;
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> cells_;
};

std::uint32_t find_root(std::vector<std::uint32_t>& parent, std::uint32_t a) {
  while (parent[a] != a) {
    parent[a] = parent[parent[a]];
    a = parent[a];
  }
  return a;
}

/// Shortest-path tree from the plant over the street graph to every active consumer's street point.
Tree route_along_streets(const DesignConsumers& c, const std::vector<std::uint8_t>& active, const DesignStreets& st,
                         double plant_x, double plant_y, const NetworkDesignOptions& o) {
  const std::size_t ns = st.size();
  // Street junctions: endpoints merged within the tolerance.
  std::vector<double> gx, gy;
  PointSnapper snapper(o.snap_tolerance_m);
  std::vector<std::uint32_t> end_a(ns), end_b(ns);
  for (std::size_t s = 0; s < ns; ++s) {
    end_a[s] = snapper.snap(st.x0_m[s], st.y0_m[s], gx, gy);
    end_b[s] = snapper.snap(st.x1_m[s], st.y1_m[s], gx, gy);
  }
  // Connected components of the street graph.
  std::vector<std::uint32_t> uf(gx.size());
  for (std::uint32_t i = 0; i < uf.size(); ++i) uf[i] = i;
  for (std::size_t s = 0; s < ns; ++s) {
    const std::uint32_t ra = find_root(uf, end_a[s]), rb = find_root(uf, end_b[s]);
    if (ra != rb) uf[std::max(ra, rb)] = std::min(ra, rb);
  }
  std::vector<std::uint32_t> component(ns);
  for (std::size_t s = 0; s < ns; ++s) component[s] = find_root(uf, end_a[s]);

  double min_x = plant_x, max_x = plant_x, min_y = plant_y, max_y = plant_y;
  for (std::size_t s = 0; s < ns; ++s) {
    min_x = std::min({min_x, st.x0_m[s], st.x1_m[s]});
    max_x = std::max({max_x, st.x0_m[s], st.x1_m[s]});
    min_y = std::min({min_y, st.y0_m[s], st.y1_m[s]});
    max_y = std::max({max_y, st.y0_m[s], st.y1_m[s]});
  }
  for (std::size_t k = 0; k < c.size(); ++k) {
    min_x = std::min(min_x, c.x_m[k]);
    max_x = std::max(max_x, c.x_m[k]);
    min_y = std::min(min_y, c.y_m[k]);
    max_y = std::max(max_y, c.y_m[k]);
  }
  const SegmentGrid grid(st, min_x, min_y, max_x, max_y);
  const auto any = [](std::uint32_t) { return true; };
  // The component that serves the most heat holds the network; consumers nearer to another
  // component join this one at its nearest street (counted).
  std::vector<Projection> attach(c.size());
  std::unordered_map<std::uint32_t, double> component_heat;
  for (std::size_t k = 0; k < c.size(); ++k) {
    if (!active[k]) continue;
    attach[k] = grid.nearest(c.x_m[k], c.y_m[k], any);
    component_heat[component[attach[k].segment]] += c.annual_heat_mwh[k] + 1e-9;
  }
  std::uint32_t main_component = NONE;
  double main_heat = -1.0;
  for (const auto& [comp, heat] : component_heat) {
    if (heat > main_heat || (heat == main_heat && comp < main_component)) {
      main_heat = heat;
      main_component = comp;
    }
  }
  const auto in_main = [&](std::uint32_t s) { return component[s] == main_component; };
  Tree tree;
  tree.consumer_node.assign(c.size(), NONE);
  for (std::size_t k = 0; k < c.size(); ++k) {
    if (active[k] && component[attach[k].segment] != main_component) {
      attach[k] = grid.nearest(c.x_m[k], c.y_m[k], in_main);
      ++tree.off_component;
    }
  }
  const Projection plant_attach = grid.nearest(plant_x, plant_y, in_main);

  // Split the segments at the attachment points; graph nodes continue the junction numbering.
  // Attachment entries: (segment, t, owner), owner = consumer index or c.size() for the plant.
  struct Attachment {
    std::uint32_t segment;
    double t;
    std::uint32_t owner;
  };
  std::vector<Attachment> points;
  for (std::size_t k = 0; k < c.size(); ++k) {
    if (active[k]) points.push_back({attach[k].segment, attach[k].t, static_cast<std::uint32_t>(k)});
  }
  points.push_back({plant_attach.segment, plant_attach.t, static_cast<std::uint32_t>(c.size())});
  std::sort(points.begin(), points.end(), [](const Attachment& a, const Attachment& b) {
    return a.segment != b.segment ? a.segment < b.segment : a.t != b.t ? a.t < b.t : a.owner < b.owner;
  });
  std::vector<std::uint32_t> street_node_of(c.size() + 1, NONE);
  struct Edge {
    std::uint32_t a, b, segment;
    double length;
  };
  std::vector<Edge> edges;
  std::size_t next_point = 0;
  for (std::uint32_t s = 0; s < ns; ++s) {
    const double sx = st.x0_m[s], sy = st.y0_m[s];
    const double dx = st.x1_m[s] - sx, dy = st.y1_m[s] - sy;
    const double len = std::hypot(dx, dy);
    std::uint32_t prev = end_a[s];
    double prev_t = 0.0;
    while (next_point < points.size() && points[next_point].segment == s) {
      const Attachment& p = points[next_point++];
      std::uint32_t node;
      if (p.t * len <= o.snap_tolerance_m) {
        node = end_a[s];
      } else if ((1.0 - p.t) * len <= o.snap_tolerance_m) {
        node = end_b[s];
      } else if (prev != end_a[s] && (p.t - prev_t) * len <= o.snap_tolerance_m) {
        node = prev;
      } else {
        gx.push_back(sx + p.t * dx);
        gy.push_back(sy + p.t * dy);
        node = static_cast<std::uint32_t>(gx.size() - 1);
      }
      if (node != prev && node != end_b[s]) {
        edges.push_back({prev, node, s, (p.t - prev_t) * len});
        prev = node;
        prev_t = p.t;
      }
      street_node_of[p.owner] = node;
    }
    if (prev != end_b[s]) edges.push_back({prev, end_b[s], s, (1.0 - prev_t) * len});
  }
  // Dijkstra from the plant (CSR adjacency; ties broken by node index for determinism).
  const std::size_t n = gx.size();
  std::vector<std::uint32_t> adj_start(n + 1, 0), adj_edge(2 * edges.size());
  for (const Edge& e : edges) {
    ++adj_start[e.a + 1];
    ++adj_start[e.b + 1];
  }
  for (std::size_t i = 0; i < n; ++i) adj_start[i + 1] += adj_start[i];
  {
    std::vector<std::uint32_t> fill(adj_start.begin(), adj_start.end() - 1);
    for (std::uint32_t e = 0; e < edges.size(); ++e) {
      adj_edge[fill[edges[e].a]++] = e;
      adj_edge[fill[edges[e].b]++] = e;
    }
  }
  const std::uint32_t source = street_node_of[c.size()];
  std::vector<double> dist(n, std::numeric_limits<double>::infinity());
  std::vector<std::uint32_t> parent_edge(n, NONE);
  using Item = std::pair<double, std::uint32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
  dist[source] = 0.0;
  queue.push({0.0, source});
  while (!queue.empty()) {
    const auto [d, u] = queue.top();
    queue.pop();
    if (d > dist[u]) continue;
    for (std::uint32_t k = adj_start[u]; k < adj_start[u + 1]; ++k) {
      const Edge& e = edges[adj_edge[k]];
      const std::uint32_t v = e.a == u ? e.b : e.a;
      const double nd = d + e.length;
      if (nd < dist[v]) {
        dist[v] = nd;
        parent_edge[v] = adj_edge[k];
        queue.push({nd, v});
      }
    }
  }
  // The union of the paths plant → consumer street points.
  std::vector<std::uint8_t> used(n, 0);
  used[source] = 1;
  for (std::size_t k = 0; k < c.size(); ++k) {
    if (!active[k]) continue;
    std::uint32_t v = street_node_of[k];
    HEATTWIN_ASSERT(std::isfinite(dist[v]));
    while (!used[v]) {
      used[v] = 1;
      const Edge& e = edges[parent_edge[v]];
      v = e.a == v ? e.b : e.a;
    }
  }
  std::vector<std::uint32_t> order;
  for (std::uint32_t v = 0; v < n; ++v) {
    if (used[v] && v != source) order.push_back(v);
  }
  std::sort(order.begin(), order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return dist[a] != dist[b] ? dist[a] < dist[b] : a < b; });
  std::vector<std::uint32_t> tree_node(n, NONE);
  tree.plant = tree.add_node(gx[source], gy[source], DesignNodeKind::plant);
  tree_node[source] = tree.plant;
  for (const std::uint32_t v : order) tree_node[v] = tree.add_node(gx[v], gy[v], DesignNodeKind::street);
  for (const std::uint32_t v : order) {  // parents first: dist rises along every path
    const Edge& e = edges[parent_edge[v]];
    const std::uint32_t u = e.a == v ? e.b : e.a;
    tree.add_pipe(tree_node[u], tree_node[v], DesignPipeKind::street, e.segment,
                  std::max(e.length, o.min_pipe_length_m));
  }
  for (std::size_t k = 0; k < c.size(); ++k) {
    if (!active[k]) continue;
    const std::uint32_t at = tree_node[street_node_of[k]];
    const std::uint32_t node = tree.add_node(c.x_m[k], c.y_m[k], DesignNodeKind::consumer);
    tree.consumer_node[k] = node;
    const double len = std::hypot(c.x_m[k] - tree.x[at], c.y_m[k] - tree.y[at]);
    tree.add_pipe(at, node, DesignPipeKind::house_connection, NONE, std::max(len, o.min_pipe_length_m));
  }
  return tree;
}

/// Prim's minimum spanning tree over the plant and the active consumers' points (O(n²)).
Tree spanning_tree(const DesignConsumers& c, const std::vector<std::uint8_t>& active, double plant_x, double plant_y,
                   const NetworkDesignOptions& o) {
  Tree tree;
  tree.consumer_node.assign(c.size(), NONE);
  tree.plant = tree.add_node(plant_x, plant_y, DesignNodeKind::plant);
  std::vector<std::uint32_t> members;
  for (std::uint32_t k = 0; k < c.size(); ++k) {
    if (active[k]) members.push_back(k);
  }
  const std::size_t m = members.size();
  std::vector<double> best(m), px(m + 1), py(m + 1);
  std::vector<std::uint32_t> link(m, NONE);  // tree node the member would attach to
  std::vector<std::uint8_t> in_tree(m, 0);
  for (std::size_t i = 0; i < m; ++i) {
    best[i] = std::hypot(c.x_m[members[i]] - plant_x, c.y_m[members[i]] - plant_y);
    link[i] = tree.plant;
  }
  for (std::size_t step = 0; step < m; ++step) {
    std::size_t pick = m;
    for (std::size_t i = 0; i < m; ++i) {
      if (!in_tree[i] && (pick == m || best[i] < best[pick])) pick = i;
    }
    in_tree[pick] = 1;
    const std::uint32_t k = members[pick];
    const std::uint32_t node = tree.add_node(c.x_m[k], c.y_m[k], DesignNodeKind::consumer);
    tree.consumer_node[k] = node;
    tree.add_pipe(link[pick], node, DesignPipeKind::direct, NONE, std::max(best[pick], o.min_pipe_length_m));
    for (std::size_t i = 0; i < m; ++i) {
      if (in_tree[i]) continue;
      const double d = std::hypot(c.x_m[members[i]] - c.x_m[k], c.y_m[members[i]] - c.y_m[k]);
      if (d < best[i]) {
        best[i] = d;
        link[i] = node;
      }
    }
  }
  return tree;
}

}  // namespace

double winter_simultaneity(std::size_t n) {
  if (n == 0) return 1.0;
  constexpr double a = 0.449677646, b = 53.84382, c = 1.762352;
  return a + (1.0 - a) / (1.0 + std::pow(static_cast<double>(n) / b, c));
}

double buried_pipe_heat_loss_w_per_mk(const PipeSize& size, const NetworkDesignOptions& o) {
  HEATTWIN_CHECK(size.outer_diameter_m > size.inner_diameter_m && size.casing_diameter_m > size.outer_diameter_m,
                 "pipe DN {}: needs outer ({} m) and casing ({} m) diameters above the inner diameter {} m for its "
                 "heat-loss coefficient",
                 size.dn, size.outer_diameter_m, size.casing_diameter_m, size.inner_diameter_m);
  HEATTWIN_CHECK(o.insulation_w_per_mk > 0.0 && o.soil_w_per_mk > 0.0 && o.cover_depth_m >= 0.0,
                 "network design: insulation λ {} and soil λ {} W/(m·K) must be > 0, cover depth {} m ≥ 0",
                 o.insulation_w_per_mk, o.soil_w_per_mk, o.cover_depth_m);
  const double r_insulation =
      std::log(size.casing_diameter_m / size.outer_diameter_m) / (2.0 * std::numbers::pi * o.insulation_w_per_mk);
  const double axis_depth = o.cover_depth_m + size.casing_diameter_m / 2.0;
  const double r_soil =
      std::log(4.0 * axis_depth / size.casing_diameter_m) / (2.0 * std::numbers::pi * o.soil_w_per_mk);
  return 1.0 / (r_insulation + std::max(r_soil, 0.0));
}

DesignedNetwork design_network(const DesignConsumers& c, const DesignStreets& st, const NetworkDesignOptions& o) {
  const std::size_t nc = c.size();
  HEATTWIN_CHECK(nc > 0, "network design: no buildings to connect");
  HEATTWIN_CHECK(c.y_m.size() == nc && c.peak_heat_kw.size() == nc && c.annual_heat_mwh.size() == nc,
                 "network design: consumer columns differ in length ({} x, {} y, {} peak, {} annual)", nc, c.y_m.size(),
                 c.peak_heat_kw.size(), c.annual_heat_mwh.size());
  HEATTWIN_CHECK(st.y0_m.size() == st.size() && st.x1_m.size() == st.size() && st.y1_m.size() == st.size(),
                 "network design: street columns differ in length");
  for (std::size_t k = 0; k < nc; ++k) {
    HEATTWIN_CHECK(std::isfinite(c.x_m[k]) && std::isfinite(c.y_m[k]),
                   "network design: consumer {} has no finite position ({}, {})", k, c.x_m[k], c.y_m[k]);
    HEATTWIN_CHECK(std::isfinite(c.peak_heat_kw[k]) && c.peak_heat_kw[k] >= 0.0 &&
                       std::isfinite(c.annual_heat_mwh[k]) && c.annual_heat_mwh[k] >= 0.0,
                   "network design: consumer {} has peak {} kW and annual heat {} MWh; both must be finite and ≥ 0", k,
                   c.peak_heat_kw[k], c.annual_heat_mwh[k]);
  }
  for (std::size_t s = 0; s < st.size(); ++s) {
    HEATTWIN_CHECK(std::isfinite(st.x0_m[s]) && std::isfinite(st.y0_m[s]) && std::isfinite(st.x1_m[s]) &&
                       std::isfinite(st.y1_m[s]),
                   "network design: street segment {} has a coordinate that is not finite", s);
  }
  HEATTWIN_CHECK(o.t_return_c < o.t_supply_c && o.t_return_c > 0.0,
                 "network design: return temperature {} °C must be above 0 and below the supply temperature {} °C",
                 o.t_return_c, o.t_supply_c);
  HEATTWIN_CHECK(o.snap_tolerance_m > 0.0 && o.min_pipe_length_m > 0.0,
                 "network design: snap tolerance {} m and minimum pipe length {} m must be > 0", o.snap_tolerance_m,
                 o.min_pipe_length_m);
  HEATTWIN_CHECK(!o.sizes.empty(), "network design: the DN series is empty");
  if (o.design_load == DesignLoad::coincident) {
    HEATTWIN_CHECK(c.hours > 0 && c.hourly_heat_kw.size() == nc * c.hours,
                   "network design: coincident design loads need hourly heat for every consumer ({} values for {} "
                   "consumers × {} hours)",
                   c.hourly_heat_kw.size(), nc, c.hours);
  }
  double plant_x = o.plant_x_m, plant_y = o.plant_y_m;
  if (!std::isfinite(plant_x) || !std::isfinite(plant_y)) {
    double w = 0.0, sx = 0.0, sy = 0.0;
    for (std::size_t k = 0; k < nc; ++k) {
      const double weight = c.annual_heat_mwh[k] + 1e-9;  // equal weights when no heat is known
      w += weight;
      sx += weight * c.x_m[k];
      sy += weight * c.y_m[k];
    }
    plant_x = sx / w;
    plant_y = sy / w;
  }

  DesignedNetwork out;
  out.routing = st.size() > 0 ? DesignRouting::streets : DesignRouting::spanning;
  std::vector<std::uint8_t> active(nc, 1);
  Tree tree;
  std::vector<std::uint32_t> pipe_n;
  std::vector<double> pipe_peak, pipe_annual;
  for (int round = 0;; ++round) {
    tree = out.routing == DesignRouting::streets ? route_along_streets(c, active, st, plant_x, plant_y, o)
                                                 : spanning_tree(c, active, plant_x, plant_y, o);
    const std::size_t nn = tree.x.size(), np = tree.from.size();
    std::vector<std::uint32_t> node_n(nn, 0);
    std::vector<double> node_peak(nn, 0.0), node_annual(nn, 0.0);
    for (std::size_t k = 0; k < nc; ++k) {
      if (tree.consumer_node[k] == NONE) continue;
      ++node_n[tree.consumer_node[k]];
      node_peak[tree.consumer_node[k]] += c.peak_heat_kw[k];
      node_annual[tree.consumer_node[k]] += c.annual_heat_mwh[k];
    }
    pipe_n.assign(np, 0);
    pipe_peak.assign(np, 0.0);
    pipe_annual.assign(np, 0.0);
    for (std::size_t p = np; p-- > 0;) {  // children after parents: accumulate in reverse
      pipe_n[p] = node_n[tree.to[p]];
      pipe_peak[p] = node_peak[tree.to[p]];
      pipe_annual[p] = node_annual[tree.to[p]];
      node_n[tree.from[p]] += node_n[tree.to[p]];
      node_peak[tree.from[p]] += node_peak[tree.to[p]];
      node_annual[tree.from[p]] += node_annual[tree.to[p]];
    }
    if (o.min_consumer_heat_line_density_mwh_per_ma <= 0.0 || round >= o.max_pruning_rounds) break;
    // A consumer's own route: the pipes above its node that carry only its heat.
    std::vector<std::uint32_t> parent_pipe(nn, NONE);
    for (std::uint32_t p = 0; p < np; ++p) parent_pipe[tree.to[p]] = p;
    std::size_t pruned = 0;
    for (std::size_t k = 0; k < nc; ++k) {
      if (tree.consumer_node[k] == NONE) continue;
      double own_m = 0.0;
      for (std::uint32_t p = parent_pipe[tree.consumer_node[k]]; p != NONE && pipe_n[p] == 1;
           p = parent_pipe[tree.from[p]]) {
        own_m += tree.length[p];
      }
      if (own_m > 0.0 && c.annual_heat_mwh[k] / own_m < o.min_consumer_heat_line_density_mwh_per_ma) {
        active[k] = 0;
        ++pruned;
      }
    }
    if (pruned == 0) break;
    out.consumers_pruned += pruned;
    HEATTWIN_CHECK(std::find(active.begin(), active.end(), 1) != active.end(),
                   "network design: no building reaches the minimum heat line density {} MWh/(m·a) on its own route; "
                   "lower min_heat_line_density or choose a denser area",
                   o.min_consumer_heat_line_density_mwh_per_ma);
  }

  // Sizing: the design flow of a pipe serves the simultaneous peak of the consumers downstream.
  const double t_mean_k = 0.5 * (o.t_supply_c + o.t_return_c) + ZERO_CELSIUS_K;
  const FluidProperties water = FluidProperties::water();
  const double cp = water.cp_j_per_kgk(t_mean_k), rho = water.density_kg_per_m3(o.t_supply_c + ZERO_CELSIUS_K),
               mu = water.viscosity_pa_s(o.t_supply_c + ZERO_CELSIUS_K);
  const std::size_t np = tree.from.size();
  out.node_x_m = tree.x;
  out.node_y_m = tree.y;
  out.node_kind = tree.kind;
  out.plant_node = tree.plant;
  out.pipe_from = tree.from;
  out.pipe_to = tree.to;
  out.pipe_kind = tree.pipe_kind;
  out.pipe_street = tree.street;
  out.pipe_length_m = tree.length;
  out.pipe_consumers_downstream = pipe_n;
  out.consumer_node = tree.consumer_node;
  out.consumers_off_street_component = tree.off_component;
  out.pipe_design_heat_kw.resize(np);
  out.pipe_design_mdot_kg_per_s.resize(np);
  out.pipe_dn.resize(np);
  out.pipe_inner_diameter_m.resize(np);
  out.pipe_heat_loss_w_per_mk.resize(np);
  // Design heat of each pipe and the plant supply temperature (K) it is carried at: for coincident
  // loads the hour of the largest heat over the plant's spread (the supply curve lowers the spread
  // in milder hours), else the design point: g(n)·Σ peak at t_supply_c.
  const double t_return_k = o.t_return_c + ZERO_CELSIUS_K;
  std::vector<double> coincident(np, 0.0), sized_heat_kw(np, 0.0), sized_t_supply_k(np, o.t_supply_c + ZERO_CELSIUS_K);
  if (o.design_load == DesignLoad::coincident) {
    HEATTWIN_CHECK(o.hourly_plant_supply_t_k.empty() || o.hourly_plant_supply_t_k.size() >= c.hours,
                   "network design: {} hourly plant supply temperatures for {} hours", o.hourly_plant_supply_t_k.size(),
                   c.hours);
    // Per hour, the downstream sums bottom-up (pipes are in topological order); keep each maximum.
    std::vector<double> node_sum(tree.x.size()), best_flow(np, 0.0);
    for (std::size_t h = 0; h < c.hours; ++h) {
      const double t_plant_k =
          o.hourly_plant_supply_t_k.empty() ? o.t_supply_c + ZERO_CELSIUS_K : o.hourly_plant_supply_t_k[h];
      const double spread_h = std::max(t_plant_k - t_return_k, 1.0);
      std::fill(node_sum.begin(), node_sum.end(), 0.0);
      for (std::size_t k = 0; k < nc; ++k) {
        if (tree.consumer_node[k] != NONE) node_sum[tree.consumer_node[k]] += c.hourly_heat_kw[k * c.hours + h];
      }
      for (std::size_t p = np; p-- > 0;) {
        const double q = node_sum[tree.to[p]];
        coincident[p] = std::max(coincident[p], q);
        if (q / spread_h > best_flow[p]) {
          best_flow[p] = q / spread_h;
          sized_heat_kw[p] = q;
          sized_t_supply_k[p] = t_plant_k;
        }
        node_sum[tree.from[p]] += q;
      }
    }
  }
  for (std::size_t p = 0; p < np; ++p) {
    const double g = o.simultaneity ? winter_simultaneity(pipe_n[p]) : 1.0;
    out.pipe_design_heat_kw[p] = o.design_load == DesignLoad::coincident ? coincident[p] : g * pipe_peak[p];
    if (o.design_load != DesignLoad::coincident) sized_heat_kw[p] = out.pipe_design_heat_kw[p];
  }
  // Sizes and the supply's cooling depend on each other: size at the plant's spread, then at the
  // spread of the coldest consumer downstream of each pipe with the cooling of those sizes' design
  // flows (steady state, T_out = T_g + (T_in − T_g)·exp(−U·L/(ṁ·c_p)), U per metre of supply pipe).
  // A third round changes the cooling by millikelvin.
  std::vector<double> loss_of_size(o.sizes.size(), std::numeric_limits<double>::quiet_NaN());
  std::vector<double> cooling_k(np, 0.0), node_t_k(tree.x.size()), coldest_below_k(tree.x.size());
  const double ground_k = o.design_ground_t_c + ZERO_CELSIUS_K;
  for (int round = 0; round < 3; ++round) {
    out.undersized_pipes = 0;
    for (std::size_t p = 0; p < np; ++p) {
      const double spread = std::max(sized_t_supply_k[p] - cooling_k[p] - t_return_k, 1.0);
      out.pipe_design_mdot_kg_per_s[p] = sized_heat_kw[p] * 1000.0 / (cp * spread);
      const PipeSizeChoice choice =
          choose_pipe_size(out.pipe_design_mdot_kg_per_s[p], rho, mu, o.roughness_m, o.sizes, o.sizing);
      if (!choice.fits) ++out.undersized_pipes;
      const PipeSize& size = o.sizes[choice.index];
      out.pipe_dn[p] = size.dn;
      out.pipe_inner_diameter_m[p] = size.inner_diameter_m;
      if (std::isnan(loss_of_size[choice.index])) loss_of_size[choice.index] = buried_pipe_heat_loss_w_per_mk(size, o);
      out.pipe_heat_loss_w_per_mk[p] = loss_of_size[choice.index];
    }
    const double t_plant_k = o.t_supply_c + ZERO_CELSIUS_K;
    node_t_k[tree.plant] = t_plant_k;
    for (std::size_t p = 0; p < np; ++p) {  // parents first
      const double m = out.pipe_design_mdot_kg_per_s[p];
      const double t_in = node_t_k[tree.from[p]];
      node_t_k[tree.to[p]] =
          m > 0.0 ? ground_k + (t_in - ground_k) * std::exp(-out.pipe_heat_loss_w_per_mk[p] * tree.length[p] / (m * cp))
                  : t_in;
    }
    coldest_below_k = node_t_k;
    for (std::size_t p = np; p-- > 0;) {  // children first
      coldest_below_k[tree.from[p]] = std::min(coldest_below_k[tree.from[p]], coldest_below_k[tree.to[p]]);
      cooling_k[p] = t_plant_k - coldest_below_k[tree.to[p]];
    }
  }

  // Heat line density: street pipes that of their street segment (the heat of the consumers whose
  // connection node the tree reaches through that segment, over the tree's length on it).
  out.pipe_heat_line_density_mwh_per_ma.assign(np, 0.0);
  std::unordered_map<std::uint32_t, std::pair<double, double>> segment_heat_length;
  std::vector<std::uint32_t> parent_pipe(tree.x.size(), NONE);
  for (std::uint32_t p = 0; p < np; ++p) {
    parent_pipe[tree.to[p]] = p;
    if (tree.pipe_kind[p] == DesignPipeKind::street) segment_heat_length[tree.street[p]].second += tree.length[p];
  }
  std::vector<double> node_heat(tree.x.size(), 0.0);  // annual heat of the consumers at each node
  for (std::size_t k = 0; k < nc; ++k) {
    if (tree.consumer_node[k] == NONE) continue;
    node_heat[tree.consumer_node[k]] += c.annual_heat_mwh[k];
    ++out.consumers_connected;
    out.annual_heat_mwh += c.annual_heat_mwh[k];
    if (out.routing != DesignRouting::streets) continue;
    const std::uint32_t house = parent_pipe[tree.consumer_node[k]];
    const std::uint32_t street_pipe = parent_pipe[tree.from[house]];
    if (street_pipe != NONE) segment_heat_length[tree.street[street_pipe]].first += c.annual_heat_mwh[k];
  }
  for (std::size_t p = 0; p < np; ++p) {
    out.route_length_m += tree.length[p];
    if (tree.pipe_kind[p] == DesignPipeKind::street) {
      out.street_length_m += tree.length[p];
      const auto& [heat, length] = segment_heat_length.at(tree.street[p]);
      out.pipe_heat_line_density_mwh_per_ma[p] = heat / length;
    } else {
      if (tree.pipe_kind[p] == DesignPipeKind::house_connection) out.house_connection_length_m += tree.length[p];
      out.pipe_heat_line_density_mwh_per_ma[p] = node_heat[tree.to[p]] / tree.length[p];
    }
  }
  out.heat_line_density_mwh_per_ma = out.route_length_m > 0.0 ? out.annual_heat_mwh / out.route_length_m : 0.0;
  return out;
}

}  // namespace heattwin::solvers::network
