#include "solvers/network/pipe_network.hpp"

#include "twin/error.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace heattwin::solvers::network {

std::uint32_t PipeNetwork::add_junction(std::string id, double height, double initial_temperature_k) {
  junction_id.push_back(std::move(id));
  height_m.push_back(height);
  withdrawal_kg_per_s.push_back(0.0);
  injection_kg_per_s.push_back(0.0);
  injection_t_k.push_back(NOT_SET);
  fixed_pressure_bar.push_back(NOT_SET);
  fixed_t_k.push_back(NOT_SET);
  initial_t_k.push_back(initial_temperature_k);
  return static_cast<std::uint32_t>(junction_id.size() - 1);
}

namespace {
std::uint32_t add_branch(PipeNetwork& n, std::string id, BranchKind branch_kind, std::uint32_t from, std::uint32_t to,
                         double length, double diameter, double roughness, double zeta, double alpha, double ambient,
                         std::uint32_t section_count, std::uint32_t curve) {
  n.branch_id.push_back(std::move(id));
  n.kind.push_back(branch_kind);
  n.from_junction.push_back(from);
  n.to_junction.push_back(to);
  n.length_m.push_back(length);
  n.inner_diameter_m.push_back(diameter);
  n.roughness_m.push_back(roughness);
  n.loss_coefficient.push_back(zeta);
  n.alpha_w_per_m2k.push_back(alpha);
  n.ambient_t_k.push_back(ambient);
  n.sections.push_back(section_count);
  n.pump_curve.push_back(curve);
  return static_cast<std::uint32_t>(n.branch_id.size() - 1);
}
constexpr std::uint32_t NO_CURVE = 0xffffffffU;
}  // namespace

std::uint32_t PipeNetwork::add_pipe(std::string id, std::uint32_t from, std::uint32_t to, double length,
                                    double diameter, double roughness, double zeta, double alpha, double ambient,
                                    std::uint32_t section_count) {
  return add_branch(*this, std::move(id), BranchKind::pipe, from, to, length, diameter, roughness, zeta, alpha, ambient,
                    section_count, NO_CURVE);
}

std::uint32_t PipeNetwork::add_valve(std::string id, std::uint32_t from, std::uint32_t to, double diameter,
                                     double zeta) {
  return add_branch(*this, std::move(id), BranchKind::valve, from, to, 0.0, diameter, 0.0, zeta, 0.0, 283.15, 1,
                    NO_CURVE);
}

std::uint32_t PipeNetwork::add_pump(std::string id, std::uint32_t from, std::uint32_t to,
                                    std::vector<double> curve_bar_vs_m3_per_h) {
  pump_curves_bar_vs_m3_per_h.push_back(std::move(curve_bar_vs_m3_per_h));
  const auto curve = static_cast<std::uint32_t>(pump_curves_bar_vs_m3_per_h.size() - 1);
  return add_branch(*this, std::move(id), BranchKind::pump, from, to, 0.0, 0.1, 0.0, 0.0, 0.0, 283.15, 1, curve);
}

bool PipeNetwork::has_heat_transfer() const {
  return std::any_of(alpha_w_per_m2k.begin(), alpha_w_per_m2k.end(), [](double a) { return a > 0.0; });
}

