#pragma once
/// \file The run's warnings for the terminal (issue 18 §1): a state-wide heat plan with a network
/// per municipality can raise hundreds of warnings, which one line each would bury. Up to
/// `max_lines` warnings are printed one per line as before; more are counted per code, with the
/// number of municipalities (networks named `<name>_<AGS>`, scenarios/municipal_networks.hpp) and
/// the count per year. The full list stays in the results file (/results/<s>/<y>/warnings),
/// `run --json` and `heattwin compare`'s report.

#include "scenarios/run_warnings.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace heattwin::scenarios {

/// Warnings shown one per line when there are at most this many.
inline constexpr std::size_t WARNING_LINES_MAX = 20;

/// The lines to print for `warnings` (every year's, in year order), without the "warning: "
/// prefix: each message with its code when there are at most `max_lines`, else one line per code
/// in order of first appearance ("NETWORK_SUPPLY_T_BELOW_MIN: 436 warnings in 218 municipalities
/// (2025: 218, 2030: 218); …"). O(warnings log warnings).
std::vector<std::string> warning_summary_lines(const std::vector<RunWarning>& warnings,
                                               std::size_t max_lines = WARNING_LINES_MAX);

/// The AGS of the municipality a warning's object belongs to: the 8 digits after the last '_' of a
/// per-municipality network's name; "" otherwise.
std::string warning_municipality_ags(const RunWarning& warning);

}  // namespace heattwin::scenarios
