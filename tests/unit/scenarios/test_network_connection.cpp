/// Connection over time (issue 21 §2; scenarios/network_connection.hpp): the [network] keys and
/// their errors, the share of each year, and a three-year heat plan on a generated town whose
/// network connects 30 %, 60 % and 100 % of its consumers: the connected share and the energy
/// balance of every year, consumers that stay connected, investment that follows the build-out,
/// and a final year equal to the same plan with everyone connected at once.
#include "scenarios/demand_run.hpp"
#include "scenarios/network_connection.hpp"
#include "scenarios/network_toml.hpp"
#include "tests/unit/expect_input_error.hpp"
#include "twin/h5.hpp"
#include "twin/synthetic_state.hpp"
#include "twin/twin_store.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

namespace {

namespace sc = heattwin::scenarios;
namespace tw = heattwin::twin;
namespace h5 = heattwin::h5;
namespace fs = std::filesystem;
using heattwin::test::expect_input_error;

const std::string DATA = HEATTWIN_SOURCE_DATA_DIR;

sc::NetworkScenario parse(const std::string& text) {
  const toml::table doc = toml::parse(text, std::string_view("s.toml"));
  return sc::detail::parse_network_scenario("s.toml", *doc["network"].as_table());
}

const std::string HEAD = "[network]\ndesign = \"densest-area\"\n";

}  // namespace

TEST(NetworkConnectionScenario, DefaultIsEveryoneFromTheBaseYear) {
  const sc::NetworkScenario s = parse(HEAD);
  EXPECT_FALSE(s.connection.gradual());
  EXPECT_DOUBLE_EQ(s.connection.share_in_year(2025, 2025), 1.0);
  EXPECT_DOUBLE_EQ(s.connection.share_in_year(2045, 2025), 1.0);
  EXPECT_EQ(s.connection.describe(), "all at once");
}

TEST(NetworkConnectionScenario, PathIsLinearBetweenItsYearsAndConstantOutside) {
  const sc::NetworkScenario s = parse(HEAD + "connection_share = { 2025 = 0.2, 2035 = 0.6, 2045 = 1.0 }\n");
  ASSERT_TRUE(s.connection.gradual());
  EXPECT_DOUBLE_EQ(s.connection.share_in_year(2020, 2020), 0.2);
  EXPECT_DOUBLE_EQ(s.connection.share_in_year(2025, 2025), 0.2);
  EXPECT_NEAR(s.connection.share_in_year(2030, 2025), 0.4, 1e-15);
  EXPECT_DOUBLE_EQ(s.connection.share_in_year(2035, 2025), 0.6);
  EXPECT_NEAR(s.connection.share_in_year(2040, 2025), 0.8, 1e-15);
  EXPECT_DOUBLE_EQ(s.connection.share_in_year(2050, 2025), 1.0);
  EXPECT_EQ(s.connection.describe(), "20 % in 2025 … 60 % in 2035 … 100 % in 2045");
  const sc::NetworkScenario one = parse(HEAD + "connection_share = 0.5\n");
  EXPECT_DOUBLE_EQ(one.connection.share_in_year(2040, 2025), 0.5);
}

TEST(NetworkConnectionScenario, RateGrowsFromTheBaseYearUpToTheCap) {
  const sc::NetworkScenario s = parse(HEAD + "connection_rate_per_a = 0.1\nconnection_cap = 0.75\n");
  ASSERT_TRUE(s.connection.gradual());
  EXPECT_DOUBLE_EQ(s.connection.share_in_year(2025, 2025), 0.1);  // the base year is the first year of operation
  EXPECT_NEAR(s.connection.share_in_year(2030, 2025), 0.6, 1e-15);
  EXPECT_DOUBLE_EQ(s.connection.share_in_year(2035, 2025), 0.75);
  EXPECT_EQ(s.connection.describe(), "10 %/a up to 75 %");
}

