/// District-heating operation and design checks over a series (issue 21 §1–3): thermal states
/// reused between solves, end bypasses, the plant's supply-temperature curve and the specific
/// pressure drop of every pipe.

#include "solvers/network/district_heating.hpp"
#include "solvers/network/hydraulics.hpp"
#include "solvers/network/thermal.hpp"
#include "twin/error.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace net = heattwin::solvers::network;

namespace {

constexpr double CP = 4190.0;

/// plant → a (300 m) → b (600 m, thin) and a → c (150 m); consumers at a, b, c.
net::PipeNetwork branched_feeder() {
  net::PipeNetwork n;
  n.fluid = net::FluidProperties::constant("water 70 °C", 977.8, 0.404e-3, CP);
  n.add_junction("plant", 0.0, 353.15);
  n.add_junction("a", 0.0, 353.15);
  n.add_junction("b", 0.0, 353.15);
  n.add_junction("c", 0.0, 353.15);
  n.add_pipe("plant-a", 0, 1, 300.0, 0.0703, 1e-4, 0.0, 1.2, 283.15);
  n.add_pipe("a-b", 1, 2, 600.0, 0.0217, 1e-4, 0.0, 1.0, 283.15);
  n.add_pipe("a-c", 1, 3, 150.0, 0.0372, 1e-4, 0.0, 1.5, 283.15);
  n.fixed_pressure_bar[0] = 6.0;
  n.fixed_t_k[0] = 353.15;
  return n;
}

std::vector<net::DhConsumer> three_consumers() {
  return {{"a", 1, 323.15, 333.15}, {"b", 2, 323.15, 333.15}, {"c", 3, 323.15, 333.15}};
}

/// Winter and summer hours: b draws little in summer, so its water cools in the long pipe.
void seasonal(std::size_t hour, std::span<double> q) {
  const bool summer = hour % 2 == 1;
  q[0] = summer ? 20.0 : 150.0;
  q[1] = summer ? 0.3 : 12.0;
  q[2] = summer ? 2.0 : 30.0;
}

}  // namespace

TEST(ThermalSolver, ReusedStateEqualsAFreshSolveBitForBit) {
  // A series of flows (with one reversal) solved into one reused state gives solve_thermal's
  // numbers exactly.
  net::PipeNetwork n = branched_feeder();
  net::HydraulicSolver hydraulics(n, {});
  net::ThermalSolver thermal(n);
  net::ThermalState reused;
  for (int k = 0; k < 6; ++k) {
    std::fill(n.withdrawal_kg_per_s.begin(), n.withdrawal_kg_per_s.end(), 0.0);
    n.withdrawal_kg_per_s[1] = 0.5 + 0.3 * k;
    n.withdrawal_kg_per_s[2] = k == 3 ? 0.0 : 0.02 * k;
    n.withdrawal_kg_per_s[3] = 0.1;
    n.ambient_t_k.assign(n.branch_count(), 280.0 + k);
    const net::HydraulicState h = hydraulics.solve();
    thermal.solve(h, {}, reused);
    const net::ThermalState fresh = net::solve_thermal(n, h, {});
    for (std::size_t j = 0; j < n.junction_count(); ++j) {
      EXPECT_EQ(std::isnan(reused.junction_t_k[j]), std::isnan(fresh.junction_t_k[j]));
      if (!std::isnan(fresh.junction_t_k[j])) {
        EXPECT_EQ(reused.junction_t_k[j], fresh.junction_t_k[j]);
      }
    }
    for (std::size_t b = 0; b < n.branch_count(); ++b) {
      EXPECT_EQ(reused.branch_t_out_k[b], fresh.branch_t_out_k[b]);
      EXPECT_EQ(reused.branch_heat_loss_w[b], fresh.branch_heat_loss_w[b]);
    }
    EXPECT_EQ(reused.heat_loss_w, fresh.heat_loss_w);
    EXPECT_EQ(reused.boundary_heat_w, fresh.boundary_heat_w);
    EXPECT_EQ(reused.withdrawn_heat_w, fresh.withdrawn_heat_w);
    EXPECT_EQ(reused.stagnant_junction_count, fresh.stagnant_junction_count);
  }
}

