// The HTML report on a tiny results file written here with the h5 layer (docs/results-schema.md)
// for a twin built in memory: the tables add up to the inputs, strings from the data are escaped,
// the page references nothing outside itself, the load duration curve is monotone, sparse cells
// are withheld from the map, and the file is written atomically.
#include "viz/report.hpp"

#include "tests/unit/viz/tiny_results.hpp"
#include "twin/error.hpp"
#include "twin/h5.hpp"
#include "twin/summary.hpp"
#include "twin/twin.hpp"
#include "viz/results_file.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <numbers>
#include <numeric>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;
using namespace heattwin;

namespace {

constexpr const char* HOSTILE_NAME = "<script>alert('x')</script> & Söhne";
constexpr std::size_t HOURS = 8760;

/// Cells of the tiny twin (100 m units, EPSG:3035): the first two share a 1 km cell with the third.
constexpr std::array<std::array<std::uint32_t, 2>, 3> CELLS{{{28001, 43002}, {28001, 43003}, {28005, 43007}}};

struct Fixture {
  twin::Twin twin;
  // Inputs of the results file, per computed building.
  std::vector<std::string> ids;
  std::vector<std::int64_t> twin_index;
  std::vector<double> area_m2, heating_kwh, hot_water_kwh;
};

/// 14 buildings in two municipalities and three cells; building 13 is unheated and not computed.
/// Cell 0 holds 6 computed buildings, cell 1 holds 2 (withheld), cell 2 holds 5.
Fixture make_fixture() {
  Fixture f;
  twin::Twin& t = f.twin;
  t.crs = "EPSG:25833";
  t.regions.add_municipality("15001000", HOSTILE_NAME);
  t.regions.add_municipality("15002000", "Musterstadt");
  for (const auto& [north, east] : CELLS) {
    t.grid.north_100m.push_back(north);
    t.grid.east_100m.push_back(east);
  }
  constexpr std::array<std::uint32_t, 14> cell_of{0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 2};
  for (std::uint32_t k = 0; k < 14; ++k) {
    const auto b = t.buildings.append_unknown(fmt::format("DESN{:04}", k));
    t.buildings.municipality[b] = k < 9 ? 0 : 1;
    t.buildings.grid_cell[b] = cell_of[k];
    t.buildings.use_class[b] =
        static_cast<std::uint8_t>(k % 3 == 0 ? twin::UseClass::office : twin::UseClass::residential);
    t.buildings.age_class[b] = static_cast<std::uint8_t>(k % 5);  // 0 = unknown
    t.buildings.prov_u_values[b] = k % 2 == 0 ? twin::Provenance::typology : twin::Provenance::measured;
    t.buildings.heated_floor_area_m2[b] = 100.0 + k;
    if (k == 13) {
      t.buildings.use_class[b] = static_cast<std::uint8_t>(twin::UseClass::unheated);
      continue;
    }
    f.ids.push_back(std::string(t.buildings.id[b]));
    f.twin_index.push_back(b);
    f.area_m2.push_back(100.0 + k);
    f.heating_kwh.push_back(1000.0 * (k + 1) + 0.25);
    // Non-residential buildings have no hot water need in the results (NaN), as the demand run writes.
    f.hot_water_kwh.push_back(k % 3 == 0 ? std::nan("") : 120.0 * (k + 1));
  }
  t.imputations["height_from_storeys"] = 3;
  return f;
}

/// Monthly shares of the annual space heating (sum 1).
constexpr std::array<double, 12> MONTH_SHARE{0.18, 0.15, 0.12, 0.08, 0.04, 0.01, 0.0, 0.0, 0.03, 0.08, 0.13, 0.18};

double hour_weight(std::size_t h) {
  return 1.0 + std::cos(2.0 * std::numbers::pi * static_cast<double>(h) / HOURS) +
         0.2 * std::sin(2.0 * std::numbers::pi * static_cast<double>(h % 24) / 24.0);
}

struct WriteSpec {
  std::string scenario = "base";
  bool hourly_heating = true;
  bool bad_cell_id = false;
  /// Also writes expected_heating_kwh / expected_hot_water_kwh (0.8 / 0.9 × the standard demand)
  /// and the year attribute demand_basis = "expected_consumption" (issue 23).
  bool expected_consumption = false;
  std::string scenario_toml = "[run]\nname = \"base\"\n# </pre><script>alert(1)</script>\n";
};

/// Writes the results file of `f` following docs/results-schema.md.
void write_results(const Fixture& f, const std::string& path, const WriteSpec& spec = {}) {
  auto file = h5::File::create(path);
  const h5::Group root = file.root();
  const h5::Group meta = heattwin::test::write_results_root(root, spec.scenario_toml);
  meta.create_group("inputs").set_attribute("twin", "data/\"twin\".h5");
  meta.create_group("input_sha256").set_attribute("twin", std::string(64, 'a'));
  const h5::Group twin_group = root.create_group("twin");
  twin_group.set_attribute("path", "twin.h5");
  twin_group.set_attribute("crs", f.twin.crs);
  twin_group.write_strings("summary_json", {twin::twin_summary_json(f.twin).dump()});
  const h5::Group year = root.create_group("results").create_group(spec.scenario).create_group("2030");
  year.set_attribute("method", spec.hourly_heating ? "EN ISO 13790 hourly 5R1C" : "EN ISO 13790 monthly");

  const std::size_t n = f.ids.size();
  const h5::Group b = year.create_group("buildings");
  b.write_strings("id", f.ids);
  b.write("twin_index", f.twin_index, {.unit = "1"});
  b.write("heated_floor_area_m2", f.area_m2, {.unit = "m2"});
  b.write("annual_heating_kwh", f.heating_kwh, {.unit = "kWh/a"});
  b.write("annual_hot_water_kwh", f.hot_water_kwh, {.unit = "kWh/a"});
  if (spec.expected_consumption) {
    year.set_attribute("demand_basis", "expected_consumption");
    std::vector<double> expected_heating, expected_hot_water;
    for (std::size_t r = 0; r < n; ++r) {
      expected_heating.push_back(0.8 * f.heating_kwh[r]);
      expected_hot_water.push_back(0.9 * f.hot_water_kwh[r]);
    }
    b.write("expected_heating_kwh", expected_heating, {.unit = "kWh/a"});
    b.write("expected_hot_water_kwh", expected_hot_water, {.unit = "kWh/a"});
  }
  std::vector<double> monthly;
  for (std::size_t r = 0; r < n; ++r)
    for (const double s : MONTH_SHARE) monthly.push_back(s * f.heating_kwh[r]);
  b.write("monthly_heating_kwh", monthly, {.unit = "kWh", .columns = 12});

  // Regions: sums of their buildings, in AGS order.
  const auto& munis = f.twin.regions.municipalities;
  std::vector<double> region_heating(munis.size(), 0.0), region_hot_water(munis.size(), 0.0);
  for (std::size_t r = 0; r < n; ++r) {
    const auto m = f.twin.buildings.municipality[static_cast<std::size_t>(f.twin_index[r])];
    region_heating[m] += f.heating_kwh[r];
    if (std::isfinite(f.hot_water_kwh[r])) region_hot_water[m] += f.hot_water_kwh[r];
  }
  double weight_sum = 0.0;
  for (std::size_t h = 0; h < HOURS; ++h) weight_sum += hour_weight(h);
  std::vector<std::string> ags;
  std::vector<double> region_monthly, hourly_heating, hourly_hot_water;
  for (std::size_t m = 0; m < munis.size(); ++m) {
    ags.push_back(munis[m].ags);
    for (const double s : MONTH_SHARE) region_monthly.push_back(s * region_heating[m]);
    for (std::size_t h = 0; h < HOURS; ++h) {
      hourly_heating.push_back(1000.0 * region_heating[m] * hour_weight(h) / weight_sum);
      hourly_hot_water.push_back(1000.0 * region_hot_water[m] / HOURS);
    }
  }
  const h5::Group regions = year.create_group("regions");
  regions.write_strings("ags", ags);
  regions.write("monthly_heating_kwh", region_monthly, {.unit = "kWh", .columns = 12});
  if (spec.hourly_heating) regions.write("hourly_heating_w", hourly_heating, {.unit = "W", .columns = HOURS});
  regions.write("hourly_hot_water_w", hourly_hot_water, {.unit = "W", .columns = HOURS});

  std::vector<double> cell_heating(CELLS.size(), 0.0), cell_hot_water(CELLS.size(), 0.0);
  for (std::size_t r = 0; r < n; ++r) {
    const auto c = f.twin.buildings.grid_cell[static_cast<std::size_t>(f.twin_index[r])];
    cell_heating[c] += f.heating_kwh[r];
    if (std::isfinite(f.hot_water_kwh[r])) cell_hot_water[c] += f.hot_water_kwh[r];
  }
  std::vector<std::string> cell_ids;
  for (std::size_t c = 0; c < CELLS.size(); ++c) cell_ids.push_back(f.twin.grid.cell_id(c));
  if (spec.bad_cell_id) cell_ids[1] = "CRS3035RES1kmN2800E4300";
  const h5::Group grid = year.create_group("grid");
  grid.write_strings("cell_id", cell_ids);
  grid.write("annual_heating_kwh", cell_heating, {.unit = "kWh/a"});
  grid.write("annual_hot_water_kwh", cell_hot_water, {.unit = "kWh/a"});
  file.commit();
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

double sum_finite(const std::vector<double>& v) {
  double s = 0.0;
  for (const double x : v)
    if (std::isfinite(x)) s += x;
  return s;
}

class ReportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("heattwin_report_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    fixture_ = std::make_unique<Fixture>(make_fixture());
    write_results(*fixture_, path("results.h5"));
  }
  static void TearDownTestSuite() {
    fixture_.reset();
    fs::remove_all(dir_);
  }
  static std::string path(const std::string& name) { return (dir_ / name).string(); }

  static inline fs::path dir_;
  static inline std::unique_ptr<Fixture> fixture_;
};

TEST_F(ReportTest, TablesAddUpToTheInputs) {
  const Fixture& f = *fixture_;
  const viz::Results r = viz::read_results(path("results.h5"));
  const viz::ReportData d = viz::compute_report_data(r, f.twin);

  const double heating_mwh = sum_finite(f.heating_kwh) / 1000.0;
  const double hot_water_mwh = sum_finite(f.hot_water_kwh) / 1000.0;
  const double area_m2 = sum_finite(f.area_m2);
  EXPECT_EQ(d.total.buildings, f.ids.size());
  EXPECT_EQ(d.twin_buildings, 14u);
  EXPECT_NEAR(d.total.space_heating_mwh_per_a, heating_mwh, 1e-9 * heating_mwh);
  EXPECT_NEAR(d.total.hot_water_mwh_per_a, hot_water_mwh, 1e-9 * hot_water_mwh);
  EXPECT_NEAR(d.total.heated_floor_area_m2, area_m2, 1e-9 * area_m2);

  // Every table partitions the total.
  for (const auto* table : {&d.by_municipality, &d.by_use_class, &d.by_age_class}) {
    std::uint64_t buildings = 0;
    double heating = 0.0, hot_water = 0.0, area = 0.0;
    for (const auto& row : *table) {
      buildings += row.buildings;
      heating += row.space_heating_mwh_per_a;
      hot_water += row.hot_water_mwh_per_a;
      area += row.heated_floor_area_m2;
    }
    EXPECT_EQ(buildings, f.ids.size());
    EXPECT_NEAR(heating, heating_mwh, 1e-9 * heating_mwh);
    EXPECT_NEAR(hot_water, hot_water_mwh, 1e-9 * hot_water_mwh);
    EXPECT_NEAR(area, area_m2, 1e-9 * area_m2);
  }
  // Municipalities: in the regions table's order, named from the twin; the first holds buildings 0 … 8.
  ASSERT_EQ(d.by_municipality.size(), 2u);
  EXPECT_EQ(d.by_municipality[0].key, "15001000");
  EXPECT_EQ(d.by_municipality[0].label, HOSTILE_NAME);
  EXPECT_EQ(d.by_municipality[1].label, "Musterstadt");
  EXPECT_EQ(d.by_municipality[0].buildings, 9u);
  double first_heating = 0.0;
  for (std::size_t k = 0; k < 9; ++k) first_heating += f.heating_kwh[k] / 1000.0;
  EXPECT_NEAR(d.by_municipality[0].space_heating_mwh_per_a, first_heating, 1e-9 * first_heating);
  EXPECT_NEAR(d.regions_space_heating_mwh_per_a, heating_mwh, 1e-9 * heating_mwh);
  // Use classes: office = buildings 0, 3, 6, 9, 12.
  const auto office = std::ranges::find(d.by_use_class, std::string("office"), &viz::InventoryRow::key);
  ASSERT_NE(office, d.by_use_class.end());
  EXPECT_EQ(office->buildings, 5u);
  EXPECT_NEAR(office->space_heating_mwh_per_a, (1 + 4 + 7 + 10 + 13) * 1.0 + 5 * 0.25e-3, 1e-9);
  EXPECT_EQ(office->hot_water_mwh_per_a, 0.0);
  // Age classes: unknown (age 0: buildings 0, 5, 10) comes last.
  EXPECT_EQ(d.by_age_class.back().key, "unknown");
  EXPECT_EQ(d.by_age_class.back().buildings, 3u);

  // Monthly sums: space heating by the regions' months, hot water by the hours of each month.
  double monthly_heating = 0.0, monthly_hot_water = 0.0;
  for (std::size_t m = 0; m < 12; ++m) {
    EXPECT_NEAR(d.monthly_space_heating_mwh[m], MONTH_SHARE[m] * heating_mwh, 1e-9 * heating_mwh) << m;
    monthly_heating += d.monthly_space_heating_mwh[m];
    monthly_hot_water += d.monthly_hot_water_mwh[m];
  }
  EXPECT_NEAR(monthly_heating, heating_mwh, 1e-9 * heating_mwh);
  EXPECT_NEAR(monthly_hot_water, hot_water_mwh, 1e-9 * hot_water_mwh);
  EXPECT_NEAR(d.monthly_hot_water_mwh[1], hot_water_mwh * 28.0 / 365.0, 1e-9 * hot_water_mwh);

  // Demand-weighted provenance: even-numbered buildings have typology U-values.
  double typology_kwh = 0.0;
  for (std::size_t k = 0; k < f.ids.size(); k += 2) typology_kwh += f.heating_kwh[k];
  ASSERT_FALSE(d.demand_provenance.empty());
  EXPECT_EQ(d.demand_provenance[0].attribute, "u_values");
  EXPECT_NEAR(d.demand_provenance[0].share[static_cast<std::size_t>(twin::Provenance::typology)],
              typology_kwh / sum_finite(f.heating_kwh), 1e-12);

  // The page shows the totals as computed here.
  const std::string html = viz::render_html_report(r, d);
  EXPECT_NE(html.find(viz::format_number(heating_mwh, 1)), std::string::npos) << viz::format_number(heating_mwh, 1);
  EXPECT_NE(html.find(viz::format_number(heating_mwh + hot_water_mwh, 1)), std::string::npos);
  EXPECT_NE(html.find(viz::format_number(area_m2, 0)), std::string::npos);
  EXPECT_NE(html.find("<h2>Inventory</h2>"), std::string::npos);
}

TEST_F(ReportTest, LoadDurationCurveIsMonotoneAndHoldsTheAnnualHeat) {
  const viz::Results r = viz::read_results(path("results.h5"));
  const viz::ReportData d = viz::compute_report_data(r, fixture_->twin);
  ASSERT_EQ(d.load_duration_mw.size(), HOURS);
  EXPECT_TRUE(d.load_duration_includes_hot_water);
  EXPECT_TRUE(std::is_sorted(d.load_duration_mw.begin(), d.load_duration_mw.end(), std::greater<>()));
  const double total_mwh = d.total.total_mwh_per_a();
  const double curve_mwh = std::accumulate(d.load_duration_mw.begin(), d.load_duration_mw.end(), 0.0);
  EXPECT_NEAR(curve_mwh, total_mwh, 1e-9 * total_mwh);
  // The peak is the largest hour of the summed series (hour 0 has the largest weight).
  double weight_sum = 0.0;
  for (std::size_t h = 0; h < HOURS; ++h) weight_sum += hour_weight(h);
  double peak_w = 0.0;
  for (std::size_t h = 0; h < HOURS; ++h) {
    peak_w = std::max(peak_w, 1000.0 * sum_finite(fixture_->heating_kwh) * hour_weight(h) / weight_sum +
                                  1000.0 * sum_finite(fixture_->hot_water_kwh) / HOURS);
  }
  EXPECT_NEAR(d.load_duration_mw.front(), peak_w / 1e6, 1e-9 * peak_w / 1e6);
  // Peak load and full-load hours by their one definition (twin/indicators.hpp), as the run prints them.
  EXPECT_NEAR(d.peak_load_mw, peak_w / 1e6, 1e-9 * peak_w / 1e6);
  EXPECT_NEAR(d.full_load_hours * d.peak_load_mw, total_mwh, 1e-9 * total_mwh);

  // The drawn curve: x grows and y (downwards on screen) never goes back up.
  const std::string html = viz::render_html_report(r, d);
  const auto svg = html.find("aria-label=\"load duration curve\"");
  ASSERT_NE(svg, std::string::npos);
  const auto path_at = html.find("<path d=\"", svg);
  const auto path_end = html.find('"', path_at + 9);
  const std::string path_d = html.substr(path_at + 9, path_end - path_at - 9);
  const std::regex point(R"(L([0-9.]+) ([0-9.]+))");
  std::vector<std::pair<double, double>> points;
  for (auto it = std::sregex_iterator(path_d.begin(), path_d.end(), point); it != std::sregex_iterator(); ++it)
    points.emplace_back(std::stod((*it)[1]), std::stod((*it)[2]));
  ASSERT_GT(points.size(), 500u);
  points.pop_back();  // closing segment down to the axis
  for (std::size_t k = 1; k < points.size(); ++k) {
    EXPECT_GE(points[k].first, points[k - 1].first) << k;
    EXPECT_GE(points[k].second, points[k - 1].second) << k;
  }
}

TEST_F(ReportTest, StringsFromTheDataAreEscaped) {
  Fixture f = make_fixture();
  WriteSpec spec;
  spec.scenario = "base<img onerror=x>";
  write_results(f, path("hostile.h5"), spec);
  const viz::Results r = viz::read_results(path("hostile.h5"));
  EXPECT_EQ(r.scenario, spec.scenario);
  const std::string html = viz::render_html_report(r, viz::compute_report_data(r, f.twin));
  std::string lower = html;
  std::ranges::transform(lower, lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  EXPECT_EQ(lower.find("<script"), std::string::npos);
  EXPECT_EQ(lower.find("<img"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Söhne"), std::string::npos);
  EXPECT_NE(html.find("base&lt;img onerror=x&gt;"), std::string::npos);
  EXPECT_NE(html.find("# &lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("data/&quot;twin&quot;.h5"), std::string::npos);
  EXPECT_EQ(viz::html_escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
}

TEST_F(ReportTest, PageReferencesNothingOutsideItself) {
  const viz::Results r = viz::read_results(path("results.h5"));
  const std::string html = viz::render_html_report(r, viz::compute_report_data(r, fixture_->twin));
  for (const char* needle : {"http://", "https://", "//", "src=", "<link", "url(", "@import", "<script", "<img",
                             "<iframe", "<object", "xlink:href"}) {
    // "//" only inside the CSP text is fine: there is none.
    EXPECT_EQ(html.find(needle), std::string::npos) << needle;
  }
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("</html>"), std::string::npos);
}

TEST_F(ReportTest, SparseCellsAreWithheldAndManyCellsAggregateToOneKilometre) {
  const Fixture& f = *fixture_;
  const viz::Results r = viz::read_results(path("results.h5"));
  const viz::ReportData d = viz::compute_report_data(r, f.twin);
  EXPECT_EQ(d.map_cell_size_m, 100u);
  ASSERT_EQ(d.map_cells.size(), 2u);  // cell 1 holds 2 buildings
  EXPECT_EQ(d.withheld_cells, 1u);
  EXPECT_EQ(d.withheld_buildings, 2u);
  EXPECT_EQ(d.map_cells[0].north_100m, CELLS[0][0]);
  EXPECT_EQ(d.map_cells[0].buildings, 6u);
  EXPECT_EQ(d.map_cells[1].buildings, 5u);  // building 13 is not computed
  double cell0_mwh = 0.0;
  for (std::size_t k = 0; k < 6; ++k)
    cell0_mwh += (f.heating_kwh[k] + (std::isfinite(f.hot_water_kwh[k]) ? f.hot_water_kwh[k] : 0.0)) / 1000.0;
  EXPECT_NEAR(d.map_cells[0].density_mwh_per_ha_a, cell0_mwh, 1e-9 * cell0_mwh);
  const auto expected_class = [](double density) {
    return static_cast<int>(std::ranges::upper_bound(viz::HEAT_DENSITY_CLASS_BOUNDS_MWH_PER_HA_A, density) -
                            viz::HEAT_DENSITY_CLASS_BOUNDS_MWH_PER_HA_A.begin());
  };
  for (const auto& c : d.map_cells) EXPECT_EQ(c.density_class, expected_class(c.density_mwh_per_ha_a));
  double withheld_mwh = 0.0;
  for (std::size_t k = 6; k < 8; ++k)
    withheld_mwh += (f.heating_kwh[k] + (std::isfinite(f.hot_water_kwh[k]) ? f.hot_water_kwh[k] : 0.0)) / 1000.0;
  EXPECT_NEAR(d.withheld_heat_mwh_per_a, withheld_mwh, 1e-9 * withheld_mwh);

  viz::ReportOptions coarse;
  coarse.max_map_cells_100m = 2;
  const viz::ReportData k = viz::compute_report_data(r, f.twin, coarse);
  EXPECT_EQ(k.map_cell_size_m, 1000u);
  ASSERT_EQ(k.map_cells.size(), 1u);  // all three cells lie in 1 km cell N2800 E4300
  EXPECT_EQ(k.withheld_cells, 0u);
  EXPECT_EQ(k.map_cells[0].north_100m, 28000u);
  EXPECT_EQ(k.map_cells[0].east_100m, 43000u);
  EXPECT_EQ(k.map_cells[0].buildings, 13u);
  EXPECT_NEAR(k.map_cells[0].density_mwh_per_ha_a, d.total.total_mwh_per_a() / 100.0, 1e-9 * d.total.total_mwh_per_a());
  EXPECT_NE(viz::render_html_report(r, k, coarse).find("summed into 1 km cells"), std::string::npos);
}

TEST_F(ReportTest, DensityMapFollowsTheRunsDemandBasis) {
  const Fixture& f = *fixture_;
  // Standard demand (no demand_basis attribute): the grid table's cells, labelled.
  const viz::Results standard = viz::read_results(path("results.h5"));
  const viz::ReportData s = viz::compute_report_data(standard, f.twin);
  EXPECT_EQ(s.map_basis, "standard_demand");
  EXPECT_NE(viz::render_html_report(standard, s).find("<b>Standard demand</b>: space heating + hot water per 100 m"),
            std::string::npos);
  // Expected consumption: the cells sum their buildings' expected heating + hot water.
  WriteSpec spec;
  spec.expected_consumption = true;
  write_results(f, path("expected.h5"), spec);
  const viz::Results expected = viz::read_results(path("expected.h5"));
  const viz::ReportData e = viz::compute_report_data(expected, f.twin);
  EXPECT_EQ(e.map_basis, "expected_consumption");
  ASSERT_EQ(e.map_cells.size(), 2u);
  double cell0_mwh = 0.0, withheld_mwh = 0.0;
  for (std::size_t k = 0; k < 8; ++k) {
    const double mwh =
        (0.8 * f.heating_kwh[k] + (std::isfinite(f.hot_water_kwh[k]) ? 0.9 * f.hot_water_kwh[k] : 0.0)) / 1000.0;
    (k < 6 ? cell0_mwh : withheld_mwh) += mwh;
  }
  EXPECT_NEAR(e.map_cells[0].density_mwh_per_ha_a, cell0_mwh, 1e-9 * cell0_mwh);
  EXPECT_NEAR(e.withheld_heat_mwh_per_a, withheld_mwh, 1e-9 * withheld_mwh);
  EXPECT_LT(e.map_cells[0].density_mwh_per_ha_a, s.map_cells[0].density_mwh_per_ha_a);
  const std::string html = viz::render_html_report(expected, e);
  EXPECT_NE(html.find("<b>Expected consumption</b> (the run's demand basis"), std::string::npos);
  EXPECT_NE(html.find("<title>heat density (expected consumption) per 100 m cell"), std::string::npos);
  // The 1 km aggregation keeps the basis: the one coarse cell holds all computed buildings' expected heat.
  viz::ReportOptions coarse;
  coarse.max_map_cells_100m = 2;
  const viz::ReportData k = viz::compute_report_data(expected, f.twin, coarse);
  ASSERT_EQ(k.map_cells.size(), 1u);
  EXPECT_NEAR(k.map_cells[0].density_mwh_per_ha_a * 100.0, e.expected_consumption_mwh_per_a,
              1e-9 * e.expected_consumption_mwh_per_a);
}

TEST_F(ReportTest, MonthlyRunsHaveNoLoadDurationCurve) {
  WriteSpec spec;
  spec.hourly_heating = false;
  write_results(*fixture_, path("monthly.h5"), spec);
  const viz::Results r = viz::read_results(path("monthly.h5"));
  const viz::ReportData d = viz::compute_report_data(r, fixture_->twin);
  EXPECT_TRUE(d.load_duration_mw.empty());
  const std::string html = viz::render_html_report(r, d);
  EXPECT_NE(html.find("no hourly space-heating series"), std::string::npos);
  EXPECT_EQ(html.find("aria-label=\"load duration curve\""), std::string::npos);
}

TEST_F(ReportTest, WritesAtomicallyAndRefusesAnotherTwin) {
  const viz::Results r = viz::read_results(path("results.h5"));
  const std::string out = path("report.html");
  viz::write_html_report(r, fixture_->twin, out);
  const std::string html = read_file(out);
  EXPECT_EQ(html, viz::render_html_report(r, viz::compute_report_data(r, fixture_->twin)));
  for (const auto& entry : fs::directory_iterator(dir_))
    EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();
  EXPECT_THROW(viz::write_html_report(r, fixture_->twin, path("no/such/folder/report.html")), IoError);
  EXPECT_FALSE(fs::exists(path("no/such/folder")));

  // A twin whose building ids differ at the results' twin rows: refused, naming file and building.
  Fixture other = make_fixture();
  other.twin.buildings.id.clear();
  for (std::size_t k = 0; k < 14; ++k) other.twin.buildings.id.push_back(fmt::format("OTHER{}", k));
  try {
    (void)viz::compute_report_data(r, other.twin);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("results.h5"), std::string::npos) << what;
    EXPECT_NE(what.find("DESN0000"), std::string::npos) << what;
    EXPECT_NE(what.find("--twin"), std::string::npos) << what;
  }
  twin::Twin small;
  EXPECT_THROW((void)viz::compute_report_data(r, small), InputError);
}

TEST_F(ReportTest, GridCellIdsThatAreNotInspire100mAreRefused) {
  WriteSpec spec;
  spec.bad_cell_id = true;
  write_results(*fixture_, path("bad_cell.h5"), spec);
  const viz::Results r = viz::read_results(path("bad_cell.h5"));
  try {
    (void)viz::compute_report_data(r, fixture_->twin);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("bad_cell.h5"), std::string::npos) << what;
    EXPECT_NE(what.find("CRS3035RES1kmN2800E4300"), std::string::npos) << what;
  }
}

TEST(FormatNumber, GroupsThousandsAndRounds) {
  EXPECT_EQ(viz::format_number(1234567.891, 1), "1,234,567.9");
  EXPECT_EQ(viz::format_number(999.96, 1), "1,000.0");
  EXPECT_EQ(viz::format_number(-1234.4, 0), "-1,234");
  EXPECT_EQ(viz::format_number(-0.01, 1), "0.0");
  EXPECT_EQ(viz::format_number(12, 0), "12");
  EXPECT_EQ(viz::format_number(std::nan(""), 1), "–");
}

}  // namespace
