#include "solvers/network/thermal.hpp"

#include "twin/error.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace heattwin::solvers::network {

namespace {

/// α π D L / (|ṁ| c_p) of a pipe; +inf for stagnant pipes with heat loss.
double pipe_kappa(const PipeNetwork& n, std::size_t b, double abs_m, double cp) {
  if (n.kind[b] != BranchKind::pipe || n.alpha_w_per_m2k[b] <= 0.0) return 0.0;
  return n.alpha_w_per_m2k[b] * std::numbers::pi * n.inner_diameter_m[b] * n.length_m[b] / (abs_m * cp);
}

}  // namespace

double network_cp_j_per_kgk(const PipeNetwork& n) {
  double sum = 0.0;
  std::size_t count = 0;
  for (double t : n.fixed_t_k) {
    if (!std::isnan(t)) {
      sum += t;
      ++count;
    }
  }
  if (count == 0) {
    for (double t : n.initial_t_k) sum += t;
    count = n.initial_t_k.size();
  }
  return n.fluid.cp_j_per_kgk(sum / static_cast<double>(count));
}

ThermalSolver::ThermalSolver(const PipeNetwork& network) : network_(&network) {
  // α π D L in pipe_kappa's order of operations, so that loss_factor_/(|ṁ| c_p) is bit-identical.
  const std::size_t nb = network.branch_count();
  loss_factor_.assign(nb, 0.0);
  for (std::size_t b = 0; b < nb; ++b) {
    if (network.kind[b] != BranchKind::pipe || network.alpha_w_per_m2k[b] <= 0.0) continue;
    loss_factor_[b] = network.alpha_w_per_m2k[b] * std::numbers::pi * network.inner_diameter_m[b] * network.length_m[b];
  }
}

ThermalState solve_thermal(const PipeNetwork& n, const HydraulicState& hyd, const ThermalOptions& options) {
  return ThermalSolver(n).solve(hyd, options);
}

void ThermalSolver::build_flow_graph(const HydraulicState& hyd, double eps) {
  const PipeNetwork& n = *network_;
  const std::size_t nj = n.junction_count();
  const std::size_t nb = n.branch_count();
  // Directed flow graph: upstream → downstream for each flowing branch.
  std::vector<std::uint32_t> indegree(nj, 0);
  out_offset_.assign(nj + 1, 0);
  for (std::size_t b = 0; b < nb; ++b) {
    const double m = hyd.mdot_kg_per_s[b];
    if (std::abs(m) <= eps) continue;
    const std::uint32_t up = m > 0 ? n.from_junction[b] : n.to_junction[b];
    const std::uint32_t down = m > 0 ? n.to_junction[b] : n.from_junction[b];
    ++out_offset_[up + 1];
    // A junction with a fixed temperature needs no upstream temperatures: not counting its inflows
    // also breaks loops that pass through a plant or an external grid.
    if (std::isnan(n.fixed_t_k[down])) ++indegree[down];
  }
  for (std::size_t j = 0; j < nj; ++j) out_offset_[j + 1] += out_offset_[j];
  out_branch_.resize(out_offset_.back());
  {
    std::vector<std::uint32_t> fill(out_offset_.begin(), out_offset_.end() - 1);
    for (std::size_t b = 0; b < nb; ++b) {
      const double m = hyd.mdot_kg_per_s[b];
      if (std::abs(m) <= eps) continue;
      const std::uint32_t up = m > 0 ? n.from_junction[b] : n.to_junction[b];
      out_branch_[fill[up]++] = static_cast<std::uint32_t>(b);
    }
  }
  // Marching order (Kahn): a junction comes after all junctions upstream of it. It depends only
  // on the graph, so it is kept with it.
  order_.clear();
  order_.reserve(nj);
  for (std::size_t j = 0; j < nj; ++j) {
    if (indegree[j] == 0) order_.push_back(static_cast<std::uint32_t>(j));
  }
  for (std::size_t head = 0; head < order_.size(); ++head) {
    const std::uint32_t j = order_[head];
    for (std::uint32_t k = out_offset_[j]; k < out_offset_[j + 1]; ++k) {
      const std::uint32_t b = out_branch_[k];
      const std::uint32_t down = hyd.mdot_kg_per_s[b] > 0 ? n.to_junction[b] : n.from_junction[b];
      if (std::isnan(n.fixed_t_k[down]) && --indegree[down] == 0) order_.push_back(down);
    }
  }
  if (order_.size() < nj) {
    std::vector<std::string> loop;
    for (std::size_t j = 0; j < nj && loop.size() < 10; ++j) {
      if (indegree[j] > 0) loop.push_back(n.junction_id[j]);
    }
    direction_.clear();  // no valid graph kept
    throw SolverError(
        fmt::format("thermal: water circulates in a closed loop with no fixed temperature through "
                    "junctions {} ; the steady temperature is undefined (check pumps and sources)",
                    fmt::join(loop, ", ")));
  }
}

ThermalState ThermalSolver::solve(const HydraulicState& hyd, const ThermalOptions& options) {
  ThermalState st;
  solve(hyd, options, st);
  return st;
}

