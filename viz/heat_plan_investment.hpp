#pragma once
/// \file Investment per period in the Umsetzungsstrategie of the heat plan report (issue 15 §1):
/// read from /results/<s>/<y>/investment and buildings/investment_eur
/// (scenarios/investment_results.hpp, docs/results-schema.md) and shown per period and measure.

#include "viz/report.hpp"

#include <array>
#include <cstddef>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

namespace heattwin::twin {
struct Twin;
}

namespace heattwin::viz {

struct Results;
struct HeatPlan;
struct HeatPlanOptions;

/// Investment of one municipality in the period ending with a year, €. NaN: not in the file.
struct PlanYearInvestment {
  static constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
  /// The municipality's buildings: individual systems chosen in the period (buildings/investment_eur).
  double individual_systems_eur = NaN;
  /// The run's heat network built in the period (plants, pipes, house connections), whole network;
  /// NaN when the municipality has no network of the run in this year.
  double network_plants_eur = NaN, network_pipes_eur = NaN, network_connections_eur = NaN;
  /// Refurbishment: NaN as long as the catalogue has no refurbishment costs.
  double refurbishment_eur = NaN;
  bool in_file = false;  ///< the year has an /investment group
};

/// Fills PlanYear::investment of the last year of every plan from `r` (the same year); the plan
/// of each computed building as in compute_heat_plans(). O(buildings).
void add_year_investment(const Results& r, const twin::Twin& twin, const std::vector<std::size_t>& plan_of_municipality,
                         std::size_t outside_plan, std::vector<HeatPlan>& plans);

/// The table "Investitionen je Zeitraum" (period × measure, EUR) or a note when the file has none.
void investment_table_html(std::back_insert_iterator<std::string> out, const HeatPlan& plan,
                           const HeatPlanOptions& options);

}  // namespace heattwin::viz
