/// \file The I/O of `heattwin validate network` (issue 21 §1): reading a flat CSV case folder and
/// writing its solution as the JSON of CONTRACTS.md (and the text table), on the meshed street
/// grids of BM_NetworkSteadyState written as case folders (the layout of scripts/street_grid_case):
/// /1000 = 1,024 junctions, 1,984 pipes; /5000 = 5,041 junctions, 9,940 pipes; /50000 = 50,176
/// junctions, 99,904 pipes. Compare with the solve itself: BM_NetworkSteadyState (bench_solvers).
#include "scratch_dir.hpp"
#include "solvers/network/case_report.hpp"
#include "solvers/network/flat_case.hpp"

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

namespace net = heattwin::solvers::network;

/// Writes the side × side street grid of scripts/street_grid_case into `folder` and returns the
/// bytes written.
std::size_t write_street_grid_case(const std::filesystem::path& folder, int side) {
  constexpr int BLOCK = 32;
  const double dn[] = {0.3127, 0.2101, 0.1603, 0.1325, 0.1071, 0.0825, 0.0703, 0.0545};
  std::filesystem::create_directories(folder);
  std::string junctions = "idx,name,height_m,pn_bar,tfluid_init_k,in_service\n";
  std::string pipes =
      "idx,name,from_junction,to_junction,length_m,diameter_m,k_mm,loss_coefficient,alpha_w_per_m2k,text_k,sections,"
      "in_service\n";
  std::string grids = "idx,name,junction,p_bar,t_k,type,in_service\n";
  std::string sinks = "idx,name,junction,mdot_kg_per_s,scaling,in_service\n";
  int pipe = 0, plant = 0, sink = 0;
  for (int r = 0; r < side; ++r) {
    for (int c = 0; c < side; ++c) {
      const auto j = static_cast<std::uint32_t>(r * side + c);
      junctions += fmt::format("{},j{},{},6.0,353.15,True\n", j, j, 0.02 * ((r * 7 + c * 3) % 11));
      const double distance = static_cast<double>(r % BLOCK + c % BLOCK) / (2.0 * BLOCK);
      const double diameter = dn[std::min(7, static_cast<int>(distance * 8.0))];
      if (c + 1 < side)
        pipes += fmt::format("{},,{},{},60.0,{},0.01,0.0,0.4,283.15,1,True\n", pipe++, j, j + 1, diameter);
      if (r + 1 < side)
        pipes += fmt::format("{},,{},{},60.0,{},0.01,0.0,0.4,283.15,1,True\n", pipe++, j, j + side, diameter);
      if (r % BLOCK == 0 && c % BLOCK == 0) {
        grids += fmt::format("{},,{},6.0,363.15,pt,True\n", plant++, j);
      } else {
        const double mdot = 0.05 + 0.05 * static_cast<double>((j * 2654435761U) % 1000U) / 1000.0;
        sinks += fmt::format("{},,{},{},1.0,True\n", sink++, j, mdot);
      }
    }
  }
  const std::string fluid =
      "fluid_name,property,model,value\n"
      "water_80c,density,FluidPropertyConstant,\"{\"\"value\"\": 971.8}\"\n"
      "water_80c,viscosity,FluidPropertyConstant,\"{\"\"value\"\": 0.000355}\"\n"
      "water_80c,heat_capacity,FluidPropertyConstant,\"{\"\"value\"\": 4196.0}\"\n";
  std::size_t bytes = 0;
  for (const auto& [name, text] : {std::pair<const char*, const std::string&>{"junctions.csv", junctions},
                                   {"pipes.csv", pipes},
                                   {"ext_grids.csv", grids},
                                   {"sinks.csv", sinks},
                                   {"fluid.csv", fluid}}) {
    std::ofstream(folder / name, std::ios::binary) << text;
    bytes += text.size();
  }
  return bytes;
}

int side_of(const benchmark::State& state) {
  return static_cast<int>(std::lround(std::sqrt(static_cast<double>(state.range(0)))));
}

void BM_FlatCaseRead(benchmark::State& state) {
  spdlog::set_level(spdlog::level::warn);
  const heattwin::bench::ScratchDir dir("heattwin_bench_flat_case_");
  const std::filesystem::path folder = dir.file("grid_N");
  const std::size_t bytes = write_street_grid_case(folder, side_of(state));
  std::size_t branches = 0;
  for (auto _ : state) {
    const net::FlatCase c = net::read_flat_case(folder);
    branches = c.network.branch_count();
    benchmark::DoNotOptimize(c.network.length_m.data());
  }
  state.counters["pipes"] = static_cast<double>(branches);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}

/// The solution written as text or JSON; the case is solved once, outside the timing.
void case_output(benchmark::State& state, bool json) {
  spdlog::set_level(spdlog::level::warn);
  const heattwin::bench::ScratchDir dir("heattwin_bench_case_output_");
  const std::filesystem::path folder = dir.file("grid_N");
  write_street_grid_case(folder, side_of(state));
  const net::FlatCase c = net::read_flat_case(folder);
  net::HydraulicOptions hydraulic;
  hydraulic.friction = net::FrictionModel::nikuradse;
  const net::CaseSolution solution = net::solve_case(c, hydraulic, {});
  if (!solution.result.hydraulic.report.converged) state.SkipWithError("the grid did not converge");
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string text = json ? net::case_solution_json(c, solution) : net::case_solution_text(c, solution);
    bytes = text.size();
    benchmark::DoNotOptimize(text.data());
  }
  state.counters["pipes"] = static_cast<double>(c.network.branch_count());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
void BM_CaseSolutionJson(benchmark::State& state) { case_output(state, true); }
void BM_CaseSolutionText(benchmark::State& state) { case_output(state, false); }

BENCHMARK(BM_FlatCaseRead)->Arg(1000)->Arg(5000)->Arg(50000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CaseSolutionJson)->Arg(1000)->Arg(5000)->Arg(50000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CaseSolutionText)->Arg(1000)->Arg(5000)->Arg(50000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
