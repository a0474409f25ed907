// Network dispatch: energy balance every hour, merit order, storage limits and losses, unmet load,
// renewable share against the WPG targets.

#include "solvers/economics/lcoh.hpp"
#include "solvers/supply/dispatch.hpp"
#include "twin/error.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

namespace econ = heattwin::solvers::economics;
namespace supply = heattwin::solvers::supply;

namespace {

constexpr std::size_t HOURS = 8760;

/// Load of a small network: 100 … 1,500 kW over the year (winter peak) with a daily swing.
std::vector<double> yearly_load_kw() {
  std::vector<double> load(HOURS);
  for (std::size_t h = 0; h < HOURS; ++h) {
    const double season = 0.5 + 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(h) / HOURS);
    const double day = 0.85 + 0.15 * std::sin(2.0 * std::numbers::pi * static_cast<double>(h % 24) / 24.0);
    load[h] = 100.0 + 1400.0 * season * day;
  }
  return load;
}

supply::Plant plant(const char* id, supply::PlantKind kind, double capacity_kw) {
  supply::Plant p;
  p.id = id;
  p.kind = kind;
  p.capacity_kw = capacity_kw;
  return p;
}

supply::DispatchInput three_plants(const std::vector<double>& load, const std::vector<double>& supply_t) {
  supply::DispatchInput in;
  in.load_kw = load;
  in.supply_t_c = supply_t;
  in.year = 2030;
  in.price_eur_per_mwh[static_cast<std::size_t>(econ::Carrier::electricity)] = 250.0;
  in.price_eur_per_mwh[static_cast<std::size_t>(econ::Carrier::natural_gas)] = 110.0;
  in.price_eur_per_mwh[static_cast<std::size_t>(econ::Carrier::waste_heat)] = 20.0;
  supply::Plant waste = plant("waste", supply::PlantKind::waste_heat, 200.0);
  supply::Plant hp = plant("hp", supply::PlantKind::heat_pump, 500.0);
  hp.source_t_c = {10.0};  // sewage water
  hp.heat_pump.carnot_share = 0.5;
  hp.heat_pump.condenser_approach_k = 3.0;
  hp.heat_pump.evaporator_approach_k = 3.0;
  supply::Plant boiler = plant("boiler", supply::PlantKind::boiler, 2000.0);
  boiler.efficiency = 0.95;
  in.plants = {boiler, hp, waste};  // deliberately not in merit order
  return in;
}

}  // namespace