TEST(NetworkConnectionScenario, ErrorsNameKeyAndLine) {
  expect_input_error([&] { parse(HEAD + "connection_share = 0\n"); }, {"s.toml:3", "connection_share", "(0, 1]"});
  expect_input_error([&] { parse(HEAD + "connection_share = 1.5\n"); }, {"s.toml:3", "connection_share"});
  expect_input_error([&] { parse(HEAD + "connection_share = { 2025 = 0.5, 2030 = 0.4 }\n"); },
                     {"s.toml:3", "falls from 0.5 in 2025 to 0.4 in 2030"});
  expect_input_error([&] { parse(HEAD + "connection_share = { soon = 0.5 }\n"); }, {"s.toml:3", "'soon'", "year"});
  expect_input_error([&] { parse(HEAD + "connection_share = 0.5\nconnection_rate_per_a = 0.1\n"); },
                     {"s.toml:4", "not both"});
  expect_input_error([&] { parse(HEAD + "connection_cap = 0.5\n"); },
                     {"s.toml:3", "connection_cap applies with connection_rate_per_a"});
  expect_input_error([&] { parse(HEAD + "connection_rate_per_a = 2\n"); },
                     {"s.toml:3", "'connection_rate_per_a'", "between"});
  expect_input_error([&] { parse(HEAD + "connection_share = 0.5\nsimulate_every_year = false\n"); },
                     {"s.toml", "simulate_every_year = true"});
  // Networks per municipality connect over time as well.
  EXPECT_TRUE(parse("[network]\ndesign = \"per-municipality\"\nconnection_share = 0.5\n").connection.gradual());
}

TEST(NetworkPlugFlowScenario, ThermalDynamicsKeyChoosesTheModel) {
  EXPECT_FALSE(parse(HEAD).operation.plug_flow);
  EXPECT_FALSE(parse(HEAD + "thermal_dynamics = \"quasi-static\"\n").operation.plug_flow);
  EXPECT_TRUE(parse(HEAD + "thermal_dynamics = \"plug-flow\"\n").operation.plug_flow);
  expect_input_error([&] { parse(HEAD + "thermal_dynamics = \"node\"\n"); },
                     {"s.toml:3", "thermal_dynamics", "plug-flow"});
}

namespace {

/// A generated town of one municipality; a three-year heat plan with a designed network.
class NetworkConnectionRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / fmt::format("heattwin_network_connection_{}", ::getpid());
    fs::create_directories(dir_);
    std::ofstream(dir_ / "gemeinden.csv") << "ags,name,kreis_ags,kreis_name,population,area_km2\n"
                                             "15003000,Magdeburg,15003,Magdeburg,235775,201.03\n";
    tw::SyntheticStateOptions o;
    o.seed = 5;
    o.building_count = 500;
    o.municipality_table = (dir_ / "gemeinden.csv").string();
    o.boundaries = "none";
    tw::save_twin(tw::generate_synthetic_state(o), (dir_ / "twin.h5").string());
    all_at_once_ = run("once", "");
    gradual_ = run("gradual", "connection_share = { 2025 = 0.3, 2030 = 0.6, 2035 = 1.0 }\n");
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  struct Run {
    std::string results;
    sc::DemandSummary summary;
  };

  static Run run(const std::string& tag, const std::string& connection, const std::string& years = "2025, 2030, 2035",
                 const std::string& design = "densest-area") {
    const fs::path twin = dir_ / fmt::format("twin_{}.h5", tag);
    fs::copy_file(dir_ / "twin.h5", twin, fs::copy_options::overwrite_existing);
    const fs::path out = dir_ / fmt::format("results_{}.h5", tag);
    const fs::path plan = dir_ / fmt::format("plan_{}.toml", tag);
    std::ofstream(plan) << fmt::format(
        "[run]\nname = \"plan\"\nyears = [{}]\ntwin = \"{}\"\nweather = \"{}\"\nout = \"{}\"\n"
        "method = \"hourly\"\n"
        "[outputs]\nhourly_grid = false\n"
        // The standard demand: the expected consumption of a year follows each building's supply
        // system of the year before (docs/DEMAND.md), so buildings that connect later would draw
        // a little differently in the final year; the standard demand keeps the comparison to the
        // network alone.
        "[demand]\nbasis = \"standard_demand\"\n"
        "[network]\ndesign = \"{}\"\nradius_m = 120.0\nmax_buildings = 30\n"
        "design_load = \"coincident\"\n{}{}",
        years, twin.string(), DATA + "/weather/TRY2010_04_Jahr.dat", out.string(), design,
        design == "per-municipality" ? "min_densest_cell_mwh_per_ha = 100.0\n" : "", connection);
    Run r;
    r.summary = sc::run_demand_scenario(sc::load_demand_scenario(plan.string(), DATA));
    r.results = out.string();
    return r;
  }

