#pragma once
/// \file The Perez (1990) sky coefficients of every hour, as irradiance_on_surface
/// (solvers/demand/solar.hpp) uses them, for models that sum the sky over many planes
/// (solvers/demand/roof_solar.hpp). Implemented in solar.cpp beside the coefficient table.
#include "solvers/demand/solar.hpp"
#include "solvers/demand/weather.hpp"

#include <vector>

namespace heattwin::solvers::demand {

/// Circumsolar brightening F1, horizon brightening F2 and the divisor b = max(cos 85°, cos θz)
/// of the circumsolar term (DHI·F1·cos θ / b), per hour. F1 = F2 = 0 in hours without diffuse
/// light or sun.
struct PerezSkyCoefficients {
  std::vector<double> f1, f2, circumsolar_divisor;
};

/// The Perez coefficients of every hour of `weather` at the sun positions `sun`. O(hours).
PerezSkyCoefficients perez_sky_coefficients(const HourlyWeather& weather, const SunPositions& sun);

}  // namespace heattwin::solvers::demand
