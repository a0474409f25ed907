// The heat density PNG (viz/maps.hpp) on the tiny twin, read back with GDAL: size bound, a world
// file placing it in EPSG:3035, the colours of known cells, the network drawn, and an empty grid.
#include "viz/maps.hpp"
#include "viz/region_comparison.hpp"

#include "tests/unit/viz/gdal_read.hpp"
#include "tests/unit/viz/tiny_results.hpp"
#include "twin/error.hpp"
#include "viz/region_comparison.hpp"
#include "viz/report.hpp"

#include <gdal_priv.h>

#include <gtest/gtest.h>

#include <unistd.h>
#include <cmath>
#include <filesystem>
#include <memory>
#include <set>

namespace fs = std::filesystem;
using namespace heattwin;

namespace {

/// The decoded PNG: three planes and its geotransform (from the world file).
struct Png {
  int w = 0, h = 0, bands = 0;
  std::array<std::vector<std::uint8_t>, 3> planes;
  std::array<double, 6> gt{};
  bool has_gt = false;
  std::array<std::uint8_t, 3> at(int x, int y) const {
    const auto i = static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x);
    return {planes[0][i], planes[1][i], planes[2][i]};
  }
  /// Colour at a point in EPSG:3035.
  std::array<std::uint8_t, 3> at_m(double x_m, double y_m) const {
    return at(static_cast<int>((x_m - gt[0]) / gt[1]), static_cast<int>((y_m - gt[3]) / gt[5]));
  }
};

Png read_png(const std::string& path) {
  Png p;
  const test::GdalDataset ds = test::open_gdal(path, GDAL_OF_RASTER);
  if (!ds) return p;
  EXPECT_STREQ(ds->GetDriver()->GetDescription(), "PNG");
  p.w = ds->GetRasterXSize();
  p.h = ds->GetRasterYSize();
  p.bands = ds->GetRasterCount();
  p.has_gt = ds->GetGeoTransform(p.gt.data()) == CE_None;
  for (int b = 0; b < std::min(p.bands, 3); ++b) {
    auto& plane = p.planes[static_cast<std::size_t>(b)];
    plane.resize(static_cast<std::size_t>(p.w) * static_cast<std::size_t>(p.h));
    EXPECT_EQ(
        ds->GetRasterBand(b + 1)->RasterIO(GF_Read, 0, 0, p.w, p.h, plane.data(), p.w, p.h, GDT_Byte, 0, 0, nullptr),
        CE_None);
  }
  return p;
}

class MapsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("heattwin_maps_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string file(const char* name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

TEST_F(MapsTest, HeatDensityMapHasKnownCellColoursLegendAndWorldFile) {
  const auto tiny = test::write_tiny_results(dir_.string());
  const viz::Results r = viz::read_results(tiny.path);
  viz::MapOptions o;
  o.max_size_px = 1000;
  const auto report = viz::write_heat_density_png(r, tiny.twin, file("map.png"), o);
  EXPECT_FALSE(report.no_data);
  EXPECT_TRUE(fs::exists(file("map.wld")));
  for (const auto& entry : fs::directory_iterator(dir_))
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();

  const Png png = read_png(file("map.png"));
  ASSERT_EQ(png.bands, 3);
  EXPECT_EQ(png.w, report.width_px);
  EXPECT_EQ(png.h, report.height_px);
  EXPECT_LE(std::max(png.w, png.h), 1000);
  ASSERT_TRUE(png.has_gt);
  EXPECT_DOUBLE_EQ(png.gt[0], report.origin_x_m);
  EXPECT_DOUBLE_EQ(png.gt[1], report.pixel_m);
  EXPECT_DOUBLE_EQ(png.gt[5], -report.pixel_m);

  std::set<std::array<std::uint8_t, 3>> colours;
  for (int y = 0; y < png.h; ++y)
    for (int x = 0; x < png.w; ++x) colours.insert(png.at(x, y));
  EXPECT_GT(colours.size(), 3u) << "not one colour";

  // Every cell's centre has the colour of its band (the cluster: 120 MWh/(ha·a) → 70-175) or the
  // withheld grey (cells of one or two buildings).
  const viz::GridHeat g = viz::grid_heat(r, tiny.twin, viz::DEFAULT_PRIVACY_MIN_BUILDINGS);
  int banded = 0;
  for (std::size_t k = 0; k < g.size(); ++k) {
    const auto colour = png.at_m(g.east_m[k] + 50.0, g.north_m[k] + 50.0);
    if (g.withheld[k] != 0) {
      EXPECT_EQ(colour, viz::MAP_WITHHELD_RGB) << r.grid.id[k];
    } else {
      EXPECT_EQ(colour, viz::HEAT_DENSITY_CLASSES[1].rgb) << r.grid.id[k];
      ++banded;
    }
  }
  EXPECT_EQ(banded, 1);
  EXPECT_EQ(report.pipes, 1u);
  std::size_t pipe_pixels = 0;
  for (int y = 0; y < png.h; ++y)
    for (int x = 0; x < png.w; ++x) pipe_pixels += png.at(x, y) == viz::MAP_PIPE_RGB ? 1 : 0;
  EXPECT_GE(pipe_pixels, static_cast<std::size_t>(100.0 / report.pixel_m) - 1) << "the 100 m pipe";
  // The legend (right of the map) holds every band's colour.
  for (const auto& c : viz::HEAT_DENSITY_CLASSES) EXPECT_TRUE(colours.contains(c.rgb)) << c.label;
}

TEST_F(MapsTest, LargeExtentsStayWithinTheSizeBound) {
  auto tiny = test::write_tiny_results(dir_.string());
  // Move one junction 80 km north (the pipe then runs 340 m west of the cluster): the map must
  // shrink its scale, not grow.
  tiny.twin.networks.junctions.y_m[1] += 80000.0;
  const viz::Results r = viz::read_results(tiny.path);
  viz::MapOptions o;
  o.max_size_px = 800;
  const auto report = viz::write_heat_density_png(r, tiny.twin, file("wide.png"), o);
  const Png png = read_png(file("wide.png"));
  EXPECT_LE(std::max(png.w, png.h), 800);
  EXPECT_GT(report.pixel_m, 100.0);
  // The cluster cell is still drawn although smaller than a pixel.
  const viz::GridHeat g = viz::grid_heat(r, tiny.twin, viz::DEFAULT_PRIVACY_MIN_BUILDINGS);
  for (std::size_t k = 0; k < g.size(); ++k) {
    if (g.withheld[k] == 0) {
      EXPECT_EQ(png.at_m(g.east_m[k] + 50.0, g.north_m[k] + 50.0), viz::HEAT_DENSITY_CLASSES[1].rgb);
    }
  }
}

// Issue 23: the maps' and the compare table's heat follow the run's demand basis. A file
// without `demand_basis` (written before it existed) keeps the standard demand; with
// "expected_consumption" the buildings' expected columns are summed — here made by hand as
// 0.5 × space heating and 0.9 × hot water, so every expected figure is known.
TEST_F(MapsTest, HeatIndicatorsFollowTheRunsDemandBasis) {
  const auto tiny = test::write_tiny_results(dir_.string());
  viz::Results r = viz::read_results(tiny.path);
  EXPECT_EQ(r.demand_basis, "");
  const auto& heating = r.buildings.column("annual_heating_kwh");
  const auto& hot_water = r.buildings.column("annual_hot_water_kwh");
  const std::size_t n = heating.size();
  double standard_mwh = 0.0, expected_mwh = 0.0, expected_heating_mwh = 0.0;
  std::vector<double> expected_heating(n), expected_hot_water(n);
  for (std::size_t b = 0; b < n; ++b) {
    expected_heating[b] = 0.5 * heating[b];
    expected_hot_water[b] = 0.9 * hot_water[b];
    standard_mwh += (heating[b] + hot_water[b]) / 1000.0;
    expected_mwh += (expected_heating[b] + expected_hot_water[b]) / 1000.0;
    expected_heating_mwh += expected_heating[b] / 1000.0;
  }
  const auto sum = [](const std::vector<double>& v) {
    double s = 0.0;
    for (const double x : v) s += x;
    return s;
  };
  EXPECT_NEAR(sum(viz::building_heat_mwh_per_a(r)), standard_mwh, 1e-9);
  const double standard_grid_mwh = sum(viz::grid_heat(r, tiny.twin, 1).heat_mwh_per_a);

  r.buildings.columns["expected_heating_kwh"] = expected_heating;
  r.buildings.columns["expected_hot_water_kwh"] = expected_hot_water;
  r.demand_basis = "expected_consumption";
  EXPECT_TRUE(viz::basis_heat_columns(r).expected_consumption);
  const auto heat = viz::building_heat_mwh_per_a(r);
  for (std::size_t b = 0; b < n; ++b) {
    EXPECT_NEAR(heat[b], (0.5 * heating[b] + 0.9 * hot_water[b]) / 1000.0, 1e-12) << r.buildings.id[b];
  }
  // Grid cells: every building lies in a results cell, so the cells add up to the buildings.
  EXPECT_NEAR(standard_grid_mwh, standard_mwh, 1e-9);
  EXPECT_NEAR(sum(viz::grid_heat(r, tiny.twin, 1).heat_mwh_per_a), expected_mwh, 1e-9);
  // The compare table's sums (municipalities + outside) and its German label.
  const viz::YearSums y = viz::year_sums(r, tiny.twin);
  EXPECT_EQ(y.demand_basis, "expected_consumption");
  double space_heating = y.outside.space_heating_mwh_per_a,
         total = y.outside.space_heating_mwh_per_a + y.outside.hot_water_mwh_per_a;
  for (const auto& m : y.municipalities) {
    space_heating += m.space_heating_mwh_per_a;
    total += m.space_heating_mwh_per_a + m.hot_water_mwh_per_a;
  }
  EXPECT_NEAR(space_heating, expected_heating_mwh, 1e-9);
  EXPECT_NEAR(total, expected_mwh, 1e-9);
  const auto indicators = viz::region_indicators({{}, false, false, false, y.demand_basis});
  EXPECT_EQ(indicators[1].key, "heat_demand_mwh_per_a");
  EXPECT_EQ(indicators[1].label_de, "Wärmeverbrauch, erwartet (Raumwärme + Warmwasser)");
  // A basis whose columns are missing is an error naming the file, not a silent standard demand.
  r.buildings.columns.erase("expected_heating_kwh");
  EXPECT_THROW(viz::building_heat_mwh_per_a(r), InputError);
}

TEST_F(MapsTest, EmptyGridGivesANoDataImage) {
  const auto tiny = test::write_tiny_results(dir_.string(), false);
  const viz::Results r = viz::read_results(tiny.path);
  const auto report = viz::write_heat_density_png(r, tiny.twin, file("empty.png"));
  EXPECT_TRUE(report.no_data);
  const Png png = read_png(file("empty.png"));
  EXPECT_EQ(png.w, report.width_px);
  std::set<std::array<std::uint8_t, 3>> colours;
  for (int y = 0; y < png.h; ++y)
    for (int x = 0; x < png.w; ++x) colours.insert(png.at(x, y));
  EXPECT_EQ(colours, (std::set<std::array<std::uint8_t, 3>>{viz::MAP_BACKGROUND_RGB, viz::MAP_TEXT_RGB}));
  EXPECT_FALSE(fs::exists(file("empty.wld")));
}

TEST_F(MapsTest, NetworkMapDrawsPipesByDiameterAndSources) {
  auto tiny = test::write_tiny_results(dir_.string());
  auto& net = tiny.twin.networks;
  net.sources.id.push_back("plant");
  net.sources.supply_junction.push_back(0);
  net.sources.return_junction.push_back(0);
  net.sources.t_supply_c.push_back(90.0);
  net.sources.pressure_lift_bar.push_back(3.0);
  const viz::Results r = viz::read_results(tiny.path);
  viz::MapOptions o;
  o.max_size_px = 800;
  const auto report = viz::write_network_png(r, tiny.twin, file("network.png"), o);
  EXPECT_EQ(report.pipes, 1u);
  const Png png = read_png(file("network.png"));
  ASSERT_EQ(png.bands, 3);
  ASSERT_TRUE(png.has_gt);
  EXPECT_LE(std::max(png.w, png.h), 800);
  // The 100 m pipe (inner diameter 0.1 m: class 100-200) runs from j0 to j1; read its middle in
  // EPSG:3035 through the map's own world file.
  std::size_t pipe_pixels = 0, plant_pixels = 0;
  for (int y = 0; y < png.h; ++y) {
    for (int x = 0; x < png.w; ++x) {
      pipe_pixels += png.at(x, y) == viz::PIPE_DIAMETER_CLASSES[2].rgb ? 1 : 0;
      plant_pixels += png.at(x, y) == viz::MAP_PLANT_RGB ? 1 : 0;
    }
  }
  EXPECT_EQ(viz::pipe_diameter_class(0.1), 2u);
  EXPECT_GE(pipe_pixels, static_cast<std::size_t>(3 * 100.0 / report.pixel_m)) << "3 px wide, 100 m long";
  EXPECT_GE(plant_pixels, 49u + 16u) << "the source's square and its legend box";
  // A twin without pipes has no network map.
  tiny.twin.networks = {};
  EXPECT_THROW((void)viz::write_network_png(r, tiny.twin, file("none.png"), o), InputError);
}

TEST_F(MapsTest, BadOptionsAreInputErrors) {
  const auto tiny = test::write_tiny_results(dir_.string());
  const viz::Results r = viz::read_results(tiny.path);
  viz::MapOptions o;
  o.max_size_px = 50;
  EXPECT_THROW((void)viz::write_heat_density_png(r, tiny.twin, file("x.png"), o), InputError);
  EXPECT_FALSE(fs::exists(file("x.png")));
}

}  // namespace

