/// \file AndersonMixing (solvers/common/anderson_mixing.hpp): on a linear map whose plain iteration
/// oscillates slowly it reaches the analytic fixed point in far fewer steps; on a nonlinear
/// contraction it converges to the known fixed point; a growing residual restarts it.

#include "solvers/common/anderson_mixing.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace {

/// Steps until max |G(x) − x| < tolerance (or `limit`), by Anderson mixing of `depth` (0: plain
/// substitution x ← G(x)).
template <class Map>
std::size_t steps_to_converge(Map map, std::vector<double> x, std::size_t depth, double tolerance, std::size_t limit,
                              std::vector<double>& result) {
  heattwin::solvers::AndersonMixing anderson(std::max<std::size_t>(depth, 1));
  std::vector<double> g(x.size());
  for (std::size_t k = 0; k < limit; ++k) {
    map(x, g);
    double change = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) change = std::max(change, std::abs(g[i] - x[i]));
    if (change < tolerance) {
      result = g;
      return k;
    }
    if (depth == 0) {
      x = g;
    } else {
      anderson.step(x, g);
    }
  }
  result = x;
  return limit;
}

}  // namespace

TEST(AndersonMixing, LinearOscillatingMapReachesTheAnalyticFixedPointInFewSteps) {
  // G(x) = M x + b with a diagonal M of eigenvalues from −0.95 to 0.6 (plain substitution
  // contracts by 0.95 per step and oscillates): fixed point x*_i = b_i / (1 − m_i).
  const std::size_t n = 40;
  std::vector<double> m(n), b(n), exact(n);
  for (std::size_t i = 0; i < n; ++i) {
    m[i] = -0.95 + 1.55 * static_cast<double>(i) / static_cast<double>(n - 1);
    b[i] = 1.0 + 0.1 * static_cast<double>(i);
    exact[i] = b[i] / (1.0 - m[i]);
  }
  const auto map = [&](const std::vector<double>& x, std::vector<double>& g) {
    for (std::size_t i = 0; i < n; ++i) g[i] = m[i] * x[i] + b[i];
  };
  std::vector<double> plain, accelerated;
  const std::size_t plain_steps = steps_to_converge(map, std::vector<double>(n, 0.0), 0, 1e-10, 2000, plain);
  const std::size_t anderson_steps = steps_to_converge(map, std::vector<double>(n, 0.0), 5, 1e-10, 2000, accelerated);
  EXPECT_GT(plain_steps, 400U);
  EXPECT_LT(anderson_steps, 60U);
  for (std::size_t i = 0; i < n; ++i) EXPECT_NEAR(accelerated[i], exact[i], 1e-8);
}

TEST(AndersonMixing, NonlinearContractionConvergesToItsFixedPoint) {
  // x = cos(x) per component (the Dottie number 0.7390851332151607), from several starts.
  const auto map = [](const std::vector<double>& x, std::vector<double>& g) {
    for (std::size_t i = 0; i < x.size(); ++i) g[i] = std::cos(x[i]);
  };
  std::vector<double> result;
  const std::size_t steps = steps_to_converge(map, {0.0, 1.0, -2.0, 3.0}, 3, 1e-13, 200, result);
  EXPECT_LT(steps, 200U);
  for (const double v : result) EXPECT_NEAR(v, 0.7390851332151607, 1e-12);
}

TEST(AndersonMixing, AGrowingResidualRestartsFromSubstitution) {
  // After a reset or a growing residual the step is plain substitution: x ← G(x).
  heattwin::solvers::AndersonMixing anderson(4);
  std::vector<double> x{1.0, 2.0};
  anderson.step(x, std::vector<double>{0.5, 1.5});  // first step: substitution
  EXPECT_EQ(x, (std::vector<double>{0.5, 1.5}));
  anderson.step(x, std::vector<double>{10.0, -10.0});  // residual grew: restart
  EXPECT_EQ(x, (std::vector<double>{10.0, -10.0}));
  anderson.reset();
  anderson.step(x, std::vector<double>{3.0, 4.0});
  EXPECT_EQ(x, (std::vector<double>{3.0, 4.0}));
}
