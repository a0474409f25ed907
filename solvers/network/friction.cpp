#include "solvers/network/friction.hpp"

#include "solvers/network/vector_exp.hpp"
#include "twin/error.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace heattwin::solvers::network {

namespace {

/// Hagen–Poiseuille up to Re 2000; the turbulent law from the critical Reynolds number 2320 on
/// (as STANET and the pandapipes reference cases apply Colebrook right above it); in between a
/// linear blend keeps λ(Re) continuous so that Newton cannot chatter between two laws.
constexpr double RE_LAMINAR_END = 2000.0;
constexpr double RE_TURBULENT_START = 2320.0;
/// Smallest Reynolds number used; below it λ·Re = 64 stays exact, so pressure drops remain finite.
constexpr double RE_MIN = 1e-9;

/// Colebrook λ and Re·dλ/dRe. Halley's method on x = 1/√λ, f(x) = x + 2 log10(2.51 x/Re + rr/3.71),
/// started from Swamee–Jain (|Δx| ≲ 0.1 for Re ≥ 2320); the slope follows from implicit
/// differentiation of f(x, Re) = 0. Halley converges cubically and f''/f' ≤ 0.02 here, so the
/// second step leaves |Δx| < 1e-20; the loop continues only if a step is still above
/// 1e-5·x (then its successor is below 1e-15·x), which never needs an extra logarithm to confirm.
/// `x_warm` > 0: start from this 1/√λ instead (the previous evaluation of the same pipe in a
/// Newton iteration); then the first step may already be the last, by the same 1e-5·x test. On
/// return `x_warm` holds the new 1/√λ.
constexpr double TWO_OVER_LN10 = 2.0 / std::numbers::ln10;

constexpr int COLEBROOK_MAX_STEPS = 8;

/// Swamee–Jain's 1/√λ: the cold start of the Halley iteration.
double colebrook_cold_start(double re, double rr) {
  return -TWO_OVER_LN10 * std::log(rr / 3.7 + 5.74 * std::exp(-0.9 * std::log(re)));
}

/// One Halley step on f(x) = x + 2 log10(a x + b) from x with s = a x + b and log_s = ln(s):
/// returns the step (x_next = x − step).
double colebrook_halley_step(double a, double x, double s, double log_s) {
  const double f = x + TWO_OVER_LN10 * log_s;
  const double k = TWO_OVER_LN10 * a / s;  // f' − 1; f'' = −k·a/s
  const double df = 1.0 + k;
  const double d2f = -k * a / s;
  return 2.0 * f * df / (2.0 * df * df - f * d2f);
}

/// The iteration stops after step `i` (from 0) when that step was below 1e-5·x; a cold start
/// always takes two steps.
bool colebrook_settled(bool warm, int i, double step, double x) {
  return (warm || i >= 1) && std::abs(step) < 1e-5 * x;
}

/// 1/√λ of Colebrook (the iteration of colebrook_turbulent, without the slope).
double colebrook_x(double re, double rr, double& x_warm) {
  const double a = 2.51 / re;
  const double b = rr / 3.71;
  const bool warm = x_warm > 0.0;
  double x = warm ? x_warm : colebrook_cold_start(re, rr);
  double s = a * x + b;
  for (int i = 0; i < COLEBROOK_MAX_STEPS; ++i) {
    const double step = colebrook_halley_step(a, x, s, std::log(s));
    x -= step;
    s = a * x + b;
    if (colebrook_settled(warm, i, step, x)) break;
  }
  x_warm = x;
  return x;
}

/// Re·dλ/dRe of the converged x (implicit differentiation of f(x, Re) = 0), with a = 2.51/Re and
/// b = (k/D)/3.71 of the iteration.
double colebrook_re_slope(double re, double a, double b, double x) {
  const double s = a * x + b;  // as the iteration's last update, so the same value
  const double df_dx = 1.0 + TWO_OVER_LN10 * a / s;
  const double df_dre = -TWO_OVER_LN10 * a * x / (re * s);
  const double dx_dre = -df_dre / df_dx;
  return re * (-2.0 / (x * x * x)) * dx_dre;
}

FrictionValue colebrook_value(double re, double a, double b, double x) {
  return {1.0 / (x * x), colebrook_re_slope(re, a, b, x)};
}

// The array passes of friction_factors in two variants chosen at load time (GCC's function
// multi-versioning): baseline x86-64 and x86-64-v3 (AVX2, four pipes per instruction). The file is
// compiled with -ffp-contract=off, so that both give the same results bit for bit.
#if defined(__x86_64__) && defined(__GNUC__) && defined(__GLIBC__)
#define HEATTWIN_FRICTION_CLONES __attribute__((target_clones("default", "arch=x86-64-v3")))
#else
#define HEATTWIN_FRICTION_CLONES
#endif

/// s[k] = a[k]·x[k] + b[k], the argument of the next Halley step's logarithm.
HEATTWIN_FRICTION_CLONES void colebrook_arguments(std::size_t m, const double* a, const double* b, const double* x,
                                                  double* s) {
#pragma omp simd
  for (std::size_t k = 0; k < m; ++k) s[k] = a[k] * x[k] + b[k];
}

/// One Halley step (number `step_index`, from 0) of every pipe whose iteration has not stopped
/// (settled[k] = 0); a pipe that stops is marked settled (1). Returns the pipes still iterating.
HEATTWIN_FRICTION_CLONES std::size_t colebrook_halley_pass(std::size_t m, int step_index, const double* a, double* x,
                                                           const double* s, const double* log_s, const double* warm,
                                                           double* settled) {
  const double cold_may_stop = step_index >= 1 ? 1.0 : 0.0;  // a cold start takes two steps
  for (std::size_t k = 0; k < m; ++k) {
    // colebrook_settled as selects of 0/1 values (no branches), so that the loop vectorises.
    const double step = colebrook_halley_step(a[k], x[k], s[k], log_s[k]);
    const double next = x[k] - step;
    const double small = std::abs(step) < 1e-5 * next ? 1.0 : 0.0;
    const double may_stop = warm[k] + cold_may_stop > 0.0 ? 1.0 : 0.0;
    const double was_settled = settled[k];
    x[k] = was_settled > 0.0 ? x[k] : next;
    settled[k] = std::max(was_settled, small * may_stop);
  }
  std::size_t left = 0;
  for (std::size_t k = 0; k < m; ++k) left += settled[k] > 0.0 ? 0 : 1;
  return left;
}

/// λ and, unless `re_slope` is null, Re·dλ/dRe of every converged x (colebrook_value; `re` and
/// `re_slope` may be the same array).
HEATTWIN_FRICTION_CLONES void colebrook_values(std::size_t m, const double* re, const double* a, const double* b,
                                               const double* x, double* lambda, double* re_slope) {
  if (re_slope != nullptr) {
#pragma omp simd
    for (std::size_t k = 0; k < m; ++k) {
      lambda[k] = 1.0 / (x[k] * x[k]);
      re_slope[k] = colebrook_re_slope(re[k], a[k], b[k], x[k]);
    }
  } else {
#pragma omp simd
    for (std::size_t k = 0; k < m; ++k) lambda[k] = 1.0 / (x[k] * x[k]);
  }
}

FrictionValue colebrook_turbulent(double re, double rr, double& x_warm) {
  return colebrook_value(re, 2.51 / re, rr / 3.71, colebrook_x(re, rr, x_warm));
}

FrictionValue swamee_jain_turbulent(double re, double rr) {
  const double c = 5.74 / std::pow(re, 0.9);
  const double big_b = rr / 3.7 + c;
  const double l = std::log10(big_b);
  return {0.25 / (l * l), 0.45 * c / (big_b * std::log(10.0) * l * l * l)};
}

FrictionValue turbulent(FrictionModel model, double re, double rr, double& x_warm) {
  return model == FrictionModel::colebrook ? colebrook_turbulent(re, rr, x_warm) : swamee_jain_turbulent(re, rr);
}

/// λ of the turbulent law at RE_TURBULENT_START (a cold evaluation), cached in `cache` (≤ 0: not
/// yet): it depends on the relative roughness only.
double transition_end_lambda(FrictionModel model, double rr, double& cache) {
  if (cache <= 0.0) {
    double cold = 0.0;
    cache = turbulent(model, RE_TURBULENT_START, rr, cold).lambda;
  }
  return cache;
}

}  // namespace

