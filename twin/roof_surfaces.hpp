#pragma once
/// \file The roof surfaces of buildings as a compact structure of arrays, for the roof solar
/// potential (solvers/demand/roof_solar.hpp): the LoD2 roof polygons the CityGML/CityJSON import
/// keeps after the shell check and repair (Twin::roofs, /roofs in the twin file, docs/twin-schema.md),
/// or roofs derived from footprint and height (twin/roof_derivation.hpp).

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

namespace heattwin::twin {

/// Where a roof surface came from. Stored as one byte per surface.
enum class RoofSource : std::uint8_t {
  lod2 = 0,           ///< from the city model: a RoofSurface or outer ceiling, or an upward surface of a solid
                      ///< without semantics (LoD1 tops count here too), after the shell check and repair
  derived_flat = 1,   ///< derived: the footprint as a flat roof at the building height
  derived_gable = 2,  ///< derived: a gable roof over the footprint (imputed tilt, ridge on the long axis)
};
inline constexpr std::array<std::string_view, 3> ROOF_SOURCE_NAMES{"lod2", "derived_flat", "derived_gable"};

/// The roof rings of one building as an import holds them between parsing and the twin
/// (issue 22): one flat array of float vertices relative to the building's reference point (its
/// first roof vertex) and the rings' end offsets, instead of a vector of doubles per ring. A float
/// offset keeps 2^-24 of its size: ≤ 0.004 mm within 64 m of the reference point and ≤ 0.06 mm
/// within 1 km, so every coordinate comes back to well under a millimetre at building scale.
/// Memory: 12 bytes per vertex + 4 per ring + 72 per building (the reference point and two
/// vector headers), against 24 per vertex + 40 per ring (vector header and heap block) before.
class CompactRoofRings {
 public:
  /// Appends a ring of (x, y, z) points in metres, open or closed (a closing duplicate is
  /// dropped). Rings with fewer than 3 points are skipped.
  void add_ring(std::span<const std::array<double, 3>> ring);

  std::size_t ring_count() const { return ring_end_.size(); }
  std::size_t vertex_count() const { return xyz_.size() / 3; }
  /// Vertices [ring_begin(r), ring_end(r)) belong to ring r.
  std::size_t ring_begin(std::size_t r) const { return r == 0 ? 0 : ring_end_[r - 1]; }
  std::size_t ring_end(std::size_t r) const { return ring_end_[r]; }
  /// Vertex v in metres: the reference point plus its float offset.
  std::array<double, 3> vertex(std::size_t v) const {
    return {reference_[0] + static_cast<double>(xyz_[3 * v]), reference_[1] + static_cast<double>(xyz_[3 * v + 1]),
            reference_[2] + static_cast<double>(xyz_[3 * v + 2])};
  }

  /// Frees spare capacity (call once the building's rings are complete).
  void shrink_to_fit();
  /// Heap bytes of the arrays.
  std::size_t memory_bytes() const { return xyz_.capacity() * sizeof(float) + ring_end_.capacity() * 4; }

 private:
  std::array<double, 3> reference_{};  ///< the first vertex added (m)
  std::vector<float> xyz_;             ///< x, y, z offsets from reference_ per vertex (m)
  std::vector<std::uint32_t> ring_end_;
};

/// Roof polygons of every building in compressed-row form. Building b owns surfaces
/// [surface_begin[b], surface_begin[b+1]); surface s owns the vertices [vertex_begin[s],
/// vertex_begin[s+1]) of its exterior ring (open: no closing duplicate; holes are not kept).
/// Coordinates are the twin CRS (metres) and heights in metres (the source model's heights for
/// LoD2 roofs; ground at z = 0 for derived ones). An empty set (surface_begin empty) covers no
/// building; a building may own no surface (no roof read, or none derivable).
/// Memory: 24 bytes per vertex + 9 bytes per surface + 16 bytes per building.
class RoofSurfaceSet {
 public:
  std::vector<std::uint64_t> surface_begin;  ///< size buildings + 1, or 0 (no roofs stored)
  std::vector<std::uint64_t> vertex_begin;   ///< size surfaces + 1 (starts with 0)
  std::vector<double> x_m, y_m, z_m;         ///< vertex easting, northing, height (m)
  std::vector<RoofSource> source;            ///< per surface
  /// Per building: the height of its ground (m, same datum as z_m: the lowest ground surface of
  /// the LoD2 model), so that a roof derived for a building without model roofs can be lifted to
  /// its neighbours' datum; NaN if unknown, 0 for derived roofs.
  std::vector<double> ground_z_m;

  bool empty() const { return surface_begin.empty(); }
  /// Buildings covered (0 if empty).
  std::size_t building_count() const { return surface_begin.empty() ? 0 : surface_begin.size() - 1; }
  std::size_t surface_count() const { return source.size(); }

  /// Appends the roof surfaces of the next building: each ring is a list of (x, y, z) points,
  /// open or closed (a closing duplicate is dropped). Rings with fewer than 3 points are skipped.
  void append_building(std::span<const std::vector<std::array<double, 3>>> rings, RoofSource roof_source,
                       double ground_z = std::numeric_limits<double>::quiet_NaN());
  /// The same for the compact rings of an import (their vertices back in metres).
  void append_building(const CompactRoofRings& rings, RoofSource roof_source,
                       double ground_z = std::numeric_limits<double>::quiet_NaN());

  /// Appends building `b` of `other` (its surfaces, sources and ground height), shifting heights by `dz_m`.
  void append_building_from(const RoofSurfaceSet& other, std::size_t b, double dz_m = 0.0);

  /// Surfaces of building `b` (0 if the set is empty).
  std::size_t surfaces_of(std::size_t b) const {
    return surface_begin.empty() ? 0 : surface_begin[b + 1] - surface_begin[b];
  }

  /// True if the offsets are monotone, start at 0, end at the array sizes, and (unless empty) the
  /// set covers `buildings` buildings.
  bool is_consistent(std::size_t buildings) const;

  /// Heap bytes of all arrays.
  std::size_t memory_bytes() const;
};

}  // namespace heattwin::twin