void check_network(const PipeNetwork& n) {
  const std::size_t nj = n.junction_count();
  const std::size_t nb = n.branch_count();
  HEATTWIN_CHECK(nj > 0, "the network has no junctions");
  for (const auto* column : {&n.height_m, &n.withdrawal_kg_per_s, &n.injection_kg_per_s, &n.injection_t_k,
                             &n.fixed_pressure_bar, &n.fixed_t_k, &n.initial_t_k}) {
    HEATTWIN_CHECK(column->size() == nj, "internal: a junction column has {} entries for {} junctions", column->size(),
                   nj);
  }
  for (const auto* column :
       {&n.length_m, &n.inner_diameter_m, &n.roughness_m, &n.loss_coefficient, &n.alpha_w_per_m2k, &n.ambient_t_k}) {
    HEATTWIN_CHECK(column->size() == nb, "internal: a branch column has {} entries for {} branches", column->size(),
                   nb);
  }
  bool any_pressure = false;
  for (std::size_t j = 0; j < nj; ++j) {
    const std::string& id = n.junction_id[j];
    HEATTWIN_CHECK(std::isfinite(n.height_m[j]), "junction '{}': height {} m is not a number", id, n.height_m[j]);
    HEATTWIN_CHECK(std::isfinite(n.withdrawal_kg_per_s[j]) && n.withdrawal_kg_per_s[j] >= 0.0,
                   "junction '{}': withdrawal {} kg/s must be a finite number ≥ 0", id, n.withdrawal_kg_per_s[j]);
    HEATTWIN_CHECK(std::isfinite(n.injection_kg_per_s[j]) && n.injection_kg_per_s[j] >= 0.0,
                   "junction '{}': injection {} kg/s must be a finite number ≥ 0", id, n.injection_kg_per_s[j]);
    HEATTWIN_CHECK(std::isfinite(n.initial_t_k[j]) && n.initial_t_k[j] > 0.0,
                   "junction '{}': initial temperature {} K must be > 0 K", id, n.initial_t_k[j]);
    if (!std::isnan(n.fixed_t_k[j])) {
      HEATTWIN_CHECK(std::isfinite(n.fixed_t_k[j]) && n.fixed_t_k[j] > 0.0,
                     "junction '{}': fixed temperature {} K must be > 0 K", id, n.fixed_t_k[j]);
    }
    if (!std::isnan(n.fixed_pressure_bar[j])) {
      HEATTWIN_CHECK(std::isfinite(n.fixed_pressure_bar[j]), "junction '{}': fixed pressure {} bar is not finite", id,
                     n.fixed_pressure_bar[j]);
      any_pressure = true;
    }
  }
  HEATTWIN_CHECK(any_pressure,
                 "the network has no junction with a fixed pressure (external grid / plant pressure control); "
                 "add one so that pressures are defined");
  for (std::size_t b = 0; b < nb; ++b) {
    const std::string& id = n.branch_id[b];
    HEATTWIN_CHECK(n.from_junction[b] < nj && n.to_junction[b] < nj,
                   "branch '{}': junction index out of range (from {}, to {}, {} junctions)", id, n.from_junction[b],
                   n.to_junction[b], nj);
    HEATTWIN_CHECK(n.from_junction[b] != n.to_junction[b], "branch '{}' starts and ends at junction '{}'", id,
                   n.junction_id[n.from_junction[b]]);
    HEATTWIN_CHECK(std::isfinite(n.inner_diameter_m[b]) && n.inner_diameter_m[b] > 0.0,
                   "branch '{}': inner diameter {} m must be > 0", id, n.inner_diameter_m[b]);
    HEATTWIN_CHECK(std::isfinite(n.loss_coefficient[b]) && n.loss_coefficient[b] >= 0.0,
                   "branch '{}': loss coefficient {} must be ≥ 0", id, n.loss_coefficient[b]);
    if (n.kind[b] == BranchKind::pipe) {
      HEATTWIN_CHECK(std::isfinite(n.length_m[b]) && n.length_m[b] > 0.0, "pipe '{}': length {} m must be > 0", id,
                     n.length_m[b]);
      HEATTWIN_CHECK(
          std::isfinite(n.roughness_m[b]) && n.roughness_m[b] >= 0.0 && n.roughness_m[b] < n.inner_diameter_m[b],
          "pipe '{}': roughness {} m must be ≥ 0 and below the diameter {} m", id, n.roughness_m[b],
          n.inner_diameter_m[b]);
      HEATTWIN_CHECK(std::isfinite(n.alpha_w_per_m2k[b]) && n.alpha_w_per_m2k[b] >= 0.0,
                     "pipe '{}': heat-transfer coefficient {} W/(m²·K) must be ≥ 0", id, n.alpha_w_per_m2k[b]);
      HEATTWIN_CHECK(std::isfinite(n.ambient_t_k[b]) && n.ambient_t_k[b] > 0.0,
                     "pipe '{}': ambient temperature {} K must be > 0 K", id, n.ambient_t_k[b]);
      HEATTWIN_CHECK(n.sections[b] >= 1, "pipe '{}': needs at least one section", id);
    }
    if (n.kind[b] == BranchKind::pump) {
      HEATTWIN_CHECK(n.pump_curve[b] < n.pump_curves_bar_vs_m3_per_h.size() &&
                         !n.pump_curves_bar_vs_m3_per_h[n.pump_curve[b]].empty(),
                     "pump '{}': has no pump curve", id);
      for (double c : n.pump_curves_bar_vs_m3_per_h[n.pump_curve[b]]) {
        HEATTWIN_CHECK(std::isfinite(c), "pump '{}': curve coefficient {} is not finite", id, c);
      }
    }
  }
}

}  // namespace heattwin::solvers::network
