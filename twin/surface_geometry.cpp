#include "twin/surface_geometry.hpp"

#include "twin/footprint_geometry.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numbers>
#include <unordered_map>

namespace heattwin::twin {
namespace {

Point3 sub(const Point3& a, const Point3& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
Point3 cross(const Point3& a, const Point3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
double dot(const Point3& a, const Point3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
double norm(const Point3& a) { return std::sqrt(dot(a, a)); }

/// ∫ (z − z_ref) dA_z over a ring by a fan of triangles from its first vertex (signed by the
/// ring's orientation). Exact for planar rings, convex or not: the signed fan triangles add up
/// to the polygon, and z is linear on each triangle.
double ring_z_moment(std::span<const Point3> ring, double z_ref) {
  const std::size_t n = ring.size();
  if (n < 3) return 0.0;
  const Point3& o = ring[0];
  double sum = 0.0;
  for (std::size_t k = 1; k + 1 < n; ++k) {
    const Point3 a = sub(ring[k], o);
    const Point3 b = sub(ring[k + 1], o);
    const double area_z = 0.5 * (a[0] * b[1] - a[1] * b[0]);
    const double z_mean = (o[2] + ring[k][2] + ring[k + 1][2]) / 3.0 - z_ref;
    sum += area_z * z_mean;
  }
  return sum;
}

// ------------------------------------------------------------------------ edge-manifold check

constexpr double SNAP_MM = 1000.0;      // vertices are matched on a 1 mm grid
constexpr double T_JUNCTION_TOL = 1.5;  // in mm (grid units)

struct QKey {
  std::int64_t x, y, z;
  bool operator==(const QKey&) const = default;
};
struct QKeyHash {
  std::size_t operator()(const QKey& k) const {
    std::uint64_t h = static_cast<std::uint64_t>(k.x) * 0x9E3779B97F4A7C15ULL;
    h ^= static_cast<std::uint64_t>(k.y) + 0x7F4A7C159E3779B9ULL + (h << 6) + (h >> 2);
    h ^= static_cast<std::uint64_t>(k.z) + 0x94D049BB133111EBULL + (h << 6) + (h >> 2);
    return static_cast<std::size_t>(h);
  }
};

// ------------------------------------------------------------------------ wall overlaps

namespace bg = boost::geometry;
using BgPoint2 = bg::model::d2::point_xy<double>;
using BgPolygon2 = bg::model::polygon<BgPoint2>;
using BgMulti2 = bg::model::multi_polygon<BgPolygon2>;
using BgPoint3 = bg::model::point<double, 3, bg::cs::cartesian>;
using BgBox3 = bg::model::box<BgPoint3>;

constexpr double COPLANAR_DIST_M = 0.1;
constexpr double COPLANAR_ANGLE_DEG = 3.0;

/// Orthonormal frame of a wall's plane: origin, unit normal, in-plane axes u (horizontal for
/// walls) and v.
struct PlaneFrame {
  Point3 origin{};
  Point3 normal{};
  Point3 u{};
  Point3 v{};
  bool valid = false;
};

PlaneFrame frame_of(const Surface3& s) {
  PlaneFrame f;
  const Ring3 ext = cleaned_ring(s.exterior);
  if (ext.size() < 3) return f;
  const Point3 a = newell_vector_area(ext);
  const double len = norm(a);
  if (len <= DEGENERATE_RING_AREA_M2) return f;
  f.normal = {a[0] / len, a[1] / len, a[2] / len};
  Point3 centre{0.0, 0.0, 0.0};
  for (const auto& p : ext) {
    const Point3 d = sub(p, ext[0]);
    centre = {centre[0] + d[0], centre[1] + d[1], centre[2] + d[2]};
  }
  const auto n = static_cast<double>(ext.size());
  f.origin = {ext[0][0] + centre[0] / n, ext[0][1] + centre[1] / n, ext[0][2] + centre[2] / n};
  const Point3 up{0.0, 0.0, 1.0};
  Point3 u = cross(up, f.normal);  // horizontal in-plane direction
  if (norm(u) < 1e-6) u = {1.0, 0.0, 0.0};
  const double ul = norm(u);
  f.u = {u[0] / ul, u[1] / ul, u[2] / ul};
  f.v = cross(f.normal, f.u);
  f.valid = true;
  return f;
}

BgPolygon2 project(const Surface3& s, const PlaneFrame& f) {
  BgPolygon2 poly;
  auto to_2d = [&f](const Point3& p) {
    const Point3 d = sub(p, f.origin);
    return BgPoint2(dot(d, f.u), dot(d, f.v));
  };
  for (const auto& p : cleaned_ring(s.exterior)) poly.outer().push_back(to_2d(p));
  for (const auto& hole : s.holes) {
    const Ring3 h = cleaned_ring(hole);
    if (h.size() < 3) continue;
    poly.inners().emplace_back();
    for (const auto& p : h) poly.inners().back().push_back(to_2d(p));
  }
  bg::correct(poly);  // closes rings and orients them as Boost expects
  return poly;
}

/// True if the polygon has no holes and its outer ring turns one way only (collinear vertices
/// allowed): the convex clipping below then gives the same area as Boost's boolean operations.
bool is_convex_without_holes(const BgPolygon2& poly) {
  if (!poly.inners().empty()) return false;
  const auto& r = poly.outer();
  const std::size_t n = r.size() > 0 && bg::equals(r.front(), r.back()) ? r.size() - 1 : r.size();
  if (n < 3) return false;
  double scale = 0.0;
  for (std::size_t i = 0; i < n; ++i)
    scale = std::max({scale, std::abs(r[i].x() - r[0].x()), std::abs(r[i].y() - r[0].y())});
  const double eps = 1e-12 * scale * scale;
  int sign = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& a = r[i];
    const auto& b = r[(i + 1) % n];
    const auto& c = r[(i + 2) % n];
    const double cross = (b.x() - a.x()) * (c.y() - b.y()) - (b.y() - a.y()) * (c.x() - b.x());
    if (std::abs(cross) <= eps) continue;
    const int s = cross > 0 ? 1 : -1;
    if (sign != 0 && s != sign) return false;
    sign = s;
  }
  return sign != 0;
}

/// Area of the intersection of two convex polygons without holes (Sutherland–Hodgman clipping of
/// `subject` by the edges of `clip`); O(n·m). Orientation-independent.
double convex_intersection_area(const BgPolygon2& subject, const BgPolygon2& clip) {
  using P = std::array<double, 2>;
  auto open_ring = [](const BgPolygon2& poly) {
    std::vector<P> ring;
    for (const auto& p : poly.outer()) ring.push_back({p.x(), p.y()});
    if (ring.size() > 1 && ring.front() == ring.back()) ring.pop_back();
    return ring;
  };
  auto signed_area = [](const std::vector<P>& ring) {
    double a = 0.0;
    for (std::size_t i = 0; i < ring.size(); ++i) {
      const P& p = ring[i];
      const P& q = ring[(i + 1) % ring.size()];
      a += p[0] * q[1] - q[0] * p[1];
    }
    return 0.5 * a;
  };
  std::vector<P> out = open_ring(subject);
  const std::vector<P> edges = open_ring(clip);
  const double orientation = signed_area(edges) > 0 ? 1.0 : -1.0;
  std::vector<P> in;
  for (std::size_t e = 0; e < edges.size() && !out.empty(); ++e) {
    const P& a = edges[e];
    const P& b = edges[(e + 1) % edges.size()];
    auto side = [&](const P& p) {
      return orientation * ((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]));
    };
    in.swap(out);
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i) {
      const P& cur = in[i];
      const P& prev = in[(i + in.size() - 1) % in.size()];
      const double s_cur = side(cur), s_prev = side(prev);
      if (s_cur >= 0.0) {
        if (s_prev < 0.0) {
          const double t = s_prev / (s_prev - s_cur);
          out.push_back({prev[0] + t * (cur[0] - prev[0]), prev[1] + t * (cur[1] - prev[1])});
        }
        out.push_back(cur);
      } else if (s_prev >= 0.0) {
        const double t = s_prev / (s_prev - s_cur);
        out.push_back({prev[0] + t * (cur[0] - prev[0]), prev[1] + t * (cur[1] - prev[1])});
      }
    }
  }
  return out.size() < 3 ? 0.0 : std::abs(signed_area(out));
}

/// The union of `polygons`: exact duplicates are dropped first (coincident walls of a tile
/// imported twice: 2,000 copies cost 2,000 overlay steps before), then the rest is merged in order.
BgMulti2 union_of(const std::vector<BgPolygon2>& polygons) {
  std::vector<const BgPolygon2*> unique;
  unique.reserve(polygons.size());
  for (const auto& p : polygons) unique.push_back(&p);
  const auto less = [](const BgPolygon2* l, const BgPolygon2* r) {
    const auto& a = l->outer();
    const auto& b = r->outer();
    if (a.size() != b.size()) return a.size() < b.size();
    for (std::size_t k = 0; k < a.size(); ++k) {
      if (a[k].x() != b[k].x()) return a[k].x() < b[k].x();
      if (a[k].y() != b[k].y()) return a[k].y() < b[k].y();
    }
    return l->inners().size() < r->inners().size();
  };
  const auto same = [&less](const BgPolygon2* l, const BgPolygon2* r) {
    return !less(l, r) && !less(r, l) && l->inners().empty() && r->inners().empty();
  };
  // Later copies of a polygon are dropped; the rest is merged in input order (another order
  // changes Boost's snapping of shared roof edges and so the areas).
  std::vector<const BgPolygon2*> sorted = unique;
  std::stable_sort(sorted.begin(), sorted.end(), less);
  std::vector<const BgPolygon2*> dropped;
  for (std::size_t k = 1; k < sorted.size(); ++k)
    if (same(sorted[k - 1], sorted[k])) dropped.push_back(sorted[k]);
  std::sort(dropped.begin(), dropped.end());
  BgMulti2 acc;
  for (const auto* p : unique) {
    if (std::binary_search(dropped.begin(), dropped.end(), p)) continue;
    BgMulti2 next;
    bg::union_(acc, *p, next);
    acc = std::move(next);
  }
  return acc;
}

}  // namespace

Point3 newell_vector_area(std::span<const Point3> ring) {
  const std::size_t n = ring.size();
  Point3 a{0.0, 0.0, 0.0};
  if (n < 3) return a;
  const Point3& o = ring[0];
  for (std::size_t k = 0; k < n; ++k) {
    const Point3 p = sub(ring[k], o);
    const Point3 q = sub(ring[(k + 1) % n], o);
    a[0] += (p[1] - q[1]) * (p[2] + q[2]);
    a[1] += (p[2] - q[2]) * (p[0] + q[0]);
    a[2] += (p[0] - q[0]) * (p[1] + q[1]);
  }
  return {0.5 * a[0], 0.5 * a[1], 0.5 * a[2]};
}

Ring3 cleaned_ring(std::span<const Point3> ring) {
  Ring3 out;
  out.reserve(ring.size());
  for (const auto& p : ring)
    if (out.empty() || out.back() != p) out.push_back(p);
  while (out.size() > 1 && out.front() == out.back()) out.pop_back();
  return out;
}

bool is_degenerate_ring(std::span<const Point3> ring) {
  const Ring3 r = cleaned_ring(ring);
  if (r.size() < 3) return true;
  for (const auto& p : r)
    if (!std::isfinite(p[0]) || !std::isfinite(p[1]) || !std::isfinite(p[2])) return true;
  return norm(newell_vector_area(r)) <= DEGENERATE_RING_AREA_M2;
}

SurfaceMeasures measure_surface(const Surface3& surface, double z_ref_m) {
  SurfaceMeasures m;
  const Ring3 ext = cleaned_ring(surface.exterior);
  const Point3 a = newell_vector_area(ext);
  const double area = norm(a);
  if (area <= 0.0) return m;
  m.normal = {a[0] / area, a[1] / area, a[2] / area};
  m.area_m2 = area;
  m.z_moment_m3 = ring_z_moment(ext, z_ref_m);
  for (const auto& hole_in : surface.holes) {
    const Ring3 hole = cleaned_ring(hole_in);
    const Point3 h = newell_vector_area(hole);
    m.area_m2 -= norm(h);
    // A hole runs against the exterior; if the data gives it the same way, subtract it anyway.
    const double sign = dot(h, a) > 0 ? -1.0 : 1.0;
    m.z_moment_m3 += sign * ring_z_moment(hole, z_ref_m);
  }
  m.area_m2 = std::max(0.0, m.area_m2);
  return m;
}

double tilt_deg(const Point3& n) {
  const double len = norm(n);
  if (len <= 0) return 0.0;
  return std::acos(std::clamp(n[2] / len, -1.0, 1.0)) * 180.0 / std::numbers::pi;
}

double azimuth_deg(const Point3& n) {
  if (std::hypot(n[0], n[1]) <= 1e-12) return 0.0;
  double a = std::atan2(n[0], n[1]) * 180.0 / std::numbers::pi;  // atan2(east, north)
  if (a < 0) a += 360.0;
  return a >= 360.0 ? 0.0 : a;
}

int sector_of_normal(const Point3& n) { return sector_of_azimuth(azimuth_deg(n)); }

ShellMeasures measure_shell(std::span<const Surface3> surfaces, double z_ref_m) {
  std::vector<const Surface3*> refs(surfaces.size());
  for (std::size_t k = 0; k < surfaces.size(); ++k) refs[k] = &surfaces[k];
  return measure_shell(std::span<const Surface3* const>(refs), z_ref_m);
}

ShellMeasures measure_shell(std::span<const Surface3* const> surfaces, double z_ref_m) {
  ShellMeasures out;
  double moment = 0.0;
  for (const Surface3* s : surfaces) moment += measure_surface(*s, z_ref_m).z_moment_m3;
  out.is_inward = moment < 0.0;
  out.volume_m3 = std::abs(moment);

  // Vertices on a 1 mm grid relative to the first vertex.
  Point3 origin{0.0, 0.0, 0.0};
  for (const Surface3* s : surfaces)
    if (!s->exterior.empty()) {
      origin = s->exterior[0];
      break;
    }
  std::unordered_map<QKey, std::uint32_t, QKeyHash> id_of;
  std::vector<std::array<double, 3>> pos;  // in mm
  std::vector<std::vector<std::uint32_t>> rings;
  auto add_ring = [&](const Ring3& ring) {
    std::vector<std::uint32_t> ids;
    for (const auto& p : ring) {
      const QKey k{std::llround((p[0] - origin[0]) * SNAP_MM), std::llround((p[1] - origin[1]) * SNAP_MM),
                   std::llround((p[2] - origin[2]) * SNAP_MM)};
      const auto [it, inserted] = id_of.emplace(k, static_cast<std::uint32_t>(pos.size()));
      if (inserted) pos.push_back({static_cast<double>(k.x), static_cast<double>(k.y), static_cast<double>(k.z)});
      if (ids.empty() || ids.back() != it->second) ids.push_back(it->second);
    }
    while (ids.size() > 1 && ids.front() == ids.back()) ids.pop_back();
    if (ids.size() >= 2) rings.push_back(std::move(ids));
  };
  for (const Surface3* s : surfaces) {
    add_ring(s->exterior);
    for (const auto& h : s->holes) add_ring(h);
  }
  std::vector<std::uint32_t> by_x(pos.size());
  for (std::uint32_t k = 0; k < by_x.size(); ++k) by_x[k] = k;
  std::sort(by_x.begin(), by_x.end(), [&pos](std::uint32_t l, std::uint32_t r) {
    return pos[l][0] < pos[r][0] || (pos[l][0] == pos[r][0] && l < r);
  });
  // Undirected edge → (uses, sum of directions: +1 for low→high, −1 for high→low).
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::pair<int, int>> edges;
  std::vector<std::pair<double, std::uint32_t>> splits;
  for (const auto& ring : rings) {
    for (std::size_t k = 0; k < ring.size(); ++k) {
      const std::uint32_t a = ring[k];
      const std::uint32_t b = ring[(k + 1) % ring.size()];
      const Point3& pa = pos[a];
      const Point3& pb = pos[b];
      const Point3 d = sub(pb, pa);
      const double len2 = dot(d, d);
      splits.clear();
      const double x0 = std::min(pa[0], pb[0]) - T_JUNCTION_TOL;
      const double x1 = std::max(pa[0], pb[0]) + T_JUNCTION_TOL;
      auto it =
          std::lower_bound(by_x.begin(), by_x.end(), x0, [&pos](std::uint32_t v, double x) { return pos[v][0] < x; });
      for (; it != by_x.end() && pos[*it][0] <= x1; ++it) {
        const std::uint32_t c = *it;
        if (c == a || c == b) continue;
        const Point3 e = sub(pos[c], pa);
        const double t = dot(e, d) / len2;
        if (t <= 0.0 || t >= 1.0) continue;
        const Point3 off{e[0] - t * d[0], e[1] - t * d[1], e[2] - t * d[2]};
        if (norm(off) <= T_JUNCTION_TOL) splits.emplace_back(t, c);
      }
      std::sort(splits.begin(), splits.end());
      std::uint32_t from = a;
      auto use = [&edges](std::uint32_t p, std::uint32_t q) {
        auto& e = edges[{std::min(p, q), std::max(p, q)}];
        ++e.first;
        e.second += p < q ? 1 : -1;
      };
      for (const auto& [t, c] : splits) {
        use(from, c);
        from = c;
      }
      use(from, b);
    }
  }
  for (const auto& [key, e] : edges) {
    if (e.first == 1)
      ++out.open_edges;
    else if (e.first > 2)
      ++out.non_manifold_edges;
    else if (e.second != 0)
      ++out.inconsistent_edges;
  }
  out.is_closed = !edges.empty() && out.open_edges == 0 && out.non_manifold_edges == 0;
  return out;
}

std::vector<std::vector<Ring>> projected_union(std::span<const Surface3* const> surfaces) {
  std::vector<std::vector<Ring>> out;
  if (surfaces.empty()) return out;
  // Local origin: Boost's overlay works best on small coordinates.
  Point3 origin{0.0, 0.0, 0.0};
  for (const auto* s : surfaces)
    if (!s->exterior.empty()) {
      origin = s->exterior[0];
      break;
    }
  auto ring_2d = [&origin](const Ring3& ring, bg::model::ring<BgPoint2>& out_ring) {
    for (const auto& p : cleaned_ring(ring)) out_ring.push_back(BgPoint2(p[0] - origin[0], p[1] - origin[1]));
  };
  std::vector<BgPolygon2> polygons;
  for (const auto* s : surfaces) {
    BgPolygon2 poly;
    ring_2d(s->exterior, poly.outer());
    if (poly.outer().size() < 3) continue;
    for (const auto& hole : s->holes) {
      poly.inners().emplace_back();
      ring_2d(hole, poly.inners().back());
      if (poly.inners().back().size() < 3) poly.inners().pop_back();
    }
    bg::correct(poly);
    if (bg::area(poly) <= DEGENERATE_RING_AREA_M2) continue;
    polygons.push_back(std::move(poly));
  }
  BgMulti2 merged;
  try {
    merged = union_of(polygons);
  } catch (const std::exception&) {
    // Invalid input for the overlay: fall back to the largest single polygon.
    merged.clear();
    const auto it = std::max_element(polygons.begin(), polygons.end(),
                                     [](const auto& l, const auto& r) { return bg::area(l) < bg::area(r); });
    if (it != polygons.end()) merged.push_back(*it);
  }
  std::stable_sort(merged.begin(), merged.end(),
                   [](const auto& l, const auto& r) { return bg::area(l) > bg::area(r); });
  for (const auto& poly : merged) {
    std::vector<Ring> rings;
    auto add = [&](const bg::model::ring<BgPoint2>& r) {
      Ring ring;
      for (const auto& p : r) ring.push_back({p.x() + origin[0], p.y() + origin[1]});
      if (ring.size() > 1 && ring.front() == ring.back()) ring.pop_back();
      if (ring.size() >= 3) rings.push_back(std::move(ring));
    };
    add(poly.outer());
    if (rings.empty()) continue;
    for (const auto& hole : poly.inners()) add(hole);
    out.push_back(std::move(rings));
  }
  return out;
}

std::vector<WallOverlap> wall_overlaps(std::span<const WallRef> walls) {
  const std::size_t n = walls.size();
  std::vector<WallOverlap> out(n);
  std::vector<PlaneFrame> frames(n);
  std::vector<std::pair<BgBox3, std::uint32_t>> boxes;
  boxes.reserve(n);
  for (std::size_t k = 0; k < n; ++k) {
    frames[k] = frame_of(*walls[k].surface);
    if (!frames[k].valid) continue;
    Point3 lo{1e300, 1e300, 1e300};
    Point3 hi{-1e300, -1e300, -1e300};
    for (const auto& p : walls[k].surface->exterior)
      for (int d = 0; d < 3; ++d) {
        lo[d] = std::min(lo[d], p[d]);
        hi[d] = std::max(hi[d], p[d]);
      }
    boxes.emplace_back(BgBox3(BgPoint3(lo[0], lo[1], lo[2]), BgPoint3(hi[0], hi[1], hi[2])),
                       static_cast<std::uint32_t>(k));
  }
  const bg::index::rtree<std::pair<BgBox3, std::uint32_t>, bg::index::rstar<16>> index(boxes);
  const double cos_tol = std::cos(COPLANAR_ANGLE_DEG * std::numbers::pi / 180.0);
  const auto count = static_cast<std::int64_t>(n);
#pragma omp parallel
  {
    std::vector<std::pair<BgBox3, std::uint32_t>> hits;
#pragma omp for schedule(dynamic, 64)
    for (std::int64_t wi = 0; wi < count; ++wi) {
      const auto w = static_cast<std::size_t>(wi);
      const PlaneFrame& f = frames[w];
      if (!f.valid) continue;
      hits.clear();
      const Surface3& s = *walls[w].surface;
      Point3 lo{1e300, 1e300, 1e300};
      Point3 hi{-1e300, -1e300, -1e300};
      for (const auto& p : s.exterior)
        for (int d = 0; d < 3; ++d) {
          lo[d] = std::min(lo[d], p[d] - COPLANAR_DIST_M);
          hi[d] = std::max(hi[d], p[d] + COPLANAR_DIST_M);
        }
      index.query(bg::index::intersects(BgBox3(BgPoint3(lo[0], lo[1], lo[2]), BgPoint3(hi[0], hi[1], hi[2]))),
                  std::back_inserter(hits));
      // Candidates in index order: the union does not depend on the tree's traversal order.
      std::sort(hits.begin(), hits.end(), [](const auto& l, const auto& r) { return l.second < r.second; });
      std::vector<BgPolygon2> other_buildings, other_parts;
      for (const auto& hit : hits) {
        const std::size_t c = hit.second;
        if (c == w || (walls[c].building == walls[w].building && walls[c].part == walls[w].part)) continue;
        if (std::abs(dot(frames[c].normal, f.normal)) < cos_tol) continue;
        bool near = true;
        for (const auto& p : walls[c].surface->exterior)
          if (std::abs(dot(sub(p, f.origin), f.normal)) > COPLANAR_DIST_M) {
            near = false;
            break;
          }
        if (!near) continue;
        (walls[c].building == walls[w].building ? other_parts : other_buildings)
            .push_back(project(*walls[c].surface, f));
      }
      if (other_buildings.empty() && other_parts.empty()) continue;
      try {
        const BgPolygon2 self = project(s, f);
        // The common case, party walls against neighbours' walls that are convex and do not
        // overlap one another: the shared area is the sum of convex clips (≈ 20× faster than
        // Boost's boolean operations, the same area to rounding).
        if (other_parts.empty() && is_convex_without_holes(self) &&
            std::all_of(other_buildings.begin(), other_buildings.end(), is_convex_without_holes)) {
          bool disjoint = true;
          for (std::size_t i = 0; i < other_buildings.size() && disjoint; ++i)
            for (std::size_t j = i + 1; j < other_buildings.size() && disjoint; ++j)
              disjoint = convex_intersection_area(other_buildings[i], other_buildings[j]) <= 1e-9;
          if (disjoint) {
            double shared = 0.0;
            for (const auto& other : other_buildings) shared += convex_intersection_area(self, other);
            out[w].shared_m2 = shared;
            continue;
          }
        }
        BgMulti2 exposed;
        if (!other_buildings.empty()) {
          const BgMulti2 neighbours = union_of(other_buildings);
          BgMulti2 common;
          bg::intersection(self, neighbours, common);
          out[w].shared_m2 = bg::area(common);
          bg::difference(self, neighbours, exposed);
        } else {
          exposed.push_back(self);
        }
        if (!other_parts.empty()) {
          const BgMulti2 parts = union_of(other_parts);
          BgMulti2 internal;
          bg::intersection(exposed, parts, internal);
          out[w].internal_m2 = bg::area(internal);
        }
      } catch (const std::exception&) {
        // Boost rejects some invalid (self-intersecting) projections: treat the wall as exposed.
        out[w] = WallOverlap{};
      }
    }
  }
  return out;
}

}  // namespace heattwin::twin
