// Benchmarks of the solvers. Network: steady hydraulics + thermal of meshed street-grid networks
// (1e3 … 1e5 junctions), and a quasi-static hourly series with warm start. Inputs are built
// deterministically here, so every run measures the same networks.
//
// Counters: junctions_per_s (one steady solve), hours_per_s (time series), iterations,
// factorize_share (wall time in the numeric LDLᵀ factorisations / hydraulic solve time).
// Demand: the hourly 5R1C kernel on a synthetic stock (building_hours_per_s, 1 and 2 threads) and
// a naive per-building ISO 13790 loop on the same inputs for the ratio; the monthly balance for
// 1e3 … 1.2e6 synthetic buildings (12 months, buildings_per_s) and its naive per-building loop.

#include "benchmarks/designed_network_fixture.hpp"
#include "benchmarks/meshed_network_fixture.hpp"
#include "solvers/demand/hourly_5r1c.hpp"
#include "solvers/demand/monthly_balance.hpp"
#include "solvers/network/hydraulics.hpp"
#include "solvers/network/network_design.hpp"
#include "solvers/network/thermal.hpp"
#include "solvers/network/twin_network.hpp"

#include <benchmark/benchmark.h>
#include <omp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

namespace {

namespace net = heattwin::solvers::network;

using heattwin::bench::street_grid_network;

void network_steady_state(benchmark::State& state, const net::HydraulicOptions& options) {
  spdlog::set_level(spdlog::level::warn);
  const auto side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(state.range(0)))));
  const net::PipeNetwork network = street_grid_network(side);
  int iterations = 0, factorizations = 0;
  double factorize_s = 0.0, hydraulic_s = 0.0;
  for (auto _ : state) {
    net::HydraulicSolver solver(network, options);
    const auto hydraulic = solver.solve();
    const auto thermal = net::solve_thermal(network, hydraulic, {});
    if (!hydraulic.report.converged) state.SkipWithError("hydraulics did not converge");
    iterations = hydraulic.report.iterations;
    factorizations = hydraulic.factorizations;
    factorize_s += hydraulic.factorize_seconds;
    hydraulic_s += hydraulic.solve_seconds;
    benchmark::DoNotOptimize(thermal.heat_loss_w);
  }
  state.counters["junctions"] = static_cast<double>(network.junction_count());
  state.counters["pipes"] = static_cast<double>(network.branch_count());
  state.counters["newton_iterations"] = iterations;
  state.counters["factorizations"] = factorizations;
  // Share of the numeric factorisations in the hydraulic solve (wall time, excl. the analysis).
  state.counters["factorize_share"] = hydraulic_s > 0.0 ? factorize_s / hydraulic_s : 0.0;
  state.counters["junctions_per_s"] =
      benchmark::Counter(static_cast<double>(network.junction_count()), benchmark::Counter::kIsIterationInvariantRate);
}
void BM_NetworkSteadyState(benchmark::State& state) { network_steady_state(state, {}); }
/// The solver before issue 21 (plain Newton, max_factor_reuse = 0, cold Colebrook in every
/// evaluation) for the side-by-side ratio in the same run.
void BM_NetworkSteadyStateNewton(benchmark::State& state) {
  net::HydraulicOptions options;
  options.max_factor_reuse = 0;
  options.colebrook_warm_start = false;
  network_steady_state(state, options);
}
/// The current solver with Eigen's SimplicialLDLT (AMD) for every size instead of SeparatorLdlt
/// (HydraulicOptions::separator_factorization = false), for the side-by-side ratio in the same run.
void BM_NetworkSteadyStateAmd(benchmark::State& state) {
  net::HydraulicOptions options;
  options.separator_factorization = false;
  network_steady_state(state, options);
}
// 5,000 and 50,000 junctions are the issue-6 sizes of 10,000 (9,940) and 100,000 (99,904) pipes.
BENCHMARK(BM_NetworkSteadyStateNewton)->Arg(5000)->Arg(50000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NetworkSteadyStateAmd)->Arg(1000)->Arg(5000)->Arg(50000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NetworkSteadyState)
    ->Arg(1000)
    ->Arg(5000)
    ->Arg(10000)
    ->Arg(50000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond);

