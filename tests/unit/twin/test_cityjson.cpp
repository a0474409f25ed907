// CityJSON and CityJSONSeq reader: a box with transform and semantics (exact areas and volume
// through the CityGML import path), BuildingParts, sequences, the real samples, and errors.
#include "tests/unit/twin/twin_fixtures.hpp"
#include "twin/cityjson_reader.hpp"
#include "twin/citygml_reader.hpp"
#include "twin/error.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

namespace heattwin::twin {
namespace {

using test::TempDir;
using Json = nlohmann::json;

constexpr double X0 = 500000.0;  // EPSG:25832
constexpr double Y0 = 5780000.0;

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

/// A box of w × d × h m at (x0, y0) as vertices in millimetres (transform scale 0.001) and one
/// Solid with semantic surfaces; vertex indices start at `first`.
Json box_vertices(double x0, double y0, double w, double d, double h) {
  Json v = Json::array();
  for (const double z : {0.0, h}) {
    for (const auto& [x, y] : std::vector<std::pair<double, double>>{{0, 0}, {w, 0}, {w, d}, {0, d}}) {
      v.push_back({std::lround((x0 - X0 + x) * 1000.0), std::lround((y0 - Y0 + y) * 1000.0), std::lround(z * 1000.0)});
    }
  }
  return v;
}

Json box_solid(int first, const char* lod = "2.2") {
  auto i = [first](int k) { return first + k; };
  // Outward rings (counter-clockwise seen from outside): ground, roof, 4 walls.
  Json shell = Json::array({Json::array({Json::array({i(0), i(3), i(2), i(1)})}),
                            Json::array({Json::array({i(4), i(5), i(6), i(7)})}),
                            Json::array({Json::array({i(0), i(1), i(5), i(4)})}),
                            Json::array({Json::array({i(1), i(2), i(6), i(5)})}),
                            Json::array({Json::array({i(2), i(3), i(7), i(6)})}),
                            Json::array({Json::array({i(3), i(0), i(4), i(7)})})});
  Json semantics = {{"surfaces", Json::array({{{"type", "GroundSurface"}}, {{"type", "RoofSurface"}}, {{"type", "WallSurface"}}})},
                    {"values", Json::array({Json::array({0, 1, 2, 2, 2, 2})})}};
  return {{"type", "Solid"}, {"lod", lod}, {"boundaries", Json::array({shell})}, {"semantics", semantics}};
}

Json city_json(const Json& objects, const Json& vertices) {
  return {{"type", "CityJSON"},
          {"version", "2.0"},
          {"transform", {{"scale", {0.001, 0.001, 0.001}}, {"translate", {X0, Y0, 100.0}}}},
          {"metadata", {{"referenceSystem", "https://www.opengis.net/def/crs/EPSG/0/25832"}}},
          {"CityObjects", objects},
          {"vertices", vertices}};
}

Twin import_file(const std::string& path) {
  CityGmlImportOptions o;
  o.inputs = {path};
  return import_citygml(o);
}

double sector_wall(const BuildingSet& b, std::size_t i, int sector) { return (*wall_sector_columns(b)[sector])[i]; }

}  // namespace

TEST(CityJson, BoxWithTransformExactAreasAndVolume) {
  TempDir dir;
  const Json objects = {{"box", {{"type", "Building"},
                                 {"attributes", {{"yearOfConstruction", 1968}, {"measuredHeight", 6.0}}},
                                 {"geometry", Json::array({box_solid(0)})}}}};
  const std::string path = dir.file("box.city.json");
  write_file(path, city_json(objects, box_vertices(X0, Y0, 10, 8, 6)).dump());
  const auto doc = read_cityjson_file(path);
  ASSERT_EQ(doc.buildings.size(), 1u);
  EXPECT_EQ(doc.buildings[0].surfaces.size(), 6u);
  EXPECT_EQ(doc.buildings[0].year_of_construction, 1968);
  EXPECT_EQ(doc.buildings[0].surfaces[1].kind, SurfaceKind::roof);
  EXPECT_EQ(doc.buildings[0].surfaces[0].lod, 2);
  EXPECT_NEAR(doc.buildings[0].surfaces[1].geometry.exterior[0][2], 106.0, 1e-9);  // 6000 mm × 0.001 + 100
  const Twin twin = import_file(path);
  const auto& b = twin.buildings;
  ASSERT_EQ(b.size(), 1u);
  EXPECT_NEAR(b.footprint_area_m2[0], 80.0, 1e-6);
  EXPECT_NEAR(b.volume_m3[0], 480.0, 1e-6);
  EXPECT_NEAR(b.wall_area_m2[0], 216.0, 1e-6);
  EXPECT_NEAR(b.roof_area_m2[0], 80.0, 1e-6);
  EXPECT_NEAR(sector_wall(b, 0, 0), 60.0, 1e-6);  // n
  EXPECT_NEAR(sector_wall(b, 0, 2), 48.0, 1e-6);  // e
  EXPECT_NEAR(sector_wall(b, 0, 4), 60.0, 1e-6);  // s
  EXPECT_NEAR(sector_wall(b, 0, 6), 48.0, 1e-6);  // w
  EXPECT_EQ(b.year_of_construction[0], 1968);
}

TEST(CityJson, BuildingPartsAggregatedAndSequenceEqualsDocument) {
  TempDir dir;
  Json vertices = box_vertices(X0, Y0, 10, 8, 6);
  for (const auto& v : box_vertices(X0 + 10, Y0, 5, 8, 9)) vertices.push_back(v);
  const Json objects = {
      {"house", {{"type", "Building"}, {"children", {"house-part"}}, {"geometry", Json::array({box_solid(0)})}}},
      {"house-part", {{"type", "BuildingPart"},
                      {"parents", {"house"}},
                      {"attributes", {{"storeysAboveGround", 3}}},
                      {"geometry", Json::array({box_solid(8)})}}},
      {"tree", {{"type", "SolitaryVegetationObject"}}}};
  const std::string doc_path = dir.file("parts.city.json");
  write_file(doc_path, city_json(objects, vertices).dump(2));  // pretty-printed
  const auto doc = read_cityjson_file(doc_path);
  ASSERT_EQ(doc.buildings.size(), 1u);
  EXPECT_EQ(doc.buildings[0].part_ids, std::vector<std::string>{"house-part"});
  EXPECT_EQ(doc.buildings[0].storeys_above_ground, 3);
  EXPECT_EQ(doc.warnings.at("city objects other than buildings skipped"), 1u);
  const Twin twin = import_file(doc_path);
  ASSERT_EQ(twin.buildings.size(), 1u);
  EXPECT_NEAR(twin.buildings.footprint_area_m2[0], 120.0, 1e-6);
  EXPECT_NEAR(twin.buildings.volume_m3[0], 480.0 + 360.0, 1e-6);

  // The same as a CityJSONSeq: header line, then one feature with its own vertices.
  Json header = city_json(Json::object(), Json::array());
  Json feature = {{"type", "CityJSONFeature"}, {"id", "house"}, {"CityObjects", objects}, {"vertices", vertices}};
  const std::string seq_path = dir.file("parts.city.jsonl");
  write_file(seq_path, header.dump() + "\n" + feature.dump() + "\n");
  const Twin from_sequence = import_file(seq_path);
  ASSERT_EQ(from_sequence.buildings.size(), 1u);
  EXPECT_DOUBLE_EQ(from_sequence.buildings.volume_m3[0], twin.buildings.volume_m3[0]);
  EXPECT_DOUBLE_EQ(from_sequence.buildings.wall_area_m2[0], twin.buildings.wall_area_m2[0]);
  // parse_cityjson recognises the sequence from memory too.
  std::ifstream in(seq_path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(parse_cityjson(text, "memory").buildings.size(), 1u);
}

TEST(CityJson, RealSamples) {
  const std::string dir = std::string(HEATTWIN_SHARED_DATA_DIR) + "/geodata/cityjson-samples/";
  struct Sample {
    const char* file;
    std::size_t buildings;  // Building objects in the file (BuildingParts aggregated)
  };
  for (const Sample s : {Sample{"rotterdam_subset.city.json", 16}, Sample{"zurich_subset_lod2.city.json", 49},
                         Sample{"delft.city.json", 160}}) {
    SCOPED_TRACE(s.file);
    EXPECT_TRUE(is_cityjson_file(dir + s.file));
    CityGmlImportOptions o;
    o.inputs = {dir + s.file};
    o.source_crs = "EPSG:28992";  // Rotterdam has no referenceSystem (Amersfoort / RD New)
    const Twin twin = import_citygml(o);
    EXPECT_EQ(twin.buildings.size(), s.buildings);
    for (std::size_t i = 0; i < twin.buildings.size(); ++i) {
      EXPECT_GT(twin.buildings.footprint_area_m2[i], 0.0);
      EXPECT_GT(twin.buildings.wall_area_m2[i], 0.0);
      EXPECT_GT(twin.buildings.volume_m3[i], 0.0);
    }
  }
  // A GeoJSON file is not taken for CityJSON.
  EXPECT_FALSE(is_cityjson_file(std::string(HEATTWIN_SHARED_DATA_DIR) + "/geodata/geojson-goerlitz-lod2/LOD2_data.geojson"));
}

TEST(CityJson, BadFilesGiveClearErrors) {
  TempDir dir;
  auto error_of = [&](const std::string& name, const std::string& text) {
    write_file(dir.file(name), text);
    try {
      read_cityjson_file(dir.file(name));
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  const Json objects = {{"box", {{"type", "Building"}, {"geometry", Json::array({box_solid(0)})}}}};
  const std::string good = city_json(objects, box_vertices(X0, Y0, 10, 8, 6)).dump();
  EXPECT_NE(error_of("truncated.json", good.substr(0, good.size() / 2)).find("truncated.json: not valid JSON"),
            std::string::npos);
  Json bad_index = city_json(objects, box_vertices(X0, Y0, 10, 8, 6));
  bad_index["CityObjects"]["box"]["geometry"][0]["boundaries"][0][0][0][0] = 99;
  const auto index_error = error_of("index.json", bad_index.dump());
  EXPECT_NE(index_error.find("(box)"), std::string::npos) << index_error;
  EXPECT_NE(index_error.find("out of range"), std::string::npos) << index_error;
  Json wrong_type = Json::parse(good);
  wrong_type["type"] = "FeatureCollection";
  EXPECT_NE(error_of("type.json", wrong_type.dump()).find("not a CityJSON document"), std::string::npos);
  Json old_version = Json::parse(good);
  old_version["version"] = "0.9";
  EXPECT_NE(error_of("old.json", old_version.dump()).find("version '0.9'"), std::string::npos);
  Json no_vertices = Json::parse(good);
  no_vertices.erase("vertices");
  EXPECT_NE(error_of("novertices.json", no_vertices.dump()).find("no \"vertices\""), std::string::npos);
  // A bad feature line in a sequence names its line.
  const std::string seq = city_json(Json::object(), Json::array()).dump() + "\n{\"type\": \"CityJSONFeature\"\n";
  EXPECT_NE(error_of("bad.city.jsonl", seq).find("bad.city.jsonl:2"), std::string::npos);
}

}  // namespace heattwin::twin
