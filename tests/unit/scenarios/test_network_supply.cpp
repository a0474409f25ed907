// The [network] supply of a heat plan (scenarios/network_supply): scenario-file errors, the
// renewable share against the WPG target per year on a constructed portfolio, the energy balance
// of the dispatch, the VDI 2067 LCOH of a tiny network by hand, pipes priced by DN, and the
// network inputs of the supply-area cells.

#include "scenarios/network_supply.hpp"
#include "scenarios/network_toml.hpp"
#include "solvers/economics/annuity.hpp"
#include "tests/unit/expect_input_error.hpp"
#include "tests/unit/validation_line.hpp"
#include "twin/error.hpp"
#include "twin/twin.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace hs = heattwin::scenarios;
namespace ec = heattwin::solvers::economics;
namespace sp = heattwin::solvers::supply;

namespace {

const std::string TECH_DIR = std::string(HEATTWIN_SOURCE_DATA_DIR) + "/technology";

hs::NetworkScenario parse(const std::string& text) {
  const toml::table doc = toml::parse(text, std::string_view("s.toml"));
  return hs::detail::parse_network_scenario("s.toml", *doc["network"].as_table());
}

using heattwin::test::expect_input_error;

ec::TechnologyParameter value(double v) { return {v, "-", "test", false, 0}; }

/// Prices and CO2 factors of every carrier, constant over 2025–2045.
ec::CarrierData flat_carriers(double gas_eur_per_mwh, double electricity_eur_per_mwh) {
  ec::CarrierData c{ec::CarrierYearTable("price_eur_per_mwh", "test"), ec::CarrierYearTable("co2_g_per_kwh", "test")};
  for (std::size_t k = 0; k < ec::CARRIER_COUNT; ++k) {
    const auto carrier = static_cast<ec::Carrier>(k);
    for (int year : {2025, 2045}) {
      const double price = carrier == ec::Carrier::natural_gas   ? gas_eur_per_mwh
                           : carrier == ec::Carrier::electricity ? electricity_eur_per_mwh
                                                                 : 0.0;
      c.price_eur_per_mwh.set(carrier, year, price);
      c.co2_g_per_kwh.set(carrier, year,
                          carrier == ec::Carrier::natural_gas   ? 200.0
                          : carrier == ec::Carrier::electricity ? 400.0
                                                                : 0.0);
    }
  }
  return c;
}

}  // namespace

TEST(NetworkSupplyScenario, DefaultPortfolioWithoutPlants) {
  const hs::NetworkScenario s = parse("[network]\ndesign = \"densest-area\"\n");
  ASSERT_EQ(s.supply.plants.size(), 2u);
  EXPECT_TRUE(s.supply.default_portfolio);
  EXPECT_EQ(s.supply.plants[0].kind, sp::PlantKind::heat_pump);
  EXPECT_DOUBLE_EQ(s.supply.plants[0].capacity_share, 0.35);
  EXPECT_EQ(s.supply.plants[1].technology, "gas_boiler_large");
  EXPECT_TRUE(s.supply.storage.enabled);
  EXPECT_DOUBLE_EQ(s.supply.storage.hours_of_peak, 2.0);
  EXPECT_TRUE(s.simulate_every_year);
  EXPECT_FALSE(parse("[network]\ndesign = \"densest-area\"\nsimulate_every_year = false\n").simulate_every_year);
  expect_input_error([] { parse("[network]\ndesign = \"densest-area\"\nsimulate_every_year = 1\n"); },
                     {"s.toml:3", "simulate_every_year"});
}

