#pragma once
/// \file Reading a HeatTwin results file (schema 1, docs/results-schema.md) into plain columns,
/// for the exporters (VTK, GeoPackage, maps, report), for comparisons and for tests. The writer
/// is scenarios/ (`heattwin run`); this reader knows nothing of how the numbers were made.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace heattwin::viz {

/// A 2-D dataset [rows][cols], row-major.
struct ResultsMatrix {
  std::size_t cols = 0;
  std::vector<double> values;
  std::size_t rows() const { return cols == 0 ? 0 : values.size() / cols; }
  double at(std::size_t row, std::size_t col) const { return values[row * cols + col]; }
};

/// One table of a results file: rows keyed by `id`, every numeric dataset of the group.
struct ResultsTable {
  std::vector<std::string> id;                         ///< row ids (building id, AGS, grid cell id)
  std::map<std::string, std::vector<double>> columns;  ///< 1-D datasets [rows], by dataset name
  std::map<std::string, ResultsMatrix> matrices;       ///< 2-D datasets [rows][k], by dataset name
  std::map<std::string, std::string> units;            ///< `unit` attribute of each dataset ("" if none)
  /// String datasets other than the ids, by name; read for the buildings (supply_option,
  /// final_energy_carrier), the network tables (plant kind, fuel) and the supply-area tables (the
  /// class columns), empty elsewhere.
  std::map<std::string, std::vector<std::string>> text;
  std::string where;  ///< "file:/results/<scenario>/<year>/<group>", for messages

  std::size_t rows() const { return id.size(); }
  bool has(const std::string& name) const { return columns.contains(name) || matrices.contains(name); }
  /// The 1-D dataset `name`; throws InputError naming the file and group if it is missing.
  const std::vector<double>& column(const std::string& name) const;
  /// The 2-D dataset `name`; throws InputError naming the file and group if it is missing.
  const ResultsMatrix& matrix(const std::string& name) const;
  /// The string dataset `name`; throws InputError naming the file and group if it is missing.
  const std::vector<std::string>& strings(const std::string& name) const;
};

/// /meta of a results file.
struct ResultsMeta {
  std::vector<std::int64_t> schema_version;         ///< {major, minor}
  std::string heattwin_version, git_sha;            ///< program that wrote the file
  std::string started_utc, finished_utc;            ///< ISO 8601
  std::string scenario_toml;                        ///< the scenario file's text as run
  std::vector<std::string> scenario_overrides;      ///< "key = value" set on top of it (empty: none)
  std::map<std::string, std::string> inputs;        ///< input role → path as given ("twin", "weather", …)
  std::map<std::string, std::string> input_sha256;  ///< input role → SHA-256 (hex) of the file's bytes
};

/// One (scenario, year) of a results file, read whole. Sizes: buildings ≈ 100 B per building and
/// column; region time series 70 kB per region and series.
struct Results {
  std::string path;
  ResultsMeta meta;
  std::string scenario;  ///< /results/<scenario>
  int year = 0;          ///< /results/<scenario>/<year>
  std::string method;    ///< demand method (attribute of the year group)
  /// Demand basis of the heat plan (attribute `demand_basis` of the year group: "expected_consumption"
  /// or "standard_demand"; empty in files written before issue 23 = the standard demand).
  std::string demand_basis;
  std::string twin_crs;                           ///< CRS of the twin the results belong to ("EPSG:25833")
  std::string twin_summary_json;                  ///< /twin/summary_json: the twin's inventory and data quality
  ResultsTable buildings;                         ///< per computed building; id = building id
  std::vector<std::int64_t> building_twin_index;  ///< row of each building in the twin's /buildings
  ResultsTable regions;                           ///< per municipality; id = AGS ("" = outside all)
  ResultsTable grid;                              ///< per 100 m census cell (EPSG:3035); id = INSPIRE cell id
  /// District-heating results, when the run solved networks (/results/<s>/<y>/network/<table>):
  /// "networks" (one row per network: totals, hourly series as 2-D datasets), "pipes" and
  /// "junctions" (rows in the twin's /networks order, carried in a `twin_index` column), keyed by
  /// the string dataset `id`. Empty when the run had no network.
  std::map<std::string, ResultsTable> network;
  /// Expected supply areas (WPG §18/§19), when the run classified them (/results/<s>/<y>/
  /// supply_areas; both empty otherwise): per 100 m cell (id = cell id; `cluster` = row of the
  /// cell's sub-area) and per sub-area (/supply_areas/clusters; id = sub-area index). Class
  /// columns (type, grades, reasons) are in `text`.
  ResultsTable supply_areas;
  ResultsTable supply_area_clusters;
  /// Design and target warnings of the year (issue 15 §2), when the writer recorded them: the
  /// rows of a string dataset `warnings` or of `warnings/message` in the year group, or the lines
  /// of a string attribute `warnings` of the year group (docs/results-schema.md). Empty otherwise.
  std::vector<std::string> warnings;
  /// Investment of the period ending with this year (/results/<s>/<y>/investment, id = measure,
  /// column `eur`; scenarios/investment_results.hpp); empty for files written before it.
  ResultsTable investment;
};

/// The (scenario, year) pairs a results file holds, in file order. Throws InputError if `path` is
/// not a HeatTwin results file of a schema this reader knows (major version 1).
std::vector<std::pair<std::string, int>> list_results(const std::string& path);

/// Reads only /meta of `path` (cheap; e.g. to find the twin). Throws InputError as list_results().
ResultsMeta read_results_meta(const std::string& path);

/// Reads one (scenario, year) of `path`; an empty `scenario` / `year` 0 takes the only (or first)
/// one. Throws InputError naming the file and group for a missing group, an unknown schema or
/// datasets whose lengths disagree with their table's id column.
/// With `with_hourly` false the 2-D datasets of 8760 or more columns (hourly series of regions,
/// grid cells and networks) are skipped, which makes reading a year several times faster for
/// readers that only need annual values (the heat plan report).
Results read_results(const std::string& path, const std::string& scenario = {}, int year = 0, bool with_hourly = true);

}  // namespace heattwin::viz
