/// District-heating time series and pipe sizing: analytic checks on small networks.

#include "solvers/network/district_heating.hpp"
#include "tests/unit/validation_line.hpp"
#include "twin/error.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace net = heattwin::solvers::network;

namespace {

constexpr double CP = 4190.0;

/// plant → a (300 m) → b (200 m); consumers at a and b. Constant-property water.
net::PipeNetwork feeder() {
  net::PipeNetwork n;
  n.fluid = net::FluidProperties::constant("water 70 °C", 977.8, 0.404e-3, CP);
  n.add_junction("plant", 0.0, 353.15);
  n.add_junction("a", 5.0, 353.15);
  n.add_junction("b", 8.0, 353.15);
  n.add_pipe("plant-a", 0, 1, 300.0, 0.0703, 1e-5, 0.0, 1.2, 283.15);
  n.add_pipe("a-b", 1, 2, 200.0, 0.0545, 1e-5, 0.0, 1.0, 283.15);
  n.fixed_pressure_bar[0] = 6.0;
  n.fixed_t_k[0] = 363.15;
  return n;
}

std::vector<net::DhConsumer> two_consumers() {
  return {{"house a", 1, 318.15, 333.15}, {"house b", 2, 313.15, 333.15}};
}

}  // namespace

TEST(DistrictHeating, SteadyHoursMatchTheAnalyticPipeModel) {
  const auto consumers = two_consumers();
  const double q_a_kw = 120.0, q_b_kw = 80.0;
  const std::vector<double> ground{283.15};
  const auto result = net::simulate_district_heating(feeder(), consumers, 24,
                                                     [&](std::size_t, std::span<double> q) {
                                                       q[0] = q_a_kw;
                                                       q[1] = q_b_kw;
                                                     },
                                                     ground, {});
  ASSERT_EQ(result.unconverged_hours, 0U);
  // The consumers get what they ask for (the supply stays far above the return temperatures).
  EXPECT_NEAR(result.delivered_kwh[0], 24 * q_a_kw, 1e-3);
  EXPECT_NEAR(result.delivered_kwh[1], 24 * q_b_kw, 1e-3);
  // Energy balance: plant = delivered + losses, every hour.
  EXPECT_NEAR(result.energy_balance_error_kwh, 0.0, 1e-6);
  EXPECT_NEAR(result.plant_heat_mwh, result.delivered_mwh + result.heat_loss_mwh, 1e-9);

  // Reproduce the supply side by hand: flows from the consumers' spreads, exponential decay.
  auto decay = [](double t_in, double alpha, double d, double length, double m) {
    return 283.15 + (t_in - 283.15) * std::exp(-alpha * std::numbers::pi * d * length / (m * CP));
  };
  double t_a = 363.15, t_b = 363.15, m_a = 0, m_b = 0;
  for (int i = 0; i < 50; ++i) {
    m_a = q_a_kw * 1000 / (CP * (t_a - 318.15));
    m_b = q_b_kw * 1000 / (CP * (t_b - 313.15));
    t_a = decay(363.15, 1.2, 0.0703, 300.0, m_a + m_b);
    t_b = decay(t_a, 1.0, 0.0545, 200.0, m_b);
  }
  EXPECT_NEAR(result.min_supply_t_k[0], t_a, 0.02);
  EXPECT_NEAR(result.min_supply_t_k[1], t_b, 0.02);
  // Return side: b's return flows to a, mixes with a's, then to the plant.
  const double r_b_at_a = decay(313.15, 1.0, 0.0545, 200.0, m_b);
  const double r_mix = (m_b * r_b_at_a + m_a * 318.15) / (m_a + m_b);
  const double r_plant = decay(r_mix, 1.2, 0.0703, 300.0, m_a + m_b);
  const double loss_supply = (m_a + m_b) * CP * (363.15 - t_a) + m_b * CP * (t_a - t_b);
  const double loss_return = m_b * CP * (313.15 - r_b_at_a) + (m_a + m_b) * CP * (r_mix - r_plant);
  EXPECT_NEAR(result.heat_loss_kw[5], (loss_supply + loss_return) / 1000.0, 0.05);
  EXPECT_GT(result.heat_loss_share, 0.0);
  EXPECT_LT(result.heat_loss_share, 0.1);
  // Pump: twice the friction drop to the worst consumer plus the consumer's differential pressure.
  EXPECT_GT(result.plant_dp_bar[0], 0.8);
  EXPECT_NEAR(result.pump_power_kw[0], result.plant_dp_bar[0] * 1e5 * (m_a + m_b) / 977.8 / 0.7 / 1000.0, 1e-3);
  EXPECT_EQ(result.hours_below_min_supply_t[0], 0U);
}

