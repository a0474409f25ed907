/// DhTreeKernel (issue 21 §1): the hourly passes of a district-heating tree over breadth-first
/// arrays give the general path's states — the flows and the supply side bit for bit, the return
/// side to the last bits of its mixing sums — and simulate_district_heating's results with and
/// without the kernel agree to round-off.

#include "solvers/network/dh_tree_kernel.hpp"
#include "solvers/network/district_heating.hpp"
#include "solvers/network/hydraulics.hpp"
#include "solvers/network/thermal.hpp"
#include "solvers/network/vector_exp.hpp"
#include "tests/unit/validation_line.hpp"
#include "twin/random.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace net = heattwin::solvers::network;

namespace {

/// A random tree of `size` junctions: each new junction hangs at a random earlier one (branch
/// orientation random, so flows run against from → to too), the plant is junction `plant`, a
/// fifth of the pipes adiabatic, some with sections; consumers at about two thirds of the
/// junctions, so that some subtrees carry no flow (stagnant).
struct RandomTree {
  net::PipeNetwork network;
  std::vector<net::DhConsumer> consumers;
};
RandomTree random_tree(std::uint64_t seed, std::size_t size, std::uint32_t plant) {
  using heattwin::twin::splitmix64;
  using heattwin::twin::unit_interval;
  RandomTree t;
  net::PipeNetwork& n = t.network;
  for (std::size_t j = 0; j < size; ++j) n.add_junction("j" + std::to_string(j), 0.0, 353.15);
  // Junction k > 0 of the tree is network junction (k + plant) % size, so the plant is the root.
  for (std::size_t k = 1; k < size; ++k) {
    const auto j = static_cast<std::uint32_t>((k + plant) % size);
    const auto parent = static_cast<std::uint32_t>(
        (static_cast<std::size_t>(unit_interval(splitmix64(seed)) * static_cast<double>(k)) + plant) % size);
    const bool reversed = unit_interval(splitmix64(seed)) < 0.3;
    const double alpha = unit_interval(splitmix64(seed)) < 0.2 ? 0.0 : 0.5 + 2.0 * unit_interval(splitmix64(seed));
    const auto sections = static_cast<std::uint32_t>(1 + 3 * unit_interval(splitmix64(seed)));
    n.add_pipe("p" + std::to_string(k), reversed ? j : parent, reversed ? parent : j,
               20.0 + 300.0 * unit_interval(splitmix64(seed)), 0.03 + 0.1 * unit_interval(splitmix64(seed)), 1e-4, 0.0,
               alpha, 283.15, sections);
  }
  n.fixed_pressure_bar[plant] = 6.0;
  n.fixed_t_k[plant] = 358.15;
  for (std::uint32_t j = 0; j < size; ++j) {
    if (j != plant && unit_interval(splitmix64(seed)) < 0.65) {
      t.consumers.push_back({"c" + std::to_string(j), j, 318.15 + 5.0 * unit_interval(splitmix64(seed)), 333.15});
    }
  }
  return t;
}

/// The return side as simulate_district_heating builds it.
net::PipeNetwork mirrored(const net::PipeNetwork& supply) {
  net::PipeNetwork r = supply;
  std::swap(r.from_junction, r.to_junction);
  std::fill(r.fixed_t_k.begin(), r.fixed_t_k.end(), net::NOT_SET);
  std::fill(r.withdrawal_kg_per_s.begin(), r.withdrawal_kg_per_s.end(), 0.0);
  std::fill(r.injection_kg_per_s.begin(), r.injection_kg_per_s.end(), 0.0);
  return r;
}

double relative_difference(double a, double b) {
  if (a == b) return 0.0;
  return std::abs(a - b) / std::max({std::abs(a), std::abs(b), 1e-300});
}

/// Largest relative difference of the temperatures and heat flows of two thermal states (losses
/// relative to the larger of 1 W and the total loss: they are differences of close temperatures);
/// the stagnant counts must agree.
double thermal_difference(const net::ThermalState& a, const net::ThermalState& b) {
  EXPECT_EQ(a.junction_t_k.size(), b.junction_t_k.size());
  EXPECT_EQ(a.branch_heat_loss_w.size(), b.branch_heat_loss_w.size());
  if (a.junction_t_k.size() != b.junction_t_k.size() || a.branch_heat_loss_w.size() != b.branch_heat_loss_w.size()) {
    return std::numeric_limits<double>::infinity();
  }
  double worst = 0.0;
  for (std::size_t j = 0; j < a.junction_t_k.size(); ++j) {
    worst = std::max(worst, relative_difference(a.junction_t_k[j], b.junction_t_k[j]));
  }
  for (std::size_t k = 0; k < a.branch_heat_loss_w.size(); ++k) {
    worst = std::max(worst, relative_difference(a.branch_t_from_k[k], b.branch_t_from_k[k]));
    worst = std::max(worst, relative_difference(a.branch_t_to_k[k], b.branch_t_to_k[k]));
    worst = std::max(worst, relative_difference(a.branch_t_out_k[k], b.branch_t_out_k[k]));
    worst = std::max(
        worst, std::abs(a.branch_heat_loss_w[k] - b.branch_heat_loss_w[k]) / std::max(1.0, std::abs(a.heat_loss_w)));
  }
  worst = std::max(worst, relative_difference(a.heat_loss_w, b.heat_loss_w));
  worst = std::max(worst, relative_difference(a.boundary_heat_w, b.boundary_heat_w));
  worst = std::max(worst, relative_difference(a.withdrawn_heat_w, b.withdrawn_heat_w));
  worst = std::max(worst, relative_difference(a.cp_j_per_kgk, b.cp_j_per_kgk));
  EXPECT_EQ(a.stagnant_junction_count, b.stagnant_junction_count);
  return worst;
}

}  // namespace

