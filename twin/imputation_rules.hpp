#pragma once
/// \file Documented, counted imputation rules for building attributes the source lacks
/// (docs/IMPUTATION.md lists every rule with its name, formula and source). Every filled value
/// gets Provenance::imputed (or geometry when it follows from measured geometry), and every use
/// of a rule is counted in Twin::imputations under the rule's name.

#include "twin/twin.hpp"

#include <string>

namespace heattwin::twin {

/// Assumptions of the rules (defaults documented in docs/IMPUTATION.md; a mapping can override).
struct ImputationSettings {
  double storey_height_residential_m = 3.0;   ///< gross storey height, residential and mixed use
  double storey_height_other_m = 3.5;         ///< offices, schools, public and other heated uses
  double storey_height_hall_m = 5.0;          ///< industry, storage, agriculture, sports halls
  double small_unheated_footprint_m2 = 30.0;  ///< below this an unspecified building is taken as a garage/shed
  int default_year = 1948;                    ///< state median year of construction (census 2022: 51.5 % before 1950)
  double dwelling_area_m2 = 84.0;             ///< mean living area per dwelling, Sachsen-Anhalt (census 2022)
  /// Folder with tabula_de.csv and non_residential_de.csv: the import fills unknown envelope
  /// values from the typology (existing state, twin/typology.hpp). Empty: left unknown.
  std::string typology_tables_dir;
};

/// Storey height used for a use class (m).
double storey_height_m(UseClass use, const ImputationSettings& settings);

/// Step 1 (before the envelope): fills use class (from alkis_function, or defaults), height and
/// storeys, year of construction and age class where missing, counting each rule. Needs
/// footprint_area_m2 and municipality. Deterministic.
void impute_use_height_year(Twin& twin, const ImputationSettings& settings = {});

/// Step 2 (after the envelope, which gives wall and shared wall areas): fills heated floor area
/// and the residential type where missing, counting each rule.
void impute_floor_area_and_type(Twin& twin, const ImputationSettings& settings = {});

/// Residential type from estimated dwellings and attachment (TABULA definitions; rule
/// "residential_type_from_size"): EFH ≤ 2 dwellings detached, RH ≤ 2 dwellings with shared walls,
/// MFH 3–12 dwellings, GMH > 12 dwellings.
ResidentialType residential_type_of(double heated_floor_area_m2, double shared_wall_share, double dwelling_area_m2);

}  // namespace heattwin::twin
