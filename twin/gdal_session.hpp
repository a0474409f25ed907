#pragma once
/// \file One-time GDAL/OGR set-up for the process: drivers registered, GDAL's own error
/// printing routed to the "gdal" logger (debug level), since HeatTwin reports errors itself.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

class GDALDataset;
class OGRLineString;

namespace heattwin::twin {

class CoordinateTransform;

/// Idempotent and thread-safe.
void ensure_gdal_initialised();

/// GDAL's last error message of this thread (CPLGetLastErrorMsg), or "no GDAL detail", for the
/// error messages of the code that wraps GDAL.
std::string last_gdal_error();

/// Closes a GDAL dataset (GDALClose).
struct GdalDatasetCloser {
  void operator()(GDALDataset* dataset) const;
};
using GdalDatasetPtr = std::unique_ptr<GDALDataset, GdalDatasetCloser>;

/// Opens a vector file read-only (".gz" through /vsigzip/). Throws InputError naming `path`,
/// `what` the file should hold ("street lines") and GDAL's reason if it does not exist or no
/// driver reads it.
GdalDatasetPtr open_vector_file(const std::string& path, std::string_view what);

/// The vertices of `line` transformed by `transform` into `x_m`, `y_m` (resized; points that
/// cannot be transformed become NaN). O(points).
void transformed_line_points(const OGRLineString& line, const CoordinateTransform& transform, std::vector<double>& x_m,
                             std::vector<double>& y_m);

}  // namespace heattwin::twin
