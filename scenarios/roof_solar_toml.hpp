#pragma once
/// \file Parser of the [solar] table of a scenario file (scenarios/roof_solar_run.hpp). Internal
/// to heattwin_scenarios (toml++ is a private dependency).

#include "scenarios/roof_solar_run.hpp"

#include <toml++/toml.h>

#include <string>

namespace heattwin::scenarios::detail {

/// Reads [solar] of `doc` (if present) into `settings`, after setting the defaults that depend
/// on the data folder. Unknown keys, wrong types and values out of range are InputErrors naming
/// file:line and the allowed values.
void parse_solar_section(const std::string& path, const toml::table& doc, const std::string& data_dir,
                         SolarScenarioSettings& settings);

}  // namespace heattwin::scenarios::detail
