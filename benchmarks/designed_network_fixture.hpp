#pragma once
/// \file The synthetic designed network of the network benchmarks (bench_solvers'
/// BM_NetworkDesign and BM_DesignedNetworkYear, bench_network_dynamics): n buildings scattered
/// (Halton) over a square of streets 100 m apart (≈ 10 buildings per block), each with a peak of
/// 10 … 60 kW and 20 … 120 MWh/a, designed along the streets and stored as the year simulation
/// sees it.

#include "solvers/network/district_heating.hpp"
#include "solvers/network/network_design.hpp"
#include "solvers/network/twin_network.hpp"
#include "twin/types.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <span>
#include <string>
#include <vector>

namespace heattwin::bench {

/// Radical inverse of i in `base` (Halton sequence, as preCICE's benchmarks): deterministic,
/// evenly spread values in [0, 1) for each building attribute.
inline double halton(std::size_t i, std::size_t base) {
  double f = 1.0;
  double r = 0.0;
  for (std::size_t k = i + 1; k > 0; k /= base) {
    f /= static_cast<double>(base);
    r += f * static_cast<double>(k % base);
  }
  return r;
}

/// The buildings and (with_streets) the streets as one segment per block edge.
struct DesignInput {
  std::vector<double> x, y, peak, annual, sx0, sy0, sx1, sy1;
};
inline DesignInput design_input(std::size_t n, bool with_streets) {
  DesignInput in;
  const double side = 100.0 * std::ceil(std::sqrt(static_cast<double>(n) / 10.0));  // ≈ 10 buildings per block
  for (std::size_t k = 0; k < n; ++k) {
    in.x.push_back(side * halton(k, 2));
    in.y.push_back(side * halton(k, 3));
    in.peak.push_back(10.0 + 50.0 * halton(k, 5));
    in.annual.push_back(20.0 + 100.0 * halton(k, 7));
  }
  if (with_streets) {
    for (double a = 0.0; a <= side + 1e-9; a += 100.0) {
      for (double b = 0.0; b < side - 1e-9; b += 100.0) {
        in.sx0.insert(in.sx0.end(), {a, b});
        in.sy0.insert(in.sy0.end(), {b, a});
        in.sx1.insert(in.sx1.end(), {a, b + 100.0});
        in.sy1.insert(in.sy1.end(), {b + 100.0, a});
      }
    }
  }
  return in;
}

/// The network of n buildings designed along the street grid (default design options), stored
/// and modelled as the year simulation sees it; `peak_kw` per consumer of the model.
struct DesignedNetwork {
  solvers::network::TwinNetworkModel model;
  std::vector<double> peak_kw;
};
inline DesignedNetwork designed_network(std::size_t n) {
  namespace net = solvers::network;
  const DesignInput in = design_input(n, true);
  const net::NetworkDesignOptions options;
  const auto d = net::design_network({in.x, in.y, in.peak, in.annual}, {in.sx0, in.sy0, in.sx1, in.sy1}, options);
  twin::NetworkSet set;
  std::vector<std::string> ids;
  for (std::size_t k = 0; k < n; ++k) ids.push_back("b" + std::to_string(k));
  const std::vector<std::uint32_t> buildings(n, NO_INDEX);
  net::store_designed_network(d, "bench", ids, buildings, in.peak, options.t_supply_c, options.roughness_m,
                              options.cover_depth_m, set);
  DesignedNetwork out{net::twin_network_model(set, 0, {}), {}};
  for (std::size_t c = 0; c < out.model.consumers.size(); ++c)
    out.peak_kw.push_back(set.consumers.design_heat_kw[out.model.consumer_twin_index[c]]);
  return out;
}

/// The year's demand of each consumer: 0.8 × its peak × a cosine over the year (0.1 … 1) × a day
/// profile (0.85 … 1.15). Safe to call from several threads; `peak_kw` must outlive it.
inline solvers::network::DemandOfHour year_demand(const std::vector<double>& peak_kw) {
  return [&peak_kw](std::size_t h, std::span<double> q) {
    const double season = 0.55 + 0.45 * std::cos(2.0 * std::numbers::pi * static_cast<double>(h) / 8760.0);
    const double day = 0.85 + 0.15 * std::sin(2.0 * std::numbers::pi * static_cast<double>(h % 24) / 24.0);
    for (std::size_t c = 0; c < q.size(); ++c) q[c] = 0.8 * season * day * peak_kw[c];
  };
}

/// The demo's operation as `heattwin run` sets it: supply temperatures to 0.01 K, a supply curve
/// following the same cosine (80 °C in winter, 65 °C in summer) and 0.02 kg/s through every end
/// consumer.
inline solvers::network::DhSeriesOptions operated_series_options(std::size_t hours) {
  solvers::network::DhSeriesOptions o;
  o.temperature_tolerance_k = 0.01;
  o.min_end_flow_kg_per_s = 0.02;
  o.plant_supply_t_k.resize(hours);
  for (std::size_t h = 0; h < hours; ++h) {
    const double season = 0.5 + 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(h) / 8760.0);
    o.plant_supply_t_k[h] = solvers::network::NetworkDesignOptions{}.t_supply_c + 273.15 - 15.0 * (1.0 - season);
  }
  return o;
}

}  // namespace heattwin::bench
