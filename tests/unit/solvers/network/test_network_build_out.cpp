/// Connection over time and pump sizing (issue 21 §2; solvers/network/network_build_out.hpp,
/// pump_sizing.hpp): the connection order, the built part of a tree and of a loop, a year of the
/// built part with its energy balance, and the pump of a series.

#include "solvers/network/district_heating.hpp"
#include "solvers/network/network_build_out.hpp"
#include "solvers/network/pump_sizing.hpp"
#include "twin/error.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace net = heattwin::solvers::network;

namespace {

constexpr double NAN_KW = std::numeric_limits<double>::quiet_NaN();

/// plant → a (100 m) → b (200 m) → c (50 m), and a → d (400 m); consumers at b, c, d and a.
net::TwinNetworkModel feeder() {
  net::TwinNetworkModel m;
  net::PipeNetwork& n = m.supply;
  n.fluid = net::FluidProperties::constant("water", 977.8, 0.404e-3, 4190.0);
  for (const char* id : {"plant", "a", "b", "c", "d"}) n.add_junction(id, 0.0, 353.15);
  n.add_pipe("p-a", 0, 1, 100.0, 0.0703, 1e-4, 0.0, 1.2, 283.15);
  n.add_pipe("a-b", 1, 2, 200.0, 0.0545, 1e-4, 0.0, 1.0, 283.15);
  n.add_pipe("b-c", 2, 3, 50.0, 0.0372, 1e-4, 0.0, 1.0, 283.15);
  n.add_pipe("a-d", 1, 4, 400.0, 0.0372, 1e-4, 0.0, 1.0, 283.15);
  n.fixed_pressure_bar[0] = 6.0;
  n.fixed_t_k[0] = 353.15;
  m.consumers = {
      {"B", 2, 323.15, 333.15}, {"C", 3, 323.15, 333.15}, {"D", 4, 323.15, 333.15}, {"A", 1, 323.15, 333.15}};
  m.junction_twin_index = {10, 11, 12, 13, 14};
  m.pipe_twin_index = {20, 21, 22, 23};
  m.consumer_twin_index = {30, 31, 32, 33};
  m.consumer_building = {40, 41, 42, 43};
  m.t_supply_c = 80.0;
  return m;
}

}  // namespace

TEST(NetworkBuildOut, PathLengthsFromThePlant) {
  const net::TwinNetworkModel m = feeder();
  const std::vector<double> d = net::path_length_from_plant_m(m.supply);
  ASSERT_EQ(d.size(), 5u);
  EXPECT_DOUBLE_EQ(d[0], 0.0);
  EXPECT_DOUBLE_EQ(d[1], 100.0);
  EXPECT_DOUBLE_EQ(d[2], 300.0);
  EXPECT_DOUBLE_EQ(d[3], 350.0);
  EXPECT_DOUBLE_EQ(d[4], 500.0);
}

TEST(NetworkBuildOut, OrderIsDesignHeatPerMetreOfPathThenUnknownsByDistance) {
  const net::TwinNetworkModel m = feeder();
  // B 60 kW / 300 m = 0.2; C 35 / 350 = 0.1; D 100 / 500 = 0.2 (tie with B: B is nearer); A 10 / 100 = 0.1
  // (tie with C: A is nearer).
  EXPECT_EQ(net::connection_order(m, std::vector<double>{60.0, 35.0, 100.0, 10.0}),
            (std::vector<std::size_t>{0, 2, 3, 1}));
  // Unknown design heat (imported networks) after the known ones, nearest first.
  EXPECT_EQ(net::connection_order(m, std::vector<double>{NAN_KW, 35.0, NAN_KW, NAN_KW}),
            (std::vector<std::size_t>{1, 3, 0, 2}));
}

TEST(NetworkBuildOut, ConnectedCountRoundsAndKeepsOne) {
  EXPECT_EQ(net::connected_count(0.0, 10), 0u);
  EXPECT_EQ(net::connected_count(0.01, 10), 1u);
  EXPECT_EQ(net::connected_count(0.25, 10), 3u);  // 2.5 rounds away from zero
  EXPECT_EQ(net::connected_count(0.5, 3), 2u);
  EXPECT_EQ(net::connected_count(1.0, 10), 10u);
  EXPECT_EQ(net::connected_count(1.5, 10), 10u);
}