std::optional<FrictionModel> parse_friction_model(std::string_view name) {
  if (name == "colebrook" || name == "prandtl-colebrook") return FrictionModel::colebrook;
  if (name == "nikuradse") return FrictionModel::nikuradse;
  if (name == "swamee-jain" || name == "swamee_jain") return FrictionModel::swamee_jain;
  if (name == "hazen-williams" || name == "hazen_williams" || name == "H-W") return FrictionModel::hazen_williams;
  return std::nullopt;
}

std::string_view friction_model_name(FrictionModel model) {
  switch (model) {
    case FrictionModel::colebrook:
      return "colebrook";
    case FrictionModel::nikuradse:
      return "nikuradse";
    case FrictionModel::swamee_jain:
      return "swamee-jain";
    case FrictionModel::hazen_williams:
      return "hazen-williams";
  }
  return "unknown";
}

FrictionValue friction_factor_with_slope(FrictionModel model, double re, double rr, double& inverse_sqrt_lambda) {
  double transition_lambda = 0.0;
  return friction_factor_with_slope(model, re, rr, inverse_sqrt_lambda, transition_lambda);
}

FrictionValue friction_factor_with_slope(FrictionModel model, double re, double rr, double& inverse_sqrt_lambda,
                                         double& transition_lambda) {
  if (model == FrictionModel::hazen_williams) return {std::nan(""), std::nan("")};
  re = std::max(re, RE_MIN);
  if (model == FrictionModel::nikuradse) {
    const double rough = rr > 0.0 ? 1.0 / std::pow(-2.0 * std::log10(rr / 3.71), 2) : 0.0;
    return {64.0 / re + rough, -64.0 / re};
  }
  if (re <= RE_LAMINAR_END) return {64.0 / re, -64.0 / re};
  if (re >= RE_TURBULENT_START) return turbulent(model, re, rr, inverse_sqrt_lambda);
  // Transition: linear in Re between the laminar value and the turbulent value at the critical Re.
  const double lambda_turbulent = transition_end_lambda(model, rr, transition_lambda);
  const double slope = (lambda_turbulent - 64.0 / RE_LAMINAR_END) / (RE_TURBULENT_START - RE_LAMINAR_END);
  return {64.0 / RE_LAMINAR_END + slope * (re - RE_LAMINAR_END), re * slope};
}

