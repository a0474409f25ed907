#include "solvers/network/district_heating_series.hpp"

#include "twin/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace heattwin::solvers::network {

namespace {

constexpr double PA_PER_BAR = 1e5;

}  // namespace

DhSeriesInputs check_district_heating_inputs(const PipeNetwork& supply, const std::vector<DhConsumer>& consumers,
                                             std::size_t steps, std::span<const double> ground_t_k,
                                             const DhSeriesOptions& options, std::string_view what) {
  const std::size_t nj = supply.junction_count();
  const std::size_t nb = supply.branch_count();
  HEATTWIN_CHECK(!consumers.empty(), "{}: the network has no consumers", what);
  HEATTWIN_CHECK(ground_t_k.size() == 1 || ground_t_k.size() == steps,
                 "{}: {} ground temperatures given for {} hours (give 1 or one per hour)", what, ground_t_k.size(),
                 steps);
  HEATTWIN_CHECK(options.pump_efficiency > 0.0 && options.pump_efficiency <= 1.0,
                 "{}: pump efficiency {} must be in (0, 1]", what, options.pump_efficiency);
  DhSeriesInputs in;
  for (std::size_t j = 0; j < nj; ++j) {
    if (!std::isnan(supply.fixed_t_k[j]) && !std::isnan(supply.fixed_pressure_bar[j])) {
      HEATTWIN_CHECK(in.plants.empty() || supply.fixed_pressure_bar[j] == supply.fixed_pressure_bar[in.plants[0]],
                     "{}: plants '{}' and '{}' hold different pressures; one pressure level per network is supported",
                     what, supply.junction_id[in.plants[0]], supply.junction_id[j]);
      in.plants.push_back(j);
    }
  }
  HEATTWIN_CHECK(!in.plants.empty(), "{}: no plant (a junction with fixed pressure and supply temperature)", what);
  in.plant = in.plants.front();
  for (const DhConsumer& c : consumers) {
    HEATTWIN_CHECK(c.junction < nj, "consumer '{}': junction index {} out of range ({} junctions)", c.id, c.junction,
                   nj);
    HEATTWIN_CHECK(std::isnan(supply.fixed_pressure_bar[c.junction]),
                   "consumer '{}' sits on the plant junction '{}'; connect it to the network", c.id,
                   supply.junction_id[c.junction]);
    HEATTWIN_CHECK(c.return_t_k > 0.0 && c.return_t_k < supply.fixed_t_k[in.plant],
                   "consumer '{}': return temperature {} K must be below the supply temperature {} K", c.id,
                   c.return_t_k, supply.fixed_t_k[in.plant]);
  }
  HEATTWIN_CHECK(options.plant_supply_t_k.empty() || options.plant_supply_t_k.size() == steps,
                 "{}: {} plant supply temperatures given for {} hours (give none or one per hour)", what,
                 options.plant_supply_t_k.size(), steps);
  for (std::size_t h = 0; h < options.plant_supply_t_k.size(); ++h) {
    const double t = options.plant_supply_t_k[h];
    for (const DhConsumer& c : consumers) {
      HEATTWIN_CHECK(std::isfinite(t) && t > c.return_t_k,
                     "{}: the plant supply temperature {} K of hour {} must be above the return temperature {} K of "
                     "consumer '{}'",
                     what, t, h, c.return_t_k, c.id);
    }
  }
  HEATTWIN_CHECK(std::isfinite(options.min_end_flow_kg_per_s) && options.min_end_flow_kg_per_s >= 0.0,
                 "{}: the minimum end flow {} kg/s must be ≥ 0", what, options.min_end_flow_kg_per_s);
  // Density of each branch's water as the hydraulics take it (mean initial temperature of its
  // ends), for the specific pressure drop λ/D·ρv²/2.
  in.branch_rho.resize(nb);
  for (std::size_t b = 0; b < nb; ++b) {
    in.branch_rho[b] = supply.fluid.density_kg_per_m3(
        0.5 * (supply.initial_t_k[supply.from_junction[b]] + supply.initial_t_k[supply.to_junction[b]]));
  }
  std::vector<std::uint32_t> branches_at(nj, 0);
  for (std::size_t b = 0; b < nb; ++b) {
    ++branches_at[supply.from_junction[b]];
    ++branches_at[supply.to_junction[b]];
  }
  in.is_end.resize(consumers.size());
  for (std::size_t c = 0; c < consumers.size(); ++c) in.is_end[c] = branches_at[consumers[c].junction] == 1 ? 1 : 0;
  in.consumer_junction.resize(consumers.size());
  in.consumer_return_t_k.resize(consumers.size());
  in.consumer_min_supply_t_k.resize(consumers.size());
  in.junction_has_consumer.assign(supply.junction_count(), 0);
  for (std::size_t c = 0; c < consumers.size(); ++c) {
    if (in.junction_has_consumer[consumers[c].junction] != 0) in.consumer_junctions_distinct = false;
    in.junction_has_consumer[consumers[c].junction] = 1;
    in.consumer_junction[c] = consumers[c].junction;
    in.consumer_return_t_k[c] = consumers[c].return_t_k;
    in.consumer_min_supply_t_k[c] = consumers[c].min_supply_t_k;
  }
  return in;
}

