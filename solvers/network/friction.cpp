#include "solvers/network/friction.hpp"

#include <algorithm>
#include <cmath>

namespace heattwin::solvers::network {

namespace {

/// Hagen–Poiseuille up to Re 2000; the turbulent law from the critical Reynolds number 2320 on
/// (as STANET and the pandapipes reference cases apply Colebrook right above it); in between a
/// linear blend keeps λ(Re) continuous so that Newton cannot chatter between two laws.
constexpr double RE_LAMINAR_END = 2000.0;
constexpr double RE_TURBULENT_START = 2320.0;
/// Smallest Reynolds number used; below it λ·Re = 64 stays exact, so pressure drops remain finite.
constexpr double RE_MIN = 1e-9;

double colebrook_turbulent(double re, double rr) {
  // Start from Swamee–Jain, then Newton on x = 1/√λ: f(x) = x + 2 log10(2.51 x/Re + rr/3.71).
  const double a = 2.51 / re;
  const double b = rr / 3.71;
  double x = 1.0 / std::sqrt(0.25 / std::pow(std::log10(rr / 3.7 + 5.74 / std::pow(re, 0.9)), 2));
  for (int i = 0; i < 50; ++i) {
    const double s = a * x + b;
    const double f = x + 2.0 * std::log10(s);
    const double df = 1.0 + 2.0 * a / (s * std::log(10.0));
    const double step = f / df;
    x -= step;
    if (std::abs(step) < 1e-15 * x) break;
  }
  return 1.0 / (x * x);
}

double swamee_jain_turbulent(double re, double rr) {
  const double l = std::log10(rr / 3.7 + 5.74 / std::pow(re, 0.9));
  return 0.25 / (l * l);
}

double turbulent(FrictionModel model, double re, double rr) {
  return model == FrictionModel::colebrook ? colebrook_turbulent(re, rr) : swamee_jain_turbulent(re, rr);
}

}  // namespace

std::optional<FrictionModel> parse_friction_model(std::string_view name) {
  if (name == "colebrook" || name == "prandtl-colebrook") return FrictionModel::colebrook;
  if (name == "nikuradse") return FrictionModel::nikuradse;
  if (name == "swamee-jain" || name == "swamee_jain") return FrictionModel::swamee_jain;
  return std::nullopt;
}

std::string_view friction_model_name(FrictionModel model) {
  switch (model) {
    case FrictionModel::colebrook: return "colebrook";
    case FrictionModel::nikuradse: return "nikuradse";
    case FrictionModel::swamee_jain: return "swamee-jain";
  }
  return "unknown";
}

double friction_factor(FrictionModel model, double re, double rr) {
  re = std::max(re, RE_MIN);
  if (model == FrictionModel::nikuradse) {
    const double rough = rr > 0.0 ? 1.0 / std::pow(-2.0 * std::log10(rr / 3.71), 2) : 0.0;
    return 64.0 / re + rough;
  }
  if (re <= RE_LAMINAR_END) return 64.0 / re;
  if (re >= RE_TURBULENT_START) return turbulent(model, re, rr);
  // Transition: linear in Re between the laminar value and the turbulent value at the critical Re.
  const double w = (re - RE_LAMINAR_END) / (RE_TURBULENT_START - RE_LAMINAR_END);
  return (1.0 - w) * (64.0 / RE_LAMINAR_END) + w * turbulent(model, RE_TURBULENT_START, rr);
}

double friction_factor_re_slope(FrictionModel model, double re, double rr) {
  re = std::max(re, RE_MIN);
  if (model == FrictionModel::nikuradse) return -64.0 / re;
  if (re <= RE_LAMINAR_END) return -64.0 / re;
  if (re < RE_TURBULENT_START) {
    const double slope = (turbulent(model, RE_TURBULENT_START, rr) - 64.0 / RE_LAMINAR_END) /
                         (RE_TURBULENT_START - RE_LAMINAR_END);
    return re * slope;
  }
  const double h = 1e-5;
  return (turbulent(model, re * (1.0 + h), rr) - turbulent(model, re * (1.0 - h), rr)) / (2.0 * h);
}

}  // namespace heattwin::solvers::network
