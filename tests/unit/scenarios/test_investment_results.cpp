// Investment per period (scenarios/investment_results.hpp): a network the run designs is built in
// the first period after the base year, an existing one counts nothing, individual systems are
// the run's own sum, refurbishment stays unknown (NaN); the group written holds the periods.
#include "scenarios/investment_results.hpp"

#include "scenarios/network_run.hpp"
#include "scenarios/network_supply.hpp"
#include "twin/h5.hpp"
#include "twin/twin.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <unistd.h>
#include <cmath>
#include <filesystem>

namespace fs = std::filesystem;
using namespace heattwin;

namespace {

scenarios::NetworkSupplyYear network() {
  scenarios::NetworkSupplyYear n;
  n.plants_investment_eur = 1.0e6;
  n.pipes_investment_eur = 2.5e6;
  n.connections_investment_eur = 0.4e6;
  return n;
}

TEST(InvestmentResults, ADesignedNetworkIsBuiltInTheFirstPeriodAnExistingOneCountsNothing) {
  const scenarios::NetworkSupplyYear n = network();
  scenarios::YearInvestmentInputs in;
  in.network = &n;
  in.individual_systems_eur = 7000.0;
  scenarios::NetworkBuiltEur built;  // what the years before built (the results writer keeps it)
  in.network_built_before = &built;
  for (const std::size_t yi : {0u, 1u, 2u}) {
    in.year_index = yi;
    const std::vector<double> eur = scenarios::period_investment_eur(in);
    scenarios::record_network_built(in, built);
    ASSERT_EQ(eur.size(), 5u);
    EXPECT_EQ(eur[0], yi == 1 ? 1.0e6 : 0.0) << yi;
    EXPECT_EQ(eur[1], yi == 1 ? 2.5e6 : 0.0) << yi;
    EXPECT_EQ(eur[2], yi == 1 ? 0.4e6 : 0.0) << yi;
    EXPECT_EQ(eur[3], 7000.0);
    EXPECT_TRUE(std::isnan(eur[4]));  // no refurbishment costs in the catalogue
  }
  // A network that grows (connection over time): a later period holds what was added.
  scenarios::NetworkSupplyYear grown = n;
  grown.pipes_investment_eur = 3.0e6;
  grown.connections_investment_eur = 0.5e6;
  in.network = &grown;
  in.year_index = 3;
  const std::vector<double> added = scenarios::period_investment_eur(in);
  EXPECT_EQ(added[0], 0.0);
  EXPECT_DOUBLE_EQ(added[1], 0.5e6);
  EXPECT_DOUBLE_EQ(added[2], 0.1e6);
  in.network = &n;
  in.network_built_before = nullptr;
  in.year_index = 1;
  in.network_existing = true;
  EXPECT_EQ(scenarios::period_investment_eur(in)[1], 0.0);
  in.network = nullptr;
  in.network_existing = false;
  EXPECT_EQ(scenarios::period_investment_eur(in)[0], 0.0);
}

TEST(InvestmentResults, TheGroupNamesItsPeriodMeasuresAndBuildings) {
  const fs::path path = fs::temp_directory_path() / fmt::format("heattwin-investment-{}.h5", ::getpid());
  const scenarios::NetworkSupplyYear n = network();
  const std::vector<double> by_building{0.0, 5000.0, 2000.0};
  {
    auto file = h5::File::create(path.string());
    const h5::Group year = file.root().create_group("2030");
    year.create_group("buildings");
    scenarios::YearInvestmentInputs in;
    in.year_index = 1;
    in.year = 2030;
    in.previous_year = 2025;
    in.network = &n;
    in.individual_systems_eur = 7000.0;
    in.individual_eur_by_building = by_building;
    in.refurbished_cumulative = 40;
    in.refurbished_cumulative_previous = 15;
    scenarios::write_period_investment(year, in);
    file.commit();
  }
  const auto file = h5::File::open_read(path.string());
  const h5::Group g = file.root().open_group("2030").open_group("investment");
  EXPECT_EQ(g.read_strings("measure"),
            (std::vector<std::string>{"heat_network_plants", "heat_network_pipes", "heat_network_connections",
                                      "individual_systems", "refurbishment"}));
  const auto eur = g.read<double>("eur");
  ASSERT_EQ(eur.size(), 5u);
  EXPECT_EQ(eur[1], 2.5e6);
  EXPECT_EQ(g.dataset_string_attribute("eur", "unit"), "EUR");
  EXPECT_EQ(g.int_attribute("period_from"), std::vector<std::int64_t>{2025});
  EXPECT_EQ(g.int_attribute("period_to"), std::vector<std::int64_t>{2030});
  EXPECT_EQ(g.int_attribute("buildings_refurbished"), std::vector<std::int64_t>{25});
  EXPECT_EQ(file.root().open_group("2030").open_group("buildings").read<double>("investment_eur"), by_building);
  fs::remove(path);
}

/// Three municipalities; buildings 0–1 in the first, 2 in the second, 3 in none.
twin::Twin three_municipalities() {
  twin::Twin t;
  t.regions.add_municipality("15001001", "A");
  t.regions.add_municipality("15001002", "B");
  t.regions.add_municipality("15002001", "C");
  for (const char* id : {"b0", "b1", "b2", "b3"}) t.buildings.id.push_back(id);
  t.buildings.municipality = {0, 0, 1, NO_INDEX};
  return t;
}

TEST(InvestmentResults, PerMunicipalityIndividualSystemsByBuildingAndTheNetworkByConnectedLoad) {
  const twin::Twin t = three_municipalities();
  const scenarios::NetworkSupplyYear n = network();
  scenarios::NetworkRun run;
  // Consumers: 300 kW in A (two buildings), 100 kW in B: A carries 3/4, B 1/4 of the network.
  run.consumer_building = {0, 1, 2};
  run.consumer_design_heat_kw = {200.0, 100.0, 100.0};
  // Regions table rows: B, A, outside (the writer's order), C has no computed building.
  const std::vector<std::string> ags{"15001002", "15001001", ""};
  const std::vector<std::uint32_t> twin_index{3, 2, 1, 0};  // results rows → twin buildings
  const std::vector<double> by_building{50.0, 300.0, 0.0, 4000.0};
  scenarios::YearInvestmentInputs in;
  in.year_index = 1;
  in.network = &n;
  in.network_run = &run;
  in.individual_eur_by_building = by_building;
  in.twin = &t;
  in.region_ags = ags;
  in.building_twin_index = twin_index;
  const std::vector<double> eur = scenarios::period_investment_by_municipality_eur(in);
  ASSERT_EQ(eur.size(), 3u * 5u);
  // B (row 0): building 2 (300 €); a quarter of the network.
  EXPECT_DOUBLE_EQ(eur[0 * 5 + 0], 0.25e6);
  EXPECT_DOUBLE_EQ(eur[0 * 5 + 1], 0.625e6);
  EXPECT_DOUBLE_EQ(eur[0 * 5 + 2], 0.1e6);
  EXPECT_DOUBLE_EQ(eur[0 * 5 + 3], 300.0);
  // A (row 1): buildings 1 and 0 (0 + 4000 €); three quarters of the network.
  EXPECT_DOUBLE_EQ(eur[1 * 5 + 1], 1.875e6);
  EXPECT_DOUBLE_EQ(eur[1 * 5 + 3], 4000.0);
  // Outside (row 2): building 3 (50 €), no consumer.
  EXPECT_DOUBLE_EQ(eur[2 * 5 + 0], 0.0);
  EXPECT_DOUBLE_EQ(eur[2 * 5 + 3], 50.0);
  for (std::size_t r = 0; r < 3; ++r) EXPECT_TRUE(std::isnan(eur[r * 5 + 4])) << r;
  // The rows add up to the run's totals (the network whole).
  in.individual_systems_eur = 4350.0;
  const std::vector<double> total = scenarios::period_investment_eur(in);
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_NEAR(eur[k] + eur[5 + k] + eur[10 + k], total[k], 1e-6 * std::max(1.0, total[k])) << k;
  }
  // Other periods: no network investment (nothing added since), the individual systems stay.
  scenarios::NetworkBuiltEur built;
  scenarios::record_network_built(in, built);
  in.network_built_before = &built;
  in.year_index = 2;
  const std::vector<double> later = scenarios::period_investment_by_municipality_eur(in);
  EXPECT_EQ(later[1 * 5 + 1], 0.0);
  EXPECT_EQ(later[1 * 5 + 3], 4000.0);
}