TEST(Dispatch, MeritOrderAndEnergyBalanceEveryHour) {
  const auto load = yearly_load_kw();
  const std::vector<double> supply_t = {75.0};
  const supply::DispatchInput in = three_plants(load, supply_t);
  const supply::DispatchResult r = supply::dispatch_network(in);
  ASSERT_EQ(r.hours, HOURS);
  EXPECT_EQ(r.unmet_hours, 0u);
  EXPECT_LT(r.max_balance_error_kw, 1e-9);
  double load_mwh = 0.0, waste_mwh = 0.0;
  for (std::size_t h = 0; h < HOURS; ++h) {
    const double boiler = r.plant_heat_kw[h * 3 + 0], hp = r.plant_heat_kw[h * 3 + 1],
                 waste = r.plant_heat_kw[h * 3 + 2];
    ASSERT_NEAR(boiler + hp + waste, load[h], 1e-9) << h;  // no store: production = load
    // Merit order: waste heat (20 €/MWh) < heat pump (250/COP ≈ 90) < gas boiler (116).
    ASSERT_NEAR(waste, std::min(200.0, load[h]), 1e-9) << h;
    if (hp < 500.0 - 1e-9) {
      ASSERT_EQ(boiler, 0.0) << h;
    }
    load_mwh += load[h] * 1e-3;
    waste_mwh += std::min(200.0, load[h]) * 1e-3;
  }
  EXPECT_NEAR(r.load_mwh, load_mwh, 1e-6);
  EXPECT_NEAR(r.generation_mwh, load_mwh, 1e-6);
  EXPECT_NEAR(r.plants[2].full_load_hours, waste_mwh * 1e3 / 200.0, 1e-6);
  // Fuel: boiler gas = heat / 0.95; heat pump electricity below heat / full-load COP only through part load.
  EXPECT_NEAR(r.fuel_mwh[static_cast<std::size_t>(econ::Carrier::natural_gas)], r.plants[0].heat_mwh / 0.95, 1e-6);
  const double cop_full = supply::heat_pump_cop(in.plants[1].heat_pump, 10.0, 75.0);
  EXPECT_GE(r.plants[1].fuel_mwh, r.plants[1].heat_mwh / cop_full - 1e-9);
  // Renewable share: waste heat + the heat pump's environmental heat (grid electricity counted 0),
  // hour by hour never below 0 (at deep part load the COP can fall below 1).
  double ambient_kwh = 0.0;
  for (std::size_t h = 0; h < HOURS; ++h) {
    const double q = r.plant_heat_kw[h * 3 + 1];
    if (q <= 0.0) continue;
    const double cop = supply::heat_pump_cop(in.plants[1].heat_pump, 10.0, 75.0, std::min(1.0, q / 500.0));
    ambient_kwh += std::max(0.0, q - q / cop);
  }
  const double renewable = r.plants[2].heat_mwh + ambient_kwh * 1e-3;
  EXPECT_NEAR(r.renewable_share, renewable / r.generation_mwh, 1e-9);
  EXPECT_GE(r.renewable_share, (r.plants[2].heat_mwh + r.plants[1].heat_mwh - r.plants[1].fuel_mwh) / r.generation_mwh);
  EXPECT_DOUBLE_EQ(r.wpg_target_share, 0.3);
  EXPECT_EQ(r.meets_wpg_target, r.renewable_share >= 0.3);
}

TEST(Dispatch, UnmetLoadIsCounted) {
  const std::vector<double> load = {100.0, 300.0, 800.0, 50.0};
  const std::vector<double> supply_t = {70.0};
  supply::DispatchInput in;
  in.load_kw = load;
  in.supply_t_c = supply_t;
  supply::Plant b = plant("boiler", supply::PlantKind::boiler, 250.0);
  b.efficiency = 0.9;
  in.plants = {b};
  const supply::DispatchResult r = supply::dispatch_network(in);
  EXPECT_EQ(r.unmet_hours, 2u);
  EXPECT_NEAR(r.unmet_mwh, (50.0 + 550.0) * 1e-3, 1e-12);
  EXPECT_NEAR(r.unmet_kw[2], 550.0, 1e-12);
  EXPECT_LT(r.max_balance_error_kw, 1e-12);
}

