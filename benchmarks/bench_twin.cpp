// Benchmarks of the twin library at state scale: synthetic generation, the twin store (save/load),
// the 100 m grid assignment and the GeoPackage export. Inputs come from the seeded synthetic state,
// so every run measures the same data. scripts/bench runs the full set and writes docs/PERFORMANCE.md.
//
// The shell check (twin/shell_repair.hpp) runs on gabled LoD2 houses like scripts/generate_citygml's, one in
// ten with a defect (reversed wall 307, missing roof corner 302, duplicate point 102, non-planar roof 203).
//
// Counters: buildings_per_s (rate), bytes_per_building (BuildingSet::memory_bytes() / N),
// file_bytes_per_building (twin file size / N), features_per_s (GeoPackage export).

#include "benchmarks/scratch_dir.hpp"
#include "twin/gpkg_export.hpp"
#include "twin/grid.hpp"
#include "twin/line_area_layer.hpp"
#include "twin/shell_repair.hpp"
#include "twin/synthetic_state.hpp"
#include "twin/twin_store.hpp"

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <unistd.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace {

using namespace heattwin::twin;

constexpr std::uint64_t SEED = 1;

/// One generated twin per size, kept for the benchmarks that need an input twin.
const Twin& twin_of_size(std::size_t n) {
  static std::map<std::size_t, std::unique_ptr<Twin>> cache;
  auto& slot = cache[n];
  if (!slot) {
    SyntheticStateOptions o;
    o.seed = SEED;
    o.building_count = n;
    slot = std::make_unique<Twin>(generate_synthetic_state(o));
  }
  return *slot;
}

/// The benchmarks' scratch folder, removed at exit.
heattwin::bench::ScratchDir& scratch() {
  static heattwin::bench::ScratchDir s("heattwin-bench-");
  return s;
}

void BM_Generate(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  SyntheticStateOptions o;
  o.seed = SEED;
  o.building_count = n;
  double bytes = 0.0;
  for (auto _ : state) {
    Twin t = generate_synthetic_state(o);
    bytes = static_cast<double>(t.buildings.memory_bytes());
    benchmark::DoNotOptimize(t.buildings.x_m.data());
    state.PauseTiming();
    { Twin discard = std::move(t); }  // freeing 1.2 M buildings is not generation
    state.ResumeTiming();
  }
  state.SetComplexityN(static_cast<std::int64_t>(n));
  state.counters["buildings_per_s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["bytes_per_building"] = bytes / static_cast<double>(n);
}
BENCHMARK(BM_Generate)
    ->RangeMultiplier(10)
    ->Range(1000, 1'000'000)
    ->Arg(1'200'000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity(benchmark::oN)
    ->UseRealTime();

void BM_Grid(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  BuildingSet b = twin_of_size(n).buildings;
  for (auto _ : state) {
    Grid100m g = build_grid_for_buildings(b, DEFAULT_TWIN_CRS);
    benchmark::DoNotOptimize(g.north_100m.data());
  }
  state.SetComplexityN(static_cast<std::int64_t>(n));
  state.counters["buildings_per_s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Grid)
    ->RangeMultiplier(10)
    ->Range(1000, 1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity(benchmark::oN)
    ->UseRealTime();

/// Gabled house k of a terrace (10 m wide, 12 m deep, eaves 6 m, ridge 9.5 m) as boundary
/// surfaces; houses 10 j + 3, + 5, + 7 and + 9 carry one defect each (see the file comment).
std::vector<Surface3> gabled_house(std::size_t k) {
  const double x0 = 650000.0 + 10.0 * static_cast<double>(k % 200),
               y0 = 5800000.0 + 30.0 * static_cast<double>(k / 200);
  const double x1 = x0 + 10.0, y1 = y0 + 12.0, ym = y0 + 6.0, z0 = 100.0, ze = 106.0, zr = 109.5;
  std::vector<Surface3> s{
      {{{x0, y0, z0}, {x0, y1, z0}, {x1, y1, z0}, {x1, y0, z0}}, {}},
      {{{x0, y0, ze}, {x1, y0, ze}, {x1, ym, zr}, {x0, ym, zr}}, {}},
      {{{x1, y1, ze}, {x0, y1, ze}, {x0, ym, zr}, {x1, ym, zr}}, {}},
      {{{x0, y0, z0}, {x1, y0, z0}, {x1, y0, ze}, {x0, y0, ze}}, {}},
      {{{x1, y1, z0}, {x0, y1, z0}, {x0, y1, ze}, {x1, y1, ze}}, {}},
      {{{x1, y0, z0}, {x1, y1, z0}, {x1, y1, ze}, {x1, ym, zr}, {x1, y0, ze}}, {}},
      {{{x0, y1, z0}, {x0, y0, z0}, {x0, y0, ze}, {x0, ym, zr}, {x0, y1, ze}}, {}},
  };
  switch (k % 10) {
    case 3:  // 307: the south wall runs inwards
      std::reverse(s[3].exterior.begin(), s[3].exterior.end());
      break;
    case 5:  // 302: a 0.5 m² triangle missing from the first roof's corner
      s[1].exterior = {{x0, y0, ze}, {x1 - 1.0, y0, ze}, {x1, y0 + 1.0, ze + 7.0 / 12.0}, {x1, ym, zr}, {x0, ym, zr}};
      break;
    case 7:  // 102: a repeated point
      s[4].exterior.insert(s[4].exterior.begin() + 1, s[4].exterior[1]);
      break;
    case 9:  // 203: the ridge 5 cm higher at one end
      for (auto& surface : s)
        for (auto& p : surface.exterior)
          if (p[0] == x1 && p[1] == ym) p[2] += 0.05;
      break;
    default:
      break;
  }
  return s;
}

void BM_ShellCheck(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<std::vector<Surface3>> houses(n);
  for (std::size_t k = 0; k < n; ++k) houses[k] = gabled_house(k);
  std::vector<std::uint8_t> verdict(n);
  const auto count = static_cast<std::int64_t>(n);
  for (auto _ : state) {
#pragma omp parallel for schedule(dynamic, 64)
    for (std::int64_t k = 0; k < count; ++k) {
      const auto i = static_cast<std::size_t>(k);
      verdict[i] = static_cast<std::uint8_t>(check_and_repair_shell(houses[i]).verdict);
    }
    benchmark::DoNotOptimize(verdict.data());
  }
  std::array<std::size_t, 4> counts{};
  for (const auto v : verdict) ++counts[v];
  state.SetComplexityN(static_cast<std::int64_t>(n));
  state.counters["buildings_per_s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["repaired_share"] = static_cast<double>(counts[2]) / static_cast<double>(n);
  state.counters["fallback_share"] = static_cast<double>(counts[3]) / static_cast<double>(n);
}
BENCHMARK(BM_ShellCheck)->Arg(1000)->Arg(50'000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SaveTwin(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const Twin& t = twin_of_size(n);
  const std::string path = scratch().file("save.h5");
  for (auto _ : state) save_twin(t, path);
  state.counters["buildings_per_s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["file_bytes_per_building"] =
      static_cast<double>(std::filesystem::file_size(path)) / static_cast<double>(n);
  state.counters["file_mb"] = static_cast<double>(std::filesystem::file_size(path)) / 1.0e6;
}
BENCHMARK(BM_SaveTwin)->Arg(1000)->Arg(100'000)->Arg(1'200'000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_LoadTwin(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::string path = scratch().file(fmt::format("load-{}.h5", n));
  if (!std::filesystem::exists(path)) save_twin(twin_of_size(n), path);
  double bytes = 0.0;
  for (auto _ : state) {
    Twin t = load_twin(path);
    bytes = static_cast<double>(t.buildings.memory_bytes());
    state.PauseTiming();
    { Twin discard = std::move(t); }
    state.ResumeTiming();
  }
  state.counters["buildings_per_s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["bytes_per_building"] = bytes / static_cast<double>(n);
}
BENCHMARK(BM_LoadTwin)->Arg(1000)->Arg(100'000)->Arg(1'200'000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CheckInvariants(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const Twin& t = twin_of_size(n);
  for (auto _ : state) check_invariants(t, "benchmark");
  state.counters["buildings_per_s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_CheckInvariants)->Arg(1000)->Arg(1'200'000)->Unit(benchmark::kMillisecond)->UseRealTime();

/// range(1): 1 = with the GeoPackage R-tree spatial index, 0 = without.
void BM_GpkgExport(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const Twin& t = twin_of_size(n);
  GpkgExportOptions o;
  o.spatial_index = state.range(1) != 0;
  const std::string path = scratch().file("footprints.gpkg");
  for (auto _ : state) export_footprints_gpkg(t, path, o);
  state.counters["features_per_s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_GpkgExport)
    ->ArgsProduct({{1000, 100'000}, {0, 1}})
    ->ArgNames({"", "index"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

/// Gas-grid evidence (scenarios/gas_grid_evidence): is each of n building centroids within 50 m
/// of a main? Mains: a street grid every 150 m over a square town of n/10 ha (each a 3-segment
/// polyline per street), plus one grid area; points: a deterministic low-discrepancy (Halton
/// 2, 3) sequence over the town. Index build and n queries per iteration.
void BM_GasGridQuery(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const double side_m = std::sqrt(static_cast<double>(n) / 10.0) * 100.0;
  LineAreaLayer layer;
  for (double c = 0.0; c <= side_m; c += 150.0) {
    for (int k = 0; k < 3; ++k) {
      const double a = side_m * k / 3.0, b = side_m * (k + 1) / 3.0;
      for (const auto& [x0, y0, x1, y1] : {std::array<double, 4>{a, c, b, c}, std::array<double, 4>{c, a, c, b}}) {
        layer.x0_m.push_back(x0);
        layer.y0_m.push_back(y0);
        layer.x1_m.push_back(x1);
        layer.y1_m.push_back(y1);
      }
    }
  }
  const double q = side_m / 4.0;
  const std::vector<std::vector<std::array<double, 2>>> area = {{{0.0, 0.0}, {q, 0.0}, {q, q}, {0.0, q}}};
  layer.areas.append_polygon(area);
  const auto halton = [](std::size_t i, std::size_t base) {
    double f = 1.0, r = 0.0;
    for (std::size_t k = i + 1; k > 0; k /= base) {
      f /= static_cast<double>(base);
      r += f * static_cast<double>(k % base);
    }
    return r;
  };
  std::vector<double> x(n), y(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = halton(i, 2) * side_m;
    y[i] = halton(i, 3) * side_m;
  }
  std::size_t near = 0;
  for (auto _ : state) {
    const LineAreaIndex index(layer, 50.0);
    near = 0;
    for (std::size_t i = 0; i < n; ++i) near += index.is_near(x[i], y[i], 50.0) ? 1 : 0;
    benchmark::DoNotOptimize(near);
  }
  state.SetComplexityN(static_cast<std::int64_t>(n));
  state.counters["near_share"] = static_cast<double>(near) / static_cast<double>(n);
  state.counters["buildings_per_s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_GasGridQuery)
    ->RangeMultiplier(10)
    ->Range(1000, 1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity(benchmark::oN)
    ->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);  // the library's info lines would interleave with the table
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