TEST(NetworkBuildOut, ConnectedPartKeepsThePipesUpstreamOfTheConnected) {
  const net::TwinNetworkModel m = feeder();
  // C alone: plant, a, b, c and the three pipes to it; not a-d, not d, and not the consumers B, A
  // (whose junctions are built but who are not connected).
  const net::TwinNetworkModel c = net::connected_part(m, std::vector<std::uint8_t>{0, 1, 0, 0});
  EXPECT_EQ(c.supply.junction_id, (std::vector<std::string>{"plant", "a", "b", "c"}));
  EXPECT_EQ(c.supply.branch_id, (std::vector<std::string>{"p-a", "a-b", "b-c"}));
  EXPECT_EQ(c.junction_twin_index, (std::vector<std::uint32_t>{10, 11, 12, 13}));
  EXPECT_EQ(c.pipe_twin_index, (std::vector<std::uint32_t>{20, 21, 22}));
  ASSERT_EQ(c.consumers.size(), 1u);
  EXPECT_EQ(c.consumers[0].id, "C");
  EXPECT_EQ(c.consumers[0].junction, 3u);
  EXPECT_EQ(c.consumer_twin_index, (std::vector<std::uint32_t>{31}));
  EXPECT_EQ(c.consumer_building, (std::vector<std::uint32_t>{41}));
  EXPECT_EQ(c.supply.from_junction, (std::vector<std::uint32_t>{0, 1, 2}));
  EXPECT_EQ(c.supply.to_junction, (std::vector<std::uint32_t>{1, 2, 3}));
  EXPECT_DOUBLE_EQ(c.supply.fixed_pressure_bar[0], 6.0);
  EXPECT_TRUE(std::isnan(c.supply.fixed_pressure_bar[3]));
  net::check_network(c.supply);
  // D and A: plant, a, d and p-a, a-d.
  const net::TwinNetworkModel d = net::connected_part(m, std::vector<std::uint8_t>{0, 0, 1, 1});
  EXPECT_EQ(d.supply.junction_id, (std::vector<std::string>{"plant", "a", "d"}));
  EXPECT_EQ(d.supply.branch_id, (std::vector<std::string>{"p-a", "a-d"}));
  EXPECT_EQ(d.consumer_building, (std::vector<std::uint32_t>{42, 43}));
  // Everyone: the whole network in its order.
  const net::TwinNetworkModel all = net::connected_part(m, std::vector<std::uint8_t>{1, 1, 1, 1});
  EXPECT_EQ(all.supply.junction_id, m.supply.junction_id);
  EXPECT_EQ(all.supply.branch_id, m.supply.branch_id);
  EXPECT_THROW(net::connected_part(m, std::vector<std::uint8_t>{0, 0, 0, 0}), heattwin::InputError);
  EXPECT_THROW(net::connected_part(m, std::vector<std::uint8_t>{1, 1}), heattwin::InputError);
}

TEST(NetworkBuildOut, LoopBuildsTheShortestPathsOnly) {
  // plant → x (100 m) → y (100 m), plant → y (150 m): y is reached directly, x by its own pipe.
  net::TwinNetworkModel m;
  net::PipeNetwork& n = m.supply;
  for (const char* id : {"plant", "x", "y"}) n.add_junction(id, 0.0, 353.15);
  n.add_pipe("p-x", 0, 1, 100.0, 0.05, 1e-4);
  n.add_pipe("x-y", 1, 2, 100.0, 0.05, 1e-4);
  n.add_pipe("p-y", 0, 2, 150.0, 0.05, 1e-4);
  n.fixed_pressure_bar[0] = 6.0;
  m.consumers = {{"X", 1}, {"Y", 2}};
  m.junction_twin_index = {0, 1, 2};
  m.pipe_twin_index = {0, 1, 2};
  m.consumer_twin_index = {0, 1};
  m.consumer_building = {0, 1};
  const net::TwinNetworkModel y = net::connected_part(m, std::vector<std::uint8_t>{0, 1});
  EXPECT_EQ(y.supply.branch_id, (std::vector<std::string>{"p-y"}));
  const net::TwinNetworkModel both = net::connected_part(m, std::vector<std::uint8_t>{1, 1});
  EXPECT_EQ(both.supply.branch_id, (std::vector<std::string>{"p-x", "p-y"}));  // the loop x-y waits
}

