/// Unit tests of the network solver: friction laws, exact small cases, bad input, reports.

#include "solvers/network/flat_case.hpp"
#include "solvers/network/hydraulics.hpp"
#include "solvers/network/thermal.hpp"
#include "twin/error.hpp"
#include "twin/random.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <span>
#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace net = heattwin::solvers::network;

namespace {

net::PipeNetwork water_at_10c() {
  net::PipeNetwork n;
  n.fluid = net::FluidProperties::constant("water 10 °C", 999.7, 1.306e-3, 4196.0);
  return n;
}

/// ext grid (5 bar) → pipe → sink, as in a textbook example.
net::PipeNetwork one_pipe(double length_m, double diameter_m, double roughness_m, double sink_kg_per_s) {
  net::PipeNetwork n = water_at_10c();
  n.add_junction("plant", 0.0);
  n.add_junction("house", 0.0);
  n.add_pipe("p1", 0, 1, length_m, diameter_m, roughness_m);
  n.fixed_pressure_bar[0] = 5.0;
  n.withdrawal_kg_per_s[1] = sink_kg_per_s;
  return n;
}

}  // namespace

TEST(Friction, ColebrookSatisfiesItsEquation) {
  for (double re : {2500.0, 1e4, 1e5, 1e6, 1e8}) {
    for (double rr : {0.0, 1e-5, 1e-3, 5e-2}) {
      const double lambda = net::friction_factor(net::FrictionModel::colebrook, re, rr);
      const double lhs = 1.0 / std::sqrt(lambda);
      const double rhs = -2.0 * std::log10(2.51 / (re * std::sqrt(lambda)) + rr / 3.71);
      EXPECT_NEAR(lhs, rhs, 1e-10 * lhs) << "Re " << re << " k/D " << rr;
    }
  }
}

/// The two Halley steps from Swamee–Jain reach machine precision over the whole turbulent range
/// (Re 2320 … 1e9, k/D 0 and 1e-9 … 0.2): 1/√λ satisfies Colebrook to a few ulp.
TEST(Friction, ColebrookToMachinePrecisionOnADenseGrid) {
  double worst = 0.0;
  for (double log_re = std::log10(2320.0); log_re <= 9.0; log_re += 0.01) {
    for (double log_rr = -9.0; log_rr <= -0.7; log_rr += 0.05) {
      const double re = std::pow(10.0, log_re);
      const double rr = log_rr < -8.99 ? 0.0 : std::pow(10.0, log_rr);
      const double lambda = net::friction_factor(net::FrictionModel::colebrook, re, rr);
      const double x = 1.0 / std::sqrt(lambda);
      const double residual = x + 2.0 * std::log10(2.51 * x / re + rr / 3.71);
      worst = std::max(worst, std::abs(residual) / x);
    }
  }
  EXPECT_LT(worst, 1e-14);
}

/// The warm start of Colebrook (Newton iterations: 1/√λ of the pipe's previous evaluation) gives
/// the cold result to a few ulp from any previous state of the turbulent range: from the same Re
/// (one Halley step), from a neighbouring Re, and from the far ends of the range.
TEST(Friction, ColebrookWarmStartEqualsColdStart) {
  double worst = 0.0;
  for (double log_re = std::log10(2320.0); log_re <= 9.0; log_re += 0.05) {
    for (double log_rr = -9.0; log_rr <= -0.7; log_rr += 0.25) {
      const double re = std::pow(10.0, log_re);
      const double rr = log_rr < -8.99 ? 0.0 : std::pow(10.0, log_rr);
      const auto cold = net::friction_factor_with_slope(net::FrictionModel::colebrook, re, rr);
      for (double previous_re : {re, re * 1.001, re * 0.97, re * 1.5, 2320.0, 1e9}) {
        double x = 1.0 / std::sqrt(net::friction_factor(net::FrictionModel::colebrook, previous_re, rr));
        const auto warm = net::friction_factor_with_slope(net::FrictionModel::colebrook, re, rr, x);
        worst = std::max(worst, std::abs(warm.lambda - cold.lambda) / cold.lambda);
        EXPECT_NEAR(warm.re_slope, cold.re_slope, 1e-12 * std::abs(cold.re_slope) + 1e-300);
        EXPECT_DOUBLE_EQ(x, 1.0 / std::sqrt(warm.lambda));
      }
    }
  }
  EXPECT_LT(worst, 2e-15);
  // Laminar and transition evaluations leave the carried value alone.
  double x = 7.5;
  EXPECT_DOUBLE_EQ(net::friction_factor_with_slope(net::FrictionModel::colebrook, 1000.0, 1e-3, x).lambda, 0.064);
  EXPECT_EQ(x, 7.5);
}

