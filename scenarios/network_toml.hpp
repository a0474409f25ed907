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

/// The feed-in keys of a `[network.plants.<id>]` table `name` (x, y, potential, holds_pressure;
/// scenarios/network_plants.hpp) into `plant`. Throws InputError naming the file and line.
void parse_plant_site(const std::string& path, const std::string& name, const toml::table& table,
                      NetworkPlantConfig& plant);

/// The `[network]` keys of the plant sites and the plants from potentials (feed_in_max_distance_m,
/// potential_plants, potential_full_load_hours, potential_min_source_t_c) into `supply`, and the
/// portfolio's check: at most one plant holds the pressure, and one without a location does.
void parse_network_plant_keys(const std::string& path, const toml::table& table, NetworkSupplyConfig& supply);

}  // namespace heattwin::scenarios::detail
