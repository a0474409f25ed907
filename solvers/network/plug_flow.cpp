#include "solvers/network/plug_flow.hpp"

#include "twin/error.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace heattwin::solvers::network {

namespace {

constexpr double INF = std::numeric_limits<double>::infinity();

/// Mean of exp(−r·y) over y in [0, w] (r of either sign; 1 for r·w → 0).
double mean_exp(double r, double w) {
  const double z = r * w;
  if (std::abs(z) < 1e-12) return 1.0 - 0.5 * z;
  return -std::expm1(-z) / z;
}

/// 1/(q τ) (per kg of travel): the decay rate of the excess temperature along the water.
double rate_per_kg(double q, double tau_s) { return std::isfinite(tau_s) ? 1.0 / (q * tau_s) : 0.0; }

/// Σ mass × temperature of the elements of `p` that leave, the first `w` kg from its outlet side
/// (the back for ṁ > 0, the front otherwise), the parcel's outlet edge having `s` kg ahead of it;
/// each element leaves after (mass ahead)/q and cools towards `g` with rate `r` (= 1/(qτ)) per kg.
double leaving_mass_t(const PlugFlowParcel& p, bool to_back, double s, double w, double r, double g) {
  // y = distance from the outlet edge; temperature a + c·exp(k_y·y) there.
  const double c = to_back ? p.b_k * std::exp(-p.k_per_kg * p.mass_kg) : p.b_k;
  const double k_y = to_back ? p.k_per_kg : -p.k_per_kg;
  const double decay = std::exp(-r * s);
  return w * decay * ((p.a_k - g) * mean_exp(r, w) + c * mean_exp(r - k_y, w)) + w * g;
}

/// Joins parcel k with k + 1 when the second continues the first exactly; returns whether it did.
bool join_if_continuous(std::deque<PlugFlowParcel>& parcels, std::size_t k) {
  PlugFlowParcel& f = parcels[k];
  const PlugFlowParcel& n = parcels[k + 1];
  const double scale = std::abs(f.a_k) + std::abs(f.b_k) + 1.0;
  const bool same = std::abs(f.a_k - n.a_k) <= 1e-12 * scale &&
                    std::abs(f.k_per_kg - n.k_per_kg) <= 1e-12 * (std::abs(f.k_per_kg) + 1e-300) &&
                    std::abs(f.b_k * std::exp(-f.k_per_kg * f.mass_kg) - n.b_k) <= 1e-12 * scale;
  if (!same) return false;
  f.mass_kg += n.mass_kg;
  parcels.erase(parcels.begin() + static_cast<std::ptrdiff_t>(k) + 1);
  return true;
}

/// Merges parcel k with k + 1 into one uniform parcel of their mean temperature (energy-exact).
void merge_uniform(std::deque<PlugFlowParcel>& parcels, std::size_t k) {
  PlugFlowParcel& f = parcels[k];
  const PlugFlowParcel& n = parcels[k + 1];
  const double mass = f.mass_kg + n.mass_kg;
  const double t = mass > 0.0 ? (f.mass_kg * f.mean_t_k() + n.mass_kg * n.mean_t_k()) / mass : f.mean_t_k();
  f = PlugFlowParcel{mass, t, 0.0, 0.0};
  parcels.erase(parcels.begin() + static_cast<std::ptrdiff_t>(k) + 1);
}

}  // namespace

double PlugFlowParcel::mean_t_k() const { return a_k + b_k * mean_exp(k_per_kg, mass_kg); }

double PlugFlowPipe::mass_kg() const {
  double m = 0.0;
  for (const auto& p : parcels) m += p.mass_kg;
  return m;
}

double PlugFlowPipe::mass_temperature_kg_k() const {
  double e = 0.0;
  for (const auto& p : parcels) e += p.mass_kg * p.mean_t_k();
  return e;
}

double plug_flow_time_constant_s(double density_kg_per_m3, double cp_j_per_kgk, double d_m, double alpha_w_per_m2k) {
  if (!(alpha_w_per_m2k > 0.0)) return INF;
  return density_kg_per_m3 * cp_j_per_kgk * d_m / (4.0 * alpha_w_per_m2k);
}

PlugFlowPipe uniform_plug_flow_pipe(double mass_kg, double t_k) {
  PlugFlowPipe p;
  p.parcels.push_back({mass_kg, t_k, 0.0, 0.0});
  return p;
}

