#include "solvers/demand/roof_solar.hpp"

#include "twin/csv.hpp"
#include "twin/error.hpp"
#include "twin/input_file.hpp"
#include "twin/parallel_errors.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numbers>
#include <set>

namespace heattwin::solvers::demand {
namespace {

constexpr double DEG = std::numbers::pi / 180.0;
constexpr double HALF_PI = std::numbers::pi / 2.0;

using Vec3 = std::array<double, 3>;

Vec3 cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
Vec3 normalised(const Vec3& a) {
  const double l = std::sqrt(dot(a, a));
  return l > 0.0 ? Vec3{a[0] / l, a[1] / l, a[2] / l} : Vec3{0.0, 0.0, 0.0};
}

/// Azimuth clockwise from north of the horizontal direction (x east, y north), in [0, 360).
double azimuth_of(double east, double north) {
  double a = std::atan2(east, north) / DEG;
  if (a < 0.0) a += 360.0;
  return a >= 360.0 ? 0.0 : a;
}

/// azimuth_of with atan by the polynomial of Abramowitz & Stegun 4.4.49 (|error| ≤ 1e-5 rad), for
/// choosing the horizon directions an edge spans (each is then intersected exactly).
double fast_azimuth_of(double east, double north) {
  const double ax = std::abs(east), ay = std::abs(north);
  const double big = std::max(ax, ay);
  if (big == 0.0) return 0.0;
  const double a = std::min(ax, ay) / big;
  const double s = a * a;
  double t = a * (0.9998660 + s * (-0.3302995 + s * (0.1801410 + s * (-0.0851330 + s * 0.0208351))));
  if (ax > ay) t = HALF_PI - t;  // t: angle from north towards east in the first quadrant
  if (north < 0.0) t = std::numbers::pi - t;
  if (east < 0.0) t = 2.0 * std::numbers::pi - t;
  const double deg = t / DEG;
  return deg >= 360.0 ? 0.0 : deg;
}

/// Antiderivative of (c cos e + nz sin e) cos e over the elevation e.
double sky_antiderivative(double c, double nz, double e) {
  const double s = std::sin(e);
  return c * (0.5 * e + 0.25 * std::sin(2.0 * e)) + 0.5 * nz * s * s;
}

/// ∫ max(0, n·ω) cos e de over e ∈ [lower, π/2] for one azimuth (c = horizontal part of n along
/// the azimuth, nz > 0); ∫ dΩ (n·ω)⁺ over the sky above `lower` is Δazimuth times this.
double sky_integral(double c, double nz, double lower) {
  const double e0 = std::atan2(-c, nz);  // n·ω = 0 here; positive above for nz > 0
  const double lo = std::max(lower, e0);
  if (lo >= HALF_PI) return 0.0;
  return sky_antiderivative(c, nz, HALF_PI) - sky_antiderivative(c, nz, lo);
}

/// One roof polygon in its own plane frame.
struct Plane {
  Vec3 origin{}, normal{}, u{}, v{};
  std::vector<double> pu, pv;  // polygon in plane coordinates
  double area_m2 = 0.0, perimeter_m = 0.0, tilt_deg = 0.0, azimuth_deg = 0.0;
};

/// Builds the plane frame of surface s; false if degenerate. The normal is made to face up.
bool make_plane(const twin::RoofSurfaceSet& roofs, std::size_t s, Plane& p) {
  const std::size_t v0 = roofs.vertex_begin[s], v1 = roofs.vertex_begin[s + 1];
  const std::size_t n = v1 - v0;
  if (n < 3) return false;
  p.origin = {roofs.x_m[v0], roofs.y_m[v0], roofs.z_m[v0]};
  Vec3 newell{0.0, 0.0, 0.0};
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t a = v0 + k, b = v0 + (k + 1) % n;
    const Vec3 pa{roofs.x_m[a] - p.origin[0], roofs.y_m[a] - p.origin[1], roofs.z_m[a] - p.origin[2]};
    const Vec3 pb{roofs.x_m[b] - p.origin[0], roofs.y_m[b] - p.origin[1], roofs.z_m[b] - p.origin[2]};
    const Vec3 c = cross(pa, pb);
    newell = {newell[0] + c[0], newell[1] + c[1], newell[2] + c[2]};
    p.perimeter_m += std::sqrt((pb[0] - pa[0]) * (pb[0] - pa[0]) + (pb[1] - pa[1]) * (pb[1] - pa[1]) +
                               (pb[2] - pa[2]) * (pb[2] - pa[2]));
  }
  p.area_m2 = 0.5 * std::sqrt(dot(newell, newell));
  if (!(p.area_m2 > 1e-6)) return false;
  p.normal = normalised(newell);
  if (p.normal[2] < 0.0) p.normal = {-p.normal[0], -p.normal[1], -p.normal[2]};
  p.tilt_deg = std::acos(std::clamp(p.normal[2], -1.0, 1.0)) / DEG;
  const double horizontal = std::hypot(p.normal[0], p.normal[1]);
  p.azimuth_deg = horizontal > 1e-9 ? azimuth_of(p.normal[0], p.normal[1]) : 0.0;
  p.u = horizontal > 1e-9 ? normalised(Vec3{-p.normal[1], p.normal[0], 0.0}) : Vec3{1.0, 0.0, 0.0};
  p.v = cross(p.normal, p.u);
  p.pu.resize(n);
  p.pv.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    const Vec3 d{roofs.x_m[v0 + k] - p.origin[0], roofs.y_m[v0 + k] - p.origin[1], roofs.z_m[v0 + k] - p.origin[2]};
    p.pu[k] = dot(d, p.u);
    p.pv[k] = dot(d, p.v);
  }
  return true;
}

