// Street import: the highway filter, reprojection, splitting into segments, dropped repeats, errors.
#include "tests/unit/twin/twin_fixtures.hpp"
#include "twin/error.hpp"
#include "twin/street_import.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

namespace heattwin::twin {
namespace {

using test::TempDir;

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string collection(const std::string& crs, const std::string& features) {
  return R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":")" + crs + R"("}},"features":[)" +
         features + "]}";
}

}  // namespace

TEST(StreetImport, HighwayFilterSplitsAndCountsEveryLine) {
  TempDir dir;
  const std::string path = dir.file("streets.geojson");
  // Metric CRS = twin CRS: an L of two segments (with a repeated vertex), a footway (left out),
  // a MultiLineString of two one-segment parts, a point (not a line).
  write_file(
      path,
      collection(
          "urn:ogc:def:crs:EPSG::25832",
          R"({"type":"Feature","properties":{"highway":"residential"},"geometry":{"type":"LineString","coordinates":[[0,0],[30,0],[30,0],[30,40]]}},
{"type":"Feature","properties":{"highway":"footway"},"geometry":{"type":"LineString","coordinates":[[0,0],[0,10]]}},
{"type":"Feature","properties":{"highway":"service"},"geometry":{"type":"MultiLineString","coordinates":[[[100,0],[110,0]],[[200,0],[200,5]]]}},
{"type":"Feature","properties":{"highway":"tertiary"},"geometry":{"type":"Point","coordinates":[5,5]}})"));
  StreetSegments streets;
  StreetImportOptions options;
  options.twin_crs = "EPSG:25832";
  const StreetImportReport r = import_streets(path, options, streets);
  EXPECT_EQ(r.features_read, 4U);
  EXPECT_EQ(r.lines_used, 2U);
  EXPECT_EQ(r.skipped_highway_type, 1U);
  EXPECT_EQ(r.skipped_not_a_line, 1U);
  EXPECT_EQ(r.skipped_degenerate, 1U);
  ASSERT_EQ(streets.size(), 4U);
  EXPECT_EQ(r.segments, 4U);
  EXPECT_NEAR(r.length_m, 30.0 + 40.0 + 10.0 + 5.0, 1e-9);
  EXPECT_DOUBLE_EQ(streets.x0_m[1], 30.0);
  EXPECT_DOUBLE_EQ(streets.y1_m[1], 40.0);
  EXPECT_EQ(streets.municipality[0], NO_INDEX);
  // The footway is a street once its type is listed.
  options.highway_types.push_back("footway");
  StreetSegments more;
  EXPECT_EQ(import_streets(path, options, more).segments, 5U);
}

TEST(StreetImport, ReprojectsToTheTwinCrs) {
  TempDir dir;
  const std::string path = dir.file("wgs84.geojson");
  // 0.001° of latitude ≈ 111 m; without a highway field every line is a street.
  write_file(
      path,
      collection(
          "urn:ogc:def:crs:OGC:1.3:CRS84",
          R"({"type":"Feature","properties":{"name":"a"},"geometry":{"type":"LineString","coordinates":[[11.5,50.0],[11.5,50.001]]}})"));
  StreetSegments streets;
  StreetImportOptions options;
  options.twin_crs = "EPSG:25832";
  const StreetImportReport r = import_streets(path, options, streets);
  ASSERT_EQ(streets.size(), 1U);
  EXPECT_NEAR(r.length_m, 111.2, 0.5);
  EXPECT_NEAR(streets.x0_m[0], 678000.0, 3000.0);  // UTM 32N easting of 11.5° E at 50° N
  EXPECT_NEAR(streets.y0_m[0], 5541000.0, 3000.0);
}

TEST(StreetImport, UnreadableFilesAreInputErrors) {
  TempDir dir;
  StreetSegments streets;
  StreetImportOptions options;
  options.twin_crs = "EPSG:25832";
  EXPECT_THROW(import_streets(dir.file("missing.geojson"), options, streets), InputError);
  const std::string garbage = dir.file("garbage.geojson");
  write_file(garbage, "{ not json");
  EXPECT_THROW(import_streets(garbage, options, streets), InputError);
  options.layer = "no_such_layer";
  const std::string path = dir.file("ok.geojson");
  write_file(
      path,
      collection("urn:ogc:def:crs:EPSG::25832",
                 R"({"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[0,0],[1,0]]}})"));
  EXPECT_THROW(import_streets(path, options, streets), InputError);
}

}  // namespace heattwin::twin
