#pragma once
/// \file Refurbishment of the building stock over the years of a heat plan: which buildings are
/// refurbished by a target year (cumulative, nested sets across years) and what a refurbishment
/// does to a building's envelope (the TABULA package's U values, never worsening a value).
///
/// The default rate of 1 %/a of the heated stock is the energetic refurbishment rate of the
/// dena-Gebäudereport (≈ 1 %/a for Germany). Non-residential buildings: the IWU non-residential
/// typology (data/typology/non_residential_de.csv) has no refurbished variant, so they are
/// counted in the stock and selected like any building, but their envelope stays as it is.
#include "twin/building_set.hpp"
#include "twin/typology.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace heattwin::scenarios {

/// The order in which buildings are refurbished.
enum class RefurbishmentOrder : std::uint8_t {
  oldest_first,  ///< ascending year of construction (unknown years last), ties by twin row
  worst_first,   ///< descending specific space-heating need of the base year (kWh/(m²·a))
  random,        ///< a seeded shuffle (deterministic for a seed on every platform)
};

/// The [refurbishment] section of a scenario. Rate and depth are either one value for every
/// year or a path: (until_year, value) steps in ascending year order, each valid for the calendar
/// years after the previous step's year up to and including its own; the last value continues.
struct RefurbishmentSettings {
  double rate_per_year = 0.01;                    ///< fraction of the heated stock refurbished per year, in [0, 0.2]
  std::string depth = "usual_refurbishment";      ///< TABULA package: usual_refurbishment | advanced_refurbishment
  std::vector<std::pair<int, double>> rate_path;  ///< empty: rate_per_year in every year
  std::vector<std::pair<int, std::string>> depth_path;  ///< empty: depth in every year
  RefurbishmentOrder order = RefurbishmentOrder::oldest_first;
  std::uint64_t seed = 1;  ///< for RefurbishmentOrder::random

  /// The rate and the depth of calendar year `year` (the refurbishments done in that year). O(steps).
  double rate_in_year(int year) const;
  const std::string& depth_in_year(int year) const;
  /// "1.0 %/a, usual_refurbishment" or, with paths, "1.0 %/a to 2030, then 2.0 %/a; …".
  std::string describe() const;
};

/// Name of an order as written in scenario files ("oldest_first", "worst_first", "random").
std::string refurbishment_order_name(RefurbishmentOrder order);

/// Number of buildings refurbished by `year`: round(rate_per_year · (year − base_year) · stock),
/// at most `stock`; 0 for year ≤ base_year. Throws InputError for a rate outside [0, 0.2]. O(1).
std::size_t refurbished_count(double rate_per_year, int base_year, int year, std::size_t stock);

/// The same with a rate path: round(stock · Σ_{t = base_year + 1}^{year} rate_in_year(t)), at
/// most `stock`. With a constant rate it is the function above. O((year − base) · steps).
std::size_t refurbished_count(const RefurbishmentSettings& settings, int base_year, int year, std::size_t stock);

/// The refurbishment ranking of `candidates` (twin rows): the first k entries are the buildings
/// refurbished when k are, so the sets of successive years are nested. `specific_need_kwh_per_m2a`
/// is parallel to `candidates` and only read for worst_first (NaN ranks last). Ties keep the
/// twin-row order. Throws InputError when the sizes differ for worst_first. O(n log n).
std::vector<std::uint32_t> refurbishment_ranking(const twin::BuildingSet& buildings,
                                                 const std::vector<std::uint32_t>& candidates,
                                                 const std::vector<double>& specific_need_kwh_per_m2a,
                                                 RefurbishmentOrder order, std::uint64_t seed);

/// Refurbishes twin row `i` with the package typology `package` (loaded with the depth as
/// refurbishment state): each of the four U values becomes min(current, package value), so
/// measured or already better values are never worsened. Residential buildings with type and
/// age class only; returns false (nothing changed) for others, e.g. non-residential ones. O(1).
bool apply_refurbishment_package(twin::BuildingSet& buildings, std::size_t i, const twin::Typology& package);

}  // namespace heattwin::scenarios
