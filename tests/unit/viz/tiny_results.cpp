#include "tests/unit/viz/tiny_results.hpp"

#include "twin/grid.hpp"
#include "twin/h5.hpp"

#include <array>
#include <cstdint>
#include <map>

namespace heattwin::test {

h5::Group write_results_root(const h5::Group& root, const std::string& scenario_toml) {
  root.set_attribute("filetype", "heattwin-results");
  const std::array<std::int64_t, 2> version{1, 0};
  root.set_attribute("schema_version", version);
  h5::Group meta = root.create_group("meta");
  meta.set_attribute("heattwin_version", "0.1.0");
  meta.set_attribute("git_sha", "abc123def456");
  meta.set_attribute("started_utc", "2026-12-03T08:00:00Z");
  meta.set_attribute("finished_utc", "2026-12-03T08:00:05Z");
  meta.write_strings("scenario_toml", {scenario_toml});
  return meta;
}

TinyResults write_tiny_results(const std::string& dir, bool with_grid) {
  TinyResults r;
  twin::Twin& t = r.twin;
  t.crs = "EPSG:25832";
  struct B {
    const char* id;
    double x, y, heating_kwh, hot_water_kwh;
  };
  std::vector<B> buildings{{"near_a", 700020.0, 5650010.0, 25000.0, 5000.0},
                           {"near_b", 700070.0, 5650010.0, 40000.0, 10000.0},
                           {"far", 700050.0, 5650500.0, 7000.0, 0.0}};
  const char* cluster[] = {"c0", "c1", "c2", "c3", "c4", "c5"};
  for (int i = 0; i < 6; ++i)
    buildings.push_back({cluster[i], 700440.0 + 3.0 * i, 5650040.0 + 2.0 * (i % 2), 18000.0, 2000.0});
  for (const auto& b : buildings) {
    // 6 m × 6 m footprints around the centroid.
    const std::vector<std::vector<std::array<double, 2>>> rings{
        {{b.x - 3, b.y - 3}, {b.x + 3, b.y - 3}, {b.x + 3, b.y + 3}, {b.x - 3, b.y + 3}}};
    const auto k = t.buildings.append_with_footprint(b.id, rings, b.x, b.y, 36.0, 24.0);
    t.buildings.heated_floor_area_m2[static_cast<std::size_t>(k)] = 100.0;
    r.heat_mwh_per_a.push_back((b.heating_kwh + b.hot_water_kwh) / 1000.0);
  }
  t.buildings.finish_footprints();
  t.grid = twin::build_grid_for_buildings(t.buildings, t.crs);
  t.streets.append(700000.0, 5650000.0, 700100.0, 5650000.0, heattwin::NO_INDEX);

  t.networks.names = {"net"};
  for (const auto& [id, x] : {std::pair{"j0", 700000.0}, std::pair{"j1", 700100.0}}) {
    t.networks.junctions.id.push_back(id);
    t.networks.junctions.x_m.push_back(x);
    t.networks.junctions.y_m.push_back(5649990.0);
    t.networks.junctions.elevation_m.push_back(0.0);
    t.networks.junctions.network.push_back(0);
  }
  auto& p = t.networks.pipes;
  p.id.push_back("p1");
  p.from_junction.push_back(0);
  p.to_junction.push_back(1);
  p.length_m.push_back(100.0);
  p.inner_diameter_m.push_back(0.1);
  p.roughness_mm.push_back(0.1);
  p.heat_loss_w_per_mk.push_back(0.3);
  p.burial_depth_m.push_back(1.0);
  p.side.push_back(0);

  r.path = dir + "/results.h5";
  auto file = h5::File::create(r.path);
  const h5::Group root = file.root();
  const h5::Group meta = write_results_root(root, "[run]\nname = \"tiny\"\n");
  meta.create_group("inputs").set_attribute("twin", dir + "/twin.h5");
  root.create_group("twin").set_attribute("crs", t.crs);
  const h5::Group year = root.create_group("results").create_group("tiny").create_group("2025");
  year.set_attribute("method", "EN ISO 13790 monthly");

  const h5::Group b = year.create_group("buildings");
  std::vector<std::string> ids;
  std::vector<std::int64_t> twin_index;
  std::vector<double> heating, hot_water, floor_area;
  for (std::size_t i = 0; i < buildings.size(); ++i) {
    ids.emplace_back(buildings[i].id);
    twin_index.push_back(static_cast<std::int64_t>(i));
    heating.push_back(buildings[i].heating_kwh);
    hot_water.push_back(buildings[i].hot_water_kwh);
    floor_area.push_back(100.0);
  }
  b.write_strings("id", ids);
  b.write("twin_index", twin_index, {.unit = "1"});
  b.write("annual_heating_kwh", heating, {.unit = "kWh/a"});
  b.write("annual_hot_water_kwh", hot_water, {.unit = "kWh/a"});
  b.write("heated_floor_area_m2", floor_area, {.unit = "m2"});

  const h5::Group regions = year.create_group("regions");
  regions.write_strings("ags", {""});
  regions.write("annual_heating_kwh", std::vector<double>{0.0}, {.unit = "kWh/a"});

  // The grid: every twin cell with its buildings' sums, in the twin's cell order.
  std::map<std::uint32_t, std::pair<double, double>> cells;
  for (std::size_t i = 0; i < buildings.size(); ++i) {
    auto& c = cells[t.buildings.grid_cell[i]];
    c.first += buildings[i].heating_kwh;
    c.second += buildings[i].hot_water_kwh;
  }
  const h5::Group grid = year.create_group("grid");
  grid.set_attribute("crs", "EPSG:3035");
  std::vector<std::string> cell_ids;
  std::vector<double> cell_heating, cell_hot_water;
  if (with_grid) {
    for (const auto& [k, sums] : cells) {
      cell_ids.push_back(t.grid.cell_id(k));
      cell_heating.push_back(sums.first);
      cell_hot_water.push_back(sums.second);
    }
  }
  grid.write_strings("cell_id", cell_ids);
  grid.write("annual_heating_kwh", cell_heating, {.unit = "kWh/a"});
  grid.write("annual_hot_water_kwh", cell_hot_water, {.unit = "kWh/a"});

  const h5::Group pipes = year.create_group("network").create_group("pipes");
  pipes.write_strings("id", {"p1"});
  pipes.write("twin_index", std::vector<std::int64_t>{0}, {.unit = "1"});
  pipes.write("v_mean_m_per_s", std::vector<double>{0.5}, {.unit = "m/s"});
  file.commit();
  return r;
}

}  // namespace heattwin::test
