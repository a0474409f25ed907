#include "solvers/demand/weather.hpp"

#include "solvers/demand/solar.hpp"
#include "twin/crs.hpp"
#include "twin/error.hpp"
#include "twin/input_file.hpp"
#include "twin/physical_constants.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <numbers>
#include <sstream>
#include <string_view>

namespace heattwin::solvers::demand {
namespace {

constexpr double MISSING = std::numeric_limits<double>::quiet_NaN();

std::vector<std::string> read_lines(const std::filesystem::path& path) {
  twin::check_input_file(path, "the weather file");
  std::ifstream in(path);
  HEATTWIN_CHECK(in.good(), "weather file {}: cannot open it", path.string());
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    fields.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  return fields;
}

std::vector<std::string_view> split_whitespace(std::string_view text) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) {
      ++i;
    }
    const std::size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t') {
      ++i;
    }
    if (i > start) {
      fields.push_back(text.substr(start, i - start));
    }
  }
  return fields;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

double number(std::string_view cell, const std::filesystem::path& path, std::size_t line_no, std::string_view what) {
  cell = trim(cell);
  double value = 0.0;
  const auto [ptr, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
  HEATTWIN_CHECK(ec == std::errc() && ptr == cell.data() + cell.size() && std::isfinite(value),
                 "weather file {}:{}: {} '{}' is not a number", path.string(), line_no, what, cell);
  return value;
}

/// One hourly quantity while reading: values (NaN = missing) and the file line of each hour.
struct Column {
  std::string name;
  std::string unit;
  double min_value;
  double max_value;
  std::vector<double> values;
};

/// Fills runs of at most MAX_FILLED_GAP_HOURS missing values by linear interpolation between
/// the neighbouring values (or the nearest value at the ends); longer runs are an error that
/// names the first and last line of the gap. Then checks the physical range.
std::size_t fill_and_check(Column& c, const std::filesystem::path& path, const std::vector<std::size_t>& line_of_hour) {
  std::size_t filled = 0;
  auto& v = c.values;
  const std::size_t n = v.size();
  std::size_t h = 0;
  while (h < n) {
    if (!std::isnan(v[h])) {
      ++h;
      continue;
    }
    std::size_t end = h;
    while (end < n && std::isnan(v[end])) {
      ++end;
    }
    const std::size_t gap = end - h;
    HEATTWIN_CHECK(gap <= MAX_FILLED_GAP_HOURS && gap < n,
                   "weather file {}:{}-{}: {} is missing for {} consecutive hours; at most {} are filled by "
                   "interpolation. Repair the file or use another station.",
                   path.string(), line_of_hour[h], line_of_hour[end - 1], c.name, gap, MAX_FILLED_GAP_HOURS);
    const double before = h > 0 ? v[h - 1] : v[end];
    const double after = end < n ? v[end] : before;
    for (std::size_t k = h; k < end; ++k) {
      const double t = static_cast<double>(k - h + 1) / static_cast<double>(gap + 1);
      v[k] = before + (after - before) * t;
    }
    filled += gap;
    h = end;
  }
  for (std::size_t k = 0; k < n; ++k) {
    HEATTWIN_CHECK(v[k] >= c.min_value && v[k] <= c.max_value,
                   "weather file {}:{}: {} = {} {} is outside the physical range [{}, {}]{}", path.string(),
                   line_of_hour[k], c.name, v[k], c.unit, c.min_value, c.max_value,
                   c.unit == "degC" && v[k] > 200.0 ? " (Kelvin instead of degC?)" : "");
  }
  return filled;
}

/// Drops 29 February if the file has 8784 hours; any other length than 8760 is an error.
std::size_t keep_non_leap_year(std::vector<int>& month, std::vector<int>& day, std::vector<std::size_t>& lines,
                               std::vector<Column*> columns, const std::filesystem::path& path) {
  const std::size_t n = month.size();
  if (n == HOURS_PER_YEAR + 24) {
    std::vector<std::size_t> keep;
    for (std::size_t h = 0; h < n; ++h) {
      if (!(month[h] == 2 && day[h] == 29)) {
        keep.push_back(h);
      }
    }
    if (keep.size() == HOURS_PER_YEAR) {
      auto pick = [&](auto& values) {
        std::remove_reference_t<decltype(values)> out;
        out.reserve(keep.size());
        for (const auto k : keep) {
          out.push_back(values[k]);
        }
        values = std::move(out);
      };
      pick(month);
      pick(day);
      pick(lines);
      for (auto* c : columns) {
        pick(c->values);
      }
      return 24;
    }
  }
  HEATTWIN_CHECK(n == HOURS_PER_YEAR,
                 "weather file {}: {} hourly rows, expected {} (one non-leap year; a leap year's 8784 rows "
                 "are accepted and 29 February dropped)",
                 path.string(), n, HOURS_PER_YEAR);
  return 0;
}

void check_calendar(const std::vector<int>& month, const std::vector<int>& day, const std::vector<std::size_t>& lines,
                    const std::filesystem::path& path) {
  static constexpr std::array<int, 12> days_in_month = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  std::size_t h = 0;
  for (int m = 1; m <= 12; ++m) {
    for (int d = 1; d <= days_in_month[static_cast<std::size_t>(m - 1)]; ++d) {
      for (int hour = 0; hour < 24; ++hour, ++h) {
        HEATTWIN_CHECK(month[h] == m && day[h] == d,
                       "weather file {}:{}: row is for {:02d}-{:02d}, expected {:02d}-{:02d} hour {} (rows must be "
                       "one full year in calendar order)",
                       path.string(), lines[h], month[h], day[h], m, d, hour + 1);
      }
    }
  }
}

/// The common end of both readers: one non-leap year in calendar order, short gaps filled and
/// counted, ranges checked; then the six columns every format has move into `w`. `extra`
/// columns get the same treatment and stay with the caller.
void finish_year(HourlyWeather& w, const std::filesystem::path& path, std::vector<int>& month, std::vector<int>& day,
                 std::vector<std::size_t>& line_of_hour, std::array<Column*, 6> common, std::vector<Column*> extra) {
  std::vector<Column*> columns(common.begin(), common.end());
  columns.insert(columns.end(), extra.begin(), extra.end());
  w.dropped_leap_day_hours = keep_non_leap_year(month, day, line_of_hour, columns, path);
  check_calendar(month, day, line_of_hour, path);
  for (auto* c : columns) {
    w.filled_values += fill_and_check(*c, path, line_of_hour);
  }
  auto& [temperature, humidity, pressure, infrared, diffuse, wind] = common;
  w.dry_bulb_c = std::move(temperature->values);
  w.relative_humidity_pct = std::move(humidity->values);
  w.pressure_pa = std::move(pressure->values);
  w.horizontal_infrared_w_per_m2 = std::move(infrared->values);
  w.diffuse_horizontal_w_per_m2 = std::move(diffuse->values);
  w.wind_speed_m_per_s = std::move(wind->values);
  w.month = std::move(month);
  w.day = std::move(day);
}

}  // namespace