TEST(DistrictHeating, ColdNetworkIsCountedNotHidden) {
  // A long, poorly insulated branch with a tiny load: the water cools below the consumer's minimum.
  net::PipeNetwork n = feeder();
  n.alpha_w_per_m2k[1] = 40.0;
  n.length_m[1] = 2000.0;
  const std::vector<double> ground{278.15};
  const auto result = net::simulate_district_heating(n, two_consumers(), 10,
                                                     [](std::size_t hour, std::span<double> q) {
                                                       q[0] = 100.0;
                                                       q[1] = hour < 5 ? 0.5 : 0.0;
                                                     },
                                                     ground, {});
  EXPECT_GT(result.hours_below_min_supply_t[1], 0U);
  EXPECT_LT(result.min_supply_t_k[1], 333.15);
  EXPECT_NEAR(result.energy_balance_error_kwh, 0.0, 1e-6);
}

TEST(DistrictHeating, BadInputNamesTheConsumer) {
  const std::vector<double> ground{283.15};
  auto constant = [](std::size_t, std::span<double> q) { std::fill(q.begin(), q.end(), 10.0); };
  std::vector<net::DhConsumer> on_plant{{"kiosk", 0, 313.15, 333.15}};
  EXPECT_THROW((void)net::simulate_district_heating(feeder(), on_plant, 1, constant, ground, {}), heattwin::InputError);
  std::vector<net::DhConsumer> hot_return{{"laundry", 1, 373.15, 333.15}};
  try {
    (void)net::simulate_district_heating(feeder(), hot_return, 1, constant, ground, {});
    ADD_FAILURE() << "expected an InputError";
  } catch (const heattwin::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("laundry"), std::string::npos);
  }
  EXPECT_THROW((void)net::simulate_district_heating(feeder(), {}, 1, constant, ground, {}), heattwin::InputError);
  const std::vector<double> wrong_length{283.15, 284.15};
  EXPECT_THROW((void)net::simulate_district_heating(feeder(), two_consumers(), 5, constant, wrong_length, {}),
               heattwin::InputError);
}

TEST(PipeSizing, SmallestSizeWithinLimitsOnATree) {
  net::PipeNetwork n = feeder();
  n.withdrawal_kg_per_s = {0.0, 2.0, 1.0};
  net::SizingOptions options;
  options.max_pressure_gradient_pa_per_m = 150.0;
  const auto& sizes = net::en253_pipe_sizes();
  const auto result = net::size_pipes(n, sizes, options);
  EXPECT_TRUE(result.stable);
  EXPECT_EQ(result.undersized, 0U);
  // Check the rule directly: the chosen size meets the limit, the next smaller one does not.
  auto gradient = [&](double d, double m) {
    const double rho = 977.8, mu = 0.404e-3, area = std::numbers::pi / 4 * d * d, v = m / (rho * area);
    return net::friction_factor(net::FrictionModel::colebrook, rho * v * d / mu, 1e-5 / d) / d * rho * v * v / 2;
  };
  const double flows[] = {3.0, 1.0};
  for (std::size_t b = 0; b < 2; ++b) {
    std::size_t s = 0;
    while (sizes[s].dn != result.dn[b]) ++s;
    EXPECT_LE(gradient(sizes[s].inner_diameter_m, flows[b]), 150.0);
    ASSERT_GT(s, 0U);
    EXPECT_GT(gradient(sizes[s - 1].inner_diameter_m, flows[b]), 150.0);
    EXPECT_DOUBLE_EQ(n.inner_diameter_m[b], sizes[s].inner_diameter_m);
  }
  EXPECT_GE(result.dn[0], result.dn[1]);
}