/// 168 quasi-static hours of a meshed street grid: demand follows a daily profile; each hour
/// warm-starts from the previous one and reuses the symbolic factorisation and (factor_reuse > 0)
/// the last numeric factor for chord steps (HydraulicOptions::max_factor_reuse).
void network_hourly_series(benchmark::State& state, int factor_reuse, bool colebrook_warm_start,
                           bool separator_factorization = true) {
  spdlog::set_level(spdlog::level::warn);
  const int hours = 168;
  const auto side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(state.range(0)))));
  net::PipeNetwork network = street_grid_network(side);
  const std::vector<double> base = network.withdrawal_kg_per_s;
  int total_iterations = 0, total_factorizations = 0;
  double factorize_s = 0.0, hydraulic_s = 0.0;
  net::HydraulicOptions options;
  options.max_factor_reuse = factor_reuse;
  options.colebrook_warm_start = colebrook_warm_start;
  options.separator_factorization = separator_factorization;
  for (auto _ : state) {
    net::HydraulicSolver solver(network, options);
    net::ThermalSolver thermal(network);
    net::HydraulicState previous;
    total_iterations = 0;
    total_factorizations = 0;
    double loss_j = 0.0;
    for (int h = 0; h < hours; ++h) {
      const double factor = 0.55 + 0.45 * std::sin(2.0 * 3.141592653589793 * (h % 24) / 24.0);
      for (std::size_t j = 0; j < base.size(); ++j) network.withdrawal_kg_per_s[j] = base[j] * factor;
      previous = solver.solve({}, h == 0 ? nullptr : &previous);
      if (!previous.report.converged) state.SkipWithError("hydraulics did not converge");
      total_iterations += previous.report.iterations;
      total_factorizations += previous.factorizations;
      factorize_s += previous.factorize_seconds;
      hydraulic_s += previous.solve_seconds;
      loss_j += thermal.solve(previous, {}).heat_loss_w * 3600.0;
    }
    benchmark::DoNotOptimize(loss_j);
  }
  state.counters["mean_iterations_per_hour"] = static_cast<double>(total_iterations) / hours;
  state.counters["factorizations_per_hour"] = static_cast<double>(total_factorizations) / hours;
  state.counters["factorize_share"] = hydraulic_s > 0.0 ? factorize_s / hydraulic_s : 0.0;
  state.counters["hours_per_s"] = benchmark::Counter(hours, benchmark::Counter::kIsIterationInvariantRate);
}
void BM_NetworkHourlySeries(benchmark::State& state) {
  network_hourly_series(state, net::HydraulicOptions{}.max_factor_reuse, net::HydraulicOptions{}.colebrook_warm_start);
}
/// The same by the solver before issue 21 (plain Newton with a factorisation in every iteration,
/// cold Colebrook in every evaluation): the side-by-side "before" of the same binary and run.
void BM_NetworkHourlySeriesNewton(benchmark::State& state) { network_hourly_series(state, 0, false); }
// 5,000 junctions = 9,940 pipes: the issue-6 year target is 8760 / hours_per_s.
BENCHMARK(BM_NetworkHourlySeries)->Arg(1000)->Arg(5000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NetworkHourlySeriesNewton)->Arg(5000)->Unit(benchmark::kMillisecond);
/// The default solver with Eigen's SimplicialLDLT (AMD) at every size, for the ratio in the same run.
void BM_NetworkHourlySeriesAmd(benchmark::State& state) {
  network_hourly_series(state, net::HydraulicOptions{}.max_factor_reuse, net::HydraulicOptions{}.colebrook_warm_start,
                        false);
}
BENCHMARK(BM_NetworkHourlySeriesAmd)->Arg(5000)->Unit(benchmark::kMillisecond);

/// The meshed year as the product runs it (issue 21 §1): simulate_district_heating on the street
/// grid of range(0) junctions for range(1) hours (8760: the year), a consumer at every junction
/// but the plants (benchmarks/meshed_network_fixture.hpp) with the designed benchmark's demand
/// profile (a cosine over the year × a day profile) and heattwin run's operation (supply
/// temperatures to 0.01 K, a supply curve 80 → 65 °C, bypasses at the ends): hydraulics,
/// flow ↔ temperature rounds and the return side per hour, fixed blocks of 730 hours over the
/// threads. Its wall time is the year's time, its CPU time that of all threads.
void meshed_network_year(benchmark::State& state, std::size_t round_acceleration_depth) {
  spdlog::set_level(spdlog::level::warn);
  const auto side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(state.range(0)))));
  const auto hours = static_cast<std::size_t>(state.range(1));
  const heattwin::bench::MeshedNetwork grid = heattwin::bench::meshed_network(side);
  const net::DemandOfHour demand = heattwin::bench::year_demand(grid.peak_kw);
  const std::vector<double> ground{283.15};
  net::DhSeriesOptions options = heattwin::bench::operated_series_options(hours);
  options.round_acceleration_depth = round_acceleration_depth;
  net::DhSeriesResult r;
  for (auto _ : state) {
    r = net::simulate_district_heating(grid.supply, grid.consumers, hours, demand, ground, options);
    if (r.unconverged_hours > 0) state.SkipWithError("an hour did not converge");
    benchmark::DoNotOptimize(r.plant_heat_mwh);
  }
  const double solves = static_cast<double>(r.temperature_rounds);
  state.counters["pipes"] = static_cast<double>(grid.supply.branch_count());
  state.counters["consumers"] = static_cast<double>(grid.consumers.size());
  state.counters["rounds_per_hour"] = solves / static_cast<double>(hours);
  state.counters["mean_iterations_per_hour"] = static_cast<double>(r.newton_iterations) / static_cast<double>(hours);
  state.counters["factorizations_per_hour"] = static_cast<double>(r.factorizations) / static_cast<double>(hours);
  state.counters["plant_heat_mwh"] = r.plant_heat_mwh;
  state.counters["heat_loss_mwh"] = r.heat_loss_mwh;
  state.counters["balance_rel_err"] = std::abs(r.energy_balance_error_kwh) / (r.plant_heat_mwh * 1000.0);
  state.counters["hours_per_s"] =
      benchmark::Counter(static_cast<double>(hours), benchmark::Counter::kIsIterationInvariantRate);
}
void BM_MeshedNetworkYear(benchmark::State& state) {
  meshed_network_year(state, net::DhSeriesOptions{}.round_acceleration_depth);
}
/// The same with the per-consumer secant step of the rounds instead of their Anderson
/// acceleration (DhSeriesOptions::round_acceleration_depth = 0, before issue 21's seventh pass).
void BM_MeshedNetworkYearSecant(benchmark::State& state) { meshed_network_year(state, 0); }
// /5000/8760: the issue-21 target (9,940 pipes, a year ≤ 30 s); /1000/730 one block (ctest smoke);
// /5000/730 the target grid's first block (January: the rounds of the heating season).
BENCHMARK(BM_MeshedNetworkYear)
    ->Args({1000, 730})
    ->Args({5000, 730})
    ->Args({5000, 8760})
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Iterations(1);
BENCHMARK(BM_MeshedNetworkYearSecant)
    ->Args({5000, 730})
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Iterations(1);

