#pragma once
/// \file Geometry of 3D boundary surfaces (CityGML LoD1/LoD2): ring area and normal by Newell's
/// method, tilt and azimuth, orientation sectors, closed-shell volume by the divergence theorem,
/// an edge-manifold (watertightness) check, and the overlap of coplanar walls of neighbours.
///
/// Coordinates are projected metres (easting, northing, height). Functions shift coordinates to
/// a local origin internally, so UTM magnitudes (~5e6 m) do not cost precision.

#include "twin/footprint_geometry.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace heattwin::twin {

using Point3 = std::array<double, 3>;
/// A ring of 3D points, open or closed (a closing duplicate of the first point is allowed).
using Ring3 = std::vector<Point3>;

/// A planar (or nearly planar) surface: exterior ring and holes.
struct Surface3 {
  Ring3 exterior;
  std::vector<Ring3> holes;
};

/// Rings whose area is at most this are degenerate (skipped and counted by the readers).
inline constexpr double DEGENERATE_RING_AREA_M2 = 1e-6;

/// Newell vector area ½ Σ pᵢ × pᵢ₊₁ of a ring (open or closed), computed relative to its first
/// vertex. Its length is the area of the ring's projection onto its best-fit plane, and its
/// direction is the normal by the right-hand rule (counter-clockwise seen from the front).
/// Robust for non-planar rings; O(n).
Point3 newell_vector_area(std::span<const Point3> ring);

/// The ring without consecutive duplicate points and without a closing duplicate (exact
/// comparison of coordinates).
Ring3 cleaned_ring(std::span<const Point3> ring);

/// True if the ring has fewer than 3 distinct points or an area ≤ DEGENERATE_RING_AREA_M2.
bool is_degenerate_ring(std::span<const Point3> ring);

/// Area, orientation and the vertical moment of one surface.
struct SurfaceMeasures {
  double area_m2 = 0.0;          ///< exterior minus holes (m²)
  Point3 normal{0.0, 0.0, 0.0};  ///< unit normal of the exterior (right-hand rule); zero if degenerate
  /// ∫ (z − z_ref) n_z dA over the surface (m³), signed by the ring orientation: the surface's
  /// contribution to the enclosed volume with the field F = (0, 0, z − z_ref), div F = 1.
  double z_moment_m3 = 0.0;
};

/// Measures a surface. Holes are subtracted whatever their orientation in the data.
/// `z_ref_m` is the reference height of the z-moment (use the building's lowest point).
SurfaceMeasures measure_surface(const Surface3& surface, double z_ref_m);

/// Tilt of a unit normal in degrees: 0 = facing up (flat roof), 90 = vertical (wall),
/// 180 = facing down (ground slab).
double tilt_deg(const Point3& unit_normal);

/// Azimuth of the horizontal part of a normal in degrees clockwise from north, in [0, 360);
/// 0 for a horizontal surface (normal straight up or down).
double azimuth_deg(const Point3& normal);

/// Orientation sector 0…7 (SECTOR_NAMES: n, ne, …, nw) of a wall normal (sector_of_azimuth).
int sector_of_normal(const Point3& normal);

/// Result of the closed-shell analysis of a set of surfaces.
struct ShellMeasures {
  /// Enclosed volume (m³) = |Σ z-moments| (divergence theorem). Exact for a closed shell with
  /// consistent orientation; for an open shell it is the prism volume under the roof surfaces
  /// down to z_ref, which is still right when only vertical walls are missing.
  double volume_m3 = 0.0;
  /// True if the summed z-moment was negative, i.e. the rings are oriented inwards: flip the
  /// normals before taking orientations from them.
  bool is_inward = false;
  /// True if every edge (after splitting at T-junctions) is used by exactly two rings.
  bool is_closed = false;
  std::uint64_t open_edges = 0;          ///< edges used by one ring only (holes in the shell)
  std::uint64_t non_manifold_edges = 0;  ///< edges used by more than two rings
  std::uint64_t inconsistent_edges = 0;  ///< edges whose two uses run in the same direction
};

/// Volume and edge-manifold check of a shell given as surfaces (degenerate rings must already be
/// removed). Vertices are matched within 1 mm; an edge passing within 1 mm of another vertex is
/// split there (T-junctions, common in LoD2 where one wall edge meets two roof edges).
/// O(E log V + E·k) with k the vertices in an edge's x-range.
ShellMeasures measure_shell(std::span<const Surface3> surfaces, double z_ref_m);
/// The same for surfaces held elsewhere (borrowed for the call; none is copied): the CityGML
/// reader passes one part's surfaces of a building without copying their rings.
ShellMeasures measure_shell(std::span<const Surface3* const> surfaces, double z_ref_m);

/// Union of the surfaces' projections onto the horizontal plane (e.g. the ground surfaces of a
/// building → its footprint). Returns polygons as ring lists (outer ring first, then holes),
/// largest area first; empty if nothing is left. Degenerate projections (vertical surfaces)
/// contribute nothing. Surfaces are borrowed for the call.
std::vector<std::vector<Ring>> projected_union(std::span<const Surface3* const> surfaces);

/// One wall surface for the overlap search.
struct WallRef {
  const Surface3* surface = nullptr;  ///< borrowed; must outlive the call
  std::uint32_t building = 0;         ///< owner building (index)
  std::uint32_t part = 0;             ///< owner part within the building
};

/// Overlap of one wall with the walls of others.
struct WallOverlap {
  double shared_m2 = 0.0;    ///< area touching walls of other buildings (adiabatic party wall)
  double internal_m2 = 0.0;  ///< area touching other parts of the same building (not envelope)
};

/// For each wall, the area it shares with coplanar walls of other owners: the planes must be
/// parallel within 3° and the other wall's vertices within 0.1 m of this wall's plane (the
/// tolerances of shared_edge_lengths). Overlaps with several walls are united first, so each
/// area counts once per side. An R-tree over 3D boxes finds candidates; the polygon overlap is
/// computed in the wall's plane (Boost.Geometry). Parallel over walls, deterministic.
std::vector<WallOverlap> wall_overlaps(std::span<const WallRef> walls);

}  // namespace heattwin::twin
