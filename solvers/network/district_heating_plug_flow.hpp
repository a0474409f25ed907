#pragma once
/// \file The district-heating year with transport delay (issue 21 §2, `[network] thermal_dynamics =
/// "plug-flow"`): simulate_district_heating's hours with the pipes' water carried as plug flow
/// (solvers/network/plug_flow.hpp) on the supply and the return side instead of the quasi-static
/// steady state per hour. Flows stay quasi-static (the hydraulics of each hour are steady; water
/// is incompressible, so the flows answer the demand at once); temperatures carry over from hour
/// to hour: a change of the plant's supply temperature needs the residence time to reach a
/// consumer, and water that stood in a pipe in a low-load hour arrives cooled.

#include "solvers/network/district_heating.hpp"
#include "solvers/network/plug_flow.hpp"

namespace heattwin::solvers::network {

/// As simulate_district_heating, with plug flow in the pipes and time steps of `step_s` seconds
/// (one per entry of the demand and ground series; 3600 for hours). Every pipe starts filled with
/// water at the plant's supply temperature (supply side) and at the consumers' return temperature
/// (return side). Each hour's consumer supply temperatures are the mean temperatures of the water
/// arriving in the hour, iterated with the flows to `temperature_tolerance_k` as in the
/// quasi-static series. `energy_balance_error_kwh` is plant heat − delivered − losses − the
/// increase of the heat held by the water in the pipes over the series (closes to rounding).
/// The steps run in one sequence: the water carries over from step to step, so
/// `options.hours_per_block` does not apply. Throws InputError as simulate_district_heating.
/// O(hours · (rounds · branches + parcels moved)).
DhSeriesResult simulate_district_heating_plug_flow(PipeNetwork supply, const std::vector<DhConsumer>& consumers,
                                                   std::size_t hours, const DemandOfHour& demand,
                                                   std::span<const double> ground_t_k, const DhSeriesOptions& options,
                                                   const PlugFlowOptions& plug_flow = {}, double step_s = 3600.0);

}  // namespace heattwin::solvers::network
