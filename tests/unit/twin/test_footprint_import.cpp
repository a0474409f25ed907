// Footprint geometry, shared walls, imputation rules, attribute mapping and the GDAL import.
#include "tests/unit/twin/twin_fixtures.hpp"
#include "twin/alkis_codes.hpp"
#include "twin/error.hpp"
#include "twin/footprint_geometry.hpp"
#include "twin/footprint_import.hpp"
#include "twin/imputation_rules.hpp"
#include "twin/twin_store.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

namespace heattwin::twin {
namespace {

using test::TempDir;

Ring rect(double x0, double y0, double w, double h) { return {{x0, y0}, {x0 + w, y0}, {x0 + w, y0 + h}, {x0, y0 + h}}; }

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string feature(const std::string& props, const std::string& coords) {
  return R"({"type":"Feature","properties":{)" + props + R"(},"geometry":{"type":"Polygon","coordinates":[)" + coords +
         "]}}";
}

std::string collection(const std::vector<std::string>& features, const std::string& crs = "EPSG::25832") {
  std::string s = R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:)" + crs +
                  R"("}},"features":[)";
  for (std::size_t k = 0; k < features.size(); ++k) s += (k ? "," : "") + features[k];
  return s + "]}";
}

// A 10 m × 8 m box at x0 (EPSG:25832 coordinates near Magdeburg).
std::string box_coords(double x0, double w = 10.0) {
  return fmt::format("[[{},5780000],[{},5780000],[{},5780008],[{},5780008],[{},5780000]]", x0, x0 + w, x0 + w, x0, x0);
}

TEST(FootprintGeometry, RectangleAreaPerimeterCentroidSectors) {
  std::vector<Ring> rings{rect(500000, 5700000, 10, 8)};
  normalise_rings(rings);
  const auto m = measure_polygon(rings);
  EXPECT_NEAR(m.area_m2, 80.0, 1e-9);
  EXPECT_NEAR(m.perimeter_m, 36.0, 1e-9);
  EXPECT_NEAR(m.centroid_x_m, 500005.0, 1e-9);
  EXPECT_NEAR(m.centroid_y_m, 5700004.0, 1e-9);
  EXPECT_NEAR(m.edge_length_by_sector_m[0], 10.0, 1e-9);  // north
  EXPECT_NEAR(m.edge_length_by_sector_m[2], 8.0, 1e-9);   // east
  EXPECT_NEAR(m.edge_length_by_sector_m[4], 10.0, 1e-9);  // south
  EXPECT_NEAR(m.edge_length_by_sector_m[6], 8.0, 1e-9);   // west
}

TEST(FootprintGeometry, ClockwiseInputAndHoleAndLShape) {
  Ring cw = rect(0, 0, 20, 20);
  std::reverse(cw.begin(), cw.end());
  std::vector<Ring> rings{cw, rect(5, 5, 10, 10)};  // hole given counter-clockwise
  normalise_rings(rings);
  EXPECT_GT(signed_ring_area(rings[0]), 0);
  EXPECT_LT(signed_ring_area(rings[1]), 0);
  const auto m = measure_polygon(rings);
  EXPECT_NEAR(m.area_m2, 300.0, 1e-9);
  EXPECT_NEAR(m.perimeter_m, 120.0, 1e-9);
  // Courtyard walls face inwards: the hole's south edge has an outward normal pointing north.
  EXPECT_NEAR(m.edge_length_by_sector_m[0], 20.0 + 10.0, 1e-9);
  std::vector<Ring> l{{{0, 0}, {10, 0}, {10, 4}, {4, 4}, {4, 10}, {0, 10}}};
  normalise_rings(l);
  const auto ml = measure_polygon(l);
  EXPECT_NEAR(ml.area_m2, 64.0, 1e-9);
  EXPECT_NEAR(ml.centroid_x_m, (40.0 * 5 + 24.0 * 2) / 64.0, 1e-9);
}

