#include "twin/gpkg_export.hpp"

#include "twin/error.hpp"
#include "twin/gdal_session.hpp"
#include "twin/log.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <unistd.h>

namespace heattwin::twin {
namespace {

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

/// Removes the temporary file (and SQLite side files) unless released.
class TempFileGuard {
 public:
  explicit TempFileGuard(std::string path) : path_(std::move(path)) { remove_all(); }
  ~TempFileGuard() {
    if (!path_.empty()) remove_all();
  }
  TempFileGuard(const TempFileGuard&) = delete;
  TempFileGuard& operator=(const TempFileGuard&) = delete;
  void release() { path_.clear(); }

 private:
  void remove_all() const {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::remove((path_ + suffix).c_str());
  }
  std::string path_;
};

std::string last_gdal_error() {
  const char* msg = CPLGetLastErrorMsg();
  return msg != nullptr && *msg != '\0' ? std::string(msg) : std::string("no GDAL detail");
}

}  // namespace

void export_footprints_gpkg(const Twin& twin, const std::string& path, const GpkgExportOptions& options) {
  ensure_gdal_initialised();
  auto log = logger("twin.gpkg");
  const auto t0 = std::chrono::steady_clock::now();
  const BuildingSet& b = twin.buildings;
  const std::size_t n = b.size();
  HEATTWIN_CHECK(b.footprints.polygon_count() == n, "{}: the twin has {} footprints for {} buildings; cannot export",
                 path, b.footprints.polygon_count(), n);

  OGRSpatialReference srs;
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  HEATTWIN_CHECK(srs.SetFromUserInput(twin.crs.c_str()) == OGRERR_NONE, "{}: unknown twin CRS '{}'", path, twin.crs);

  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  if (driver == nullptr) throw IoError(fmt::format("{}: GDAL has no GPKG driver", path));
  const std::string temp = fmt::format("{}.tmp-{}.gpkg", path, ::getpid());
  TempFileGuard guard(temp);
  CPLErrorReset();
  DatasetPtr ds(driver->Create(temp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw IoError(fmt::format("{}: cannot create the GeoPackage ({}); is the folder writable?", path, last_gdal_error()));

  const std::string spatial_index = options.spatial_index ? "SPATIAL_INDEX=YES" : "SPATIAL_INDEX=NO";
  const char* layer_options[] = {"GEOMETRY_NAME=geom", "FID=fid", spatial_index.c_str(), nullptr};
  OGRLayer* layer = ds->CreateLayer(options.layer.c_str(), &srs, wkbPolygon, const_cast<char**>(layer_options));
  if (layer == nullptr) throw IoError(fmt::format("{}: cannot create layer '{}' ({})", path, options.layer, last_gdal_error()));

  struct FieldSpec {
    const char* name;
    OGRFieldType type;
    int width;
  };
  constexpr FieldSpec FIELDS[] = {{"id", OFTString, 0},      {"height_m", OFTReal, 0},  {"storeys", OFTInteger, 0},
                                  {"year", OFTInteger, 0},   {"function", OFTString, 10}, {"ags", OFTString, 8}};
  for (const auto& f : FIELDS) {
    OGRFieldDefn defn(f.name, f.type);
    if (f.width > 0) defn.SetWidth(f.width);
    if (layer->CreateField(&defn) != OGRERR_NONE)
      throw IoError(fmt::format("{}: cannot create field '{}' ({})", path, f.name, last_gdal_error()));
  }
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  const int f_id = defn->GetFieldIndex("id");
  const int f_height = defn->GetFieldIndex("height_m");
  const int f_storeys = defn->GetFieldIndex("storeys");
  const int f_year = defn->GetFieldIndex("year");
  const int f_function = defn->GetFieldIndex("function");
  const int f_ags = defn->GetFieldIndex("ags");

  if (ds->StartTransaction() != OGRERR_NONE)
    throw IoError(fmt::format("{}: cannot start a transaction ({})", path, last_gdal_error()));
  const auto& fp = b.footprints;
  const auto& municipalities = twin.regions.municipalities;
  OGRFeature feature(defn);
  std::string text;
  for (std::size_t i = 0; i < n; ++i) {
    feature.SetFID(OGRNullFID);
    const std::string_view id = b.id[i];
    text.assign(id.begin(), id.end());
    feature.SetField(f_id, text.c_str());
    if (std::isfinite(b.height_m[i])) feature.SetField(f_height, b.height_m[i]);
    else feature.SetFieldNull(f_height);
    if (b.storeys[i] > 0) feature.SetField(f_storeys, static_cast<int>(b.storeys[i]));
    else feature.SetFieldNull(f_storeys);
    if (b.year_of_construction[i] > 0) feature.SetField(f_year, static_cast<int>(b.year_of_construction[i]));
    else feature.SetFieldNull(f_year);
    if (b.alkis_function[i] > 0) {
      char code[16];
      std::snprintf(code, sizeof code, "31001_%04u", static_cast<unsigned>(b.alkis_function[i]));
      feature.SetField(f_function, code);
    } else {
      feature.SetFieldNull(f_function);
    }
    if (b.municipality[i] < municipalities.size()) feature.SetField(f_ags, municipalities[b.municipality[i]].ags.c_str());
    else feature.SetFieldNull(f_ags);

    const auto r0 = fp.ring_begin[i], r1 = fp.ring_begin[i + 1];
    if (r1 > r0) {
      auto polygon = std::make_unique<OGRPolygon>();
      for (auto r = r0; r < r1; ++r) {
        const auto v0 = fp.vertex_begin[r], v1 = fp.vertex_begin[r + 1];
        OGRLinearRing ring;
        ring.setNumPoints(static_cast<int>(v1 - v0 + 1), FALSE);
        for (auto v = v0; v < v1; ++v) ring.setPoint(static_cast<int>(v - v0), fp.x_m[v], fp.y_m[v]);
        ring.setPoint(static_cast<int>(v1 - v0), fp.x_m[v0], fp.y_m[v0]);  // GeoPackage rings are closed
        polygon->addRing(&ring);
      }
      feature.SetGeometryDirectly(polygon.release());
    } else {
      feature.SetGeometryDirectly(nullptr);
    }
    if (layer->CreateFeature(&feature) != OGRERR_NONE)
      throw IoError(fmt::format("{}: writing building '{}' failed ({})", path, id, last_gdal_error()));
    if (options.progress && (i + 1) % 65536 == 0) options.progress(i + 1, n);
  }
  if (ds->CommitTransaction() != OGRERR_NONE)
    throw IoError(fmt::format("{}: committing the features failed ({})", path, last_gdal_error()));
  ds.reset();  // closes the file and builds the spatial index
  if (options.progress) options.progress(n, n);

  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) throw IoError(fmt::format("{}: cannot move the finished GeoPackage into place ({})", path, ec.message()));
  guard.release();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  log->info("wrote {} building footprints to {} in {:.2f} s ({:.0f} features/s)", n, path, seconds,
            seconds > 0 ? static_cast<double>(n) / seconds : 0.0);
}

}  // namespace heattwin::twin
