/// The 5R1C kernel: exact limiting cases, the energy balance of every hour, sinks that agree
/// with each other, bit-identical results at 1 and 2 threads, and clear errors.

#include "solvers/demand/hourly_5r1c.hpp"
#include "twin/error.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <string>

namespace dm = heattwin::solvers::demand;

namespace {

constexpr std::size_t HOURS = 8760;

dm::Rc5Zone box_zone(double scale = 1.0) {
  dm::Rc5Zone z;
  z.floor_area_m2 = 100.0 * scale;
  z.internal_surface_area_m2 = 450.0 * scale;
  z.effective_mass_area_m2 = 250.0 * scale;
  z.heat_capacity_j_per_k = 165000.0 * 100.0 * scale;
  z.window_h_w_per_k = 40.0 * scale;
  z.opaque_h_w_per_k = 90.0 * scale;
  z.ventilation_h_w_per_k = 35.0 * scale;
  return z;
}

dm::Rc5Schedules constant_schedule(double heat_c, double cool_c) {
  dm::Rc5Schedules s;
  s.heating_setpoint_c.emplace_back(HOURS, heat_c);
  s.cooling_setpoint_c.emplace_back(HOURS, cool_c);
  s.internal_gain_fraction.emplace_back(HOURS, 1.0);
  s.ventilation_fraction.emplace_back(HOURS, 1.0);
  return s;
}

dm::Rc5Climate synthetic_climate(std::size_t channels) {
  dm::Rc5Climate c;
  c.outdoor_c.resize(HOURS);
  c.ground_c.assign(HOURS, 10.0);
  c.month.resize(HOURS);
  c.solar_w_per_m2.assign(channels, std::vector<double>(HOURS, 0.0));
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  std::size_t h = 0;
  for (int m = 0; m < 12; ++m) {
    for (int d = 0; d < days[m] * 24; ++d, ++h) {
      c.month[h] = m + 1;
    }
  }
  for (h = 0; h < HOURS; ++h) {
    const double day = static_cast<double>(h) / 24.0;
    const double hour = static_cast<double>(h % 24);
    c.outdoor_c[h] = 9.0 - 10.0 * std::cos(2 * std::numbers::pi * (day - 15.0) / 365.0) -
                     4.0 * std::cos(2 * std::numbers::pi * (hour - 3.0) / 24.0);
    for (std::size_t k = 0; k < channels; ++k) {
      c.solar_w_per_m2[k][h] = std::max(0.0, 500.0 * std::sin(std::numbers::pi * (hour - 6.0 - static_cast<double>(k)) / 12.0));
    }
  }
  return c;
}

}  // namespace

TEST(Hourly5R1C, SteadyStateLossIsTheNetworkConductanceTimesDeltaT) {
  dm::Rc5Buildings b;
  const auto z = box_zone();
  b.append(z, "box");
  auto climate = synthetic_climate(0);
  std::fill(climate.outdoor_c.begin(), climate.outdoor_c.end(), -5.0);
  std::fill(climate.ground_c.begin(), climate.ground_c.end(), -5.0);
  dm::Rc5Options o;
  o.initial_mass_temperature_c = 20.0;
  o.record_trace = true;
  const auto r = dm::simulate_5r1c(b, constant_schedule(20.0, 26.0), climate, o);
  // No gains, no sun: the heating power is the loss of the network air → outside:
  // H_ve in parallel with H_is in series with (H_w + H_op).
  const double h_eff = z.ventilation_h_w_per_k +
                       1.0 / (1.0 / (dm::H_IS_W_PER_M2K * z.internal_surface_area_m2) +
                              1.0 / (z.window_h_w_per_k + z.opaque_h_w_per_k));
  const double expected_w = h_eff * 25.0;
  // The mass starts at 20 °C and settles; after a few time constants the load is steady.
  EXPECT_NEAR(r.trace_power_w[0].back(), expected_w, 1e-9 * expected_w);
  EXPECT_NEAR(r.peak_heating_w[0], std::max(r.trace_power_w[0].front(), expected_w), 1e-6);
  for (std::size_t h = 0; h < HOURS; ++h) {
    EXPECT_NEAR(r.trace_air_c[0][h], 20.0, 1e-9);
  }
  std::printf("VALIDATION demand_analytic steady_state heating_w rel_err=%.3g tol=1e-09 n=1 %s\n",
              std::abs(r.trace_power_w[0].back() / expected_w - 1.0),
              std::abs(r.trace_power_w[0].back() / expected_w - 1.0) <= 1e-9 ? "PASS" : "FAIL");
}