bool inside(const Plane& p, double u, double v) {
  bool in = false;
  const std::size_t n = p.pu.size();
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    if ((p.pv[i] > v) != (p.pv[j] > v)) {
      const double x = p.pu[j] + (v - p.pv[j]) * (p.pu[i] - p.pu[j]) / (p.pv[i] - p.pv[j]);
      if (u < x) in = !in;
    }
  }
  return in;
}

/// Sample points (plane coordinates) on a grid of the given spacing, grown to keep at most
/// `max_samples`; the vertex mean if the grid misses the polygon.
std::vector<std::array<double, 2>> sample_points(const Plane& p, double spacing, int max_samples) {
  const auto [umin, umax] = std::minmax_element(p.pu.begin(), p.pu.end());
  const auto [vmin, vmax] = std::minmax_element(p.pv.begin(), p.pv.end());
  std::vector<std::array<double, 2>> pts;
  double d = std::max(spacing, std::sqrt(p.area_m2 / max_samples));
  for (int attempt = 0; attempt < 8; ++attempt) {
    pts.clear();
    const auto nu = static_cast<long>(std::ceil((*umax - *umin) / d));
    const auto nv = static_cast<long>(std::ceil((*vmax - *vmin) / d));
    const double ou = 0.5 * ((*umax - *umin) - static_cast<double>(nu - 1) * d);
    const double ov = 0.5 * ((*vmax - *vmin) - static_cast<double>(nv - 1) * d);
    for (long j = 0; j < nv; ++j)
      for (long i = 0; i < nu; ++i) {
        const double u = *umin + ou + static_cast<double>(i) * d, v = *vmin + ov + static_cast<double>(j) * d;
        if (inside(p, u, v)) pts.push_back({u, v});
      }
    if (static_cast<int>(pts.size()) <= max_samples) break;
    d *= std::sqrt(static_cast<double>(pts.size()) / max_samples) * 1.01;
  }
  if (pts.empty()) {
    double su = 0.0, sv = 0.0;
    for (std::size_t k = 0; k < p.pu.size(); ++k) {
      su += p.pu[k];
      sv += p.pv[k];
    }
    pts.push_back({su / static_cast<double>(p.pu.size()), sv / static_cast<double>(p.pu.size())});
  }
  return pts;
}

/// Bounding box of a building's roofs.
struct Box {
  double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300, z1 = -1e300;
  bool valid() const { return x0 <= x1; }
};

/// Uniform grid over the building boxes (cell = shading radius) to find the neighbours.
class BuildingGrid {
 public:
  BuildingGrid(const std::vector<Box>& boxes, double cell) : cell_(cell) {
    for (std::uint32_t b = 0; b < boxes.size(); ++b) {
      if (!boxes[b].valid()) continue;
      for (auto i = key(boxes[b].x0); i <= key(boxes[b].x1); ++i)
        for (auto j = key(boxes[b].y0); j <= key(boxes[b].y1); ++j) cells_[{i, j}].push_back(b);
    }
  }
  /// Buildings whose box may lie within `r` of the box (deduplicated, ascending).
  std::vector<std::uint32_t> near(const Box& box, double r) const {
    std::set<std::uint32_t> out;
    for (auto i = key(box.x0 - r); i <= key(box.x1 + r); ++i)
      for (auto j = key(box.y0 - r); j <= key(box.y1 + r); ++j) {
        const auto it = cells_.find({i, j});
        if (it != cells_.end()) out.insert(it->second.begin(), it->second.end());
      }
    return {out.begin(), out.end()};
  }