TEST(PipeSizing, MeshedNetworkSettles) {
  net::PipeNetwork n;
  for (const char* id : {"plant", "a", "b", "c"}) n.add_junction(id, 0.0, 353.15);
  n.add_pipe("p-a", 0, 1, 400.0, 0.1, 1e-5);
  n.add_pipe("a-b", 1, 2, 300.0, 0.1, 1e-5);
  n.add_pipe("b-c", 2, 3, 350.0, 0.1, 1e-5);
  n.add_pipe("c-p", 3, 0, 500.0, 0.1, 1e-5);
  n.fixed_pressure_bar[0] = 6.0;
  n.withdrawal_kg_per_s = {0.0, 6.0, 9.0, 4.0};
  const auto result = net::size_pipes(n, net::en253_pipe_sizes(), {});
  EXPECT_TRUE(result.stable);
  EXPECT_EQ(result.undersized, 0U);
  for (int dn : result.dn) EXPECT_GE(dn, 50);
}

namespace {

/// plant (pressure, 90 °C) → a (300 m) → b (200 m) → c (200 m): consumers at a and b, a feed-in
/// plant at c (the other end of the line). `alpha` = 0: no heat losses.
net::PipeNetwork line_with_two_plants(double alpha) {
  net::PipeNetwork n;
  n.fluid = net::FluidProperties::constant("water 70 °C", 977.8, 0.404e-3, CP);
  n.add_junction("plant", 0.0, 353.15);
  n.add_junction("a", 0.0, 353.15);
  n.add_junction("b", 0.0, 353.15);
  n.add_junction("c", 0.0, 353.15);
  n.add_pipe("plant-a", 0, 1, 300.0, 0.0703, 1e-5, 0.0, alpha, 283.15);
  n.add_pipe("a-b", 1, 2, 200.0, 0.0703, 1e-5, 0.0, alpha, 283.15);
  n.add_pipe("b-c", 2, 3, 200.0, 0.0703, 1e-5, 0.0, alpha, 283.15);
  n.fixed_pressure_bar[0] = 6.0;
  n.fixed_t_k[0] = 363.15;
  return n;
}

const std::vector<net::DhConsumer> LINE_CONSUMERS = {{"house a", 1, 313.15, 333.15}, {"house b", 2, 313.15, 333.15}};

}  // namespace

