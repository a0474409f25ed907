#pragma once
/// \file The buildings of a twin as a structure of arrays: one contiguous column per attribute.
///
/// All columns have size() entries. Coordinates are in the twin's CRS (projected metres).
/// Unknown numeric values are NaN (floating point) or 0 (codes, years, storeys); each derived
/// value has a provenance column saying where it came from (see Provenance).

#include "twin/polygon_set.hpp"
#include "twin/string_column.hpp"
#include "twin/types.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

namespace heattwin::twin {

inline constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

/// Largest nominal heat output of one building's heating system, kW (heating_power_kw): a larger
/// value is a heating plant, not a building's system, or a unit error (W for kW).
inline constexpr double MAX_HEATING_POWER_KW = 50000.0;

/// Orientation sectors of walls, clockwise from north; sector k covers azimuth
/// [k·45° − 22.5°, k·45° + 22.5°) of the outward normal.
inline constexpr std::array<std::string_view, 8> SECTOR_NAMES{"n", "ne", "e", "se", "s", "sw", "w", "nw"};

/// X-macro of the value columns: X(type, name, unit, description).
/// One place of truth for the store, the docs and the generic algorithms.
#define HEATTWIN_BUILDING_VALUE_COLUMNS(X)                                                                  \
  X(std::uint32_t, municipality, "1", "index into RegionHierarchy::municipalities; NO_INDEX if unassigned") \
  X(std::uint32_t, block, "1", "index into RegionHierarchy::blocks; NO_INDEX if unassigned")                \
  X(std::uint32_t, grid_cell, "1", "index into Grid100m::cells; NO_INDEX if outside the grid")              \
  X(double, x_m, "m", "centroid easting in the twin CRS")                                                   \
  X(double, y_m, "m", "centroid northing in the twin CRS")                                                  \
  X(double, footprint_area_m2, "m2", "ground (footprint) area")                                             \
  X(double, perimeter_m, "m", "footprint perimeter (outer and inner rings)")                                \
  X(double, height_m, "m", "building height above ground (eaves/ridge as the source gives it)")             \
  X(std::uint16_t, storeys, "1", "storeys above ground; 0 = unknown")                                       \
  X(std::int16_t, year_of_construction, "a", "year of construction; 0 = unknown")                           \
  X(std::uint8_t, age_class, "1", "TABULA age class 1..12; 0 = unknown")                                    \
  X(std::uint16_t, alkis_function, "1", "ALKIS Gebaeudefunktion code (e.g. 1010); 0 = unknown")             \
  X(std::uint8_t, use_class, "1", "UseClass enumeration")                                                   \
  X(std::uint8_t, residential_type, "1", "ResidentialType enumeration (none, EFH, RH, MFH, GMH)")           \
  X(double, volume_m3, "m3", "gross heated volume")                                                         \
  X(double, heated_floor_area_m2, "m2", "heated (reference) floor area, see docs/IMPUTATION.md")            \
  X(double, wall_area_m2, "m2", "external wall area including shared walls")                                \
  X(double, shared_wall_area_m2, "m2", "wall area touching a neighbouring building (adiabatic)")            \
  X(double, wall_area_n_m2, "m2", "exposed wall area facing sector n")                                      \
  X(double, wall_area_ne_m2, "m2", "exposed wall area facing sector ne")                                    \
  X(double, wall_area_e_m2, "m2", "exposed wall area facing sector e")                                      \
  X(double, wall_area_se_m2, "m2", "exposed wall area facing sector se")                                    \
  X(double, wall_area_s_m2, "m2", "exposed wall area facing sector s")                                      \
  X(double, wall_area_sw_m2, "m2", "exposed wall area facing sector sw")                                    \
  X(double, wall_area_w_m2, "m2", "exposed wall area facing sector w")                                      \
  X(double, wall_area_nw_m2, "m2", "exposed wall area facing sector nw")                                    \
  X(double, roof_area_m2, "m2", "roof surface area")                                                        \
  X(double, window_area_m2, "m2", "window area")                                                            \
  X(double, u_wall_w_per_m2k, "W/(m2.K)", "wall U-value")                                                   \
  X(double, u_roof_w_per_m2k, "W/(m2.K)", "roof / top-floor ceiling U-value")                               \
  X(double, u_floor_w_per_m2k, "W/(m2.K)", "ground floor / cellar ceiling U-value")                         \
  X(double, u_window_w_per_m2k, "W/(m2.K)", "window U-value")                                               \
  X(double, air_change_1_per_h, "1/h", "air change rate (infiltration + ventilation)")                      \
  X(std::uint8_t, heating_carrier, "1", "Carrier enumeration of the heating system")                        \
  X(std::int16_t, heating_year, "a", "installation year of the heating system; 0 = unknown")                \
  X(double, heating_power_kw, "kW", "nominal heat output of the heating system (measured); NaN if unknown") \
  X(double, measured_heat_kwh_per_a, "kWh/a", "metered heat consumption; NaN if none")                      \
  X(std::uint8_t, geometry_check, "1",                                                                      \
    "LoD1/LoD2 shell check (ShellVerdict): 0 unchecked, 1 valid, 2 repaired, 3 fallback")

/// X-macro of the provenance columns: X(name, description). One byte (Provenance) per building each.
#define HEATTWIN_BUILDING_PROVENANCE_COLUMNS(X)                 \
  X(footprint, "footprint area, perimeter, centroid")           \
  X(height, "height_m")                                         \
  X(storeys, "storeys")                                         \
  X(year_of_construction, "year_of_construction and age_class") \
  X(use_class, "alkis_function and use_class")                  \
  X(residential_type, "residential_type")                       \
  X(volume, "volume_m3")                                        \
  X(heated_floor_area, "heated_floor_area_m2")                  \
  X(envelope, "wall, shared wall and roof areas")               \
  X(windows, "window_area_m2")                                  \
  X(u_values, "u_*_w_per_m2k")                                  \
  X(air_change, "air_change_1_per_h")                           \
  X(heating_system, "heating_carrier, heating_year")            \
  X(measured_heat, "measured_heat_kwh_per_a")

class BuildingSet {
 public:
  /// External id of each building (gml:id, ALKIS id, OSM id, …); unique within the twin.
  StringColumn id;

#define HEATTWIN_DECLARE_VALUE_COLUMN(type, name, unit, doc) std::vector<type> name;
  HEATTWIN_BUILDING_VALUE_COLUMNS(HEATTWIN_DECLARE_VALUE_COLUMN)
#undef HEATTWIN_DECLARE_VALUE_COLUMN

