#pragma once
/// \file The region comparison (viz/region_comparison.hpp) as a GeoPackage for QGIS: per year a
/// municipality layer with the twin's boundaries and a Kreis layer with their union, each with the
/// indicator values of the tables (NULL when withheld). docs/OUTPUTS.md, "Regional comparison".

#include "viz/region_comparison.hpp"

#include <string>
#include <vector>

namespace heattwin::twin {
struct Twin;
}

namespace heattwin::viz {

/// Writes `path` (atomically; replaced if it exists) with layers `municipalities_<year>` and
/// `kreise_<year>` for every year of `c`. `twin` must be the twin `c` was computed from (its
/// municipalities in the rows' order); municipalities without a boundary get no geometry.
/// Returns the layer names. Throws IoError if the file cannot be written, InputError if the
/// twin has another number of municipalities than the tables. O(vertices) plus the Kreis unions.
std::vector<std::string> write_comparison_gpkg(const RegionComparison& c, const twin::Twin& twin,
                                               const std::string& path);

}  // namespace heattwin::viz