void ThermalSolver::solve(const HydraulicState& hyd, const ThermalOptions& options, ThermalState& st) {
  const PipeNetwork& n = *network_;
  const std::size_t nj = n.junction_count();
  const std::size_t nb = n.branch_count();
  HEATTWIN_CHECK(hyd.mdot_kg_per_s.size() == nb && hyd.boundary_inflow_kg_per_s.size() == nj,
                 "thermal: the hydraulic state does not belong to this network ({} flows for {} branches)",
                 hyd.mdot_kg_per_s.size(), nb);
  st.boundary_heat_w = 0.0;
  st.withdrawn_heat_w = 0.0;
  st.heat_loss_w = 0.0;
  st.balance_error_w = 0.0;
  st.stagnant_junction_count = 0;
  st.report = SolveReport{};
  st.cp_j_per_kgk = network_cp_j_per_kgk(n);
  const double cp = st.cp_j_per_kgk;
  const double eps = options.stagnant_flow_kg_per_s;

  // The flow graph and marching order of the previous solve stay valid while every branch keeps
  // its direction (−1, 0 = stagnant, +1): one pass over the flows instead of a rebuild.
  bool same_graph = direction_.size() == nb && eps == graph_eps_;
  if (direction_.size() != nb) direction_.resize(nb);
  for (std::size_t b = 0; b < nb; ++b) {
    const double m = hyd.mdot_kg_per_s[b];
    const std::int8_t d = std::abs(m) <= eps ? 0 : (m > 0 ? 1 : -1);
    same_graph = same_graph && direction_[b] == d;
    direction_[b] = d;
  }
  if (!same_graph) {
    graph_eps_ = eps;
    build_flow_graph(hyd, eps);
  }
  const std::vector<std::uint32_t>& out_offset = out_offset_;
  const std::vector<std::uint32_t>& out_branch = out_branch_;

  // Mixing sums per junction: Σ ṁ_in and Σ ṁ_in·T_in, including injections and boundary inflow.
  std::vector<double>& inflow = inflow_;
  std::vector<double>& inflow_t = inflow_t_;
  inflow.assign(nj, 0.0);
  inflow_t.assign(nj, 0.0);
  for (std::size_t j = 0; j < nj; ++j) {
    if (n.injection_kg_per_s[j] > 0.0) {
      const double t = std::isnan(n.injection_t_k[j]) ? n.initial_t_k[j] : n.injection_t_k[j];
      inflow[j] += n.injection_kg_per_s[j];
      inflow_t[j] += n.injection_kg_per_s[j] * t;
    }
    const double boundary = hyd.boundary_inflow_kg_per_s[j];
    if (boundary > 0.0 && std::isnan(n.fixed_t_k[j])) {
      // A pressure boundary without a temperature feeds water at the junction's initial temperature.
      inflow[j] += boundary;
      inflow_t[j] += boundary * n.initial_t_k[j];
    }
  }

  st.junction_t_k.assign(nj, std::nan(""));
  st.branch_t_from_k.assign(nb, std::nan(""));
  st.branch_t_to_k.assign(nb, std::nan(""));
  st.branch_t_out_k.assign(nb, std::nan(""));
  st.branch_heat_loss_w.assign(nb, 0.0);
  for (const std::uint32_t j : order_) {
    double t = n.fixed_t_k[j];
    if (std::isnan(t)) {
      if (inflow[j] > 0.0) {
        t = inflow_t[j] / inflow[j];
      } else {
        t = n.initial_t_k[j];
        if (hyd.junction_active.empty() || hyd.junction_active[j]) ++st.stagnant_junction_count;
      }
    }
    st.junction_t_k[j] = t;
    for (std::uint32_t k = out_offset[j]; k < out_offset[j + 1]; ++k) {
      const std::uint32_t b = out_branch[k];
      const double abs_m = std::abs(hyd.mdot_kg_per_s[b]);
      // pipe_kappa(n, b, abs_m, cp) with α π D L computed once (same operations, same value).
      const double kappa = loss_factor_[b] == 0.0 ? 0.0 : loss_factor_[b] / (abs_m * cp);
      const double t_out =
          n.ambient_t_k[b] + (t - n.ambient_t_k[b]) * pipe_remaining_fraction(kappa, options.pipe_model, n.sections[b]);
      st.branch_t_out_k[b] = t_out;
      st.branch_heat_loss_w[b] = abs_m * cp * (t - t_out);
      const bool forward = hyd.mdot_kg_per_s[b] > 0;
      (forward ? st.branch_t_from_k : st.branch_t_to_k)[b] = t;
      (forward ? st.branch_t_to_k : st.branch_t_from_k)[b] = t_out;
      const std::uint32_t down = forward ? n.to_junction[b] : n.from_junction[b];
      inflow[down] += abs_m;
      inflow_t[down] += abs_m * t_out;
    }
  }
  // Stagnant branches hold water at the temperature of their surroundings.
  for (std::size_t b = 0; b < nb; ++b) {
    if (std::isnan(st.branch_t_out_k[b])) {
      const double t = n.kind[b] == BranchKind::pipe ? n.ambient_t_k[b] : st.junction_t_k[n.from_junction[b]];
      st.branch_t_from_k[b] = st.branch_t_to_k[b] = st.branch_t_out_k[b] = t;
    }
  }

  // Energy balance (enthalpy relative to 0 K with one c_p).
  for (std::size_t j = 0; j < nj; ++j) {
    const double t = st.junction_t_k[j];
    if (!std::isnan(n.fixed_t_k[j])) {
      // The boundary supplies what leaves the junction at its fixed temperature minus what arrives.
      double out = n.withdrawal_kg_per_s[j];
      for (std::uint32_t k = out_offset[j]; k < out_offset[j + 1]; ++k)
        out += std::abs(hyd.mdot_kg_per_s[out_branch[k]]);
      st.boundary_heat_w += cp * (out * t - inflow_t[j]);
      st.withdrawn_heat_w += cp * n.withdrawal_kg_per_s[j] * t;
      // Injections at a fixed-temperature junction are already inside inflow_t.
      if (n.injection_kg_per_s[j] > 0.0) {
        const double t_inj = std::isnan(n.injection_t_k[j]) ? n.initial_t_k[j] : n.injection_t_k[j];
        st.boundary_heat_w += cp * n.injection_kg_per_s[j] * t_inj;
      }
      continue;
    }
    if (n.injection_kg_per_s[j] > 0.0) {
      const double t_inj = std::isnan(n.injection_t_k[j]) ? n.initial_t_k[j] : n.injection_t_k[j];
      st.boundary_heat_w += cp * n.injection_kg_per_s[j] * t_inj;
    }
    const double boundary = hyd.boundary_inflow_kg_per_s[j];
    if (boundary > 0.0) st.boundary_heat_w += cp * boundary * n.initial_t_k[j];
    if (boundary < 0.0) st.withdrawn_heat_w += cp * (-boundary) * t;
    st.withdrawn_heat_w += cp * n.withdrawal_kg_per_s[j] * t;
  }
  for (double q : st.branch_heat_loss_w) st.heat_loss_w += q;
  st.balance_error_w = st.boundary_heat_w - st.withdrawn_heat_w - st.heat_loss_w;
  st.report.converged = true;
  st.report.iterations = 1;
  st.report.residual = st.balance_error_w;
}

