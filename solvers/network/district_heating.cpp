#include "solvers/network/district_heating.hpp"

#include "solvers/common/anderson_mixing.hpp"
#include "solvers/network/dh_tree_kernel.hpp"
#include "solvers/network/district_heating_series.hpp"
#include "twin/error.hpp"
#include "twin/parallel_errors.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <optional>

namespace heattwin::solvers::network {

namespace {

constexpr double MIN_SPREAD_K = DH_MIN_SPREAD_K;

/// The return side: the same pipes with from/to swapped, no fixed temperatures, consumers
/// injecting their return water (none yet: the hours set the consumers' junctions), plants
/// absorbing it at their fixed pressure.
PipeNetwork mirrored_return(const PipeNetwork& supply) {
  PipeNetwork r = supply;
  std::swap(r.from_junction, r.to_junction);
  std::fill(r.fixed_t_k.begin(), r.fixed_t_k.end(), NOT_SET);
  std::fill(r.withdrawal_kg_per_s.begin(), r.withdrawal_kg_per_s.end(), 0.0);
  std::fill(r.injection_kg_per_s.begin(), r.injection_kg_per_s.end(), 0.0);
  std::fill(r.injection_t_k.begin(), r.injection_t_k.end(), NOT_SET);
  return r;
}

/// The start of a tree's hour (issue 21 §1): the factor on each consumer's drop plant → consumer
/// of the previous hour. A pipe's temperature drop is (T_in − T_ground)·(1 − exp(−κ)) ≈
/// (T_in − T_ground)·κ with κ ∝ 1/ṁ (the drops are a few K of 50–70 K), so a consumer's drop
/// scales with the plant-to-ground difference (`plant_to_ground_ratio`, this hour's over the
/// previous hour's) and inversely with the flows; all flows are taken to scale like their sum,
/// this hour's demand at the previous hour's supply temperatures (`t_supply_k`) over the previous
/// hour's connection flows `previous_flow_kg_per_s`. 1 where a sum is zero. The rounds then
/// converge to the same 0.01 K test from a closer start; the converged hour depends on the start
/// only within that tolerance.
double tree_drop_scale(const std::vector<DhConsumer>& consumers, const DhSeriesInputs& inputs,
                       const DhSeriesOptions& options, std::span<const double> heat_kw,
                       std::span<const double> t_supply_k, std::span<const double> previous_flow_kg_per_s,
                       double cp_j_per_kgk, double plant_to_ground_ratio) {
  double previous = 0.0, now = 0.0;
  const double* return_t = inputs.consumer_return_t_k.data();
  for (std::size_t c = 0; c < consumers.size(); ++c) {
    previous += previous_flow_kg_per_s[c];
    const double spread = std::max(t_supply_k[c] - return_t[c], MIN_SPREAD_K);
    const double mdot = heat_kw[c] * 1000.0 / (cp_j_per_kgk * spread);
    now += inputs.is_end[c] != 0 && options.min_end_flow_kg_per_s > mdot ? options.min_end_flow_kg_per_s : mdot;
  }
  const double flow_ratio = previous > 0.0 && now > 0.0 ? previous / now : 1.0;
  const double ratio =
      std::isfinite(plant_to_ground_ratio) && plant_to_ground_ratio > 0.0 ? plant_to_ground_ratio : 1.0;
  return flow_ratio * ratio;
}

/// Hours [first, last) of the series, starting cold (no previous hour): the result of the block,
/// its hourly arrays indexed from `first`. `supply` is the block's own copy.
DhSeriesResult simulate_hours(PipeNetwork supply, const std::vector<DhConsumer>& consumers, std::size_t hours,
                              std::size_t first, std::size_t last, const DemandOfHour& demand,
                              std::span<const double> ground_t_k, const DhSeriesOptions& options,
                              const DhSeriesInputs& inputs) {
  const std::size_t nj = supply.junction_count();
  const std::size_t nb = supply.branch_count();
  const std::size_t nc = consumers.size();
  const std::size_t plant = inputs.plant;
  PipeNetwork ret = mirrored_return(supply);
  HydraulicSolver solver(supply, options.hydraulic);
  const bool tree = solver.uses_tree_path();
  ThermalSolver supply_thermal(supply), return_thermal(ret);
  std::optional<DhTreeKernel> kernel;  // trees with one plant: the hour's passes over flat arrays
  if (tree && options.tree_kernel && options.feed_ins.empty() && DhTreeKernel::applies(supply)) {
    kernel.emplace(supply);
    kernel->keep_branch_temperatures(false);  // the hour reads the branch losses only
  }
  double lowest_return_t_k = std::numeric_limits<double>::infinity();
  for (const DhConsumer& c : consumers) lowest_return_t_k = std::min(lowest_return_t_k, c.return_t_k);
  // Several plants (dh_feed_in.hpp): each block starts cold, the feed-ins from the lowest return temperature.
  DhFeedInSeries feeds(options.feed_ins, supply, hours, lowest_return_t_k);

  DhSeriesResult out = new_series_result(supply, inputs, last - first);
  if (!feeds.empty()) feeds.start(out.feed_in, last - first);
  const std::vector<std::uint32_t>& consumer_junction = inputs.consumer_junction;
  const std::vector<double>& consumer_return_t_k = inputs.consumer_return_t_k;
  // mdot: through each consumer's heat exchanger; flow: through its connection (mdot + bypass).
  std::vector<double> heat_kw(nc), mdot(nc), flow(nc), t_supply(nc), ret_mix(nj);
  // The start of an hour's rounds: each consumer's drop below the plant's supply temperature in
  // the previous hour (so that a new plant temperature of the supply curve reaches the start).
  std::vector<double> previous_drop(nc, 0.0);
  // The previous round's supply temperature and its result per consumer (the secant of the map).
  std::vector<double> round_in(nc, 0.0), round_out(nc, 0.0);
  // Meshed networks: the rounds' Anderson acceleration, each consumer's damping of the hour and
  // the damped substitution's proposal (DhSeriesOptions::round_acceleration_depth).
  const bool accelerate = !tree && options.round_acceleration_depth > 0;
  AndersonMixing anderson(options.round_acceleration_depth);
  std::vector<double> damping(accelerate ? nc : 0), proposal(accelerate ? nc : 0);
  HydraulicState hyd, ret_hyd;
  // The thermal states of the rounds and of the return side keep their storage over the hours.
  ThermalState th, th_ret;
  bool have_previous = false;
  double previous_plant_to_ground_k = 0.0;  // plant supply − ground temperature of the previous hour
  double ambient_set_k = std::numeric_limits<double>::quiet_NaN();  // the pipes' ambient temperature now
  double balance_kwh = 0.0;
  // The return side's c_p (network_cp_j_per_kgk: its junctions' initial temperatures), computed
  // again only when those change.
  double return_cp_j_per_kgk = network_cp_j_per_kgk(ret);
  for (std::size_t h = first; h < last; ++h) {
    const double ground = ground_t_k.size() == 1 ? ground_t_k[0] : ground_t_k[h];
    if (!(ground == ambient_set_k)) {  // once per change of the ground temperature
      std::fill(supply.ambient_t_k.begin(), supply.ambient_t_k.end(), ground);
      std::fill(ret.ambient_t_k.begin(), ret.ambient_t_k.end(), ground);
      ambient_set_k = ground;
    }
    if (!options.plant_supply_t_k.empty()) {
      for (const std::size_t j : inputs.plants) supply.fixed_t_k[j] = options.plant_supply_t_k[h];
      // The return side takes c_p at its junctions' initial temperature (it has no fixed one):
      // the hour's supply temperature, so that both sides use the same c_p and the balance closes.
      if (h == first || ret.initial_t_k.front() != options.plant_supply_t_k[h]) {
        std::fill(ret.initial_t_k.begin(), ret.initial_t_k.end(), options.plant_supply_t_k[h]);
        return_cp_j_per_kgk = network_cp_j_per_kgk(ret);
      }
    }
    // c_p of the delivered heat, at the mean of the plant's supply and the return temperature:
    // fixed for the hour (its feed-ins, first-round prediction and rounds).
    const double cp_hour = supply.fluid.cp_j_per_kgk(0.5 * (supply.fixed_t_k[plant] + consumers.front().return_t_k));
    if (!feeds.empty()) feeds.set_hour(h, supply.fixed_t_k[plant], cp_hour, supply, ret);
    demand(h, heat_kw);
    for (std::size_t c = 0; c < nc; ++c) {
      HEATTWIN_CHECK(std::isfinite(heat_kw[c]) && heat_kw[c] >= 0.0,
                     "consumer '{}': demand {} kW in hour {} must be ≥ 0", consumers[c].id, heat_kw[c], h);
    }
    if (tree && have_previous) {
      // Trees: the previous hour's drops scaled to this hour's flow and plant-to-ground difference.
      const double hour_now = supply.fixed_t_k[plant] - ground;
      const double scale = tree_drop_scale(consumers, inputs, options, heat_kw, t_supply, flow, cp_hour,
                                           hour_now / previous_plant_to_ground_k);
      for (double& d : previous_drop) d *= scale;
    }
    previous_plant_to_ground_k = supply.fixed_t_k[plant] - ground;
    for (std::size_t c = 0; c < nc; ++c) {
      t_supply[c] = have_previous
                        ? std::max(supply.fixed_t_k[plant] - previous_drop[c], consumer_return_t_k[c] + MIN_SPREAD_K)
                        : supply.fixed_t_k[plant];
    }
    const int rounds = std::max(1, options.temperature_rounds);
    double hottest_plant_k = supply.fixed_t_k[plant];
    if (accelerate) {
      anderson.reset();
      for (const std::size_t j : inputs.plants) hottest_plant_k = std::max(hottest_plant_k, supply.fixed_t_k[j]);
    }
    for (int round = 0; round < rounds; ++round) {
      set_consumer_flows(supply, consumers, inputs, options, heat_kw, t_supply, cp_hour, mdot, flow);
      // Trees: the rounds need only the flows (one pass, no friction law); the pressures follow
      // once per hour below. Meshed networks: Newton, warm-started from the previous round/hour.
      if (kernel) {
        kernel->solve_flows();
      } else if (tree) {
        solver.solve_tree_flows(hyd);
      } else {
        hyd = solver.solve({}, have_previous ? &hyd : nullptr);
        out.max_newton_iterations = std::max(out.max_newton_iterations, hyd.report.iterations);
        out.newton_iterations += static_cast<std::size_t>(hyd.report.iterations);
        out.factorizations += static_cast<std::size_t>(hyd.factorizations);
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
        const double t = th.junction_t_k[consumer_junction[c]];
        change = std::max(change, std::abs(t - t_supply[c]));
      }
      const bool settled = change < options.temperature_tolerance_k;
      // The last allowed round keeps T itself as a settled one does, so that the hour's flows,
      // temperatures and delivered heat belong to one state and its energy balance closes.
      const bool keep = settled || round + 1 == rounds;
      if (accelerate && !keep) {
        // Meshed networks: the damped substitution t + (T − t)/(1 + drop/spread) per consumer, with
        // the damping of the hour's first round (a fixed map, as Anderson's method needs), then
        // accelerated over all consumers together; kept within ground … hottest plant temperature.
        for (std::size_t c = 0; c < nc; ++c) {
          const double t = th.junction_t_k[consumer_junction[c]];
          if (round == 0) {
            const double spread = t_supply[c] - consumer_return_t_k[c];
            const double drop = supply.fixed_t_k[plant] - t;
            damping[c] = heat_kw[c] > 0.0 && spread > MIN_SPREAD_K && drop > 0.0 ? 1.0 / (1.0 + drop / spread) : 1.0;
          }
          proposal[c] = t_supply[c] + damping[c] * (t - t_supply[c]);
        }
        anderson.step(t_supply, proposal);
        for (double& t : t_supply) t = std::clamp(t, ground, hottest_plant_k);
        continue;
      }
      for (std::size_t c = 0; c < nc; ++c) {
        const double t = th.junction_t_k[consumer_junction[c]];
        // Accelerated fixed point (all rounds but the last): the drop plant → consumer is nearly
        // proportional to the spread t − t_return (the flows scale with 1/spread, the losses with
        // 1/flow), so the map t ↦ T(t) has the slope ≈ −drop/spread and plain substitution
        // oscillates. One Newton step on T(t) − t with that slope (a damped step, never longer than
        // substitution's) settles an hour in about half the rounds; from the second round on, the
        // secant through the last two rounds replaces the estimate where it is a contraction's slope
        // (the consumers share their paths, so the estimate misses the others' flows). The last round
        // keeps T itself, so the converged state and its test are those of plain substitution.
        const double spread = t_supply[c] - consumer_return_t_k[c];
        const double drop = supply.fixed_t_k[plant] - t;
        const double t_in = t_supply[c];
        if (!keep && heat_kw[c] > 0.0 && spread > MIN_SPREAD_K && drop > 0.0) {
          double slope = -drop / spread;
          if (round > 0 && std::abs(t_in - round_in[c]) > 1e-9) {
            const double secant = (t - round_out[c]) / (t_in - round_in[c]);
            if (secant > -20.0 && secant < 0.9) slope = secant;
          }
          t_supply[c] += (t - t_in) / (1.0 - slope);
        } else {
          t_supply[c] = t;
        }
        round_in[c] = t_in;
        round_out[c] = t;
      }
      if (settled) break;
    }
    for (std::size_t c = 0; c < nc; ++c) previous_drop[c] = supply.fixed_t_k[plant] - t_supply[c];
    if (tree) {
      // The last round's flows (the kernel's are bit for bit the solver's), now with the pressures.
      if (kernel) kernel->branch_flows(hyd.mdot_kg_per_s);
      solver.solve_tree_pressures(hyd);
      out.max_newton_iterations = std::max(out.max_newton_iterations, hyd.report.iterations);
      if (kernel) kernel->finish_supply(hyd, options.thermal, th);
    }
    if (!hyd.report.converged) ++out.unconverged_hours;

    // Return side: the consumers' flows enter at their return temperatures (mixed per junction).
    // Only consumer junctions inject: the others keep no injection and no temperature (set once).
    // Bypass water returns unused, at the temperature the supply side delivers it.
    const bool distinct = inputs.consumer_junctions_distinct;  // then one pass sets each junction
    if (!distinct) {
      for (const std::uint32_t j : consumer_junction) {
        ret.injection_kg_per_s[j] = 0.0;
        ret_mix[j] = 0.0;
      }
    }
    for (std::size_t c = 0; c < nc; ++c) {
      const std::uint32_t j = consumer_junction[c];
      double mix = mdot[c] * consumer_return_t_k[c];
      if (flow[c] > mdot[c]) {
        const double bypass = flow[c] - mdot[c];
        const double t_bypass = th.junction_t_k[j];
        mix += bypass * t_bypass;
        out.bypass_mass_t += bypass * 3.6;  // kg/s over one hour = 3.6 t
        out.bypass_return_heat_mwh += bypass * th.cp_j_per_kgk * (t_bypass - consumer_return_t_k[c]) / 1e6;
      }
      if (distinct) {
        ret.injection_kg_per_s[j] = flow[c];
        ret.injection_t_k[j] = flow[c] > 0.0 ? mix / flow[c] : NOT_SET;
      } else {
        ret.injection_kg_per_s[j] += flow[c];
        ret_mix[j] += mix;
      }
    }
    if (!distinct) {
      for (const std::uint32_t j : consumer_junction) {
        ret.injection_t_k[j] = ret.injection_kg_per_s[j] > 0.0 ? ret_mix[j] / ret.injection_kg_per_s[j] : NOT_SET;
      }
    }
    if (kernel) {
      kernel->solve_return(ret, hyd, options.thermal, th_ret, return_cp_j_per_kgk);
    } else {
      ret_hyd.mdot_kg_per_s = hyd.mdot_kg_per_s;  // same sign: from/to are swapped in `ret`
      ret_hyd.boundary_inflow_kg_per_s.resize(nj);
      for (std::size_t j = 0; j < nj; ++j) ret_hyd.boundary_inflow_kg_per_s[j] = -hyd.boundary_inflow_kg_per_s[j];
      ret_hyd.junction_active = hyd.junction_active;
      return_thermal.solve(ret_hyd, options.thermal, th_ret);
    }

    // Reductions of the hour.
    const double loss_w = th.heat_loss_w + th_ret.heat_loss_w;
    double plant_w = th.boundary_heat_w - th_ret.withdrawn_heat_w;
    if (!feeds.empty()) plant_w += DhFeedInSeries::return_bypass_heat_w(ret, hyd, th_ret.cp_j_per_kgk);
    const double delivered_w =
        reduce_step(out, h - first, supply, consumers, inputs, options,
                    {hyd, th.junction_t_k, heat_kw, mdot, flow, t_supply, th.cp_j_per_kgk, plant_w, loss_w, 1.0});
    balance_kwh += (plant_w - delivered_w - loss_w) / 1000.0;
    if (!feeds.empty()) {
      double total_mdot = 0.0;
      for (const double m : flow) total_mdot += m;
      feeds.account_hour(h - first, supply.fixed_t_k[plant], hyd, th_ret, th.cp_j_per_kgk, total_mdot, plant_w,
                         delivered_w, loss_w, out.feed_in);
    }
    for (std::size_t b = 0; b < nb; ++b)
      out.annual_heat_loss_kwh[b] += (th.branch_heat_loss_w[b] + th_ret.branch_heat_loss_w[b]) / 1000.0;
  }
  out.energy_balance_error_kwh = balance_kwh;
  return out;
}

/// Trees for DhTreeKernel not yet in its breadth-first order: the year on the network renumbered
/// to it (dh_tree_order), the per-junction and per-branch results mapped back; nullopt otherwise.
/// Same flows, temperatures and pressures per junction and branch (the kernel's order and sums
/// are the same); only sums over all junctions or branches of an hour (heat flows, losses) add
/// in another order, so the results differ in the last bits.
std::optional<DhSeriesResult> year_in_tree_order(const PipeNetwork& supply, const std::vector<DhConsumer>& consumers,
                                                 std::size_t hours, const DemandOfHour& demand,
                                                 std::span<const double> ground_t_k, const DhSeriesOptions& options) {
  if (!options.tree_kernel || !options.feed_ins.empty() || !options.hydraulic.direct_tree_path ||
      !DhTreeKernel::applies(supply)) {
    return std::nullopt;
  }
  const DhTreeOrder order = dh_tree_order(supply);
  if (order.is_identity()) return std::nullopt;
  std::vector<std::uint32_t> new_index(order.junction.size());
  for (std::size_t k = 0; k < order.junction.size(); ++k) new_index[order.junction[k]] = static_cast<std::uint32_t>(k);
  std::vector<DhConsumer> renumbered = consumers;
  for (DhConsumer& c : renumbered) c.junction = new_index[c.junction];
  DhSeriesResult r =
      simulate_district_heating(reordered(supply, order), renumbered, hours, demand, ground_t_k, options);
  const auto restore = [](auto& column, const std::vector<std::uint32_t>& old_of_new) {
    auto in_order = column;
    for (std::size_t k = 0; k < old_of_new.size(); ++k) column[old_of_new[k]] = in_order[k];
  };
  restore(r.peak_mdot_kg_per_s, order.branch);
  restore(r.peak_velocity_m_per_s, order.branch);
  restore(r.annual_heat_loss_kwh, order.branch);
  restore(r.hours_above_velocity_limit, order.branch);
  restore(r.peak_pressure_gradient_pa_per_m, order.branch);
  restore(r.hours_above_pressure_gradient_limit, order.branch);
  restore(r.junction_min_t_k, order.junction);
  restore(r.junction_min_pressure_bar, order.junction);
  return r;
}

}  // namespace

DhSeriesResult simulate_district_heating(PipeNetwork supply, const std::vector<DhConsumer>& consumers,
                                         std::size_t hours, const DemandOfHour& demand,
                                         std::span<const double> ground_t_k, const DhSeriesOptions& options) {
  const DhSeriesInputs inputs =
      check_district_heating_inputs(supply, consumers, hours, ground_t_k, options, "district heating");
  if (std::optional<DhSeriesResult> r = year_in_tree_order(supply, consumers, hours, demand, ground_t_k, options)) {
    return *std::move(r);
  }
  const DhFeedInSeries feed_in_check(options.feed_ins, supply, hours, 0.0);  // the feed-ins once, before the blocks
  // Fixed blocks of hours, each from a cold start, merged in their order: the same result at any
  // thread count (issue 20).
  const std::size_t block = options.hours_per_block == 0 ? std::max<std::size_t>(hours, 1) : options.hours_per_block;
  const std::size_t blocks = hours == 0 ? 0 : (hours + block - 1) / block;
  std::vector<DhSeriesResult> parts(blocks);
  twin::ParallelErrors errors;
  const auto count = static_cast<std::ptrdiff_t>(blocks);
#pragma omp parallel for schedule(dynamic, 1) if (blocks > 1)
  for (std::ptrdiff_t k = 0; k < count; ++k) {
    errors.run(k, [&] {
      const std::size_t first = static_cast<std::size_t>(k) * block;
      parts[static_cast<std::size_t>(k)] = simulate_hours(
          supply, consumers, hours, first, std::min(hours, first + block), demand, ground_t_k, options, inputs);
    });
  }
  errors.rethrow_first();
  DhSeriesResult out = new_series_result(supply, inputs, hours);
  if (!options.feed_ins.empty()) feed_in_check.start(out.feed_in, hours);
  for (std::size_t k = 0; k < blocks; ++k) merge_series_block(out, parts[k], k * block);
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
