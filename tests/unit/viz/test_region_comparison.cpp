// Region comparison on small hand-made sums: every expected number is computed by hand in the
// comments, not by the code under test.
#include "viz/region_comparison.hpp"

#include "twin/error.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

using namespace heattwin;
using viz::RegionSums;

namespace {

RegionSums region(const std::string& ags, const std::string& kreis, std::int64_t population, std::uint64_t buildings,
                  double area_m2, double heat_mwh, std::vector<double> final_energy, double co2_t) {
  RegionSums s;
  s.ags = ags;
  s.name = "Gemeinde " + ags;
  s.kreis_ags = kreis;
  s.kreis_name = "Kreis " + kreis;
  s.population = population;
  s.buildings = buildings;
  s.heated_floor_area_m2 = area_m2;
  s.space_heating_mwh_per_a = 0.8 * heat_mwh;
  s.hot_water_mwh_per_a = 0.2 * heat_mwh;
  s.final_energy_mwh_per_a = std::move(final_energy);
  s.co2_t_per_a = co2_t;
  return s;
}

std::size_t column(const viz::RegionComparison& c, const std::string& key) {
  for (std::size_t i = 0; i < c.indicators.size(); ++i) {
    if (c.indicators[i].key == key) return i;
  }
  ADD_FAILURE() << "no indicator " << key;
  return 0;
}

/// Three municipalities in Kreis 15001 and one in 15002; 15001003 has only 3 buildings.
viz::YearSums sample_year(int year, double scale = 1.0) {
  viz::YearSums y;
  y.year = year;
  y.carriers = {"electricity", "natural_gas", "biomass"};
  y.has_co2 = true;
  y.municipalities = {
      region("15001001", "15001", 1000, 100, 10000.0, 1000.0 * scale, {100.0, 700.0, 200.0}, 200.0),
      region("15001002", "15001", 2000, 200, 30000.0, 2000.0 * scale, {0.0, 2000.0, 0.0}, 400.0),
      region("15001003", "15001", 50, 3, 500.0, 60.0 * scale, {0.0, 60.0, 0.0}, 12.0),
      region("15002001", "15002", 0, 10, 1000.0, 100.0 * scale, {50.0, 0.0, 50.0}, 10.0),
  };
  y.outside.final_energy_mwh_per_a = {0.0, 0.0, 0.0};
  y.outside.buildings = 1;
  y.outside.space_heating_mwh_per_a = 5.0;
  return y;
}

}  // namespace

TEST(RegionComparison, QuantilesInterpolateLikeNumpy) {
  const std::vector<double> v{1.0, 2.0, 3.0, 4.0, 10.0};
  // h = 4 q: q = 0.1 → 0.4 → 1 + 0.4 · 1 = 1.4; q = 0.5 → 3; q = 0.9 → 3.6 → 4 + 0.6 · 6 = 7.6.
  EXPECT_DOUBLE_EQ(viz::quantile_sorted(v, 0.1), 1.4);
  EXPECT_DOUBLE_EQ(viz::quantile_sorted(v, 0.5), 3.0);
  EXPECT_DOUBLE_EQ(viz::quantile_sorted(v, 0.9), 7.6);
  EXPECT_TRUE(std::isnan(viz::quantile_sorted(std::vector<double>{}, 0.5)));
}

TEST(RegionComparison, RanksShareTiesAndSkipNaN) {
  const double nan = std::nan("");
  const auto r = viz::ranks_descending(std::vector<double>{5.0, 9.0, 5.0, nan, 1.0});
  EXPECT_EQ(r, (std::vector<std::uint32_t>{2, 1, 2, 0, 4}));
}

