/// Hot-water day profiles from the BDEW standard load-profile hour factors.

#include "solvers/demand/dhw.hpp"
#include "solvers/demand/hot_water_need.hpp"
#include "twin/error.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <numeric>
#include <string>

namespace dm = heattwin::solvers::demand;

namespace {
const std::string TABLE = std::string(HEATTWIN_SOURCE_DATA_DIR) + "/profiles/pyslpheat_bdew_hourly_coefficients.csv";
}

TEST(HotWater, WarmClassProfilesAreNormalisedDayShapes) {
  for (const char* type : {"HEF", "HMF", "GKO"}) {
    SCOPED_TRACE(type);
    const auto p = dm::bdew_hot_water_profile(TABLE, type);
    EXPECT_NEAR(std::accumulate(p.begin(), p.end(), 0.0), 1.0, 1e-12);
    for (const double x : p) EXPECT_GT(x, 0.0);
  }
  // Households draw more hot water in the morning than at 3 a.m.
  const auto home = dm::bdew_hot_water_profile(TABLE, "HEF");
  EXPECT_GT(home[7], 2.0 * home[3]);
  // The first rows of the table, checked by hand: HEF, 27.5 °C class, hour 0, mean over 7 days.
  EXPECT_LT(home[0], 1.0 / 24.0);
}

TEST(HotWater, BadTablesGiveClearErrors) {
  EXPECT_THROW(dm::bdew_hot_water_profile(TABLE, "NOPE"), heattwin::InputError);
  EXPECT_THROW(dm::bdew_hot_water_profile("/nonexistent.csv", "HEF"), heattwin::InputError);
  const auto path = std::filesystem::temp_directory_path() / "heattwin_bad_slp.csv";
  std::ofstream(path) << "Typ;Wochentag;Temperatur;Stunde;Stundenfaktor\nHEF;1;27.5;0;abc\n";
  try {
    dm::bdew_hot_water_profile(path.string(), "HEF");
    FAIL();
  } catch (const heattwin::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("heattwin_bad_slp.csv:2"), std::string::npos) << e.what();
  }
  std::filesystem::remove(path);
}

TEST(HotWater, TabulaNeedOfResidentialBuildingsOnly) {
  namespace tw = heattwin::twin;
  tw::BuildingSet b;
  for (const char* id : {"efh", "mfh", "office", "no_type", "no_need"}) b.append_unknown(id);
  const auto set = [&](std::size_t i, tw::UseClass use, std::uint8_t type, std::uint8_t age) {
    b.use_class[i] = static_cast<std::uint8_t>(use);
    b.residential_type[i] = type;
    b.age_class[i] = age;
  };
  set(0, tw::UseClass::residential, 1, 5);
  set(1, tw::UseClass::residential_mixed, 3, 5);
  set(2, tw::UseClass::office, 1, 5);
  set(3, tw::UseClass::residential, 0, 5);
  set(4, tw::UseClass::residential, 4, 12);
  tw::Typology typology;
  typology.residential[1][5].hot_water_need_kwh_per_m2a = 12.5;
  typology.residential[3][5].hot_water_need_kwh_per_m2a = 15.0;
  typology.residential[4][12].hot_water_need_kwh_per_m2a = std::numeric_limits<double>::quiet_NaN();
  // Rows in another order than the twin's, as a stock model selects them.
  const std::vector<std::uint32_t> rows = {1, 0, 2, 3, 4};
  const std::vector<double> floor_area_m2 = {400.0, 100.0, 300.0, 120.0, 80.0};
  const std::vector<double> kwh = dm::tabula_hot_water_need_kwh(b, typology, rows, floor_area_m2);
  ASSERT_EQ(kwh.size(), 5U);
  EXPECT_DOUBLE_EQ(kwh[0], 15.0 * 400.0);  // multi-family: need × heated floor area
  EXPECT_DOUBLE_EQ(kwh[1], 12.5 * 100.0);
  EXPECT_TRUE(std::isnan(kwh[2]));  // non-residential: no TABULA need
  EXPECT_TRUE(std::isnan(kwh[3]));  // unknown type
  EXPECT_TRUE(std::isnan(kwh[4]));  // no need in the table
  // EFH/RH take the single-family BDEW profile, MFH/GMH the multi-family one.
  EXPECT_EQ(dm::hot_water_profile_of_type(1), 0U);
  EXPECT_EQ(dm::hot_water_profile_of_type(2), 0U);
  EXPECT_EQ(dm::hot_water_profile_of_type(3), 1U);
  EXPECT_EQ(dm::hot_water_profile_of_type(4), 1U);
  const std::vector<double> short_area = {1.0};
  EXPECT_THROW(dm::tabula_hot_water_need_kwh(b, typology, rows, short_area), heattwin::InputError);
}
