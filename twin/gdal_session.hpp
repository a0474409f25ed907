#pragma once
/// \file One-time GDAL/OGR set-up for the process: drivers registered, GDAL's own error
/// printing routed to the "gdal" logger (debug level), since HeatTwin reports errors itself.

namespace heattwin::twin {

/// Idempotent and thread-safe.
void ensure_gdal_initialised();

}  // namespace heattwin::twin