TEST(RegionComparison, RobustOutliersByMedianAndMad) {
  // median 10; |deviations| 0,1,1,2,2,90 → MAD = (1 + 2) / 2 = 1.5; limit 3.5 · 1.4826 · 1.5 = 7.78365.
  // 100 deviates by 90 > 7.78 (outlier); 12 by 2 (not). NaN is never flagged.
  const double nan = std::nan("");
  const auto f = viz::robust_outliers(std::vector<double>{10.0, 9.0, 11.0, 8.0, 12.0, 100.0, nan});
  EXPECT_EQ(f, (std::vector<std::uint8_t>{0, 0, 0, 0, 0, 1, 0}));
  // 8, 9, 10, 10, 11, 12, x: median 10; deviations 2, 1, 0, 0, 1, 2, x − 10 → MAD = 1;
  // limit 3.5 · 1.4826 = 5.1891: x = 15.2 is flagged, x = 15.1 is not.
  EXPECT_EQ(viz::robust_outliers(std::vector<double>{10.0, 9.0, 11.0, 8.0, 12.0, 10.0, 15.2})[6], 1);
  EXPECT_EQ(viz::robust_outliers(std::vector<double>{10.0, 9.0, 11.0, 8.0, 12.0, 10.0, 15.1})[6], 0);
  // MAD 0: no scale, nothing flagged.
  EXPECT_EQ(viz::robust_outliers(std::vector<double>{1.0, 1.0, 1.0, 50.0}), (std::vector<std::uint8_t>{0, 0, 0, 0}));
}

TEST(RegionComparison, IndicatorsPerInhabitantAreaAndBuilding) {
  const auto c = viz::compare_regions("a.h5", "s", {sample_year(2025)}, 5);
  ASSERT_EQ(c.years.size(), 1u);
  const auto& rows = c.years[0].municipalities.rows;
  ASSERT_EQ(rows.size(), 4u);
  const auto& m1 = rows[0];
  EXPECT_FALSE(m1.withheld);
  // 1000 MWh / 1000 inhabitants = 1000 kWh; / 10000 m² = 100 kWh/m²; / 100 buildings = 10 MWh.
  EXPECT_DOUBLE_EQ(m1.values[column(c, "heat_demand_mwh_per_a")], 1000.0);
  EXPECT_DOUBLE_EQ(m1.values[column(c, "heat_demand_kwh_per_inhabitant")], 1000.0);
  EXPECT_DOUBLE_EQ(m1.values[column(c, "heat_demand_kwh_per_m2")], 100.0);
  EXPECT_DOUBLE_EQ(m1.values[column(c, "heat_demand_mwh_per_building")], 10.0);
  EXPECT_DOUBLE_EQ(m1.values[column(c, "final_energy_natural_gas_mwh_per_a")], 700.0);
  EXPECT_DOUBLE_EQ(m1.values[column(c, "final_energy_mwh_per_a")], 1000.0);
  // biomass 200 of 1000 MWh; electricity does not count as renewable.
  EXPECT_DOUBLE_EQ(m1.values[column(c, "renewable_share")], 0.2);
  EXPECT_DOUBLE_EQ(m1.values[column(c, "co2_kg_per_inhabitant")], 200.0);
  EXPECT_DOUBLE_EQ(m1.values[column(c, "co2_kg_per_m2")], 20.0);
  EXPECT_DOUBLE_EQ(m1.values[column(c, "co2_t_per_building")], 2.0);
  // 3 buildings < 5: withheld, all values NaN, not ranked; name and population kept.
  EXPECT_TRUE(rows[2].withheld);
  for (double v : rows[2].values) EXPECT_TRUE(std::isnan(v));
  EXPECT_EQ(rows[2].rank[column(c, "heat_demand_kwh_per_m2")], 0u);
  EXPECT_EQ(rows[2].sums.population, 50);
  // Unknown population: per-inhabitant values NaN, the rest computed.
  EXPECT_TRUE(std::isnan(rows[3].values[column(c, "heat_demand_kwh_per_inhabitant")]));
  EXPECT_DOUBLE_EQ(rows[3].values[column(c, "heat_demand_kwh_per_m2")], 100.0);
}

