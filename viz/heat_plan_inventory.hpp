#pragma once
/// \file Bestandsanalyse below the municipality for the heat plan report (issue 15 §1): the base
/// year's buildings per 100 m cell and per building block (Baublock) by building type, age band
/// and heating carrier, each with the share resting on assumptions (imputed rather than measured),
/// and the heat line density per street segment for its map — all under the publication rule of
/// the heat plan: an area (cell, block, street segment) with fewer than
/// HeatPlanOptions::privacy_min_buildings computed buildings shows no values
/// (twin::PRIVACY_MIN_BUILDINGS).
///
/// compute: add_plan_inventories() (called once per results file with its base year, from
/// compute_heat_plans()); markup: area_inventory_html() and heat_line_density_map_svg() (called
/// from the Bestandsanalyse); the full tables as CSV beside the report: area_inventory_csv().
/// The HTML shows the areas with the largest heat demand (AREA_INVENTORY_HTML_ROWS per level)
/// folded in a <details> element, so that a 10,000-building municipality stays a small document.

#include "viz/report.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

namespace heattwin::twin {
struct Twin;
class CoordinateTransform;
}  // namespace heattwin::twin

namespace heattwin::viz {

struct Results;
struct HeatPlan;
struct HeatPlanOptions;

/// Building types of the area tables: the TABULA residential types and non-residential buildings.
inline constexpr std::array<const char*, 6> AREA_BUILDING_TYPES{"EFH", "RH", "MFH", "GMH", "WG", "NWG"};
/// Age bands of the area tables (coarse TABULA age classes) and "unknown".
inline constexpr std::array<const char*, 7> AREA_AGE_BANDS{"-1918",     "1919-1948", "1949-1978", "1979-1994",
                                                           "1995-2009", "2010-",     "unknown"};
/// Heating carriers of the area tables (the base year's final-energy carrier).
inline constexpr std::array<const char*, 6> AREA_CARRIERS{"natural_gas",   "heating_oil", "electricity",
                                                          "district_heat", "biomass",     "other"};
/// Rows per level (cells, blocks) in the HTML; all rows are in the CSV.
inline constexpr std::size_t AREA_INVENTORY_HTML_ROWS = 25;

/// One 100 m cell or building block of a municipality in the base year.
struct AreaInventory {
  std::string id;  ///< INSPIRE cell id (CRS3035RES100mN…E…) or the twin's block id
  std::uint32_t buildings = 0;
  bool withheld = false;  ///< fewer buildings than the privacy minimum: no value is shown
  double heat_mwh = 0.0;  ///< space heating + hot water need, MWh/a
  std::array<std::uint32_t, AREA_BUILDING_TYPES.size()> by_type{};
  std::array<std::uint32_t, AREA_AGE_BANDS.size()> by_age{};
  std::array<std::uint32_t, AREA_CARRIERS.size()> by_carrier{};
  /// Buildings whose type (use class or residential type), construction year or heating carrier
  /// rests on an assumption (provenance not measured; carrier drawn from census shares).
  std::uint32_t type_assumed = 0, year_assumed = 0, carrier_imputed = 0;
};

/// A street segment of the municipality with its heat line density, EPSG:3035 metres.
struct PlanStreet {
  double x0 = 0.0, y0 = 0.0, x1 = 0.0, y1 = 0.0;
  double length_m = 0.0;
  double heat_mwh = 0.0;  ///< demand of the buildings assigned to the segment, MWh/a
  std::uint32_t buildings = 0;
  bool withheld = false;  ///< 0 < buildings < the privacy minimum
  /// MWh/(m·a); NaN for a zero-length segment.
  double density_mwh_per_m_a() const {
    return length_m > 0.0 ? heat_mwh / length_m : std::numeric_limits<double>::quiet_NaN();
  }
};

/// The Bestandsanalyse detail of one municipality (base year).
struct PlanInventoryDetail {
  std::vector<AreaInventory> cells, blocks;  ///< sorted by heat demand, largest first; withheld last
  std::vector<PlanStreet> streets;           ///< the municipality's street segments
  bool twin_has_streets = false;
  std::uint64_t buildings_without_block = 0;
  std::uint64_t buildings_far_from_streets = 0;  ///< farther than STREET_MAX_DISTANCE_M from every segment
};

/// Buildings farther from every street segment count towards none (as in export --format gpkg).
inline constexpr double STREET_MAX_DISTANCE_M = 100.0;

/// Heat line density classes of the map, MWh/(m·a): below 0.7 unsuitable for a network, 0.7–1.5
/// possible, from 1.5 suitable in existing stock (rules of thumb, docs/SUPPLY.md), split above.
struct LineDensityClass {
  double lower_mwh_per_m_a;
  const char* label;
  const char* colour;
  double stroke_px;
};
inline constexpr std::array<LineDensityClass, 5> LINE_DENSITY_CLASSES{{
    {0.0, "< 0,7", "#c6dbef", 1.0},
    {0.7, "0,7 – 1,5", "#fdae6b", 1.6},
    {1.5, "1,5 – 3", "#f16913", 2.2},
    {3.0, "3 – 6", "#d94801", 2.8},
    {6.0, "≥ 6", "#7f2704", 3.4},
}};
/// Index into LINE_DENSITY_CLASSES (NaN or negative: class 0).
std::size_t line_density_class(double mwh_per_m_a);

/// Fills HeatPlan::inventory of every plan from the base year `base_year` of the results:
/// cells and blocks of each plan's municipality (plan_of_municipality[m]: the plan of twin
/// municipality m or SIZE_MAX; buildings outside every municipality go to `outside_plan`, which
/// gets no streets), and the heat line density of the twin's street segments of the
/// municipality (viz/heat_indicators street_heat, nearest segment within STREET_MAX_DISTANCE_M).
/// O(buildings log segments + cells + blocks).
void add_plan_inventories(const Results& base_year, const twin::Twin& twin,
                          const std::vector<std::size_t>& plan_of_municipality, std::size_t outside_plan,
                          std::vector<HeatPlan>& plans, const HeatPlanOptions& options,
                          const twin::CoordinateTransform& to_3035);

/// The cell and block tables of the Bestandsanalyse (folded, the AREA_INVENTORY_HTML_ROWS areas
/// with the largest heat demand per level; `csv_name` is named as the complete table when given).
void area_inventory_html(std::back_insert_iterator<std::string> out, const HeatPlan& plan,
                         const HeatPlanOptions& options, const std::string& csv_name);

/// The heat line density map (SVG: street segments by LINE_DENSITY_CLASSES, one path per class,
/// coordinates rounded to 0.1 px; withheld segments grey; municipal boundary; legend and scale
/// bar), or a note when the twin has no streets.
void heat_line_density_map_svg(std::back_insert_iterator<std::string> out, const HeatPlan& plan,
                               const HeatPlanOptions& options);

/// Every cell and block of the plan as CSV (Lang::de: `;` and decimal comma; en: `,` and `.`):
/// level, id, buildings, heat demand, the counts by type, age band and carrier and the assumed
/// shares; withheld areas with their id and an empty value for every other column.
std::string area_inventory_csv(const HeatPlan& plan, Lang lang);

}  // namespace heattwin::viz
