#include "solvers/supply/heat_pump.hpp"

#include "twin/error.hpp"
#include "twin/physical_constants.hpp"

#include <algorithm>

namespace heattwin::solvers::supply {

HeatPumpModel HeatPumpModel::from_catalogue(const economics::TechnologyCatalogue& catalogue,
                                            std::string_view technology) {
  HEATTWIN_CHECK(catalogue.has_technology(technology), "{}: heat pump technology '{}' is not in the catalogue",
                 catalogue.origin(), technology);
  HeatPumpModel m;
  m.carnot_share = catalogue.value_or(technology, "carnot_share", m.carnot_share);
  m.condenser_approach_k = catalogue.value_or(technology, "condenser_approach_k", m.condenser_approach_k);
  m.evaporator_approach_k = catalogue.value_or(technology, "evaporator_approach_k", m.evaporator_approach_k);
  m.part_load_degradation = catalogue.value_or(technology, "part_load_degradation", m.part_load_degradation);
  m.min_modulation = catalogue.value_or(technology, "min_modulation", m.min_modulation);
  HEATTWIN_CHECK(m.min_modulation > 0.0, "{}: min_modulation of {} must be > 0", catalogue.origin(), technology);
  return m;
}

double heat_pump_cop(const HeatPumpModel& m, double source_t_c, double sink_t_c) {
  HEATTWIN_CHECK(source_t_c >= -40.0 && source_t_c <= 120.0 && sink_t_c >= -40.0 && sink_t_c <= 120.0,
                 "heat pump: temperatures must lie in −40 … 120 °C, found source {} °C, sink {} °C", source_t_c,
                 sink_t_c);
  HEATTWIN_CHECK(sink_t_c > source_t_c, "heat pump: sink {} °C must be warmer than source {} °C", sink_t_c, source_t_c);
  const double t_cond_k = sink_t_c + m.condenser_approach_k + twin::ZERO_CELSIUS_K;
  const double t_evap_k = source_t_c - m.evaporator_approach_k + twin::ZERO_CELSIUS_K;
  const double lift_k = std::max(t_cond_k - t_evap_k, m.min_lift_k);
  return m.carnot_share * t_cond_k / lift_k;
}

double heat_pump_cop(const HeatPumpModel& m, double source_t_c, double sink_t_c, double part_load_ratio) {
  HEATTWIN_CHECK(part_load_ratio > 0.0 && part_load_ratio <= 1.0 + 1e-12,
                 "heat pump: part-load ratio must lie in (0, 1], found {}", part_load_ratio);
  const double cr = std::min(1.0, part_load_ratio / m.min_modulation);
  const double cd = m.part_load_degradation;
  return heat_pump_cop(m, source_t_c, sink_t_c) * cr / (cd * cr + 1.0 - cd);
}

}  // namespace heattwin::solvers::supply
