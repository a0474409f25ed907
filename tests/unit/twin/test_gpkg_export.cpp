// Tests of the GeoPackage footprint export (twin/gpkg_export.hpp), read back with GDAL.

#include "twin/gpkg_export.hpp"

#include "tests/unit/twin/twin_fixtures.hpp"
#include "twin/error.hpp"
#include "twin/synthetic_state.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

namespace heattwin::twin {
namespace {

struct Closer {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using Dataset = std::unique_ptr<GDALDataset, Closer>;

Dataset open_vector(const std::string& path) {
  return Dataset(static_cast<GDALDataset*>(
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
}

Twin small_state() {
  SyntheticStateOptions o;
  o.seed = 2;
  o.building_count = 3000;
  o.municipality_table = std::string(HEATTWIN_SOURCE_DATA_DIR) + "/regions/sachsen_anhalt_municipalities.csv";
  return generate_synthetic_state(o);
}

TEST(GpkgExport, WritesEveryFootprintWithFieldsAndCrs) {
  const Twin t = small_state();
  test::TempDir dir;
  const std::string path = dir.file("footprints.gpkg");
  export_footprints_gpkg(t, path);
  ASSERT_TRUE(std::filesystem::exists(path));
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    EXPECT_EQ(entry.path().filename(), "footprints.gpkg") << "left-over temporary file";

  Dataset ds = open_vector(path);
  ASSERT_TRUE(ds);
  OGRLayer* layer = ds->GetLayerByName("buildings");
  ASSERT_NE(layer, nullptr);
  EXPECT_EQ(layer->GetFeatureCount(), static_cast<GIntBig>(t.buildings.size()));
  const OGRSpatialReference* srs = layer->GetSpatialRef();
  ASSERT_NE(srs, nullptr);
  EXPECT_STREQ(srs->GetAuthorityCode(nullptr), "25832");
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  EXPECT_EQ(defn->GetFieldDefn(defn->GetFieldIndex("id"))->GetType(), OFTString);
  EXPECT_EQ(defn->GetFieldDefn(defn->GetFieldIndex("height_m"))->GetType(), OFTReal);
  EXPECT_EQ(defn->GetFieldDefn(defn->GetFieldIndex("storeys"))->GetType(), OFTInteger);
  EXPECT_EQ(defn->GetFieldDefn(defn->GetFieldIndex("year"))->GetType(), OFTInteger);
  EXPECT_EQ(defn->GetFieldDefn(defn->GetFieldIndex("function"))->GetType(), OFTString);
  EXPECT_EQ(defn->GetFieldDefn(defn->GetFieldIndex("ags"))->GetType(), OFTString);

  const auto& b = t.buildings;
  std::size_t i = 0;
  layer->ResetReading();
  for (auto& f : *layer) {
    ASSERT_LT(i, b.size());
    EXPECT_EQ(std::string(f->GetFieldAsString("id")), std::string(b.id[i]));
    EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("height_m"), b.height_m[i]);
    EXPECT_EQ(f->GetFieldAsInteger("storeys"), b.storeys[i]);
    EXPECT_EQ(f->GetFieldAsInteger("year"), b.year_of_construction[i]);
    EXPECT_EQ(std::string(f->GetFieldAsString("function")), fmt::format("31001_{}", b.alkis_function[i]));
    EXPECT_EQ(std::string(f->GetFieldAsString("ags")), t.regions.municipalities[b.municipality[i]].ags);
    const OGRGeometry* g = f->GetGeometryRef();
    ASSERT_NE(g, nullptr);
    ASSERT_EQ(wkbFlatten(g->getGeometryType()), wkbPolygon);
    EXPECT_NEAR(g->toPolygon()->get_Area(), b.footprint_area_m2[i], 1e-6 * b.footprint_area_m2[i]);
    ++i;
  }
  EXPECT_EQ(i, b.size());
}

TEST(GpkgExport, UnknownValuesBecomeNullAndFileIsReplaced) {
  Twin t = test::make_small_twin(5);  // alkis_function 0 (unknown)
  t.buildings.height_m[1] = std::numeric_limits<double>::quiet_NaN();
  test::TempDir dir;
  const std::string path = dir.file("small.gpkg");
  export_footprints_gpkg(t, path);
  export_footprints_gpkg(t, path);  // replaces the first file
  Dataset ds = open_vector(path);
  ASSERT_TRUE(ds);
  OGRLayer* layer = ds->GetLayer(0);
  EXPECT_EQ(layer->GetFeatureCount(), 5);
  std::unique_ptr<OGRFeature> f(layer->GetFeature(2));  // FIDs start at 1
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->IsFieldNull(f->GetFieldIndex("height_m")));
  EXPECT_TRUE(f->IsFieldNull(f->GetFieldIndex("function")));
  EXPECT_EQ(std::string(f->GetFieldAsString("ags")), "15003000");
}

TEST(GpkgExport, UnwritableFolderIsAnIoErrorAndLeavesNoFile) {
  const Twin t = test::make_small_twin(2);
  EXPECT_THROW(export_footprints_gpkg(t, "/nonexistent-folder/x.gpkg"), IoError);
  EXPECT_FALSE(std::filesystem::exists("/nonexistent-folder/x.gpkg"));
}

}  // namespace
}  // namespace heattwin::twin
