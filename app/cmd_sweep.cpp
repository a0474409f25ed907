#include "app/cmd_sweep.hpp"

#include "app/progress_bar.hpp"
#include "scenarios/batch_engine.hpp"
#include "scenarios/sweep.hpp"
#include "twin/atomic_file.hpp"
#include "twin/error.hpp"
#include "twin/log.hpp"
#include "viz/region_comparison.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <thread>

namespace heattwin::app {
namespace {

namespace sc = heattwin::scenarios;

/// The run table as CSV: run, status, the parameters, the indicators (German: ';' and decimal
/// comma, German headers of the first columns; English: ',' and '.').
std::string run_table_csv(const sc::SweepPlan& plan, const sc::SweepOutcome& outcome, viz::Lang lang) {
  const bool de = lang == viz::Lang::de;
  const char sep = de ? ';' : ',';
  std::string out = de ? "lauf" : "run";
  out += sep;
  out += de ? "status" : "status";
  for (const auto& p : plan.config.parameters) out += sep + p.name;
  for (const auto& name : plan.indicator_names) out += sep + name;
  out += sep;
  out += de ? "meldung" : "message";
  out += '\n';
  for (std::size_t run = 0; run < outcome.runs.size(); ++run) {
    const auto& r = outcome.runs[run];
    out += std::to_string(run);
    out += sep;
    out += r.ok ? "ok" : (de ? "fehler" : "failed");
    for (std::size_t j = 0; j < plan.design.parameters; ++j)
      out += sep + viz::csv_number(plan.design.values[run * plan.design.parameters + j], 6, lang);
    for (const double v : r.indicators) out += sep + viz::csv_number(v, 4, lang);
    std::string message = r.message;
    std::replace(message.begin(), message.end(), sep, ' ');
    std::replace(message.begin(), message.end(), '\n', ' ');
    out += sep + message + '\n';
  }
  return out;
}

std::string seconds_text(double s) {
  return s < 120.0 ? fmt::format("{:.1f} s", s) : fmt::format("{:.1f} min", s / 60.0);
}

}  // namespace

int run_sweep_command(const SweepOptions& options, const GlobalOptions& global) {
  sc::BatchProcess process;  // MPI_Init under mpirun (HEATTWIN_WITH_MPI)
  auto log = logger("app");
  if (process.rank() > 0) spdlog::set_level(spdlog::level::warn);  // only rank 0 prints
  HEATTWIN_CHECK(options.lang == "de" || options.lang == "en", "--lang must be de or en (found '{}')", options.lang);
  const std::size_t threads =
      options.threads > 0 ? options.threads : std::max<std::size_t>(1, std::thread::hardware_concurrency());
  const sc::SweepPlan plan = sc::plan_sweep(options.sweep_path, data_dir());
  const std::size_t workers = threads + static_cast<std::size_t>(process.size() - 1);
  const double estimate = plan.estimated_seconds / static_cast<double>(workers);
  if (process.rank() == 0) {
    log->info("sweep {}: {} design, {} parameters, {} runs of {} ({} buildings in the twin, {} years, {} method)",
              plan.config.source,
              plan.config.design == sc::SweepDesignKind::grid  ? "grid"
              : plan.config.design == sc::SweepDesignKind::lhs ? "Latin hypercube"
                                                               : "Saltelli",
              plan.design.parameters, plan.design.runs(), plan.config.scenario_path, plan.buildings_in_twin,
              plan.base.years.size(), sc::demand_method_name(plan.base.method));
    log->info("shared stages: twin, weather, typology and climate computed {} time(s), demand {} time(s) for {} runs",
              plan.distinct_inputs, plan.distinct_demand, plan.design.runs());
    log->info("estimate: {} on {} worker(s) ({} rank(s) × threads; cost model, docs/SWEEPS.md)", seconds_text(estimate),
              workers, process.size());
  }
  if (options.dry_run) {
    if (process.rank() == 0) {
      fmt::print("run");
      for (const auto& p : plan.config.parameters) fmt::print("\t{}", p.name);
      fmt::print("\n");
      for (std::size_t run = 0; run < plan.design.runs(); ++run) {
        fmt::print("{}", run);
        for (std::size_t j = 0; j < plan.design.parameters; ++j)
          fmt::print("\t{}", plan.design.values[run * plan.design.parameters + j]);
        fmt::print("\n");
      }
      fmt::print("# {} runs; estimate {} on {} worker(s)\n", plan.design.runs(), seconds_text(estimate), workers);
    }
    return 0;
  }
  // The runs' own info lines (one per year and run) would drown the progress bar.
  logger("scenarios.demand")->set_level(global.verbose > 0 ? spdlog::level::debug : spdlog::level::err);
  logger("scenarios.network")->set_level(global.verbose > 0 ? spdlog::level::debug : spdlog::level::err);
  ProgressBar bar("sweep", process.rank() == 0 && show_progress(global));
  sc::SweepRunOptions run_options;
  run_options.threads = threads;
  run_options.resume = options.resume;
  run_options.progress = [&](std::size_t done, std::size_t total) { bar.update(done, total); };
  sc::SweepOutcome outcome;
  try {
    outcome = sc::run_sweep(plan, process, run_options);
  } catch (...) {
    bar.finish();
    if (process.size() > 1) {
      log->error("sweep stopped on rank {}; aborting the other ranks", process.rank());
      process.abort_if_distributed(1);
    }
    throw;
  }
  bar.finish();
  if (process.rank() > 0) return 0;
  const viz::Lang lang = options.lang == "en" ? viz::Lang::en : viz::Lang::de;
  twin::write_file_atomically(plan.config.csv_path, run_table_csv(plan, outcome, lang));
  log->info(
      "reused stages: twin/weather/typology/climate loaded {} and reused {} times; demand computed {} and "
      "reused {} times (rank 0)",
      outcome.stages.inputs_computed, outcome.stages.inputs_reused, outcome.stages.demand_computed,
      outcome.stages.demand_reused);
  fmt::print("sweep: {} runs ({} from the journal, {} computed, {} failed) in {}\n", outcome.runs.size(),
             outcome.resumed, outcome.computed, outcome.failed, seconds_text(outcome.seconds));
  fmt::print("sweep file: {}\nrun table:  {}\n", plan.config.out_path, plan.config.csv_path);
  if (outcome.indices.empty()) {
    fmt::print("Sobol indices: none ({})\n", outcome.indices_note);
  }
  for (const auto& [name, s] : outcome.indices) {
    fmt::print("Sobol indices of {} ({:.0f} % bootstrap intervals, {} replicates):\n", name, 100.0 * s.confidence_level,
               s.bootstrap_size);
    // An interval that could not be computed is printed as "[–]" (interval_note says why).
    auto interval = [](double low, double high) {
      return std::isnan(low) || std::isnan(high) ? std::string("[   –   ]")
                                                 : fmt::format("[{:6.3f}, {:6.3f}]", low, high);
    };
    for (std::size_t j = 0; j < plan.config.parameters.size(); ++j) {
      fmt::print("  {:<40} S1 {:6.3f} {}  ST {:6.3f} {}\n", plan.config.parameters[j].name, s.first_order[j],
                 interval(s.first_order_low[j], s.first_order_high[j]), s.total_order[j],
                 interval(s.total_order_low[j], s.total_order_high[j]));
    }
    if (!s.interval_note.empty()) fmt::print("  {}\n", s.interval_note);
  }
  return outcome.failed > 0 ? 1 : 0;
}

}  // namespace heattwin::app
