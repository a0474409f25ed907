#pragma once
/// \file A results file holds several scenarios (issue 17 §1): writing a scenario into a file
/// that holds others adds (or replaces) only its own /results/<scenario> group and keeps the
/// others. The run writes a complete new file under a temporary name (h5::File::create); before
/// it is committed, keep_other_scenarios() copies every other scenario of the existing file into
/// it, so the existing file is never modified in place and is replaced by one rename
/// (copy-on-write: a run killed at any point leaves the old file whole).
///
/// Each run's /meta (program, inputs and their hashes, scenario text) is kept per scenario as
/// /runs/<scenario> (a copy of that run's /meta); /meta itself describes the latest run
/// (docs/results-schema.md).

#include "twin/h5.hpp"
#include "twin/network.hpp"

#include <string>
#include <vector>

namespace heattwin::scenarios {

/// Copies, from the results file at `existing_path` (if there is one), every /results/<name>
/// except `scenario` into `root`'s /results, with its /runs/<name> and /networks/<name> (or, for a file written before
/// /runs existed, the file's /meta when `name` was its only scenario); then copies root's /meta
/// to /runs/<scenario>. Call it after /meta and /twin are written, before commit. Returns the
/// names kept. Throws InputError naming the file when it is not a HeatTwin results file of
/// schema major 1, or when its scenarios were computed on another twin (/twin@path differs from
/// `twin_path`): write such a scenario to another file. O(size of the kept groups).
std::vector<std::string> keep_other_scenarios(const h5::Group& root, const std::string& existing_path,
                                              const std::string& scenario, const std::string& twin_path);

/// Writes `networks` (the networks scenario `scenario` computed: designed, or the twin's) as
/// /networks/<scenario> of the results file `root` in the layout of the twin's /networks
/// (twin::write_networks). Export, report and the maps read them from there
/// (viz::network_geometry), so a run need not store a design in its input twin.
void write_scenario_networks(const h5::Group& root, const std::string& scenario, const twin::NetworkSet& networks);

}  // namespace heattwin::scenarios
