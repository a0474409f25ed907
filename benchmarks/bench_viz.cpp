// Benchmarks of the outputs people open (viz/): the self-contained HTML report of a results file.
// Input: the seeded synthetic state (seed 1) of N buildings, its hourly 5R1C demand computed once per
// size with the shipped TRY weather (scenarios::run_demand_scenario), read back with
// viz::read_results. scripts/bench runs the full set and writes docs/PERFORMANCE.md.
//
// Counters: buildings_per_s (computed buildings per second of report), file_kb (size of the page),
// map_cells (drawn map cells), cell_m (100 or 1000: the map's cell size).

#include "benchmarks/scratch_dir.hpp"
#include "scenarios/demand_run.hpp"
#include "twin/synthetic_state.hpp"
#include "twin/twin_store.hpp"
#include "viz/report.hpp"
#include "viz/results_file.hpp"

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>

namespace {

namespace fs = std::filesystem;
using namespace heattwin;

/// The benchmarks' scratch folder, removed at exit.
heattwin::bench::ScratchDir& scratch() {
  static heattwin::bench::ScratchDir s("heattwin-bench-viz-");
  return s;
}

/// A generated twin of n buildings and the results of its hourly demand run, made once per size.
struct Case {
  twin::Twin twin;
  viz::Results results;
};

const Case& case_of_size(std::size_t n) {
  static std::map<std::size_t, std::unique_ptr<Case>> cache;
  auto& slot = cache[n];
  if (!slot) {
    slot = std::make_unique<Case>();
    twin::SyntheticStateOptions o;
    o.seed = 1;
    o.building_count = n;
    slot->twin = twin::generate_synthetic_state(o);
    const std::string twin_path = scratch().file(fmt::format("twin_{}.h5", n));
    const std::string results_path = scratch().file(fmt::format("results_{}.h5", n));
    twin::save_twin(slot->twin, twin_path);
    const std::string scenario_path = scratch().file(fmt::format("state_{}.toml", n));
    std::ofstream(scenario_path) << fmt::format(
        "[run]\nname = \"state\"\nyear = 2025\ntwin = \"{}\"\nweather = \"{}/weather/TRY2010_04_Jahr.dat\"\n"
        "out = \"{}\"\n[demand]\nnight_setback_c = 18.0\n",
        twin_path, HEATTWIN_SOURCE_DATA_DIR, results_path);
    scenarios::run_demand_scenario(scenarios::load_demand_scenario(scenario_path, HEATTWIN_SOURCE_DATA_DIR));
    slot->results = viz::read_results(results_path);
  }
  return *slot;
}

/// compute_report_data + render_html_report + the atomic write of the page.
void BM_HtmlReport(benchmark::State& state) {
  const Case& c = case_of_size(static_cast<std::size_t>(state.range(0)));
  const std::string path = scratch().file(fmt::format("report_{}.html", state.range(0)));
  for (auto _ : state) {
    viz::write_html_report(c.results, c.twin, path);
  }
  const viz::ReportData d = viz::compute_report_data(c.results, c.twin);
  state.counters["buildings_per_s"] = benchmark::Counter(static_cast<double>(c.results.buildings.rows()),
                                                         benchmark::Counter::kIsIterationInvariantRate);
  state.counters["file_kb"] = static_cast<double>(fs::file_size(path)) / 1024.0;
  state.counters["map_cells"] = static_cast<double>(d.map_cells.size());
  state.counters["cell_m"] = d.map_cell_size_m;
  state.counters["computed"] = static_cast<double>(c.results.buildings.rows());
}
BENCHMARK(BM_HtmlReport)->Arg(1000)->Arg(100'000)->Arg(1'200'000)->Unit(benchmark::kMillisecond)->UseRealTime();

/// Reading the (scenario, year) from the results file, which `heattwin export` does before any format.
void BM_ReadResults(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  (void)case_of_size(n);
  const std::string path = scratch().file(fmt::format("results_{}.h5", n));
  std::size_t rows = 0;
  for (auto _ : state) {
    const viz::Results r = viz::read_results(path);
    rows = r.buildings.rows();
    benchmark::DoNotOptimize(r.buildings.id.data());
  }
  state.counters["buildings_per_s"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_ReadResults)->Arg(1000)->Arg(100'000)->Arg(1'200'000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);  // the demand run's progress lines are not benchmark output
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
