// Several plants per network (scenarios/network_plants): feed-in points at the nearest junction
// with a sized connection pipe, plants from point potentials (direct waste heat above the supply
// temperature, a heat pump below, annual energy caps), the potentials not drawn on with their
// reason, and the errors of bad sites naming the file, table and id.

#include "scenarios/network_plants.hpp"
#include "scenarios/network_toml.hpp"
#include "solvers/supply/heat_pump.hpp"
#include "tests/unit/expect_input_error.hpp"
#include "twin/twin.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <string>

namespace hs = heattwin::scenarios;
namespace ec = heattwin::solvers::economics;
namespace sp = heattwin::solvers::supply;
namespace tw = heattwin::twin;
using heattwin::test::expect_input_error;

namespace {

const std::string TECH = std::string(HEATTWIN_SOURCE_DATA_DIR) + "/technology/technology_defaults.csv";

hs::NetworkScenario parse(const std::string& text) {
  const toml::table doc = toml::parse(text, std::string_view("s.toml"));
  return hs::detail::parse_network_scenario("s.toml", *doc["network"].as_table());
}

/// A straight network: plant (0, 0) – a (100, 0) – b (200, 0); the run simulated all three.
struct Line {
  tw::Twin twin;
  hs::NetworkRun run;
  Line() {
    auto& j = twin.networks.junctions;
    for (const auto& [id, x] : {std::pair{"plant", 0.0}, {"a", 100.0}, {"b", 200.0}}) {
      j.id.push_back(id);
      j.x_m.push_back(x);
      j.y_m.push_back(0.0);
      j.elevation_m.push_back(0.0);
      j.network.push_back(0);
    }
    twin.networks.names = {"line"};
    twin.networks.sources.id.push_back("line/plant");
    twin.networks.sources.supply_junction = {0};
    twin.networks.sources.return_junction = {0};
    twin.networks.sources.t_supply_c = {80.0};
    twin.networks.sources.pressure_lift_bar = {0.0};
    run.junction_twin_index = {0, 1, 2};
    run.summary.peak_plant_heat_kw = 1000.0;
  }
};

/// Point potentials around the line (and one line feature).
tw::PotentialSet potentials() {
  tw::PotentialSet p;
  p.path = "potentials.gpkg";
  const auto add = [&](const char* id, tw::PotentialKind kind, double mwh, double t_c, double x, double y, bool point) {
    p.id.emplace_back(id);
    p.kind.push_back(static_cast<std::uint8_t>(kind));
    p.capacity_mwh_per_a.push_back(mwh);
    p.temperature_c.push_back(t_c);
    p.area_m2.push_back(0.0);
    p.is_point.push_back(point ? 1 : 0);
    p.capacity_from_yield.push_back(0);
    p.x_m.push_back(x);
    p.y_m.push_back(y);
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  add("creamery", tw::PotentialKind::waste_heat, 2000.0, 90.0, 210.0, 30.0, true);
  add("sewage", tw::PotentialKind::waste_water, 1000.0, 12.0, 90.0, -40.0, true);
  add("far", tw::PotentialKind::waste_heat, 500.0, 95.0, 5000.0, 0.0, true);
  add("cold", tw::PotentialKind::surface_water, 800.0, 1.0, 100.0, 20.0, true);
  add("notemp", tw::PotentialKind::waste_heat, 300.0, nan, 120.0, 10.0, true);
  add("river", tw::PotentialKind::surface_water, 5000.0, 10.0, 150.0, 50.0, false);
  add("forest", tw::PotentialKind::biomass, 9000.0, nan, 50.0, 0.0, true);
  return p;
}

}  // namespace

TEST(NetworkPlants, PointPotentialsNearTheNetworkBecomePlantsAtTheirNearestJunction) {
  const Line line;
  const tw::PotentialSet pot = potentials();
  const ec::TechnologyCatalogue catalogue = ec::load_technology_catalogue(TECH);
  const hs::NetworkScenario s = parse("[network]\ndesign = \"densest-area\"\n");
  const hs::NetworkPlantSites sites = hs::site_network_plants(s, "plan.toml", line.run, line.twin, &pot, catalogue);
  // creamery (90 °C ≥ 80 °C supply): direct waste heat; sewage (12 °C): a heat pump; then the
  // default portfolio (heat pump on outdoor air, peak boiler), whose heat pump holds the pressure.
  ASSERT_EQ(sites.supply.plants.size(), 4U);
  const auto& creamery = sites.supply.plants[0];
  EXPECT_EQ(creamery.id, "potential_creamery");
  EXPECT_EQ(creamery.kind, sp::PlantKind::waste_heat);
  EXPECT_DOUBLE_EQ(creamery.annual_cap_mwh, 2000.0);
  EXPECT_DOUBLE_EQ(creamery.capacity_kw, 2000.0 * 1000.0 / 4000.0);  // annual energy / 4,000 full-load hours
  const auto& sewage = sites.supply.plants[1];
  EXPECT_EQ(sewage.kind, sp::PlantKind::heat_pump);
  EXPECT_FALSE(sewage.source_outdoor_air);
  EXPECT_DOUBLE_EQ(sewage.source_t_c, 12.0);
  const double cop = sp::heat_pump_cop(sp::HeatPumpModel::from_catalogue(catalogue, "large_heat_pump"), 12.0, 80.0);
  EXPECT_NEAR(sewage.annual_cap_mwh, 1000.0 * cop / (cop - 1.0), 1e-9);  // source heat + electricity
  EXPECT_TRUE(sites.sites[2].holds_pressure);
  EXPECT_FALSE(sites.sites[2].located);
  // Nearest junctions, not the plant junction: creamery → b (√(10² + 30²) m), sewage → a.
  EXPECT_TRUE(sites.sites[0].located);
  EXPECT_EQ(sites.sites[0].junction_id, "b");
  EXPECT_NEAR(sites.sites[0].connection_length_m, std::hypot(10.0, 30.0), 1e-9);
  EXPECT_EQ(sites.sites[1].junction_id, "a");
  EXPECT_NEAR(sites.sites[1].connection_length_m, std::hypot(10.0, 40.0), 1e-9);
  // Connection pipe for 500 kW at 30 K: about 4 kg/s, DN 65 … DN 80 within 150 Pa/m and 2 m/s.
  EXPECT_GE(sites.sites[0].connection_dn, 65);
  EXPECT_LE(sites.sites[0].connection_dn, 80);
  EXPECT_TRUE(sites.any_located());
  // Every point potential of a network kind is listed; those not drawn on with their reason.
  ASSERT_EQ(sites.potential_plants.size(), 5U);
  std::map<std::string, std::string> reason;
  for (const auto& c : sites.potential_plants) reason[c.feature] = c.reason;
  EXPECT_EQ(reason["creamery"], "");
  EXPECT_EQ(reason["sewage"], "");
  EXPECT_NE(reason["far"].find("too far: 4800 m"), std::string::npos) << reason["far"];
  EXPECT_NE(reason["cold"].find("too cold"), std::string::npos) << reason["cold"];
  EXPECT_NE(reason["notemp"].find("no temperature_c"), std::string::npos) << reason["notemp"];
  // Without potential_plants the portfolio stays the scenario's.
  const hs::NetworkScenario off = parse("[network]\ndesign = \"densest-area\"\npotential_plants = false\n");
  EXPECT_EQ(hs::site_network_plants(off, "plan.toml", line.run, line.twin, &pot, catalogue).supply.plants.size(), 2U);
}

TEST(NetworkPlants, ScenarioPlantsAtALocationOrAPotential) {
  const Line line;
  const tw::PotentialSet pot = potentials();
  const ec::TechnologyCatalogue catalogue = ec::load_technology_catalogue(TECH);
  const hs::NetworkScenario s = parse(
      "[network]\ndesign = \"densest-area\"\npotential_plants = false\n"
      "[network.plants.boiler]\nkind = \"boiler\"\ncapacity_share = 1.0\n"
      "[network.plants.waste]\nkind = \"waste_heat\"\ncapacity_kw = 300\nx = 190.0\ny = -5.0\n"
      "[network.plants.sewage_hp]\nkind = \"heat_pump\"\ncapacity_kw = 200\npotential = \"sewage\"\n");
  const hs::NetworkPlantSites sites = hs::site_network_plants(s, "plan.toml", line.run, line.twin, &pot, catalogue);
  ASSERT_EQ(sites.supply.plants.size(), 3U);
  EXPECT_TRUE(sites.sites[0].holds_pressure);  // the first plant without a location
  EXPECT_EQ(sites.sites[1].junction_id, "b");
  EXPECT_TRUE(std::isinf(sites.supply.plants[1].annual_cap_mwh));  // a location alone sets no cap
  EXPECT_EQ(sites.sites[2].junction_id, "a");
  EXPECT_EQ(sites.sites[2].potential, "sewage");
  EXPECT_EQ(sites.sites[2].potential_kind, "waste_water");
  EXPECT_DOUBLE_EQ(sites.supply.plants[2].source_t_c, 12.0);  // the potential's temperature as the source
  EXPECT_GT(sites.supply.plants[2].annual_cap_mwh, 1000.0);
  EXPECT_TRUE(sites.potential_plants.empty());
}

TEST(NetworkPlants, BadSitesAreErrorsNamingFileTableAndId) {
  const Line line;
  const tw::PotentialSet pot = potentials();
  const ec::TechnologyCatalogue catalogue = ec::load_technology_catalogue(TECH);
  const std::string head =
      "[network]\ndesign = \"densest-area\"\n[network.plants.boiler]\nkind = \"boiler\"\ncapacity_share = 1.0\n";
  const auto site = [&](const std::string& plant) {
    (void)hs::site_network_plants(parse(head + plant), "plan.toml", line.run, line.twin, &pot, catalogue);
  };
  expect_input_error(
      [&] { site("[network.plants.w]\nkind = \"waste_heat\"\ncapacity_kw = 1\nx = 9000.0\ny = 0.0\n"); },
      {"plan.toml:6", "[network.plants.w]", "8800 m from the nearest junction", "feed_in_max_distance_m"});
  expect_input_error(
      [&] { site("[network.plants.w]\nkind = \"waste_heat\"\ncapacity_kw = 1\npotential = \"nope\"\n"); },
      {"plan.toml:6", "[network.plants.w]", "potential \"nope\" is not a feature of potentials.gpkg"});
  expect_input_error(
      [&] { site("[network.plants.w]\nkind = \"heat_pump\"\ncapacity_kw = 1\npotential = \"river\"\n"); },
      {"plan.toml:6", "[network.plants.w]", "\"river\"", "is not a point"});
  expect_input_error(
      [&] { site("[network.plants.w]\nkind = \"waste_heat\"\ncapacity_kw = 1\npotential = \"sewage\"\n"); },
      {"plan.toml:6", "[network.plants.w]", "\"sewage\"", "temperature_c 12", "kind = \"heat_pump\""});
  tw::PotentialSet negative = pot;
  negative.temperature_c[1] = -3.0;
  expect_input_error(
      [&] {
        (void)hs::site_network_plants(
            parse(head + "[network.plants.w]\nkind = \"heat_pump\"\ncapacity_kw = 1\npotential = \"sewage\"\n"),
            "plan.toml", line.run, line.twin, &negative, catalogue);
      },
      {"plan.toml:6", "[network.plants.w]", "\"sewage\"", "temperature_c -3"});
  expect_input_error(
      [&] {
        (void)hs::site_network_plants(
            parse(head + "[network.plants.w]\nkind = \"waste_heat\"\ncapacity_kw = 1\npotential = \"sewage\"\n"),
            "plan.toml", line.run, line.twin, nullptr, catalogue);
      },
      {"[network.plants.w]", "needs a potentials layer"});
  // Parsing: x without y, x with potential, negative capacity, two pressure holders, no plant
  // left at the plant junction.
  expect_input_error([&] { parse(head + "[network.plants.w]\nkind = \"waste_heat\"\ncapacity_kw = 1\nx = 1.0\n"); },
                     {"s.toml:6", "[network.plants.w]", "both x and y"});
  expect_input_error(
      [&] {
        parse(head +
              "[network.plants.w]\nkind = \"waste_heat\"\ncapacity_kw = 1\nx = 1.0\ny = 1.0\npotential = \"a\"\n");
      },
      {"s.toml:6", "not both"});
  expect_input_error(
      [&] { parse(head + "[network.plants.w]\nkind = \"waste_heat\"\ncapacity_kw = -5\nx = 1.0\ny = 1.0\n"); },
      {"s.toml:8", "'capacity_kw'"});
  expect_input_error(
      [&] {
        parse(
            "[network]\ndesign = \"densest-area\"\n[network.plants.a]\nkind = \"boiler\"\ncapacity_kw = 1\n"
            "holds_pressure = true\n[network.plants.b]\nkind = \"boiler\"\ncapacity_kw = 1\nholds_pressure = true\n");
      },
      {"s.toml", "2 plants have holds_pressure = true"});
  expect_input_error(
      [&] {
        parse(
            "[network]\ndesign = \"densest-area\"\n[network.plants.a]\nkind = \"waste_heat\"\ncapacity_kw = 1\n"
            "x = 1.0\ny = 1.0\n");
      },
      {"s.toml", "every plant has a location"});
  expect_input_error(
      [&] {
        parse(
            "[network]\ndesign = \"per-municipality\"\n[network.plants.b]\nkind = \"boiler\"\ncapacity_kw = 1\n"
            "[network.plants.w]\nkind = \"waste_heat\"\ncapacity_kw = 1\nx = 1.0\ny = 1.0\n");
      },
      {"s.toml", "per-municipality", "not supported"});
}

TEST(NetworkPlants, PotentialUseCountsWhatTheNetworkDrew) {
  // Issue 16: a potential's used_mwh_per_a counts what the network drew on it: direct waste heat
  // its heat, a heat pump its ambient heat (heat − electricity); features no plant draws on stay NaN.
  const tw::PotentialSet pot = potentials();
  hs::PotentialUse use;
  use.used_mwh_per_a.fill(std::nan(""));
  use.feature_used_mwh_per_a.assign(pot.size(), std::nan(""));
  hs::NetworkSupplyYear year;
  hs::NetworkPlantYear waste, hp, boiler;
  waste.kind = "waste_heat";
  waste.site.potential = "creamery";
  waste.dispatch.heat_mwh = 1200.0;
  hp.kind = "heat_pump";
  hp.site.potential = "sewage";
  hp.dispatch.heat_mwh = 900.0;
  hp.dispatch.fuel_mwh = 300.0;
  boiler.kind = "boiler";
  boiler.dispatch.heat_mwh = 5000.0;
  year.plants = {waste, hp, boiler};
  hs::add_network_draws(use, pot, year);
  EXPECT_DOUBLE_EQ(use.feature_used_mwh_per_a[0], 1200.0);
  EXPECT_DOUBLE_EQ(use.feature_used_mwh_per_a[1], 600.0);
  EXPECT_TRUE(std::isnan(use.feature_used_mwh_per_a[2]));
  EXPECT_DOUBLE_EQ(use.used_mwh_per_a[static_cast<std::size_t>(tw::PotentialKind::waste_heat)], 1200.0);
  EXPECT_DOUBLE_EQ(use.used_mwh_per_a[static_cast<std::size_t>(tw::PotentialKind::waste_water)], 600.0);
  EXPECT_TRUE(std::isnan(use.used_mwh_per_a[static_cast<std::size_t>(tw::PotentialKind::surface_water)]));
}