TEST(FootprintGeometry, ProblemsAreNamed) {
  EXPECT_EQ(footprint_problem(std::vector<Ring>{rect(0, 0, 1, 1)}), "");
  EXPECT_NE(footprint_problem(std::vector<Ring>{}), "");
  EXPECT_NE(footprint_problem(std::vector<Ring>{{{0, 0}, {1, 0}}}).find("fewer than 3"), std::string::npos);
  EXPECT_NE(footprint_problem(std::vector<Ring>{{{0, 0}, {1, 0}, {2, 0}}}).find("zero area"), std::string::npos);
  // Bow tie.
  EXPECT_NE(footprint_problem(std::vector<Ring>{{{0, 0}, {3, 3}, {3, 0}, {0, 1}}}).find("intersects itself"),
            std::string::npos);
  EXPECT_NE(footprint_problem(std::vector<Ring>{{{0, 0}, {1, NaN}, {0, 1}}}).find("non-finite"), std::string::npos);
  // Issue 20: a 20 km × 20 km "building" and a stray vertex 5,600 km away are refused by extent.
  EXPECT_NE(footprint_problem(std::vector<Ring>{rect(0, 0, 20000, 20000)}).find("spans 20000 m"), std::string::npos);
  EXPECT_NE(footprint_problem(std::vector<Ring>{{{0, 0}, {10, 0}, {4.0e6, 4.0e6}}}).find("spans"), std::string::npos);
  EXPECT_EQ(footprint_problem(std::vector<Ring>{rect(0, 0, 1500, 200)}), "");  // a long factory hall
}

TEST(SharedWalls, TwoTouchingBoxesShareOneWallOncePerSide) {
  PolygonSet fp;
  std::vector<Ring> a{rect(0, 0, 10, 8)}, b{rect(10, 0, 10, 8)}, c{rect(40, 0, 5, 5)};
  fp.append_polygon(a);
  fp.append_polygon(b);
  fp.append_polygon(c);
  const auto shared = shared_edge_lengths(fp);
  EXPECT_NEAR(shared[0][2], 8.0, 1e-9);  // east wall of a
  EXPECT_NEAR(shared[1][6], 8.0, 1e-9);  // west wall of b
  double rest = 0;
  for (int s = 0; s < 8; ++s)
    rest += shared[2][static_cast<std::size_t>(s)] + (s != 2 ? shared[0][static_cast<std::size_t>(s)] : 0);
  EXPECT_EQ(rest, 0.0);
  // Partial overlap within the tolerance of a few centimetres.
  PolygonSet fp2;
  std::vector<Ring> d{rect(0, 0, 10, 8)}, e{rect(10.03, 4, 10, 8)};
  fp2.append_polygon(d);
  fp2.append_polygon(e);
  const auto shared2 = shared_edge_lengths(fp2);
  EXPECT_NEAR(shared2[0][2], 4.0, 1e-6);
  EXPECT_NEAR(shared2[1][6], 4.0, 1e-6);
}

// The shared-wall search visits the cells along each edge, not its bounding box: two triangles
// sharing a 1.9 km diagonal (a 237 × 237 cell box) and the other edges' walls are found exactly,
// and so are walls along steep and horizontal edges next to it.
TEST(SharedWalls, LongDiagonalEdgesShareExactly) {
  PolygonSet fp;
  const double d = 1900.0 / std::sqrt(2.0);
  std::vector<Ring> lower{{{0, 0}, {d, 0}, {d, d}}}, upper{{{0, 0}, {d, d}, {0, d}}};
  std::vector<Ring> steep{{{d, 0}, {d + 5, 0}, {d + 5, 300}, {d, 300}}};  // shares 300 m of the lower's east edge
  fp.append_polygon(lower);
  fp.append_polygon(upper);
  fp.append_polygon(steep);
  const auto shared = shared_edge_lengths(fp);
  const auto total = [&](std::size_t p) {
    double t = 0.0;
    for (double v : shared[p]) t += v;
    return t;
  };
  EXPECT_NEAR(total(0), 1900.0 + 300.0, 1e-6);
  EXPECT_NEAR(total(1), 1900.0, 1e-6);
  EXPECT_NEAR(total(2), 300.0, 1e-6);
}