 private:
  std::int64_t key(double x) const { return static_cast<std::int64_t>(std::floor(x / cell_)); }
  double cell_;
  std::map<std::pair<std::int64_t, std::int64_t>, std::vector<std::uint32_t>> cells_;
};

double box_distance(const Box& a, const Box& b) {
  const double dx = std::max({0.0, a.x0 - b.x1, b.x0 - a.x1});
  const double dy = std::max({0.0, a.y0 - b.y1, b.y0 - a.y1});
  return std::hypot(dx, dy);
}

}  // namespace

SolarYear make_solar_year(const HourlyWeather& weather, double ground_reflectance) {
  HEATTWIN_CHECK(ground_reflectance >= 0.0 && ground_reflectance <= 1.0, "ground reflectance {} is not in [0, 1]",
                 ground_reflectance);
  const SunPositions sun = hourly_sun_positions(weather.site);
  const PerezSkyCoefficients perez = perez_sky_coefficients(weather, sun);
  SolarYear y;
  y.ground_reflectance = ground_reflectance;
  for (std::size_t h = 0; h < weather.hours(); ++h) {
    const double dni = weather.direct_normal_w_per_m2[h];
    const double dhi = weather.diffuse_horizontal_w_per_m2[h];
    y.global_horizontal_wh_per_m2 += weather.global_horizontal_w_per_m2[h];
    if (dhi > 0.0) {
      y.isotropic_diffuse_wh_per_m2 += dhi * (1.0 - perez.f1[h]);
      y.horizon_band_wh_per_m2 += dhi * perez.f2[h];
    }
    const double length =
        std::sqrt(sun.sun_x[h] * sun.sun_x[h] + sun.sun_y[h] * sun.sun_y[h] + sun.sun_z[h] * sun.sun_z[h]);
    if (!(length > 0.0 && sun.sun_z[h] > 0.0)) continue;
    // irradiance_on_surface: beam = DNI (n·s), circumsolar = DHI F1 (n·s)/|s| / b, s the mean sun vector.
    const double weight =
        std::max(0.0, dni) + std::max(0.0, dhi) * perez.f1[h] / (length * perez.circumsolar_divisor[h]);
    if (!(weight > 0.0)) continue;
    y.light_x.push_back(weight * sun.sun_x[h]);
    y.light_y.push_back(weight * sun.sun_y[h]);
    y.light_z.push_back(weight * sun.sun_z[h]);
    y.sun_azimuth_deg.push_back(azimuth_of(sun.sun_x[h], sun.sun_y[h]));
    y.sun_tan_elevation.push_back(sun.sun_z[h] / std::max(1e-12, std::hypot(sun.sun_x[h], sun.sun_y[h])));
  }
  return y;
}

double unshaded_irradiation_kwh_per_m2(const SolarYear& year, double tilt_deg, double azimuth_deg) {
  const auto n = surface_normal(tilt_deg, azimuth_deg);
  double direct = 0.0;
  for (std::size_t h = 0; h < year.light_x.size(); ++h)
    direct += std::max(0.0, n[0] * year.light_x[h] + n[1] * year.light_y[h] + n[2] * year.light_z[h]);
  const double cos_tilt = n[2];
  const double diffuse = year.isotropic_diffuse_wh_per_m2 * 0.5 * (1.0 + cos_tilt) +
                         year.horizon_band_wh_per_m2 * std::sin(tilt_deg * DEG);
  const double ground = year.global_horizontal_wh_per_m2 * year.ground_reflectance * 0.5 * (1.0 - cos_tilt);
  return (direct + std::max(0.0, diffuse) + ground) / 1000.0;
}

