#include "twin/roof_derivation.hpp"

#include "twin/error.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <vector>

namespace heattwin::twin {
namespace {

using Point2 = std::array<double, 2>;

/// Sutherland–Hodgman clip of a ring to the half-plane {p : (p − c)·d ≥ 0}.
std::vector<Point2> clip(const std::vector<Point2>& ring, const Point2& c, const Point2& d) {
  std::vector<Point2> out;
  const std::size_t n = ring.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Point2& a = ring[i];
    const Point2& b = ring[(i + 1) % n];
    const double sa = (a[0] - c[0]) * d[0] + (a[1] - c[1]) * d[1];
    const double sb = (b[0] - c[0]) * d[0] + (b[1] - c[1]) * d[1];
    if (sa >= 0.0) out.push_back(a);
    if ((sa >= 0.0) != (sb >= 0.0)) {
      const double t = sa / (sa - sb);
      out.push_back({a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])});
    }
  }
  return out;
}

/// Derives the roof of building i and appends it to `roofs` (ground at z = 0 lifted by `ground_z`).
void append_derived_roof(const BuildingSet& b, std::size_t i, const RoofDerivationSettings& settings, double ground_z,
                         RoofSurfaceSet& roofs, RoofDerivationCounts& c) {
  const PolygonSet& fp = b.footprints;
  std::vector<std::vector<std::array<double, 3>>> rings;
  const double h = b.height_m[i];
  const bool has_ring = fp.ring_begin[i + 1] > fp.ring_begin[i];
  if (!has_ring || !(h > 0.0) || !std::isfinite(h)) {
    ++c.without;
    roofs.append_building(rings, RoofSource::derived_flat, ground_z);
    return;
  }
  const std::size_t r = fp.ring_begin[i];
  std::vector<Point2> ring;
  for (auto v = fp.vertex_begin[r]; v < fp.vertex_begin[r + 1]; ++v) ring.push_back({fp.x_m[v], fp.y_m[v]});
  if (ring.size() > 1 && ring.front() == ring.back()) ring.pop_back();
  const auto use = static_cast<UseClass>(b.use_class[i]);
  const bool residential = use == UseClass::residential || use == UseClass::residential_mixed;
  const double area = b.footprint_area_m2[i];
  const double top = ground_z + h;
  if (ring.size() < 3 || !residential || !(area <= settings.max_gable_footprint_m2)) {
    std::vector<std::array<double, 3>> flat;
    for (const auto& p : ring) flat.push_back({p[0], p[1], top});
    rings.push_back(std::move(flat));
    roofs.append_building(rings, RoofSource::derived_flat, ground_z);
    ++c.flat;
    return;
  }
  // Ridge parallel to the longest edge; d = horizontal direction across the ridge.
  std::size_t longest = 0;
  double longest_m = -1.0;
  for (std::size_t k = 0; k < ring.size(); ++k) {
    const auto& a = ring[k];
    const auto& e = ring[(k + 1) % ring.size()];
    const double len = std::hypot(e[0] - a[0], e[1] - a[1]);
    if (len > longest_m) {
      longest_m = len;
      longest = k;
    }
  }
  const auto& a = ring[longest];
  const auto& e = ring[(longest + 1) % ring.size()];
  const Point2 d{-(e[1] - a[1]) / longest_m, (e[0] - a[0]) / longest_m};
  double s_min = 1e300, s_max = -1e300;
  for (const auto& p : ring) {
    const double s = (p[0] - a[0]) * d[0] + (p[1] - a[1]) * d[1];
    s_min = std::min(s_min, s);
    s_max = std::max(s_max, s);
  }
  const double half = 0.5 * (s_max - s_min);
  const double s_mid = s_min + half;
  const Point2 mid{a[0] + s_mid * d[0], a[1] + s_mid * d[1]};
  const double slope =
      std::min(std::tan(settings.gable_tilt_deg * std::numbers::pi / 180.0), settings.max_rise_share * h / half);
  for (const double side : {1.0, -1.0}) {
    const Point2 dir{side * d[0], side * d[1]};
    const auto part = clip(ring, mid, dir);
    if (part.size() < 3) continue;
    std::vector<std::array<double, 3>> face;
    for (const auto& p : part) {
      const double s = (p[0] - mid[0]) * dir[0] + (p[1] - mid[1]) * dir[1];
      face.push_back({p[0], p[1], top - std::max(0.0, s) * slope});
    }
    rings.push_back(std::move(face));
  }
  roofs.append_building(rings, RoofSource::derived_gable, ground_z);
  ++c.gable;
}

}  // namespace

RoofSurfaceSet derive_roof_surfaces(const BuildingSet& b, const RoofDerivationSettings& settings,
                                    RoofDerivationCounts* counts) {
  RoofSurfaceSet roofs;
  RoofDerivationCounts c;
  for (std::size_t i = 0; i < b.size(); ++i) append_derived_roof(b, i, settings, 0.0, roofs, c);
  if (counts != nullptr) *counts = c;
  return roofs;
}

RoofSurfaceSet complete_roof_surfaces(const BuildingSet& b, const RoofSurfaceSet& model_roofs,
                                      const RoofDerivationSettings& settings, RoofDerivationCounts* counts) {
  if (model_roofs.empty()) return derive_roof_surfaces(b, settings, counts);
  HEATTWIN_CHECK_AS(DataError, model_roofs.is_consistent(b.size()),
                    "roof surfaces cover {} buildings, the building set has {}", model_roofs.building_count(),
                    b.size());
  RoofSurfaceSet roofs;
  RoofDerivationCounts c;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (model_roofs.surfaces_of(i) > 0) {
      roofs.append_building_from(model_roofs, i);
      ++c.from_model;
      continue;
    }
    // No model roof: derive one on the building's ground (its LoD2 datum when known).
    const double ground = std::isfinite(model_roofs.ground_z_m[i]) ? model_roofs.ground_z_m[i] : 0.0;
    if (!std::isfinite(model_roofs.ground_z_m[i])) ++c.ground_unknown;
    append_derived_roof(b, i, settings, ground, roofs, c);
  }
  if (counts != nullptr) *counts = c;
  return roofs;
}

}  // namespace heattwin::twin
