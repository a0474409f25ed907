#include "solvers/demand/use_conditions.hpp"

#include "twin/error.hpp"
#include "twin/input_file.hpp"
#include "twin/physical_constants.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>

namespace heattwin::solvers::demand {

namespace {

nlohmann::json read_table(const std::string& path) {
  twin::check_input_file(path, "the use-conditions table");
  std::ifstream in(path);
  HEATTWIN_CHECK(in.good(), "{}: cannot open the use-conditions table", path);
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: not valid JSON: {}", path, e.what()));
  }
}

UseProfile profile_of(const nlohmann::json& table, const std::string& path, const std::string& usage) {
  HEATTWIN_CHECK(table.contains(usage), "{}: no usage '{}'", path, usage);
  const auto& u = table.at(usage);
  const std::string where = fmt::format("{} ({})", path, usage);
  auto number = [&](const char* key) {
    HEATTWIN_CHECK(u.contains(key) && u.at(key).is_number(), "{}: '{}' must be a number", where, key);
    return u.at(key).get<double>();
  };
  auto day = [&](const char* key) {
    // One day of use, 24 values. TEASER repeats a list of any length over the year; a longer list
    // (a week, a year) would carry its own weekdays, which the calendar supplies here instead, so
    // it is refused rather than cut to its first day.
    HEATTWIN_CHECK(u.contains(key) && u.at(key).is_array() && u.at(key).size() == 24,
                   "{}: '{}' must list 24 hourly values (one day of use; found {}); longer profiles are not "
                   "supported, weekdays and holidays come from the run's calendar",
                   where, key, u.contains(key) && u.at(key).is_array() ? u.at(key).size() : 0);
    std::array<double, 24> values{};
    for (std::size_t h = 0; h < 24; ++h) {
      HEATTWIN_CHECK(u.at(key)[h].is_number(), "{}: '{}' value {} must be a number", where, key, h);
      values[h] = u.at(key)[h].get<double>();
    }
    return values;
  };
  // Person density {"/": [1, 14]} = 1 person per 14 m².
  HEATTWIN_CHECK(u.contains("persons") && u.at("persons").contains("/") && u.at("persons").at("/").size() == 2,
                 "{}: 'persons' must be a density {{\"/\": [persons, m2]}}", where);
  const double persons_per_m2 = u.at("persons").at("/")[0].get<double>() / u.at("persons").at("/")[1].get<double>();
  const double person_w = persons_per_m2 * number("fixed_heat_flow_rate_persons");
  const double machine_w = number("machines");
  const bool from_illuminance = u.contains("use_maintained_illuminance") &&
                                u.at("use_maintained_illuminance").is_boolean() &&
                                u.at("use_maintained_illuminance").get<bool>();
  const double lighting_w = from_illuminance ? number("maintained_illuminance") / number("lighting_efficiency_lumen")
                                             : number("fixed_lighting_power");
  const auto persons = day("persons_profile"), machines = day("machines_profile"), lighting = day("lighting_profile");
  const auto heating_k = day("heating_profile");
  UseProfile p;
  p.name = usage;
  double convective = 0.0, total = 0.0;
  for (std::size_t h = 0; h < 24; ++h) {
    const double wp = person_w * persons[h], wm = machine_w * machines[h], wl = lighting_w * lighting[h];
    p.gains_w_per_m2[h] = wp + wm + wl;
    convective += wp * number("ratio_conv_rad_persons") + wm * number("ratio_conv_rad_machines") +
                  wl * number("ratio_conv_rad_lighting");
    total += wp + wm + wl;
    p.heating_setpoint_c[h] = heating_k[h] - twin::ZERO_CELSIUS_K;
    HEATTWIN_CHECK(std::isfinite(p.gains_w_per_m2[h]) && p.gains_w_per_m2[h] >= 0.0 &&
                       p.heating_setpoint_c[h] > -50.0 && p.heating_setpoint_c[h] < 40.0,
                   "{}: hour {}: gains {} W/m2 or heating set point {} degC not plausible", where, h,
                   p.gains_w_per_m2[h], p.heating_setpoint_c[h]);
  }
  p.convective_fraction = total > 0.0 ? convective / total : 0.5;
  p.non_usage_gains_w_per_m2 = person_w * *std::min_element(persons.begin(), persons.end()) +
                               machine_w * *std::min_element(machines.begin(), machines.end()) +
                               lighting_w * *std::min_element(lighting.begin(), lighting.end());
  return p;
}

}  // namespace

UseProfile load_use_profile(const std::string& path, const std::string& usage) {
  return profile_of(read_table(path), path, usage);
}

std::map<std::string, UseProfile> load_use_profiles(const std::string& path, const std::vector<std::string>& usages) {
  const nlohmann::json table = read_table(path);
  std::map<std::string, UseProfile> profiles;
  for (const auto& usage : usages) profiles.emplace(usage, profile_of(table, path, usage));
  return profiles;
}

}  // namespace heattwin::solvers::demand
