#pragma once
/// \file Many polygons (with holes) in three flat arrays, for footprints and region boundaries.

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace heattwin::twin {

/// Polygon p owns rings [ring_begin[p], ring_begin[p+1]); ring r owns vertices
/// [vertex_begin[r], vertex_begin[r+1]). The first ring of a polygon is its outer ring, further
/// rings are holes. Rings are stored open (the last vertex is not a copy of the first). A polygon
/// may have zero rings (no geometry known). Coordinates are in the twin CRS, metres.
struct PolygonSet {
  std::vector<std::uint64_t> ring_begin{0};
  std::vector<std::uint64_t> vertex_begin{0};
  std::vector<double> x_m;
  std::vector<double> y_m;

  std::size_t polygon_count() const { return ring_begin.size() - 1; }
  std::size_t ring_count() const { return vertex_begin.size() - 1; }
  std::size_t vertex_count() const { return x_m.size(); }

  /// Appends one polygon; rings given open or closed (a closing duplicate vertex is dropped).
  void append_polygon(std::span<const std::vector<std::array<double, 2>>> rings);
  /// Appends empty polygons until there are n.
  void pad_to(std::size_t n);
  void reserve(std::size_t polygons, std::size_t vertices);
  void clear();

  /// True if the offsets are consistent (monotone, in range, matching array sizes).
  bool is_consistent() const;

  std::size_t memory_bytes() const {
    return (ring_begin.capacity() + vertex_begin.capacity()) * sizeof(std::uint64_t) +
           (x_m.capacity() + y_m.capacity()) * sizeof(double);
  }
};

}  // namespace heattwin::twin
