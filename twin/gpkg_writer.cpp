#include "twin/gpkg_writer.hpp"

#include "twin/atomic_file.hpp"
#include "twin/error.hpp"
#include "twin/gdal_session.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace heattwin::twin {
namespace {

OGRLinearRing closed_ring(std::span<const double> x, std::span<const double> y) {
  OGRLinearRing ring;
  const auto n = static_cast<int>(x.size());
  ring.setNumPoints(n + 1, FALSE);
  for (int v = 0; v < n; ++v) ring.setPoint(v, x[static_cast<std::size_t>(v)], y[static_cast<std::size_t>(v)]);
  ring.setPoint(n, x[0], y[0]);  // GeoPackage rings are closed
  return ring;
}

OGRFieldType ogr_type(GpkgFieldType type) {
  switch (type) {
    case GpkgFieldType::integer:
      return OFTInteger;
    case GpkgFieldType::integer64:
      return OFTInteger64;
    case GpkgFieldType::real:
      return OFTReal;
    case GpkgFieldType::string:
      return OFTString;
  }
  return OFTString;
}

}  // namespace

struct GpkgWriter::Impl {
  std::optional<AtomicFile> temp;
  GdalDatasetPtr ds;
  OGRLayer* layer = nullptr;
  std::string layer_name;
  std::unique_ptr<OGRFeature> feature;
};