FrictionValue friction_factor_with_slope(FrictionModel model, double re, double rr) {
  double cold = 0.0;
  return friction_factor_with_slope(model, re, rr, cold);
}

double friction_factor(FrictionModel model, double re, double rr) {
  return friction_factor_with_slope(model, re, rr).lambda;
}

double friction_factor_re_slope(FrictionModel model, double re, double rr) {
  return friction_factor_with_slope(model, re, rr).re_slope;
}

void friction_factors(FrictionModel model, std::span<const double> re, std::span<const double> relative_roughness,
                      std::span<double> inverse_sqrt_lambda, std::span<double> transition_lambda,
                      std::span<double> lambda, std::span<double> re_slope, FrictionBatchScratch& scratch) {
  const std::size_t n = re.size();
  HEATTWIN_CHECK(relative_roughness.size() == n && inverse_sqrt_lambda.size() == n && transition_lambda.size() == n &&
                     lambda.size() == n && (re_slope.empty() || re_slope.size() == n),
                 "friction_factors: the arrays differ in size ({} Reynolds numbers)", n);
  const bool with_slope = !re_slope.empty();
  std::vector<std::uint32_t>& turbulent = scratch.turbulent;
  turbulent.clear();
  for (std::size_t i = 0; i < n; ++i) {
    if (model == FrictionModel::colebrook && std::max(re[i], RE_MIN) >= RE_TURBULENT_START) {
      turbulent.push_back(static_cast<std::uint32_t>(i));
      continue;
    }
    const FrictionValue f =
        friction_factor_with_slope(model, re[i], relative_roughness[i], inverse_sqrt_lambda[i], transition_lambda[i]);
    lambda[i] = f.lambda;
    if (with_slope) re_slope[i] = f.re_slope;
  }
  // Colebrook's turbulent pipes: the iteration of colebrook_x, one Halley step of all pipes at a
  // time, the logarithms of a step in one log_of pass. A pipe whose iteration has stopped keeps
  // its x (the masked step below), so each takes exactly the steps it takes alone. Once few
  // pipes are left, they finish one by one (the same steps with std::log).
  const std::size_t m = turbulent.size();
  scratch.a.resize(m);
  scratch.b.resize(m);
  scratch.x.resize(m);
  scratch.s.resize(m);
  scratch.log_s.resize(m);
  scratch.warm.resize(m);
  scratch.settled.assign(m, 0.0);
  double* const a = scratch.a.data();
  double* const b = scratch.b.data();
  double* const x = scratch.x.data();
  double* const s = scratch.s.data();
  double* const log_s = scratch.log_s.data();
  double* const warm = scratch.warm.data();
  double* const settled = scratch.settled.data();
  for (std::size_t k = 0; k < m; ++k) {
    const std::size_t i = turbulent[k];
    a[k] = 2.51 / re[i];
    b[k] = relative_roughness[i] / 3.71;
    warm[k] = inverse_sqrt_lambda[i] > 0.0 ? 1.0 : 0.0;
    x[k] = warm[k] > 0.0 ? inverse_sqrt_lambda[i] : colebrook_cold_start(re[i], relative_roughness[i]);
  }
  constexpr std::size_t FEW_LEFT = 16;  // below this many iterating pipes, finish them one by one
  int step_index = 0;
  for (std::size_t left = m; step_index < COLEBROOK_MAX_STEPS && left >= FEW_LEFT; ++step_index) {
    colebrook_arguments(m, a, b, x, s);
    log_of(scratch.s, scratch.log_s);
    left = colebrook_halley_pass(m, step_index, a, x, s, log_s, warm, settled);
  }
  for (std::size_t k = 0; k < m; ++k) {
    if (settled[k] > 0.0) continue;
    double xk = x[k];
    double sk = a[k] * xk + b[k];
    for (int i = step_index; i < COLEBROOK_MAX_STEPS; ++i) {
      const double step = colebrook_halley_step(a[k], xk, sk, std::log(sk));
      xk -= step;
      sk = a[k] * xk + b[k];
      if (colebrook_settled(warm[k] > 0.0, i, step, xk)) break;
    }
    x[k] = xk;
  }
  // λ (and the slope) of every turbulent pipe, then back to the pipes' positions.
  for (std::size_t k = 0; k < m; ++k) log_s[k] = re[turbulent[k]];
  colebrook_values(m, log_s, a, b, x, s, with_slope ? log_s : nullptr);
  for (std::size_t k = 0; k < m; ++k) {
    const std::size_t i = turbulent[k];
    inverse_sqrt_lambda[i] = x[k];
    lambda[i] = s[k];
    if (with_slope) re_slope[i] = log_s[k];
  }
}

}  // namespace heattwin::solvers::network
