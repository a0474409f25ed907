/// The measured nominal power sizes a building's system instead of the design-load estimate
/// (scenarios/system_power.hpp), counted per year and region.

#include "scenarios/system_power.hpp"
#include "twin/building_set.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace sc = heattwin::scenarios;
namespace tw = heattwin::twin;

TEST(SystemPower, MeasuredPowerReplacesTheEstimateUntilTheBuildingIsRefurbished) {
  tw::BuildingSet b;
  for (const char* id : {"a", "b", "c", "d"}) (void)b.append_unknown(id);
  b.heating_power_kw = {24.0, tw::NaN, 400.0, 15.0};
  // Computed buildings: twin rows 3, 0, 1, 2 (the stock model's order need not be the twin's).
  const std::vector<std::uint32_t> twin_index{3, 0, 1, 2};
  const std::vector<std::size_t> region_row{0, 0, 1, 1};
  std::vector<double> peak_kw{9.0, 11.0, 12.0, 210.0};
  const std::vector<std::uint8_t> refurbished{0, 0, 1, 0};  // per twin row: c is refurbished
  const sc::SystemPowerYear y = sc::apply_measured_system_power(b, twin_index, refurbished, region_row, 2, peak_kw);
  EXPECT_EQ(peak_kw, (std::vector<double>{15.0, 24.0, 12.0, 210.0}));
  EXPECT_EQ(y.measured, (std::vector<std::uint8_t>{1, 1, 0, 0}));
  EXPECT_EQ(y.counts.measured, 2U);
  EXPECT_EQ(y.counts.estimated, 2U);
  EXPECT_EQ(y.counts.measured_superseded_by_refurbishment, 1U);
  EXPECT_EQ(y.measured_by_region, (std::vector<std::uint64_t>{2, 0}));
  EXPECT_EQ(y.estimated_by_region, (std::vector<std::uint64_t>{0, 2}));
  EXPECT_EQ(sc::system_power_json(y.counts)["measured"], 2);
  EXPECT_NE(sc::system_power_text(y.counts).find("measured nominal power: 2 (2 by the design-load estimate, of which "
                                                 "1 refurbished since)"),
            std::string::npos)
      << sc::system_power_text(y.counts);
}

TEST(SystemPower, WithoutMeasuredPowersNothingChangesAndNothingIsPrinted) {
  tw::BuildingSet b;
  (void)b.append_unknown("a");
  std::vector<double> peak_kw{9.0};
  const std::vector<std::uint32_t> twin_index{0};
  const std::vector<std::size_t> region_row{0};
  const sc::SystemPowerYear y = sc::apply_measured_system_power(b, twin_index, {}, region_row, 1, peak_kw);
  EXPECT_EQ(peak_kw[0], 9.0);
  EXPECT_EQ(y.counts.estimated, 1U);
  EXPECT_TRUE(sc::system_power_text(y.counts).empty());
}
