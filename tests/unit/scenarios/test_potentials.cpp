/// The [data] potentials keys, the biomass cap taken from the layer and a year's use per kind.

#include "scenarios/demand_run.hpp"
#include "scenarios/potentials.hpp"
#include "tests/unit/scenarios/scenario_file.hpp"
#include "twin/error.hpp"
#include "twin/twin.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

namespace sc = heattwin::scenarios;
namespace tw = heattwin::twin;
using heattwin::scenarios::test::DATA;
using heattwin::scenarios::test::error_of;
using heattwin::scenarios::test::RUN;
using heattwin::scenarios::test::ScenarioFile;

TEST(Potentials, KeysAreRead) {
  const ScenarioFile f(RUN +
                       "[data]\npotentials = \"gis/p.gpkg\"\npotentials_layer = \"p\"\n"
                       "potentials_solar_thermal_yield_kwh_per_m2a = 250\n");
  const auto s = sc::load_demand_scenario(f.path(), DATA);
  EXPECT_EQ(s.potentials.path, std::filesystem::path(f.path()).parent_path().string() + "/gis/p.gpkg");
  EXPECT_EQ(s.potentials.layer, "p");
  EXPECT_DOUBLE_EQ(s.potentials.yields.solar_thermal_kwh_per_m2a, 250.0);
  EXPECT_TRUE(std::isnan(s.potentials.yields.ground_source_kwh_per_m2a));
  EXPECT_EQ(sc::potential_inputs(s.potentials).size(), 1U);
  const std::string e =
      error_of(RUN + "[data]\npotentials = \"p.gpkg\"\npotentials_ground_source_yield_kwh_per_m2a = -1\n");
  EXPECT_NE(e.find("plan.toml:7"), std::string::npos) << e;
  EXPECT_NE(e.find("'potentials_ground_source_yield_kwh_per_m2a' must be a number between 0 and 5000"),
            std::string::npos)
      << e;
  const std::string no_file = error_of(RUN + "[data]\npotentials_layer = \"p\"\n");
  EXPECT_NE(no_file.find("potentials_layer is set but potentials (the file) is not"), std::string::npos) << no_file;
}

TEST(Potentials, BiomassOfTheLayerCapsTheSupplyAndTheUseIsReported) {
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("heattwin_potentials_{}", ::getpid());
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "p.geojson").string();
  std::ofstream(path)
      << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::25832"}},"features":[
{"type":"Feature","properties":{"kind":"biomass","capacity_mwh_per_a":1000},"geometry":null},
{"type":"Feature","properties":{"kind":"biomass","capacity_mwh_per_a":500},"geometry":null},
{"type":"Feature","properties":{"kind":"waste_heat","capacity_mwh_per_a":700,"temperature_c":40},"geometry":{"type":"Point","coordinates":[1,2]}}]})";
  tw::Twin twin;
  sc::PotentialSettings settings;
  settings.path = path;
  const sc::RunPotentials p(settings, twin);
  const double unlimited = std::numeric_limits<double>::infinity();
  EXPECT_DOUBLE_EQ(p.biomass_cap_mwh_per_a(unlimited, "plan.toml"), 1500.0);
  try {
    (void)p.biomass_cap_mwh_per_a(2000.0, "plan.toml");
    ADD_FAILURE() << "no error for a biomass potential given twice";
  } catch (const heattwin::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("given twice"), std::string::npos) << e.what();
  }
  heattwin::solvers::supply::IndividualResult supplied;
  supplied.switched_for_biomass_potential = 3;
  const sc::PotentialUse use = p.use(2030, {{"biomass", 1234.0}, {"electricity", 10.0}}, supplied);
  EXPECT_EQ(use.switched_buildings[static_cast<std::size_t>(tw::PotentialKind::biomass)], 3U);
  const auto biomass = static_cast<std::size_t>(tw::PotentialKind::biomass);
  const auto waste_heat = static_cast<std::size_t>(tw::PotentialKind::waste_heat);
  EXPECT_DOUBLE_EQ(use.potential_mwh_per_a[biomass], 1500.0);
  EXPECT_DOUBLE_EQ(use.used_mwh_per_a[biomass], 1234.0);
  EXPECT_DOUBLE_EQ(use.potential_mwh_per_a[waste_heat], 700.0);
  EXPECT_TRUE(std::isnan(use.used_mwh_per_a[waste_heat]));  // not drawn on by the model
  const auto json = sc::potential_use_json(use);
  EXPECT_DOUBLE_EQ(json["biomass"]["used_mwh_per_a"].get<double>(), 1234.0);
  EXPECT_TRUE(json["waste_heat"]["used_mwh_per_a"].is_null());
  EXPECT_FALSE(json.contains("solar_thermal"));
  // Without biomass features the [supply] value stays.
  const sc::RunPotentials none;
  EXPECT_DOUBLE_EQ(none.biomass_cap_mwh_per_a(2000.0, "plan.toml"), 2000.0);
  std::filesystem::remove_all(dir);
}

