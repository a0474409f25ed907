#include "twin/shell_repair.hpp"

#include <CGAL/Constrained_Delaunay_triangulation_2.h>
#include <CGAL/Exact_predicates_inexact_constructions_kernel.h>
#include <CGAL/Polygon_mesh_processing/border.h>
#include <CGAL/Polygon_mesh_processing/measure.h>
#include <CGAL/Polygon_mesh_processing/orient_polygon_soup.h>
#include <CGAL/Polygon_mesh_processing/orientation.h>
#include <CGAL/Polygon_mesh_processing/polygon_soup_to_polygon_mesh.h>
#include <CGAL/Polygon_mesh_processing/self_intersections.h>
#include <CGAL/Polygon_mesh_processing/stitch_borders.h>
#include <CGAL/Polygon_mesh_processing/triangulate_hole.h>
#include <CGAL/Projection_traits_3.h>
#include <CGAL/Surface_mesh.h>
#include <CGAL/Triangulation_face_base_with_info_2.h>
#include <CGAL/Triangulation_vertex_base_with_info_2.h>
#include <CGAL/box_intersection_d.h>
#include <CGAL/intersections.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <list>
#include <numeric>
#include <set>
#include <unordered_map>

namespace heattwin::twin {
namespace {

namespace PMP = CGAL::Polygon_mesh_processing;
using Kernel = CGAL::Exact_predicates_inexact_constructions_kernel;
using CgPoint = Kernel::Point_3;
using Mesh = CGAL::Surface_mesh<CgPoint>;

// Plane triangulation of one polygon with holes (CGAL's constrained Delaunay triangulation in the
// polygon's plane; faces inside are those at odd nesting depth from the outside).
using ProjectionTraits = CGAL::Projection_traits_3<Kernel>;
struct FaceNesting {
  int level = -1;
};
using CdtVertexBase = CGAL::Triangulation_vertex_base_with_info_2<std::uint32_t, ProjectionTraits>;
using CdtFaceInfo = CGAL::Triangulation_face_base_with_info_2<FaceNesting, ProjectionTraits>;
using CdtFaceBase = CGAL::Constrained_triangulation_face_base_2<ProjectionTraits, CdtFaceInfo>;
using CdtTds = CGAL::Triangulation_data_structure_2<CdtVertexBase, CdtFaceBase>;
using Cdt = CGAL::Constrained_Delaunay_triangulation_2<ProjectionTraits, CdtTds, CGAL::Exact_predicates_tag>;

using Vec3 = std::array<double, 3>;
Vec3 sub(const Vec3& a, const Vec3& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
Vec3 cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
double norm(const Vec3& a) { return std::sqrt(dot(a, a)); }

struct GridKey {
  std::int64_t x, y, z;
  bool operator==(const GridKey&) const = default;
};
struct GridKeyHash {
  std::size_t operator()(const GridKey& k) const {
    std::uint64_t h = static_cast<std::uint64_t>(k.x) * 0x9E3779B97F4A7C15ULL;
    h ^= static_cast<std::uint64_t>(k.y) + 0x7F4A7C159E3779B9ULL + (h << 6) + (h >> 2);
    h ^= static_cast<std::uint64_t>(k.z) + 0x94D049BB133111EBULL + (h << 6) + (h >> 2);
    return static_cast<std::size_t>(h);
  }
};

/// A polygon kept for the mesh: rings of vertex ids (exterior first), its input surface and the
/// unit normal of its exterior (Newell).
struct Polygon {
  std::vector<std::vector<std::uint32_t>> rings;
  std::uint32_t surface = 0;
  Vec3 normal{};
};

/// Newell vector area of a ring of vertex ids.
Vec3 ring_vector_area(const std::vector<std::uint32_t>& ring, const std::vector<Vec3>& pos) {
  Vec3 a{0.0, 0.0, 0.0};
  const std::size_t n = ring.size();
  for (std::size_t k = 0; k < n; ++k) {
    const Vec3& p = pos[ring[k]];
    const Vec3& q = pos[ring[(k + 1) % n]];
    a[0] += (p[1] - q[1]) * (p[2] + q[2]);
    a[1] += (p[2] - q[2]) * (p[0] + q[0]);
    a[2] += (p[0] - q[0]) * (p[1] + q[1]);
  }
  return {0.5 * a[0], 0.5 * a[1], 0.5 * a[2]};
}

/// True if two 2D segments share a point (closed segments).
bool segments_touch(const std::array<double, 2>& a, const std::array<double, 2>& b, const std::array<double, 2>& c,
                    const std::array<double, 2>& d) {
  auto orient = [](const std::array<double, 2>& p, const std::array<double, 2>& q, const std::array<double, 2>& r) {
    const double v = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);
    return v > 0.0 ? 1 : (v < 0.0 ? -1 : 0);
  };
  auto on_segment = [](const std::array<double, 2>& p, const std::array<double, 2>& q, const std::array<double, 2>& r) {
    return std::min(p[0], q[0]) <= r[0] && r[0] <= std::max(p[0], q[0]) && std::min(p[1], q[1]) <= r[1] &&
           r[1] <= std::max(p[1], q[1]);
  };
  const int o1 = orient(a, b, c), o2 = orient(a, b, d), o3 = orient(c, d, a), o4 = orient(c, d, b);
  if (o1 != o2 && o3 != o4 && o1 * o2 <= 0 && o3 * o4 <= 0 && !(o1 == 0 && o2 == 0)) return true;
  if (o1 == 0 && on_segment(a, b, c)) return true;
  if (o2 == 0 && on_segment(a, b, d)) return true;
  if (o3 == 0 && on_segment(c, d, a)) return true;
  if (o4 == 0 && on_segment(c, d, b)) return true;
  return false;
}

/// True if the ring (distinct consecutive ids, open) crosses or touches itself, seen in the
/// plane of `normal` (projection along its dominant axis).
bool ring_self_intersects(const std::vector<std::uint32_t>& ring, const std::vector<Vec3>& pos, const Vec3& normal) {
  int axis = 0;
  for (int d = 1; d < 3; ++d)
    if (std::abs(normal[d]) > std::abs(normal[axis])) axis = d;
  const int u = (axis + 1) % 3, v = (axis + 2) % 3;
  const std::size_t n = ring.size();
  std::vector<std::array<double, 2>> p(n);
  for (std::size_t k = 0; k < n; ++k) p[k] = {pos[ring[k]][u], pos[ring[k]][v]};
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      if (j == i + 1 || (i == 0 && j == n - 1)) continue;  // adjacent edges share a vertex
      if (segments_touch(p[i], p[(i + 1) % n], p[j], p[(j + 1) % n])) return true;
    }
  }
  return false;
}

