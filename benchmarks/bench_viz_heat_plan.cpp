// Benchmarks of the heat plan report (viz/heat_plan_report.hpp, issue 15 targets): a municipality
// of N buildings over 5 years (2025–2045), HTML (and PDF by headless Chromium), and every
// municipality of a state of N buildings from one results file.
// Input: the seeded synthetic state (seed 1) — for one municipality with a Gemeinden table of
// Magdeburg alone and the shipped boundaries — and its heat plan computed once per size with the
// shipped TRY weather (hourly for one municipality, monthly for the state), 1 %/a refurbishment.
//
// Counters: municipalities (documents written), html_kb (size of all documents), buildings.

#include "benchmarks/scratch_dir.hpp"
#include "scenarios/demand_run.hpp"
#include "twin/synthetic_state.hpp"
#include "twin/twin_store.hpp"
#include "viz/heat_plan_report.hpp"
#include "viz/pdf_print.hpp"

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>

namespace {

namespace fs = std::filesystem;
using namespace heattwin;

heattwin::bench::ScratchDir& scratch() {
  static heattwin::bench::ScratchDir s("heattwin-bench-heat-plan-");
  return s;
}

struct PlanCase {
  twin::Twin twin;
  std::string results_path;
};

/// The twin of n buildings (one municipality, or the whole state) and its 5-year heat plan.
const PlanCase& plan_case(std::size_t n, bool one_municipality) {
  static std::map<std::pair<std::size_t, bool>, std::unique_ptr<PlanCase>> cache;
  auto& slot = cache[{n, one_municipality}];
  if (slot) return *slot;
  spdlog::set_level(spdlog::level::err);
  slot = std::make_unique<PlanCase>();
  const std::string tag = fmt::format("{}_{}", one_municipality ? "town" : "state", n);
  twin::SyntheticStateOptions o;
  o.seed = 1;
  o.building_count = n;
  if (one_municipality) {
    // The Gemeinden table with Magdeburg (15003000) only: every building lies in it.
    const std::string table = scratch().file("magdeburg.csv");
    std::ifstream in(std::string(HEATTWIN_SOURCE_DATA_DIR) + "/regions/sachsen_anhalt_municipalities.csv");
    std::ofstream out(table);
    std::string line;
    std::getline(in, line);
    out << line << '\n';
    while (std::getline(in, line))
      if (line.rfind("15003000,", 0) == 0) out << line << '\n';
    o.municipality_table = table;
    o.boundaries = std::string(HEATTWIN_SOURCE_DATA_DIR) + "/regions/sachsen_anhalt_gemeinden.geojson";
  }
  slot->twin = twin::generate_synthetic_state(o);
  const std::string twin_path = scratch().file(fmt::format("twin_{}.h5", tag));
  slot->results_path = scratch().file(fmt::format("plan_{}.h5", tag));
  twin::save_twin(slot->twin, twin_path);
  const std::string scenario_path = scratch().file(fmt::format("plan_{}.toml", tag));
  std::ofstream(scenario_path) << fmt::format(
      "[run]\nname = \"plan\"\nyears = [2025, 2030, 2035, 2040, 2045]\ntwin = \"{}\"\n"
      "weather = \"{}/weather/TRY2010_04_Jahr.dat\"\nout = \"{}\"\nmethod = \"{}\"\n"
      "[typology]\nrefurbishment_state = \"existing\"\n"
      "[refurbishment]\nrate_per_year = 0.01\ndepth = \"usual_refurbishment\"\norder = \"oldest_first\"\n",
      twin_path, HEATTWIN_SOURCE_DATA_DIR, slot->results_path, one_municipality ? "hourly" : "monthly");
  scenarios::run_demand_scenario(scenarios::load_demand_scenario(scenario_path, HEATTWIN_SOURCE_DATA_DIR));
  return *slot;
}

/// compute_heat_plans + render_heat_plan_html + write, every municipality; with `pdf` also the PDF.
void report_all(benchmark::State& state, const PlanCase& c, bool pdf) {
  std::size_t documents = 0, bytes = 0;
  for (auto _ : state) {
    documents = bytes = 0;
    // One Chromium for all documents of the iteration (its start counts, as in `heattwin report`).
    std::unique_ptr<viz::PdfPrinter> printer;
    if (pdf) printer = std::make_unique<viz::PdfPrinter>("/usr/bin/chromium");
    for (const viz::HeatPlan& plan : viz::compute_heat_plans(c.results_path, c.twin)) {
      const std::string html = viz::render_heat_plan_html({&plan});
      const std::string path = scratch().file(fmt::format("heat_plan_{}.html", plan.ags));
      std::ofstream(path) << html;
      if (printer) printer->submit(path, scratch().file(fmt::format("heat_plan_{}.pdf", plan.ags)));
      ++documents;
      bytes += html.size();
    }
    if (printer) printer->finish();
  }
  state.counters["municipalities"] = static_cast<double>(documents);
  state.counters["html_kb"] = static_cast<double>(bytes) / 1024.0;
  state.counters["buildings"] = static_cast<double>(c.twin.buildings.size());
}

/// Target: a 10,000-building municipality, 5 years, all maps, HTML + PDF < 5 s (this: HTML).
void BM_HeatPlanReportTown(benchmark::State& state) {
  report_all(state, plan_case(static_cast<std::size_t>(state.range(0)), true), false);
}
BENCHMARK(BM_HeatPlanReportTown)->Arg(1000)->Arg(10'000)->Unit(benchmark::kMillisecond)->UseRealTime();

/// The same with the PDF printed by headless Chromium (skipped without /usr/bin/chromium).
void BM_HeatPlanReportTownPdf(benchmark::State& state) {
  if (!fs::exists("/usr/bin/chromium")) {
    state.SkipWithError("no /usr/bin/chromium");
    return;
  }
  report_all(state, plan_case(static_cast<std::size_t>(state.range(0)), true), true);
}
BENCHMARK(BM_HeatPlanReportTownPdf)->Arg(10'000)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();

/// PDF printing alone, `n` documents (the 1,000-building town's report, written n times): one
/// Chromium for all of them (PdfPrinter, what `heattwin report --pdf` does) against one Chromium
/// per document (print_pdf, as before). The ratio of the two is the start-up saved per document.
/// Arguments: documents, and for one Chromium the documents in flight (1: one after the other).
void pdf_documents(benchmark::State& state, bool one_browser) {
  if (!fs::exists("/usr/bin/chromium")) {
    state.SkipWithError("no /usr/bin/chromium");
    return;
  }
  const PlanCase& c = plan_case(1000, true);
  const auto plans = viz::compute_heat_plans(c.results_path, c.twin);
  const std::string html = scratch().file("pdf_documents.html");
  std::ofstream(html) << viz::render_heat_plan_html({&plans.front()});
  const auto n = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    if (one_browser) {
      viz::PdfPrinter printer("/usr/bin/chromium", 120, static_cast<std::size_t>(state.range(1)));
      for (std::size_t d = 0; d < n; ++d) printer.submit(html, scratch().file(fmt::format("pdf_documents_{}.pdf", d)));
      printer.finish();
    } else {
      for (std::size_t d = 0; d < n; ++d)
        viz::print_pdf("/usr/bin/chromium", html, scratch().file(fmt::format("pdf_documents_{}.pdf", d)));
    }
  }
  state.counters["documents"] = static_cast<double>(n);
}
void BM_PdfOneChromiumForAll(benchmark::State& state) { pdf_documents(state, true); }
void BM_PdfOneChromiumPerDocument(benchmark::State& state) { pdf_documents(state, false); }
BENCHMARK(BM_PdfOneChromiumForAll)
    ->Args({10, 1})
    ->Args({10, 2})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_PdfOneChromiumPerDocument)->Args({10, 1})->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

/// Target: all 218 municipalities of the 1.2 M state from one results file < 3 min (HTML).
void BM_HeatPlanReportState(benchmark::State& state) {
  report_all(state, plan_case(static_cast<std::size_t>(state.range(0)), false), false);
}
BENCHMARK(BM_HeatPlanReportState)
    ->Arg(1000)
    ->Arg(1'200'000)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