void set_consumer_flows(PipeNetwork& supply, const std::vector<DhConsumer>& consumers, const DhSeriesInputs& inputs,
                        const DhSeriesOptions& options, std::span<const double> heat_kw,
                        std::span<const double> t_supply_k, double cp, std::span<double> mdot, std::span<double> flow) {
  std::fill(supply.withdrawal_kg_per_s.begin(), supply.withdrawal_kg_per_s.end(), 0.0);
  const double min_end_flow = options.min_end_flow_kg_per_s;
  const double* return_t = inputs.consumer_return_t_k.data();
  const std::uint8_t* is_end = inputs.is_end.data();
  const std::size_t nc = consumers.size();
  for (std::size_t c = 0; c < nc; ++c) {
    const double spread = std::max(t_supply_k[c] - return_t[c], DH_MIN_SPREAD_K);
    mdot[c] = heat_kw[c] * 1000.0 / (cp * spread);
    flow[c] = is_end[c] != 0 && min_end_flow > mdot[c] ? min_end_flow : mdot[c];
  }
  double* withdrawal = supply.withdrawal_kg_per_s.data();
  const std::uint32_t* junction = inputs.consumer_junction.data();
  for (std::size_t c = 0; c < nc; ++c) withdrawal[junction[c]] += flow[c];
}

DhSeriesResult new_series_result(const PipeNetwork& supply, const DhSeriesInputs& inputs, std::size_t steps) {
  const std::size_t nj = supply.junction_count();
  const std::size_t nb = supply.branch_count();
  const std::size_t nc = inputs.is_end.size();
  constexpr double INF = std::numeric_limits<double>::infinity();
  DhSeriesResult out;
  out.hours = steps;
  out.peak_mdot_kg_per_s.assign(nb, 0.0);
  out.peak_velocity_m_per_s.assign(nb, 0.0);
  out.annual_heat_loss_kwh.assign(nb, 0.0);
  out.hours_above_velocity_limit.assign(nb, 0);
  out.peak_pressure_gradient_pa_per_m.assign(nb, 0.0);
  out.hours_above_pressure_gradient_limit.assign(nb, 0);
  out.is_end_consumer = inputs.is_end;
  out.delivered_kwh.assign(nc, 0.0);
  out.min_supply_t_k.assign(nc, INF);
  out.hours_below_min_supply_t.assign(nc, 0);
  out.junction_min_t_k.assign(nj, INF);
  out.junction_min_pressure_bar.assign(nj, INF);
  out.plant_heat_kw.assign(steps, 0.0);
  out.heat_loss_kw.assign(steps, 0.0);
  out.pump_power_kw.assign(steps, 0.0);
  out.plant_dp_bar.assign(steps, 0.0);
  return out;
}

