// Economics: VDI 2067 annuities and LCOH against hand calculations, the carrier tables and the
// technology catalogue (shipped files and loader errors).

#include "solvers/economics/annuity.hpp"
#include "solvers/economics/carriers.hpp"
#include "solvers/economics/lcoh.hpp"
#include "solvers/economics/technology.hpp"
#include "tests/unit/expect_input_error.hpp"
#include "twin/error.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace econ = heattwin::solvers::economics;

namespace {

const std::string TECH_DIR = std::string(HEATTWIN_SOURCE_DATA_DIR) + "/technology";

/// Writes `text` to a fresh file under the test temp dir and returns its path.
std::string write_file(const std::string& name, const std::string& text) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / "heattwin_economics";
  std::filesystem::create_directories(dir);
  const auto path = (dir / name).string();
  std::ofstream(path) << text;
  return path;
}

using heattwin::test::expect_input_error;

econ::TechnologyParameter p(double v) { return {v, "-", "test", false, 0}; }

}  // namespace

// Hand calculation: i = 3 %, T = 20 a: a = 0.03 / (1 − 1.03^−20) = 0.0672157076.
TEST(Annuity, AnnuityAndPriceChangeFactors) {
  EXPECT_NEAR(econ::annuity_factor(0.03, 20), 0.0672157076, 1e-10);
  EXPECT_DOUBLE_EQ(econ::annuity_factor(0.0, 20), 0.05);
  // b(r = 1.02) = (1 − (1.02/1.03)^20) / (1.03 − 1.02) = 17.7266955.
  EXPECT_NEAR(econ::price_change_factor(1.02, 0.03, 20), 17.7266955, 1e-6);
  // Without price change a · b = 1 (the first-year amount is the annuity).
  EXPECT_NEAR(econ::annuity_factor(0.03, 20) * econ::price_change_factor(1.0, 0.03, 20), 1.0, 1e-12);
  // r = q: b = T / q.
  EXPECT_NEAR(econ::price_change_factor(1.03, 0.03, 20), 20.0 / 1.03, 1e-12);
  expect_input_error([] { econ::annuity_factor(-0.01, 20); }, {"interest rate"});
  expect_input_error([] { econ::annuity_factor(0.03, 0); }, {"period"});
}

// A_0 = 10,000 €, T_N = 15 a, T = 20 a, i = 3 %: one replacement A_1 = 10,000/1.03^15 = 6,418.62 €;
// residual R_W = 10,000 · (2·15 − 20)/15 / 1.03^20 = 3,691.17 €; A_N,K = 12,727.45 · a = 855.484 €/a.
TEST(Annuity, CapitalWithReplacementAndResidualValue) {
  econ::AnnuityParameters p;
  const econ::CapitalAnnuity c = econ::capital_annuity({10000.0, 15, 0.02}, p);
  EXPECT_EQ(c.replacements, 1);
  EXPECT_NEAR(c.replacements_present_value_eur, 6418.6195, 1e-3);
  EXPECT_NEAR(c.residual_value_eur, 3691.1717, 1e-3);
  EXPECT_NEAR(c.annuity_eur_per_a, 855.4844, 1e-3);
  EXPECT_NEAR(c.maintenance_eur_per_a, 200.0, 1e-9);  // 2 % of A_0, a · b = 1
  // Replacement prices rising 2 %/a: A_1 = 10,000 · (1.02/1.03)^15, R_W with 1.02^15: 918.892 €/a.
  p.capital_price_change = 1.02;
  EXPECT_NEAR(econ::capital_annuity({10000.0, 15, 0.0}, p).annuity_eur_per_a, 918.8915, 1e-3);
  // Lifetime equal to the period: no replacement, no residual value: A_0 · a.
  const econ::CapitalAnnuity same = econ::capital_annuity({10000.0, 20, 0.0}, econ::AnnuityParameters{});
  EXPECT_EQ(same.replacements, 0);
  EXPECT_NEAR(same.residual_value_eur, 0.0, 1e-9);
  EXPECT_NEAR(same.annuity_eur_per_a, 672.157076, 1e-5);
  // Lifetime longer than the period: residual value (40 − 20)/40 of A_0, discounted.
  const econ::CapitalAnnuity longer = econ::capital_annuity({10000.0, 40, 0.0}, econ::AnnuityParameters{});
  EXPECT_NEAR(longer.residual_value_eur, 10000.0 * 0.5 / std::pow(1.03, 20), 1e-6);
  expect_input_error([] { econ::capital_annuity({-1.0, 15, 0.0}, {}); }, {"investment"});
}

