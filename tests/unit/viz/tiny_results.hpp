#pragma once
// A tiny twin and a results file written for it with the h5 layer (docs/results-schema.md), for
// the exporter tests: no scenario run, so every expected value is known by construction.

#include "twin/h5.hpp"
#include "twin/twin.hpp"

#include <string>
#include <vector>

namespace heattwin::test {

/// The twin (EPSG:25832) and the file's path. Buildings:
///  - "near_a", "near_b": 10 m north of the one 100 m street (x 700000…700100, y 5650000) with
///    30 and 50 MWh/a (space heating 25 + 5 hot water, 40 + 10);
///  - "far": 500 m from the street, 7 MWh/a;
///  - "c0" … "c5": a cluster of six 20 MWh/a buildings 300 m east (one census cell);
/// one network of two junctions and one 100 m pipe "p1" with a results pipe table
/// (v_mean_m_per_s = 0.5, twin_index 0).
struct TinyResults {
  twin::Twin twin;
  std::string path;                    ///< results.h5
  std::vector<double> heat_mwh_per_a;  ///< per twin building
};

/// The root of a results file as scenarios/ writes it (docs/results-schema.md): filetype and
/// schema version 1.0 (the oldest layout the readers must keep reading), /meta with fixed version
/// and time stamps and `scenario_toml`. Returns the /meta group for the inputs a test adds.
h5::Group write_results_root(const h5::Group& root, const std::string& scenario_toml);

/// Writes results.h5 into `dir` ("tiny", 2025). With `with_grid` false the grid table is empty.
TinyResults write_tiny_results(const std::string& dir, bool with_grid = true);

}  // namespace heattwin::test
