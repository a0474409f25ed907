#pragma once
/// \file `heattwin run <scenario.toml>`: computes a scenario into a results file and prints its summary.

#include "scenarios/demand_run.hpp"

#include <string>
#include <vector>

namespace heattwin::app {

/// Loads the scenario; with `check_only` only validates it and that its inputs exist, else runs it
/// and prints the summary (text or JSON). Returns the exit code.
/// `overrides` are "key=value" texts (`--set`), applied to the file's values before they are
/// checked; a non-empty `out` replaces [run] out (relative to the current folder).
/// The run's warnings (scenarios/run_warnings.hpp) go to stderr; with `strict` any warning makes
/// the exit code 1 (the results file is written all the same).
/// A non-empty `region` (8-digit municipality AGS or 5-digit Kreis key; else InputError) replaces
/// [run] municipalities: only that region's buildings are computed.
int run_scenario(const std::string& scenario_path, bool json, bool check_only,
                 const std::vector<std::string>& overrides, const std::string& out, bool strict = false,
                 const std::string& region = "");

/// Prints the summary of a demand run on stdout: text for people or JSON (CONTRACTS.md).
void print_demand_summary(const heattwin::scenarios::DemandScenario& scenario,
                          const heattwin::scenarios::DemandSummary& r, bool json);

}  // namespace heattwin::app
