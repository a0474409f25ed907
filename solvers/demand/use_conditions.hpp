#pragma once
/// \file Use profiles of non-residential zones (internal gains and heating set points over the
/// day) from TEASER's UseConditions.json, which follows DIN V 18599-10 / SIA 2024.
#include <array>
#include <map>
#include <string>
#include <vector>

namespace heattwin::solvers::demand {

/// One use's day: internal gains and heating set point per hour 0..23.
struct UseProfile {
  std::string name;                             ///< usage name in the source table
  std::array<double, 24> gains_w_per_m2{};      ///< persons + machines + lighting, W per m² floor area
  double convective_fraction = 0.5;             ///< gain-weighted over the day
  std::array<double, 24> heating_setpoint_c{};  ///< from the usage's heating profile
  /// Gains on a day without use (weekend or holiday of a use that is closed then), W per m²:
  /// persons, machines and lighting each at the lowest value of its day profile (the level of
  /// the profile's unoccupied hours, e.g. machines on stand-by), held all day.
  double non_usage_gains_w_per_m2 = 0.0;
};

/// Reads one usage of a TEASER UseConditions.json. Gains per m²: persons (density × sensible heat
/// flow per person) × persons profile + machines × machines profile + lighting (fixed lighting
/// power, or maintained illuminance / luminous efficacy) × lighting profile. Throws InputError
/// naming the file and usage if it is missing or malformed.
UseProfile load_use_profile(const std::string& use_conditions_json, const std::string& usage);

/// Several usages of one table, read once (name → profile).
std::map<std::string, UseProfile> load_use_profiles(const std::string& use_conditions_json,
                                                    const std::vector<std::string>& usages);

}  // namespace heattwin::solvers::demand