RoofIrradiation roof_irradiation(const twin::RoofSurfaceSet& roofs, std::span<const std::uint32_t> buildings,
                                 const SolarYear& year, const RoofSolarSettings& settings) {
  HEATTWIN_CHECK(settings.horizon_sectors >= 8 && settings.horizon_sectors <= 3600,
                 "[solar] horizon_sectors = {} is not in [8, 3600]", settings.horizon_sectors);
  HEATTWIN_CHECK(settings.shading_radius_m >= 0.0 && settings.shading_radius_m <= 10000.0,
                 "[solar] shading_radius_m = {} is not in [0, 10000]", settings.shading_radius_m);
  HEATTWIN_CHECK(settings.sample_spacing_m >= 0.1 && settings.sample_spacing_m <= 100.0,
                 "[solar] sample_spacing_m = {} is not in [0.1, 100]", settings.sample_spacing_m);
  HEATTWIN_CHECK(settings.max_samples_per_surface >= 1 && settings.max_samples_per_surface <= 10000,
                 "[solar] max_samples_per_surface = {} is not in [1, 10000]", settings.max_samples_per_surface);
  HEATTWIN_CHECK(roofs.is_consistent(roofs.building_count()), "roof surfaces are inconsistent");
  for (const auto b : buildings)
    HEATTWIN_CHECK(b < roofs.building_count(), "building index {} is outside the {} buildings with roofs", b,
                   roofs.building_count());

  const int K = settings.horizon_sectors;
  const double sector_deg = 360.0 / K;
  std::vector<double> sector_east(K), sector_north(K);
  for (int k = 0; k < K; ++k) {
    sector_east[k] = std::sin(k * sector_deg * DEG);
    sector_north[k] = std::cos(k * sector_deg * DEG);
  }
  // Per sunlit hour: the horizon sectors on either side and the interpolation weight.
  const std::size_t hours = year.light_x.size();
  std::vector<int> hour_sector(hours);
  std::vector<double> hour_weight(hours);
  for (std::size_t h = 0; h < hours; ++h) {
    const double f = year.sun_azimuth_deg[h] / sector_deg;
    const double k0 = std::floor(f);
    hour_sector[h] = static_cast<int>(k0) % K;
    hour_weight[h] = f - k0;
  }

  // Boxes of all buildings (obstacles) and the surfaces to evaluate.
  const std::size_t nb = roofs.building_count();
  std::vector<Box> boxes(nb);
  for (std::size_t b = 0; b < nb; ++b)
    for (auto v = roofs.vertex_begin[roofs.surface_begin[b]]; v < roofs.vertex_begin[roofs.surface_begin[b + 1]]; ++v) {
      Box& x = boxes[b];
      x.x0 = std::min(x.x0, roofs.x_m[v]);
      x.x1 = std::max(x.x1, roofs.x_m[v]);
      x.y0 = std::min(x.y0, roofs.y_m[v]);
      x.y1 = std::max(x.y1, roofs.y_m[v]);
      x.z1 = std::max(x.z1, roofs.z_m[v]);
    }
  const BuildingGrid grid(boxes, std::max(settings.shading_radius_m, 10.0));

  RoofIrradiation out;
  std::vector<std::uint64_t> surfaces;  // surface index per output entry
  for (std::uint32_t pos = 0; pos < buildings.size(); ++pos)
    for (auto s = roofs.surface_begin[buildings[pos]]; s < roofs.surface_begin[buildings[pos] + 1]; ++s) {
      surfaces.push_back(s);
      out.building.push_back(pos);
    }
  const std::size_t ns = surfaces.size();
  out.area_m2.assign(ns, 0.0);
  out.perimeter_m.assign(ns, 0.0);
  out.tilt_deg.assign(ns, 0.0);
  out.azimuth_deg.assign(ns, 0.0);
  out.irradiation_kwh_per_m2.assign(ns, 0.0);
  out.unshaded_irradiation_kwh_per_m2.assign(ns, 0.0);
  out.sky_view_factor.assign(ns, 0.0);
  std::vector<std::vector<float>> per_surface(ns);
  std::vector<std::uint64_t> edge_tests(ns, 0);
  std::vector<std::uint8_t> skipped(ns, 0);

  twin::ParallelErrors errors;
#pragma omp parallel for schedule(dynamic, 16)
  for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(ns); ++i) {
    errors.run(i, [&] {
      const std::size_t s = surfaces[i];
      Plane p;
      if (!make_plane(roofs, s, p) || p.tilt_deg > settings.max_roof_tilt_deg) {
        skipped[i] = 1;
        if (p.area_m2 > 0.0) {
          out.area_m2[i] = p.area_m2;
          out.tilt_deg[i] = p.tilt_deg;
          out.azimuth_deg[i] = p.azimuth_deg;
        }
        return;
      }
      out.area_m2[i] = p.area_m2;
      out.perimeter_m[i] = p.perimeter_m;
      out.tilt_deg[i] = p.tilt_deg;
      out.azimuth_deg[i] = p.azimuth_deg;
      const Vec3& n = p.normal;
      // Light of each hour on this plane; only hours with light in front of it matter.
      // Grouped by the horizon sector before the sun's azimuth, highest sun first, with running
      // sums: per sample, the hours above both ends of a sector's interpolated horizon are one
      // difference of sums, those below both are skipped, only the rest are tested one by one.
      struct LitHour {
        int sector;
        double tan_elevation, weight, wh;
      };
      std::vector<LitHour> lit;
      double direct_unshaded = 0.0;
      for (std::size_t h = 0; h < hours; ++h) {
        const double w = n[0] * year.light_x[h] + n[1] * year.light_y[h] + n[2] * year.light_z[h];
        if (w > 0.0) {
          lit.push_back({hour_sector[h], year.sun_tan_elevation[h], hour_weight[h], w});
          direct_unshaded += w;
        }
      }
      std::sort(lit.begin(), lit.end(), [](const LitHour& a, const LitHour& b) {
        return a.sector != b.sector ? a.sector < b.sector : a.tan_elevation > b.tan_elevation;
      });
      std::vector<std::size_t> group_begin(static_cast<std::size_t>(K) + 1, 0);
      for (const LitHour& l : lit) ++group_begin[static_cast<std::size_t>(l.sector) + 1];
      for (int k = 0; k < K; ++k) group_begin[k + 1] += group_begin[k];
      std::vector<double> running(lit.size() + 1, 0.0);
      for (std::size_t j = 0; j < lit.size(); ++j) running[j + 1] = running[j] + lit[j].wh;
      // Unshaded sky integral per sector (the denominator of the sky-view factor).
      std::vector<double> sector_c(K);
      double sky_free = 0.0;
      for (int k = 0; k < K; ++k) {
        sector_c[k] = n[0] * sector_east[k] + n[1] * sector_north[k];
        sky_free += sky_integral(sector_c[k], n[2], 0.0);
      }
      const double cos_tilt = n[2];
      const double sin_tilt = std::sqrt(std::max(0.0, 1.0 - cos_tilt * cos_tilt));
      const double iso = year.isotropic_diffuse_wh_per_m2 * 0.5 * (1.0 + cos_tilt);
      const double band = year.horizon_band_wh_per_m2 * sin_tilt;
      const double ground = year.global_horizontal_wh_per_m2 * year.ground_reflectance * 0.5 * (1.0 - cos_tilt);
      out.unshaded_irradiation_kwh_per_m2[i] = (direct_unshaded + std::max(0.0, iso + band) + ground) / 1000.0;

      // Obstacle edges: the roof polygons of the buildings nearby, except this surface.
      Box own;
      const auto v0 = roofs.vertex_begin[s], v1 = roofs.vertex_begin[s + 1];
      double z_min = 1e300;
      for (auto v = v0; v < v1; ++v) {
        own.x0 = std::min(own.x0, roofs.x_m[v]);
        own.x1 = std::max(own.x1, roofs.x_m[v]);
        own.y0 = std::min(own.y0, roofs.y_m[v]);
        own.y1 = std::max(own.y1, roofs.y_m[v]);
        z_min = std::min(z_min, roofs.z_m[v]);
      }
      struct Edge {
        double ax, ay, az, bx, by, bz;
      };
      // Edges grouped by building, nearest building first, with each building's box (relative to
      // the origin): a building whose box cannot rise above the horizon found so far in the
      // directions it spans is skipped whole (exact: its edges lie inside the box).
      struct Obstacle {
        double x0, x1, y0, y1, z1;
        std::size_t edge_begin, edge_end;
      };
      std::vector<Edge> edges;
      std::vector<Obstacle> obstacles;
      {
        std::vector<std::pair<double, std::uint32_t>> near;
        for (const auto c : grid.near(own, settings.shading_radius_m)) {
          const double dist = box_distance(boxes[c], own);
          if (boxes[c].z1 <= z_min || dist > settings.shading_radius_m) continue;
          near.emplace_back(dist, c);
        }
        std::sort(near.begin(), near.end());
        for (const auto& [dist, c] : near) {
          Obstacle o{boxes[c].x0 - p.origin[0],
                     boxes[c].x1 - p.origin[0],
                     boxes[c].y0 - p.origin[1],
                     boxes[c].y1 - p.origin[1],
                     boxes[c].z1 - p.origin[2],
                     edges.size(),
                     0};
          for (auto t = roofs.surface_begin[c]; t < roofs.surface_begin[c + 1]; ++t) {
            if (t == s) continue;
            const auto w0 = roofs.vertex_begin[t], w1 = roofs.vertex_begin[t + 1];
            for (auto a = w0; a < w1; ++a) {
              const auto b = a + 1 < w1 ? a + 1 : w0;
              if (std::max(roofs.z_m[a], roofs.z_m[b]) <= z_min) continue;
              edges.push_back({roofs.x_m[a] - p.origin[0], roofs.y_m[a] - p.origin[1], roofs.z_m[a] - p.origin[2],
                               roofs.x_m[b] - p.origin[0], roofs.y_m[b] - p.origin[1], roofs.z_m[b] - p.origin[2]});
            }
          }
          o.edge_end = edges.size();
          if (o.edge_end > o.edge_begin) obstacles.push_back(o);
        }
      }

      const auto pts = sample_points(p, settings.sample_spacing_m, settings.max_samples_per_surface);
      std::vector<float>& values = per_surface[i];
      values.reserve(pts.size());
      std::vector<double> horizon(K);
      double svf_sum = 0.0, irradiation_sum = 0.0;
      std::uint64_t tests = 0;
      for (const auto& uv : pts) {
        const Vec3 q{uv[0] * p.u[0] + uv[1] * p.v[0] + settings.sample_lift_m * n[0],
                     uv[0] * p.u[1] + uv[1] * p.v[1] + settings.sample_lift_m * n[1],
                     uv[0] * p.u[2] + uv[1] * p.v[2] + settings.sample_lift_m * n[2]};
        std::fill(horizon.begin(), horizon.end(), 0.0);  // tangent of the horizon elevation
        for (const Obstacle& o : obstacles) {
          const double dz = o.z1 - q[2];
          if (dz <= 0.0) continue;
          const double gap_x = std::max({0.0, o.x0 - q[0], q[0] - o.x1});
          const double gap_y = std::max({0.0, o.y0 - q[1], q[1] - o.y1});
          const double dist = std::sqrt(gap_x * gap_x + gap_y * gap_y);
          if (dist > 1e-6) {
            // Directions the box spans (it does not contain the point: less than 180°), and
            // whether it can rise above the horizon in any of them.
            const double tan_max = dz / dist;
            const double cx = 0.5 * (o.x0 + o.x1) - q[0], cy = 0.5 * (o.y0 + o.y1) - q[1];
            const double centre = fast_azimuth_of(cx, cy);
            double lo = 0.0, hi = 0.0;
            for (const auto& [x, y] :
                 {std::pair{o.x0, o.y0}, std::pair{o.x1, o.y0}, std::pair{o.x0, o.y1}, std::pair{o.x1, o.y1}}) {
              double d = fast_azimuth_of(x - q[0], y - q[1]) - centre;
              if (d > 180.0) d -= 360.0;
              if (d < -180.0) d += 360.0;
              lo = std::min(lo, d);
              hi = std::max(hi, d);
            }
            const int k_first = static_cast<int>(std::ceil((centre + lo) / sector_deg - 1e-9));
            const int k_last = static_cast<int>(std::floor((centre + hi) / sector_deg + 1e-9));
            bool can_rise = false;
            for (int kk = k_first; kk <= k_last && !can_rise; ++kk) can_rise = horizon[((kk % K) + K) % K] < tan_max;
            if (!can_rise) continue;
          }
          for (std::size_t ei = o.edge_begin; ei < o.edge_end; ++ei) {
            const Edge& e = edges[ei];
            const double az = e.az - q[2], bz = e.bz - q[2];
            if (az <= 0.0 && bz <= 0.0) continue;
            ++tests;
            const double ax = e.ax - q[0], ay = e.ay - q[1], bx = e.bx - q[0], by = e.by - q[1];
            const double ex = bx - ax, ey = by - ay;
            // Sectors between the two end azimuths, the short way round (an edge spans < 180°).
            const double fa = fast_azimuth_of(ax, ay) / sector_deg, fb = fast_azimuth_of(bx, by) / sector_deg;
            double lo = fa, hi = fb;
            if (hi < lo) std::swap(lo, hi);
            int k_first, k_last;
            if (hi - lo <= K / 2.0) {
              k_first = static_cast<int>(std::ceil(lo));
              k_last = static_cast<int>(std::floor(hi));
            } else {
              k_first = static_cast<int>(std::ceil(hi));
              k_last = static_cast<int>(std::floor(lo)) + K;
            }
            for (int kk = k_first; kk <= k_last; ++kk) {
              const int k = kk % K;
              const double dx = sector_east[k], dy = sector_north[k];
              const double denom = dx * ey - dy * ex;  // cross(d, e)
              if (std::abs(denom) < 1e-12) continue;
              const double t = (ax * ey - ay * ex) / denom;  // distance along the direction
              const double u = (ax * dy - ay * dx) / denom;  // position on the edge
              if (t <= 1e-6 || u < -1e-9 || u > 1.0 + 1e-9) continue;
              const double tan_h = (az + std::clamp(u, 0.0, 1.0) * (bz - az)) / t;
              if (tan_h > horizon[k]) horizon[k] = tan_h;
            }
          }
        }
        // Beam and circumsolar light above the (interpolated) horizon.
        double direct = 0.0;
        for (int k0 = 0; k0 < K; ++k0) {
          const std::size_t b = group_begin[k0], e = group_begin[k0 + 1];
          if (b == e) continue;
          const double h0 = horizon[k0], h1 = horizon[k0 + 1 == K ? 0 : k0 + 1];
          const double high = std::max(h0, h1), low = std::min(h0, h1);
          std::size_t j = static_cast<std::size_t>(
              std::partition_point(lit.begin() + static_cast<std::ptrdiff_t>(b),
                                   lit.begin() + static_cast<std::ptrdiff_t>(e),
                                   [high](const LitHour& l) { return l.tan_elevation > high; }) -
              lit.begin());
          direct += running[j] - running[b];
          for (; j < e && lit[j].tan_elevation > low; ++j)
            if (lit[j].tan_elevation > h0 + lit[j].weight * (h1 - h0)) direct += lit[j].wh;
        }
        // Sky-view factor of the horizon seen from the plane.
        double sky = 0.0;
        for (int k = 0; k < K; ++k)
          sky += horizon[k] > 0.0 ? sky_integral(sector_c[k], n[2], std::atan(horizon[k]))
                                  : sky_integral(sector_c[k], n[2], 0.0);
        const double svf = sky_free > 0.0 ? sky / sky_free : 0.0;
        const double total = (direct + std::max(0.0, (iso + band) * svf) + ground) / 1000.0;
        values.push_back(static_cast<float>(total));
        svf_sum += svf;
        irradiation_sum += total;
      }
      edge_tests[i] = tests;
      out.irradiation_kwh_per_m2[i] = irradiation_sum / static_cast<double>(pts.size());
      out.sky_view_factor[i] = svf_sum / static_cast<double>(pts.size());
    });
  }
  errors.rethrow_first();

  out.sample_begin.assign(ns + 1, 0);
  for (std::size_t i = 0; i < ns; ++i) {
    out.sample_begin[i + 1] = out.sample_begin[i] + static_cast<std::uint32_t>(per_surface[i].size());
    out.edge_tests += edge_tests[i];
    out.skipped_surfaces += skipped[i];
  }
  out.sample_irradiation_kwh_per_m2.reserve(out.sample_begin.back());
  for (const auto& v : per_surface)
    out.sample_irradiation_kwh_per_m2.insert(out.sample_irradiation_kwh_per_m2.end(), v.begin(), v.end());
  out.horizon_rays = static_cast<std::uint64_t>(out.samples()) * static_cast<std::uint64_t>(K);
  return out;
}

