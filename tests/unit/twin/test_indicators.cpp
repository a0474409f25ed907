// The indicators every output prints (twin/indicators.hpp), by hand.

#include "twin/indicators.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace tw = heattwin::twin;

TEST(Indicators, SpecificDemandIsHeatingPlusHotWaterPerFloorArea) {
  EXPECT_DOUBLE_EQ(tw::heat_demand_mwh(120.0, 30.0), 150.0);
  EXPECT_DOUBLE_EQ(tw::heat_demand_mwh(120.0, std::numeric_limits<double>::quiet_NaN()), 120.0);
  // 150 MWh/a on 1,000 m² = 150 kWh/(m²·a).
  EXPECT_DOUBLE_EQ(tw::specific_demand_kwh_per_m2a(120.0, 30.0, 1000.0), 150.0);
  EXPECT_TRUE(std::isnan(tw::specific_demand_kwh_per_m2a(120.0, 30.0, 0.0)));
}

TEST(Indicators, FinalEnergyAndRenewableShare) {
  const std::vector<std::string> carrier{"electricity", "natural_gas", "biomass", "ambient_heat", "district_heat"};
  const std::vector<double> mwh{20.0, 50.0, 10.0, 20.0, std::numeric_limits<double>::quiet_NaN()};
  EXPECT_DOUBLE_EQ(tw::final_energy_mwh(mwh), 100.0);
  EXPECT_DOUBLE_EQ(tw::renewable_share(carrier, mwh), 0.3);  // biomass + ambient heat of 100 MWh
  EXPECT_TRUE(tw::is_renewable_carrier("waste_heat"));
  EXPECT_FALSE(tw::is_renewable_carrier("district_heat"));
  EXPECT_TRUE(std::isnan(tw::renewable_share(carrier, std::vector<double>{})));
}

TEST(Indicators, PeakLoadAndFullLoadHours) {
  const std::vector<double> load_w{1.0e6, 3.0e6, 2.0e6, std::numeric_limits<double>::quiet_NaN()};
  EXPECT_DOUBLE_EQ(tw::peak_load_mw(load_w), 3.0);
  EXPECT_DOUBLE_EQ(tw::full_load_hours(load_w), 2.0);  // 6 MWh / 3 MW
  EXPECT_TRUE(std::isnan(tw::peak_load_mw({})));
  EXPECT_DOUBLE_EQ(tw::full_load_hours({}), 0.0);
}
