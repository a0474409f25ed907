/// Transport delay (issue 21 §2; solvers/network/plug_flow.hpp, district_heating_plug_flow.hpp):
/// the step response of one pipe against its analytic solution (suite `network_plug_flow`), the
/// steady state against the quasi-static pipe law, and a network year whose energy balance closes
/// and whose steady hours equal the quasi-static series.

#include "solvers/network/district_heating.hpp"
#include "solvers/network/district_heating_plug_flow.hpp"
#include "solvers/network/plug_flow.hpp"
#include "tests/unit/validation_line.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

namespace net = heattwin::solvers::network;
using heattwin::test::ValidationLine;

namespace {

/// A 5 km DN 100 pipe (inner diameter 0.1 m) with U' = 0.28 W/(m·K) (series 1, docs/NETWORKS.md),
/// water of constant properties, 2 kg/s: residence 38,398 kg / 2 kg/s = 5.33 h.
struct StepCase {
  double rho = 977.8, cp = 4190.0, d_m = 0.1, length_m = 5000.0, mdot = 2.0;
  double alpha = 0.28 / (std::numbers::pi * 0.1);
  double t_ground = 283.15, t_initial = 323.15, t_inlet = 353.15;
  double mass() const { return rho * std::numbers::pi * d_m * d_m / 4.0 * length_m; }
  double tau() const { return rho * cp * d_m / (4.0 * alpha); }
  /// Mean outlet temperature over [a, b] (s) after the inlet steps from the initial temperature
  /// (the pipe uniformly at it, at rest before) to t_inlet at t = 0: the initial water leaves
  /// until t* = M/ṁ, each element cooled for its time in the pipe since t = 0; then the inflow,
  /// cooled over the residence t*.
  double analytic_mean_outlet(double a, double b) const {
    const double t_star = mass() / mdot, k = tau();
    double integral = 0.0;
    if (a < t_star) {
      const double e = std::min(b, t_star);
      integral += t_ground * (e - a) + (t_initial - t_ground) * k * (std::exp(-a / k) - std::exp(-e / k));
    }
    if (b > t_star) {
      const double s = std::max(a, t_star);
      integral += (b - s) * (t_ground + (t_inlet - t_ground) * std::exp(-t_star / k));
    }
    return integral / (b - a);
  }
};

/// Largest |hourly mean outlet − analytic| over `hours` hours with `substeps` steps per hour;
/// `arrival_error` gets the error of the hour the front arrives in.
double step_response_error(const StepCase& c, int hours, int substeps, double& arrival_error) {
  net::PlugFlowPipe pipe = net::uniform_plug_flow_pipe(c.mass(), c.t_initial);
  const double dt = 3600.0 / substeps;
  const double t_star = c.mass() / c.mdot;
  double worst = 0.0;
  for (int h = 0; h < hours; ++h) {
    double energy = 0.0, mass = 0.0;
    for (int s = 0; s < substeps; ++s) {
      const net::PlugFlowOutflow out = net::advance_plug_flow(pipe, c.mdot, c.t_inlet, dt, c.tau(), c.t_ground);
      energy += out.mass_kg * out.t_k;
      mass += out.mass_kg;
    }
    const double a = 3600.0 * h, b = a + 3600.0;
    const double err = std::abs(energy / mass - c.analytic_mean_outlet(a, b));
    if (a < t_star && b > t_star) arrival_error = err;
    worst = std::max(worst, err);
  }
  return worst;
}

}  // namespace

