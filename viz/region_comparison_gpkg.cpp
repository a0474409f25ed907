#include "viz/region_comparison_gpkg.hpp"

#include "twin/error.hpp"
#include "twin/gpkg_writer.hpp"
#include "twin/twin.hpp"

#include <fmt/format.h>
#include <ogr_geometry.h>

#include <cstdint>
#include <map>
#include <memory>

namespace heattwin::viz {
namespace {

using twin::GpkgField;
using twin::GpkgFieldType;
using twin::GpkgGeometryType;
using twin::GpkgWriter;

/// Polygon `p` of `set` as an OGR polygon (rings closed); nullptr when it has no ring.
std::unique_ptr<OGRPolygon> to_ogr(const twin::PolygonSet& set, std::size_t p) {
  if (p >= set.polygon_count() || set.ring_begin[p] == set.ring_begin[p + 1]) return nullptr;
  auto polygon = std::make_unique<OGRPolygon>();
  for (std::uint64_t r = set.ring_begin[p]; r < set.ring_begin[p + 1]; ++r) {
    OGRLinearRing ring;
    for (std::uint64_t v = set.vertex_begin[r]; v < set.vertex_begin[r + 1]; ++v) ring.addPoint(set.x_m[v], set.y_m[v]);
    ring.closeRings();
    polygon->addRing(&ring);
  }
  return polygon;
}

std::vector<GpkgField> fields(const RegionComparison& c, bool kreise) {
  std::vector<GpkgField> f{{"ags", GpkgFieldType::string}, {"name", GpkgFieldType::string}};
  if (!kreise) f.push_back({"kreis_ags", GpkgFieldType::string});
  f.push_back({"population", GpkgFieldType::integer64});
  f.push_back({"buildings", GpkgFieldType::integer64});
  f.push_back({"withheld", GpkgFieldType::integer});
  for (const auto& ind : c.indicators) f.push_back({ind.key, GpkgFieldType::real});
  f.push_back({"outliers", GpkgFieldType::string});
  return f;
}

/// The row's fields (in the order of fields()); the geometry is set by the caller.
void set_row(GpkgWriter& out, const RegionComparison& c, const RegionRow& row, bool kreise) {
  int k = 0;
  out.set_string(k++, row.sums.ags);
  out.set_string(k++, row.sums.name);
  if (!kreise) out.set_string(k++, row.sums.kreis_ags);
  out.set_integer(k++, row.sums.population);
  out.set_integer(k++, static_cast<std::int64_t>(row.sums.buildings));
  out.set_integer(k++, row.withheld ? 1 : 0);
  for (std::size_t i = 0; i < c.indicators.size(); ++i) out.set_real(k++, row.values[i]);
  std::string flagged;
  for (std::size_t i = 0; i < c.indicators.size(); ++i) {
    if (row.outlier[i] == 0) continue;
    if (!flagged.empty()) flagged += ' ';
    flagged += c.indicators[i].key;
  }
  out.set_string(k, flagged);
}

}  // namespace

std::vector<std::string> write_comparison_gpkg(const RegionComparison& c, const twin::Twin& twin,
                                               const std::string& path) {
  const auto& boundaries = twin.regions.municipality_boundaries;
  // The Kreis of each municipality, and its polygons, for the union.
  std::map<std::string, OGRMultiPolygon> kreis_parts;
  for (std::size_t m = 0; m < twin.regions.municipalities.size(); ++m) {
    auto polygon = to_ogr(boundaries, m);
    if (!polygon) continue;
    const auto k = twin.regions.municipalities[m].kreis;
    const std::string kreis = k < twin.regions.kreise.size() ? twin.regions.kreise[k].ags : std::string();
    kreis_parts[kreis].addGeometryDirectly(polygon.release());
  }
  std::map<std::string, std::vector<std::uint8_t>> kreis_wkb;
  for (auto& [kreis, parts] : kreis_parts) {
    std::unique_ptr<OGRGeometry> dissolved(parts.UnionCascaded());
    std::unique_ptr<OGRGeometry> multi(
        OGRGeometryFactory::forceToMultiPolygon(dissolved ? dissolved.release() : parts.clone()));
    if (!multi) continue;
    auto& wkb = kreis_wkb[kreis];
    wkb.resize(multi->WkbSize());
    multi->exportToWkb(wkbNDR, wkb.data());
  }
  GpkgWriter out(path);
  std::vector<std::string> layers;
  for (const auto& y : c.years) {
    HEATTWIN_CHECK(y.municipalities.rows.size() == twin.regions.municipalities.size(),
                   "{}: the comparison has {} municipalities, the twin {} (another twin?)", path,
                   y.municipalities.rows.size(), twin.regions.municipalities.size());
    const std::string mun = fmt::format("municipalities_{}", y.year);
    out.begin_layer(
        {.name = mun,
         .crs = twin.crs,
         .geometry = GpkgGeometryType::polygon,
         .fields = fields(c, false),
         .description = fmt::format("HeatTwin compare {} {}: indicators per municipality", c.scenario, y.year)});
    for (std::size_t m = 0; m < y.municipalities.rows.size(); ++m) {
      set_row(out, c, y.municipalities.rows[m], false);
      if (m < boundaries.polygon_count()) out.set_polygon(boundaries, m);
      out.write_feature(y.municipalities.rows[m].sums.ags);
    }
    out.end_layer();
    layers.push_back(mun);
    const std::string kr = fmt::format("kreise_{}", y.year);
    out.begin_layer({.name = kr,
                     .crs = twin.crs,
                     .geometry = GpkgGeometryType::multi_polygon,
                     .fields = fields(c, true),
                     .description = fmt::format("HeatTwin compare {} {}: indicators per Kreis", c.scenario, y.year)});
    for (const auto& row : y.kreise.rows) {
      set_row(out, c, row, true);
      const auto it = kreis_wkb.find(row.sums.ags);
      if (it != kreis_wkb.end()) out.set_geometry_wkb(it->second, row.sums.ags);
      out.write_feature(row.sums.ags);
    }
    out.end_layer();
    layers.push_back(kr);
  }
  out.commit();
  return layers;
}

}  // namespace heattwin::viz