TEST(SharedWalls, EnvelopeCountsTheSharedWallOncePerBuilding) {
  Twin t;
  t.regions.add_municipality("15003000", "Magdeburg");
  for (int k = 0; k < 2; ++k) {
    const auto b = t.buildings.append_unknown(fmt::format("B{}", k));
    std::vector<Ring> r{rect(10.0 * k, 0, 10, 7.5)};
    t.buildings.append_footprint(r);
    t.buildings.height_m[b] = 10.0;
  }
  const auto shared = shared_edge_lengths(t.buildings.footprints);
  for (BuildingIndex b = 0; b < 2; ++b) {
    std::vector<Ring> r{rect(10.0 * b, 0, 10, 7.5)};
    derive_lod1_envelope(t.buildings, b, measure_polygon(r), shared[b]);
  }
  // One 7.5 m × 10 m common wall: 75 m² per building, 150 m² in total (CONTRACTS.md).
  EXPECT_NEAR(t.buildings.shared_wall_area_m2[0] + t.buildings.shared_wall_area_m2[1], 150.0, 1e-9);
  EXPECT_NEAR(t.buildings.wall_area_m2[0], 35.0 * 10.0, 1e-9);
  EXPECT_NEAR(t.buildings.wall_area_e_m2[0], 0.0, 1e-9);
  EXPECT_NEAR(t.buildings.wall_area_w_m2[0], 75.0, 1e-9);
  EXPECT_NEAR(t.buildings.volume_m3[0], 750.0, 1e-9);
}

TEST(Alkis, CodesAndUseClasses) {
  EXPECT_EQ(parse_alkis_function("31001_1010"), 1010);
  EXPECT_EQ(parse_alkis_function(" 2463 "), 2463);
  EXPECT_FALSE(parse_alkis_function("31001_10x0").has_value());
  EXPECT_FALSE(parse_alkis_function("abc").has_value());
  EXPECT_EQ(use_class_of_alkis_function(1010), UseClass::residential);
  EXPECT_EQ(use_class_of_alkis_function(9998), UseClass::residential);
  EXPECT_FALSE(use_class_of_alkis_function(1234).has_value());
  ASSERT_TRUE(use_class_of_alkis_function(2463).has_value());
  EXPECT_EQ(*use_class_of_alkis_function(2463), UseClass::unheated);  // Garage
}

TEST(Imputation, EachRuleIsCountedAndFlagged) {
  Twin t;
  const auto m = t.regions.add_municipality("15003000", "Magdeburg");
  auto add = [&](const std::string& id, double area, double h, int storeys, int year, std::uint16_t alkis) {
    const auto b = t.buildings.append_unknown(id);
    t.buildings.municipality[b] = m;
    t.buildings.footprint_area_m2[b] = area;
    if (h > 0) {
      t.buildings.height_m[b] = h;
      t.buildings.prov_height[b] = Provenance::measured;
    }
    if (storeys > 0) {
      t.buildings.storeys[b] = static_cast<std::uint16_t>(storeys);
      t.buildings.prov_storeys[b] = Provenance::measured;
    }
    if (year > 0) {
      t.buildings.year_of_construction[b] = static_cast<std::int16_t>(year);
      t.buildings.prov_year_of_construction[b] = Provenance::measured;
    }
    t.buildings.alkis_function[b] = alkis;
    return b;
  };
  const auto a = add("A", 100, 9.0, 0, 1900, 1010);  // storeys from height
  const auto b = add("B", 100, 0, 4, 1910, 1010);    // height from storeys
  const auto c = add("C", 20, 0, 0, 1920, 9998);     // small unspecified → unheated, defaults
  const auto d = add("D", 120, 0, 0, 0, 0);          // use missing → residential, year from median
  for (int k = 0; k < 4; ++k) add(fmt::format("E{}", k), 100, 6, 2, 1930, 1010);
  t.buildings.finish_footprints();
  impute_use_height_year(t);
  auto& bs = t.buildings;
  EXPECT_EQ(bs.storeys[a], 3);
  EXPECT_EQ(bs.prov_storeys[a], Provenance::imputed);
  EXPECT_DOUBLE_EQ(bs.height_m[b], 12.0);
  EXPECT_EQ(bs.prov_height[b], Provenance::imputed);
  EXPECT_EQ(bs.use_class[c], static_cast<std::uint8_t>(UseClass::unheated));
  EXPECT_EQ(bs.storeys[c], 1);
  EXPECT_EQ(bs.use_class[d], static_cast<std::uint8_t>(UseClass::residential));
  EXPECT_EQ(bs.prov_use_class[d], Provenance::imputed);
  EXPECT_EQ(bs.year_of_construction[d], 1930);  // median of 1900, 1910, 1920, 1930 × 4
  EXPECT_EQ(bs.prov_year_of_construction[d], Provenance::imputed);
  EXPECT_EQ(bs.age_class[d], age_class_of_year(1930));
  EXPECT_EQ(t.imputations.at("storeys_from_height"), 1u);
  EXPECT_EQ(t.imputations.at("height_from_storeys"), 1u);
  EXPECT_EQ(t.imputations.at("height_storeys_default_by_use"), 2u);
  EXPECT_EQ(t.imputations.at("use_9998_unspecified_small_as_unheated"), 1u);
  EXPECT_EQ(t.imputations.at("use_missing_as_residential"), 1u);
  EXPECT_EQ(t.imputations.at("year_from_municipality_median"), 1u);

  for (BuildingIndex k = 0; k < bs.size(); ++k) bs.wall_area_m2[k] = 100.0;
  impute_floor_area_and_type(t);
  EXPECT_NEAR(bs.heated_floor_area_m2[a], 0.32 * 100 * 9.0, 1e-9);                     // A_N = 0.32 V_e
  EXPECT_EQ(bs.heated_floor_area_m2[c], 0.0);                                          // unheated
  EXPECT_EQ(bs.residential_type[a], static_cast<std::uint8_t>(ResidentialType::mfh));  // 288 m² / 84 m² ≈ 3 dwellings
  EXPECT_EQ(residential_type_of(150, 0.0, 84), ResidentialType::efh);
  EXPECT_EQ(residential_type_of(150, 0.3, 84), ResidentialType::rh);
  EXPECT_EQ(residential_type_of(2000, 0.0, 84), ResidentialType::gmh);
}