/// True if the ring turns the same way at every vertex by a clear angle (convex, no collinear
/// vertices): a fan from its first vertex is then a valid triangulation.
bool is_strictly_convex(const std::vector<std::uint32_t>& ring, const std::vector<Vec3>& pos, const Vec3& normal) {
  const std::size_t n = ring.size();
  for (std::size_t k = 0; k < n; ++k) {
    const Vec3 e1 = sub(pos[ring[(k + 1) % n]], pos[ring[k]]);
    const Vec3 e2 = sub(pos[ring[(k + 2) % n]], pos[ring[(k + 1) % n]]);
    if (dot(cross(e1, e2), normal) <= 1e-6 * norm(e1) * norm(e2)) return false;
  }
  return true;
}

void mark_nesting(Cdt& cdt, Cdt::Face_handle start, int level, std::list<Cdt::Edge>& border) {
  if (start->info().level != -1) return;
  std::list<Cdt::Face_handle> queue{start};
  while (!queue.empty()) {
    const Cdt::Face_handle f = queue.front();
    queue.pop_front();
    if (f->info().level != -1) continue;
    f->info().level = level;
    for (int i = 0; i < 3; ++i) {
      const Cdt::Edge e(f, i);
      const Cdt::Face_handle n = f->neighbor(i);
      if (n->info().level != -1) continue;
      if (cdt.is_constrained(e))
        border.push_back(e);
      else
        queue.push_back(n);
    }
  }
}

