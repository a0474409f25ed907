#include "twin/gdal_session.hpp"

#include "twin/crs.hpp"
#include "twin/error.hpp"
#include "twin/log.hpp"

#include <cpl_conv.h>
#include <fmt/format.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_geometry.h>
#include <gdal_priv.h>

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
    // Never reach out to the network for grids or remote files.
    CPLSetConfigOption("PROJ_NETWORK", "OFF");
    CPLSetConfigOption("GDAL_HTTP_TIMEOUT", "1");
    GDALAllRegister();
  });
}

std::string last_gdal_error() {
  const char* msg = CPLGetLastErrorMsg();
  return msg != nullptr && *msg != '\0' ? std::string(msg) : std::string("no GDAL detail");
}

void GdalDatasetCloser::operator()(GDALDataset* dataset) const { GDALClose(dataset); }

GdalDatasetPtr open_vector_file(const std::string& path, std::string_view what) {
  ensure_gdal_initialised();
  HEATTWIN_CHECK(std::filesystem::exists(path), "{}: the file of {} does not exist", path, what);
  std::string gdal_path = path;
  if (path.ends_with(".gz") && !path.starts_with("/vsigzip/")) gdal_path = "/vsigzip/" + path;
  CPLErrorReset();
  GdalDatasetPtr ds(static_cast<GDALDataset*>(
      GDALOpenEx(gdal_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
  if (!ds) {
    const char* msg = CPLGetLastErrorMsg();
    throw InputError(fmt::format("{}: not a readable vector file of {} ({})", path, what,
                                 msg != nullptr && *msg ? msg : "no GDAL driver recognised it"));
  }
  return ds;
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
