// Tests of the expected consumption (solvers/demand/consumption.hpp): the TABULA adaptation curves
// at and between their published nodes, and the vacancy factors.

#include "solvers/demand/consumption.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace heattwin::solvers::demand {
namespace {

TEST(Consumption, AdaptationFactorIsTheTabulaTableAtItsNodes) {
  // Tab.CalcAdapt DE.M.01 (IWU tabuladata 0.1.2): 1.1, 1.0, 0.84, 0.7, 0.6, 0.5 at 0…500 kWh/(m²a).
  const auto fuel = AdaptationCurve::central_fuel_or_district_heat;
  EXPECT_DOUBLE_EQ(tabula_adaptation_factor(0.0, fuel), 1.1);
  EXPECT_DOUBLE_EQ(tabula_adaptation_factor(100.0, fuel), 1.0);
  EXPECT_DOUBLE_EQ(tabula_adaptation_factor(200.0, fuel), 0.84);
  EXPECT_DOUBLE_EQ(tabula_adaptation_factor(300.0, fuel), 0.7);
  EXPECT_DOUBLE_EQ(tabula_adaptation_factor(400.0, fuel), 0.6);
  EXPECT_DOUBLE_EQ(tabula_adaptation_factor(500.0, fuel), 0.5);
  // DE.M.03 stoves at 200: 0.73; DE.M.02 heat pumps at 100: 0.8.
  EXPECT_DOUBLE_EQ(tabula_adaptation_factor(200.0, AdaptationCurve::stove), 0.73);
  EXPECT_DOUBLE_EQ(tabula_adaptation_factor(100.0, AdaptationCurve::heat_pump), 0.8);
}

TEST(Consumption, AdaptationFactorIsLinearBetweenNodesAndConstantAbove500) {
  const auto fuel = AdaptationCurve::central_fuel_or_district_heat;
  EXPECT_NEAR(tabula_adaptation_factor(150.0, fuel), 0.92, 1e-12);  // (1.0 + 0.84) / 2
  EXPECT_NEAR(tabula_adaptation_factor(250.0, fuel), 0.77, 1e-12);  // (0.84 + 0.7) / 2
  EXPECT_NEAR(tabula_adaptation_factor(50.0, fuel), 1.05, 1e-12);
  EXPECT_DOUBLE_EQ(tabula_adaptation_factor(900.0, fuel), 0.5);
  EXPECT_TRUE(std::isnan(tabula_adaptation_factor(-1.0, fuel)));
  EXPECT_TRUE(std::isnan(tabula_adaptation_factor(std::nan(""), fuel)));
  // Monotone non-increasing from 0 to 600 on every curve.
  for (int c = 0; c < 4; ++c) {
    double previous = 2.0;
    for (double q = 0.0; q <= 600.0; q += 5.0) {
      const double f = tabula_adaptation_factor(q, static_cast<AdaptationCurve>(c));
      EXPECT_LE(f, previous + 1e-15) << "curve " << c << " q " << q;
      previous = f;
    }
  }
}

TEST(Consumption, ResidentialFactorsCombineAdaptationAndVacancy) {
  ConsumptionSettings s;
  s.vacant_floor_area_share = 0.1;
  s.vacant_heating_share = 0.5;
  // 100 m², 18,000 kWh heating + 2,000 kWh hot water, boiler efficiency 0.8 → q_del = 250.
  const auto f = residential_consumption_factors(18'000.0, 2'000.0, 100.0, 1.0 / 0.8,
                                                 AdaptationCurve::central_fuel_or_district_heat, s);
  EXPECT_NEAR(f.adaptation, 0.77, 1e-12);
  EXPECT_NEAR(f.vacancy_heating, 0.95, 1e-12);
  EXPECT_NEAR(f.vacancy_hot_water, 0.9, 1e-12);
  EXPECT_NEAR(f.heating(), 0.77 * 0.95, 1e-12);
  EXPECT_NEAR(f.hot_water(), 0.77 * 0.9, 1e-12);
  // Without floor area or demand: adaptation 1, vacancy kept; adaptation off: 1.
  EXPECT_DOUBLE_EQ(residential_consumption_factors(0.0, 0.0, 100.0, 1.0, AdaptationCurve::stove, s).adaptation, 1.0);
  EXPECT_DOUBLE_EQ(residential_consumption_factors(5.0, 0.0, 0.0, 1.0, AdaptationCurve::stove, s).adaptation, 1.0);
  s.adaptation = false;
  EXPECT_DOUBLE_EQ(
      residential_consumption_factors(18'000.0, 2'000.0, 100.0, 1.25, AdaptationCurve::stove, s).adaptation, 1.0);
}

TEST(Consumption, DefaultVacancyIsTheCensusRateTimesTheSizeRatio) {
  // Zensus 2022 Sachsen-Anhalt: 8.9 % of dwellings empty; size classes 44.4 % < 60 m²,
  // 12.8 % > 100 m² at class means 45 / 75 / 115 m² over the 84.0 m² mean dwelling.
  const double vacant_mean_m2 = 0.444 * 45.0 + (1.0 - 0.444 - 0.128) * 75.0 + 0.128 * 115.0;
  EXPECT_NEAR(ConsumptionSettings{}.vacant_floor_area_share, 0.089 * vacant_mean_m2 / 84.0, 5e-5);
}

}  // namespace
}  // namespace heattwin::solvers::demand

