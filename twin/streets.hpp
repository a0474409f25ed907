#pragma once
/// \file Street segments of the twin (for heat line density and network routing).

#include "twin/types.hpp"

#include <cstdint>
#include <vector>

namespace heattwin::twin {

/// Straight street segments as columns; coordinates in the twin CRS (m).
struct StreetSegments {
  std::vector<double> x0_m, y0_m, x1_m, y1_m;
  std::vector<std::uint32_t> municipality;  ///< index into RegionHierarchy::municipalities or NO_INDEX

  std::size_t size() const { return x0_m.size(); }
  void append(double x0, double y0, double x1, double y1, std::uint32_t municipality_index) {
    x0_m.push_back(x0);
    y0_m.push_back(y0);
    x1_m.push_back(x1);
    y1_m.push_back(y1);
    municipality.push_back(municipality_index);
  }
};

}  // namespace heattwin::twin
