#pragma once
/// \file Internal to scenarios/: parsing the `[network]` table of a scenario file (toml++ is a
/// private dependency of the scenarios library, so this header is not part of its public API).

#include "scenarios/network_run.hpp"

#include <toml++/toml.h>

#include <string>
#include <string_view>

namespace heattwin::scenarios::detail {

/// Reads the `[network]` table of scenario file `path`. Throws InputError naming the file, line
/// and key for unknown keys, wrong types and values out of range.
NetworkScenario parse_network_scenario(const std::string& path, const toml::table& table);

/// The operation keys (NETWORK_OPERATION_KEYS, scenarios/network_operation.hpp) of `[network]`,
/// checked against the plant's supply and the consumers' return temperature (°C).
NetworkOperation parse_network_operation(const std::string& path, const toml::table& table, double t_supply_c,
                                         double t_return_c);

/// The connection keys of `[network]` (connection_share, connection_rate_per_a, connection_cap;
/// scenarios/network_connection.hpp). Throws InputError naming the file and line.
NetworkConnection parse_network_connection(const std::string& path, const toml::table& table);

/// The keys of `[network]` for per-municipality designs (scenarios/municipal_networks.hpp):
/// `design = "per-municipality"` and `min_densest_cell_mwh_per_ha`; called by
/// parse_network_scenario. Throws InputError naming the file and line.
void parse_municipal_network_keys(const std::string& path, const toml::table& table, NetworkScenario& scenario);

}  // namespace heattwin::scenarios::detail
