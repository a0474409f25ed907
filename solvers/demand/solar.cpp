#include "solvers/demand/solar.hpp"

#include "solvers/demand/perez_sky.hpp"

#include "twin/error.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace heattwin::solvers::demand {
namespace {

constexpr double DEG = std::numbers::pi / 180.0;

/// Perez et al. (1990), Solar Energy 44(5) 271-289, Table 6 "all sites composite": per sky
/// clearness bin the coefficients f11 f12 f13 f21 f22 f23.
constexpr std::array<std::array<double, 6>, 8> PEREZ_1990 = {{
    {-0.008, 0.588, -0.062, -0.060, 0.072, -0.022},
    {0.130, 0.683, -0.151, -0.019, 0.066, -0.029},
    {0.330, 0.487, -0.221, 0.055, -0.064, -0.026},
    {0.568, 0.187, -0.295, 0.109, -0.152, -0.014},
    {0.873, -0.392, -0.362, 0.226, -0.462, 0.001},
    {1.132, -1.237, -0.412, 0.288, -0.823, 0.056},
    {1.060, -1.600, -0.359, 0.264, -1.127, 0.131},
    {0.678, -0.327, -0.250, 0.156, -1.377, 0.251},
}};
constexpr std::array<double, 7> PEREZ_CLEARNESS_BIN_UPPER = {1.065, 1.230, 1.500, 1.950, 2.800, 4.500, 6.200};

std::size_t perez_bin(double clearness) {
  std::size_t bin = 0;
  while (bin < PEREZ_CLEARNESS_BIN_UPPER.size() && clearness >= PEREZ_CLEARNESS_BIN_UPPER[bin]) {
    ++bin;
  }
  return bin;
}

}  // namespace

SunPositions hourly_sun_positions(const WeatherSite& site) {
  HEATTWIN_CHECK(std::isfinite(site.latitude_deg) && std::abs(site.latitude_deg) <= 90.0,
                 "weather site '{}': latitude {} deg is not in [-90, 90]", site.name, site.latitude_deg);
  HEATTWIN_CHECK(std::isfinite(site.longitude_deg) && std::abs(site.longitude_deg) <= 180.0,
                 "weather site '{}': longitude {} deg is not in [-180, 180]", site.name, site.longitude_deg);
  SunPositions sun;
  const std::size_t n = HOURS_PER_YEAR;
  sun.sun_x.assign(n, 0.0);
  sun.sun_y.assign(n, 0.0);
  sun.sun_z.assign(n, 0.0);
  sun.sunlit_fraction.assign(n, 0.0);
  sun.extraterrestrial_normal_w_per_m2.assign(n, 0.0);
  const double lat = site.latitude_deg * DEG;
  const double sin_lat = std::sin(lat);
  const double cos_lat = std::cos(lat);
  for (std::size_t h = 0; h < n; ++h) {
    const double day_of_year = static_cast<double>(h / 24 + 1);
    // Spencer (1971): day angle, declination, equation of time (minutes), Earth-Sun distance.
    const double gamma = 2.0 * std::numbers::pi * (day_of_year - 1.0) / 365.0;
    const double declination = 0.006918 - 0.399912 * std::cos(gamma) + 0.070257 * std::sin(gamma) -
                               0.006758 * std::cos(2 * gamma) + 0.000907 * std::sin(2 * gamma) -
                               0.002697 * std::cos(3 * gamma) + 0.00148 * std::sin(3 * gamma);
    const double equation_of_time_min = 229.18 * (0.000075 + 0.001868 * std::cos(gamma) - 0.032077 * std::sin(gamma) -
                                                  0.014615 * std::cos(2 * gamma) - 0.04089 * std::sin(2 * gamma));
    const double distance_factor = 1.000110 + 0.034221 * std::cos(gamma) + 0.001280 * std::sin(gamma) +
                                   0.000719 * std::cos(2 * gamma) + 0.000077 * std::sin(2 * gamma);
    sun.extraterrestrial_normal_w_per_m2[h] = SOLAR_CONSTANT_W_PER_M2 * distance_factor;
    const double sin_dec = std::sin(declination);
    const double cos_dec = std::cos(declination);
    double sx = 0.0, sy = 0.0, sz = 0.0;
    int lit = 0;
    for (int k = 0; k < SUN_SAMPLES_PER_HOUR; ++k) {
      const double clock_h = static_cast<double>(h % 24) + (k + 0.5) / SUN_SAMPLES_PER_HOUR;
      const double solar_time_h =
          clock_h + (4.0 * (site.longitude_deg - 15.0 * site.time_zone_h) + equation_of_time_min) / 60.0;
      const double hour_angle = (solar_time_h - 12.0) * 15.0 * DEG;
      const double z = sin_lat * sin_dec + cos_lat * cos_dec * std::cos(hour_angle);
      if (z <= 0.0) {
        continue;
      }
      // Horizontal components: east = -cos δ sin ω, north = cos φ sin δ - sin φ cos δ cos ω.
      sx += -cos_dec * std::sin(hour_angle);
      sy += cos_lat * sin_dec - sin_lat * cos_dec * std::cos(hour_angle);
      sz += z;
      ++lit;
    }
    if (lit > 0) {
      sun.sun_x[h] = sx / lit;
      sun.sun_y[h] = sy / lit;
      sun.sun_z[h] = sz / lit;
      sun.sunlit_fraction[h] = static_cast<double>(lit) / SUN_SAMPLES_PER_HOUR;
    }
  }
  return sun;
}

