// Zensus 2022 100 m grid tables (twin/zensus_grid): the published format (semicolon, BOM, CRLF,
// withheld marks), lookup by cell, and clear errors for bad files.

#include "twin/zensus_grid.hpp"

#include "twin/error.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

using namespace heattwin;

namespace {

namespace fs = std::filesystem;

std::string write_table(const std::string& name, const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / "heattwin_zensus_grid";
  fs::create_directories(dir);
  const std::string path = (dir / name).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

constexpr std::array<std::string_view, 3> COLUMNS{"Gas", "Heizoel", "Fernwaerme"};

}  // namespace

TEST(ZensusGrid, CellIdsAreInspire100mIds) {
  const auto c = twin::parse_grid_cell_id_100m("CRS3035RES100mN2689100E4337000");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->first, 26891u);
  EXPECT_EQ(c->second, 43370u);
  EXPECT_FALSE(twin::parse_grid_cell_id_100m("CRS3035RES1000mN2689000E4337000"));
  EXPECT_FALSE(twin::parse_grid_cell_id_100m("CRS3035RES100mN2689150E4337000"));  // not on the 100 m lattice
  EXPECT_FALSE(twin::parse_grid_cell_id_100m("CRS3035RES100mN2689100"));
  EXPECT_FALSE(twin::parse_grid_cell_id_100m("CRS3035RES100mN-100E4337000"));
}

TEST(ZensusGrid, ReadsThePublishedFormatWithWithheldValues) {
  // Byte order mark, CRLF, extra columns, the columns in another order than asked, an en dash.
  const std::string path =
      write_table("ok.csv",
                  "\xEF\xBB\xBFGITTER_ID_100m;x_mp_100m;y_mp_100m;Fernwaerme;Gas;Heizoel;werterlaeuternde_Zeichen\r\n"
                  "CRS3035RES100mN2689100E4337000;4337050;2689150;3;10;2;\r\n"
                  "CRS3035RES100mN2689200E4337000;4337050;2689250;\xE2\x80\x93;4;0;KLAMMERN\r\n");
  const auto t = twin::read_zensus_grid_table(path, COLUMNS);
  ASSERT_EQ(t.rows(), 2u);
  EXPECT_EQ(t.columns, (std::vector<std::string>{"Gas", "Heizoel", "Fernwaerme"}));
  const auto first = t.find(26891, 43370);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(t.value(*first, 0), 10.0);
  EXPECT_EQ(t.value(*first, 1), 2.0);
  EXPECT_EQ(t.value(*first, 2), 3.0);
  const auto second = t.find(26892, 43370);
  ASSERT_TRUE(second.has_value());
  EXPECT_TRUE(std::isnan(t.value(*second, 2)));
  EXPECT_EQ(t.value(*second, 0), 4.0);
  EXPECT_EQ(t.withheld_values, 1u);
  EXPECT_EQ(t.rows_with_withheld, 1u);
  EXPECT_FALSE(t.find(26893, 43370).has_value());
}

TEST(ZensusGrid, BadTablesNameFileLineAndCell) {
  const auto expect_error = [](const std::string& name, const std::string& text, const std::string& part) {
    const std::string path = write_table(name, text);
    try {
      (void)twin::read_zensus_grid_table(path, COLUMNS);
      ADD_FAILURE() << "no error for " << name;
    } catch (const InputError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find(path), std::string::npos) << what;
      EXPECT_NE(what.find(part), std::string::npos) << what;
    }
  };
  const std::string header = "GITTER_ID_100m;Gas;Heizoel;Fernwaerme\n";
  expect_error("no_id.csv", "Gitter;Gas;Heizoel;Fernwaerme\nx;1;2;3\n", "no column 'GITTER_ID_100m'");
  expect_error("no_column.csv", "GITTER_ID_100m;Gas;Heizoel\nCRS3035RES100mN2689100E4337000;1;2\n",
               "no column 'Fernwaerme'");
  expect_error("bad_id.csv", header + "CRS3035RES1kmN2689E4337;1;2;3\n", ":2: 'CRS3035RES1kmN2689E4337'");
  expect_error("twice.csv", header + "CRS3035RES100mN2689100E4337000;1;2;3\nCRS3035RES100mN2689100E4337000;1;2;3\n",
               "CRS3035RES100mN2689100E4337000 is given twice");
  expect_error("value.csv", header + "CRS3035RES100mN2689100E4337000;1;2,5;3\n", ":2: cell");
  expect_error("negative.csv", header + "CRS3035RES100mN2689100E4337000;1;-2;3\n", "column Heizoel");
  expect_error("fields.csv", header + "CRS3035RES100mN2689100E4337000;1;2\n", ":2: 3 fields, the header has 4");
  const std::string missing = (fs::temp_directory_path() / "heattwin_zensus_grid" / "does_not_exist.csv").string();
  EXPECT_THROW((void)twin::read_zensus_grid_table(missing, COLUMNS), InputError);
  expect_error("empty.csv", "", "is empty");
}
