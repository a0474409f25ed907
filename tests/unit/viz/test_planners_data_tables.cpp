// The tables of the planners' own data in the heat plan report (issue 16): the cost assumptions
// read from /meta/technology (or the scenario's /runs copy) and the systems sized by a measured
// nominal power or by the design-load estimate, read from a year's regions group.
#include "viz/cost_assumptions_table.hpp"
#include "viz/system_power_table.hpp"

#include "tests/unit/viz/tiny_results.hpp"
#include "twin/error.hpp"
#include "twin/h5.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdint>
#include <filesystem>
#include <vector>

namespace fs = std::filesystem;
using namespace heattwin;

namespace {

fs::path scratch(const char* name) {
  return fs::temp_directory_path() / fmt::format("heattwin-planners-tables-{}-{}", ::getpid(), name);
}

/// A results file of scenario "plan" (2025) with a cost table of three cost rows and one other
/// row under `meta_group` ("meta" or "runs/plan"), and regions with system-power counts.
std::string write_plan(const fs::path& dir, bool with_costs, bool price_year = true) {
  fs::create_directories(dir);
  const std::string path = (dir / "plan.h5").string();
  auto file = h5::File::create(path);
  const h5::Group root = file.root();
  const h5::Group meta = test::write_results_root(root, "[run]\nname = \"plan\"\n");
  if (with_costs) {
    const h5::Group t = meta.create_group("technology");
    t.set_attribute("origin", "data/technology/technology_defaults.csv");
    if (price_year) t.set_attribute("price_year", std::vector<std::int64_t>{2025});
    t.write_strings("technology", {"air_heat_pump", "air_heat_pump", "oil_boiler", "pipe_dn50", "air_heat_pump"});
    t.write_strings("parameter", {"capex_eur_per_kw", "maintenance_share_per_a", "capex_fixed_eur", "capex_eur_per_m",
                                  "carnot_share"});
    t.write("value", std::vector<double>{450.7, 0.0296, 8000.0, 850.0, 0.45});
    t.write_strings("unit", {"EUR/kW", "1/a", "EUR", "EUR/m", "1"});
    t.write_strings("source", {"DEA Technology Data <sheet 207.3>", "DEA Technology Data", "Technikkatalog (KWW)",
                               "Technikkatalog (KWW)", "DOMAIN.md"});
    t.write("verified", std::vector<std::uint8_t>{1, 1, 0, 0, 0});
  }
  const h5::Group regions =
      root.create_group("results").create_group("plan").create_group("2025").create_group("regions");
  regions.write_strings("ags", {"14626110", "14626999"});
  regions.write("system_power_measured_buildings", std::vector<std::uint64_t>{110, 5});
  regions.write("system_power_estimated_buildings", std::vector<std::uint64_t>{330, 7});
  file.commit();
  return path;
}

}  // namespace

TEST(CostAssumptionsTable, ListsEachCostWithValueUnitPriceBasisSourceAndStatus) {
  const fs::path dir = scratch("costs");
  const std::string path = write_plan(dir, true);
  const auto c = viz::read_cost_assumptions(path, "plan");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->price_year, 2025);
  ASSERT_EQ(c->technology.size(), 5u);
  EXPECT_TRUE(viz::is_cost_parameter("capex_eur_per_kw"));
  EXPECT_TRUE(viz::is_cost_parameter("lifetime_a"));
  EXPECT_FALSE(viz::is_cost_parameter("carnot_share"));
  const std::string de = viz::cost_assumptions_table_html(path, "plan", viz::Lang::de);
  EXPECT_NE(de.find("<h3 id=\"kostenannahmen\">Kostenannahmen</h3>"), std::string::npos) << de;
  EXPECT_NE(de.find("<b>2</b> mit geprüfter Quelle"), std::string::npos) << de;  // two cited cost rows
  EXPECT_NE(de.find("<b>2</b> Annahmen"), std::string::npos) << de;              // two assumptions
  EXPECT_NE(de.find("Luft-Wasser-Wärmepumpe"), std::string::npos) << de;
  EXPECT_NE(de.find("450,7"), std::string::npos) << de;     // German number format
  EXPECT_NE(de.find("2,96 %/a"), std::string::npos) << de;  // maintenance share as a percentage
  EXPECT_NE(de.find("8.000"), std::string::npos) << de;     // thousands separator
  EXPECT_NE(de.find("2025 €"), std::string::npos) << de;    // price basis of money values
  EXPECT_NE(de.find("Wärmeleitung DN 50"), std::string::npos) << de;
  EXPECT_NE(de.find("&lt;sheet 207.3&gt;"), std::string::npos) << de;  // sources are escaped
  EXPECT_NE(de.find("zitiert (geprüft)"), std::string::npos) << de;
  EXPECT_NE(de.find("Annahme</td>"), std::string::npos) << de;
  EXPECT_EQ(de.find("0,45"), std::string::npos) << de;  // not a cost: not listed
  const std::string en = viz::cost_assumptions_table_html(path, "plan", viz::Lang::en);
  EXPECT_NE(en.find("Cost assumptions"), std::string::npos) << en;
  EXPECT_NE(en.find("450.7"), std::string::npos) << en;
  EXPECT_NE(en.find("cited (checked)"), std::string::npos) << en;
  EXPECT_NE(en.find("air-source heat pump"), std::string::npos) << en;
  fs::remove_all(dir);
}

TEST(CostAssumptionsTable, OlderFilesSayWhatIsMissing) {
  const fs::path dir = scratch("old");
  const std::string path = write_plan(dir, false);
  EXPECT_FALSE(viz::read_cost_assumptions(path, "plan").has_value());
  const std::string de = viz::cost_assumptions_table_html(path, "plan", viz::Lang::de);
  EXPECT_NE(de.find("class=\"missing\""), std::string::npos) << de;
  fs::remove_all(dir);
  // A table without price year (written before it was stored): no price basis shown.
  const std::string no_year = write_plan(dir, true, false);
  EXPECT_EQ(viz::read_cost_assumptions(no_year, "plan")->price_year, 0);
  EXPECT_EQ(viz::cost_assumptions_table_html(no_year, "plan", viz::Lang::de).find("2025 €"), std::string::npos);
  fs::remove_all(dir);
}

TEST(SystemPowerTable, CountsMeasuredAndEstimatedOfTheMunicipality) {
  const fs::path dir = scratch("power");
  const std::string path = write_plan(dir, true);
  const auto c = viz::read_system_power_counts(path, "plan", 2025, "14626110");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->measured, 110u);
  EXPECT_EQ(c->estimated, 330u);
  const std::string de = viz::system_power_table_html(path, "plan", 2025, "14626110", viz::Lang::de);
  EXPECT_NE(de.find("gemessene Nennleistung"), std::string::npos) << de;
  EXPECT_NE(de.find("25,0 %"), std::string::npos) << de;  // 110 of 440
  EXPECT_NE(de.find("75,0 %"), std::string::npos) << de;
  const std::string en = viz::system_power_table_html(path, "plan", 2025, "14626110", viz::Lang::en);
  EXPECT_NE(en.find("measured nominal power"), std::string::npos) << en;
  // A year or file without the datasets: nothing.
  EXPECT_TRUE(viz::system_power_table_html(path, "plan", 2030, "14626110", viz::Lang::de).empty());
  EXPECT_TRUE(viz::system_power_table_html((dir / "none.h5").string(), "plan", 2025, "x", viz::Lang::de).empty());
  fs::remove_all(dir);
}