std::array<double, 3> surface_normal(double tilt_deg, double azimuth_deg) {
  const double tilt = tilt_deg * DEG;
  const double azimuth = azimuth_deg * DEG;
  return {std::sin(tilt) * std::sin(azimuth), std::sin(tilt) * std::cos(azimuth), std::cos(tilt)};
}

namespace {

/// Perez et al. (1990) brightness coefficients F1 and F2 of one hour and the circumsolar divisor
/// b = max(cos 85°, cos zenith), for an hour with diffuse light and the sun up (`length` = |sun|).
struct PerezHour {
  double f1, f2, b;
};
PerezHour perez_hour(double dni, double dhi, double sun_z, double length, double extraterrestrial_normal) {
  constexpr double kappa = 1.041;  // Perez clearness constant for zenith in radians
  const double b_min = std::cos(85.0 * DEG);
  const double cos_zenith = sun_z / length;
  const double zenith = std::acos(std::clamp(cos_zenith, -1.0, 1.0));
  const double z3 = kappa * zenith * zenith * zenith;
  const double clearness = ((dhi + dni) / dhi + z3) / (1.0 + z3);
  // Kasten & Young (1989) relative air mass.
  const double zenith_deg = zenith / DEG;
  const double air_mass = 1.0 / (cos_zenith + 0.50572 * std::pow(std::max(96.07995 - zenith_deg, 1e-3), -1.6364));
  const double brightness = dhi * air_mass / extraterrestrial_normal;
  const auto& f = PEREZ_1990[perez_bin(clearness)];
  return {std::max(0.0, f[0] + f[1] * brightness + f[2] * zenith), f[3] + f[4] * brightness + f[5] * zenith,
          std::max(b_min, cos_zenith)};
}

}  // namespace

