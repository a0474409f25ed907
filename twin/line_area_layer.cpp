#include "twin/line_area_layer.hpp"

#include "twin/crs.hpp"
#include "twin/error.hpp"
#include "twin/gdal_session.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace heattwin::twin {

namespace {

/// "'a', 'b'" — the layer names of a dataset, for the message about a missing layer.
std::string layer_names(GDALDataset& ds) {
  std::string names;
  for (int i = 0; i < ds.GetLayerCount(); ++i) {
    if (!names.empty()) names += ", ";
    names += fmt::format("'{}'", ds.GetLayer(i)->GetName());
  }
  return names.empty() ? std::string("none") : names;
}

/// The transformed vertices of a ring or line, checked finite.
void checked_points(const OGRLineString& line, const CoordinateTransform& ct, std::vector<double>& x,
                    std::vector<double>& y, const std::string& path, std::string_view what, GIntBig fid,
                    const std::string& twin_crs) {
  transformed_line_points(line, ct, x, y);
  for (std::size_t i = 0; i < x.size(); ++i) {
    HEATTWIN_CHECK(std::isfinite(x[i]) && std::isfinite(y[i]),
                   "{}: {} feature {} has a vertex ({}, {}) that cannot be transformed to {} (is the layer's CRS "
                   "right?)",
                   path, what, fid, line.getX(static_cast<int>(i)), line.getY(static_cast<int>(i)), twin_crs);
  }
}

}  // namespace

double point_segment_distance_m(double px, double py, double ax, double ay, double bx, double by) {
  const double dx = bx - ax;
  const double dy = by - ay;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0.0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(px - (ax + t * dx), py - (ay + t * dy));
}

LineAreaLayer read_line_area_layer(const std::string& path, const std::string& layer_name, const std::string& twin_crs,
                                   std::string_view what) {
  const GdalDatasetPtr ds = open_vector_file(path, fmt::format("{} lines or areas", what));
  OGRLayer* layer = layer_name.empty() ? ds->GetLayer(0) : ds->GetLayerByName(layer_name.c_str());
  HEATTWIN_CHECK(layer != nullptr, "{}: no layer '{}' with the {} (layers in the file: {})", path,
                 layer_name.empty() ? "0" : layer_name, what, layer_names(*ds));
  LineAreaLayer out;
  out.path = path;
  out.layer_name = layer->GetName();
  const CoordinateTransform ct(
      layer_crs_wkt(*layer, path, fmt::format("; the {} layer needs one (e.g. save it as EPSG:25832)", what)),
      twin_crs);
  std::vector<double> xs, ys;
  std::vector<std::vector<std::array<double, 2>>> rings;
  layer->ResetReading();
  for (auto& feature : *layer) {
    ++out.features_read;
    const GIntBig fid = feature->GetFID();
    const OGRGeometry* g = feature->GetGeometryRef();
    std::vector<const OGRLineString*> lines;
    std::vector<const OGRPolygon*> polygons;
    if (g != nullptr && !g->IsEmpty()) {
      const auto type = wkbFlatten(g->getGeometryType());
      if (type == wkbLineString) {
        lines.push_back(g->toLineString());
      } else if (type == wkbMultiLineString) {
        for (const OGRLineString* part : *g->toMultiLineString()) lines.push_back(part);
      } else if (type == wkbPolygon) {
        polygons.push_back(g->toPolygon());
      } else if (type == wkbMultiPolygon) {
        for (const OGRPolygon* part : *g->toMultiPolygon()) polygons.push_back(part);
      }
    }
    if (lines.empty() && polygons.empty()) {
      ++out.skipped_features;
      continue;
    }
    if (!lines.empty()) ++out.line_features;
    if (!polygons.empty()) ++out.area_features;
    for (const OGRLineString* line : lines) {
      checked_points(*line, ct, xs, ys, path, what, fid, twin_crs);
      for (std::size_t i = 0; i + 1 < xs.size(); ++i) {
        const double len = std::hypot(xs[i + 1] - xs[i], ys[i + 1] - ys[i]);
        if (len <= 0.0) continue;
        out.x0_m.push_back(xs[i]);
        out.y0_m.push_back(ys[i]);
        out.x1_m.push_back(xs[i + 1]);
        out.y1_m.push_back(ys[i + 1]);
        out.line_length_m += len;
      }
    }
    for (const OGRPolygon* polygon : polygons) {
      rings.clear();
      for (const OGRLinearRing* ring : *polygon) {
        checked_points(*ring, ct, xs, ys, path, what, fid, twin_crs);
        auto& r = rings.emplace_back();
        for (std::size_t i = 0; i < xs.size(); ++i) r.push_back({xs[i], ys[i]});
      }
      const auto& outer = rings.front();
      const std::size_t distinct = outer.size() >= 2 && outer.front() == outer.back() ? outer.size() - 1 : outer.size();
      HEATTWIN_CHECK(distinct >= 3, "{}: {} feature {} has an area with fewer than 3 vertices", path, what, fid);
      out.areas.append_polygon(rings);
    }
  }
  HEATTWIN_CHECK(!out.empty(),
                 "{}: layer '{}' has no lines or areas ({} features, {} without line or area geometry); the {} "
                 "layer needs line or polygon features",
                 path, out.layer_name, out.features_read, out.skipped_features, what);
  return out;
}

