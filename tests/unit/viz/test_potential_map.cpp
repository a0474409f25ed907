// The potentials map of the heat plan report (viz/potential_map.hpp): the [data] potentials layer's
// locations placed in the municipality they lie in, drawn as symbols with area ∝ MWh/a, a legend
// per kind, boundary and scale bar; one sentence instead when nothing can be drawn.
#include "viz/potential_map.hpp"

#include "tests/unit/viz/tiny_results.hpp"
#include "twin/crs.hpp"
#include "twin/h5.hpp"
#include "viz/heat_plan_report.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <unistd.h>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <regex>
#include <string>

namespace fs = std::filesystem;
using namespace heattwin;

namespace {

/// A results file of scenario "plan", base year 2025, with a potentials layer of four located
/// features (EPSG:3035 metres) and a biomass potential without geometry.
std::string write_plan(const fs::path& dir) {
  fs::create_directories(dir);
  const std::string path = (dir / "plan.h5").string();
  auto file = h5::File::create(path);
  const h5::Group root = file.root();
  (void)test::write_results_root(root, "[run]\nname = \"plan\"\n");
  const h5::Group y = root.create_group("results").create_group("plan").create_group("2025");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const h5::Group g = y.create_group("potentials");
  g.set_attribute("source", "potentials.geojson");
  g.write_strings("id", {"wh-1", "ww-1", "st-1", "far-1", "bio-1"});
  g.write_strings("kind", {"waste_heat", "waste_water", "solar_thermal", "waste_heat", "biomass"});
  g.write("capacity_mwh_per_a", std::vector<double>{4000.0, 250.0, 900.0, 100.0, 1500.0});
  g.write("temperature_c", std::vector<double>{60.0, 15.0, nan, 40.0, nan});
  g.write("area_m2", std::vector<double>{0.0, 0.0, 4500.0, 0.0, 0.0});
  // Inside the 2 km square municipality below, except far-1 (10 km east) and bio-1 (no geometry).
  g.write("x_m", std::vector<double>{4500500.0, 4501200.0, 4501700.0, 4510000.0, nan});
  g.write("y_m", std::vector<double>{3100500.0, 3101500.0, 3100300.0, 3100500.0, nan});
  const h5::Group k = g.create_group("by_kind");
  k.write_strings("id", {"waste_heat", "waste_water", "solar_thermal", "biomass"});
  k.write("potential_mwh_per_a", std::vector<double>{4100.0, 250.0, 900.0, 1500.0});
  k.write("used_mwh_per_a", std::vector<double>{nan, nan, nan, 1000.0});
  file.commit();
  return path;
}

viz::HeatPlan municipality_plan() {
  viz::HeatPlan plan;
  plan.ags = "15003000";
  plan.name = "Musterstadt";
  plan.boundary = {{{4500000.0, 3100000.0}, {4502000.0, 3100000.0}, {4502000.0, 3102000.0}, {4500000.0, 3102000.0}}};
  viz::PlanYear y;
  y.year = 2025;
  for (std::uint32_t e = 45000; e < 45010; ++e) y.cells.push_back({31005, e, 12, 300.0, "", false});
  plan.years.push_back(y);
  return plan;
}

}  // namespace