TEST(Annuity, TotalWithDemandOperationAndRevenue) {
  econ::AnnuityParameters p;
  p.demand_price_change = 1.02;
  const econ::Investment inv{10000.0, 15, 0.02};
  econ::AnnualCashFlows flows;
  flows.energy_first_year_eur = 1000.0;
  flows.operation_first_year_eur = 100.0;
  flows.revenue_first_year_eur = 50.0;
  const econ::AnnuityBreakdown b = econ::vdi2067_annuity(std::span(&inv, 1), flows, p);
  EXPECT_NEAR(b.capital_eur_per_a, 855.4844, 1e-3);
  EXPECT_NEAR(b.demand_eur_per_a, 1000.0 * 0.0672157076 * 17.7266955, 1e-3);  // 1,191.512 €/a
  EXPECT_NEAR(b.operation_eur_per_a, 200.0 + 100.0, 1e-9);
  EXPECT_NEAR(b.revenue_eur_per_a, 50.0, 1e-9);
  EXPECT_NEAR(b.total_eur_per_a, 855.4844 + 1191.5124 + 300.0 - 50.0, 2e-3);
}

namespace {
/// A small catalogue and carrier table with round numbers for hand calculations.
econ::TechnologyCatalogue hand_catalogue() {
  econ::TechnologyCatalogue c("hand");
  c.set("pipe_dn100", "capex_eur_per_m", p(1200));
  c.set("pipe_dn100", "lifetime_a", p(40));
  c.set("pipe_dn100", "maintenance_share_per_a", p(0.005));
  c.set("gas_boiler_large", "capex_eur_per_kw", p(100));
  c.set("gas_boiler_large", "lifetime_a", p(20));
  c.set("gas_boiler_large", "maintenance_share_per_a", p(0.02));
  c.set("heat_substation", "capex_fixed_eur", p(8000));
  c.set("heat_substation", "capex_eur_per_kw", p(100));
  c.set("heat_substation", "lifetime_a", p(40));
  c.set("heat_substation", "maintenance_share_per_a", p(0.02));
  c.set("gas_boiler", "capex_fixed_eur", p(6000));
  c.set("gas_boiler", "capex_eur_per_kw", p(100));
  c.set("gas_boiler", "lifetime_a", p(20));
  c.set("gas_boiler", "maintenance_share_per_a", p(0.03));
  return c;
}
econ::CarrierData hand_carriers() {
  econ::CarrierData d{econ::CarrierYearTable("price_eur_per_mwh", "hand"),
                      econ::CarrierYearTable("co2_g_per_kwh", "hand")};
  d.price_eur_per_mwh.set(econ::Carrier::natural_gas, 2025, 110);
  d.price_eur_per_mwh.set(econ::Carrier::natural_gas, 2035, 140);
  d.price_eur_per_mwh.set(econ::Carrier::electricity, 2025, 260);
  d.price_eur_per_mwh.set(econ::Carrier::electricity, 2035, 260);
  d.co2_g_per_kwh.set(econ::Carrier::natural_gas, 2025, 240);
  d.co2_g_per_kwh.set(econ::Carrier::natural_gas, 2035, 240);
  return d;
}
}  // namespace

