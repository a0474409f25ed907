// Investment per period (scenarios/investment_results.hpp): a network the run designs is built in
// the first period after the base year, an existing one counts nothing, individual systems are
// the run's own sum, refurbishment stays unknown (NaN); the group written holds the periods.
#include "scenarios/investment_results.hpp"

#include "scenarios/network_supply.hpp"
#include "twin/h5.hpp"

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
  for (const std::size_t yi : {0u, 1u, 2u}) {
    in.year_index = yi;
    const std::vector<double> eur = scenarios::period_investment_eur(in);
    ASSERT_EQ(eur.size(), 5u);
    EXPECT_EQ(eur[0], yi == 1 ? 1.0e6 : 0.0) << yi;
    EXPECT_EQ(eur[1], yi == 1 ? 2.5e6 : 0.0) << yi;
    EXPECT_EQ(eur[2], yi == 1 ? 0.4e6 : 0.0) << yi;
    EXPECT_EQ(eur[3], 7000.0);
    EXPECT_TRUE(std::isnan(eur[4]));  // no refurbishment costs in the catalogue
  }
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

}  // namespace