TEST(RegionComparison, StateTotalsIncludeWithheldAndOutsideAndSpreadExcludesThem) {
  const auto c = viz::compare_regions("a.h5", "s", {sample_year(2025)}, 5);
  const auto& y = c.years[0];
  // 1000 + 2000 + 60 + 100 + 5 (outside) = 3165 MWh; 314 buildings; population 3050.
  EXPECT_DOUBLE_EQ(y.state_values[column(c, "heat_demand_mwh_per_a")], 3165.0);
  EXPECT_EQ(y.state.buildings, 314u);
  EXPECT_EQ(y.state.population, 3050);
  // Ratio of the sums: 3165 MWh / 41500 m² = 76.265... kWh/m².
  EXPECT_NEAR(y.state_values[column(c, "heat_demand_kwh_per_m2")], 3165000.0 / 41500.0, 1e-9);
  // Spread of kWh/m² over the published 100, 66.67, 100: min 66.67, median 100, max 100.
  const auto& s = y.municipalities.spread[column(c, "heat_demand_kwh_per_m2")];
  EXPECT_EQ(s.count, 3u);
  EXPECT_NEAR(s.min, 2000000.0 / 30000.0, 1e-9);
  EXPECT_DOUBLE_EQ(s.median, 100.0);
  EXPECT_DOUBLE_EQ(s.max, 100.0);
  // p10: sorted 66.67, 100, 100 → h = 0.2 → 66.67 + 0.2 · 33.33.
  EXPECT_NEAR(s.p10, 2000.0 / 30.0 + 0.2 * (100.0 - 2000.0 / 30.0), 1e-9);
  // Ranks of kWh/m²: 100, 66.7, –, 100 → 1, 3, 0, 1.
  const std::size_t k = column(c, "heat_demand_kwh_per_m2");
  EXPECT_EQ(y.municipalities.rows[0].rank[k], 1u);
  EXPECT_EQ(y.municipalities.rows[1].rank[k], 3u);
  EXPECT_EQ(y.municipalities.rows[3].rank[k], 1u);
}

TEST(RegionComparison, KreiseSumTheirMunicipalities) {
  const auto c = viz::compare_regions("a.h5", "s", {sample_year(2025)}, 5);
  const auto& kreise = c.years[0].kreise.rows;
  ASSERT_EQ(kreise.size(), 2u);
  EXPECT_EQ(kreise[0].sums.ags, "15001");
  // 15001: 1000 + 2000 + 60 MWh (its withheld municipality counts in the Kreis); 303 buildings.
  EXPECT_DOUBLE_EQ(kreise[0].values[column(c, "heat_demand_mwh_per_a")], 3060.0);
  EXPECT_EQ(kreise[0].sums.buildings, 303u);
  EXPECT_EQ(kreise[0].sums.population, 3050);
  EXPECT_DOUBLE_EQ(kreise[0].values[column(c, "final_energy_natural_gas_mwh_per_a")], 2760.0);
}

TEST(RegionComparison, NothingInventedWithoutFinalEnergyOrCo2) {
  auto y = sample_year(2025);
  y.carriers.clear();
  y.has_co2 = false;
  for (auto& m : y.municipalities) m.final_energy_mwh_per_a.clear();
  const auto c = viz::compare_regions("a.h5", "s", {y}, 5);
  for (const auto& ind : c.indicators) {
    EXPECT_EQ(ind.key.find("final_energy"), std::string::npos) << ind.key;
    EXPECT_EQ(ind.key.find("co2"), std::string::npos) << ind.key;
  }
  EXPECT_GE(c.not_available.size(), 3u);
}

TEST(RegionComparison, DifferencesPerRegionAbsoluteAndRelative) {
  const auto a = viz::compare_regions("a.h5", "a", {sample_year(2025)}, 5);
  const auto b = viz::compare_regions("b.h5", "b", {sample_year(2025, 1.1)}, 5);
  const auto d = viz::diff_regions(a, b);
  const viz::RegionDiff* m1 = nullptr;
  const viz::RegionDiff* withheld = nullptr;
  for (const auto& r : d) {
    if (r.ags == "15001001" && r.indicator == "heat_demand_mwh_per_a") m1 = &r;
    if (r.ags == "15001003" && r.indicator == "heat_demand_mwh_per_a") withheld = &r;
  }
  ASSERT_NE(m1, nullptr);
  EXPECT_EQ(m1->level, "municipality");
  EXPECT_DOUBLE_EQ(m1->a, 1000.0);
  EXPECT_NEAR(m1->diff, 100.0, 1e-9);     // 1100 − 1000
  EXPECT_NEAR(m1->relative, 0.1, 1e-12);  // +10 %
  ASSERT_NE(withheld, nullptr);
  EXPECT_TRUE(std::isnan(withheld->diff));
  EXPECT_TRUE(std::isnan(withheld->relative));
  // Files without a common year are paired by position.
  const auto later = viz::compare_regions("b.h5", "b", {sample_year(2045, 0.5)}, 5);
  const auto d2 = viz::diff_regions(a, later);
  ASSERT_FALSE(d2.empty());
  EXPECT_EQ(d2.front().year_a, 2025);
  EXPECT_EQ(d2.front().year_b, 2045);
}

