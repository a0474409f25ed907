// Issue 21 §2 network pieces: a year of a designed network with transport delay (plug flow) next
// to the quasi-static year on the same network, and the connected part of a network (connection
// over time). Same synthetic design as bench_solvers' BM_DesignedNetworkYear: n buildings
// scattered (Halton) over a street grid 100 m apart, peaks 10 … 60 kW, demand a cosine over the
// year times a day profile.

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

double halton(std::size_t i, std::size_t base) {
  double f = 1.0;
  double r = 0.0;
  for (std::size_t k = i + 1; k > 0; k /= base) {
    f /= static_cast<double>(base);
    r += f * static_cast<double>(k % base);
  }
  return r;
}

/// The designed network of n buildings along a street grid, as the year simulation sees it.
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
  net::store_designed_network(d, "bench", ids, buildings, peak, options.t_supply_c, options.roughness_m,
                              options.cover_depth_m, set);
  Designed out{net::twin_network_model(set, 0, {}), {}};
  for (std::size_t c = 0; c < out.model.consumers.size(); ++c)
    out.peak_kw.push_back(set.consumers.design_heat_kw[out.model.consumer_twin_index[c]]);
  return out;
}

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
