#include "twin/network_import.hpp"

#include "twin/crs.hpp"
#include "twin/error.hpp"
#include "twin/gdal_session.hpp"
#include "twin/graph.hpp"
#include "twin/types.hpp"

#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <unordered_map>

namespace heattwin::twin {

namespace {

/// A line read from the file, in the twin CRS.
struct Line {
  std::string id;
  long long fid = 0;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0, length_m = 0;
  double inner_diameter_m = 0, heat_loss_w_per_mk = 0;
  std::string building;
  bool source = false;
};

std::string field_string(const OGRFeature& f, int index) {
  return index >= 0 && f.IsFieldSetAndNotNull(index) ? std::string(f.GetFieldAsString(index)) : std::string();
}

std::uint64_t cell_key(std::int64_t ix, std::int64_t iy) {
  return (static_cast<std::uint64_t>(ix) << 32) ^ (static_cast<std::uint64_t>(iy) & 0xffffffffULL);
}

}  // namespace

NetworkImportReport import_network(const std::string& path, const NetworkImportOptions& o, const BuildingSet& buildings,
                                   NetworkSet& set) {
  HEATTWIN_CHECK(!o.name.empty() && o.name.find('/') == std::string::npos,
                 "{}: the network name '{}' must be non-empty and without '/'", path, o.name);
  HEATTWIN_CHECK(std::find(set.names.begin(), set.names.end(), o.name) == set.names.end(),
                 "{}: the twin already has a network '{}'; choose another name", path, o.name);
  HEATTWIN_CHECK(o.snap_tolerance_m > 0.0 && o.consumer_distance_m >= 0.0,
                 "{}: snap tolerance {} m must be > 0 and consumer distance {} m ≥ 0", path, o.snap_tolerance_m,
                 o.consumer_distance_m);
  const GdalDatasetPtr ds = open_vector_file(path, "network lines");
  OGRLayer* layer = o.layer.empty() ? ds->GetLayer(0) : ds->GetLayerByName(o.layer.c_str());
  HEATTWIN_CHECK(layer != nullptr, "{}: no layer '{}'", path, o.layer.empty() ? "0" : o.layer);
  const CoordinateTransform ct(layer_crs_wkt(*layer, path), o.twin_crs);
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  const int f_id = defn->GetFieldIndex(o.id_field.c_str());
  const int f_dn = defn->GetFieldIndex(o.dn_field.c_str());
  const int f_di = defn->GetFieldIndex(o.inner_diameter_field.c_str());
  const int f_loss = defn->GetFieldIndex(o.heat_loss_field.c_str());
  const int f_building = defn->GetFieldIndex(o.building_field.c_str());
  const int f_source = defn->GetFieldIndex(o.source_field.c_str());
  const auto lookup = [](const std::vector<std::pair<int, double>>& table, int dn) {
    for (const auto& [d, v] : table) {
      if (d == dn) return v;
    }
    return std::numeric_limits<double>::quiet_NaN();
  };

  NetworkImportReport report;
  std::vector<Line> lines;
  std::vector<double> xs, ys;
  for (auto& feature : *layer) {
    ++report.features_read;
    const OGRGeometry* g = feature->GetGeometryRef();
    std::vector<const OGRLineString*> parts;
    if (g != nullptr && wkbFlatten(g->getGeometryType()) == wkbLineString) parts.push_back(g->toLineString());
    if (g != nullptr && wkbFlatten(g->getGeometryType()) == wkbMultiLineString) {
      for (const OGRLineString* part : *g->toMultiLineString()) parts.push_back(part);
    }
    HEATTWIN_CHECK(!parts.empty(), "{}: feature {} is not a line (network pipes are LineStrings)", path,
                   feature->GetFID());
    for (std::size_t k = 0; k < parts.size(); ++k) {
      const OGRLineString* line = parts[k];
      transformed_line_points(*line, ct, xs, ys);
      Line l;
      l.fid = feature->GetFID();
      l.id = field_string(*feature, f_id);
      if (l.id.empty()) {
        l.id = fmt::format("{}/p{}", o.name, l.fid);
        ++report.default_id;
      }
      if (parts.size() > 1) l.id += fmt::format("/{}", k);
      for (std::size_t i = 0; i + 1 < xs.size(); ++i) l.length_m += std::hypot(xs[i + 1] - xs[i], ys[i + 1] - ys[i]);
      HEATTWIN_CHECK(xs.size() >= 2 && std::isfinite(l.length_m) && l.length_m > 0.0,
                     "{}: pipe '{}' (feature {}) has zero length (or points that cannot be transformed); remove it",
                     path, l.id, l.fid);
      l.x0 = xs.front();
      l.y0 = ys.front();
      l.x1 = xs.back();
      l.y1 = ys.back();
      const std::string di = field_string(*feature, f_di), dn = field_string(*feature, f_dn);
      int dn_value = o.default_dn;
      if (!di.empty()) {
        l.inner_diameter_m = feature->GetFieldAsDouble(f_di);
      } else if (!dn.empty()) {
        dn_value = feature->GetFieldAsInteger(f_dn);
        l.inner_diameter_m = lookup(o.dn_inner_diameter_m, dn_value);
        HEATTWIN_CHECK(std::isfinite(l.inner_diameter_m), "{}: pipe '{}' has DN {}, which is not in the DN series",
                       path, l.id, dn);
      } else {
        l.inner_diameter_m = lookup(o.dn_inner_diameter_m, o.default_dn);
        ++report.default_diameter;
      }
      HEATTWIN_CHECK(std::isfinite(l.inner_diameter_m) && l.inner_diameter_m > 0.0,
                     "{}: pipe '{}' has inner diameter {} m; it must be > 0 (field '{}' or '{}')", path, l.id,
                     l.inner_diameter_m, o.inner_diameter_field, o.dn_field);
      if (!field_string(*feature, f_loss).empty()) {
        l.heat_loss_w_per_mk = feature->GetFieldAsDouble(f_loss);
      } else {
        // By DN; an explicit inner diameter takes the loss of the nearest DN's inner diameter.
        int best = o.default_dn;
        double best_d = std::numeric_limits<double>::infinity();
        for (const auto& [d, inner] : o.dn_inner_diameter_m) {
          if (std::abs(inner - l.inner_diameter_m) < best_d) {
            best_d = std::abs(inner - l.inner_diameter_m);
            best = d;
          }
        }
        l.heat_loss_w_per_mk = lookup(o.dn_heat_loss_w_per_mk, di.empty() ? dn_value : best);
        ++report.default_heat_loss;
      }
      HEATTWIN_CHECK(std::isfinite(l.heat_loss_w_per_mk) && l.heat_loss_w_per_mk >= 0.0,
                     "{}: pipe '{}' has heat-loss coefficient {} W/(m·K); it must be ≥ 0", path, l.id,
                     l.heat_loss_w_per_mk);
      l.building = field_string(*feature, f_building);
      const std::string src = field_string(*feature, f_source);
      l.source = src == "1" || src == "true" || src == "yes" || src == "True";
      report.length_m += l.length_m;
      lines.push_back(std::move(l));
    }
  }
  HEATTWIN_CHECK(!lines.empty(), "{}: no network lines", path);

  // Junctions from snapped line ends (grid hash, 3×3 neighbourhood).
  std::vector<double> jx, jy;
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> grid;
  const double tol = o.snap_tolerance_m;
  const auto snap = [&](double x, double y) {
    const auto ix = static_cast<std::int64_t>(std::floor(x / tol)), iy = static_cast<std::int64_t>(std::floor(y / tol));
    std::uint32_t found = NO_INDEX;
    double best = tol * tol;
    for (std::int64_t dy = -1; dy <= 1; ++dy) {
      for (std::int64_t dx = -1; dx <= 1; ++dx) {
        const auto it = grid.find(cell_key(ix + dx, iy + dy));
        if (it == grid.end()) continue;
        for (const std::uint32_t j : it->second) {
          const double d2 = (jx[j] - x) * (jx[j] - x) + (jy[j] - y) * (jy[j] - y);
          if (d2 <= best) {
            best = d2;
            found = j;
          }
        }
      }
    }
    if (found != NO_INDEX) return found;
    jx.push_back(x);
    jy.push_back(y);
    const auto id = static_cast<std::uint32_t>(jx.size() - 1);
    grid[cell_key(ix, iy)].push_back(id);
    return id;
  };
  std::vector<std::uint32_t> from(lines.size()), to(lines.size());
  for (std::size_t k = 0; k < lines.size(); ++k) {
    from[k] = snap(lines[k].x0, lines[k].y0);
    to[k] = snap(lines[k].x1, lines[k].y1);
    HEATTWIN_CHECK(from[k] != to[k],
                   "{}: pipe '{}' starts and ends within the snap tolerance {} m of one point; remove it or lower "
                   "the tolerance",
                   path, lines[k].id, tol);
  }
  const std::size_t nj = jx.size();
  std::vector<std::uint32_t> degree(nj, 0);
  for (std::size_t k = 0; k < lines.size(); ++k) {
    ++degree[from[k]];
    ++degree[to[k]];
  }

  // Source.
  std::uint32_t plant = NO_INDEX;
  if (std::isfinite(o.source_x_m) && std::isfinite(o.source_y_m)) {
    double best = std::numeric_limits<double>::infinity();
    for (std::uint32_t j = 0; j < nj; ++j) {
      const double d = std::hypot(jx[j] - o.source_x_m, jy[j] - o.source_y_m);
      if (d < best) {
        best = d;
        plant = j;
      }
    }
    HEATTWIN_CHECK(best <= std::max(o.consumer_distance_m, tol),
                   "{}: no line end within {} m of the source point ({}, {}); the nearest is {:.1f} m away", path,
                   std::max(o.consumer_distance_m, tol), o.source_x_m, o.source_y_m, best);
  } else {
    for (std::size_t k = 0; k < lines.size() && plant == NO_INDEX; ++k) {
      if (lines[k].source) plant = from[k];
    }
  }
  HEATTWIN_CHECK(plant != NO_INDEX,
                 "{}: the network has no source: mark the plant's line with {} = 1 (its first vertex is the plant) or "
                 "give the source point",
                 path, o.source_field);

  // Connectivity from the plant.
  const std::vector<std::uint8_t> seen = reachable_from(nj, from, to, plant);
  std::vector<std::string> cut;
  std::size_t cut_count = 0;
  for (std::size_t k = 0; k < lines.size(); ++k) {
    if (seen[from[k]]) continue;
    if (++cut_count <= 10) cut.push_back(lines[k].id);
  }
  HEATTWIN_CHECK(cut_count == 0,
                 "{}: {} pipes are not connected to the source (within the snap tolerance {} m): {}{}; connect them or "
                 "raise --snap-tolerance",
                 path, cut_count, tol, fmt::join(cut, ", "), cut_count > 10 ? ", …" : "");

  // Consumers: lines naming their building (at the last vertex), then leaves near a building.
  std::unordered_map<std::string_view, std::uint32_t> building_of_id;
  for (std::uint32_t i = 0; i < buildings.size(); ++i) building_of_id.emplace(buildings.id[i], i);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> consumers;  // (junction, building)
  std::vector<std::uint8_t> has_consumer(nj, 0);
  for (std::size_t k = 0; k < lines.size(); ++k) {
    if (lines[k].building.empty()) continue;
    const auto it = building_of_id.find(lines[k].building);
    HEATTWIN_CHECK(it != building_of_id.end(), "{}: pipe '{}' names building '{}', which is not in the twin", path,
                   lines[k].id, lines[k].building);
    consumers.emplace_back(to[k], it->second);
    has_consumer[to[k]] = 1;
    ++report.consumers_by_attribute;
  }
  // Grid over the building centroids for the nearest-building search.
  const double cell = std::max(o.consumer_distance_m, 1.0);
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> bgrid;
  for (std::uint32_t i = 0; i < buildings.size(); ++i) {
    bgrid[cell_key(static_cast<std::int64_t>(std::floor(buildings.x_m[i] / cell)),
                   static_cast<std::int64_t>(std::floor(buildings.y_m[i] / cell)))]
        .push_back(i);
  }
  for (std::uint32_t j = 0; j < nj; ++j) {
    if (degree[j] != 1 || j == plant || has_consumer[j]) continue;
    const auto ix = static_cast<std::int64_t>(std::floor(jx[j] / cell)),
               iy = static_cast<std::int64_t>(std::floor(jy[j] / cell));
    std::uint32_t found = NO_INDEX;
    double best = o.consumer_distance_m;
    for (std::int64_t dy = -1; dy <= 1; ++dy) {
      for (std::int64_t dx = -1; dx <= 1; ++dx) {
        const auto it = bgrid.find(cell_key(ix + dx, iy + dy));
        if (it == bgrid.end()) continue;
        for (const std::uint32_t i : it->second) {
          const double d = std::hypot(buildings.x_m[i] - jx[j], buildings.y_m[i] - jy[j]);
          if (d < best || (d == best && found != NO_INDEX && i < found)) {
            best = d;
            found = i;
          }
        }
      }
    }
    if (found == NO_INDEX) {
      ++report.leaves_without_building;
      continue;
    }
    consumers.emplace_back(j, found);
    ++report.consumers_by_distance;
  }
  HEATTWIN_CHECK(!consumers.empty(),
                 "{}: no consumer: no line names a building ('{}') and no line end with one pipe lies within {} m of a "
                 "building centroid",
                 path, o.building_field, o.consumer_distance_m);

  // Store.
  const auto network = static_cast<std::uint32_t>(set.names.size());
  set.names.push_back(o.name);
  const auto base = static_cast<std::uint32_t>(set.junctions.size());
  for (std::uint32_t j = 0; j < nj; ++j) {
    set.junctions.id.push_back(fmt::format("{}/j{}", o.name, j));
    set.junctions.x_m.push_back(jx[j]);
    set.junctions.y_m.push_back(jy[j]);
    set.junctions.elevation_m.push_back(0.0);
    set.junctions.network.push_back(network);
  }
  for (std::size_t k = 0; k < lines.size(); ++k) {
    set.pipes.id.push_back(lines[k].id);
    set.pipes.from_junction.push_back(base + from[k]);
    set.pipes.to_junction.push_back(base + to[k]);
    set.pipes.length_m.push_back(lines[k].length_m);
    set.pipes.inner_diameter_m.push_back(lines[k].inner_diameter_m);
    set.pipes.roughness_mm.push_back(o.roughness_mm);
    set.pipes.heat_loss_w_per_mk.push_back(lines[k].heat_loss_w_per_mk);
    set.pipes.burial_depth_m.push_back(o.burial_depth_m);
    set.pipes.side.push_back(static_cast<std::uint8_t>(PipeSide::supply));
  }
  for (const auto& [j, i] : consumers) {
    set.consumers.id.push_back(buildings.id[i]);
    set.consumers.building.push_back(i);
    set.consumers.supply_junction.push_back(base + j);
    set.consumers.return_junction.push_back(base + j);
    set.consumers.design_heat_kw.push_back(std::numeric_limits<double>::quiet_NaN());
  }
  set.sources.id.push_back(fmt::format("{}/plant", o.name));
  set.sources.supply_junction.push_back(base + plant);
  set.sources.return_junction.push_back(base + plant);
  set.sources.t_supply_c.push_back(o.t_supply_c);
  set.sources.pressure_lift_bar.push_back(std::numeric_limits<double>::quiet_NaN());
  report.pipes = lines.size();
  report.junctions = nj;
  report.consumers = consumers.size();
  return report;
}

}  // namespace heattwin::twin
