#pragma once
/// \file Documented, counted imputation rules for building attributes the source lacks
/// (docs/IMPUTATION.md lists every rule with its name, formula and source). Every filled value
/// gets Provenance::imputed (or geometry when it follows from measured geometry), and every use
/// of a rule is counted in Twin::imputations under the rule's name.

#include "twin/twin.hpp"

#include <array>
#include <string>
#include <string_view>

namespace heattwin::twin {

/// Assumptions of the rules (defaults documented in docs/IMPUTATION.md; a mapping can override).
struct ImputationSettings {
  double storey_height_residential_m = 3.0;   ///< gross storey height, residential and mixed use
  double storey_height_other_m = 3.5;         ///< offices, schools, public and other heated uses
  double storey_height_hall_m = 5.0;          ///< industry, storage, agriculture, sports halls
  double small_unheated_footprint_m2 = 30.0;  ///< below this an unspecified building is taken as a garage/shed
  int default_year = 1948;                    ///< state median year of construction (census 2022: 51.5 % before 1950)
  double dwelling_area_m2 = 84.0;             ///< mean living area per dwelling, Sachsen-Anhalt (census 2022)
  /// A Zensus 2022 100 m grid table "Gebäude nach Baujahr" (twin/zensus_grid.hpp,
  /// ZENSUS_CONSTRUCTION_PERIODS): unknown years of construction of buildings in a cell with a
  /// complete row are drawn from the cell's counts (rule "year_from_zensus_cell"). Empty: none.
  std::string zensus_construction_grid;
  /// Folder with tabula_de.csv and non_residential_de.csv: the import fills unknown envelope
  /// values from the typology (existing state, twin/typology.hpp). Empty: left unknown.
  std::string typology_tables_dir;
};

/// A construction period of the Zensus 2022 grid table "Gebäude nach Baujahr": its column and
/// the years it covers. The census gives no lower bound for "Vor1919"; 1860 (the start of the
/// TABULA class 1860–1918) is a HeatTwin assumption, and "a2020undspaeter" ends with the census
/// year 2022.
struct ZensusConstructionPeriod {
  std::string_view column;
  int first_year = 0, last_year = 0;
};
inline constexpr std::array<ZensusConstructionPeriod, 8> ZENSUS_CONSTRUCTION_PERIODS{{{"Vor1919", 1860, 1918},
                                                                                      {"a1919bis1948", 1919, 1948},
                                                                                      {"a1949bis1978", 1949, 1978},
                                                                                      {"a1979bis1990", 1979, 1990},
                                                                                      {"a1991bis2000", 1991, 2000},
                                                                                      {"a2001bis2010", 2001, 2010},
                                                                                      {"a2011bis2019", 2011, 2019},
                                                                                      {"a2020undspaeter", 2020, 2022}}};

/// Storey height used for a use class (m).
double storey_height_m(UseClass use, const ImputationSettings& settings);

/// Step 1 (before the envelope): fills use class (from alkis_function, or defaults), height and
/// storeys, year of construction and age class where missing, counting each rule. Needs
/// footprint_area_m2 and municipality. Years: from the building's Zensus cell when
/// `zensus_construction_grid` is given and the cell has a complete row (period drawn with
/// P = count / Σ counts, year uniform in the period; draws from the building id, so independent
/// of the order), else the municipality's median of known years (≥ 5), else `default_year`.
/// Deterministic.
void impute_use_height_year(Twin& twin, const ImputationSettings& settings = {});

/// Step 2 (after the envelope, which gives wall and shared wall areas): fills heated floor area
/// and the residential type where missing, counting each rule.
void impute_floor_area_and_type(Twin& twin, const ImputationSettings& settings = {});

/// Residential type from estimated dwellings and attachment (TABULA definitions; rule
/// "residential_type_from_size"): EFH ≤ 2 dwellings detached, RH ≤ 2 dwellings with shared walls,
/// MFH 3–12 dwellings, GMH > 12 dwellings.
ResidentialType residential_type_of(double heated_floor_area_m2, double shared_wall_share, double dwelling_area_m2);

}  // namespace heattwin::twin
