#pragma once
/// \file The self-contained HTML report of one (scenario, year) of a results file (issue 7):
/// inventory tables, a heat-density map, charts, the data-quality summary and the inputs with
/// their SHA-256, in one file that opens offline. Charts and the map are inline SVG made here; the
/// page loads nothing (no scripts, fonts, images or style sheets; a Content-Security-Policy of
/// `default-src 'none'` makes the browser refuse any load). Layout and limits: docs/OUTPUTS.md.
///
/// The report is computed in two steps so that tests can check the numbers apart from the markup:
/// compute_report_data() joins the results with the twin and aggregates; render_html_report()
/// turns that into HTML. write_html_report() does both and writes the file atomically.

#include "viz/results_file.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <iterator>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace heattwin::twin {
struct Twin;
}

namespace heattwin::viz {

/// Upper bounds of the heat-density classes of the map, MWh/(ha·a): the bands of the KEA-BW guide
/// to municipal heat planning (< 70 no network potential, 70–175 networks in new development,
/// 175–415 low-temperature networks in existing stock, 415–1050 conventional networks, > 1050
/// very high suitability; KEA-BW guide to municipal heat planning). Five classes: below the first bound … above the
/// last.
inline constexpr std::array<double, 4> HEAT_DENSITY_CLASS_BOUNDS_MWH_PER_HA_A{70.0, 175.0, 415.0, 1050.0};

/// Settings of the report.
struct ReportOptions {
  /// Above this many published 100 m cells the map is drawn on 1 km cells (sums of their 100 m
  /// cells), which keeps the file small (≈ 20 bytes of SVG per drawn cell).
  std::size_t max_map_cells_100m = 20000;
  /// Map cells holding fewer computed buildings than this are withheld (data protection: no
  /// published cell may show one or two buildings). Counted and reported below the map.
  std::uint32_t min_buildings_per_cell = 5;
};

/// One row of an inventory table. Demands are needs as the results file holds them.
struct InventoryRow {
  std::string key;    ///< AGS, use-class name or age-class label ("" for buildings outside every municipality)
  std::string label;  ///< municipality name (empty for other tables)
  std::uint64_t buildings = 0;           ///< computed buildings
  double heated_floor_area_m2 = 0.0;     ///< sum of A_f, m²
  double space_heating_mwh_per_a = 0.0;  ///< space heating need, MWh/a
  double hot_water_mwh_per_a = 0.0;      ///< domestic hot water need, MWh/a (NaN values count as 0)
  double total_mwh_per_a() const { return space_heating_mwh_per_a + hot_water_mwh_per_a; }
};

/// One drawn cell of the heat-density map (EPSG:3035, lower-left corner).
struct MapCell {
  std::uint32_t north_100m = 0;       ///< lower-left northing in 100 m units
  std::uint32_t east_100m = 0;        ///< lower-left easting in 100 m units
  std::uint32_t buildings = 0;        ///< computed buildings in the cell
  double heat_mwh_per_a = 0.0;        ///< space heating + hot water need of the cell, MWh/a
  double density_mwh_per_ha_a = 0.0;  ///< heat_mwh_per_a / cell area in ha
  int density_class = 0;              ///< 0 … 4, see HEAT_DENSITY_CLASS_BOUNDS_MWH_PER_HA_A
};

/// Share of the space-heating need that rests on each provenance of one twin attribute.
struct DemandProvenance {
  std::string attribute;          ///< twin provenance column ("u_values", …)
  std::array<double, 5> share{};  ///< by twin::Provenance (missing, measured, geometry, typology, imputed); sums to 1
};

/// Everything the report shows, computed from the results and the twin.
struct ReportData {
  InventoryRow total;                         ///< all computed buildings
  std::vector<InventoryRow> by_municipality;  ///< one row per AGS of the results' regions table (and of the buildings)
  std::vector<InventoryRow> by_use_class;     ///< classes with buildings, in UseClass order
  std::vector<InventoryRow> by_age_class;     ///< classes with buildings, 1 … 12, then unknown
  double regions_space_heating_mwh_per_a = 0.0;        ///< sum of the regions table's monthly_heating_kwh, MWh/a
  std::array<double, 12> monthly_space_heating_mwh{};  ///< regions' monthly_heating_kwh summed, MWh
  std::array<double, 12> monthly_hot_water_mwh{};  ///< regions' hourly_hot_water_w summed by month, MWh (0 if absent)
  /// Sum over regions of the hourly heat (space heating, plus hot water where the file has it),
  /// sorted descending, MW. Empty when the run has no hourly space-heating series (monthly method).
  std::vector<double> load_duration_mw;
  bool load_duration_includes_hot_water = false;
  /// Peak load (MW) and full-load hours (h/a) of that hourly sum, by twin/indicators.hpp (the
  /// definitions the run summary and the results file use); NaN / 0 without an hourly series.
  double peak_load_mw = std::numeric_limits<double>::quiet_NaN();
  double full_load_hours = 0.0;
  /// What the density map shows, by the run's demand basis (twin::heat_basis_columns, as compare
  /// and the heat plan maps): "expected_consumption" (the buildings' expected heating + hot water
  /// summed per cell) or "standard_demand" (the grid table's standard demand).
  std::string map_basis = "standard_demand";
  std::uint32_t map_cell_size_m = 100;  ///< 100, or 1000 when aggregated
  std::vector<MapCell> map_cells;       ///< published cells, sorted by (north, east)
  std::size_t withheld_cells = 0;       ///< cells with fewer than min_buildings_per_cell buildings
  std::uint64_t withheld_buildings = 0;
  double withheld_heat_mwh_per_a = 0.0;
  std::array<std::size_t, 5> cells_per_class{};     ///< published cells per density class
  std::vector<DemandProvenance> demand_provenance;  ///< for the attributes that drive the demand
  std::uint64_t twin_buildings = 0;                 ///< buildings in the twin (computed or not)
  /// Expected consumption (buildings/expected_heating_kwh + expected_hot_water_kwh, MWh/a) of all
  /// computed buildings; NaN for results written before issue 23 (no such columns).
  double expected_consumption_mwh_per_a = std::numeric_limits<double>::quiet_NaN();
  /// Computed buildings with at least one element modernised by the run's modernisation
  /// imputation (buildings/modernised_elements ≠ 0); -1 for results without that column.
  std::int64_t modernised_buildings = -1;
};

/// Joins `results` with `twin` (through Results::building_twin_index) and aggregates everything
/// the report shows. O(buildings + cells + regions × hours) time, O(regions + cells) memory besides
/// the results. Throws InputError naming the results file when the twin does not belong to the
/// results (index out of range or another building id at that row), when a grid cell id is not
/// an INSPIRE 100 m id, or when an hourly series has neither 8760 nor 8784 columns.
ReportData compute_report_data(const Results& results, const twin::Twin& twin, const ReportOptions& options = {});

/// The HTML page for `results` and its computed `data`. Every string taken from the data (names,
/// ids, paths, the scenario text, the twin summary) is HTML-escaped. The text depends only on its
/// arguments and the program version (no clock), so the same inputs give the same bytes. Throws
/// InputError naming the file if /twin/summary_json is present but not valid JSON.
std::string render_html_report(const Results& results, const ReportData& data, const ReportOptions& options = {});

/// compute_report_data() + render_html_report(), written to `path` atomically: the page goes to a
/// temporary file in the same folder that is renamed into place only when complete. Throws
/// IoError naming the path if it cannot be written, InputError as above.
void write_html_report(const Results& results, const twin::Twin& twin, const std::string& path,
                       const ReportOptions& options = {});

/// `text` with &, <, >, " and ' replaced by character references (safe in text and in quoted
/// attribute values). O(size).
std::string html_escape(std::string_view text);

/// `value` with `decimals` digits and a comma between thousands ("1,234,567.8"); "–" for NaN.
std::string format_number(double value, int decimals);

/// Language of a report, its headers and number format: German (the default of the heat plan and
/// of the state office's tables: decimal comma, "." between thousands, `;` in CSV) or English.
enum class Lang { de, en };

/// `value` for display with thousands grouped: German "1.234,5" (Lang::de) or English "1,234.5";
/// "–" for NaN, "∞" for infinity. O(digits).
std::string format_number(double value, int decimals, Lang lang);

/// The language of a `--lang` value ("de" or "en"); throws InputError naming the value otherwise.
Lang parse_lang(std::string_view text);

/// `de` or `en` by `lang` (the reports' two-language texts).
inline const char* tr(Lang lang, const char* de, const char* en) { return lang == Lang::de ? de : en; }

/// SVG legend row of a plan map at `y_px`: the dashed municipal-boundary line and its label
/// ("not in the twin" when `has_boundary` is false).
std::string svg_boundary_legend(double y_px, bool has_boundary, Lang lang);

/// Appends the municipal boundary of a plan map to `out`: one dashed path (class "boundary", no
/// fill) over every ring of `boundary` (EPSG:3035 metres), each vertex mapped to pixels by `px` and
/// `py` and written to 0.1 px. Nothing when `boundary` is empty. Its legend row is
/// svg_boundary_legend.
void svg_boundary_path(std::back_insert_iterator<std::string> out,
                       const std::vector<std::vector<std::array<double, 2>>>& boundary,
                       const std::function<double(double)>& px, const std::function<double(double)>& py);

/// SVG scale bar of a plan map at `y_px`: the largest round length up to 200 px at `px_per_m`,
/// labelled "<length> · north up · EPSG:3035 · <suffix>".
std::string svg_scale_bar(double y_px, double px_per_m, std::string_view suffix, Lang lang);

}  // namespace heattwin::viz
