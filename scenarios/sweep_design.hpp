#pragma once
/// \file Designs of experiments over scenario parameters and Sobol sensitivity indices, for
/// `heattwin sweep` (scenarios/sweep.hpp). The sampling and the estimators are OpenTURNS's
/// (LHSExperiment, SobolIndicesExperiment, SaltelliSensitivityAlgorithm); this is the only
/// translation unit that includes OpenTURNS.

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace heattwin::scenarios {

/// How a sweep parameter varies.
enum class SweepDistribution {
  uniform,     ///< min … max
  normal,      ///< mean, sd
  triangular,  ///< min, mode, max
  discrete,    ///< one of `values`, equally likely
  path,        ///< a path over years between `low` and `high`: value t ∈ [0, 1] (uniform),
               ///< year y gets low[y] + t · (high[y] − low[y])
};

/// One swept parameter.
struct SweepParameter {
  std::string name;  ///< column of the run table (the key unless the file names it)
  std::string key;   ///< dotted scenario key as in `run --set`; a path sets key.<year>
  SweepDistribution distribution = SweepDistribution::uniform;
  double min = 0.0, max = 0.0, mode = 0.0, mean = 0.0, sd = 0.0;
  std::vector<double> values;       ///< discrete
  std::map<int, double> low, high;  ///< path: value per year at t = 0 and t = 1
  std::size_t levels = 3;           ///< grid design: levels of a continuous parameter (≥ 2)
  /// The scenario overrides for a sampled value (key = value, or key.<year> = value of a path).
  std::vector<std::pair<std::string, double>> assignments(double sampled) const;
};

enum class SweepDesignKind {
  grid,      ///< full factorial over each parameter's levels (discrete: its values)
  lhs,       ///< Latin hypercube, `samples` runs
  saltelli,  ///< Saltelli's scheme for Sobol indices: N = `samples` base samples, N·(d + 2) runs
};

/// The runs of a sweep: `values[run · d + j]` is parameter j's sampled value in run `run`.
struct SweepDesign {
  SweepDesignKind kind = SweepDesignKind::grid;
  std::size_t parameters = 0;    ///< d
  std::size_t base_samples = 0;  ///< saltelli: N; else the number of runs
  std::vector<double> values;
  std::size_t runs() const { return parameters == 0 ? 0 : values.size() / parameters; }
};

/// Builds the design. Seeded: the same parameters, kind, samples and seed give the same design
/// on every platform (OpenTURNS's Mersenne twister, seeded here). Throws InputError for a
/// parameter whose distribution is invalid (min ≥ max, sd ≤ 0, mode outside, no values, a path
/// whose low and high years differ) naming the parameter, and for samples = 0.
SweepDesign make_sweep_design(std::span<const SweepParameter> parameters, SweepDesignKind kind, std::size_t samples,
                              std::uint64_t seed);

/// First-order and total Sobol indices of one output with bootstrap confidence intervals.
struct SobolIndices {
  std::vector<double> first_order, total_order;           ///< per parameter
  std::vector<double> first_order_low, first_order_high;  ///< confidence interval
  std::vector<double> total_order_low, total_order_high;
  double confidence_level = 0.95;
  std::size_t bootstrap_size = 0;
  /// Empty if every interval was computed; otherwise why not, and those bounds are NaN (a design
  /// with very few base samples gives bootstrap replicates without variance: OpenTURNS then
  /// answers ±1.8e308, i.e. no interval).
  std::string interval_note;
};

/// Saltelli's estimator (OpenTURNS SaltelliSensitivityAlgorithm) on a saltelli design and its
/// outputs (one per run, in run order). Throws InputError if the design is not a saltelli design,
/// the sizes differ or an output is not finite (a failed run: leave the output out). Seeded.
SobolIndices sobol_indices(const SweepDesign& design, std::span<const double> output, std::size_t bootstrap_size,
                           double confidence_level, std::uint64_t seed);

/// The OpenTURNS version the library was built with, for the sweep file's metadata.
std::string openturns_version();

}  // namespace heattwin::scenarios