namespace {

/// Two unit squares side by side (municipalities 0 and 1) and one without boundary (2).
heattwin::viz::RegionShapes three_regions() {
  heattwin::viz::RegionShapes s;
  s.municipality_rings = {{{{0.0, 0.0}, {1000.0, 0.0}, {1000.0, 1000.0}, {0.0, 1000.0}}},
                          {{{1000.0, 0.0}, {2000.0, 0.0}, {2000.0, 1000.0}, {1000.0, 1000.0}}},
                          {}};
  s.min_x_m = 0.0;
  s.min_y_m = 0.0;
  s.max_x_m = 2000.0;
  s.max_y_m = 1000.0;
  return s;
}

}  // namespace

TEST(Choropleth, QuantileBreaksInterpolateAndDropDuplicates) {
  const std::vector<double> v{1.0, 2.0, 3.0, 4.0, 5.0, std::nan("")};
  const auto b = heattwin::viz::quantile_breaks(v, 4);  // numpy: quantile([1..5], .25/.5/.75) = 2, 3, 4
  ASSERT_EQ(b.size(), 3U);
  EXPECT_DOUBLE_EQ(b[0], 2.0);
  EXPECT_DOUBLE_EQ(b[1], 3.0);
  EXPECT_DOUBLE_EQ(b[2], 4.0);
  EXPECT_TRUE(heattwin::viz::quantile_breaks(std::vector<double>{7.0, 7.0, 7.0}, 5).empty());
  const auto ties = heattwin::viz::quantile_breaks(std::vector<double>{1.0, 1.0, 1.0, 1.0, 9.0}, 5);
  ASSERT_EQ(ties.size(), 1U);  // the quantiles 0.2 … 0.6 equal the minimum; 0.8 → 1 + 0.2 · 8
  EXPECT_DOUBLE_EQ(ties[0], 1.0 + 0.2 * 8.0);
}

