#pragma once
/// \file A GeoPackage written layer by layer through GDAL/OGR, for the twin's footprint export and
/// the results exporters (viz/). Keeps GDAL out of the callers' headers and does the parts every
/// writer needs the same way: a temporary file renamed into place only when complete (a failed
/// export never leaves a file that looks whole), the CRS on every layer, one transaction per
/// layer, the R-tree spatial index, and GDAL's message in every error.

#include "twin/polygon_set.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace heattwin::twin {

/// Kind of an attribute field.
enum class GpkgFieldType : std::uint8_t { integer, integer64, real, string };

/// Kind of a layer's geometry.
enum class GpkgGeometryType : std::uint8_t { polygon, line_string, multi_polygon };

/// One attribute field of a layer.
struct GpkgField {
  std::string name;
  GpkgFieldType type = GpkgFieldType::real;
  int width = 0;  ///< maximum string length; 0 = unbounded
};

/// Settings of GpkgWriter::begin_layer().
struct GpkgLayerSpec {
  std::string name;  ///< layer (table) name
  std::string crs;   ///< "EPSG:nnnn" or anything OGRSpatialReference::SetFromUserInput takes
  GpkgGeometryType geometry = GpkgGeometryType::polygon;
  std::vector<GpkgField> fields;  ///< attribute fields, in order; set_* take their index
  std::string description;        ///< stored as the layer's description (gpkg_contents), may be empty
  bool spatial_index = true;      ///< build the R-tree (QGIS needs it for fast panning)
};

/// Writes one GeoPackage: begin_layer(), then per feature set_*() and write_feature(), then
/// end_layer(); repeat for further layers; commit() renames the finished file to its path.
/// A writer destroyed without commit() removes its temporary file. Not thread-safe; one writer
/// per file. Every failure throws IoError naming the file (and the layer and feature where
/// one is involved) with GDAL's message; an unknown CRS throws InputError.
class GpkgWriter {
 public:
  /// Creates "<path>.tmp-<pid>.gpkg" beside `path`. Throws IoError if it cannot be created.
  explicit GpkgWriter(std::string path);
  ~GpkgWriter();
  GpkgWriter(const GpkgWriter&) = delete;
  GpkgWriter& operator=(const GpkgWriter&) = delete;

  /// Creates a layer and starts its transaction; the previous layer must have been ended.
  void begin_layer(const GpkgLayerSpec& spec);
  /// Commits the current layer's transaction.
  void end_layer();

  /// Field values of the feature being built; a field not set is NULL. `field` is the index
  /// into GpkgLayerSpec::fields. set_real writes NULL for NaN and infinities.
  void set_real(int field, double value);
  void set_integer(int field, std::int64_t value);
  void set_string(int field, std::string_view value);
  void set_null(int field);

  /// Geometry of the feature being built (default: none). Coordinates in the layer's CRS.
  /// Polygon `p` of `polygons` (rings stored open; an empty polygon gives no geometry).
  void set_polygon(const PolygonSet& polygons, std::size_t p);
  /// A polygon with one ring given open (x[i], y[i]).
  void set_polygon(std::span<const double> x, std::span<const double> y);
  /// A line string through (x[i], y[i]).
  void set_line(std::span<const double> x, std::span<const double> y);
  /// A geometry given as OGC Well-Known Binary (e.g. a dissolved multipolygon built with OGR);
  /// throws IoError naming `what` if GDAL cannot parse it.
  void set_geometry_wkb(std::span<const std::uint8_t> wkb, std::string_view what);

  /// Writes the feature built so far and starts a new one (all fields NULL, no geometry).
  /// `what` names the feature in an error message (building id, cell id).
  void write_feature(std::string_view what);

  /// Closes the file (building the spatial indexes) and renames it to its path, replacing an
  /// existing file.
  void commit();

  const std::string& path() const { return path_; }

 private:
  struct Impl;
  std::string path_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace heattwin::twin