// Network: 1,000 m DN 100 (1.2 M€, 40 a), a 1 MW gas boiler (100 k€, 20 a: one replacement, no
// residual at T = 40), 10 connections of 200 kW in all, 2,500 MWh gas at 125 €/MWh (2030, linear
// between 110 in 2025 and 140 in 2035), 20 MWh pump electricity at 260 €/MWh, 2,000 MWh sold,
// 375 MWh lost, i = 3 %, T = 40 a (a = 0.0432623779).
//   pipes 1.2e6·a = 51,914.85; boiler (1e5 + 1e5/1.03^20)·a = 6,721.57; connections 1e5·a = 4,326.24;
//   maintenance 6,000 + 2,000 + 2,000; energy 312,500 + 5,200 → total 390,662.66 €/a → 195.331 €/MWh.
TEST(Lcoh, NetworkHandCalculation) {
  econ::NetworkCostInput in;
  in.plants = {{"gas_boiler_large", 1000.0}};
  in.pipes = {{100, 1000.0}};
  in.house_connections = 10;
  in.connected_load_kw = 200.0;
  in.fuel_mwh_per_a[static_cast<std::size_t>(econ::Carrier::natural_gas)] = 2500.0;
  in.pump_electricity_mwh_per_a = 20.0;
  in.heat_sold_mwh_per_a = 2000.0;
  in.heat_loss_mwh_per_a = 375.0;
  econ::AnnuityParameters ap;
  ap.period_a = 40;
  const econ::NetworkLcoh r = econ::network_lcoh(in, hand_catalogue(), hand_carriers(), 2030, ap);
  EXPECT_NEAR(r.annuity.total_eur_per_a, 390662.662, 1e-2);
  EXPECT_NEAR(r.lcoh_eur_per_mwh, 195.331331, 1e-5);
  EXPECT_NEAR(r.pipes_eur_per_mwh, 51914.8535 / 2000.0, 1e-6);
  EXPECT_NEAR(r.plants_eur_per_mwh, 6721.5708 / 2000.0, 1e-6);
  EXPECT_NEAR(r.connections_eur_per_mwh, 4326.2378 / 2000.0, 1e-6);
  EXPECT_NEAR(r.energy_eur_per_mwh, 312500.0 / 2000.0, 1e-9);
  EXPECT_NEAR(r.pumping_eur_per_mwh, 5200.0 / 2000.0, 1e-9);
  EXPECT_NEAR(r.losses_eur_per_mwh, 156.25 * 375.0 / 2375.0, 1e-9);  // 24.671 €/MWh
  // The parts add up to the whole.
  EXPECT_NEAR(r.plants_eur_per_mwh + r.pipes_eur_per_mwh + r.connections_eur_per_mwh + r.maintenance_eur_per_mwh +
                  r.energy_eur_per_mwh + r.pumping_eur_per_mwh - r.revenue_eur_per_mwh,
              r.lcoh_eur_per_mwh, 1e-9);
  in.heat_sold_mwh_per_a = 0.0;
  expect_input_error([&] { econ::network_lcoh(in, hand_catalogue(), hand_carriers(), 2030, ap); }, {"heat sold"});
  in.heat_sold_mwh_per_a = 2000.0;
  in.pipes = {{90, 10.0}};
  expect_input_error([&] { econ::network_lcoh(in, hand_catalogue(), hand_carriers(), 2030, ap); }, {"pipe_dn90"});
}

// Individual gas boiler of 10 kW: A_0 = 6,000 + 100·10 = 7,000 € (20 a = T: no replacement),
// 20 MWh gas at 110 €/MWh (2025), 19 MWh heat, i = 3 %, T = 20:
//   7,000·0.0672157076 + 7,000·0.03 + 2,200 = 470.51 + 210 + 2,200 = 2,880.51 €/a → 151.606 €/MWh.
TEST(Lcoh, IndividualHandCalculation) {
  econ::IndividualCostInput in;
  in.technology = "gas_boiler";
  in.capacity_kw = 10.0;
  in.final_energy_mwh_per_a[static_cast<std::size_t>(econ::Carrier::natural_gas)] = 20.0;
  in.heat_mwh_per_a = 19.0;
  const econ::IndividualLcoh r = econ::individual_lcoh(in, hand_catalogue(), hand_carriers(), 2025, {});
  EXPECT_NEAR(r.annuity.total_eur_per_a, 7000.0 * 0.0672157076 + 210.0 + 2200.0, 1e-6);
  EXPECT_NEAR(r.lcoh_eur_per_mwh, (7000.0 * 0.0672157076 + 2410.0) / 19.0, 1e-6);
  // A kept system pays energy and maintenance only.
  in.include_investment = false;
  const econ::IndividualLcoh kept = econ::individual_lcoh(in, hand_catalogue(), hand_carriers(), 2025, {});
  EXPECT_NEAR(kept.annuity.total_eur_per_a, 2410.0, 1e-9);
  EXPECT_DOUBLE_EQ(kept.annuity.capital_eur_per_a, 0.0);
}

// Price path: gas 110 €/MWh in 2025 rising linearly to 140 in 2035, held after; from 2030 over
// T = 20 a at 3 %: a · Σ p(2029 + t) / 1.03^t = 137.174972 €/MWh (summed by hand in a script).
TEST(Lcoh, LevelisedPricePath) {
  const econ::CarrierData d = hand_carriers();
  EXPECT_NEAR(econ::levelised_price_eur_per_mwh(d.price_eur_per_mwh, econ::Carrier::natural_gas, 2030, {}), 137.174972,
              1e-5);
  // A constant price levelises to itself.
  EXPECT_NEAR(econ::levelised_price_eur_per_mwh(d.price_eur_per_mwh, econ::Carrier::electricity, 2025, {}), 260.0,
              1e-9);
  expect_input_error(
      [&] { econ::levelised_price_eur_per_mwh(d.price_eur_per_mwh, econ::Carrier::natural_gas, 2020, {}); },
      {"2025–2035", "2020"});
  // The individual LCOH with the path: 7,000 € boiler, 210 € maintenance, 20 MWh at the levelised price.
  econ::IndividualCostInput in;
  in.technology = "gas_boiler";
  in.capacity_kw = 10.0;
  in.final_energy_mwh_per_a[static_cast<std::size_t>(econ::Carrier::natural_gas)] = 20.0;
  in.heat_mwh_per_a = 19.0;
  in.price_path = true;
  const econ::IndividualLcoh r = econ::individual_lcoh(in, hand_catalogue(), d, 2030, {});
  EXPECT_NEAR(r.annuity.demand_eur_per_a, 20.0 * 137.174972, 1e-3);
  EXPECT_NEAR(r.annuity.total_eur_per_a, 7000.0 * 0.0672157076 + 210.0 + 20.0 * 137.174972, 1e-3);
}