/// Triangulates a polygon (with holes) into `triangles`, oriented like its exterior. Returns
/// false if the triangulation meets a point it cannot map back to a vertex (constraints that
/// cross: an invalid polygon).
bool triangulate(const Polygon& poly, const std::vector<Vec3>& pos,
                 std::vector<std::array<std::uint32_t, 3>>& triangles) {
  const auto& ext = poly.rings[0];
  if (ext.size() == 3 && poly.rings.size() == 1) {
    triangles.push_back({ext[0], ext[1], ext[2]});
    return true;
  }
  if (poly.rings.size() == 1 && is_strictly_convex(ext, pos, poly.normal)) {
    for (std::size_t k = 1; k + 1 < ext.size(); ++k) triangles.push_back({ext[0], ext[k], ext[k + 1]});
    return true;
  }
  Cdt cdt(ProjectionTraits(Kernel::Vector_3(poly.normal[0], poly.normal[1], poly.normal[2])));
  std::size_t inserted = 0;
  for (const auto& ring : poly.rings) {
    std::vector<Cdt::Vertex_handle> handles;
    handles.reserve(ring.size());
    for (const auto id : ring) {
      const Cdt::Vertex_handle vh = cdt.insert(CgPoint(pos[id][0], pos[id][1], pos[id][2]));
      // Two vertices that fall on one point of the plane: not a simple polygon.
      if (cdt.number_of_vertices() != ++inserted) return false;
      vh->info() = id;
      handles.push_back(vh);
    }
    for (std::size_t k = 0; k < handles.size(); ++k)
      if (handles[k] != handles[(k + 1) % handles.size()])
        cdt.insert_constraint(handles[k], handles[(k + 1) % handles.size()]);
  }
  // Constraints that cross add vertices of their own: not a simple polygon.
  if (cdt.number_of_vertices() != inserted) return false;
  for (auto f : cdt.all_face_handles()) f->info().level = -1;
  std::list<Cdt::Edge> border;
  mark_nesting(cdt, cdt.infinite_face(), 0, border);
  while (!border.empty()) {
    const Cdt::Edge e = border.front();
    border.pop_front();
    const Cdt::Face_handle n = e.first->neighbor(e.second);
    if (n->info().level == -1) mark_nesting(cdt, n, e.first->info().level + 1, border);
  }
  for (auto f : cdt.finite_face_handles()) {
    if (f->info().level % 2 != 1) continue;
    std::array<std::uint32_t, 3> t{f->vertex(0)->info(), f->vertex(1)->info(), f->vertex(2)->info()};
    const Vec3 n = cross(sub(pos[t[1]], pos[t[0]]), sub(pos[t[2]], pos[t[0]]));
    if (dot(n, poly.normal) < 0.0) std::swap(t[1], t[2]);
    triangles.push_back(t);
  }
  return true;
}

struct EdgeUse {
  std::uint32_t uses = 0;
  int direction = 0;  // +1 per use low→high, −1 per use high→low
  std::uint32_t first_triangle = 0;
};

std::uint64_t edge_key(std::uint32_t a, std::uint32_t b) {
  return (static_cast<std::uint64_t>(std::min(a, b)) << 32) | std::max(a, b);
}