PlugFlowOutflow plug_flow_outflow(const PlugFlowPipe& pipe, double mdot, double t_in_k, double dt_s, double tau_s,
                                  double ambient_t_k, const PlugFlowOptions& options) {
  PlugFlowOutflow out;
  const double q = std::abs(mdot);
  if (!(q >= options.stagnant_flow_kg_per_s) || !(dt_s > 0.0)) return out;
  const double m_in = q * dt_s;
  const double r = rate_per_kg(q, tau_s);
  const bool to_back = mdot > 0.0;
  double s = 0.0, energy = 0.0;
  const auto take = [&](const PlugFlowParcel& p) {
    if (s >= m_in) return false;
    const double w = std::min(p.mass_kg, m_in - s);
    energy += leaving_mass_t(p, to_back, s, w, r, ambient_t_k);
    s += w;
    return true;
  };
  if (to_back) {
    for (auto it = pipe.parcels.rbegin(); it != pipe.parcels.rend() && take(*it); ++it) {
    }
  } else {
    for (auto it = pipe.parcels.begin(); it != pipe.parcels.end() && take(*it); ++it) {
    }
  }
  // Inflow of this step that crosses the whole pipe (residence = pipe mass / q).
  const double through = m_in - s;
  if (through > 0.0) energy += through * (ambient_t_k + (t_in_k - ambient_t_k) * std::exp(-r * s));
  out.mass_kg = m_in;
  out.t_k = energy / m_in;
  return out;
}

PlugFlowOutflow advance_plug_flow(PlugFlowPipe& pipe, double mdot, double t_in_k, double dt_s, double tau_s,
                                  double ambient_t_k, const PlugFlowOptions& options) {
  const PlugFlowOutflow out = plug_flow_outflow(pipe, mdot, t_in_k, dt_s, tau_s, ambient_t_k, options);
  const double cooling = std::isfinite(tau_s) ? std::exp(-dt_s / tau_s) : 1.0;
  const double capacity = pipe.mass_kg();
  auto& parcels = pipe.parcels;
  // The outflow leaves at the outlet end (the back for ṁ > 0).
  double leave = out.mass_kg;
  while (leave > 0.0 && !parcels.empty()) {
    PlugFlowParcel& p = mdot > 0.0 ? parcels.back() : parcels.front();
    if (p.mass_kg <= leave) {
      leave -= p.mass_kg;
      if (mdot > 0.0) {
        parcels.pop_back();
      } else {
        parcels.pop_front();
      }
    } else {
      // Cut from the back: the profile from the front edge is unchanged; from the front: shift it.
      if (mdot < 0.0) p.b_k *= std::exp(-p.k_per_kg * leave);
      p.mass_kg -= leave;
      leave = 0.0;
    }
  }
  // The water that stayed cools for the whole step (the profile keeps its form).
  double kept = 0.0;
  for (PlugFlowParcel& p : parcels) {
    p.a_k = ambient_t_k + (p.a_k - ambient_t_k) * cooling;
    p.b_k *= cooling;
    kept += p.mass_kg;
  }
  if (out.mass_kg <= 0.0) return out;
  // The inflow that stayed: the newest element (at the inlet) has the inlet temperature, an
  // element x kg further in entered x/q earlier and cooled for that long.
  const double m_new = std::max(0.0, capacity - kept);
  if (m_new > 0.0) {
    const double r = rate_per_kg(std::abs(mdot), tau_s);
    const double excess = t_in_k - ambient_t_k;
    if (mdot > 0.0) {
      parcels.push_front({m_new, ambient_t_k, excess, r});
      if (parcels.size() > 1) join_if_continuous(parcels, 0);
    } else {
      parcels.push_back({m_new, ambient_t_k, excess * std::exp(-r * m_new), -r});
      if (parcels.size() > 1) join_if_continuous(parcels, parcels.size() - 2);
    }
  }
  while (parcels.size() > std::max<std::size_t>(options.max_parcels, 2)) {
    std::size_t best = 0;
    double best_dt = INF;
    for (std::size_t k = 0; k + 1 < parcels.size(); ++k) {
      const double d = std::abs(parcels[k].mean_t_k() - parcels[k + 1].mean_t_k());
      if (d < best_dt) {
        best_dt = d;
        best = k;
      }
    }
    merge_uniform(parcels, best);
  }
  return out;
}

