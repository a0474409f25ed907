// Benchmark of the VTK export (viz/vtk_export.hpp): one (scenario, year) of a synthetic state
// written as buildings .vtu, grid .vtp (and no network: the synthetic state has none). The
// results are made up in memory from the twin (demand proportional to the heated floor area), so
// every run measures the same data. scripts/bench runs it and writes docs/PERFORMANCE.md.
//
// Counters: buildings_per_s (twin buildings written per second), file_bytes_per_building
// (buildings .vtu size / N).

#include "twin/synthetic_state.hpp"
#include "viz/vtk_export.hpp"

#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

#include <unistd.h>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

namespace {

using namespace heattwin;
namespace fs = std::filesystem;

struct Input {
  twin::Twin twin;
  viz::Results results;
};

/// A synthetic twin of n buildings (seed 1) with results for every building that has a heated
/// floor area: 120 kWh/(m²·a) space heating, 15 kWh/(m²·a) hot water, 12 monthly values, a peak.
const Input& input_of_size(std::size_t n) {
  static std::map<std::size_t, std::unique_ptr<Input>> cache;
  auto& slot = cache[n];
  if (!slot) {
    twin::SyntheticStateOptions o;
    o.seed = 1;
    o.building_count = n;
    slot = std::make_unique<Input>(Input{twin::generate_synthetic_state(o), {}});
    const twin::Twin& t = slot->twin;
    viz::Results& r = slot->results;
    r.path = "synthetic";
    r.scenario = "bench";
    r.year = 2025;
    r.twin_crs = t.crs;
    auto& b = r.buildings;
    auto& af = b.columns["heated_floor_area_m2"];
    auto& heat = b.columns["annual_heating_kwh"];
    auto& dhw = b.columns["annual_hot_water_kwh"];
    auto& peak = b.columns["peak_heating_w"];
    auto& monthly = b.matrices["monthly_heating_kwh"];
    monthly.cols = 12;
    std::vector<double> cell_heat(t.grid.size(), 0.0), cell_dhw(t.grid.size(), 0.0);
    for (std::size_t k = 0; k < t.buildings.size(); ++k) {
      const double a = t.buildings.heated_floor_area_m2[k];
      if (!(a > 0.0)) continue;
      b.id.emplace_back(t.buildings.id[k]);
      r.building_twin_index.push_back(static_cast<std::int64_t>(k));
      af.push_back(a);
      heat.push_back(120.0 * a);
      dhw.push_back(15.0 * a);
      peak.push_back(60.0 * a);
      for (int m = 0; m < 12; ++m) monthly.values.push_back(10.0 * a);
      const std::uint32_t cell = t.buildings.grid_cell[k];
      if (cell < t.grid.size()) {
        cell_heat[cell] += 120.0 * a;
        cell_dhw[cell] += 15.0 * a;
      }
    }
    for (std::size_t c = 0; c < t.grid.size(); ++c) {
      if (cell_heat[c] == 0.0) continue;
      r.grid.id.push_back(t.grid.cell_id(c));
      r.grid.columns["annual_heating_kwh"].push_back(cell_heat[c]);
      r.grid.columns["annual_hot_water_kwh"].push_back(cell_dhw[c]);
    }
    for (const char* name : {"annual_heating_kwh", "annual_hot_water_kwh"}) r.grid.columns[name].shrink_to_fit();
  }
  return *slot;
}

void BM_VtkExport(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const Input& in = input_of_size(n);
  const char* base = std::getenv("HEATTWIN_BENCH_DIR");
  const fs::path dir = fs::path(base != nullptr ? base : fs::temp_directory_path().string()) /
                       ("heattwin-bench-vtk-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  viz::VtkStep step;
  for (auto _ : state) {
    step = viz::write_vtk_step(in.twin, in.results, dir);
    benchmark::DoNotOptimize(step);
  }
  state.counters["buildings_per_s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["file_bytes_per_building"] =
      static_cast<double>(fs::file_size(step.buildings_file)) / static_cast<double>(n);
  state.counters["grid_cells"] = static_cast<double>(step.grid_cells_written);
  std::error_code ec;
  fs::remove_all(dir, ec);
}
BENCHMARK(BM_VtkExport)->Arg(1000)->Arg(100'000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