/// The per-pipe cache of the transition zone's turbulent end gives friction_factor_with_slope's
/// values bit for bit, in every regime and for every Darcy model, warm or cold, whatever the cache
/// held from earlier calls of the same pipe.
TEST(Friction, TransitionCacheIsBitIdentical) {
  for (auto model : {net::FrictionModel::colebrook, net::FrictionModel::swamee_jain, net::FrictionModel::nikuradse}) {
    for (double log_rr = -9.0; log_rr <= -0.7; log_rr += 0.5) {
      const double rr = log_rr < -8.99 ? 0.0 : std::pow(10.0, log_rr);
      double x_plain = 0.0, x_cached = 0.0, cache = 0.0;
      for (double re : {1e-12, 0.5, 1500.0, 2000.0, 2001.0, 2150.0, 2319.9, 2320.0, 2500.0, 1e4, 2100.0, 1e6, 3e8}) {
        const auto plain = net::friction_factor_with_slope(model, re, rr, x_plain);
        const auto cached = net::friction_factor_with_slope(model, re, rr, x_cached, cache);
        EXPECT_EQ(cached.lambda, plain.lambda) << "Re " << re;
        EXPECT_EQ(cached.re_slope, plain.re_slope) << "Re " << re;
        EXPECT_EQ(x_cached, x_plain);
      }
    }
  }
}

/// friction_factors (the pipes of a network in one call, Colebrook's logarithms as vector passes)
/// gives each pipe what friction_factor_with_slope gives it alone, warm or cold, in every regime
/// and model, to a few ulp (libmvec's logarithm), with and without the slope; the carried 1/√λ
/// and transition λ follow the per-pipe evaluation. Each pipe's result does not depend on the
/// other pipes in the call (the split of HydraulicSolver's threads).
TEST(Friction, BatchEqualsPerPipe) {
  std::uint64_t state = 21;
  const auto uniform = [&] { return heattwin::twin::unit_interval(heattwin::twin::splitmix64(state)); };
  double worst = 0.0;
  for (auto model : {net::FrictionModel::colebrook, net::FrictionModel::swamee_jain, net::FrictionModel::nikuradse}) {
    const std::size_t n = 1003;
    std::vector<double> re(n), rr(n), x(n), transition(n, 0.0), lambda(n), slope(n), lambda_only(n);
    std::vector<double> x_single(n), transition_single(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      const double u = uniform();
      re[i] = i % 17 == 0 ? std::array{1e-12, 1500.0, 2000.0, 2150.0, 2320.0, 3e8}[i % 6] : std::exp(7.0 + 13.0 * u);
      rr[i] = i % 11 == 0 ? 0.0 : std::pow(10.0, -7.0 + 5.0 * uniform());
      // Half warm (a previous evaluation at a flow up to 50 % away), half cold.
      x[i] = i % 2 == 0 ? 1.0 / std::sqrt(net::friction_factor(model, re[i] * (0.5 + uniform()), rr[i])) : 0.0;
    }
    x_single = x;
    std::vector<double> x_lambda_only = x, transition_lambda_only(n, 0.0);
    net::FrictionBatchScratch scratch;
    net::friction_factors(model, re, rr, x, transition, lambda, slope, scratch);
    net::friction_factors(model, re, rr, x_lambda_only, transition_lambda_only, lambda_only, {}, scratch);
    // The second half alone: the same values as within the whole call.
    std::vector<double> x_half(x_single.begin() + n / 2, x_single.end()), transition_half(n - n / 2, 0.0),
        lambda_half(n - n / 2), slope_half(n - n / 2);
    net::friction_factors(model, std::span(re).subspan(n / 2), std::span(rr).subspan(n / 2), x_half, transition_half,
                          lambda_half, slope_half, scratch);
    for (std::size_t i = 0; i < n; ++i) {
      const auto single = net::friction_factor_with_slope(model, re[i], rr[i], x_single[i], transition_single[i]);
      worst = std::max(worst, std::abs(lambda[i] - single.lambda) / single.lambda);
      EXPECT_NEAR(slope[i], single.re_slope, 1e-12 * std::abs(single.re_slope) + 1e-300) << "Re " << re[i];
      EXPECT_NEAR(x[i], x_single[i], 1e-14 * x_single[i]);
      EXPECT_EQ(transition[i], transition_single[i]);
      EXPECT_EQ(lambda_only[i], lambda[i]);
      EXPECT_EQ(x_lambda_only[i], x[i]);
      if (i >= n / 2) {
        EXPECT_EQ(lambda_half[i - n / 2], lambda[i]);
        EXPECT_EQ(slope_half[i - n / 2], slope[i]);
      }
    }
  }
  EXPECT_LT(worst, 1e-14);
}

