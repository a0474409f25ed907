#pragma once
/// \file One-time GDAL/OGR set-up for the process: drivers registered, GDAL's own error
/// printing routed to the "gdal" logger (debug level), since HeatTwin reports errors itself.

#include <string>
#include <vector>

class OGRLineString;

namespace heattwin::twin {

class CoordinateTransform;

/// Idempotent and thread-safe.
void ensure_gdal_initialised();

/// GDAL's last error message of this thread (CPLGetLastErrorMsg), or "no GDAL detail", for the
/// error messages of the code that wraps GDAL.
std::string last_gdal_error();

/// The vertices of `line` transformed by `transform` into `x_m`, `y_m` (resized; points that
/// cannot be transformed become NaN). O(points).
void transformed_line_points(const OGRLineString& line, const CoordinateTransform& transform, std::vector<double>& x_m,
                             std::vector<double>& y_m);

}  // namespace heattwin::twin