  static h5::Group network_of(const h5::File& file, int year) {
    return file.root().open_group("results").open_group("plan").open_group(std::to_string(year)).open_group("network");
  }

  static inline fs::path dir_;
  static inline Run all_at_once_, gradual_;
};

}  // namespace

TEST_F(NetworkConnectionRun, EachYearConnectsItsShareAndClosesItsEnergyBalance) {
  const auto& years = gradual_.summary.years;
  ASSERT_EQ(years.size(), 3u);
  const std::size_t designed = years.back().network->consumers_designed;
  ASSERT_GE(designed, 10u);
  const double shares[] = {0.3, 0.6, 1.0};
  for (std::size_t k = 0; k < 3; ++k) {
    ASSERT_TRUE(years[k].network.has_value());
    const auto& n = *years[k].network;
    ASSERT_TRUE(n.has_run);
    EXPECT_EQ(n.consumers_designed, designed);
    EXPECT_EQ(n.consumers, static_cast<std::size_t>(std::lround(shares[k] * static_cast<double>(designed))))
        << years[k].year;
    EXPECT_NEAR(n.connected_share, static_cast<double>(n.consumers) / static_cast<double>(designed), 1e-15);
    // Plant heat = delivered + losses, every year (the dispatch's load is the network's plant heat).
    EXPECT_NEAR(n.plant_heat_mwh, n.delivered_mwh + n.heat_loss_mwh, 1e-6 * n.plant_heat_mwh) << years[k].year;
    // The buildings supplied by the network in the target years are its connected consumers.
    if (k > 0) {
      EXPECT_EQ(years[k].network_supplied_buildings, n.consumers) << years[k].year;
      const auto& before = *years[k - 1].network;
      EXPECT_GT(n.consumers, before.consumers);
      EXPECT_GE(n.route_length_m, before.route_length_m);
      EXPECT_GT(n.investment_in_period_eur, 0.0);  // pipes and connections of the newcomers
      EXPECT_NEAR(n.investment_eur, before.investment_eur + n.investment_in_period_eur, 1e-6 * n.investment_eur);
    }
  }
  EXPECT_DOUBLE_EQ(years[0].network->investment_in_period_eur, years[0].network->investment_eur);
  // Consumers once connected stay connected; the pipes of a year are the earlier ones and more.
  const h5::File file = h5::File::open_read(gradual_.results);
  std::vector<std::set<std::string>> consumers, pipes;
  for (const int year : {2025, 2030, 2035}) {
    const h5::Group g = network_of(file, year);
    const auto c = g.open_group("consumers").read_strings("id");
    const auto p = g.open_group("pipes").read_strings("id");
    consumers.emplace_back(c.begin(), c.end());
    pipes.emplace_back(p.begin(), p.end());
  }
  for (std::size_t k = 1; k < 3; ++k) {
    EXPECT_TRUE(
        std::includes(consumers[k].begin(), consumers[k].end(), consumers[k - 1].begin(), consumers[k - 1].end()));
    EXPECT_TRUE(std::includes(pipes[k].begin(), pipes[k].end(), pipes[k - 1].begin(), pipes[k - 1].end()));
  }
}

TEST_F(NetworkConnectionRun, FinalYearEqualsEveryoneConnectedAtOnce) {
  const auto& once = all_at_once_.summary;
  const auto& gradual = gradual_.summary;
  // The design is the same (all consumers, sized for the final load) and so is the plants' size.
  ASSERT_TRUE(once.network.has_value() && gradual.network.has_value());
  EXPECT_EQ(gradual.network->consumers_designed, once.network->consumers);
  const auto& a = *once.years.back().network;
  const auto& b = *gradual.years.back().network;
  EXPECT_EQ(b.consumers, a.consumers);
  EXPECT_EQ(b.pipes, a.pipes);
  EXPECT_DOUBLE_EQ(b.connected_share, 1.0);
  EXPECT_EQ(b.plant_heat_mwh, a.plant_heat_mwh);
  EXPECT_EQ(b.delivered_mwh, a.delivered_mwh);
  EXPECT_EQ(b.heat_loss_mwh, a.heat_loss_mwh);
  EXPECT_EQ(b.lcoh_eur_per_mwh, a.lcoh_eur_per_mwh);
  EXPECT_EQ(b.co2_t, a.co2_t);
  EXPECT_EQ(b.investment_eur, a.investment_eur);
  EXPECT_EQ(b.pump_head_bar, a.pump_head_bar);
  EXPECT_EQ(gradual.years.back().network_supplied_buildings, once.years.back().network_supplied_buildings);
  // The earlier years differ: fewer consumers, less heat sold, a higher cost per MWh.
  const auto& a0 = *once.years.front().network;
  const auto& b0 = *gradual.years.front().network;
  EXPECT_LT(b0.heat_sold_mwh, a0.heat_sold_mwh);
  EXPECT_LT(b0.heat_loss_mwh, a0.heat_loss_mwh);
  EXPECT_GT(b0.lcoh_eur_per_mwh, a0.lcoh_eur_per_mwh);
}