std::uint32_t find_root(std::vector<std::uint32_t>& parent, std::uint32_t x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

double mesh_face_area(const Mesh& mesh, Mesh::Face_index f, Vec3* normal_out) {
  std::array<Vec3, 3> p{};
  int k = 0;
  for (const auto v : CGAL::vertices_around_face(mesh.halfedge(f), mesh)) {
    if (k < 3) {
      const CgPoint& q = mesh.point(v);
      p[k] = {q.x(), q.y(), q.z()};
    }
    ++k;
  }
  const Vec3 n = cross(sub(p[1], p[0]), sub(p[2], p[0]));
  if (normal_out) *normal_out = n;
  return 0.5 * norm(n);
}

/// True if some vertex of a closed, consistently oriented triangle soup is pinched: its
/// triangles form more than one fan (val3dity 303 at a vertex). O(T log T).
bool has_pinched_vertex(const std::vector<std::array<std::uint32_t, 3>>& triangles) {
  // Corner (v, after, before): walking around v, the corner after (v, a, b) is the one whose
  // `after` is b.
  std::vector<std::array<std::uint32_t, 3>> corners;
  corners.reserve(3 * triangles.size());
  for (const auto& t : triangles)
    for (int k = 0; k < 3; ++k) corners.push_back({t[k], t[(k + 1) % 3], t[(k + 2) % 3]});
  std::sort(corners.begin(), corners.end());
  for (std::size_t begin = 0; begin < corners.size();) {
    std::size_t end = begin;
    while (end < corners.size() && corners[end][0] == corners[begin][0]) ++end;
    // One fan: following `before` from the first corner visits every corner of v once.
    std::size_t visited = 1;
    std::uint32_t next = corners[begin][2];
    while (next != corners[begin][1] && visited <= end - begin) {
      const auto it = std::lower_bound(corners.begin() + static_cast<std::ptrdiff_t>(begin),
                                       corners.begin() + static_cast<std::ptrdiff_t>(end),
                                       std::array<std::uint32_t, 3>{corners[begin][0], next, 0});
      if (it == corners.begin() + static_cast<std::ptrdiff_t>(end) || (*it)[1] != next) return true;
      next = (*it)[2];
      ++visited;
    }
    if (visited != end - begin) return true;
    begin = end;
  }
  return false;
}

/// True if two triangles of the soup intersect other than in the vertices and edges they share
/// (the tests of CGAL's does_self_intersect, on the soup): no shared vertex → any contact; one
/// shared vertex → an opposite edge meets the other triangle; a shared edge → the two are
/// coplanar and fold onto each other; three → a duplicate. Boxes by CGAL's box_self_intersection_d.
bool soup_self_intersects(const std::vector<std::array<std::uint32_t, 3>>& triangles, const std::vector<Vec3>& pos) {
  using Box = CGAL::Box_intersection_d::Box_with_info_d<double, 3, std::size_t>;
  std::vector<Box> boxes;
  boxes.reserve(triangles.size());
  auto point = [&pos](std::uint32_t v) { return CgPoint(pos[v][0], pos[v][1], pos[v][2]); };
  for (std::size_t t = 0; t < triangles.size(); ++t) {
    const auto bbox = point(triangles[t][0]).bbox() + point(triangles[t][1]).bbox() + point(triangles[t][2]).bbox();
    boxes.emplace_back(bbox, t);
  }
  bool found = false;
  auto test = [&](const Box& bi, const Box& bj) {
    if (found) return;
    const auto& a = triangles[bi.info()];
    const auto& b = triangles[bj.info()];
    std::array<int, 3> shared_in_b{-1, -1, -1};
    int shared = 0;
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j)
        if (a[i] == b[j]) {
          shared_in_b[i] = j;
          ++shared;
        }
    const Kernel::Triangle_3 ta(point(a[0]), point(a[1]), point(a[2]));
    const Kernel::Triangle_3 tb(point(b[0]), point(b[1]), point(b[2]));
    if (shared == 0) {
      found = CGAL::do_intersect(ta, tb);
    } else if (shared == 1) {
      int ia = 0;
      while (shared_in_b[ia] < 0) ++ia;
      const int ib = shared_in_b[ia];
      const Kernel::Segment_3 opposite_a(point(a[(ia + 1) % 3]), point(a[(ia + 2) % 3]));
      const Kernel::Segment_3 opposite_b(point(b[(ib + 1) % 3]), point(b[(ib + 2) % 3]));
      found = CGAL::do_intersect(opposite_a, tb) || CGAL::do_intersect(opposite_b, ta);
    } else if (shared == 2) {
      int ra = 0;
      while (shared_in_b[ra] >= 0) ++ra;  // the vertex of a not in b
      int rb = 0;
      while (rb == shared_in_b[0] || rb == shared_in_b[1] || rb == shared_in_b[2]) ++rb;
      const CgPoint p = point(a[(ra + 1) % 3]), q = point(a[(ra + 2) % 3]);
      const CgPoint r = point(a[ra]), s = point(b[rb]);
      found =
          CGAL::orientation(p, q, r, s) == CGAL::COPLANAR && CGAL::coplanar_orientation(p, q, r, s) == CGAL::POSITIVE;
    } else {
      found = true;  // the same triangle twice
    }
  };
  CGAL::box_self_intersection_d(boxes.begin(), boxes.end(), test);
  return found;
}

}  // namespace