TEST(RegionComparison, CsvGermanAndEnglishNumberFormats) {
  EXPECT_EQ(viz::csv_number(1234.5678, 2, viz::Lang::de), "1234,57");
  EXPECT_EQ(viz::csv_number(1234.5678, 2, viz::Lang::en), "1234.57");
  EXPECT_EQ(viz::csv_number(-0.0001, 1, viz::Lang::de), "0,0");
  EXPECT_EQ(viz::csv_number(std::nan(""), 1, viz::Lang::de), "");
  const auto c = viz::compare_regions("a.h5", "s", {sample_year(2025)}, 5);
  const std::string de = viz::region_csv(c, false, viz::Lang::de);
  EXPECT_NE(de.find("Jahr;AGS;Name;Kreis-AGS"), std::string::npos);
  EXPECT_NE(de.find("2025;15001001;Gemeinde 15001001;15001;Kreis 15001;1000;100;0;10000;1000,0;"), std::string::npos);
  const std::string en = viz::region_csv(c, true, viz::Lang::en);
  EXPECT_NE(en.find("year,AGS,name,population,buildings,withheld,heated_floor_area_m2,heat_demand_mwh_per_a"),
            std::string::npos);
  EXPECT_NE(en.find("2025,15001,Kreis 15001,3050,303,0,40500,3060.0,"), std::string::npos);
}

TEST(RegionComparison, SharesOfBuildingsPerSupplyAreaType) {
  auto y = sample_year(2025);
  y.has_supply_areas = true;
  // 15001001: 100 buildings, 60 in heat-network cells, 30 decentralised, 10 in no classified cell.
  y.municipalities[0].supply_area_buildings = {60, 0, 30, 0};
  y.municipalities[1].supply_area_buildings = {0, 0, 200, 0};
  const auto c = viz::compare_regions("a.h5", "s", {y}, 5);
  const auto& m1 = c.years[0].municipalities.rows[0];
  EXPECT_DOUBLE_EQ(m1.values[column(c, "share_buildings_heat_network")], 0.6);
  EXPECT_DOUBLE_EQ(m1.values[column(c, "share_buildings_decentralised")], 0.3);
  EXPECT_DOUBLE_EQ(m1.values[column(c, "share_buildings_test_area")], 0.0);
  // Kreis 15001: 60 of 303 buildings in heat-network cells; the state: 60 of 314.
  EXPECT_DOUBLE_EQ(c.years[0].kreise.rows[0].values[column(c, "share_buildings_heat_network")], 60.0 / 303.0);
  EXPECT_DOUBLE_EQ(c.years[0].state_values[column(c, "share_buildings_heat_network")], 60.0 / 314.0);
  // Without supply areas the shares are not columns (and are named as not available).
  const auto none = viz::compare_regions("a.h5", "s", {sample_year(2025)}, 5);
  for (const auto& ind : none.indicators) EXPECT_EQ(ind.key.find("share_buildings"), std::string::npos);
}

TEST(RegionComparison, YearsMustAgreeOnCarriers) {
  auto y2 = sample_year(2030);
  y2.carriers.pop_back();
  EXPECT_THROW(viz::compare_regions("a.h5", "s", {sample_year(2025), y2}, 5), InputError);
}

