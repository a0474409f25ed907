#include "solvers/network/pump_sizing.hpp"

#include "twin/physical_constants.hpp"

#include <algorithm>

namespace heattwin::solvers::network {

PumpSizing pump_sizing(const DhSeriesResult& r, double min_consumer_dp_bar, double density_kg_per_m3) {
  PumpSizing p;
  const std::size_t hours = std::min({r.plant_heat_kw.size(), r.plant_dp_bar.size(), r.pump_power_kw.size()});
  if (hours == 0) return p;
  for (std::size_t h = 1; h < hours; ++h) {
    if (r.plant_heat_kw[h] > r.plant_heat_kw[p.design_hour]) p.design_hour = h;
  }
  p.design_head_bar = r.plant_dp_bar[p.design_hour];
  p.critical_path_drop_bar = std::max(0.0, p.design_head_bar - min_consumer_dp_bar);
  p.design_head_m = p.design_head_bar * 1e5 / (density_kg_per_m3 * twin::STANDARD_GRAVITY_M_PER_S2);
  p.design_power_kw = r.pump_power_kw[p.design_hour];
  p.max_head_bar =
      *std::max_element(r.plant_dp_bar.begin(), r.plant_dp_bar.begin() + static_cast<std::ptrdiff_t>(hours));
  p.max_power_kw =
      *std::max_element(r.pump_power_kw.begin(), r.pump_power_kw.begin() + static_cast<std::ptrdiff_t>(hours));
  return p;
}

}  // namespace heattwin::solvers::network
