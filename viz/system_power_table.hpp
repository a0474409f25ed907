#pragma once
/// \file How the heating systems of a municipality were sized in the base year, read from a results
/// file (`regions/system_power_{measured,estimated}_buildings`, scenarios/system_power.hpp): by a
/// measured nominal power of the twin (chimney-sweep or register data, `heating_power_kw`) or by
/// the design-load estimate — the "measured vs. estimated" line of the heat plan's Bestandsanalyse.

#include "viz/report.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace heattwin::viz {

/// Computed buildings of one municipality by how their system was sized.
struct SystemPowerCounts {
  std::uint64_t measured = 0, estimated = 0;
};

/// The counts of `ags` ("" = outside every municipality) in `scenario`/`year`; nullopt when the
/// file predates the datasets. Throws InputError naming the file for inconsistent datasets.
std::optional<SystemPowerCounts> read_system_power_counts(const std::string& results_path, const std::string& scenario,
                                                          int year, const std::string& ags);

/// HTML (h3 and a two-row table: measured nominal power, design-load estimate, with shares and a
/// source note) in German or English; empty when the file predates the datasets.
std::string system_power_table_html(const std::string& results_path, const std::string& scenario, int year,
                                    const std::string& ags, Lang lang);

}  // namespace heattwin::viz