TEST(InvestmentResults, TheGroupHoldsTheBreakdownByMunicipality) {
  const fs::path path = fs::temp_directory_path() / fmt::format("heattwin-investment-m-{}.h5", ::getpid());
  const twin::Twin t = three_municipalities();
  const std::vector<std::string> ags{"15001001", "15001002"};
  const std::vector<std::uint32_t> twin_index{0, 2};
  const std::vector<double> by_building{100.0, 200.0};
  {
    auto file = h5::File::create(path.string());
    const h5::Group year = file.root().create_group("2030");
    scenarios::YearInvestmentInputs in;
    in.year_index = 1;
    in.individual_systems_eur = 300.0;
    in.individual_eur_by_building = by_building;
    in.twin = &t;
    in.region_ags = ags;
    in.building_twin_index = twin_index;
    scenarios::write_period_investment(year, in);
    file.commit();
  }
  const auto file = h5::File::open_read(path.string());
  const h5::Group g = file.root().open_group("2030").open_group("investment").open_group("by_municipality");
  EXPECT_EQ(g.read_strings("ags"), ags);
  EXPECT_EQ(g.read_strings("measure").size(), 5u);
  EXPECT_EQ(g.shape("eur"), (std::vector<std::size_t>{2, 5}));
  const auto eur = g.read_flat_doubles("eur");
  ASSERT_EQ(eur.size(), 10u);
  EXPECT_EQ(eur[3], 100.0);
  EXPECT_EQ(eur[5 + 3], 200.0);
  EXPECT_EQ(g.dataset_string_attribute("eur", "unit"), "EUR");
  fs::remove(path);
}

}  // namespace