TEST(DhTreeKernel, AppliesToTreesOfPipesWithOnePlantOnly) {
  RandomTree t = random_tree(1, 30, 0);
  EXPECT_TRUE(net::DhTreeKernel::applies(t.network));
  net::PipeNetwork loop = t.network;
  loop.add_pipe("loop", 3, 7, 50.0, 0.05, 1e-4);
  EXPECT_FALSE(net::DhTreeKernel::applies(loop));
  net::PipeNetwork two_plants = t.network;
  two_plants.fixed_pressure_bar[5] = 6.0;
  two_plants.fixed_t_k[5] = 358.15;
  EXPECT_FALSE(net::DhTreeKernel::applies(two_plants));
  net::PipeNetwork injection = t.network;
  injection.injection_kg_per_s[4] = 0.1;
  EXPECT_FALSE(net::DhTreeKernel::applies(injection));
  net::PipeNetwork isolated = t.network;
  isolated.add_junction("alone", 0.0);
  EXPECT_FALSE(net::DhTreeKernel::applies(isolated));
  net::PipeNetwork valve = t.network;
  valve.add_junction("behind valve", 0.0);
  valve.add_valve("v", 2, static_cast<std::uint32_t>(valve.junction_count() - 1), 0.05, 1.0);
  EXPECT_FALSE(net::DhTreeKernel::applies(valve));
}

