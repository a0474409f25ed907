#include "twin/gdal_session.hpp"

#include "twin/crs.hpp"
#include "twin/error.hpp"
#include "twin/input_file.hpp"
#include "twin/log.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <fmt/format.h>
#include <gdal.h>
#include <gdal_priv.h>
#include <ogr_api.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include <mutex>

namespace heattwin::twin {
namespace {

void CPL_STDCALL route_gdal_message(CPLErr level, CPLErrorNum number, const char* message) {
  auto log = logger("gdal");
  if (level >= CE_Failure) {
    log->debug("GDAL error {}: {}", number, message != nullptr ? message : "");
  } else {
    log->trace("GDAL: {}", message != nullptr ? message : "");
  }
}

}  // namespace

void ensure_gdal_initialised() {
  static std::once_flag once;
  std::call_once(once, [] {
    CPLSetErrorHandler(route_gdal_message);
    // Never reach out to the network for grids, schemas or remote files (issue 20, class 5):
    // remote virtual file systems are refused by open_vector_file, and these keep the drivers
    // that follow references inside a file (GML application schemas, xlinks) local.
    CPLSetConfigOption("PROJ_NETWORK", "OFF");
    CPLSetConfigOption("GDAL_HTTP_TIMEOUT", "1");
    CPLSetConfigOption("GDAL_HTTP_MAX_RETRY", "0");
    CPLSetConfigOption("GML_DOWNLOAD_WFS_SCHEMA", "NO");
    CPLSetConfigOption("GML_SKIP_RESOLVE_ELEMS", "ALL");
    CPLSetConfigOption("GDAL_HTTP_PROXY", "127.0.0.1:9");  // the discard port: a request fails at once
    CPLSetConfigOption("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", ".heattwin-no-remote-files");
    GDALAllRegister();
  });
}

std::string last_gdal_error() {
  const char* msg = CPLGetLastErrorMsg();
  return msg != nullptr && *msg != '\0' ? std::string(msg) : std::string("no GDAL detail");
}

void GdalDatasetCloser::operator()(GDALDataset* dataset) const { GDALClose(dataset); }

const std::vector<std::string>& readable_vector_drivers() {
  static const std::vector<std::string> drivers{"GPKG", "ESRI Shapefile", "GeoJSON", "GeoJSONSeq", "OSM", "GML"};
  return drivers;
}

GdalDatasetPtr open_vector_file(const std::string& path, std::string_view what, std::string_view fix) {
  ensure_gdal_initialised();
  // GDAL reads much more than files (issue 20, class 5): "/vsicurl/http://…" and the other
  // virtual file systems, "CSV:/etc/passwd"-style driver prefixes, VRT files pointing anywhere.
  // HeatTwin reads local files of the documented formats only.
  HEATTWIN_CHECK(!path.starts_with("/vsi"),
                 "{}: GDAL virtual file systems (/vsicurl/, /vsizip/, …) are not accepted for {}; give a local file",
                 path, what);
  {
    // "DRIVER:…" connection strings (CSV:, GPKG:, PG:, WFS:, …): a colon after a driver-like
    // prefix of letters, where no file of that name exists.
    const auto colon = path.find(':');
    const bool driver_prefix = colon != std::string::npos && colon > 1 && path.find('/') > colon &&
                               std::all_of(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(colon),
                                           [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
    HEATTWIN_CHECK(!driver_prefix || std::filesystem::exists(path),
                   "{}: GDAL connection strings ('{}:…') are not accepted for {}; give the path of a local file", path,
                   path.substr(0, colon), what);
  }
  check_input_file(path, fmt::format("the file of {}", what));
  std::string gdal_path = path;
  if (path.ends_with(".gz") && !path.starts_with("/vsigzip/")) gdal_path = "/vsigzip/" + path;
  CPLErrorReset();
  std::vector<const char*> allowed;
  for (const auto& d : readable_vector_drivers()) allowed.push_back(d.c_str());
  allowed.push_back(nullptr);
  GdalDatasetPtr ds(static_cast<GDALDataset*>(
      GDALOpenEx(gdal_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, allowed.data(), nullptr, nullptr)));
  if (!ds) {
    const char* msg = CPLGetLastErrorMsg();
    throw InputError(
        fmt::format("{}: not a readable vector file of {} ({}; HeatTwin reads GeoPackage, shapefile, "
                    "GeoJSON, GeoJSONSeq, OSM and GML){}",
                    path, what, msg != nullptr && *msg ? msg : "no accepted GDAL driver recognised it", fix));
  }
  return ds;
}

void set_srs(OGRSpatialReference& srs, const std::string& definition, std::string_view context) {
  ensure_gdal_initialised();
  const std::string prefix = context.empty() ? std::string() : fmt::format("{}: ", context);
  HEATTWIN_CHECK(!definition.empty(), "{}empty CRS definition", prefix);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  // SetFromUserInput understands EPSG:n, URNs, WKT and PROJ strings; refuse network/file access.
  const char* const options[] = {"ALLOW_NETWORK_ACCESS=NO", "ALLOW_FILE_ACCESS=NO", nullptr};
  HEATTWIN_CHECK(srs.SetFromUserInput(definition.c_str(), options) == OGRERR_NONE,
                 "{}unknown coordinate reference system '{}' (give e.g. EPSG:25832)", prefix, definition);
}

std::string layer_crs_wkt(OGRLayer& layer, const std::string& path, std::string_view fix) {
  const OGRSpatialReference* srs = layer.GetSpatialRef();
  HEATTWIN_CHECK(srs != nullptr, "{}: layer '{}' has no coordinate reference system{}", path, layer.GetName(), fix);
  char* wkt = nullptr;
  srs->exportToWkt(&wkt);
  std::string result = wkt != nullptr ? wkt : "";
  CPLFree(wkt);
  return result;
}

std::unique_ptr<OGRPolygon> cell_square(double east_m, double north_m, double size_m) {
  OGRLinearRing ring;
  ring.addPoint(east_m, north_m);
  ring.addPoint(east_m + size_m, north_m);
  ring.addPoint(east_m + size_m, north_m + size_m);
  ring.addPoint(east_m, north_m + size_m);
  ring.addPoint(east_m, north_m);
  auto polygon = std::make_unique<OGRPolygon>();
  polygon->addRing(&ring);
  return polygon;
}

void transformed_line_points(const OGRLineString& line, const CoordinateTransform& transform, std::vector<double>& x_m,
                             std::vector<double>& y_m) {
  const auto n = static_cast<std::size_t>(line.getNumPoints());
  x_m.resize(n);
  y_m.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    x_m[i] = line.getX(static_cast<int>(i));
    y_m[i] = line.getY(static_cast<int>(i));
  }
  transform.transform(x_m, y_m);
}

}  // namespace heattwin::twin