SurfaceIrradiance irradiance_on_surface(const HourlyWeather& weather, const SunPositions& sun, double tilt_deg,
                                        double azimuth_deg, double ground_reflectance) {
  HEATTWIN_CHECK(tilt_deg >= 0.0 && tilt_deg <= 180.0, "surface tilt {} deg is not in [0, 180]", tilt_deg);
  HEATTWIN_CHECK(ground_reflectance >= 0.0 && ground_reflectance <= 1.0, "ground reflectance {} is not in [0, 1]",
                 ground_reflectance);
  const std::size_t n = weather.hours();
  HEATTWIN_CHECK(sun.sun_z.size() == n, "sun positions cover {} hours, the weather {}", sun.sun_z.size(), n);
  const auto normal = surface_normal(tilt_deg, azimuth_deg);
  const double cos_tilt = normal[2];
  const double sky_view = 0.5 * (1.0 + cos_tilt);
  const double ground_view = 0.5 * (1.0 - cos_tilt);
  const double sin_tilt = std::sin(tilt_deg * DEG);
  SurfaceIrradiance out;
  out.beam_w_per_m2.assign(n, 0.0);
  out.circumsolar_w_per_m2.assign(n, 0.0);
  out.sky_diffuse_w_per_m2.assign(n, 0.0);
  out.ground_reflected_w_per_m2.assign(n, 0.0);
  out.cos_incidence.assign(n, 0.0);
  for (std::size_t h = 0; h < n; ++h) {
    const double dni = weather.direct_normal_w_per_m2[h];
    const double dhi = weather.diffuse_horizontal_w_per_m2[h];
    const double ghi = weather.global_horizontal_w_per_m2[h];
    out.ground_reflected_w_per_m2[h] = ghi * ground_reflectance * ground_view;
    const double length =
        std::sqrt(sun.sun_x[h] * sun.sun_x[h] + sun.sun_y[h] * sun.sun_y[h] + sun.sun_z[h] * sun.sun_z[h]);
    const bool sun_up = length > 0.0 && sun.sun_z[h] > 0.0;
    double cos_incidence = 0.0;
    if (sun_up) {
      // Not normalised: the mean sun vector makes dni × cos_incidence the hour's mean beam
      // (the same convention that gives beam_horizontal = dni × sun_z).
      cos_incidence = std::max(0.0, normal[0] * sun.sun_x[h] + normal[1] * sun.sun_y[h] + normal[2] * sun.sun_z[h]);
      out.beam_w_per_m2[h] = dni * cos_incidence;
    }
    out.cos_incidence[h] = sun_up ? cos_incidence / length : 0.0;
    if (dhi <= 0.0) {
      continue;
    }
    if (!sun_up) {
      out.sky_diffuse_w_per_m2[h] = dhi * sky_view;  // twilight: isotropic
      continue;
    }
    const PerezHour p = perez_hour(dni, dhi, sun.sun_z[h], length, sun.extraterrestrial_normal_w_per_m2[h]);
    const double a = cos_incidence / length;
    out.circumsolar_w_per_m2[h] = dhi * p.f1 * a / p.b;
    out.sky_diffuse_w_per_m2[h] = std::max(0.0, dhi * ((1.0 - p.f1) * sky_view + p.f2 * sin_tilt));
  }
  return out;
}

PerezSkyCoefficients perez_sky_coefficients(const HourlyWeather& weather, const SunPositions& sun) {
  const std::size_t n = weather.hours();
  HEATTWIN_CHECK(sun.sun_z.size() == n, "sun positions cover {} hours, the weather {}", sun.sun_z.size(), n);
  PerezSkyCoefficients out;
  out.f1.assign(n, 0.0);
  out.f2.assign(n, 0.0);
  out.circumsolar_divisor.assign(n, 1.0);
  for (std::size_t h = 0; h < n; ++h) {
    const double dni = weather.direct_normal_w_per_m2[h];
    const double dhi = weather.diffuse_horizontal_w_per_m2[h];
    const double length =
        std::sqrt(sun.sun_x[h] * sun.sun_x[h] + sun.sun_y[h] * sun.sun_y[h] + sun.sun_z[h] * sun.sun_z[h]);
    if (dhi <= 0.0 || !(length > 0.0 && sun.sun_z[h] > 0.0)) continue;
    const PerezHour p = perez_hour(dni, dhi, sun.sun_z[h], length, sun.extraterrestrial_normal_w_per_m2[h]);
    out.f1[h] = p.f1;
    out.f2[h] = p.f2;
    out.circumsolar_divisor[h] = p.b;
  }
  return out;
}

}  // namespace heattwin::solvers::demand
