#pragma once
/// \file TABULA variants (IWU "Deutsche Wohngebäudetypologie", TABULA/EPISCOPE) as inputs of the
/// monthly balance, for validating it against TABULA's published energy need for heating.
///
/// TABULA's standard calculation (Loga, Diefenbach et al., "TABULA Calculation Method – Energy Use
/// for Heating and Domestic Hot Water", IWU 2013; reproduced by the workbook export in
/// data/reference/typology/source/tabula_DE_complete.csv) is the seasonal method of EN ISO 13790
/// with these conventions, all rebuilt here from the variant's envelope and the boundary
/// conditions, never from its published results:
/// - H_tr = Σ U·A·b_tr + ΔU_tb·ΣA over roofs, walls, floors, windows and doors (b_tr = 1 for
///   windows and doors); H_ve = 0.34 Wh/(m³K) · (n_air,use + n_air,infiltration) · h_room · A_ref.
/// - Q_ht = (H_tr + H_ve) · F_red · (θ_i − θ_e) · t_heating season, where the temperature reduction
///   factor F_red (night setback, partly heated dwellings) depends on h_tr = H_tr/A_ref (see
///   tabula_temperature_reduction_factor). In the balance it becomes the time-averaged set-point
///   θ_e + F_red · (θ_i − θ_e).
/// - Q_sol = Σ_orientations F_sh · (1 − F_F) · F_w · g_gl,n · A_window · I_sol, with the window
///   areas per orientation (East, South, West, North, horizontal) and one area-weighted g_gl,n of
///   the windows after measures. Opaque solar gains are not counted.
/// - Q_int = φ_int · A_ref · t; τ = c_m · A_ref / (H_tr + H_ve); a_H = 0.8 + τ/30 h.

#include "solvers/demand/monthly_balance.hpp"

#include <array>
#include <span>
#include <string>
#include <vector>

namespace heattwin::solvers::demand {

/// The boundary conditions TABULA applies to a variant (climate and use; per heating season).
struct TabulaBoundaryConditions {
  std::string climate_code;                  ///< Code_ClimateRegion, e.g. "DE.N" (Potsdam, EnEV 2014)
  double heating_days_d = 0.0;               ///< length of the heating season (d)
  double theta_e_c = 0.0;                    ///< mean outdoor temperature over the heating season (°C)
  double theta_i_c = 0.0;                    ///< internal set-point (°C)
  double solar_horizontal_kwh_per_m2 = 0.0;  ///< I_Sol_Hor over the heating season
  /// I_Sol on vertical surfaces over the heating season: east, south, west, north.
  std::array<double, 4> solar_east_south_west_north_kwh_per_m2{};
  double f_red_htr1 = 1.0;                    ///< temperature reduction factor at h_tr = 1 W/(m²K)
  double f_red_htr4 = 1.0;                    ///< … at h_tr ≥ 4 W/(m²K)
  double room_height_m = 0.0;                 ///< h_room: ventilated volume per A_ref (m)
  double internal_gains_w_per_m2 = 0.0;       ///< φ_int per A_ref
  double internal_capacity_wh_per_m2k = 0.0;  ///< c_m per A_ref
  double shading_horizontal = 0.0;            ///< F_sh,hor
  double shading_vertical = 0.0;              ///< F_sh,vert
  double frame_fraction = 0.0;                ///< F_F
  double non_perpendicular_factor = 0.0;      ///< F_w
};

/// One TABULA variant (building type × age class × refurbishment state) as the model sees it.
struct TabulaCase {
  std::string variant_code;         ///< e.g. DE.N.SFH.05.Gen.ReEx.001.002
  std::string building_type;        ///< SFH, TH, MFH, AB
  std::string refurbishment_state;  ///< existing, usual_refurbishment, advanced_refurbishment
  double a_ref_m2 = 0.0;            ///< TABULA reference floor area A_C,ref
  double envelope_area_m2 = 0.0;    ///< Σ of all envelope areas (basis of ΔU_tb)
  double h_tr_w_per_k = 0.0;        ///< Σ U·A·b_tr + ΔU_tb·ΣA
  double h_ve_w_per_k = 0.0;        ///< 0.34 · (n_use + n_inf) · h_room · A_ref
  double g_window = 0.0;            ///< area-weighted g_gl,n of the windows after measures
  double window_area_horizontal_m2 = 0.0;
  /// Window areas facing east, south, west, north (m²).
  std::array<double, 4> window_area_east_south_west_north_m2{};
  TabulaBoundaryConditions conditions;

