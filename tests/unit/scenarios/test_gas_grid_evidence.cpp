/// The [data] keys of the gas grid and hydrogen plan, and the cell evidence built from their
/// layers: known / unknown, the buffer, errors naming file, line and key.

#include "scenarios/demand_run.hpp"
#include "scenarios/gas_grid_evidence.hpp"
#include "tests/unit/scenarios/scenario_file.hpp"
#include "twin/error.hpp"
#include "twin/h5.hpp"
#include "twin/results_format.hpp"
#include "twin/twin.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace sc = heattwin::scenarios;
using heattwin::scenarios::test::DATA;
using heattwin::scenarios::test::error_of;
using heattwin::scenarios::test::RUN;
using heattwin::scenarios::test::ScenarioFile;

namespace {

/// Three buildings in three cells (twin CRS = EPSG:3035, so the cells are plain squares): one
/// 30 m from a main, one 80 m from it, one inside the hydrogen plan area.
heattwin::twin::Twin three_building_twin() {
  heattwin::twin::Twin twin;
  twin.crs = "EPSG:3035";
  twin.grid.north_100m = {30000, 30000, 30000};
  twin.grid.east_100m = {40000, 40001, 40002};
  auto& b = twin.buildings;
  for (const char* id : {"a", "b", "c"}) b.append_unknown(id);
  b.x_m = {4000050.0, 4000150.0, 4000250.0};
  b.y_m = {3000030.0, 3000080.0, 3000050.0};
  b.grid_cell = {0, 1, 2};
  return twin;
}

void write_file(const std::filesystem::path& path, const std::string& text) { std::ofstream(path) << text; }

}  // namespace

TEST(GasGridEvidence, KeysAreReadWithPathsRelativeToTheScenario) {
  const ScenarioFile none(RUN);
  const auto d = sc::load_demand_scenario(none.path(), DATA);
  EXPECT_TRUE(d.gas_grid.gas_grid_path.empty());
  EXPECT_DOUBLE_EQ(d.gas_grid.gas_grid_buffer_m, sc::DEFAULT_GAS_GRID_BUFFER_M);
  const ScenarioFile f(RUN +
                       "[data]\ngas_grid = \"gis/gas.gpkg\"\ngas_grid_layer = \"mains\"\ngas_grid_buffer_m = 30\n"
                       "hydrogen_plan = \"gis/h2.geojson\"\nhydrogen_plan_buffer_m = 0.5\n");
  const auto s = sc::load_demand_scenario(f.path(), DATA);
  const std::string dir = std::filesystem::path(f.path()).parent_path().string();
  EXPECT_EQ(s.gas_grid.gas_grid_path, dir + "/gis/gas.gpkg");
  EXPECT_EQ(s.gas_grid.gas_grid_layer, "mains");
  EXPECT_DOUBLE_EQ(s.gas_grid.gas_grid_buffer_m, 30.0);
  EXPECT_EQ(s.gas_grid.hydrogen_plan_path, dir + "/gis/h2.geojson");
  EXPECT_TRUE(s.gas_grid.hydrogen_plan_layer.empty());
  EXPECT_DOUBLE_EQ(s.gas_grid.hydrogen_plan_buffer_m, 0.5);
  ASSERT_EQ(sc::gas_grid_inputs(s.gas_grid).size(), 2U);
  EXPECT_EQ(sc::gas_grid_inputs(s.gas_grid)[0].first, "gas_grid");
}

TEST(GasGridEvidence, BadKeysNameFileLineAndKey) {
  // [run] takes lines 1–4, [data] line 5.
  const auto expect_error = [](const std::string& data, int line, const std::string& fragment) {
    SCOPED_TRACE(data);
    const std::string e = error_of(RUN + "[data]\n" + data);
    EXPECT_NE(e.find(fmt::format("plan.toml:{}", line)), std::string::npos) << e;
    EXPECT_NE(e.find(fragment), std::string::npos) << e;
  };
  expect_error("gas_grid = 3\n", 6, "gas_grid must be a non-empty string path");
  expect_error("gas_grid = \"g.gpkg\"\ngas_grid_buffer_m = 0\n", 7,
               "'gas_grid_buffer_m' must be a number between 0.01 and 500 m");
  expect_error("gas_grid = \"g.gpkg\"\ngas_grid_buffer_m = 501\n", 7, "between 0.01 and 500 m");
  expect_error("hydrogen_plan_layer = \"plan\"\n", 6, "hydrogen_plan_layer is set but hydrogen_plan (the file) is not");
  expect_error("gas_grid_file = \"g.gpkg\"\n", 6, "unknown key 'gas_grid_file'");
}

