#include "solvers/demand/glazing.hpp"

#include "twin/error.hpp"
#include "twin/physical_constants.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace heattwin::solvers::demand {
namespace {

constexpr double DEG = std::numbers::pi / 180.0;
constexpr double STEP_DEG = 0.5;
constexpr std::size_t TABLE_SIZE = 181;  // 0 … 90° in 0.5° steps

/// A slab's transmittance, reflectance and absorptance for one polarisation.
struct SlabOptics {
  double transmittance;
  double reflectance;
  double absorptance;
};

SlabOptics slab(double interface_reflectance, double internal_transmittance) {
  const double r = interface_reflectance;
  const double t = internal_transmittance;
  const double denominator = 1.0 - r * r * t * t;
  const double transmittance = (1.0 - r) * (1.0 - r) * t / denominator;
  const double reflectance = r + r * (1.0 - r) * (1.0 - r) * t * t / denominator;
  return {transmittance, reflectance, 1.0 - transmittance - reflectance};
}

/// Refractive index and normal internal transmittance of a pane from its normal τ and ρ.
struct PaneMaterial {
  double refractive_index;
  double internal_transmittance_normal;
};

PaneMaterial recover_material(const GlassPane& pane, std::size_t index) {
  const double tau = pane.solar_transmittance_normal;
  const double rho = pane.solar_reflectance_normal;
  HEATTWIN_CHECK(
      tau > 0.0 && rho > 0.0 && tau + rho < 1.0 && pane.thickness_m > 0.0 && pane.conductivity_w_per_mk > 0.0,
      "glazing pane {}: transmittance {} and reflectance {} must be positive with a sum below 1, "
      "thickness {} m and conductivity {} W/mK positive",
      index + 1, tau, rho, pane.thickness_m, pane.conductivity_w_per_mk);
  // For an interface reflectance r, τ fixes the internal transmittance t (quadratic in t);
  // ρ(r) then increases with r, so bisect r until ρ matches.
  auto internal_for = [tau](double r) {
    const double a = r * r * tau;
    const double b = (1.0 - r) * (1.0 - r);
    return a > 0.0 ? (-b + std::sqrt(b * b + 4.0 * a * tau)) / (2.0 * a) : tau / b;
  };
  double lo = 1e-9, hi = rho;
  for (int it = 0; it < 200; ++it) {
    const double mid = 0.5 * (lo + hi);
    const double t = std::min(1.0, internal_for(mid));
    if (slab(mid, t).reflectance < rho) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  const double r = 0.5 * (lo + hi);
  const double t = internal_for(r);
  HEATTWIN_CHECK(t <= 1.0 + 1e-9,
                 "glazing pane {}: transmittance {} and reflectance {} imply a non-absorbing pane "
                 "with gain; check the data",
                 index + 1, tau, rho);
  const double sqrt_r = std::sqrt(r);
  return {(1.0 + sqrt_r) / (1.0 - sqrt_r), std::min(t, 1.0)};
}

/// Pane optics at incidence angle θ (average of s and p polarisation results of the system is
/// taken by the caller: each polarisation is combined through the panes separately).
SlabOptics pane_at(const PaneMaterial& m, double theta, bool s_polarised) {
  const double sin_theta = std::sin(theta);
  const double sin_refracted = sin_theta / m.refractive_index;
  const double refracted = std::asin(sin_refracted);
  const double cos_refracted = std::cos(refracted);
  double r = 0.0;
  if (theta < 1e-6) {
    const double q = (m.refractive_index - 1.0) / (m.refractive_index + 1.0);
    r = q * q;
  } else if (s_polarised) {
    const double q = std::sin(theta - refracted) / std::sin(theta + refracted);
    r = q * q;
  } else {
    const double q = std::tan(theta - refracted) / std::tan(theta + refracted);
    r = q * q;
  }
  r = std::min(r, 1.0);
  const double t = std::pow(m.internal_transmittance_normal, 1.0 / cos_refracted);
  return slab(r, t);
}

/// Combines panes (outside first) with all inter-reflections: flux balance over the gaps,
/// iterated to convergence. Returns system transmittance and the absorptance of each pane.
void combine(const std::vector<SlabOptics>& panes, double& transmittance, std::vector<double>& absorbed) {
  const std::size_t n = panes.size();
  std::vector<double> forward(n + 1, 0.0), backward(n + 1, 0.0);
  forward[0] = 1.0;
  for (int it = 0; it < 500; ++it) {
    double change = 0.0;
    for (std::size_t i = 1; i <= n; ++i) {
      const auto& p = panes[i - 1];
      const double f = p.transmittance * forward[i - 1] + p.reflectance * backward[i];
      const double b = p.transmittance * backward[i] + p.reflectance * forward[i - 1];
      change = std::max({change, std::abs(f - forward[i]), std::abs(b - backward[i - 1])});
      forward[i] = f;
      backward[i - 1] = b;
    }
    if (change < 1e-14) {
      break;
    }
  }
  transmittance = forward[n];
  absorbed.assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    absorbed[i] = panes[i].absorptance * (forward[i] + backward[i + 1]);
  }
}

/// EN 673 gap conductance of an air layer (radiation + conduction/convection), W/(m²K).
double air_gap_conductance(double gap_m, double emissivity_1, double emissivity_2) {
  constexpr double sigma = twin::STEFAN_BOLTZMANN_W_PER_M2K4;
  constexpr double mean_k = 283.15;
  constexpr double delta_t = 15.0;
  const double h_radiative = 4.0 * sigma / (1.0 / emissivity_1 + 1.0 / emissivity_2 - 1.0) * mean_k * mean_k * mean_k;
  // Air at 10 °C (EN 673 Table B.1).
  constexpr double density = 1.232, viscosity = 1.761e-5, conductivity = 2.496e-2, heat_capacity = 1008.0;
  const double grashof = 9.81 * gap_m * gap_m * gap_m * delta_t * density * density / (mean_k * viscosity * viscosity);
  const double prandtl = viscosity * heat_capacity / conductivity;
  const double nusselt = std::max(1.0, 0.035 * std::pow(grashof * prandtl, 0.38));  // vertical glazing
  return h_radiative + nusselt * conductivity / gap_m;
}

}  // namespace