  /// h_tr = H_tr / A_ref, W/(m²K).
  double h_tr_w_per_m2k() const { return h_tr_w_per_k / a_ref_m2; }
  /// h_ve = H_ve / A_ref, W/(m²K).
  double h_ve_w_per_m2k() const { return h_ve_w_per_k / a_ref_m2; }
};

/// TABULA's published values of a variant. For comparison only: nothing here feeds the model.
struct TabulaReference {
  std::string variant_code;
  double h_tr_w_per_m2k = 0.0;      ///< published h_Transmission (rounded to 0.01)
  double h_ve_w_per_m2k = 0.0;      ///< published h_Ventilation (rounded to 0.01)
  double q_h_nd_kwh_per_m2a = 0.0;  ///< published energy need for heating per A_ref (rounded to 0.1)
};

/// Reads every row of `typology_csv` (data/typology/tabula_de.csv, columns found by
/// name) and completes it from `source_csv` (the unchanged TABULA export tabula_DE_complete.csv)
/// with what tabula_de.csv does not carry: window areas per orientation, g values of refurbished
/// windows, the climate's irradiation and TABULA's use parameters. The two files must agree on
/// A_ref, heating days, θ_e and θ_i. Throws InputError naming file, line and column on bad data.
std::vector<TabulaCase> read_tabula_cases(const std::string& typology_csv, const std::string& source_csv);

/// Reads the published reference values of every row of `typology_csv`, in file order.
std::vector<TabulaReference> read_tabula_references(const std::string& typology_csv);

/// TABULA's temperature reduction factor F_red for h_tr in W/(m²K): F_red,htr1 at h_tr = 1,
/// linear to F_red,htr4 at h_tr = 4 and constant beyond; below h_tr = 1 it rises linearly by
/// (1 − F_red,htr1) per 0.5 W/(m²K) (reaching 1 at h_tr = 0.5; well insulated buildings cool down
/// little during setback). This reproduces the F_red_temp column of the TABULA export.
double tabula_temperature_reduction_factor(double h_tr_w_per_m2k, double f_red_htr1, double f_red_htr4);

/// The heating season of `conditions` as one balance period. The diagonal sectors (NE, SE, SW,
/// NW), which TABULA does not use, get the mean of their neighbours.
MonthlyClimate tabula_season(const TabulaBoundaryConditions& conditions);

/// Balance inputs of `cases` (one building per case, in order) under their own boundary
/// conditions; the set-point is the reduced θ_e + F_red · (θ_i − θ_e).
MonthlyBuildingInputs tabula_balance_inputs(std::span<const TabulaCase> cases);

/// Result of one variant of run_tabula_cases, per A_ref.
struct TabulaOutcome {
  double q_h_nd_kwh_per_m2a = 0.0;
  double q_ht_kwh_per_m2a = 0.0;
  double q_gn_kwh_per_m2a = 0.0;
  double eta_gn = 0.0;
  double temperature_reduction_factor = 0.0;
};

/// Runs every case through solve_monthly_balance as one seasonal period with TABULA's
/// utilisation parameters (GainUtilisation::seasonal()), one kernel call per group of cases with
/// the same season. Returns one outcome per case, in order.
std::vector<TabulaOutcome> run_tabula_cases(std::span<const TabulaCase> cases);

}  // namespace heattwin::solvers::demand