std::string_view val3dity_error_name(Val3dityError error) {
  switch (error) {
    case Val3dityError::too_few_points:
      return "TOO_FEW_POINTS";
    case Val3dityError::consecutive_points_same:
      return "CONSECUTIVE_POINTS_SAME";
    case Val3dityError::ring_self_intersection:
      return "RING_SELF_INTERSECTION";
    case Val3dityError::non_planar_polygon_distance_plane:
      return "NON_PLANAR_POLYGON_DISTANCE_PLANE";
    case Val3dityError::shell_not_closed:
      return "SHELL_NOT_CLOSED";
    case Val3dityError::non_manifold_case:
      return "NON_MANIFOLD_CASE";
    case Val3dityError::multiple_connected_components:
      return "MULTIPLE_CONNECTED_COMPONENTS";
    case Val3dityError::shell_self_intersection:
      return "SHELL_SELF_INTERSECTION";
    case Val3dityError::polygon_wrong_orientation:
      return "POLYGON_WRONG_ORIENTATION";
    case Val3dityError::all_polygons_wrong_orientation:
      return "ALL_POLYGONS_WRONG_ORIENTATION";
  }
  return "UNKNOWN";
}

ShellCheck check_and_repair_shell(std::span<const Surface3> surfaces, const ShellCheckSettings& settings) {
  std::vector<const Surface3*> refs(surfaces.size());
  for (std::size_t k = 0; k < surfaces.size(); ++k) refs[k] = &surfaces[k];
  return check_and_repair_shell(std::span<const Surface3* const>(refs), settings);
}

