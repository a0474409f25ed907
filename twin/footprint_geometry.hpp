#pragma once
/// \file Plane geometry of footprint polygons: area, perimeter, centroid, orientation of wall
/// edges, and the envelope derived from footprint × height (LoD1 convention).

#include "twin/building_set.hpp"

#include <array>
#include <span>
#include <string>
#include <vector>

namespace heattwin::twin {

using Ring = std::vector<std::array<double, 2>>;

/// Signed area of an open or closed ring (shoelace formula, coordinates shifted to the first
/// vertex for precision); > 0 for counter-clockwise rings. Unit: square of the coordinate unit.
double signed_ring_area(std::span<const std::array<double, 2>> ring);
/// Length of the closed ring.
double ring_perimeter(std::span<const std::array<double, 2>> ring);

/// Plane measures of a polygon with holes (first ring outer, further rings holes).
struct PolygonMeasures {
  double area_m2 = 0.0;       ///< outer area minus hole areas
  double perimeter_m = 0.0;   ///< all rings
  double centroid_x_m = 0.0;  ///< area centroid
  double centroid_y_m = 0.0;
  /// Length of boundary edges whose outward normal falls in each of the 8 sectors (SECTOR_NAMES).
  std::array<double, 8> edge_length_by_sector_m{};
};

/// Largest extent (width or depth, m) of one building's footprint. The longest factory halls
/// reach about 1 km (e.g. Boeing's Everett plant, ≈ 1.1 km; Volkswagen's Wolfsburg main hall
/// ≈ 1.3 km); 2 km leaves room for them and rejects stray vertices and non-building features.
inline constexpr double MAX_BUILDING_EXTENT_M = 2000.0;

/// Why a ring set is not a usable footprint; empty string if it is.
/// Checks: at least one ring, ≥ 3 distinct vertices per ring, finite coordinates, non-zero area,
/// an extent of at most MAX_BUILDING_EXTENT_M (projected metres),
/// no self-intersection of the outer ring (O(n²) for small rings, which footprints are).
std::string footprint_problem(std::span<const Ring> rings);

/// Orients rings in place: outer ring counter-clockwise, holes clockwise; drops closing duplicates
/// and consecutive duplicate vertices.
void normalise_rings(std::vector<Ring>& rings);

/// Measures of normalised rings (see normalise_rings).
PolygonMeasures measure_polygon(std::span<const Ring> rings);

/// Sector 0…7 (N, NE, …, NW) of an outward normal with azimuth `azimuth_deg` (clockwise from north).
int sector_of_azimuth(double azimuth_deg);

/// Fills the LoD1 envelope of building b from its footprint measures and height_m:
/// wall_area_m2 = perimeter × height (shared walls included), shared_wall_area_m2 = shared edge
/// length × height, the 8 exposed-wall sector columns = (edge length − shared edge length) by
/// sector × height, roof_area_m2 = footprint area (flat-roof LoD1 assumption), volume_m3 =
/// footprint × height. `shared_edge_length_by_sector_m` is the footprint boundary length that
/// touches neighbours (see shared_walls.hpp; zeros if unknown). Values whose inputs are unknown
/// stay NaN. Sets prov_volume and prov_envelope to geometry.
void derive_lod1_envelope(BuildingSet& buildings, BuildingIndex b, const PolygonMeasures& measures,
                          const std::array<double, 8>& shared_edge_length_by_sector_m);

}  // namespace heattwin::twin
