#pragma once
/// \file The WPG indicators the GeoPackage and the maps show, computed from one (scenario, year)
/// of a results file and its twin: heat demand density per 100 m census cell, MWh/(ha·a), and
/// heat line density per street segment, MWh/(m·a), both with the publication rule of the heat
/// plan (values of cells or segments with fewer than a few buildings are withheld, so that no
/// single building's demand can be read off a public map).
///
/// "Heat demand" here is space heating plus domestic hot water on the run's demand basis
/// (basis_heat_columns(): the expected consumption `expected_heating_kwh` +
/// `expected_hot_water_kwh` when the run used it, as heat plans, networks and CO2 do, else the
/// standard demand `annual_heating_kwh` + `annual_hot_water_kwh`; hot water NaN counts 0), the
/// same sum for cells and streets, so the two layers add up to the same total.

#include "twin/grid.hpp"
#include "twin/twin.hpp"
#include "viz/results_file.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace heattwin::viz {

/// Publication rule: a cell or street segment needs at least this many computed buildings for
/// its values to be shown (twin::PRIVACY_MIN_BUILDINGS, shared with the supply-area clusters).
inline constexpr std::size_t DEFAULT_PRIVACY_MIN_BUILDINGS = twin::PRIVACY_MIN_BUILDINGS;

/// A band of heat demand density with its map colour.
struct DensityClass {
  double lower_mwh_per_ha_a;  ///< inclusive lower bound
  const char* label;          ///< e.g. "70-175"
  const char* meaning;        ///< what the band says about heat networks
  std::array<std::uint8_t, 3> rgb;
};

/// The KEA-BW heat density bands (Leitfaden Kommunale Wärmeplanung, KEA Baden-Württemberg):
/// < 70 no network potential; 70–175 networks in new development; 175–415 low-temperature
/// networks in existing stock; 415–1050 conventional networks; ≥ 1050 very high suitability.
/// Colours: ColorBrewer YlOrRd, 5 classes (light = low).
inline constexpr std::array<DensityClass, 5> HEAT_DENSITY_CLASSES{{
    {0.0, "<70", "no heat network potential", {255, 255, 178}},
    {70.0, "70-175", "networks in new development", {254, 204, 92}},
    {175.0, "175-415", "low-temperature networks in existing stock", {253, 141, 60}},
    {415.0, "415-1050", "conventional heat networks", {240, 59, 32}},
    {1050.0, ">=1050", "very high network suitability", {189, 0, 38}},
}};

/// Index into HEAT_DENSITY_CLASSES of a density in MWh/(ha·a) (negative values: class 0).
std::size_t heat_density_class(double density_mwh_per_ha_a);

/// Heat demand per census cell (rows in the results' grid order).
struct GridHeat {
  std::vector<std::uint32_t> north_m, east_m;  ///< lower-left corner in EPSG:3035, m
  std::vector<double> heat_mwh_per_a;          ///< space heating + hot water of the cell's computed buildings
  std::vector<std::uint32_t> buildings;        ///< computed buildings whose centroid lies in the cell
  std::vector<std::uint8_t> withheld;          ///< 1 if buildings < the privacy minimum
  double cell_area_ha = 1.0;                   ///< 100 m × 100 m

  std::size_t size() const { return north_m.size(); }
  /// Heat demand density of cell k, MWh/(ha·a) (a 100 m cell is 1 ha).
  double density_mwh_per_ha_a(std::size_t k) const { return heat_mwh_per_a[k] / cell_area_ha; }
};

/// Parses an INSPIRE 100 m cell id "CRS3035RES100mN{north}E{east}" into metres; throws
/// InputError naming `where` if the id has another form.
void parse_cell_id(const std::string& id, const std::string& where, std::uint32_t& north_m, std::uint32_t& east_m);

/// Heat demand of the results' grid cells, with building counts from the twin (each computed
/// building counts in the twin's cell of its centroid). Throws InputError if the results name
/// twin rows the twin does not have (results of another twin) or a malformed cell id.
/// Complexity O(buildings + cells).
GridHeat grid_heat(const Results& results, const twin::Twin& twin, std::size_t privacy_min_buildings);

/// Heat line density of the twin's street segments (rows in the twin's street order).
struct StreetHeat {
  std::vector<double> length_m;
  std::vector<double> heat_mwh_per_a;      ///< demand of the buildings assigned to the segment
  std::vector<std::uint32_t> buildings;    ///< computed buildings assigned
  std::vector<std::uint8_t> withheld;      ///< 1 if 0 < buildings < the privacy minimum (empty streets show 0)
  std::size_t buildings_unassigned = 0;    ///< computed buildings farther than the maximum distance
  double unassigned_heat_mwh_per_a = 0.0;  ///< their demand
  /// Heat line density of segment s, MWh/(m·a); NaN for a zero-length segment.
  double density_mwh_per_m_a(std::size_t s) const {
    return length_m[s] > 0.0 ? heat_mwh_per_a[s] / length_m[s] : std::numeric_limits<double>::quiet_NaN();
  }
};

/// Assigns each computed building (by its centroid) to the nearest street segment of the twin
/// within `max_distance_m` (R-tree nearest query) and sums demand per segment. Buildings without
/// a segment that close are counted as unassigned. Throws InputError for results of another
/// twin, or if the twin has no streets. Complexity O((buildings + segments) log segments).
StreetHeat street_heat(const Results& results, const twin::Twin& twin, double max_distance_m,
                       std::size_t privacy_min_buildings);

/// The buildings columns of space heating and hot water, kWh/a, on the run's demand basis
/// (twin::heat_basis_columns(results.demand_basis): the expected consumption when the run wrote
/// `demand_basis = "expected_consumption"`, else the standard demand). `hot_water_kwh` is null
/// when the file has no hot-water column. Throws InputError naming the file and group if the
/// basis's heating column is missing. References into `results`.
struct BasisHeatColumns {
  const std::vector<double>* heating_kwh = nullptr;
  const std::vector<double>* hot_water_kwh = nullptr;
  bool expected_consumption = false;  ///< the columns are the expected consumption
};
BasisHeatColumns basis_heat_columns(const Results& results);

/// Annual heat of each results building row, MWh/a (space heating + hot water on the run's
/// demand basis, basis_heat_columns(); a non-finite part counts 0).
std::vector<double> building_heat_mwh_per_a(const Results& results);

/// The twin row of each results building; throws InputError naming the results file if a row is
/// missing from or outside the twin.
std::vector<std::size_t> building_twin_rows(const Results& results, const twin::Twin& twin);

}  // namespace heattwin::viz
