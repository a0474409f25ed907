/// The stock model (twin buildings → 5R1C zones and monthly inputs): skip rules, conductances,
/// and the agreement of the hourly 5R1C model with the EN ISO 13790 monthly balance on the same
/// buildings and weather (two independent implementations of the standard).

#include "solvers/demand/stock_model.hpp"
#include "tests/unit/validation_line.hpp"
#include "twin/error.hpp"
#include "twin/types.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>

namespace dm = heattwin::solvers::demand;
namespace tw = heattwin::twin;

namespace {

/// A small stock with every envelope value known: sizes, ages and uses vary.
tw::BuildingSet small_stock(std::size_t n) {
  tw::BuildingSet b;
  for (std::size_t k = 0; k < n; ++k) {
    const auto i = b.append_unknown("b" + std::to_string(k));
    const double u = static_cast<double>(k % 17) / 16.0;
    b.footprint_area_m2[i] = 80.0 + 300.0 * u;
    b.height_m[i] = 6.0 + 3.0 * static_cast<double>(k % 4);
    b.perimeter_m[i] = 4.0 * std::sqrt(b.footprint_area_m2[i]);
    b.heated_floor_area_m2[i] = 0.32 * b.footprint_area_m2[i] * b.height_m[i];
    b.wall_area_m2[i] = b.perimeter_m[i] * b.height_m[i];
    b.shared_wall_area_m2[i] = (k % 3 == 0) ? 0.25 * b.wall_area_m2[i] : 0.0;
    b.roof_area_m2[i] = 1.1 * b.footprint_area_m2[i];
    b.u_wall_w_per_m2k[i] = 0.3 + 1.2 * u;
    b.u_roof_w_per_m2k[i] = 0.2 + 0.8 * u;
    b.u_floor_w_per_m2k[i] = 0.3 + 0.5 * u;
    b.u_window_w_per_m2k[i] = 1.3 + 1.5 * u;
    b.window_area_m2[i] = 0.15 * b.heated_floor_area_m2[i];
    b.air_change_1_per_h[i] = 0.5 + 0.3 * u;
    b.use_class[i] = static_cast<std::uint8_t>(k % 5 == 0 ? tw::UseClass::office : tw::UseClass::residential);
    b.age_class[i] = static_cast<std::uint8_t>(1 + k % 12);
    b.municipality[i] = static_cast<std::uint32_t>(k % 3);
  }
  b.finish_footprints();
  return b;
}

const std::string WEATHER = std::string(HEATTWIN_SOURCE_DATA_DIR) + "/weather/TRY2010_04_Jahr.dat";

}  // namespace

TEST(StockModel, SkipsAndConductances) {
  auto b = small_stock(10);
  b.use_class[1] = static_cast<std::uint8_t>(tw::UseClass::unheated);
  b.u_wall_w_per_m2k[2] = tw::NaN;
  const auto model = dm::build_stock_model(b, {});
  EXPECT_EQ(model.skipped_unheated, 1u);
  EXPECT_EQ(model.skipped_no_envelope, 1u);
  ASSERT_EQ(model.buildings.size(), 8u);
  // Building 0: walls spread over 8 sectors (no sector areas), a quarter of them shared.
  const std::size_t k = 0;
  const std::uint32_t i = model.twin_index[k];
  const double exposed = 0.75 * b.wall_area_m2[i];
  const double windows = b.window_area_m2[i];
  const double h_op = b.u_wall_w_per_m2k[i] * (exposed - windows) + b.u_roof_w_per_m2k[i] * b.roof_area_m2[i] +
                      b.u_floor_w_per_m2k[i] * b.footprint_area_m2[i];
  const auto monthly = dm::stock_monthly_inputs(model);
  EXPECT_NEAR(monthly.h_tr_w_per_k[k], h_op + b.u_window_w_per_m2k[i] * windows, 1e-9 * h_op);
  EXPECT_NEAR(monthly.h_ve_w_per_k[k], 1224.0 / 3600.0 * b.air_change_1_per_h[i] * 2.5 * b.heated_floor_area_m2[i],
              1e-9);
  EXPECT_EQ(model.buildings.region[k], b.municipality[i]);
}

