#pragma once
/// \file Coordinate reference systems and transformations (PROJ through GDAL's OSR).

#include <memory>
#include <span>
#include <string>

namespace heattwin::twin {

/// The twin's default CRS: ETRS89 / UTM zone 32N, used by Sachsen-Anhalt's LoD2.
inline constexpr const char* DEFAULT_TWIN_CRS = "EPSG:25832";

/// Transforms points between two CRSs given as "EPSG:nnnn", a URN, WKT or PROJ string.
/// Axis order is always (easting/longitude, northing/latitude). Not thread-safe per instance.
class CoordinateTransform {
 public:
  /// Throws InputError naming the CRS if either is unknown.
  CoordinateTransform(const std::string& from_crs, const std::string& to_crs);
  ~CoordinateTransform();
  CoordinateTransform(CoordinateTransform&&) noexcept;
  CoordinateTransform& operator=(CoordinateTransform&&) noexcept;
  CoordinateTransform(const CoordinateTransform&) = delete;
  CoordinateTransform& operator=(const CoordinateTransform&) = delete;

  /// True if both CRSs are the same (transform() is then a no-op).
  bool is_identity() const;
  /// Transforms in place; points that cannot be transformed become NaN.
  void transform(std::span<double> x, std::span<double> y) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Canonical "EPSG:nnnn" of a CRS definition if it has an EPSG code, else its WKT.
/// Throws InputError if the definition is not understood.
std::string canonical_crs(const std::string& definition);

/// The horizontal component of a compound CRS as "EPSG:nnnn" (its WKT if it has no EPSG code),
/// e.g. EPSG:7415 (Amersfoort / RD New + NAP height) → "EPSG:28992", EPSG:5555 (ETRS89 / UTM 32N +
/// DHHN92 height) → "EPSG:25832". Any other definition, and one PROJ does not know, is returned
/// unchanged (canonical_crs reports unknown ones). Looks the definition up in the PROJ database.
std::string horizontal_crs(const std::string& definition);

}  // namespace heattwin::twin
