#pragma once
/// \file Feed-in plants of a district-heating network (issue 21 §2, "several plants per network"):
/// plants other than the one holding pressure and supply temperature, each at a junction of the
/// supply network, feeding a flow at the hour's supply temperature that follows its dispatched
/// heat: ṁ = Q / (c_p · (T_supply − T_return at its junction)), the return temperature of the
/// previous hour (the consumers' lowest return temperature in the first hour). The same flow
/// leaves the return network at that junction. The pressure-holding plant supplies (or, when the
/// feed-ins exceed the load, absorbs and passes to the return) the rest. Used by
/// simulate_district_heating through DhSeriesOptions::feed_ins; a network with feed-ins runs on
/// the general path (HydraulicSolver, ThermalSolver), never the one-plant DhTreeKernel.

#include "solvers/network/hydraulics.hpp"
#include "solvers/network/pipe_network.hpp"
#include "solvers/network/thermal.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace heattwin::solvers::network {

/// One feed-in plant.
struct DhFeedIn {
  std::string id;
  std::uint32_t junction = 0;   ///< junction of the supply network it feeds
  std::vector<double> heat_kw;  ///< heat to feed per hour (one value: every hour), ≥ 0
};

/// What the feed-ins did over the series.
struct DhFeedInResult {
  std::vector<double> heat_mwh;            ///< per feed-in: heat fed, ṁ·c_p·(T_supply − T_return at its junction)
  std::vector<double> peak_flow_kg_per_s;  ///< per feed-in
  std::vector<double> heat_kw;             ///< hour-major [h · feed-ins + f]: heat fed in hour h
  std::vector<double> pressure_plant_heat_kw;  ///< per hour: the pressure-holding plant(s), plant heat − feed-ins
  /// Per hour: mass flow the pressure-holding plant(s) supply to the supply network (negative:
  /// the feed-ins exceed the load and the plant takes the surplus).
  std::vector<double> pressure_plant_flow_kg_per_s;
  double pressure_plant_heat_mwh = 0.0;
  /// Largest hourly |Σ plant supply + Σ feed-in flow − Σ consumer flow| (kg/s) and
  /// |plant heat − delivered − losses| (kW): both close to rounding.
  double max_mass_balance_error_kg_per_s = 0.0;
  double max_energy_balance_error_kw = 0.0;
};

/// The feed-ins of one series: checks them once, sets each hour's injections and accounts them.
class DhFeedInSeries {
 public:
  /// Checks every feed-in (junction in range and not holding pressure, heat series of 1 or
  /// `hours` finite values ≥ 0; InputError naming the feed-in). `initial_return_t_k`: the
  /// return temperature assumed at the feed-in junctions in the first hour.
  DhFeedInSeries(std::vector<DhFeedIn> feed_ins, const PipeNetwork& supply, std::size_t hours,
                 double initial_return_t_k);

  bool empty() const { return feed_ins_.empty(); }

  /// Sets hour `h`'s feed-in flows: injections at `supply_t_k` into `supply`, withdrawals of the
  /// same flows from the mirrored return network `ret` (whose initial temperatures become
  /// `supply_t_k`: see return_bypass_heat_w). `cp_j_per_kgk` turns heat into flow.
  void set_hour(std::size_t h, double supply_t_k, double cp_j_per_kgk, PipeNetwork& supply, PipeNetwork& ret);

  /// Heat (W) the pressure-holding plant passes unused from the supply to the return side when it
  /// takes a surplus of feed-in flow: the return network receives that water at its initial
  /// temperature (the hour's supply temperature) as a boundary inflow. Add to the plant heat.
  static double return_bypass_heat_w(const PipeNetwork& ret, const HydraulicState& supply_hyd, double cp_j_per_kgk);

  /// Accounts hour `h` (the index into `out`'s hourly arrays, from the start of the block) after the supply and return
  /// sides are solved: each feed-in's heat at the return temperature of its junction (kept for the next hour), the
  /// pressure plant's heat and flow, and the hour's mass and energy balances.
  void account_hour(std::size_t h, double supply_t_k, const HydraulicState& supply_hyd, const ThermalState& ret_thermal,
                    double cp_j_per_kgk, double consumer_flow_kg_per_s, double plant_w, double delivered_w,
                    double loss_w, DhFeedInResult& out);

  /// Sizes `out` for a series (or a block of it) of `steps` hours.
  void start(DhFeedInResult& out, std::size_t steps) const;

 private:
  std::vector<DhFeedIn> feed_ins_;
  std::vector<double> return_t_k_;        ///< per feed-in: return temperature at its junction, last hour
  std::vector<double> flow_kg_per_s_;     ///< per feed-in: this hour's flow
  std::vector<std::uint32_t> junctions_;  ///< distinct feed-in junctions (reset each hour)
};

/// Adds `block`, the feed-in result of the hours from `first_step` on, to `out` (sized for all
/// hours by DhFeedInSeries::start): hourly values copied, sums added, extremes combined. Nothing
/// for a series without feed-ins.
void merge_feed_in_block(DhFeedInResult& out, const DhFeedInResult& block, std::size_t first_step);

}  // namespace heattwin::solvers::network