LineAreaIndex::LineAreaIndex(const LineAreaLayer& layer, double bucket_m) : bucket_m_(bucket_m), areas_(layer.areas) {
  HEATTWIN_CHECK(bucket_m > 0.0 && std::isfinite(bucket_m), "line/area index: bucket size {} m must be > 0", bucket_m);
  sx0_ = layer.x0_m;
  sy0_ = layer.y0_m;
  sx1_ = layer.x1_m;
  sy1_ = layer.y1_m;
  // Area boundaries count as lines (a point just outside an area is near it).
  const PolygonSet& a = areas_;
  area_box_.reserve(a.polygon_count());
  for (std::size_t p = 0; p < a.polygon_count(); ++p) {
    Box box{INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (auto r = a.ring_begin[p]; r < a.ring_begin[p + 1]; ++r) {
      const auto v0 = a.vertex_begin[r];
      const auto v1 = a.vertex_begin[r + 1];
      for (auto v = v0; v < v1; ++v) {
        const auto w = v + 1 < v1 ? v + 1 : v0;
        sx0_.push_back(a.x_m[v]);
        sy0_.push_back(a.y_m[v]);
        sx1_.push_back(a.x_m[w]);
        sy1_.push_back(a.y_m[w]);
        box = {std::min(box.x0, a.x_m[v]), std::min(box.y0, a.y_m[v]), std::max(box.x1, a.x_m[v]),
               std::max(box.y1, a.y_m[v])};
      }
    }
    area_box_.push_back(box);
  }
  for (std::size_t s = 0; s < sx0_.size(); ++s) {
    const auto bx0 = static_cast<std::int64_t>(std::floor(std::min(sx0_[s], sx1_[s]) / bucket_m_));
    const auto bx1 = static_cast<std::int64_t>(std::floor(std::max(sx0_[s], sx1_[s]) / bucket_m_));
    const auto by0 = static_cast<std::int64_t>(std::floor(std::min(sy0_[s], sy1_[s]) / bucket_m_));
    const auto by1 = static_cast<std::int64_t>(std::floor(std::max(sy0_[s], sy1_[s]) / bucket_m_));
    for (auto bx = bx0; bx <= bx1; ++bx) {
      for (auto by = by0; by <= by1; ++by) {
        // Only buckets the segment passes within one bucket of (long diagonal segments).
        const double cx = (static_cast<double>(bx) + 0.5) * bucket_m_;
        const double cy = (static_cast<double>(by) + 0.5) * bucket_m_;
        if (point_segment_distance_m(cx, cy, sx0_[s], sy0_[s], sx1_[s], sy1_[s]) > bucket_m_) continue;
        buckets_[key(bx, by)].push_back(static_cast<std::uint32_t>(s));
      }
    }
  }
}

std::uint64_t LineAreaIndex::key(std::int64_t bx, std::int64_t by) const {
  return (static_cast<std::uint64_t>(bx) << 32U) ^ (static_cast<std::uint64_t>(by) & 0xffffffffULL);
}

bool LineAreaIndex::is_inside_area(double x, double y) const {
  const PolygonSet& a = areas_;
  for (std::size_t p = 0; p < a.polygon_count(); ++p) {
    const Box& b = area_box_[p];
    if (x < b.x0 || x > b.x1 || y < b.y0 || y > b.y1) continue;
    bool inside = false;  // even-odd rule over all rings: holes flip it back
    for (auto r = a.ring_begin[p]; r < a.ring_begin[p + 1]; ++r) {
      const auto v0 = a.vertex_begin[r];
      const auto v1 = a.vertex_begin[r + 1];
      for (auto v = v0; v < v1; ++v) {
        const auto w = v + 1 < v1 ? v + 1 : v0;
        const double yi = a.y_m[v], yj = a.y_m[w];
        if ((yi > y) != (yj > y) && x < (a.x_m[w] - a.x_m[v]) * (y - yi) / (yj - yi) + a.x_m[v]) inside = !inside;
      }
    }
    if (inside) return true;
  }
  return false;
}

bool LineAreaIndex::is_near(double x, double y, double distance_m) const {
  HEATTWIN_ASSERT(distance_m >= 0.0 && distance_m <= bucket_m_);
  if (!std::isfinite(x) || !std::isfinite(y)) return false;
  if (is_inside_area(x, y)) return true;
  const auto bx = static_cast<std::int64_t>(std::floor(x / bucket_m_));
  const auto by = static_cast<std::int64_t>(std::floor(y / bucket_m_));
  for (std::int64_t dx = -1; dx <= 1; ++dx) {
    for (std::int64_t dy = -1; dy <= 1; ++dy) {
      const auto it = buckets_.find(key(bx + dx, by + dy));
      if (it == buckets_.end()) continue;
      for (const std::uint32_t s : it->second) {
        if (point_segment_distance_m(x, y, sx0_[s], sy0_[s], sx1_[s], sy1_[s]) <= distance_m) return true;
      }
    }
  }
  return false;
}

}  // namespace heattwin::twin