TEST(Friction, KnownValuesAndLaminarLimit) {
  // Moody chart / Colebrook: Re 1e5, k/D 1e-4 → λ ≈ 0.0185 (White, Fluid Mechanics, Ex. 6.x).
  EXPECT_NEAR(net::friction_factor(net::FrictionModel::colebrook, 1e5, 1e-4), 0.01851, 2e-4);
  // Swamee–Jain is within 1–2 % of Colebrook in its range.
  const double sj = net::friction_factor(net::FrictionModel::swamee_jain, 1e5, 1e-4);
  EXPECT_NEAR(sj / 0.01851, 1.0, 0.02);
  // Laminar Hagen–Poiseuille below Re 2000 for Colebrook and Swamee–Jain.
  EXPECT_DOUBLE_EQ(net::friction_factor(net::FrictionModel::colebrook, 1000.0, 1e-3), 0.064);
  EXPECT_DOUBLE_EQ(net::friction_factor(net::FrictionModel::swamee_jain, 500.0, 1e-3), 0.128);
  // Nikuradse (STANET): laminar term added to the fully rough value at every Re.
  const double rough = 1.0 / std::pow(-2.0 * std::log10(1e-3 / 3.71), 2);
  EXPECT_DOUBLE_EQ(net::friction_factor(net::FrictionModel::nikuradse, 1e4, 1e-3), 64.0 / 1e4 + rough);
}

TEST(Friction, ContinuousThroughTheTransition) {
  for (auto model : {net::FrictionModel::colebrook, net::FrictionModel::swamee_jain}) {
    double previous = net::friction_factor(model, 1900.0, 1e-3);
    for (double re = 1901.0; re < 2500.0; re += 1.0) {
      const double lambda = net::friction_factor(model, re, 1e-3);
      EXPECT_LT(std::abs(lambda - previous), 2e-4) << "jump at Re " << re;
      previous = lambda;
    }
  }
}

TEST(Friction, ReSlopeMatchesFiniteDifference) {
  for (auto model : {net::FrictionModel::colebrook, net::FrictionModel::swamee_jain, net::FrictionModel::nikuradse}) {
    for (double re : {800.0, 3e3, 5e4, 2e6}) {
      const double h = 1e-4;
      const double fd =
          (net::friction_factor(model, re * (1 + h), 1e-4) - net::friction_factor(model, re * (1 - h), 1e-4)) / (2 * h);
      EXPECT_NEAR(net::friction_factor_re_slope(model, re, 1e-4), fd, 1e-4 * std::abs(fd) + 1e-9);
    }
  }
  EXPECT_EQ(net::parse_friction_model("swamee-jain"), net::FrictionModel::swamee_jain);
  EXPECT_FALSE(net::parse_friction_model("hazen").has_value());
}

