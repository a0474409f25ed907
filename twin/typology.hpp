#pragma once
/// \file Envelope values from the German building typologies: TABULA/IWU for residential
/// buildings (by type EFH/RH/MFH/GMH, age class and refurbishment state) and the IWU
/// non-residential typology (by building function and age band).
///
/// Only values the twin does not know are filled (U values of wall, roof, floor and windows,
/// window area, air change rate); each filled value gets Provenance::typology and every rule is
/// counted in Twin::imputations. See docs/IMPUTATION.md for the rules.
#include "twin/twin.hpp"

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace heattwin::twin {

/// Envelope of one typology entry. U values are effective values for the demand model: each
/// element's TABULA adjustment factor b (e.g. 0.5 for a floor over an unheated cellar) and the
/// thermal-bridge surcharge ΔU are folded in.
struct TypologyEnvelope {
  std::string code;  ///< TABULA variant code or IWU function/age band
  double u_wall_w_per_m2k = 0.0;
  double u_roof_w_per_m2k = 0.0;
  double u_floor_w_per_m2k = 0.0;
  double u_window_w_per_m2k = 0.0;
  double window_share_of_floor_area = 0.0;  ///< window area / reference floor area
  double air_change_1_per_h = 0.0;          ///< infiltration + use (TABULA); IWU: default
  double g_window = 0.0;                    ///< solar energy transmittance of the glazing
  double hot_water_need_kwh_per_m2a = 0.0;  ///< TABULA q_w,nd per m² A_ref; NaN: none given
  /// TABULA's reference area over the EnEV heated floor area of the example building,
  /// A_C,ref / A_N (tabula_de.csv a_ref_m2 / a_n_enev_m2); 1 where not given (IWU tables).
  double reference_area_per_heated_floor_area = 1.0;
};

/// The loaded typology tables.
struct Typology {
  /// Residential: [type 1..4 (EFH, RH, MFH, GMH)][age class 1..12] for one refurbishment state;
  /// entries the table does not have are taken from the nearest age class of the same type.
  std::array<std::array<TypologyEnvelope, 13>, 5> residential{};
  /// Non-residential: [UseClass][age band 0 (≤1978), 1 (1979–2009), 2 (≥2010)].
  std::vector<std::array<TypologyEnvelope, 3>> non_residential;
  std::string refurbishment_state;
};

/// Loads tabula_de.csv (national generic variants of `refurbishment_state`: existing,
/// usual_refurbishment or advanced_refurbishment) and non_residential_de.csv. Throws InputError
/// naming the file and line for missing columns or bad numbers.
Typology load_typology(const std::string& tabula_csv, const std::string& non_residential_csv,
                       std::string_view refurbishment_state = "existing");

/// Fills the envelope values of every heated building that are unknown or came from the
/// typology before (so a scenario can re-derive them for another refurbishment state); measured
/// values stay. Returns the number of buildings that received at least one value.
std::size_t enrich_envelope_from_typology(Twin& twin, const Typology& typology);

}  // namespace heattwin::twin
