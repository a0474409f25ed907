/// Refurbishment over the years of a heat plan: counts by year (rate, rounding, cap), nested
/// selections, the three orders (oldest first, worst first, seeded random), the package rule
/// min(current, package) and the scenario keys with their errors.

#include "scenarios/demand_run.hpp"
#include "scenarios/refurbishment.hpp"
#include "tests/unit/scenarios/scenario_file.hpp"
#include "twin/error.hpp"
#include "twin/typology.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <unistd.h>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <string>
#include <vector>

namespace sc = heattwin::scenarios;
using heattwin::scenarios::test::DATA;
using heattwin::scenarios::test::error_of;
using heattwin::scenarios::test::RUN;
using heattwin::scenarios::test::ScenarioFile;
namespace tw = heattwin::twin;

namespace {

const double NaN = std::numeric_limits<double>::quiet_NaN();

/// Buildings with the given years of construction (0 = unknown), residential EFH.
tw::BuildingSet buildings_of_years(const std::vector<int>& years) {
  tw::BuildingSet b;
  for (std::size_t k = 0; k < years.size(); ++k) {
    const auto i = b.append_unknown(fmt::format("B{}", k));
    b.year_of_construction[i] = static_cast<std::int16_t>(years[k]);
    b.age_class[i] = years[k] > 0 ? tw::age_class_of_year(b.year_of_construction[i]) : std::uint8_t{0};
    b.use_class[i] = static_cast<std::uint8_t>(tw::UseClass::residential);
    b.residential_type[i] = 1;  // EFH
  }
  b.finish_footprints();
  return b;
}

std::vector<std::uint32_t> all_rows(std::size_t n) {
  std::vector<std::uint32_t> rows(n);
  for (std::size_t k = 0; k < n; ++k) rows[k] = static_cast<std::uint32_t>(k);
  return rows;
}

}  // namespace

TEST(Refurbishment, CountIsRoundedRateTimesYearsTimesStock) {
  EXPECT_EQ(sc::refurbished_count(0.01, 2025, 2025, 441), 0U);
  EXPECT_EQ(sc::refurbished_count(0.01, 2025, 2020, 441), 0U);    // before the base year
  EXPECT_EQ(sc::refurbished_count(0.01, 2025, 2030, 441), 22U);   // 22.05
  EXPECT_EQ(sc::refurbished_count(0.01, 2025, 2045, 441), 88U);   // 88.2
  EXPECT_EQ(sc::refurbished_count(0.02, 2025, 2045, 441), 176U);  // 176.4
  EXPECT_EQ(sc::refurbished_count(0.01, 2025, 2030, 50), 3U);     // 2.5 rounds away from zero
  EXPECT_EQ(sc::refurbished_count(0.2, 2025, 2045, 10), 10U);     // 4·N, capped at N
  EXPECT_EQ(sc::refurbished_count(0.0, 2025, 2045, 441), 0U);
  EXPECT_THROW((void)sc::refurbished_count(0.21, 2025, 2030, 10), heattwin::InputError);
  EXPECT_THROW((void)sc::refurbished_count(-0.01, 2025, 2030, 10), heattwin::InputError);
}

TEST(Refurbishment, SelectionsAreNestedAcrossYears) {
  std::vector<int> years;
  for (int k = 0; k < 200; ++k) years.push_back(1850 + (k * 37) % 170);
  const auto b = buildings_of_years(years);
  const auto ranking = sc::refurbishment_ranking(b, all_rows(b.size()), {}, sc::RefurbishmentOrder::random, 7);
  std::set<std::uint32_t> previous;
  std::size_t previous_count = 0;
  for (const int year : {2025, 2030, 2035, 2040, 2045}) {
    const std::size_t count = sc::refurbished_count(0.02, 2025, year, b.size());
    EXPECT_GE(count, previous_count);
    const std::set<std::uint32_t> selected(ranking.begin(), ranking.begin() + static_cast<std::ptrdiff_t>(count));
    EXPECT_EQ(selected.size(), count);  // no building twice
    EXPECT_TRUE(std::includes(selected.begin(), selected.end(), previous.begin(), previous.end())) << year;
    previous = selected;
    previous_count = count;
  }
  EXPECT_EQ(previous_count, 80U);  // 0.02 · 20 · 200
}