TEST(PlugFlowValidation, StepResponseOfOnePipeMatchesTheAnalyticSolution) {
  // The front arrives after M/ṁ = L/v = 5.33 h with the exponential loss exp(−t*/τ); the initial
  // water cools as it waits. The parcels carry the exact exponential profile of their elements,
  // so with the flow constant over each step (the model's assumption, true here) the hourly means
  // are exact: the tolerance is rounding (1e-9 K), in the hour of arrival as in the others.
  const StepCase c;
  double arrival = 0.0;
  const double worst = step_response_error(c, 12, 1, arrival);
  ValidationLine("network_plug_flow", "step_5km_dn100_1h", "outlet_t_arrival_hour")
      .field("t_arrival_h", c.mass() / c.mdot / 3600.0)
      .field("tau_h", c.tau() / 3600.0)
      .at_most("abs_err_k", arrival, 1e-9);
  ValidationLine("network_plug_flow", "step_5km_dn100_1h", "outlet_t_all_hours")
      .field("hours", 12)
      .at_most("abs_err_k", worst, 1e-9);
}

TEST(PlugFlowValidation, ShorterStepsGiveTheSameHourlyMeans) {
  // Six ten-minute steps per hour: the same exact solution, so the same hourly means.
  const StepCase c;
  double arrival_1 = 0.0, arrival_6 = 0.0;
  const double worst_1 = step_response_error(c, 12, 1, arrival_1);
  const double worst_6 = step_response_error(c, 12, 6, arrival_6);
  ValidationLine("network_plug_flow", "step_5km_dn100_10min", "outlet_t_all_hours")
      .field("err_1h_steps_k", worst_1)
      .at_most("abs_err_k", worst_6, 1e-9);
}

TEST(PlugFlowValidation, SteadyStateIsTheQuasiStaticPipeLaw) {
  // Once flushed, the outlet is T_g + (T_in − T_g)·exp(−α π D L/(ṁ c_p)) (the `exact` pipe model).
  const StepCase c;
  net::PlugFlowPipe pipe = net::uniform_plug_flow_pipe(c.mass(), c.t_initial);
  net::PlugFlowOutflow out;
  for (int h = 0; h < 10; ++h) out = net::advance_plug_flow(pipe, c.mdot, c.t_inlet, 3600.0, c.tau(), c.t_ground);
  const double law = c.t_ground + (c.t_inlet - c.t_ground) *
                                      std::exp(-c.alpha * std::numbers::pi * c.d_m * c.length_m / (c.mdot * c.cp));
  ValidationLine("network_plug_flow", "steady_5km_dn100", "outlet_t")
      .at_most("abs_err_k", std::abs(out.t_k - law), 1e-9);
  // Reverse flow: the same law from the other end.
  net::PlugFlowPipe back = net::uniform_plug_flow_pipe(c.mass(), c.t_initial);
  for (int h = 0; h < 10; ++h) out = net::advance_plug_flow(back, -c.mdot, c.t_inlet, 3600.0, c.tau(), c.t_ground);
  EXPECT_NEAR(out.t_k, law, 1e-9);
  // Stagnant water cools towards the ground with τ.
  net::PlugFlowPipe still = net::uniform_plug_flow_pipe(c.mass(), c.t_inlet);
  net::advance_plug_flow(still, 0.0, c.t_inlet, 3600.0, c.tau(), c.t_ground);
  EXPECT_NEAR(still.parcels.front().mean_t_k(), c.t_ground + (c.t_inlet - c.t_ground) * std::exp(-3600.0 / c.tau()),
              1e-12);
}

namespace {

/// plant → a (300 m) → b (600 m) and a → c (150 m); consumers at a, b, c (test_network_operation's feeder).
net::PipeNetwork feeder() {
  net::PipeNetwork n;
  n.fluid = net::FluidProperties::constant("water 70 °C", 977.8, 0.404e-3, 4190.0);
  for (const char* id : {"plant", "a", "b", "c"}) n.add_junction(id, 0.0, 353.15);
  n.add_pipe("plant-a", 0, 1, 300.0, 0.0703, 1e-4, 0.0, 1.2, 283.15);
  n.add_pipe("a-b", 1, 2, 600.0, 0.0217, 1e-4, 0.0, 1.0, 283.15);
  n.add_pipe("a-c", 1, 3, 150.0, 0.0372, 1e-4, 0.0, 1.5, 283.15);
  n.fixed_pressure_bar[0] = 6.0;
  n.fixed_t_k[0] = 353.15;
  return n;
}

const std::vector<net::DhConsumer> CONSUMERS{
    {"a", 1, 323.15, 333.15}, {"b", 2, 323.15, 333.15}, {"c", 3, 323.15, 333.15}};

}  // namespace

