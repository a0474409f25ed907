/// \file The quasi-static year in fixed blocks of hours (DhSeriesOptions::hours_per_block, issue 21
/// §1): the same results at one and two threads bit for bit (issue 20), an energy balance that
/// closes in every block, and results that differ from one sequential pass only within the 0.01 K
/// convergence tolerance of the hourly supply temperatures.

#include "solvers/network/district_heating.hpp"
#include "solvers/network/network_design.hpp"
#include "solvers/network/twin_network.hpp"
#include "tests/unit/validation_line.hpp"
#include "twin/error.hpp"
#include "twin/types.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

namespace net = heattwin::solvers::network;

namespace {

double halton(std::size_t i, std::size_t base) {
  double f = 1.0;
  double r = 0.0;
  for (std::size_t k = i + 1; k > 0; k /= base) {
    f /= static_cast<double>(base);
    r += f * static_cast<double>(k % base);
  }
  return r;
}

/// A designed tree of 60 buildings along a street grid (as the benchmarks' designed networks).
struct Designed {
  net::TwinNetworkModel model;
  std::vector<double> peak_kw;
};
Designed designed(std::size_t n) {
  const double side = 100.0 * std::ceil(std::sqrt(static_cast<double>(n) / 10.0));
  std::vector<double> x, y, peak, annual, sx0, sy0, sx1, sy1;
  for (std::size_t k = 0; k < n; ++k) {
    x.push_back(side * halton(k, 2));
    y.push_back(side * halton(k, 3));
    peak.push_back(10.0 + 50.0 * halton(k, 5));
    annual.push_back(20.0 + 100.0 * halton(k, 7));
  }
  for (double a = 0.0; a <= side + 1e-9; a += 100.0) {
    for (double b = 0.0; b < side - 1e-9; b += 100.0) {
      sx0.insert(sx0.end(), {a, b});
      sy0.insert(sy0.end(), {b, a});
      sx1.insert(sx1.end(), {a, b + 100.0});
      sy1.insert(sy1.end(), {b + 100.0, a});
    }
  }
  const net::NetworkDesignOptions options;
  const auto d = net::design_network({x, y, peak, annual}, {sx0, sy0, sx1, sy1}, options);
  heattwin::twin::NetworkSet set;
  std::vector<std::string> ids;
  for (std::size_t k = 0; k < n; ++k) ids.push_back("b" + std::to_string(k));
  const std::vector<std::uint32_t> buildings(n, heattwin::NO_INDEX);
  net::store_designed_network(d, "blocks", ids, buildings, peak, options.t_supply_c, options.roughness_m,
                              options.cover_depth_m, set);
  Designed out{net::twin_network_model(set, 0, {}), {}};
  for (std::size_t c = 0; c < out.model.consumers.size(); ++c)
    out.peak_kw.push_back(set.consumers.design_heat_kw[out.model.consumer_twin_index[c]]);
  return out;
}

void expect_same(const std::vector<double>& a, const std::vector<double>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i], b[i]) << "index " << i;
}

}  // namespace

