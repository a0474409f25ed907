#pragma once
/// \file Solar and thermal properties of multi-pane glazing from per-pane data.
///
/// Each pane is a clear, uncoated slab described by its normal-incidence solar transmittance and
/// reflectance. From these two numbers the optics recovers the pane's refractive index and
/// absorption, and then follows Fresnel's equations (both polarisations) and Snell's law to any
/// incidence angle; the panes are combined with all inter-reflections. The solar gain factor
/// (g, SHGC) adds to the transmittance the absorbed share that flows inwards, split by the
/// thermal resistances between the pane and outside (EN 410 / ISO 9050 approach).
#include <cstddef>
#include <vector>

namespace heattwin::solvers::demand {

/// One glass pane.
struct GlassPane {
  double thickness_m = 0.0;
  double conductivity_w_per_mk = 1.0;
  double solar_transmittance_normal = 0.0;  ///< of the pane alone, at normal incidence
  double solar_reflectance_normal = 0.0;    ///< of the pane alone, at normal incidence
  double ir_emissivity = 0.84;
};

/// Panes from outside to inside, with equal gas gaps between them.
struct GlazingSystem {
  std::vector<GlassPane> panes;
  double gap_thickness_m = 0.0;
  /// Centre-of-glass U incl. surface films, if the source gives one; NaN → computed per EN 673
  /// (air gaps, 10 °C mean, 15 K across the glazing) with ISO 6946 films.
  double u_value_w_per_m2k = 0.0;
};

/// Angular optics of a glazing system, tabulated on 0.5° steps of the incidence angle.
class GlazingOptics {
 public:
  /// Throws InputError if a pane's data are not physical (τ + ρ ≥ 1, negative, …).
  explicit GlazingOptics(const GlazingSystem& system);

  /// Direct transmittance at an incidence angle given by its cosine (0 … 1).
  double beam_transmittance(double cos_incidence) const;
  /// Total solar energy transmittance g(θ) for beam radiation.
  double beam_gain_factor(double cos_incidence) const;
  /// Hemispherically averaged g for isotropic diffuse radiation (2 ∫ g(θ) cos θ sin θ dθ).
  double diffuse_gain_factor() const { return diffuse_gain_factor_; }
  /// Hemispherically averaged transmittance.
  double diffuse_transmittance() const { return diffuse_transmittance_; }
  /// U value used for the inward-flowing fractions and for the heat loss, W/(m²K).
  double u_value_w_per_m2k() const { return u_value_w_per_m2k_; }

 private:
  double lookup(const std::vector<double>& table, double cos_incidence) const;
  std::vector<double> transmittance_;  // by angle, 0 … 90° in 0.5° steps
  std::vector<double> gain_factor_;
  double diffuse_gain_factor_ = 0.0;
  double diffuse_transmittance_ = 0.0;
  double u_value_w_per_m2k_ = 0.0;
};

/// ISO 6946 surface resistances, m²K/W (used for glazing and opaque elements alike).
inline constexpr double R_SE_M2K_PER_W = 0.04;
inline constexpr double R_SI_HORIZONTAL_FLOW_M2K_PER_W = 0.13;
inline constexpr double R_SI_UPWARD_FLOW_M2K_PER_W = 0.10;
inline constexpr double R_SI_DOWNWARD_FLOW_M2K_PER_W = 0.17;

}  // namespace heattwin::solvers::demand