HourlyWeather read_epw(const std::filesystem::path& path) {
  const auto lines = read_lines(path);
  HEATTWIN_CHECK(!lines.empty() && lines[0].rfind("LOCATION,", 0) == 0,
                 "weather file {}:1: an EPW file starts with 'LOCATION,'", path.string());
  HourlyWeather w;
  w.source = path.string();
  w.format = "epw";
  {
    const auto f = split(lines[0], ',');
    HEATTWIN_CHECK(f.size() >= 10, "weather file {}:1: LOCATION has {} fields, expected 10", path.string(), f.size());
    w.site.name = std::string(trim(f[1]));
    w.site.latitude_deg = number(f[6], path, 1, "latitude");
    w.site.longitude_deg = number(f[7], path, 1, "longitude");
    w.site.time_zone_h = number(f[8], path, 1, "time zone");
    w.site.elevation_m = number(f[9], path, 1, "elevation");
    // Plausible ranges (issue 20, class 6): a time zone of 99 h would shift the sun by days.
    const auto in_range = [&](double v, double lo, double hi, std::string_view what, std::string_view unit) {
      HEATTWIN_CHECK(std::isfinite(v) && v >= lo && v <= hi,
                     "weather file {}:1: LOCATION {} is {} {}, expected {} … {} {}", path.string(), what, v, unit, lo,
                     hi, unit);
    };
    in_range(w.site.latitude_deg, -90.0, 90.0, "latitude", "°");
    in_range(w.site.longitude_deg, -180.0, 180.0, "longitude", "°");
    in_range(w.site.time_zone_h, -12.0, 14.0, "time zone", "h");
    in_range(w.site.elevation_m, -500.0, 9000.0, "elevation", "m");
  }
  std::size_t first_data = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("DATA PERIODS", 0) == 0) {
      first_data = i + 1;
      break;
    }
  }
  HEATTWIN_CHECK(first_data > 0, "weather file {}: no 'DATA PERIODS' header line", path.string());

  Column temperature{"dry-bulb temperature", "degC", -70.0, 70.0, {}};
  Column humidity{"relative humidity", "%", 0.0, 110.0, {}};
  Column pressure{"air pressure", "Pa", 31000.0, 120000.0, {}};
  Column infrared{"horizontal infrared radiation", "W/m2", 0.0, 1000.0, {}};
  Column global{"global horizontal irradiance", "W/m2", 0.0, 1500.0, {}};
  Column direct{"direct normal irradiance", "W/m2", 0.0, 1500.0, {}};
  Column diffuse{"diffuse horizontal irradiance", "W/m2", 0.0, 1000.0, {}};
  Column wind{"wind speed", "m/s", 0.0, 70.0, {}};
  std::vector<int> month, day;
  std::vector<std::size_t> line_of_hour;
  // EPW marks a missing value with a code (99.9, 999, 9999, 999999 by field); exactly that code.
  auto value_or_missing = [&](std::string_view cell, double missing_code, std::size_t line_no, std::string_view what) {
    const double v = number(cell, path, line_no, what);
    return std::abs(v - missing_code) < 1e-9 ? MISSING : v;
  };
  for (std::size_t i = first_data; i < lines.size(); ++i) {
    if (trim(lines[i]).empty()) {
      continue;
    }
    const std::size_t line_no = i + 1;
    const auto f = split(lines[i], ',');
    HEATTWIN_CHECK(f.size() >= 22, "weather file {}:{}: {} fields, an EPW data row has at least 22", path.string(),
                   line_no, f.size());
    month.push_back(static_cast<int>(number(f[1], path, line_no, "month")));
    day.push_back(static_cast<int>(number(f[2], path, line_no, "day")));
    line_of_hour.push_back(line_no);
    temperature.values.push_back(value_or_missing(f[6], 99.9, line_no, "dry-bulb temperature"));
    humidity.values.push_back(value_or_missing(f[8], 999.0, line_no, "relative humidity"));
    pressure.values.push_back(value_or_missing(f[9], 999999.0, line_no, "air pressure"));
    infrared.values.push_back(value_or_missing(f[12], 9999.0, line_no, "horizontal infrared radiation"));
    global.values.push_back(value_or_missing(f[13], 9999.0, line_no, "global horizontal irradiance"));
    direct.values.push_back(value_or_missing(f[14], 9999.0, line_no, "direct normal irradiance"));
    diffuse.values.push_back(value_or_missing(f[15], 9999.0, line_no, "diffuse horizontal irradiance"));
    wind.values.push_back(value_or_missing(f[21], 999.0, line_no, "wind speed"));
  }
  finish_year(w, path, month, day, line_of_hour, {&temperature, &humidity, &pressure, &infrared, &diffuse, &wind},
              {&global, &direct});
  w.global_horizontal_w_per_m2 = std::move(global.values);
  w.direct_normal_w_per_m2 = std::move(direct.values);
  return w;
}