TEST(Hydraulics, SinglePipeMatchesDarcyWeisbach) {
  const double length = 1200.0, d = 0.1, k = 1e-4, m = 6.0;
  const auto n = one_pipe(length, d, k, m);
  const auto s = net::solve_hydraulics(n, {});
  ASSERT_TRUE(s.report.converged) << s.report.message;
  const double rho = 999.7, mu = 1.306e-3, area = std::numbers::pi / 4 * d * d;
  const double v = m / (rho * area);
  const double re = rho * v * d / mu;
  const double lambda = net::friction_factor(net::FrictionModel::colebrook, re, k / d);
  const double dp_bar = lambda * length / d * rho * v * v / 2 / 1e5;
  EXPECT_NEAR(s.mdot_kg_per_s[0], m, 1e-9);
  EXPECT_NEAR(s.v_mean_m_per_s[0], v, 1e-9);
  EXPECT_NEAR(s.pressure_bar[0] - s.pressure_bar[1], dp_bar, 1e-9);
  EXPECT_LE(s.report.iterations, 10);
}

/// Re and λ of the result are those of the final flows (reused from the last branch-law
/// evaluation, bit-identical to a fresh friction solve); the factorisation time is part of the
/// solve time.
TEST(Hydraulics, ResultFrictionFactorAndTimers) {
  const auto n = one_pipe(800.0, 0.08, 1e-4, 4.0);
  const auto s = net::solve_hydraulics(n, {});
  ASSERT_TRUE(s.report.converged) << s.report.message;
  const double area = std::numbers::pi / 4 * 0.08 * 0.08;
  const double re = std::abs(s.mdot_kg_per_s[0]) * 0.08 / (1.306e-3 * area);
  EXPECT_EQ(s.reynolds[0], re);
  EXPECT_EQ(s.friction_factor[0], net::friction_factor(net::FrictionModel::colebrook, re, 1e-4 / 0.08));
  EXPECT_GT(s.solve_seconds, 0.0);
  EXPECT_GE(s.factorize_seconds, 0.0);
  EXPECT_LE(s.factorize_seconds, s.solve_seconds);
}

TEST(Hydraulics, ParallelLaminarPipesSplitInverseToResistance) {
  // Two parallel pipes of lengths L and 3L in laminar flow: the flow splits 3 : 1.
  net::PipeNetwork n = water_at_10c();
  n.add_junction("a", 0.0);
  n.add_junction("b", 0.0);
  n.add_pipe("short", 0, 1, 100.0, 0.05, 0.0);
  n.add_pipe("long", 0, 1, 300.0, 0.05, 0.0);
  n.fixed_pressure_bar[0] = 2.0;
  n.withdrawal_kg_per_s[1] = 0.04;  // Re ≈ 780 in the short pipe
  const auto s = net::solve_hydraulics(n, {});
  ASSERT_TRUE(s.report.converged);
  EXPECT_NEAR(s.mdot_kg_per_s[0] / s.mdot_kg_per_s[1], 3.0, 1e-6);
  EXPECT_NEAR(s.mdot_kg_per_s[0] + s.mdot_kg_per_s[1], 0.04, 1e-12);
  EXPECT_LT(s.reynolds[0], 2000.0);
}

