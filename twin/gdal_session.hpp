#pragma once
/// \file One-time GDAL/OGR set-up for the process: drivers registered, GDAL's own error
/// printing routed to the "gdal" logger (debug level), since HeatTwin reports errors itself.

#include <string>

namespace heattwin::twin {

/// Idempotent and thread-safe.
void ensure_gdal_initialised();

/// GDAL's last error message of this thread (CPLGetLastErrorMsg), or "no GDAL detail", for the
/// error messages of the code that wraps GDAL.
std::string last_gdal_error();

}  // namespace heattwin::twin
