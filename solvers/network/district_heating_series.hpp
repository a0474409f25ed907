#pragma once
/// \file What the quasi-static year (simulate_district_heating) and the plug-flow year
/// (simulate_district_heating_plug_flow) share: the checks of their inputs, the set-up of
/// DhSeriesResult, the reduction of one hour into it and the merge of the results of consecutive
/// blocks of hours (the quasi-static year runs fixed blocks of hours in parallel).

#include "solvers/network/district_heating.hpp"

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

namespace heattwin::solvers::network {

/// The checked inputs of a series.
struct DhSeriesInputs {
  std::size_t plant = 0;             ///< the first plant junction (fixed pressure and supply temperature)
  std::vector<std::size_t> plants;   ///< every plant junction, rising
  std::vector<double> branch_rho;    ///< per branch: ρ at the mean initial temperature of its ends
  std::vector<std::uint8_t> is_end;  ///< per consumer: at a junction with one branch
  /// Per consumer, as contiguous columns (the hourly loops read them for every consumer in every
  /// round): its junction, return temperature and minimum supply temperature (DhConsumer's fields).
  std::vector<std::uint32_t> consumer_junction;
  std::vector<double> consumer_return_t_k, consumer_min_supply_t_k;
  std::vector<std::uint8_t> junction_has_consumer;  ///< per junction: 1 where a consumer connects
  bool consumer_junctions_distinct = true;          ///< no two consumers share a junction
};

/// Checks the inputs of a series of `steps` steps (hours) and returns the plants, the branch
/// densities and the end consumers. `what` names the series in messages ("district heating",
/// "district heating (plug flow)"). Throws InputError naming the consumer, junction or hour:
/// no consumers or no plant, plants holding different pressures, a consumer out of range or on a
/// plant, return temperatures at or above the supply temperature (of any hour), ground or plant
/// temperature series of the wrong length, a pump efficiency outside (0, 1], a negative minimum
/// end flow. O(junctions + branches + consumers · hours with a supply curve).
DhSeriesInputs check_district_heating_inputs(const PipeNetwork& supply, const std::vector<DhConsumer>& consumers,
                                             std::size_t steps, std::span<const double> ground_t_k,
                                             const DhSeriesOptions& options, std::string_view what);

/// A result of `steps` steps with every per-pipe, per-consumer, per-junction and hourly array
/// sized and at its neutral value (0, or +∞ for the minima).
DhSeriesResult new_series_result(const PipeNetwork& supply, const DhSeriesInputs& inputs, std::size_t steps);

/// Smallest supply/return spread used to turn heat into flow when the supply has cooled to the
/// return temperature (the consumer is then under-supplied and counted as such).
inline constexpr double DH_MIN_SPREAD_K = 5.0;

/// The flows of one flow ↔ temperature round for the consumers' supply temperatures `t_supply_k`:
/// `mdot_kg_per_s` through each heat exchanger (heat / (c_p · spread), the spread at least
/// DH_MIN_SPREAD_K), `flow_kg_per_s` through each connection (at least the minimum end flow at an
/// end consumer; the rest passes its bypass) and `supply`'s withdrawals, their sums per junction.
/// O(junctions + consumers).
void set_consumer_flows(PipeNetwork& supply, const std::vector<DhConsumer>& consumers, const DhSeriesInputs& inputs,
                        const DhSeriesOptions& options, std::span<const double> heat_kw,
                        std::span<const double> t_supply_k, double cp_j_per_kgk, std::span<double> mdot_kg_per_s,
                        std::span<double> flow_kg_per_s);

/// One step's state as both series reduce it.
struct DhStepState {
  const HydraulicState& hydraulic;        ///< the step's supply-side flows and pressures
  std::span<const double> junction_t_k;   ///< supply temperature per junction
  std::span<const double> heat_kw;        ///< demand per consumer
  std::span<const double> mdot_kg_per_s;  ///< through each consumer's heat exchanger
  std::span<const double> flow_kg_per_s;  ///< through each consumer's connection (+ bypass)
  std::span<const double> t_supply_k;     ///< each consumer's supply temperature
  double cp_j_per_kgk = 0.0;              ///< of the delivered heat
  double plant_w = 0.0, loss_w = 0.0;     ///< the step's plant heat and losses (model-specific)
  double hours_per_step = 1.0;
};

/// Adds step `step` (an index into `out`'s hourly arrays) to `out`: the consumers' delivered heat,
/// minimum supply temperatures and hours below their minimum; the junctions' minimum temperature
/// and pressure; the pipes' peaks and hours above the limits; the hourly plant heat, losses, pump
/// power and plant Δp and the totals. Pipe losses and the energy balance are the caller's (they
/// differ between the models). Returns the delivered heat (W). O(junctions + branches + consumers).
double reduce_step(DhSeriesResult& out, std::size_t step, const PipeNetwork& supply,
                   const std::vector<DhConsumer>& consumers, const DhSeriesInputs& inputs,
                   const DhSeriesOptions& options, const DhStepState& state);

/// Adds `block`, the result of the steps from `first_step` on, to `out` (a result of all steps):
/// hourly values copied, sums added, extremes combined; heat_loss_share is recomputed. Merging
/// the blocks in their order gives the same result at any thread count.
void merge_series_block(DhSeriesResult& out, const DhSeriesResult& block, std::size_t first_step);

}  // namespace heattwin::solvers::network
