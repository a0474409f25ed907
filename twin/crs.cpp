#include "twin/crs.hpp"

#include "twin/error.hpp"
#include "twin/gdal_session.hpp"

#include <cpl_conv.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <limits>
#include <vector>

namespace heattwin::twin {
namespace {

OGRSpatialReference make_srs(const std::string& definition) {
  OGRSpatialReference srs;
  set_srs(srs, definition);
  return srs;
}

/// "EPSG:nnnn" if PROJ identifies an EPSG code for `srs`, else its WKT (`fallback` if it has none).
std::string epsg_or_wkt(OGRSpatialReference& srs, const std::string& fallback) {
  srs.AutoIdentifyEPSG();
  const char* authority = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  if (authority != nullptr && code != nullptr && std::string(authority) == "EPSG") return std::string("EPSG:") + code;
  char* wkt = nullptr;
  srs.exportToWkt(&wkt);
  std::string result = wkt != nullptr ? wkt : fallback;
  CPLFree(wkt);
  return result;
}

}  // namespace

struct CoordinateTransform::Impl {
  OGRSpatialReference from;
  OGRSpatialReference to;
  std::unique_ptr<OGRCoordinateTransformation> ct;
  bool identity = false;
};

CoordinateTransform::CoordinateTransform(const std::string& from_crs, const std::string& to_crs)
    : impl_(std::make_unique<Impl>()) {
  impl_->from = make_srs(from_crs);
  impl_->to = make_srs(to_crs);
  impl_->identity = impl_->from.IsSame(&impl_->to) != 0;
  if (!impl_->identity) {
    impl_->ct.reset(OGRCreateCoordinateTransformation(&impl_->from, &impl_->to));
    HEATTWIN_CHECK(impl_->ct != nullptr, "no coordinate transformation from '{}' to '{}'", from_crs, to_crs);
  }
}

CoordinateTransform::~CoordinateTransform() = default;
CoordinateTransform::CoordinateTransform(CoordinateTransform&&) noexcept = default;
CoordinateTransform& CoordinateTransform::operator=(CoordinateTransform&&) noexcept = default;

bool CoordinateTransform::is_identity() const { return impl_->identity; }

void CoordinateTransform::transform(std::span<double> x, std::span<double> y) const {
  HEATTWIN_ASSERT(x.size() == y.size());
  if (impl_->identity || x.empty()) return;
  std::vector<int> ok(x.size(), 0);
  // Transform in chunks: OGR takes an int count.
  constexpr std::size_t CHUNK = 1 << 20;
  for (std::size_t start = 0; start < x.size(); start += CHUNK) {
    const std::size_t count = std::min(CHUNK, x.size() - start);
    impl_->ct->Transform(static_cast<int>(count), x.data() + start, y.data() + start, nullptr, ok.data() + start);
  }
  for (std::size_t k = 0; k < x.size(); ++k) {
    if (!ok[k] || !std::isfinite(x[k]) || !std::isfinite(y[k])) {
      x[k] = std::numeric_limits<double>::quiet_NaN();
      y[k] = std::numeric_limits<double>::quiet_NaN();
    }
  }
}

std::string canonical_crs(const std::string& definition) {
  OGRSpatialReference srs = make_srs(definition);
  return epsg_or_wkt(srs, definition);
}

std::string horizontal_crs(const std::string& definition) {
  OGRSpatialReference srs;
  try {
    srs = make_srs(definition);
  } catch (const InputError&) {
    return definition;  // unknown: left for canonical_crs to report
  }
  if (!srs.IsCompound()) return definition;
  // Heights stay as given, so only the horizontal part matters for the twin's coordinates.
  if (srs.StripVertical() != OGRERR_NONE) return definition;
  return epsg_or_wkt(srs, definition);
}

}  // namespace heattwin::twin