TEST(Mapping, UnknownKeysAndWrongTypesNameTheLine) {
  TempDir dir;
  write_file(dir.file("ok.toml"),
             "[source]\nlayer = \"x\"\n[fields]\nid = \"ID\"\nheight_m = \"H\"\n[options]\nmin_footprint_m2 = 2\n");
  const auto m = load_attribute_mapping(dir.file("ok.toml"));
  EXPECT_EQ(m.layer, "x");
  EXPECT_EQ(m.height_m, "H");
  EXPECT_DOUBLE_EQ(m.min_footprint_m2, 2.0);
  auto expect_error = [&](const std::string& text, const std::string& needle) {
    write_file(dir.file("bad.toml"), text);
    try {
      (void)load_attribute_mapping(dir.file("bad.toml"));
      ADD_FAILURE() << "accepted: " << text;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  expect_error("[fields]\nid = \"ID\"\nheigth_m = \"H\"\n", "bad.toml:3: unknown key 'heigth_m'");
  expect_error("[fields]\nstoreys = 3\n", "bad.toml:2: key 'storeys' must be a string");
  expect_error("[colours]\nred = \"x\"\n", "unknown table [colours]");
  expect_error("[fields\nid = \"x\"\n", "bad.toml:1");
}

class Import : public ::testing::Test {
 protected:
  TempDir dir;
  Twin run(const std::string& geojson, const std::string& mapping_text, ImportReport* report = nullptr) {
    write_file(dir.file("in.geojson"), geojson);
    FootprintImportOptions o;
    o.inputs = {dir.file("in.geojson")};
    if (!mapping_text.empty()) {
      write_file(dir.file("m.toml"), mapping_text);
      o.mapping = load_attribute_mapping(dir.file("m.toml"));
    }
    return import_footprints(o, report);
  }
};

TEST_F(Import, GeoJsonWithMappingFillsColumnsAndSharedWalls) {
  const std::string mapping =
      "[fields]\nid = \"id\"\nheight_m = \"h\"\nalkis_function = \"f\"\nmunicipality_ags = \"ags\"\n";
  const auto t = run(collection({feature(R"("id":"A","h":6.0,"f":"31001_1010","ags":"15003000")", box_coords(681000)),
                                 feature(R"("id":"B","h":9.0,"f":"31001_1010","ags":"15003000")", box_coords(681010))}),
                     mapping);
  ASSERT_EQ(t.buildings.size(), 2u);
  EXPECT_EQ(t.buildings.id[0], "A");
  EXPECT_NEAR(t.buildings.footprint_area_m2[0], 80.0, 1e-6);
  EXPECT_EQ(t.buildings.prov_height[0], Provenance::measured);
  EXPECT_EQ(t.buildings.storeys[0], 2);  // 6 m / 3 m
  // The common 8 m wall touches up to the lower... here each side counts its own height.
  EXPECT_NEAR(t.buildings.shared_wall_area_m2[0], 8.0 * 6.0, 1e-6);
  EXPECT_NEAR(t.buildings.shared_wall_area_m2[1], 8.0 * 9.0, 1e-6);
  EXPECT_EQ(t.regions.municipalities.at(0).ags, "15003000");
  EXPECT_EQ(t.buildings.municipality[0], 0u);
  EXPECT_GE(t.grid.size(), 1u);
}

TEST_F(Import, HeatingCarrierAndYearFromRegisterFields) {
  // A chimney-sweep register's German terms; an unknown term and an implausible year are ignored
  // and counted; a building part inherits its parent's system.
  const std::string mapping =
      "[fields]\nid = \"id\"\nheating_carrier = \"heizung\"\nheating_year = \"einbau\"\nparent_id = \"p\"\n";
  ImportReport report;
  const auto t = run(collection({feature(R"("id":"A","heizung":"Erdgas","einbau":2004)", box_coords(681000)),
                                 feature(R"("id":"B","heizung":"Fernwärme","einbau":1850)", box_coords(681020)),
                                 feature(R"("id":"C","heizung":"Quatsch")", box_coords(681040)),
                                 feature(R"("id":"D","p":"A")", box_coords(681060))}),
                     mapping, &report);
  ASSERT_EQ(t.buildings.size(), 4u);
  const auto carrier = [&](std::size_t i) { return static_cast<Carrier>(t.buildings.heating_carrier[i]); };
  EXPECT_EQ(carrier(0), Carrier::gas);
  EXPECT_EQ(t.buildings.heating_year[0], 2004);
  EXPECT_EQ(t.buildings.prov_heating_system[0], Provenance::measured);
  EXPECT_EQ(carrier(1), Carrier::district_heat);
  EXPECT_EQ(t.buildings.heating_year[1], 0);
  EXPECT_EQ(carrier(2), Carrier::unknown);
  EXPECT_EQ(carrier(3), Carrier::gas);
  EXPECT_EQ(t.buildings.heating_year[3], 2004);
  EXPECT_EQ(report.skipped.at("heating carrier not understood (value ignored)"), 1u);
  EXPECT_EQ(report.skipped.at("heating installation year out of range (value ignored)"), 1u);
}

TEST_F(Import, NominalHeatingPowerFromRegisterFields) {
  // Chimney-sweep data: a number, a number as text with a decimal comma, none; a building part
  // does not inherit the parent's power (one system), a multipolygon's first part takes it.
  const std::string mapping =
      "[fields]\nid = \"id\"\nheating_carrier = \"heizung\"\nheating_year = \"einbau\"\n"
      "heating_power_kw = \"leistung\"\nparent_id = \"p\"\n";
  const std::string two_parts =
      R"({"type":"Feature","properties":{"id":"M","leistung":30},"geometry":{"type":"MultiPolygon","coordinates":[)" +
      std::string("[") + box_coords(681100) + "],[" + box_coords(681200) + "]]}}";
  const auto t =
      run(collection({feature(R"("id":"A","heizung":"Erdgas","einbau":2004,"leistung":24)", box_coords(681000)),
                      feature(R"("id":"B","leistung":"18,5")", box_coords(681020)),
                      feature(R"("id":"C","heizung":"Heizöl")", box_coords(681040)),
                      feature(R"("id":"D","p":"A")", box_coords(681060)), two_parts}),
          mapping);
  ASSERT_EQ(t.buildings.size(), 6u);
  const auto power = [&](const std::string& id) {
    for (std::size_t i = 0; i < t.buildings.size(); ++i) {
      if (t.buildings.id[i] == id) return t.buildings.heating_power_kw[i];
    }
    ADD_FAILURE() << "no building " << id;
    return 0.0;
  };
  EXPECT_EQ(power("A"), 24.0);
  EXPECT_EQ(power("B"), 18.5);
  EXPECT_TRUE(std::isnan(power("C")));
  EXPECT_TRUE(std::isnan(power("D")));
  EXPECT_EQ(power("M#1"), 30.0);
  EXPECT_TRUE(std::isnan(power("M#2")));
  EXPECT_EQ(t.buildings.prov_heating_system[1], Provenance::measured);
  // The twin keeps the powers through its file.
  save_twin(t, dir.file("t.h5"));
  EXPECT_EQ(load_twin(dir.file("t.h5")).buildings.heating_power_kw[0], 24.0);
}

TEST_F(Import, BadNominalHeatingPowerNamesFileBuildingAndFeature) {
  const std::string mapping = "[fields]\nid = \"id\"\nheating_power_kw = \"leistung\"\n";
  auto expect_error = [&](const std::string& value, const std::string& needle) {
    try {
      (void)run(collection({feature(R"("id":"A","leistung":24)", box_coords(681000)),
                            feature(R"("id":"B","leistung":)" + value, box_coords(681020))}),
                mapping);
      ADD_FAILURE() << "accepted heating_power_kw " << value;
    } catch (const InputError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find("in.geojson"), std::string::npos) << msg;
      EXPECT_NE(msg.find("building 'B' (feature 1)"), std::string::npos) << msg;
      EXPECT_NE(msg.find(needle), std::string::npos) << msg;
    }
  };
  expect_error("-5", "outside (0, 50000] kW");
  expect_error("0", "outside (0, 50000] kW");
  expect_error("24000000", "is the field in W?");
  expect_error(R"("viel")", "'viel' is not a number");
  expect_error(R"("12 kW")", "is not a number");
}

TEST(HeatingCarrier, NamesAndGermanRegisterTerms) {
  EXPECT_EQ(parse_heating_carrier("district_heat"), Carrier::district_heat);
  EXPECT_EQ(parse_heating_carrier("Heizöl"), Carrier::oil);
  EXPECT_EQ(parse_heating_carrier("HEIZOEL"), Carrier::oil);
  EXPECT_EQ(parse_heating_carrier(" Wärmepumpe "), Carrier::heat_pump);
  EXPECT_EQ(parse_heating_carrier("Solar_Geothermie_Waermepumpen"), Carrier::heat_pump);
  EXPECT_EQ(parse_heating_carrier("Holz_Holzpellets"), Carrier::biomass);
  EXPECT_EQ(parse_heating_carrier("Flüssiggas"), Carrier::gas);
  EXPECT_EQ(parse_heating_carrier("Nachtspeicher"), Carrier::electricity);
  EXPECT_EQ(parse_heating_carrier("Braunkohle"), Carrier::coal);
  EXPECT_EQ(parse_heating_carrier(""), Carrier::unknown);
  EXPECT_FALSE(parse_heating_carrier("Atomkraft").has_value());
}

TEST_F(Import, ReprojectsFromWgs84) {
  const std::string coords =
      "[[11.6200,52.1300],[11.6202,52.1300],[11.6202,52.1301],[11.6200,52.1301],[11.6200,52.1300]]";
  const auto t = run(collection({feature(R"("id":"W")", coords)}, "OGC:1.3:CRS84"), "[fields]\nid = \"id\"\n");
  ASSERT_EQ(t.buildings.size(), 1u);
  // Magdeburg in UTM 32N: x ≈ 680 km, y ≈ 5 778 km; 0.0002° × 0.0001° ≈ 13.7 m × 11.1 m.
  EXPECT_NEAR(t.buildings.x_m[0], 680'900, 3'000);
  EXPECT_NEAR(t.buildings.y_m[0], 5'778'500, 3'000);
  EXPECT_NEAR(t.buildings.footprint_area_m2[0], 152, 8);
}

TEST_F(Import, BadGeometriesAreSkippedAndCounted) {
  ImportReport report;
  const std::string line =
      R"({"type":"Feature","properties":{"id":"L"},"geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}})";
  const auto t =
      run(collection({feature(R"("id":"OK")", box_coords(681000)),
                      feature(R"("id":"BOW")",
                              "[[681100,5780000],[681130,5780030],[681130,5780000],[681100,5780010],[681100,5780000]]"),
                      line}),
          "[fields]\nid = \"id\"\n", &report);
  EXPECT_EQ(t.buildings.size(), 1u);
  EXPECT_EQ(report.features_read, 3u);
  EXPECT_EQ(report.skipped.at("not a polygon (Line String)"), 1u);
  EXPECT_EQ(report.skipped.at("invalid geometry: outer ring intersects itself"), 1u);
  EXPECT_EQ(report.examples.at("invalid geometry: outer ring intersects itself").at(0), "BOW");
}

