#include "solvers/network/friction.hpp"

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

/// 1/√λ of Colebrook (the iteration of colebrook_turbulent, without the slope).
double colebrook_x(double re, double rr, double& x_warm) {
  const double a = 2.51 / re;
  const double b = rr / 3.71;
  const bool warm = x_warm > 0.0;
  double x = warm ? x_warm : -TWO_OVER_LN10 * std::log(rr / 3.7 + 5.74 * std::exp(-0.9 * std::log(re)));  // Swamee–Jain
  double s = a * x + b;
  for (int i = 0; i < 8; ++i) {
    const double f = x + TWO_OVER_LN10 * std::log(s);
    const double k = TWO_OVER_LN10 * a / s;  // f' − 1; f'' = −k·a/s
    const double df = 1.0 + k;
    const double d2f = -k * a / s;
    const double step = 2.0 * f * df / (2.0 * df * df - f * d2f);
    x -= step;
    s = a * x + b;
    if ((warm || i >= 1) && std::abs(step) < 1e-5 * x) break;
  }
  x_warm = x;
  return x;
}

FrictionValue colebrook_turbulent(double re, double rr, double& x_warm) {
  const double x = colebrook_x(re, rr, x_warm);
  const double a = 2.51 / re;
  const double b = rr / 3.71;
  const double s = a * x + b;  // as the iteration's last update, so the same value
  const double df_dx = 1.0 + TWO_OVER_LN10 * a / s;
  const double df_dre = -TWO_OVER_LN10 * a * x / (re * s);
  const double dx_dre = -df_dre / df_dx;
  return {1.0 / (x * x), re * (-2.0 / (x * x * x)) * dx_dre};
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

double friction_factor_warm(FrictionModel model, double re, double rr, double& inverse_sqrt_lambda,
                            double& transition_lambda) {
  // friction_factor_with_slope's λ by the same operations, without forming the slope.
  if (model == FrictionModel::colebrook) {
    const double r = std::max(re, RE_MIN);
    if (r >= RE_TURBULENT_START) {
      const double x = colebrook_x(r, rr, inverse_sqrt_lambda);
      return 1.0 / (x * x);
    }
  }
  return friction_factor_with_slope(model, re, rr, inverse_sqrt_lambda, transition_lambda).lambda;
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

}  // namespace heattwin::solvers::network
