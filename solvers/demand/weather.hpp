#pragma once
/// \file Hourly weather for the demand solvers: EnergyPlus EPW and DWD test reference years (TRY).
///
/// One `HourlyWeather` holds one non-leap year of 8760 hourly values as columns. Hour h covers
/// the interval [h, h+1) in local standard time from 1 January 00:00 (EPW and TRY both label it
/// with its end, "hour 1" = 00:00-01:00); the values are hourly means (irradiance: mean power
/// over the hour, W/m²). Readers never return silent garbage: a value that is missing is filled
/// by linear interpolation only inside a short gap (at most `MAX_FILLED_GAP_HOURS`) and counted
/// in `filled_values`; anything else is an InputError naming the file and line.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace heattwin::solvers::demand {

/// Hours of a non-leap year, the length every weather series has.
inline constexpr std::size_t HOURS_PER_YEAR = 8760;
/// Longest run of missing hours a reader fills by interpolation (and reports); longer gaps fail.
inline constexpr std::size_t MAX_FILLED_GAP_HOURS = 6;

/// Where the weather was measured.
struct WeatherSite {
  std::string name;
  double latitude_deg = 0.0;   ///< north positive
  double longitude_deg = 0.0;  ///< east positive
  double time_zone_h = 0.0;    ///< offset of the file's standard time from UTC, hours (MEZ = +1)
  double elevation_m = 0.0;
};

/// One year of hourly weather, one column per quantity (length HOURS_PER_YEAR).
struct HourlyWeather {
  std::string source;  ///< file it was read from (for messages and provenance)
  std::string format;  ///< "epw", "dwd_try_2010" or "dwd_try_2015"
  WeatherSite site;
  std::vector<double> dry_bulb_c;
  std::vector<double> relative_humidity_pct;
  std::vector<double> pressure_pa;
  std::vector<double> wind_speed_m_per_s;
  std::vector<double> global_horizontal_w_per_m2;
  std::vector<double> direct_normal_w_per_m2;  ///< beam irradiance on a surface facing the sun
  std::vector<double> diffuse_horizontal_w_per_m2;
  std::vector<double> horizontal_infrared_w_per_m2;  ///< long-wave sky radiation, downward
  std::vector<int> month;                            ///< 1..12
  std::vector<int> day;                              ///< 1..31
  std::size_t filled_values = 0;                     ///< values filled by interpolation over short gaps
  std::size_t dropped_leap_day_hours = 0;            ///< 24 if the file had 29 February (dropped)
  std::size_t clipped_beam_values = 0;               ///< TRY beam at grazing sun capped (see read_dwd_try)

  std::size_t hours() const { return dry_bulb_c.size(); }
};

/// Reads an EnergyPlus weather file (EPW): LOCATION header for the site, 8760 (or 8784, leap
/// day dropped) data rows. Missing-value codes (99.9 °C, 9999 W/m², …) are filled inside short
/// gaps and counted. Throws InputError naming file:line for a malformed row, a long gap, a wrong
/// row count or values outside physical ranges (e.g. temperatures that look like Kelvin).
HourlyWeather read_epw(const std::filesystem::path& path);

/// Reads a DWD test reference year (TRY 2010 regional or TRY 2015/2045 1 km grid, `*_Jahr.dat`).
/// The site comes from the header (TRY 2010: "Lage" in degrees and minutes; TRY 2015: the
/// Lambert conformal conic grid point, EPSG:3034, transformed to WGS84); time zone MEZ (+1 h).
/// TRY gives beam irradiance on the horizontal plane B; the direct normal value is B / cos θz
/// with θz from the hour-averaged sun position, capped at the extraterrestrial irradiance
/// (each cap counted in `clipped_beam_values`).
HourlyWeather read_dwd_try(const std::filesystem::path& path);

/// Reads either format, chosen by the file's content (EPW starts with "LOCATION,").
HourlyWeather read_weather(const std::filesystem::path& path);

/// Undisturbed ground temperature at `depth_m` for each hour (Kusuda & Achenbach 1965): annual
/// mean and amplitude of the air temperature, damped and delayed with depth for a soil thermal
/// diffusivity `soil_diffusivity_m2_per_s` (default: a moist soil, 0.6e-6 m²/s).
std::vector<double> ground_temperature_c(const HourlyWeather& weather, double depth_m,
                                         double soil_diffusivity_m2_per_s = 0.6e-6);

}  // namespace heattwin::solvers::demand
