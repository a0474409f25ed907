#include "solvers/network/district_heating.hpp"

#include "solvers/network/dh_tree_kernel.hpp"
#include "twin/error.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>

namespace heattwin::solvers::network {

namespace {

constexpr double PA_PER_BAR = 1e5;
/// Smallest supply/return spread used to turn heat into flow when the supply has cooled to the
/// return temperature (the consumer is then under-supplied and counted as such).
constexpr double MIN_SPREAD_K = 5.0;

/// The return side: the same pipes with from/to swapped, no fixed temperatures, consumers
/// injecting their return water, plants absorbing it at their fixed pressure.
PipeNetwork mirrored_return(const PipeNetwork& supply) {
  PipeNetwork r = supply;
  std::swap(r.from_junction, r.to_junction);
  std::fill(r.fixed_t_k.begin(), r.fixed_t_k.end(), NOT_SET);
  std::fill(r.withdrawal_kg_per_s.begin(), r.withdrawal_kg_per_s.end(), 0.0);
  std::fill(r.injection_kg_per_s.begin(), r.injection_kg_per_s.end(), 0.0);
  return r;
}

}  // namespace

DhSeriesResult simulate_district_heating(PipeNetwork supply, const std::vector<DhConsumer>& consumers,
                                         std::size_t hours, const DemandOfHour& demand,
                                         std::span<const double> ground_t_k, const DhSeriesOptions& options) {
  const std::size_t nj = supply.junction_count();
  const std::size_t nb = supply.branch_count();
  const std::size_t nc = consumers.size();
  HEATTWIN_CHECK(!consumers.empty(), "district heating: the network has no consumers");
  HEATTWIN_CHECK(ground_t_k.size() == 1 || ground_t_k.size() == hours,
                 "district heating: {} ground temperatures given for {} hours (give 1 or one per hour)",
                 ground_t_k.size(), hours);
  HEATTWIN_CHECK(options.pump_efficiency > 0.0 && options.pump_efficiency <= 1.0,
                 "district heating: pump efficiency {} must be in (0, 1]", options.pump_efficiency);
  std::size_t plant = nj;
  for (std::size_t j = 0; j < nj; ++j) {
    if (!std::isnan(supply.fixed_t_k[j]) && !std::isnan(supply.fixed_pressure_bar[j])) {
      HEATTWIN_CHECK(plant == nj || supply.fixed_pressure_bar[j] == supply.fixed_pressure_bar[plant],
                     "district heating: plants '{}' and '{}' hold different pressures; one pressure level per "
                     "network is supported",
                     supply.junction_id[plant], supply.junction_id[j]);
      if (plant == nj) plant = j;
    }
  }
  HEATTWIN_CHECK(plant < nj, "district heating: no plant (a junction with fixed pressure and supply temperature)");
  for (const DhConsumer& c : consumers) {
    HEATTWIN_CHECK(c.junction < nj, "consumer '{}': junction index {} out of range ({} junctions)", c.id, c.junction,
                   nj);
    HEATTWIN_CHECK(std::isnan(supply.fixed_pressure_bar[c.junction]),
                   "consumer '{}' sits on the plant junction '{}'; connect it to the network", c.id,
                   supply.junction_id[c.junction]);
    HEATTWIN_CHECK(c.return_t_k > 0.0 && c.return_t_k < supply.fixed_t_k[plant],
                   "consumer '{}': return temperature {} K must be below the supply temperature {} K", c.id,
                   c.return_t_k, supply.fixed_t_k[plant]);
  }
  HEATTWIN_CHECK(options.plant_supply_t_k.empty() || options.plant_supply_t_k.size() == hours,
                 "district heating: {} plant supply temperatures given for {} hours (give none or one per hour)",
                 options.plant_supply_t_k.size(), hours);
  for (std::size_t h = 0; h < options.plant_supply_t_k.size(); ++h) {
    const double t = options.plant_supply_t_k[h];
    for (const DhConsumer& c : consumers) {
      HEATTWIN_CHECK(std::isfinite(t) && t > c.return_t_k,
                     "district heating: the plant supply temperature {} K of hour {} must be above the return "
                     "temperature {} K of consumer '{}'",
                     t, h, c.return_t_k, c.id);
    }
  }
  HEATTWIN_CHECK(std::isfinite(options.min_end_flow_kg_per_s) && options.min_end_flow_kg_per_s >= 0.0,
                 "district heating: the minimum end flow {} kg/s must be ≥ 0", options.min_end_flow_kg_per_s);
  std::vector<std::size_t> plants;  // every junction holding pressure and supply temperature
  for (std::size_t j = 0; j < nj; ++j) {
    if (!std::isnan(supply.fixed_t_k[j]) && !std::isnan(supply.fixed_pressure_bar[j])) plants.push_back(j);
  }
  // Density of each branch's water as the hydraulics take it (mean initial temperature of its
  // ends), for the specific pressure drop λ/D·ρv²/2.
  std::vector<double> branch_rho(nb);
  for (std::size_t b = 0; b < nb; ++b) {
    branch_rho[b] = supply.fluid.density_kg_per_m3(
        0.5 * (supply.initial_t_k[supply.from_junction[b]] + supply.initial_t_k[supply.to_junction[b]]));
  }
  PipeNetwork ret = mirrored_return(supply);
  HydraulicSolver solver(supply, options.hydraulic);
  const bool tree = solver.uses_tree_path();
  ThermalSolver supply_thermal(supply), return_thermal(ret);
  std::optional<DhTreeKernel> kernel;  // trees with one plant: the hour's passes over flat arrays
  if (tree && options.tree_kernel && options.feed_ins.empty() && DhTreeKernel::applies(supply)) kernel.emplace(supply);
  double lowest_return_t_k = std::numeric_limits<double>::infinity();
  for (const DhConsumer& c : consumers) lowest_return_t_k = std::min(lowest_return_t_k, c.return_t_k);
  DhFeedInSeries feeds(options.feed_ins, supply, hours, lowest_return_t_k);  // several plants (dh_feed_in.hpp)

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
  feeds.start(out.feed_in);

  // mdot: through each consumer's heat exchanger; flow: through its connection (mdot + bypass).
  std::vector<double> heat_kw(nc), mdot(nc), flow(nc), t_supply(nc), ret_mix(nj);
  HydraulicState hyd, ret_hyd;
  // The thermal states of the rounds and of the return side keep their storage over the hours.
  ThermalState th, th_ret;
  bool have_previous = false;
  double balance_kwh = 0.0;
  for (std::size_t h = 0; h < hours; ++h) {
    const double ground = ground_t_k.size() == 1 ? ground_t_k[0] : ground_t_k[h];
    std::fill(supply.ambient_t_k.begin(), supply.ambient_t_k.end(), ground);
    std::fill(ret.ambient_t_k.begin(), ret.ambient_t_k.end(), ground);
    if (!options.plant_supply_t_k.empty()) {
      for (const std::size_t j : plants) supply.fixed_t_k[j] = options.plant_supply_t_k[h];
      // The return side takes c_p at its junctions' initial temperature (it has no fixed one):
      // the hour's supply temperature, so that both sides use the same c_p and the balance closes.
      std::fill(ret.initial_t_k.begin(), ret.initial_t_k.end(), options.plant_supply_t_k[h]);
    }
    if (!feeds.empty()) {
      feeds.set_hour(h, supply.fixed_t_k[plant],
                     supply.fluid.cp_j_per_kgk(0.5 * (supply.fixed_t_k[plant] + consumers.front().return_t_k)), supply,
                     ret);
    }
    demand(h, heat_kw);
    for (std::size_t c = 0; c < nc; ++c) {
      HEATTWIN_CHECK(std::isfinite(heat_kw[c]) && heat_kw[c] >= 0.0,
                     "consumer '{}': demand {} kW in hour {} must be ≥ 0", consumers[c].id, heat_kw[c], h);
      t_supply[c] =
          have_previous ? std::max(t_supply[c], consumers[c].return_t_k + MIN_SPREAD_K) : supply.fixed_t_k[plant];
    }
    for (int round = 0; round < std::max(1, options.temperature_rounds); ++round) {
      const double cp = supply.fluid.cp_j_per_kgk(0.5 * (supply.fixed_t_k[plant] + consumers.front().return_t_k));
      std::fill(supply.withdrawal_kg_per_s.begin(), supply.withdrawal_kg_per_s.end(), 0.0);
      for (std::size_t c = 0; c < nc; ++c) {
        const double spread = std::max(t_supply[c] - consumers[c].return_t_k, MIN_SPREAD_K);
        mdot[c] = heat_kw[c] * 1000.0 / (cp * spread);
        flow[c] = out.is_end_consumer[c] != 0 && options.min_end_flow_kg_per_s > mdot[c] ? options.min_end_flow_kg_per_s
                                                                                         : mdot[c];
        supply.withdrawal_kg_per_s[consumers[c].junction] += flow[c];
      }
      // Trees: the rounds need only the flows (one pass, no friction law); the pressures follow
      // once per hour below. Meshed networks: Newton, warm-started from the previous round/hour.
      if (kernel) {
        kernel->solve_flows();
      } else if (tree) {
        solver.solve_tree_flows(hyd);
      } else {
        hyd = solver.solve({}, have_previous ? &hyd : nullptr);
        out.max_newton_iterations = std::max(out.max_newton_iterations, hyd.report.iterations);
      }
      have_previous = true;
      ++out.temperature_rounds;
      if (kernel) {
        kernel->solve_supply_temperatures(options.thermal, th);
      } else {
        supply_thermal.solve(hyd, options.thermal, th);
      }
      double change = 0.0;
      for (std::size_t c = 0; c < nc; ++c) {
        const double t = th.junction_t_k[consumers[c].junction];
        change = std::max(change, std::abs(t - t_supply[c]));
      }
      const bool settled = change < options.temperature_tolerance_k;
      for (std::size_t c = 0; c < nc; ++c) {
        const double t = th.junction_t_k[consumers[c].junction];
        // Accelerated fixed point (all rounds but the last): the drop plant → consumer is nearly
        // proportional to the spread t − t_return (the flows scale with 1/spread, the losses with
        // 1/flow), so the map t ↦ T(t) has the slope ≈ −drop/spread and plain substitution
        // oscillates. One Newton step on T(t) − t with that slope (a damped step, never longer than
        // substitution's) settles an hour in about half the rounds; the last round keeps T itself,
        // so the converged state and its test are those of plain substitution.
        const double spread = t_supply[c] - consumers[c].return_t_k;
        const double drop = supply.fixed_t_k[plant] - t;
        if (!settled && heat_kw[c] > 0.0 && spread > MIN_SPREAD_K && drop > 0.0) {
          t_supply[c] += (t - t_supply[c]) / (1.0 + drop / spread);
        } else {
          t_supply[c] = t;
        }
      }
      if (settled) break;
    }
    if (tree) {
      // Same withdrawals as the last round, so the same flows (bit for bit) and now the pressures.
      solver.solve_into(hyd);
      out.max_newton_iterations = std::max(out.max_newton_iterations, hyd.report.iterations);
      if (kernel) kernel->finish_supply(hyd, options.thermal, th);
    }
    if (!hyd.report.converged) ++out.unconverged_hours;

    // Return side: the consumers' flows enter at their return temperatures (mixed per junction).
    std::fill(ret.injection_kg_per_s.begin(), ret.injection_kg_per_s.end(), 0.0);
    std::fill(ret_mix.begin(), ret_mix.end(), 0.0);
    // Bypass water returns unused, at the temperature the supply side delivers it.
    for (std::size_t c = 0; c < nc; ++c) {
      ret.injection_kg_per_s[consumers[c].junction] += flow[c];
      if (flow[c] > mdot[c]) {
        const double bypass = flow[c] - mdot[c];
        const double t_bypass = th.junction_t_k[consumers[c].junction];
        ret_mix[consumers[c].junction] += mdot[c] * consumers[c].return_t_k + bypass * t_bypass;
        out.bypass_mass_t += bypass * 3.6;  // kg/s over one hour = 3.6 t
        out.bypass_return_heat_mwh += bypass * th.cp_j_per_kgk * (t_bypass - consumers[c].return_t_k) / 1e6;
      } else {
        ret_mix[consumers[c].junction] += mdot[c] * consumers[c].return_t_k;
      }
    }
    for (std::size_t j = 0; j < nj; ++j) {
      ret.injection_t_k[j] = ret.injection_kg_per_s[j] > 0.0 ? ret_mix[j] / ret.injection_kg_per_s[j] : NOT_SET;
    }
    if (kernel) {
      kernel->solve_return(ret, hyd, options.thermal, th_ret);
    } else {
      ret_hyd.mdot_kg_per_s = hyd.mdot_kg_per_s;  // same sign: from/to are swapped in `ret`
      ret_hyd.boundary_inflow_kg_per_s.resize(nj);
      for (std::size_t j = 0; j < nj; ++j) ret_hyd.boundary_inflow_kg_per_s[j] = -hyd.boundary_inflow_kg_per_s[j];
      ret_hyd.junction_active = hyd.junction_active;
      return_thermal.solve(ret_hyd, options.thermal, th_ret);
    }

    // Reductions of the hour.
    double delivered_w = 0.0;
    for (std::size_t c = 0; c < nc; ++c) {
      const double w = mdot[c] * th.cp_j_per_kgk * (t_supply[c] - consumers[c].return_t_k);
      delivered_w += w;
      out.delivered_kwh[c] += w / 1000.0;
      out.min_supply_t_k[c] = std::min(out.min_supply_t_k[c], t_supply[c]);
      if (heat_kw[c] > 0.0 && t_supply[c] < consumers[c].min_supply_t_k) ++out.hours_below_min_supply_t[c];
    }
    const double loss_w = th.heat_loss_w + th_ret.heat_loss_w;
    double plant_w = th.boundary_heat_w - th_ret.withdrawn_heat_w;
    if (!feeds.empty()) plant_w += DhFeedInSeries::return_bypass_heat_w(ret, hyd, th_ret.cp_j_per_kgk);
    double worst_drop_pa = 0.0;
    const double rho = supply.fluid.density_kg_per_m3(supply.fixed_t_k[plant]);
    for (const DhConsumer& c : consumers) {
      // Friction drop plant → consumer; the mirrored return adds the same, hydrostatics cancel in the loop.
      const double drop =
          (hyd.pressure_bar[plant] - hyd.pressure_bar[c.junction]) * PA_PER_BAR -
          rho * options.hydraulic.gravity_m_per_s2 * (supply.height_m[c.junction] - supply.height_m[plant]);
      worst_drop_pa = std::max(worst_drop_pa, drop);
    }
    double total_mdot = 0.0;
    for (double m : flow) total_mdot += m;
    const double plant_dp_pa = 2.0 * worst_drop_pa + options.min_consumer_dp_bar * PA_PER_BAR;
    const double pump_w = plant_dp_pa * total_mdot / rho / options.pump_efficiency;
    out.plant_heat_kw[h] = plant_w / 1000.0;
    out.heat_loss_kw[h] = loss_w / 1000.0;
    out.pump_power_kw[h] = pump_w / 1000.0;
    out.plant_dp_bar[h] = plant_dp_pa / PA_PER_BAR;
    out.delivered_mwh += delivered_w / 1e6;
    out.heat_loss_mwh += loss_w / 1e6;
    out.plant_heat_mwh += plant_w / 1e6;
    out.pump_energy_mwh += pump_w / 1e6;
    out.peak_plant_heat_kw = std::max(out.peak_plant_heat_kw, plant_w / 1000.0);
    balance_kwh += (plant_w - delivered_w - loss_w) / 1000.0;
    if (!feeds.empty()) {
      feeds.account_hour(h, supply.fixed_t_k[plant], hyd, th_ret, th.cp_j_per_kgk, total_mdot, plant_w, delivered_w,
                         loss_w, out.feed_in);
    }
    for (std::size_t j = 0; j < nj; ++j) {
      if (!hyd.junction_active.empty() && !hyd.junction_active[j]) continue;
      out.junction_min_t_k[j] = std::min(out.junction_min_t_k[j], th.junction_t_k[j]);
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
            hyd.friction_factor[b] / supply.inner_diameter_m[b] * branch_rho[b] * v * v / 2.0;  // Pa/m
        out.peak_pressure_gradient_pa_per_m[b] = std::max(out.peak_pressure_gradient_pa_per_m[b], gradient);
        if (gradient > options.max_pressure_gradient_pa_per_m) ++out.hours_above_pressure_gradient_limit[b];
      }
      out.annual_heat_loss_kwh[b] += (th.branch_heat_loss_w[b] + th_ret.branch_heat_loss_w[b]) / 1000.0;
    }
  }
  out.heat_loss_share = out.plant_heat_mwh > 0.0 ? out.heat_loss_mwh / out.plant_heat_mwh : 0.0;
  out.energy_balance_error_kwh = balance_kwh;
  return out;
}

