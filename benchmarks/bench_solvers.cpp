// Benchmarks of the solvers. Network: steady hydraulics + thermal of meshed street-grid networks
// (1e3 … 1e5 junctions), and a quasi-static hourly series with warm start. Inputs are built
// deterministically here, so every run measures the same networks.
//
// Counters: junctions_per_s (one steady solve), hours_per_s (time series), iterations.

#include "solvers/network/hydraulics.hpp"
#include "solvers/network/thermal.hpp"

#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <cstdint>
#include <string>

namespace {

namespace net = heattwin::solvers::network;

/// A district network on a side × side street grid (meshed: every street is a pipe) with one
/// plant per 32 × 32 block (6 bar, 90 °C), as a city supplied by several plants on one network.
/// Diameters shrink with the distance from the block's plant (DN 300 … DN 50); every junction
/// serves consumers of 0.05 … 0.1 kg/s (≈ 8 … 16 kW at 40 K spread).
net::PipeNetwork street_grid_network(int side) {
  constexpr int BLOCK = 32;
  net::PipeNetwork n;
  const double spacing_m = 60.0;
  for (int r = 0; r < side; ++r) {
    for (int c = 0; c < side; ++c) {
      n.add_junction("j" + std::to_string(r * side + c), 0.02 * ((r * 7 + c * 3) % 11), 353.15);
    }
  }
  auto diameter = [&](int r, int c) {
    const double distance = static_cast<double>(r % BLOCK + c % BLOCK) / (2.0 * BLOCK);  // 0 at the plant … 1
    const double dn[] = {0.3127, 0.2101, 0.1603, 0.1325, 0.1071, 0.0825, 0.0703, 0.0545};
    return dn[std::min(7, static_cast<int>(distance * 8.0))];
  };
  for (int r = 0; r < side; ++r) {
    for (int c = 0; c < side; ++c) {
      const auto j = static_cast<std::uint32_t>(r * side + c);
      if (c + 1 < side) n.add_pipe("h" + std::to_string(j), j, j + 1, spacing_m, diameter(r, c), 1e-5, 0.0, 0.4, 283.15);
      if (r + 1 < side) {
        n.add_pipe("v" + std::to_string(j), j, j + static_cast<std::uint32_t>(side), spacing_m, diameter(r, c), 1e-5,
                   0.0, 0.4, 283.15);
      }
      if (r % BLOCK == 0 && c % BLOCK == 0) {
        n.fixed_pressure_bar[j] = 6.0;
        n.fixed_t_k[j] = 363.15;
      } else {
        n.withdrawal_kg_per_s[j] = 0.05 + 0.05 * static_cast<double>((j * 2654435761U) % 1000U) / 1000.0;
      }
    }
  }
  return n;
}

void BM_NetworkSteadyState(benchmark::State& state) {
  spdlog::set_level(spdlog::level::warn);
  const auto side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(state.range(0)))));
  const net::PipeNetwork network = street_grid_network(side);
  net::HydraulicOptions options;
  int iterations = 0;
  for (auto _ : state) {
    net::HydraulicSolver solver(network, options);
    const auto hydraulic = solver.solve();
    const auto thermal = net::solve_thermal(network, hydraulic, {});
    if (!hydraulic.report.converged) state.SkipWithError("hydraulics did not converge");
    iterations = hydraulic.report.iterations;
    benchmark::DoNotOptimize(thermal.heat_loss_w);
  }
  state.counters["junctions"] = static_cast<double>(network.junction_count());
  state.counters["newton_iterations"] = iterations;
  state.counters["junctions_per_s"] =
      benchmark::Counter(static_cast<double>(network.junction_count()), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_NetworkSteadyState)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

/// 168 quasi-static hours of a 1e4-junction network: demand follows a daily profile; each hour
/// warm-starts from the previous one and reuses the symbolic factorisation.
void BM_NetworkHourlySeries(benchmark::State& state) {
  spdlog::set_level(spdlog::level::warn);
  const int hours = 168;
  const auto side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(state.range(0)))));
  net::PipeNetwork network = street_grid_network(side);
  const std::vector<double> base = network.withdrawal_kg_per_s;
  int total_iterations = 0;
  for (auto _ : state) {
    net::HydraulicSolver solver(network, {});
    net::HydraulicState previous;
    total_iterations = 0;
    double loss_j = 0.0;
    for (int h = 0; h < hours; ++h) {
      const double factor = 0.55 + 0.45 * std::sin(2.0 * 3.141592653589793 * (h % 24) / 24.0);
      for (std::size_t j = 0; j < base.size(); ++j) network.withdrawal_kg_per_s[j] = base[j] * factor;
      previous = solver.solve({}, h == 0 ? nullptr : &previous);
      total_iterations += previous.report.iterations;
      loss_j += net::solve_thermal(network, previous, {}).heat_loss_w * 3600.0;
    }
    benchmark::DoNotOptimize(loss_j);
  }
  state.counters["mean_iterations_per_hour"] = static_cast<double>(total_iterations) / hours;
  state.counters["hours_per_s"] = benchmark::Counter(hours, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_NetworkHourlySeries)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
