#include "twin/footprint_geometry.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

namespace heattwin::twin {
namespace {

using Point = std::array<double, 2>;

double cross(const Point& o, const Point& a, const Point& b) {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

bool on_segment(const Point& p, const Point& q, const Point& r) {
  return std::min(p[0], r[0]) <= q[0] && q[0] <= std::max(p[0], r[0]) && std::min(p[1], r[1]) <= q[1] &&
         q[1] <= std::max(p[1], r[1]);
}

/// True if the closed segments p1p2 and q1q2 intersect (touching counts).
bool segments_intersect(const Point& p1, const Point& p2, const Point& q1, const Point& q2) {
  const double d1 = cross(q1, q2, p1);
  const double d2 = cross(q1, q2, p2);
  const double d3 = cross(p1, p2, q1);
  const double d4 = cross(p1, p2, q2);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  if (d1 == 0 && on_segment(q1, p1, q2)) return true;
  if (d2 == 0 && on_segment(q1, p2, q2)) return true;
  if (d3 == 0 && on_segment(p1, q1, p2)) return true;
  if (d4 == 0 && on_segment(p1, q2, p2)) return true;
  return false;
}

/// Ring without a closing duplicate and without consecutive duplicate vertices.
Ring cleaned(const Ring& ring) {
  Ring out;
  out.reserve(ring.size());
  for (const auto& p : ring) {
    if (out.empty() || out.back() != p) out.push_back(p);
  }
  while (out.size() > 1 && out.front() == out.back()) out.pop_back();
  return out;
}

}  // namespace

double signed_ring_area(std::span<const std::array<double, 2>> ring) {
  const std::size_t n = ring.size();
  if (n < 3) return 0.0;
  // Shift to the first vertex: projected coordinates are ~1e6 m, products would lose digits.
  const double x0 = ring[0][0];
  const double y0 = ring[0][1];
  double twice = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    const auto& a = ring[k];
    const auto& b = ring[(k + 1) % n];
    twice += (a[0] - x0) * (b[1] - y0) - (b[0] - x0) * (a[1] - y0);
  }
  return 0.5 * twice;
}

double ring_perimeter(std::span<const std::array<double, 2>> ring) {
  const std::size_t n = ring.size();
  if (n < 2) return 0.0;
  double length = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    const auto& a = ring[k];
    const auto& b = ring[(k + 1) % n];
    length += std::hypot(b[0] - a[0], b[1] - a[1]);
  }
  return length;
}

int sector_of_azimuth(double azimuth_deg) {
  double a = std::fmod(azimuth_deg + 22.5, 360.0);
  if (a < 0) a += 360.0;
  return std::min(7, static_cast<int>(a / 45.0));
}

std::string footprint_problem(std::span<const Ring> rings) {
  if (rings.empty()) return "no rings";
  for (std::size_t r = 0; r < rings.size(); ++r) {
    for (const auto& p : rings[r])
      if (!std::isfinite(p[0]) || !std::isfinite(p[1])) return "non-finite coordinate";
    const Ring ring = cleaned(rings[r]);
    if (ring.size() < 3)
      return r == 0 ? "outer ring has fewer than 3 distinct points" : "a hole has fewer than 3 distinct points";
    if (std::abs(signed_ring_area(ring)) <= 1e-9) return r == 0 ? "outer ring has zero area" : "a hole has zero area";
  }
  // A footprint wider than any building is a stray vertex or a feature that is not a building;
  // rejecting it (counted in the import report) also bounds the shared-wall search.
  double x_min = rings[0][0][0], x_max = x_min, y_min = rings[0][0][1], y_max = y_min;
  for (const auto& p : rings[0]) {
    x_min = std::min(x_min, p[0]);
    x_max = std::max(x_max, p[0]);
    y_min = std::min(y_min, p[1]);
    y_max = std::max(y_max, p[1]);
  }
  if (const double extent = std::max(x_max - x_min, y_max - y_min); extent > MAX_BUILDING_EXTENT_M)
    return fmt::format(
        "footprint spans {:.0f} m, more than the {:.0f} m a building can (a stray vertex, wrong "
        "coordinate order or a feature that is not a building)",
        extent, MAX_BUILDING_EXTENT_M);
  // Self-intersection of the outer ring: non-adjacent edges must not touch.
  const Ring outer = cleaned(rings[0]);
  const std::size_t n = outer.size();
  if (n <= 2000) {
    for (std::size_t i = 0; i < n; ++i) {
      const auto& a1 = outer[i];
      const auto& a2 = outer[(i + 1) % n];
      for (std::size_t j = i + 1; j < n; ++j) {
        if (j == i + 1 || (i == 0 && j == n - 1)) continue;  // adjacent edges share a vertex
        if (segments_intersect(a1, a2, outer[j], outer[(j + 1) % n])) return "outer ring intersects itself";
      }
    }
  }
  return {};
}