TEST(Hourly5R1C, FreeFloatSteadyStateTemperature) {
  dm::Rc5Buildings b;
  auto z = box_zone();
  z.internal_gains_w = 1000.0;
  b.append(z, "box");
  auto climate = synthetic_climate(0);
  std::fill(climate.outdoor_c.begin(), climate.outdoor_c.end(), 0.0);
  std::fill(climate.ground_c.begin(), climate.ground_c.end(), 0.0);
  const double inf = std::numeric_limits<double>::infinity();
  dm::Rc5Options o;
  o.initial_mass_temperature_c = 0.0;
  const auto r = dm::simulate_5r1c(b, constant_schedule(-inf, inf), climate, o);
  EXPECT_EQ(r.annual_heating_kwh[0], 0.0);
  EXPECT_EQ(r.annual_cooling_kwh[0], 0.0);
  EXPECT_GT(r.max_air_c[0], r.min_air_c[0]);
  // In the limit, all gains leave through the network: θ_air is bounded by gains / H_ve.
  EXPECT_LT(r.max_air_c[0], 1000.0 / z.ventilation_h_w_per_k);
}

TEST(Hourly5R1C, EnergyBalanceClosesEveryHour) {
  dm::Rc5Buildings b;
  auto z = box_zone();
  z.internal_gains_w = 600.0;
  z.internal_convective_fraction = 0.4;
  z.ground_h_w_per_k = 20.0;
  z.scheduled_ventilation_h_w_per_k = 50.0;
  z.solar_aperture_m2 = {6.0, 3.0};
  b.append(z, "box");
  auto climate = synthetic_climate(2);
  auto schedules = constant_schedule(20.0, 26.0);
  for (std::size_t h = 0; h < HOURS; ++h) {
    schedules.ventilation_fraction[0][h] = (h % 24 < 7) ? 1.0 : 0.0;
    schedules.heating_setpoint_c[0][h] = (h % 24 < 6) ? 16.0 : 20.0;
  }
  dm::Rc5Options o;
  o.record_trace = true;
  const auto r = dm::simulate_5r1c(b, schedules, climate, o);
  double worst = 0.0;
  double mass_start = o.initial_mass_temperature_c;
  for (std::size_t h = 0; h < HOURS; ++h) {
    const double te = climate.outdoor_c[h];
    const double te_em = te + b.ground_share[0] * (climate.ground_c[h] - te);
    const double hve = z.ventilation_h_w_per_k + z.scheduled_ventilation_h_w_per_k * schedules.ventilation_fraction[0][h];
    const double solar = 6.0 * climate.solar_w_per_m2[0][h] + 3.0 * climate.solar_w_per_m2[1][h];
    // ISO 13790 C.2 sends the share H_tr_w / (9.1 A_t) of the radiant gains (solar and the
    // radiant part of the internal gains) out through the windows directly: it is part of the
    // model's balance as a loss.
    const double radiant = (1.0 - z.internal_convective_fraction) * z.internal_gains_w + solar;
    const double direct_window_loss = b.h_tr_w_w_per_k[0] / (9.1 * z.internal_surface_area_m2) * radiant;
    const double in = r.trace_power_w[0][h] + z.internal_gains_w + solar - direct_window_loss;
    const double out = hve * (r.trace_air_c[0][h] - te) + b.h_tr_w_w_per_k[0] * (r.trace_surface_c[0][h] - te) +
                       b.h_tr_em_w_per_k[0] * (r.trace_mass_c[0][h] - te_em) +
                       b.heat_capacity_j_per_k[0] * (r.trace_mass_end_c[0][h] - mass_start) / 3600.0;
    worst = std::max(worst, std::abs(in - out) / std::max(1.0, std::abs(in)));
    mass_start = r.trace_mass_end_c[0][h];
    // The thermostat holds the band whenever heating or cooling is on.
    if (r.trace_power_w[0][h] > 0.0) {
      EXPECT_NEAR(r.trace_air_c[0][h], schedules.heating_setpoint_c[0][h], 1e-9);
    }
    if (r.trace_power_w[0][h] < 0.0) {
      EXPECT_NEAR(r.trace_air_c[0][h], 26.0, 1e-9);
    }
  }
  EXPECT_LT(worst, 1e-10);
  std::printf("VALIDATION demand_analytic energy_balance hourly_residual_rel max_err=%.3g tol=1e-10 n=%zu %s\n", worst,
              HOURS, worst < 1e-10 ? "PASS" : "FAIL");
  // Sinks agree: months add up to the year, the region's hours add up to the building.
  double months = 0.0;
  for (std::size_t m = 0; m < 12; ++m) months += r.monthly_heating_kwh[m];
  EXPECT_NEAR(months, r.annual_heating_kwh[0], 1e-9 * r.annual_heating_kwh[0]);
  double hours_sum = 0.0;
  for (const double w : r.region_heating_w[0]) hours_sum += w / 1000.0;
  EXPECT_NEAR(hours_sum, r.annual_heating_kwh[0], 1e-9 * r.annual_heating_kwh[0]);
  EXPECT_GT(r.annual_cooling_kwh[0], 0.0);
}

