#include "solvers/network/dh_tree_kernel.hpp"

#include "solvers/network/vector_exp.hpp"
#include "twin/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <type_traits>

namespace heattwin::solvers::network {

namespace {

constexpr std::uint32_t NONE = std::numeric_limits<std::uint32_t>::max();

/// The only junction with a fixed pressure, or NONE when there is none or more than one, or when
/// a fixed temperature sits elsewhere.
std::uint32_t single_plant(const PipeNetwork& n) {
  std::uint32_t plant = NONE;
  for (std::size_t j = 0; j < n.junction_count(); ++j) {
    const bool fixed_p = !std::isnan(n.fixed_pressure_bar[j]);
    const bool fixed_t = !std::isnan(n.fixed_t_k[j]);
    if (fixed_p != fixed_t) return NONE;
    if (fixed_p) {
      if (plant != NONE) return NONE;
      plant = static_cast<std::uint32_t>(j);
    }
  }
  return plant;
}

/// Breadth-first order from `root` over the branches, each junction's incident branches in
/// branch index order (HydraulicSolver's order, so that the flow sums are bit-identical).
/// Returns false when a junction is reached twice (a loop) or not at all.
bool breadth_first(const PipeNetwork& n, std::uint32_t root, std::vector<std::uint32_t>& junction,
                   std::vector<std::uint32_t>& parent_position, std::vector<std::uint32_t>& parent_branch) {
  const std::size_t nj = n.junction_count();
  const std::size_t nb = n.branch_count();
  if (nb + 1 != nj) return false;
  std::vector<std::uint32_t> offset(nj + 1, 0), incident(2 * nb);
  for (std::size_t b = 0; b < nb; ++b) {
    ++offset[n.from_junction[b] + 1];
    ++offset[n.to_junction[b] + 1];
  }
  for (std::size_t j = 0; j < nj; ++j) offset[j + 1] += offset[j];
  std::vector<std::uint32_t> fill(offset.begin(), offset.end() - 1);
  for (std::size_t b = 0; b < nb; ++b) {
    incident[fill[n.from_junction[b]]++] = static_cast<std::uint32_t>(b);
    incident[fill[n.to_junction[b]]++] = static_cast<std::uint32_t>(b);
  }
  std::vector<std::uint8_t> visited(nj, 0);
  junction.assign(1, root);
  parent_position.assign(1, NONE);
  parent_branch.assign(1, NONE);
  visited[root] = 1;
  for (std::size_t head = 0; head < junction.size(); ++head) {
    const std::uint32_t j = junction[head];
    for (std::uint32_t k = offset[j]; k < offset[j + 1]; ++k) {
      const std::uint32_t b = incident[k];
      if (b == parent_branch[head]) continue;
      const std::uint32_t other = n.from_junction[b] == j ? n.to_junction[b] : n.from_junction[b];
      if (visited[other]) return false;
      visited[other] = 1;
      junction.push_back(other);
      parent_position.push_back(static_cast<std::uint32_t>(head));
      parent_branch.push_back(b);
    }
  }
  return junction.size() == nj;
}

/// Sizes a state's three branch-temperature vectors (0: left empty, DhTreeKernel::keep_branch_temperatures).
void resize_branch_temperatures(ThermalState& st, std::size_t nb) {
  st.branch_t_from_k.resize(nb);
  st.branch_t_to_k.resize(nb);
  st.branch_t_out_k.resize(nb);
}

}  // namespace

bool DhTreeOrder::is_identity() const {
  for (std::size_t k = 0; k < junction.size(); ++k) {
    if (junction[k] != k) return false;
  }
  for (std::size_t k = 0; k < branch.size(); ++k) {
    if (branch[k] != k) return false;
  }
  return true;
}

DhTreeOrder dh_tree_order(const PipeNetwork& supply) {
  HEATTWIN_CHECK(DhTreeKernel::applies(supply),
                 "district heating: the tree order needs a tree of pipes with one plant and no injections");
  DhTreeOrder order;
  std::vector<std::uint32_t> parent;
  breadth_first(supply, single_plant(supply), order.junction, parent, order.branch);
  order.branch.erase(order.branch.begin());  // position 0 (the plant) has no branch
  return order;
}

PipeNetwork reordered(const PipeNetwork& n, const DhTreeOrder& order) {
  const std::size_t nj = n.junction_count();
  const std::size_t nb = n.branch_count();
  HEATTWIN_CHECK(order.junction.size() == nj && order.branch.size() == nb,
                 "district heating: an order of {} junctions and {} branches for a network of {} and {}",
                 order.junction.size(), order.branch.size(), nj, nb);
  std::vector<std::uint32_t> new_index(nj);
  for (std::size_t k = 0; k < nj; ++k) new_index[order.junction[k]] = static_cast<std::uint32_t>(k);
  const auto permute = [](const auto& column, const std::vector<std::uint32_t>& old_of_new) {
    std::remove_cvref_t<decltype(column)> out;
    if (column.empty()) return out;  // optional columns (Hazen–Williams C)
    HEATTWIN_CHECK(column.size() == old_of_new.size(), "district heating: a network column of {} entries for {}",
                   column.size(), old_of_new.size());
    out.reserve(old_of_new.size());
    for (const std::uint32_t old : old_of_new) out.push_back(column[old]);
    return out;
  };
  // Every column of PipeNetwork (pipe_network.hpp): a new column there needs a line here.
  PipeNetwork r;
  r.junction_id = permute(n.junction_id, order.junction);
  r.height_m = permute(n.height_m, order.junction);
  r.withdrawal_kg_per_s = permute(n.withdrawal_kg_per_s, order.junction);
  r.injection_kg_per_s = permute(n.injection_kg_per_s, order.junction);
  r.injection_t_k = permute(n.injection_t_k, order.junction);
  r.fixed_pressure_bar = permute(n.fixed_pressure_bar, order.junction);
  r.fixed_t_k = permute(n.fixed_t_k, order.junction);
  r.initial_t_k = permute(n.initial_t_k, order.junction);
  r.branch_id = permute(n.branch_id, order.branch);
  r.kind = permute(n.kind, order.branch);
  r.from_junction = permute(n.from_junction, order.branch);
  r.to_junction = permute(n.to_junction, order.branch);
  for (std::uint32_t& j : r.from_junction) j = new_index[j];
  for (std::uint32_t& j : r.to_junction) j = new_index[j];
  r.length_m = permute(n.length_m, order.branch);
  r.inner_diameter_m = permute(n.inner_diameter_m, order.branch);
  r.roughness_m = permute(n.roughness_m, order.branch);
  r.loss_coefficient = permute(n.loss_coefficient, order.branch);
  r.alpha_w_per_m2k = permute(n.alpha_w_per_m2k, order.branch);
  r.ambient_t_k = permute(n.ambient_t_k, order.branch);
  r.sections = permute(n.sections, order.branch);
  r.pump_curve = permute(n.pump_curve, order.branch);
  r.hazen_williams_c = permute(n.hazen_williams_c, order.branch);
  r.pump_curves_bar_vs_m3_per_h = n.pump_curves_bar_vs_m3_per_h;
  r.fluid = n.fluid;
  return r;
}

bool DhTreeKernel::applies(const PipeNetwork& supply) {
  const std::uint32_t plant = single_plant(supply);
  if (plant == NONE) return false;
  for (std::size_t b = 0; b < supply.branch_count(); ++b) {
    if (supply.kind[b] != BranchKind::pipe || supply.from_junction[b] == supply.to_junction[b]) return false;
  }
  for (const double injection : supply.injection_kg_per_s) {
    if (injection != 0.0) return false;
  }
  std::vector<std::uint32_t> junction, parent, branch;
  return breadth_first(supply, plant, junction, parent, branch);
}

DhTreeKernel::DhTreeKernel(const PipeNetwork& supply) : supply_(&supply) {
  HEATTWIN_CHECK(applies(supply),
                 "district heating: the tree kernel needs a tree of pipes with one plant and no injections");
  plant_ = single_plant(supply);
  breadth_first(supply, plant_, junction_, parent_, branch_);
  const std::size_t n = junction_.size();
  child_is_to_.assign(n, 0);
  loss_factor_.assign(n, 0.0);
  sections_.assign(n, 1);
  for (std::size_t k = 1; k < n; ++k) {
    const std::uint32_t b = branch_[k];
    child_is_to_[k] = supply.to_junction[b] == junction_[k] ? 1 : 0;
    sections_[k] = supply.sections[b];
    // α π D L in ThermalSolver's order of operations (bit-identical loss factors).
    if (supply.alpha_w_per_m2k[b] > 0.0) {
      loss_factor_[k] = supply.alpha_w_per_m2k[b] * std::numbers::pi * supply.inner_diameter_m[b] * supply.length_m[b];
    }
    if (parent_[k] == 0) root_children_.push_back(static_cast<std::uint32_t>(k));
  }
  std::sort(root_children_.begin(), root_children_.end(),
            [&](std::uint32_t a, std::uint32_t b) { return branch_[a] < branch_[b]; });
  flow_.assign(n, 0.0);
  t_.assign(n, 0.0);
  t_out_.assign(n, 0.0);
  inflow_.assign(n, 0.0);
  inflow_t_.assign(n, 0.0);
  fraction_.assign(n, 0.0);
}

void DhTreeKernel::solve_flows() {
  const PipeNetwork& s = *supply_;
  const std::size_t n = junction_.size();
  double* flow = flow_.data();
  fraction_cp_ = std::numeric_limits<double>::quiet_NaN();  // the fractions belong to the flows before
  for (std::size_t k = 0; k < n; ++k)
    flow[k] = s.withdrawal_kg_per_s[junction_[k]] - s.injection_kg_per_s[junction_[k]];
  // Leaves → plant: each branch carries its subtree's withdrawals (tree_flows' order of sums).
  for (std::size_t k = n - 1; k >= 1; --k) flow[parent_[k]] += flow[k];
}

void DhTreeKernel::branch_flows(std::vector<double>& mdot) const {
  const std::size_t n = junction_.size();
  mdot.resize(n - 1);
  for (std::size_t k = 1; k < n; ++k) mdot[branch_[k]] = child_is_to_[k] != 0 ? flow_[k] : -flow_[k];
}

void DhTreeKernel::solve_supply_temperatures(const ThermalOptions& options, ThermalState& state) {
  const PipeNetwork& s = *supply_;
  const std::size_t n = junction_.size();
  const std::size_t nj = s.junction_count();
  // network_cp_j_per_kgk with one fixed temperature (the plant's): the same value, no scan.
  state.cp_j_per_kgk = s.fluid.cp_j_per_kgk(s.fixed_t_k[plant_]);
  const double cp = state.cp_j_per_kgk;
  const double eps = options.stagnant_flow_kg_per_s;
  state.junction_t_k.resize(nj);
  remaining_fractions(options, cp);
  double* t = t_.data();
  double* t_out = t_out_.data();
  const double* fraction = fraction_.data();
  t[0] = s.fixed_t_k[plant_];
  state.junction_t_k[plant_] = t[0];
  // Plant → leaves: each junction takes the outlet temperature of the one branch feeding it,
  // (ṁ·T_out)/ṁ as ThermalSolver mixes it; a junction behind a stagnant branch keeps its
  // initial temperature.
  for (std::size_t k = 1; k < n; ++k) {
    const double m = std::abs(flow_[k]);
    const std::uint32_t j = junction_[k];
    if (m <= eps) {
      t_out[k] = std::numeric_limits<double>::quiet_NaN();
      t[k] = s.initial_t_k[j];
    } else {
      const double ambient = s.ambient_t_k[branch_[k]];
      const double out = ambient + (t[parent_[k]] - ambient) * fraction[k];
      t_out[k] = out;
      t[k] = (m * out) / m;
    }
    state.junction_t_k[j] = t[k];
  }
}

void DhTreeKernel::remaining_fractions(const ThermalOptions& options, double cp) {
  const double* flow = flow_.data();
  double* fraction = fraction_.data();
#pragma omp simd
  for (std::size_t k = 0; k < flow_.size(); ++k) fraction[k] = std::abs(flow[k]);
  fractions_of_flows(options, cp, fraction_);
  fraction_cp_ = cp;
  fraction_model_ = options.pipe_model;
  fraction_eps_ = options.stagnant_flow_kg_per_s;
}

void DhTreeKernel::fractions_of_flows(const ThermalOptions& options, double cp, std::vector<double>& fraction) const {
  const std::size_t n = junction_.size();
  const double eps = options.stagnant_flow_kg_per_s;
  // κ = α π D L / (|ṁ| c_p) of every flowing pipe (0 for adiabatic ones, whose loss factor is 0;
  // stagnant pipes get 0 and are not used), then exp(−κ) over the whole array: the exponentials
  // are independent of the march, so they run as one vector pass (vector_exp.hpp).
  // Vectorised: the division runs for every pipe and a stagnant pipe's result is discarded (the
  // file is compiled with -fno-trapping-math, so the comparison does not keep it a branch).
  double* f = fraction.data();
  const double* loss_factor = loss_factor_.data();
  f[0] = 1.0;
#pragma omp simd
  for (std::size_t k = 1; k < n; ++k) {
    const double m = f[k];
    const double kappa = loss_factor[k] / (m * cp);
    f[k] = m <= eps ? 0.0 : kappa;
  }
  if (options.pipe_model == PipeThermalModel::exact) {
    exp_negated(fraction, fraction);
  } else {
    for (std::size_t k = 1; k < n; ++k)
      fraction[k] = pipe_remaining_fraction(fraction[k], options.pipe_model, sections_[k]);
  }
}

void DhTreeKernel::finish_supply(const HydraulicState& hyd, const ThermalOptions& options, ThermalState& st) const {
  const PipeNetwork& s = *supply_;
  const std::size_t n = junction_.size();
  const std::size_t nj = s.junction_count();
  const std::size_t nb = s.branch_count();
  const double cp = st.cp_j_per_kgk;
  const bool keep_t = keep_branch_temperatures_;
  resize_branch_temperatures(st, keep_t ? nb : 0);
  st.branch_heat_loss_w.resize(nb);
  st.stagnant_junction_count = 0;
  for (std::size_t k = 1; k < n; ++k) {
    const std::uint32_t b = branch_[k];
    if (std::isnan(t_out_[k])) {
      // Stagnant: the water has the temperature of its surroundings; the junction behind it too.
      if (keep_t) st.branch_t_from_k[b] = st.branch_t_to_k[b] = st.branch_t_out_k[b] = s.ambient_t_k[b];
      st.branch_heat_loss_w[b] = 0.0;
      ++st.stagnant_junction_count;
      continue;
    }
    const double m = std::abs(hyd.mdot_kg_per_s[b]);
    const double t_in = t_[parent_[k]];
    st.branch_heat_loss_w[b] = m * cp * (t_in - t_out_[k]);
    if (keep_t) {
      st.branch_t_out_k[b] = t_out_[k];
      const bool forward = hyd.mdot_kg_per_s[b] > 0;
      (forward ? st.branch_t_from_k : st.branch_t_to_k)[b] = t_in;
      (forward ? st.branch_t_to_k : st.branch_t_from_k)[b] = t_out_[k];
    }
  }
  // Heat flows in ThermalSolver's order: the plant supplies what leaves it (its branches in
  // index order), every junction's withdrawal takes its temperature.
  double out = s.withdrawal_kg_per_s[plant_];
  for (const std::uint32_t k : root_children_) {
    const double m = std::abs(hyd.mdot_kg_per_s[branch_[k]]);
    if (m > options.stagnant_flow_kg_per_s) out += m;
  }
  st.boundary_heat_w = 0.0;
  st.withdrawn_heat_w = 0.0;
  for (std::size_t j = 0; j < nj; ++j) {
    const double t = st.junction_t_k[j];
    if (j == plant_) st.boundary_heat_w += cp * (out * t - 0.0);
    st.withdrawn_heat_w += cp * s.withdrawal_kg_per_s[j] * t;
  }
  st.heat_loss_w = 0.0;
  for (const double q : st.branch_heat_loss_w) st.heat_loss_w += q;
  st.balance_error_w = st.boundary_heat_w - st.withdrawn_heat_w - st.heat_loss_w;
  st.report = SolveReport{};
  st.report.converged = true;
  st.report.iterations = 1;
  st.report.residual = st.balance_error_w;
}

void DhTreeKernel::solve_return(const PipeNetwork& ret, const HydraulicState& hyd, const ThermalOptions& options,
                                ThermalState& st, double cp_j_per_kgk) {
  const std::size_t n = junction_.size();
  const std::size_t nj = ret.junction_count();
  const std::size_t nb = ret.branch_count();
  HEATTWIN_CHECK(nj == n && nb + 1 == n && hyd.mdot_kg_per_s.size() == nb,
                 "district heating: the return network does not mirror the kernel's supply tree");
  st.cp_j_per_kgk = std::isnan(cp_j_per_kgk) ? network_cp_j_per_kgk(ret) : cp_j_per_kgk;
  const double cp = st.cp_j_per_kgk;
  const double eps = options.stagnant_flow_kg_per_s;
  const bool keep_t = keep_branch_temperatures_;
  st.junction_t_k.resize(nj);
  resize_branch_temperatures(st, keep_t ? nb : 0);
  st.branch_heat_loss_w.resize(nb);
  st.stagnant_junction_count = 0;
  // The last supply march's fractions where they are the same pipe law (same c_p, model and
  // stagnant limit, and per pipe the same |ṁ|); otherwise one vector pass for these flows.
  const bool reuse = fraction_cp_ == cp && fraction_model_ == options.pipe_model && fraction_eps_ == eps;
  if (!reuse) {
    return_fraction_.resize(n);
    for (std::size_t k = 1; k < n; ++k) return_fraction_[k] = std::abs(hyd.mdot_kg_per_s[branch_[k]]);
    fractions_of_flows(options, cp, return_fraction_);
  }
  // Mixing sums: the consumers' return water (injections) at each junction, and the heat they and
  // the pressure boundaries bring (summed in the kernel's order: the last bits differ from
  // ThermalSolver's junction order).
  const double* injection = ret.injection_kg_per_s.data();
  const double* injection_t = ret.injection_t_k.data();
  const double* initial_t = ret.initial_t_k.data();
  const double* boundary_inflow = hyd.boundary_inflow_kg_per_s.data();
  double boundary_heat_w = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t j = junction_[k];
    double in = 0.0, in_t = 0.0;
    if (injection[j] > 0.0) {
      const double t = std::isnan(injection_t[j]) ? initial_t[j] : injection_t[j];
      in = injection[j];
      in_t = injection[j] * t;
      boundary_heat_w += cp * injection[j] * t;
    }
    const double boundary = -boundary_inflow[j];  // the return side reverses the supply's
    if (boundary > 0.0) {
      // A pressure boundary without a temperature feeds water at the junction's initial temperature.
      in += boundary;
      in_t += boundary * initial_t[j];
      boundary_heat_w += cp * boundary * initial_t[j];
    }
    inflow_[k] = in;
    inflow_t_[k] = in_t;
  }
  // Leaves → plant: every branch carries its junction's mixed water to the parent. The water that
  // leaves a junction other than through its branch (a withdrawal, or a pressure boundary taking
  // the reversed supply inflow) takes the junction's mixed temperature.
  const double* withdrawal = ret.withdrawal_kg_per_s.data();
  double withdrawn_heat_w = 0.0, heat_loss_w = 0.0;
  const auto withdrawn_at = [&](std::uint32_t j, double t) {
    const double boundary = -boundary_inflow[j];
    double w = boundary < 0.0 ? cp * (-boundary) * t : 0.0;
    w += cp * withdrawal[j] * t;
    return w;
  };
  for (std::size_t k = n - 1; k >= 1; --k) {
    const std::uint32_t j = junction_[k];
    const std::uint32_t b = branch_[k];
    double t = initial_t[j];
    if (inflow_[k] > 0.0) {
      t = inflow_t_[k] / inflow_[k];
    } else {
      ++st.stagnant_junction_count;
    }
    st.junction_t_k[j] = t;
    withdrawn_heat_w += withdrawn_at(j, t);
    const double m = std::abs(hyd.mdot_kg_per_s[b]);
    if (m <= eps) {
      if (keep_t) st.branch_t_from_k[b] = st.branch_t_to_k[b] = st.branch_t_out_k[b] = ret.ambient_t_k[b];
      st.branch_heat_loss_w[b] = 0.0;
      continue;
    }
    const double ambient = ret.ambient_t_k[b];
    const double fraction = !reuse ? return_fraction_[k]
                            : m == std::abs(flow_[k])
                                ? fraction_[k]
                                : pipe_remaining_fraction(loss_factor_[k] / (m * cp), options.pipe_model, sections_[k]);
    const double out = ambient + (t - ambient) * fraction;
    const double loss = m * cp * (t - out);
    st.branch_heat_loss_w[b] = loss;
    heat_loss_w += loss;
    if (keep_t) {
      st.branch_t_out_k[b] = out;
      // ret has from/to swapped and the supply's flows: positive flows run from → to in ret too.
      const bool forward = hyd.mdot_kg_per_s[b] > 0;
      (forward ? st.branch_t_from_k : st.branch_t_to_k)[b] = t;
      (forward ? st.branch_t_to_k : st.branch_t_from_k)[b] = out;
    }
    inflow_[parent_[k]] += m;
    inflow_t_[parent_[k]] += m * out;
  }
  {
    double t = initial_t[plant_];
    if (inflow_[0] > 0.0) {
      t = inflow_t_[0] / inflow_[0];
    } else {
      ++st.stagnant_junction_count;
    }
    st.junction_t_k[plant_] = t;
    withdrawn_heat_w += withdrawn_at(plant_, t);
  }
  // Heat flows: injections and boundary inflows bring heat, the plant absorbs the boundary
  // outflow (the reversed supply inflow) at its mixed temperature.
  st.boundary_heat_w = boundary_heat_w;
  st.withdrawn_heat_w = withdrawn_heat_w;
  st.heat_loss_w = heat_loss_w;
  st.balance_error_w = st.boundary_heat_w - st.withdrawn_heat_w - st.heat_loss_w;
  st.report = SolveReport{};
  st.report.converged = true;
  st.report.iterations = 1;
  st.report.residual = st.balance_error_w;
}

}  // namespace heattwin::solvers::network