TEST(NetworkBuildOut, YearOfTheBuiltPartClosesItsEnergyBalance) {
  const net::TwinNetworkModel m = feeder();
  const net::TwinNetworkModel part = net::connected_part(m, std::vector<std::uint8_t>{1, 0, 0, 1});
  const auto demand = [](std::size_t hour, std::span<double> q) {
    for (std::size_t c = 0; c < q.size(); ++c) q[c] = hour % 2 == 0 ? 40.0 + 10.0 * static_cast<double>(c) : 5.0;
  };
  net::DhSeriesOptions o;
  const std::vector<double> ground{283.15};
  const net::DhSeriesResult part_year =
      net::simulate_district_heating(part.supply, part.consumers, 48, demand, ground, o);
  const net::DhSeriesResult full_year = net::simulate_district_heating(m.supply, m.consumers, 48, demand, ground, o);
  EXPECT_EQ(part_year.unconverged_hours, 0u);
  EXPECT_NEAR(part_year.energy_balance_error_kwh, 0.0, 1e-9 * part_year.plant_heat_mwh * 1000.0);
  EXPECT_NEAR(part_year.plant_heat_mwh, part_year.delivered_mwh + part_year.heat_loss_mwh, 1e-9);
  // Fewer consumers and shorter pipes: less heat delivered and lost than by the whole network.
  EXPECT_LT(part_year.delivered_mwh, full_year.delivered_mwh);
  EXPECT_LT(part_year.heat_loss_mwh, full_year.heat_loss_mwh);
  EXPECT_EQ(part_year.annual_heat_loss_kwh.size(), 2u);  // p-a, a-b
}

TEST(PumpSizing, HeadAndPowerAtTheHourOfThePeakPlantHeat) {
  net::DhSeriesResult r;
  r.plant_heat_kw = {100.0, 300.0, 300.0, 50.0};
  r.plant_dp_bar = {1.0, 1.5, 1.6, 2.0};
  r.pump_power_kw = {0.5, 2.0, 2.1, 3.0};
  const net::PumpSizing p = net::pump_sizing(r, 0.8, 1000.0);
  EXPECT_EQ(p.design_hour, 1u);  // the first of the equal peaks
  EXPECT_DOUBLE_EQ(p.design_head_bar, 1.5);
  EXPECT_NEAR(p.critical_path_drop_bar, 0.7, 1e-15);
  EXPECT_NEAR(p.design_head_m, 1.5e5 / (1000.0 * 9.80665), 1e-12);
  EXPECT_DOUBLE_EQ(p.design_power_kw, 2.0);
  EXPECT_DOUBLE_EQ(p.max_head_bar, 2.0);
  EXPECT_DOUBLE_EQ(p.max_power_kw, 3.0);
  const net::PumpSizing none = net::pump_sizing(net::DhSeriesResult{}, 0.8, 1000.0);
  EXPECT_EQ(none.design_power_kw, 0.0);
}

TEST(PumpSizing, FromASimulatedSeriesEqualsTheWorstConsumersDropTwicePlusItsMinimum) {
  const net::TwinNetworkModel m = feeder();
  const auto demand = [](std::size_t hour, std::span<double> q) {
    for (std::size_t c = 0; c < q.size(); ++c) q[c] = hour == 2 ? 80.0 : 20.0;
  };
  net::DhSeriesOptions o;
  const std::vector<double> ground{283.15};
  const net::DhSeriesResult r = net::simulate_district_heating(m.supply, m.consumers, 4, demand, ground, o);
  const net::PumpSizing p = net::pump_sizing(r, o.min_consumer_dp_bar, 971.8);
  EXPECT_EQ(p.design_hour, 2u);
  EXPECT_GT(p.critical_path_drop_bar, 0.0);
  EXPECT_NEAR(p.design_head_bar, p.critical_path_drop_bar + 0.8, 1e-12);
  // Power = head × volume flow / efficiency, the flow of the design hour being its heat over c_p ΔT.
  EXPECT_GT(p.design_power_kw, 0.0);
  EXPECT_GE(p.max_power_kw, p.design_power_kw);
}