TEST_F(NetworkConnectionRun, PumpSizingIsWrittenPerNetwork) {
  const h5::File file = h5::File::open_read(all_at_once_.results);
  const h5::Group g = network_of(file, 2025).open_group("networks");
  const auto head = g.read<double>("pump_head_bar");
  const auto drop = g.read<double>("critical_path_pressure_drop_bar");
  const auto power = g.read<double>("design_pump_power_kw");
  ASSERT_EQ(head.size(), 1u);
  EXPECT_NEAR(head[0], drop[0] + 0.8, 1e-12);
  EXPECT_GT(drop[0], 0.0);
  EXPECT_GT(power[0], 0.0);
  const auto& n = *all_at_once_.summary.network;
  EXPECT_DOUBLE_EQ(n.pump_head_bar, head[0]);
  EXPECT_GT(n.pump_head_m, 8.0 * head[0]);  // ≈ 10.5 m per bar at 80 °C
}

TEST_F(NetworkConnectionRun, NetworksPerMunicipalityConnectOverTimeToo) {
  const Run r = run("municipal", "connection_share = { 2025 = 0.5, 2030 = 1.0 }\n", "2025, 2030", "per-municipality");
  const auto& years = r.summary.years;
  ASSERT_EQ(years.size(), 2u);
  ASSERT_TRUE(years[0].network.has_value() && years[1].network.has_value());
  const auto& first = *years[0].network;
  const auto& last = *years[1].network;
  ASSERT_TRUE(first.has_run && last.has_run);
  ASSERT_GE(last.consumers_designed, 2u);
  EXPECT_EQ(first.consumers_designed, last.consumers_designed);
  EXPECT_LT(first.consumers, last.consumers);
  EXPECT_EQ(last.consumers, last.consumers_designed);
  EXPECT_NEAR(first.connected_share, 0.5, 0.5 / static_cast<double>(first.consumers_designed) + 1e-12);
  EXPECT_LT(first.investment_eur, last.investment_eur);
  EXPECT_EQ(years[1].network_supplied_buildings, last.consumers);
}

TEST_F(NetworkConnectionRun, InvestmentTableFollowsTheBuildOut) {
  // /…/<year>/investment/eur: the network measures (plants, pipes, house connections) of each
  // period are what the build-out added since the previous target year; over the plan they add
  // up to the network built at once, and the first period holds only the part connected by then.
  const auto network_eur = [](const std::string& results, int year) {
    const h5::File file = h5::File::open_read(results);
    const auto eur = file.root()
                         .open_group("results")
                         .open_group("plan")
                         .open_group(std::to_string(year))
                         .open_group("investment")
                         .read<double>("eur");
    return eur.at(0) + eur.at(1) + eur.at(2);
  };
  EXPECT_EQ(network_eur(gradual_.results, 2025), 0.0);  // the base year builds nothing
  const double once = network_eur(all_at_once_.results, 2030) + network_eur(all_at_once_.results, 2035);
  const double first = network_eur(gradual_.results, 2030);
  const double later = network_eur(gradual_.results, 2035);
  EXPECT_GT(once, 0.0);
  EXPECT_GT(later, 0.0);  // the pipes and connections of the consumers connecting after 2030
  EXPECT_LT(first, once);
  EXPECT_NEAR(first + later, once, 1e-9 * once);
  EXPECT_NEAR(first + later, gradual_.summary.years.back().network->investment_eur, 1e-9 * once);
}
