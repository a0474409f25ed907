// Heat potentials layer: the attribute schema (docs/POTENTIALS.md), area × yield, reprojection and
// the errors for bad features (each naming the file and feature).
#include "tests/unit/expect_input_error.hpp"
#include "tests/unit/twin/twin_fixtures.hpp"
#include "twin/error.hpp"
#include "twin/potential_layer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

namespace heattwin::twin {
namespace {

using test::TempDir;

std::string write_layer(TempDir& dir, const std::string& name, const std::string& features,
                        const std::string& crs = "urn:ogc:def:crs:EPSG::25832") {
  const std::string path = dir.file(name);
  std::ofstream(path, std::ios::binary)
      << R"({"type":"FeatureCollection","name":"potentials","crs":{"type":"name","properties":{"name":")" + crs +
             R"("}},"features":[)" + features + "]}";
  return path;
}

}  // namespace

TEST(PotentialLayer, ReadsEveryKindWithCapacityTemperatureAndAreaYield) {
  TempDir dir;
  const std::string path = write_layer(
      dir, "p.geojson",
      R"({"type":"Feature","properties":{"id":"WH-1","kind":"waste_heat","capacity_mwh_per_a":1200,"temperature_c":45},"geometry":{"type":"Point","coordinates":[100,200]}},
{"type":"Feature","properties":{"id":"WW-1","kind":"waste_water","capacity_mwh_per_a":"800.5"},"geometry":{"type":"LineString","coordinates":[[0,0],[100,0]]}},
{"type":"Feature","properties":{"id":"ST-1","kind":"solar_thermal","yield_kwh_per_m2a":300},"geometry":{"type":"Polygon","coordinates":[[[0,0],[100,0],[100,100],[0,100],[0,0]],[[10,10],[20,10],[20,20],[10,20],[10,10]]]}},
{"type":"Feature","properties":{"id":"GS-1","kind":"ground_source"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[50,0],[50,20],[0,20],[0,0]]]}},
{"type":"Feature","properties":{"kind":"biomass","capacity_mwh_per_a":3000},"geometry":null})");
  PotentialAreaYields yields;
  yields.ground_source_kwh_per_m2a = 100.0;
  const PotentialSet p = read_potential_layer(path, "", "EPSG:25832", yields);
  ASSERT_EQ(p.size(), 5U);
  EXPECT_EQ(p.id[0], "WH-1");
  EXPECT_EQ(static_cast<PotentialKind>(p.kind[0]), PotentialKind::waste_heat);
  EXPECT_DOUBLE_EQ(p.capacity_mwh_per_a[0], 1200.0);
  EXPECT_DOUBLE_EQ(p.temperature_c[0], 45.0);
  EXPECT_DOUBLE_EQ(p.x_m[0], 100.0);
  EXPECT_DOUBLE_EQ(p.capacity_mwh_per_a[1], 800.5);  // a number in a text field
  EXPECT_TRUE(std::isnan(p.temperature_c[1]));
  EXPECT_DOUBLE_EQ(p.area_m2[2], 10000.0 - 100.0);  // the hole is not land
  EXPECT_DOUBLE_EQ(p.capacity_mwh_per_a[2], 9900.0 * 300.0 / 1000.0);
  EXPECT_EQ(p.capacity_from_yield[2], 1U);
  EXPECT_DOUBLE_EQ(p.capacity_mwh_per_a[3], 1000.0 * 100.0 / 1000.0);  // the scenario's yield
  EXPECT_EQ(p.id[4], "4");                                             // the feature id
  EXPECT_TRUE(std::isnan(p.x_m[4]));
  const auto by_kind = p.capacity_by_kind_mwh_per_a();
  EXPECT_DOUBLE_EQ(by_kind[static_cast<std::size_t>(PotentialKind::biomass)], 3000.0);
  EXPECT_DOUBLE_EQ(by_kind[static_cast<std::size_t>(PotentialKind::surface_water)], 0.0);
  EXPECT_TRUE(p.has_kind(PotentialKind::biomass));
  EXPECT_FALSE(p.has_kind(PotentialKind::surface_water));
  EXPECT_EQ(potential_kind_from_name("solar_thermal"), PotentialKind::solar_thermal);
  EXPECT_FALSE(potential_kind_from_name("wind").has_value());
}

