#include "viz/heat_indicators.hpp"

#include "twin/error.hpp"
#include "twin/indicators.hpp"
#include "twin/types.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>
#include <unordered_map>

namespace heattwin::viz {
namespace {

namespace bg = boost::geometry;
using Point = bg::model::point<double, 2, bg::cs::cartesian>;
using Segment = bg::model::segment<Point>;

std::uint64_t cell_key(std::uint32_t north_m, std::uint32_t east_m) {
  return (static_cast<std::uint64_t>(north_m) << 32) | east_m;
}

}  // namespace

std::size_t heat_density_class(double density_mwh_per_ha_a) {
  std::size_t k = 0;
  while (k + 1 < HEAT_DENSITY_CLASSES.size() && density_mwh_per_ha_a >= HEAT_DENSITY_CLASSES[k + 1].lower_mwh_per_ha_a)
    ++k;
  return k;
}

void parse_cell_id(const std::string& id, const std::string& where, std::uint32_t& north_m, std::uint32_t& east_m) {
  constexpr std::string_view PREFIX = "CRS3035RES100mN";
  const std::string_view s(id);
  bool ok = s.starts_with(PREFIX);
  const char* p = s.data() + PREFIX.size();
  const char* end = s.data() + s.size();
  if (ok) {
    const auto r = std::from_chars(p, end, north_m);
    ok = r.ec == std::errc() && r.ptr < end && *r.ptr == 'E';
    if (ok) {
      const auto r2 = std::from_chars(r.ptr + 1, end, east_m);
      ok = r2.ec == std::errc() && r2.ptr == end;
    }
  }
  HEATTWIN_CHECK(ok, "{}: grid cell id '{}' is not of the form CRS3035RES100mN<north>E<east>", where, id);
}

BasisHeatColumns basis_heat_columns(const Results& results) {
  const auto names = twin::heat_basis_columns(results.demand_basis);
  BasisHeatColumns c;
  c.heating_kwh = &results.buildings.column(std::string(names.heating));
  const auto it = results.buildings.columns.find(std::string(names.hot_water));
  if (it != results.buildings.columns.end()) c.hot_water_kwh = &it->second;
  c.expected_consumption = names.heating != twin::heat_basis_columns("").heating;
  return c;
}

std::vector<double> building_heat_mwh_per_a(const Results& results) {
  const BasisHeatColumns c = basis_heat_columns(results);
  const auto& heating = *c.heating_kwh;
  std::vector<double> heat(heating.size());
  for (std::size_t i = 0; i < heat.size(); ++i) {
    const double hot_water = c.hot_water_kwh != nullptr ? (*c.hot_water_kwh)[i] : 0.0;
    heat[i] = twin::heat_demand_mwh(heating[i] / 1000.0, hot_water / 1000.0);
  }
  return heat;
}

std::vector<std::size_t> building_twin_rows(const Results& results, const twin::Twin& twin) {
  const std::size_t n = results.buildings.rows();
  HEATTWIN_CHECK(results.building_twin_index.size() == n, "{}: the buildings table has no twin_index for its {} rows",
                 results.buildings.where, n);
  std::vector<std::size_t> rows(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t t = results.building_twin_index[i];
    HEATTWIN_CHECK(t >= 0 && static_cast<std::size_t>(t) < twin.buildings.size(),
                   "{}: building '{}' names twin row {}, but the twin has {} buildings; are these results of "
                   "another twin? (pass --twin)",
                   results.buildings.where, results.buildings.id[i], t, twin.buildings.size());
    rows[i] = static_cast<std::size_t>(t);
    HEATTWIN_CHECK(twin.buildings.id[rows[i]] == results.buildings.id[i],
                   "{}: building '{}' is '{}' in row {} of the twin; are these results of another twin? (pass --twin)",
                   results.buildings.where, results.buildings.id[i], twin.buildings.id[rows[i]], t);
  }
  return rows;
}

GridHeat grid_heat(const Results& results, const twin::Twin& twin, std::size_t privacy_min_buildings) {
  const ResultsTable& grid = results.grid;
  const std::size_t cells = grid.rows();
  GridHeat g;
  g.north_m.resize(cells);
  g.east_m.resize(cells);
  g.heat_mwh_per_a.assign(cells, 0.0);
  g.buildings.assign(cells, 0);
  g.withheld.assign(cells, 0);
  std::unordered_map<std::uint64_t, std::size_t> row_of;
  row_of.reserve(cells);
  const auto& heating = grid.column("annual_heating_kwh");
  const auto hot_water = grid.columns.find("annual_hot_water_kwh");
  for (std::size_t k = 0; k < cells; ++k) {
    parse_cell_id(grid.id[k], grid.where, g.north_m[k], g.east_m[k]);
    row_of.emplace(cell_key(g.north_m[k], g.east_m[k]), k);
    const double w =
        hot_water != grid.columns.end() && std::isfinite(hot_water->second[k]) ? hot_water->second[k] : 0.0;
    g.heat_mwh_per_a[k] = ((std::isfinite(heating[k]) ? heating[k] : 0.0) + w) / 1000.0;
  }
  const auto rows = building_twin_rows(results, twin);
  const auto& tg = twin.grid;
  // The grid table holds the standard demand; on the expected-consumption basis the cells sum
  // their buildings' expected consumption instead (the same basis as streets and the run).
  const bool expected = basis_heat_columns(results).expected_consumption;
  const std::vector<double> building_heat = expected ? building_heat_mwh_per_a(results) : std::vector<double>{};
  if (expected) std::fill(g.heat_mwh_per_a.begin(), g.heat_mwh_per_a.end(), 0.0);
  for (std::size_t b = 0; b < rows.size(); ++b) {
    const std::uint32_t c = twin.buildings.grid_cell[rows[b]];
    if (c >= tg.size()) continue;
    const auto it = row_of.find(cell_key(tg.north_100m[c] * 100u, tg.east_100m[c] * 100u));
    if (it == row_of.end()) continue;
    ++g.buildings[it->second];
    if (expected) g.heat_mwh_per_a[it->second] += building_heat[b];
  }
  for (std::size_t k = 0; k < cells; ++k) g.withheld[k] = g.buildings[k] < privacy_min_buildings ? 1 : 0;
  return g;
}

StreetHeat street_heat(const Results& results, const twin::Twin& twin, double max_distance_m,
                       std::size_t privacy_min_buildings) {
  const twin::StreetSegments& streets = twin.streets;
  const std::size_t m = streets.size();
  HEATTWIN_CHECK(m > 0, "{}: the twin has no street segments; heat line density needs streets", results.path);
  HEATTWIN_CHECK(max_distance_m > 0.0, "street assignment: maximum distance {} m must be positive", max_distance_m);
  StreetHeat s;
  s.length_m.resize(m);
  s.heat_mwh_per_a.assign(m, 0.0);
  s.buildings.assign(m, 0);
  s.withheld.assign(m, 0);
  std::vector<std::pair<Segment, std::uint32_t>> values;
  values.reserve(m);
  for (std::size_t i = 0; i < m; ++i) {
    s.length_m[i] = std::hypot(streets.x1_m[i] - streets.x0_m[i], streets.y1_m[i] - streets.y0_m[i]);
    values.emplace_back(Segment(Point(streets.x0_m[i], streets.y0_m[i]), Point(streets.x1_m[i], streets.y1_m[i])),
                        static_cast<std::uint32_t>(i));
  }
  const bg::index::rtree<std::pair<Segment, std::uint32_t>, bg::index::rstar<16>> index(values);
  const auto rows = building_twin_rows(results, twin);
  const auto heat = building_heat_mwh_per_a(results);
  std::vector<std::pair<Segment, std::uint32_t>> found;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Point p(twin.buildings.x_m[rows[i]], twin.buildings.y_m[rows[i]]);
    found.clear();
    if (std::isfinite(bg::get<0>(p)) && std::isfinite(bg::get<1>(p)))
      index.query(bg::index::nearest(p, 1), std::back_inserter(found));
    if (found.empty() || bg::distance(p, found.front().first) > max_distance_m) {
      ++s.buildings_unassigned;
      s.unassigned_heat_mwh_per_a += heat[i];
      continue;
    }
    const std::uint32_t seg = found.front().second;
    s.heat_mwh_per_a[seg] += heat[i];
    ++s.buildings[seg];
  }
  for (std::size_t i = 0; i < m; ++i)
    s.withheld[i] = s.buildings[i] > 0 && s.buildings[i] < privacy_min_buildings ? 1 : 0;
  return s;
}

}  // namespace heattwin::viz