TEST(Choropleth, SvgColoursRegionsByClassWithLegendAndNoValueGrey) {
  const auto shapes = three_regions();
  heattwin::viz::ChoroplethMap map;
  map.title = "Wärmebedarf je Einwohner <Test>";
  map.unit = "kWh/(EW·a)";
  map.value = {10.0, std::nan(""), 30.0};
  map.tooltip = {"A (1): 10", "B (2)", "C (3): 30"};
  map.format = [](double v) { return heattwin::viz::display_number(v, 1, heattwin::viz::Lang::de); };
  const std::string svg = heattwin::viz::choropleth_svg(shapes, map, 400.0);
  std::size_t paths = 0;
  for (auto at = svg.find("<path class=\"region\""); at != std::string::npos; at = svg.find("<path", at + 1)) ++paths;
  EXPECT_EQ(paths, 2U);                                                                 // C has no boundary
  EXPECT_NE(svg.find(heattwin::viz::CHOROPLETH_COLOURS[0]), std::string::npos);         // A, lowest class
  EXPECT_NE(svg.find(heattwin::viz::CHOROPLETH_NO_VALUE), std::string::npos);           // B withheld
  EXPECT_NE(svg.find("Wärmebedarf je Einwohner &lt;Test&gt;"), std::string::npos);      // escaped
  EXPECT_NE(svg.find("M0.0 200.0L200.0 200.0L200.0 0.0L0.0 0.0Z"), std::string::npos);  // north up, 0.2 px/m
  EXPECT_NE(svg.find("keine Angabe"), std::string::npos);
  // Breaks at the quintiles of {10, 30}: 14, 18, 22, 26; German number format.
  EXPECT_NE(svg.find("&lt; 14,0"), std::string::npos) << svg;
  EXPECT_NE(svg.find("≥ 26,0"), std::string::npos) << svg;
  EXPECT_NE(svg.find(heattwin::viz::CHOROPLETH_COLOURS[4]), std::string::npos);  // C, highest class
  map.value.pop_back();
  EXPECT_THROW(heattwin::viz::choropleth_svg(shapes, map), heattwin::InputError);
}