PlugFlowNetwork::PlugFlowNetwork(const PipeNetwork& n, const PlugFlowOptions& options)
    : network_(&n), options_(options) {
  const std::size_t nj = n.junction_count(), nb = n.branch_count();
  // One c_p for the network (as ThermalState): at the mean fixed temperature, else the mean initial.
  double sum = 0.0;
  std::size_t count = 0;
  for (std::size_t j = 0; j < nj; ++j) {
    if (!std::isnan(n.fixed_t_k[j])) {
      sum += n.fixed_t_k[j];
      ++count;
    }
  }
  if (count == 0) {
    for (double t : n.initial_t_k) sum += t;
    count = std::max<std::size_t>(nj, 1);
  }
  cp_ =
      std::isnan(options.cp_j_per_kgk) ? n.fluid.cp_j_per_kgk(sum / static_cast<double>(count)) : options.cp_j_per_kgk;
  tau_s_.assign(nb, INF);
  pipes_.resize(nb);
  for (std::size_t b = 0; b < nb; ++b) {
    if (n.kind[b] != BranchKind::pipe) continue;
    const double t = 0.5 * (n.initial_t_k[n.from_junction[b]] + n.initial_t_k[n.to_junction[b]]);
    const double rho = n.fluid.density_kg_per_m3(t);
    const double d = n.inner_diameter_m[b];
    pipes_[b] = uniform_plug_flow_pipe(rho * std::numbers::pi * d * d / 4.0 * n.length_m[b], t);
    tau_s_[b] = plug_flow_time_constant_s(rho, cp_, d, n.alpha_w_per_m2k[b]);
  }
  last_t_k_ = n.initial_t_k;
}

void PlugFlowNetwork::order(const HydraulicState& hyd) {
  const PipeNetwork& n = *network_;
  const std::size_t nj = n.junction_count(), nb = n.branch_count();
  HEATTWIN_CHECK(hyd.mdot_kg_per_s.size() == nb, "plug flow: {} branch flows for {} branches", hyd.mdot_kg_per_s.size(),
                 nb);
  in_count_.assign(nj, 0);
  out_offset_.assign(nj + 1, 0);
  for (std::size_t b = 0; b < nb; ++b) {
    const double q = hyd.mdot_kg_per_s[b];
    if (!(std::abs(q) >= options_.stagnant_flow_kg_per_s)) continue;
    const std::uint32_t up = q > 0.0 ? n.from_junction[b] : n.to_junction[b];
    const std::uint32_t down = q > 0.0 ? n.to_junction[b] : n.from_junction[b];
    ++out_offset_[up + 1];
    if (std::isnan(n.fixed_t_k[down])) ++in_count_[down];
  }
  for (std::size_t j = 0; j < nj; ++j) out_offset_[j + 1] += out_offset_[j];
  out_branch_.assign(out_offset_[nj], 0);
  std::vector<std::uint32_t> fill(out_offset_.begin(), out_offset_.end() - 1);
  for (std::uint32_t b = 0; b < nb; ++b) {
    const double q = hyd.mdot_kg_per_s[b];
    if (!(std::abs(q) >= options_.stagnant_flow_kg_per_s)) continue;
    const std::uint32_t up = q > 0.0 ? n.from_junction[b] : n.to_junction[b];
    out_branch_[fill[up]++] = b;
  }
  order_.clear();
  for (std::uint32_t j = 0; j < nj; ++j) {
    if (in_count_[j] == 0) order_.push_back(j);
  }
  for (std::size_t k = 0; k < order_.size(); ++k) {
    const std::uint32_t j = order_[k];
    for (std::uint32_t o = out_offset_[j]; o < out_offset_[j + 1]; ++o) {
      const std::uint32_t b = out_branch_[o];
      const std::uint32_t down = hyd.mdot_kg_per_s[b] > 0.0 ? n.to_junction[b] : n.from_junction[b];
      if (std::isnan(n.fixed_t_k[down]) && --in_count_[down] == 0) order_.push_back(down);
    }
  }
  HEATTWIN_CHECK_AS(SolverError, order_.size() == nj,
                    "plug flow: the flows circulate in a loop without a fixed temperature ({} of {} junctions ordered)",
                    order_.size(), nj);
}

