#pragma once
/// \file Overrides of a scenario file's values, applied to the parsed TOML before it is checked
/// (`load_demand_scenario(path, data_dir, overrides)`; the Python module's `run_scenario(...,
/// overrides=...)`). An override is what the file would say, so it passes the same checks and
/// gives the same error messages as the file's own values.

#include <string>
#include <string_view>
#include <vector>

namespace heattwin::scenarios {

/// One override: a dotted key and a TOML value.
struct ScenarioOverride {
  /// Dotted path of the value: "demand.heating_setpoint_c", "run.out", "network.plants.hp.kind".
  /// Missing tables on the way are created; a part that exists and is not a table is an error.
  std::string key;
  /// The value as TOML text: `21.5`, `true`, `"results.h5"`, `[2025, 2030]`, `{ kind = "heat_pump" }`.
  /// Text that is not a TOML value and does not start with a quote or bracket is taken as a
  /// string (`monthly` = `"monthly"`). Relative paths are relative to the scenario file, as in it.
  std::string value;
};

/// Parses the command-line form "key=value" (the first '=' splits; spaces around key and value are
/// dropped). Throws InputError quoting `text` if there is no '=' or the key is empty.
ScenarioOverride parse_scenario_override(std::string_view text);

/// The override as "key = value", as the results file's /meta/scenario_overrides records it.
std::string to_string(const ScenarioOverride& o);

}  // namespace heattwin::scenarios