std::vector<double> pipe_section_temperatures_k(const PipeNetwork& n, const HydraulicState& hyd,
                                                const ThermalState& thermal, const ThermalOptions& options,
                                                std::size_t b) {
  const std::uint32_t sections = std::max<std::uint32_t>(1, n.sections[b]);
  std::vector<double> t(sections);
  const double m = hyd.mdot_kg_per_s[b];
  const double t_amb = n.ambient_t_k[b];
  if (std::abs(m) <= options.stagnant_flow_kg_per_s) {
    std::fill(t.begin(), t.end(), thermal.branch_t_out_k[b]);
    return t;
  }
  const double kappa_section = pipe_kappa(n, b, std::abs(m), thermal.cp_j_per_kgk) / sections;
  const double t_in = m > 0 ? thermal.branch_t_from_k[b] : thermal.branch_t_to_k[b];
  for (std::uint32_t i = 0; i < sections; ++i) {
    // Section i + 1 along the flow ends (i + 1) sections downstream of the inlet.
    const double fraction = options.pipe_model == PipeThermalModel::exact
                                ? std::exp(-kappa_section * (i + 1))
                                : std::pow(1.0 / (1.0 + kappa_section), static_cast<double>(i + 1));
    const double value = t_amb + (t_in - t_amb) * fraction;
    t[m > 0 ? i : sections - 1 - i] = value;
  }
  return t;
}

CoupledResult solve_coupled(const PipeNetwork& n, const HydraulicOptions& hydraulic_options,
                            const ThermalOptions& thermal_options, double tolerance_k, int max_rounds) {
  HydraulicSolver solver(n, hydraulic_options);
  CoupledResult result;
  result.hydraulic = solver.solve();
  result.rounds = 1;
  if (!result.hydraulic.report.converged) return result;
  result.thermal = solve_thermal(n, result.hydraulic, thermal_options);
  if (n.fluid.is_constant()) return result;
  std::vector<double> branch_t(n.branch_count());
  for (int round = 2; round <= max_rounds; ++round) {
    double change = 0.0;
    for (std::size_t b = 0; b < branch_t.size(); ++b) {
      const double t = 0.5 * (result.thermal.branch_t_from_k[b] + result.thermal.branch_t_to_k[b]);
      change = std::max(change, std::abs(t - branch_t[b]));
      branch_t[b] = t;
    }
    if (change < tolerance_k) break;
    result.hydraulic = solver.solve(branch_t, &result.hydraulic);
    result.rounds = round;
    if (!result.hydraulic.report.converged) return result;
    result.thermal = solve_thermal(n, result.hydraulic, thermal_options);
  }
  return result;
}

}  // namespace heattwin::solvers::network