TEST_F(Import, ErrorsNameFileAndObject) {
  auto expect_error = [&](const std::string& geojson, const std::string& mapping, const std::string& needle) {
    try {
      (void)run(geojson, mapping);
      ADD_FAILURE() << "no error, expected " << needle;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  const std::string two =
      collection({feature(R"("id":"A")", box_coords(681000)), feature(R"("id":"A")", box_coords(681100))});
  expect_error(two, "[fields]\nid = \"id\"\n", "building id 'A' appears more than once");
  expect_error(collection({feature(R"("id":"A")", box_coords(681000))}),
               "[fields]\nid = \"id\"\nheight_m = \"hoehe\"\n", "field 'hoehe'");
  expect_error(collection({feature(R"("id":"A")", box_coords(681000))}, "EPSG::999999"), "", "in.geojson");
  expect_error(collection({}), "", "in.geojson");
  expect_error(R"({"type":"FeatureCollection","features":[{"type":"Fea)", "", "in.geojson");
}

TEST(ImportReal, GoerlitzSampleImportsWithMeasuredValues) {
  FootprintImportOptions o;
  o.inputs = {HEATTWIN_SOURCE_DATA_DIR "/sample/goerlitz_lod2_footprints.geojson"};
  o.mapping = load_attribute_mapping(HEATTWIN_SOURCE_DATA_DIR "/sample/goerlitz_mapping.toml");
  ImportReport report;
  const Twin t = import_footprints(o, &report);
  EXPECT_EQ(report.features_read, 588u);
  EXPECT_GT(t.buildings.size(), 580u);
  std::size_t measured_height = 0;
  for (auto p : t.buildings.prov_height) measured_height += p == Provenance::measured ? 1 : 0;
  EXPECT_GT(measured_height, t.buildings.size() * 9 / 10);
  EXPECT_EQ(t.regions.municipalities.size(), 1u);
  EXPECT_EQ(t.regions.municipalities[0].ags, "14626110");
  EXPECT_EQ(t.crs, "EPSG:25832");
  double area = 0;
  for (double a : t.buildings.footprint_area_m2) area += a;
  EXPECT_GT(area, 5e4);  // ≈ 8 ha of built area in the three tiles
  EXPECT_LT(area, 2e5);
}

}  // namespace
}  // namespace heattwin::twin

