// Benchmarks of the heat-plan scenario layer (issue 8).
//
// BM_HeatPlanScenario/N: `heattwin run` without the CLI for a generated municipality of N building
// objects (seed 1; one-row Gemeinden table: Wernigerode, AGS 15085370, from the shipped table;
// seeded layout), base year 2025 + 4 target years, hourly 5R1C with the shipped TRY weather, 1 %/a
// usual refurbishment oldest first, individual supply, supply areas and sub-areas, results file
// written. Target (issue 8): N = 10,000 in < 10 s. The twin is generated and saved once per size,
// outside the timing.
//
// BM_SupplyClusters/C: solvers::supply::cluster_supply_areas on C cells of a square patch of the
// 100 m grid with a seeded mix of dense and sparse cells and 1–12 buildings per cell (so that the
// privacy merges run), i.e. the sub-area step of one target year.
//
// BM_SweepPriceCop/R: `heattwin sweep` without the CLI, a Saltelli design over the gas price path,
// the 2045 electricity price and the air heat pump's Carnot share (R runs) on the generated
// 1,000-building municipality, hourly, 2 threads: the demand is computed once and shared.
// Counter s_per_1000_runs extrapolates linearly (target, issue 17: 1,000 runs on the demo < 60 s).
// BM_SweepRefurbishment/R: a Latin hypercube over the refurbishment rate (R runs, demand
// recomputed in every run) on the generated 10,000-building municipality, monthly, 2 threads
// (target, issue 17: 1,000 runs < 10 min).

#include "benchmarks/scratch_dir.hpp"
#include "scenarios/demand_run.hpp"
#include "scenarios/sweep.hpp"
#include "solvers/supply/supply_clusters.hpp"
#include "twin/synthetic_state.hpp"
#include "twin/twin_store.hpp"

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <unistd.h>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace heattwin;

/// The benchmarks' scratch folder, removed at exit.
heattwin::bench::ScratchDir& scratch() {
  static heattwin::bench::ScratchDir s("heattwin-bench-scenarios-");
  return s;
}

/// The scenario file of a generated municipality of n buildings (made once per size).
std::string scenario_of_size(std::size_t n) {
  static std::map<std::size_t, std::string> cache;
  auto& path = cache[n];
  if (path.empty()) {
    const std::string table = scratch().file("municipality.csv");
    {
      std::ifstream in(std::string(HEATTWIN_SOURCE_DATA_DIR) + "/regions/sachsen_anhalt_municipalities.csv");
      std::ofstream out(table);
      std::string line;
      std::getline(in, line);
      out << line << '\n';
      while (std::getline(in, line)) {
        if (line.starts_with("15085370,")) out << line << '\n';
      }
    }
    twin::SyntheticStateOptions o;
    o.seed = 1;
    o.building_count = n;
    o.municipality_table = table;
    o.boundaries = "none";
    const std::string twin_path = scratch().file(fmt::format("municipality_{}.h5", n));
    twin::save_twin(twin::generate_synthetic_state(o), twin_path);
    path = scratch().file(fmt::format("plan_{}.toml", n));
    std::ofstream(path) << fmt::format(
        "[run]\nname = \"bench\"\nyears = [2025, 2030, 2035, 2040, 2045]\ntwin = \"{}\"\n"
        "weather = \"{}/weather/TRY2010_04_Jahr.dat\"\nout = \"{}\"\nmethod = \"hourly\"\n"
        "[typology]\nrefurbishment_state = \"existing\"\n[demand]\nnight_setback_c = 18.0\n"
        "[refurbishment]\nrate_per_year = 0.01\ndepth = \"usual_refurbishment\"\norder = \"oldest_first\"\n",
        twin_path, HEATTWIN_SOURCE_DATA_DIR, scratch().file(fmt::format("plan_{}.h5", n)));
  }
  return path;
}