TEST(DhTreeKernel, EqualsTheGeneralPathOnRandomTrees) {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    RandomTree t = random_tree(seed, 40 + 25 * seed, static_cast<std::uint32_t>(seed % 7));
    net::PipeNetwork& n = t.network;
    ASSERT_TRUE(net::DhTreeKernel::applies(n));
    net::PipeNetwork ret = mirrored(n);
    net::HydraulicSolver solver(n, {}), completing(n, {});
    ASSERT_TRUE(solver.uses_tree_path());
    net::DhTreeKernel kernel(n);
    net::ThermalSolver general_supply(n), general_return(ret);
    net::ThermalOptions options;
    options.pipe_model = seed % 2 == 0 ? net::PipeThermalModel::exact : net::PipeThermalModel::sections;
    std::uint64_t state = seed * 7919;
    double supply_difference = 0.0, return_difference = 0.0;
    for (int hour = 0; hour < 4; ++hour) {
      std::fill(n.withdrawal_kg_per_s.begin(), n.withdrawal_kg_per_s.end(), 0.0);
      std::fill(ret.injection_kg_per_s.begin(), ret.injection_kg_per_s.end(), 0.0);
      for (const net::DhConsumer& c : t.consumers) {
        // Some consumers draw nothing in some hours: stagnant subtrees come and go.
        const double u = heattwin::twin::unit_interval(heattwin::twin::splitmix64(state));
        const double m = u < 0.2 ? 0.0 : 0.02 + 0.5 * u;
        n.withdrawal_kg_per_s[c.junction] += m;
        ret.injection_kg_per_s[c.junction] += m;
        ret.injection_t_k[c.junction] = c.return_t_k;
      }
      std::fill(n.ambient_t_k.begin(), n.ambient_t_k.end(), 280.0 + hour);
      std::fill(ret.ambient_t_k.begin(), ret.ambient_t_k.end(), 280.0 + hour);
      const net::HydraulicState hyd = solver.solve();
      ASSERT_TRUE(hyd.report.converged);

      kernel.solve_flows();
      // The kernel's branch flows completed by a second solver (the same hours, so the same warm
      // starts of Colebrook) equal the first solver's own solve, bit for bit.
      net::HydraulicState completed;
      kernel.branch_flows(completed.mdot_kg_per_s);
      EXPECT_EQ(completed.mdot_kg_per_s, hyd.mdot_kg_per_s);
      completing.solve_tree_pressures(completed);
      EXPECT_EQ(completed.pressure_bar, hyd.pressure_bar);
      EXPECT_EQ(completed.v_mean_m_per_s, hyd.v_mean_m_per_s);
      EXPECT_EQ(completed.friction_factor, hyd.friction_factor);
      EXPECT_EQ(completed.boundary_inflow_kg_per_s, hyd.boundary_inflow_kg_per_s);
      EXPECT_TRUE(completed.report.converged);
      net::ThermalState supply;
      kernel.solve_supply_temperatures(options, supply);
      kernel.finish_supply(hyd, options, supply);
      const net::ThermalState expected_supply = general_supply.solve(hyd, options);
      supply_difference = std::max(supply_difference, thermal_difference(supply, expected_supply));

      net::HydraulicState reversed;
      reversed.mdot_kg_per_s = hyd.mdot_kg_per_s;
      reversed.boundary_inflow_kg_per_s = hyd.boundary_inflow_kg_per_s;
      for (double& b : reversed.boundary_inflow_kg_per_s) b = -b;
      reversed.junction_active = hyd.junction_active;
      net::ThermalState back;
      kernel.solve_return(ret, hyd, options, back);
      const net::ThermalState expected_return = general_return.solve(reversed, options);
      return_difference = std::max(return_difference, thermal_difference(back, expected_return));
    }
    const std::string name = "random_tree_seed" + std::to_string(seed);
    // The supply side takes the general path's operations in its order, but its exponentials
    // run as one vector pass (vector_exp.hpp: ≤ 3 ulp from std::exp on a CPU with AVX2): the
    // last bits, bit for bit where the scalar exp runs.
    heattwin::test::ValidationLine("network_tree_kernel", name, "supply_rel_vs_general")
        .field("hours", 4)
        .at_most("max_err", supply_difference, net::vector_exp_active() ? 1e-12 : 0.0);
    // The return side sums a junction's inflows in another order: the last bits.
    heattwin::test::ValidationLine("network_tree_kernel", name, "return_rel_vs_general")
        .field("hours", 4)
        .at_most("max_err", return_difference, 1e-13);
  }
}