TEST(Dispatch, StorageRespectsLimitsAndShiftsSolarSurplus) {
  // Solar thermal field with a midday peak of 600 kW, a constant load of 300 kW, a gas boiler.
  std::vector<double> load(HOURS, 300.0), solar(HOURS);
  for (std::size_t h = 0; h < HOURS; ++h) {
    const double hour = static_cast<double>(h % 24);
    solar[h] = hour >= 8 && hour <= 16 ? 600.0 * std::sin(std::numbers::pi * (hour - 7.0) / 10.0) : 0.0;
  }
  const std::vector<double> supply_t = {70.0};
  supply::DispatchInput in;
  in.load_kw = load;
  in.supply_t_c = supply_t;
  in.year = 2040;
  in.price_eur_per_mwh[static_cast<std::size_t>(econ::Carrier::natural_gas)] = 110.0;
  supply::Plant sun = plant("solar", supply::PlantKind::solar_thermal, 600.0);
  sun.available_kw = solar;
  sun.charges_storage = true;
  supply::Plant b = plant("boiler", supply::PlantKind::boiler, 1000.0);
  b.efficiency = 0.95;
  in.plants = {sun, b};
  const supply::DispatchResult without = supply::dispatch_network(in);
  in.storage = {2000.0, 250.0, 150.0, 0.001, 0.0};
  const supply::DispatchResult with = supply::dispatch_network(in);
  EXPECT_LT(with.max_balance_error_kw, 1e-9);
  EXPECT_LT(with.storage_balance_error_kwh, 1e-6);
  double charged = 0.0;
  for (std::size_t h = 0; h < HOURS; ++h) {
    ASSERT_LE(with.charge_kw[h], 250.0 + 1e-9) << h;
    ASSERT_LE(with.discharge_kw[h], 150.0 + 1e-9) << h;
    ASSERT_GE(with.storage_kwh[h], -1e-9) << h;
    ASSERT_LE(with.storage_kwh[h], 2000.0 + 1e-9) << h;
    ASSERT_FALSE(with.charge_kw[h] > 0.0 && with.discharge_kw[h] > 0.0) << h;
    ASSERT_LE(with.plant_heat_kw[h * 2], solar[h] + 1e-9) << h;  // never above the solar availability
    charged += with.charge_kw[h];
  }
  EXPECT_GT(charged, 0.0);
  EXPECT_GT(with.storage_loss_mwh, 0.0);
  // The store turns solar surplus into delivered heat: more renewable heat, less gas.
  EXPECT_GT(with.renewable_share, without.renewable_share);
  EXPECT_LT(with.fuel_mwh[static_cast<std::size_t>(econ::Carrier::natural_gas)],
            without.fuel_mwh[static_cast<std::size_t>(econ::Carrier::natural_gas)]);
  // Without the store the solar heat above the load is not used.
  EXPECT_NEAR(without.plants[0].heat_mwh * 1e3 + without.plants[1].heat_mwh * 1e3, without.load_mwh * 1e3, 1e-6);
}

TEST(Dispatch, ChpRunsBeforeBoilerWhenItsElectricityPays) {
  const std::vector<double> load = {500.0, 1500.0};
  const std::vector<double> supply_t = {90.0};
  supply::DispatchInput in;
  in.load_kw = load;
  in.supply_t_c = supply_t;
  in.price_eur_per_mwh[static_cast<std::size_t>(econ::Carrier::natural_gas)] = 100.0;
  in.chp_electricity_value_eur_per_mwh = 120.0;
  supply::Plant chp = plant("chp", supply::PlantKind::chp, 1000.0);
  chp.efficiency = 0.5;
  chp.electric_efficiency = 0.4;  // 100/0.5 − 120·0.4/0.5 = 104 €/MWh heat
  supply::Plant boiler = plant("boiler", supply::PlantKind::boiler, 1000.0);
  boiler.efficiency = 0.9;  // 111 €/MWh heat
  in.plants = {boiler, chp};
  const supply::DispatchResult r = supply::dispatch_network(in);
  EXPECT_DOUBLE_EQ(r.plant_heat_kw[0 * 2 + 1], 500.0);
  EXPECT_DOUBLE_EQ(r.plant_heat_kw[1 * 2 + 1], 1000.0);
  EXPECT_DOUBLE_EQ(r.plant_heat_kw[1 * 2 + 0], 500.0);
  // 1.5 MWh heat from CHP = 3 MWh gas → 1.2 MWh electricity.
  EXPECT_NEAR(r.chp_electricity_mwh, 1.2, 1e-12);
  EXPECT_NEAR(r.fuel_mwh[static_cast<std::size_t>(econ::Carrier::natural_gas)], 3.0 + 0.5 / 0.9, 1e-12);
}

TEST(Dispatch, WpgTargets) {
  EXPECT_DOUBLE_EQ(supply::wpg_network_target(2025), 0.0);
  EXPECT_DOUBLE_EQ(supply::wpg_network_target(2029), 0.0);
  EXPECT_DOUBLE_EQ(supply::wpg_network_target(2030), 0.3);
  EXPECT_DOUBLE_EQ(supply::wpg_network_target(2039), 0.3);
  EXPECT_DOUBLE_EQ(supply::wpg_network_target(2040), 0.8);
  EXPECT_DOUBLE_EQ(supply::wpg_network_target(2044), 0.8);
  EXPECT_DOUBLE_EQ(supply::wpg_network_target(2045), 1.0);
}