TEST(Carriers, InterpolationAndRange) {
  const econ::CarrierData d = hand_carriers();
  EXPECT_DOUBLE_EQ(d.price_eur_per_mwh.at(econ::Carrier::natural_gas, 2025), 110.0);
  EXPECT_DOUBLE_EQ(d.price_eur_per_mwh.at(econ::Carrier::natural_gas, 2030), 125.0);
  expect_input_error([&] { d.price_eur_per_mwh.at(econ::Carrier::natural_gas, 2045); }, {"2025–2035", "2045"});
  expect_input_error([&] { d.price_eur_per_mwh.at(econ::Carrier::hydrogen, 2030); }, {"hydrogen"});
}

TEST(Carriers, FinalEnergyBalanceAndCo2) {
  econ::FinalEnergyBalance b;
  b.add(econ::Carrier::natural_gas, econ::Sector::residential, 100.0);
  b.add(econ::Carrier::natural_gas, econ::Sector::commercial, 50.0);
  b.add(econ::Carrier::electricity, econ::Sector::residential, 0.0);
  EXPECT_DOUBLE_EQ(b.carrier_total_mwh(econ::Carrier::natural_gas), 150.0);
  EXPECT_DOUBLE_EQ(b.sector_total_mwh(econ::Sector::residential), 100.0);
  EXPECT_DOUBLE_EQ(b.total_mwh(), 150.0);
  // 150 MWh · 240 g/kWh = 36 t.
  EXPECT_DOUBLE_EQ(b.co2_t(hand_carriers().co2_g_per_kwh, 2030), 36.0);
}

TEST(Carriers, ShippedTablesCoverEveryCarrierFrom2025To2045) {
  const econ::CarrierData d = econ::load_carrier_data(TECH_DIR);
  for (std::size_t c = 0; c < econ::CARRIER_COUNT; ++c) {
    for (int year = 2025; year <= 2045; ++year) {
      EXPECT_GE(d.price_eur_per_mwh.at(static_cast<econ::Carrier>(c), year), 0.0);
      EXPECT_GE(d.co2_g_per_kwh.at(static_cast<econ::Carrier>(c), year), 0.0);
    }
  }
  // GEG Anlage 9 factors (checked in the stored GEG text): gas 240, oil 310, wood 20, grid electricity 560.
  EXPECT_DOUBLE_EQ(d.co2_g_per_kwh.at(econ::Carrier::natural_gas, 2025), 240.0);
  EXPECT_DOUBLE_EQ(d.co2_g_per_kwh.at(econ::Carrier::heating_oil, 2025), 310.0);
  EXPECT_DOUBLE_EQ(d.co2_g_per_kwh.at(econ::Carrier::biomass, 2025), 20.0);
  EXPECT_DOUBLE_EQ(d.co2_g_per_kwh.at(econ::Carrier::electricity, 2025), 560.0);
}

