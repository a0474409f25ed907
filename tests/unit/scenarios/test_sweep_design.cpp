/// Designs of experiments and Sobol indices (scenarios/sweep_design.hpp) against the Ishigami
/// function's analytic indices, and the sweep file's keys and stages (scenarios/sweep.hpp).
#include "scenarios/sweep.hpp"
#include "scenarios/sweep_design.hpp"
#include "tests/unit/expect_input_error.hpp"
#include "tests/unit/validation_line.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <set>

namespace sc = heattwin::scenarios;

namespace {

sc::SweepParameter uniform(const std::string& name, double min, double max) {
  sc::SweepParameter p;
  p.name = p.key = name;
  p.distribution = sc::SweepDistribution::uniform;
  p.min = min;
  p.max = max;
  return p;
}

/// Ishigami: y = sin x1 + a sin² x2 + b x3⁴ sin x1, x_i ~ U(−π, π) (Ishigami & Homma 1990).
double ishigami(double x1, double x2, double x3) {
  constexpr double A = 7.0, B = 0.1;
  return std::sin(x1) + A * std::sin(x2) * std::sin(x2) + B * std::pow(x3, 4) * std::sin(x1);
}

}  // namespace

TEST(SweepDesign, SaltelliIndicesOfTheIshigamiFunctionMatchTheAnalyticValues) {
  const std::vector<sc::SweepParameter> parameters{uniform("x1", -std::numbers::pi, std::numbers::pi),
                                                   uniform("x2", -std::numbers::pi, std::numbers::pi),
                                                   uniform("x3", -std::numbers::pi, std::numbers::pi)};
  constexpr std::size_t N = 20000;  // N·(d + 2) = 100,000 evaluations, a few ms
  const sc::SweepDesign design = sc::make_sweep_design(parameters, sc::SweepDesignKind::saltelli, N, 17);
  ASSERT_EQ(design.runs(), N * 5);
  std::vector<double> y(design.runs());
  for (std::size_t r = 0; r < design.runs(); ++r)
    y[r] = ishigami(design.values[r * 3], design.values[r * 3 + 1], design.values[r * 3 + 2]);
  const sc::SobolIndices s = sc::sobol_indices(design, y, 100, 0.95, 17);
  // Analytic indices for a = 7, b = 0.1 (Saltelli et al. 2008, Global Sensitivity Analysis, §4.9).
  const std::array<double, 3> s1{0.3139, 0.4424, 0.0}, st{0.5576, 0.4424, 0.2437};
  // Tolerance: Monte Carlo error of Saltelli's estimators at N = 20,000 is ≈ 0.01 (the bootstrap
  // half-width printed below: 0.01–0.03); 0.04 is about twice the widest.
  constexpr double TOL = 0.04;
  for (std::size_t j = 0; j < 3; ++j) {
    const std::string x = "x" + std::to_string(j + 1);
    heattwin::test::ValidationLine("sweep_sobol", "ishigami_" + x, "S1")
        .field("analytic", s1[j])
        .field("estimate", s.first_order[j])
        .field("ci_low", s.first_order_low[j])
        .field("ci_high", s.first_order_high[j])
        .field("N", N)
        .at_most("abs_err", std::abs(s.first_order[j] - s1[j]), TOL);
    heattwin::test::ValidationLine("sweep_sobol", "ishigami_" + x, "ST")
        .field("analytic", st[j])
        .field("estimate", s.total_order[j])
        .field("ci_low", s.total_order_low[j])
        .field("ci_high", s.total_order_high[j])
        .field("N", N)
        .at_most("abs_err", std::abs(s.total_order[j] - st[j]), TOL);
    EXPECT_LE(s.first_order_low[j], s.first_order_high[j]);
    EXPECT_LE(s.total_order_low[j], s.total_order_high[j]);
  }
  EXPECT_EQ(s.interval_note, "");
}