double reduce_step(DhSeriesResult& out, std::size_t step, const PipeNetwork& supply,
                   const std::vector<DhConsumer>& consumers, const DhSeriesInputs& inputs,
                   const DhSeriesOptions& options, const DhStepState& s) {
  const std::size_t nc = consumers.size();
  const std::size_t nj = supply.junction_count();
  const std::size_t nb = supply.branch_count();
  const HydraulicState& hyd = s.hydraulic;
  const std::size_t plant = inputs.plant;
  double delivered_w = 0.0;
  const double* return_t = inputs.consumer_return_t_k.data();
  const double* min_supply_t = inputs.consumer_min_supply_t_k.data();
  for (std::size_t c = 0; c < nc; ++c) {
    const double w = s.mdot_kg_per_s[c] * s.cp_j_per_kgk * (s.t_supply_k[c] - return_t[c]);
    delivered_w += w;
    out.delivered_kwh[c] += w / 1000.0 * s.hours_per_step;
    out.min_supply_t_k[c] = std::min(out.min_supply_t_k[c], s.t_supply_k[c]);
    if (s.heat_kw[c] > 0.0 && s.t_supply_k[c] < min_supply_t[c]) ++out.hours_below_min_supply_t[c];
  }
  double worst_drop_pa = 0.0;
  const double rho = supply.fluid.density_kg_per_m3(supply.fixed_t_k[plant]);
  const double rho_g = rho * options.hydraulic.gravity_m_per_s2;
  const double* p_bar = hyd.pressure_bar.data();
  const double* height = supply.height_m.data();
  const std::uint8_t* has_consumer = inputs.junction_has_consumer.data();
  const double p_plant_bar = p_bar[plant], height_plant_m = height[plant];
  // Over the junctions in order rather than the consumers' scattered ones (the largest drop is
  // the same in any order; a NaN pressure of an isolated junction is skipped, as std::max does).
  for (std::size_t j = 0; j < nj; ++j) {
    // Friction drop plant → consumer; the mirrored return adds the same, hydrostatics cancel in the loop.
    const double drop = (p_plant_bar - p_bar[j]) * PA_PER_BAR - rho_g * (height[j] - height_plant_m);
    if (has_consumer[j] != 0 && drop > worst_drop_pa) worst_drop_pa = drop;
  }
  double total_mdot = 0.0;
  for (const double m : s.flow_kg_per_s) total_mdot += m;
  const double plant_dp_pa = 2.0 * worst_drop_pa + options.min_consumer_dp_bar * PA_PER_BAR;
  const double pump_w = plant_dp_pa * total_mdot / rho / options.pump_efficiency;
  out.plant_heat_kw[step] = s.plant_w / 1000.0;
  out.heat_loss_kw[step] = s.loss_w / 1000.0;
  out.pump_power_kw[step] = pump_w / 1000.0;
  out.plant_dp_bar[step] = plant_dp_pa / PA_PER_BAR;
  out.delivered_mwh += delivered_w / 1e6 * s.hours_per_step;
  out.heat_loss_mwh += s.loss_w / 1e6 * s.hours_per_step;
  out.plant_heat_mwh += s.plant_w / 1e6 * s.hours_per_step;
  out.pump_energy_mwh += pump_w / 1e6 * s.hours_per_step;
  out.peak_plant_heat_kw = std::max(out.peak_plant_heat_kw, s.plant_w / 1000.0);
  for (std::size_t j = 0; j < nj; ++j) {
    if (!hyd.junction_active.empty() && !hyd.junction_active[j]) continue;
    out.junction_min_t_k[j] = std::min(out.junction_min_t_k[j], s.junction_t_k[j]);
    out.junction_min_pressure_bar[j] = std::min(out.junction_min_pressure_bar[j], hyd.pressure_bar[j]);
  }
  for (std::size_t b = 0; b < nb; ++b) {
    const double m = std::abs(hyd.mdot_kg_per_s[b]);
    const double v = std::abs(hyd.v_mean_m_per_s[b]);
    out.peak_mdot_kg_per_s[b] = std::max(out.peak_mdot_kg_per_s[b], m);
    out.peak_velocity_m_per_s[b] = std::max(out.peak_velocity_m_per_s[b], v);
    if (v > options.max_velocity_m_per_s) ++out.hours_above_velocity_limit[b];
    if (supply.kind[b] == BranchKind::pipe && !hyd.friction_factor.empty()) {
      const double gradient =
          hyd.friction_factor[b] / supply.inner_diameter_m[b] * inputs.branch_rho[b] * v * v / 2.0;  // Pa/m
      out.peak_pressure_gradient_pa_per_m[b] = std::max(out.peak_pressure_gradient_pa_per_m[b], gradient);
      if (gradient > options.max_pressure_gradient_pa_per_m) ++out.hours_above_pressure_gradient_limit[b];
    }
  }
  return delivered_w;
}

