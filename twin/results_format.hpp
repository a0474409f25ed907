#pragma once
/// \file The results file format (docs/results-schema.md): written by scenarios/ (`heattwin run`),
/// read by viz/ (`heattwin export`). Its file type and schema version are defined here, once.

#include "twin/h5.hpp"

namespace heattwin::twin {

/// Results files: root attribute filetype "heattwin-results", schema 1.4 (1.1: fixed-length,
/// checksummed string datasets; 1.2: /results/<s>/<y>/investment, buildings/investment_eur and
/// /runs/<scenario>, several scenarios per file; 1.3: fixed-length string attributes, issue 20
/// class 3: a variable-length one in a 1.3 file is refused as corrupt; 1.4: /networks/<scenario>,
/// the networks each scenario computed, so that a run need not store them in its input twin;
/// docs/results-schema.md).
inline constexpr h5::FileKind RESULTS_FILE{
    "heattwin-results", {1, 4}, "results", "re-run the scenario with this version", 3};

/// Sweep files (heattwin sweep, docs/SWEEPS.md): root attribute filetype "heattwin-sweep", schema 1.0.
inline constexpr h5::FileKind SWEEP_FILE{"heattwin-sweep", {1, 0}, "sweep", "re-run the sweep with this version"};

}  // namespace heattwin::twin