TEST(SweepDesign, IntervalsThatCannotBeComputedAreSaidSoNotPrintedAsHugeNumbers) {
  // Two base samples (the last session's note: ±1.8e308 printed as the bootstrap interval).
  const std::vector<sc::SweepParameter> parameters{uniform("a", 0.0, 1.0), uniform("b", 0.0, 1.0)};
  const sc::SweepDesign design = sc::make_sweep_design(parameters, sc::SweepDesignKind::saltelli, 2, 5);
  std::vector<double> y(design.runs());
  for (std::size_t r = 0; r < design.runs(); ++r) y[r] = 3.0 * design.values[r * 2] + design.values[r * 2 + 1];
  const sc::SobolIndices s = sc::sobol_indices(design, y, 50, 0.95, 5);
  ASSERT_EQ(s.first_order_low.size(), 2U);
  std::size_t missing = 0;
  for (const auto* bounds : {&s.first_order_low, &s.first_order_high, &s.total_order_low, &s.total_order_high}) {
    for (const double b : *bounds) {
      if (std::isnan(b)) {
        ++missing;
      } else {
        EXPECT_LT(std::abs(b), 1e6) << "an interval bound that is no interval";
      }
    }
  }
  EXPECT_GT(missing, 0U);
  EXPECT_NE(s.interval_note.find("cannot be computed from 2 base samples"), std::string::npos) << s.interval_note;
}

TEST(SweepDesign, TheSameSeedGivesTheSameDesignAndAnotherSeedAnother) {
  const std::vector<sc::SweepParameter> parameters{uniform("a", 0.0, 1.0), uniform("b", 10.0, 20.0)};
  const auto d1 = sc::make_sweep_design(parameters, sc::SweepDesignKind::lhs, 50, 3);
  const auto d2 = sc::make_sweep_design(parameters, sc::SweepDesignKind::lhs, 50, 3);
  const auto d3 = sc::make_sweep_design(parameters, sc::SweepDesignKind::lhs, 50, 4);
  EXPECT_EQ(d1.values, d2.values);
  EXPECT_NE(d1.values, d3.values);
  // Latin hypercube: each of the 50 strata of each parameter holds exactly one run.
  for (std::size_t j = 0; j < 2; ++j) {
    std::set<int> strata;
    for (std::size_t r = 0; r < 50; ++r) {
      const double u = (d1.values[r * 2 + j] - parameters[j].min) / (parameters[j].max - parameters[j].min);
      strata.insert(static_cast<int>(u * 50.0));
    }
    EXPECT_EQ(strata.size(), 50u);
  }
}

TEST(SweepDesign, GridIsTheFullFactorialOfTheLevels) {
  auto a = uniform("a", 0.0, 1.0);
  a.levels = 3;
  sc::SweepParameter b;
  b.name = b.key = "b";
  b.distribution = sc::SweepDistribution::discrete;
  b.values = {5.0, 7.0};
  const std::vector<sc::SweepParameter> parameters{a, b};
  const auto d = sc::make_sweep_design(parameters, sc::SweepDesignKind::grid, 0, 1);
  ASSERT_EQ(d.runs(), 6u);
  const std::vector<double> expected{0.0, 5.0, 0.0, 7.0, 0.5, 5.0, 0.5, 7.0, 1.0, 5.0, 1.0, 7.0};
  EXPECT_EQ(d.values, expected);
}

TEST(SweepDesign, APathSetsEveryYearBetweenLowAndHigh) {
  sc::SweepParameter p;
  p.name = "gas";
  p.key = "prices.natural_gas";
  p.distribution = sc::SweepDistribution::path;
  p.low = {{2030, 100.0}, {2045, 120.0}};
  p.high = {{2030, 140.0}, {2045, 220.0}};
  const auto set = p.assignments(0.5);
  ASSERT_EQ(set.size(), 2u);
  EXPECT_EQ(set[0].first, "prices.natural_gas.2030");
  EXPECT_DOUBLE_EQ(set[0].second, 120.0);
  EXPECT_EQ(set[1].first, "prices.natural_gas.2045");
  EXPECT_DOUBLE_EQ(set[1].second, 170.0);
}

