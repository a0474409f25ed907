#pragma once
/// \file Internal to scenarios/: applying ScenarioOverrides to a parsed scenario file (toml++ is a
/// private dependency of the scenarios library, so this header is not part of its public API).

#include "scenarios/scenario_overrides.hpp"

#include <toml++/toml.h>

#include <span>
#include <string>

namespace heattwin::scenarios::detail {

/// Sets each override's value in `doc` (the parsed scenario file `path`), in order; a later
/// override of the same key wins. The new nodes' source names the override, so that errors found
/// by the checks quote it instead of a line of the file. Throws InputError naming `path` and the
/// override for a key whose path crosses a value that is not a table.
void apply_overrides(const std::string& path, toml::table& doc, std::span<const ScenarioOverride> overrides);

}  // namespace heattwin::scenarios::detail
