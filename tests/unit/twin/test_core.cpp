// Core pieces of the twin: CSV reader, regions, types, invariants, summaries, polygon sets.
#include "tests/unit/twin/twin_fixtures.hpp"
#include "twin/csv.hpp"
#include "twin/error.hpp"
#include "twin/grid.hpp"
#include "twin/regions.hpp"
#include "twin/summary.hpp"
#include "twin/twin.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace heattwin::twin {
namespace {

using test::make_small_twin;

TEST(Csv, QuotedFieldsCommasAndCrlf) {
  const auto t = parse_csv("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n2,,z\n", "mem.csv");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0][1], "x, y");
  EXPECT_EQ(t.rows[0][2], "say \"hi\"");
  EXPECT_EQ(t.rows[1][1], "");
  EXPECT_EQ(t.line_of_row[1], 4u);
  EXPECT_EQ(t.column("c"), 2u);
}

TEST(Csv, ErrorsNameFileAndLine) {
  try {
    (void)parse_csv("a,b\n1,2\n3\n", "table.csv");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("table.csv:3"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)parse_csv("a,b\n\"open,2\n", "q.csv"), InputError);
  EXPECT_THROW((void)parse_csv("", "empty.csv"), InputError);
  const auto t = parse_csv("a,b\n1,2\n", "t.csv");
  try {
    (void)t.column("ags");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("columns present: a, b"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)parse_double("1.5x", "t.csv:2", "height"), InputError);
  EXPECT_DOUBLE_EQ(parse_double("-2.5", "t.csv:2", "height"), -2.5);
  EXPECT_EQ(parse_int("15003000", "t.csv:2", "ags"), 15003000);
}

TEST(Regions, SachsenAnhaltTableHas14KreiseAnd218Municipalities) {
  const auto r = load_municipality_table(HEATTWIN_SOURCE_DATA_DIR "/regions/sachsen_anhalt_municipalities.csv");
  EXPECT_EQ(r.kreise.size(), 14u);
  EXPECT_EQ(r.municipalities.size(), 218u);
  EXPECT_EQ(r.state_ags, "15");
  const auto halle = r.find_municipality("15002000");
  ASSERT_TRUE(halle.has_value());
  EXPECT_EQ(r.municipalities[*halle].name, "Halle (Saale)");
  EXPECT_EQ(r.kreise[r.municipalities[*halle].kreis].ags, "15002");
}

TEST(Regions, BadKeysAreRejected) {
  RegionHierarchy r;
  EXPECT_THROW(r.add_municipality("1500300", "short"), InputError);
  EXPECT_THROW(r.add_municipality("15x03000", "letters"), InputError);
  r.add_municipality("15003000", "Magdeburg");
  EXPECT_THROW(r.add_municipality("15003000", "again"), InputError);
  EXPECT_EQ(r.kreise.size(), 1u);
}

TEST(Types, AgeClassesFollowTabula) {
  EXPECT_EQ(age_class_of_year(0), 0);
  EXPECT_EQ(age_class_of_year(1850), 1);
  EXPECT_EQ(age_class_of_year(1918), 2);
  EXPECT_EQ(age_class_of_year(1949), 4);
  EXPECT_EQ(age_class_of_year(1978), 6);
  EXPECT_EQ(age_class_of_year(2016), 12);
  EXPECT_EQ(age_class_of_year(2030), 12);
  EXPECT_EQ(age_class_label(4), "1949-1957");
  EXPECT_EQ(parse_use_class("school"), UseClass::school);
  EXPECT_EQ(parse_use_class("castle"), UseClass::count_);
}

TEST(Invariants, SmallTwinIsValid) { EXPECT_NO_THROW(check_invariants(make_small_twin(10), "test")); }