TEST(DhTreeKernel, YearSeriesEqualsTheGeneralPath) {
  // simulate_district_heating with and without the kernel, with the supply curve and end
  // bypasses (every per-hour path of the series): the same results to round-off.
  RandomTree t = random_tree(42, 120, 3);
  const std::size_t hours = 72;
  const auto demand = [&](std::size_t h, std::span<double> q) {
    for (std::size_t c = 0; c < q.size(); ++c) {
      q[c] = (c + h) % 9 == 0 ? 0.0 : 5.0 + 40.0 * std::abs(std::sin(0.3 * static_cast<double>(h + 3 * c)));
    }
  };
  const std::vector<double> ground{281.15};
  net::DhSeriesOptions with;
  with.temperature_tolerance_k = 0.01;
  with.min_end_flow_kg_per_s = 0.02;
  with.plant_supply_t_k.resize(hours);
  for (std::size_t h = 0; h < hours; ++h) with.plant_supply_t_k[h] = 348.15 + 10.0 * (h % 24 < 12 ? 1.0 : 0.5);
  net::DhSeriesOptions without = with;
  without.tree_kernel = false;
  const auto a = net::simulate_district_heating(t.network, t.consumers, hours, demand, ground, with);
  const auto b = net::simulate_district_heating(t.network, t.consumers, hours, demand, ground, without);
  EXPECT_EQ(a.temperature_rounds, b.temperature_rounds);
  EXPECT_EQ(a.hours_below_min_supply_t, b.hours_below_min_supply_t);
  double worst = 0.0;
  auto compare = [&](const std::vector<double>& x, const std::vector<double>& y) {
    ASSERT_EQ(x.size(), y.size());
    for (std::size_t i = 0; i < x.size(); ++i) worst = std::max(worst, relative_difference(x[i], y[i]));
  };
  EXPECT_EQ(a.hours_above_velocity_limit, b.hours_above_velocity_limit);
  compare(a.plant_heat_kw, b.plant_heat_kw);
  compare(a.heat_loss_kw, b.heat_loss_kw);
  compare(a.pump_power_kw, b.pump_power_kw);
  compare(a.annual_heat_loss_kwh, b.annual_heat_loss_kwh);
  compare(a.delivered_kwh, b.delivered_kwh);
  compare(a.min_supply_t_k, b.min_supply_t_k);
  compare(a.junction_min_t_k, b.junction_min_t_k);
  compare(a.junction_min_pressure_bar, b.junction_min_pressure_bar);
  compare(a.peak_velocity_m_per_s, b.peak_velocity_m_per_s);
  compare(a.peak_pressure_gradient_pa_per_m, b.peak_pressure_gradient_pa_per_m);
  compare(a.peak_mdot_kg_per_s, b.peak_mdot_kg_per_s);
  worst = std::max(worst, relative_difference(a.plant_heat_mwh, b.plant_heat_mwh));
  worst = std::max(worst, relative_difference(a.bypass_return_heat_mwh, b.bypass_return_heat_mwh));
  EXPECT_GT(a.bypass_mass_t, 0.0);
  heattwin::test::ValidationLine("network_tree_kernel", "year_random_tree_120", "series_rel_vs_general")
      .field("hours", static_cast<int>(hours))
      .field("rounds", a.temperature_rounds)
      .at_most("max_err", worst, 1e-12);
}

/// The largest distance in ulp of the array function `vector_fn` from the scalar `scalar`, over
/// arrays of every tail length with values `draw(u)` (u uniform in [0, 1)); the in-place result
/// must equal the out-of-place one, and `special` (at position 1) must give `special_result`.
template <class VectorFn, class ScalarFn, class Draw>
double worst_ulp_of(VectorFn vector_fn, ScalarFn scalar, Draw draw, std::uint64_t seed, double special,
                    double special_result) {
  double worst_ulp = 0.0;
  for (const std::size_t n : std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 7, 1000, 1003}) {
    std::vector<double> x(n), out(n);
    for (double& v : x) v = draw(heattwin::twin::unit_interval(heattwin::twin::splitmix64(seed)));
    if (n > 2) x[1] = special;
    vector_fn(x, out);
    std::vector<double> in_place = x;
    vector_fn(in_place, in_place);
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_EQ(out[i], in_place[i]);
      const double expected = scalar(x[i]);
      if (expected == out[i]) continue;
      const double ulp = std::abs(std::nextafter(expected, 2.0 * expected + 1.0) - expected);
      worst_ulp = std::max(worst_ulp, std::abs(out[i] - expected) / (ulp > 0.0 ? ulp : 1e-300));
    }
    if (n > 2) {
      EXPECT_EQ(out[1], special_result);
    }
  }
  return worst_ulp;
}

