#pragma once
/// \file VTK XML files for ParaView from a twin and a results file (docs/OUTPUTS.md, "VTK
/// (ParaView)"): per (scenario, year) the buildings as extruded footprints (.vtu, one 3-D cell
/// per building), the 100 m census grid as quads (.vtp) and the district-heating pipes as
/// lines (.vtp), and per scenario a .pvd collection with one time step per year.
///
/// Files are VTK XML with appended raw binary data compressed with zlib, coordinates as doubles in
/// the twin's CRS (no shifted origin: ParaView's renderer re-centres large coordinates itself).
/// Every file is written under a temporary name and renamed when complete.

#include "twin/twin.hpp"
#include "viz/results_file.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace heattwin::viz {

/// Settings of the VTK export. Plain values.
struct VtkExportOptions {
  /// zlib level of the appended data, 1 (fastest) … 9 (smallest).
  int compression_level = 1;
  /// Height (m) of a building whose twin height is not a positive number and whose storeys are
  /// unknown. With known storeys the height is storeys × twin::storey_height_m(use class).
  double default_height_m = 3.0;
};

/// What one (scenario, year) step wrote, with counts for the summary.
struct VtkStep {
  std::string scenario;
  int year = 0;
  std::filesystem::path buildings_file;         ///< <scenario>_<year>_buildings.vtu
  std::filesystem::path grid_file;              ///< <scenario>_<year>_grid.vtp
  std::filesystem::path network_file;           ///< <scenario>_<year>_network.vtp; empty when the twin has no pipes
  std::size_t buildings_written = 0;            ///< cells (twin buildings with a footprint)
  std::size_t buildings_without_footprint = 0;  ///< skipped: no ring with at least 3 vertices
  std::size_t buildings_default_height = 0;     ///< written with a height from storeys or default_height_m
  std::size_t buildings_without_results = 0;    ///< written with NaN result arrays
  std::size_t grid_cells_written = 0;
  std::size_t pipes_written = 0;
};

/// Everything export_vtk wrote.
struct VtkExportReport {
  std::vector<VtkStep> steps;                    ///< in the results file's order
  std::vector<std::filesystem::path> pvd_files;  ///< one per scenario, <scenario>.pvd
};

/// Writes the three files of one (scenario, year) into `dir` (which must exist).
///
/// Buildings (.vtu): every twin building with a footprint, one cell from z = 0 to its height:
/// VTK_HEXAHEDRON / VTK_WEDGE for strictly convex quadrilaterals / triangles without holes,
/// VTK_POLYHEDRON otherwise (holes become inner walls). Cell data: each numeric results column of the building (1-D
/// as scalars, 2-D such as monthly_heating_kwh as multi-component arrays; NaN for buildings the
/// run did not compute), the derived specific_heating_kwh_per_m2a (= annual_heating_kwh /
/// heated_floor_area_m2) and, from the twin, use_class, residential_type, age_class,
/// year_of_construction, storeys, height_m (as drawn), height_from_default (1 where not the
/// twin's height), footprint_area_m2, twin_heated_floor_area_m2, heating_carrier and the
/// building id as a string array. Grid (.vtp): one quad per results grid cell, its EPSG:3035
/// corners transformed to the twin CRS, with the grid columns and heat_density_mwh_per_ha_a.
/// Network (.vtp): twin junctions as points, pipes as lines, with the twin's pipe attributes
/// and the results' network "pipes" (cell data) and "junctions" (point data) columns matched by
/// their `twin_index` column.
///
/// Throws InputError if the results do not belong to the twin (CRS, building index or id
/// mismatch, network rows out of range) or a grid cell id is malformed; IoError if a file
/// cannot be written. Complexity O(total footprint vertices + cells + pipes).
VtkStep write_vtk_step(const twin::Twin& twin, const Results& results, const std::filesystem::path& dir,
                       const VtkExportOptions& options = {});

/// Writes a ParaView collection (.pvd) at `path` listing `steps` (all of one scenario) with
/// timestep = year; parts 0, 1, 2 are buildings, grid and network. File names are written
/// relative to the .pvd's folder. Throws IoError if it cannot be written. O(steps).
void write_pvd(const std::filesystem::path& path, const std::vector<VtkStep>& steps);

/// Writes every (scenario, year) of the results file `results_path` (write_vtk_step) and one
/// `<scenario>.pvd` per scenario into `dir` (created if missing). Throws as read_results and
/// write_vtk_step. Complexity O(pairs × (buildings + vertices + cells + pipes)).
VtkExportReport export_vtk(const twin::Twin& twin, const std::string& results_path, const std::filesystem::path& dir,
                           const VtkExportOptions& options = {});

}  // namespace heattwin::viz