TEST(Carriers, LoaderErrorsNameFileLineAndColumn) {
  const std::string head = "carrier,year,price_eur_per_mwh,source,verified\n";
  auto load = [](const std::string& path) { return econ::load_carrier_year_table(path, "price_eur_per_mwh"); };
  const auto bad_carrier =
      write_file("p1.csv", head + "natural_gas,2025,110,s,unverified\ncoal,2025,90,s,unverified\n");
  expect_input_error([&] { load(bad_carrier); }, {"p1.csv:3, column 1 (carrier)", "coal"});
  const auto bad_value = write_file("p2.csv", head + "natural_gas,2025,1l0,s,unverified\n");
  expect_input_error([&] { load(bad_value); }, {"p2.csv:2, column 3 (price_eur_per_mwh)", "1l0"});
  const auto negative = write_file("p3.csv", head + "natural_gas,2025,-5,s,unverified\n");
  expect_input_error([&] { load(negative); }, {"p3.csv:2, column 3", "≥ 0"});
  const auto duplicate =
      write_file("p4.csv", head + "natural_gas,2025,5,s,unverified\nnatural_gas,2025,6,s,unverified\n");
  expect_input_error([&] { load(duplicate); }, {"p4.csv:3, column 2 (year)", "twice"});
  const auto flag = write_file("p5.csv", head + "natural_gas,2025,5,s,yes\n");
  expect_input_error([&] { load(flag); }, {"p5.csv:2, column 5 (verified)", "'yes'"});
  const auto no_source = write_file("p6.csv", head + "natural_gas,2025,5,,verified\n");
  expect_input_error([&] { load(no_source); }, {"p6.csv:2, column 4 (source)"});
  const auto missing_column = write_file("p7.csv", "carrier,year,source,verified\nnatural_gas,2025,s,verified\n");
  expect_input_error([&] { load(missing_column); }, {"p7.csv", "price_eur_per_mwh"});
}

TEST(Technology, ShippedCatalogueHasSourcesAndEveryTechnologyNeeded) {
  const econ::TechnologyCatalogue c = econ::load_technology_catalogue(TECH_DIR + "/technology_defaults.csv");
  for (const char* tech :
       {"air_heat_pump", "ground_heat_pump", "gas_boiler", "hydrogen_boiler", "biomass_boiler", "oil_boiler",
        "electric_heater", "heat_substation", "large_heat_pump", "chp_gas", "gas_boiler_large", "hydrogen_boiler_large",
        "biomass_boiler_large", "solar_thermal", "waste_heat", "storage", "pipe_dn25", "pipe_dn100", "pipe_dn300"}) {
    EXPECT_TRUE(c.has_technology(tech)) << tech;
    EXPECT_NO_THROW(econ::investment_of(c, tech, 1.0)) << tech;
  }
  for (const auto& [tech, params] : c.entries()) {
    for (const auto& [name, value] : params) {
      EXPECT_FALSE(value.source.empty()) << tech << " " << name;
      EXPECT_GT(value.line, 1u);
    }
  }
}

TEST(Technology, LoaderErrorsNameFileLineAndColumn) {
  const std::string head = "technology,parameter,value,unit,source,verified\n";
  const std::string ok = "gas_boiler,lifetime_a,20,a,VDI 2067,unverified\n";
  const auto bad_number = write_file("t1.csv", head + ok + "gas_boiler,efficiency,0.9x,1,s,unverified\n");
  expect_input_error([&] { econ::load_technology_catalogue(bad_number); }, {"t1.csv:3, column 3 (value)", "0.9x"});
  const auto share = write_file("t2.csv", head + "gas_boiler,maintenance_share_per_a,3,1/a,s,unverified\n");
  expect_input_error([&] { econ::load_technology_catalogue(share); }, {"t2.csv:2, column 3", "[0, 1]"});
  const auto lifetime = write_file("t3.csv", head + "gas_boiler,lifetime_a,12.5,a,s,unverified\n");
  expect_input_error([&] { econ::load_technology_catalogue(lifetime); }, {"t3.csv:2, column 3", "whole number"});
  const auto twice = write_file("t4.csv", head + ok + ok);
  expect_input_error([&] { econ::load_technology_catalogue(twice); }, {"t4.csv:3, column 2 (parameter)", "twice"});
  const auto no_unit = write_file("t5.csv", head + "gas_boiler,lifetime_a,20,,s,unverified\n");
  expect_input_error([&] { econ::load_technology_catalogue(no_unit); }, {"t5.csv:2, column 4 (unit)"});
  const auto no_source = write_file("t6.csv", head + "gas_boiler,lifetime_a,20,a,,unverified\n");
  expect_input_error([&] { econ::load_technology_catalogue(no_source); }, {"t6.csv:2, column 5 (source)"});
  const auto short_row = write_file("t7.csv", head + "gas_boiler,lifetime_a,20\n");
  expect_input_error([&] { econ::load_technology_catalogue(short_row); }, {"t7.csv:2"});
  const econ::TechnologyCatalogue c = econ::load_technology_catalogue(write_file("t8.csv", head + ok));
  expect_input_error([&] { c.value("gas_boiler", "efficiency"); },
                     {"t8.csv", "gas_boiler", "efficiency", "lifetime_a"});
  expect_input_error([&] { econ::investment_of(c, "gas_boiler", 1.0); }, {"no capex rate"});
}
