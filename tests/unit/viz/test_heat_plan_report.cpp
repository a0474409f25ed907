// The heat plan report (viz/heat_plan_report.hpp) on a results file of two years written here with
// the h5 layer (docs/results-schema.md) for a twin built in memory: German number format, reason
// codes in words, sums per municipality and year equal to the inputs, every section and year in
// the document, warnings shown, no network drawn where the scenario has none.
#include "viz/heat_plan_report.hpp"

#include "tests/unit/viz/tiny_results.hpp"
#include "twin/error.hpp"
#include "twin/h5.hpp"
#include "twin/twin.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <cmath>
#include <filesystem>
#include <numeric>

namespace fs = std::filesystem;
using namespace heattwin;

namespace {

TEST(GermanNumbers, GroupThousandsWithDotsAndUseADecimalComma) {
  EXPECT_EQ(viz::format_number(1234.5, 1, viz::Lang::de), "1.234,5");
  EXPECT_EQ(viz::format_number(1234.5, 1, viz::Lang::en), "1,234.5");
  EXPECT_EQ(viz::format_number(1234567.0, 0, viz::Lang::de), "1.234.567");
  EXPECT_EQ(viz::format_number(-0.04, 1, viz::Lang::de), "0,0");
  EXPECT_EQ(viz::format_number(-9876.543, 2, viz::Lang::de), "-9.876,54");
  EXPECT_EQ(viz::format_number(0.5, 0, viz::Lang::de), "0");  // fmt rounds half to even
  EXPECT_EQ(viz::format_number(std::nan(""), 1, viz::Lang::de), "–");
  EXPECT_EQ(viz::parse_lang("de"), viz::Lang::de);
  EXPECT_EQ(viz::parse_lang("en"), viz::Lang::en);
  EXPECT_THROW(viz::parse_lang("fr"), InputError);
}

TEST(ReasonTexts, EveryCodeOfTheClassificationIsWrittenOutInWords) {
  const std::string codes =
      "HD_BAND_1;HD_BAND_2;HD_BAND_3;HD_BAND_4;LD_LOW;LD_MID;LD_HIGH;LD_NONE;COST_NETWORK_LOWER;COST_NETWORK_HIGHER;"
      "COST_EQUAL;COST_UNKNOWN;CO2_NETWORK_LOWER;CO2_NETWORK_HIGHER;NETWORK_EXISTS;NO_NETWORK_SOURCE;NO_GAS_GRID;"
      "GAS_GRID_UNKNOWN;H2_PLAN_UNKNOWN;H2_NO_PLAN;H2_PLAN;TIE;NONE_SUITED;PRIVACY_MERGE;PRIVACY_WITHHELD";
  for (const auto lang : {viz::Lang::de, viz::Lang::en}) {
    const std::string text = viz::supply_area_reason_text(codes, lang);
    // No code survives, and there is one sentence per code.
    for (const char* fragment : {"HD_BAND", "LD_", "COST_", "CO2_NETWORK", "NETWORK_EXISTS", "NO_GAS", "GAS_GRID",
                                 "H2_", "TIE", "NONE_SUITED", "PRIVACY"})
      EXPECT_EQ(text.find(fragment), std::string::npos) << fragment << " in " << text;
    EXPECT_EQ(std::count(text.begin(), text.end(), ';'), 24) << text;
  }
  EXPECT_EQ(viz::supply_area_reason_text("HD_BAND_4;LD_HIGH", viz::Lang::de),
            "hohe Wärmedichte (Standard: ab 415 MWh/(ha·a)): konventionelles Wärmenetz; hohe Wärmeliniendichte (ab "
            "1,5 MWh/(m·a)): Wärmenetz mindestens wahrscheinlich geeignet");
  // Unknown codes are kept and marked; empty parts are skipped.
  EXPECT_EQ(viz::supply_area_reason_text("NEW_RULE;;", viz::Lang::en), "code NEW_RULE");
  EXPECT_EQ(viz::supply_area_reason_text("", viz::Lang::de), "");
  EXPECT_EQ(viz::suitability_text("very_likely_suited", viz::Lang::de), "sehr wahrscheinlich geeignet");
  EXPECT_EQ(viz::suitability_text("likely_unsuited", viz::Lang::de), "wahrscheinlich ungeeignet");
  EXPECT_EQ(viz::suitability_text("likely_suited", viz::Lang::en), "likely suitable");
  EXPECT_EQ(viz::supply_area_type_text("test_area", viz::Lang::de), "Prüfgebiet");
  EXPECT_EQ(viz::supply_area_type_text("heat_network", viz::Lang::de), "Wärmenetzgebiet");
  EXPECT_EQ(viz::carrier_text("natural_gas", viz::Lang::de), "Erdgas");
  EXPECT_EQ(viz::supply_option_text("air_heat_pump", viz::Lang::de), "Luft-Wasser-Wärmepumpe");
}

/// 12 buildings: 8 in "Musterstadt" (15002000, cells 0 and 1), 4 in "Beispieldorf" (15001000,
/// cell 2). Building k: space heating 1000·(k+1) kWh/a, hot water 100 kWh/a, gas in 2025 (final
/// energy 1.1 × heat, 0.24 kg/kWh) and an air heat pump in 2030 for the even ones (electricity
/// heat/3, ambient heat 2/3).
struct Fixture {
  twin::Twin twin;
  std::string path;
};

constexpr std::array<std::array<std::uint32_t, 2>, 3> CELLS{{{28001, 43002}, {28001, 43003}, {28005, 43007}}};

/// The results file of a small plan in `dir`; `expected_consumption` also writes the expected
/// consumption columns (0.8 × the standard space heating, 0.9 × the hot water; issue 23).
Fixture make_fixture(const std::string& dir, bool expected_consumption = false) {
  Fixture f;
  twin::Twin& t = f.twin;
  t.crs = "EPSG:3035";
  t.regions.add_municipality("15001000", "Beispieldorf", 800);
  t.regions.add_municipality("15002000", "Musterstadt", 5000);
  for (const auto& [north, east] : CELLS) {
    t.grid.north_100m.push_back(north);
    t.grid.east_100m.push_back(east);
  }
  constexpr std::array<std::uint32_t, 12> cell_of{0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 2};
  for (std::uint32_t k = 0; k < 12; ++k) {
    const auto b = t.buildings.append_unknown(fmt::format("DEST{:04}", k));
    t.buildings.municipality[b] = cell_of[k] == 2 ? 0 : 1;
    t.buildings.grid_cell[b] = cell_of[k];
    t.buildings.use_class[b] = static_cast<std::uint8_t>(twin::UseClass::residential);
    t.buildings.age_class[b] = 3;
    t.buildings.heated_floor_area_m2[b] = 100.0;
    // Bestandsanalyse per cell and block (viz/heat_plan_inventory): coordinates inside the cells,
    // blocks A (0–5), B (6, 7), C (8–11); types EFH (0–3), MFH (4, 5), unknown; provenance.
    const auto [north, east] = CELLS[cell_of[k]];
    t.buildings.x_m[b] = east * 100.0 + (cell_of[k] == 0 ? 10.0 + 10.0 * k : 50.0);
    t.buildings.y_m[b] = north * 100.0 + 50.0;
    t.buildings.block[b] = k < 6 ? 0 : (k < 8 ? 1 : 2);
    t.buildings.residential_type[b] = k < 4 ? 1 : (k < 6 ? 3 : 0);
    t.buildings.prov_use_class[b] = twin::Provenance::measured;
    t.buildings.prov_residential_type[b] = k < 4 ? twin::Provenance::measured : twin::Provenance::missing;
    t.buildings.prov_year_of_construction[b] = k < 3 ? twin::Provenance::measured : twin::Provenance::typology;
  }
  t.regions.blocks = {{"BLK-A", 1}, {"BLK-B", 1}, {"BLK-C", 0}};
  // A 100 m street along cell 0 in Musterstadt, one 50 m from Beispieldorf's buildings.
  t.streets.append(4300200.0, 2800140.0, 4300300.0, 2800140.0, 1);
  t.streets.append(4300700.0, 2800500.0, 4300800.0, 2800500.0, 0);
  // Boundary of Musterstadt in EPSG:3035 (the twin's CRS here), around its cells.
  t.regions.municipality_boundaries.pad_to(1);
  const std::vector<std::vector<std::array<double, 2>>> ring{
      {{4300000.0, 2799900.0}, {4300600.0, 2799900.0}, {4300600.0, 2800400.0}, {4300000.0, 2800400.0}}};
  t.regions.municipality_boundaries.append_polygon(ring);

  f.path = (fs::path(dir) / "plan.h5").string();
  auto file = h5::File::create(f.path);
  const h5::Group root = file.root();
  const h5::Group meta = heattwin::test::write_results_root(root, "[run]\nname = \"plan\"\n");
  const h5::Group twin_group = root.create_group("twin");
  twin_group.set_attribute("crs", t.crs);
  const h5::Group scenario = root.create_group("results").create_group("plan");
  for (const int year : {2025, 2030}) {
    const h5::Group y = scenario.create_group(std::to_string(year));
    y.set_attribute("method", "EN ISO 13790 monthly");
    std::vector<std::string> ids, carrier, option;
    std::vector<std::int64_t> twin_index;
    std::vector<double> heating, hot_water, final_kwh, ambient, co2, refurbished;
    for (std::uint32_t k = 0; k < 12; ++k) {
      ids.push_back(std::string(t.buildings.id[k]));
      twin_index.push_back(k);
      const double heat = 1000.0 * (k + 1);
      heating.push_back(year == 2025 ? heat : 0.9 * heat);
      hot_water.push_back(100.0);
      const double need = heating.back() + 100.0;
      const bool heat_pump = year == 2030 && k % 2 == 0;
      carrier.push_back(heat_pump ? "electricity" : "natural_gas");
      option.push_back(heat_pump ? "air_heat_pump" : "gas_boiler");
      final_kwh.push_back(heat_pump ? need / 3.0 : 1.1 * need);
      ambient.push_back(heat_pump ? 2.0 * need / 3.0 : 0.0);
      co2.push_back(heat_pump ? 0.4 * need / 3.0 : 0.24 * 1.1 * need);
      refurbished.push_back(year == 2030 && k < 3 ? 1.0 : 0.0);
    }
    const h5::Group b = y.create_group("buildings");
    b.write_strings("id", ids);
    b.write("twin_index", twin_index, {.unit = "1"});
    b.write("annual_heating_kwh", heating, {.unit = "kWh/a"});
    b.write("annual_hot_water_kwh", hot_water, {.unit = "kWh/a"});
    if (expected_consumption) {
      std::vector<double> expected_heating, expected_hot_water;
      for (std::size_t k = 0; k < heating.size(); ++k) {
        expected_heating.push_back(0.8 * heating[k]);
        expected_hot_water.push_back(0.9 * hot_water[k]);
      }
      b.write("expected_heating_kwh", expected_heating, {.unit = "kWh/a"});
      b.write("expected_hot_water_kwh", expected_hot_water, {.unit = "kWh/a"});
    }
    b.write_strings("final_energy_carrier", carrier);
    b.write_strings("supply_option", option);
    b.write("final_energy_kwh", final_kwh, {.unit = "kWh/a"});
    b.write("ambient_heat_kwh", ambient, {.unit = "kWh/a"});
    b.write("co2_kg_per_a", co2, {.unit = "kg/a"});
    b.write("refurbished", refurbished, {.unit = "1"});
    if (year == 2025) {
      std::vector<double> imputed(12, 0.0);
      imputed[1] = imputed[3] = 1.0;
      b.write("existing_carrier_imputed", imputed, {.unit = "1"});
    }
    // Investment (scenarios/investment_results): heat pumps of 2030 cost 1000·k EUR.
    std::vector<double> investment(12, 0.0);
    for (std::uint32_t k = 0; k < 12; ++k)
      if (year == 2030 && k % 2 == 0) investment[k] = 1000.0 * k;
    b.write("investment_eur", investment, {.unit = "EUR"});
    const h5::Group inv = y.create_group("investment");
    inv.write_strings("measure", {"heat_network_plants", "heat_network_pipes", "heat_network_connections",
                                  "individual_systems", "refurbishment"});
    inv.write("eur", std::vector<double>{0.0, 0.0, 0.0, year == 2030 ? 30000.0 : 0.0, std::nan("")}, {.unit = "EUR"});
    const h5::Group regions = y.create_group("regions");
    regions.write_strings("ags", {"15001000", "15002000"});
    regions.write("co2_t", std::vector<double>{0.0, 0.0}, {.unit = "t/a"});
    const h5::Group grid = y.create_group("grid");
    std::vector<std::string> cell_ids;
    for (std::size_t c = 0; c < CELLS.size(); ++c) cell_ids.push_back(t.grid.cell_id(c));
    grid.write_strings("cell_id", cell_ids);
    grid.write("annual_heating_kwh", std::vector<double>{1.0, 1.0, 1.0}, {.unit = "kWh/a"});
    // Supply areas: cells 0 and 1 one heat-network sub-area, cell 2 a decentralised one.
    const h5::Group sa = y.create_group("supply_areas");
    sa.write_strings("id", cell_ids);
    sa.write_strings("type", {"heat_network", "heat_network", "decentralised"});
    sa.write("cluster", std::vector<double>{0.0, 0.0, 1.0}, {.unit = "1"});
    const h5::Group cl = sa.create_group("clusters");
    cl.write_strings("id", {"0", "1"});
    cl.write_strings("type", {"heat_network", "decentralised"});
    cl.write_strings("heat_network_grade", {"very_likely_suited", "very_likely_unsuited"});
    cl.write_strings("hydrogen_grade", {"very_likely_unsuited", "very_likely_unsuited"});
    cl.write_strings("decentralised_grade", {"likely_unsuited", "very_likely_suited"});
    cl.write_strings("reasons", {"HD_BAND_4;LD_HIGH;NO_GAS_GRID", "HD_BAND_1;LD_NONE;NO_GAS_GRID"});
    cl.write("cells", std::vector<double>{2.0, 1.0}, {.unit = "1"});
    cl.write("buildings", std::vector<double>{8.0, 4.0}, {.unit = "1"});
    cl.write("heat_demand_mwh", std::vector<double>{36.8, 42.4}, {.unit = "MWh/a"});
    cl.write("heat_density_mwh_per_ha_a", std::vector<double>{18.4, 42.4}, {.unit = "MWh/(ha.a)"});
    cl.write("withheld", std::vector<double>{0.0, 0.0}, {.unit = "1"});
    if (year == 2030) y.write_strings("warnings", {"network n1: 2.9 m/s in pipe p7 above the design limit 2.0 m/s"});
  }
  file.commit();
  return f;
}

long count_of(const std::string& text, const std::string& needle) {
  long n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

struct HeatPlanReport : ::testing::Test {
  fs::path dir;
  void SetUp() override {
    dir = fs::temp_directory_path() / fmt::format("heattwin-heat-plan-{}-{}", ::getpid(),
                                                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
};

TEST_F(HeatPlanReport, BestandsanalyseShowsStandardDemandAndExpectedConsumptionWithTheirDefinitions) {
  // Issue 23 "Done when": both figures in the report with their definitions.
  const Fixture f = make_fixture(dir.string(), true);
  const auto plans = viz::compute_heat_plans(f.path, f.twin);
  const viz::HeatPlan& plan = plans[1];
  ASSERT_FALSE(plan.years.empty());
  const viz::PlanYear& base = plan.years.front();
  EXPECT_NEAR(base.expected_consumption_mwh, 0.8 * base.space_heating_mwh + 0.9 * base.hot_water_mwh,
              1e-9 * base.space_heating_mwh);
  const std::string html = viz::render_heat_plan_html({&plan});
  EXPECT_NE(html.find("Wärmebedarf (MWh/a)"), std::string::npos);
  EXPECT_NE(html.find("erwarteter Verbrauch (MWh/a)"), std::string::npos);
  EXPECT_NE(html.find("Wärmebedarf = Raumwärme + Warmwasser unter Normnutzung; erwarteter Verbrauch mit "
                      "TABULA-Anpassung und Leerstand."),
            std::string::npos);
  viz::HeatPlanOptions en;
  en.lang = viz::Lang::en;
  const std::string english = viz::render_heat_plan_html({&plan}, en);
  EXPECT_NE(english.find("expected consumption (MWh/a)"), std::string::npos);
  EXPECT_NE(english.find("heat demand = space heating + hot water under standard use; expected consumption with "
                         "the TABULA adaptation and vacancy."),
            std::string::npos);
  // Without the columns (results written before issue 23) the expected consumption is not shown.
  const fs::path old_dir = dir / "old";
  fs::create_directories(old_dir);
  const Fixture old = make_fixture(old_dir.string());
  const auto old_plans = viz::compute_heat_plans(old.path, old.twin);
  EXPECT_FALSE(std::isfinite(old_plans[1].years.front().expected_consumption_mwh));
}

TEST_F(HeatPlanReport, SumsPerMunicipalityAndYearEqualTheInputs) {
  const Fixture f = make_fixture(dir.string());
  const auto plans = viz::compute_heat_plans(f.path, f.twin);
  ASSERT_EQ(plans.size(), 2u);
  const viz::HeatPlan& dorf = plans[0];  // twin order: Beispieldorf first
  const viz::HeatPlan& stadt = plans[1];
  EXPECT_EQ(dorf.ags, "15001000");
  EXPECT_EQ(stadt.name, "Musterstadt");
  ASSERT_EQ(stadt.years.size(), 2u);
  EXPECT_EQ(stadt.years[0].year, 2025);
  EXPECT_EQ(stadt.years[1].year, 2030);
  // Musterstadt: buildings 0 … 7.
  double heat_2025 = 0.0, gas_2025 = 0.0, co2_2025 = 0.0, electricity_2030 = 0.0, ambient_2030 = 0.0;
  for (int k = 0; k < 8; ++k) {
    const double need25 = 1000.0 * (k + 1) + 100.0, need30 = 900.0 * (k + 1) + 100.0;
    heat_2025 += need25;
    gas_2025 += 1.1 * need25;
    co2_2025 += 0.24 * 1.1 * need25;
    if (k % 2 == 0) {
      electricity_2030 += need30 / 3.0;
      ambient_2030 += 2.0 * need30 / 3.0;
    }
  }
  const auto& y25 = stadt.years[0];
  const auto& y30 = stadt.years[1];
  EXPECT_EQ(y25.buildings, 8u);
  EXPECT_NEAR(y25.space_heating_mwh + y25.hot_water_mwh, heat_2025 / 1000.0, 1e-9);
  EXPECT_NEAR(y25.final_energy_mwh[1], gas_2025 / 1000.0, 1e-9);  // natural_gas
  EXPECT_NEAR(y25.co2_t, co2_2025 / 1000.0, 1e-9);
  EXPECT_NEAR(y25.renewable_share(), 0.0, 1e-12);
  EXPECT_NEAR(y30.final_energy_mwh[0], electricity_2030 / 1000.0, 1e-9);  // electricity
  EXPECT_NEAR(y30.final_energy_mwh[7], ambient_2030 / 1000.0, 1e-9);      // ambient heat
  EXPECT_NEAR(y30.renewable_mwh, ambient_2030 / 1000.0, 1e-9);            // electricity counts 0
  EXPECT_EQ(y30.refurbished, 3u);
  EXPECT_EQ(y30.buildings_by_supply.at("air_heat_pump"), 4u);
  EXPECT_EQ(y30.buildings_by_supply.at("gas_boiler"), 4u);
  // Cells: 6 and 2 buildings; the second is below the privacy minimum of 5.
  ASSERT_EQ(y25.cells.size(), 2u);
  EXPECT_EQ(y25.cells[0].buildings, 6u);
  EXPECT_FALSE(y25.cells[0].withheld);
  EXPECT_TRUE(y25.cells[1].withheld);
  EXPECT_EQ(y25.cells[0].type, "heat_network");
  ASSERT_EQ(y25.areas.size(), 1u);
  EXPECT_EQ(y25.areas[0].reasons, "HD_BAND_4;LD_HIGH;NO_GAS_GRID");
  EXPECT_TRUE(y25.warnings.empty());
  ASSERT_EQ(y30.warnings.size(), 1u);
  EXPECT_EQ(stadt.boundary.size(), 1u);
  EXPECT_TRUE(dorf.boundary.empty());
  EXPECT_EQ(dorf.years[0].buildings, 4u);
  // Only one municipality on request; an unknown one is an input error naming it.
  viz::HeatPlanOptions o;
  o.municipality = "15002000";
  EXPECT_EQ(viz::compute_heat_plans(f.path, f.twin, o).size(), 1u);
  o.municipality = "15099999";
  try {
    viz::compute_heat_plans(f.path, f.twin, o);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("15099999"), std::string::npos) << e.what();
  }
}

TEST_F(HeatPlanReport, DocumentHasEverySectionAndYearInGermanWithReasonsInWords) {
  const Fixture f = make_fixture(dir.string());
  const auto plans = viz::compute_heat_plans(f.path, f.twin);
  const std::string html = viz::render_heat_plan_html({&plans[1]});
  for (const char* heading : {"<h2>1 Bestandsanalyse</h2>", "<h2>2 Potenzialanalyse</h2>", "<h2>3 Zielszenario</h2>",
                              "<h2>4 Wärmeversorgungsgebiete</h2>", "<h2>5 Umsetzungsstrategie</h2>"})
    EXPECT_NE(html.find(heading), std::string::npos) << heading;
  EXPECT_NE(html.find("<html lang=\"de\">"), std::string::npos);
  EXPECT_NE(html.find("Kommunaler Wärmeplan – Musterstadt (15002000)"), std::string::npos);
  EXPECT_NE(html.find("id=\"gebiete-2025\""), std::string::npos);
  EXPECT_NE(html.find("id=\"gebiete-2030\""), std::string::npos);
  EXPECT_NE(html.find("sehr wahrscheinlich geeignet"), std::string::npos);
  EXPECT_NE(html.find("hohe Wärmeliniendichte"), std::string::npos);
  EXPECT_EQ(html.find("HD_BAND_4"), std::string::npos);
  EXPECT_EQ(html.find("LD_HIGH"), std::string::npos);
  // The 2030 warning, the boundary, and no network where the scenario has none.
  EXPECT_NE(html.find("2.9 m/s in pipe p7"), std::string::npos);
  EXPECT_NE(html.find("class=\"boundary\""), std::string::npos);
  EXPECT_EQ(html.find("class=\"network\""), std::string::npos);
  EXPECT_NE(html.find("Das Szenario enthält kein Wärmenetz."), std::string::npos);
  // German numbers: the 2025 heat demand of Musterstadt is 36.8 MWh/a → "36,8" nowhere as "36.8".
  EXPECT_NE(html.find(">37<"), std::string::npos);  // whole MWh in the path table
  EXPECT_EQ(html.find("36.8"), std::string::npos);
  // Nothing loaded from outside.
  for (const char* needle : {"http://", "https://", "<script", "<link", "src=", "url("})
    EXPECT_EQ(html.find(needle), std::string::npos) << needle;
  // English on request.
  viz::HeatPlanOptions en;
  en.lang = viz::Lang::en;
  const std::string english = viz::render_heat_plan_html({&plans[1]}, en);
  EXPECT_NE(english.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(english.find("very likely suitable"), std::string::npos);
  // Side by side with itself: the comparison section appears.
  const std::string both = viz::render_heat_plan_html({&plans[1], &plans[1]});
  EXPECT_NE(both.find("id=\"vergleich\""), std::string::npos);
  EXPECT_EQ(html.find("id=\"vergleich\""), std::string::npos);
}

TEST_F(HeatPlanReport, BestandsanalysePerCellAndBlockKeepsThePrivacyRuleAndCountsAssumptions) {
  const Fixture f = make_fixture(dir.string());
  const auto plans = viz::compute_heat_plans(f.path, f.twin);
  const viz::PlanInventoryDetail& d = plans[1].inventory;  // Musterstadt
  ASSERT_EQ(d.cells.size(), 2u);
  // Cell 0 (6 buildings) published, cell 1 (2) withheld and sorted last.
  const viz::AreaInventory& c0 = d.cells[0];
  EXPECT_EQ(c0.id, f.twin.grid.cell_id(0));
  EXPECT_FALSE(c0.withheld);
  EXPECT_EQ(c0.buildings, 6u);
  EXPECT_NEAR(c0.heat_mwh, (1000.0 * 21 + 600.0) / 1000.0, 1e-9);  // k = 0 … 5
  EXPECT_EQ(c0.by_type[0], 4u);                                    // EFH
  EXPECT_EQ(c0.by_type[2], 2u);                                    // MFH
  EXPECT_EQ(c0.by_age[1], 6u);                                     // 1919–1948 (age class 3)
  EXPECT_EQ(c0.by_carrier[0], 6u);                                 // natural gas
  EXPECT_EQ(c0.type_assumed, 2u);                                  // MFH without measured type
  EXPECT_EQ(c0.year_assumed, 3u);                                  // k = 3, 4, 5
  EXPECT_EQ(c0.carrier_imputed, 2u);                               // k = 1, 3
  EXPECT_TRUE(d.cells[1].withheld);
  ASSERT_EQ(d.blocks.size(), 2u);
  EXPECT_EQ(d.blocks[0].id, "BLK-A");
  EXPECT_FALSE(d.blocks[0].withheld);
  EXPECT_EQ(d.blocks[1].id, "BLK-B");
  EXPECT_TRUE(d.blocks[1].withheld);
  EXPECT_EQ(d.blocks[1].by_type[4], 2u);  // residential, type unknown
  // Heat line density: all 8 buildings on the 100 m street of Musterstadt (36.8 MWh/a).
  ASSERT_EQ(d.streets.size(), 1u);
  EXPECT_EQ(d.streets[0].buildings, 8u);
  EXPECT_NEAR(d.streets[0].density_mwh_per_m_a(), 0.368, 1e-9);
  EXPECT_EQ(viz::line_density_class(0.368), 0u);
  EXPECT_EQ(viz::line_density_class(1.5), 2u);
  EXPECT_EQ(viz::line_density_class(std::nan("")), 0u);
  // Beispieldorf: 4 buildings, every area withheld, its street too.
  EXPECT_TRUE(plans[0].inventory.cells[0].withheld);
  ASSERT_EQ(plans[0].inventory.streets.size(), 1u);
  EXPECT_TRUE(plans[0].inventory.streets[0].withheld);

  // HTML: folded tables without any withheld area, the map with one path per class.
  viz::HeatPlanOptions o;
  o.inventory_csv_name = "plan_bestand.csv";
  const std::string html = viz::render_heat_plan_html({&plans[1]}, o);
  EXPECT_NE(html.find("<details class=\"inventory\">"), std::string::npos);
  EXPECT_NE(html.find(">BLK-A<"), std::string::npos);
  EXPECT_EQ(html.find(">BLK-B<"), std::string::npos);
  EXPECT_EQ(html.find(">" + f.twin.grid.cell_id(1) + "<"), std::string::npos);
  EXPECT_NE(html.find("plan_bestand.csv"), std::string::npos);
  EXPECT_NE(html.find("Wärmeliniendichte je Straßenabschnitt"), std::string::npos);
  EXPECT_EQ(count_of(html, "class=\"line-density\""), 1);
  const std::string dorf = viz::render_heat_plan_html({&plans[0]});
  EXPECT_NE(dorf.find("class=\"streets-withheld\""), std::string::npos);
  EXPECT_EQ(dorf.find("class=\"line-density\""), std::string::npos);

  // CSV: every area, the withheld ones without values, German number format.
  const std::string csv = viz::area_inventory_csv(plans[1], viz::Lang::de);
  std::vector<std::string> lines;
  for (std::size_t start = 0; start < csv.size();) {
    const std::size_t end = csv.find('\n', start);
    lines.push_back(csv.substr(start, end - start));
    start = end + 1;
  }
  ASSERT_EQ(lines.size(), 5u);  // header, 2 cells, 2 blocks
  for (const auto& line : lines)
    EXPECT_EQ(std::count(line.begin(), line.end(), ';'), std::count(lines[0].begin(), lines[0].end(), ';')) << line;
  EXPECT_EQ(lines[1].rfind("zelle;" + f.twin.grid.cell_id(0) + ";6;21,600;4;0;2;", 0), 0u) << lines[1];
  EXPECT_EQ(lines[2], "zelle;" + f.twin.grid.cell_id(1) + std::string(24, ';') + ";1");
  EXPECT_EQ(lines[4], "baublock;BLK-B" + std::string(24, ';') + ";1");
}

TEST_F(HeatPlanReport, UmsetzungsstrategieShowsTheInvestmentPerPeriod) {
  const Fixture f = make_fixture(dir.string());
  const auto plans = viz::compute_heat_plans(f.path, f.twin);
  // Musterstadt's heat pumps of 2030: k = 0, 2, 4, 6 → 12,000 EUR; no network; refurbishment unknown.
  const viz::PlanYearInvestment& inv = plans[1].years[1].investment;
  EXPECT_TRUE(inv.in_file);
  EXPECT_NEAR(inv.individual_systems_eur, 12000.0, 1e-9);
  EXPECT_TRUE(std::isnan(inv.network_pipes_eur));
  EXPECT_TRUE(std::isnan(inv.refurbishment_eur));
  EXPECT_NEAR(plans[0].years[1].investment.individual_systems_eur, 8000.0 + 10000.0, 1e-9);
  const std::string html = viz::render_heat_plan_html({&plans[1]});
  EXPECT_NE(html.find("Investitionen je Zeitraum"), std::string::npos);
  EXPECT_NE(html.find("<td>2025–2030</td><td class=\"n\">–</td><td class=\"n\">–</td><td class=\"n\">–</td>"
                      "<td class=\"n\">–</td><td class=\"n\">12.000</td><td class=\"n\">12.000</td>"),
            std::string::npos);
}

}  // namespace

TEST_F(HeatPlanReport, WarningsOfOtherMunicipalitiesNetworksAreOnlyCounted) {
  const Fixture f = make_fixture(dir.string());
  auto plans = viz::compute_heat_plans(f.path, f.twin);
  ASSERT_EQ(plans.size(), 2u);
  viz::HeatPlan& stadt = plans[1];  // Musterstadt, AGS of the fixture's twin
  ASSERT_FALSE(stadt.ags.empty());
  viz::PlanYear& y = stadt.years.back();
  y.networks.push_back({});
  y.networks.back().id = "served";
  y.warnings = {"network 'served' 2030: 2.5 m/s in pipe p1",                                  // a network serving it
                fmt::format("network 'densest_area_{}' 2030: 61 consumer-hours", stadt.ags),  // its own
                "network 'densest_area_15099999' 2030: 900 consumer-hours",                   // another town's
                "network 'densest_area_15088888' 2030: 800 consumer-hours",                   // another town's
                "biomass potential exceeded by 170 MWh/a"};                                   // the whole run's
  const std::string html = viz::render_heat_plan_html({&stadt});
  EXPECT_NE(html.find("2.5 m/s in pipe p1"), std::string::npos);
  EXPECT_NE(html.find("61 consumer-hours"), std::string::npos);
  EXPECT_NE(html.find("biomass potential exceeded"), std::string::npos);
  EXPECT_EQ(html.find("15099999"), std::string::npos) << "another municipality's network warning";
  EXPECT_EQ(html.find("15088888"), std::string::npos);
  EXPECT_NE(html.find("2 weitere Warnungen der Berechnung betreffen Wärmenetze anderer Gemeinden"), std::string::npos)
      << html.substr(html.find("warnungen"), 2000);
}
