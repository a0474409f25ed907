/// Unit tests of the monthly (quasi-steady-state) heating balance: analytic limiting cases, the
/// gain utilisation factor against hand-computed values, thread-count determinism, bad input.

#include "solvers/demand/monthly_balance.hpp"
#include "twin/error.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace demand = heattwin::solvers::demand;

namespace {

/// `count` identical buildings: H_tr 150 W/K, H_ve 50 W/K, 100 m², τ = 15 h, no gains, 20 °C.
demand::MonthlyBuildingInputs plain_buildings(std::size_t count) {
  demand::MonthlyBuildingInputs in;
  in.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    in.h_tr_w_per_k[i] = 150.0;
    in.h_ve_w_per_k[i] = 50.0;
    in.conditioned_floor_area_m2[i] = 100.0;
    in.internal_capacity_j_per_k[i] = 3600.0 * 200.0 * 15.0;
    in.setpoint_heating_c[i] = 20.0;
  }
  return in;
}

/// Twelve months with a cosine temperature course and solar irradiation (values of the order of a
/// German test reference year, not a real site).
demand::MonthlyClimate test_year() {
  demand::MonthlyClimate c;
  c.name = "test year";
  const auto hours = demand::MonthlyClimate::month_hours();
  for (std::size_t m = 0; m < 12; ++m) {
    demand::ClimatePeriod p;
    p.name = "month " + std::to_string(m + 1);
    p.duration_h = hours[m];
    const double phase = std::cos(2.0 * 3.141592653589793 * (static_cast<double>(m) - 0.5) / 12.0);
    p.outdoor_temperature_c = 9.5 - 9.0 * phase;
    p.solar_horizontal_kwh_per_m2 = 95.0 - 75.0 * phase;
    for (std::size_t k = 0; k < demand::ORIENTATION_COUNT; ++k) {
      // South (k = 4) gets most, north (k = 0) least.
      const double facing_south = 0.5 * (1.0 - std::cos(2.0 * 3.141592653589793 * static_cast<double>(k) / 8.0));
      p.solar_vertical_kwh_per_m2[k] = (25.0 + 45.0 * facing_south) * (1.2 - 0.6 * phase);
    }
    c.periods.push_back(p);
  }
  return c;
}

demand::MonthlyClimate one_period(double duration_h, double outdoor_c) {
  demand::MonthlyClimate c;
  c.name = "one period";
  demand::ClimatePeriod p;
  p.name = "period";
  p.duration_h = duration_h;
  p.outdoor_temperature_c = outdoor_c;
  c.periods.push_back(p);
  return c;
}

/// Deterministic, varied buildings (a hash of the index), spanning several kernel blocks.
demand::MonthlyBuildingInputs varied_buildings(std::size_t count) {
  demand::MonthlyBuildingInputs in;
  in.resize(count);
  auto unit = [](std::size_t i, std::uint64_t salt) {
    std::uint64_t x = (i + 1) * 0x9E3779B97F4A7C15ULL ^ salt;
    x ^= x >> 31;
    x *= 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 27;
    return static_cast<double>(x >> 11) / 9007199254740992.0;  // [0, 1)
  };
  for (std::size_t i = 0; i < count; ++i) {
    const double area = 80.0 + 900.0 * unit(i, 1);
    in.conditioned_floor_area_m2[i] = area;
    in.h_tr_w_per_k[i] = area * (0.2 + 2.8 * unit(i, 2));
    in.h_ve_w_per_k[i] = area * (0.3 + 0.3 * unit(i, 3));
    in.internal_capacity_j_per_k[i] = area * 3600.0 * (30.0 + 100.0 * unit(i, 4));
    in.internal_gains_w_per_m2[i] = 2.0 + 3.0 * unit(i, 5);
    in.setpoint_heating_c[i] = 18.0 + 4.0 * unit(i, 6);
    in.solar_aperture_horizontal_m2[i] = 0.01 * area * unit(i, 7);
    for (std::size_t k = 0; k < demand::ORIENTATION_COUNT; ++k) {
      in.solar_aperture_vertical_m2[k][i] = 0.03 * area * unit(i, 10 + k);
    }
  }
  return in;
}