TEST(PlugFlowSeries, SteadyHoursEqualTheQuasiStaticSeriesAndTheBalanceCloses) {
  const auto constant = [](std::size_t, std::span<double> q) {
    q[0] = 150.0;
    q[1] = 12.0;
    q[2] = 30.0;
  };
  net::DhSeriesOptions o;
  o.temperature_tolerance_k = 1e-6;
  o.temperature_rounds = 50;
  const std::vector<double> ground{283.15};
  const net::DhSeriesResult quasi = net::simulate_district_heating(feeder(), CONSUMERS, 1, constant, ground, o);
  const net::DhSeriesResult plug =
      net::simulate_district_heating_plug_flow(feeder(), CONSUMERS, 48, constant, ground, o);
  const double rel = std::abs(plug.plant_heat_kw.back() - quasi.plant_heat_kw[0]) / quasi.plant_heat_kw[0];
  const double rel_loss = std::abs(plug.heat_loss_kw.back() - quasi.heat_loss_kw[0]) / quasi.heat_loss_kw[0];
  // Tolerance: both series stop their flow ↔ temperature rounds at 1e-6 K.
  ValidationLine("network_plug_flow", "feeder_steady_48h", "plant_heat_rel").at_most("rel_err", rel, 1e-8);
  ValidationLine("network_plug_flow", "feeder_steady_48h", "heat_loss_rel").at_most("rel_err", rel_loss, 1e-6);
  EXPECT_NEAR(plug.energy_balance_error_kwh, 0.0, 1e-9 * plug.plant_heat_mwh * 1000.0);
}

TEST(PlugFlowSeries, AColdStartArrivesLateAndTheBalanceClosesWithTheStoredHeat) {
  // Winter and summer hours alternate; the balance includes the heat the water holds.
  const auto seasonal = [](std::size_t hour, std::span<double> q) {
    const bool summer = (hour / 12) % 2 == 1;
    q[0] = summer ? 20.0 : 150.0;
    q[1] = summer ? 0.3 : 12.0;
    q[2] = summer ? 2.0 : 30.0;
  };
  net::DhSeriesOptions o;
  o.min_end_flow_kg_per_s = 0.01;
  std::vector<double> plant_t(96);
  for (std::size_t h = 0; h < plant_t.size(); ++h) plant_t[h] = h % 24 < 12 ? 353.15 : 343.15;
  o.plant_supply_t_k = plant_t;
  const std::vector<double> ground{283.15};
  const net::DhSeriesResult plug =
      net::simulate_district_heating_plug_flow(feeder(), CONSUMERS, 96, seasonal, ground, o);
  const net::DhSeriesResult quasi = net::simulate_district_heating(feeder(), CONSUMERS, 96, seasonal, ground, o);
  EXPECT_EQ(plug.unconverged_hours, 0u);
  EXPECT_NEAR(plug.energy_balance_error_kwh, 0.0, 1e-9 * plug.plant_heat_mwh * 1000.0);
  EXPECT_GT(plug.bypass_mass_t, 0.0);
  // Same order of magnitude as the quasi-static series (delivered heat is the demand in both).
  EXPECT_NEAR(plug.delivered_mwh, quasi.delivered_mwh, 0.02 * quasi.delivered_mwh);
  // b's supply in the hour after the plant's step down arrives later than quasi-statically: its
  // lowest temperature differs.
  EXPECT_NE(plug.min_supply_t_k[1], quasi.min_supply_t_k[1]);
}
