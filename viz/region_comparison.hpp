#pragma once
/// \file Indicators per municipality and per Kreis for the state office (issue 18 §2,
/// `heattwin compare`): absolute values and values per inhabitant, per m² heated floor area and
/// per building, rankings, robust outliers (median / MAD), state totals with their spread over
/// the municipalities, and the differences between two results files (scenario A vs B).
///
/// Three steps so that tests can check the numbers apart from files: year_sums() joins one
/// (scenario, year) of a results file with its twin into plain sums per municipality;
/// compare_regions() turns sums into indicator tables (privacy rule applied); diff_regions()
/// subtracts two comparisons. The render functions only format.
///
/// What the results file does not hold is not invented: final energy and CO2 come from the
/// results' `regions` table and are left out (and named in RegionComparison::not_available)
/// when the run wrote none; the shares of buildings per expected supply-area type need the
/// results' `supply_areas` (heat plans).

#include "viz/heat_indicators.hpp"
#include "viz/report.hpp"
#include "viz/results_file.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace heattwin::twin {
struct Twin;
}

namespace heattwin::viz {

/// Outlier rule: |x − median| > OUTLIER_MAD_FACTOR · MAD_TO_SIGMA · MAD (Iglewicz and Hoaglin's
/// modified z-score > 3.5; 1.4826 makes the MAD a standard deviation for normal data).
inline constexpr double OUTLIER_MAD_FACTOR = 3.5;
inline constexpr double MAD_TO_SIGMA = 1.4826;

/// The expected supply-area types (WPG §18) of the results' `supply_areas/type`, in this order.
inline constexpr std::array<const char*, 4> SUPPLY_AREA_TYPES{"heat_network", "hydrogen_network", "decentralised",
                                                              "test_area"};

/// Sums of one region's computed buildings in one year.
struct RegionSums {
  std::string ags;        ///< 8-digit AGS (municipality), 5-digit (Kreis); "" = outside every municipality
  std::string name;       ///< region name
  std::string kreis_ags;  ///< municipalities: their Kreis; Kreise: empty
  std::string kreis_name;
  std::int64_t population = 0;  ///< inhabitants (0 = unknown)
  std::uint64_t buildings = 0;  ///< computed buildings
  double heated_floor_area_m2 = 0.0;
  double space_heating_mwh_per_a = 0.0;
  double hot_water_mwh_per_a = 0.0;            ///< NaN building values count 0
  std::vector<double> final_energy_mwh_per_a;  ///< by YearSums::carriers (empty when the file has none)
  double co2_t_per_a = 0.0;
  /// Computed buildings whose 100 m cell has each SUPPLY_AREA_TYPES type (buildings in no
  /// classified cell count in none).
  std::array<std::uint64_t, SUPPLY_AREA_TYPES.size()> supply_area_buildings{};
  /// District-heating networks designed in the region (results' municipal_networks, one per
  /// municipality): route length (trench) and heat delivered to the consumers.
  double network_route_length_m = 0.0;
  double network_delivered_mwh_per_a = 0.0;
  /// The networks' heat sold and its cost (each network's VDI 2067 LCOH × its heat sold), €/a.
  double network_heat_sold_mwh_per_a = 0.0;
  double network_cost_eur_per_a = 0.0;
  /// VDI 2067 annuities of the buildings' supply (results buildings/supply_cost_eur_per_a: own
  /// system, or the house connection and heat price on a network) and the useful heat (space
  /// heating + hot water on the run's basis) of the buildings with a cost — the run's LCOH.
  double supply_cost_eur_per_a = 0.0;
  double supply_cost_heat_mwh_per_a = 0.0;
  /// Investment A_0 in the period ending with the year (results investment/by_municipality):
  /// networks (plants, pipes, house connections) and individual systems; refurbishment has no
  /// costs in the catalogue and is left out.
  double investment_network_eur = 0.0;
  double investment_individual_eur = 0.0;
  /// Investment since the first year of the file: compare_regions() adds up the periods.
  double investment_cumulative_eur = 0.0;
};

/// One design or target warning of a run (results /…/<year>/warnings, scenarios/run_warnings).
struct ResultWarning {
  int year = 0;
  std::string code;       ///< e.g. NETWORK_SUPPLY_T_BELOW_MIN
  std::string severity;   ///< "design" or "target"
  std::string object_id;  ///< network name (`<name>_<AGS>` per municipality), "biomass", …
  std::string ags;        ///< the municipality of a per-municipality network; "" otherwise
  std::string municipality;
  double value = 0.0, limit = 0.0;
  std::string unit;
  std::string message;  ///< the run's English sentence
};

/// Everything compare_regions() needs of one (scenario, year).
struct YearSums {
  int year = 0;
  std::vector<std::string> carriers;    ///< final-energy carriers of the regions table; empty: not in the file
  bool has_co2 = false;                 ///< the regions table has co2_t
  bool has_supply_areas = false;        ///< the results classified supply areas
  bool has_networks = false;            ///< the results have networks per municipality (municipal_networks)
  bool has_costs = false;               ///< the buildings table has supply_cost_eur_per_a
  bool has_investment = false;          ///< the results have investment/by_municipality
  std::vector<ResultWarning> warnings;  ///< the year's warnings (empty: none, or not in the file)
  /// Basis of the heat columns ("expected_consumption" or "standard_demand"; viz::basis_heat_columns).
  std::string demand_basis = "standard_demand";
  std::vector<RegionSums> municipalities;  ///< every municipality of the twin, in twin order
  RegionSums outside;                      ///< computed buildings outside every municipality
};

/// Joins one (scenario, year) of a results file with its twin: buildings, floor area and heat
/// need from the buildings table (municipality of each building's twin row); final energy and
/// CO2 from the regions table (by AGS); supply-area types from the buildings' twin cells; network
/// route, delivered heat, heat sold and LCOH from municipal_networks (by AGS), when the run designed
/// networks per municipality; supply costs from the buildings table; investment from
/// investment/by_municipality (by AGS); the warnings. Throws InputError for results
/// of another twin or a regions AGS the twin does not know. O(buildings + regions).
YearSums year_sums(const Results& results, const twin::Twin& twin);

/// The municipalities' sums added up per Kreis (Kreise in order of first appearance; a
/// municipality without Kreis counts in a Kreis with empty AGS).
std::vector<RegionSums> kreis_sums(const std::vector<RegionSums>& municipalities);

/// One column of the indicator tables.
struct Indicator {
  std::string key;        ///< snake_case, e.g. "heat_demand_kwh_per_inhabitant" (English CSV header, JSON)
  std::string unit;       ///< e.g. "kWh/(EW·a)"
  std::string label_de;   ///< German header
  int decimals = 1;       ///< digits after the decimal sign in CSV and HTML
  bool additive = false;  ///< a sum (state total = Σ regions); otherwise a ratio of sums
  bool specific = false;  ///< a ratio compared across regions: ranked and checked for outliers
  std::string label_en;   ///< English header of the HTML report (the English CSV and JSON use `key`)
};

/// The indicator's header in words: label_de or label_en (`key` when that is empty).
std::string indicator_label(const Indicator& indicator, Lang lang);

/// What a results file holds beyond the heat demand.
struct Availability {
  std::vector<std::string> carriers;  ///< final-energy carriers (empty: none)
  bool has_co2 = false;
  bool has_supply_areas = false;
  bool has_networks = false;  ///< networks per municipality (route length, heat line density, LCOH)
  /// Basis of the heat indicators: "expected_consumption" (the run's default, issue 23) or
  /// "standard_demand" (YearSums::demand_basis); only the German labels differ.
  std::string demand_basis = "standard_demand";
  bool has_costs = false;       ///< supply costs of the buildings (LCOH, annual cost)
  bool has_investment = false;  ///< investment per municipality and period
};

/// The indicator columns for what a results file has, in table order.
std::vector<Indicator> region_indicators(const Availability& available);

/// Values of region_indicators(available) for one region's sums; NaN where a denominator is 0
/// (e.g. unknown population).
std::vector<double> indicator_values(const RegionSums& sums, const Availability& available);

/// One row of an indicator table.
struct RegionRow {
  RegionSums sums;                    ///< what the row was computed from
  bool withheld = false;              ///< fewer computed buildings than the privacy minimum
  std::vector<double> values;         ///< by indicator; NaN when withheld or not computable
  std::vector<std::uint32_t> rank;    ///< by indicator: 1 = largest; 0 = not ranked (withheld, NaN)
  std::vector<std::uint8_t> outlier;  ///< by indicator: 1 = robust outlier (specific indicators only)
};

/// Distribution of one indicator over the published regions with a finite value.
struct Spread {
  std::size_t count = 0;
  double min = 0.0, p10 = 0.0, median = 0.0, p90 = 0.0, max = 0.0;  ///< NaN when count = 0
  double mad = 0.0;                                                 ///< median absolute deviation (unscaled)
  std::size_t outliers = 0;
};

/// Indicators of every region of one level (municipalities or Kreise) in one year.
struct RegionTable {
  std::vector<RegionRow> rows;
  std::vector<Spread> spread;  ///< by indicator
};

struct YearComparison {
  int year = 0;
  RegionSums state;                  ///< all computed buildings (withheld regions and outside included)
  std::vector<double> state_values;  ///< indicators of the state (totals; ratios of the state sums)
  RegionTable municipalities;
  RegionTable kreise;
};

/// compare_regions() of one results file.
struct RegionComparison {
  std::string path;  ///< results file
  std::string scenario;
  Availability available;
  std::vector<Indicator> indicators;
  std::vector<YearComparison> years;
  std::size_t privacy_min_buildings = DEFAULT_PRIVACY_MIN_BUILDINGS;
  std::vector<std::string> not_available;     ///< indicators the file could not give, in words
  std::vector<std::string> not_available_de;  ///< the same in German (the German report)
  std::vector<ResultWarning> warnings;        ///< every year's warnings, in year order
};

/// Warnings of one code: how many per year, and in how many municipalities (distinct AGS of
/// per-municipality networks; 0 for warnings of no municipality).
struct WarningKind {
  std::string code;
  std::string severity;
  std::vector<std::pair<int, std::size_t>> count_by_year;  ///< (year, warnings), years ascending
  std::size_t count = 0;
  std::size_t municipalities = 0;
};

/// The warnings of `c` by code, in order of first appearance. O(warnings log warnings).
std::vector<WarningKind> warning_kinds(const RegionComparison& c);

/// A warning code in words (German or English); unknown codes verbatim.
std::string warning_code_text(std::string_view code, Lang lang);

/// One line per WarningKind for stderr (`compare`): "<code>: <n> warnings in <m> municipalities
/// (2025: …, 2030: …) — <words>".
std::vector<std::string> warning_summary_lines(const RegionComparison& c, Lang lang);

/// Indicator tables from the sums of each year. Every year must have the carriers and CO2 of
/// the first (InputError otherwise). Regions with fewer than `privacy_min_buildings` computed
/// buildings keep AGS, name, population and building count; their values are NaN and they are
/// neither ranked nor part of the spread. The state totals include them.
RegionComparison compare_regions(const std::string& path, const std::string& scenario, std::vector<YearSums> years,
                                 std::size_t privacy_min_buildings);

/// Linear-interpolation quantile of ascending `sorted` (numpy's default); NaN when empty.
double quantile_sorted(std::span<const double> sorted, double q);

/// Ranks, largest = 1; equal values share the smaller rank ("1224"); NaN gets 0.
std::vector<std::uint32_t> ranks_descending(std::span<const double> values);

/// 1 where |x − median| > OUTLIER_MAD_FACTOR · MAD_TO_SIGMA · MAD over the finite values; NaN is
/// never flagged; with MAD = 0 nothing is flagged (the rule has no scale).
std::vector<std::uint8_t> robust_outliers(std::span<const double> values);

/// One indicator of one region: A, B and their difference.
struct RegionDiff {
  int year_a = 0, year_b = 0;
  std::string level;  ///< "municipality" or "kreis"
  std::string ags, name;
  std::string indicator;  ///< Indicator::key
  double a = 0.0, b = 0.0;
  double diff = 0.0;      ///< b − a (NaN if either is)
  double relative = 0.0;  ///< (b − a) / |a|; NaN if a is 0 or NaN
};

/// B − A for every region and indicator both have. Years are paired by equal year; when the
/// files share none, by position (e.g. A 2025 vs B 2045). Rows: years, municipalities then
/// Kreise, in A's order, indicators in A's order.
std::vector<RegionDiff> diff_regions(const RegionComparison& a, const RegionComparison& b);

// Lang (viz/report.hpp): German (`;`, decimal comma, the default for the state office's
// spreadsheets) or English (`,`, decimal point, snake_case headers).

/// `value` with `decimals` digits, no thousands separators, decimal comma for Lang::de; "" for NaN.
std::string csv_number(double value, int decimals, Lang lang);

/// CSV of the municipalities (`kreise` = false) or Kreise of every year: region columns, the
/// indicators, rank columns of the specific indicators and the keys of the flagged outliers.
std::string region_csv(const RegionComparison& c, bool kreise, Lang lang);

/// CSV of the state: one row per year and indicator with the state value and the spread.
std::string state_csv(const RegionComparison& c, Lang lang);

/// CSV of diff_regions() rows (long format: one row per region and indicator).
std::string diff_csv(const std::vector<RegionDiff>& diff, const RegionComparison& a, Lang lang);

struct StatePlausibility;  // viz/state_plausibility.hpp
struct RegionShapes;       // viz/maps.hpp

/// JSON (one object: file, scenario, indicators, years with state, spread and regions;
/// `comparison` with B and the differences when `b` is given; `plausibility` when given). NaN
/// becomes null.
std::string comparison_json(const RegionComparison& a, const RegionComparison* b, const std::vector<RegionDiff>& diff,
                            const StatePlausibility* plausibility = nullptr);

/// `value` for display: thousands grouped, German ("1.234,5") or English ("1,234.5"); "–" for NaN.
std::string display_number(double value, int decimals, Lang lang);

/// Self-contained HTML report (German by default): the plausibility check against official
/// statistics (when given), state totals and spread, sortable tables of Kreise and
/// municipalities, outliers, and the differences to B. Loads nothing; the only script is the
/// inline table sort.
/// With `shapes` (municipality boundaries of the twin, viz/maps.hpp), choropleth maps of the
/// municipalities and Kreise of the last year for the indicators of CHOROPLETH_INDICATORS the
/// file has, one at a time (a select; quantile classes, legend).
std::string render_comparison_html(const RegionComparison& a, const RegionComparison* b,
                                   const std::vector<RegionDiff>& diff, Lang lang,
                                   const StatePlausibility* plausibility = nullptr,
                                   const RegionShapes* shapes = nullptr);

/// Indicator keys the state report draws as choropleth maps, in the order of its select.
inline constexpr std::array<const char*, 8> CHOROPLETH_INDICATORS{"heat_demand_kwh_per_inhabitant",
                                                                  "co2_kg_per_inhabitant",
                                                                  "renewable_share",
                                                                  "share_buildings_heat_network",
                                                                  "network_heat_line_density_mwh_per_ma",
                                                                  "lcoh_eur_per_mwh",
                                                                  "network_lcoh_eur_per_mwh",
                                                                  "investment_cumulative_eur_per_inhabitant"};

}  // namespace heattwin::viz
