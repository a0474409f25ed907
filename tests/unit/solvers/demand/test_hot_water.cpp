/// Hot-water day profiles from the BDEW standard load-profile hour factors.

#include "solvers/demand/dhw.hpp"
#include "twin/error.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
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
