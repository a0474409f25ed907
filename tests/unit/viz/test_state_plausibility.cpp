// The plausibility check of `heattwin compare` on hand-made statistics and sums: every expected
// number is worked out in the comments, not by the code under test.
#include "viz/state_plausibility.hpp"

#include "tests/unit/viz/tiny_results.hpp"
#include "twin/error.hpp"
#include "twin/use_class.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

using namespace heattwin;

namespace {

namespace fs = std::filesystem;

std::string write_file(const std::string& name, const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / "heattwin_state_plausibility";
  fs::create_directories(dir);
  const std::string path = (dir / name).string();
  std::ofstream(path) << text;
  return path;
}

const char* STATISTICS =
    "key,value,unit,year,source,mark\n"
    "municipalities,3,1,2021,\"list, of municipalities\",P\n"
    "residential_buildings,1000,1,2022,census,S\n"
    "living_space,200000,m2,2022,census,S\n"
    "households_final_energy,3600,TJ,2023,balance,S\n"
    "household_share_space_heating,0.7,1,2019,shares,S\n"
    "household_share_hot_water,0.15,1,2019,shares,S\n"
    "district_heat_households,50000,MWh,2021,heat 2021,P\n"
    "district_heat_households,40000,MWh,2024,heat 2024,S\n"
    "ghd_final_energy,1800,TJ,2023,balance,S\n";

viz::PlausibilitySums state_sums() {
  viz::PlausibilitySums s;
  s.year = 2025;
  s.municipalities_in_twin = 3;
  s.municipalities_computed = 3;
  s.residential_buildings_in_twin = 1100;
  s.residential_buildings_computed = 1000;
  s.residential_floor_area_m2 = 250000.0;
  s.residential_heat_mwh = 1'020'000.0;  // 1.02 TWh
  s.residential_heat_is_expected = true;
  s.residential_standard_heat_mwh = 1'500'000.0;
  s.has_final_energy = true;
  s.residential_final_energy_mwh = 1'190'000.0;
  s.residential_district_heat_mwh = 45'000.0;
  s.commercial_public_final_energy_mwh = 150'000.0;
  return s;
}

const viz::PlausibilityRow& row(const viz::StatePlausibility& p, const std::string& key) {
  for (const auto& r : p.rows) {
    if (r.key == key) return r;
  }
  throw std::runtime_error("no row " + key);
}

}  // namespace

TEST(StatePlausibility, ReadsTheTableAndFindsTheLatestYear) {
  const auto stats = viz::read_official_statistics(write_file("ok.csv", STATISTICS));
  ASSERT_EQ(stats.rows.size(), 9u);
  ASSERT_NE(stats.find("district_heat_households"), nullptr);
  EXPECT_EQ(stats.find("district_heat_households")->year, 2024);
  EXPECT_EQ(stats.find("district_heat_households", 2021)->value, 50000.0);
  EXPECT_EQ(stats.find("nothing"), nullptr);
  EXPECT_EQ(stats.all("district_heat_households").size(), 2u);
  EXPECT_EQ(stats.find("municipalities")->source, "list, of municipalities");
}

TEST(StatePlausibility, BadTablesNameFileLineAndKey) {
  const auto expect_error = [](const std::string& name, const std::string& text, const std::string& part) {
    const std::string path = write_file(name, text);
    try {
      (void)viz::read_official_statistics(path);
      ADD_FAILURE() << "no error for " << name;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
  };
  expect_error("unit.csv", "key,value,unit,year,source\nliving_space,1,,2022,x\n", "'living_space' has no unit");
  expect_error("twice.csv", "key,value,unit,year,source\na,1,1,2022,x\na,2,1,2022,y\n", "'a' of 2022 is given twice");
  expect_error("number.csv", "key,value,unit,year,source\na,many,1,2022,x\n", ":2");
  expect_error("negative.csv", "key,value,unit,year,source\na,-1,1,2022,x\n", "non-negative");
  expect_error("columns.csv", "key,value,year,source\na,1,2022,x\n", "unit");
}

TEST(StatePlausibility, RatiosAgainstTheStatisticsWithTheirFactors) {
  const auto stats = viz::read_official_statistics(write_file("ok.csv", STATISTICS));
  const auto p = viz::state_plausibility(state_sums(), stats);
  EXPECT_TRUE(p.state_wide);
  EXPECT_TRUE(p.missing.empty());
  EXPECT_EQ(p.municipalities_counted, 3u);
  // 1100 / 1000 buildings.
  EXPECT_DOUBLE_EQ(row(p, "residential_buildings").ratio, 1.1);
  // 0.25 / 0.2 million m².
  EXPECT_DOUBLE_EQ(row(p, "residential_floor_area").twin, 0.25);
  EXPECT_DOUBLE_EQ(row(p, "residential_floor_area").ratio, 1.25);
  // 3600 TJ = 1,000,000 MWh = 1 TWh; × (0.7 + 0.15) = 0.85 TWh; 1.02 / 0.85 = 1.2.
  const auto& heat = row(p, "residential_heat");
  EXPECT_NEAR(heat.reference, 0.85, 1e-12);
  EXPECT_NEAR(heat.ratio, 1.2, 1e-12);
  EXPECT_EQ(heat.reference_year, 2023);
  EXPECT_EQ(heat.label_de, "Wohngebäude: erwarteter Wärmeverbrauch");
  EXPECT_NE(heat.reference_de.find("3.600 TJ × (0,700 + 0,150)"), std::string::npos) << heat.reference_de;
  EXPECT_EQ(heat.sources, "balance; shares");
  // 1.19 / 0.85 = 1.4.
  EXPECT_NEAR(row(p, "residential_final_energy").ratio, 1.4, 1e-12);
  // District heat: 45,000 MWh against 50,000 (2021) and 40,000 (2024).
  EXPECT_NEAR(row(p, "district_heat_households_2021").ratio, 0.9, 1e-12);
  EXPECT_NEAR(row(p, "district_heat_households_2024").ratio, 1.125, 1e-12);
  // GHD: 1800 TJ = 0.5 TWh; 0.15 / 0.5 = 0.3.
  EXPECT_NEAR(row(p, "commercial_public_final_energy").ratio, 0.3, 1e-12);
  EXPECT_EQ(p.rows.size(), 7u);
}

TEST(StatePlausibility, RowsInAnotherUnitAreRefusedNamingTheLine) {
  const std::string path = write_file("km2.csv", std::string(STATISTICS) + "other,1.5,degC,2023,weather,S\n");
  const auto ok = viz::read_official_statistics(path);  // units of rows the check does not use are free
  EXPECT_EQ(viz::state_plausibility(state_sums(), ok).rows.size(), 7u);
  const std::string bad = write_file(
      "bad_unit.csv", "key,value,unit,year,source\nmunicipalities,3,1,2021,x\nliving_space,0.2,km2,2022,census\n");
  try {
    (void)viz::state_plausibility(state_sums(), viz::read_official_statistics(bad));
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(bad + ":3: 'living_space' has the unit 'km2'"), std::string::npos) << e.what();
  }
}