TEST(DhHourBlocks, YearInBlocksIsThreadIndependentAndWithinTheToleranceOfOnePass) {
  const Designed d = designed(60);
  const std::size_t hours = 8760;
  const auto demand = [&](std::size_t h, std::span<double> q) {
    const double season = 0.55 + 0.45 * std::cos(2.0 * std::numbers::pi * static_cast<double>(h) / 8760.0);
    const double day = 0.85 + 0.15 * std::sin(2.0 * std::numbers::pi * static_cast<double>(h % 24) / 24.0);
    for (std::size_t c = 0; c < q.size(); ++c) q[c] = 0.8 * season * day * d.peak_kw[c];
  };
  const std::vector<double> ground{283.15};
  // heattwin run's settings: 0.01 K, the supply curve 80 → 65 °C and bypasses at the ends.
  net::DhSeriesOptions o;
  o.temperature_tolerance_k = 0.01;
  o.min_end_flow_kg_per_s = 0.02;
  o.plant_supply_t_k.resize(hours);
  for (std::size_t h = 0; h < hours; ++h) {
    const double season = 0.5 + 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(h) / 8760.0);
    o.plant_supply_t_k[h] = 80.0 + 273.15 - 15.0 * (1.0 - season);
  }
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto one = net::simulate_district_heating(d.model.supply, d.model.consumers, hours, demand, ground, o);
  omp_set_num_threads(2);
  const auto two = net::simulate_district_heating(d.model.supply, d.model.consumers, hours, demand, ground, o);
  net::DhSeriesOptions sequential_options = o;
  sequential_options.hours_per_block = 0;
  const auto sequential =
      net::simulate_district_heating(d.model.supply, d.model.consumers, hours, demand, ground, sequential_options);
  omp_set_num_threads(threads);

  // Identical at one and two threads, every field.
  expect_same(one.plant_heat_kw, two.plant_heat_kw);
  expect_same(one.heat_loss_kw, two.heat_loss_kw);
  expect_same(one.pump_power_kw, two.pump_power_kw);
  expect_same(one.annual_heat_loss_kwh, two.annual_heat_loss_kwh);
  expect_same(one.delivered_kwh, two.delivered_kwh);
  expect_same(one.min_supply_t_k, two.min_supply_t_k);
  expect_same(one.junction_min_t_k, two.junction_min_t_k);
  expect_same(one.peak_pressure_gradient_pa_per_m, two.peak_pressure_gradient_pa_per_m);
  EXPECT_EQ(one.plant_heat_mwh, two.plant_heat_mwh);
  EXPECT_EQ(one.energy_balance_error_kwh, two.energy_balance_error_kwh);
  EXPECT_EQ(one.temperature_rounds, two.temperature_rounds);
  EXPECT_EQ(one.hours_below_min_supply_t, two.hours_below_min_supply_t);

  // The energy balance closes to round-off as in one pass.
  const double balance = std::abs(one.energy_balance_error_kwh) / (one.plant_heat_mwh * 1000.0);
  EXPECT_LT(balance, 1e-12);
  EXPECT_EQ(one.unconverged_hours, 0U);

  // Against one pass: each block's first hour starts from the plant temperature instead of the
  // previous hour's consumer temperatures; both end within 0.01 K of their fixed point. The
  // heat of an hour moves by about that tolerance over the smallest spread (65 − 40 °C = 25 K at the
  // summer supply temperature): 4e-4 of the hour's plant heat.
  const double bound = o.temperature_tolerance_k / 25.0;
  double hourly = 0.0;
  for (std::size_t h = 0; h < hours; ++h) {
    hourly =
        std::max(hourly, std::abs(one.plant_heat_kw[h] - sequential.plant_heat_kw[h]) / sequential.plant_heat_kw[h]);
  }
  const double annual = std::abs(one.plant_heat_mwh - sequential.plant_heat_mwh) / sequential.plant_heat_mwh;
  const double losses = std::abs(one.heat_loss_mwh - sequential.heat_loss_mwh) / sequential.heat_loss_mwh;
  const double peak = std::abs(one.peak_plant_heat_kw - sequential.peak_plant_heat_kw) / sequential.peak_plant_heat_kw;
  heattwin::test::ValidationLine("network_hour_blocks", "designed_60", "plant_heat_hourly")
      .field("hours", hours)
      .field("blocks", (hours + o.hours_per_block - 1) / o.hours_per_block)
      .at_most("max_rel_diff", hourly, bound);
  heattwin::test::ValidationLine("network_hour_blocks", "designed_60", "plant_heat_annual")
      .at_most("rel_diff", annual, bound);
  heattwin::test::ValidationLine("network_hour_blocks", "designed_60", "heat_loss_annual")
      .at_most("rel_diff", losses, bound);
  heattwin::test::ValidationLine("network_hour_blocks", "designed_60", "peak_plant_heat")
      .at_most("rel_diff", peak, bound);
  heattwin::test::ValidationLine("network_hour_blocks", "designed_60", "energy_balance")
      .at_most("rel_err", balance, 1e-12);
}

TEST(DhHourBlocks, ShortSeriesAreOneBlockAndEqualOnePass) {
  const Designed d = designed(20);
  const auto demand = [&](std::size_t h, std::span<double> q) {
    for (std::size_t c = 0; c < q.size(); ++c) q[c] = (0.3 + 0.02 * static_cast<double>(h % 24)) * d.peak_kw[c];
  };
  const std::vector<double> ground{283.15};
  net::DhSeriesOptions o;
  o.hours_per_block = 48;
  net::DhSeriesOptions whole = o;
  whole.hours_per_block = 0;
  const auto a = net::simulate_district_heating(d.model.supply, d.model.consumers, 48, demand, ground, o);
  const auto b = net::simulate_district_heating(d.model.supply, d.model.consumers, 48, demand, ground, whole);
  expect_same(a.plant_heat_kw, b.plant_heat_kw);
  expect_same(a.annual_heat_loss_kwh, b.annual_heat_loss_kwh);
  EXPECT_EQ(a.energy_balance_error_kwh, b.energy_balance_error_kwh);
  // 49 hours: a second block of one hour, starting cold, merged after the first.
  const auto c = net::simulate_district_heating(d.model.supply, d.model.consumers, 49, demand, ground, o);
  ASSERT_EQ(c.plant_heat_kw.size(), 49U);
  for (std::size_t h = 0; h < 48; ++h) EXPECT_EQ(c.plant_heat_kw[h], a.plant_heat_kw[h]);
  EXPECT_GT(c.plant_heat_kw[48], 0.0);
  EXPECT_DOUBLE_EQ(c.plant_heat_mwh, a.plant_heat_mwh + c.plant_heat_kw[48] / 1000.0);
  EXPECT_GT(c.temperature_rounds, a.temperature_rounds);
}

TEST(DhHourBlocks, TheErrorOfTheFirstBadHourIsReportedAtAnyThreadCount) {
  const Designed d = designed(20);
  const auto demand = [&](std::size_t h, std::span<double> q) {
    for (std::size_t c = 0; c < q.size(); ++c) q[c] = h == 37 || h == 75 ? -1.0 : 0.5 * d.peak_kw[c];
  };
  const std::vector<double> ground{283.15};
  net::DhSeriesOptions o;
  o.hours_per_block = 10;
  const int threads = omp_get_max_threads();
  for (const int t : {1, 2}) {
    omp_set_num_threads(t);
    try {
      (void)net::simulate_district_heating(d.model.supply, d.model.consumers, 100, demand, ground, o);
      ADD_FAILURE() << "a negative demand must be rejected";
    } catch (const heattwin::InputError& e) {
      EXPECT_NE(std::string(e.what()).find("in hour 37"), std::string::npos) << e.what();
    }
  }
  omp_set_num_threads(threads);
}