// ---------------------------------------------------------------------------------------------
// Calibration to metered heat (docs/DEMAND.md "Calibration to metered heat") on a generated
// "metered" sample, judged by ASHRAE Guideline 14.

#include "solvers/demand/hourly_5r1c.hpp"
#include "solvers/demand/stock_model.hpp"
#include "solvers/demand/weather.hpp"
#include "tests/unit/validation_line.hpp"
#include "twin/building_set.hpp"

#include <algorithm>
#include <cstdio>
#include <random>

namespace heattwin::solvers::demand {
namespace {

TEST(Consumption, Ashrae14MetricsByHand) {
  const std::vector<double> measured{10.0, 20.0, 30.0, 40.0}, simulated{12.0, 18.0, 30.0, 36.0};
  // Σ(y − ŷ) = −2 + 2 + 0 + 4 = 4; n − p = 3; ȳ = 25 → NMBE = 4 / 75.
  // Σ(y − ŷ)² = 4 + 4 + 0 + 16 = 24 → CV(RMSE) = √8 / 25.
  const auto m = ashrae14_metrics(measured, simulated);
  EXPECT_NEAR(m.nmbe, 4.0 / 75.0, 1e-15);
  EXPECT_NEAR(m.cv_rmse, std::sqrt(8.0) / 25.0, 1e-15);
  EXPECT_TRUE(std::isnan(ashrae14_metrics(measured, std::vector<double>{1.0}).nmbe));
}

/// 24 residential buildings with every envelope value known, one region each.
twin::BuildingSet metered_sample() {
  twin::BuildingSet b;
  for (std::size_t k = 0; k < 24; ++k) {
    const auto i = b.append_unknown("m" + std::to_string(k));
    const double u = static_cast<double>(k % 12) / 11.0;
    b.footprint_area_m2[i] = 90.0 + 400.0 * u;
    b.height_m[i] = 6.0 + 3.0 * static_cast<double>(k % 3);
    b.perimeter_m[i] = 4.0 * std::sqrt(b.footprint_area_m2[i]);
    b.heated_floor_area_m2[i] = 0.32 * b.footprint_area_m2[i] * b.height_m[i];
    b.wall_area_m2[i] = b.perimeter_m[i] * b.height_m[i];
    b.shared_wall_area_m2[i] = (k % 4 == 0) ? 0.3 * b.wall_area_m2[i] : 0.0;
    b.roof_area_m2[i] = 1.1 * b.footprint_area_m2[i];
    b.u_wall_w_per_m2k[i] = 0.25 + 1.3 * u;
    b.u_roof_w_per_m2k[i] = 0.2 + 1.0 * u;
    b.u_floor_w_per_m2k[i] = 0.3 + 0.6 * u;
    b.u_window_w_per_m2k[i] = 1.1 + 1.7 * u;
    b.window_area_m2[i] = 0.15 * b.heated_floor_area_m2[i];
    b.air_change_1_per_h[i] = 0.5 + 0.3 * u;
    b.use_class[i] = static_cast<std::uint8_t>(twin::UseClass::residential);
    b.age_class[i] = static_cast<std::uint8_t>(1 + k % 12);
    b.municipality[i] = static_cast<std::uint32_t>(k);
  }
  b.finish_footprints();
  return b;
}

TEST(Consumption, CalibrationToMeteredHeatAgainstAshraeGuideline14) {
  // The "meters" are an independent truth: the same buildings as their occupants run them (19 °C,
  // 16 °C at night instead of the standard 20/18 °C, and a seeded ±30 % scatter of the air change,
  // e.g. window opening), plus hot water at 12 kWh/(m²a) spread evenly. The model is the standard
  // demand. The run's calibration (calibration_factor = metered / computed annual heat) scales the
  // model's monthly and hourly heat; Guideline 14 judges the scaled series against the meters.
  const twin::BuildingSet standard_stock = metered_sample();
  twin::BuildingSet occupied_stock = standard_stock;
  std::mt19937_64 rng(23);
  std::uniform_real_distribution<double> scatter(0.7, 1.3);
  for (auto& n : occupied_stock.air_change_1_per_h) n *= scatter(rng);
  const HourlyWeather weather = read_weather(std::string(HEATTWIN_SOURCE_DATA_DIR) + "/weather/TRY2010_04_Jahr.dat");
  const auto simulate = [&](const twin::BuildingSet& b, double setpoint, double setback) {
    StockModelSettings settings;
    settings.heating_setpoint_c = setpoint;
    settings.night_setback_c = setback;
    const StockModel model = build_stock_model(b, {}, settings);
    Rc5Options options;
    options.warmup_days = 14;
    return simulate_5r1c(model.buildings, model.schedules, stock_climate(weather, settings), options);
  };
  const Rc5Results model = simulate(standard_stock, 20.0, 18.0);
  const Rc5Results meter = simulate(occupied_stock, 19.0, 16.0);
  ASSERT_EQ(model.regions.size(), 24u);
  ASSERT_EQ(meter.regions, model.regions);

  double worst_monthly_nmbe = 0.0, worst_monthly_cv = 0.0, worst_hourly_nmbe = 0.0, worst_hourly_cv = 0.0;
  double worst_uncalibrated_nmbe = 0.0;
  std::vector<double> hourly_cv;
  for (std::size_t k = 0; k < model.regions.size(); ++k) {
    const double hot_water_w = 12.0 * standard_stock.heated_floor_area_m2[model.regions[k]] * 1000.0 / HOURS_PER_YEAR;
    std::vector<double> model_hourly(HOURS_PER_YEAR), meter_hourly(HOURS_PER_YEAR);
    std::vector<double> model_monthly(12, 0.0), meter_monthly(12, 0.0);
    for (std::size_t h = 0; h < HOURS_PER_YEAR; ++h) {
      model_hourly[h] = model.region_heating_w[k][h] + hot_water_w;
      meter_hourly[h] = meter.region_heating_w[k][h] + hot_water_w;
      const auto m = static_cast<std::size_t>(weather.month[h] - 1);
      model_monthly[m] += model_hourly[h] / 1000.0;
      meter_monthly[m] += meter_hourly[h] / 1000.0;
    }
    double model_annual = 0.0, meter_annual = 0.0;
    for (std::size_t m = 0; m < 12; ++m) {
      model_annual += model_monthly[m];
      meter_annual += meter_monthly[m];
    }
    worst_uncalibrated_nmbe =
        std::max(worst_uncalibrated_nmbe, std::abs(ashrae14_metrics(meter_monthly, model_monthly).nmbe));
    const double factor = meter_annual / model_annual;  // the run's calibration_factor
    for (auto& v : model_monthly) v *= factor;
    for (auto& v : model_hourly) v *= factor;
    const auto monthly = ashrae14_metrics(meter_monthly, model_monthly);
    const auto hourly = ashrae14_metrics(meter_hourly, model_hourly);
    worst_monthly_nmbe = std::max(worst_monthly_nmbe, std::abs(monthly.nmbe));
    worst_monthly_cv = std::max(worst_monthly_cv, monthly.cv_rmse);
    worst_hourly_nmbe = std::max(worst_hourly_nmbe, std::abs(hourly.nmbe));
    worst_hourly_cv = std::max(worst_hourly_cv, hourly.cv_rmse);
    hourly_cv.push_back(hourly.cv_rmse);
  }
  std::sort(hourly_cv.begin(), hourly_cv.end());
  const auto hourly_within =
      static_cast<std::size_t>(std::count_if(hourly_cv.begin(), hourly_cv.end(), [](double cv) { return cv <= 0.30; }));
  using heattwin::test::ValidationLine;
  // Monthly: both ASHRAE Guideline 14 criteria for every building (asserted).
  ValidationLine("demand_calibration", "metered_sample_24", "monthly_nmbe")
      .field("worst_cv_rmse", worst_monthly_cv)
      .at_most("worst_abs_nmbe", worst_monthly_nmbe, 0.05);
  ValidationLine("demand_calibration", "metered_sample_24", "monthly_cv_rmse")
      .at_most("worst_cv_rmse", worst_monthly_cv, 0.15);
  // Hourly: an annual factor cannot move the hours of the night set-back, so buildings whose
  // occupants' schedule differs from the standard miss Guideline 14's hourly CV(RMSE) (measured
  // in issue 23: 39 % worst; docs/DEMAND.md). Asserted: the bias criterion for all buildings and
  // the CV(RMSE) criterion for most of them, so that a regression of the hourly shape shows; the
  // worst building's CV(RMSE) against the criterion is reported, not asserted.
  ValidationLine("demand_calibration", "metered_sample_24", "hourly_nmbe")
      .at_most("worst_abs_nmbe", worst_hourly_nmbe, 0.10);
  ValidationLine("demand_calibration", "metered_sample_24", "hourly_cv_rmse_worst")
      .field("median_cv_rmse", hourly_cv[hourly_cv.size() / 2])
      .field("buildings_within", hourly_within)
      .inform_within("worst_cv_rmse", worst_hourly_cv, 0.0, 0.30);
  ValidationLine("demand_calibration", "metered_sample_24", "hourly_cv_rmse_buildings_within")
      .field("of", hourly_cv.size())
      .within("buildings_within", static_cast<double>(hourly_within), static_cast<double>(hourly_cv.size() / 2),
              static_cast<double>(hourly_cv.size()), 0);
  // Without the calibration the standard demand misses the meters by more than Guideline 14 allows.
  ValidationLine("demand_calibration", "metered_sample_24", "monthly_uncalibrated_nmbe")
      .field("worst_abs_nmbe", worst_uncalibrated_nmbe)
      .holds(worst_uncalibrated_nmbe > 0.05);
}

}  // namespace
}  // namespace heattwin::solvers::demand
