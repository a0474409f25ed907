#pragma once
/// \file Validation and repair of building shells (LoD1/LoD2 boundary surfaces) in the manner of
/// val3dity (Ledoux 2018, "val3dity: validation of 3D GIS primitives according to the
/// international standards", Open Geospatial Data, Software and Standards 3:1), with the error
/// codes of its documentation (val3dity 2.x, docs/errors.rst). Only the checks that matter for
/// energy are made: rings (101, 102, 104), polygons (203) and shells (302, 303, 305, 306, 307,
/// 308). What is safe is repaired with CGAL Polygon Mesh Processing (orient the soup, stitch
/// borders, fill small holes, orient to bound a volume, drop degenerate faces), and the volume
/// and the surface areas are then taken from the repaired triangle mesh.
///
/// This is the only translation unit that includes CGAL (compile time): callers see plain
/// surfaces in and numbers out.

#include "twin/surface_geometry.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace heattwin::twin {

/// The val3dity error codes this check reports (val3dity docs/errors.rst).
enum class Val3dityError : std::uint16_t {
  too_few_points = 101,                     ///< a ring has fewer than 3 distinct points
  consecutive_points_same = 102,            ///< two consecutive points of a ring coincide (snap tolerance)
  ring_self_intersection = 104,             ///< a ring crosses or touches itself, or is collapsed to a line
  non_planar_polygon_distance_plane = 203,  ///< a vertex lies farther than the tolerance from the fitted plane
  shell_not_closed = 302,                   ///< the shell has holes (edges used by one polygon only)
  non_manifold_case = 303,                  ///< an edge used by more than two polygons, or a pinched vertex
  multiple_connected_components = 305,      ///< the polygons form several disconnected pieces
  shell_self_intersection = 306,            ///< two polygons of the shell intersect
  polygon_wrong_orientation = 307,          ///< polygons are not oriented consistently
  all_polygons_wrong_orientation = 308,     ///< every polygon is oriented inwards
};

/// All codes, in ascending order.
inline constexpr std::array<Val3dityError, 10> VAL3DITY_ERRORS{
    Val3dityError::too_few_points,
    Val3dityError::consecutive_points_same,
    Val3dityError::ring_self_intersection,
    Val3dityError::non_planar_polygon_distance_plane,
    Val3dityError::shell_not_closed,
    Val3dityError::non_manifold_case,
    Val3dityError::multiple_connected_components,
    Val3dityError::shell_self_intersection,
    Val3dityError::polygon_wrong_orientation,
    Val3dityError::all_polygons_wrong_orientation,
};

/// The val3dity name of a code, e.g. "SHELL_NOT_CLOSED".
std::string_view val3dity_error_name(Val3dityError error);

/// Outcome of the check of one shell, stored per building in the twin (`geometry_check`): the
/// worst over the building's shells.
enum class ShellVerdict : std::uint8_t {
  unchecked = 0,  ///< no LoD1/LoD2 shell (footprint import, synthetic twin)
  valid = 1,      ///< no error: volume and areas as read
  repaired = 2,   ///< errors repaired: volume and areas from the repaired mesh
  fallback = 3,   ///< not repairable: volume from the roof and ground surfaces (measure_shell)
};

/// Tolerances of the check (val3dity's defaults).
struct ShellCheckSettings {
  double snap_tolerance_m = 0.001;      ///< vertices closer than this are one vertex (val3dity snap_tol)
  double planarity_distance_m = 0.01;   ///< vertex distance to the fitted plane (val3dity planarity_d2p_tol)
  double max_hole_area_fraction = 0.1;  ///< holes are filled only if the patches add at most this share of area
};

/// Result of check_and_repair_shell.
struct ShellCheck {
  ShellVerdict verdict = ShellVerdict::unchecked;
  /// The distinct error codes found (ascending); empty if valid.
  std::vector<Val3dityError> errors;
  /// Enclosed volume (m³) of the valid or repaired mesh (sum over its components); 0 for fallback.
  double volume_m3 = 0.0;
  /// Area (m²) each input surface has in the valid or repaired mesh (0 for a dropped degenerate
  /// surface); empty for fallback. Equals the Newell area for planar polygons.
  std::vector<double> surface_area_m2;
  /// Per input surface: true if the repaired mesh runs it against its ring order (its normal
  /// must be flipped to point outwards); empty for fallback.
  std::vector<bool> surface_flipped;
  double filled_hole_area_m2 = 0.0;    ///< area of the patches that close holes (m²)
  std::uint32_t dropped_surfaces = 0;  ///< degenerate or self-intersecting surfaces removed
};

/// Checks one shell given as boundary surfaces (rings open or closed, projected metres) and
/// repairs it where that is safe:
/// - ring errors 101, 102 and 104 (collapsed or self-intersecting ring): the duplicate points or
///   the surface are dropped; the hole a dropped surface leaves must then be fillable;
/// - 203: the polygon is triangulated (exact volume of the triangulated surface);
/// - 302: borders are stitched and holes filled (CGAL triangulate_hole) if the patches add at
///   most `max_hole_area_fraction` of the shell's area, otherwise fallback;
/// - 303: pinched vertices are duplicated (repaired); edges shared by more than two polygons
///   give fallback;
/// - 305: each component is taken as a shell of its own (volumes add) if each is closed;
/// - 306: fallback (no safe automatic repair);
/// - 307, 308: the soup is oriented consistently and outwards (orient_polygon_soup,
///   orient_to_bound_a_volume).
/// T-junctions (a vertex on another polygon's edge, within the snap tolerance) are not errors:
/// the edge is split there, as LoD2 walls often meet two roof edges.
/// Cost: O(n log n) in the number of vertices plus CGAL's box-intersection test for 306;
/// deterministic, no global state (safe to call from several threads).
ShellCheck check_and_repair_shell(std::span<const Surface3> surfaces, const ShellCheckSettings& settings = {});
/// The same for surfaces held elsewhere (borrowed for the call; none is copied). The CityGML
/// reader passes one part's surfaces this way: copying them cost ≈ 130 MB at the peak of the
/// 1 GB import (docs/RELIABILITY.md, peak memory of imports).
ShellCheck check_and_repair_shell(std::span<const Surface3* const> surfaces, const ShellCheckSettings& settings = {});

}  // namespace heattwin::twin
