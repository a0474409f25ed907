#include "twin/grid.hpp"

#include "twin/building_set.hpp"
#include "twin/crs.hpp"
#include "twin/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace heattwin::twin {

std::string Grid100m::cell_id(std::size_t k) const {
  return fmt::format("CRS3035RES100mN{}E{}", std::uint64_t{north_100m[k]} * 100, std::uint64_t{east_100m[k]} * 100);
}

Grid100m build_grid_for_buildings(BuildingSet& buildings, const std::string& twin_crs) {
  const std::size_t n = buildings.size();
  std::vector<double> x(buildings.x_m);
  std::vector<double> y(buildings.y_m);
  CoordinateTransform to_laea(twin_crs, "EPSG:3035");
  to_laea.transform(x, y);

  // Key = (north << 32) | east, in 100 m units; invalid points get no cell.
  constexpr std::uint64_t NO_KEY = ~std::uint64_t{0};
  std::vector<std::uint64_t> key(n, NO_KEY);
  for (std::size_t b = 0; b < n; ++b) {
    if (!std::isfinite(x[b]) || !std::isfinite(y[b]) || x[b] < 0 || y[b] < 0 || x[b] > 4.0e8 || y[b] > 4.0e8) continue;
    const auto east = static_cast<std::uint64_t>(std::floor(x[b] / 100.0));
    const auto north = static_cast<std::uint64_t>(std::floor(y[b] / 100.0));
    key[b] = (north << 32) | east;
  }
  std::vector<std::uint64_t> cells(key);
  std::sort(cells.begin(), cells.end());
  cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
  if (!cells.empty() && cells.back() == NO_KEY) cells.pop_back();

  Grid100m grid;
  grid.north_100m.reserve(cells.size());
  grid.east_100m.reserve(cells.size());
  for (auto c : cells) {
    grid.north_100m.push_back(static_cast<std::uint32_t>(c >> 32));
    grid.east_100m.push_back(static_cast<std::uint32_t>(c & 0xffffffffu));
  }
  buildings.grid_cell.resize(n);
  for (std::size_t b = 0; b < n; ++b) {
    if (key[b] == NO_KEY) {
      buildings.grid_cell[b] = NO_INDEX;
      continue;
    }
    const auto it = std::lower_bound(cells.begin(), cells.end(), key[b]);
    buildings.grid_cell[b] = static_cast<std::uint32_t>(it - cells.begin());
  }
  return grid;
}

}  // namespace heattwin::twin