template <bool Commit>
double PlugFlowNetwork::step(const HydraulicState& hyd, double dt_s, std::vector<double>& junction_t_k,
                             std::vector<double>& branch_t_out_k, std::vector<double>* branch_heat_loss_j) {
  const PipeNetwork& n = *network_;
  const std::size_t nj = n.junction_count(), nb = n.branch_count();
  order(hyd);
  junction_t_k.assign(nj, 0.0);
  branch_t_out_k.assign(nb, std::numeric_limits<double>::quiet_NaN());
  inflow_.assign(nj, 0.0);
  inflow_t_.assign(nj, 0.0);
  for (std::size_t j = 0; j < nj; ++j) {
    const double m = n.injection_kg_per_s[j] * dt_s;
    if (m > 0.0) {
      inflow_[j] += m;
      inflow_t_[j] += m * (std::isnan(n.injection_t_k[j]) ? n.initial_t_k[j] : n.injection_t_k[j]);
    }
  }
  double loss_j = 0.0;
  std::vector<std::uint8_t> moved;
  if constexpr (Commit) moved.assign(nb, 0);
  for (const std::uint32_t j : order_) {
    const double t = !std::isnan(n.fixed_t_k[j]) ? n.fixed_t_k[j]
                     : inflow_[j] > 0.0          ? inflow_t_[j] / inflow_[j]
                                                 : last_t_k_[j];
    junction_t_k[j] = t;
    for (std::uint32_t o = out_offset_[j]; o < out_offset_[j + 1]; ++o) {
      const std::uint32_t b = out_branch_[o];
      const double q = hyd.mdot_kg_per_s[b];
      PlugFlowOutflow out;
      if (n.kind[b] == BranchKind::pipe) {
        if constexpr (Commit) {
          const double before = pipes_[b].mass_temperature_kg_k();
          out = advance_plug_flow(pipes_[b], q, t, dt_s, tau_s_[b], n.ambient_t_k[b], options_);
          const double loss =
              cp_ * (before + std::abs(q) * dt_s * t - out.mass_kg * out.t_k - pipes_[b].mass_temperature_kg_k());
          loss_j += loss;
          if (branch_heat_loss_j != nullptr && !branch_heat_loss_j->empty()) (*branch_heat_loss_j)[b] += loss;
          moved[b] = 1;
        } else {
          out = plug_flow_outflow(pipes_[b], q, t, dt_s, tau_s_[b], n.ambient_t_k[b], options_);
        }
      } else {
        out.mass_kg = std::abs(q) * dt_s;
        out.t_k = t;
      }
      branch_t_out_k[b] = out.t_k;
      const std::uint32_t down = q > 0.0 ? n.to_junction[b] : n.from_junction[b];
      inflow_[down] += out.mass_kg;
      inflow_t_[down] += out.mass_kg * out.t_k;
    }
  }
  if constexpr (Commit) {
    // Stagnant pipes: their water only cools.
    for (std::size_t b = 0; b < nb; ++b) {
      if (moved[b] != 0 || n.kind[b] != BranchKind::pipe) continue;
      const double before = pipes_[b].mass_temperature_kg_k();
      advance_plug_flow(pipes_[b], 0.0, 0.0, dt_s, tau_s_[b], n.ambient_t_k[b], options_);
      const double loss = cp_ * (before - pipes_[b].mass_temperature_kg_k());
      loss_j += loss;
      if (branch_heat_loss_j != nullptr && !branch_heat_loss_j->empty()) (*branch_heat_loss_j)[b] += loss;
    }
    last_t_k_ = junction_t_k;
  }
  return loss_j;
}

void PlugFlowNetwork::peek(const HydraulicState& hyd, double dt_s, std::vector<double>& junction_t_k,
                           std::vector<double>& branch_t_out_k) {
  step<false>(hyd, dt_s, junction_t_k, branch_t_out_k, nullptr);
}

double PlugFlowNetwork::advance(const HydraulicState& hyd, double dt_s, std::vector<double>& junction_t_k,
                                std::vector<double>& branch_t_out_k, std::vector<double>& branch_heat_loss_j) {
  return step<true>(hyd, dt_s, junction_t_k, branch_t_out_k, &branch_heat_loss_j);
}

double PlugFlowNetwork::heat_content_j() const {
  double e = 0.0;
  for (const PlugFlowPipe& p : pipes_) e += p.mass_temperature_kg_k();
  return cp_ * e;
}

}  // namespace heattwin::solvers::network