void normalise_rings(std::vector<Ring>& rings) {
  for (std::size_t r = 0; r < rings.size(); ++r) {
    rings[r] = cleaned(rings[r]);
    const double area = signed_ring_area(rings[r]);
    const bool want_ccw = r == 0;
    if ((want_ccw && area < 0) || (!want_ccw && area > 0)) std::reverse(rings[r].begin(), rings[r].end());
  }
}

PolygonMeasures measure_polygon(std::span<const Ring> rings) {
  PolygonMeasures m;
  if (rings.empty() || rings[0].empty()) return m;
  const double x0 = rings[0][0][0];
  const double y0 = rings[0][0][1];
  double area_sum = 0.0;
  double cx = 0.0;
  double cy = 0.0;
  for (const auto& ring : rings) {
    const std::size_t n = ring.size();
    if (n < 3) continue;
    for (std::size_t k = 0; k < n; ++k) {
      const double ax = ring[k][0] - x0;
      const double ay = ring[k][1] - y0;
      const double bx = ring[(k + 1) % n][0] - x0;
      const double by = ring[(k + 1) % n][1] - y0;
      const double c = ax * by - bx * ay;
      area_sum += c;
      cx += (ax + bx) * c;
      cy += (ay + by) * c;
      // Outward normal of an edge of a CCW outer ring (or a CW hole) is (dy, -dx).
      const double dx = bx - ax;
      const double dy = by - ay;
      const double length = std::hypot(dx, dy);
      if (length > 0) {
        const double azimuth = std::atan2(dy, -dx) * 180.0 / std::numbers::pi;  // atan2(n_east, n_north)
        m.edge_length_by_sector_m[static_cast<std::size_t>(sector_of_azimuth(azimuth))] += length;
      }
      m.perimeter_m += length;
    }
  }
  const double area = 0.5 * area_sum;
  m.area_m2 = std::abs(area);
  if (area != 0.0) {
    m.centroid_x_m = x0 + cx / (3.0 * area_sum);
    m.centroid_y_m = y0 + cy / (3.0 * area_sum);
  } else {
    m.centroid_x_m = x0;
    m.centroid_y_m = y0;
  }
  return m;
}

void derive_lod1_envelope(BuildingSet& buildings, BuildingIndex b, const PolygonMeasures& measures,
                          const std::array<double, 8>& shared_edge_length_by_sector_m) {
  const double h = buildings.height_m[b];
  const bool has_height = std::isfinite(h) && h > 0;
  buildings.roof_area_m2[b] = measures.area_m2;  // flat-roof LoD1 assumption
  if (has_height) {
    buildings.volume_m3[b] = measures.area_m2 * h;
    buildings.prov_volume[b] = Provenance::geometry;
    buildings.wall_area_m2[b] = measures.perimeter_m * h;
    double shared = 0.0;
    auto sectors = wall_sector_columns(buildings);
    for (std::size_t s = 0; s < 8; ++s) {
      const double exposed = std::max(0.0, measures.edge_length_by_sector_m[s] - shared_edge_length_by_sector_m[s]);
      (*sectors[s])[b] = exposed * h;
      shared += std::min(shared_edge_length_by_sector_m[s], measures.edge_length_by_sector_m[s]) * h;
    }
    buildings.shared_wall_area_m2[b] = shared;
  }
  buildings.prov_envelope[b] = Provenance::geometry;
}

}  // namespace heattwin::twin