// ---------------------------------------------------------------- network design

using heattwin::bench::design_input;
using heattwin::bench::DesignInput;
using heattwin::bench::halton;

/// Design (routing + sizing) for n buildings: range(1) = 1 along a street grid, 0 spanning tree.
void BM_NetworkDesign(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const DesignInput in = design_input(n, state.range(1) == 1);
  const net::NetworkDesignOptions options;
  for (auto _ : state) {
    auto d = net::design_network({in.x, in.y, in.peak, in.annual}, {in.sx0, in.sy0, in.sx1, in.sy1}, options);
    benchmark::DoNotOptimize(d.route_length_m);
  }
  const auto d = net::design_network({in.x, in.y, in.peak, in.annual}, {in.sx0, in.sy0, in.sx1, in.sy1}, options);
  state.counters["streets"] = static_cast<double>(in.sx0.size());
  state.counters["route_km"] = d.route_length_m / 1000.0;
  state.counters["buildings_per_s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_NetworkDesign)
    ->Args({1000, 1})
    ->Args({10000, 1})
    ->Args({1000, 0})
    ->Args({10000, 0})
    ->Unit(benchmark::kMillisecond);

/// A year (8760 h) of a designed network (a tree along the streets) of n buildings with a
/// mirrored return side; demand follows a cosine over the year plus a day profile. 150 is the
/// demo's size (321 pipes), 10,000 the issue-21 size. `direct_tree_path` false forces Newton on the
/// same tree (the solver before issue 21), for the ratio in the same run.
/// `operated`: with the issue-21 §3 operation, a supply-temperature curve (80 °C in winter, 65 °C in
/// summer, following the same cosine) and 0.02 kg/s minimum flow through every end consumer.
/// `rounds` > 0 caps the flow ↔ temperature rounds per hour (1: flows from the previous hour's
/// supply temperatures, one pass per hour: faster, not the converged hour; for the comparison).
/// `tree_kernel` false: the general tree path (HydraulicSolver::solve_tree_flows + ThermalSolver)
/// instead of DhTreeKernel, for the side-by-side ratio in the same run. `sequential`: all hours in
/// one block (DhSeriesOptions::hours_per_block = 0, one thread), the year before the blocks of hours.
/// `feed_in`: a second plant at the last consumer's junction feeding a quarter of each hour's
/// demand (issue 21 §2, solvers/network/dh_feed_in.hpp): the general path with two sources.
void designed_network_year(benchmark::State& state, bool direct_tree_path, bool operated = false, int rounds = 0,
                           bool tree_kernel = true, bool sequential = false, bool feed_in = false) {
  spdlog::set_level(spdlog::level::warn);
  const auto n = static_cast<std::size_t>(state.range(0));
  const heattwin::bench::DesignedNetwork designed = heattwin::bench::designed_network(n);
  const auto& model = designed.model;
  const std::size_t hours = 8760;
  const net::DemandOfHour demand = heattwin::bench::year_demand(designed.peak_kw);
  const std::vector<double> ground{283.15};
  double balance = 0.0;
  int iterations = 0;
  double rounds_per_hour = 0.0;
  double plant_heat_mwh = 0.0, heat_loss_mwh = 0.0, peak_plant_heat_kw = 0.0;
  // As heattwin run: 0.01 K; `operated` adds its supply curve and end bypasses.
  net::DhSeriesOptions series_options = heattwin::bench::operated_series_options(hours);
  if (!operated) {
    series_options.min_end_flow_kg_per_s = 0.0;
    series_options.plant_supply_t_k.clear();
  }
  series_options.hydraulic.direct_tree_path = direct_tree_path;
  if (rounds > 0) series_options.temperature_rounds = rounds;
  series_options.tree_kernel = tree_kernel;
  if (sequential) series_options.hours_per_block = 0;
  if (feed_in) {
    std::vector<double> q(model.consumers.size()), fed(hours);
    for (std::size_t h = 0; h < hours; ++h) {
      demand(h, q);
      for (const double v : q) fed[h] += 0.25 * v;
    }
    series_options.feed_ins = {{"feed-in", model.consumers.back().junction, fed}};
  }
  for (auto _ : state) {
    const auto r = net::simulate_district_heating(model.supply, model.consumers, hours, demand, ground, series_options);
    balance = r.energy_balance_error_kwh / (r.plant_heat_mwh * 1000.0);
    iterations = r.max_newton_iterations;
    rounds_per_hour = static_cast<double>(r.temperature_rounds) / static_cast<double>(hours);
    plant_heat_mwh = r.plant_heat_mwh;
    heat_loss_mwh = r.heat_loss_mwh;
    peak_plant_heat_kw = r.peak_plant_heat_kw;
    benchmark::DoNotOptimize(balance);
  }
  state.counters["rounds_per_hour"] = rounds_per_hour;
  state.counters["plant_heat_mwh"] = plant_heat_mwh;
  state.counters["heat_loss_mwh"] = heat_loss_mwh;
  state.counters["peak_plant_heat_kw"] = peak_plant_heat_kw;
  state.counters["consumers"] = static_cast<double>(model.consumers.size());
  state.counters["pipes"] = static_cast<double>(model.supply.branch_count());
  state.counters["tree_path"] = net::HydraulicSolver(model.supply, series_options.hydraulic).uses_tree_path() ? 1 : 0;
  state.counters["max_newton_iterations"] = iterations;
  state.counters["balance_rel_err"] = std::abs(balance);
  state.counters["hours_per_s"] =
      benchmark::Counter(static_cast<double>(hours), benchmark::Counter::kIsIterationInvariantRate);
}
void BM_DesignedNetworkYear(benchmark::State& state) { designed_network_year(state, true); }
void BM_DesignedNetworkYearNewton(benchmark::State& state) { designed_network_year(state, false); }
void BM_DesignedNetworkYearOperated(benchmark::State& state) { designed_network_year(state, true, true); }
void BM_DesignedNetworkYearOneRound(benchmark::State& state) { designed_network_year(state, true, false, 1); }
void BM_DesignedNetworkYearGeneral(benchmark::State& state) { designed_network_year(state, true, false, 0, false); }
void BM_DesignedNetworkYearSequential(benchmark::State& state) {
  designed_network_year(state, true, false, 0, true, true);
}
void BM_DesignedNetworkYearFeedIn(benchmark::State& state) {
  designed_network_year(state, true, false, 0, true, false, true);
}
// /1000 is the smoke size (ctest); 10,000 consumers is the issue-21 target (≤ 10 s). The blocks of
// hours run on all threads: CPU time is the process's (all threads), the year's time is the wall time.
BENCHMARK(BM_DesignedNetworkYear)
    ->Arg(150)
    ->Arg(1000)
    ->Arg(2000)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Iterations(1);
// The year in one sequential block (before issue 21's blocks of hours), same run: the difference
// of the results (plant heat, losses) and the ratio.
BENCHMARK(BM_DesignedNetworkYearSequential)
    ->Arg(150)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Iterations(1);
BENCHMARK(BM_DesignedNetworkYearNewton)->Arg(150)->Arg(2000)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_DesignedNetworkYearOperated)->Arg(150)->Arg(1000)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_DesignedNetworkYearOneRound)->Arg(150)->Unit(benchmark::kMillisecond)->Iterations(1);
// The tree path before DhTreeKernel (issue 21 §1), same run: the ratio of the kernel.
BENCHMARK(BM_DesignedNetworkYearGeneral)->Arg(150)->Arg(2000)->Unit(benchmark::kMillisecond)->Iterations(1);
// Two plants (a feed-in at the far end), issue 21 §2: the general path with several sources.
BENCHMARK(BM_DesignedNetworkYearFeedIn)->Arg(150)->Arg(2000)->Unit(benchmark::kMillisecond)->Iterations(1);