TEST(Refurbishment, OldestFirstPutsUnknownYearsLastAndKeepsRowOrderOnTies) {
  const auto b = buildings_of_years({1990, 1900, 0, 1950, 1900});
  const auto ranking = sc::refurbishment_ranking(b, all_rows(b.size()), {}, sc::RefurbishmentOrder::oldest_first, 1);
  EXPECT_EQ(ranking, (std::vector<std::uint32_t>{1, 4, 3, 0, 2}));
  // Only the candidates are ranked, whatever their order.
  const auto some = sc::refurbishment_ranking(b, {3, 0, 1}, {}, sc::RefurbishmentOrder::oldest_first, 1);
  EXPECT_EQ(some, (std::vector<std::uint32_t>{1, 3, 0}));
}

TEST(Refurbishment, WorstFirstRanksByDescendingSpecificNeedWithNaNLast) {
  const auto b = buildings_of_years({1990, 1900, 1950, 1970});
  const auto ranking =
      sc::refurbishment_ranking(b, all_rows(4), {50.0, 200.0, NaN, 120.0}, sc::RefurbishmentOrder::worst_first, 1);
  EXPECT_EQ(ranking, (std::vector<std::uint32_t>{1, 3, 0, 2}));
  EXPECT_THROW((void)sc::refurbishment_ranking(b, all_rows(4), {1.0}, sc::RefurbishmentOrder::worst_first, 1),
               heattwin::InputError);
}

TEST(Refurbishment, RandomOrderIsASeededPermutation) {
  const auto b = buildings_of_years(std::vector<int>(100, 1960));
  const auto a = sc::refurbishment_ranking(b, all_rows(100), {}, sc::RefurbishmentOrder::random, 42);
  const auto again = sc::refurbishment_ranking(b, all_rows(100), {}, sc::RefurbishmentOrder::random, 42);
  const auto other = sc::refurbishment_ranking(b, all_rows(100), {}, sc::RefurbishmentOrder::random, 43);
  EXPECT_EQ(a, again);
  EXPECT_NE(a, other);
  EXPECT_NE(a, all_rows(100));  // shuffled
  auto sorted = a;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, all_rows(100));  // every candidate exactly once
}

TEST(Refurbishment, PackageNeverWorsensAValueAndLeavesNonResidentialAlone) {
  const auto package = tw::load_typology(DATA + "/typology/tabula_de.csv", DATA + "/typology/non_residential_de.csv",
                                         "advanced_refurbishment");
  auto b = buildings_of_years({1900, 1900, 1900});
  const tw::TypologyEnvelope& e = package.residential[1][b.age_class[0]];
  ASSERT_GT(e.u_wall_w_per_m2k, 0.0);
  // Building 0: an unrefurbished envelope; building 1: a measured wall better than the package.
  for (std::size_t i = 0; i < 3; ++i) {
    b.u_wall_w_per_m2k[i] = 1.7;
    b.u_roof_w_per_m2k[i] = 1.4;
    b.u_floor_w_per_m2k[i] = 1.0;
    b.u_window_w_per_m2k[i] = 2.8;
  }
  b.u_wall_w_per_m2k[1] = 0.5 * e.u_wall_w_per_m2k;
  b.use_class[2] = static_cast<std::uint8_t>(tw::UseClass::office);
  EXPECT_TRUE(sc::apply_refurbishment_package(b, 0, package));
  EXPECT_DOUBLE_EQ(b.u_wall_w_per_m2k[0], std::min(1.7, e.u_wall_w_per_m2k));
  EXPECT_DOUBLE_EQ(b.u_roof_w_per_m2k[0], std::min(1.4, e.u_roof_w_per_m2k));
  EXPECT_DOUBLE_EQ(b.u_floor_w_per_m2k[0], std::min(1.0, e.u_floor_w_per_m2k));
  EXPECT_DOUBLE_EQ(b.u_window_w_per_m2k[0], std::min(2.8, e.u_window_w_per_m2k));
  EXPECT_LT(b.u_wall_w_per_m2k[0], 1.7);
  EXPECT_TRUE(sc::apply_refurbishment_package(b, 1, package));
  EXPECT_DOUBLE_EQ(b.u_wall_w_per_m2k[1], 0.5 * e.u_wall_w_per_m2k);  // better than the package: kept
  EXPECT_FALSE(sc::apply_refurbishment_package(b, 2, package));       // IWU has no refurbished variant
  EXPECT_DOUBLE_EQ(b.u_wall_w_per_m2k[2], 1.7);
  EXPECT_FALSE(sc::apply_refurbishment_package(b, 0, package));  // twice = once
}