double SolarYieldParameters::st_operating_efficiency() const {
  const double dt = st_reference_temperature_difference_k, g = st_reference_irradiance_w_per_m2;
  return std::max(0.0, st_eta0 - st_a1_w_per_m2k * dt / g - st_a2_w_per_m2k2 * dt * dt / g);
}

SolarYieldParameters load_solar_yield_parameters(const std::string& path) {
  twin::check_input_file(path, "the roof solar parameters ([solar] parameters)");
  const twin::CsvTable t = twin::read_csv(path);
  const std::size_t c_name = t.column("parameter"), c_value = t.column("value");
  (void)t.column("unit");
  (void)t.column("source");
  SolarYieldParameters p;
  p.source = path;
  struct Field {
    double* value;
    double lo, hi;
  };
  const std::map<std::string, Field, std::less<>> fields{
      {"min_irradiation_kwh_per_m2", {&p.min_irradiation_kwh_per_m2, 0.0, 3000.0}},
      {"min_usable_area_m2", {&p.min_usable_area_m2, 0.0, 10000.0}},
      {"max_tilt_deg", {&p.max_tilt_deg, 0.0, 90.0}},
      {"flat_tilt_deg", {&p.flat_tilt_deg, 0.0, 45.0}},
      {"north_exclusion_half_angle_deg", {&p.north_exclusion_half_angle_deg, 0.0, 180.0}},
      {"flat_roof_area_factor", {&p.flat_roof_area_factor, 0.0, 1.0}},
      {"edge_setback_m", {&p.edge_setback_m, 0.0, 10.0}},
      {"pv_module_efficiency", {&p.pv_module_efficiency, 0.01, 0.5}},
      {"pv_performance_ratio", {&p.pv_performance_ratio, 0.1, 1.0}},
      {"st_eta0", {&p.st_eta0, 0.1, 1.0}},
      {"st_a1_w_per_m2k", {&p.st_a1_w_per_m2k, 0.0, 20.0}},
      {"st_a2_w_per_m2k2", {&p.st_a2_w_per_m2k2, 0.0, 1.0}},
      {"st_reference_irradiance_w_per_m2", {&p.st_reference_irradiance_w_per_m2, 100.0, 1200.0}},
      {"st_reference_temperature_difference_k", {&p.st_reference_temperature_difference_k, 0.0, 100.0}},
      {"st_max_hot_water_share", {&p.st_max_hot_water_share, 0.0, 1.0}},
  };
  std::set<std::string, std::less<>> seen;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const std::string where = fmt::format("{}:{}", path, t.line_of_row[r]);
    const std::string& name = t.rows[r][c_name];
    const auto it = fields.find(name);
    HEATTWIN_CHECK(it != fields.end(), "{}: unknown parameter '{}'", where, name);
    HEATTWIN_CHECK(seen.insert(name).second, "{}: parameter '{}' given twice", where, name);
    const double v = twin::parse_double(t.rows[r][c_value], where, "value");
    HEATTWIN_CHECK(v >= it->second.lo && v <= it->second.hi, "{}: {} = {} is not in [{}, {}]", where, name, v,
                   it->second.lo, it->second.hi);
    *it->second.value = v;
  }
  for (const auto& [name, f] : fields)
    HEATTWIN_CHECK(seen.contains(name), "{}: parameter '{}' is missing (every row of the shipped file is required)",
                   path, name);
  return p;
}