const std::vector<PipeSize>& en253_pipe_sizes() {
  // DN, outer diameter × minimum wall thickness (mm) of the steel service pipe → inner diameter;
  // outer diameter of the PE casing of insulation series 1 (EN 253 standard series as listed in
  // the manufacturers' catalogues, e.g. isoplus and Logstor single pipes).
  static const std::vector<PipeSize> sizes = [] {
    const struct {
      int dn;
      double outer_mm, wall_mm, casing_mm;
    } table[] = {{20, 26.9, 2.6, 90.0},    {25, 33.7, 2.6, 90.0},    {32, 42.4, 2.6, 110.0},   {40, 48.3, 2.6, 110.0},
                 {50, 60.3, 2.9, 125.0},   {65, 76.1, 2.9, 140.0},   {80, 88.9, 3.2, 160.0},   {100, 114.3, 3.6, 200.0},
                 {125, 139.7, 3.6, 225.0}, {150, 168.3, 4.0, 250.0}, {200, 219.1, 4.5, 315.0}, {250, 273.0, 5.0, 400.0},
                 {300, 323.9, 5.6, 450.0}, {350, 355.6, 5.6, 500.0}, {400, 406.4, 6.3, 560.0}, {450, 457.0, 6.3, 630.0},
                 {500, 508.0, 6.3, 670.0}, {600, 610.0, 7.1, 800.0}};
    std::vector<PipeSize> v;
    for (const auto& row : table) {
      v.push_back({row.dn, (row.outer_mm - 2.0 * row.wall_mm) / 1000.0, row.outer_mm / 1000.0, row.casing_mm / 1000.0});
    }
    return v;
  }();
  return sizes;
}

