#pragma once
/// \file The 100 m grid of the 2022 census (INSPIRE grid, ETRS89-LAEA, EPSG:3035).
/// A cell is named by its lower-left corner: "CRS3035RES100mN{north}E{east}", metres.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace heattwin::twin {

class BuildingSet;

/// Publication rule of the heat plan: an area (census cell, street segment, supply sub-area)
/// needs at least this many computed buildings for its values to be published (Leitfaden
/// Wärmeplanung: aggregate several buildings per published area; 5 is the default of this
/// program, an option wherever results are exported). The one definition: viz/ (grid_100m,
/// street segments) and solvers/supply (supply-area clusters) both use it.
inline constexpr std::size_t PRIVACY_MIN_BUILDINGS = 5;

class Grid100m {
 public:
  /// Lower-left corner of each cell in EPSG:3035, in units of 100 m (north, east).
  std::vector<std::uint32_t> north_100m;
  std::vector<std::uint32_t> east_100m;

  std::size_t size() const { return north_100m.size(); }
  /// INSPIRE/census id of cell k, e.g. "CRS3035RES100mN2689100E4337000".
  std::string cell_id(std::size_t k) const;
};

/// Builds the grid cells that hold at least one building centroid and sets
/// buildings.grid_cell. Centroids are transformed from `twin_crs` to EPSG:3035 with PROJ.
/// Cells are sorted by (north, east): the result does not depend on building order or threads.
/// Throws InputError if the CRS is unknown.
Grid100m build_grid_for_buildings(BuildingSet& buildings, const std::string& twin_crs);

}  // namespace heattwin::twin
