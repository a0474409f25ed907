#pragma once
/// \file Design and target problems of a run as warnings (docs/SUPPLY.md, "Warnings"): network
/// velocities above the design limit, consumer-hours below the minimum supply temperature, unmet
/// network load, renewable shares of a heat network below the WPG §29 (1) / §31 (1) target of the
/// year, biomass and hydrogen needs above their potentials. The run writes them to
/// /results/<scenario>/<year>/warnings and the summary; `heattwin run` prints them on stderr and
/// `--strict` turns any of them into exit code 1 (docs/SCENARIOS.md).

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace heattwin::h5 {
class Group;
}

namespace heattwin::scenarios {

struct NetworkSummary;
struct NetworkYearSummary;

/// One warning: what (code), how serious, which object, the value found and the limit it breaks.
struct RunWarning {
  int year = 0;
  std::string code;       ///< stable identifier, e.g. "NETWORK_VELOCITY_ABOVE_LIMIT" (docs/SUPPLY.md)
  std::string severity;   ///< "design" (the simulated design fails a limit) or "target" (a legal or potential target)
  std::string object_id;  ///< network name, or "biomass" / "hydrogen" for potentials
  double value = 0.0;     ///< the value found, in `unit`
  double limit = 0.0;     ///< the limit it breaks, in `unit`
  std::string unit;       ///< unit of value and limit ("m/s", "h", "MWh/a", "1")
  std::string message;    ///< one English sentence with the numbers and what to do
};

/// A warning as the JSON object of `run --json` (docs/CONTRACTS.md), also what the Python module
/// returns: year, code, severity, object_id, value, limit, unit, message.
nlohmann::ordered_json warning_json(const RunWarning& w);

/// What the warnings of one year are computed from (all borrowed; null: not in the run).
struct YearWarningInputs {
  int year = 0;
  const NetworkSummary* network = nullptr;             ///< the year's simulated network
  const NetworkYearSummary* network_supply = nullptr;  ///< the year's dispatch of its plants
  double max_velocity_m_per_s = 0.0;                   ///< [network] design limit
  double min_supply_c = 0.0;                           ///< [network] consumers' minimum supply temperature
  double biomass_potential_mwh_per_a = 0.0, biomass_above_potential_mwh = 0.0;
  double hydrogen_potential_mwh_per_a = 0.0, hydrogen_above_potential_mwh = 0.0;
};

/// The warnings of one year, in a fixed order (network design, network targets, potentials).
/// Pure and O(1).
std::vector<RunWarning> year_warnings(const YearWarningInputs& in);

/// Writes <year_group>/warnings: one row per warning in columns code, severity, object_id,
/// message (strings), value, limit (float64), unit (string); zero rows when the year has none
/// (docs/results-schema.md).
void write_warnings(const h5::Group& year_group, const std::vector<RunWarning>& warnings);

/// The WPG paragraph behind the network target of `year` ("§29 (1)" for 2030–2044, "§31 (1)" from 2045).
std::string wpg_target_paragraph(int year);

}  // namespace heattwin::scenarios
