#pragma once
/// \file The plants of the scenario's heat network in the heat plan report (issues 16 and 21 §2):
/// each plant with its source (a feature of the planners' potentials layer), kind, capacity,
/// annual heat and share, where it feeds, and the point potentials the network does not draw on
/// with the reason. Read from /results/<s>/<y>/network/{plants,potential_plants}
/// (scenarios/network_plants.hpp, docs/results-schema.md).

#include "viz/report.hpp"

#include <iterator>
#include <limits>
#include <string>
#include <vector>

namespace heattwin::viz {

struct Results;

/// One plant of the network in a year.
struct PlanPlant {
  static constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
  std::string id, kind, potential, potential_kind, junction_id;
  double capacity_kw = NaN, heat_mwh = NaN, share = NaN, fed_in_mwh = NaN;
  bool holds_pressure = false;
};

/// A point potential the network does not draw on.
struct PlanUnusedPotential {
  std::string id, kind, reason;
};

/// The network plants of a year.
struct PlanPlants {
  std::vector<PlanPlant> plants;
  std::vector<PlanUnusedPotential> unused;
};

/// The plants of `r`'s year (empty without network/plants). O(plants).
PlanPlants read_plan_plants(const Results& r);

/// The table "Erzeugungsanlagen des Wärmenetzes" of `plants` for `year` (nothing without plants).
void plants_table_html(std::back_insert_iterator<std::string> out, const PlanPlants& plants, int year, Lang lang);

}  // namespace heattwin::viz
