#pragma once
/// \file The map of the heat potentials of a run's `[data] potentials` layer in the Potenzialanalyse
/// of the heat plan report (WPG Anlage 2: potentials "on a map and in a table"). The results hold
/// one location per potential (a point's position, a line's or an area's mean vertex;
/// docs/results-schema.md), so each potential is a symbol at that location, its area proportional
/// to the potential in MWh/a and its colour the kind's, on the municipality's 100 m cells with
/// computed buildings, with the municipal boundary, a legend per kind and a scale bar.

#include "viz/report.hpp"

#include <cstddef>
#include <iterator>
#include <string>
#include <vector>

namespace heattwin::twin {
class CoordinateTransform;
}  // namespace heattwin::twin

namespace heattwin::viz {

struct HeatPlan;

/// A potential of the layer placed on the municipality's map.
struct PlanPotentialSite {
  std::string id, kind;
  double capacity_mwh_per_a = 0.0;
  double area_m2 = 0.0;     ///< land area (0: a point or a line)
  double x = 0.0, y = 0.0;  ///< EPSG:3035 metres
};

/// The layer's potentials of one municipality (HeatPlan::potentials).
struct PlanPotentials {
  bool has_layer = false;                ///< the run had a `[data] potentials` layer
  std::vector<PlanPotentialSite> sites;  ///< the potentials located in the municipality
  std::size_t without_location = 0;      ///< the layer's potentials without geometry (e.g. biomass)
};

/// Reads the potentials of `scenario`/`year` (the base year) of `results_path` and gives each plan
/// the potentials that lie in it: inside its municipal boundary, or — for a plan without a
/// boundary — within 1 km of its base-year cells. Potentials without a location (e.g. biomass
/// without geometry) are placed nowhere. Does nothing when the run had no potentials layer.
/// `to_3035` transforms the twin CRS to EPSG:3035. O(potentials × boundary vertices).
void add_plan_potential_sites(const std::string& results_path, const std::string& scenario, int year,
                              std::vector<HeatPlan>& plans, const twin::CoordinateTransform& to_3035);

/// The potentials map of `plan` (a figure with an inline SVG), or one sentence saying why there is
/// none: no potentials layer in the run, or none of its potentials with a location in the
/// municipality.
void potential_map_html(std::back_insert_iterator<std::string> out, const HeatPlan& plan, Lang lang);

}  // namespace heattwin::viz
