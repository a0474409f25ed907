#pragma once
/// \file District-heating networks over time: a supply network whose return side mirrors it
/// (same pipes, flows reversed), consumers drawing their heat with a given return temperature,
/// and a plant holding the supply temperature and the pressure. Quasi-static hours (steady state
/// per hour, warm-started), reduced on the fly into per-pipe, per-consumer and network figures.
/// Also the design of a network: pipe sizing from design loads with a DN series.

#include "solvers/network/dh_feed_in.hpp"
#include "solvers/network/hydraulics.hpp"
#include "solvers/network/thermal.hpp"

#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace heattwin::solvers::network {

/// A consumer (house connection) at a junction of the supply network.
struct DhConsumer {
  std::string id;
  std::uint32_t junction = 0;
  double return_t_k = 313.15;      ///< temperature the consumer's heat exchanger returns
  double min_supply_t_k = 333.15;  ///< below this the supply is insufficient (counted)
};

/// Newton's settings for the hours of a series (meshed networks; trees need no Newton): those of a
/// steady solve with the relative flow tolerance 1e-3 instead of 1e-7. The hours' flows feed a
/// 0.01 K test of the supply temperatures; on the meshed benchmark grid (docs/NETWORKS.md, sixth
/// pass) 1e-3 moves every hourly result ≥ 100× less than that tolerance does and saves 19 % of
/// the Newton iterations, 38 % of the factorisations and 20 % of the CPU time per hour. Steady
/// solves (`validate network`, the validation cases) keep 1e-7.
inline HydraulicOptions hourly_hydraulic_options() {
  HydraulicOptions o;
  o.relative_flow_tolerance = 1e-3;
  return o;
}

/// Settings of a time series.
struct DhSeriesOptions {
  HydraulicOptions hydraulic = hourly_hydraulic_options();
  ThermalOptions thermal;
  double pump_efficiency = 0.7;       ///< wire-to-water efficiency of the plant pumps
  double min_consumer_dp_bar = 0.8;   ///< differential pressure kept at the worst consumer
  double max_velocity_m_per_s = 2.0;  ///< hours above it are counted per pipe
  /// Specific friction pressure drop λ/D·ρv²/2 (Pa/m) of the sizing; hours above it are counted
  /// per pipe (infinite: not counted).
  double max_pressure_gradient_pa_per_m = std::numeric_limits<double>::infinity();
  /// Plant supply temperature (K) per hour, e.g. by an outdoor-temperature curve; empty: the
  /// fixed temperatures of `supply` in every hour. Set on every plant junction (fixed pressure and
  /// temperature) at the start of each hour.
  std::vector<double> plant_supply_t_k;
  /// Minimum flow (kg/s) through every end consumer (a consumer at a junction with one branch):
  /// the part its heat exchanger does not take passes a bypass and enters the return at the
  /// consumer's supply temperature (extra return heat and losses are part of the results). 0: none.
  double min_end_flow_kg_per_s = 0.0;
  /// Fixed-point rounds flow ↔ consumer supply temperature per hour, until the temperatures
  /// change by less than `temperature_tolerance_k`.
  int temperature_rounds = 10;
  double temperature_tolerance_k = 1e-4;
  /// Meshed networks (not trees): the rounds as an Anderson-accelerated fixed point over all
  /// consumers' supply temperatures (solvers/common/anderson_mixing.hpp) with this many
  /// differences, of the substitution damped per consumer by the first round's estimate of its
  /// slope (−drop/spread). On a mesh with several plants the consumers' temperatures are coupled
  /// through the flows that the plants share, which a per-consumer step cannot see. 0: the
  /// per-consumer secant step that trees use.
  std::size_t round_acceleration_depth = 5;
  /// Trees of pipes with one plant (every designed network): the hourly flows and temperatures by
  /// DhTreeKernel (breadth-first arrays, no per-solve graph) instead of the general
  /// HydraulicSolver::solve_tree_flows + ThermalSolver; same results (the supply side bit for
  /// bit, the return side to the last bit of a mixing sum). false: the general path (for the
  /// side-by-side benchmark and test).
  bool tree_kernel = true;
  /// The hours run in fixed blocks of this many hours, in parallel over the OpenMP threads (issue 21
  /// §1); each block starts cold (the plant's supply temperature at every consumer, no previous
  /// flows) and never from another block's state, and the blocks' results are merged in their
  /// order, so the results are the same at any thread count. They differ from one sequential pass
  /// (0: all hours in one block) only in the first hours of each block, within the convergence
  /// tolerances (docs/NETWORKS.md). The demand callback is then called from several threads at once.
  std::size_t hours_per_block = 730;
  /// Plants feeding at other junctions than the pressure-holding one (solvers/network/dh_feed_in.hpp);
  /// with any, the series runs on the general path (no DhTreeKernel).
  std::vector<DhFeedIn> feed_ins;
};

