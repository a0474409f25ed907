#pragma once
/// \file `heattwin scenario-keys`: the key reference of the scenario file, from the schema in
/// code (scenarios/scenario_schema.hpp).

#include <string>

namespace heattwin::app {

/// `heattwin scenario-keys [--write <doc.md>]`.
struct ScenarioKeysOptions {
  std::string write;  ///< a Markdown file whose generated block is replaced; empty: print the table
};

/// Prints the key reference (Markdown) or writes it into the marked block of `o.write`
/// (atomically). Returns the exit code.
int run_scenario_keys(const ScenarioKeysOptions& o);

}  // namespace heattwin::app