PipeSizeChoice choose_pipe_size(double m, double rho, double mu, double roughness_m, const std::vector<PipeSize>& sizes,
                                const SizingOptions& options) {
  for (std::size_t s = 0; s < sizes.size(); ++s) {
    const double d = sizes[s].inner_diameter_m;
    const double area = std::numbers::pi / 4.0 * d * d;
    const double v = m / (rho * area);
    const double re = rho * v * d / mu;
    const double gradient = friction_factor(options.hydraulic.friction, re, roughness_m / d) / d * rho * v * v / 2.0;
    if (gradient <= options.max_pressure_gradient_pa_per_m && v <= options.max_velocity_m_per_s) return {s, true};
  }
  return {sizes.size() - 1, false};
}

SizingResult size_pipes(PipeNetwork& network, const std::vector<PipeSize>& sizes, const SizingOptions& options) {
  HEATTWIN_CHECK(!sizes.empty(), "pipe sizing: the DN series is empty");
  HEATTWIN_CHECK(options.max_pressure_gradient_pa_per_m > 0.0 && options.max_velocity_m_per_s > 0.0,
                 "pipe sizing: the limits must be > 0 (pressure gradient {} Pa/m, velocity {} m/s)",
                 options.max_pressure_gradient_pa_per_m, options.max_velocity_m_per_s);
  for (std::size_t i = 1; i < sizes.size(); ++i) {
    HEATTWIN_CHECK(sizes[i].inner_diameter_m > sizes[i - 1].inner_diameter_m,
                   "pipe sizing: the DN series must rise (DN {} after DN {})", sizes[i].dn, sizes[i - 1].dn);
  }
  const std::size_t nb = network.branch_count();
  SizingResult result;
  result.dn.assign(nb, 0);
  HydraulicState state;
  for (int round = 1; round <= options.max_rounds; ++round) {
    result.rounds = round;
    state = HydraulicSolver(network, options.hydraulic).solve({}, round > 1 ? &state : nullptr);
    HEATTWIN_CHECK_AS(SolverError, state.report.converged, "pipe sizing: the design flow did not converge: {}",
                      state.report.message);
    std::size_t changed = 0;
    result.undersized = 0;
    for (std::size_t b = 0; b < nb; ++b) {
      if (network.kind[b] != BranchKind::pipe) continue;
      const double t =
          0.5 * (network.initial_t_k[network.from_junction[b]] + network.initial_t_k[network.to_junction[b]]);
      const double rho = network.fluid.density_kg_per_m3(t);
      const double mu = network.fluid.viscosity_pa_s(t);
      const double m = std::abs(state.mdot_kg_per_s[b]);
      const PipeSizeChoice choice = choose_pipe_size(m, rho, mu, network.roughness_m[b], sizes, options);
      const std::size_t chosen = choice.index;
      const bool fits = choice.fits;
      if (!fits) ++result.undersized;
      if (result.dn[b] != sizes[chosen].dn) {
        result.dn[b] = sizes[chosen].dn;
        network.inner_diameter_m[b] = sizes[chosen].inner_diameter_m;
        ++changed;
      }
    }
    if (changed == 0) {
      result.stable = true;
      break;
    }
  }
  return result;
}

}  // namespace heattwin::solvers::network
