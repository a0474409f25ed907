#include "scenarios/sweep_design.hpp"

#include "twin/error.hpp"

#include <fmt/format.h>
#include <openturns/ComposedDistribution.hxx>
#include <openturns/Exception.hxx>
#include <openturns/Interval.hxx>
#include <openturns/LHSExperiment.hxx>
#include <openturns/Normal.hxx>
#include <openturns/PlatformInfo.hxx>
#include <openturns/RandomGenerator.hxx>
#include <openturns/SaltelliSensitivityAlgorithm.hxx>
#include <openturns/Sample.hxx>
#include <openturns/SobolIndicesExperiment.hxx>
#include <openturns/Triangular.hxx>
#include <openturns/Uniform.hxx>
#include <openturns/UserDefined.hxx>

#include <cmath>
#include <limits>
#include <mutex>
#include <optional>

namespace heattwin::scenarios {
namespace {

/// OpenTURNS's random generator is one per process; designs and bootstraps are drawn under this
/// lock after seeding it, so that they are reproducible even when threads call in.
std::mutex& openturns_mutex() {
  static std::mutex m;
  return m;
}

void check_parameter(const SweepParameter& p) {
  switch (p.distribution) {
    case SweepDistribution::uniform:
      HEATTWIN_CHECK(std::isfinite(p.min) && std::isfinite(p.max) && p.min < p.max,
                     "sweep parameter '{}': uniform needs min < max (found min {}, max {})", p.name, p.min, p.max);
      break;
    case SweepDistribution::normal:
      HEATTWIN_CHECK(std::isfinite(p.mean) && std::isfinite(p.sd) && p.sd > 0.0,
                     "sweep parameter '{}': normal needs a mean and sd > 0 (found sd {})", p.name, p.sd);
      break;
    case SweepDistribution::triangular:
      HEATTWIN_CHECK(
          std::isfinite(p.min) && std::isfinite(p.max) && p.min < p.max && p.mode >= p.min && p.mode <= p.max,
          "sweep parameter '{}': triangular needs min <= mode <= max and min < max (found {}, {}, {})", p.name, p.min,
          p.mode, p.max);
      break;
    case SweepDistribution::discrete:
      HEATTWIN_CHECK(!p.values.empty(), "sweep parameter '{}': discrete needs a non-empty list of values", p.name);
      break;
    case SweepDistribution::path: {
      HEATTWIN_CHECK(!p.low.empty() && p.low.size() == p.high.size(),
                     "sweep parameter '{}': a path needs low and high tables with the same years", p.name);
      for (const auto& [year, value] : p.low) {
        HEATTWIN_CHECK(p.high.contains(year), "sweep parameter '{}': year {} is in low but not in high", p.name, year);
      }
      break;
    }
  }
  HEATTWIN_CHECK(p.levels >= 2 || p.distribution == SweepDistribution::discrete,
                 "sweep parameter '{}': levels must be at least 2 (found {})", p.name, p.levels);
}

OT::Distribution distribution_of(const SweepParameter& p) {
  switch (p.distribution) {
    case SweepDistribution::uniform:
      return OT::Uniform(p.min, p.max);
    case SweepDistribution::normal:
      return OT::Normal(p.mean, p.sd);
    case SweepDistribution::triangular:
      return OT::Triangular(p.min, p.mode, p.max);
    case SweepDistribution::discrete: {
      OT::Sample points(p.values.size(), 1);
      for (std::size_t k = 0; k < p.values.size(); ++k) points(k, 0) = p.values[k];
      return OT::UserDefined(points);
    }
    case SweepDistribution::path:
      return OT::Uniform(0.0, 1.0);
  }
  return OT::Uniform(0.0, 1.0);
}

/// The grid levels of one parameter: its values (discrete), evenly spaced min … max (uniform,
/// triangular, path t), or the normal's quantiles at (k + 0.5) / levels.
std::vector<double> grid_levels(const SweepParameter& p) {
  if (p.distribution == SweepDistribution::discrete) return p.values;
  std::vector<double> levels(p.levels);
  const double lo = p.distribution == SweepDistribution::path ? 0.0 : p.min;
  const double hi = p.distribution == SweepDistribution::path ? 1.0 : p.max;
  for (std::size_t k = 0; k < p.levels; ++k) {
    if (p.distribution == SweepDistribution::normal) {
      levels[k] =
          OT::Normal(p.mean, p.sd).computeQuantile((static_cast<double>(k) + 0.5) / static_cast<double>(p.levels))[0];
    } else {
      levels[k] = lo + (hi - lo) * static_cast<double>(k) / static_cast<double>(p.levels - 1);
    }
  }
  return levels;
}

}  // namespace

std::vector<std::pair<std::string, double>> SweepParameter::assignments(double sampled) const {
  if (distribution != SweepDistribution::path) return {{key, sampled}};
  std::vector<std::pair<std::string, double>> out;
  for (const auto& [year, lo] : low)
    out.emplace_back(fmt::format("{}.{}", key, year), lo + sampled * (high.at(year) - lo));
  return out;
}

SweepDesign make_sweep_design(std::span<const SweepParameter> parameters, SweepDesignKind kind, std::size_t samples,
                              std::uint64_t seed) {
  HEATTWIN_CHECK(!parameters.empty(), "sweep: no parameters to vary");
  for (const auto& p : parameters) check_parameter(p);
  SweepDesign design;
  design.kind = kind;
  design.parameters = parameters.size();
  const std::size_t d = parameters.size();
  if (kind == SweepDesignKind::grid) {
    std::vector<std::vector<double>> levels;
    std::size_t runs = 1;
    for (const auto& p : parameters) {
      levels.push_back(grid_levels(p));
      runs *= levels.back().size();
    }
    design.base_samples = runs;
    design.values.resize(runs * d);
    // Full factorial, the first parameter varying slowest.
    for (std::size_t run = 0; run < runs; ++run) {
      std::size_t rest = run;
      for (std::size_t j = d; j-- > 0;) {
        design.values[run * d + j] = levels[j][rest % levels[j].size()];
        rest /= levels[j].size();
      }
    }
    return design;
  }
  HEATTWIN_CHECK(samples > 0, "sweep: samples must be at least 1 for the {} design",
                 kind == SweepDesignKind::lhs ? "lhs" : "saltelli");
  OT::ComposedDistribution::DistributionCollection marginals;
  for (const auto& p : parameters) marginals.add(distribution_of(p));
  const OT::ComposedDistribution joint(marginals);
  const std::lock_guard lock(openturns_mutex());
  OT::RandomGenerator::SetSeed(seed);
  OT::Sample sample;
  if (kind == SweepDesignKind::lhs) {
    sample = OT::LHSExperiment(joint, samples).generate();
  } else {
    sample = OT::SobolIndicesExperiment(joint, samples, false).generate();
  }
  design.base_samples = samples;
  design.values.resize(sample.getSize() * d);
  for (std::size_t run = 0; run < sample.getSize(); ++run) {
    for (std::size_t j = 0; j < d; ++j) design.values[run * d + j] = sample(run, j);
  }
  return design;
}

SobolIndices sobol_indices(const SweepDesign& design, std::span<const double> output, std::size_t bootstrap_size,
                           double confidence_level, std::uint64_t seed) {
  HEATTWIN_CHECK(design.kind == SweepDesignKind::saltelli, "sweep: Sobol indices need design = \"saltelli\"");
  HEATTWIN_CHECK(output.size() == design.runs(), "sweep: {} outputs for a design of {} runs", output.size(),
                 design.runs());
  HEATTWIN_CHECK(bootstrap_size >= 2 && confidence_level > 0.0 && confidence_level < 1.0,
                 "sweep: bootstrap must be >= 2 and confidence_level in (0, 1) (found {}, {})", bootstrap_size,
                 confidence_level);
  const std::size_t d = design.parameters;
  OT::Sample in(design.runs(), d), out(design.runs(), 1);
  for (std::size_t run = 0; run < design.runs(); ++run) {
    HEATTWIN_CHECK(std::isfinite(output[run]), "sweep: run {} has no finite output; Sobol indices need every run", run);
    for (std::size_t j = 0; j < d; ++j) in(run, j) = design.values[run * d + j];
    out(run, 0) = output[run];
  }
  const std::lock_guard lock(openturns_mutex());
  OT::RandomGenerator::SetSeed(seed);
  OT::SaltelliSensitivityAlgorithm algorithm(in, out, design.base_samples);
  algorithm.setBootstrapSize(bootstrap_size);
  algorithm.setConfidenceLevel(confidence_level);
  const OT::Point first = algorithm.getFirstOrderIndices();
  const OT::Point total = algorithm.getTotalOrderIndices();
  // With very few base samples the bootstrap replicates have no spread: OpenTURNS then answers
  // ±1.8e308 or throws (a kernel bandwidth of NaN); either way there is no interval.
  std::optional<OT::Interval> first_ci, total_ci;
  try {
    first_ci = algorithm.getFirstOrderIndicesInterval();
    total_ci = algorithm.getTotalOrderIndicesInterval();
  } catch (const OT::Exception&) {
    first_ci.reset();
    total_ci.reset();
  }
  SobolIndices s;
  s.confidence_level = confidence_level;
  s.bootstrap_size = bootstrap_size;
  // A bound OpenTURNS could not compute comes back as ±SpecFunc::MaxScalar (1.8e308) or NaN: no
  // interval, said so, instead of printing ±1.8e308.
  std::size_t missing = 0;
  auto bound = [&missing](double value) {
    if (std::isfinite(value) && std::abs(value) < 0.5 * std::numeric_limits<double>::max()) return value;
    ++missing;
    return std::numeric_limits<double>::quiet_NaN();
  };
  for (std::size_t j = 0; j < d; ++j) {
    s.first_order.push_back(first[j]);
    s.total_order.push_back(total[j]);
    constexpr double NONE = std::numeric_limits<double>::quiet_NaN();
    double bounds[4] = {
        bound(first_ci ? first_ci->getLowerBound()[j] : NONE), bound(first_ci ? first_ci->getUpperBound()[j] : NONE),
        bound(total_ci ? total_ci->getLowerBound()[j] : NONE), bound(total_ci ? total_ci->getUpperBound()[j] : NONE)};
    if (std::isnan(bounds[0]) || std::isnan(bounds[1]))
      bounds[0] = bounds[1] = std::numeric_limits<double>::quiet_NaN();
    if (std::isnan(bounds[2]) || std::isnan(bounds[3]))
      bounds[2] = bounds[3] = std::numeric_limits<double>::quiet_NaN();
    s.first_order_low.push_back(bounds[0]);
    s.first_order_high.push_back(bounds[1]);
    s.total_order_low.push_back(bounds[2]);
    s.total_order_high.push_back(bounds[3]);
  }
  if (missing > 0) {
    s.interval_note = fmt::format(
        "bootstrap intervals cannot be computed from {} base samples (the bootstrap replicates have no spread); "
        "use more samples",
        design.base_samples);
  }
  return s;
}

std::string openturns_version() { return OT::PlatformInfo::GetVersion(); }

}  // namespace heattwin::scenarios
