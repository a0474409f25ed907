// The run's warnings on the terminal (scenarios/warning_summary.hpp): a few one per line, many
// counted per code with their municipalities and years.
#include "scenarios/warning_summary.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace heattwin;

namespace {

scenarios::RunWarning warning(int year, const std::string& code, const std::string& object) {
  scenarios::RunWarning w;
  w.year = year;
  w.code = code;
  w.object_id = object;
  w.message = "network '" + object + "' " + std::to_string(year);
  return w;
}

TEST(WarningSummary, AFewWarningsOnePerLine) {
  const std::vector<scenarios::RunWarning> few{warning(2030, "NETWORK_UNMET_LOAD", "densest_area")};
  EXPECT_EQ(scenarios::warning_summary_lines(few),
            std::vector<std::string>{"network 'densest_area' 2030 [NETWORK_UNMET_LOAD]"});
}

TEST(WarningSummary, ManyWarningsCountedPerCodeWithMunicipalitiesAndYears) {
  std::vector<scenarios::RunWarning> many;
  // 3 municipalities × 2 years below the minimum supply temperature; one WPG warning.
  for (const int year : {2025, 2030}) {
    for (const char* ags : {"15001001", "15001002", "15003000"}) {
      many.push_back(warning(year, "NETWORK_SUPPLY_T_BELOW_MIN", std::string("densest_area_") + ags));
    }
  }
  many.push_back(warning(2030, "WPG_NETWORK_SHARE_BELOW_TARGET", "densest_area_15003000"));
  many.push_back(warning(2030, "BIOMASS_POTENTIAL_EXCEEDED", "biomass"));
  const auto lines = scenarios::warning_summary_lines(many, 5);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "NETWORK_SUPPLY_T_BELOW_MIN: 6 warnings in 3 municipalities (2025: 3, 2030: 3)");
  EXPECT_EQ(lines[1], "WPG_NETWORK_SHARE_BELOW_TARGET: 1 warning in 1 municipality (2030: 1)");
  EXPECT_EQ(lines[2], "BIOMASS_POTENTIAL_EXCEEDED: 1 warning (2030: 1)");
}

TEST(WarningSummary, MunicipalityOfANetworkName) {
  EXPECT_EQ(scenarios::warning_municipality_ags(warning(2025, "X", "densest_area_15003000")), "15003000");
  EXPECT_EQ(scenarios::warning_municipality_ags(warning(2025, "X", "densest_area")), "");
  EXPECT_EQ(scenarios::warning_municipality_ags(warning(2025, "X", "net_1500300")), "");
  EXPECT_EQ(scenarios::warning_municipality_ags(warning(2025, "X", "biomass")), "");
}

}  // namespace
