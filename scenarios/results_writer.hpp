#pragma once
/// \file The one writer of a run's results file (schema: docs/results-schema.md,
/// twin/results_format.hpp): /results/<scenario>/<year> for each year as soon as its stages are
/// computed, /meta and /twin at the end. The file is written atomically (renamed into place by
/// finish()); a run that throws leaves no file. Without `DemandRunHooks::write_results` the file
/// lives in memory and is dropped (a sweep's runs).
#include "scenarios/demand_stage.hpp"
#include "scenarios/investment_results.hpp"
#include "scenarios/municipality_totals.hpp"
#include "scenarios/network_stage.hpp"
#include "scenarios/supply_stage.hpp"
#include "twin/h5.hpp"

#include <map>
#include <string>

namespace heattwin::scenarios {

/// What the writer needs of one computed year (all borrowed).
struct YearResults {
  const DemandYear& demand;
  const NetworkYear& network;
  const SupplyYear& supply;
  const YearSummary& totals;
  const RunPotentials& potentials;  ///< written when totals.potential_use is set
  bool network_existing;            ///< the network was taken from the twin (NetworkStage::existing())
};

/// What write_year leaves to the run.
struct WrittenYear {
  h5::Group group;                                          ///< /results/<scenario>/<year>, open until finish()
  std::map<std::string, MunicipalityYear> by_municipality;  ///< totals of the regions table by AGS
};

class ResultsWriter {
 public:
  /// Creates the file (or the in-memory file) and the scenario's group.
  ResultsWriter(const DemandScenario& scenario, const DemandRunHooks& hooks);
  /// Writes /results/<scenario>/<year>: attributes, buildings, regions, grid, supply_areas,
  /// final_energy, network, warnings and indicators. `stage` gives the twin and the hot-water
  /// profiles; `summary` the run-level fields (modernisation basis, weather site).
  /// Returns the year's group (open until finish()) for steps that write their own group, and the
  /// per-municipality totals of its regions table.
  WrittenYear write_year(const YearResults& year, const DemandStage& stage, const DemandSummary& summary);
  /// Writes /meta (versions, scenario text, overrides, inputs and their SHA-256 unless the file
  /// is in memory), the technology costs used with their sources (/meta/technology) and /twin,
  /// then commits the file. Sets summary.seconds_hashing.
  void finish(const twin::Twin& twin, const solvers::economics::TechnologyCatalogue& catalogue,
              const std::string& twin_summary_json, const std::string& started_utc, DemandSummary& summary);

 private:
  const DemandScenario& s_;
  const DemandRunHooks& hooks_;
  h5::File file_;
  h5::Group scenario_group_;
  /// The designed networks as built by the years written so far (investment per period).
  NetworkBuiltEur network_built_eur_;
};

/// The files a run reads, by role (recorded with their SHA-256 in /meta).
std::vector<std::pair<std::string, std::string>> scenario_inputs(const DemandScenario& scenario);

/// The current time as ISO 8601 UTC ("2026-12-07T08:00:00Z").
std::string utc_now_iso8601();

}  // namespace heattwin::scenarios