TEST(NetworkSupplyScenario, PlantsStorageEconomicsAndCosts) {
  const hs::NetworkScenario s = parse(R"([network]
design = "densest-area"
[network.plants.wh]
kind = "waste_heat"
capacity_kw = 500
available_share = 0.8
[network.plants.bio]
kind = "boiler"
fuel = "biomass"
capacity_share = 1.2
[network.storage]
capacity_kwh = 4000
charge_hours = 8
[network.economics]
interest_rate = 0.05
period_a = 25
connection_rate = 0.8
[network.costs.pipe_dn100]
capex_eur_per_m = 1100
)");
  ASSERT_EQ(s.supply.plants.size(), 2u);
  EXPECT_FALSE(s.supply.default_portfolio);
  EXPECT_EQ(s.supply.plants[0].id, "wh");
  EXPECT_EQ(s.supply.plants[0].technology, "waste_heat");
  EXPECT_DOUBLE_EQ(s.supply.plants[0].available_share, 0.8);
  EXPECT_EQ(s.supply.plants[1].technology, "biomass_boiler_large");
  EXPECT_EQ(s.supply.plants[1].fuel, ec::Carrier::biomass);
  EXPECT_EQ(s.supply.plants[1].line, 7u);
  EXPECT_DOUBLE_EQ(s.supply.storage.capacity_kwh, 4000.0);
  EXPECT_DOUBLE_EQ(s.supply.economics.annuity.interest_rate, 0.05);
  EXPECT_EQ(s.supply.economics.annuity.period_a, 25);
  EXPECT_DOUBLE_EQ(s.supply.economics.connection_rate, 0.8);
  ASSERT_EQ(s.supply.costs.size(), 1u);
  const ec::TechnologyCatalogue base = ec::load_technology_catalogue(TECH_DIR + "/technology_defaults.csv");
  const ec::TechnologyCatalogue cat = hs::network_catalogue(base, s.supply, "s.toml");
  EXPECT_DOUBLE_EQ(cat.value("pipe_dn100", "capex_eur_per_m"), 1100.0);
  EXPECT_NE(cat.parameter("pipe_dn100", "capex_eur_per_m").source.find("s.toml line 19"), std::string::npos);
}

TEST(NetworkSupplyScenario, ErrorsNameKeyAndLine) {
  const std::string head = "[network]\ndesign = \"densest-area\"\n";
  expect_input_error(
      [&] { parse(head + "[network.plants.hp]\nkind = \"heat_pump\"\ncapacity_share = 0.3\ncop = 3\n"); },
      {"s.toml:6", "unknown key 'cop'", "[network.plants.hp]"});
  expect_input_error([&] { parse(head + "[network.plants.hp]\nkind = \"heat_pump\"\ncapacity_kw = \"big\"\n"); },
                     {"s.toml:5", "'capacity_kw' must be a number"});
  expect_input_error(
      [&] { parse(head + "[network.plants.b]\nkind = \"boiler\"\ncapacity_kw = 100\nefficiency = 1.5\n"); },
      {"s.toml:6", "'efficiency'", "between"});
  expect_input_error([&] { parse(head + "[network.plants.b]\nkind = \"boiler\"\ncapacity_share = -1\n"); },
                     {"s.toml:5", "'capacity_share'"});
  expect_input_error([&] { parse(head + "[network.plants.b]\ncapacity_kw = 100\n"); }, {"s.toml:3", "needs kind"});
  expect_input_error([&] { parse(head + "[network.plants.b]\nkind = \"furnace\"\ncapacity_kw = 1\n"); },
                     {"s.toml:4", "kind must be"});
  expect_input_error([&] { parse(head + "[network.plants.b]\nkind = \"boiler\"\n"); },
                     {"s.toml:3", "needs capacity_kw"});
  expect_input_error(
      [&] { parse(head + "[network.plants.b]\nkind = \"boiler\"\ncapacity_kw = 1\ncapacity_share = 1\n"); },
      {"s.toml:3", "not both"});
  expect_input_error([&] { parse(head + "[network.plants.b]\nkind = \"boiler\"\nfuel = \"coal\"\ncapacity_kw = 1\n"); },
                     {"s.toml:5", "fuel must be a carrier"});
  expect_input_error([&] { parse(head + "[network.plants.s]\nkind = \"solar_thermal\"\ncapacity_kw = 1\n"); },
                     {"s.toml:3", "area_m2"});
  expect_input_error([&] { parse(head + "[network.storage]\ncapacity_kwh = 10\nhours_of_peak = 2\n"); },
                     {"s.toml:3", "exactly one"});
  expect_input_error([&] { parse(head + "[network.economics]\nperiod_a = 2.5\n"); }, {"s.toml:4", "period_a"});
  expect_input_error([&] { parse(head + "[network.economics]\ndiscount = 0.1\n"); },
                     {"s.toml:4", "unknown key 'discount'"});
  expect_input_error([&] { parse(head + "[network.costs.pipe_dn100]\ncapex_eur_per_m = \"a lot\"\n"); },
                     {"s.toml:4", "[network.costs.pipe_dn100]"});
  expect_input_error([&] { parse(head + "plants = 3\n"); }, {"s.toml:3", "must be a table"});
  const hs::NetworkScenario unknown = parse(head + "[network.costs.pipe_dn90]\ncapex_eur_per_m = 1\n");
  const ec::TechnologyCatalogue base = ec::load_technology_catalogue(TECH_DIR + "/technology_defaults.csv");
  expect_input_error([&] { hs::network_catalogue(base, unknown.supply, "s.toml"); },
                     {"s.toml:4", "[network.costs.pipe_dn90]", "capex_eur_per_m"});
}