namespace heattwin::twin {
namespace {

TEST(ImportRegions, PointInPolygonAssignsMunicipalities) {
  test::TempDir dir;
  // Two square municipalities side by side (EPSG:25832), and a building in each plus one outside.
  const std::string regions =
      R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::25832"}},"features":[)"
      R"({"type":"Feature","properties":{"ags":"15003000","name":"West"},"geometry":{"type":"Polygon","coordinates":[[[680000,5779000],[681000,5779000],[681000,5781000],[680000,5781000],[680000,5779000]]]}},)"
      R"({"type":"Feature","properties":{"ags":"15002000","name":"East"},"geometry":{"type":"MultiPolygon","coordinates":[[[[681000,5779000],[682000,5779000],[682000,5781000],[681000,5781000],[681000,5779000]]]]}}]})";
  write_file(dir.file("regions.geojson"), regions);
  write_file(dir.file("b.geojson"),
             collection({feature(R"("id":"W")", box_coords(680500)), feature(R"("id":"E")", box_coords(681500)),
                         feature(R"("id":"X")", box_coords(690000))}));
  FootprintImportOptions o;
  o.inputs = {dir.file("b.geojson")};
  o.regions = dir.file("regions.geojson");
  write_file(dir.file("m.toml"), "[fields]\nid = \"id\"\n");
  o.mapping = load_attribute_mapping(dir.file("m.toml"));
  ImportReport report;
  const Twin t = import_footprints(o, &report);
  ASSERT_EQ(t.regions.municipalities.size(), 2u);
  EXPECT_EQ(t.regions.municipalities[t.buildings.municipality[0]].name, "West");
  EXPECT_EQ(t.regions.municipalities[t.buildings.municipality[1]].name, "East");
  EXPECT_EQ(t.buildings.municipality[2], NO_INDEX);
  EXPECT_EQ(report.without_municipality, 1u);
  EXPECT_EQ(t.regions.municipality_boundaries.polygon_count(), 2u);
}

}  // namespace
}  // namespace heattwin::twin
