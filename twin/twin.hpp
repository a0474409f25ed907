#pragma once
/// \file The twin: regions, 100 m grid, buildings, streets and networks in one CRS.

#include "twin/building_set.hpp"
#include "twin/crs.hpp"
#include "twin/grid.hpp"
#include "twin/network.hpp"
#include "twin/regions.hpp"
#include "twin/roof_surfaces.hpp"
#include "twin/streets.hpp"

#include <cstdint>
#include <map>
#include <string>

namespace heattwin::twin {

/// Counts of imputations by rule name (see docs/IMPUTATION.md). Ordered, so output is stable.
using ImputationCounts = std::map<std::string, std::uint64_t>;

struct Twin {
  std::string crs{DEFAULT_TWIN_CRS};  ///< CRS of all coordinates, "EPSG:nnnn"
  std::string source;                 ///< how the twin was made (command, inputs, seed)
  RegionHierarchy regions;
  Grid100m grid;
  BuildingSet buildings;
  RoofSurfaceSet roofs;  ///< LoD2 roof polygons per building (CityGML/CityJSON imports); empty if none are kept
  StreetSegments streets;
  NetworkSet networks;
  ImputationCounts imputations;
};

/// Checks every invariant of the twin (column sizes, index ranges, unique ids, finite and
/// positive geometry, valid enumerations, consistent polygons). Throws DataError naming
/// `context` (file or step), the building/region id and the violated rule.
void check_invariants(const Twin& twin, std::string_view context);

}  // namespace heattwin::twin