namespace {

/// "52°23'N" style angle in the TRY 2010 header: degrees and minutes.
double degrees_minutes(std::string_view text, const std::filesystem::path& path, std::string_view what) {
  // Digits before the first non-digit are degrees; the next run of digits is minutes.
  std::size_t i = 0;
  while (i < text.size() && (text[i] == ' ')) {
    ++i;
  }
  std::size_t start = i;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    ++i;
  }
  HEATTWIN_CHECK(i > start, "weather file {}: cannot read the {} from the header '{}'", path.string(), what, text);
  const double deg = number(text.substr(start, i - start), path, 3, what);
  while (i < text.size() && !std::isdigit(static_cast<unsigned char>(text[i]))) {
    ++i;
  }
  start = i;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    ++i;
  }
  const double minutes = i > start ? number(text.substr(start, i - start), path, 3, what) : 0.0;
  return deg + minutes / 60.0;
}

double header_value(const std::vector<std::string>& lines, std::size_t end, std::string_view key,
                    const std::filesystem::path& path) {
  for (std::size_t i = 0; i < end; ++i) {
    const std::string_view line = lines[i];
    if (line.rfind(key, 0) == 0) {
      const auto colon = line.find(':');
      HEATTWIN_CHECK(colon != std::string_view::npos, "weather file {}:{}: '{}' has no ':'", path.string(), i + 1, key);
      const auto fields = split_whitespace(line.substr(colon + 1));
      HEATTWIN_CHECK(!fields.empty(), "weather file {}:{}: '{}' has no value", path.string(), i + 1, key);
      return number(fields[0], path, i + 1, key);
    }
  }
  throw InputError(fmt::format("weather file {}: header has no '{}' line", path.string(), key));
}

}  // namespace

