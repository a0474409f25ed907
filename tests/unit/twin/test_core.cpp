// Core pieces of the twin: CSV reader, regions, types, invariants, summaries, polygon sets.
#include "tests/unit/twin/twin_fixtures.hpp"
#include "twin/csv.hpp"
#include "twin/error.hpp"
#include "twin/grid.hpp"
#include "twin/regions.hpp"
#include "twin/summary.hpp"
#include "twin/twin.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <string>
#include <utility>
#include <vector>

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

TEST(CsvView, SameCellsAndLinesAsTheTable) {
  // Quotes with escaped quotes, commas and line breaks; CRLF, a lone CR, blank lines, a byte-order
  // mark, characters after a closing quote, a quote inside an unquoted cell, no final newline.
  const std::string text =
      "\xEF\xBB\xBFid,name,v\r\n1,\"a, \"\"b\"\"\",2.5\r\n\n2,\"two\nlines\",x\"y\r3,\"q\"rest,\n\n4,,-1e-3";
  const CsvTable table = parse_csv(text, "mem.csv");
  CsvView view = parse_csv_view(std::vector<char>(text.begin(), text.end()), "mem.csv");
  ASSERT_EQ(view.header().size(), 3U);
  EXPECT_EQ(view.header()[0], "id");
  ASSERT_EQ(view.row_count(), table.rows.size());
  ASSERT_EQ(view.row_count(), 4U);
  for (std::size_t r = 0; r < view.row_count(); ++r) {
    EXPECT_EQ(view.line(r), table.line_of_row[r]);
    for (std::size_t k = 0; k < 3; ++k) EXPECT_EQ(view.cell(r, k), table.rows[r][k]) << r << "," << k;
  }
  EXPECT_EQ(view.cell(0, 1), "a, \"b\"");
  EXPECT_EQ(view.cell(1, 1), "two\nlines");
  EXPECT_EQ(view.cell(1, 2), "x\"y");
  EXPECT_EQ(view.cell(2, 1), "qrest");
  EXPECT_EQ(view.line(3), 8U);
  EXPECT_DOUBLE_EQ(view.number(0, 2), 2.5);
  EXPECT_DOUBLE_EQ(view.number(3, 2), -1e-3);
  EXPECT_EQ(view.integer(3, view.column("id")), 4);
  // Moving the view keeps its cells (they point into its own buffer).
  const CsvView moved = std::move(view);
  EXPECT_EQ(moved.cell(0, 1), "a, \"b\"");
}

TEST(CsvView, ErrorsNameFileLineAndColumn) {
  const std::string text = "a,b\n1,x\n2,\n";
  const CsvView view = parse_csv_view(std::vector<char>(text.begin(), text.end()), "t.csv");
  try {
    (void)view.number(0, 1);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "t.csv:2: b 'x' is not a number");
  }
  try {
    (void)view.integer(1, 1);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "t.csv:3: b '' is not an integer");
  }
  try {
    (void)view.column("c");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "t.csv: column 'c' is missing (columns present: a, b)");
  }
  for (const std::string bad : {"a,b\n1\n", "a\n\"open\n", ""}) {
    std::string table_message, view_message;
    try {
      (void)parse_csv(bad, "bad.csv");
    } catch (const InputError& e) {
      table_message = e.what();
    }
    try {
      (void)parse_csv_view(std::vector<char>(bad.begin(), bad.end()), "bad.csv");
    } catch (const InputError& e) {
      view_message = e.what();
    }
    EXPECT_FALSE(view_message.empty()) << bad;
    EXPECT_EQ(view_message, table_message);
  }
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