TEST(StatePlausibility, NoRatiosWithoutTheWholeStateAndNoRowsWithoutData) {
  const auto stats = viz::read_official_statistics(write_file("ok.csv", STATISTICS));
  auto sums = state_sums();
  sums.municipalities_computed = 2;
  sums.has_final_energy = false;  // a demand-only run: no final energy, district heat or GHD rows
  sums.residential_heat_is_expected = false;
  const auto p = viz::state_plausibility(sums, stats);
  EXPECT_FALSE(p.state_wide);
  ASSERT_EQ(p.rows.size(), 3u);
  for (const auto& r : p.rows) EXPECT_TRUE(std::isnan(r.ratio)) << r.key;
  EXPECT_EQ(row(p, "residential_heat").label_de, "Wohngebäude: Standard-Wärmebedarf");
  const std::string html = viz::plausibility_html(p, viz::Lang::de);
  EXPECT_NE(html.find("Die Ergebnisse decken 2 von 3 Gemeinden ab"), std::string::npos);
  // A table without the municipality count names what is missing and forms no ratio.
  const auto partial = viz::read_official_statistics(
      write_file("partial.csv", "key,value,unit,year,source\nresidential_buildings,1000,1,2022,census\n"));
  const auto q = viz::state_plausibility(state_sums(), partial);
  EXPECT_FALSE(q.state_wide);
  EXPECT_NE(std::ranges::find(q.missing, "municipalities"), q.missing.end());
  EXPECT_NE(std::ranges::find(q.missing, "households_final_energy"), q.missing.end());
  EXPECT_EQ(q.rows.size(), 1u);
}

TEST(StatePlausibility, GermanAndEnglishCsvAndJson) {
  const auto stats = viz::read_official_statistics(write_file("ok.csv", STATISTICS));
  const auto p = viz::state_plausibility(state_sums(), stats);
  const std::string de = viz::plausibility_csv(p, viz::Lang::de);
  EXPECT_EQ(de.substr(0, de.find('\n')),
            "Kennzahl;Einheit;Zwilling 2025;Statistik;Statistikjahr;Verhältnis;Bezug;Quellen;Hinweis");
  EXPECT_NE(de.find("Wohngebäude;1;1100;1000;2022;1,100;"), std::string::npos) << de;
  const std::string en = viz::plausibility_csv(p, viz::Lang::en);
  EXPECT_NE(en.find("residential_buildings,1,1100,1000,2022,1.100,"), std::string::npos) << en;
  const std::string json = viz::plausibility_json(p);
  EXPECT_NE(json.find("\"state_wide\": true"), std::string::npos);
  EXPECT_NE(json.find("\"key\": \"commercial_public_final_energy\""), std::string::npos);
}

TEST(StatePlausibility, SumsOfAResultsFileCountResidentialBuildingsOfTheTwin) {
  const std::string dir = (fs::temp_directory_path() / "heattwin_state_plausibility_tiny").string();
  fs::create_directories(dir);
  const auto tiny = test::write_tiny_results(dir);
  const auto results = viz::read_results(tiny.path);
  const auto sums = viz::plausibility_sums(results, tiny.twin);
  std::uint64_t residential = 0;
  for (const auto use : tiny.twin.buildings.use_class) residential += twin::is_residential(use) ? 1 : 0;
  EXPECT_EQ(sums.residential_buildings_in_twin, residential);
  EXPECT_EQ(sums.year, 2025);
  EXPECT_LE(sums.residential_buildings_computed, results.buildings.rows());
  // Standard demand: the tiny file's heat (space heating + hot water) of its residential buildings.
  double expected_mwh = 0.0;
  for (std::size_t i = 0; i < results.buildings.rows(); ++i) {
    const auto t = static_cast<std::size_t>(results.building_twin_index[i]);
    if (twin::is_residential(tiny.twin.buildings.use_class[t])) expected_mwh += tiny.heat_mwh_per_a[t];
  }
  ASSERT_GT(expected_mwh, 0.0);
  EXPECT_NEAR(sums.residential_standard_heat_mwh, expected_mwh, 1e-9);
}
