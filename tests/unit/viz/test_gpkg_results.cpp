// The results GeoPackage (viz/gpkg_results.hpp) on a tiny twin whose answers are known by
// construction, read back with GDAL: layers, counts, fields, CRS, the privacy rule and the heat
// line density of two buildings beside one 100 m street.
#include "viz/gpkg_results.hpp"

#include "tests/unit/validation_line.hpp"
#include "tests/unit/viz/gdal_read.hpp"
#include "tests/unit/viz/tiny_results.hpp"
#include "twin/error.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <unistd.h>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

namespace fs = std::filesystem;
using namespace heattwin;

namespace {

using Dataset = test::GdalDataset;

Dataset open_vector(const std::string& path) { return test::open_gdal(path, GDAL_OF_VECTOR); }

class GpkgResultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("heattwin_gpkg_results_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    tiny_ = test::write_tiny_results(dir_.string());
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string file(const char* name) const { return (dir_ / name).string(); }

  fs::path dir_;
  test::TinyResults tiny_;
};

std::vector<std::string> field_names(OGRLayer* layer) {
  std::vector<std::string> names;
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) names.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
  return names;
}

std::string epsg(OGRLayer* layer) {
  const OGRSpatialReference* srs = layer->GetSpatialRef();
  if (srs == nullptr) return "none";
  const char* code = srs->GetAuthorityCode(nullptr);
  return code != nullptr ? code : "?";
}

TEST_F(GpkgResultsTest, LayersFieldsCountsAndCrs) {
  const viz::Results r = viz::read_results(tiny_.path);
  const auto report = viz::write_results_gpkg(r, tiny_.twin, file("out.gpkg"));
  EXPECT_EQ(report.layers, (std::vector<std::string>{"grid_100m", "street_segments", "network_pipes"}));
  EXPECT_FALSE(report.supply_areas);
  for (const auto& entry : fs::directory_iterator(dir_))
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();

  Dataset ds = open_vector(file("out.gpkg"));
  ASSERT_TRUE(ds);
  EXPECT_EQ(ds->GetLayerCount(), 3);
  EXPECT_EQ(ds->GetLayerByName("buildings"), nullptr) << "buildings only on request";
  EXPECT_EQ(ds->GetLayerByName("supply_areas"), nullptr);

  OGRLayer* grid = ds->GetLayerByName("grid_100m");
  ASSERT_NE(grid, nullptr);
  EXPECT_EQ(epsg(grid), "3035");
  EXPECT_EQ(grid->GetFeatureCount(), static_cast<GIntBig>(r.grid.rows()));
  EXPECT_EQ(field_names(grid), (std::vector<std::string>{"cell_id", "heat_mwh_per_a", "heat_density_mwh_per_ha_a",
                                                         "density_class", "buildings", "withheld"}));
  OGRLayer* streets = ds->GetLayerByName("street_segments");
  ASSERT_NE(streets, nullptr);
  EXPECT_EQ(epsg(streets), "25832");
  EXPECT_EQ(streets->GetFeatureCount(), 1);
  EXPECT_EQ(field_names(streets),
            (std::vector<std::string>{"segment", "length_m", "heat_mwh_per_a", "heat_line_density_mwh_per_m_a",
                                      "buildings", "withheld", "ags"}));
  OGRLayer* pipes = ds->GetLayerByName("network_pipes");
  ASSERT_NE(pipes, nullptr);
  EXPECT_EQ(epsg(pipes), "25832");
  ASSERT_EQ(pipes->GetFeatureCount(), 1);
  std::unique_ptr<OGRFeature> pipe(pipes->GetNextFeature());
  EXPECT_STREQ(pipe->GetFieldAsString("id"), "p1");
  EXPECT_STREQ(pipe->GetFieldAsString("network"), "net");
  EXPECT_DOUBLE_EQ(pipe->GetFieldAsDouble("v_mean_m_per_s"), 0.5);
  EXPECT_DOUBLE_EQ(pipe->GetGeometryRef()->toLineString()->get_Length(), 100.0);
}

