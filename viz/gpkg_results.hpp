#pragma once
/// \file One (scenario, year) of a results file as a GeoPackage for QGIS: the heat plan's
/// indicators per 100 m cell and per street segment, the network pipes with their results, and
/// (on request only) the buildings. docs/OUTPUTS.md describes every layer and field.

#include "twin/twin.hpp"
#include "viz/heat_indicators.hpp"
#include "viz/results_file.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace heattwin::viz {

/// Settings of write_results_gpkg().
struct GpkgResultsOptions {
  /// Cells and street segments with fewer computed buildings get NULL values and withheld = 1.
  std::size_t privacy_min_buildings = DEFAULT_PRIVACY_MIN_BUILDINGS;
  /// Buildings whose centroid is farther than this from every street segment are not assigned (m).
  double street_max_distance_m = 100.0;
  /// Also write the `buildings` layer (footprints with per-building results). Off by default:
  /// a public map must not show single buildings' demand.
  bool buildings_layer = false;
  /// Build the R-tree of every layer.
  bool spatial_index = true;
};

/// What write_results_gpkg() wrote.
struct GpkgResultsReport {
  std::vector<std::string> layers;  ///< layer names in writing order
  std::size_t grid_cells = 0, grid_cells_withheld = 0;
  std::size_t street_segments = 0, street_segments_withheld = 0;
  std::size_t buildings_on_streets = 0;  ///< computed buildings assigned to a segment
  std::size_t buildings_unassigned = 0;  ///< farther than street_max_distance_m from every segment
  double unassigned_heat_mwh_per_a = 0.0;
  std::size_t network_pipes = 0;
  std::size_t buildings = 0;  ///< features of the buildings layer
  bool supply_areas = false;  ///< true if the results' year has a supply_areas table (and the layer was written)
  std::size_t supply_areas_withheld = 0;          ///< cells whose class is withheld (< privacy minimum)
  std::size_t supply_area_clusters = 0;           ///< features of the supply_area_clusters layer (0: no layer)
  std::size_t supply_area_clusters_withheld = 0;  ///< sub-areas whose class is withheld
};

/// Writes `path` (replaced if it exists; written to a temporary file and renamed when complete)
/// with the layers
///   grid_100m (EPSG:3035 polygons of the census cells holding computed buildings),
///   street_segments (twin CRS lines; only if the twin has streets),
///   network_pipes (twin CRS lines; only if the twin has network pipes),
///   buildings (twin CRS footprints; only with options.buildings_layer).
///   supply_areas (EPSG:3035 polygons of the cells of /results/<s>/<y>/supply_areas, when the
///     run wrote that table: type, the three grades, reasons, densities; withheld like grid_100m).
///   supply_area_clusters (EPSG:3035 multipolygons, the union of each sub-area's cells, from
///     /results/<s>/<y>/supply_areas/clusters when the run wrote it: type, grades, reasons, cells,
///     buildings, heat, area, densities, LCOHs; class and heat withheld (NULL) where the run
///     flagged the sub-area or it has fewer buildings than options.privacy_min_buildings).
/// Throws InputError if the results do not belong to `twin` or an option is out of range,
/// IoError if GDAL cannot write. Complexity O((B + S) log S + C + P) for B buildings, S street
/// segments, C cells, P pipes; ≈ 10 µs per feature written.
GpkgResultsReport write_results_gpkg(const Results& results, const twin::Twin& twin, const std::string& path,
                                     const GpkgResultsOptions& options = {});

}  // namespace heattwin::viz
