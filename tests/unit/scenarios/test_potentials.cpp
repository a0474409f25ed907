/// The [data] potentials keys, the biomass cap taken from the layer and a year's use per kind.

#include "scenarios/demand_run.hpp"
#include "scenarios/potentials.hpp"
#include "tests/unit/scenarios/scenario_file.hpp"
#include "twin/error.hpp"
#include "twin/twin.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

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
  EXPECT_NE(e.find("potentials_ground_source_yield_kwh_per_m2a must be a number in [0, 5000]"), std::string::npos) << e;
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
  const sc::PotentialUse use = p.use(2030, {{"biomass", 1234.0}, {"electricity", 10.0}});
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