TEST(Refurbishment, ScenarioKeysAndTheirErrors) {
  {
    const ScenarioFile f(RUN +
                         "years = [2025, 2030, 2045]\n[refurbishment]\nrate_per_year = 0.02\n"
                         "depth = \"advanced_refurbishment\"\norder = \"random\"\nseed = 9\n");
    const auto s = sc::load_demand_scenario(f.path(), DATA);
    EXPECT_EQ(s.years, (std::vector<int>{2025, 2030, 2045}));
    EXPECT_EQ(s.year, 2025);
    EXPECT_DOUBLE_EQ(s.refurbishment.rate_per_year, 0.02);
    EXPECT_EQ(s.refurbishment.depth, "advanced_refurbishment");
    EXPECT_EQ(s.refurbishment.order, sc::RefurbishmentOrder::random);
    EXPECT_EQ(s.refurbishment.seed, 9U);
  }
  {
    const ScenarioFile f(RUN + "year = 2030\n");
    const auto s = sc::load_demand_scenario(f.path(), DATA);
    EXPECT_EQ(s.years, (std::vector<int>{2030}));
    EXPECT_DOUBLE_EQ(s.refurbishment.rate_per_year, 0.01);  // defaults without the section
    EXPECT_EQ(s.refurbishment.depth, "usual_refurbishment");
    EXPECT_EQ(s.refurbishment.order, sc::RefurbishmentOrder::oldest_first);
  }
  EXPECT_NE(error_of(RUN + "year = 2025\nyears = [2025, 2030]\n").find("not both"), std::string::npos);
  EXPECT_NE(error_of(RUN + "years = [2030, 2025]\n").find("ascending"), std::string::npos);
  EXPECT_NE(error_of(RUN + "years = [2025, 2025]\n").find("ascending"), std::string::npos);
  EXPECT_NE(error_of(RUN + "years = []\n").find("non-empty"), std::string::npos);
  EXPECT_NE(error_of(RUN + "[refurbishment]\nrate_per_year = 0.3\n").find("outside [0, 0.2]"), std::string::npos);
  EXPECT_NE(error_of(RUN + "[refurbishment]\nrate_per_year = -0.1\n").find("outside [0, 0.2]"), std::string::npos);
  const std::string unknown = error_of(RUN + "[refurbishment]\nrate = 0.01\n");
  EXPECT_NE(unknown.find("unknown key 'rate' in [refurbishment]"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("plan.toml:6"), std::string::npos) << unknown;  // file and line
  EXPECT_NE(error_of(RUN + "[refurbishment]\norder = \"newest_first\"\n").find("order must be"), std::string::npos);
  EXPECT_NE(error_of(RUN + "[refurbishment]\ndepth = \"existing\"\n").find("depth must be"), std::string::npos);
}

TEST(Refurbishment, SupplyAllowedOptions) {
  namespace sp = heattwin::solvers::supply;
  {
    const ScenarioFile f(RUN + "[supply]\nallowed = [\"air_heat_pump\", \"heat_substation\"]\n");
    const auto s = sc::load_demand_scenario(f.path(), DATA);
    for (std::size_t o = 0; o < sp::INDIVIDUAL_OPTION_COUNT; ++o) {
      const auto option = static_cast<sp::IndividualOption>(o);
      EXPECT_EQ(s.supply_allowed[o],
                option == sp::IndividualOption::air_heat_pump || option == sp::IndividualOption::district_heating)
          << sp::option_technology(option);
    }
  }
  {
    const ScenarioFile f(RUN);
    EXPECT_EQ(sc::load_demand_scenario(f.path(), DATA).supply_allowed, sp::IndividualSettings{}.allowed);
  }
  EXPECT_NE(error_of(RUN + "[supply]\nallowed = [\"coal_stove\"]\n").find("unknown option"), std::string::npos);
  EXPECT_NE(error_of(RUN + "[supply]\nallowed = []\n").find("non-empty"), std::string::npos);
  EXPECT_NE(error_of(RUN + "[supply]\nprices = 1\n").find("unknown key 'prices' in [supply]"), std::string::npos);
}

TEST(ScenarioOverrides, PricesCo2FactorsThresholdsAndDataTables) {
  namespace ec = heattwin::solvers::economics;
  {
    const ScenarioFile f(RUN +
                         "[prices.natural_gas]\n2030 = 140.0\n2045 = 210\n[co2_factors]\nelectricity = { 2045 = 0 }\n"
                         "[supply_areas]\ndensity_band_1_mwh_per_ha_a = 60.0\ncost_margin = 0.05\n"
                         "[data]\ntechnology = \"my_tables\"\ncensus_heating = \"census.csv\"\n");
    const auto s = sc::load_demand_scenario(f.path(), DATA);
    ASSERT_EQ(s.price_overrides.size(), 2U);
    EXPECT_EQ(s.price_overrides[0].carrier, ec::Carrier::natural_gas);
    EXPECT_EQ(s.price_overrides[0].year, 2030);
    EXPECT_DOUBLE_EQ(s.price_overrides[0].value, 140.0);
    EXPECT_EQ(s.price_overrides[1].year, 2045);
    EXPECT_DOUBLE_EQ(s.price_overrides[1].value, 210.0);
    ASSERT_EQ(s.co2_overrides.size(), 1U);
    EXPECT_EQ(s.co2_overrides[0].carrier, ec::Carrier::electricity);
    EXPECT_DOUBLE_EQ(s.co2_overrides[0].value, 0.0);
    EXPECT_DOUBLE_EQ(s.supply_area_thresholds.density_band_1_mwh_per_ha_a, 60.0);
    EXPECT_DOUBLE_EQ(s.supply_area_thresholds.density_band_2_mwh_per_ha_a,
                     heattwin::solvers::supply::SupplyAreaThresholds{}.density_band_2_mwh_per_ha_a);
    EXPECT_DOUBLE_EQ(s.supply_area_thresholds.cost_margin, 0.05);
    // [data] paths are relative to the scenario file.
    const auto dir = std::filesystem::path(f.path()).parent_path();
    EXPECT_EQ(s.technology_dir, (dir / "my_tables").lexically_normal().string());
    EXPECT_EQ(s.census_heating_csv, (dir / "census.csv").lexically_normal().string());
  }
  {
    const ScenarioFile f(RUN);
    const auto s = sc::load_demand_scenario(f.path(), DATA);
    EXPECT_TRUE(s.price_overrides.empty());
    EXPECT_EQ(s.technology_dir, std::string(DATA) + "/technology");
  }
  const std::string carrier = error_of(RUN + "[prices.coal]\n2030 = 50\n");
  EXPECT_NE(carrier.find("unknown carrier 'coal' in [prices]"), std::string::npos) << carrier;
  EXPECT_NE(carrier.find("plan.toml:5"), std::string::npos) << carrier;
  EXPECT_NE(error_of(RUN + "[prices.biomass]\nsoon = 50\n").find("must be a year"), std::string::npos);
  const std::string negative = error_of(RUN + "[co2_factors.biomass]\n2030 = -5\n");
  EXPECT_NE(negative.find("must be a number ≥ 0 in g/kWh"), std::string::npos) << negative;
  EXPECT_NE(negative.find("plan.toml:6"), std::string::npos) << negative;
  EXPECT_NE(error_of(RUN + "[prices]\nbiomass = 80\n").find("table of year = value"), std::string::npos);
  EXPECT_NE(error_of(RUN + "[supply_areas]\ndensity_band_2_mwh_per_ha_a = 50\n").find("must ascend"),
            std::string::npos);
  EXPECT_NE(error_of(RUN + "[supply_areas]\ncost_margin = 2\n")
                .find("[supply_areas] 'cost_margin' must be a number between 0 and 1"),
            std::string::npos);
  EXPECT_NE(error_of(RUN + "[supply_areas]\nbands = 3\n").find("unknown key 'bands' in [supply_areas]"),
            std::string::npos);
  EXPECT_NE(error_of(RUN + "[data]\nprices = \"p.csv\"\n").find("unknown key 'prices' in [data]"), std::string::npos);
}

TEST(Refurbishment, RateAndDepthPaths) {
  sc::RefurbishmentSettings rf;
  rf.rate_path = {{2030, 0.01}, {2040, 0.03}};  // 1 %/a in 2026–2030, 3 %/a from 2031 on
  rf.depth_path = {{2035, "usual_refurbishment"}, {2045, "advanced_refurbishment"}};
  EXPECT_DOUBLE_EQ(rf.rate_in_year(2026), 0.01);
  EXPECT_DOUBLE_EQ(rf.rate_in_year(2030), 0.01);
  EXPECT_DOUBLE_EQ(rf.rate_in_year(2031), 0.03);
  EXPECT_DOUBLE_EQ(rf.rate_in_year(2045), 0.03);  // the last value continues
  EXPECT_EQ(rf.depth_in_year(2035), "usual_refurbishment");
  EXPECT_EQ(rf.depth_in_year(2036), "advanced_refurbishment");
  // By 2030: 5 years at 1 %; by 2045: + 15 years at 3 % = 50 % of the stock.
  EXPECT_EQ(sc::refurbished_count(rf, 2025, 2030, 1000), 50U);
  EXPECT_EQ(sc::refurbished_count(rf, 2025, 2045, 1000), 500U);
  EXPECT_EQ(sc::refurbished_count(rf, 2025, 2025, 1000), 0U);
  EXPECT_EQ(rf.describe(), "1.0 %/a to 2030, then 3.0 %/a, usual_refurbishment to 2035, then advanced_refurbishment");
  // A constant rate gives the closed form exactly.
  sc::RefurbishmentSettings constant;
  constant.rate_per_year = 0.013;
  for (const int year : {2026, 2030, 2045}) {
    EXPECT_EQ(sc::refurbished_count(constant, 2025, year, 12345), sc::refurbished_count(0.013, 2025, year, 12345));
  }
  EXPECT_EQ(constant.describe(), "1.3 %/a, usual_refurbishment");

  const ScenarioFile f(RUN +
                       "years = [2025, 2030, 2045]\n[refurbishment]\nrate_per_year = { 2040 = 0.03, 2030 = 0.01 }\n"
                       "depth = { 2045 = \"advanced_refurbishment\", 2035 = \"usual_refurbishment\" }\n");
  const auto s = sc::load_demand_scenario(f.path(), DATA);
  EXPECT_EQ(s.refurbishment.rate_path, rf.rate_path);  // sorted by year
  EXPECT_EQ(s.refurbishment.depth_path, rf.depth_path);
  EXPECT_NE(error_of(RUN + "years = [2025, 2030]\n[refurbishment]\nrate_per_year = { 2020 = 0.01 }\n")
                .find("must be a year after the base year 2025"),
            std::string::npos);
  EXPECT_NE(error_of(RUN + "[refurbishment]\nrate_per_year = { 2030 = 0.5 }\n").find("outside [0, 0.2]"),
            std::string::npos);
  EXPECT_NE(error_of(RUN + "[refurbishment]\ndepth = { 2030 = \"gold\" }\n").find("depth must be"), std::string::npos);
  EXPECT_NE(error_of(RUN + "[refurbishment]\nrate_per_year = {}\n").find("path is empty"), std::string::npos);
}