// ---------------------------------------------------------------- demand: hourly 5R1C

namespace dm = heattwin::solvers::demand;
constexpr std::size_t YEAR_HOURS = 8760;

/// Deterministic synthetic stock: sizes, envelopes and apertures vary by a Weyl sequence; up to
/// 218 regions (Sachsen-Anhalt's municipalities, at least 500 buildings each) in contiguous runs,
/// 4 use schedules.
dm::Rc5Buildings synthetic_stock(std::size_t n) {
  dm::Rc5Buildings b;
  for (std::size_t i = 0; i < n; ++i) {
    const double u = std::fmod(static_cast<double>(i) * 0.6180339887498949, 1.0);
    const double v = std::fmod(static_cast<double>(i) * 0.7548776662466927, 1.0);
    dm::Rc5Zone z;
    z.floor_area_m2 = 80.0 + 900.0 * u * u;
    z.internal_surface_area_m2 = 4.5 * z.floor_area_m2;
    z.effective_mass_area_m2 = (2.5 + v) * z.floor_area_m2;
    z.heat_capacity_j_per_k = (110000.0 + 150000.0 * v) * z.floor_area_m2;
    z.window_h_w_per_k = (0.2 + 0.3 * v) * z.floor_area_m2;
    z.opaque_h_w_per_k = (0.4 + 1.2 * u) * z.floor_area_m2;
    z.ground_h_w_per_k = 0.15 * z.opaque_h_w_per_k;
    z.ventilation_h_w_per_k = 0.34 * 0.6 * 2.5 * z.floor_area_m2;
    z.internal_gains_w = 3.0 * z.floor_area_m2;
    z.solar_aperture_m2.assign(9, 0.0);
    for (std::size_t k = 0; k < 8; ++k) {
      z.solar_aperture_m2[k] = 0.02 * z.floor_area_m2 * (1.0 + 0.5 * std::cos(static_cast<double>(k) + 6.0 * u));
    }
    z.schedule = static_cast<std::uint32_t>(i * 4 / std::max<std::size_t>(n, 1));
    const std::size_t regions = std::clamp<std::size_t>(n / 500, 1, 218);
    z.region = static_cast<std::uint32_t>(i * regions / n);
    b.append(z, "b");
  }
  return b;
}