RoofSolarPotential roof_solar_potential(const RoofIrradiation& irr, std::size_t building_count,
                                        const SolarYieldParameters& p) {
  RoofSolarPotential out;
  out.roof_area_m2.assign(building_count, 0.0);
  out.usable_area_m2.assign(building_count, 0.0);
  out.usable_irradiation_kwh_per_m2.assign(building_count, 0.0);
  out.shading_loss_share.assign(building_count, 0.0);
  out.pv_peak_kw.assign(building_count, 0.0);
  out.pv_yield_kwh_per_a.assign(building_count, 0.0);
  out.solar_thermal_yield_kwh_per_a.assign(building_count, 0.0);
  std::vector<double> usable_energy_kwh(building_count, 0.0), shaded_kwh(building_count, 0.0),
      unshaded_kwh(building_count, 0.0);
  for (std::size_t s = 0; s < irr.surfaces(); ++s) {
    const std::size_t b = irr.building[s];
    HEATTWIN_CHECK(b < building_count, "roof surface {} belongs to building {} of {}", s, b, building_count);
    const double area = irr.area_m2[s];
    out.roof_area_m2[b] += area;
    shaded_kwh[b] += area * irr.irradiation_kwh_per_m2[s];
    unshaded_kwh[b] += area * irr.unshaded_irradiation_kwh_per_m2[s];
    const std::size_t n = irr.sample_begin[s + 1] - irr.sample_begin[s];
    if (n == 0) continue;
    const double tilt = irr.tilt_deg[s];
    const bool flat = tilt < p.flat_tilt_deg;
    if (tilt > p.max_tilt_deg) continue;
    if (!flat) {
      const double from_north = std::min(irr.azimuth_deg[s], 360.0 - irr.azimuth_deg[s]);
      if (from_north < p.north_exclusion_half_angle_deg) continue;
    }
    std::size_t good = 0;
    double good_sum = 0.0;
    for (auto k = irr.sample_begin[s]; k < irr.sample_begin[s + 1]; ++k) {
      const double v = irr.sample_irradiation_kwh_per_m2[k];
      if (v >= p.min_irradiation_kwh_per_m2) {
        ++good;
        good_sum += v;
      }
    }
    if (good == 0) continue;
    // Inset by the setback (exact for rectangles: (a − 2s)(b − 2s) = A − P s + 4 s²).
    const double sb = p.edge_setback_m;
    const double inset = std::max(0.0, area - irr.perimeter_m[s] * sb + 4.0 * sb * sb);
    double usable = inset * static_cast<double>(good) / static_cast<double>(n);
    if (flat) usable *= p.flat_roof_area_factor;
    if (usable < p.min_usable_area_m2) continue;
    const double h = good_sum / static_cast<double>(good);
    out.usable_area_m2[b] += usable;
    usable_energy_kwh[b] += usable * h;
  }
  const double eta_st = p.st_operating_efficiency();
  for (std::size_t b = 0; b < building_count; ++b) {
    if (unshaded_kwh[b] > 0.0) out.shading_loss_share[b] = std::max(0.0, 1.0 - shaded_kwh[b] / unshaded_kwh[b]);
    if (out.usable_area_m2[b] <= 0.0) continue;
    out.usable_irradiation_kwh_per_m2[b] = usable_energy_kwh[b] / out.usable_area_m2[b];
    out.pv_peak_kw[b] = out.usable_area_m2[b] * p.pv_module_efficiency;  // × 1 kW/m² at STC
    out.pv_yield_kwh_per_a[b] = usable_energy_kwh[b] * p.pv_module_efficiency * p.pv_performance_ratio;
    out.solar_thermal_yield_kwh_per_a[b] = usable_energy_kwh[b] * eta_st;
  }
  return out;
}

}  // namespace heattwin::solvers::demand
