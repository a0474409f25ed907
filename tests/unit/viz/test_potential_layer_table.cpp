// The potentials of a run's [data] potentials layer in the heat plan report
// (viz/potential_layer_table.hpp): read from /results/<s>/<y>/potentials and shown per kind.
#include "viz/potential_layer_table.hpp"

#include "tests/unit/viz/tiny_results.hpp"
#include "twin/error.hpp"
#include "twin/h5.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <unistd.h>
#include <cmath>
#include <filesystem>
#include <limits>

namespace fs = std::filesystem;
using namespace heattwin;

namespace {

/// A results file of scenario "plan" with 2025 and 2045; `with_potentials` adds the potentials
/// group (two features, biomass drawn on, waste heat not) to both years.
std::string write_plan(const fs::path& dir, bool with_potentials) {
  fs::create_directories(dir);
  const std::string path = (dir / "plan.h5").string();
  auto file = h5::File::create(path);
  const h5::Group root = file.root();
  (void)test::write_results_root(root, "[run]\nname = \"plan\"\n");
  const h5::Group scenario = root.create_group("results").create_group("plan");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const int year : {2025, 2045}) {
    const h5::Group y = scenario.create_group(std::to_string(year));
    if (!with_potentials) continue;
    const h5::Group g = y.create_group("potentials");
    g.set_attribute("source", "potentials.geojson");
    g.write_strings("id", {"wh-1", "bio-1"});
    g.write_strings("kind", {"waste_heat", "biomass"});
    g.write("capacity_mwh_per_a", std::vector<double>{2500.0, 1500.0});
    g.write("temperature_c", std::vector<double>{85.0, nan});
    const h5::Group k = g.create_group("by_kind");
    k.write_strings("id", {"waste_heat", "biomass"});
    k.write("potential_mwh_per_a", std::vector<double>{2500.0, 1500.0});
    k.write("used_mwh_per_a", std::vector<double>{nan, year == 2025 ? 1234.5 : 0.0});
  }
  file.commit();
  return path;
}

fs::path scratch(const char* name) {
  return fs::temp_directory_path() / fmt::format("heattwin-potentials-{}-{}", ::getpid(), name);
}

}  // namespace

TEST(PotentialLayerTable, ShowsEachKindWithItsUseInTheBaseAndTargetYear) {
  const fs::path dir = scratch("with");
  const std::string path = write_plan(dir, true);
  const auto p = viz::read_layer_potentials(path, "plan", 2025);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->source, "potentials.geojson");
  ASSERT_EQ(p->kind.size(), 2u);
  EXPECT_DOUBLE_EQ(p->used_mwh_per_a[1], 1234.5);
  EXPECT_TRUE(std::isnan(p->used_mwh_per_a[0]));
  const std::string de = viz::potential_layer_table_html(path, "plan", 2025, 2045, viz::Lang::de);
  EXPECT_NE(de.find("Abwärme (Industrie, Gewerbe)"), std::string::npos) << de;
  EXPECT_NE(de.find("2.500,0"), std::string::npos) << de;        // German number format
  EXPECT_NE(de.find("1.234,5"), std::string::npos) << de;        // biomass used in 2025
  EXPECT_NE(de.find("nicht genutzt"), std::string::npos) << de;  // waste heat: NaN use
  EXPECT_NE(de.find("wh-1"), std::string::npos) << de;
  const std::string en = viz::potential_layer_table_html(path, "plan", 2025, 2045, viz::Lang::en);
  EXPECT_NE(en.find("waste heat (industry, commerce)"), std::string::npos) << en;
  EXPECT_NE(en.find("1,234.5"), std::string::npos) << en;
  fs::remove_all(dir);
}

TEST(PotentialLayerTable, NothingWithoutALayer) {
  const fs::path dir = scratch("without");
  const std::string path = write_plan(dir, false);
  EXPECT_FALSE(viz::read_layer_potentials(path, "plan", 2025).has_value());
  EXPECT_TRUE(viz::potential_layer_table_html(path, "plan", 2025, 2045, viz::Lang::de).empty());
  EXPECT_TRUE(
      viz::potential_layer_table_html((dir / "missing.h5").string(), "plan", 2025, 2045, viz::Lang::de).empty());
  fs::remove_all(dir);
}
