#pragma once
/// \file Street import (docs/NETWORKS.md): line layers of any GDAL vector source (GeoPackage,
/// GeoJSON, shapefile, OSM XML/PBF) into the twin's StreetSegments, reprojected to the twin CRS
/// and split into straight segments, for network routing and heat line density.

#include "twin/streets.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace heattwin::twin {

/// OSM `highway=*` values taken as streets by default: the roads along which heat networks are
/// laid (OSM wiki "Key:highway", roads plus living streets and service roads); footways, cycle
/// ways, tracks, paths, steps, motorways and trunks are left out.
const std::vector<std::string>& default_street_highway_types();

struct StreetImportOptions {
  std::string twin_crs;  ///< CRS of the twin (EPSG:nnnn or WKT)
  /// Lines whose layer has a `highway` field are kept only if their value is in this list (OSM's
  /// `lines` layer always has one); layers without that field keep every line.
  std::vector<std::string> highway_types = default_street_highway_types();
  std::string layer;  ///< layer name; empty: OSM "lines", else the first layer
};

struct StreetImportReport {
  std::size_t features_read = 0;
  std::size_t lines_used = 0;
  std::size_t skipped_highway_type = 0;  ///< highway value not in the list
  std::size_t skipped_not_a_line = 0;    ///< points, polygons
  std::size_t skipped_degenerate = 0;    ///< zero-length segments (repeated vertices) dropped
  std::size_t segments = 0;
  double length_m = 0.0;
};

/// Appends the street lines of `path` to `out` as straight segments (one per pair of consecutive
/// vertices; repeated vertices are dropped) with municipality NO_INDEX. Throws InputError naming
/// the file for unreadable files, missing layers, a layer without CRS, or points that cannot be
/// transformed. O(vertices).
StreetImportReport import_streets(const std::string& path, const StreetImportOptions& options, StreetSegments& out);

}  // namespace heattwin::twin
