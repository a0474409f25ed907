#include "twin/street_import.hpp"

#include "twin/crs.hpp"
#include "twin/error.hpp"
#include "twin/gdal_session.hpp"
#include "twin/types.hpp"

#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>

namespace heattwin::twin {

const std::vector<std::string>& default_street_highway_types() {
  static const std::vector<std::string> types = {"primary",       "primary_link",  "secondary",    "secondary_link",
                                                 "tertiary",      "tertiary_link", "unclassified", "residential",
                                                 "living_street", "service",       "road",         "pedestrian"};
  return types;
}

StreetImportReport import_streets(const std::string& path, const StreetImportOptions& options, StreetSegments& out) {
  const GdalDatasetPtr ds = open_vector_file(path, "street lines");
  const bool is_osm = std::string(ds->GetDriverName()) == "OSM";
  OGRLayer* layer = !options.layer.empty() ? ds->GetLayerByName(options.layer.c_str())
                    : is_osm               ? ds->GetLayerByName("lines")
                                           : ds->GetLayer(0);
  HEATTWIN_CHECK(layer != nullptr, "{}: no layer '{}' with street lines", path,
                 options.layer.empty() ? (is_osm ? "lines" : "0") : options.layer);
  const CoordinateTransform ct(layer_crs_wkt(*layer, path), options.twin_crs);
  const int f_highway = layer->GetLayerDefn()->GetFieldIndex("highway");

  StreetImportReport report;
  std::vector<double> xs, ys;
  layer->ResetReading();
  for (auto& feature : *layer) {
    ++report.features_read;
    if (f_highway >= 0) {
      const char* v = feature->IsFieldSetAndNotNull(f_highway) ? feature->GetFieldAsString(f_highway) : "";
      if (std::find(options.highway_types.begin(), options.highway_types.end(), v) == options.highway_types.end()) {
        ++report.skipped_highway_type;
        continue;
      }
    }
    const OGRGeometry* g = feature->GetGeometryRef();
    std::vector<const OGRLineString*> lines;
    if (g != nullptr) {
      const auto type = wkbFlatten(g->getGeometryType());
      if (type == wkbLineString) {
        lines.push_back(g->toLineString());
      } else if (type == wkbMultiLineString) {
        for (const OGRLineString* part : *g->toMultiLineString()) lines.push_back(part);
      }
    }
    if (lines.empty()) {
      ++report.skipped_not_a_line;
      continue;
    }
    ++report.lines_used;
    for (const OGRLineString* line : lines) {
      transformed_line_points(*line, ct, xs, ys);
      for (std::size_t i = 0; i + 1 < xs.size(); ++i) {
        HEATTWIN_CHECK(
            std::isfinite(xs[i]) && std::isfinite(ys[i]) && std::isfinite(xs[i + 1]) && std::isfinite(ys[i + 1]),
            "{}: feature {} has a vertex that cannot be transformed to {}", path, feature->GetFID(), options.twin_crs);
        const double len = std::hypot(xs[i + 1] - xs[i], ys[i + 1] - ys[i]);
        if (len <= 0.0) {
          ++report.skipped_degenerate;
          continue;
        }
        out.append(xs[i], ys[i], xs[i + 1], ys[i + 1], NO_INDEX);
        ++report.segments;
        report.length_m += len;
      }
    }
  }
  return report;
}

}  // namespace heattwin::twin
