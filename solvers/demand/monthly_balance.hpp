#pragma once
/// \file Quasi-steady-state heating balance of EN ISO 13790:2008 (§7 monthly method, §12 heat
/// balance, §13 utilisation) and DIN V 18599-2 for many buildings at once: per building and
/// period Q_H,nd = Q_H,ht − η_H,gn · Q_H,gn with
///   Q_H,ht = (H_tr + H_ve)(θ_i − θ_e) t,   Q_H,gn = Q_int + Q_sol,
///   γ_H = Q_H,gn / Q_H,ht,   τ = C_m / (3600 (H_tr + H_ve)),   a_H = a_H,0 + τ/τ_H,0.
/// The periods are calendar months (a_H,0 = 1, τ_H,0 = 15 h) or one heating season (the seasonal
/// method; TABULA uses a_H,0 = 0.8, τ_H,0 = 30 h), see GainUtilisation.
///
/// What the caller puts into the columns (and what is therefore *not* modelled here):
/// - H_tr holds only the heat transfer to the outside and to unheated spaces (b_tr-weighted) plus
///   thermal bridges. Walls shared with heated neighbours are adiabatic: leave them out of H_tr.
/// - Intermittent heating, night setback and partly heated floor area (DIN V 18599-2 §6.1) enter
///   as a lower, time-averaged set-point (`setpoint_heating_c`).
/// - Solar gains use effective collecting areas per orientation (glazing_solar_aperture_m2 and,
///   optionally, opaque_solar_aperture_m2 added to the same column). The extra long-wave
///   radiation to the sky (ISO 13790 §11.3.5) and gains from unheated sunspaces are not modelled.

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace heattwin::solvers::demand {

/// The eight orientation sectors of vertical surfaces (45° wide, centred on the direction the
/// surface faces). Values index ClimatePeriod::solar_vertical_kwh_per_m2 and
/// MonthlyBuildingInputs::solar_aperture_vertical_m2.
enum class Orientation : std::uint8_t {
  north = 0,
  north_east = 1,
  east = 2,
  south_east = 3,
  south = 4,
  south_west = 5,
  west = 6,
  north_west = 7,
};

/// Number of orientation sectors of vertical surfaces.
inline constexpr std::size_t ORIENTATION_COUNT = 8;

/// Short name of a sector ("N", "NE", …, "NW") for messages and tables.
std::string_view orientation_name(Orientation orientation);

/// One balance period: a calendar month, or a whole heating season.
struct ClimatePeriod {
  std::string name;                          ///< used in messages ("Jan", "heating season")
  double duration_h = 0.0;                   ///< t, length of the period in hours; > 0
  double outdoor_temperature_c = 0.0;        ///< θ_e, mean outdoor air temperature over the period (°C)
  double solar_horizontal_kwh_per_m2 = 0.0;  ///< solar irradiation on a horizontal surface over the period
  /// Solar irradiation on vertical surfaces over the period, per sector (index = Orientation).
  std::array<double, ORIENTATION_COUNT> solar_vertical_kwh_per_m2{};
};

/// The climate of a balance: the list of periods, in the order the results are stored.
/// Twelve months for the monthly method, one period for a seasonal balance.
struct MonthlyClimate {
  std::string name;  ///< used in messages (e.g. "TRY 2015 region 4", "TABULA DE.N season")
  std::vector<ClimatePeriod> periods;

  /// Hours of January … December (31·24, 28·24 or 29·24, …).
  static std::array<double, 12> month_hours(bool leap_year = false);
};

/// Parameters of the numerical factor a_H = a_H,0 + τ/τ_H,0 of the gain utilisation (ISO 13790
/// §12.2.1.1). The standard gives one pair for the monthly method and one for the seasonal method;
/// TABULA's seasonal calculation uses the latter.
struct GainUtilisation {
  double a0 = 1.0;       ///< a_H,0, dimensionless; > 0
  double tau0_h = 15.0;  ///< τ_H,0 in hours; > 0

  /// Monthly method: a_H,0 = 1, τ_H,0 = 15 h.
  static constexpr GainUtilisation monthly() { return {1.0, 15.0}; }
  /// Seasonal method (and TABULA): a_H,0 = 0.8, τ_H,0 = 30 h.
  static constexpr GainUtilisation seasonal() { return {0.8, 30.0}; }
};

/// Inputs of a balance, one column per quantity and one row per building (structure of arrays).
/// Every column must have size() entries; all values finite and ≥ 0 except the set-point (finite);
/// H_tr + H_ve > 0 and the floor area > 0 for every building.
struct MonthlyBuildingInputs {
  /// H_tr: transmission heat transfer coefficient to the outside, unheated spaces (b_tr-weighted)
  /// and ground, incl. thermal bridges (W/K). Shared walls to heated neighbours are not included.
  std::vector<double> h_tr_w_per_k;
  /// H_ve: ventilation heat transfer coefficient, ρ_a c_a times the time-averaged air flow (W/K).
  std::vector<double> h_ve_w_per_k;
  /// Conditioned floor area (m²) to which the internal gains refer (A_C / A_ref / A_N).
  std::vector<double> conditioned_floor_area_m2;
  /// C_m: internal heat capacity of the building (J/K), e.g. 45 Wh/(m²K) · 3600 · A_C.
  std::vector<double> internal_capacity_j_per_k;
  /// Time-averaged internal heat gains per conditioned floor area (W/m²).
  std::vector<double> internal_gains_w_per_m2;
  /// θ_i: time-averaged heating set-point (°C); lower it for intermittent or partial heating.
  std::vector<double> setpoint_heating_c;
  /// Effective solar collecting area of horizontal (and near-horizontal) surfaces (m²).
  std::vector<double> solar_aperture_horizontal_m2;
  /// Effective solar collecting area of vertical surfaces per sector (m², index = Orientation):
  /// F_sh · g_gl · (1 − F_F) · A_w of the windows, plus α R_se U A of opaque parts if wanted.
  std::array<std::vector<double>, ORIENTATION_COUNT> solar_aperture_vertical_m2;

  /// Optional set points and gains per period, shared by groups of buildings (the stock model's
  /// use schedules, whose days of use differ from month to month: DIN V 18599-2 weights each
  /// month by its usage days). Empty (the default): setpoint_heating_c and
  /// internal_gains_w_per_m2 hold in every period. Otherwise building b belongs to group
  /// g = period_group[b], and in period p (P periods) θ_i = group_setpoint_c[g·P + p] and the
  /// internal gains are internal_gains_w_per_m2[b] · group_gain_factor[g·P + p] (setpoint_heating_c
  /// is then not read). Not touched by resize().
  std::vector<std::uint32_t> period_group;
  std::vector<double> group_setpoint_c;   ///< [group · P + period], °C; finite
  std::vector<double> group_gain_factor;  ///< [group · P + period], dimensionless; finite, ≥ 0
  /// Number of buildings (the size of h_tr_w_per_k; validation checks that all columns agree).
  std::size_t size() const { return h_tr_w_per_k.size(); }
  /// Resizes every column to `building_count`; new entries are 0.
  void resize(std::size_t building_count);
};

/// Parameters of a balance and what to keep besides Q_H,nd.
struct MonthlyBalanceOptions {
  GainUtilisation utilisation = GainUtilisation::monthly();
  /// Also keep Q_H,ht, Q_H,gn and η_H,gn per building and period: three more arrays of the size of
  /// q_h_nd_kwh (for 1.2 M buildings × 12 months another 346 MB). Off by default: a state-wide run
  /// needs Q_H,nd, and fresh memory is expensive to touch (docs/PERFORMANCE.md).
  bool store_components = false;
};

/// Results of a balance. Per-building-and-period arrays are period-major: the value of building
/// `b` in period `p` is at `p * building_count + b` (see index()).
struct MonthlyBalanceResult {
  std::size_t building_count = 0;
  std::size_t period_count = 0;
  std::vector<double> q_h_nd_kwh;  ///< Q_H,nd: energy need for space heating (kWh), ≥ 0
  std::vector<double>
      q_ht_kwh;  ///< Q_H,ht: transmission + ventilation heat transfer (kWh); empty unless store_components
  std::vector<double> q_gn_kwh;                 ///< Q_H,gn: internal + solar gains (kWh); empty unless store_components
  std::vector<double> eta_gn;                   ///< η_H,gn: gain utilisation factor; empty unless store_components
  std::vector<double> annual_q_h_nd_kwh;        ///< per building, Σ over the periods in period order
  std::vector<double> period_total_q_h_nd_kwh;  ///< per period, Σ over all buildings (fixed blocks)
  double total_q_h_nd_kwh = 0.0;                ///< Σ of period_total_q_h_nd_kwh in period order

  /// Position of (building, period) in the per-building-and-period arrays.
  std::size_t index(std::size_t building, std::size_t period) const { return period * building_count + building; }
  /// Q_H,nd of all buildings in one period (a view into q_h_nd_kwh).
  std::span<const double> q_h_nd_of_period(std::size_t period) const {
    return std::span<const double>(q_h_nd_kwh).subspan(period * building_count, building_count);
  }
};

/// Buildings per block of the kernel. Blocks are the unit of parallel work and of the partial
/// sums behind every total, so totals do not depend on the number of threads.
inline constexpr std::size_t MONTHLY_BALANCE_BLOCK = 1024;

/// Gain utilisation factor η_H,gn of ISO 13790 §12.2.1.1 for gains `q_gn` ≥ 0 and heat transfer
/// `q_ht` (same unit), numerical parameter `a` > 0 (a_H ≥ a_H,0 > 0):
///   γ > 0, γ ≠ 1: η = (1 − γ^a)/(1 − γ^(a+1));   γ = 1: η = a/(a + 1);   γ < 0: η = 1/γ.
/// Q_ht ≤ 0 (θ_e ≥ θ_i) is the γ < 0 case: η = Q_ht/Q_gn ≤ 0, so Q_H,nd = 0; without gains then 0.
/// Evaluated as η = m/(m + (1 − m)(1 − r)) with r = min(γ, 1/γ), m = 1 − r^a (times r when
/// γ > 1), which is free of overflow for large γ; m comes from expm1 where r^a is close to 1, so
/// there is no cancellation near γ = 1 either (and from the faster exp elsewhere).
inline double gain_utilisation_factor(double q_gn, double q_ht, double a) {
  if (!(q_ht > 0.0)) return q_gn > 0.0 ? q_ht / q_gn : 0.0;
  const double gamma = q_gn / q_ht;
  const bool above_one = gamma > 1.0;
  const double r = above_one ? 1.0 / gamma : gamma;                  // in [0, 1]
  const double l = a * std::log(r);                                  // ln r^a ≤ 0; r = 0 gives −inf and m = 1
  const double m = l > -0.125 ? -std::expm1(l) : 1.0 - std::exp(l);  // 1 − r^a, relative error ~1e-16
  const double core = r < 1.0 ? m / (m + (1.0 - m) * (1.0 - r)) : a / (a + 1.0);
  return above_one ? core * r : core;
}

/// Checks inputs, climate and options; throws InputError naming the column, the building (or
/// period) index, the value found and the value expected. The first invalid building of a column
/// is reported. O(buildings · columns).
void validate_monthly_inputs(const MonthlyBuildingInputs& inputs, const MonthlyClimate& climate,
                             const MonthlyBalanceOptions& options = {});

/// Runs the balance for every building and period (after validate_monthly_inputs). Buildings are
/// processed in blocks of MONTHLY_BALANCE_BLOCK, in parallel over blocks (OpenMP, static schedule);
/// within a block the inner loops run over buildings. Results are bit-identical for any number of
/// threads. O(buildings · periods) time; memory: the result arrays (1 or 4 × buildings × periods
/// doubles), allocated here.
MonthlyBalanceResult solve_monthly_balance(const MonthlyBuildingInputs& inputs, const MonthlyClimate& climate,
                                           const MonthlyBalanceOptions& options = {});

/// As above, but writes into `result` and reuses the memory of its arrays: nothing is allocated
/// when `result` already held a result at least this large. Meant for sweeps over one stock
/// (scenario years, climates, refurbishment packages), where touching fresh memory for every run
/// would cost more than the balance itself. Every field of `result` is overwritten.
void solve_monthly_balance(const MonthlyBuildingInputs& inputs, const MonthlyClimate& climate,
                           const MonthlyBalanceOptions& options, MonthlyBalanceResult& result);

/// Effective solar collecting area of glazing (ISO 13790 §11.3.3, §11.4.2):
/// A_sol = F_sh · F_w · g_n · (1 − F_F) · A_w, all factors dimensionless, area in m².
/// `shading_factor` F_sh (external obstacles and movable shading), `frame_fraction` F_F,
/// `non_perpendicular_factor` F_w (0.9 in ISO 13790 and TABULA).
double glazing_solar_aperture_m2(double window_area_m2, double g_normal, double frame_fraction, double shading_factor,
                                 double non_perpendicular_factor = 0.9);

/// Effective solar collecting area of an opaque element (ISO 13790 §11.3.4):
/// A_sol = F_sh · α_S · R_se · U · A (absorptance α_S, external surface resistance R_se in m²K/W,
/// 0.04 for EN ISO 6946 walls). Add it to the element's orientation column when wanted.
double opaque_solar_aperture_m2(double area_m2, double u_w_per_m2k, double absorptance, double r_se_m2k_per_w = 0.04,
                                double shading_factor = 1.0);

}  // namespace heattwin::solvers::demand
