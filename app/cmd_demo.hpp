#pragma once
/// \file `heattwin demo`: imports the shipped real sample, computes its heat demand and a
/// district-heating network for its densest area, and exports every output format.

#include "app/common.hpp"

#include <string>

namespace heattwin::app {

/// Writes everything into `out_dir` (created) and prints what was written; returns the exit code.
int run_demo(const std::string& out_dir, const GlobalOptions& g);

}  // namespace heattwin::app
