#pragma once
/// \file The scenario schema's checks on parsed TOML (internal to scenarios/: toml++ is a private
/// dependency). See scenarios/scenario_schema.hpp.
#include "scenarios/scenario_schema.hpp"

#include <toml++/toml.h>

#include <string>
#include <string_view>

namespace heattwin::scenarios {

/// Throws InputError "<file:line>: unknown key 'k' in [table] (allowed: …)" for a key of `t`
/// that the schema does not list for `table` ("" = the top level).
void check_scenario_keys(const std::string& path, const toml::table& t, std::string_view table);

/// The number `key` of table `t` (schema table `table`), or `fallback` if absent. Throws
/// InputError naming the file, line (or the override), key and the schema's range when the value
/// is not a finite number in [min, max] ("[network] 't_supply_c' must be a number between 20 and 150 degC").
double scenario_number(const std::string& path, const toml::table& t, std::string_view table, std::string_view key,
                       double fallback);

}  // namespace heattwin::scenarios