TEST_F(GpkgResultsTest, GridCellsCarryDensityAndWithholdSmallCells) {
  const viz::Results r = viz::read_results(tiny_.path);
  (void)viz::write_results_gpkg(r, tiny_.twin, file("out.gpkg"));
  Dataset ds = open_vector(file("out.gpkg"));
  OGRLayer* grid = ds->GetLayerByName("grid_100m");
  ASSERT_NE(grid, nullptr);
  // Expected per cell from the twin's own cell assignment.
  std::map<std::string, std::pair<int, double>> expected;
  for (std::size_t b = 0; b < tiny_.twin.buildings.size(); ++b) {
    auto& e = expected[tiny_.twin.grid.cell_id(tiny_.twin.buildings.grid_cell[b])];
    ++e.first;
    e.second += tiny_.heat_mwh_per_a[b];
  }
  int withheld = 0, shown = 0;
  grid->ResetReading();
  for (std::unique_ptr<OGRFeature> f(grid->GetNextFeature()); f; f.reset(grid->GetNextFeature())) {
    const std::string id = f->GetFieldAsString("cell_id");
    ASSERT_TRUE(expected.contains(id)) << id;
    const auto [count, heat] = expected.at(id);
    EXPECT_EQ(f->GetFieldAsInteger("buildings"), count) << id;
    if (count < 5) {
      ++withheld;
      EXPECT_EQ(f->GetFieldAsInteger("withheld"), 1) << id;
      EXPECT_TRUE(f->IsFieldNull(f->GetFieldIndex("heat_mwh_per_a"))) << id;
      EXPECT_TRUE(f->IsFieldNull(f->GetFieldIndex("heat_density_mwh_per_ha_a"))) << id;
    } else {
      ++shown;
      EXPECT_EQ(f->GetFieldAsInteger("withheld"), 0) << id;
      EXPECT_NEAR(f->GetFieldAsDouble("heat_mwh_per_a"), heat, 1e-9) << id;
      EXPECT_NEAR(f->GetFieldAsDouble("heat_density_mwh_per_ha_a"), heat, 1e-9) << id;  // 1 cell = 1 ha
      EXPECT_STREQ(f->GetFieldAsString("density_class"), "70-175") << id;               // 6 × 20 MWh
    }
    // The polygon is the 100 m square named by the id, in EPSG:3035.
    OGREnvelope env;
    f->GetGeometryRef()->getEnvelope(&env);
    EXPECT_EQ(id, fmt::format("CRS3035RES100mN{:.0f}E{:.0f}", env.MinY, env.MinX));
    EXPECT_DOUBLE_EQ(env.MaxX - env.MinX, 100.0);
    EXPECT_DOUBLE_EQ(env.MaxY - env.MinY, 100.0);
  }
  EXPECT_EQ(shown, 1) << "the cluster of six buildings";
  EXPECT_GE(withheld, 1);

  // A lower threshold publishes every cell.
  viz::GpkgResultsOptions o;
  o.privacy_min_buildings = 1;
  const auto report = viz::write_results_gpkg(r, tiny_.twin, file("all.gpkg"), o);
  EXPECT_EQ(report.grid_cells_withheld, 0u);
}

TEST_F(GpkgResultsTest, HeatLineDensityOfTwoBuildingsBesideA100mStreet) {
  const viz::Results r = viz::read_results(tiny_.path);
  viz::GpkgResultsOptions o;
  o.privacy_min_buildings = 2;
  o.street_max_distance_m = 100.0;
  const auto report = viz::write_results_gpkg(r, tiny_.twin, file("out.gpkg"), o);
  // near_a (30 MWh/a) and near_b (50 MWh/a) are 10 m from the street; "far" and the cluster
  // (300+ m away) are not assigned.
  EXPECT_EQ(report.buildings_on_streets, 2u);
  EXPECT_EQ(report.buildings_unassigned, 7u);
  EXPECT_NEAR(report.unassigned_heat_mwh_per_a, 7.0 + 6 * 20.0, 1e-9);
  Dataset ds = open_vector(file("out.gpkg"));
  OGRLayer* streets = ds->GetLayerByName("street_segments");
  std::unique_ptr<OGRFeature> f(streets->GetNextFeature());
  ASSERT_TRUE(f);
  EXPECT_EQ(f->GetFieldAsInteger("buildings"), 2);
  EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("length_m"), 100.0);
  EXPECT_NEAR(f->GetFieldAsDouble("heat_mwh_per_a"), 80.0, 1e-9);
  const double density = f->GetFieldAsDouble("heat_line_density_mwh_per_m_a");
  heattwin::test::ValidationLine("gpkg", "street_two_buildings", "heat_line_density_mwh_per_m_a")
      .field("expected", 0.8)
      .field("got", density, 12)
      .at_most("abs_err", std::abs(density - 0.8), 1e-12);

  // With the default privacy minimum (5) the two-building street is withheld.
  (void)viz::write_results_gpkg(r, tiny_.twin, file("private.gpkg"));
  Dataset ds2 = open_vector(file("private.gpkg"));
  std::unique_ptr<OGRFeature> g(ds2->GetLayerByName("street_segments")->GetNextFeature());
  EXPECT_EQ(g->GetFieldAsInteger("withheld"), 1);
  EXPECT_TRUE(g->IsFieldNull(g->GetFieldIndex("heat_line_density_mwh_per_m_a")));

  // A 1 km radius reaches every building (far: 500 m, the cluster: ≈ 340 m).
  o.street_max_distance_m = 1000.0;
  const auto wide = viz::write_results_gpkg(r, tiny_.twin, file("wide.gpkg"), o);
  EXPECT_EQ(wide.buildings_unassigned, 0u);
}

