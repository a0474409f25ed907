#pragma once
/// \file `heattwin sweep <sweep.toml>`: many runs of a scenario over a design of experiments, the
/// run table and Sobol indices (scenarios/sweep.hpp, docs/SWEEPS.md).

#include "app/common.hpp"

#include <cstddef>
#include <string>

namespace heattwin::app {

struct SweepOptions {
  std::string sweep_path;
  bool dry_run = false;     ///< print the design and the estimate, run nothing
  bool resume = false;      ///< continue the journal of an interrupted sweep
  std::size_t threads = 0;  ///< local worker threads of rank 0; 0: the cores of the machine
  std::string lang = "de";  ///< the CSV: de (';', decimal comma) or en
};

/// Runs the sweep (or only plans it) and prints the summary. Returns the exit code.
int run_sweep_command(const SweepOptions& options, const GlobalOptions& global);

}  // namespace heattwin::app
