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
#include "twin/grid.hpp"
#include "twin/zensus_grid.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
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

/// Columns of the Zensus 2022 100 m grid table "Gebäude mit Wohnraum nach Energieträger der
/// Heizung" (twin/zensus_grid.hpp), in this order, and the option each stands for: Gas →
/// gas_boiler, Heizoel → oil_boiler, Holz_Holzpellets and Biomasse_Biogas → biomass_boiler,
/// Solar_Geothermie_Waermepumpen → air_heat_pump, Strom → electric_heater, Fernwaerme →
/// district_heating; Kohle and kein_Energietraeger → no known system (the supply model chooses).
inline constexpr std::array<std::string_view, 9> ZENSUS_HEATING_COLUMNS{
    "Gas",   "Heizoel", "Holz_Holzpellets", "Biomasse_Biogas",    "Solar_Geothermie_Waermepumpen",
    "Strom", "Kohle",   "Fernwaerme",       "kein_Energietraeger"};

/// The grid table's counts per twin grid cell (Twin::grid), where the cell has a usable row: in
/// the table, no withheld value, at least one building counted.
struct CellHeatingCounts {
  std::string path;
  /// Per twin grid cell: counts by ZENSUS_HEATING_COLUMNS; counts[cell][0] is NaN where the cell
  /// has no usable row.
  std::vector<std::array<double, ZENSUS_HEATING_COLUMNS.size()>> counts;
  std::size_t table_rows = 0;          ///< rows of the table
  std::size_t cells_used = 0;          ///< twin cells with a usable row
  std::size_t cells_withheld = 0;      ///< twin cells whose row has a withheld value (state-wide shares instead)
  std::size_t cells_not_in_table = 0;  ///< twin cells holding buildings that the table does not list
};

/// Joins a table read with twin::read_zensus_grid_table(path, ZENSUS_HEATING_COLUMNS) to the twin's
/// grid cells. O(cells · log rows).
CellHeatingCounts cell_heating_counts(const twin::ZensusGridTable& table, const twin::Grid100m& grid);

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
  std::vector<std::uint8_t> option;        ///< IndividualOption, or NO_EXISTING_SYSTEM
  std::vector<std::int32_t> install_year;  ///< 0 where option is NO_EXISTING_SYSTEM
  /// 1: carrier drawn from the state-wide census shares; 2: from the counts of the building's
  /// 100 m cell (CellHeatingCounts)
  std::vector<std::uint8_t> carrier_imputed;
  std::vector<std::uint8_t> install_year_imputed;  ///< 1: installation year drawn
  std::size_t carriers_from_twin = 0;              ///< rows whose twin carrier is known
  std::size_t carriers_imputed = 0;                ///< rows given a system by an imputation (state-wide or cell)
  std::size_t carriers_from_cells = 0;             ///< of which from the counts of their 100 m cell
  std::size_t carriers_none_in_cell = 0;           ///< drawn as coal or no carrier from their cell: no known system
  std::size_t carriers_not_broken_down = 0;        ///< unknown rows drawn into the census remainder
  std::size_t install_years_imputed = 0;
  std::array<std::size_t, INDIVIDUAL_OPTION_COUNT> imputed_by_option{};
  /// 1: a known installation year puts the system past its lifetime in the base year (installed +
  /// lifetime ≤ base year). The inventory counts it as in service, and a heat plan replaces it at
  /// the next target year, not retroactively in the base year: its `install_year` is set to
  /// base year − lifetime + 1 (its end of life then falls after the base year and at or before
  /// any later target year). Counted in `past_lifetime`.
  std::vector<std::uint8_t> past_lifetime;
  std::size_t past_lifetime_count = 0;
};

/// Imputes for every row of `buildings`; with `shares` == nullptr only the installation years
/// are imputed (unknown carriers stay NO_EXISTING_SYSTEM). With `cells`, an unknown carrier of a
/// building whose 100 m cell has a usable row is drawn from that cell's counts instead (P(column)
/// = count / Σ counts; not conditioned on the construction year: the grid table has no cross
/// tabulation), and the state-wide shares serve the other buildings. Throws InputError for a
/// lifetime < 1. O(buildings).
ExistingSystems existing_systems(const twin::BuildingSet& buildings, const CensusHeatingShares* shares,
                                 const ExistingSystemsSettings& settings, const CellHeatingCounts* cells = nullptr);

}  // namespace heattwin::solvers::supply
