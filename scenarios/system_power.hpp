#pragma once
/// \file The size of each building's heating system in a run year (issue 16): the twin's measured
/// nominal power (`heating_power_kw`, chimney-sweep or register data, docs/IMPUTATION.md) where the
/// building has one, else the design-load estimate of the supply stage (the hourly model's peak of
/// the standard demand, or annual need / 2,000 full-load hours with the monthly method).
///
/// The measured power describes the building as it stands: once the run has refurbished the
/// building, its lower design load is used instead (the nominal power of the old system would
/// oversize the new one). The size prices every system (capex_eur_per_kw × kW for a new system,
/// the maintenance share of it for a kept one) and so enters the least-cost replacement choice and
/// the investment. Counted per year and municipality, written per building (docs/results-schema.md)
/// and shown in the heat plan report's Bestandsanalyse ("measured vs. estimated").

#include "twin/h5.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace heattwin::twin {
class BuildingSet;
}

namespace heattwin::scenarios {

/// How many computed buildings of a year were sized by which value.
struct SystemPowerCounts {
  std::size_t measured = 0;   ///< by the twin's nominal power
  std::size_t estimated = 0;  ///< by the design-load estimate (no nominal power in the twin)
  /// With a nominal power in the twin but refurbished by the run: sized by the (lower) estimate.
  std::size_t measured_superseded_by_refurbishment = 0;
};

/// The sizes of one year, per computed building k unless stated.
struct SystemPowerYear {
  std::vector<std::uint8_t> measured;  ///< 1: sized by the twin's nominal power
  SystemPowerCounts counts;
  /// Per region row (as DemandYear::region_row): buildings sized by a measured / an estimated power.
  std::vector<std::uint64_t> measured_by_region, estimated_by_region;
};

/// Replaces `peak_kw[k]` (the design-load estimate, kW) by the twin's `heating_power_kw` of row
/// `twin_index[k]` where that is finite and `refurbished_by_twin_row` (per twin row; empty: none)
/// is 0. `region_row[k]` < `regions` is building k's region row. O(n).
SystemPowerYear apply_measured_system_power(const twin::BuildingSet& buildings,
                                            std::span<const std::uint32_t> twin_index,
                                            std::span<const std::uint8_t> refurbished_by_twin_row,
                                            std::span<const std::size_t> region_row, std::size_t regions,
                                            std::vector<double>& peak_kw);

/// Writes `buildings/system_power_kw` (`peak_kw`, the size used), `buildings/system_power_measured`
/// and `regions/system_power_{measured,estimated}_buildings` of a year.
void write_system_power(const h5::Group& buildings, const h5::Group& regions, const SystemPowerYear& power,
                        std::span<const double> peak_kw);

/// {"measured", "estimated", "measured_superseded_by_refurbishment"} (run --json, years[].system_power).
nlohmann::ordered_json system_power_json(const SystemPowerCounts& counts);

/// "; systems sized by a measured nominal power: M (E by the design-load estimate[, R refurbished]);"
/// for the run's text summary; empty when no building had a measured power.
std::string system_power_text(const SystemPowerCounts& counts);

}  // namespace heattwin::scenarios
