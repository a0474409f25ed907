#pragma once
/// \file Building footprints of a twin as a GeoPackage layer, for QGIS and for exercising the
/// GDAL import path at scale (data/statistics/synthetic_mapping.toml maps the fields back).

#include "twin/progress.hpp"
#include "twin/twin.hpp"

#include <string>

namespace heattwin::twin {

/// Settings of export_footprints_gpkg().
struct GpkgExportOptions {
  std::string layer = "buildings";  ///< layer (table) name
  bool spatial_index = true;        ///< build the GeoPackage R-tree (QGIS needs it for fast panning)
  ProgressFn progress;              ///< called from the calling thread every 64 k features (may be empty)
};

/// Writes one polygon feature per building to the GeoPackage `path` in the twin CRS, with the fields
///   id (string, the building id), height_m (real, m), storeys (integer), year (integer, year of
///   construction), function (string, ALKIS code as CityGML writes it: "31001_<code>"),
///   ags (string, 8-digit AGS of the building's municipality).
/// Unknown values (NaN height, 0 storeys/year/function, no municipality) are written as NULL;
/// buildings without a footprint get a NULL geometry. All features are written in one
/// transaction to a temporary file that is renamed to `path` only when complete, so a failed
/// export never leaves a file that looks whole; an existing `path` is replaced.
/// Throws IoError if GDAL cannot create or write the file, InputError if the twin CRS is unknown.
/// Complexity O(N + V) (V vertices); ≈ 10 µs per feature.
void export_footprints_gpkg(const Twin& twin, const std::string& path, const GpkgExportOptions& options = {});

}  // namespace heattwin::twin
