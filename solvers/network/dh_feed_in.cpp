#include "solvers/network/dh_feed_in.hpp"

#include "twin/error.hpp"

#include <algorithm>
#include <cmath>

namespace heattwin::solvers::network {

namespace {
/// As in simulate_district_heating: the smallest supply/return spread that turns heat into flow.
constexpr double MIN_SPREAD_K = 5.0;
}  // namespace

DhFeedInSeries::DhFeedInSeries(std::vector<DhFeedIn> feed_ins, const PipeNetwork& supply, std::size_t hours,
                               double initial_return_t_k)
    : feed_ins_(std::move(feed_ins)) {
  const std::size_t nj = supply.junction_count();
  for (const DhFeedIn& f : feed_ins_) {
    HEATTWIN_CHECK(f.junction < nj, "feed-in plant '{}': junction index {} out of range ({} junctions)", f.id,
                   f.junction, nj);
    HEATTWIN_CHECK(std::isnan(supply.fixed_pressure_bar[f.junction]),
                   "feed-in plant '{}' sits on the pressure-holding plant's junction '{}'; it is part of that plant",
                   f.id, supply.junction_id[f.junction]);
    HEATTWIN_CHECK(f.heat_kw.size() == 1 || f.heat_kw.size() == hours,
                   "feed-in plant '{}': {} hourly heat values for {} hours (give 1 or one per hour)", f.id,
                   f.heat_kw.size(), hours);
    for (std::size_t h = 0; h < f.heat_kw.size(); ++h) {
      HEATTWIN_CHECK(std::isfinite(f.heat_kw[h]) && f.heat_kw[h] >= 0.0,
                     "feed-in plant '{}': heat {} kW in hour {} must be ≥ 0", f.id, f.heat_kw[h], h);
    }
    junctions_.push_back(f.junction);
  }
  std::sort(junctions_.begin(), junctions_.end());
  junctions_.erase(std::unique(junctions_.begin(), junctions_.end()), junctions_.end());
  return_t_k_.assign(feed_ins_.size(), initial_return_t_k);
  flow_kg_per_s_.assign(feed_ins_.size(), 0.0);
}

void DhFeedInSeries::start(DhFeedInResult& out, std::size_t steps) const {
  const std::size_t nf = feed_ins_.size();
  out.heat_mwh.assign(nf, 0.0);
  out.peak_flow_kg_per_s.assign(nf, 0.0);
  out.heat_kw.assign(steps * nf, 0.0);
  out.pressure_plant_heat_kw.assign(steps, 0.0);
  out.pressure_plant_flow_kg_per_s.assign(steps, 0.0);
}

void DhFeedInSeries::set_hour(std::size_t h, double supply_t_k, double cp, PipeNetwork& supply, PipeNetwork& ret) {
  // Surplus feed-in water the pressure-holding plant takes passes to the return at the supply
  // temperature (the return side's boundary inflow enters at its initial temperature); both sides
  // then also take c_p at the same temperature, so the hour's energy balance closes.
  std::fill(ret.initial_t_k.begin(), ret.initial_t_k.end(), supply_t_k);
  for (const std::uint32_t j : junctions_) {
    supply.injection_kg_per_s[j] = 0.0;
    supply.injection_t_k[j] = supply_t_k;
    ret.withdrawal_kg_per_s[j] = 0.0;
  }
  for (std::size_t f = 0; f < feed_ins_.size(); ++f) {
    const DhFeedIn& fi = feed_ins_[f];
    const double q_kw = fi.heat_kw.size() == 1 ? fi.heat_kw[0] : fi.heat_kw[h];
    const double spread = std::max(supply_t_k - return_t_k_[f], MIN_SPREAD_K);
    flow_kg_per_s_[f] = q_kw * 1000.0 / (cp * spread);
    supply.injection_kg_per_s[fi.junction] += flow_kg_per_s_[f];
    ret.withdrawal_kg_per_s[fi.junction] += flow_kg_per_s_[f];
  }
}

double DhFeedInSeries::return_bypass_heat_w(const PipeNetwork& ret, const HydraulicState& hyd, double cp) {
  double w = 0.0;
  for (std::size_t j = 0; j < hyd.boundary_inflow_kg_per_s.size(); ++j) {
    const double absorbed = -hyd.boundary_inflow_kg_per_s[j];
    if (absorbed > 0.0 && std::isnan(ret.fixed_t_k[j])) w += cp * absorbed * ret.initial_t_k[j];
  }
  return w;
}

void DhFeedInSeries::account_hour(std::size_t h, double supply_t_k, const HydraulicState& hyd,
                                  const ThermalState& ret_thermal, double cp, double consumer_flow_kg_per_s,
                                  double plant_w, double delivered_w, double loss_w, DhFeedInResult& out) {
  const std::size_t nf = feed_ins_.size();
  double fed_w = 0.0, fed_flow = 0.0;
  for (std::size_t f = 0; f < nf; ++f) {
    const double t_return = ret_thermal.junction_t_k[feed_ins_[f].junction];
    const double w = flow_kg_per_s_[f] * cp * (supply_t_k - t_return);
    out.heat_kw[h * nf + f] = w / 1000.0;
    out.heat_mwh[f] += w / 1e6;
    out.peak_flow_kg_per_s[f] = std::max(out.peak_flow_kg_per_s[f], flow_kg_per_s_[f]);
    if (flow_kg_per_s_[f] > 0.0 && std::isfinite(t_return)) return_t_k_[f] = t_return;  // stagnant: keep
    fed_w += w;
    fed_flow += flow_kg_per_s_[f];
  }
  double boundary = 0.0;
  for (const double m : hyd.boundary_inflow_kg_per_s) boundary += m;
  out.pressure_plant_flow_kg_per_s[h] = boundary;
  out.pressure_plant_heat_kw[h] = (plant_w - fed_w) / 1000.0;
  out.pressure_plant_heat_mwh += (plant_w - fed_w) / 1e6;
  out.max_mass_balance_error_kg_per_s =
      std::max(out.max_mass_balance_error_kg_per_s, std::abs(boundary + fed_flow - consumer_flow_kg_per_s));
  out.max_energy_balance_error_kw =
      std::max(out.max_energy_balance_error_kw, std::abs(plant_w - delivered_w - loss_w) / 1000.0);
}

void merge_feed_in_block(DhFeedInResult& out, const DhFeedInResult& block, std::size_t first_step) {
  const std::size_t nf = block.heat_mwh.size();
  if (nf == 0) return;
  std::copy(block.heat_kw.begin(), block.heat_kw.end(),
            out.heat_kw.begin() + static_cast<std::ptrdiff_t>(first_step * nf));
  std::copy(block.pressure_plant_heat_kw.begin(), block.pressure_plant_heat_kw.end(),
            out.pressure_plant_heat_kw.begin() + static_cast<std::ptrdiff_t>(first_step));
  std::copy(block.pressure_plant_flow_kg_per_s.begin(), block.pressure_plant_flow_kg_per_s.end(),
            out.pressure_plant_flow_kg_per_s.begin() + static_cast<std::ptrdiff_t>(first_step));
  for (std::size_t f = 0; f < nf; ++f) {
    out.heat_mwh[f] += block.heat_mwh[f];
    out.peak_flow_kg_per_s[f] = std::max(out.peak_flow_kg_per_s[f], block.peak_flow_kg_per_s[f]);
  }
  out.pressure_plant_heat_mwh += block.pressure_plant_heat_mwh;
  out.max_mass_balance_error_kg_per_s =
      std::max(out.max_mass_balance_error_kg_per_s, block.max_mass_balance_error_kg_per_s);
  out.max_energy_balance_error_kw = std::max(out.max_energy_balance_error_kw, block.max_energy_balance_error_kw);
}

}  // namespace heattwin::solvers::network