TEST(Hydraulics, HydrostaticHeadAndPumpLift) {
  // Plant at 0 m, pump (flat 3 bar lift), consumer 20 m higher, no flow-dependent loss in the
  // valve: p_consumer = p_plant + 3 bar − ρ g 20 m − pipe loss.
  net::PipeNetwork n = water_at_10c();
  n.add_junction("plant", 0.0);
  n.add_junction("after pump", 0.0);
  n.add_junction("hill", 20.0);
  n.add_pump("pump", 0, 1, {3.0});
  n.add_pipe("riser", 1, 2, 50.0, 0.2, 0.0);
  n.fixed_pressure_bar[0] = 1.0;
  n.withdrawal_kg_per_s[2] = 1.0;
  const auto s = net::solve_hydraulics(n, {});
  ASSERT_TRUE(s.report.converged) << s.report.message;
  EXPECT_NEAR(s.pressure_bar[1] - s.pressure_bar[0], 3.0, 1e-6);
  const double static_bar = 999.7 * 9.80665 * 20.0 / 1e5;
  EXPECT_NEAR(s.pressure_bar[1] - s.pressure_bar[2], static_bar, 2e-4);  // + tiny friction
  EXPECT_GT(s.pressure_bar[1] - s.pressure_bar[2], static_bar);
}

TEST(Hydraulics, WarmStartNeedsFewerIterations) {
  // A ring main with three consumers: the flow split is nonlinear, so a cold start needs several
  // Newton steps; a warm start from the previous hour's solution needs fewer.
  net::PipeNetwork n = water_at_10c();
  for (const char* id : {"plant", "a", "b", "c"}) n.add_junction(id, 0.0);
  n.add_pipe("p-a", 0, 1, 400.0, 0.1, 1e-4);
  n.add_pipe("a-b", 1, 2, 300.0, 0.08, 1e-4);
  n.add_pipe("b-c", 2, 3, 350.0, 0.08, 1e-4);
  n.add_pipe("c-p", 3, 0, 500.0, 0.1, 1e-4);
  n.fixed_pressure_bar[0] = 5.0;
  n.withdrawal_kg_per_s = {0.0, 3.0, 4.0, 2.0};
  net::HydraulicSolver solver(n, {});
  const auto cold = solver.solve();
  n.withdrawal_kg_per_s[2] = 4.1;  // same topology, slightly different demand
  const auto warm = solver.solve({}, &cold);
  ASSERT_TRUE(cold.report.converged && warm.report.converged);
  EXPECT_LT(warm.report.iterations, cold.report.iterations);
  EXPECT_NEAR(warm.mdot_kg_per_s[0] - warm.mdot_kg_per_s[3], 9.1, 1e-9);
}

TEST(Hydraulics, NonConvergenceIsReportedNotThrown) {
  const auto n = one_pipe(2000.0, 0.08, 1e-4, 4.0);
  net::HydraulicOptions options;
  options.max_iterations = 1;
  // One pipe is a tree, which the direct path solves in one pass (always converged); Newton's
  // report is what this test is about.
  EXPECT_TRUE(net::solve_hydraulics(n, options).report.converged);
  options.direct_tree_path = false;
  const auto s = net::solve_hydraulics(n, options);
  EXPECT_FALSE(s.report.converged);
  EXPECT_NE(s.report.message.find("no convergence"), std::string::npos);
}