TEST_F(GpkgResultsTest, OptionalBuildingsLayerHasFootprintsAndResults) {
  const viz::Results r = viz::read_results(tiny_.path);
  viz::GpkgResultsOptions o;
  o.buildings_layer = true;
  const auto report = viz::write_results_gpkg(r, tiny_.twin, file("out.gpkg"), o);
  EXPECT_EQ(report.buildings, 9u);
  Dataset ds = open_vector(file("out.gpkg"));
  OGRLayer* b = ds->GetLayerByName("buildings");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(epsg(b), "25832");
  EXPECT_EQ(b->GetFeatureCount(), 9);
  std::unique_ptr<OGRFeature> f(b->GetNextFeature());
  EXPECT_STREQ(f->GetFieldAsString("id"), "near_a");
  EXPECT_NEAR(f->GetFieldAsDouble("heat_mwh_per_a"), 30.0, 1e-12);
  EXPECT_NEAR(f->GetFieldAsDouble("specific_heat_kwh_per_m2_a"), 300.0, 1e-9);
  EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("annual_heating_kwh"), 25000.0);
  EXPECT_NEAR(f->GetGeometryRef()->toPolygon()->get_Area(), 36.0, 1e-9);
}

TEST_F(GpkgResultsTest, ReplacesAnExistingFileAndReportsUnwritableFolders) {
  const viz::Results r = viz::read_results(tiny_.path);
  { std::ofstream(file("out.gpkg")) << "not a GeoPackage"; }
  (void)viz::write_results_gpkg(r, tiny_.twin, file("out.gpkg"));
  Dataset ds = open_vector(file("out.gpkg"));
  ASSERT_TRUE(ds);
  EXPECT_NE(ds->GetLayerByName("grid_100m"), nullptr);
  try {
    (void)viz::write_results_gpkg(r, tiny_.twin, file("no_such_folder/out.gpkg"));
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("no_such_folder/out.gpkg"), std::string::npos) << e.what();
  }
}

TEST_F(GpkgResultsTest, ResultsOfAnotherTwinAreRefusedWithoutOutput) {
  const viz::Results r = viz::read_results(tiny_.path);
  twin::Twin other = tiny_.twin;
  other.buildings.id = twin::StringColumn{};
  for (std::size_t i = 0; i < tiny_.twin.buildings.size(); ++i) other.buildings.id.push_back("x" + std::to_string(i));
  try {
    (void)viz::write_results_gpkg(r, other, file("bad.gpkg"));
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("near_a"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(file("bad.gpkg")));
  viz::GpkgResultsOptions o;
  o.street_max_distance_m = -1.0;
  EXPECT_THROW((void)viz::write_results_gpkg(r, tiny_.twin, file("bad.gpkg"), o), InputError);
}

}  // namespace