/// Everything the series reduces to (no hour × element arrays; hourly values only for the network).
struct DhSeriesResult {
  std::size_t hours = 0;
  // per pipe (branches of the supply network)
  std::vector<double> peak_mdot_kg_per_s, peak_velocity_m_per_s;
  std::vector<double> annual_heat_loss_kwh;  ///< supply + return pipe
  std::vector<std::uint32_t> hours_above_velocity_limit;
  std::vector<double> peak_pressure_gradient_pa_per_m;  ///< largest λ/D·ρv²/2 over the hours
  std::vector<std::uint32_t> hours_above_pressure_gradient_limit;
  // per consumer
  std::vector<double> delivered_kwh, min_supply_t_k;
  std::vector<std::uint32_t> hours_below_min_supply_t;
  std::vector<std::uint8_t> is_end_consumer;  ///< at a junction with one branch (min_end_flow applies)
  // per junction of the supply network
  std::vector<double> junction_min_t_k;           ///< lowest supply temperature over the hours
  std::vector<double> junction_min_pressure_bar;  ///< lowest supply-side gauge pressure over the hours
  // network, per hour
  std::vector<double> plant_heat_kw, heat_loss_kw, pump_power_kw, plant_dp_bar;
  // network totals
  double delivered_mwh = 0.0, heat_loss_mwh = 0.0, plant_heat_mwh = 0.0, pump_energy_mwh = 0.0;
  double peak_plant_heat_kw = 0.0;
  /// Bypass water of the end consumers: mass (t) and the heat it returns to the plant above the
  /// consumers' return temperature (MWh); 0 without min_end_flow_kg_per_s.
  double bypass_mass_t = 0.0, bypass_return_heat_mwh = 0.0;
  double heat_loss_share = 0.0;  ///< losses / plant heat
  int max_newton_iterations = 0;
  /// Newton iterations and numeric factorisations of the hydraulic solves summed over the hours
  /// (meshed networks in simulate_district_heating; 0 on the tree paths, which need neither).
  std::size_t newton_iterations = 0, factorizations = 0;
  /// Flow ↔ supply-temperature rounds summed over the hours (≥ hours).
  std::size_t temperature_rounds = 0;
  std::size_t unconverged_hours = 0;
  /// Plant heat − delivered − losses summed over the year (kWh); closes to rounding.
  double energy_balance_error_kwh = 0.0;
  /// Heat of each feed-in plant and of the pressure-holding plant (empty without feed-ins).
  DhFeedInResult feed_in;
};

/// Fills `heat_kw` (one value per consumer, ≥ 0) with the demand of hour `hour`.
using DemandOfHour = std::function<void(std::size_t hour, std::span<double> heat_kw)>;

/// Runs `hours` quasi-static hours. `supply` holds topology, pipes and the plant junction(s)
/// (fixed pressure and supply temperature); its withdrawals are overwritten each hour.
/// `ground_t_k` (per hour, or one value) sets every pipe's ambient temperature. Throws
/// InputError for inconsistent input; a non-converging hour is counted, not fatal. The hours run
/// in blocks of `options.hours_per_block` over the OpenMP threads: `demand` must be safe to call
/// from several threads at once (it is only read from in every caller).
DhSeriesResult simulate_district_heating(PipeNetwork supply, const std::vector<DhConsumer>& consumers,
                                         std::size_t hours, const DemandOfHour& demand,
                                         std::span<const double> ground_t_k, const DhSeriesOptions& options);

/// A nominal pipe size: DN and inner diameter (and, where known, the steel pipe's outer diameter
/// and the casing diameter of insulation series 1, for heat-loss coefficients; 0 = unknown).
struct PipeSize {
  int dn = 0;
  double inner_diameter_m = 0.0;
  double outer_diameter_m = 0.0;
  double casing_diameter_m = 0.0;
};
/// Steel service pipes of pre-insulated district-heating pipes, DN 20 … DN 600: outer diameters
/// and minimum wall thicknesses of EN 253 as printed in the manufacturers' catalogues (the
/// standard's own table was not at hand; a different series can be passed to size_pipes).
const std::vector<PipeSize>& en253_pipe_sizes();

struct SizingOptions {
  double max_pressure_gradient_pa_per_m = 150.0;  ///< specific pressure drop at design flow
  double max_velocity_m_per_s = 2.0;
  int max_rounds = 10;  ///< resize ↔ re-solve rounds for meshed networks
  HydraulicOptions hydraulic;
};
/// The smallest size of `sizes` (rising inner diameters) whose pressure gradient and velocity at
/// the mass flow `mdot_kg_per_s` stay within the limits of `options`, for water of density
/// `rho_kg_per_m3` and dynamic viscosity `mu_pa_s` in a pipe of absolute roughness `roughness_m`.
/// Returns the index into `sizes`; `fits` is false (and the largest size returned) when none
/// does. O(sizes).
struct PipeSizeChoice {
  std::size_t index = 0;
  bool fits = false;
};
PipeSizeChoice choose_pipe_size(double mdot_kg_per_s, double rho_kg_per_m3, double mu_pa_s, double roughness_m,
                                const std::vector<PipeSize>& sizes, const SizingOptions& options);

struct SizingResult {
  std::vector<int> dn;  ///< per branch (0 for valves/pumps)
  int rounds = 0;
  bool stable = false;         ///< sizes no longer changed in the last round
  std::size_t undersized = 0;  ///< pipes where even the largest DN exceeds a limit
};
/// Chooses for every pipe the smallest DN of `sizes` whose pressure gradient and velocity at the
/// design flow stay within the limits; the design flows are those of `network`'s withdrawals.
/// Updates the inner diameters in `network`. Meshed networks are re-solved until sizes settle.
SizingResult size_pipes(PipeNetwork& network, const std::vector<PipeSize>& sizes, const SizingOptions& options);

}  // namespace heattwin::solvers::network