GpkgWriter::GpkgWriter(std::string path) : path_(std::move(path)), impl_(std::make_unique<Impl>()) {
  ensure_gdal_initialised();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  if (driver == nullptr) throw IoError(fmt::format("{}: GDAL has no GPKG driver", path_));
  // SQLite may leave its journal files beside the temporary GeoPackage; they go with it.
  impl_->temp.emplace(path_, ".gpkg", std::vector<std::string>{"-journal", "-wal", "-shm"});
  CPLErrorReset();
  impl_->ds.reset(driver->Create(impl_->temp->temp_path().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!impl_->ds)
    throw IoError(
        fmt::format("{}: cannot create the GeoPackage ({}); is the folder writable?", path_, last_gdal_error()));
}

GpkgWriter::~GpkgWriter() {
  if (impl_ && impl_->temp && impl_->temp->is_pending()) {
    impl_->feature.reset();
    impl_->ds.reset();  // GDAL closes the temporary file before it is removed
    impl_->temp->discard();
  }
}

void GpkgWriter::begin_layer(const GpkgLayerSpec& spec) {
  HEATTWIN_ASSERT(impl_->layer == nullptr && impl_->ds);
  OGRSpatialReference srs;
  set_srs(srs, spec.crs, fmt::format("{}: layer '{}'", path_, spec.name));
  const std::string spatial_index = spec.spatial_index ? "SPATIAL_INDEX=YES" : "SPATIAL_INDEX=NO";
  const std::string description = "DESCRIPTION=" + spec.description;
  std::vector<const char*> options{"GEOMETRY_NAME=geom", "FID=fid", spatial_index.c_str()};
  if (!spec.description.empty()) options.push_back(description.c_str());
  options.push_back(nullptr);
  const OGRwkbGeometryType geometry = spec.geometry == GpkgGeometryType::polygon         ? wkbPolygon
                                      : spec.geometry == GpkgGeometryType::multi_polygon ? wkbMultiPolygon
                                                                                         : wkbLineString;
  CPLErrorReset();
  OGRLayer* layer = impl_->ds->CreateLayer(spec.name.c_str(), &srs, geometry, const_cast<char**>(options.data()));
  if (layer == nullptr)
    throw IoError(fmt::format("{}: cannot create layer '{}' ({})", path_, spec.name, last_gdal_error()));
  for (const auto& f : spec.fields) {
    OGRFieldDefn defn(f.name.c_str(), ogr_type(f.type));
    if (f.width > 0) defn.SetWidth(f.width);
    if (layer->CreateField(&defn) != OGRERR_NONE)
      throw IoError(
          fmt::format("{}: layer '{}': cannot create field '{}' ({})", path_, spec.name, f.name, last_gdal_error()));
  }
  if (impl_->ds->StartTransaction() != OGRERR_NONE)
    throw IoError(fmt::format("{}: layer '{}': cannot start a transaction ({})", path_, spec.name, last_gdal_error()));
  impl_->layer = layer;
  impl_->layer_name = spec.name;
  impl_->feature = std::make_unique<OGRFeature>(layer->GetLayerDefn());
}

void GpkgWriter::end_layer() {
  HEATTWIN_ASSERT(impl_->layer != nullptr);
  if (impl_->ds->CommitTransaction() != OGRERR_NONE)
    throw IoError(fmt::format("{}: layer '{}': committing the features failed ({})", path_, impl_->layer_name,
                              last_gdal_error()));
  impl_->feature.reset();
  impl_->layer = nullptr;
}

void GpkgWriter::set_real(int field, double value) {
  if (std::isfinite(value))
    impl_->feature->SetField(field, value);
  else
    impl_->feature->SetFieldNull(field);
}

void GpkgWriter::set_integer(int field, std::int64_t value) {
  impl_->feature->SetField(field, static_cast<GIntBig>(value));
}

void GpkgWriter::set_string(int field, std::string_view value) {
  impl_->feature->SetField(field, std::string(value).c_str());
}

void GpkgWriter::set_null(int field) { impl_->feature->SetFieldNull(field); }

void GpkgWriter::set_polygon(const PolygonSet& polygons, std::size_t p) {
  const auto r0 = polygons.ring_begin[p], r1 = polygons.ring_begin[p + 1];
  if (r1 == r0) {
    impl_->feature->SetGeometryDirectly(nullptr);
    return;
  }
  auto polygon = std::make_unique<OGRPolygon>();
  for (auto r = r0; r < r1; ++r) {
    const auto v0 = polygons.vertex_begin[r], v1 = polygons.vertex_begin[r + 1];
    OGRLinearRing ring =
        closed_ring(std::span(polygons.x_m).subspan(v0, v1 - v0), std::span(polygons.y_m).subspan(v0, v1 - v0));
    polygon->addRing(&ring);
  }
  impl_->feature->SetGeometryDirectly(polygon.release());
}

void GpkgWriter::set_polygon(std::span<const double> x, std::span<const double> y) {
  HEATTWIN_ASSERT(x.size() == y.size() && !x.empty());
  auto polygon = std::make_unique<OGRPolygon>();
  OGRLinearRing ring = closed_ring(x, y);
  polygon->addRing(&ring);
  impl_->feature->SetGeometryDirectly(polygon.release());
}

void GpkgWriter::set_line(std::span<const double> x, std::span<const double> y) {
  HEATTWIN_ASSERT(x.size() == y.size());
  auto line = std::make_unique<OGRLineString>();
  line->setNumPoints(static_cast<int>(x.size()), FALSE);
  for (std::size_t i = 0; i < x.size(); ++i) line->setPoint(static_cast<int>(i), x[i], y[i]);
  impl_->feature->SetGeometryDirectly(line.release());
}

void GpkgWriter::set_geometry_wkb(std::span<const std::uint8_t> wkb, std::string_view what) {
  OGRGeometry* geometry = nullptr;
  if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &geometry, wkb.size()) != OGRERR_NONE ||
      geometry == nullptr)
    throw IoError(fmt::format("{}: layer '{}': the geometry of '{}' is not valid WKB", path_, impl_->layer_name, what));
  impl_->feature->SetGeometryDirectly(geometry);
}

void GpkgWriter::write_feature(std::string_view what) {
  HEATTWIN_ASSERT(impl_->layer != nullptr);
  OGRFeature& f = *impl_->feature;
  f.SetFID(OGRNullFID);
  if (impl_->layer->CreateFeature(&f) != OGRERR_NONE)
    throw IoError(
        fmt::format("{}: layer '{}': writing '{}' failed ({})", path_, impl_->layer_name, what, last_gdal_error()));
  // Start the next feature empty: every field NULL, no geometry.
  for (int i = 0; i < f.GetFieldCount(); ++i) f.SetFieldNull(i);
  f.SetGeometryDirectly(nullptr);
}

void GpkgWriter::commit() {
  HEATTWIN_ASSERT(impl_->layer == nullptr);
  impl_->ds.reset();  // closes the file and builds the spatial indexes
  impl_->temp->commit();
}

}  // namespace heattwin::twin
