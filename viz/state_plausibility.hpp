#pragma once
/// \file The state totals of a results file next to the published statistics (issue 18 §3): the
/// twin's residential buildings, floor area, heat consumption, final energy and district heat,
/// and the non-residential final energy, each against the official figure it can be compared
/// with, with the ratio, the sources and the caveats. A check that is shown, not a calibration:
/// nothing here changes a result.
///
/// The statistics come from a table like data/statistics/sachsen_anhalt_energy_statistics.csv
/// (key, value, unit, year, source, mark), so another state's figures work the same way. Ratios
/// are only formed when the results cover every municipality the statistics count
/// (`municipalities` row); otherwise the rows show both sides and say why there is no ratio.

#include "viz/region_comparison.hpp"
#include "viz/results_file.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace heattwin::twin {
struct Twin;
}

namespace heattwin::viz {

/// One row of the statistics table.
struct OfficialStatistic {
  std::string key;
  double value = 0.0;
  std::string unit;
  int year = 0;
  std::string source;
  std::size_t line = 0;  ///< line in the file, for messages
};

struct OfficialStatistics {
  std::string path;
  std::vector<OfficialStatistic> rows;
  /// The row of `key` in `year`, or of its latest year when `year` is 0; nullptr when absent.
  const OfficialStatistic* find(const std::string& key, int year = 0) const;
  /// Every year of `key`, ascending.
  std::vector<const OfficialStatistic*> all(const std::string& key) const;
};

/// Reads a statistics table (RFC 4180 CSV with the columns key, value, unit, year, source).
/// Throws InputError naming the file and line for a missing column, a value that is not a
/// number, an empty unit or a key given twice for one year. state_plausibility() checks the
/// units of the rows it uses (energy TJ or MWh, area m2, counts and shares 1).
OfficialStatistics read_official_statistics(const std::string& path);

/// What the twin side of the check adds up, from one year of a results file and its twin.
struct PlausibilitySums {
  int year = 0;
  std::size_t municipalities_in_twin = 0;
  std::size_t municipalities_computed = 0;          ///< municipalities with at least one computed building
  std::uint64_t residential_buildings_in_twin = 0;  ///< use class residential or residential_mixed
  std::uint64_t residential_buildings_computed = 0;
  double residential_floor_area_m2 = 0.0;  ///< heated floor area of the computed residential buildings
  /// Space heating + hot water of the computed residential buildings: the expected consumption
  /// (standard demand × adaptation × vacancy) when the file has it, else the standard demand.
  double residential_heat_mwh = 0.0;
  bool residential_heat_is_expected = false;
  double residential_standard_heat_mwh = 0.0;
  bool has_final_energy = false;              ///< the file has the individual supply's final energy per building
  double residential_final_energy_mwh = 0.0;  ///< purchased final energy + ambient heat of heat pumps
  double residential_district_heat_mwh = 0.0;
  double commercial_public_final_energy_mwh = 0.0;  ///< non-residential use classes except industry (GHD)
};

/// Adds up the state totals of one (scenario, year) of a results file. Throws InputError for
/// results of another twin.
PlausibilitySums plausibility_sums(const Results& results, const twin::Twin& twin);

/// One compared quantity.
struct PlausibilityRow {
  std::string key;  ///< snake_case (CSV header in English, JSON)
  std::string label_de, label_en;
  std::string unit;        ///< of `twin` and `reference`
  double twin = 0.0;       ///< the twin's value
  double reference = 0.0;  ///< the published figure in `unit` (after the stated shares)
  int reference_year = 0;
  std::string reference_de, reference_en;  ///< how the reference was formed, with the raw figures
  double ratio = 0.0;                      ///< twin / reference; NaN when not state-wide
  std::string sources;                     ///< the statistics rows' sources, "; "-joined
  std::string caveat_de, caveat_en;
};

struct StatePlausibility {
  std::string statistics_path;
  int year = 0;  ///< the results' year
  std::size_t municipalities_computed = 0;
  std::size_t municipalities_counted = 0;  ///< the statistics' `municipalities`; 0 = not given
  bool state_wide = false;                 ///< ratios formed
  std::vector<PlausibilityRow> rows;
  std::vector<std::string> missing;  ///< statistics keys the check looked for and did not find
};

/// The rows that `statistics` and `sums` allow, in a fixed order: residential buildings,
/// residential floor area, residential heat consumption, residential final energy, district heat
/// to households (each year the statistics give), commercial and public final energy.
StatePlausibility state_plausibility(const PlausibilitySums& sums, const OfficialStatistics& statistics);

/// CSV (German `;` and decimal comma, or English): one row per compared quantity.
std::string plausibility_csv(const StatePlausibility& p, Lang lang);

/// An HTML section (heading, note, table) for the state report.
std::string plausibility_html(const StatePlausibility& p, Lang lang);

/// JSON object (NaN becomes null).
std::string plausibility_json(const StatePlausibility& p);

}  // namespace heattwin::viz
