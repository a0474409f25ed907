#pragma once
/// \file Line and area layers of a GIS vector file (GeoPackage, GeoJSON, shapefile through the
/// restricted GDAL drivers of twin/gdal_session.hpp), reprojected to the twin's CRS: gas mains and
/// gas-grid areas, hydrogen-network plans (WPG §18, §19). A LineAreaIndex answers "is
/// this point within d metres of a line of the layer, or inside one of its areas?" for the
/// supply-area evidence (docs/HEAT_PLAN.md, "Gas grid and hydrogen plans").

#include "twin/polygon_set.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace heattwin::twin {

/// The lines (as straight segments) and areas of one layer, in the twin CRS (metres).
struct LineAreaLayer {
  std::string path;        ///< the file, for messages
  std::string layer_name;  ///< the layer read
  /// Segment s runs from (x0_m[s], y0_m[s]) to (x1_m[s], y1_m[s]); repeated vertices are dropped.
  std::vector<double> x0_m, y0_m, x1_m, y1_m;
  PolygonSet areas;  ///< polygons (parts of multi-polygons each one polygon), holes kept
  std::size_t features_read = 0;
  std::size_t line_features = 0;
  std::size_t area_features = 0;
  /// Features without geometry or with points only: counted and reported, not used.
  std::size_t skipped_features = 0;
  double line_length_m = 0.0;

  std::size_t segment_count() const { return x0_m.size(); }
  bool empty() const { return x0_m.empty() && areas.polygon_count() == 0; }
};

/// Reads the lines and areas of `layer` (empty: the file's first layer) of the vector file `path`
/// into the twin CRS `twin_crs`. `what` names the content in messages ("gas grid"). Throws
/// InputError naming the file and, where it applies, the feature id for: an unreadable file or a
/// driver outside the accepted list; a missing layer (the message lists the file's layers); a
/// layer without CRS; a vertex that cannot be transformed (another CRS than declared); a layer
/// with no line or area at all. Points and empty geometries are counted (skipped_features).
/// O(vertices).
LineAreaLayer read_line_area_layer(const std::string& path, const std::string& layer, const std::string& twin_crs,
                                   std::string_view what);

/// A uniform bucket grid over the segments and area edges of a layer for "within distance"
/// queries; the areas' interiors are tested by ray casting. Borrows nothing (copies the
/// geometry). Build O(segments · buckets per segment); query O(segments near the point + areas
/// whose bounding box contains it).
class LineAreaIndex {
 public:
  /// `bucket_m` > 0: the bucket size (e.g. the query distance, at least a few metres).
  LineAreaIndex(const LineAreaLayer& layer, double bucket_m);

  /// True if (x_m, y_m) lies within `distance_m` (≥ 0, at most the bucket size) of a line or
  /// an area's boundary, or inside an area (not in one of its holes).
  bool is_near(double x_m, double y_m, double distance_m) const;

 private:
  struct Box {
    double x0, y0, x1, y1;
  };
  double bucket_m_;
  std::vector<double> sx0_, sy0_, sx1_, sy1_;  // line segments and area edges
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> buckets_;
  PolygonSet areas_;
  std::vector<Box> area_box_;

  std::uint64_t key(std::int64_t bx, std::int64_t by) const;
  bool is_inside_area(double x_m, double y_m) const;
};

/// Distance in metres of the point (px, py) to the segment (ax, ay)–(bx, by).
double point_segment_distance_m(double px, double py, double ax, double ay, double bx, double by);

}  // namespace heattwin::twin