TEST(GasGridEvidence, CellsWithinTheBufferHaveAGasGridAndUnknownStaysUnknown) {
  const heattwin::twin::Twin twin = three_building_twin();
  const std::vector<std::uint32_t> computed = {0, 1, 2}, row_cell = {2, 0, 1};  // rows in another order
  // Nothing given: both unknown, the columns are empty.
  const sc::GasGridEvidence unknown;
  const sc::CellGasFlags none = unknown.cells(twin, computed, row_cell);
  EXPECT_TRUE(none.has_gas_network.empty() && none.hydrogen_plan.empty());
  EXPECT_STREQ(unknown.summary().gas_grid_source(), "unknown");

  const auto dir = std::filesystem::temp_directory_path() / fmt::format("heattwin_gas_{}", ::getpid());
  std::filesystem::create_directories(dir);
  // A main along y = 3000000 from x = 4000000 to 4000200; the plan: the square of cell 2.
  const std::string crs = R"("crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3035"}})";
  write_file(
      dir / "gas.geojson",
      R"({"type":"FeatureCollection",)" + crs +
          R"(,"features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[4000000,3000000],[4000200,3000000]]}}]})");
  write_file(
      dir / "h2.geojson",
      R"({"type":"FeatureCollection",)" + crs +
          R"(,"features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[4000200,3000000],[4000300,3000000],[4000300,3000100],[4000200,3000100],[4000200,3000000]]]}}]})");
  sc::GasGridSettings settings;
  settings.gas_grid_path = (dir / "gas.geojson").string();
  settings.gas_grid_buffer_m = 50.0;
  const sc::GasGridEvidence gas_only(settings, twin);
  EXPECT_EQ(gas_only.summary().buildings_near_gas_grid, 1U);  // a (30 m); b is 80 m away, c 71 m from its end
  EXPECT_NEAR(gas_only.summary().gas_main_length_m, 200.0, 1e-9);
  const sc::CellGasFlags g = gas_only.cells(twin, computed, row_cell);
  EXPECT_EQ(g.has_gas_network, (std::vector<std::uint8_t>{0, 1, 0}));  // row 1 = cell 0 = building a
  EXPECT_TRUE(g.hydrogen_plan.empty());
  EXPECT_EQ(g.cells_with_gas_grid, 1U);
  settings.gas_grid_buffer_m = 100.0;
  settings.hydrogen_plan_path = (dir / "h2.geojson").string();
  settings.hydrogen_plan_buffer_m = 10.0;  // b is 50 m from the plan area
  const sc::GasGridEvidence both(settings, twin);
  const sc::CellGasFlags h = both.cells(twin, computed, row_cell);
  EXPECT_EQ(h.has_gas_network, (std::vector<std::uint8_t>{1, 1, 1}));
  EXPECT_EQ(h.hydrogen_plan, (std::vector<std::uint8_t>{1, 0, 0}));  // row 0 = cell 2 = building c
  // Only the computed buildings count.
  const std::vector<std::uint32_t> only_a = {0};
  EXPECT_EQ(both.cells(twin, only_a, row_cell).has_gas_network, (std::vector<std::uint8_t>{0, 1, 0}));

  // The results datasets: -1 where unknown.
  const auto file = heattwin::h5::File::create_in_memory("gas", heattwin::twin::RESULTS_FILE);
  const auto sa = file.root().create_group("supply_areas");
  sc::write_gas_grid_evidence(sa, gas_only.summary(), g, 3);
  EXPECT_EQ(sa.read<std::int8_t>("has_gas_grid"), (std::vector<std::int8_t>{0, 1, 0}));
  EXPECT_EQ(sa.read<std::int8_t>("hydrogen_plan"), (std::vector<std::int8_t>{-1, -1, -1}));
  EXPECT_EQ(sa.string_attribute("gas_grid_source"), "layer");
  EXPECT_EQ(sa.string_attribute("hydrogen_plan_source"), "unknown");
  std::filesystem::remove_all(dir);
}