HourlyWeather read_dwd_try(const std::filesystem::path& path) {
  const auto lines = read_lines(path);
  std::size_t marker = lines.size();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("***", 0) == 0) {
      marker = i;
      break;
    }
  }
  HEATTWIN_CHECK(marker < lines.size() && marker > 0,
                 "weather file {}: no '***' line before the data (not a DWD test reference year?)", path.string());
  // The column names are on the last non-empty line before '***'.
  std::size_t names_line = marker - 1;
  while (names_line > 0 && trim(lines[names_line]).empty()) {
    --names_line;
  }
  const auto names = split_whitespace(lines[names_line]);
  auto column_index = [&](std::string_view name) {
    const auto it = std::find(names.begin(), names.end(), name);
    HEATTWIN_CHECK(it != names.end(), "weather file {}:{}: the column header has no '{}' column", path.string(),
                   names_line + 1, name);
    return static_cast<std::size_t>(it - names.begin());
  };
  HourlyWeather w;
  w.source = path.string();
  w.site.time_zone_h = 1.0;  // MEZ, no daylight saving
  const bool grid_try = std::find(names.begin(), names.end(), "RW") != names.end();
  if (grid_try) {
    w.format = "dwd_try_2015";
    double easting = header_value(lines, marker, "Rechtswert", path);
    double northing = header_value(lines, marker, "Hochwert", path);
    w.site.elevation_m = header_value(lines, marker, "Hoehenlage", path);
    // DWD's TRY 2015 grid is ETRS89 / Lambert conformal conic Europe (EPSG:3034).
    twin::CoordinateTransform to_wgs84("EPSG:3034", "EPSG:4326");
    to_wgs84.transform(std::span<double>(&easting, 1), std::span<double>(&northing, 1));
    HEATTWIN_CHECK(std::isfinite(easting) && std::isfinite(northing),
                   "weather file {}: the grid point (Rechtswert/Hochwert) cannot be transformed to WGS84",
                   path.string());
    w.site.longitude_deg = easting;
    w.site.latitude_deg = northing;
    w.site.name = fmt::format("TRY grid {:.4f}N {:.4f}E", northing, easting);
  } else {
    w.format = "dwd_try_2010";
    std::string station;
    for (std::size_t i = 0; i < marker; ++i) {
      const std::string_view line = lines[i];
      if (line.rfind("Station:", 0) == 0) {
        const auto rest = trim(line.substr(8));
        station = std::string(rest.substr(0, rest.find("  ")));
      }
      if (line.rfind("Lage:", 0) == 0) {
        const auto north = line.find('N');
        const auto arrow = line.find("B.");
        HEATTWIN_CHECK(north != std::string_view::npos && arrow != std::string_view::npos,
                       "weather file {}:{}: cannot read the site from '{}'", path.string(), i + 1, line);
        w.site.latitude_deg = degrees_minutes(line.substr(5, north - 5), path, "latitude");
        const auto lon_end = line.find("<-", arrow);
        w.site.longitude_deg = degrees_minutes(line.substr(arrow + 2, lon_end - arrow - 2), path, "longitude");
        const auto metre = line.find("Meter");
        if (metre != std::string_view::npos) {
          const auto fields = split_whitespace(line.substr(lon_end + 2, metre - lon_end - 2));
          for (const auto f : fields) {
            double v = 0.0;
            if (std::from_chars(f.data(), f.data() + f.size(), v).ec == std::errc()) {
              w.site.elevation_m = v;
            }
          }
        }
      }
    }
    HEATTWIN_CHECK(w.site.latitude_deg != 0.0, "weather file {}: header has no 'Lage:' line with the site",
                   path.string());
    w.site.name = station.empty() ? "TRY 2010" : station;
  }
  const std::size_t i_month = column_index("MM"), i_day = column_index("DD"), i_hour = column_index("HH"),
                    i_t = column_index("t"), i_p = column_index("p"), i_wind = column_index("WG"),
                    i_rh = column_index("RF"), i_beam = column_index("B"), i_diffuse = column_index("D"),
                    i_longwave = column_index("A");
  Column temperature{"air temperature t", "degC", -70.0, 70.0, {}};
  Column humidity{"relative humidity RF", "%", 0.0, 110.0, {}};
  Column pressure{"air pressure p", "Pa", 31000.0, 120000.0, {}};
  Column infrared{"long-wave sky radiation A", "W/m2", 0.0, 1000.0, {}};
  Column beam{"direct horizontal irradiance B", "W/m2", 0.0, 1500.0, {}};
  Column diffuse{"diffuse horizontal irradiance D", "W/m2", 0.0, 1000.0, {}};
  Column wind{"wind speed WG", "m/s", 0.0, 70.0, {}};
  std::vector<int> month, day;
  std::vector<std::size_t> line_of_hour;
  for (std::size_t i = marker + 1; i < lines.size(); ++i) {
    if (trim(lines[i]).empty()) {
      continue;
    }
    const std::size_t line_no = i + 1;
    const auto f = split_whitespace(lines[i]);
    HEATTWIN_CHECK(f.size() == names.size(), "weather file {}:{}: {} fields, the header names {}", path.string(),
                   line_no, f.size(), names.size());
    month.push_back(static_cast<int>(number(f[i_month], path, line_no, "month MM")));
    day.push_back(static_cast<int>(number(f[i_day], path, line_no, "day DD")));
    const double hour = number(f[i_hour], path, line_no, "hour HH");
    HEATTWIN_CHECK(hour >= 1 && hour <= 24, "weather file {}:{}: hour HH = {} is not in 1..24", path.string(), line_no,
                   hour);
    line_of_hour.push_back(line_no);
    temperature.values.push_back(number(f[i_t], path, line_no, "air temperature t"));
    humidity.values.push_back(number(f[i_rh], path, line_no, "relative humidity RF"));
    pressure.values.push_back(number(f[i_p], path, line_no, "air pressure p") * 100.0);  // hPa → Pa
    infrared.values.push_back(number(f[i_longwave], path, line_no, "long-wave radiation A"));
    beam.values.push_back(number(f[i_beam], path, line_no, "direct horizontal irradiance B"));
    diffuse.values.push_back(number(f[i_diffuse], path, line_no, "diffuse horizontal irradiance D"));
    wind.values.push_back(number(f[i_wind], path, line_no, "wind speed WG"));
  }
  finish_year(w, path, month, day, line_of_hour, {&temperature, &humidity, &pressure, &infrared, &diffuse, &wind},
              {&beam});
  // Beam on the horizontal → direct normal with the hour's mean sun height.
  const SunPositions sun = hourly_sun_positions(w.site);
  w.direct_normal_w_per_m2.assign(HOURS_PER_YEAR, 0.0);
  w.global_horizontal_w_per_m2.assign(HOURS_PER_YEAR, 0.0);
  for (std::size_t h = 0; h < HOURS_PER_YEAR; ++h) {
    const double b = beam.values[h];
    double dni = 0.0;
    if (b > 0.0) {
      const double cap = sun.extraterrestrial_normal_w_per_m2[h];
      dni = sun.sun_z[h] > 0.0 ? b / sun.sun_z[h] : cap;
      if (dni > cap) {
        dni = cap;
        ++w.clipped_beam_values;
      }
    }
    w.direct_normal_w_per_m2[h] = dni;
    // Keep the file's global irradiance exact: beam on the horizontal as given plus diffuse.
    w.global_horizontal_w_per_m2[h] = b + w.diffuse_horizontal_w_per_m2[h];
  }
  return w;
}

