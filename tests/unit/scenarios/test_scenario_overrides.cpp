/// Scenario overrides (scenarios/scenario_overrides.hpp): the key=value form, values set in the
/// parsed file before its checks, errors that name the override.

#include "scenarios/demand_run.hpp"
#include "scenarios/scenario_overrides.hpp"
#include "tests/unit/scenarios/scenario_file.hpp"
#include "twin/error.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sc = heattwin::scenarios;
using heattwin::scenarios::test::DATA;
using heattwin::scenarios::test::RUN;
using heattwin::scenarios::test::ScenarioFile;

namespace {

/// The InputError message of loading `text` with `overrides`, or "no error".
std::string error_with(const std::string& text, const std::vector<sc::ScenarioOverride>& overrides) {
  const ScenarioFile f(text);
  try {
    (void)sc::load_demand_scenario(f.path(), DATA, overrides);
  } catch (const heattwin::InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(ScenarioOverrides, ParsesKeyEqualsValue) {
  const auto o = sc::parse_scenario_override(" demand.heating_setpoint_c = 21.5 ");
  EXPECT_EQ(o.key, "demand.heating_setpoint_c");
  EXPECT_EQ(o.value, "21.5");
  EXPECT_EQ(sc::parse_scenario_override("run.name=a=b").value, "a=b");
  EXPECT_EQ(sc::to_string(o), "demand.heating_setpoint_c = 21.5");
  EXPECT_THROW((void)sc::parse_scenario_override("demand.heating_setpoint_c"), heattwin::InputError);
  EXPECT_THROW((void)sc::parse_scenario_override("=21"), heattwin::InputError);
}

TEST(ScenarioOverrides, SetValuesBeforeTheChecks) {
  const ScenarioFile f(RUN + "[demand]\nheating_setpoint_c = 20.0\nnight_setback_c = 18.0\n");
  const std::vector<sc::ScenarioOverride> overrides{{"demand.heating_setpoint_c", "21.5"},
                                                    {"run.method", "monthly"},  // a bare word is a string
                                                    {"run.municipalities", "[\"15003000\"]"},
                                                    {"refurbishment.rate_per_year", "0.02"},  // creates the table
                                                    {"run.name", "\"first\""},
                                                    {"run.name", "\"second\""}};  // the later one wins
  const auto s = sc::load_demand_scenario(f.path(), DATA, overrides);
  EXPECT_DOUBLE_EQ(s.settings.heating_setpoint_c, 21.5);
  EXPECT_DOUBLE_EQ(s.settings.night_setback_c, 18.0);
  EXPECT_EQ(s.method, sc::DemandMethod::monthly);
  EXPECT_EQ(s.municipalities, std::vector<std::string>{"15003000"});
  EXPECT_EQ(s.name, "second");
  EXPECT_EQ(s.overrides.size(), overrides.size());
  const auto plain = sc::load_demand_scenario(f.path(), DATA);
  EXPECT_DOUBLE_EQ(plain.settings.heating_setpoint_c, 20.0);
  EXPECT_TRUE(plain.overrides.empty());
}

TEST(ScenarioOverrides, ErrorsNameTheOverride) {
  EXPECT_NE(error_with(RUN, {{"demand.heating_setpoint_c", "\"warm\""}})
                .find("(override demand.heating_setpoint_c = \"warm\"): 'heating_setpoint_c' must be a number"),
            std::string::npos)
      << error_with(RUN, {{"demand.heating_setpoint_c", "\"warm\""}});
  EXPECT_NE(error_with(RUN, {{"demand.no_such_key", "1"}}).find("unknown key 'no_such_key' in [demand]"),
            std::string::npos);
  EXPECT_NE(error_with(RUN, {{"run.twin.x", "1"}}).find("'run.twin' is a value, not a table"), std::string::npos);
  EXPECT_NE(error_with(RUN, {{"run.years", "[2025,"}}).find("not valid TOML"), std::string::npos);
  EXPECT_NE(error_with(RUN, {{"demand..x", "1"}}).find("dotted names"), std::string::npos);
}

TEST(ScenarioOverrides, TechnologyCatalogueValuesAreOverridablePerKey) {
  const ScenarioFile f(RUN);
  const std::vector<sc::ScenarioOverride> overrides{{"technology.air_heat_pump.carnot_share", "0.5"}};
  const auto s = sc::load_demand_scenario(f.path(), DATA, overrides);
  ASSERT_EQ(s.technology_overrides.size(), 1u);
  EXPECT_EQ(s.technology_overrides[0].technology, "air_heat_pump");
  EXPECT_EQ(s.technology_overrides[0].parameter, "carnot_share");
  EXPECT_DOUBLE_EQ(s.technology_overrides[0].value, 0.5);
  // A parameter the catalogue does not have, and a negative value: errors naming the override.
  const std::string unknown = error_with(RUN, {{"technology.air_heat_pump.carnot_shar", "0.5"}});
  EXPECT_NE(unknown.find("carnot_shar"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("no such technology and parameter"), std::string::npos) << unknown;
  const std::string negative = error_with(RUN, {{"technology.air_heat_pump.carnot_share", "-1"}});
  EXPECT_NE(negative.find(">= 0"), std::string::npos) << negative;
}
