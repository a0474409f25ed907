#include "solvers/network/fluid.hpp"

#include "twin/error.hpp"
#include "twin/physical_constants.hpp"

#include <algorithm>
#include <utility>

namespace heattwin::solvers::network {

FluidProperties FluidProperties::constant(std::string name, double density_kg_per_m3, double viscosity_pa_s,
                                          double cp_j_per_kgk) {
  HEATTWIN_CHECK(density_kg_per_m3 > 0.0 && viscosity_pa_s > 0.0 && cp_j_per_kgk > 0.0,
                 "fluid '{}': density {} kg/m³, viscosity {} Pa·s and heat capacity {} J/(kg·K) must all be > 0", name,
                 density_kg_per_m3, viscosity_pa_s, cp_j_per_kgk);
  FluidProperties fluid;
  fluid.name_ = std::move(name);
  fluid.density_kg_per_m3_ = {density_kg_per_m3};
  fluid.viscosity_pa_s_ = {viscosity_pa_s};
  fluid.cp_j_per_kgk_ = {cp_j_per_kgk};
  return fluid;
}

FluidProperties FluidProperties::table(std::string name, std::vector<double> t_k, std::vector<double> density,
                                       std::vector<double> viscosity, std::vector<double> cp) {
  HEATTWIN_CHECK(
      t_k.size() >= 2 && density.size() == t_k.size() && viscosity.size() == t_k.size() && cp.size() == t_k.size(),
      "fluid '{}': property tables need ≥ 2 rows of equal length (got {} temperatures, {} densities, "
      "{} viscosities, {} heat capacities)",
      name, t_k.size(), density.size(), viscosity.size(), cp.size());
  for (std::size_t i = 1; i < t_k.size(); ++i) {
    HEATTWIN_CHECK(t_k[i] > t_k[i - 1], "fluid '{}': table temperatures must rise strictly (row {}: {} K after {} K)",
                   name, i, t_k[i], t_k[i - 1]);
  }
  FluidProperties fluid;
  fluid.name_ = std::move(name);
  fluid.t_k_ = std::move(t_k);
  fluid.density_kg_per_m3_ = std::move(density);
  fluid.viscosity_pa_s_ = std::move(viscosity);
  fluid.cp_j_per_kgk_ = std::move(cp);
  return fluid;
}

FluidProperties FluidProperties::water() {
  // Saturated/compressed liquid water, 10 K steps (IAPWS-IF97; VDI-Wärmeatlas D2.1 tables).
  std::vector<double> t_c{0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150};
  std::vector<double> rho{999.8, 999.7, 998.2, 995.6, 992.2, 988.0, 983.2, 977.8,
                          971.8, 965.3, 958.4, 950.9, 943.1, 934.8, 926.1, 917.0};
  std::vector<double> mu{1.792e-3,  1.306e-3,  1.002e-3,  0.7973e-3, 0.6527e-3, 0.5465e-3, 0.4660e-3, 0.4035e-3,
                         0.3540e-3, 0.3145e-3, 0.2818e-3, 0.2551e-3, 0.2321e-3, 0.2127e-3, 0.1963e-3, 0.1821e-3};
  std::vector<double> cp{4220, 4196, 4184, 4180, 4179, 4181, 4185, 4190,
                         4197, 4205, 4216, 4229, 4245, 4263, 4285, 4310};
  std::vector<double> t_k(t_c.size());
  std::transform(t_c.begin(), t_c.end(), t_k.begin(), [](double c) { return c + twin::ZERO_CELSIUS_K; });
  return table("water", std::move(t_k), std::move(rho), std::move(mu), std::move(cp));
}

double FluidProperties::interpolate(const std::vector<double>& values, double t_k) const {
  if (t_k_.size() <= 1) return values.front();
  if (!(t_k > t_k_.front())) return values.front();  // also catches NaN
  if (t_k >= t_k_.back()) return values.back();
  const auto upper = static_cast<std::size_t>(std::upper_bound(t_k_.begin(), t_k_.end(), t_k) - t_k_.begin());
  const std::size_t lower = upper - 1;
  const double w = (t_k - t_k_[lower]) / (t_k_[upper] - t_k_[lower]);
  return values[lower] + w * (values[upper] - values[lower]);
}

}  // namespace heattwin::solvers::network