  /// Provenance columns, named prov_<attribute>.
#define HEATTWIN_DECLARE_PROV_COLUMN(name, doc) std::vector<Provenance> prov_##name;
  HEATTWIN_BUILDING_PROVENANCE_COLUMNS(HEATTWIN_DECLARE_PROV_COLUMN)
#undef HEATTWIN_DECLARE_PROV_COLUMN

  /// Footprint polygon of each building (polygon b belongs to building b; may have 0 rings).
  PolygonSet footprints;

  std::size_t size() const { return id.size(); }
  bool empty() const { return size() == 0; }

  /// Appends one building with every value unknown (NaN / 0 / NO_INDEX, provenance missing)
  /// and no footprint rings; returns its index. Fill the columns afterwards.
  BuildingIndex append_unknown(std::string_view external_id);

  /// Appends a footprint for the building most recently appended (rings as described at
  /// PolygonSet). Must be called at most once per building, in order.
  void append_footprint(std::span<const std::vector<std::array<double, 2>>> rings);

  /// Appends a building with its footprint and the footprint's measures (centroid, area,
  /// perimeter), all with provenance `geometry`; every other value unknown. Returns its index.
  BuildingIndex append_with_footprint(std::string_view external_id,
                                      std::span<const std::vector<std::array<double, 2>>> rings, double centroid_x_m,
                                      double centroid_y_m, double area_m2, double perimeter_length_m);

  /// Closes the footprint list so that every building has an entry (buildings without a
  /// footprint get zero rings). Called by the loaders before the invariant check.
  void finish_footprints();

  /// Reserves memory for n buildings.
  void reserve(std::size_t n);

  /// Heap bytes held by all columns (for the memory-per-building figure).
  std::size_t memory_bytes() const;

  /// Calls f(name, unit, doc, column) for every value column, in declaration order.
  template <class F>
  void for_each_value_column(F&& f) {
#define HEATTWIN_VISIT_VALUE_COLUMN(type, name, unit, doc) \
  f(std::string_view{#name}, std::string_view{unit}, std::string_view{doc}, name);
    HEATTWIN_BUILDING_VALUE_COLUMNS(HEATTWIN_VISIT_VALUE_COLUMN)
#undef HEATTWIN_VISIT_VALUE_COLUMN
  }
  template <class F>
  void for_each_value_column(F&& f) const {
#define HEATTWIN_VISIT_VALUE_COLUMN(type, name, unit, doc) \
  f(std::string_view{#name}, std::string_view{unit}, std::string_view{doc}, name);
    HEATTWIN_BUILDING_VALUE_COLUMNS(HEATTWIN_VISIT_VALUE_COLUMN)
#undef HEATTWIN_VISIT_VALUE_COLUMN
  }
  /// Calls f(attribute_name, doc, column) for every provenance column.
  template <class F>
  void for_each_provenance_column(F&& f) {
#define HEATTWIN_VISIT_PROV_COLUMN(name, doc) f(std::string_view{#name}, std::string_view{doc}, prov_##name);
    HEATTWIN_BUILDING_PROVENANCE_COLUMNS(HEATTWIN_VISIT_PROV_COLUMN)
#undef HEATTWIN_VISIT_PROV_COLUMN
  }
  template <class F>
  void for_each_provenance_column(F&& f) const {
#define HEATTWIN_VISIT_PROV_COLUMN(name, doc) f(std::string_view{#name}, std::string_view{doc}, prov_##name);
    HEATTWIN_BUILDING_PROVENANCE_COLUMNS(HEATTWIN_VISIT_PROV_COLUMN)
#undef HEATTWIN_VISIT_PROV_COLUMN
  }

  /// Resizes every column to n, filling new rows with "unknown". Ids must be set separately.
  void resize_columns(std::size_t n);
};

/// The 8 sector wall columns of a building set, in SECTOR_NAMES order.
std::array<std::vector<double>*, 8> wall_sector_columns(BuildingSet& b);
std::array<const std::vector<double>*, 8> wall_sector_columns(const BuildingSet& b);

}  // namespace heattwin::twin