TEST(Dispatch, BadInputIsAnError) {
  const std::vector<double> load = {100.0, 200.0};
  const std::vector<double> supply_t = {70.0};
  supply::DispatchInput in;
  in.load_kw = load;
  in.supply_t_c = supply_t;
  in.plants = {plant("b", supply::PlantKind::boiler, -1.0)};
  EXPECT_THROW(supply::dispatch_network(in), heattwin::InputError);
  in.plants = {plant("s", supply::PlantKind::solar_thermal, 100.0)};
  in.plants[0].available_kw = {1.0, 2.0, 3.0};
  EXPECT_THROW(supply::dispatch_network(in), heattwin::InputError);
  in.plants[0].available_kw.clear();
  in.storage = {100.0, 10.0, 10.0, 0.0, 200.0};  // initial content above the capacity
  EXPECT_THROW(supply::dispatch_network(in), heattwin::InputError);
}

// EN ISO 9806 curve by hand: 100 m², G 800 W/m², ΔT 50 K: 0.75·800 − 3.5·50 − 0.015·2500 = 387.5 W/m² → 38.75 kW.
TEST(Dispatch, SolarThermalOutput) {
  const std::vector<double> g = {800.0, 100.0}, ta = {10.0, 10.0};
  const auto q = supply::solar_thermal_output_kw(100.0, g, ta, 60.0, 0.75, 3.5, 0.015);
  EXPECT_NEAR(q[0], 38.75, 1e-12);
  EXPECT_DOUBLE_EQ(q[1], 0.0);  // losses exceed the gain: no output
}

// The dispatch result feeds the network LCOH: a year of the three-plant network with the shipped
// catalogue and prices; the energy part of the LCOH is the purchased energy at the year's prices.
TEST(Dispatch, FeedsNetworkLcoh) {
  const std::string dir = std::string(HEATTWIN_SOURCE_DATA_DIR) + "/technology";
  const auto catalogue = econ::load_technology_catalogue(dir + "/technology_defaults.csv");
  const auto carriers = econ::load_carrier_data(dir);
  const auto load = yearly_load_kw();
  const std::vector<double> supply_t = {75.0};
  supply::DispatchInput in = three_plants(load, supply_t);
  for (std::size_t c = 0; c < econ::CARRIER_COUNT; ++c)
    in.price_eur_per_mwh[c] = carriers.price_eur_per_mwh.at(static_cast<econ::Carrier>(c), in.year);
  const supply::DispatchResult d = supply::dispatch_network(in);
  econ::NetworkCostInput cost;
  cost.plants = {{"gas_boiler_large", 2000.0}, {"large_heat_pump", 500.0}, {"waste_heat", 200.0}, {"storage", 100.0}};
  cost.pipes = {{150, 800.0}, {100, 1500.0}, {50, 3000.0}};
  cost.house_connections = 120;
  cost.connected_load_kw = 1800.0;
  cost.fuel_mwh_per_a = d.fuel_mwh;
  cost.heat_loss_mwh_per_a = 0.12 * d.generation_mwh;
  cost.heat_sold_mwh_per_a = d.generation_mwh - cost.heat_loss_mwh_per_a;
  cost.pump_electricity_mwh_per_a = 0.01 * d.generation_mwh;
  const econ::NetworkLcoh l = econ::network_lcoh(cost, catalogue, carriers, in.year, {});
  double energy_eur = 0.0;
  for (std::size_t c = 0; c < econ::CARRIER_COUNT; ++c)
    energy_eur += d.fuel_mwh[c] * carriers.price_eur_per_mwh.at(static_cast<econ::Carrier>(c), in.year);
  EXPECT_NEAR(l.energy_eur_per_mwh, energy_eur / cost.heat_sold_mwh_per_a, 1e-9);
  EXPECT_GT(l.pipes_eur_per_mwh, 0.0);
  EXPECT_GT(l.lcoh_eur_per_mwh, l.energy_eur_per_mwh);
}