void BM_HeatPlanScenario(benchmark::State& state) {
  const std::string path = scenario_of_size(static_cast<std::size_t>(state.range(0)));
  std::size_t computed = 0;
  for (auto _ : state) {
    const scenarios::DemandSummary s =
        scenarios::run_demand_scenario(scenarios::load_demand_scenario(path, HEATTWIN_SOURCE_DATA_DIR));
    computed = s.buildings_computed;
    benchmark::DoNotOptimize(computed);
  }
  state.counters["computed"] = static_cast<double>(computed);
  state.counters["target_s"] = 10.0;
}
BENCHMARK(BM_HeatPlanScenario)->Arg(1000)->Arg(10'000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

/// A sweep file over the scenario of a generated municipality of n buildings.
std::string sweep_of(std::size_t n, const std::string& method, const std::string& body) {
  const std::string name = fmt::format("sweep_{}_{}_{}", n, method, std::hash<std::string>{}(body));
  const std::string path = scratch().file(name + ".toml");
  std::ofstream(path) << fmt::format("[sweep]\nscenario = \"{}\"\nout = \"{}\"\n{}", scenario_of_size(n),
                                     scratch().file(name + ".h5"), body)
                      << fmt::format("[sweep.set]\n\"run.method\" = \"{}\"\n", method);
  return path;
}

void run_sweep_benchmark(benchmark::State& state, const std::string& sweep_path) {
  const scenarios::SweepPlan plan = scenarios::plan_sweep(sweep_path, HEATTWIN_SOURCE_DATA_DIR);
  const scenarios::BatchProcess process;
  std::size_t runs = 0;
  for (auto _ : state) {
    std::filesystem::remove(scenarios::sweep_journal_path(plan.config));
    scenarios::SweepRunOptions options;
    options.threads = 2;
    const scenarios::SweepOutcome o = scenarios::run_sweep(plan, process, options);
    runs = o.runs.size();
    benchmark::DoNotOptimize(runs);
    state.counters["failed"] = static_cast<double>(o.failed);
    state.counters["demand_computed"] = static_cast<double>(o.stages.demand_computed);
  }
  state.counters["runs"] = static_cast<double>(runs);
}

void BM_SweepPriceCop(benchmark::State& state) {
  const auto runs = static_cast<std::size_t>(state.range(0));
  const std::string path = sweep_of(
      1000, "hourly",
      fmt::format("design = \"saltelli\"\nsamples = {}\nseed = 1\nbootstrap = 50\n"
                  "[parameters.gas]\nkey = \"prices.natural_gas\"\ndistribution = \"path\"\n"
                  "low = {{ 2030 = 80.0, 2045 = 90.0 }}\nhigh = {{ 2030 = 140.0, 2045 = 220.0 }}\n"
                  "[parameters.\"prices.electricity.2045\"]\ndistribution = \"uniform\"\nmin = 180.0\nmax = 350.0\n"
                  "[parameters.\"technology.air_heat_pump.carnot_share\"]\ndistribution = \"uniform\"\nmin = 0.35\n"
                  "max = 0.55\n",
                  runs / 5));
  const auto start = std::chrono::steady_clock::now();
  run_sweep_benchmark(state, path);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  state.counters["s_per_1000_runs"] = s * 1000.0 / static_cast<double>(runs);
  state.counters["target_s"] = 60.0;
}
BENCHMARK(BM_SweepPriceCop)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

void BM_SweepRefurbishment(benchmark::State& state) {
  const auto runs = static_cast<std::size_t>(state.range(0));
  const std::string path = sweep_of(10'000, "monthly",
                                    fmt::format("design = \"lhs\"\nsamples = {}\nseed = 1\n"
                                                "[parameters.\"refurbishment.rate_per_year\"]\n"
                                                "distribution = \"uniform\"\nmin = 0.005\nmax = 0.04\n",
                                                runs));
  const auto start = std::chrono::steady_clock::now();
  run_sweep_benchmark(state, path);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  state.counters["s_per_1000_runs"] = s * 1000.0 / static_cast<double>(runs);
  state.counters["target_s"] = 600.0;
}
BENCHMARK(BM_SweepRefurbishment)->Arg(20)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

void BM_SupplyClusters(benchmark::State& state) {
  const auto cells = static_cast<std::size_t>(state.range(0));
  const auto side = static_cast<std::uint32_t>(std::ceil(std::sqrt(static_cast<double>(cells))));
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<std::uint32_t> north(cells), east(cells), buildings(cells);
  std::vector<double> demand(cells), area(cells, 1.0), route(cells, 0.0), lcoh_net(cells, 140.0), lcoh_ind(cells);
  std::vector<std::uint8_t> zeros(cells, 0);
  for (std::size_t i = 0; i < cells; ++i) {
    north[i] = 30'000 + static_cast<std::uint32_t>(i) / side;
    east[i] = 40'000 + static_cast<std::uint32_t>(i) % side;
    // Dense cores in a sparse surrounding: density falls with the distance from a few centres.
    const double x = static_cast<double>(east[i] % 20) - 10.0, y = static_cast<double>(north[i] % 20) - 10.0;
    demand[i] = 900.0 * std::exp(-(x * x + y * y) / 40.0) + 60.0 * u(rng);
    buildings[i] = 1 + static_cast<std::uint32_t>(11.0 * u(rng));
    lcoh_ind[i] = 110.0 + 60.0 * u(rng);
  }
  std::size_t clusters = 0;
  for (auto _ : state) {
    const auto r = solvers::supply::cluster_supply_areas(
        {north, east, buildings, {demand, area, route, lcoh_net, lcoh_ind, zeros, zeros, zeros, zeros}});
    clusters = r.size();
    benchmark::DoNotOptimize(clusters);
  }
  state.counters["clusters"] = static_cast<double>(clusters);
  state.counters["cells_per_s"] =
      benchmark::Counter(static_cast<double>(cells), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_SupplyClusters)->Arg(1000)->Arg(100'000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