/// `mutate` applied to `twin` must make check_invariants throw a DataError whose message holds `needle`.
template <class Mutate>
void expect_invariant_violation(Twin twin, Mutate mutate, const std::string& needle) {
  mutate(twin);
  try {
    check_invariants(twin, "ctx");
    ADD_FAILURE() << "no error for " << needle;
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

TEST(Invariants, SmallTwinIsValid) { EXPECT_NO_THROW(check_invariants(make_small_twin(10), "test")); }

TEST(Invariants, EachViolationIsNamed) {
  auto expect_violation = [](auto mutate, const std::string& needle) {
    expect_invariant_violation(make_small_twin(5), mutate, needle);
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

/// A two-junction network (one supply pipe, one consumer on building 0, one source).
void add_small_network(Twin& t) {
  auto& net = t.networks;
  net.names = {"n1"};
  for (const char* id : {"j0", "j1"}) {
    net.junctions.id.push_back(id);
    net.junctions.x_m.push_back(0.0);
    net.junctions.y_m.push_back(0.0);
    net.junctions.elevation_m.push_back(0.0);
    net.junctions.network.push_back(0);
  }
  net.pipes.id.push_back("p0");
  net.pipes.from_junction = {0};
  net.pipes.to_junction = {1};
  net.pipes.length_m = {50.0};
  net.pipes.inner_diameter_m = {0.05};
  net.pipes.roughness_mm = {0.01};
  net.pipes.heat_loss_w_per_mk = {0.2};
  net.pipes.burial_depth_m = {0.8};
  net.pipes.side = {0};
  net.consumers.id.push_back("c0");
  net.consumers.building = {0};
  net.consumers.supply_junction = {1};
  net.consumers.return_junction = {0};
  net.consumers.design_heat_kw = {12.0};
  net.sources.id.push_back("s0");
  net.sources.supply_junction = {0};
  net.sources.return_junction = {1};
  net.sources.t_supply_c = {80.0};
  net.sources.pressure_lift_bar = {2.0};
}

// Issue 20, class 2: every index a stored network holds is validated at load, so that a damaged
// file is a DataError naming the element, never an out-of-bounds read in the solvers.
TEST(Invariants, NetworkIndicesAndValuesAreChecked) {
  Twin valid = make_small_twin(3);
  add_small_network(valid);
  EXPECT_NO_THROW(check_invariants(valid, "test"));
  auto expect_violation = [](auto mutate, const std::string& needle) {
    Twin t = make_small_twin(3);
    add_small_network(t);
    expect_invariant_violation(std::move(t), mutate, needle);
  };
  expect_violation([](Twin& t) { t.networks.sources.supply_junction[0] = 7; }, "source 's0'");
  expect_violation([](Twin& t) { t.networks.consumers.supply_junction[0] = 2; }, "consumer 'c0'");
  expect_violation([](Twin& t) { t.networks.consumers.return_junction[0] = NO_INDEX; }, "consumer 'c0'");
  expect_violation([](Twin& t) { t.networks.consumers.building[0] = 3; }, "building #3");
  expect_violation([](Twin& t) { t.networks.pipes.to_junction[0] = 2; }, "pipe 'p0'");
  expect_violation([](Twin& t) { t.networks.junctions.network[1] = 1; }, "junction 'j1'");
  expect_violation([](Twin& t) { t.networks.pipes.inner_diameter_m[0] = 0.0; }, "inner diameter");
  expect_violation([](Twin& t) { t.networks.pipes.length_m[0] = std::nan(""); }, "pipe 'p0'");
  expect_violation([](Twin& t) { t.networks.pipes.side[0] = 2; }, "side code 2");
  expect_violation([](Twin& t) { t.networks.consumers.design_heat_kw[0] = -1.0; }, "design heat");
  expect_violation([](Twin& t) { t.networks.sources.t_supply_c[0] = std::numeric_limits<double>::infinity(); },
                   "supply temperature inf");
  expect_violation([](Twin& t) { t.networks.sources.pressure_lift_bar[0] = -1.0; }, "pressure lift -1");
  expect_violation([](Twin& t) { t.networks.pipes.roughness_mm.pop_back(); }, "pipe columns");
  Twin unlinked = make_small_twin(3);
  add_small_network(unlinked);
  unlinked.networks.consumers.building[0] = NO_INDEX;  // a consumer without a twin building is allowed
  unlinked.networks.sources.t_supply_c[0] = std::numeric_limits<double>::quiet_NaN();  // not set
  unlinked.networks.sources.pressure_lift_bar[0] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_NO_THROW(check_invariants(unlinked, "test"));
}

TEST(Summary, CountsAndTotalsFollowTheContract) {
  const Twin t = make_small_twin(10);
  const auto j = twin_summary_json(t);
  EXPECT_EQ(j["schema_version"], "1.2");
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