TEST(VectorExp, WithinFourUlpOfStdExp) {
  // exp(−x) over the range of the marches' κ (0 … 800, beyond the underflow at 745), lengths that
  // leave every tail size, in place and out of place; exact at 0 and +∞.
  const double worst_ulp = worst_ulp_of(
      [](std::span<const double> x, std::span<double> out) { net::exp_negated(x, out); },
      [](double x) { return std::exp(-x); },
      [](double u) { return u < 0.5 ? 2.0 * u : std::exp(13.4 * u - 6.7); },  // half in [0, 1), half log-spread to 800
      2026, 0.0, 1.0);
  std::vector<double> inf{std::numeric_limits<double>::infinity()}, zero(1);
  net::exp_negated(inf, zero);
  EXPECT_EQ(zero[0], 0.0);
  heattwin::test::ValidationLine("network_tree_kernel", "vector_exp", "ulp_vs_std_exp")
      .field("vector", net::vector_exp_active() ? 1 : 0)
      .at_most("max_ulp", worst_ulp, 4.0);
}

TEST(VectorExp, LogWithinFourUlpOfStdLog) {
  // log(x) over the range of Colebrook's arguments a·x + b (1e-9 … 1) and beyond (1e-150 … 1e150),
  // lengths that leave every tail size, in place and out of place; exact at 1.
  const double worst_ulp = worst_ulp_of(
      [](std::span<const double> x, std::span<double> out) { net::log_of(x, out); },
      [](double x) { return std::log(x); },
      [](double u) { return u < 0.5 ? std::exp(-41.4 * u) : std::exp(1381.0 * (u - 0.75)); }, 2027, 1.0, 0.0);
  heattwin::test::ValidationLine("network_tree_kernel", "vector_log", "ulp_vs_std_log")
      .field("vector", net::vector_exp_active() ? 1 : 0)
      .at_most("max_ulp", worst_ulp, 4.0);
}

TEST(DhTreeOrder, RenumbersToTheKernelsBreadthFirstOrder) {
  // simulate_district_heating runs a tree's year renumbered (YearSeriesEqualsTheGeneralPath
  // compares its per-junction and per-branch results, mapped back, with the general path's).
  const RandomTree t = random_tree(42, 120, 3);
  const net::PipeNetwork& n = t.network;
  const net::DhTreeOrder order = net::dh_tree_order(n);
  ASSERT_EQ(order.junction.size(), n.junction_count());
  ASSERT_EQ(order.branch.size(), n.branch_count());
  EXPECT_FALSE(order.is_identity());
  const net::PipeNetwork r = net::reordered(n, order);
  EXPECT_TRUE(net::dh_tree_order(r).is_identity());
  EXPECT_TRUE(net::DhTreeKernel::applies(r));
  for (std::size_t k = 0; k < r.junction_count(); ++k) {
    EXPECT_EQ(r.junction_id[k], n.junction_id[order.junction[k]]);
    EXPECT_EQ(r.initial_t_k[k], n.initial_t_k[order.junction[k]]);
  }
  for (std::size_t k = 0; k < r.branch_count(); ++k) {
    const std::uint32_t old = order.branch[k];
    EXPECT_EQ(r.branch_id[k], n.branch_id[old]);
    EXPECT_EQ(r.junction_id[r.from_junction[k]], n.junction_id[n.from_junction[old]]);
    EXPECT_EQ(r.junction_id[r.to_junction[k]], n.junction_id[n.to_junction[old]]);
    EXPECT_EQ(r.length_m[k], n.length_m[old]);
    EXPECT_EQ(r.alpha_w_per_m2k[k], n.alpha_w_per_m2k[old]);
  }
}