namespace {
/// Sub-area tables built in memory: cells given as (north, east) in units of 100 m with their
/// sub-area; two sub-areas: a ring of 8 cells around an empty centre (a polygon with a hole) and
/// an L of 3 cells touching the ring at one corner only (another feature, not merged).
void add_sub_areas(viz::Results& r) {
  const std::vector<std::array<std::uint32_t, 3>> cells = {{100, 200, 0}, {100, 201, 0}, {100, 202, 0}, {101, 200, 0},
                                                           {101, 202, 0}, {102, 200, 0}, {102, 201, 0}, {102, 202, 0},
                                                           {103, 203, 1}, {104, 203, 1}, {104, 204, 1}};
  r.supply_areas = {};
  r.supply_area_clusters = {};
  for (const auto& [n, e, c] : cells) {
    r.supply_areas.id.push_back(fmt::format("CRS3035RES100mN{}E{}", n * 100, e * 100));
    r.supply_areas.columns["cluster"].push_back(c);
  }
  viz::ResultsTable& t = r.supply_area_clusters;
  t.id = {"0", "1"};
  t.text["type"] = {"heat_network", "decentralised"};
  t.text["heat_network_grade"] = {"likely_suited", "very_likely_unsuited"};
  t.text["hydrogen_grade"] = {"very_likely_unsuited", "very_likely_unsuited"};
  t.text["decentralised_grade"] = {"likely_unsuited", "very_likely_suited"};
  t.text["reasons"] = {"HD_BAND_4", "HD_BAND_1;PRIVACY_WITHHELD"};
  t.columns["cells"] = {8, 3};
  t.columns["buildings"] = {40, 3};
  t.columns["withheld"] = {0, 1};
  t.columns["heat_demand_mwh"] = {4000, 60};
  t.columns["area_ha"] = {8, 3};
  t.columns["heat_density_mwh_per_ha_a"] = {500, 20};
  t.columns["line_density_mwh_per_m_a"] = {0, 0};
  t.columns["lcoh_network_eur_per_mwh"] = {140, 140};
  t.columns["lcoh_individual_eur_per_mwh"] = {150, 150};
  t.where = "memory";
}
}  // namespace

TEST_F(GpkgResultsTest, SupplySubAreasAreDissolvedIntoValidPolygonsWithHoles) {
  viz::Results r = viz::read_results(tiny_.path);
  add_sub_areas(r);
  const auto report = viz::write_results_gpkg(r, tiny_.twin, file("areas.gpkg"));
  EXPECT_EQ(report.supply_area_clusters, 2U);
  EXPECT_EQ(report.supply_area_clusters_withheld, 1U);
  Dataset ds = open_vector(file("areas.gpkg"));
  ASSERT_TRUE(ds);
  OGRLayer* layer = ds->GetLayerByName("supply_area_clusters");
  ASSERT_NE(layer, nullptr);
  EXPECT_EQ(epsg(layer), "3035");
  EXPECT_EQ(wkbFlatten(layer->GetGeomType()), wkbMultiPolygon);
  ASSERT_EQ(layer->GetFeatureCount(), 2);
  layer->ResetReading();
  std::unique_ptr<OGRFeature> ring(layer->GetNextFeature());
  std::unique_ptr<OGRFeature> ell(layer->GetNextFeature());
  ASSERT_TRUE(ring && ell);
  for (OGRFeature* f : {ring.get(), ell.get()}) {
    const OGRGeometry* g = f->GetGeometryRef();
    ASSERT_NE(g, nullptr);
    EXPECT_TRUE(g->IsValid());
    const double area_m2 = g->toMultiPolygon()->get_Area();
    EXPECT_DOUBLE_EQ(area_m2, 10000.0 * f->GetFieldAsInteger("cells"));
    EXPECT_EQ(g->toMultiPolygon()->getNumGeometries(), 1);  // one edge-connected piece
  }
  // The ring: one polygon with the empty centre as its hole; the outer boundary 300 m × 300 m.
  const OGRPolygon* p = ring->GetGeometryRef()->toMultiPolygon()->getGeometryRef(0);
  EXPECT_EQ(p->getNumInteriorRings(), 1);
  OGREnvelope env;
  p->getEnvelope(&env);
  EXPECT_DOUBLE_EQ(env.MinX, 20000.0);
  EXPECT_DOUBLE_EQ(env.MaxY, 10300.0);
  EXPECT_STREQ(ring->GetFieldAsString("type"), "heat_network");
  EXPECT_EQ(ring->GetFieldAsInteger("withheld"), 0);
  // The L of 3 buildings: withheld by the run → class and heat NULL, geometry kept.
  EXPECT_EQ(ell->GetFieldAsInteger("withheld"), 1);
  EXPECT_TRUE(ell->IsFieldNull(ell->GetFieldIndex("type")));
  EXPECT_TRUE(ell->IsFieldNull(ell->GetFieldIndex("heat_mwh_per_a")));
  EXPECT_EQ(ell->GetFieldAsInteger("buildings"), 3);
}

TEST_F(GpkgResultsTest, SupplySubAreasBelowTheExportMinimumAreWithheld) {
  viz::Results r = viz::read_results(tiny_.path);
  add_sub_areas(r);
  viz::GpkgResultsOptions o;
  o.privacy_min_buildings = 50;  // stricter than the run's: the 40-building ring is withheld too
  const auto report = viz::write_results_gpkg(r, tiny_.twin, file("strict.gpkg"), o);
  EXPECT_EQ(report.supply_area_clusters_withheld, 2U);
}
