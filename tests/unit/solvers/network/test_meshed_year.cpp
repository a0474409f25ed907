/// \file The quasi-static year on a meshed network with several plants (issue 21 §1, the
/// benchmark BM_MeshedNetworkYear at a smaller size): Newton per flow ↔ temperature round, fixed
/// blocks of hours over the threads. The same results at one and two threads bit for bit, an
/// energy balance that closes to round-off, and the counted Newton work.

#include "benchmarks/designed_network_fixture.hpp"
#include "benchmarks/meshed_network_fixture.hpp"
#include "solvers/network/district_heating.hpp"
#include "solvers/network/hydraulics.hpp"
#include "tests/unit/solvers/network/year_series_compare.hpp"
#include "twin/error.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <string>
#include <vector>

namespace net = heattwin::solvers::network;

TEST(MeshedYear, BlocksOnAMeshWithFourPlantsAreThreadIndependentAndBalanced) {
  // 40 × 40 junctions: plants at (0, 0), (0, 32), (32, 0) and (32, 32), 3,120 pipes, 1,596 consumers.
  const heattwin::bench::MeshedNetwork grid = heattwin::bench::meshed_network(40);
  ASSERT_EQ(grid.consumers.size(), 1596U);
  const std::size_t hours = 48;
  const net::DemandOfHour demand = heattwin::bench::year_demand(grid.peak_kw);
  const std::vector<double> ground{283.15};
  // heattwin run's settings (0.01 K, the supply curve and end bypasses) in two blocks.
  net::DhSeriesOptions o = heattwin::bench::operated_series_options(hours);
  o.hours_per_block = 24;
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto one = net::simulate_district_heating(grid.supply, grid.consumers, hours, demand, ground, o);
  omp_set_num_threads(2);
  const auto two = net::simulate_district_heating(grid.supply, grid.consumers, hours, demand, ground, o);
  omp_set_num_threads(threads);

  heattwin::test::expect_same_year(one, two);
  EXPECT_EQ(one.newton_iterations, two.newton_iterations);
  EXPECT_EQ(one.factorizations, two.factorizations);

  EXPECT_EQ(one.unconverged_hours, 0U);
  EXPECT_LT(std::abs(one.energy_balance_error_kwh) / (one.plant_heat_mwh * 1000.0), 1e-12);
  // One Newton solve per round, each at least one iteration; factorisations at most one per
  // iteration, and fewer thanks to the chord steps (HydraulicOptions::max_factor_reuse).
  EXPECT_GE(one.newton_iterations, one.temperature_rounds);
  EXPECT_GT(one.factorizations, 0U);
  EXPECT_LT(one.factorizations, one.newton_iterations);
}

TEST(MeshedYear, AcceleratedRoundsNeedFewerRoundsAndAgreeWithinTheTolerance) {
  // The rounds' Anderson acceleration (DhSeriesOptions::round_acceleration_depth) against the
  // per-consumer secant on the four-plant mesh: fewer rounds, the same year within what the
  // 0.01 K test of an hour allows (0.01 K over the 25 K smallest spread: 4e-4 of a consumer's
  // heat), and a balance that closes.
  const heattwin::bench::MeshedNetwork grid = heattwin::bench::meshed_network(40);
  const std::size_t hours = 24;
  const net::DemandOfHour demand = heattwin::bench::year_demand(grid.peak_kw);
  const std::vector<double> ground{283.15};
  net::DhSeriesOptions o = heattwin::bench::operated_series_options(hours);
  const auto accelerated = net::simulate_district_heating(grid.supply, grid.consumers, hours, demand, ground, o);
  o.round_acceleration_depth = 0;
  const auto secant = net::simulate_district_heating(grid.supply, grid.consumers, hours, demand, ground, o);
  EXPECT_EQ(accelerated.unconverged_hours, 0U);
  EXPECT_LE(accelerated.temperature_rounds, secant.temperature_rounds);
  EXPECT_NEAR(accelerated.plant_heat_mwh, secant.plant_heat_mwh, 4e-4 * secant.plant_heat_mwh);
  EXPECT_NEAR(accelerated.heat_loss_mwh, secant.heat_loss_mwh, 4e-4 * secant.plant_heat_mwh);
  EXPECT_NEAR(accelerated.delivered_mwh, secant.delivered_mwh, 4e-4 * secant.delivered_mwh);
  EXPECT_LT(std::abs(accelerated.energy_balance_error_kwh) / (accelerated.plant_heat_mwh * 1000.0), 1e-12);
}

TEST(MeshedYear, TheTreePathsCountNoNewtonWork) {
  const auto d = heattwin::bench::designed_network(20);
  const std::vector<double> ground{283.15};
  const auto r = net::simulate_district_heating(d.model.supply, d.model.consumers, 24,
                                                heattwin::bench::year_demand(d.peak_kw), ground, {});
  EXPECT_GT(r.temperature_rounds, 0U);
  EXPECT_EQ(r.newton_iterations, 0U);
  EXPECT_EQ(r.factorizations, 0U);
}

TEST(HydraulicOptions, FlowTolerancesOutsideTheirRangeAreRejected) {
  const net::PipeNetwork grid = heattwin::bench::street_grid_network(4);
  for (const double relative : {0.0, -1e-7, 1.0, std::nan("")}) {
    net::HydraulicOptions o;
    o.relative_flow_tolerance = relative;
    try {
      net::HydraulicSolver solver(grid, o);
      ADD_FAILURE() << "relative tolerance " << relative << " must be rejected";
    } catch (const heattwin::InputError& e) {
      EXPECT_NE(std::string(e.what()).find("flow tolerances"), std::string::npos) << e.what();
    }
  }
  net::HydraulicOptions o;
  o.flow_tolerance_kg_per_s = -1e-8;
  EXPECT_THROW(net::HydraulicSolver(grid, o), heattwin::InputError);
}
