// Benchmark of the roof solar potential (issue 22 target: 50,000 LoD2 buildings with shading
// < 2 min on the 2-core machine): gable-roofed LoD2 houses (10 m × 8 m, eaves 6 m, ridge 9 m,
// ridges alternately east-west and north-south, heights varied by an index hash) in a street
// grid of 16 m × 14 m plots, the TRY 2010 Potsdam year, default settings (72 horizon sectors,
// 100 m shading radius, 2 m sample grid). Deterministic inputs (index hashes).
//
// Counters: buildings_per_s, rays_per_s (sample points × horizon directions), samples_per_s.

#include "solvers/demand/roof_solar.hpp"
#include "solvers/demand/weather.hpp"
#include "twin/roof_surfaces.hpp"

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

namespace {

namespace dm = heattwin::solvers::demand;
namespace tw = heattwin::twin;

double unit_hash(std::uint64_t i) {
  i += 0x9e3779b97f4a7c15ULL;
  i = (i ^ (i >> 30)) * 0xbf58476d1ce4e5b9ULL;
  i = (i ^ (i >> 27)) * 0x94d049bb133111ebULL;
  i ^= i >> 31;
  return static_cast<double>(i >> 11) * 0x1.0p-53;
}

/// n gable-roofed houses on a square street grid (UTM-like coordinates).
tw::RoofSurfaceSet gable_city(std::size_t n) {
  tw::RoofSurfaceSet roofs;
  const auto side = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(n))));
  using Ring = std::vector<std::array<double, 3>>;
  for (std::size_t i = 0; i < n; ++i) {
    const double x0 = 500000.0 + 16.0 * static_cast<double>(i % side);
    const double y0 = 5700000.0 + 14.0 * static_cast<double>(i / side);
    const double eaves = 50.0 + 6.0 + 3.0 * unit_hash(i);
    const double ridge = eaves + 3.0;
    std::vector<Ring> rings;
    if (i % 2 == 0) {  // ridge east-west: south and north faces
      rings.push_back({{x0, y0, eaves}, {x0 + 10, y0, eaves}, {x0 + 10, y0 + 4, ridge}, {x0, y0 + 4, ridge}});
      rings.push_back({{x0 + 10, y0 + 8, eaves}, {x0, y0 + 8, eaves}, {x0, y0 + 4, ridge}, {x0 + 10, y0 + 4, ridge}});
    } else {  // ridge north-south: east and west faces, gable ends as in LoD2 (roof only)
      rings.push_back({{x0 + 10, y0, eaves}, {x0 + 10, y0 + 8, eaves}, {x0 + 5, y0 + 8, ridge}, {x0 + 5, y0, ridge}});
      rings.push_back({{x0, y0 + 8, eaves}, {x0, y0, eaves}, {x0 + 5, y0, ridge}, {x0 + 5, y0 + 8, ridge}});
    }
    roofs.append_building(rings, tw::RoofSource::lod2);
  }
  return roofs;
}

const dm::SolarYear& potsdam_year() {
  static const dm::SolarYear year = dm::make_solar_year(
      dm::read_weather(std::string(HEATTWIN_SOURCE_DATA_DIR) + "/weather/TRY2010_04_Jahr.dat"), 0.2);
  return year;
}

void BM_RoofSolarPotential(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const tw::RoofSurfaceSet roofs = gable_city(n);
  std::vector<std::uint32_t> buildings(n);
  std::iota(buildings.begin(), buildings.end(), 0u);
  const dm::SolarYear& year = potsdam_year();
  const dm::SolarYieldParameters parameters;
  std::uint64_t rays = 0, samples = 0;
  for (auto _ : state) {
    const auto irradiation = dm::roof_irradiation(roofs, buildings, year, dm::RoofSolarSettings{});
    const auto potential = dm::roof_solar_potential(irradiation, n, parameters);
    benchmark::DoNotOptimize(potential.pv_yield_kwh_per_a.data());
    rays += irradiation.horizon_rays;
    samples += irradiation.samples();
  }
  state.counters["buildings_per_s"] =
      benchmark::Counter(static_cast<double>(n * state.iterations()), benchmark::Counter::kIsRate);
  state.counters["rays_per_s"] = benchmark::Counter(static_cast<double>(rays), benchmark::Counter::kIsRate);
  state.counters["samples_per_s"] = benchmark::Counter(static_cast<double>(samples), benchmark::Counter::kIsRate);
  state.SetComplexityN(static_cast<benchmark::IterationCount>(n));
}
BENCHMARK(BM_RoofSolarPotential)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(50000)
    ->Unit(benchmark::kSecond)
    ->UseRealTime()
    ->Iterations(1)
    ->Complexity(benchmark::oN);

}  // namespace

BENCHMARK_MAIN();
