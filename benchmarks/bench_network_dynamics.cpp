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

/// A year of the network: range(1) = 1 plug flow, 0 quasi-static (the ratio in one run), with the
/// operation of the demo (supply curve 80 → 65 °C, 0.02 kg/s at the ends).
void BM_NetworkYearThermalDynamics(benchmark::State& state) {
  spdlog::set_level(spdlog::level::warn);
  const auto d = heattwin::bench::designed_network(static_cast<std::size_t>(state.range(0)));
  const bool plug_flow = state.range(1) == 1;
  const std::size_t hours = 8760;
  const net::DemandOfHour demand = heattwin::bench::year_demand(d.peak_kw);
  const std::vector<double> ground{283.15};
  const net::DhSeriesOptions o = heattwin::bench::operated_series_options(hours);
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
  const auto d = heattwin::bench::designed_network(static_cast<std::size_t>(state.range(0)));
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
