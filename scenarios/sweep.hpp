#pragma once
/// \file `heattwin sweep <sweep.toml>`: many runs of one scenario with parameters varied by a
/// design of experiments (scenarios/sweep_design.hpp), run by the batch engine
/// (scenarios/batch_engine.hpp) with the stages a parameter does not touch computed once
/// (DemandRunCache), journalled run by run so that a killed sweep resumes, and written to one
/// HDF5 sweep file (design, run table, Sobol indices, status of every run). docs/SWEEPS.md.
///
/// Sweep file (TOML; unknown keys are errors; relative paths are relative to the sweep file):
///
///     [sweep]
///     scenario = "../scenarios/heat_plan_base.toml"  # the base scenario (required)
///     design = "saltelli"            # grid | lhs | saltelli
///     samples = 100                  # lhs: runs; saltelli: N base samples, N·(d + 2) runs
///     seed = 1                       # of the design and the bootstrap
///     out = "sweep.h5"               # the sweep file; its run table also as <stem>.csv
///     indices = ["co2_t_2045"]       # outputs of the Sobol indices (default: the last year's
///                                    # final energy, CO2, LCOH and renewable share)
///     bootstrap = 200                # bootstrap replicates of the confidence intervals
///     confidence_level = 0.95
///     [sweep.set]                    # fixed overrides of every run, as `run --set`
///     "run.method" = "monthly"
///     [parameters."prices.natural_gas.2045"]   # a scenario key, as `run --set`
///     distribution = "uniform"       # uniform (min, max) | normal (mean, sd) |
///     min = 80.0                     # triangular (min, mode, max) | discrete (values) |
///     max = 200.0                    # path (low, high: tables year = value)
///     levels = 3                     # grid: levels of a continuous parameter
///     [parameters.gas_path]          # a named parameter with its key
///     key = "prices.natural_gas"
///     distribution = "path"
///     low = { 2030 = 90.0, 2045 = 120.0 }
///     high = { 2030 = 140.0, 2045 = 250.0 }

#include "scenarios/batch_engine.hpp"
#include "scenarios/demand_run.hpp"
#include "scenarios/sweep_design.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace heattwin::scenarios {

/// A parsed sweep file (immutable after load).
struct SweepConfig {
  std::string source;                   ///< the sweep file
  std::string text;                     ///< its text, for the sweep file's /meta
  std::string scenario_path;            ///< the base scenario
  std::vector<ScenarioOverride> fixed;  ///< [sweep.set], in file order
  std::vector<SweepParameter> parameters;
  SweepDesignKind design = SweepDesignKind::grid;
  std::size_t samples = 0;
  std::uint64_t seed = 1;
  std::string out_path;              ///< the HDF5 sweep file
  std::string csv_path;              ///< the run table as CSV (<out stem>.csv)
  std::vector<std::string> indices;  ///< indicator columns of the Sobol indices
  std::size_t bootstrap = 200;
  double confidence_level = 0.95;
};

/// Reads and checks a sweep file. Throws InputError naming the file, the line and the key.
SweepConfig load_sweep_config(const std::string& path);

/// Which shared stage a parameter touches (by the first part of its key): `price` keys (prices,
/// co2_factors, technology, supply, supply_areas, network, run.name, run.out) touch neither
/// inputs nor demand; `demand` keys (refurbishment, run.years, outputs) the per-year demand;
/// every other key the inputs (twin, weather, typology, climate) and the demand.
enum class SweepStage { price, demand, inputs };
SweepStage sweep_stage_of(const std::string& key);

/// A sweep ready to run: the config, the base scenario (with [sweep.set]), the design, the
/// indicator columns and the cost estimate.
struct SweepPlan {
  SweepConfig config;
  std::string data_dir;  ///< the shipped data (default typology and technology tables)
  DemandScenario base;
  SweepDesign design;
  std::vector<std::string> indicator_names, indicator_units;
  /// AGS of the twin's municipalities with buildings when there are several (sorted): the run
  /// table then has heating_mwh, final_energy_mwh and co2_t per year and municipality
  /// (`<name>_<year>_<ags>`, after the columns of the totals); empty for one municipality.
  std::vector<std::string> municipality_columns;
  std::size_t buildings_in_twin = 0;
  std::size_t distinct_inputs = 0, distinct_demand = 0;  ///< how often each shared stage is computed
  double estimated_seconds = 0.0;                        ///< cost model for one worker (docs/SWEEPS.md)
  /// The overrides of run `run` (fixed, then the design's values).
  std::vector<ScenarioOverride> overrides(std::size_t run) const;
  std::string inputs_key(std::size_t run) const;
  std::string demand_key(std::size_t run) const;
};

/// Loads the sweep, its base scenario and the twin's size, builds the design and estimates the
/// cost. `data_dir`: the shipped data (typology tables).
SweepPlan plan_sweep(const std::string& path, const std::string& data_dir);

/// One run's row of the run table.
struct SweepRunRecord {
  bool done = false;  ///< false: not run (yet)
  bool ok = false;
  std::string message;             ///< the error of a failed run
  double seconds = 0.0;            ///< wall time of the run
  std::vector<double> indicators;  ///< plan.indicator_names; NaN for a failed run
};

struct SweepRunOptions {
  std::size_t threads = 1;
  bool resume = false;  ///< continue the journal of an interrupted sweep
  /// Called on rank 0 after each finished run (done, total) and once before the first (0, total).
  std::function<void(std::size_t, std::size_t)> progress;
};

struct SweepOutcome {
  std::vector<SweepRunRecord> runs;  ///< by run index
  std::size_t resumed = 0;           ///< runs taken from the journal
  std::size_t computed = 0, failed = 0;
  std::map<std::string, SobolIndices> indices;  ///< by indicator (saltelli design, every run ok)
  std::string indices_note;                     ///< why there are none, if there are none
  DemandRunCache::Counts stages;                ///< rank 0's shared stages: computed / reused
  double seconds = 0.0;
};

/// Runs the plan (every rank of `process` calls it; only rank 0 returns an outcome with runs and
/// writes the sweep file, the CSV is written by the caller). Every finished run is appended to
/// `<out>.journal` and fsync'd; the journal is removed when the sweep file is written. A journal
/// present without `resume` is an InputError; with `resume` it must belong to the same sweep
/// (design and files; else InputError) and its runs are not run again.
SweepOutcome run_sweep(const SweepPlan& plan, const BatchProcess& process, const SweepRunOptions& options);

/// The journal of a sweep's output file.
std::string sweep_journal_path(const SweepConfig& config);

}  // namespace heattwin::scenarios