TEST(PlanMapSvg, BoundaryPathMapsEveryRingToPixelsAndIsEmptyWithoutABoundary) {
  // Two rings: a square and a triangle (EPSG:3035 m); pixels = (x − 1000) / 10 and (2000 − y) / 10.
  const std::vector<std::vector<std::array<double, 2>>> boundary{
      {{1000.0, 1000.0}, {2000.0, 1000.0}, {2000.0, 2000.0}, {1000.0, 2000.0}},
      {{1500.0, 1500.0}, {1600.0, 1500.0}, {1550.0, 1601.0}}};
  const auto px = [](double x) { return (x - 1000.0) / 10.0; };
  const auto py = [](double y) { return (2000.0 - y) / 10.0; };
  std::string svg;
  heattwin::viz::svg_boundary_path(std::back_inserter(svg), boundary, px, py);
  EXPECT_EQ(svg,
            "<path class=\"boundary\" d=\"M0.0 100.0L100.0 100.0L100.0 0.0L0.0 0.0ZM50.0 50.0L60.0 50.0L55.0 39.9Z\" "
            "fill=\"none\" stroke=\"#333\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\"/>\n");
  std::string none;
  heattwin::viz::svg_boundary_path(std::back_inserter(none), {}, px, py);
  EXPECT_TRUE(none.empty());
}
