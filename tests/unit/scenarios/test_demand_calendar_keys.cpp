/// The [demand] keys of the calendar and the non-residential days of use: defaults, values and
/// errors (each naming the file, line and key).

#include "scenarios/demand_run.hpp"
#include "tests/unit/scenarios/scenario_file.hpp"
#include "twin/error.hpp"
#include "twin/types.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>

namespace sc = heattwin::scenarios;
using heattwin::scenarios::test::DATA;
using heattwin::scenarios::test::error_of;
using heattwin::scenarios::test::RUN;
using heattwin::scenarios::test::ScenarioFile;
namespace dm = heattwin::solvers::demand;
namespace tw = heattwin::twin;

namespace {

std::uint8_t use(tw::UseClass u) { return static_cast<std::uint8_t>(u); }

}  // namespace

TEST(DemandCalendarKeys, DefaultsFollowTheBaseYear) {
  const ScenarioFile f(RUN + "years = [2030, 2045]\n");
  const auto s = sc::load_demand_scenario(f.path(), DATA);
  EXPECT_TRUE(s.calendar);
  EXPECT_EQ(s.calendar_year, 2030);
  EXPECT_DOUBLE_EQ(s.settings.non_residential_setback_c, 16.0);
  EXPECT_EQ(s.settings.usage_days, dm::default_usage_days());
  EXPECT_EQ(s.settings.usage_days.at(use(tw::UseClass::office)), dm::UsageDays::monday_to_friday);
  EXPECT_EQ(s.settings.usage_days.at(use(tw::UseClass::retail)), dm::UsageDays::monday_to_saturday);
  EXPECT_EQ(s.settings.usage_days.at(use(tw::UseClass::hospital)), dm::UsageDays::all_days);
  EXPECT_TRUE(s.settings.day_types.empty());  // filled by the run from the weather
}

TEST(DemandCalendarKeys, ValuesAreRead) {
  const ScenarioFile f(RUN +
                       "[demand]\ncalendar = false\ncalendar_year = 2024\nnon_residential_setback_c = 14.5\n"
                       "[demand.usage_days]\noffice = \"monday_to_saturday\"\nculture = \"monday_to_friday\"\n");
  const auto s = sc::load_demand_scenario(f.path(), DATA);
  EXPECT_FALSE(s.calendar);
  EXPECT_EQ(s.calendar_year, 2024);
  EXPECT_DOUBLE_EQ(s.settings.non_residential_setback_c, 14.5);
  EXPECT_EQ(s.settings.usage_days.at(use(tw::UseClass::office)), dm::UsageDays::monday_to_saturday);
  EXPECT_EQ(s.settings.usage_days.at(use(tw::UseClass::culture)), dm::UsageDays::monday_to_friday);
  EXPECT_EQ(s.settings.usage_days.at(use(tw::UseClass::school)), dm::UsageDays::monday_to_friday);  // default kept
}

TEST(DemandCalendarKeys, ErrorsNameFileLineAndKey) {
  const auto expect_error = [](const std::string& text, const std::string& key, int line) {
    SCOPED_TRACE(text);
    const std::string e = error_of(text);
    EXPECT_NE(e.find(key), std::string::npos) << e;
    EXPECT_NE(e.find(fmt::format("plan.toml:{}", line)), std::string::npos) << e;
  };
  // RUN has 4 lines, [demand] is line 5.
  expect_error(RUN + "[demand]\ncalendar_year = \"2025\"\n", "calendar_year", 6);
  expect_error(RUN + "[demand]\ncalendar_year = 2025.5\n", "calendar_year", 6);
  expect_error(RUN + "[demand]\ncalendar_year = 1800\n", "calendar_year", 6);
  expect_error(RUN + "[demand]\ncalendar = 1\n", "'calendar'", 6);
  expect_error(RUN + "[demand]\ncalendar = true\nnon_residential_setback_c = 25.0\n", "non_residential_setback_c", 7);
  expect_error(RUN + "[demand]\nnon_residential_setback_c = \"low\"\n", "non_residential_setback_c", 6);
  expect_error(RUN + "[demand]\ncalender = true\n", "unknown key 'calender' in [demand]", 6);
  expect_error(RUN + "[demand]\nusage_days = \"weekdays\"\n", "usage_days", 6);
  expect_error(RUN + "[demand.usage_days]\noffice = \"weekdays\"\n", "office", 6);
  expect_error(RUN + "[demand.usage_days]\nresidential = \"all_days\"\n", "'residential'", 6);
  expect_error(RUN + "[demand.usage_days]\nmoon_base = \"all_days\"\n", "'moon_base'", 6);
}
