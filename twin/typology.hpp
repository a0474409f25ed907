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
#include <cstdint>
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

/// Envelope elements of the modernisation imputation, in the order of ModernisationShares.
enum class EnvelopeElement : std::uint8_t { wall = 0, roof = 1, floor = 2, window = 3 };
inline constexpr std::array<std::string_view, 4> ENVELOPE_ELEMENT_NAMES{"wall", "roof", "floor", "window"};

/// Share of the residential buildings of a TABULA age class whose element was insulated or
/// replaced since construction (modernisation_shares_de.csv; data/typology/PROVENANCE.md §5).
struct ModernisationShares {
  /// [age class 1..12][EnvelopeElement], each in [0, 1]; index 0 unused.
  std::array<std::array<double, 4>, 13> share{};
  std::string source;  ///< the file read
};

/// Reads a shares table with columns age_class_no, wall, roof, floor, window (one row per age
/// class 1..12, each exactly once). Throws InputError naming the file and line for a missing
/// column, a bad number, a share outside [0, 1] or a missing / repeated age class.
ModernisationShares load_modernisation_shares(const std::string& csv_path);

/// Annual modernisation rates that carry the survey shares of a ModernisationShares table from
/// the survey's year to another year (modernisation_rates_de.csv; data/typology/PROVENANCE.md §6).
struct ModernisationRates {
  /// [EnvelopeElement]: share of the buildings of the age classes [age_class_from, age_class_to]
  /// whose element is modernised per year, 1/a (0 where no rate was cited).
  std::array<double, 4> rate_per_year{};
  std::array<int, 4> age_class_from{};  ///< first TABULA age class the rate applies to (1..12)
  std::array<int, 4> age_class_to{};    ///< last TABULA age class the rate applies to (1..12)
  int survey_year = 0;                  ///< the year the shares table describes
  std::string source;                   ///< the file read
};

/// Reads a rates table with columns element (wall, roof, floor, window; each exactly once),
/// rate_per_year (0..1), age_class_from, age_class_to (1..12, from ≤ to) and survey_year (one
/// value for all rows, 1900..2100). Throws InputError naming the file and line for a missing
/// column, an unknown or repeated element, a bad number or an out-of-range value.
ModernisationRates load_modernisation_rates(const std::string& csv_path);

/// The shares of `year`: for each element and each age class in the rate's range,
/// share + rate_per_year × (year − survey_year), clamped to [0, 1] (years before the survey give
/// fewer modernised elements). Other age classes keep their share. O(1).
ModernisationShares modernisation_shares_in_year(const ModernisationShares& shares, const ModernisationRates& rates,
                                                 int year);

/// What impute_modernisation did (counted, reported imputation; docs/IMPUTATION.md).
struct ModernisationImputation {
  std::size_t buildings_unknown = 0;      ///< residential buildings whose state was unknown (drawn)
  std::size_t buildings_modernised = 0;   ///< of which at least one element was modernised
  std::size_t buildings_known = 0;        ///< residential buildings with a measured (known) envelope: kept
  std::array<std::size_t, 4> elements{};  ///< modernised elements by EnvelopeElement
  /// Per twin row: bit k set when element k (EnvelopeElement) was modernised by the imputation.
  std::vector<std::uint8_t> modernised_elements;
};

/// Imputes the modernisation state of every residential building whose U values came from the
/// typology (the state is unknown): for each element an independent draw u ∈ [0, 1) from
/// (seed, building id, element) (twin/random.hpp, so the result is the same at any thread count
/// and for any building order); if u < the age class's share, the element takes `package`'s U
/// value of its type and age class where that is lower than the current one. Modernised
/// buildings get Provenance::imputed for their U values and their counts go to
/// Twin::imputations ("modernisation_<element>_imputed"). Buildings with measured U values keep
/// them. Per-building draws, not expectation weighting: each building stays a real TABULA
/// element combination, and the nonlinear steps after it (utilisation of gains, the TABULA
/// adaptation factor, supply temperatures) see the spread of the stock. O(N).
ModernisationImputation impute_modernisation(Twin& twin, const Typology& package, const ModernisationShares& shares,
                                             std::uint64_t seed);

}  // namespace heattwin::twin