// Ground-source areas (issue 16): an area without capacity takes the cited default yield (counted);
// each area serves the 100 m cells holding a computed building within 100 m of it; the supply's
// ambient heat per area is its use.
TEST(Potentials, GroundSourceAreasTakeTheCitedDefaultYieldAndServeTheirCells) {
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("heattwin_ground_{}", ::getpid());
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "p.geojson").string();
  std::ofstream(path)
      << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::25832"}},"features":[
{"type":"Feature","properties":{"kind":"ground_source","id":"field"},"geometry":{"type":"Polygon","coordinates":[[[120,-50],[220,-50],[220,50],[120,50],[120,-50]]]}},
{"type":"Feature","properties":{"kind":"ground_source","id":"park","capacity_mwh_per_a":200},"geometry":{"type":"Polygon","coordinates":[[[1050,-10],[1100,-10],[1100,10],[1050,10],[1050,-10]]]}},
{"type":"Feature","properties":{"kind":"waste_heat","capacity_mwh_per_a":700},"geometry":{"type":"Point","coordinates":[1,2]}}]})";
  tw::Twin twin;
  twin.grid.north_100m = {1, 2};
  twin.grid.east_100m = {1, 1};
  // b0 is 120 m from the field but shares its cell with b1 (70 m); b2 is 50 m from the park; b3
  // lies outside every cell and far from both.
  const std::array<std::array<double, 2>, 4> at{{{0.0, 0.0}, {50.0, 0.0}, {1000.0, 0.0}, {30.0, 500.0}}};
  const std::array<std::uint32_t, 4> cell{0, 0, 1, heattwin::NO_INDEX};
  for (std::size_t i = 0; i < at.size(); ++i) {
    const auto b = twin.buildings.append_unknown(fmt::format("b{}", i));
    twin.buildings.x_m[b] = at[i][0];
    twin.buildings.y_m[b] = at[i][1];
    twin.buildings.grid_cell[b] = cell[i];
  }
  sc::PotentialSettings settings;
  settings.path = path;
  settings.default_yields_csv = DATA + "/potentials/area_yields.csv";
  const sc::RunPotentials p(settings, twin);
  const auto capacities = p.ground_source_capacities_mwh_per_a();
  ASSERT_EQ(capacities.size(), 2U);
  EXPECT_NEAR(capacities[0], 100.0 * 100.0 * 133.0 / 1000.0, 1e-9);  // 1 ha × the cited 133 kWh/(m²·a)
  EXPECT_DOUBLE_EQ(capacities[1], 200.0);
  EXPECT_EQ(p.set().capacity_from_yield[0], 2);
  const std::vector<std::uint32_t> rows{0, 1, 2, 3};
  EXPECT_EQ(p.ground_source_areas(twin, rows),
            (std::vector<std::uint32_t>{0, 0, 1, heattwin::solvers::supply::NO_POTENTIAL_AREA}));
  heattwin::solvers::supply::IndividualResult supplied;
  supplied.ground_source_used_mwh = {900.0, 50.0};
  supplied.switched_for_ground_source_potential = 2;
  const sc::PotentialUse use = p.use(2030, {}, supplied);
  const auto ground = static_cast<std::size_t>(tw::PotentialKind::ground_source);
  EXPECT_DOUBLE_EQ(use.used_mwh_per_a[ground], 950.0);
  EXPECT_EQ(use.switched_buildings[ground], 2U);
  EXPECT_EQ(use.features_from_default_yield[ground], 1U);
  EXPECT_DOUBLE_EQ(use.feature_used_mwh_per_a[1], 50.0);
  EXPECT_TRUE(std::isnan(use.feature_used_mwh_per_a[2]));  // the waste heat point: not drawn on
  EXPECT_EQ(sc::potential_use_json(use)["ground_source"]["features_from_default_yield"], 1);
  // Without the default table the yield-less area is an error naming the file and the feature.
  settings.default_yields_csv.clear();
  try {
    const sc::RunPotentials bad(settings, twin);
    ADD_FAILURE() << "an area without capacity or yield was accepted";
  } catch (const heattwin::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("potential 'field' (feature 0)"), std::string::npos) << e.what();
  }
  // A bad default table names its file and line.
  const std::string bad_csv = (dir / "yields.csv").string();
  std::ofstream(bad_csv) << "kind,yield_kwh_per_m2a,derivation,source,verified\nground_source,-3,x,y,verified\n";
  settings.default_yields_csv = bad_csv;
  try {
    const sc::RunPotentials bad(settings, twin);
    ADD_FAILURE() << "a negative default yield was accepted";
  } catch (const heattwin::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("yields.csv:2"), std::string::npos) << e.what();
  }
  std::ofstream(bad_csv) << "kind,yield_kwh_per_m2a,derivation,source,verified\nbiomass,3,x,y,verified\n";
  try {
    const sc::RunPotentials bad(settings, twin);
    ADD_FAILURE() << "a default yield of biomass was accepted";
  } catch (const heattwin::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("kind 'biomass' has no area yield"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}