/// Options that keep Q_ht, Q_gn and η (the tests check them).
demand::MonthlyBalanceOptions with_components(
    demand::GainUtilisation utilisation = demand::GainUtilisation::monthly()) {
  demand::MonthlyBalanceOptions options;
  options.utilisation = utilisation;
  options.store_components = true;
  return options;
}

void set_threads([[maybe_unused]] int threads) {
#ifdef _OPENMP
  omp_set_num_threads(threads);
#endif
}

std::string error_of(const demand::MonthlyBuildingInputs& in, const demand::MonthlyClimate& climate,
                     const demand::MonthlyBalanceOptions& options = {}) {
  try {
    (void)demand::solve_monthly_balance(in, climate, options);
  } catch (const heattwin::InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(MonthlyBalance, WithoutGainsTheNeedIsHTimesTemperatureDifferenceTimesDuration) {
  const auto in = plain_buildings(3);
  const auto climate = test_year();
  const auto r = demand::solve_monthly_balance(in, climate, with_components());
  ASSERT_EQ(r.building_count, 3U);
  ASSERT_EQ(r.period_count, 12U);
  for (std::size_t p = 0; p < 12; ++p) {
    const auto& period = climate.periods[p];
    const double expected_kwh = 200.0 * (20.0 - period.outdoor_temperature_c) * period.duration_h / 1000.0;
    for (std::size_t b = 0; b < 3; ++b) {
      // With solar apertures 0 and no internal gains, Q_gn = 0 and η = 1 exactly.
      EXPECT_EQ(r.q_gn_kwh[r.index(b, p)], 0.0);
      EXPECT_EQ(r.eta_gn[r.index(b, p)], 1.0);
      EXPECT_DOUBLE_EQ(r.q_ht_kwh[r.index(b, p)], expected_kwh);
      EXPECT_DOUBLE_EQ(r.q_h_nd_kwh[r.index(b, p)], expected_kwh) << "building " << b << " period " << p;
    }
  }
}

TEST(MonthlyBalance, UtilisationFactorMatchesHandValues) {
  // η = (1 − γ^a)/(1 − γ^(a+1)); references computed with 30-digit arithmetic.
  struct Point {
    double gamma, a, eta;
  };
  const Point points[] = {
      {0.5, 2.0, 0.85714285714285714286},                 // 0.75/0.875 = 6/7
      {2.0, 2.0, 0.42857142857142857143},                 // (1 − 4)/(1 − 8) = 3/7
      {0.5, 1.5, 0.78526276614540709048},                 // non-integer a
      {0.2, 3.7, 0.99792448317222094845},                 // small γ: almost all gains used
      {3.0, 1.2, 0.26804796442548120277},                 // γ > 1
      {10.0, 2.5, 0.099715304982115344072},               // large γ: η → 1/γ
      {1.000001, 2.5, 0.714285357142946458},              // just above γ = 1 (no cancellation)
      {0.94, 2.0, 0.6870661566794163664},                 // a ln γ = −0.124: expm1 branch
      {0.93, 2.0, 0.69054348992808327753},                // a ln γ = −0.145: exp branch
      {1.0638297872340425, 2.0, 0.64584218727865137308},  // 1/0.94
  };
  for (const Point& pt : points) {
    const double q_ht = 1000.0;
    EXPECT_NEAR(demand::gain_utilisation_factor(pt.gamma * q_ht, q_ht, pt.a), pt.eta, 1e-13 * pt.eta)
        << "gamma " << pt.gamma << " a " << pt.a;
  }
  // γ = 1: η = a/(a + 1).
  EXPECT_DOUBLE_EQ(demand::gain_utilisation_factor(500.0, 500.0, 2.0), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(demand::gain_utilisation_factor(500.0, 500.0, 1.7), 1.7 / 2.7);
  // Continuous through γ = 1 from both sides.
  EXPECT_NEAR(demand::gain_utilisation_factor(1.0 - 1e-12, 1.0, 2.0), 2.0 / 3.0, 1e-11);
  EXPECT_NEAR(demand::gain_utilisation_factor(1.0 + 1e-12, 1.0, 2.0), 2.0 / 3.0, 1e-11);
  // No gains: η = 1. Huge gains: η → 1/γ, finite (no overflow of γ^a).
  EXPECT_EQ(demand::gain_utilisation_factor(0.0, 100.0, 2.0), 1.0);
  EXPECT_DOUBLE_EQ(demand::gain_utilisation_factor(1e12, 1.0, 50.0), 1e-12);
  EXPECT_EQ(demand::gain_utilisation_factor(1e300, 1e-10, 50.0), 0.0);  // γ overflows to +inf: the limit 0
  // γ < 0 (Q_ht < 0, outdoor warmer than the set-point): η = 1/γ.
  EXPECT_DOUBLE_EQ(demand::gain_utilisation_factor(200.0, -50.0, 2.0), -0.25);
  EXPECT_EQ(demand::gain_utilisation_factor(0.0, -50.0, 2.0), 0.0);
}

TEST(MonthlyBalance, GammaOneThroughTheKernelUsesTheTimeConstant) {
  // H = 200 W/K, ΔT = 10 K, t = 1000 h → Q_ht = 2000 kWh; gains 2000 W → Q_gn = 2000 kWh, γ = 1.
  // C_m = 3600 · 200 · 15 J/K → τ = 15 h → a = 1 + 15/15 = 2 → η = 2/3 → Q_H,nd = 2000/3 kWh.
  auto in = plain_buildings(1);
  in.internal_gains_w_per_m2[0] = 20.0;  // × 100 m² = 2000 W
  const auto r = demand::solve_monthly_balance(in, one_period(1000.0, 10.0), with_components());
  EXPECT_DOUBLE_EQ(r.q_ht_kwh[0], 2000.0);
  EXPECT_DOUBLE_EQ(r.q_gn_kwh[0], 2000.0);
  EXPECT_DOUBLE_EQ(r.eta_gn[0], 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(r.q_h_nd_kwh[0], 2000.0 / 3.0);

  // Seasonal parameters: a = 0.8 + 15/30 = 1.3 → η = 1.3/2.3.
  const auto s =
      demand::solve_monthly_balance(in, one_period(1000.0, 10.0), with_components(demand::GainUtilisation::seasonal()));
  EXPECT_DOUBLE_EQ(s.eta_gn[0], 1.3 / 2.3);
  EXPECT_DOUBLE_EQ(s.q_h_nd_kwh[0], 2000.0 * (1.0 - 1.3 / 2.3));
}

TEST(MonthlyBalance, SolarGainsAreApertureTimesIrradiation) {
  auto in = plain_buildings(1);
  in.solar_aperture_vertical_m2[static_cast<std::size_t>(demand::Orientation::south)][0] = 4.0;
  in.solar_aperture_vertical_m2[static_cast<std::size_t>(demand::Orientation::north_west)][0] = 1.5;
  in.solar_aperture_horizontal_m2[0] = 2.0;
  auto climate = one_period(720.0, 0.0);
  auto& p = climate.periods[0];
  p.solar_horizontal_kwh_per_m2 = 30.0;
  for (std::size_t k = 0; k < demand::ORIENTATION_COUNT; ++k)
    p.solar_vertical_kwh_per_m2[k] = 10.0 * (static_cast<double>(k) + 1.0);
  const auto r = demand::solve_monthly_balance(in, climate, with_components());
  // 2·30 + 4·50 (S = sector 4) + 1.5·80 (NW = sector 7) = 380 kWh.
  EXPECT_DOUBLE_EQ(r.q_gn_kwh[0], 380.0);
  // The aperture helpers: F_sh F_w g (1 − F_F) A and F_sh α R_se U A.
  EXPECT_DOUBLE_EQ(demand::glazing_solar_aperture_m2(10.0, 0.6, 0.3, 0.6, 0.9), 0.6 * 0.9 * 0.6 * 0.7 * 10.0);
  EXPECT_DOUBLE_EQ(demand::opaque_solar_aperture_m2(50.0, 0.3, 0.6), 0.6 * 0.04 * 0.3 * 50.0);
}

TEST(MonthlyBalance, GainsFarAboveLossesLeaveNoHeatingNeed) {
  auto in = plain_buildings(2);
  in.internal_gains_w_per_m2[0] = 1e4;  // 1 MW in a house: γ ≈ 3000
  in.setpoint_heating_c[1] = 15.0;      // outdoor warmer than the set-point: γ < 0
  in.internal_gains_w_per_m2[1] = 3.0;
  const auto r = demand::solve_monthly_balance(in, one_period(744.0, 16.0), with_components());
  EXPECT_GE(r.q_h_nd_kwh[0], 0.0);
  EXPECT_LT(r.q_h_nd_kwh[0], 1e-6 * r.q_ht_kwh[0]);
  EXPECT_NEAR(r.eta_gn[0], r.q_ht_kwh[0] / r.q_gn_kwh[0], 1e-3 * r.eta_gn[0]);  // η → 1/γ
  EXPECT_LT(r.q_ht_kwh[1], 0.0);
  EXPECT_EQ(r.q_h_nd_kwh[1], 0.0);
  EXPECT_DOUBLE_EQ(r.eta_gn[1], r.q_ht_kwh[1] / r.q_gn_kwh[1]);
}

TEST(MonthlyBalance, AnnualAndTotalsAddUpAndComponentsAreOptional) {
  const std::size_t n = 2 * demand::MONTHLY_BALANCE_BLOCK + 37;  // partial last block
  const auto in = varied_buildings(n);
  const auto climate = test_year();
  const auto r = demand::solve_monthly_balance(in, climate, with_components());
  double total = 0.0;
  for (std::size_t b = 0; b < n; ++b) {
    double annual = 0.0;
    for (std::size_t p = 0; p < 12; ++p) {
      const std::size_t k = r.index(b, p);
      EXPECT_DOUBLE_EQ(r.q_h_nd_kwh[k], std::max(0.0, r.q_ht_kwh[k] - r.eta_gn[k] * r.q_gn_kwh[k]));
      annual += r.q_h_nd_kwh[k];
    }
    EXPECT_EQ(r.annual_q_h_nd_kwh[b], annual);  // same order of summation
    total += annual;
  }
  EXPECT_NEAR(r.total_q_h_nd_kwh, total, 1e-12 * total);
  double january = 0.0;
  for (double q : r.q_h_nd_of_period(0)) january += q;
  EXPECT_NEAR(r.period_total_q_h_nd_kwh[0], january, 1e-12 * january);
  // Summer months of this climate have some buildings without heating need, winter months none.
  EXPECT_GT(r.period_total_q_h_nd_kwh[0], r.period_total_q_h_nd_kwh[6]);

  // Default options keep only Q_H,nd, with the same values.
  const auto lean = demand::solve_monthly_balance(in, climate);
  EXPECT_TRUE(lean.q_ht_kwh.empty() && lean.q_gn_kwh.empty() && lean.eta_gn.empty());
  EXPECT_EQ(lean.q_h_nd_kwh, r.q_h_nd_kwh);
  EXPECT_EQ(lean.total_q_h_nd_kwh, r.total_q_h_nd_kwh);
}

TEST(MonthlyBalance, ReusedResultIsOverwrittenWithoutReallocation) {
  const auto big = varied_buildings(3000);
  const auto small = varied_buildings(1200);
  const auto climate = test_year();
  demand::MonthlyBalanceResult reused;
  demand::solve_monthly_balance(big, climate, with_components(), reused);
  const double* memory = reused.q_h_nd_kwh.data();
  // A smaller stock, a season instead of months, no components: same memory, fresh values.
  const auto season = one_period(5000.0, 4.0);
  demand::solve_monthly_balance(small, season, {}, reused);
  EXPECT_EQ(reused.q_h_nd_kwh.data(), memory);
  const auto fresh = demand::solve_monthly_balance(small, season);
  EXPECT_EQ(reused.building_count, 1200U);
  EXPECT_EQ(reused.period_count, 1U);
  EXPECT_EQ(reused.q_h_nd_kwh, fresh.q_h_nd_kwh);
  EXPECT_EQ(reused.annual_q_h_nd_kwh, fresh.annual_q_h_nd_kwh);
  EXPECT_EQ(reused.period_total_q_h_nd_kwh, fresh.period_total_q_h_nd_kwh);
  EXPECT_EQ(reused.total_q_h_nd_kwh, fresh.total_q_h_nd_kwh);
  EXPECT_TRUE(reused.q_ht_kwh.empty() && reused.q_gn_kwh.empty() && reused.eta_gn.empty());
}

TEST(MonthlyBalance, BitIdenticalForOneTwoAndThreeThreads) {
  const std::size_t n = 7 * demand::MONTHLY_BALANCE_BLOCK + 501;
  const auto in = varied_buildings(n);
  const auto climate = test_year();
  set_threads(1);
  const auto one = demand::solve_monthly_balance(in, climate, with_components());
  set_threads(2);
  const auto two = demand::solve_monthly_balance(in, climate, with_components());
  set_threads(3);
  const auto three = demand::solve_monthly_balance(in, climate, with_components());
  set_threads(2);
  for (const auto* other : {&two, &three}) {
    EXPECT_EQ(one.q_h_nd_kwh, other->q_h_nd_kwh);
    EXPECT_EQ(one.q_ht_kwh, other->q_ht_kwh);
    EXPECT_EQ(one.q_gn_kwh, other->q_gn_kwh);
    EXPECT_EQ(one.eta_gn, other->eta_gn);
    EXPECT_EQ(one.annual_q_h_nd_kwh, other->annual_q_h_nd_kwh);
    EXPECT_EQ(one.period_total_q_h_nd_kwh, other->period_total_q_h_nd_kwh);
    // Bitwise, not only ==.
    EXPECT_EQ(std::bit_cast<std::uint64_t>(one.total_q_h_nd_kwh),
              std::bit_cast<std::uint64_t>(other->total_q_h_nd_kwh));
  }
  EXPECT_GT(one.total_q_h_nd_kwh, 0.0);
}

TEST(MonthlyBalance, BadInputNamesTheBuildingAndTheColumn) {
  const auto climate = test_year();
  {
    auto in = plain_buildings(10);
    in.h_tr_w_per_k[7] = std::numeric_limits<double>::quiet_NaN();
    const std::string msg = error_of(in, climate);
    EXPECT_NE(msg.find("building 7"), std::string::npos) << msg;
    EXPECT_NE(msg.find("h_tr_w_per_k"), std::string::npos) << msg;
  }
  {
    auto in = plain_buildings(10);
    in.internal_gains_w_per_m2[3] = -1.0;
    const std::string msg = error_of(in, climate);
    EXPECT_NE(msg.find("building 3"), std::string::npos) << msg;
    EXPECT_NE(msg.find("internal_gains_w_per_m2 = -1"), std::string::npos) << msg;
  }
  {
    auto in = plain_buildings(10);
    in.solar_aperture_vertical_m2[static_cast<std::size_t>(demand::Orientation::south_west)][9] =
        std::numeric_limits<double>::infinity();
    const std::string msg = error_of(in, climate);
    EXPECT_NE(msg.find("building 9"), std::string::npos) << msg;
    EXPECT_NE(msg.find("solar_aperture_vertical_m2[SW]"), std::string::npos) << msg;
  }
  {
    auto in = plain_buildings(10);
    in.h_tr_w_per_k[4] = 0.0;
    in.h_ve_w_per_k[4] = 0.0;
    const std::string msg = error_of(in, climate);
    EXPECT_NE(msg.find("building 4"), std::string::npos) << msg;
    EXPECT_NE(msg.find("time constant"), std::string::npos) << msg;
  }
  {
    auto in = plain_buildings(10);
    in.conditioned_floor_area_m2.pop_back();
    const std::string msg = error_of(in, climate);
    EXPECT_NE(msg.find("conditioned_floor_area_m2 has 9 values for 10 buildings"), std::string::npos) << msg;
  }
  {
    auto bad_climate = climate;
    bad_climate.periods[2].duration_h = 0.0;
    const std::string msg = error_of(plain_buildings(2), bad_climate);
    EXPECT_NE(msg.find("period 2"), std::string::npos) << msg;
    EXPECT_NE(msg.find("duration_h"), std::string::npos) << msg;
  }
  {
    demand::MonthlyBalanceOptions options;
    options.utilisation.tau0_h = 0.0;
    const std::string msg = error_of(plain_buildings(2), climate, options);
    EXPECT_NE(msg.find("tau0_h"), std::string::npos) << msg;
  }
  EXPECT_THROW((void)demand::solve_monthly_balance(plain_buildings(1), demand::MonthlyClimate{}), heattwin::InputError);
}

TEST(MonthlyBalance, EmptyStockGivesEmptyResult) {
  const auto r = demand::solve_monthly_balance(demand::MonthlyBuildingInputs{}, test_year());
  EXPECT_EQ(r.building_count, 0U);
  EXPECT_EQ(r.period_count, 12U);
  EXPECT_TRUE(r.q_h_nd_kwh.empty() && r.annual_q_h_nd_kwh.empty());
  EXPECT_EQ(r.period_total_q_h_nd_kwh, std::vector<double>(12, 0.0));
  EXPECT_EQ(r.total_q_h_nd_kwh, 0.0);
}

TEST(MonthlyBalance, PeriodGroupsSetSetPointAndGainsPerPeriod) {
  const auto climate = test_year();
  const std::size_t np = climate.periods.size();
  auto in = plain_buildings(40);
  const auto plain = demand::solve_monthly_balance(in, climate);
  // One group per building with the building's own set point and factor 1: the same balance, bit for bit.
  auto same = in;
  for (std::size_t b = 0; b < in.size(); ++b) {
    same.period_group.push_back(static_cast<std::uint32_t>(b));
    for (std::size_t p = 0; p < np; ++p) {
      same.group_setpoint_c.push_back(in.setpoint_heating_c[b]);
      same.group_gain_factor.push_back(1.0);
    }
  }
  EXPECT_EQ(demand::solve_monthly_balance(same, climate).q_h_nd_kwh, plain.q_h_nd_kwh);
  // Two groups: group 1 is 4 K cooler and without internal gains in the first period only.
  auto two = in;
  two.group_setpoint_c.assign(2 * np, 0.0);
  two.group_gain_factor.assign(2 * np, 1.0);
  for (std::size_t b = 0; b < in.size(); ++b) two.period_group.push_back(b % 2 == 0 ? 0U : 1U);
  for (std::size_t p = 0; p < np; ++p) two.group_setpoint_c[p] = two.group_setpoint_c[np + p] = 20.0;
  two.group_setpoint_c[np] = 16.0;
  two.group_gain_factor[np] = 0.0;
  demand::MonthlyBalanceOptions store;
  store.store_components = true;
  const auto r = demand::solve_monthly_balance(two, climate, store);
  for (std::size_t b = 0; b < 2; ++b) {
    const double h = in.h_tr_w_per_k[b] + in.h_ve_w_per_k[b];
    const double theta_i = b == 1 ? 16.0 : 20.0;
    EXPECT_NEAR(r.q_ht_kwh[r.index(b, 0)],
                h * (theta_i - climate.periods[0].outdoor_temperature_c) * climate.periods[0].duration_h / 1000.0,
                1e-9);
    EXPECT_NEAR(r.q_ht_kwh[r.index(b, 1)],
                h * (20.0 - climate.periods[1].outdoor_temperature_c) * climate.periods[1].duration_h / 1000.0, 1e-9);
  }
  // Errors: a group out of range, tables of the wrong length.
  auto bad = two;
  bad.period_group[5] = 2;
  EXPECT_NE(error_of(bad, climate).find("building 5: period_group 2"), std::string::npos);
  bad = two;
  bad.group_gain_factor.pop_back();
  EXPECT_NE(error_of(bad, climate).find("group_setpoint_c and group_gain_factor"), std::string::npos);
  bad = two;
  bad.period_group.pop_back();
  EXPECT_NE(error_of(bad, climate).find("period_group has"), std::string::npos);
}