TEST(PotentialMap, PlacesTheLayersPotentialsInTheMunicipalityAndDrawsThem) {
  const fs::path dir = fs::temp_directory_path() / fmt::format("heattwin-potential-map-{}", ::getpid());
  const std::string path = write_plan(dir);
  std::vector<viz::HeatPlan> plans{municipality_plan()};
  const twin::CoordinateTransform identity("EPSG:3035", "EPSG:3035");
  viz::add_plan_potential_sites(path, "plan", 2025, plans, identity);
  const viz::PlanPotentials& p = plans[0].potentials;
  EXPECT_TRUE(p.has_layer);
  ASSERT_EQ(p.sites.size(), 3U);  // far-1 lies outside the boundary, bio-1 has no location
  EXPECT_EQ(p.sites[0].id, "wh-1");
  EXPECT_DOUBLE_EQ(p.sites[2].area_m2, 4500.0);
  EXPECT_EQ(p.without_location, 1U);

  std::string html;
  viz::potential_map_html(std::back_inserter(html), plans[0], viz::Lang::de);
  EXPECT_NE(html.find("class=\"map potentials\""), std::string::npos) << html;
  // One symbol per site; the largest potential gets the largest radius (area ∝ MWh/a: 250 of 4000
  // MWh/a → a quarter of the radius, above the minimum).
  const std::regex circle(
      R"re(<circle class="potential" data-kind="([a-z_]+)" cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)")re");
  std::map<std::string, double> radius;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), circle); it != std::sregex_iterator(); ++it)
    radius[(*it)[1]] = std::stod((*it)[4]);
  ASSERT_EQ(radius.size(), 3U) << html;
  EXPECT_NEAR(radius["waste_water"] / radius["waste_heat"], 0.25, 0.01);
  EXPECT_NEAR(radius["solar_thermal"] / radius["waste_heat"], std::sqrt(900.0 / 4000.0), 0.01);
  // Legend per kind (German), the size key in German numbers, boundary and scale bar.
  EXPECT_NE(html.find("Abwärme (Industrie, Gewerbe)"), std::string::npos);
  EXPECT_NE(html.find("Abwasser"), std::string::npos);
  EXPECT_NE(html.find("Solarthermie-Freiflächen"), std::string::npos);
  EXPECT_NE(html.find("4.000 MWh/a"), std::string::npos) << html;
  EXPECT_NE(html.find("Gemeindegrenze"), std::string::npos);
  EXPECT_NE(html.find("class=\"scalebar\""), std::string::npos);
  EXPECT_NE(html.find("class=\"boundary\""), std::string::npos);
  EXPECT_NE(html.find("4.500 m²"), std::string::npos);  // the area in the symbol's tooltip
  EXPECT_NE(html.find("1 Potenzial(e) der Schicht ohne Lage"), std::string::npos);

  std::string en;
  viz::potential_map_html(std::back_inserter(en), plans[0], viz::Lang::en);
  EXPECT_NE(en.find("waste heat (industry, commerce)"), std::string::npos);
  EXPECT_NE(en.find("4,000 MWh/a"), std::string::npos);
  fs::remove_all(dir);
}

TEST(PotentialMap, WithoutBoundaryTakesThePotentialsNearTheCells) {
  const fs::path dir = fs::temp_directory_path() / fmt::format("heattwin-potential-map-near-{}", ::getpid());
  const std::string path = write_plan(dir);
  std::vector<viz::HeatPlan> plans{municipality_plan()};
  plans[0].boundary.clear();
  viz::add_plan_potential_sites(path, "plan", 2025, plans, twin::CoordinateTransform("EPSG:3035", "EPSG:3035"));
  // Cells span x 4,500,000–4,501,000 at y 3,100,500–3,100,600: the three sites within 1 km, not far-1.
  ASSERT_EQ(plans[0].potentials.sites.size(), 3U);
  std::string html;
  viz::potential_map_html(std::back_inserter(html), plans[0], viz::Lang::de);
  EXPECT_NE(html.find("Gemeindegrenze: im Zwilling nicht enthalten"), std::string::npos);
  fs::remove_all(dir);
}

TEST(PotentialMap, OneSentenceWhenNothingCanBeDrawn) {
  viz::HeatPlan plan = municipality_plan();
  std::string none;
  viz::potential_map_html(std::back_inserter(none), plan, viz::Lang::de);
  EXPECT_TRUE(none.empty()) << "no layer: the Potenzialanalyse says so already";
  plan.potentials.has_layer = true;
  std::string empty;
  viz::potential_map_html(std::back_inserter(empty), plan, viz::Lang::de);
  EXPECT_EQ(empty.find("<svg"), std::string::npos);
  EXPECT_NE(empty.find("Keine Potenzialkarte"), std::string::npos) << empty;
}
