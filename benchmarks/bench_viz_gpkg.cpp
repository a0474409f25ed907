// Export rates of the results GeoPackage and the heat density PNG (viz/gpkg_results.hpp,
// viz/maps.hpp) on the seeded synthetic state. The results are made in memory from the twin
// (space heating 120 kWh/(m²·a) of the heated floor area, hot water 15 kWh/(m²·a) for residential
// buildings): the benchmark measures writing, not the demand model, and viz does not depend on
// scenarios. scripts/bench runs it and writes the rows of docs/PERFORMANCE.md.
//
// Counters: buildings_per_s (computed buildings exported per second), features_per_s (all
// features of the GeoPackage: cells, street segments, buildings).

#include "twin/synthetic_state.hpp"
#include "twin/types.hpp"
#include "viz/gpkg_results.hpp"
#include "viz/maps.hpp"

#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

#include <unistd.h>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

namespace {

using namespace heattwin;

struct Case {
  twin::Twin twin;
  viz::Results results;
};

/// The synthetic twin of n buildings (seed 1) and results for its heated buildings.
const Case& case_of_size(std::size_t n) {
  static std::map<std::size_t, std::unique_ptr<Case>> cache;
  auto& slot = cache[n];
  if (slot) return *slot;
  slot = std::make_unique<Case>();
  twin::SyntheticStateOptions o;
  o.seed = 1;
  o.building_count = n;
  slot->twin = twin::generate_synthetic_state(o);
  const twin::BuildingSet& b = slot->twin.buildings;
  viz::Results& r = slot->results;
  r.scenario = "bench";
  r.year = 2025;
  r.twin_crs = slot->twin.crs;
  std::vector<double> heating, hot_water, area;
  std::map<std::uint32_t, std::pair<double, double>> cells;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (!(b.heated_floor_area_m2[i] > 0.0)) continue;
    r.buildings.id.emplace_back(b.id[i]);
    r.building_twin_index.push_back(static_cast<std::int64_t>(i));
    heating.push_back(120.0 * b.heated_floor_area_m2[i]);
    hot_water.push_back(b.residential_type[i] != 0 ? 15.0 * b.heated_floor_area_m2[i] : 0.0);
    area.push_back(b.heated_floor_area_m2[i]);
    if (b.grid_cell[i] != NO_INDEX) {
      auto& c = cells[b.grid_cell[i]];
      c.first += heating.back();
      c.second += hot_water.back();
    }
  }
  r.buildings.columns["annual_heating_kwh"] = heating;
  r.buildings.columns["annual_hot_water_kwh"] = hot_water;
  r.buildings.columns["heated_floor_area_m2"] = area;
  std::vector<double> cell_heating, cell_hot_water;
  for (const auto& [k, sums] : cells) {
    r.grid.id.push_back(slot->twin.grid.cell_id(k));
    cell_heating.push_back(sums.first);
    cell_hot_water.push_back(sums.second);
  }
  r.grid.columns["annual_heating_kwh"] = cell_heating;
  r.grid.columns["annual_hot_water_kwh"] = cell_hot_water;
  return *slot;
}

std::string scratch_file(const std::string& name) {
  const char* base = std::getenv("HEATTWIN_BENCH_DIR");
  const auto dir = std::filesystem::path(base != nullptr ? base : std::filesystem::temp_directory_path().string()) /
                   ("heattwin-bench-viz-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

/// The GeoPackage of a synthetic twin: grid_100m, street_segments and (range(1) = 1) buildings.
void BM_ResultsGpkg(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const Case& c = case_of_size(n);
  viz::GpkgResultsOptions o;
  o.buildings_layer = state.range(1) != 0;
  const std::string path = scratch_file("results.gpkg");
  viz::GpkgResultsReport report;
  for (auto _ : state) report = viz::write_results_gpkg(c.results, c.twin, path, o);
  const double features = static_cast<double>(report.grid_cells + report.street_segments + report.buildings);
  state.counters["features_per_s"] = benchmark::Counter(features, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["buildings_per_s"] = benchmark::Counter(static_cast<double>(c.results.buildings.rows()),
                                                         benchmark::Counter::kIsIterationInvariantRate);
  state.counters["cells"] = static_cast<double>(report.grid_cells);
  state.counters["segments"] = static_cast<double>(report.street_segments);
  std::filesystem::remove_all(std::filesystem::path(path).parent_path());
}
BENCHMARK(BM_ResultsGpkg)
    ->ArgsProduct({{1000, 100'000}, {0, 1}})
    ->ArgNames({"", "buildings"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

/// The heat density PNG (at most 2000 px) of a synthetic twin.
void BM_HeatDensityPng(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const Case& c = case_of_size(n);
  const std::string path = scratch_file("map.png");
  viz::MapReport report;
  for (auto _ : state) report = viz::write_heat_density_png(c.results, c.twin, path);
  state.counters["cells"] = static_cast<double>(report.cells);
  state.counters["pixels"] = static_cast<double>(report.width_px) * report.height_px;
  std::filesystem::remove_all(std::filesystem::path(path).parent_path());
}
BENCHMARK(BM_HeatDensityPng)->Arg(1000)->Arg(100'000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::err);  // the exporters' info and warning lines would interleave with the table
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