TEST(Hydraulics, BadInputNamesTheElement) {
  auto expect_input_error = [](const net::PipeNetwork& n, const std::string& fragment) {
    try {
      (void)net::solve_hydraulics(n, {});
      ADD_FAILURE() << "expected an InputError mentioning " << fragment;
    } catch (const heattwin::InputError& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  auto no_source = one_pipe(100.0, 0.1, 1e-4, 1.0);
  no_source.fixed_pressure_bar[0] = net::NOT_SET;
  expect_input_error(no_source, "no junction with a fixed pressure");

  auto zero_length = one_pipe(0.0, 0.1, 1e-4, 1.0);
  expect_input_error(zero_length, "pipe 'p1': length 0");

  auto negative_diameter = one_pipe(100.0, -0.1, 1e-4, 1.0);
  expect_input_error(negative_diameter, "'p1': inner diameter -0.1");

  auto stranded = one_pipe(100.0, 0.1, 1e-4, 1.0);
  stranded.add_junction("island", 0.0);
  stranded.add_junction("island house", 0.0);
  stranded.add_pipe("island pipe", 2, 3, 50.0, 0.05, 1e-4);
  stranded.withdrawal_kg_per_s[3] = 0.5;
  expect_input_error(stranded, "'island house'");
}

TEST(Hydraulics, IsolatedPartWithoutDemandIsLeftOut) {
  auto n = one_pipe(100.0, 0.1, 1e-4, 1.0);
  n.add_junction("spare", 0.0);
  n.add_junction("spare end", 0.0);
  n.add_pipe("spare pipe", 2, 3, 50.0, 0.05, 1e-4);
  const auto s = net::solve_hydraulics(n, {});
  ASSERT_TRUE(s.report.converged);
  EXPECT_EQ(s.isolated_junction_count, 2U);
  EXPECT_TRUE(std::isnan(s.pressure_bar[3]));
  EXPECT_EQ(s.mdot_kg_per_s[1], 0.0);
}

TEST(Hydraulics, SameResultAtAnyThreadCount) {
  // A 30 × 30 meshed grid: results must be bit-identical with 1 and 2 threads.
  net::PipeNetwork n = water_at_10c();
  const int side = 30;
  for (int i = 0; i < side * side; ++i) n.add_junction("j" + std::to_string(i), 0.1 * (i % 7));
  for (int r = 0; r < side; ++r) {
    for (int c = 0; c < side; ++c) {
      const auto j = static_cast<std::uint32_t>(r * side + c);
      if (c + 1 < side) n.add_pipe("h", j, j + 1, 80.0 + (j % 5), 0.1, 1e-4);
      if (r + 1 < side) n.add_pipe("v", j, j + side, 90.0 + (j % 3), 0.08, 1e-4);
      n.withdrawal_kg_per_s[j] = 0.05;
    }
  }
  n.withdrawal_kg_per_s[0] = 0.0;
  n.fixed_pressure_bar[0] = 6.0;
#ifdef _OPENMP
  omp_set_num_threads(1);
#endif
  const auto one = net::solve_hydraulics(n, {});
#ifdef _OPENMP
  omp_set_num_threads(2);
#endif
  const auto two = net::solve_hydraulics(n, {});
  ASSERT_TRUE(one.report.converged) << one.report.message;
  EXPECT_EQ(one.mdot_kg_per_s, two.mdot_kg_per_s);
  EXPECT_EQ(one.pressure_bar, two.pressure_bar);
  // Mass balance at every junction.
  std::vector<double> balance(n.junction_count(), 0.0);
  for (std::size_t b = 0; b < n.branch_count(); ++b) {
    balance[n.from_junction[b]] -= one.mdot_kg_per_s[b];
    balance[n.to_junction[b]] += one.mdot_kg_per_s[b];
  }
  for (std::size_t j = 1; j < n.junction_count(); ++j) EXPECT_NEAR(balance[j], n.withdrawal_kg_per_s[j], 1e-10);
}

TEST(Thermal, ReversedPipeAndEnergyBalance) {
  // Pipe drawn against the flow: the outlet is at the from-junction.
  net::PipeNetwork n = water_at_10c();
  n.add_junction("house", 0.0);
  n.add_junction("plant", 0.0);
  n.add_pipe("back", 0, 1, 500.0, 0.08, 1e-4, 0.0, 1.0, 283.15, 4);
  n.fixed_pressure_bar[1] = 4.0;
  n.fixed_t_k[1] = 363.15;
  n.withdrawal_kg_per_s[0] = 2.0;
  net::ThermalOptions options;
  const auto result = net::solve_coupled(n, {}, options);
  ASSERT_TRUE(result.hydraulic.report.converged);
  EXPECT_LT(result.hydraulic.mdot_kg_per_s[0], 0.0);
  const double kappa = 1.0 * std::numbers::pi * 0.08 * 500.0 / (2.0 * 4196.0);
  const double expected = 283.15 + 80.0 * std::exp(-kappa);
  EXPECT_NEAR(result.thermal.branch_t_out_k[0], expected, 1e-9);
  EXPECT_NEAR(result.thermal.branch_t_from_k[0], expected, 1e-9);
  EXPECT_NEAR(result.thermal.junction_t_k[0], expected, 1e-9);
  EXPECT_NEAR(result.thermal.heat_loss_w, 2.0 * 4196.0 * (363.15 - expected), 1e-6);
  EXPECT_NEAR(result.thermal.balance_error_w, 0.0, 1e-6);
  const auto sections = net::pipe_section_temperatures_k(n, result.hydraulic, result.thermal, options, 0);
  ASSERT_EQ(sections.size(), 4U);
  EXPECT_NEAR(sections[0], expected, 1e-9);  // listed from the from-junction: the outlet first
  EXPECT_GT(sections[3], sections[0]);
}

TEST(Thermal, SectionModelConvergesToExact) {
  auto make = [](std::uint32_t sections) {
    net::PipeNetwork n = water_at_10c();
    n.add_junction("plant", 0.0);
    n.add_junction("house", 0.0);
    n.add_pipe("p", 0, 1, 1000.0, 0.05, 1e-4, 0.0, 10.0, 283.15, sections);
    n.fixed_pressure_bar[0] = 5.0;
    n.fixed_t_k[0] = 353.15;
    n.withdrawal_kg_per_s[1] = 1.0;
    return n;
  };
  net::ThermalOptions exact;
  net::ThermalOptions upwind;
  upwind.pipe_model = net::PipeThermalModel::sections;
  const double t_exact = net::solve_coupled(make(1), {}, exact).thermal.junction_t_k[1];
  double previous_error = 0.0;
  for (std::uint32_t s : {4U, 16U, 64U, 256U}) {
    const double error = std::abs(net::solve_coupled(make(s), {}, upwind).thermal.junction_t_k[1] - t_exact);
    if (previous_error > 0.0) {
      EXPECT_NEAR(previous_error / error, 4.0, 0.2);  // first order in 1/sections
    }
    previous_error = error;
  }
  EXPECT_LT(previous_error, 0.02);
}

TEST(Thermal, TemperatureDependentWaterIsCoupled) {
  net::PipeNetwork n;  // default fluid: tabulated water
  n.add_junction("plant", 0.0, 353.15);
  n.add_junction("house", 0.0, 353.15);
  n.add_pipe("p", 0, 1, 3000.0, 0.05, 1e-4, 0.0, 20.0, 283.15, 1);
  n.fixed_pressure_bar[0] = 6.0;
  n.fixed_t_k[0] = 363.15;
  n.withdrawal_kg_per_s[1] = 1.5;
  const auto result = net::solve_coupled(n, {}, {});
  ASSERT_TRUE(result.hydraulic.report.converged);
  EXPECT_GE(result.rounds, 2);
  const double t_mean = 0.5 * (result.thermal.branch_t_from_k[0] + result.thermal.branch_t_to_k[0]);
  const double rho = n.fluid.density_kg_per_m3(t_mean);
  EXPECT_NEAR(result.hydraulic.v_mean_m_per_s[0], 1.5 / (rho * std::numbers::pi / 4 * 0.0025), 1e-3);
}

TEST(FlatCase, MalformedFilesNameFileAndLine) {
  const auto dir = std::filesystem::temp_directory_path() / "heattwin_flat_case_bad";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "junctions.csv") << "idx,name,height_m\n0,a,0\n1,b,zero\n";
  try {
    (void)net::read_flat_case(dir);
    ADD_FAILURE() << "expected an InputError";
  } catch (const heattwin::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("junctions.csv:3"), std::string::npos) << e.what();
  }
  std::ofstream(dir / "junctions.csv") << "idx,name,height_m\n0,a,0\n1,b,0\n";
  std::ofstream(dir / "pipes.csv")
      << "idx,name,from_junction,to_junction,length_m,diameter_m,k_mm\n0,p,0,7,10,0.1,0.1\n";
  try {
    (void)net::read_flat_case(dir);
    ADD_FAILURE() << "expected an InputError";
  } catch (const heattwin::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("to_junction 7 is not a junction idx"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}
