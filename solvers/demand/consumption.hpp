#pragma once
/// \file Expected consumption from the standard demand: the empirical adaptation of calculated
/// demand to the typical level of measured consumption (TABULA/IWU, "prebound effect") and the
/// vacancy of dwellings. The standard demand (the 5R1C or monthly result with standard use,
/// 20 °C, every dwelling occupied) stays what it is: it compares buildings and refurbishment
/// packages. The expected consumption is what a heat plan, a network and CO2 balances use.
///
/// Sources (docs/DEMAND.md "Standard demand and expected consumption"):
/// - Adaptation factor: IWU's TABULA parameter table Tab.CalcAdapt, as shipped in the R data
///   package `tabuladata` (IWUGERMANY/tabuladata, data/calcadapt.rda, version 0.1.2, CC BY 4.0;
///   consistent with TABULA.xlsm / tabula-values.xlsx of the TABULA/EPISCOPE projects), rows
///   DE.M.01–DE.M.04 "adaptation to the typical level of measured consumption", and its use in
///   IWU's MobasyModel (TobiasLoga/MobasyModel, R/17_CalcSystem.R): F_CalcAdapt is linear between
///   nodes at q_del = 0, 100, …, 500 kWh/(m²a) of delivered energy for heating and hot water per
///   m² reference area, and constant above 500.
/// - Vacancy: Zensus 2022, Statistisches Landesamt Sachsen-Anhalt: 108,650 of the dwellings in
///   residential buildings (without dormitories) empty on 15 May 2022, a vacancy rate of 8.9 %
///   (the highest of the German states); 44.4 % of the empty dwellings smaller than 60 m²,
///   12.8 % larger than 100 m².

#include <array>
#include <cstdint>
#include <span>

namespace heattwin::solvers::demand {

/// The TABULA adaptation curves of Germany (Tab.CalcAdapt codes DE.M.01 … DE.M.04), chosen by the
/// building's heating system as MobasyModel does (central systems with fuels or district heat,
/// central heat pumps, manually fired stoves, direct electric heating). The heat-pump curve is
/// over the delivered electricity; Tab.CalcAdapt describes it as "experience values transferred
/// from fuel fired systems (calibrated by generated thermal energy)", so the run evaluates heat
/// pumps on the fuel curve with their generated heat (expenditure 1) instead, which is the same
/// calibration without a seasonal performance factor.
enum class AdaptationCurve : std::uint8_t { central_fuel_or_district_heat, heat_pump, stove, direct_electric };

/// Nodes of the curves: delivered energy for heating + hot water, kWh per m² reference area and
/// year, and the factor measured / calculated at each node (Tab.CalcAdapt F_CalcAdapt_000 … _500).
inline constexpr std::array<double, 6> ADAPTATION_Q_DEL_NODES_KWH_PER_M2A = {0.0, 100.0, 200.0, 300.0, 400.0, 500.0};
inline constexpr std::array<std::array<double, 6>, 4> ADAPTATION_FACTOR_NODES = {{
    {1.1, 1.0, 0.84, 0.7, 0.6, 0.5},  // DE.M.01 central heating systems: fuels and district heating
    {1.1, 0.8, 0.6, 0.5, 0.5, 0.5},   // DE.M.02 central heating systems: electrical heat pumps
    {1.1, 0.9, 0.73, 0.6, 0.5, 0.4},  // DE.M.03 manually fired stoves
    {1.1, 0.9, 0.73, 0.6, 0.5, 0.4},  // DE.M.04 direct electric heating
}};

/// The factor measured / calculated consumption of `curve` at the calculated delivered energy
/// `q_del_kwh_per_m2a` (heating + hot water, per m² reference area): linear between the nodes,
/// the last node's value above 500. Precondition: q_del ≥ 0 and finite (else NaN). O(1).
double tabula_adaptation_factor(double q_del_kwh_per_m2a, AdaptationCurve curve);

/// Settings of the expected consumption ([demand] keys of a scenario; docs/SCENARIOS.md).
struct ConsumptionSettings {
  /// Share of the residential heated floor area that is vacant. Default: Zensus 2022
  /// Sachsen-Anhalt, 8.9 % of the dwellings empty, × 0.8, the mean size of an empty dwelling
  /// over the mean size of all dwellings (84.0 m²): the size classes of the empty dwellings
  /// (44.4 % < 60 m², 42.8 % 60–100 m², 12.8 % > 100 m²) at assumed class means of 45, 75 and
  /// 115 m² give 66.8 m² (HeatTwin estimate) → 0.089 × 66.8 / 84.0 = 0.0708.
  double vacant_floor_area_share = 0.0708;
  /// Space heating of a vacant dwelling relative to an occupied one. HeatTwin assumption 0.5:
  /// an empty flat inside an occupied building is kept from freezing and warmed through its
  /// party walls, so the building saves about half of its share. Hot water of a vacant dwelling
  /// is 0 (nobody taps water).
  double vacant_heating_share = 0.5;
  /// Apply the TABULA adaptation (false: factor 1, vacancy only).
  bool adaptation = true;
};

/// The factors of one residential building: expected consumption = standard demand × factor.
struct ConsumptionFactors {
  double adaptation = 1.0;         ///< TABULA measured / calculated at the building's q_del
  double vacancy_heating = 1.0;    ///< 1 − vacant share × (1 − vacant_heating_share)
  double vacancy_hot_water = 1.0;  ///< 1 − vacant share
  double heating() const { return adaptation * vacancy_heating; }
  double hot_water() const { return adaptation * vacancy_hot_water; }
};

/// Factors of a residential building with standard demand `heating_kwh` + `hot_water_kwh`
/// (useful heat, kWh/a) on `floor_area_m2`, whose heating system needs `expenditure` kWh of
/// delivered energy per kWh of heat (1 / generator efficiency; 1 for heat pumps and district
/// heat, whose delivered energy TABULA counts as heat at the building). q_del = (heating +
/// hot water) × expenditure / floor area. A building without floor area or demand gets the
/// vacancy factors and adaptation 1. O(1).
ConsumptionFactors residential_consumption_factors(double heating_kwh, double hot_water_kwh, double floor_area_m2,
                                                   double expenditure, AdaptationCurve curve,
                                                   const ConsumptionSettings& settings);

/// Goodness of fit of a calibrated model against metered data, ASHRAE Guideline 14-2014 (§5.2.2.4,
/// Annex B): with measured y_i, simulated ŷ_i, n points, mean ȳ and p = 1 (as Guideline 14 uses
/// for calibrated simulation),
///   NMBE = Σ (y_i − ŷ_i) / ((n − p) · ȳ),   CV(RMSE) = √(Σ (y_i − ŷ_i)² / (n − p)) / ȳ,
/// both as fractions (× 100 for %). Guideline 14's calibration criteria: monthly data |NMBE| ≤ 5 %,
/// CV(RMSE) ≤ 15 %; hourly data |NMBE| ≤ 10 %, CV(RMSE) ≤ 30 %.
struct CalibrationMetrics {
  double nmbe = 0.0;
  double cv_rmse = 0.0;
};
/// Precondition: equal lengths n > p and ȳ ≠ 0 (else NaN). O(n).
CalibrationMetrics ashrae14_metrics(std::span<const double> measured, std::span<const double> simulated,
                                    int parameters = 1);

}  // namespace heattwin::solvers::demand