TEST(RegionComparison, HtmlEscapesNamesAndIsSelfContained) {
  auto y = sample_year(2025);
  y.municipalities[0].name = "<b>Halle</b>";
  const auto c = viz::compare_regions("a.h5", "s", {y}, 5);
  const std::string html = viz::render_comparison_html(c, nullptr, {}, viz::Lang::de);
  EXPECT_EQ(html.find("<b>Halle"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;Halle"), std::string::npos);
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
}

TEST(RegionComparison, LcohAndInvestmentPerRegionAndCumulativeOverTheYears) {
  auto y1 = sample_year(2025);
  auto y2 = sample_year(2030);
  for (auto* y : {&y1, &y2}) {
    y->has_costs = true;
    y->has_investment = true;
    y->has_networks = true;
  }
  // 15001001: 1000 inhabitants, 100 buildings, 10,000 m²; 150,000 €/a for 1,000 MWh of useful heat.
  y1.municipalities[0].supply_cost_eur_per_a = 150000.0;
  y1.municipalities[0].supply_cost_heat_mwh_per_a = 1000.0;
  // 15001002: 300,000 €/a for 2,000 MWh; its network sells 500 MWh at 120 €/MWh.
  y1.municipalities[1].supply_cost_eur_per_a = 300000.0;
  y1.municipalities[1].supply_cost_heat_mwh_per_a = 2000.0;
  y1.municipalities[1].network_heat_sold_mwh_per_a = 500.0;
  y1.municipalities[1].network_cost_eur_per_a = 500.0 * 120.0;
  // Investment: 2025 (base year) individual systems only; 2030 a network in 15001002.
  y1.municipalities[0].investment_individual_eur = 20000.0;
  y2.municipalities[0].investment_individual_eur = 30000.0;
  y2.municipalities[1].investment_network_eur = 2.0e6;
  y2.municipalities[1].investment_individual_eur = 10000.0;
  const auto c = viz::compare_regions("a.h5", "s", {y1, y2}, 5);
  const auto& m1 = c.years[0].municipalities.rows[0];
  EXPECT_DOUBLE_EQ(m1.values[column(c, "lcoh_eur_per_mwh")], 150.0);                // 150,000 / 1,000
  EXPECT_DOUBLE_EQ(m1.values[column(c, "supply_cost_eur_per_inhabitant")], 150.0);  // 150,000 / 1,000
  EXPECT_DOUBLE_EQ(m1.values[column(c, "supply_cost_eur_per_m2")], 15.0);           // 150,000 / 10,000
  EXPECT_DOUBLE_EQ(m1.values[column(c, "supply_cost_eur_per_building")], 1500.0);   // 150,000 / 100
  EXPECT_TRUE(std::isnan(m1.values[column(c, "network_lcoh_eur_per_mwh")]));        // no network
  EXPECT_DOUBLE_EQ(c.years[0].municipalities.rows[1].values[column(c, "network_lcoh_eur_per_mwh")], 120.0);
  // Kreis 15001: (150,000 + 300,000) / (1,000 + 2,000) = 150 €/MWh.
  EXPECT_DOUBLE_EQ(c.years[0].kreise.rows[0].values[column(c, "lcoh_eur_per_mwh")], 150.0);
  EXPECT_EQ(m1.rank[column(c, "lcoh_eur_per_mwh")], 1u);  // 150 ≥ 150 (shared rank 1)
  // Investment in the period and since the first year.
  const auto& m1_2030 = c.years[1].municipalities.rows[0];
  EXPECT_DOUBLE_EQ(m1_2030.values[column(c, "investment_eur")], 30000.0);
  EXPECT_DOUBLE_EQ(m1_2030.values[column(c, "investment_eur_per_inhabitant")], 30.0);  // 30,000 / 1,000
  EXPECT_DOUBLE_EQ(m1_2030.values[column(c, "investment_eur_per_building")], 300.0);   // 30,000 / 100
  EXPECT_DOUBLE_EQ(m1_2030.values[column(c, "investment_cumulative_eur")], 50000.0);   // 20,000 + 30,000
  EXPECT_DOUBLE_EQ(m1_2030.values[column(c, "investment_cumulative_eur_per_inhabitant")], 50.0);
  const auto& m2_2030 = c.years[1].municipalities.rows[1];
  EXPECT_DOUBLE_EQ(m2_2030.values[column(c, "investment_network_eur")], 2.0e6);
  EXPECT_DOUBLE_EQ(m2_2030.values[column(c, "investment_eur_per_m2")], 2.01e6 / 30000.0);
  // The state: every municipality's network and individual investment of 2030.
  EXPECT_DOUBLE_EQ(c.years[1].state_values[column(c, "investment_eur")], 30000.0 + 2.01e6);
  EXPECT_DOUBLE_EQ(c.years[1].state_values[column(c, "investment_cumulative_eur")], 20000.0 + 30000.0 + 2.01e6);
  // Kreis 15001 in 2030: the network and both municipalities' systems.
  EXPECT_DOUBLE_EQ(c.years[1].kreise.rows[0].values[column(c, "investment_eur")], 2.04e6);
  // Files without costs or investment name what they lack.
  const auto none = viz::compare_regions("a.h5", "s", {sample_year(2025)}, 5);
  for (const auto& ind : none.indicators) {
    EXPECT_EQ(ind.key.find("lcoh"), std::string::npos) << ind.key;
    EXPECT_EQ(ind.key.find("investment"), std::string::npos) << ind.key;
  }
  bool named = false;
  for (const auto& n : none.not_available) named = named || n.find("investment per municipality") == 0;
  EXPECT_TRUE(named);
}

TEST(RegionComparison, GermanOutputsNameCarriersAndSupplyAreasInWords) {
  auto y = sample_year(2025);
  y.has_supply_areas = true;
  y.municipalities[0].supply_area_buildings = {60, 0, 30, 0};
  const auto c = viz::compare_regions("a.h5", "s", {y}, 5);
  const std::string de = viz::region_csv(c, false, viz::Lang::de) + viz::state_csv(c, viz::Lang::de) +
                         viz::render_comparison_html(c, nullptr, {}, viz::Lang::de);
  EXPECT_NE(de.find("Endenergie Erdgas [MWh/a]"), std::string::npos);
  EXPECT_NE(de.find("Endenergie Biomasse"), std::string::npos);
  EXPECT_NE(de.find("Wärmenetzgebiet"), std::string::npos);
  EXPECT_NE(de.find("Gebiet für die dezentrale Wärmeversorgung"), std::string::npos);
  // No identifier of the results file in the German tables (the JSON keeps the keys for scripts).
  for (const char* english : {"natural_gas", "electricity", "heat_network", "decentralised", "test_area", "_mwh_per_a",
                              "kwh_per_inhabitant"}) {
    EXPECT_EQ(de.find(english), std::string::npos) << english;
  }
  // English: words in the HTML, snake_case keys in the CSV.
  const std::string html_en = viz::render_comparison_html(c, nullptr, {}, viz::Lang::en);
  EXPECT_NE(html_en.find("final energy, natural gas"), std::string::npos);
  EXPECT_NE(html_en.find("share of buildings in the expected supply area: heat network area"), std::string::npos);
  EXPECT_NE(viz::region_csv(c, false, viz::Lang::en).find("final_energy_natural_gas_mwh_per_a"), std::string::npos);
}

TEST(RegionComparison, WarningsCountedPerKindYearAndMunicipality) {
  auto y1 = sample_year(2025);
  auto y2 = sample_year(2030);
  auto warning = [](int year, const char* code, const char* ags) {
    viz::ResultWarning w;
    w.year = year;
    w.code = code;
    w.severity = "design";
    w.ags = ags;
    w.object_id = std::string("densest_area_") + ags;
    return w;
  };
  y1.warnings = {warning(2025, "NETWORK_SUPPLY_T_BELOW_MIN", "15001001"),
                 warning(2025, "NETWORK_SUPPLY_T_BELOW_MIN", "15001002"),
                 warning(2025, "NETWORK_PRESSURE_GRADIENT_ABOVE_LIMIT", "15001001")};
  y2.warnings = {warning(2030, "NETWORK_SUPPLY_T_BELOW_MIN", "15001001")};
  const auto c = viz::compare_regions("a.h5", "s", {y1, y2}, 5);
  ASSERT_EQ(c.warnings.size(), 4u);
  const auto kinds = viz::warning_kinds(c);
  ASSERT_EQ(kinds.size(), 2u);
  EXPECT_EQ(kinds[0].code, "NETWORK_SUPPLY_T_BELOW_MIN");
  EXPECT_EQ(kinds[0].count, 3u);
  EXPECT_EQ(kinds[0].municipalities, 2u);
  EXPECT_EQ(kinds[0].count_by_year, (std::vector<std::pair<int, std::size_t>>{{2025, 2}, {2030, 1}}));
  EXPECT_EQ(kinds[1].count, 1u);
  const auto lines = viz::warning_summary_lines(c, viz::Lang::de);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].rfind("NETWORK_SUPPLY_T_BELOW_MIN: 3 Warnungen in 2 Gemeinden (2025: 2, 2030: 1)", 0), 0u)
      << lines[0];
  const std::string html = viz::render_comparison_html(c, nullptr, {}, viz::Lang::de);
  EXPECT_NE(html.find("Vorlauftemperatur bei Abnehmern unter dem Mindestwert"), std::string::npos);
  EXPECT_NE(viz::comparison_json(c, nullptr, {}).find("\"warning_kinds\""), std::string::npos);
}