TEST(StockModel, UseProfilesFromDinUseConditions) {
  const std::string table = std::string(HEATTWIN_SOURCE_DATA_DIR) + "/typology/use_conditions_teaser.json";
  const auto office = dm::load_use_profile(table, "Group Office (between 2 and 6 employees)");
  // Hour 10: persons 1 per 14 m² × 70 W × 0.8 + machines 7 W/m² × 0.8 + lighting from the
  // maintained illuminance, 500 lx / 150 lm/W, × 1.
  EXPECT_NEAR(office.gains_w_per_m2[10], 70.0 / 14.0 * 0.8 + 7.0 * 0.8 + 500.0 / 150.0, 1e-12);
  EXPECT_NEAR(office.gains_w_per_m2[3], 7.0 * 0.1, 1e-12);  // night: machines on stand-by only
  EXPECT_NEAR(office.heating_setpoint_c[0], 21.0, 1e-9);
  EXPECT_GT(office.convective_fraction, 0.3);
  EXPECT_LT(office.convective_fraction, 0.8);
  EXPECT_THROW(dm::load_use_profile(table, "Moon base"), heattwin::InputError);
  {
    // A week-long profile would carry its own weekdays: refused, not cut to its first day.
    std::ifstream in(table);
    auto json = nlohmann::json::parse(in);
    auto& lighting = json["Group Office (between 2 and 6 employees)"]["lighting_profile"];
    for (int h = 0; h < 24 * 6; ++h) lighting.push_back(0.0);
    const std::string week = ::testing::TempDir() + "use_conditions_week.json";
    std::ofstream(week) << json.dump();
    try {
      (void)dm::load_use_profile(week, "Group Office (between 2 and 6 employees)");
      ADD_FAILURE() << "a 168-hour profile was accepted";
    } catch (const heattwin::InputError& e) {
      EXPECT_NE(std::string(e.what()).find("'lighting_profile' must list 24 hourly values (one day of use; found 168)"),
                std::string::npos)
          << e.what();
    }
    std::remove(week.c_str());
  }
  // An office of the stock takes the profile as its schedule, with gains in W/m².
  auto b = small_stock(10);
  dm::StockModelSettings settings;
  settings.use_profiles[static_cast<std::uint8_t>(tw::UseClass::office)] = office;
  const auto model = dm::build_stock_model(b, {}, settings);
  ASSERT_EQ(model.schedules.size(), 3u);
  EXPECT_EQ(model.buildings.schedule[0], 2u);  // building 0 is an office (k % 5 == 0)
  EXPECT_EQ(model.buildings.internal_gains_w[0], model.buildings.floor_area_m2[0]);
  EXPECT_NEAR(model.schedules.internal_gain_fraction[2][24 + 10], office.gains_w_per_m2[10], 1e-12);
  EXPECT_EQ(model.buildings.schedule[1], 0u);  // residential
}

TEST(StockModel, HourlyAndMonthlyMethodsAgree) {
  const auto b = small_stock(200);
  const auto weather = dm::read_weather(WEATHER);
  const auto model = dm::build_stock_model(b, {});
  dm::Rc5Options options;
  options.warmup_days = 14;
  const auto hourly = dm::simulate_5r1c(model.buildings, model.schedules, dm::stock_climate(weather), options);
  const auto monthly = dm::solve_monthly_balance(dm::stock_monthly_inputs(model), dm::stock_monthly_climate(weather));
  double sum_hourly = 0.0, sum_monthly = 0.0, worst = 0.0;
  for (std::size_t k = 0; k < model.buildings.size(); ++k) {
    sum_hourly += hourly.annual_heating_kwh[k];
    sum_monthly += monthly.annual_q_h_nd_kwh[k];
    worst = std::max(worst, std::abs(monthly.annual_q_h_nd_kwh[k] / hourly.annual_heating_kwh[k] - 1.0));
  }
  const double rel = std::abs(sum_monthly / sum_hourly - 1.0);
  // The methods differ by design (utilisation factor vs dynamics, averaged set-back): the
  // stock totals must agree within 5 %, single buildings within 15 %.
  heattwin::test::ValidationLine("demand_methods", "stock_200", "annual_heating_monthly_vs_hourly")
      .field("n", model.buildings.size())
      .at_most("rel_err", rel, 0.05);
  heattwin::test::ValidationLine("demand_methods", "stock_200", "worst_building_monthly_vs_hourly")
      .field("n", model.buildings.size())
      .at_most("rel_err", worst, 0.15);
  // Monthly shapes agree too: January needs more than July in both.
  EXPECT_GT(hourly.monthly_heating_kwh[0], hourly.monthly_heating_kwh[6]);
  EXPECT_GT(monthly.q_h_nd_kwh[monthly.index(0, 0)], monthly.q_h_nd_kwh[monthly.index(0, 6)]);
}

