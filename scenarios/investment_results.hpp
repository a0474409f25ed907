#pragma once
/// \file Investment per target period of a heat-plan run (issue 15 §1, Umsetzungsstrategie):
/// what the results' VDI 2067 annuities rest on, as investment sums A_0 (€) per measure and per
/// period (the previous computed year, exclusive, to this year, inclusive), written to
/// /results/<scenario>/<year>/investment (docs/results-schema.md).
///
/// Measures: heat_network_plants, heat_network_pipes, heat_network_connections (a network the run
/// designs is built in the first period after the base year — with connection over time,
/// docs/NETWORKS.md, the part serving the consumers connected by then, and each later period what
/// the build-out added; the twin's existing network is sunk, 0), individual_systems (catalogue capex of the systems
/// chosen in the period for buildings off the network), refurbishment (NaN: the technology catalogue holds no
/// refurbishment costs; the buildings refurbished in the period are given instead). Replacements
/// of network parts within their lifetime are in the annuities, not in these sums.
///
/// Per municipality (issue 18 §2, `heattwin compare`): /…/investment/by_municipality holds the
/// same measures for every row of the year's regions table. Individual systems by the
/// municipality of each building; a network the run designs per municipality
/// (scenarios/municipal_networks.hpp) counts whole in its municipality; the single network of
/// `[network]` is split over the municipalities of its consumers by their share of its connected
/// design load (its pipes and plants serve them together).

#include "twin/h5.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace heattwin::twin {
struct Twin;
}

namespace heattwin::scenarios {

struct NetworkSupplyYear;
struct NetworkRun;
class MunicipalNetworks;

/// The measures of /…/investment/measure, in order.
inline constexpr const char* INVESTMENT_MEASURES[] = {
    "heat_network_plants", "heat_network_pipes", "heat_network_connections", "individual_systems", "refurbishment"};

/// What the run's designed networks had built by the previous target year, € per measure
/// (plants, pipes, house connections), by network: "" for the single network of `[network]`, the
/// municipality's AGS for a network per municipality. A period counts what was added since
/// (never negative), so with connection over time the investment follows the build-out.
using NetworkBuiltEur = std::map<std::string, std::array<double, 3>, std::less<>>;

/// What one year's investment is computed from (the run's own figures of the year).
struct YearInvestmentInputs {
  std::size_t year_index = 0;       ///< 0: the base year
  int year = 0, previous_year = 0;  ///< previous_year = year for the base year
  /// The year's network supply (null: no [network]); `network_existing`: the twin's network.
  const NetworkSupplyYear* network = nullptr;
  bool network_existing = false;
  double individual_systems_eur = 0.0;  ///< YearSummary::investment_eur
  /// The same per computed building (results row order); written as buildings/investment_eur.
  std::span<const double> individual_eur_by_building;
  std::size_t refurbished_cumulative = 0, refurbished_cumulative_previous = 0;
  /// For the breakdown by municipality (all borrowed; without `twin` none is written): the AGS of
  /// each row of the regions table ("" = outside every municipality), the twin row of each
  /// computed building (results row order, as `individual_eur_by_building`), the single network's
  /// run (its consumers) and the networks per municipality (null: none).
  const twin::Twin* twin = nullptr;
  std::span<const std::string> region_ags;
  std::span<const std::uint32_t> building_twin_index;
  const NetworkRun* network_run = nullptr;
  const MunicipalNetworks* municipal = nullptr;
  /// Built by the previous target years (null or empty: nothing yet); see record_network_built.
  const NetworkBuiltEur* network_built_before = nullptr;
};

/// The investment of each INVESTMENT_MEASURES entry in the period ending with `in.year`, €
/// (the networks per municipality summed).
std::vector<double> period_investment_eur(const YearInvestmentInputs& in);

/// The same per row of `in.region_ags`: [rows × INVESTMENT_MEASURES], row-major. Network
/// measures as the file header says; refurbishment NaN. O(buildings + consumers).
std::vector<double> period_investment_by_municipality_eur(const YearInvestmentInputs& in);

/// Adds the year's designed networks as built to `built` (per measure the larger of the two), for
/// the next year's network_built_before. O(networks).
void record_network_built(const YearInvestmentInputs& in, NetworkBuiltEur& built);

/// Writes <year_group>/investment: `measure` (strings), `eur` [measure] (EUR) and the attributes
/// period_from / period_to (years) and buildings_refurbished (in the period); and
/// <year_group>/buildings/investment_eur when the inputs carry it; with `in.twin`,
/// <year_group>/investment/by_municipality (`ags`, `eur` [rows, measures]). O(buildings).
void write_period_investment(const h5::Group& year_group, const YearInvestmentInputs& in);

}  // namespace heattwin::scenarios