void merge_series_block(DhSeriesResult& out, const DhSeriesResult& block, std::size_t first_step) {
  HEATTWIN_CHECK(first_step + block.hours <= out.hours && block.delivered_kwh.size() == out.delivered_kwh.size() &&
                     block.annual_heat_loss_kwh.size() == out.annual_heat_loss_kwh.size() &&
                     block.junction_min_t_k.size() == out.junction_min_t_k.size(),
                 "district heating: a block of hours {} … {} does not fit the series of {} hours", first_step,
                 first_step + block.hours, out.hours);
  const auto add = [](auto& a, const auto& b) {
    for (std::size_t i = 0; i < a.size(); ++i) a[i] += b[i];
  };
  const auto max_of = [](std::vector<double>& a, const std::vector<double>& b) {
    for (std::size_t i = 0; i < a.size(); ++i) a[i] = std::max(a[i], b[i]);
  };
  const auto min_of = [](std::vector<double>& a, const std::vector<double>& b) {
    for (std::size_t i = 0; i < a.size(); ++i) a[i] = std::min(a[i], b[i]);
  };
  max_of(out.peak_mdot_kg_per_s, block.peak_mdot_kg_per_s);
  max_of(out.peak_velocity_m_per_s, block.peak_velocity_m_per_s);
  add(out.annual_heat_loss_kwh, block.annual_heat_loss_kwh);
  add(out.hours_above_velocity_limit, block.hours_above_velocity_limit);
  max_of(out.peak_pressure_gradient_pa_per_m, block.peak_pressure_gradient_pa_per_m);
  add(out.hours_above_pressure_gradient_limit, block.hours_above_pressure_gradient_limit);
  add(out.delivered_kwh, block.delivered_kwh);
  min_of(out.min_supply_t_k, block.min_supply_t_k);
  add(out.hours_below_min_supply_t, block.hours_below_min_supply_t);
  min_of(out.junction_min_t_k, block.junction_min_t_k);
  min_of(out.junction_min_pressure_bar, block.junction_min_pressure_bar);
  std::copy(block.plant_heat_kw.begin(), block.plant_heat_kw.end(), out.plant_heat_kw.begin() + first_step);
  std::copy(block.heat_loss_kw.begin(), block.heat_loss_kw.end(), out.heat_loss_kw.begin() + first_step);
  std::copy(block.pump_power_kw.begin(), block.pump_power_kw.end(), out.pump_power_kw.begin() + first_step);
  std::copy(block.plant_dp_bar.begin(), block.plant_dp_bar.end(), out.plant_dp_bar.begin() + first_step);
  out.delivered_mwh += block.delivered_mwh;
  out.heat_loss_mwh += block.heat_loss_mwh;
  out.plant_heat_mwh += block.plant_heat_mwh;
  out.pump_energy_mwh += block.pump_energy_mwh;
  out.peak_plant_heat_kw = std::max(out.peak_plant_heat_kw, block.peak_plant_heat_kw);
  out.bypass_mass_t += block.bypass_mass_t;
  out.bypass_return_heat_mwh += block.bypass_return_heat_mwh;
  out.max_newton_iterations = std::max(out.max_newton_iterations, block.max_newton_iterations);
  out.newton_iterations += block.newton_iterations;
  out.factorizations += block.factorizations;
  out.temperature_rounds += block.temperature_rounds;
  out.unconverged_hours += block.unconverged_hours;
  out.energy_balance_error_kwh += block.energy_balance_error_kwh;
  merge_feed_in_block(out.feed_in, block.feed_in, first_step);
  out.heat_loss_share = out.plant_heat_mwh > 0.0 ? out.heat_loss_mwh / out.plant_heat_mwh : 0.0;
}

}  // namespace heattwin::solvers::network
