#pragma once
/// \file Classification of sub-areas (blocks or clusters of 100 m cells) into the expected supply
/// areas of a municipal heat plan (WPG §18): heat network, hydrogen network, decentralised
/// supply, or test area (Prüfgebiet), with the four suitability grades per supply type of WPG
/// §19 (very likely / likely suited, likely / very likely unsuited). The reasons of every grade
/// and class are kept as text codes (see docs/SUPPLY.md for the list).
///
/// Grades are built from evidence, one step at a time (each step adds a reason code):
/// heat network — heat demand density band (KEA-BW), capped or raised by the heat line density,
/// ±1 by the cost comparison, +1 for an existing network, capped at "likely" without a heat
/// source in reach; hydrogen network — gas grid and a transformation plan of its operator;
/// decentralised — density band, ±1 by the cost comparison (at equal cost, by cumulative CO2 if
/// given). The class is the type with the best grade if it is at least "likely" and unique;
/// otherwise a test area.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace heattwin::solvers::supply {

/// Supply types of WPG §3 (1) Nr. 15 and §18.
enum class SupplyAreaType : std::uint8_t { heat_network, hydrogen_network, decentralised, test_area };
/// Suitability grades of WPG §19 (2), from worst to best.
enum class Suitability : std::uint8_t { very_unlikely, unlikely, likely, very_likely };

/// "heat_network", "hydrogen_network", "decentralised", "test_area".
std::string_view supply_area_type_name(SupplyAreaType type);
/// "very_likely_unsuited", "likely_unsuited", "likely_suited", "very_likely_suited".
std::string_view suitability_name(Suitability grade);

/// Thresholds (all overridable by the scenario).
struct SupplyAreaThresholds {
  /// Heat demand density bands in MWh/(ha·a) (KEA-BW guide to municipal heat planning, as quoted
  /// in DOMAIN.md; not checked in the guide itself): < 70 no network potential; 70–175 networks in
  /// new development; 175–415 low-temperature networks in existing stock; ≥ 415 conventional
  /// networks.
  double density_band_1_mwh_per_ha_a = 70.0;
  double density_band_2_mwh_per_ha_a = 175.0;
  double density_band_3_mwh_per_ha_a = 415.0;
  /// Heat line density in MWh/(m·a): below the first a network is at most "likely unsuited"
  /// (0.7, rule of thumb quoted in DOMAIN.md, source not checked); from the second it is at
  /// least "likely suited" (1.5 MWh per route metre and year, the guide value above which a
  /// network comes into question, Energieatlas Bayern, "Wärmebelegungsdichte"; checked).
  double line_density_low_mwh_per_m_a = 0.7;
  double line_density_high_mwh_per_m_a = 1.5;
  /// LCOH of network and individual supply within this relative margin count as equal
  /// (HeatTwin assumption).
  double cost_margin = 0.1;
};

/// Areas as columns (all the same length).
struct SupplyAreaInput {
  std::span<const double> heat_demand_mwh_per_a;  ///< useful heat demand of the area
  std::span<const double> area_ha;                ///< land area (> 0)
  std::span<const double> route_length_m;         ///< network route length serving it (0 = none planned)
  std::span<const double> lcoh_network_eur_per_mwh;
  std::span<const double> lcoh_individual_eur_per_mwh;
  std::span<const std::uint8_t> has_heat_network;         ///< an existing heat network
  std::span<const std::uint8_t> has_network_heat_source;  ///< renewable/waste heat for a network in reach
  /// A gas grid in reach (from the gas-grid layer). Empty = the gas grid is unknown (no layer
  /// given): reason GAS_GRID_UNKNOWN instead of NO_GAS_GRID, graded like "no gas grid".
  std::span<const std::uint8_t> has_gas_network;
  /// The gas operator plans a hydrogen conversion (a WPG hydrogen-network plan area or line in
  /// reach). Empty = no plan known: reason H2_PLAN_UNKNOWN where there is a gas grid, graded like
  /// "no plan". Where the gas grid is unknown, a plan implies a grid (H2_PLAN).
  std::span<const std::uint8_t> hydrogen_plan;
  /// Optional (empty = not used): cumulative emissions up to the target year (t CO2-eq) of
  /// network and individual supply, a criterion of WPG §18 (1). Used only where the costs are
  /// equal within the margin: then the lower emissions cast the vote.
  std::span<const double> co2_network_t = {};
  std::span<const double> co2_individual_t = {};
};

/// Results per area.
struct SupplyAreaResult {
  std::vector<std::uint8_t> type;                ///< SupplyAreaType
  std::vector<std::uint8_t> heat_network_grade;  ///< Suitability
  std::vector<std::uint8_t> hydrogen_grade;
  std::vector<std::uint8_t> decentralised_grade;
  std::vector<double> heat_density_mwh_per_ha_a;
  std::vector<double> line_density_mwh_per_m_a;  ///< 0 where no route is given
  std::vector<std::string> reasons;              ///< codes separated by ';'
  std::array<std::size_t, 4> count_by_type{};
};

/// Classifies every area. Throws InputError naming the area index for area ≤ 0, negative
/// demand, length or LCOH, or columns of different lengths. O(areas).
SupplyAreaResult classify_supply_areas(const SupplyAreaInput& input, const SupplyAreaThresholds& thresholds = {});

}  // namespace heattwin::solvers::supply
