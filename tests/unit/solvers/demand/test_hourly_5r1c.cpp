/// The 5R1C kernel: exact limiting cases, the energy balance of every hour, sinks that agree
/// with each other, bit-identical results at 1 and 2 threads, and clear errors.

#include "solvers/demand/hourly_5r1c.hpp"
#include "tests/unit/validation_line.hpp"
#include "twin/error.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <numbers>
#include <random>
#include <span>
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
      c.solar_w_per_m2[k][h] =
          std::max(0.0, 500.0 * std::sin(std::numbers::pi * (hour - 6.0 - static_cast<double>(k)) / 12.0));
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
  const double h_eff = z.ventilation_h_w_per_k + 1.0 / (1.0 / (dm::H_IS_W_PER_M2K * z.internal_surface_area_m2) +
                                                        1.0 / (z.window_h_w_per_k + z.opaque_h_w_per_k));
  const double expected_w = h_eff * 25.0;
  // The mass starts at 20 °C and settles; after a few time constants the load is steady.
  heattwin::test::ValidationLine("demand_analytic", "steady_state", "heating_w")
      .field("n", 1)
      .at_most("rel_err", std::abs(r.trace_power_w[0].back() / expected_w - 1.0), 1e-9);
  EXPECT_NEAR(r.peak_heating_w[0], std::max(r.trace_power_w[0].front(), expected_w), 1e-6);
  for (std::size_t h = 0; h < HOURS; ++h) {
    EXPECT_NEAR(r.trace_air_c[0][h], 20.0, 1e-9);
  }
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
    const double hve =
        z.ventilation_h_w_per_k + z.scheduled_ventilation_h_w_per_k * schedules.ventilation_fraction[0][h];
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
  heattwin::test::ValidationLine("demand_analytic", "energy_balance", "hourly_residual_rel")
      .field("n", HOURS)
      .at_most("max_err", worst, 1e-10);
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

/// Bit patterns of the values (== would let -0 equal +0 and fail on NaN).
std::vector<std::uint64_t> bits_of(const std::vector<double>& values) {
  std::vector<std::uint64_t> out(values.size());
  std::memcpy(out.data(), values.data(), values.size() * sizeof(double));
  return out;
}

