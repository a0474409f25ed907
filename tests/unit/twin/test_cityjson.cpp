// CityJSON and CityJSONSeq reader: a box with transform and semantics (exact areas and volume
// through the CityGML import path), BuildingParts, sequences, the real samples, and errors.
#include "tests/unit/twin/twin_fixtures.hpp"
#include "twin/citygml_reader.hpp"
#include "twin/cityjson_reader.hpp"
#include "twin/error.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>

namespace heattwin::twin {
namespace fs = std::filesystem;
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
  Json shell = Json::array(
      {Json::array({Json::array({i(0), i(3), i(2), i(1)})}), Json::array({Json::array({i(4), i(5), i(6), i(7)})}),
       Json::array({Json::array({i(0), i(1), i(5), i(4)})}), Json::array({Json::array({i(1), i(2), i(6), i(5)})}),
       Json::array({Json::array({i(2), i(3), i(7), i(6)})}), Json::array({Json::array({i(3), i(0), i(4), i(7)})})});
  Json semantics = {
      {"surfaces", Json::array({{{"type", "GroundSurface"}}, {{"type", "RoofSurface"}}, {{"type", "WallSurface"}}})},
      {"values", Json::array({Json::array({0, 1, 2, 2, 2, 2})})}};
  return {{"type", "Solid"}, {"lod", lod}, {"boundaries", Json::array({shell})}, {"semantics", semantics}};
}

