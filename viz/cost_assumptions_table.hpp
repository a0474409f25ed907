#pragma once
/// \file The cost assumptions of a run as read from its results file (`/runs/<scenario>/technology`,
/// else `/meta/technology`; docs/results-schema.md), and the table "Kostenannahmen" of the heat plan
/// report: every technology cost the run used (investment, lifetime, maintenance), its value, unit,
/// price basis, source and whether it is cited (verified against the source) or an assumption.

#include "viz/report.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace heattwin::viz {

/// The catalogue rows of a run, in file order.
struct CostAssumptions {
  std::string origin;  ///< the catalogue file the run read
  int price_year = 0;  ///< price basis of the money values; 0: not stated (files before it was written)
  std::vector<std::string> technology, parameter, unit, source;
  std::vector<double> value;
  std::vector<std::uint8_t> verified;  ///< 1: checked against the cited source
};

/// The catalogue of `scenario` (its copy under /runs, else /meta); nullopt when the file has none
/// (written before the cost table) or does not exist. Throws InputError naming the file for
/// unreadable or inconsistent datasets.
std::optional<CostAssumptions> read_cost_assumptions(const std::string& results_path, const std::string& scenario);

/// True for the rows the table lists: capex_* (money), lifetime_a and maintenance_share_per_a.
bool is_cost_parameter(const std::string& parameter);

/// HTML: h3 "Kostenannahmen" ("Cost assumptions"), the counts of cited and assumed values, and a
/// table of every cost row (technology, parameter, value, unit, price basis, source, cited or
/// assumption) in German (German number format) or English; a "missing" note when the file has no
/// catalogue.
std::string cost_assumptions_table_html(const std::string& results_path, const std::string& scenario, Lang lang);

}  // namespace heattwin::viz