// Waste heat (price 0) runs before the gas boiler: of a constant 100 kW load the waste heat
// covers its capacity, so the renewable share is capacity / 100 kW exactly; the WPG target flag
// follows the year (0 before 2030, 0.3 from 2030, 0.8 from 2040, 1.0 from 2045).
TEST(NetworkSupply, RenewableShareAgainstWpgTargetPerYear) {
  const ec::TechnologyCatalogue cat = ec::load_technology_catalogue(TECH_DIR + "/technology_defaults.csv");
  const ec::CarrierData carriers = flat_carriers(60.0, 250.0);
  const std::vector<double> load(8760, 100.0);
  for (const double waste_kw : {50.0, 85.0}) {
    hs::NetworkSupplyConfig config;
    config.default_portfolio = false;
    config.storage = {};
    hs::NetworkPlantConfig wh;
    wh.id = "waste";
    wh.kind = sp::PlantKind::waste_heat;
    wh.technology = "waste_heat";
    wh.fuel = ec::Carrier::waste_heat;
    wh.capacity_kw = waste_kw;
    hs::NetworkPlantConfig gas;
    gas.id = "gas";
    gas.kind = sp::PlantKind::boiler;
    gas.technology = "gas_boiler_large";
    gas.capacity_share = 1.0;
    config.plants = {wh, gas};
    for (const int year : {2025, 2030, 2035, 2040, 2045}) {
      hs::NetworkSupplyInput in;
      in.plant_heat_kw = load;
      in.design_peak_kw = 100.0;
      in.delivered_mwh = 800.0;
      in.pipes = {{50, 100.0}};
      in.year = year;
      const hs::NetworkSupplyYear y = hs::evaluate_network_supply(config, in, cat, carriers);
      const double share = waste_kw / 100.0;
      EXPECT_NEAR(y.dispatch.renewable_share, share, 1e-12);
      const double target = year >= 2045 ? 1.0 : year >= 2040 ? 0.8 : year >= 2030 ? 0.3 : 0.0;
      EXPECT_DOUBLE_EQ(y.dispatch.wpg_target_share, target);
      // Energy balance: the plants and the unmet load cover the load (no store).
      EXPECT_NEAR(y.plants[0].dispatch.heat_mwh + y.plants[1].dispatch.heat_mwh + y.dispatch.unmet_mwh,
                  y.dispatch.load_mwh, 1e-9);
      EXPECT_NEAR(y.plants[0].dispatch.full_load_hours, 8760.0, 1e-6);
      // Verdict: the WPG flag equals share ≥ target, with the share exact (1e-12) as asserted above.
      heattwin::test::ValidationLine(
          "network_supply",
          "wpg_target_" + std::to_string(year) + "_waste_" + std::to_string(static_cast<int>(waste_kw)),
          "renewable_share")
          .fixed("computed", y.dispatch.renewable_share, 4)
          .fixed("target", target, 2)
          .field("meets", y.dispatch.meets_wpg_target ? 1 : 0)
          .field("expected", share >= target ? 1 : 0)
          .holds(y.dispatch.meets_wpg_target == (share >= target) &&
                 std::abs(y.dispatch.renewable_share - share) <= 1e-12);
    }
  }
}