TEST(DistrictHeatingFeedIn, TwoPlantsAtTheEndsOfALineSplitTheLoadAsDispatchedAndFlowsReverse) {
  // Issue 21 §2: two consumers of 100 kW between the pressure-holding plant and a feed-in plant
  // at the far end that feeds 0, 50 and 150 kW. Without losses the split is exact: the feed-in
  // delivers its dispatched heat (its return is the consumers' 40 °C), the pressure plant the
  // rest; the flow in a → b reverses (b is then fed from c, and a partly from c) when the
  // feed-in exceeds house b's load, which the pressures show: p_b > p_a.
  const std::vector<double> ground{283.15};
  const double m_c = 100e3 / (CP * 50.0);  // each consumer's flow, kg/s
  for (const double fed : {0.0, 50.0, 150.0}) {
    net::DhSeriesOptions options;
    options.feed_ins = {{"waste heat", 3, {fed}}};
    const auto r = net::simulate_district_heating(
        line_with_two_plants(0.0), LINE_CONSUMERS, 1,
        [](std::size_t, std::span<double> q) {
          q[0] = 100.0;
          q[1] = 100.0;
        },
        ground, options);
    ASSERT_EQ(r.unconverged_hours, 0U);
    ASSERT_EQ(r.feed_in.heat_kw.size(), 1U);
    // Against the analytic split (no losses): feed-in = dispatched, plant = load − feed-in, and the
    // flow in a → b = house b's flow − the feed-in's (reversed above 100 kW).
    const std::string name = fmt::format("two_plants_line_feed_{:.0f}kW", fed);
    heattwin::test::ValidationLine("network_feed_in", name, "plant_split_kw")
        .field("feed_in_kw", r.feed_in.heat_kw[0])
        .field("pressure_plant_kw", r.feed_in.pressure_plant_heat_kw[0])
        .at_most("max_abs_err",
                 std::max(std::abs(r.feed_in.heat_kw[0] - fed),
                          std::abs(r.feed_in.pressure_plant_heat_kw[0] - (200.0 - fed))),
                 1e-9);
    heattwin::test::ValidationLine("network_feed_in", name, "pipe_flows_kg_per_s")
        .at_most("max_abs_err",
                 std::max({std::abs(r.peak_mdot_kg_per_s[0] - m_c * (2.0 - fed / 100.0)),
                           std::abs(r.peak_mdot_kg_per_s[1] - m_c * std::abs(1.0 - fed / 100.0)),
                           std::abs(r.peak_mdot_kg_per_s[2] - m_c * fed / 100.0)}),
                 1e-12);
    EXPECT_NEAR(r.feed_in.heat_kw[0], fed, 1e-9) << fed;
    EXPECT_NEAR(r.feed_in.heat_mwh[0], fed / 1000.0, 1e-12) << fed;
    EXPECT_NEAR(r.feed_in.pressure_plant_heat_kw[0], 200.0 - fed, 1e-9) << fed;
    EXPECT_NEAR(r.feed_in.pressure_plant_flow_kg_per_s[0], m_c * (2.0 - fed / 100.0), 1e-12) << fed;
    EXPECT_NEAR(r.plant_heat_kw[0], 200.0, 1e-9) << fed;
    EXPECT_NEAR(r.delivered_mwh, 0.2, 1e-12) << fed;
    // |flows|: plant → a carries what the pressure plant feeds, a → b the difference of house
    // b's flow and the feed-in's, b → c the feed-in's.
    EXPECT_NEAR(r.peak_mdot_kg_per_s[0], m_c * (2.0 - fed / 100.0), 1e-12) << fed;
    EXPECT_NEAR(r.peak_mdot_kg_per_s[1], m_c * std::abs(1.0 - fed / 100.0), 1e-12) << fed;
    EXPECT_NEAR(r.peak_mdot_kg_per_s[2], m_c * fed / 100.0, 1e-12) << fed;
    EXPECT_NEAR(r.feed_in.peak_flow_kg_per_s[0], m_c * fed / 100.0, 1e-12) << fed;
    // Direction of a → b by the pressures (friction drop along the flow).
    const double p_a = r.junction_min_pressure_bar[1], p_b = r.junction_min_pressure_bar[2];
    if (fed > 100.0) {
      EXPECT_GT(p_b, p_a) << fed;
    } else {
      EXPECT_GT(p_a, p_b) << fed;
    }
    EXPECT_LT(r.feed_in.max_mass_balance_error_kg_per_s, 1e-12);
    EXPECT_LT(r.feed_in.max_energy_balance_error_kw, 1e-9);
  }
}

