#pragma once
/// \file Internal to scenarios/: parsing the `[network]` table of a scenario file (toml++ is a
/// private dependency of the scenarios library, so this header is not part of its public API).

#include "scenarios/network_run.hpp"

#include <toml++/toml.h>

#include <string>

namespace heattwin::scenarios::detail {

/// Reads the `[network]` table of scenario file `path`. Throws InputError naming the file, line
/// and key for unknown keys, wrong types and values out of range.
NetworkScenario parse_network_scenario(const std::string& path, const toml::table& table);

}  // namespace heattwin::scenarios::detail