// A store and a peak shortfall: Σ plant heat + unmet = load + store losses + final content
// (the store starts empty); the unmet load is not sold.
TEST(NetworkSupply, EnergyBalanceWithStoreAndUnmetLoad) {
  const ec::TechnologyCatalogue cat = ec::load_technology_catalogue(TECH_DIR + "/technology_defaults.csv");
  const ec::CarrierData carriers = flat_carriers(60.0, 250.0);
  std::vector<double> load(8760), outdoor(8760);
  for (std::size_t h = 0; h < load.size(); ++h) {
    load[h] = 50.0 + 40.0 * std::cos(2.0 * M_PI * static_cast<double>(h) / 8760.0) +
              10.0 * std::sin(2.0 * M_PI * static_cast<double>(h % 24) / 24.0);
    outdoor[h] = 10.0 - 12.0 * std::cos(2.0 * M_PI * static_cast<double>(h) / 8760.0);
  }
  hs::NetworkSupplyConfig config = hs::default_network_supply();
  config.plants[1].capacity_share = 0.5;  // peak boiler too small: the heat pump + boiler miss the peak
  hs::NetworkSupplyInput in;
  in.plant_heat_kw = load;
  in.outdoor_t_c = outdoor;
  in.design_peak_kw = 100.0;
  in.delivered_mwh = 400.0;
  in.pipes = {{50, 100.0}};
  in.house_connections = 3;
  in.connected_load_kw = 90.0;
  in.year = 2030;
  const hs::NetworkSupplyYear y = hs::evaluate_network_supply(config, in, cat, carriers);
  double plants = 0.0;
  for (const auto& p : y.plants) plants += p.dispatch.heat_mwh;
  const double final_content_mwh = y.dispatch.storage_kwh.back() / 1000.0;
  EXPECT_GT(y.dispatch.unmet_mwh, 0.0);
  EXPECT_GT(y.dispatch.storage_loss_mwh, 0.0);
  EXPECT_NEAR(plants + y.dispatch.unmet_mwh, y.dispatch.load_mwh + y.dispatch.storage_loss_mwh + final_content_mwh,
              1e-6);
  EXPECT_LT(y.dispatch.max_balance_error_kw, 1e-9);
  EXPECT_NEAR(y.heat_sold_mwh, 400.0 * (1.0 - y.dispatch.unmet_mwh / y.dispatch.load_mwh), 1e-9);
  EXPECT_DOUBLE_EQ(y.storage_capacity_kwh, 200.0);
  EXPECT_NEAR(y.storage_volume_m3, 200.0 / (4.187 / 3.6 * 30.0), 1e-9);
}

// A tiny network by hand (i = 3 %, T = 20 a, a = 0.0672157076, no price change):
//   pipe DN 100, 100 m × 1000 €/m, 40 a, 1 %/a: residual value 100,000 · (40 − 20)/40 · 1.03^−20;
//     capital (100,000 − R_W) · a; maintenance 1,000 €/a
//   2 house connections × 5,000 €, 20 a: 10,000 · a
//   gas boiler 100 kW × 100 €/kW, 20 a, η = 0.9: 10,000 · a; fuel 438 MWh / 0.9 × 50 €/MWh
//   pumps 1 MWh × 200 €/MWh; heat sold 400 MWh.
TEST(NetworkSupply, TinyNetworkLcohByHand) {
  ec::TechnologyCatalogue cat("hand");
  cat.set("pipe_dn100", "capex_eur_per_m", value(1000.0));
  cat.set("pipe_dn100", "lifetime_a", value(40.0));
  cat.set("pipe_dn100", "maintenance_share_per_a", value(0.01));
  cat.set("heat_substation", "capex_fixed_eur", value(5000.0));
  cat.set("heat_substation", "capex_eur_per_kw", value(0.0));
  cat.set("heat_substation", "lifetime_a", value(20.0));
  cat.set("heat_substation", "maintenance_share_per_a", value(0.0));
  cat.set("gas_boiler_large", "capex_eur_per_kw", value(100.0));
  cat.set("gas_boiler_large", "lifetime_a", value(20.0));
  cat.set("gas_boiler_large", "maintenance_share_per_a", value(0.0));
  cat.set("gas_boiler_large", "efficiency", value(0.9));
  const ec::CarrierData carriers = flat_carriers(50.0, 200.0);
  hs::NetworkSupplyConfig config;
  config.default_portfolio = false;
  config.storage = {};
  hs::NetworkPlantConfig gas;
  gas.id = "gas";
  gas.kind = sp::PlantKind::boiler;
  gas.technology = "gas_boiler_large";
  gas.capacity_kw = 100.0;
  config.plants = {gas};
  const std::vector<double> load(8760, 50.0);  // 438 MWh
  hs::NetworkSupplyInput in;
  in.plant_heat_kw = load;
  in.delivered_mwh = 400.0;
  in.pump_electricity_mwh = 1.0;
  in.pipes = {{100, 100.0}};
  in.house_connections = 2;
  in.connected_load_kw = 60.0;
  in.year = 2030;
  const hs::NetworkSupplyYear y = hs::evaluate_network_supply(config, in, cat, carriers);
  const double a = 0.03 / (1.0 - std::pow(1.03, -20.0));
  const double residual = 100000.0 * 20.0 / 40.0 * std::pow(1.03, -20.0);
  const double pipe = (100000.0 - residual) * a + 1000.0;
  const double connections = 10000.0 * a;
  const double boiler = 10000.0 * a;
  const double fuel = 438.0 / 0.9 * 50.0;
  const double pumps = 200.0;
  const double lcoh = (pipe + connections + boiler + fuel + pumps) / 400.0;
  EXPECT_NEAR(lcoh, 79.3461, 1e-3);  // the numbers above, evaluated
  EXPECT_NEAR(y.pipes_annuity_eur_per_a, pipe, 1e-9);
  EXPECT_NEAR(y.connections_annuity_eur_per_a, connections, 1e-9);
  EXPECT_NEAR(y.generation_eur_per_mwh, (boiler + fuel + pumps) / 400.0, 1e-9);
  EXPECT_NEAR(y.lcoh.pipes_eur_per_mwh, (100000.0 - residual) * a / 400.0, 1e-9);
  // CO2: 486.67 MWh gas × 200 g/kWh + 1 MWh pumps × 400 g/kWh.
  EXPECT_NEAR(y.co2_t, 438.0 / 0.9 * 0.2 + 0.4, 1e-9);
  heattwin::test::ValidationLine("network_supply", "tiny_network", "lcoh_eur_per_mwh")
      .fixed("computed", y.lcoh.lcoh_eur_per_mwh, 6)
      .fixed("expected", lcoh, 6)
      .at_most("abs_err", std::abs(y.lcoh.lcoh_eur_per_mwh - lcoh), 1e-9);
}