TEST(StockModel, CalendarGivesOfficesTheirDaysWithoutUse) {
  // Office zones with the DIN V 18599-10 (TEASER) office profile: Monday to Friday versus every
  // day, on the TRY 2010 region 4 weather placed in 2025.
  const std::string table = std::string(HEATTWIN_SOURCE_DATA_DIR) + "/typology/use_conditions_teaser.json";
  const auto office = dm::load_use_profile(table, "Group Office (between 2 and 6 employees)");
  EXPECT_NEAR(office.non_usage_gains_w_per_m2, 7.0 * 0.1, 1e-12);  // machines on stand-by, nobody in, lights off
  auto b = small_stock(20);
  for (std::size_t i = 0; i < b.size(); ++i) b.use_class[i] = static_cast<std::uint8_t>(tw::UseClass::office);
  const auto weather = dm::read_weather(WEATHER);
  const auto climate = dm::stock_climate(weather);
  const auto monthly_climate = dm::stock_monthly_climate(weather);
  dm::Rc5Options options;
  options.warmup_days = 14;
  const auto office_use = static_cast<std::uint8_t>(tw::UseClass::office);
  struct Run {
    dm::StockModel model;
    dm::Rc5Results hourly;
    dm::MonthlyBalanceResult monthly;
  };
  const auto run = [&](bool calendar, dm::UsageDays usage) {
    dm::StockModelSettings s;
    s.use_profiles[office_use] = office;
    if (calendar) s.day_types = dm::weather_day_types(weather.month, weather.day, 2025);
    s.usage_days[office_use] = usage;
    Run r{dm::build_stock_model(b, {}, s), {}, {}};
    r.hourly = dm::simulate_5r1c(r.model.buildings, r.model.schedules, climate, options);
    r.monthly = dm::solve_monthly_balance(dm::stock_monthly_inputs(r.model, weather.month), monthly_climate);
    return r;
  };
  const Run off = run(false, dm::UsageDays::monday_to_friday);
  const Run every_day = run(true, dm::UsageDays::all_days);
  const Run workdays = run(true, dm::UsageDays::monday_to_friday);
  ASSERT_EQ(off.model.buildings.size(), b.size());
  // Calendar off, or every day a day of use: the 24-hour profile repeated, bit for bit.
  EXPECT_EQ(off.model.schedules.heating_setpoint_c, every_day.model.schedules.heating_setpoint_c);
  EXPECT_EQ(off.model.schedules.internal_gain_fraction, every_day.model.schedules.internal_gain_fraction);
  EXPECT_EQ(off.hourly.annual_heating_kwh, every_day.hourly.annual_heating_kwh);
  EXPECT_EQ(off.monthly.annual_q_h_nd_kwh, every_day.monthly.annual_q_h_nd_kwh);
  // Saturday 4 January 2025 at 10:00: set-back 16 °C and stand-by gains; Friday 3 January: the profile.
  const auto& heat = workdays.model.schedules.heating_setpoint_c[2];
  const auto& gains = workdays.model.schedules.internal_gain_fraction[2];
  EXPECT_EQ(heat[3 * 24 + 10], 16.0);
  EXPECT_NEAR(gains[3 * 24 + 10], 0.7, 1e-12);
  EXPECT_NEAR(heat[2 * 24 + 10], 21.0, 1e-9);
  EXPECT_EQ(gains[2 * 24 + 10], office.gains_w_per_m2[10]);
  // Days of use in 2025: 365 − 104 weekend days − 11 holidays (all on workdays in 2025).
  std::size_t use_days = 0;
  for (std::size_t d = 0; d < 365; ++d) use_days += heat[d * 24 + 12] > 20.0 ? 1 : 0;
  EXPECT_EQ(use_days, 365u - 104u - 11u);
  // Fewer days of use: lower heating need in both methods, for every zone.
  double sum_all = 0.0, sum_work = 0.0, msum_all = 0.0, msum_work = 0.0;
  std::size_t zones_lower = 0;  // zones with a lower need in both methods
  for (std::size_t k = 0; k < b.size(); ++k) {
    const bool lower = workdays.hourly.annual_heating_kwh[k] < every_day.hourly.annual_heating_kwh[k] &&
                       workdays.monthly.annual_q_h_nd_kwh[k] < every_day.monthly.annual_q_h_nd_kwh[k];
    zones_lower += lower ? 1 : 0;
    sum_all += every_day.hourly.annual_heating_kwh[k];
    sum_work += workdays.hourly.annual_heating_kwh[k];
    msum_all += every_day.monthly.annual_q_h_nd_kwh[k];
    msum_work += workdays.monthly.annual_q_h_nd_kwh[k];
  }
  // Verdict: every zone needs less heat in both methods (the stock ratios are printed for the record).
  heattwin::test::ValidationLine("demand_calendar", "office_20_try2010_04_2025", "heating_workdays_over_all_days")
      .fixed("hourly", sum_work / sum_all, 4)
      .fixed("monthly", msum_work / msum_all, 4)
      .field("use_days", use_days)
      .field("zones_lower", zones_lower)
      .field("zones", b.size())
      .holds(zones_lower == b.size());
  // Month by month: January 2025 has 8 weekend days and 2 holidays of 31 days; the monthly set
  // point of the office schedule is the hour mean, (21 °C · 21 + 16 °C · 10)/31.
  const auto grouped = dm::stock_monthly_inputs(workdays.model, weather.month);
  EXPECT_NEAR(grouped.group_setpoint_c[2 * 12 + 0], (21.0 * 21 + 16.0 * 10) / 31.0, 1e-9);
  const auto annual_only = dm::stock_monthly_inputs(workdays.model);
  EXPECT_NEAR(annual_only.setpoint_heating_c[0], (21.0 * 250 + 16.0 * 115) / 365.0, 1e-9);
  // Without a calendar the month means equal the annual mean (whole days of one profile).
  const auto flat = dm::stock_monthly_inputs(off.model, weather.month);
  for (std::size_t m = 0; m < 12; ++m) EXPECT_NEAR(flat.group_gain_factor[2 * 12 + m], 1.0, 1e-12);
  const auto per_month = dm::solve_monthly_balance(grouped, monthly_climate);
  const auto annual_mean = dm::solve_monthly_balance(annual_only, monthly_climate);
  double msum_annual_mean = 0.0;
  for (std::size_t k = 0; k < b.size(); ++k) msum_annual_mean += annual_mean.annual_q_h_nd_kwh[k];
  EXPECT_NEAR(per_month.total_q_h_nd_kwh, msum_work, 1e-9 * msum_work);
  EXPECT_NEAR(msum_work / msum_annual_mean, 1.0, 0.02);  // month weighting moves the year little
  // The monthly method sees the same calendar through the month means of the same schedules.
  const double rel = std::abs(msum_work / sum_work - 1.0);
  heattwin::test::ValidationLine("demand_calendar", "office_20_try2010_04_2025", "annual_heating_monthly_vs_hourly")
      .at_most("rel_err", rel, 0.10);
}