dm::Rc5Schedules synthetic_schedules() {
  dm::Rc5Schedules s;
  for (int k = 0; k < 4; ++k) {
    std::vector<double> heat(YEAR_HOURS), cool(YEAR_HOURS), gains(YEAR_HOURS), vent(YEAR_HOURS, 1.0);
    for (std::size_t h = 0; h < YEAR_HOURS; ++h) {
      const std::size_t hour = h % 24;
      heat[h] = (hour >= 22 || hour < 6) ? 18.0 - k : 20.0;
      cool[h] = k == 3 ? 26.0 : std::numeric_limits<double>::infinity();
      gains[h] = (hour >= 7 && hour < 22) ? 1.0 : 0.5;
    }
    s.heating_setpoint_c.push_back(heat);
    s.cooling_setpoint_c.push_back(cool);
    s.internal_gain_fraction.push_back(gains);
    s.ventilation_fraction.push_back(vent);
  }
  return s;
}

dm::Rc5Climate synthetic_year() {
  dm::Rc5Climate c;
  c.outdoor_c.resize(YEAR_HOURS);
  c.ground_c.assign(YEAR_HOURS, 10.0);
  c.month.resize(YEAR_HOURS);
  c.solar_w_per_m2.assign(9, std::vector<double>(YEAR_HOURS, 0.0));
  constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  std::size_t h = 0;
  for (int m = 0; m < 12; ++m) {
    for (int k = 0; k < days[m] * 24; ++k) c.month[h++] = m + 1;
  }
  for (h = 0; h < YEAR_HOURS; ++h) {
    const double day = static_cast<double>(h) / 24.0, hour = static_cast<double>(h % 24);
    c.outdoor_c[h] = 9.0 - 10.0 * std::cos(2 * std::numbers::pi * (day - 15.0) / 365.0) -
                     4.0 * std::cos(2 * std::numbers::pi * (hour - 3.0) / 24.0);
    for (std::size_t k = 0; k < 9; ++k) {
      c.solar_w_per_m2[k][h] =
          std::max(0.0, 400.0 * std::sin(std::numbers::pi * (hour - 5.0 - static_cast<double>(k % 8)) / 12.0));
    }
  }
  return c;
}

