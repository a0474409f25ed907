// Issue 21 §2 network pieces: a year of a designed network with transport delay (plug flow) next
// to the quasi-static year on the same network, and the connected part of a network (connection
// over time). Same synthetic design as bench_solvers' BM_DesignedNetworkYear: n buildings
// scattered (Halton) over a street grid 100 m apart, peaks 10 … 60 kW, demand a cosine over the
// year times a day profile.

#include "benchmarks/designed_network_fixture.hpp"
#include "solvers/network/district_heating.hpp"
#include "solvers/network/district_heating_plug_flow.hpp"
#include "solvers/network/network_build_out.hpp"
#include "solvers/network/network_design.hpp"
#include "solvers/network/twin_network.hpp"
#include "twin/types.hpp"

#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <string>
#include <vector>

namespace net = heattwin::solvers::network;

namespace {

using Designed = heattwin::bench::DesignedNetwork;
Designed designed(std::size_t n) { return heattwin::bench::designed_network(n); }

/// A year of the network: range(1) = 1 plug flow, 0 quasi-static (the ratio in one run), with the
/// operation of the demo (supply curve 80 → 65 °C, 0.02 kg/s at the ends).
void BM_NetworkYearThermalDynamics(benchmark::State& state) {
  spdlog::set_level(spdlog::level::warn);
  const Designed d = designed(static_cast<std::size_t>(state.range(0)));
  const bool plug_flow = state.range(1) == 1;
  const std::size_t hours = 8760;
  const auto demand = [&](std::size_t h, std::span<double> q) {
    const double season = 0.55 + 0.45 * std::cos(2.0 * std::numbers::pi * static_cast<double>(h) / 8760.0);
    const double day = 0.85 + 0.15 * std::sin(2.0 * std::numbers::pi * static_cast<double>(h % 24) / 24.0);
    for (std::size_t c = 0; c < q.size(); ++c) q[c] = 0.8 * season * day * d.peak_kw[c];
  };
  const std::vector<double> ground{283.15};
  net::DhSeriesOptions o;
  o.temperature_tolerance_k = 0.01;  // as heattwin run
  o.min_end_flow_kg_per_s = 0.02;
  o.plant_supply_t_k.resize(hours);
  for (std::size_t h = 0; h < hours; ++h) {
    const double season = 0.5 + 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(h) / 8760.0);
    o.plant_supply_t_k[h] = 80.0 + 273.15 - 15.0 * (1.0 - season);
  }
  net::DhSeriesResult r;
  for (auto _ : state) {
    r = plug_flow
            ? net::simulate_district_heating_plug_flow(d.model.supply, d.model.consumers, hours, demand, ground, o)
            : net::simulate_district_heating(d.model.supply, d.model.consumers, hours, demand, ground, o);
    benchmark::DoNotOptimize(r.plant_heat_mwh);
  }
  state.counters["plant_heat_mwh"] = r.plant_heat_mwh;
  state.counters["heat_loss_mwh"] = r.heat_loss_mwh;
  state.counters["peak_plant_heat_kw"] = r.peak_plant_heat_kw;
  state.counters["rounds_per_hour"] = static_cast<double>(r.temperature_rounds) / static_cast<double>(hours);
  state.counters["balance_rel_err"] = std::abs(r.energy_balance_error_kwh / (r.plant_heat_mwh * 1000.0));
  state.counters["pipes"] = static_cast<double>(d.model.supply.branch_count());
  state.counters["hours_per_s"] =
      benchmark::Counter(static_cast<double>(hours), benchmark::Counter::kIsIterationInvariantRate);
}
// /1000 (plug flow) is the smoke size (ctest).
BENCHMARK(BM_NetworkYearThermalDynamics)
    ->Args({150, 0})
    ->Args({150, 1})
    ->Args({1000, 1})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

/// The connection order and the connected half of a designed network (connection over time).
void BM_NetworkConnectedPart(benchmark::State& state) {
  const Designed d = designed(static_cast<std::size_t>(state.range(0)));
  const std::size_t nc = d.model.consumers.size();
  std::size_t pipes = 0;
  for (auto _ : state) {
    const auto order = net::connection_order(d.model, d.peak_kw);
    std::vector<std::uint8_t> connected(nc, 0);
    for (std::size_t k = 0; k < nc / 2; ++k) connected[order[k]] = 1;
    const net::TwinNetworkModel half = net::connected_part(d.model, connected);
    pipes = half.supply.branch_count();
    benchmark::DoNotOptimize(pipes);
  }
  state.counters["pipes_of_half"] = static_cast<double>(pipes);
  state.counters["pipes"] = static_cast<double>(d.model.supply.branch_count());
}
BENCHMARK(BM_NetworkConnectedPart)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
