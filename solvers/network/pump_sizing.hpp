#pragma once
/// \file Pump sizing of a district-heating network from its simulated year (issue 21 §2): the
/// plant's circulation pump must lift the friction drop along the critical path (plant → the
/// consumer with the largest drop → back through the mirrored return) plus the differential
/// pressure kept at that consumer, at the design load and in every other hour.

#include "solvers/network/district_heating.hpp"

#include <cstddef>

namespace heattwin::solvers::network {

/// The pump of one plant (feed-in point), read from a year's DhSeriesResult.
struct PumpSizing {
  std::size_t design_hour = 0;  ///< hour of the largest plant heat (the design load)
  /// Friction drop along the critical path (supply + return) in the design hour, bar.
  double critical_path_drop_bar = 0.0;
  /// Pump head in the design hour = critical_path_drop_bar + the consumer's minimum
  /// differential pressure, bar; and in metres of water at the plant's supply temperature.
  double design_head_bar = 0.0, design_head_m = 0.0;
  /// Electric power in the design hour (kW): head × volume flow / pump efficiency.
  double design_power_kw = 0.0;
  /// The largest head and electric power of any hour of the year (cooler supply and bypasses can
  /// raise the flow above the design hour's), bar and kW.
  double max_head_bar = 0.0, max_power_kw = 0.0;
};

/// Reads the pump of `series` (one plant): the design hour is the hour of the largest
/// plant_heat_kw (the first of equal ones), `min_consumer_dp_bar` is the differential pressure
/// the series kept at the worst consumer (DhSeriesOptions), `density_kg_per_m3` converts the
/// head to metres. A series without hours gives zeros. O(hours).
PumpSizing pump_sizing(const DhSeriesResult& series, double min_consumer_dp_bar, double density_kg_per_m3);

}  // namespace heattwin::solvers::network