TEST(NetworkSupply, PipesPricedByDn) {
  const ec::TechnologyCatalogue cat = ec::load_technology_catalogue(TECH_DIR + "/technology_defaults.csv");
  // DN 20 is not priced: the smallest priced DN (25); an inner diameter between sizes: the next
  // larger priced DN; larger than every priced size: the largest (DN 300).
  const std::vector<double> length{10.0, 20.0, 30.0, 40.0};
  const std::vector<double> diameter{0.0217, 0.0703, 0.075, 2.0};
  const auto priced = hs::priced_pipe_lengths(length, diameter, cat);
  ASSERT_EQ(priced.size(), 4u);
  EXPECT_EQ(priced[0].dn, 25);
  EXPECT_DOUBLE_EQ(priced[0].length_m, 10.0);
  EXPECT_EQ(priced[1].dn, 65);
  EXPECT_EQ(priced[2].dn, 80);
  EXPECT_EQ(priced[3].dn, 300);
}

// Cells of a twin in EPSG:3035 (identity transform): cell A holds the network's two pipes, cell
// B only streets, cell C neither. A takes the network's LCOH; B and C keep the district-heat price
// for the classification (the same evidence as without a network, docs/SUPPLY.md "One supply
// model") and report the extension estimate: B from its street length, C from the network's
// route per connection.
TEST(NetworkSupply, CellInputsServedAndEstimated) {
  heattwin::twin::Twin twin;
  twin.crs = "EPSG:3035";
  twin.grid.north_100m = {30000, 30000, 30001};
  twin.grid.east_100m = {40000, 40001, 40000};
  auto& j = twin.networks.junctions;
  for (const auto& [x, y] :
       std::vector<std::pair<double, double>>{{4000010, 3000010}, {4000050, 3000010}, {4000050, 3000090}}) {
    j.id.push_back("j");
    j.x_m.push_back(x);
    j.y_m.push_back(y);
    j.elevation_m.push_back(0.0);
    j.network.push_back(0);
  }
  auto& p = twin.networks.pipes;
  for (const auto& [a, b, len] :
       std::vector<std::tuple<std::uint32_t, std::uint32_t, double>>{{0, 1, 40.0}, {1, 2, 80.0}}) {
    p.id.push_back("p");
    p.from_junction.push_back(a);
    p.to_junction.push_back(b);
    p.length_m.push_back(len);
  }
  twin.streets.append(4000110, 3000050, 4000190, 3000050, 0);  // 80 m in cell B
  twin.streets.append(4000150, 3000020, 4000150, 3000080, 0);  // 60 m in cell B

  hs::NetworkSupplyYear ny;
  ny.lcoh.lcoh_eur_per_mwh = 120.0;
  ny.route_length_m = 120.0;
  ny.pipes_annuity_eur_per_a = 120.0 * 50.0;       // 50 €/(m·a)
  ny.connections_annuity_eur_per_a = 4.0 * 600.0;  // 600 € per connection and year
  ny.generation_eur_per_mwh = 70.0;
  hs::NetworkPlantYear plant;
  plant.dispatch.renewable_heat_mwh = 10.0;
  ny.plants = {plant};
  const std::vector<std::uint32_t> pipes{0, 1};
  hs::CellNetworkSource source;
  source.year = &ny;
  source.pipe_twin_index = pipes;
  source.consumers = 4;
  source.district_heat_price_eur_per_mwh = 110.0;
  source.connection_rate = 0.5;
  const std::vector<std::uint32_t> cells{0, 1, 2};
  const std::vector<double> demand{500.0, 200.0, 100.0}, buildings{4.0, 6.0, 2.0};
  const hs::CellNetworkInputs out = hs::cell_network_inputs(twin, {cells, demand, buildings}, source);
  EXPECT_DOUBLE_EQ(out.route_length_m[0], 120.0);  // both pipe midpoints in cell A
  EXPECT_DOUBLE_EQ(out.route_length_m[1], 0.0);
  EXPECT_DOUBLE_EQ(out.lcoh_network_eur_per_mwh[0], 120.0);
  EXPECT_EQ(out.method[0], static_cast<std::uint8_t>(hs::CellLcohMethod::designed_network));
  EXPECT_EQ(out.has_heat_network[0], 0);  // planned, not existing
  EXPECT_EQ(out.has_network_heat_source[0], 1);
  // B: 140 m street × 50 €/(m·a) + 3 connections × 600 € over 100 MWh sold, + 70 €/MWh.
  EXPECT_EQ(out.evidence_changed[0], 1);
  EXPECT_TRUE(std::isnan(out.extension_lcoh_eur_per_mwh[0]));
  EXPECT_EQ(out.extension_method[1], static_cast<std::uint8_t>(hs::CellLcohMethod::street_length_estimate));
  EXPECT_DOUBLE_EQ(out.estimate_route_m[1], 140.0);
  EXPECT_NEAR(out.extension_lcoh_eur_per_mwh[1], (140.0 * 50.0 + 3.0 * 600.0) / 100.0 + 70.0, 1e-9);
  // C: no street: 30 m route per connection × 1 connection; 50 MWh sold.
  EXPECT_EQ(out.extension_method[2], static_cast<std::uint8_t>(hs::CellLcohMethod::route_per_connection_estimate));
  EXPECT_DOUBLE_EQ(out.estimate_route_m[2], 30.0);
  EXPECT_NEAR(out.extension_lcoh_eur_per_mwh[2], (30.0 * 50.0 + 1.0 * 600.0) / 50.0 + 70.0, 1e-9);
  EXPECT_EQ(out.has_heat_network[2], 0);
  // B and C: the evidence of a run without a network (district-heat price, no route, no source).
  hs::CellNetworkSource no_network;
  no_network.district_heat_price_eur_per_mwh = 110.0;
  const hs::CellNetworkInputs without = hs::cell_network_inputs(twin, {cells, demand, buildings}, no_network);
  for (std::size_t r : {1U, 2U}) {
    EXPECT_EQ(out.evidence_changed[r], 0) << r;
    EXPECT_EQ(out.method[r], static_cast<std::uint8_t>(hs::CellLcohMethod::district_heat_price)) << r;
    EXPECT_EQ(out.lcoh_network_eur_per_mwh[r], without.lcoh_network_eur_per_mwh[r]) << r;
    EXPECT_EQ(out.route_length_m[r], without.route_length_m[r]) << r;
    EXPECT_EQ(out.has_network_heat_source[r], without.has_network_heat_source[r]) << r;
    EXPECT_EQ(out.has_heat_network[r], without.has_heat_network[r]) << r;
    EXPECT_EQ(without.evidence_changed[r], 0) << r;
  }
  // A network from the twin is an existing one.
  source.existing = true;
  const hs::CellNetworkInputs existing = hs::cell_network_inputs(twin, {cells, demand, buildings}, source);
  EXPECT_EQ(existing.has_heat_network[0], 1);
  EXPECT_EQ(existing.method[0], static_cast<std::uint8_t>(hs::CellLcohMethod::existing_network));
  // Without a network: the district-heat price everywhere.
  const hs::CellNetworkInputs none = hs::cell_network_inputs(twin, {cells, demand, buildings}, {});
  EXPECT_EQ(none.method[1], static_cast<std::uint8_t>(hs::CellLcohMethod::district_heat_price));
  EXPECT_DOUBLE_EQ(none.route_length_m[0], 0.0);
}