/// The production kernel: Arg(0) buildings × 8760 h, Arg(1) threads.
void BM_Hourly5R1C(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const int threads = static_cast<int>(state.range(1));
  const auto buildings = synthetic_stock(n);
  const auto schedules = synthetic_schedules();
  const auto climate = synthetic_year();
  const int saved = omp_get_max_threads();
  omp_set_num_threads(threads);
  for (auto _ : state) {
    auto r = dm::simulate_5r1c(buildings, schedules, climate);
    benchmark::DoNotOptimize(r.annual_heating_kwh.data());
  }
  omp_set_num_threads(saved);
  state.counters["threads"] = threads;
  state.counters["building_hours_per_s"] =
      benchmark::Counter(static_cast<double>(n * YEAR_HOURS), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Hourly5R1C)
    ->Args({1000, 2})
    ->Args({10000, 1})
    ->Args({100000, 1})
    ->Args({100000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

/// The kernel's instruction-set variants side by side (one run of the binary, so the ratios hold
/// on a busy machine): Arg(0) buildings, Arg(1) threads, Arg(2) variant (0 baseline, 1 AVX2,
/// 2 AVX-512). A variant the CPU lacks is skipped. The product runs `automatic`, the widest.
void BM_Hourly5R1CIsa(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const int threads = static_cast<int>(state.range(1));
  constexpr dm::Rc5KernelIsa variants[] = {dm::Rc5KernelIsa::baseline, dm::Rc5KernelIsa::avx2,
                                           dm::Rc5KernelIsa::avx512};
  dm::Rc5Options options;
  options.isa = variants[state.range(2)];
  if (!dm::rc5_kernel_isa_supported(options.isa)) {
    state.SkipWithError("variant not supported by this CPU");
    return;
  }
  const auto buildings = synthetic_stock(n);
  const auto schedules = synthetic_schedules();
  const auto climate = synthetic_year();
  const int saved = omp_get_max_threads();
  omp_set_num_threads(threads);
  for (auto _ : state) {
    auto r = dm::simulate_5r1c(buildings, schedules, climate, options);
    benchmark::DoNotOptimize(r.annual_heating_kwh.data());
  }
  omp_set_num_threads(saved);
  state.SetLabel(std::string(dm::to_string(options.isa)));
  state.counters["threads"] = threads;
  state.counters["building_hours_per_s"] =
      benchmark::Counter(static_cast<double>(n * YEAR_HOURS), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Hourly5R1CIsa)
    ->Args({100000, 1, 0})
    ->Args({100000, 1, 1})
    ->Args({100000, 1, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

/// The production kernel with a second grouping of the hourly sums (100 m cells): Arg(0)
/// buildings, Arg(1) threads, Arg(2) buildings per cell. Cells are contiguous runs of that many
/// buildings (demand_run sorts a municipality's buildings by use class and cell), or, with a
/// negative Arg(2), scattered: building i in cell (i · 7919) mod (n / |Arg(2)|), the worst case
/// of one run per building. Compare with BM_Hourly5R1C at the same size and threads.
void BM_Hourly5R1CCells(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const int threads = static_cast<int>(state.range(1));
  const std::int64_t per_cell = state.range(2);
  const auto buildings = synthetic_stock(n);
  const auto schedules = synthetic_schedules();
  const auto climate = synthetic_year();
  dm::Rc5Options options;
  std::vector<std::uint32_t> cell(n);
  const auto cells =
      static_cast<std::size_t>(std::max<std::int64_t>(1, static_cast<std::int64_t>(n) / std::abs(per_cell)));
  for (std::size_t i = 0; i < n; ++i) {
    cell[i] = static_cast<std::uint32_t>(per_cell > 0 ? i / static_cast<std::size_t>(per_cell) : (i * 7919) % cells);
  }
  options.hourly_groupings.push_back(cell);
  const int saved = omp_get_max_threads();
  omp_set_num_threads(threads);
  for (auto _ : state) {
    auto r = dm::simulate_5r1c(buildings, schedules, climate, options);
    benchmark::DoNotOptimize(r.grouping_sums.data());
  }
  omp_set_num_threads(saved);
  state.counters["threads"] = threads;
  state.counters["cells"] = static_cast<double>(cells);
  state.counters["building_hours_per_s"] =
      benchmark::Counter(static_cast<double>(n * YEAR_HOURS), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Hourly5R1CCells)
    ->Args({1000, 2, 8})
    ->Args({100000, 2, 8})
    ->Args({100000, 2, -8})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

/// Naive reference in the same run: one building at a time over the year, the literal ISO 13790
/// C.4 procedure (free-floating run, 10 W/m² probe, interpolated power, final run), array of
/// structures. Same inputs as BM_Hourly5R1C; the ratio of the two rates is the kernel's speed-up.
void BM_Hourly5R1CNaive(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto b = synthetic_stock(n);
  const auto s = synthetic_schedules();
  const auto c = synthetic_year();
  struct Building {
    double hw, hem, his, hms, hve, cap, am, st, gs, gains, conv, area;
    std::uint32_t schedule;
    std::vector<double> aperture;
  };
  std::vector<Building> stock;
  for (std::size_t i = 0; i < n; ++i) {
    Building x{b.h_tr_w_w_per_k[i],
               b.h_tr_em_w_per_k[i],
               b.h_tr_is_w_per_k[i],
               b.h_tr_ms_w_per_k[i],
               b.h_ve_w_per_k[i],
               b.heat_capacity_j_per_k[i],
               b.mass_share[i],
               b.surface_share[i],
               b.ground_share[i],
               b.internal_gains_w[i],
               b.internal_convective_fraction[i],
               b.floor_area_m2[i],
               b.schedule[i],
               {}};
    for (const auto& channel : b.solar_aperture_m2) x.aperture.push_back(channel[i]);
    stock.push_back(std::move(x));
  }
  for (auto _ : state) {
    double total = 0.0;
    for (const auto& x : stock) {
      double tm_prev = 20.0;
      for (std::size_t h = 0; h < YEAR_HOURS; ++h) {
        double solar = 0.0;
        for (std::size_t k = 0; k < x.aperture.size(); ++k) solar += x.aperture[k] * c.solar_w_per_m2[k][h];
        const double te = c.outdoor_c[h], tg = c.ground_c[h];
        const double phi_int = x.gains * s.internal_gain_fraction[x.schedule][h];
        const double phi_ia = x.conv * phi_int, radiant = (1 - x.conv) * phi_int + solar;
        const double phi_m = x.am * radiant, phi_st = x.st * radiant, te_em = te + x.gs * (tg - te);
        auto run = [&](double phi_hc, double& tm_end) {
          const double h1 = 1.0 / (1.0 / x.hve + 1.0 / x.his), h2 = h1 + x.hw, h3 = 1.0 / (1.0 / h2 + 1.0 / x.hms);
          const double mtot =
              phi_m + x.hem * te_em + h3 * (phi_st + x.hw * te + h1 * ((phi_ia + phi_hc) / x.hve + te)) / h2;
          tm_end = (tm_prev * (x.cap / 3600 - 0.5 * (h3 + x.hem)) + mtot) / (x.cap / 3600 + 0.5 * (h3 + x.hem));
          const double tm = 0.5 * (tm_end + tm_prev);
          const double ts =
              (x.hms * tm + phi_st + x.hw * te + h1 * (te + (phi_ia + phi_hc) / x.hve)) / (x.hms + x.hw + h1);
          return (x.his * ts + x.hve * te + phi_ia + phi_hc) / (x.his + x.hve);
        };
        double tm_end = 0.0;
        const double t0 = run(0.0, tm_end);
        const double set_h = s.heating_setpoint_c[x.schedule][h], set_c = s.cooling_setpoint_c[x.schedule][h];
        double phi = 0.0;
        if (t0 < set_h || t0 > set_c) {
          const double probe = 10.0 * x.area;
          const double t10 = run(probe, tm_end);
          const double target = t0 < set_h ? set_h : set_c;
          phi = probe * (target - t0) / (t10 - t0);
        }
        run(phi, tm_end);
        tm_prev = tm_end;
        total += phi;
      }
    }
    benchmark::DoNotOptimize(total);
  }
  state.counters["building_hours_per_s"] =
      benchmark::Counter(static_cast<double>(n * YEAR_HOURS), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Hourly5R1CNaive)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- Monthly heating balance -------------------------------------------------------------------

/// A residential stock: 80 … 1500 m², h_tr 0.2 … 3 W/(m²K), h_ve 0.3 … 0.6 W/(m²K), c_m 45 … 130
/// Wh/(m²K), 2.5 … 4 W/m² internal gains, set-points 18 … 21 °C, windows in all eight directions.
dm::MonthlyBuildingInputs monthly_stock(std::size_t count) {
  dm::MonthlyBuildingInputs in;
  in.resize(count);
  constexpr std::array<std::size_t, 14> PRIMES{2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43};
  for (std::size_t i = 0; i < count; ++i) {
    const double area = 80.0 + 1420.0 * halton(i, PRIMES[0]);
    in.conditioned_floor_area_m2[i] = area;
    in.h_tr_w_per_k[i] = area * (0.2 + 2.8 * halton(i, PRIMES[1]));
    in.h_ve_w_per_k[i] = area * (0.3 + 0.3 * halton(i, PRIMES[2]));
    in.internal_capacity_j_per_k[i] = area * 3600.0 * (45.0 + 85.0 * halton(i, PRIMES[3]));
    in.internal_gains_w_per_m2[i] = 2.5 + 1.5 * halton(i, PRIMES[4]);
    in.setpoint_heating_c[i] = 18.0 + 3.0 * halton(i, PRIMES[5]);
    in.solar_aperture_horizontal_m2[i] = 0.005 * area * halton(i, PRIMES[6]);
    for (std::size_t k = 0; k < dm::ORIENTATION_COUNT; ++k) {
      in.solar_aperture_vertical_m2[k][i] = 0.02 * area * halton(i, PRIMES[7 + k % 7]);
    }
  }
  return in;
}

/// Twelve months of a central German climate (θ_e −0.5 … 18.5 °C; irradiation of the order of
/// the DWD test reference year for Potsdam; synthetic, not a real site).
dm::MonthlyClimate monthly_year() {
  dm::MonthlyClimate c;
  c.name = "synthetic central Germany";
  const auto hours = dm::MonthlyClimate::month_hours();
  for (std::size_t m = 0; m < 12; ++m) {
    const double winter = std::cos(2.0 * 3.141592653589793 * (static_cast<double>(m) - 0.5) / 12.0);
    dm::ClimatePeriod p;
    p.name = std::to_string(m + 1);
    p.duration_h = hours[m];
    p.outdoor_temperature_c = 9.0 - 9.5 * winter;
    p.solar_horizontal_kwh_per_m2 = 90.0 - 72.0 * winter;
    for (std::size_t k = 0; k < dm::ORIENTATION_COUNT; ++k) {
      const double south = 0.5 * (1.0 - std::cos(2.0 * 3.141592653589793 * static_cast<double>(k) / 8.0));
      p.solar_vertical_kwh_per_m2[k] = (20.0 + 50.0 * south) * (1.1 - 0.6 * winter);
    }
    c.periods.push_back(p);
  }
  return c;
}

int max_threads() {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}

/// The SoA kernel as a state-wide run calls it: validation, 12 months, a fresh result every time.
/// Second argument: 0 = Q_H,nd only (the default options), 1 = also Q_ht, Q_gn and η per month.
void BM_MonthlyBalance(benchmark::State& state) {
  const auto count = static_cast<std::size_t>(state.range(0));
  const dm::MonthlyBuildingInputs stock = monthly_stock(count);
  const dm::MonthlyClimate climate = monthly_year();
  dm::MonthlyBalanceOptions options;
  options.store_components = state.range(1) != 0;
  double total_kwh = 0.0;
  for (auto _ : state) {
    const dm::MonthlyBalanceResult r = dm::solve_monthly_balance(stock, climate, options);
    total_kwh = r.total_q_h_nd_kwh;
    benchmark::DoNotOptimize(r.q_h_nd_kwh.data());
  }
  state.counters["threads"] = max_threads();
  state.counters["mean_q_h_nd_kwh"] = total_kwh / static_cast<double>(count);
  state.counters["buildings_per_s"] =
      benchmark::Counter(static_cast<double>(count), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_MonthlyBalance)
    ->ArgsProduct({{1000, 100000, 1200000}, {0, 1}})
    ->ArgNames({"", "components"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

/// The same balance writing into a reused result (a sweep over one stock): the arithmetic without
/// the cost of touching fresh memory.
void BM_MonthlyBalanceReuse(benchmark::State& state) {
  const auto count = static_cast<std::size_t>(state.range(0));
  const dm::MonthlyBuildingInputs stock = monthly_stock(count);
  const dm::MonthlyClimate climate = monthly_year();
  dm::MonthlyBalanceResult r;
  dm::solve_monthly_balance(stock, climate, {}, r);
  for (auto _ : state) {
    dm::solve_monthly_balance(stock, climate, {}, r);
    benchmark::DoNotOptimize(r.q_h_nd_kwh.data());
  }
  state.counters["threads"] = max_threads();
  state.counters["buildings_per_s"] =
      benchmark::Counter(static_cast<double>(count), benchmark::Counter::kIsIterationInvariantRate);
  state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_MonthlyBalanceReuse)
    ->Arg(1000)
    ->Arg(100000)
    ->Arg(1200000)
    ->Complexity(benchmark::oN)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

/// The balance with per-month set points and gains by group (the stock run's use schedules with
/// their calendar, 13 groups): the price of MonthlyBuildingInputs::period_group against
/// BM_MonthlyBalanceReuse on the same stock.
void BM_MonthlyBalanceGrouped(benchmark::State& state) {
  const auto count = static_cast<std::size_t>(state.range(0));
  dm::MonthlyBuildingInputs stock = monthly_stock(count);
  const dm::MonthlyClimate climate = monthly_year();
  constexpr std::size_t GROUPS = 13;
  const std::size_t np = climate.periods.size();
  for (std::size_t i = 0; i < count; ++i) stock.period_group.push_back(static_cast<std::uint32_t>(i % GROUPS));
  for (std::size_t g = 0; g < GROUPS; ++g) {
    for (std::size_t p = 0; p < np; ++p) {
      stock.group_setpoint_c.push_back(19.0 + 0.1 * static_cast<double>(g) - 0.05 * static_cast<double>(p % 2));
      stock.group_gain_factor.push_back(0.9 + 0.02 * static_cast<double>(p));
    }
  }
  dm::MonthlyBalanceResult r;
  dm::solve_monthly_balance(stock, climate, {}, r);
  for (auto _ : state) {
    dm::solve_monthly_balance(stock, climate, {}, r);
    benchmark::DoNotOptimize(r.q_h_nd_kwh.data());
  }
  state.counters["threads"] = max_threads();
  state.counters["buildings_per_s"] =
      benchmark::Counter(static_cast<double>(count), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_MonthlyBalanceGrouped)->Arg(1200000)->Unit(benchmark::kMillisecond)->UseRealTime();

/// The reference: one record per building (array of structs), the textbook formulas with std::pow
/// and branches, months in the inner loop, one thread, a fresh Q_H,nd array every time. Same inputs
/// and results as BM_MonthlyBalance/<n>/components:0.
struct NaiveBuilding {
  double h_tr_w_per_k, h_ve_w_per_k, area_m2, capacity_j_per_k, gains_w_per_m2, setpoint_c, aperture_hor_m2;
  std::array<double, dm::ORIENTATION_COUNT> aperture_vert_m2;
};

void BM_MonthlyBalanceNaive(benchmark::State& state) {
  const auto count = static_cast<std::size_t>(state.range(0));
  std::vector<NaiveBuilding> stock(count);
  {
    const dm::MonthlyBuildingInputs soa = monthly_stock(count);
    for (std::size_t i = 0; i < count; ++i) {
      NaiveBuilding& b = stock[i];
      b = {soa.h_tr_w_per_k[i],
           soa.h_ve_w_per_k[i],
           soa.conditioned_floor_area_m2[i],
           soa.internal_capacity_j_per_k[i],
           soa.internal_gains_w_per_m2[i],
           soa.setpoint_heating_c[i],
           soa.solar_aperture_horizontal_m2[i],
           {}};
      for (std::size_t k = 0; k < dm::ORIENTATION_COUNT; ++k)
        b.aperture_vert_m2[k] = soa.solar_aperture_vertical_m2[k][i];
    }
  }
  const dm::MonthlyClimate climate = monthly_year();
  const std::size_t months = climate.periods.size();
  double total_kwh = 0.0;
  for (auto _ : state) {
    std::vector<double> q_h_nd_kwh(count * months);
    total_kwh = 0.0;
    for (std::size_t i = 0; i < count; ++i) {
      const NaiveBuilding& b = stock[i];
      const double h = b.h_tr_w_per_k + b.h_ve_w_per_k;
      const double a = 1.0 + b.capacity_j_per_k / (3600.0 * h) / 15.0;
      for (std::size_t m = 0; m < months; ++m) {
        const dm::ClimatePeriod& p = climate.periods[m];
        const double q_ht = h * (b.setpoint_c - p.outdoor_temperature_c) * p.duration_h / 1000.0;
        double q_gn =
            b.gains_w_per_m2 * b.area_m2 * p.duration_h / 1000.0 + b.aperture_hor_m2 * p.solar_horizontal_kwh_per_m2;
        for (std::size_t k = 0; k < dm::ORIENTATION_COUNT; ++k)
          q_gn += b.aperture_vert_m2[k] * p.solar_vertical_kwh_per_m2[k];
        double eta = 1.0;
        if (q_ht <= 0.0) {
          eta = q_gn > 0.0 ? q_ht / q_gn : 0.0;
        } else {
          const double gamma = q_gn / q_ht;
          eta = gamma == 1.0 ? a / (a + 1.0) : (1.0 - std::pow(gamma, a)) / (1.0 - std::pow(gamma, a + 1.0));
        }
        const double q = std::max(0.0, q_ht - eta * q_gn);
        q_h_nd_kwh[i * months + m] = q;
        total_kwh += q;
      }
    }
    benchmark::DoNotOptimize(q_h_nd_kwh.data());
  }
  state.counters["mean_q_h_nd_kwh"] = total_kwh / static_cast<double>(count);
  state.counters["buildings_per_s"] =
      benchmark::Counter(static_cast<double>(count), benchmark::Counter::kIsIterationInvariantRate);
  state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_MonthlyBalanceNaive)
    ->Arg(1000)
    ->Arg(100000)
    ->Arg(1200000)
    ->Complexity(benchmark::oN)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
