// Line and area layers (gas grid, hydrogen plans): reading, reprojection, the distance index and
// the errors for bad files.
#include "tests/unit/expect_input_error.hpp"
#include "tests/unit/twin/twin_fixtures.hpp"
#include "twin/crs.hpp"
#include "twin/error.hpp"
#include "twin/line_area_layer.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <fstream>
#include <vector>

namespace heattwin::twin {
namespace {

using test::TempDir;

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string collection(const std::string& crs, const std::string& features) {
  return R"({"type":"FeatureCollection","name":"gas","crs":{"type":"name","properties":{"name":")" + crs +
         R"("}},"features":[)" + features + "]}";
}

}  // namespace

TEST(LineAreaLayer, ReadsLinesAndAreasAndAnswersDistanceQueries) {
  TempDir dir;
  const std::string path = dir.file("gas.geojson");
  // A main of two segments (with a repeated vertex), an area with a hole, a point (skipped).
  write_file(
      path,
      collection(
          "urn:ogc:def:crs:EPSG::25832",
          R"({"type":"Feature","id":7,"properties":{},"geometry":{"type":"LineString","coordinates":[[0,0],[100,0],[100,0],[100,100]]}},
{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[1000,0],[1200,0],[1200,200],[1000,200],[1000,0]],[[1050,50],[1150,50],[1150,150],[1050,150],[1050,50]]]}},
{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[5,5]}})"));
  const LineAreaLayer layer = read_line_area_layer(path, "", "EPSG:25832", "gas grid");
  EXPECT_EQ(layer.features_read, 3U);
  EXPECT_EQ(layer.line_features, 1U);
  EXPECT_EQ(layer.area_features, 1U);
  EXPECT_EQ(layer.skipped_features, 1U);
  EXPECT_EQ(layer.segment_count(), 2U);
  EXPECT_NEAR(layer.line_length_m, 200.0, 1e-9);
  ASSERT_EQ(layer.areas.polygon_count(), 1U);
  EXPECT_EQ(layer.areas.ring_count(), 2U);

  const LineAreaIndex index(layer, 50.0);
  EXPECT_TRUE(index.is_near(50.0, 49.0, 50.0));    // 49 m beside the first segment
  EXPECT_FALSE(index.is_near(40.0, 51.0, 50.0));   // 51 m from the first segment, 60 m from the second
  EXPECT_TRUE(index.is_near(140.0, 60.0, 50.0));   // beside the second segment
  EXPECT_TRUE(index.is_near(-30.0, -40.0, 50.0));  // 50 m from the end point
  EXPECT_FALSE(index.is_near(-40.0, -40.0, 50.0));
  EXPECT_TRUE(index.is_near(1020.0, 100.0, 0.0));    // inside the area
  EXPECT_FALSE(index.is_near(1100.0, 100.0, 10.0));  // in its hole, 50 m from every edge
  EXPECT_TRUE(index.is_near(1100.0, 100.0, 50.0));   // … but within 50 m of the hole's edge
  EXPECT_TRUE(index.is_near(1230.0, 100.0, 50.0));   // just outside
  EXPECT_FALSE(index.is_near(600.0, 100.0, 50.0));
  EXPECT_DOUBLE_EQ(point_segment_distance_m(3.0, 4.0, 0.0, 0.0, 0.0, 0.0), 5.0);
}

TEST(LineAreaLayer, AnyCrsIsReprojectedToTheTwinCrs) {
  TempDir dir;
  const std::string path = dir.file("gas_wgs84.geojson");
  // A main given in WGS84 (EPSG:4326, lon/lat) near Magdeburg; the twin is in UTM 32N.
  write_file(
      path,
      collection(
          "urn:ogc:def:crs:OGC:1.3:CRS84",
          R"({"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[11.62,52.12],[11.63,52.12]]}})"));
  const LineAreaLayer layer = read_line_area_layer(path, "", "EPSG:25832", "gas grid");
  ASSERT_EQ(layer.segment_count(), 1U);
  std::vector<double> x = {11.62, 11.63}, y = {52.12, 52.12};
  CoordinateTransform("EPSG:4326", "EPSG:25832").transform(x, y);
  EXPECT_NEAR(layer.x0_m[0], x[0], 1e-6);
  EXPECT_NEAR(layer.y1_m[0], y[1], 1e-6);
  // 0.01° of longitude at 52.12° N ≈ 684 m (and a little more in UTM 32N, off its central meridian).
  EXPECT_NEAR(layer.line_length_m, 684.0, 5.0);
}

TEST(LineAreaLayer, BadFilesNameTheFileAndFeature) {
  TempDir dir;
  // Metric coordinates in a file that declares WGS84: the vertices cannot be transformed.
  const std::string wrong_crs = dir.file("wrong_crs.geojson");
  write_file(
      wrong_crs,
      collection(
          "urn:ogc:def:crs:OGC:1.3:CRS84",
          R"({"type":"Feature","id":3,"properties":{},"geometry":{"type":"LineString","coordinates":[[499575.2,5665859.1],[499587.1,5665862.3]]}})"));
  test::expect_input_error([&] { read_line_area_layer(wrong_crs, "", "EPSG:25832", "gas grid"); },
                           {wrong_crs, "gas grid feature", "cannot be transformed", "CRS"});
  // Points only: no line or area.
  const std::string points = dir.file("points.geojson");
  write_file(points,
             collection("urn:ogc:def:crs:EPSG::25832",
                        R"({"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[5,5]}})"));
  test::expect_input_error([&] { read_line_area_layer(points, "", "EPSG:25832", "hydrogen plan"); },
                           {points, "no lines or areas", "hydrogen plan"});
  // A layer that is not in the file: the message lists the file's layers.
  test::expect_input_error([&] { read_line_area_layer(points, "mains", "EPSG:25832", "gas grid"); },
                           {points, "no layer 'mains'", "'gas'"});
  // Not a vector file.
  const std::string text = dir.file("gas.txt");
  write_file(text, "not a GIS file\n");
  test::expect_input_error([&] { read_line_area_layer(text, "", "EPSG:25832", "gas grid"); }, {text});
  // An area ring of two points.
  const std::string ring = dir.file("ring.geojson");
  write_file(
      ring,
      collection(
          "urn:ogc:def:crs:EPSG::25832",
          R"({"type":"Feature","id":9,"properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}})"));
  EXPECT_THROW(read_line_area_layer(ring, "", "EPSG:25832", "gas grid"), Error);
}

}  // namespace heattwin::twin
