#include "solvers/network/district_heating_plug_flow.hpp"

#include "twin/error.hpp"

#include <algorithm>
#include <cmath>

namespace heattwin::solvers::network {

namespace {

constexpr double PA_PER_BAR = 1e5;
/// As in simulate_district_heating: the smallest spread used to turn heat into flow.
constexpr double MIN_SPREAD_K = 5.0;

}  // namespace

DhSeriesResult simulate_district_heating_plug_flow(PipeNetwork supply, const std::vector<DhConsumer>& consumers,
                                                   std::size_t hours, const DemandOfHour& demand,
                                                   std::span<const double> ground_t_k, const DhSeriesOptions& options,
                                                   const PlugFlowOptions& plug_flow, double step_s) {
  const std::size_t nj = supply.junction_count();
  const std::size_t nb = supply.branch_count();
  const std::size_t nc = consumers.size();
  HEATTWIN_CHECK(!consumers.empty(), "district heating (plug flow): the network has no consumers");
  HEATTWIN_CHECK(ground_t_k.size() == 1 || ground_t_k.size() == hours,
                 "district heating (plug flow): {} ground temperatures given for {} steps (give 1 or one per step)",
                 ground_t_k.size(), hours);
  HEATTWIN_CHECK(options.pump_efficiency > 0.0 && options.pump_efficiency <= 1.0,
                 "district heating (plug flow): pump efficiency {} must be in (0, 1]", options.pump_efficiency);
  HEATTWIN_CHECK(step_s > 0.0 && std::isfinite(step_s), "district heating (plug flow): step {} s must be > 0", step_s);
  HEATTWIN_CHECK(options.plant_supply_t_k.empty() || options.plant_supply_t_k.size() == hours,
                 "district heating (plug flow): {} plant supply temperatures for {} steps",
                 options.plant_supply_t_k.size(), hours);
  std::vector<std::size_t> plants;
  for (std::size_t j = 0; j < nj; ++j) {
    if (!std::isnan(supply.fixed_t_k[j]) && !std::isnan(supply.fixed_pressure_bar[j])) plants.push_back(j);
  }
  HEATTWIN_CHECK(!plants.empty(),
                 "district heating (plug flow): no plant (a junction with fixed pressure and supply temperature)");
  const std::size_t plant = plants.front();
  for (const DhConsumer& c : consumers) {
    HEATTWIN_CHECK(c.junction < nj && std::isnan(supply.fixed_pressure_bar[c.junction]),
                   "consumer '{}': junction {} is out of range or the plant's", c.id, c.junction);
    HEATTWIN_CHECK(c.return_t_k > 0.0 && c.return_t_k < supply.fixed_t_k[plant],
                   "consumer '{}': return temperature {} K must be below the supply temperature {} K", c.id,
                   c.return_t_k, supply.fixed_t_k[plant]);
  }
  std::vector<double> branch_rho(nb);
  for (std::size_t b = 0; b < nb; ++b) {
    branch_rho[b] = supply.fluid.density_kg_per_m3(
        0.5 * (supply.initial_t_k[supply.from_junction[b]] + supply.initial_t_k[supply.to_junction[b]]));
  }
  // The return side: the same pipes with from/to swapped (flows keep their sign), no fixed
  // temperatures, consumers injecting their return water, plants absorbing it.
  PipeNetwork ret = supply;
  std::swap(ret.from_junction, ret.to_junction);
  std::fill(ret.fixed_t_k.begin(), ret.fixed_t_k.end(), NOT_SET);
  std::fill(ret.withdrawal_kg_per_s.begin(), ret.withdrawal_kg_per_s.end(), 0.0);
  std::fill(ret.injection_kg_per_s.begin(), ret.injection_kg_per_s.end(), 0.0);
  std::fill(ret.initial_t_k.begin(), ret.initial_t_k.end(), consumers.front().return_t_k);
  HydraulicSolver solver(supply, options.hydraulic);
  const bool tree = solver.uses_tree_path();
  PlugFlowNetwork supply_water(supply, plug_flow);
  const double cp = supply_water.cp_j_per_kgk();
  PlugFlowOptions return_options = plug_flow;
  return_options.cp_j_per_kgk = cp;  // one c_p for the loop
  PlugFlowNetwork return_water(ret, return_options);

  DhSeriesResult out;
  out.hours = hours;
  out.peak_mdot_kg_per_s.assign(nb, 0.0);
  out.peak_velocity_m_per_s.assign(nb, 0.0);
  out.annual_heat_loss_kwh.assign(nb, 0.0);
  out.hours_above_velocity_limit.assign(nb, 0);
  out.peak_pressure_gradient_pa_per_m.assign(nb, 0.0);
  out.hours_above_pressure_gradient_limit.assign(nb, 0);
  {
    std::vector<std::uint32_t> branches_at(nj, 0);
    for (std::size_t b = 0; b < nb; ++b) {
      ++branches_at[supply.from_junction[b]];
      ++branches_at[supply.to_junction[b]];
    }
    out.is_end_consumer.resize(nc);
    for (std::size_t c = 0; c < nc; ++c) out.is_end_consumer[c] = branches_at[consumers[c].junction] == 1 ? 1 : 0;
  }
  out.delivered_kwh.assign(nc, 0.0);
  out.min_supply_t_k.assign(nc, std::numeric_limits<double>::infinity());
  out.hours_below_min_supply_t.assign(nc, 0);
  out.junction_min_t_k.assign(nj, std::numeric_limits<double>::infinity());
  out.junction_min_pressure_bar.assign(nj, std::numeric_limits<double>::infinity());
  out.plant_heat_kw.assign(hours, 0.0);
  out.heat_loss_kw.assign(hours, 0.0);
  out.pump_power_kw.assign(hours, 0.0);
  out.plant_dp_bar.assign(hours, 0.0);

  std::vector<double> heat_kw(nc), mdot(nc), flow(nc), t_supply(nc), ret_mix(nj);
  std::vector<double> junction_t, branch_t, ret_junction_t, ret_branch_t, branch_loss_j(nb, 0.0);
  HydraulicState hyd, ret_hyd;
  bool have_previous = false;
  double balance_j = 0.0;
  const double hours_per_step = step_s / 3600.0;
  for (std::size_t h = 0; h < hours; ++h) {
    const double ground = ground_t_k.size() == 1 ? ground_t_k[0] : ground_t_k[h];
    std::fill(supply.ambient_t_k.begin(), supply.ambient_t_k.end(), ground);
    std::fill(ret.ambient_t_k.begin(), ret.ambient_t_k.end(), ground);
    if (!options.plant_supply_t_k.empty()) {
      for (const std::size_t j : plants) supply.fixed_t_k[j] = options.plant_supply_t_k[h];
    }
    const double t_plant = supply.fixed_t_k[plant];
    demand(h, heat_kw);
    for (std::size_t c = 0; c < nc; ++c) {
      HEATTWIN_CHECK(std::isfinite(heat_kw[c]) && heat_kw[c] >= 0.0,
                     "consumer '{}': demand {} kW in step {} must be ≥ 0", consumers[c].id, heat_kw[c], h);
      t_supply[c] = have_previous ? std::max(t_supply[c], consumers[c].return_t_k + MIN_SPREAD_K) : t_plant;
    }
    // Flow ↔ supply temperature rounds on the water as it stands at the start of the step.
    for (int round = 0; round < std::max(1, options.temperature_rounds); ++round) {
      std::fill(supply.withdrawal_kg_per_s.begin(), supply.withdrawal_kg_per_s.end(), 0.0);
      for (std::size_t c = 0; c < nc; ++c) {
        const double spread = std::max(t_supply[c] - consumers[c].return_t_k, MIN_SPREAD_K);
        mdot[c] = heat_kw[c] * 1000.0 / (cp * spread);
        flow[c] = out.is_end_consumer[c] != 0 && options.min_end_flow_kg_per_s > mdot[c] ? options.min_end_flow_kg_per_s
                                                                                         : mdot[c];
        supply.withdrawal_kg_per_s[consumers[c].junction] += flow[c];
      }
      if (tree) {
        solver.solve_tree_flows(hyd);
      } else {
        hyd = solver.solve({}, have_previous ? &hyd : nullptr);
        out.max_newton_iterations = std::max(out.max_newton_iterations, hyd.report.iterations);
      }
      have_previous = true;
      ++out.temperature_rounds;
      supply_water.peek(hyd, step_s, junction_t, branch_t);
      double change = 0.0;
      for (std::size_t c = 0; c < nc; ++c)
        change = std::max(change, std::abs(junction_t[consumers[c].junction] - t_supply[c]));
      const bool settled = change < options.temperature_tolerance_k;
      for (std::size_t c = 0; c < nc; ++c) {
        // The damped fixed-point step of simulate_district_heating (the last round keeps T itself).
        const double t = junction_t[consumers[c].junction];
        const double spread = t_supply[c] - consumers[c].return_t_k;
        const double drop = t_plant - t;
        if (!settled && heat_kw[c] > 0.0 && spread > MIN_SPREAD_K && drop > 0.0) {
          t_supply[c] += (t - t_supply[c]) / (1.0 + drop / spread);
        } else {
          t_supply[c] = t;
        }
      }
      if (settled) break;
    }
    if (tree) {
      hyd = solver.solve();
      out.max_newton_iterations = std::max(out.max_newton_iterations, hyd.report.iterations);
    }
    if (!hyd.report.converged) ++out.unconverged_hours;
    std::fill(branch_loss_j.begin(), branch_loss_j.end(), 0.0);
    const double content_before_j = supply_water.heat_content_j() + return_water.heat_content_j();
    double loss_j = supply_water.advance(hyd, step_s, junction_t, branch_t, branch_loss_j);
    // The step's consumer temperatures are those of the committed step (the last round's flows).
    for (std::size_t c = 0; c < nc; ++c) t_supply[c] = junction_t[consumers[c].junction];

    // Return side: consumers' return water (and bypass water at its supply temperature).
    std::fill(ret.injection_kg_per_s.begin(), ret.injection_kg_per_s.end(), 0.0);
    std::fill(ret_mix.begin(), ret_mix.end(), 0.0);
    for (std::size_t c = 0; c < nc; ++c) {
      const std::uint32_t j = consumers[c].junction;
      ret.injection_kg_per_s[j] += flow[c];
      if (flow[c] > mdot[c]) {
        const double bypass = flow[c] - mdot[c];
        ret_mix[j] += mdot[c] * consumers[c].return_t_k + bypass * t_supply[c];
        out.bypass_mass_t += bypass * step_s / 1000.0;
        out.bypass_return_heat_mwh += bypass * cp * (t_supply[c] - consumers[c].return_t_k) * step_s / 3.6e9;
      } else {
        ret_mix[j] += mdot[c] * consumers[c].return_t_k;
      }
    }
    for (std::size_t j = 0; j < nj; ++j) {
      ret.injection_t_k[j] = ret.injection_kg_per_s[j] > 0.0 ? ret_mix[j] / ret.injection_kg_per_s[j] : NOT_SET;
    }
    ret_hyd.mdot_kg_per_s = hyd.mdot_kg_per_s;  // same sign: from/to are swapped in `ret`
    loss_j += return_water.advance(ret_hyd, step_s, ret_junction_t, ret_branch_t, branch_loss_j);

    // Reductions of the step.
    double delivered_w = 0.0, total_mdot = 0.0;
    for (std::size_t c = 0; c < nc; ++c) {
      const double w = mdot[c] * cp * (t_supply[c] - consumers[c].return_t_k);
      delivered_w += w;
      out.delivered_kwh[c] += w / 1000.0 * hours_per_step;
      out.min_supply_t_k[c] = std::min(out.min_supply_t_k[c], t_supply[c]);
      if (heat_kw[c] > 0.0 && t_supply[c] < consumers[c].min_supply_t_k) ++out.hours_below_min_supply_t[c];
      total_mdot += flow[c];
    }
    // The plant heats the returning water to the supply temperature.
    const double plant_w = total_mdot * cp * (t_plant - ret_junction_t[plant]);
    const double loss_w = loss_j / step_s;
    double worst_drop_pa = 0.0;
    const double rho = supply.fluid.density_kg_per_m3(t_plant);
    for (const DhConsumer& c : consumers) {
      const double drop =
          (hyd.pressure_bar[plant] - hyd.pressure_bar[c.junction]) * PA_PER_BAR -
          rho * options.hydraulic.gravity_m_per_s2 * (supply.height_m[c.junction] - supply.height_m[plant]);
      worst_drop_pa = std::max(worst_drop_pa, drop);
    }
    const double plant_dp_pa = 2.0 * worst_drop_pa + options.min_consumer_dp_bar * PA_PER_BAR;
    const double pump_w = plant_dp_pa * total_mdot / rho / options.pump_efficiency;
    out.plant_heat_kw[h] = plant_w / 1000.0;
    out.heat_loss_kw[h] = loss_w / 1000.0;
    out.pump_power_kw[h] = pump_w / 1000.0;
    out.plant_dp_bar[h] = plant_dp_pa / PA_PER_BAR;
    out.delivered_mwh += delivered_w / 1e6 * hours_per_step;
    out.heat_loss_mwh += loss_w / 1e6 * hours_per_step;
    out.plant_heat_mwh += plant_w / 1e6 * hours_per_step;
    out.pump_energy_mwh += pump_w / 1e6 * hours_per_step;
    out.peak_plant_heat_kw = std::max(out.peak_plant_heat_kw, plant_w / 1000.0);
    const double content_after_j = supply_water.heat_content_j() + return_water.heat_content_j();
    balance_j += (plant_w - delivered_w - loss_w) * step_s - (content_after_j - content_before_j);
    for (std::size_t j = 0; j < nj; ++j) {
      out.junction_min_t_k[j] = std::min(out.junction_min_t_k[j], junction_t[j]);
      out.junction_min_pressure_bar[j] = std::min(out.junction_min_pressure_bar[j], hyd.pressure_bar[j]);
    }
    for (std::size_t b = 0; b < nb; ++b) {
      const double m = std::abs(hyd.mdot_kg_per_s[b]);
      const double v = std::abs(hyd.v_mean_m_per_s[b]);
      out.peak_mdot_kg_per_s[b] = std::max(out.peak_mdot_kg_per_s[b], m);
      out.peak_velocity_m_per_s[b] = std::max(out.peak_velocity_m_per_s[b], v);
      if (v > options.max_velocity_m_per_s) ++out.hours_above_velocity_limit[b];
      if (supply.kind[b] == BranchKind::pipe && !hyd.friction_factor.empty()) {
        const double gradient = hyd.friction_factor[b] / supply.inner_diameter_m[b] * branch_rho[b] * v * v / 2.0;
        out.peak_pressure_gradient_pa_per_m[b] = std::max(out.peak_pressure_gradient_pa_per_m[b], gradient);
        if (gradient > options.max_pressure_gradient_pa_per_m) ++out.hours_above_pressure_gradient_limit[b];
      }
      out.annual_heat_loss_kwh[b] += branch_loss_j[b] / 3.6e6;
    }
  }
  out.heat_loss_share = out.plant_heat_mwh > 0.0 ? out.heat_loss_mwh / out.plant_heat_mwh : 0.0;
  // Plant − delivered − losses − the increase of the water's heat content over the series.
  out.energy_balance_error_kwh = balance_j / 3.6e6;
  return out;
}

}  // namespace heattwin::solvers::network
