#pragma once
/// \file Properties of the heat-carrier fluid as functions of temperature.

#include <string>
#include <vector>

namespace heattwin::solvers::network {

/// Density, dynamic viscosity and specific heat capacity of a liquid, either constant or
/// tabulated against temperature (piecewise linear, clamped at the table ends).
class FluidProperties {
 public:
  /// A fluid with constant properties (the pandapipes/STANET reference cases use these).
  static FluidProperties constant(std::string name, double density_kg_per_m3, double viscosity_pa_s,
                                  double cp_j_per_kgk);
  /// Liquid water at about 1–16 bar, 0–150 °C. Values from the IAPWS-IF97 formulation as
  /// tabulated in the VDI-Wärmeatlas (D2.1), rounded to 4 significant digits.
  static FluidProperties water();
  /// A tabulated fluid; all vectors have the same length ≥ 2 and temperatures strictly rise.
  static FluidProperties table(std::string name, std::vector<double> t_k, std::vector<double> density_kg_per_m3,
                               std::vector<double> viscosity_pa_s, std::vector<double> cp_j_per_kgk);

  double density_kg_per_m3(double t_k) const { return interpolate(density_kg_per_m3_, t_k); }
  double viscosity_pa_s(double t_k) const { return interpolate(viscosity_pa_s_, t_k); }
  double cp_j_per_kgk(double t_k) const { return interpolate(cp_j_per_kgk_, t_k); }
  bool is_constant() const { return t_k_.size() <= 1; }
  const std::string& name() const { return name_; }

 private:
  double interpolate(const std::vector<double>& values, double t_k) const;

  std::string name_;
  std::vector<double> t_k_;
  std::vector<double> density_kg_per_m3_, viscosity_pa_s_, cp_j_per_kgk_;
};

}  // namespace heattwin::solvers::network
