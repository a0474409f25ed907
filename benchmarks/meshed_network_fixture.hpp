#pragma once
/// \file The meshed street grid of the network benchmarks (bench_solvers' BM_NetworkSteadyState,
/// BM_NetworkHourlySeries and BM_MeshedNetworkYear) and of the tests of the meshed year: a
/// district network on a side × side street grid (every street a pipe) with one plant per
/// 32 × 32 block, as a city supplied by several plants on one network.

#include "solvers/network/district_heating.hpp"
#include "solvers/network/pipe_network.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace heattwin::bench {

/// The grid: 60 m street spacing, one plant per 32 × 32 block (6 bar, 90 °C), diameters shrinking
/// with the distance from the block's plant (DN 300 … DN 50); every other junction serves
/// consumers of 0.05 … 0.1 kg/s (≈ 8 … 16 kW at 40 K spread).
inline solvers::network::PipeNetwork street_grid_network(int side) {
  constexpr int BLOCK = 32;
  solvers::network::PipeNetwork n;
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
      if (c + 1 < side)
        n.add_pipe("h" + std::to_string(j), j, j + 1, spacing_m, diameter(r, c), 1e-5, 0.0, 0.4, 283.15);
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

/// The grid as the year simulation sees it: a consumer at every junction that is not a plant
/// (returning at 40 °C, 60 °C minimum supply), each with the peak heat its junction's withdrawal
/// of street_grid_network carries at the grid's design spread of 50 K (90 → 40 °C): 10 … 21 kW.
/// Every plant stands at the height of the first (0 m): plants holding one gauge pressure at
/// different heights hold different heads, and in low-load hours the higher one then pushes water
/// into the lower one, which the year's energy balance does not account (docs/NETWORKS.md, Limits).
struct MeshedNetwork {
  solvers::network::PipeNetwork supply;
  std::vector<solvers::network::DhConsumer> consumers;
  std::vector<double> peak_kw;  ///< per consumer
};
inline MeshedNetwork meshed_network(int side) {
  MeshedNetwork out{street_grid_network(side), {}, {}};
  for (std::size_t j = 0; j < out.supply.junction_count(); ++j) {
    if (out.supply.withdrawal_kg_per_s[j] <= 0.0) out.supply.height_m[j] = 0.0;
  }
  const double cp_j_per_kgk = out.supply.fluid.cp_j_per_kgk(0.5 * (363.15 + 313.15));
  for (std::size_t j = 0; j < out.supply.junction_count(); ++j) {
    if (out.supply.withdrawal_kg_per_s[j] <= 0.0) continue;
    out.consumers.push_back({"c" + std::to_string(j), static_cast<std::uint32_t>(j), 313.15, 333.15});
    out.peak_kw.push_back(out.supply.withdrawal_kg_per_s[j] * cp_j_per_kgk * 50.0 / 1000.0);
  }
  return out;
}

}  // namespace heattwin::bench
