#pragma once
/// \file Sun position and irradiance on tilted, oriented surfaces (Perez 1990 sky model).
///
/// Directions are unit vectors in a local frame x = east, y = north, z = up. Surface azimuth is
/// measured clockwise from north (east 90°, south 180°, west 270°); tilt is 0° for a horizontal
/// surface facing up and 90° for a wall.
#include "solvers/demand/weather.hpp"

#include <array>
#include <cstddef>
#include <vector>

namespace heattwin::solvers::demand {

/// Solar constant used for the extraterrestrial irradiance, W/m².
inline constexpr double SOLAR_CONSTANT_W_PER_M2 = 1367.0;

/// Hour-averaged sun position for every hour of a year. Each hour is sampled at
/// `SUN_SAMPLES_PER_HOUR` instants (solar time from the site's longitude and time zone, Spencer's
/// declination and equation of time); `sun_x/y/z` is the mean of the unit sun vectors over the
/// samples with the sun above the horizon, so that sunrise and sunset hours keep their light.
struct SunPositions {
  std::vector<double> sun_x, sun_y, sun_z;  ///< mean sun vector (|v| ≤ 1), zero when dark
  std::vector<double> sunlit_fraction;      ///< share of the hour with the sun above the horizon
  std::vector<double> extraterrestrial_normal_w_per_m2;
};

inline constexpr int SUN_SAMPLES_PER_HOUR = 12;

/// Sun positions for HOURS_PER_YEAR hours at `site` (hour 0 = 1 January 00:00-01:00 local
/// standard time).
SunPositions hourly_sun_positions(const WeatherSite& site);

/// Outward unit normal of a surface, (x east, y north, z up).
std::array<double, 3> surface_normal(double tilt_deg, double azimuth_deg);

/// Irradiance components on one surface for every hour, W/m².
struct SurfaceIrradiance {
  std::vector<double> beam_w_per_m2;         ///< direct normal × cos(incidence)
  std::vector<double> circumsolar_w_per_m2;  ///< Perez circumsolar part (treated like beam)
  std::vector<double> sky_diffuse_w_per_m2;  ///< isotropic dome + horizon band
  std::vector<double> ground_reflected_w_per_m2;
  std::vector<double> cos_incidence;  ///< of the hour's mean sun direction, ≥ 0 (for angular optics)

  /// Total irradiance of hour h.
  double total(std::size_t h) const {
    return beam_w_per_m2[h] + circumsolar_w_per_m2[h] + sky_diffuse_w_per_m2[h] + ground_reflected_w_per_m2[h];
  }
};

/// Perez et al. (1990, "all sites composite" coefficients) anisotropic sky on a surface, with
/// an isotropic ground of reflectance `ground_reflectance`. Hours with diffuse ≤ 0 have no sky
/// diffuse; hours with the sun below the horizon have no beam or circumsolar part.
SurfaceIrradiance irradiance_on_surface(const HourlyWeather& weather, const SunPositions& sun, double tilt_deg,
                                        double azimuth_deg, double ground_reflectance);

}  // namespace heattwin::solvers::demand