HourlyWeather read_weather(const std::filesystem::path& path) {
  twin::check_input_file(path, "the weather file");
  std::ifstream in(path);
  HEATTWIN_CHECK(in.good(), "weather file {}: cannot open it", path.string());
  std::string first;
  std::getline(in, first);
  if (first.rfind("LOCATION,", 0) == 0) {
    return read_epw(path);
  }
  return read_dwd_try(path);
}

std::vector<double> ground_temperature_c(const HourlyWeather& weather, double depth_m,
                                         double soil_diffusivity_m2_per_s) {
  HEATTWIN_CHECK(depth_m >= 0.0 && soil_diffusivity_m2_per_s > 0.0,
                 "ground temperature: depth {} m and soil diffusivity {} m2/s must be non-negative and positive",
                 depth_m, soil_diffusivity_m2_per_s);
  const std::size_t n = weather.hours();
  // Daily means give the annual mean, the amplitude and the day of the minimum.
  std::vector<double> daily(n / 24, 0.0);
  for (std::size_t h = 0; h < n; ++h) {
    daily[h / 24] += weather.dry_bulb_c[h] / 24.0;
  }
  double mean = 0.0;
  for (const double d : daily) {
    mean += d / static_cast<double>(daily.size());
  }
  // First harmonic of the daily means: amplitude and phase.
  double a = 0.0, b = 0.0;
  const double omega = 2.0 * std::numbers::pi / static_cast<double>(daily.size());
  for (std::size_t d = 0; d < daily.size(); ++d) {
    a += (daily[d] - mean) * std::cos(omega * static_cast<double>(d));
    b += (daily[d] - mean) * std::sin(omega * static_cast<double>(d));
  }
  a *= 2.0 / static_cast<double>(daily.size());
  b *= 2.0 / static_cast<double>(daily.size());
  const double amplitude = std::sqrt(a * a + b * b);
  const double phase = std::atan2(b, a);
  const double period_s = 365.0 * twin::SECONDS_PER_DAY;
  const double damping_depth_m = std::sqrt(soil_diffusivity_m2_per_s * period_s / std::numbers::pi);
  const double ratio = depth_m / damping_depth_m;
  std::vector<double> out(n);
  for (std::size_t h = 0; h < n; ++h) {
    const double day = (static_cast<double>(h) + 0.5) / 24.0;
    out[h] = mean + amplitude * std::exp(-ratio) * std::cos(omega * day - phase - ratio);
  }
  return out;
}

}  // namespace heattwin::solvers::demand
