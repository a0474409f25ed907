// The operation keys of [network] (scenarios/network_operation): the supply-temperature curve,
// end bypasses, their errors, and the curve's hourly values.

#include "scenarios/network_operation.hpp"
#include "scenarios/network_toml.hpp"
#include "tests/unit/expect_input_error.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace hs = heattwin::scenarios;
using heattwin::test::expect_input_error;

namespace {

hs::NetworkScenario parse(const std::string& text) {
  const toml::table doc = toml::parse(text, std::string_view("s.toml"));
  return hs::detail::parse_network_scenario("s.toml", *doc["network"].as_table());
}

const std::string HEAD = "[network]\ndesign = \"densest-area\"\n";

}  // namespace

TEST(NetworkOperationScenario, DefaultsAreConstantSupplyWithoutBypass) {
  const hs::NetworkScenario s = parse(HEAD);
  EXPECT_FALSE(s.operation.has_supply_curve());
  EXPECT_EQ(s.operation.min_end_flow_kg_per_s, 0.0);
  const std::vector<double> outdoor{-20.0, 0.0, 25.0};
  const auto t = hs::plant_supply_temperature_k(s.operation, s.t_supply_c, outdoor);
  for (double v : t) EXPECT_DOUBLE_EQ(v, 80.0 + 273.15);
}

TEST(NetworkOperationScenario, CurveIsLinearBetweenDesignAndHeatingLimit) {
  const hs::NetworkScenario s = parse(HEAD +
                                      "t_supply_c = 85\nsupply_curve_min_c = 70\nsupply_curve_design_outdoor_c = -15\n"
                                      "supply_curve_limit_outdoor_c = 15\nmin_end_flow_kg_per_s = 0.02\n");
  ASSERT_TRUE(s.operation.has_supply_curve());
  EXPECT_DOUBLE_EQ(s.operation.min_end_flow_kg_per_s, 0.02);
  const std::vector<double> outdoor{-20.0, -15.0, 0.0, 15.0, 30.0};
  const auto t = hs::plant_supply_temperature_k(s.operation, s.t_supply_c, outdoor);
  ASSERT_EQ(t.size(), outdoor.size());
  EXPECT_DOUBLE_EQ(t[0], 85.0 + 273.15);  // colder than design: the full supply temperature
  EXPECT_DOUBLE_EQ(t[1], 85.0 + 273.15);
  EXPECT_NEAR(t[2], 77.5 + 273.15, 1e-12);  // halfway
  EXPECT_DOUBLE_EQ(t[3], 70.0 + 273.15);
  EXPECT_DOUBLE_EQ(t[4], 70.0 + 273.15);  // summer: the curve's minimum
}

TEST(NetworkOperationScenario, ErrorsNameKeyAndLine) {
  expect_input_error([&] { parse(HEAD + "supply_curve_min_c = 90\n"); },
                     {"s.toml", "supply_curve_min_c", "t_supply_c"});
  expect_input_error([&] { parse(HEAD + "supply_curve_min_c = 52\n"); }, {"s.toml", "t_return_c + 5 K"});
  expect_input_error([&] { parse(HEAD + "supply_curve_min_c = \"warm\"\n"); },
                     {"s.toml:3", "'supply_curve_min_c' must be a number"});
  expect_input_error([&] { parse(HEAD + "supply_curve_design_outdoor_c = 5\nsupply_curve_limit_outdoor_c = 0\n"); },
                     {"s.toml", "supply_curve_limit_outdoor_c", "above"});
  expect_input_error([&] { parse(HEAD + "min_end_flow_kg_per_s = -0.1\n"); },
                     {"s.toml:3", "'min_end_flow_kg_per_s'", "between"});
  expect_input_error([&] { parse(HEAD + "min_end_flow = 0.1\n"); },
                     {"s.toml:3", "unknown key 'min_end_flow'", "min_end_flow_kg_per_s"});
}