TEST(Hourly5R1C, BitIdenticalAtOneAndTwoThreads) {
  // More buildings than one chunk, several regions, two schedules.
  dm::Rc5Buildings b;
  const std::size_t n = 20000;
  for (std::size_t i = 0; i < n; ++i) {
    auto z = box_zone(0.5 + static_cast<double>(i % 97) / 50.0);
    z.internal_gains_w = 300.0 + static_cast<double>(i % 13) * 20.0;
    z.solar_aperture_m2 = {static_cast<double>(i % 7), static_cast<double>(i % 5)};
    z.region = static_cast<std::uint32_t>(i / 3500);
    z.schedule = static_cast<std::uint32_t>(i % 2);
    b.append(z, std::to_string(i));
  }
  auto s = constant_schedule(20.0, 26.0);
  s.heating_setpoint_c.emplace_back(HOURS, 19.0);
  s.cooling_setpoint_c.emplace_back(HOURS, std::numeric_limits<double>::infinity());
  s.internal_gain_fraction.emplace_back(HOURS, 0.8);
  s.ventilation_fraction.emplace_back(HOURS, 1.0);
  const auto climate = synthetic_climate(2);
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto one = dm::simulate_5r1c(b, s, climate);
  omp_set_num_threads(2);
  const auto two = dm::simulate_5r1c(b, s, climate);
  omp_set_num_threads(saved);
  EXPECT_EQ(one.annual_heating_kwh, two.annual_heating_kwh);
  EXPECT_EQ(one.annual_cooling_kwh, two.annual_cooling_kwh);
  EXPECT_EQ(one.peak_heating_w, two.peak_heating_w);
  EXPECT_EQ(one.monthly_heating_kwh, two.monthly_heating_kwh);
  EXPECT_EQ(one.regions, two.regions);
  EXPECT_EQ(one.region_heating_w, two.region_heating_w);
  EXPECT_EQ(one.region_cooling_w, two.region_cooling_w);
  ASSERT_EQ(one.regions.size(), 6u);
}

TEST(Hourly5R1C, BadInputIsRefusedWithTheBuildingNamed) {
  dm::Rc5Buildings b;
  auto z = box_zone();
  z.opaque_h_w_per_k = 5000.0;  // above H_tr_ms
  try {
    b.append(z, "DEST_0815");
    FAIL() << "expected an InputError";
  } catch (const heattwin::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("DEST_0815"), std::string::npos) << e.what();
  }
  z = box_zone();
  z.floor_area_m2 = std::nan("");
  EXPECT_THROW(b.append(z, "nan"), heattwin::InputError);
  z = box_zone();
  z.ventilation_h_w_per_k = 0.0;
  EXPECT_THROW(b.append(z, "airtight"), heattwin::InputError);
  z = box_zone();
  z.schedule = 3;
  b.append(z, "bad schedule");
  EXPECT_THROW(dm::simulate_5r1c(b, constant_schedule(20, 26), synthetic_climate(0)), heattwin::InputError);
  dm::Rc5Buildings ok;
  ok.append(box_zone(), "ok");
  auto s = constant_schedule(20, 26);
  s.heating_setpoint_c[0][100] = 30.0;  // above the cooling set point
  EXPECT_THROW(dm::simulate_5r1c(ok, s, synthetic_climate(0)), heattwin::InputError);
  auto c = synthetic_climate(0);
  c.outdoor_c.pop_back();
  EXPECT_THROW(dm::simulate_5r1c(ok, constant_schedule(20, 26), c), heattwin::InputError);
}