TEST(PotentialLayer, WgsAreasAreMeasuredInTheTwinCrs) {
  TempDir dir;
  // About 0.001° × 0.001° at 52° N: ≈ 68.6 m × 111.3 m.
  const std::string path = write_layer(
      dir, "wgs.geojson",
      R"({"type":"Feature","properties":{"kind":"solar_thermal","yield_kwh_per_m2a":100},"geometry":{"type":"Polygon","coordinates":[[[11.620,52.120],[11.621,52.120],[11.621,52.121],[11.620,52.121],[11.620,52.120]]]}})",
      "urn:ogc:def:crs:OGC:1.3:CRS84");
  const PotentialSet p = read_potential_layer(path, "", "EPSG:25832");
  ASSERT_EQ(p.size(), 1U);
  EXPECT_NEAR(p.area_m2[0], 68.6 * 111.3, 100.0);
}

TEST(PotentialLayer, BadFeaturesNameTheFileAndFeature) {
  TempDir dir;
  const auto expect = [&](const std::string& feature, std::initializer_list<std::string> fragments,
                          const std::string& crs = "urn:ogc:def:crs:EPSG::25832") {
    SCOPED_TRACE(feature);
    const std::string path = write_layer(dir, "bad.geojson", feature, crs);
    std::vector<std::string> all = {path};
    all.insert(all.end(), fragments);
    try {
      read_potential_layer(path, "", "EPSG:25832");
      ADD_FAILURE() << "no InputError";
    } catch (const InputError& e) {
      for (const auto& f : all) EXPECT_NE(std::string(e.what()).find(f), std::string::npos) << e.what();
    }
  };
  const std::string point = R"("geometry":{"type":"Point","coordinates":[1,2]})";
  expect(R"({"type":"Feature","properties":{"id":"A","kind":"wind","capacity_mwh_per_a":5},)" + point + "}",
         {"potential 'A'", "unknown kind 'wind'"});
  expect(R"({"type":"Feature","properties":{"id":"B","kind":"waste_heat"},)" + point + "}",
         {"potential 'B'", "no capacity_mwh_per_a"});
  expect(R"({"type":"Feature","properties":{"id":"C","kind":"waste_heat","capacity_mwh_per_a":-1},)" + point + "}",
         {"potential 'C'", "negative"});
  expect(R"({"type":"Feature","properties":{"id":"D","kind":"waste_heat","capacity_mwh_per_a":"viel"},)" + point + "}",
         {"potential 'D'", "'viel' is not a number"});
  expect(
      R"({"type":"Feature","properties":{"id":"E","kind":"waste_heat","capacity_mwh_per_a":1,"temperature_c":2000},)" +
          point + "}",
      {"potential 'E'", "temperature_c 2000"});
  expect(
      R"({"type":"Feature","properties":{"id":"F","kind":"solar_thermal"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}})",
      {"potential 'F'", "yield_kwh_per_m2a"});
  expect(
      R"({"type":"Feature","properties":{"id":"G","kind":"waste_heat","capacity_mwh_per_a":1},"geometry":{"type":"Point","coordinates":[499575.2,5665859.1]}})",
      {"potential 'G'", "cannot be transformed"}, "urn:ogc:def:crs:OGC:1.3:CRS84");
  expect(R"({"type":"Feature","properties":{"id":"H","kind":"biomass","capacity_mwh_per_a":1},"geometry":null},
{"type":"Feature","properties":{"id":"H","kind":"biomass","capacity_mwh_per_a":2},"geometry":null})",
         {"potential 'H'", "appears twice"});
  expect(R"({"type":"Feature","properties":{"name":"no kind field","capacity_mwh_per_a":1},"geometry":null})",
         {"no field 'kind'"});
}

}  // namespace heattwin::twin
