#include "scenarios/system_power.hpp"

#include "twin/building_set.hpp"
#include "twin/error.hpp"

#include <fmt/format.h>

#include <cmath>

namespace heattwin::scenarios {

SystemPowerYear apply_measured_system_power(const twin::BuildingSet& b, std::span<const std::uint32_t> twin_index,
                                            std::span<const std::uint8_t> refurbished_by_twin_row,
                                            std::span<const std::size_t> region_row, std::size_t regions,
                                            std::vector<double>& peak_kw) {
  const std::size_t n = twin_index.size();
  HEATTWIN_ASSERT(peak_kw.size() == n && region_row.size() == n);
  SystemPowerYear out;
  out.measured.assign(n, 0);
  out.measured_by_region.assign(regions, 0);
  out.estimated_by_region.assign(regions, 0);
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t i = twin_index[k];
    const double nominal_kw = b.heating_power_kw[i];
    const bool refurbished = !refurbished_by_twin_row.empty() && refurbished_by_twin_row[i] != 0;
    const std::size_t row = region_row[k];
    HEATTWIN_ASSERT(row < regions);
    if (std::isfinite(nominal_kw) && !refurbished) {
      peak_kw[k] = nominal_kw;
      out.measured[k] = 1;
      ++out.counts.measured;
      ++out.measured_by_region[row];
    } else {
      ++out.counts.estimated;
      ++out.estimated_by_region[row];
      if (std::isfinite(nominal_kw)) ++out.counts.measured_superseded_by_refurbishment;
    }
  }
  return out;
}

void write_system_power(const h5::Group& buildings, const h5::Group& regions, const SystemPowerYear& power,
                        std::span<const double> peak_kw) {
  buildings.write("system_power_kw", peak_kw,
                  {.unit = "kW",
                   .description = "size of the building's heating system in this year: the twin's nominal power "
                                  "(heating_power_kw) where system_power_measured = 1, else the design-load estimate "
                                  "(scenarios/system_power.hpp)"});
  buildings.write("system_power_measured", power.measured,
                  {.unit = "1",
                   .description = "1: sized by the twin's measured nominal power; 0: by the design-load estimate "
                                  "(no nominal power, or refurbished by the run)"});
  regions.write("system_power_measured_buildings", power.measured_by_region,
                {.unit = "1", .description = "computed buildings whose system is sized by a measured nominal power"});
  regions.write("system_power_estimated_buildings", power.estimated_by_region,
                {.unit = "1", .description = "computed buildings whose system is sized by the design-load estimate"});
}

nlohmann::ordered_json system_power_json(const SystemPowerCounts& c) {
  return {{"measured", c.measured},
          {"estimated", c.estimated},
          {"measured_superseded_by_refurbishment", c.measured_superseded_by_refurbishment}};
}

std::string system_power_text(const SystemPowerCounts& c) {
  if (c.measured == 0 && c.measured_superseded_by_refurbishment == 0) return {};
  return fmt::format("; systems sized by a measured nominal power: {} ({} by the design-load estimate{});", c.measured,
                     c.estimated,
                     c.measured_superseded_by_refurbishment > 0
                         ? fmt::format(", of which {} refurbished since", c.measured_superseded_by_refurbishment)
                         : std::string());
}

}  // namespace heattwin::scenarios
