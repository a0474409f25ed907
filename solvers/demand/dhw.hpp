#pragma once
/// \file Domestic hot water: the daily shape of its use.
///
/// The shape is taken from the German gas/heat standard load profiles (BDEW/VKU/GEODE SLP,
/// "SigLinDe"): their hour factors in the warmest temperature class (27.5 °C), where space
/// heating is off and what remains is hot water (and cooking), averaged over the seven weekdays.
#include <array>
#include <string>
#include <string_view>

namespace heattwin::solvers::demand {

/// Share of a day's hot-water energy in each hour 0..23 (sums to 1).
using DailyProfile = std::array<double, 24>;

/// Reads `Typ;Wochentag;Temperatur;Stunde;Stundenfaktor` (hour factors in percent of the daily
/// sum, e.g. data/profiles/pyslpheat_bdew_hourly_coefficients.csv) and returns the warm-class
/// profile of `slp_type` (HEF single-family, HMF multi-family, GKO, GHA, …). Throws InputError
/// naming the file and line for malformed rows, or if the type or the 27.5 °C class is missing.
DailyProfile bdew_hot_water_profile(const std::string& hourly_csv, std::string_view slp_type);

}  // namespace heattwin::solvers::demand