ShellCheck check_and_repair_shell(std::span<const Surface3* const> surfaces, const ShellCheckSettings& settings) {
  ShellCheck out;
  std::set<Val3dityError> errors;
  auto finish = [&](ShellVerdict verdict) {
    out.errors.assign(errors.begin(), errors.end());
    out.verdict = verdict;
    if (verdict == ShellVerdict::fallback) {
      out.volume_m3 = 0.0;
      out.surface_area_m2.clear();
      out.surface_flipped.clear();
    }
    return out;
  };

  // 1. Vertices merged within the snap tolerance, relative to a local origin (UTM magnitudes).
  Vec3 origin{0.0, 0.0, 0.0};
  for (const Surface3* s : surfaces)
    if (!s->exterior.empty()) {
      origin = s->exterior[0];
      break;
    }
  const double inv_snap = 1.0 / settings.snap_tolerance_m;
  std::unordered_map<GridKey, std::uint32_t, GridKeyHash> id_of;
  std::vector<Vec3> pos;
  auto ids_of_ring = [&](const Ring3& ring) {
    std::vector<std::uint32_t> ids;
    ids.reserve(ring.size());
    for (const auto& p : ring) {
      if (!std::isfinite(p[0]) || !std::isfinite(p[1]) || !std::isfinite(p[2])) return std::vector<std::uint32_t>{};
      const Vec3 local = sub(p, origin);
      const GridKey key{std::llround(local[0] * inv_snap), std::llround(local[1] * inv_snap),
                        std::llround(local[2] * inv_snap)};
      const auto [it, inserted] = id_of.emplace(key, static_cast<std::uint32_t>(pos.size()));
      if (inserted) pos.push_back(local);
      ids.push_back(it->second);
    }
    return ids;
  };

  // 2. Ring and polygon checks (101, 102, 104, 203); degenerate rings are dropped.
  out.surface_area_m2.assign(surfaces.size(), 0.0);
  out.surface_flipped.assign(surfaces.size(), false);
  std::vector<Polygon> polygons;
  polygons.reserve(surfaces.size());
  // Returns the cleaned ring, or an empty one if it must be dropped.
  auto checked_ring = [&](const Ring3& raw) {
    std::vector<std::uint32_t> ids = ids_of_ring(raw);
    if (ids.empty()) {
      errors.insert(Val3dityError::too_few_points);
      return ids;
    }
    while (ids.size() > 1 && ids.front() == ids.back()) ids.pop_back();  // the closing point
    std::vector<std::uint32_t> clean;
    clean.reserve(ids.size());
    for (const auto id : ids) {
      if (!clean.empty() && clean.back() == id) {
        errors.insert(Val3dityError::consecutive_points_same);
        continue;
      }
      clean.push_back(id);
    }
    while (clean.size() > 1 && clean.front() == clean.back()) {
      errors.insert(Val3dityError::consecutive_points_same);
      clean.pop_back();
    }
    std::vector<std::uint32_t> sorted = clean;
    std::sort(sorted.begin(), sorted.end());
    const auto distinct = static_cast<std::size_t>(std::unique(sorted.begin(), sorted.end()) - sorted.begin());
    if (distinct < 3) {
      errors.insert(Val3dityError::too_few_points);
      return std::vector<std::uint32_t>{};
    }
    const Vec3 area = ring_vector_area(clean, pos);
    const double area_len = norm(area);
    if (distinct != clean.size() || area_len <= DEGENERATE_RING_AREA_M2 ||
        ring_self_intersects(clean, pos, {area[0] / area_len, area[1] / area_len, area[2] / area_len})) {
      errors.insert(Val3dityError::ring_self_intersection);
      return std::vector<std::uint32_t>{};
    }
    return clean;
  };
  for (std::size_t s = 0; s < surfaces.size(); ++s) {
    Polygon poly;
    poly.surface = static_cast<std::uint32_t>(s);
    std::vector<std::uint32_t> ext = checked_ring(surfaces[s]->exterior);
    if (ext.empty()) {
      ++out.dropped_surfaces;
      continue;
    }
    const Vec3 a = ring_vector_area(ext, pos);
    const double len = norm(a);
    poly.normal = {a[0] / len, a[1] / len, a[2] / len};
    poly.rings.push_back(std::move(ext));
    for (const auto& hole : surfaces[s]->holes) {
      std::vector<std::uint32_t> h = checked_ring(hole);
      if (!h.empty()) poly.rings.push_back(std::move(h));
    }
    // Planarity: distance of every vertex to the plane through the exterior's centroid.
    Vec3 c{0.0, 0.0, 0.0};
    for (const auto id : poly.rings[0]) c = {c[0] + pos[id][0], c[1] + pos[id][1], c[2] + pos[id][2]};
    const auto nv = static_cast<double>(poly.rings[0].size());
    c = {c[0] / nv, c[1] / nv, c[2] / nv};
    double max_distance = 0.0;
    for (const auto& ring : poly.rings)
      for (const auto id : ring) max_distance = std::max(max_distance, std::abs(dot(sub(pos[id], c), poly.normal)));
    if (max_distance > settings.planarity_distance_m) errors.insert(Val3dityError::non_planar_polygon_distance_plane);
    polygons.push_back(std::move(poly));
  }
  if (polygons.size() < 4) {
    errors.insert(Val3dityError::shell_not_closed);
    return finish(ShellVerdict::fallback);
  }

  // 3. T-junctions: split every ring edge at the vertices that lie on it (within 1.5 × snap).
  {
    std::vector<std::uint32_t> by_x(pos.size());
    std::iota(by_x.begin(), by_x.end(), 0U);
    std::sort(by_x.begin(), by_x.end(), [&pos](std::uint32_t l, std::uint32_t r) {
      return pos[l][0] < pos[r][0] || (pos[l][0] == pos[r][0] && l < r);
    });
    const double tol = 1.5 * settings.snap_tolerance_m;
    std::vector<std::pair<double, std::uint32_t>> splits;
    for (auto& poly : polygons)
      for (auto& ring : poly.rings) {
        std::vector<std::uint32_t> split_ring;
        split_ring.reserve(ring.size());
        for (std::size_t k = 0; k < ring.size(); ++k) {
          const std::uint32_t a = ring[k];
          const std::uint32_t b = ring[(k + 1) % ring.size()];
          split_ring.push_back(a);
          const Vec3 d = sub(pos[b], pos[a]);
          const double len2 = dot(d, d);
          splits.clear();
          const double x0 = std::min(pos[a][0], pos[b][0]) - tol;
          const double x1 = std::max(pos[a][0], pos[b][0]) + tol;
          auto it = std::lower_bound(by_x.begin(), by_x.end(), x0,
                                     [&pos](std::uint32_t v, double x) { return pos[v][0] < x; });
          for (; it != by_x.end() && pos[*it][0] <= x1; ++it) {
            const std::uint32_t c = *it;
            if (c == a || c == b) continue;
            const Vec3 e = sub(pos[c], pos[a]);
            const double t = dot(e, d) / len2;
            if (t <= 0.0 || t >= 1.0) continue;
            const Vec3 off{e[0] - t * d[0], e[1] - t * d[1], e[2] - t * d[2]};
            if (norm(off) <= tol) splits.emplace_back(t, c);
          }
          std::sort(splits.begin(), splits.end());
          for (const auto& [t, c] : splits)
            if (split_ring.back() != c) split_ring.push_back(c);
        }
        ring = std::move(split_ring);
      }
  }

  // 4. Triangles, each with its surface.
  std::vector<std::array<std::uint32_t, 3>> triangles;
  std::vector<std::uint32_t> triangle_surface;
  triangles.reserve(4 * polygons.size());
  for (const auto& poly : polygons) {
    const std::size_t before = triangles.size();
    if (!triangulate(poly, pos, triangles)) {
      triangles.resize(before);
      errors.insert(Val3dityError::ring_self_intersection);
      ++out.dropped_surfaces;
      continue;
    }
    triangle_surface.resize(triangles.size(), poly.surface);
  }

  // 5. Edges: border (302), non-manifold (303), inconsistent orientation (307); components (305).
  std::unordered_map<std::uint64_t, EdgeUse> edges;
  edges.reserve(3 * triangles.size());
  std::vector<std::uint32_t> parent(triangles.size());
  std::iota(parent.begin(), parent.end(), 0U);
  for (std::uint32_t t = 0; t < triangles.size(); ++t)
    for (int k = 0; k < 3; ++k) {
      const std::uint32_t a = triangles[t][k];
      const std::uint32_t b = triangles[t][(k + 1) % 3];
      auto [it, inserted] = edges.try_emplace(edge_key(a, b));
      EdgeUse& e = it->second;
      if (inserted)
        e.first_triangle = t;
      else
        parent[find_root(parent, t)] = find_root(parent, e.first_triangle);
      ++e.uses;
      e.direction += a < b ? 1 : -1;
    }
  bool non_manifold_edge = false;
  for (const auto& [key, e] : edges) {
    if (e.uses == 1)
      errors.insert(Val3dityError::shell_not_closed);
    else if (e.uses > 2)
      non_manifold_edge = true;
    else if (e.direction != 0)
      errors.insert(Val3dityError::polygon_wrong_orientation);
  }
  std::size_t components = 0;
  for (std::uint32_t t = 0; t < triangles.size(); ++t) components += find_root(parent, t) == t ? 1 : 0;
  if (components > 1) errors.insert(Val3dityError::multiple_connected_components);
  if (non_manifold_edge) {
    errors.insert(Val3dityError::non_manifold_case);
    return finish(ShellVerdict::fallback);
  }
  // All components consistently oriented but inwards: 308 (by the signed volume of each).
  if (!errors.contains(Val3dityError::polygon_wrong_orientation) && !errors.contains(Val3dityError::shell_not_closed)) {
    std::unordered_map<std::uint32_t, double> component_volume;
    for (std::uint32_t t = 0; t < triangles.size(); ++t) {
      const auto& tri = triangles[t];
      component_volume[find_root(parent, t)] += dot(pos[tri[0]], cross(pos[tri[1]], pos[tri[2]])) / 6.0;
    }
    std::size_t inward = 0;
    for (const auto& [root, v] : component_volume) inward += v < 0.0 ? 1 : 0;
    if (inward == component_volume.size())
      errors.insert(Val3dityError::all_polygons_wrong_orientation);
    else if (inward > 0)
      errors.insert(Val3dityError::polygon_wrong_orientation);
  }

  // 6. Fast path for a shell without any error so far (most LoD2 buildings): the pinched-vertex
  // and self-intersection tests on the soup, volume and areas from the triangles, no mesh.
  if (errors.empty()) {
    if (has_pinched_vertex(triangles)) {
      errors.insert(Val3dityError::non_manifold_case);
    } else if (soup_self_intersects(triangles, pos)) {
      errors.insert(Val3dityError::shell_self_intersection);
      return finish(ShellVerdict::fallback);
    } else {
      double volume = 0.0;
      for (std::size_t t = 0; t < triangles.size(); ++t) {
        const auto& tri = triangles[t];
        volume += dot(pos[tri[0]], cross(pos[tri[1]], pos[tri[2]])) / 6.0;
        out.surface_area_m2[triangle_surface[t]] +=
            0.5 * norm(cross(sub(pos[tri[1]], pos[tri[0]]), sub(pos[tri[2]], pos[tri[0]])));
      }
      out.volume_m3 = volume;
      if (!(volume > 0.0)) return finish(ShellVerdict::fallback);
      return finish(ShellVerdict::valid);
    }
  }

  // 7. The mesh (CGAL): orient the soup where needed, stitch, fill small holes.
  // Only the vertices the triangles use (dropped rings leave others): CGAL's volume and
  // orientation functions expect no isolated vertex.
  std::vector<std::size_t> point_of(pos.size(), SIZE_MAX);
  std::vector<CgPoint> points;
  points.reserve(pos.size());
  std::vector<std::array<std::size_t, 3>> soup(triangles.size());
  for (std::size_t t = 0; t < triangles.size(); ++t) {
    for (int k = 0; k < 3; ++k) {
      const std::uint32_t v = triangles[t][k];
      if (point_of[v] == SIZE_MAX) {
        point_of[v] = points.size();
        points.emplace_back(pos[v][0], pos[v][1], pos[v][2]);
      }
      soup[t][k] = point_of[v];
    }
  }
  if (errors.contains(Val3dityError::polygon_wrong_orientation) || !PMP::is_polygon_soup_a_polygon_mesh(soup)) {
    if (!errors.contains(Val3dityError::polygon_wrong_orientation))
      errors.insert(Val3dityError::non_manifold_case);  // a pinched vertex: duplicated by the orientation
    PMP::orient_polygon_soup(points, soup);
    if (!PMP::is_polygon_soup_a_polygon_mesh(soup)) return finish(ShellVerdict::fallback);
  }
  Mesh mesh;
  PMP::polygon_soup_to_polygon_mesh(points, soup, mesh);
  if (mesh.number_of_faces() != triangles.size()) return finish(ShellVerdict::fallback);
  double mesh_area_m2 = 0.0;
  for (const auto f : mesh.faces()) mesh_area_m2 += mesh_face_area(mesh, f, nullptr);
  if (!CGAL::is_closed(mesh)) {
    PMP::stitch_borders(mesh);
    std::vector<Mesh::Halfedge_index> cycles;
    PMP::extract_boundary_cycles(mesh, std::back_inserter(cycles));
    for (const auto h : cycles) {
      if (!mesh.is_border(h)) continue;
      std::vector<Mesh::Face_index> patch;
      PMP::triangulate_hole(mesh, h, std::back_inserter(patch));
      for (const auto f : patch) out.filled_hole_area_m2 += mesh_face_area(mesh, f, nullptr);
    }
    if (!CGAL::is_closed(mesh) || out.filled_hole_area_m2 > settings.max_hole_area_fraction * mesh_area_m2)
      return finish(ShellVerdict::fallback);
    // Stitching removed vertices and edges (no faces): compact them, as the volume and
    // orientation functions index property maps by element index. Face indices are kept.
    mesh.collect_garbage();
    if (mesh.number_of_faces() < triangles.size()) return finish(ShellVerdict::fallback);
  }

  // 8. Self-intersection (306) of the closed mesh: no safe repair.
  if (PMP::does_self_intersect(mesh)) {
    errors.insert(Val3dityError::shell_self_intersection);
    return finish(ShellVerdict::fallback);
  }

  // 9. Outward orientation of every component, then volume and areas from the mesh.
  if (errors.contains(Val3dityError::polygon_wrong_orientation) ||
      errors.contains(Val3dityError::all_polygons_wrong_orientation) ||
      errors.contains(Val3dityError::multiple_connected_components) || errors.contains(Val3dityError::shell_not_closed))
    PMP::orient_to_bound_a_volume(mesh);
  out.volume_m3 = PMP::volume(mesh);
  if (!(out.volume_m3 > 0.0)) return finish(ShellVerdict::fallback);
  std::vector<double> same(surfaces.size(), 0.0), flipped(surfaces.size(), 0.0);
  for (std::size_t t = 0; t < triangles.size(); ++t) {
    Vec3 n_mesh{};
    const double area = mesh_face_area(mesh, Mesh::Face_index(static_cast<Mesh::size_type>(t)), &n_mesh);
    const auto& tri = triangles[t];
    const Vec3 n_input = cross(sub(pos[tri[1]], pos[tri[0]]), sub(pos[tri[2]], pos[tri[0]]));
    const std::uint32_t s = triangle_surface[t];
    out.surface_area_m2[s] += area;
    (dot(n_mesh, n_input) < 0.0 ? flipped : same)[s] += area;
  }
  for (std::size_t s = 0; s < surfaces.size(); ++s) out.surface_flipped[s] = flipped[s] > same[s];
  return finish(errors.empty() ? ShellVerdict::valid : ShellVerdict::repaired);
}

}  // namespace heattwin::twin
