#include "solvers/demand/dhw.hpp"

#include "twin/csv.hpp"
#include "twin/error.hpp"
#include "twin/input_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <vector>

namespace heattwin::solvers::demand {

DailyProfile bdew_hot_water_profile(const std::string& hourly_csv, std::string_view slp_type) {
  twin::check_input_file(hourly_csv, "the load-profile table");
  std::ifstream in(hourly_csv);
  HEATTWIN_CHECK(in.good(), "{}: cannot open the load-profile table", hourly_csv);
  constexpr double WARM_CLASS_C = 27.5;
  DailyProfile profile{};
  std::array<int, 24> rows_per_hour{};
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // UTF-8 byte-order mark
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> f;
    std::stringstream fields(line);
    for (std::string cell; std::getline(fields, cell, ';');) f.push_back(cell);
    const std::string where = fmt::format("{}:{}", hourly_csv, line_no);
    HEATTWIN_CHECK(f.size() == 5, "{}: {} fields, expected Typ;Wochentag;Temperatur;Stunde;Stundenfaktor", where,
                   f.size());
    if (line_no == 1) {
      HEATTWIN_CHECK(f[0] == "Typ" && f[4] == "Stundenfaktor",
                     "{}: header must be "
                     "Typ;Wochentag;Temperatur;Stunde;Stundenfaktor",
                     where);
      continue;
    }
    if (f[0] != slp_type) continue;
    // The published table mixes decimal points and (a few) decimal commas.
    for (auto& cell : f) std::replace(cell.begin(), cell.end(), ',', '.');
    if (std::abs(twin::parse_double(f[2], where, "Temperatur") - WARM_CLASS_C) > 1e-9) continue;
    const auto hour = twin::parse_int(f[3], where, "Stunde");
    const auto day = twin::parse_int(f[1], where, "Wochentag");
    HEATTWIN_CHECK(hour >= 0 && hour < 24 && day >= 1 && day <= 7, "{}: hour {} / weekday {} out of range", where, hour,
                   day);
    const double factor = twin::parse_double(f[4], where, "Stundenfaktor");
    HEATTWIN_CHECK(factor >= 0.0, "{}: negative hour factor {}", where, factor);
    profile[static_cast<std::size_t>(hour)] += factor;
    ++rows_per_hour[static_cast<std::size_t>(hour)];
  }
  double sum = 0.0;
  for (std::size_t h = 0; h < 24; ++h) {
    HEATTWIN_CHECK(rows_per_hour[h] == 7,
                   "{}: type '{}' has {} rows for hour {} in the {} degC class, expected 7 "
                   "(one per weekday)",
                   hourly_csv, slp_type, rows_per_hour[h], h, WARM_CLASS_C);
    sum += profile[h];
  }
  for (double& p : profile) p /= sum;
  return profile;
}

}  // namespace heattwin::solvers::demand
