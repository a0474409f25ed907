#pragma once
/// \file Summaries of a twin: the `info --json` document (CONTRACTS.md) and the data-quality
/// report (which share of each value is measured, from geometry, from typology, imputed).

#include "twin/twin.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace heattwin::twin {

/// Counts of each provenance per attribute, e.g. {"height": {"measured": 10, "imputed": 2, ...}}.
nlohmann::ordered_json data_quality_json(const Twin& twin);

/// The machine-readable summary printed by `heattwin info --json` (see CONTRACTS.md).
nlohmann::ordered_json twin_summary_json(const Twin& twin);

/// Human-readable summary (the text form of twin_summary_json).
std::string twin_summary_text(const Twin& twin);

/// Data-quality report: JSON with per-attribute shares and the imputation rules applied.
nlohmann::ordered_json data_quality_report_json(const Twin& twin);
/// The same report as readable text (a table per attribute, then the rules with counts).
std::string data_quality_report_text(const Twin& twin);

}  // namespace heattwin::twin
