#pragma once
/// \file The heating systems in service in the base year of a heat plan (the inventory of WPG
/// §15). Where the twin knows a building's carrier and installation year they are used as they
/// are. Where it does not (the usual case: neither LoD2 nor ALKIS carries the heating), the
/// carrier is imputed from the Zensus 2022 shares of the state's residential buildings by
/// construction period, and the installation year from a steady replacement cycle. Every
/// imputation is counted; the buildings keep a flag so that results can be filtered.
///
/// Carrier given the construction period p ∈ {before 1950, 1950–2015, 2016 or later}: Bayes'
/// rule on the published shares, P(c | p) = P(p | c) · P(c) / P(p), for oil and heat pumps (the
/// carriers for which the census release gives the construction periods); gas, district heat and
/// the remainder (wood, electricity, coal, other and no heating, not broken down in the
/// release) share what is left in proportion to their statewide shares. Weighted by P(p), the
/// statewide shares are reproduced exactly. The remainder stays "no known system": the supply
/// model then chooses the least-cost allowed option for it.
///
/// Installation year where unknown: uniform over the last L years up to the base year, L the
/// catalogue lifetime of the option (a stock renewed at a steady rate; HeatTwin assumption).
/// Draws come from (seed, building id), so the result depends neither on the order of the
/// buildings nor on the thread count.

#include "solvers/economics/technology.hpp"
#include "solvers/supply/individual.hpp"
#include "twin/building_set.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace heattwin::solvers::supply {

/// Census shares (all in [0, 1]); see data/statistics/heating_systems_sachsen_anhalt.csv.
struct CensusHeatingShares {
  std::string path;  ///< the table they were read from (for messages and the run's inputs)
  double gas = 0.0, oil = 0.0, district_heat = 0.0, heat_pump = 0.0;  ///< of residential buildings
  double oil_built_before_1950 = 0.0, oil_built_2016_or_later = 0.0;  ///< of the buildings with oil
  double heat_pump_built_2016_or_later = 0.0;                 ///< of the buildings with heat pump/solar/geothermal heat
  double built_before_1950 = 0.0, built_2016_or_later = 0.0;  ///< of residential buildings
};

/// Reads the table (columns quantity, value, …). Throws InputError naming the file, line and
/// quantity for a missing or duplicated quantity, a value outside [0, 1], carrier shares that
/// add up to more than 1, or conditional shares that imply a probability above 1.
CensusHeatingShares load_census_heating_shares(const std::string& csv_path);

/// Carriers of the imputation, in this order.
enum class CensusCarrier : std::uint8_t { gas, oil, district_heat, heat_pump, not_broken_down };
inline constexpr std::size_t CENSUS_CARRIER_COUNT = 5;

/// P(carrier | construction year) as described in the file comment; a year ≤ 0 (unknown) gives
/// the statewide shares. The five values add up to 1. O(1).
std::array<double, CENSUS_CARRIER_COUNT> carrier_probabilities(const CensusHeatingShares& shares,
                                                               int year_of_construction);

struct ExistingSystemsSettings {
  int base_year = 2025;
  std::uint64_t seed = 1;
  /// Catalogue lifetime per IndividualOption (years ≥ 1); see lifetimes_from_catalogue.
  std::array<int, INDIVIDUAL_OPTION_COUNT> lifetime_a{};
};

/// lifetime_a of each option's catalogue technology. Throws InputError if one is missing.
std::array<int, INDIVIDUAL_OPTION_COUNT> lifetimes_from_catalogue(const economics::TechnologyCatalogue& catalogue);

/// The base year's systems of every twin row, and what was imputed.
struct ExistingSystems {
  std::vector<std::uint8_t> option;                ///< IndividualOption, or NO_EXISTING_SYSTEM
  std::vector<std::int32_t> install_year;          ///< 0 where option is NO_EXISTING_SYSTEM
  std::vector<std::uint8_t> carrier_imputed;       ///< 1: carrier drawn from the census shares
  std::vector<std::uint8_t> install_year_imputed;  ///< 1: installation year drawn
  std::size_t carriers_from_twin = 0;              ///< rows whose twin carrier is known
  std::size_t carriers_imputed = 0;                ///< rows given gas, oil, district heat or a heat pump
  std::size_t carriers_not_broken_down = 0;        ///< unknown rows drawn into the census remainder
  std::size_t install_years_imputed = 0;
  std::array<std::size_t, INDIVIDUAL_OPTION_COUNT> imputed_by_option{};
};

/// Imputes for every row of `buildings`; with `shares` == nullptr only the installation years
/// are imputed (unknown carriers stay NO_EXISTING_SYSTEM). Throws InputError for a lifetime < 1.
/// O(buildings).
ExistingSystems existing_systems(const twin::BuildingSet& buildings, const CensusHeatingShares* shares,
                                 const ExistingSystemsSettings& settings);

}  // namespace heattwin::solvers::supply