TEST(Dispatch, RenewableHeatOfAHeatPumpIsNeverNegativeAtDeepPartLoad) {
  // 1 kW of a 500 kW unit: part-load ratio 0.002, cycling losses give a COP far below 1
  // (heat_pump_cop with min_modulation 0.3, C_d 0.9). The environmental heat is then 0, not
  // negative, and the base year's 0 % target is met (it once flagged −0.06 % < 0 %).
  const std::vector<double> load(HOURS, 1.0), supply_t{80.0}, source_t{-10.0};
  supply::DispatchInput in;
  in.load_kw = load;
  in.supply_t_c = supply_t;
  in.year = 2025;
  in.price_eur_per_mwh[static_cast<std::size_t>(econ::Carrier::electricity)] = 250.0;
  supply::Plant hp = plant("hp", supply::PlantKind::heat_pump, 500.0);
  hp.source_t_c = source_t;
  in.plants = {hp};
  const supply::DispatchResult r = supply::dispatch_network(in);
  ASSERT_GT(r.plants[0].fuel_mwh, r.plants[0].heat_mwh);  // COP < 1
  EXPECT_EQ(r.plants[0].renewable_heat_mwh, 0.0);
  EXPECT_GE(r.renewable_share, 0.0);
  EXPECT_TRUE(r.meets_wpg_target);
  // With renewable electricity the heat counts renewable up to the heat delivered, not beyond.
  in.plants[0].renewable_share = 1.0;
  const supply::DispatchResult green = supply::dispatch_network(in);
  EXPECT_NEAR(green.renewable_share, 1.0, 1e-12);
}

TEST(Dispatch, AnnualEnergyCapLimitsAPlantAndTheNextInMeritOrderTakesOver) {
  // Issue 21 §2: a plant fed by a potential may not deliver more than the potential's annual
  // energy. Waste heat (cheapest, 200 kW) capped at 500 MWh runs from the first hour at full
  // output until the cap is used up (2,500 h), then the heat pump and the boiler take its share.
  const auto load = yearly_load_kw();
  const std::vector<double> supply_t = {75.0};
  supply::DispatchInput in = three_plants(load, supply_t);
  const supply::DispatchResult uncapped = supply::dispatch_network(in);
  ASSERT_GT(uncapped.plants[2].heat_mwh, 1000.0);  // without a cap: 200 kW in (almost) every hour
  in.plants[2].annual_cap_mwh = 500.0;
  const supply::DispatchResult r = supply::dispatch_network(in);
  EXPECT_NEAR(r.plants[2].heat_mwh, 500.0, 1e-9);
  EXPECT_EQ(r.unmet_hours, 0u);
  EXPECT_LT(r.max_balance_error_kw, 1e-9);
  EXPECT_NEAR(r.generation_mwh, uncapped.generation_mwh, 1e-6);  // the others produce what waste heat no longer does
  EXPECT_GT(r.plants[0].heat_mwh + r.plants[1].heat_mwh,
            uncapped.plants[0].heat_mwh + uncapped.plants[1].heat_mwh + 500.0 - 1e-6);
  // Chronological: full output from hour 0 until 2,500 MWh·h/200 kW = 2,500 hours, none after.
  for (std::size_t h = 0; h < 2500; ++h) ASSERT_NEAR(r.plant_heat_kw[h * 3 + 2], 200.0, 1e-9) << h;
  for (std::size_t h = 2500; h < HOURS; ++h) ASSERT_EQ(r.plant_heat_kw[h * 3 + 2], 0.0) << h;
  // A cap of 0 switches the plant off; a negative or NaN cap is an error naming the plant.
  in.plants[2].annual_cap_mwh = 0.0;
  EXPECT_EQ(supply::dispatch_network(in).plants[2].heat_mwh, 0.0);
  for (const double bad : {-1.0, std::nan("")}) {
    in.plants[2].annual_cap_mwh = bad;
    try {
      supply::dispatch_network(in);
      ADD_FAILURE() << "no error for cap " << bad;
    } catch (const heattwin::InputError& e) {
      EXPECT_NE(std::string(e.what()).find("'waste'"), std::string::npos) << e.what();
    }
  }
}