TEST(DistrictHeating, EndBypassKeepsTheEndWarmAndClosesTheBalance) {
  const std::vector<double> ground{283.15};
  net::DhSeriesOptions plain;
  plain.temperature_tolerance_k = 1e-6;
  plain.temperature_rounds = 100;
  const auto without =
      net::simulate_district_heating(branched_feeder(), three_consumers(), 48, seasonal, ground, plain);
  net::DhSeriesOptions bypass = plain;
  bypass.min_end_flow_kg_per_s = 0.08;
  const auto with = net::simulate_district_heating(branched_feeder(), three_consumers(), 48, seasonal, ground, bypass);
  // b and c sit at ends, a does not.
  EXPECT_EQ(with.is_end_consumer, (std::vector<std::uint8_t>{0, 1, 1}));
  // Without bypass b's summer supply falls below 60 °C; with 0.08 kg/s it stays above.
  EXPECT_GT(without.hours_below_min_supply_t[1], 0U);
  EXPECT_EQ(with.hours_below_min_supply_t[1], 0U);
  EXPECT_GT(with.min_supply_t_k[1], without.min_supply_t_k[1] + 5.0);
  // With bypasses every consumer gets its demand (without, b and c are under-supplied in summer);
  // the bypass water costs extra losses, and the plant supplies them.
  const std::vector<double> demand_kwh{24 * 150.0 + 24 * 20.0, 24 * 12.0 + 24 * 0.3, 24 * 30.0 + 24 * 2.0};
  for (std::size_t c = 0; c < 3; ++c) EXPECT_NEAR(with.delivered_kwh[c], demand_kwh[c], 1e-6 * demand_kwh[c]) << c;
  EXPECT_LT(without.delivered_kwh[1], demand_kwh[1]);
  EXPECT_GT(with.heat_loss_mwh, without.heat_loss_mwh);
  EXPECT_NEAR(with.energy_balance_error_kwh, 0.0, 1e-6);
  EXPECT_NEAR(with.plant_heat_mwh, with.delivered_mwh + with.heat_loss_mwh, 1e-9);
  EXPECT_GT(with.bypass_mass_t, 0.0);
  EXPECT_GT(with.bypass_return_heat_mwh, 0.0);
  EXPECT_EQ(without.bypass_mass_t, 0.0);
  // At most 0.08 kg/s for one hour (0.288 t) per end consumer and hour.
  EXPECT_LE(with.bypass_mass_t, 2 * 48 * 0.08 * 3.6);
}

TEST(DistrictHeating, PlantSupplyCurveSetsThePlantTemperatureEachHour) {
  const std::vector<double> ground{283.15};
  net::DhSeriesOptions options;
  options.temperature_tolerance_k = 1e-6;
  options.temperature_rounds = 100;
  options.plant_supply_t_k.resize(48);
  for (std::size_t h = 0; h < 48; ++h) options.plant_supply_t_k[h] = h % 2 == 1 ? 343.15 : 358.15;
  const auto r = net::simulate_district_heating(branched_feeder(), three_consumers(), 48, seasonal, ground, options);
  EXPECT_NEAR(r.energy_balance_error_kwh, 0.0, 1e-6);
  // With water's temperature-dependent c_p both sides of the network take it at the hour's
  // supply temperature: the balance still closes.
  net::PipeNetwork water = branched_feeder();
  water.fluid = net::FluidProperties::water();
  const auto w = net::simulate_district_heating(water, three_consumers(), 48, seasonal, ground, options);
  EXPECT_NEAR(w.energy_balance_error_kwh, 0.0, 1e-6);
  // a sits 300 m from the plant: its lowest (summer) supply lies a few kelvin below 70 °C.
  EXPECT_LT(r.min_supply_t_k[0], 343.15);
  EXPECT_GT(r.min_supply_t_k[0], 333.15);
  // A constant curve equal to the plant's fixed temperature gives the plain run bit for bit.
  net::DhSeriesOptions constant;
  constant.temperature_tolerance_k = 1e-6;
  constant.plant_supply_t_k.assign(48, 353.15);
  net::DhSeriesOptions plain;
  plain.temperature_tolerance_k = 1e-6;
  const auto a = net::simulate_district_heating(branched_feeder(), three_consumers(), 48, seasonal, ground, constant);
  const auto b = net::simulate_district_heating(branched_feeder(), three_consumers(), 48, seasonal, ground, plain);
  EXPECT_EQ(a.plant_heat_kw, b.plant_heat_kw);
  EXPECT_EQ(a.min_supply_t_k, b.min_supply_t_k);
  // Wrong length or a supply at a consumer's return temperature: errors naming the problem.
  options.plant_supply_t_k.resize(47);
  EXPECT_THROW(
      (void)net::simulate_district_heating(branched_feeder(), three_consumers(), 48, seasonal, ground, options),
      heattwin::InputError);
  options.plant_supply_t_k.assign(48, 323.15);
  try {
    (void)net::simulate_district_heating(branched_feeder(), three_consumers(), 48, seasonal, ground, options);
    ADD_FAILURE() << "expected an InputError";
  } catch (const heattwin::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("hour 0"), std::string::npos) << e.what();
  }
}

TEST(DistrictHeating, PeakPressureGradientIsDarcyWeisbachOfThePeakHour) {
  const std::vector<double> ground{283.15};
  net::DhSeriesOptions options;
  options.temperature_tolerance_k = 1e-6;
  options.max_pressure_gradient_pa_per_m = 150.0;
  const auto r = net::simulate_district_heating(branched_feeder(), three_consumers(), 4, seasonal, ground, options);
  // Winter hours carry the peak: λ/D·ρv²/2 from the peak velocity and an independent λ.
  const net::PipeNetwork n = branched_feeder();
  for (std::size_t b = 0; b < n.branch_count(); ++b) {
    const double v = r.peak_velocity_m_per_s[b];
    const double d = n.inner_diameter_m[b];
    const double re = 977.8 * v * d / 0.404e-3;
    const double lambda = net::friction_factor(net::FrictionModel::colebrook, re, n.roughness_m[b] / d);
    EXPECT_NEAR(r.peak_pressure_gradient_pa_per_m[b], lambda / d * 977.8 * v * v / 2.0,
                1e-9 * r.peak_pressure_gradient_pa_per_m[b])
        << n.branch_id[b];
    const std::uint32_t expected_hours = r.peak_pressure_gradient_pa_per_m[b] > 150.0 ? 2U : 0U;
    EXPECT_EQ(r.hours_above_pressure_gradient_limit[b], expected_hours) << n.branch_id[b];
  }
}