TEST(SweepDesign, InvalidDistributionsAreInputErrorsNamingTheParameter) {
  const std::vector<sc::SweepParameter> bad{uniform("prices.electricity.2045", 5.0, 1.0)};
  heattwin::test::expect_input_error([&] { (void)sc::make_sweep_design(bad, sc::SweepDesignKind::lhs, 10, 1); },
                                     {"prices.electricity.2045"});
  const std::vector<sc::SweepParameter> good{uniform("a", 0.0, 1.0)};
  heattwin::test::expect_input_error([&] { (void)sc::make_sweep_design(good, sc::SweepDesignKind::saltelli, 0, 1); },
                                     {"samples"});
  const auto lhs = sc::make_sweep_design(good, sc::SweepDesignKind::lhs, 10, 1);
  const std::vector<double> y(10, 1.0);
  heattwin::test::expect_input_error([&] { (void)sc::sobol_indices(lhs, y, 100, 0.95, 1); }, {"saltelli"});
}

TEST(SweepConfig, KeysAreSortedIntoTheStagesTheyTouch) {
  EXPECT_EQ(sc::sweep_stage_of("prices.natural_gas.2045"), sc::SweepStage::price);
  EXPECT_EQ(sc::sweep_stage_of("technology.air_heat_pump.carnot_share"), sc::SweepStage::price);
  EXPECT_EQ(sc::sweep_stage_of("supply.allowed"), sc::SweepStage::price);
  EXPECT_EQ(sc::sweep_stage_of("refurbishment.rate_per_year"), sc::SweepStage::demand);
  EXPECT_EQ(sc::sweep_stage_of("demand.heating_setpoint_c"), sc::SweepStage::inputs);
  EXPECT_EQ(sc::sweep_stage_of("run.weather"), sc::SweepStage::inputs);
}

TEST(SweepConfig, UnknownKeysAndMissingTablesAreInputErrorsNamingTheLine) {
  const auto dir = std::filesystem::temp_directory_path() / "heattwin_test_sweep_config";
  std::filesystem::create_directories(dir);
  const auto scenario = dir / "s.toml";
  std::ofstream(scenario) << "[run]\n";
  const auto path = (dir / "sweep.toml").string();
  std::ofstream(path) << "[sweep]\nscenario = \"s.toml\"\nout = \"o.h5\"\ndesing = \"lhs\"\n";
  heattwin::test::expect_input_error([&] { (void)sc::load_sweep_config(path); },
                                     {"sweep.toml:4: unknown key 'desing'"});
  std::ofstream(path) << "[sweep]\nscenario = \"s.toml\"\nout = \"o.h5\"\n";
  heattwin::test::expect_input_error([&] { (void)sc::load_sweep_config(path); }, {"[parameters"});
  std::ofstream(path) << "[sweep]\nscenario = \"s.toml\"\nout = \"o.h5\"\n[parameters.x]\ndistribution = \"beta\"\n";
  heattwin::test::expect_input_error([&] { (void)sc::load_sweep_config(path); }, {"distribution 'beta'"});
  std::ofstream(path) << "[sweep]\nscenario = \"s.toml\"\nout = \"o.h5\"\ndesign = \"lhs\"\nsamples = 4\n"
                         "[sweep.set]\n\"run.method\" = \"monthly\"\n"
                         "[parameters.\"refurbishment.rate_per_year\"]\ndistribution = \"uniform\"\nmin = 0.01\n"
                         "max = 0.03\n";
  const sc::SweepConfig c = sc::load_sweep_config(path);
  ASSERT_EQ(c.fixed.size(), 1u);
  EXPECT_EQ(c.fixed[0].key, "run.method");
  EXPECT_EQ(c.fixed[0].value, "'monthly'");  // toml++ writes a literal string
  EXPECT_EQ(c.parameters.at(0).key, "refurbishment.rate_per_year");
  EXPECT_EQ(c.csv_path, (dir / "o.csv").string());
  std::filesystem::remove_all(dir);
}
