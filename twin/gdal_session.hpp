#pragma once
/// \file The one wrapper of GDAL/OGR calls that more than one reader or writer makes: one-time
/// set-up for the process (drivers registered, GDAL's own error printing routed to the "gdal"
/// logger at debug level, since HeatTwin reports errors itself), datasets that close themselves,
/// checked opening of vector files, and spatial reference systems from a definition or a layer.
/// Its types are forward-declared, so including it does not pull in GDAL's headers.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

class GDALDataset;
class OGRLayer;
class OGRLineString;
class OGRPolygon;
class OGRSpatialReference;

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

/// The GDAL drivers open_vector_file accepts (the formats docs/ARCHITECTURE.md documents):
/// GPKG, ESRI Shapefile, GeoJSON, GeoJSONSeq, OSM, GML. VRT, CSV and the network drivers are
/// refused, so that a file can never make HeatTwin read elsewhere or send requests.
const std::vector<std::string>& readable_vector_drivers();

/// Opens a local vector file read-only (".gz" through /vsigzip/) with one of
/// readable_vector_drivers(). Throws InputError naming `path`, `what` the file should hold
/// ("street lines"), GDAL's reason and `fix` (appended, e.g. "; give a GeoPackage …") if it does
/// not exist, is not a regular file, is a GDAL virtual path (/vsicurl/…) or connection string
/// ("CSV:…"), or no accepted driver reads it. Network access is off for the whole process.
GdalDatasetPtr open_vector_file(const std::string& path, std::string_view what, std::string_view fix = {});

/// Sets `srs` from a CRS definition ("EPSG:nnnn", a URN, WKT or a PROJ string) with the axis
/// order (easting/longitude, northing/latitude), without network or file access. Throws
/// InputError "<context>: unknown coordinate reference system '<definition>' …" (no prefix for an
/// empty `context`).
void set_srs(OGRSpatialReference& srs, const std::string& definition, std::string_view context = {});

/// The CRS of a vector layer as WKT (for CoordinateTransform). Throws InputError naming `path`,
/// the layer and `fix` (appended) if the layer has none.
std::string layer_crs_wkt(OGRLayer& layer, const std::string& path, std::string_view fix = {});

/// The square [east_m, east_m + size_m] × [north_m, north_m + size_m] as a closed polygon (a
/// census grid cell in EPSG:3035 metres; the ring runs counter-clockwise from the lower left).
std::unique_ptr<OGRPolygon> cell_square(double east_m, double north_m, double size_m = 100.0);

/// The vertices of `line` transformed by `transform` into `x_m`, `y_m` (resized; points that
/// cannot be transformed become NaN). O(points).
void transformed_line_points(const OGRLineString& line, const CoordinateTransform& transform, std::vector<double>& x_m,
                             std::vector<double>& y_m);

}  // namespace heattwin::twin