TEST(Hourly5R1C, InstructionSetVariantsComputeTheSameBits) {
  // Two chunks, per-building schedules (the non-uniform update), six solar channels (the partial
  // sums of block_solar), scheduled ventilation, a grouping of several runs per block.
  dm::Rc5Buildings b;
  const std::size_t n = 16384 + 700;
  std::vector<std::uint32_t> cell(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto z = box_zone(0.5 + static_cast<double>(i % 97) / 50.0);
    z.internal_gains_w = 300.0 + static_cast<double>(i % 13) * 20.0;
    z.solar_aperture_m2 = {static_cast<double>(i % 7),        static_cast<double>(i % 5),
                           1.0 + static_cast<double>(i % 3),  0.5,
                           static_cast<double>(i % 11) / 3.0, 2.0};
    z.scheduled_ventilation_h_w_per_k = i % 4 == 0 ? 30.0 : 0.0;
    z.region = static_cast<std::uint32_t>(i / 3500);
    z.schedule = static_cast<std::uint32_t>(i % 3 == 0 ? 1 : 0);
    cell[i] = static_cast<std::uint32_t>(i / 40);
    b.append(z, std::to_string(i));
  }
  auto s = constant_schedule(20.0, 26.0);
  std::vector<double> setback(HOURS), fraction(HOURS);
  for (std::size_t h = 0; h < HOURS; ++h) {
    setback[h] = h % 24 < 6 ? 16.0 : 21.0;
    fraction[h] = h % 24 < 8 ? 0.2 : 1.0;
  }
  s.heating_setpoint_c.push_back(setback);
  s.cooling_setpoint_c.emplace_back(HOURS, 27.0);
  s.internal_gain_fraction.push_back(fraction);
  s.ventilation_fraction.push_back(fraction);
  const auto climate = synthetic_climate(6);
  dm::Rc5Options o;
  o.hourly_groupings = {cell};
  o.warmup_days = 7;
  o.isa = dm::Rc5KernelIsa::baseline;
  const auto base = dm::simulate_5r1c(b, s, climate, o);
  EXPECT_EQ(base.isa, dm::Rc5KernelIsa::baseline);
  std::size_t compared = 0;
  for (const auto isa : {dm::Rc5KernelIsa::avx2, dm::Rc5KernelIsa::avx512, dm::Rc5KernelIsa::automatic}) {
    if (!dm::rc5_kernel_isa_supported(isa)) {
      EXPECT_THROW((void)dm::simulate_5r1c(b, s, climate,
                                           [&] {
                                             auto u = o;
                                             u.isa = isa;
                                             return u;
                                           }()),
                   heattwin::InputError);
      continue;
    }
    o.isa = isa;
    const auto r = dm::simulate_5r1c(b, s, climate, o);
    SCOPED_TRACE(std::string(dm::to_string(isa)));
    EXPECT_EQ(r.isa, isa == dm::Rc5KernelIsa::automatic ? dm::best_rc5_kernel_isa() : isa);
    for (const auto member :
         {&dm::Rc5Results::annual_heating_kwh, &dm::Rc5Results::annual_cooling_kwh, &dm::Rc5Results::peak_heating_w,
          &dm::Rc5Results::peak_cooling_w, &dm::Rc5Results::monthly_heating_kwh, &dm::Rc5Results::min_air_c,
          &dm::Rc5Results::mean_air_c, &dm::Rc5Results::max_air_c}) {
      EXPECT_EQ(bits_of(r.*member), bits_of(base.*member));
    }
    ASSERT_EQ(r.region_heating_w.size(), base.region_heating_w.size());
    for (std::size_t k = 0; k < r.region_heating_w.size(); ++k) {
      EXPECT_EQ(bits_of(r.region_heating_w[k]), bits_of(base.region_heating_w[k]));
      EXPECT_EQ(bits_of(r.region_cooling_w[k]), bits_of(base.region_cooling_w[k]));
    }
    EXPECT_EQ(bits_of(r.grouping_sums.at(0).heating_w), bits_of(base.grouping_sums.at(0).heating_w));
    ++compared;
  }
  heattwin::test::ValidationLine("demand_kernel", "isa_variants", "bit_identical_to_baseline")
      .field("variants_compared", compared)
      .field("best", dm::to_string(dm::best_rc5_kernel_isa()))
      .holds(!::testing::Test::HasFailure());
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

namespace {

/// A straightforward evaluation of EN ISO 13790 C.3/C.4 for one building, hour by hour: the
/// conductances of the hour, the free-floating temperatures, then the standard's 10 W/m² probe
/// and the interpolated power, and the final run with that power. No folding, no blocks.
struct ReferenceYear {
  std::vector<double> power_w, air_c;
};

ReferenceYear reference_building(const dm::Rc5Buildings& b, std::size_t i, const dm::Rc5Schedules& s,
                                 const dm::Rc5Climate& c, int warmup_days, double initial_mass_c) {
  const std::size_t hours = c.outdoor_c.size();
  const std::size_t warmup = static_cast<std::size_t>(warmup_days) * 24;
  ReferenceYear out{std::vector<double>(hours), std::vector<double>(hours)};
  double tm_prev = initial_mass_c;
  for (std::size_t step = 0; step < warmup + hours; ++step) {
    const std::size_t h = step >= warmup ? step - warmup : hours - warmup + step;
    const std::uint32_t k = b.schedule[i];
    const double h_ve = b.h_ve_w_per_k[i] + b.h_ve_scheduled_w_per_k[i] * s.ventilation_fraction[k][h];
    const double h_is = b.h_tr_is_w_per_k[i], h_ms = b.h_tr_ms_w_per_k[i], h_w = b.h_tr_w_w_per_k[i];
    const double h_em = b.h_tr_em_w_per_k[i], c_m = b.heat_capacity_j_per_k[i];
    const double te = c.outdoor_c[h], tg = c.ground_c[h];
    double solar = 0.0;
    for (std::size_t ch = 0; ch < b.solar_aperture_m2.size(); ++ch)
      solar += b.solar_aperture_m2[ch][i] * c.solar_w_per_m2[ch][h];
    const double phi_int = b.internal_gains_w[i] * s.internal_gain_fraction[k][h];
    const double phi_ia = b.internal_convective_fraction[i] * phi_int;
    const double radiant = (1.0 - b.internal_convective_fraction[i]) * phi_int + solar;
    const double phi_m = b.mass_share[i] * radiant, phi_st = b.surface_share[i] * radiant;
    const double t_em = te + b.ground_share[i] * (tg - te);  // em path: outdoor and ground share
    // (C.6)-(C.8)
    const double h_1 = 1.0 / (1.0 / h_ve + 1.0 / h_is);
    const double h_2 = h_1 + h_w;
    const double h_3 = 1.0 / (1.0 / h_2 + 1.0 / h_ms);
    struct Nodes {
      double tm_end, tm, ts, ta;
    };
    auto run = [&](double phi_hc) {
      const double phi_air = phi_ia + phi_hc;
      // (C.5) and (C.4)
      const double phi_mtot = phi_m + h_em * t_em + h_3 * (phi_st + h_w * te + h_1 * (phi_air / h_ve + te)) / h_2;
      Nodes n{};
      n.tm_end = (tm_prev * (c_m / 3600.0 - 0.5 * (h_3 + h_em)) + phi_mtot) / (c_m / 3600.0 + 0.5 * (h_3 + h_em));
      n.tm = 0.5 * (n.tm_end + tm_prev);                                                            // (C.9)
      n.ts = (h_ms * n.tm + phi_st + h_w * te + h_1 * (te + phi_air / h_ve)) / (h_ms + h_w + h_1);  // (C.10)
      n.ta = (h_is * n.ts + h_ve * te + phi_air) / (h_is + h_ve);                                   // (C.11)
      return n;
    };
    const Nodes free = run(0.0);
    const double set_h = s.heating_setpoint_c[k][h], set_c = s.cooling_setpoint_c[k][h];
    double phi = 0.0;
    if (free.ta < set_h || free.ta > set_c) {  // C.4.2: probe with 10 W/m², interpolate
      const double probe = 10.0 * b.floor_area_m2[i];
      const Nodes probed = run(probe);
      const double target = free.ta < set_h ? set_h : set_c;
      phi = probe * (target - free.ta) / (probed.ta - free.ta);
    }
    const Nodes final_state = run(phi);
    tm_prev = final_state.tm_end;
    if (step >= warmup) {
      out.power_w[h] = phi;
      out.air_c[h] = final_state.ta;
    }
  }
  return out;
}

/// |a − b| ≤ rel × max(|b|, floor).
::testing::AssertionResult close(double a, double b, double rel, double floor) {
  if (std::abs(a - b) <= rel * std::max(std::abs(b), floor)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << a << " vs reference " << b << " (rel "
                                       << std::abs(a - b) / std::max(std::abs(b), floor) << ")";
}

}  // namespace

TEST(Hourly5R1C, FoldedKernelMatchesStraightforwardIsoEvaluation) {
  // A varied random stock: per-building schedules (heating only, heating and cooling, scheduled
  // ventilation with night set-back), ground-coupled shares, convective fractions, solar on
  // three channels, regions in runs and a second grouping with scattered ids.
  std::mt19937_64 rng(20260513);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  dm::Rc5Buildings b;
  const std::size_t n = 700;
  std::vector<std::uint32_t> cell(n);
  for (std::size_t i = 0; i < n; ++i) {
    dm::Rc5Zone z;
    z.floor_area_m2 = 60.0 + 2000.0 * u(rng) * u(rng);
    z.internal_surface_area_m2 = (3.5 + 1.5 * u(rng)) * z.floor_area_m2;
    z.effective_mass_area_m2 = (1.5 + 1.5 * u(rng)) * z.floor_area_m2;
    z.heat_capacity_j_per_k = (50000.0 + 300000.0 * u(rng)) * z.floor_area_m2;
    z.window_h_w_per_k = (0.1 + 0.5 * u(rng)) * z.floor_area_m2;
    z.opaque_h_w_per_k = std::min((0.2 + 1.5 * u(rng)) * z.floor_area_m2, 0.9 * 9.1 * z.effective_mass_area_m2);
    z.ground_h_w_per_k = (i % 3 == 0 ? 0.0 : 0.4 * u(rng)) * z.opaque_h_w_per_k;
    z.ventilation_h_w_per_k = (0.05 + 0.5 * u(rng)) * z.floor_area_m2;
    z.scheduled_ventilation_h_w_per_k = i % 4 == 1 ? (0.2 + 0.8 * u(rng)) * z.floor_area_m2 : 0.0;
    z.internal_gains_w = (1.0 + 6.0 * u(rng)) * z.floor_area_m2;
    z.internal_convective_fraction = 0.2 + 0.6 * u(rng);
    z.solar_aperture_m2 = {0.05 * u(rng) * z.floor_area_m2, 0.03 * u(rng) * z.floor_area_m2,
                           0.01 * u(rng) * z.floor_area_m2};
    z.schedule = static_cast<std::uint32_t>(i < 300 ? (i / 100) % 3 : (i * 7 + i / 5) % 3);
    // Runs of one region (the update's own sums), then a region per building in turn (summed afterwards).
    z.region = static_cast<std::uint32_t>(i < 500 ? i / 90 : 10 + i % 4);
    cell[i] = static_cast<std::uint32_t>(1000 + (i * 37) % 61 + (i / 200) * 5);
    b.append(z, std::to_string(i));
  }
  dm::Rc5Schedules s;
  for (int k = 0; k < 3; ++k) {
    std::vector<double> heat(HOURS), cool(HOURS), gains(HOURS), vent(HOURS);
    for (std::size_t h = 0; h < HOURS; ++h) {
      const std::size_t hour = h % 24;
      const bool day = hour >= 7 && hour < 22;
      heat[h] = day ? 20.0 + k : 16.0;
      cool[h] = k == 0 ? std::numeric_limits<double>::infinity() : 25.0 + k;
      gains[h] = day ? 1.0 : 0.3 + 0.1 * k;
      vent[h] = day ? 1.0 : 0.25 * k;
    }
    s.heating_setpoint_c.push_back(heat);
    s.cooling_setpoint_c.push_back(cool);
    s.internal_gain_fraction.push_back(gains);
    s.ventilation_fraction.push_back(vent);
  }
  auto climate = synthetic_climate(3);
  for (std::size_t h = 0; h < HOURS; ++h) {
    climate.ground_c[h] = 9.0 + 4.0 * std::sin(2 * std::numbers::pi * static_cast<double>(h) / 8760.0);
    climate.solar_w_per_m2[2][h] -= 70.0;  // a sky channel: negative at every hour
  }
  dm::Rc5Options o;
  o.warmup_days = 10;
  o.initial_mass_temperature_c = 18.0;
  o.hourly_groupings = {cell};
  for (const std::size_t block : {std::size_t{256}, std::size_t{16}}) {
    o.block_size = block;
    const auto r = dm::simulate_5r1c(b, s, climate, o);
    std::vector<double> region_heat(r.regions.size() * HOURS, 0.0), region_cool(r.regions.size() * HOURS, 0.0);
    ASSERT_EQ(r.grouping_sums.size(), 1u);
    const auto& cells = r.grouping_sums[0];
    std::vector<double> cell_heat(cells.groups.size() * HOURS, 0.0);
    // The largest deviation of any compared value, each relative to its own scale (as in close()).
    double worst = 0.0;
    const auto near = [&worst](double got, double want, double floor) {
      worst = std::max(worst, std::abs(got - want) / std::max(std::abs(want), floor));
      return close(got, want, 1e-9, floor);
    };
    for (std::size_t i = 0; i < n; ++i) {
      const ReferenceYear ref = reference_building(b, i, s, climate, o.warmup_days, o.initial_mass_temperature_c);
      double heat_kwh = 0.0, cool_kwh = 0.0, peak = 0.0, mean_air = 0.0;
      double lo = std::numeric_limits<double>::infinity(), hi = -lo;
      std::array<double, 12> month_heat{};
      const auto region = static_cast<std::size_t>(std::lower_bound(r.regions.begin(), r.regions.end(), b.region[i]) -
                                                   r.regions.begin());
      const auto c = static_cast<std::size_t>(std::lower_bound(cells.groups.begin(), cells.groups.end(), cell[i]) -
                                              cells.groups.begin());
      for (std::size_t h = 0; h < HOURS; ++h) {
        const double p = ref.power_w[h];
        heat_kwh += std::max(p, 0.0) / 1000.0;
        cool_kwh += std::max(-p, 0.0) / 1000.0;
        month_heat[static_cast<std::size_t>(climate.month[h] - 1)] += std::max(p, 0.0) / 1000.0;
        peak = std::max(peak, p);
        mean_air += ref.air_c[h] / static_cast<double>(HOURS);
        lo = std::min(lo, ref.air_c[h]);
        hi = std::max(hi, ref.air_c[h]);
        region_heat[region * HOURS + h] += std::max(p, 0.0);
        region_cool[region * HOURS + h] += std::max(-p, 0.0);
        cell_heat[c * HOURS + h] += std::max(p, 0.0);
      }
      const double scale_kwh = 1e-3 * b.floor_area_m2[i];  // 1 Wh/m²: below that, absolute
      ASSERT_TRUE(near(r.annual_heating_kwh[i], heat_kwh, scale_kwh)) << "building " << i << " block " << block;
      ASSERT_TRUE(near(r.annual_cooling_kwh[i], cool_kwh, scale_kwh)) << "building " << i;
      for (std::size_t m = 0; m < 12; ++m) {
        ASSERT_TRUE(near(r.monthly_heating_kwh[i * 12 + m], month_heat[m], scale_kwh)) << "building " << i;
      }
      ASSERT_TRUE(near(r.peak_heating_w[i], peak, 1.0)) << "building " << i;
      ASSERT_TRUE(near(r.mean_air_c[i], mean_air, 1.0)) << "building " << i;
      ASSERT_TRUE(near(r.min_air_c[i], lo, 1.0)) << "building " << i;
      ASSERT_TRUE(near(r.max_air_c[i], hi, 1.0)) << "building " << i;
    }
    // Hourly sums: relative to the largest hour of the series (an hour where a few buildings
    // barely heat is a difference of large, nearly cancelling temperatures).
    const auto check_series = [&](std::span<const double> got, const double* want, const char* what, std::size_t g) {
      const double largest = *std::max_element(want, want + HOURS);
      for (std::size_t h = 0; h < HOURS; ++h) {
        ASSERT_TRUE(near(got[h], want[h], std::max(largest, 1.0))) << what << " " << g << " hour " << h;
      }
    };
    for (std::size_t g = 0; g < r.regions.size(); ++g) {
      check_series(r.region_heating_w[g], region_heat.data() + g * HOURS, "region heating", g);
      check_series(r.region_cooling_w[g], region_cool.data() + g * HOURS, "region cooling", g);
    }
    ASSERT_EQ(cells.groups.size() * HOURS, cells.heating_w.size());
    for (std::size_t g = 0; g < cells.groups.size(); ++g) {
      check_series(cells.heating(g), cell_heat.data() + g * HOURS, "cell heating", g);
    }
    // A failed ASSERT inside check_series leaves only the lambda: the verdict comes from `worst`.
    heattwin::test::ValidationLine("demand_kernel", "folded_vs_iso_c3", "every_output")
        .field("buildings", n)
        .field("block", block)
        .field("regions", r.regions.size())
        .field("cells", cells.groups.size())
        .at_most("max_rel", worst, 1e-9);
  }
}

TEST(Hourly5R1C, GroupingSumsAddUpToTheRegionSumsAtAnyThreadCount) {
  dm::Rc5Buildings b;
  const std::size_t n = 17000;  // two chunks of 16,384
  std::vector<std::uint32_t> cell(n), coarse(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto z = box_zone(0.5 + static_cast<double>(i % 89) / 40.0);
    z.solar_aperture_m2 = {static_cast<double>(i % 7), static_cast<double>(i % 5)};
    z.region = static_cast<std::uint32_t>(i < 16384 ? i / 5000 : 10 + i % 3);
    z.schedule = 0;
    cell[i] = static_cast<std::uint32_t>((i / 40) * 3 + i % 3);  // several runs per block
    coarse[i] = static_cast<std::uint32_t>(i % 2);               // one id per building, alternating
    b.append(z, std::to_string(i));
  }
  const auto climate = synthetic_climate(2);
  dm::Rc5Options o;
  o.hourly_groupings = {cell, coarse};
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto one = dm::simulate_5r1c(b, constant_schedule(20.0, 26.0), climate, o);
  omp_set_num_threads(2);
  const auto two = dm::simulate_5r1c(b, constant_schedule(20.0, 26.0), climate, o);
  omp_set_num_threads(saved);
  ASSERT_EQ(one.grouping_sums.size(), 2u);
  for (std::size_t g = 0; g < 2; ++g) {
    EXPECT_EQ(one.grouping_sums[g].groups, two.grouping_sums[g].groups);
    EXPECT_EQ(one.grouping_sums[g].heating_w, two.grouping_sums[g].heating_w);
  }
  EXPECT_EQ(one.region_heating_w, two.region_heating_w);
  EXPECT_EQ(one.grouping_sums[0].groups.size(), (n / 40) * 3);
  EXPECT_EQ(one.grouping_sums[1].groups, (std::vector<std::uint32_t>{0, 1}));
  double worst = 0.0;
  for (std::size_t h = 0; h < HOURS; ++h) {
    double regions = 0.0, cells = 0.0, halves = 0.0;
    for (const auto& series : one.region_heating_w) regions += series[h];
    for (std::size_t k = 0; k < one.grouping_sums[0].groups.size(); ++k) cells += one.grouping_sums[0].heating(k)[h];
    for (std::size_t k = 0; k < one.grouping_sums[1].groups.size(); ++k) halves += one.grouping_sums[1].heating(k)[h];
    worst = std::max({worst, std::abs(cells - regions) / std::max(regions, 1.0),
                      std::abs(halves - regions) / std::max(regions, 1.0)});
  }
  heattwin::test::ValidationLine("demand_kernel", "grouping_sums", "hourly_cells_vs_regions")
      .field("cells", one.grouping_sums[0].groups.size())
      .at_most("max_rel", worst, 1e-12);
}
