#include "solvers/network/district_heating_plug_flow.hpp"

#include "solvers/network/district_heating_series.hpp"
#include "twin/error.hpp"

#include <algorithm>
#include <cmath>

namespace heattwin::solvers::network {

namespace {

constexpr double MIN_SPREAD_K = DH_MIN_SPREAD_K;

}  // namespace

DhSeriesResult simulate_district_heating_plug_flow(PipeNetwork supply, const std::vector<DhConsumer>& consumers,
                                                   std::size_t hours, const DemandOfHour& demand,
                                                   std::span<const double> ground_t_k, const DhSeriesOptions& options,
                                                   const PlugFlowOptions& plug_flow, double step_s) {
  const std::size_t nj = supply.junction_count();
  const std::size_t nb = supply.branch_count();
  const std::size_t nc = consumers.size();
  const DhSeriesInputs inputs =
      check_district_heating_inputs(supply, consumers, hours, ground_t_k, options, "district heating (plug flow)");
  HEATTWIN_CHECK(step_s > 0.0 && std::isfinite(step_s), "district heating (plug flow): step {} s must be > 0", step_s);
  HEATTWIN_CHECK(options.feed_ins.empty(),
                 "district heating (plug flow): feed-in plants ('{}' …) need the quasi-static year; use "
                 "thermal_dynamics = \"quasi-static\" with located plants",
                 options.feed_ins.empty() ? std::string() : options.feed_ins.front().id);
  const std::vector<std::size_t>& plants = inputs.plants;
  const std::size_t plant = inputs.plant;
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

  DhSeriesResult out = new_series_result(supply, inputs, hours);

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
      set_consumer_flows(supply, consumers, inputs, options, heat_kw, t_supply, cp, mdot, flow);
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
    double total_mdot = 0.0;
    for (std::size_t c = 0; c < nc; ++c) total_mdot += flow[c];
    // The plant heats the returning water to the supply temperature.
    const double plant_w = total_mdot * cp * (t_plant - ret_junction_t[plant]);
    const double loss_w = loss_j / step_s;
    const double delivered_w =
        reduce_step(out, h, supply, consumers, inputs, options,
                    {hyd, junction_t, heat_kw, mdot, flow, t_supply, cp, plant_w, loss_w, hours_per_step});
    const double content_after_j = supply_water.heat_content_j() + return_water.heat_content_j();
    balance_j += (plant_w - delivered_w - loss_w) * step_s - (content_after_j - content_before_j);
    for (std::size_t b = 0; b < nb; ++b) out.annual_heat_loss_kwh[b] += branch_loss_j[b] / 3.6e6;
  }
  out.heat_loss_share = out.plant_heat_mwh > 0.0 ? out.heat_loss_mwh / out.plant_heat_mwh : 0.0;
  // Plant − delivered − losses − the increase of the water's heat content over the series.
  out.energy_balance_error_kwh = balance_j / 3.6e6;
  return out;
}

}  // namespace heattwin::solvers::network
