#pragma once
/// \file The 100 m grid of the 2022 census (INSPIRE grid, ETRS89-LAEA, EPSG:3035).
/// A cell is named by its lower-left corner: "CRS3035RES100mN{north}E{east}", metres.

#include <cstdint>
#include <string>
#include <vector>

namespace heattwin::twin {

class BuildingSet;

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