GlazingOptics::GlazingOptics(const GlazingSystem& system) {
  const std::size_t n = system.panes.size();
  HEATTWIN_CHECK(n >= 1 && n <= 4, "glazing: {} panes; 1 to 4 are supported", n);
  HEATTWIN_CHECK(n == 1 || system.gap_thickness_m > 0.0, "glazing: gap thickness {} m must be positive",
                 system.gap_thickness_m);
  std::vector<PaneMaterial> materials;
  for (std::size_t i = 0; i < n; ++i) {
    materials.push_back(recover_material(system.panes[i], i));
  }
  // Thermal resistances from outside: film, then per pane half its glass, gaps between panes.
  double glass_resistance = 0.0;
  for (const auto& p : system.panes) {
    glass_resistance += p.thickness_m / p.conductivity_w_per_mk;
  }
  double gap_resistance = 0.0;  // of each gap
  if (std::isnan(system.u_value_w_per_m2k)) {
    if (n > 1) {
      gap_resistance = 1.0 / air_gap_conductance(system.gap_thickness_m, system.panes[0].ir_emissivity,
                                                 system.panes[1].ir_emissivity);
    }
    u_value_w_per_m2k_ = 1.0 / (R_SE_M2K_PER_W + R_SI_HORIZONTAL_FLOW_M2K_PER_W + glass_resistance +
                                static_cast<double>(n - 1) * gap_resistance);
  } else {
    HEATTWIN_CHECK(system.u_value_w_per_m2k > 0.0, "glazing: U value {} W/m2K must be positive",
                   system.u_value_w_per_m2k);
    u_value_w_per_m2k_ = system.u_value_w_per_m2k;
    const double total = 1.0 / u_value_w_per_m2k_;
    const double films_and_glass = R_SE_M2K_PER_W + R_SI_HORIZONTAL_FLOW_M2K_PER_W + glass_resistance;
    HEATTWIN_CHECK(total > films_and_glass || n == 1,
                   "glazing: U value {} W/m2K is higher than films and glass alone allow", u_value_w_per_m2k_);
    gap_resistance = n > 1 ? (total - films_and_glass) / static_cast<double>(n - 1) : 0.0;
  }
  const double total_resistance = 1.0 / u_value_w_per_m2k_;
  std::vector<double> inward_fraction(n);
  double r_outside = R_SE_M2K_PER_W;
  for (std::size_t i = 0; i < n; ++i) {
    const double half_glass = 0.5 * system.panes[i].thickness_m / system.panes[i].conductivity_w_per_mk;
    inward_fraction[i] = std::min(1.0, (r_outside + half_glass) / total_resistance);
    r_outside += 2.0 * half_glass + gap_resistance;
  }
  transmittance_.resize(TABLE_SIZE);
  gain_factor_.resize(TABLE_SIZE);
  std::vector<SlabOptics> s(n), p(n);
  std::vector<double> absorbed_s, absorbed_p;
  for (std::size_t k = 0; k < TABLE_SIZE; ++k) {
    const double theta = std::min(static_cast<double>(k) * STEP_DEG, 89.999) * DEG;
    for (std::size_t i = 0; i < n; ++i) {
      s[i] = pane_at(materials[i], theta, true);
      p[i] = pane_at(materials[i], theta, false);
    }
    double tau_s = 0.0, tau_p = 0.0;
    combine(s, tau_s, absorbed_s);
    combine(p, tau_p, absorbed_p);
    double g = 0.5 * (tau_s + tau_p);
    transmittance_[k] = g;
    for (std::size_t i = 0; i < n; ++i) {
      g += inward_fraction[i] * 0.5 * (absorbed_s[i] + absorbed_p[i]);
    }
    gain_factor_[k] = g;
  }
  // Hemispherical averages by the trapezoidal rule over θ.
  double weight_sum = 0.0;
  for (std::size_t k = 0; k < TABLE_SIZE; ++k) {
    const double theta = static_cast<double>(k) * STEP_DEG * DEG;
    const double w = std::cos(theta) * std::sin(theta) * ((k == 0 || k + 1 == TABLE_SIZE) ? 0.5 : 1.0);
    diffuse_gain_factor_ += w * gain_factor_[k];
    diffuse_transmittance_ += w * transmittance_[k];
    weight_sum += w;
  }
  diffuse_gain_factor_ /= weight_sum;
  diffuse_transmittance_ /= weight_sum;
}

double GlazingOptics::lookup(const std::vector<double>& table, double cos_incidence) const {
  const double theta_deg = std::acos(std::clamp(cos_incidence, 0.0, 1.0)) / DEG;
  const double x = theta_deg / STEP_DEG;
  const auto k = std::min(static_cast<std::size_t>(x), TABLE_SIZE - 2);
  const double f = x - static_cast<double>(k);
  return table[k] + f * (table[k + 1] - table[k]);
}

double GlazingOptics::beam_transmittance(double cos_incidence) const { return lookup(transmittance_, cos_incidence); }

double GlazingOptics::beam_gain_factor(double cos_incidence) const { return lookup(gain_factor_, cos_incidence); }

}  // namespace heattwin::solvers::demand