TEST(DistrictHeatingFeedIn, MassAndEnergyBalancesCloseEveryHourWithLosses) {
  // The same line with heat losses over a day of varying load and feed-in: every hour's mass
  // and energy balances close, the feed-in's heat follows its dispatch up to its own return
  // temperature (the consumers' return cooled on its way), and with a feed-in of zero the
  // general path equals the one-plant series of the tree kernel.
  const auto demand = [](std::size_t h, std::span<double> q) {
    q[0] = 60.0 + 5.0 * static_cast<double>(h % 12);
    q[1] = 40.0;
  };
  std::vector<double> feed(24);
  for (std::size_t h = 0; h < 24; ++h) feed[h] = h < 12 ? 30.0 : 90.0;
  net::DhSeriesOptions options;
  options.feed_ins = {{"waste heat", 3, feed}};
  const std::vector<double> ground{283.15};
  const auto r = net::simulate_district_heating(line_with_two_plants(1.2), LINE_CONSUMERS, 24, demand, ground, options);
  ASSERT_EQ(r.unconverged_hours, 0U);
  heattwin::test::ValidationLine("network_feed_in", "two_plants_line_24h_with_losses", "hourly_mass_balance_kg_per_s")
      .at_most("max_abs_err", r.feed_in.max_mass_balance_error_kg_per_s, 1e-12);
  heattwin::test::ValidationLine("network_feed_in", "two_plants_line_24h_with_losses", "hourly_energy_balance_kw")
      .at_most("max_abs_err", r.feed_in.max_energy_balance_error_kw, 1e-9);
  EXPECT_NEAR(r.energy_balance_error_kwh, 0.0, 1e-9);
  double fed_kwh = 0.0;
  for (std::size_t h = 0; h < 24; ++h) {
    fed_kwh += r.feed_in.heat_kw[h];
    // The flow is set from the return temperature at its junction of the last hour: close to the
    // dispatch in steady hours, off by the change of that temperature in the first hour (which
    // assumes the consumers' 40 °C) and in the hour the feed-in triples (hour 12).
    EXPECT_NEAR(r.feed_in.heat_kw[h], feed[h], (h == 0 || h == 12 ? 0.1 : 0.005) * feed[h]) << h;
    EXPECT_NEAR(r.feed_in.heat_kw[h] + r.feed_in.pressure_plant_heat_kw[h], r.plant_heat_kw[h], 1e-9) << h;
  }
  EXPECT_NEAR(r.feed_in.heat_mwh[0], fed_kwh / 1000.0, 1e-12);
  EXPECT_NEAR(r.plant_heat_mwh, r.delivered_mwh + r.heat_loss_mwh, 1e-9);
  options.feed_ins = {{"waste heat", 3, {0.0}}};
  const auto with_zero =
      net::simulate_district_heating(line_with_two_plants(1.2), LINE_CONSUMERS, 24, demand, ground, options);
  const auto one_plant =
      net::simulate_district_heating(line_with_two_plants(1.2), LINE_CONSUMERS, 24, demand, ground, {});
  EXPECT_NEAR(with_zero.plant_heat_mwh, one_plant.plant_heat_mwh, 1e-9 * one_plant.plant_heat_mwh);
  EXPECT_NEAR(with_zero.heat_loss_mwh, one_plant.heat_loss_mwh, 1e-9 * one_plant.heat_loss_mwh);
  EXPECT_TRUE(one_plant.feed_in.heat_mwh.empty());
}

TEST(DistrictHeatingFeedIn, BadFeedInsAreErrorsNamingThePlant) {
  const std::vector<double> ground{283.15};
  const auto run = [&](net::DhFeedIn f) {
    net::DhSeriesOptions options;
    options.feed_ins = {std::move(f)};
    net::simulate_district_heating(
        line_with_two_plants(0.0), LINE_CONSUMERS, 3,
        [](std::size_t, std::span<double> q) {
          q[0] = 100.0;
          q[1] = 100.0;
        },
        ground, options);
  };
  for (const net::DhFeedIn& bad : {net::DhFeedIn{"far", 7, {1.0}}, net::DhFeedIn{"on plant", 0, {1.0}},
                                   net::DhFeedIn{"negative", 3, {-1.0}}, net::DhFeedIn{"short", 3, {1.0, 2.0}}}) {
    try {
      run(bad);
      ADD_FAILURE() << bad.id;
    } catch (const heattwin::InputError& e) {
      EXPECT_NE(std::string(e.what()).find("'" + bad.id + "'"), std::string::npos) << e.what();
    }
  }
}
