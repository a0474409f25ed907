/// \file The quasi-static year in fixed blocks of hours (DhSeriesOptions::hours_per_block, issue 21
/// §1): the same results at one and two threads bit for bit (issue 20), an energy balance that
/// closes in every block, and results that differ from one sequential pass only within the 0.01 K
/// convergence tolerance of the hourly supply temperatures.

#include "benchmarks/designed_network_fixture.hpp"
#include "solvers/network/district_heating.hpp"
#include "solvers/network/network_design.hpp"
#include "solvers/network/twin_network.hpp"
#include "tests/unit/solvers/network/year_series_compare.hpp"
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

/// The benchmarks' designed tree (benchmarks/designed_network_fixture.hpp): the test's network
/// and year are those of BM_DesignedNetworkYearOperated at a smaller size.
using heattwin::bench::designed_network;

}  // namespace

TEST(DhHourBlocks, YearInBlocksIsThreadIndependentAndWithinTheToleranceOfOnePass) {
  const auto d = designed_network(60);
  const std::size_t hours = 8760;
  const net::DemandOfHour demand = heattwin::bench::year_demand(d.peak_kw);
  const std::vector<double> ground{283.15};
  // heattwin run's settings: 0.01 K, the supply curve 80 → 65 °C and bypasses at the ends.
  const net::DhSeriesOptions o = heattwin::bench::operated_series_options(hours);
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
  heattwin::test::expect_same_year(one, two);
  heattwin::test::expect_same(one.junction_min_t_k, two.junction_min_t_k);
  heattwin::test::expect_same(one.peak_pressure_gradient_pa_per_m, two.peak_pressure_gradient_pa_per_m);
  EXPECT_EQ(one.plant_heat_mwh, two.plant_heat_mwh);
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
  const auto d = designed_network(20);
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
  heattwin::test::expect_same(a.plant_heat_kw, b.plant_heat_kw);
  heattwin::test::expect_same(a.annual_heat_loss_kwh, b.annual_heat_loss_kwh);
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
  const auto d = designed_network(20);
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