TEST(Invariants, EachViolationIsNamed) {
  auto expect_violation = [](auto mutate, const std::string& needle) {
    Twin t = make_small_twin(5);
    mutate(t);
    try {
      check_invariants(t, "ctx");
      ADD_FAILURE() << "no error for " << needle;
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  expect_violation([](Twin& t) { t.buildings.height_m.pop_back(); }, "height_m");
  expect_violation(
      [](Twin& t) {
        t.buildings.append_unknown("DEST00000002");
        t.buildings.finish_footprints();
      },
      "DEST00000002");
  expect_violation([](Twin& t) { t.buildings.footprint_area_m2[2] = -1.0; }, "DEST00000002");
  expect_violation([](Twin& t) { t.buildings.block[1] = 3; }, "block");
  expect_violation([](Twin& t) { t.buildings.use_class[0] = 99; }, "use_class");
  expect_violation([](Twin& t) { t.buildings.x_m[4] = std::numeric_limits<double>::infinity(); }, "DEST00000004");
  expect_violation([](Twin& t) { t.buildings.prov_height[0] = static_cast<Provenance>(9); }, "provenance");
  expect_violation([](Twin& t) { t.regions.municipalities[0].ags = "1500300"; }, "8 digits");
  expect_violation([](Twin& t) { t.buildings.footprints.ring_begin.push_back(7); }, "footprint");
}

TEST(Summary, CountsAndTotalsFollowTheContract) {
  const Twin t = make_small_twin(10);
  const auto j = twin_summary_json(t);
  EXPECT_EQ(j["schema_version"], "1.0");
  EXPECT_EQ(j["crs"], "EPSG:25832");
  EXPECT_EQ(j["buildings"]["count"], 10);
  EXPECT_EQ(j["buildings"]["by_use"]["residential"], 10);
  EXPECT_EQ(j["regions"]["kreise"], 1);
  EXPECT_EQ(j["regions"]["municipalities"], 1);
  EXPECT_DOUBLE_EQ(j["totals"]["footprint_area_m2"].get<double>(), 800.0);
  EXPECT_DOUBLE_EQ(j["totals"]["volume_m3"].get<double>(), 4800.0);
  EXPECT_EQ(j["data_quality"]["storeys"]["measured"], 5);
  EXPECT_EQ(j["data_quality"]["storeys"]["imputed"], 5);
  EXPECT_EQ(j["data_quality"]["height"]["measured"], 10);
  const auto report = data_quality_report_json(t);
  EXPECT_DOUBLE_EQ(report["attributes"]["storeys"]["shares"]["imputed"].get<double>(), 0.5);
  EXPECT_NE(data_quality_report_text(t).find("storeys_from_height"), std::string::npos);
}

TEST(Grid, CellsOfKnownPointsInLaea) {
  Twin t = make_small_twin(3);
  // Magdeburg cathedral, EPSG:25832 ≈ (681 500, 5 777 300): lies in census cell E4 45x km, N3 25x km.
  t.buildings.x_m = {681500.0, 681505.0, 600000.0};
  t.buildings.y_m = {5777300.0, 5777302.0, 5700000.0};
  t.grid = build_grid_for_buildings(t.buildings, t.crs);
  EXPECT_EQ(t.grid.size(), 2u);
  EXPECT_EQ(t.buildings.grid_cell[0], t.buildings.grid_cell[1]);
  EXPECT_NE(t.buildings.grid_cell[0], t.buildings.grid_cell[2]);
  const std::string id = t.grid.cell_id(t.buildings.grid_cell[0]);
  EXPECT_EQ(id.rfind("CRS3035RES100mN", 0), 0u) << id;
  // ETRS89-LAEA coordinates of Magdeburg are about N 3 24x km, E 4 45x km.
  EXPECT_NEAR(t.grid.north_100m[t.buildings.grid_cell[0]] * 100.0, 3.25e6, 3.0e4) << id;
  EXPECT_NEAR(t.grid.east_100m[t.buildings.grid_cell[0]] * 100.0, 4.45e6, 3.0e4) << id;
}

TEST(Grid, UnknownCrsIsAnInputError) {
  Twin t = make_small_twin(2);
  EXPECT_THROW((void)build_grid_for_buildings(t.buildings, "EPSG:999999"), InputError);
}

TEST(PolygonSet, PaddingAndConsistency) {
  PolygonSet p;
  p.append_polygon(std::vector<std::vector<std::array<double, 2>>>{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}});
  EXPECT_EQ(p.vertex_count(), 3u);  // closing duplicate dropped
  p.pad_to(3);
  EXPECT_EQ(p.polygon_count(), 3u);
  EXPECT_TRUE(p.is_consistent());
  p.vertex_begin.back() = 9;
  EXPECT_FALSE(p.is_consistent());
}

}  // namespace
}  // namespace heattwin::twin