/// The box of box_solid as a geometry of `type`: Solid, MultiSolid/CompositeSolid (one solid),
/// MultiSurface/CompositeSurface (the shell's six surfaces), with the matching semantic values.
Json box_geometry(const std::string& type, int first = 0) {
  Json g = box_solid(first, "2");
  g["type"] = type;
  if (type == "MultiSolid" || type == "CompositeSolid") {
    g["boundaries"] = Json::array({g["boundaries"]});
    g["semantics"]["values"] = Json::array({g["semantics"]["values"]});
  } else if (type == "MultiSurface" || type == "CompositeSurface") {
    g["boundaries"] = g["boundaries"][0];
    g["semantics"]["values"] = g["semantics"]["values"][0];
  }
  return g;
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
  const Json objects = {{"box",
                         {{"type", "Building"},
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
      {"house-part",
       {{"type", "BuildingPart"},
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
  const std::string dir = std::string(HEATTWIN_REFERENCE_DATA_DIR) + "/geodata/cityjson-samples/";
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
}

TEST(CityJson, FormatDetectionReadsTheContentOfJsonFiles) {
  // Plain .json names both formats: the decision must come from the file's content.
  const fs::path dir = fs::temp_directory_path() / fmt::format("heattwin_cityjson_detect_{}", ::getpid());
  fs::create_directories(dir);
  const auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  };
  const std::string geojson =
      write("footprints.json",
            R"({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "a"},
          "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,0]]]}}]})");
  const std::string cityjson_plain =
      write("model.json",
            R"({"type": "CityJSON", "version": "2.0", "transform": {"scale": [1,1,1], "translate": [0,0,0]},
          "CityObjects": {}, "vertices": []})");
  const std::string cityobjects_first = write("tile.jsonl", R"({"CityObjects": {}, "type": "CityJSONFeature"})");
  EXPECT_FALSE(is_cityjson_file(geojson));
  EXPECT_TRUE(is_cityjson_file(cityjson_plain));
  EXPECT_TRUE(is_cityjson_file(cityobjects_first));
  EXPECT_FALSE(is_cityjson_file(write("footprints.geojson", R"({"type": "CityJSON"})")));  // not a JSON name
  EXPECT_FALSE(is_cityjson_file((dir / "missing.json").string()));                         // unreadable: no
  fs::remove_all(dir);
}

TEST(CityJson, RealSamplesMatchIndependentSums) {
  // Reference sums from the files by a separate script (Newell areas of the semantic surfaces in
  // the files' own CRS, degenerate rings left out): in the same CRS the import must match them.
  const std::string dir = std::string(HEATTWIN_REFERENCE_DATA_DIR) + "/geodata/cityjson-samples/";
  auto totals = [](const BuildingSet& b) {
    std::array<double, 3> t{0.0, 0.0, 0.0};  // footprint, roof, wall (m²)
    for (std::size_t i = 0; i < b.size(); ++i) {
      t[0] += b.footprint_area_m2[i];
      t[1] += b.roof_area_m2[i];
      t[2] += b.wall_area_m2[i];
    }
    return t;
  };
  {
    // Rotterdam (no referenceSystem; RD New): ground 2187.967, roof 2205.366, walls 6242.944 m².
    CityGmlImportOptions o;
    o.inputs = {dir + "rotterdam_subset.city.json"};
    o.source_crs = "EPSG:28992";
    o.twin_crs = "EPSG:28992";
    ImportReport report;
    const Twin twin = import_citygml(o, &report);
    ASSERT_EQ(twin.buildings.size(), 16u);
    const auto t = totals(twin.buildings);
    EXPECT_NEAR(t[0], 2187.967, 0.01);
    EXPECT_NEAR(t[1], 2205.366, 0.01);
    EXPECT_NEAR(t[2], 6242.944, 0.01);
    EXPECT_EQ(report.skipped.at("degenerate ring (fewer than 3 distinct points or zero area) skipped"), 12u);
  }
  {
    // Zürich (CityJSON 1.1, EPSG:2056): 49 buildings of 161 parts, roofs 12309.379 m².
    CityGmlImportOptions o;
    o.inputs = {dir + "zurich_subset_lod2.city.json"};
    o.twin_crs = "EPSG:2056";
    const Twin twin = import_citygml(o);
    ASSERT_EQ(twin.buildings.size(), 49u);
    EXPECT_NEAR(totals(twin.buildings)[1], 12309.379, 0.01);
    const auto doc = read_cityjson_file(dir + "zurich_subset_lod2.city.json");
    std::size_t parts = 0;
    for (const auto& b : doc.buildings) parts += b.part_ids.size();
    EXPECT_EQ(parts, 161u);
  }
  {
    // Delft (EPSG:7415 = RD New + NAP height): LoD1 solids without semantics and without a bottom
    // face, so every footprint comes from the roofs (8654.03 m² projected) and no shell is
    // closed; walls (|n_z| < sin 15°) 17648.49 m². The compound CRS is read as RD New.
    CityGmlImportOptions o;
    o.inputs = {dir + "delft.city.json"};
    o.twin_crs = "EPSG:28992";
    ImportReport report;
    const Twin twin = import_citygml(o, &report);
    ASSERT_EQ(twin.buildings.size(), 160u);
    const auto t = totals(twin.buildings);
    EXPECT_NEAR(t[0], 8654.03, 0.01);
    EXPECT_NEAR(t[2], 17648.49, 0.01);
    EXPECT_EQ(report.skipped.at("footprint from the roof projection (no ground surface)"), 160u);
    EXPECT_EQ(report.skipped.at("shell not closed (volume from roof and ground surfaces)"), 160u);
    EXPECT_EQ(report.skipped.at("city objects other than buildings skipped"), 410u);
    for (std::size_t i = 0; i < twin.buildings.size(); ++i) {  // inside the file's extent
      EXPECT_GT(twin.buildings.x_m[i], 84616.0);
      EXPECT_LT(twin.buildings.x_m[i], 85141.0);
      EXPECT_GT(twin.buildings.y_m[i], 447422.0);
      EXPECT_LT(twin.buildings.y_m[i], 447751.0);
    }
  }
}

TEST(CityJson, CubeGivesTheSameEnvelopeInEveryGeometryType) {
  // 10 m × 10 m × 10 m: walls 4 × 100 m² (n, e, s, w), roof 100 m², volume 1000 m³.
  for (const std::string type : {"Solid", "MultiSolid", "CompositeSolid", "MultiSurface", "CompositeSurface"}) {
    SCOPED_TRACE(type);
    TempDir dir;
    const Json objects = {{"cube", {{"type", "Building"}, {"geometry", Json::array({box_geometry(type)})}}}};
    const std::string path = dir.file("cube.city.json");
    write_file(path, city_json(objects, box_vertices(X0, Y0, 10, 10, 10)).dump());
    const Twin twin = import_file(path);
    const auto& b = twin.buildings;
    ASSERT_EQ(b.size(), 1u);
    EXPECT_NEAR(b.footprint_area_m2[0], 100.0, 1e-6);
    EXPECT_NEAR(b.volume_m3[0], 1000.0, 1e-6);
    EXPECT_NEAR(b.wall_area_m2[0], 400.0, 1e-6);
    EXPECT_NEAR(b.roof_area_m2[0], 100.0, 1e-6);
    for (const int sector : {0, 2, 4, 6}) EXPECT_NEAR(sector_wall(b, 0, sector), 100.0, 1e-6) << sector;
    for (const int sector : {1, 3, 5, 7}) EXPECT_EQ(sector_wall(b, 0, sector), 0.0) << sector;
    EXPECT_NEAR(b.height_m[0], 10.0, 1e-9);
  }
}

TEST(CityJson, SemanticSurfacesMapToKinds) {
  // Nine 1 m squares side by side; the ninth has a null semantic value, the eighth is a window.
  Json vertices = Json::array();
  Json boundaries = Json::array();
  for (int k = 0; k < 9; ++k) {
    const int x = 2000 * k;
    const int first = static_cast<int>(vertices.size());
    for (const auto& [dx, dz] : std::vector<std::pair<int, int>>{{0, 0}, {1000, 0}, {1000, 1000}, {0, 1000}})
      vertices.push_back({x + dx, 0, dz});
    boundaries.push_back(Json::array({Json::array({first, first + 1, first + 2, first + 3})}));
  }
  const Json surfaces = Json::array({{{"type", "WallSurface"}},
                                     {{"type", "RoofSurface"}},
                                     {{"type", "GroundSurface"}},
                                     {{"type", "ClosureSurface"}},
                                     {{"type", "OuterCeilingSurface"}},
                                     {{"type", "OuterFloorSurface"}},
                                     {{"type", "InteriorWallSurface"}},
                                     {{"type", "Window"}}});
  const Json geometry = {{"type", "MultiSurface"},
                         {"lod", "2"},
                         {"boundaries", boundaries},
                         {"semantics", {{"surfaces", surfaces}, {"values", {0, 1, 2, 3, 4, 5, 6, 7, nullptr}}}}};
  const Json objects = {{"b", {{"type", "Building"}, {"geometry", Json::array({geometry})}}}};
  const auto doc = parse_cityjson(city_json(objects, vertices).dump(), "kinds.city.json");
  ASSERT_EQ(doc.buildings.size(), 1u);
  const auto& s = doc.buildings[0].surfaces;
  const std::vector<SurfaceKind> expected{SurfaceKind::wall,          SurfaceKind::roof,
                                          SurfaceKind::ground,        SurfaceKind::closure,
                                          SurfaceKind::outer_ceiling, SurfaceKind::outer_floor,
                                          SurfaceKind::unclassified,  SurfaceKind::unclassified};  // window skipped
  ASSERT_EQ(s.size(), expected.size());
  for (std::size_t k = 0; k < s.size(); ++k) EXPECT_EQ(s[k].kind, expected[k]) << k;
  EXPECT_NEAR(s.back().geometry.exterior[1][0], X0 + 17.0, 1e-9);  // the ninth square, at x = 16…17 m
  EXPECT_EQ(doc.warnings.at("openings (Window, Door surfaces) skipped"), 1u);
  EXPECT_EQ(doc.crs_names.back(), "https://www.opengis.net/def/crs/EPSG/0/25832");
  EXPECT_EQ(s[0].crs, doc.crs_names.size() - 1);
}

TEST(CityJson, LodsAndTemplates) {
  Json g13 = box_solid(0, "1.3");
  Json g0 = box_solid(0, "0");
  Json g3 = box_solid(0, "3");
  Json g_bad = box_solid(0, "high");
  Json g_number = box_solid(0);
  g_number["lod"] = 2;  // CityJSON 1.0 wrote numbers
  const Json instance = {
      {"type", "GeometryInstance"}, {"template", 0}, {"boundaries", {0}}, {"transformationMatrix", Json::array()}};
  const Json objects = {{"b",
                         {{"type", "Building"},
                          {"geometry", Json::array({g13, box_solid(0, "2.2"), g_number, g0, g3, g_bad, instance})}}}};
  const auto doc = parse_cityjson(city_json(objects, box_vertices(X0, Y0, 10, 8, 6)).dump(), "lods.json");
  ASSERT_EQ(doc.buildings.size(), 1u);
  std::map<int, int> surfaces_by_lod;
  for (const auto& s : doc.buildings[0].surfaces) ++surfaces_by_lod[s.lod];
  EXPECT_EQ(surfaces_by_lod, (std::map<int, int>{{1, 6}, {2, 12}}));
  EXPECT_EQ(doc.warnings.at("LoD0 or unknown-LoD geometry ignored"), 2u);  // "0" and "high"
  EXPECT_EQ(doc.warnings.at("LoD3 geometry ignored (LoD1 and LoD2 are read)"), 1u);
  EXPECT_EQ(doc.warnings.at("geometry templates (GeometryInstance) skipped"), 1u);
}

TEST(CityJson, PartsByParentsOnlyAndNestedPartsAggregateInFileOrder) {
  // "z-house" lists no children: its part p1 names it in "parents" only; p2 is a part of p1.
  // A part whose parent is not in the file stands alone. Buildings keep the file's order.
  Json vertices = box_vertices(X0, Y0, 10, 10, 10);
  for (const auto& v : box_vertices(X0 + 10, Y0, 5, 10, 20)) vertices.push_back(v);
  for (const auto& v : box_vertices(X0 + 15, Y0, 5, 10, 30)) vertices.push_back(v);
  for (const auto& v : box_vertices(X0 + 100, Y0, 10, 10, 10)) vertices.push_back(v);
  for (const auto& v : box_vertices(X0 + 200, Y0, 10, 10, 10)) vertices.push_back(v);
  // ordered_json keeps the members in insertion order (nlohmann::json would sort them).
  nlohmann::ordered_json doc_json = city_json(Json::object(), vertices);
  auto& objects = doc_json["CityObjects"];
  objects["z-house"] = Json{{"type", "Building"},
                            {"attributes", {{"measuredHeight", 10.0}, {"yearOfConstruction", "1911-01-01"}}},
                            {"geometry", Json::array({box_solid(0)})}};
  objects["p2"] = Json{{"type", "BuildingPart"},
                       {"parents", {"p1"}},
                       {"attributes", {{"storeysAboveGround", 9.0}, {"measuredHeight", 30.0}}},
                       {"geometry", Json::array({box_solid(16)})}};
  objects["p1"] = Json{{"type", "BuildingPart"},
                       {"parents", {"z-house"}},
                       {"children", {"p2"}},
                       {"attributes", {{"storeysAboveGround", 4}, {"function", "31001_1010"}}},
                       {"geometry", Json::array({box_solid(8)})}};
  objects["a-house"] = Json{{"type", "Building"}, {"geometry", Json::array({box_solid(24)})}};
  objects["lonely"] =
      Json{{"type", "BuildingPart"}, {"parents", {"elsewhere"}}, {"geometry", Json::array({box_solid(32)})}};
  const std::string text = doc_json.dump();
  TempDir dir;
  const std::string path = dir.file("parts.city.json");
  write_file(path, text);
  const auto doc = read_cityjson_file(path);
  ASSERT_EQ(doc.buildings.size(), 3u);
  EXPECT_EQ(doc.buildings[0].id, "z-house");
  EXPECT_EQ(doc.buildings[1].id, "a-house");
  EXPECT_EQ(doc.buildings[2].id, "lonely");
  EXPECT_EQ(doc.buildings[0].part_ids, (std::vector<std::string>{"p2", "p1"}));  // file order
  // As in CityGML: the building's own height and year win, else the parts' (tallest, most storeys, first).
  EXPECT_DOUBLE_EQ(doc.buildings[0].measured_height_m, 10.0);
  EXPECT_EQ(doc.buildings[0].storeys_above_ground, 9);
  EXPECT_EQ(doc.buildings[0].year_of_construction, 1911);
  EXPECT_EQ(doc.buildings[0].function, "31001_1010");
  EXPECT_EQ(doc.warnings.at("BuildingPart without its parent Building in the file (read as a building)"), 1u);
  const Twin twin = import_file(path);
  ASSERT_EQ(twin.buildings.size(), 3u);
  EXPECT_NEAR(twin.buildings.volume_m3[0], 1000.0 + 1000.0 + 1500.0, 1e-6);
  EXPECT_NEAR(twin.buildings.footprint_area_m2[0], 200.0, 1e-6);
  EXPECT_NEAR(twin.buildings.volume_m3[1], 1000.0, 1e-6);
}

TEST(CityJson, RecognisedByNameOrContent) {
  TempDir dir;
  const Json objects = {{"box", {{"type", "Building"}, {"geometry", Json::array({box_solid(0)})}}}};
  Json doc = city_json(objects, box_vertices(X0, Y0, 10, 8, 6));
  // "type" after more than 4 KiB: .city.json names the format, a plain .json is sniffed.
  const std::string late = "{\"metadata\": {\"title\": \"" + std::string(5000, 'x') + "\"}, " + doc.dump().substr(1);
  write_file(dir.file("late.city.json"), late);
  EXPECT_TRUE(is_cityjson_file(dir.file("late.city.json")));
  EXPECT_EQ(import_file(dir.file("late.city.json")).buildings.size(), 1u);
  write_file(dir.file("early.json"), doc.dump());
  EXPECT_TRUE(is_cityjson_file(dir.file("early.json")));
  EXPECT_TRUE(is_citygml_path(dir.path().string()));
  EXPECT_EQ(expand_citygml_inputs({dir.path().string()}).size(), 2u);
  write_file(dir.file("other.json"), R"({"type": "FeatureCollection", "features": []})");
  EXPECT_FALSE(is_cityjson_file(dir.file("other.json")));
  EXPECT_EQ(expand_citygml_inputs({dir.path().string()}).size(), 2u);
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
  // Members of the wrong JSON type name the file and the object.
  auto with = [&](const std::function<void(Json&)>& change) {
    Json j = Json::parse(good);
    change(j);
    return j.dump();
  };
  const auto depth_error =
      error_of("depth.json", with([](Json& j) { j["CityObjects"]["box"]["geometry"][0]["boundaries"] = {1}; }));
  EXPECT_NE(depth_error.find("depth.json (box): the boundaries of a Solid are not nested 4 levels deep"),
            std::string::npos)
      << depth_error;
  const auto semantics_error =
      error_of("semantics.json", with([](Json& j) {
                 j["CityObjects"]["box"]["geometry"][0]["semantics"]["surfaces"] = {{"type", "RoofSurface"}};
               }));
  EXPECT_NE(semantics_error.find("semantics.json (box)"), std::string::npos) << semantics_error;
  const auto transform_error = error_of("transform.json", with([](Json& j) {
                                          j["transform"]["scale"] = {"a", "b", "c"};
                                        }));
  EXPECT_NE(transform_error.find("transform.json: \"transform\" needs"), std::string::npos) << transform_error;
  const auto vertex_error = error_of("vertex.json", with([](Json& j) { j["vertices"][3] = {1, 2}; }));
  EXPECT_NE(vertex_error.find("vertex.json: vertex 3 is [1,2], expected three numbers"), std::string::npos)
      << vertex_error;
  const auto geometry_error = error_of("geometry.json", with([](Json& j) {
                                         j["CityObjects"]["box"]["geometry"] = {{"lod", "2"}};
                                       }));
  EXPECT_NE(geometry_error.find("geometry.json (box): \"geometry\" must be a list"), std::string::npos)
      << geometry_error;
  const auto ring_error = error_of(
      "ring.json", with([](Json& j) { j["CityObjects"]["box"]["geometry"][0]["boundaries"][0][0][0] = "0 1 2"; }));
  EXPECT_NE(ring_error.find("ring.json (box): a ring must be a list of vertex indices"), std::string::npos)
      << ring_error;
  const auto cycle_error = error_of("cycle.json", with([](Json& j) {
                                      j["CityObjects"]["p"] = {{"type", "BuildingPart"}, {"parents", {"q"}}};
                                      j["CityObjects"]["q"] = {{"type", "BuildingPart"}, {"parents", {"p"}}};
                                    }));
  EXPECT_NE(cycle_error.find("form a cycle"), std::string::npos) << cycle_error;
  // A bad feature line in a sequence names its line.
  const std::string seq = city_json(Json::object(), Json::array()).dump() + "\n{\"type\": \"CityJSONFeature\"\n";
  EXPECT_NE(error_of("bad.city.jsonl", seq).find("bad.city.jsonl:2"), std::string::npos);
}

}  // namespace heattwin::twin

namespace heattwin::twin {
namespace {

/// Canonical text of a parsed document: every building, attribute, surface and coordinate
/// (%.17g, exact), the CRS names and the warnings.
std::string canonical_dump(const CityGmlDocument& doc) {
  std::string out;
  for (const auto& crs : doc.crs_names) out += fmt::format("crs {}\n", crs);
  for (const auto& [reason, count] : doc.warnings) out += fmt::format("warning {} {}\n", reason, count);
  for (const auto& b : doc.buildings) {
    out += fmt::format("building {} f={} y={} h={:.17g} s={} r={} parts={}\n", b.id, b.function, b.year_of_construction,
                       b.measured_height_m, b.storeys_above_ground, b.roof_type, fmt::join(b.part_ids, ","));
    for (const auto& s : b.surfaces) {
      out += fmt::format("  surface k={} lod={} part={} crs={}\n", static_cast<int>(s.kind), s.lod, s.part, s.crs);
      auto ring = [&out](const Ring3& r) {
        out += "   ";
        for (const auto& p : r) out += fmt::format(" {:.17g},{:.17g},{:.17g}", p[0], p[1], p[2]);
        out += "\n";
      };
      ring(s.geometry.exterior);
      for (const auto& h : s.geometry.holes) ring(h);
    }
  }
  return out;
}

std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 14695981039346656037ULL;
  for (const unsigned char c : text) h = (h ^ c) * 1099511628211ULL;
  return h;
}

TEST(CityJson, SameDocumentsAsTheReferenceReaderOnTheShippedSamples) {
  // data/reference/geodata/cityjson_reader_digest.txt holds, per shipped CityJSON sample, the
  // building and surface counts and a hash of the canonical dump of the document as read by the
  // nlohmann::json reader HeatTwin used before simdjson (commit 522e0a9). The reader must give
  // the same documents, bit for bit. HEATTWIN_UPDATE_REFERENCE=1 rewrites the file.
  const std::string dir = std::string(HEATTWIN_REFERENCE_DATA_DIR) + "/geodata/";
  const std::string digest_path = dir + "cityjson_reader_digest.txt";
  std::string digest;
  for (const char* file : {"cityjson-samples/delft.city.json", "cityjson-samples/rotterdam_subset.city.json",
                           "cityjson-samples/zurich_subset_lod2.city.json"}) {
    const CityGmlDocument doc = read_cityjson_file(dir + file);
    std::size_t surfaces = 0;
    for (const auto& b : doc.buildings) surfaces += b.surfaces.size();
    digest += fmt::format("{} buildings={} surfaces={} fnv1a={:016x}\n", file, doc.buildings.size(), surfaces,
                          fnv1a(canonical_dump(doc)));
  }
  if (const char* update = std::getenv("HEATTWIN_UPDATE_REFERENCE"); update != nullptr && std::string(update) == "1") {
    std::ofstream(digest_path, std::ios::binary) << digest;
    GTEST_SKIP() << "wrote " << digest_path;
  }
  std::ifstream in(digest_path, std::ios::binary);
  ASSERT_TRUE(in.good()) << digest_path;
  const std::string expected((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(digest, expected);
}

}  // namespace
}  // namespace heattwin::twin
