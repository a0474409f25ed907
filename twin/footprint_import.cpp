#include "twin/footprint_import.hpp"

#include "twin/input_file.hpp"
#include "twin/typology.hpp"

#include "twin/alkis_codes.hpp"
#include "twin/crs.hpp"
#include "twin/error.hpp"
#include "twin/footprint_geometry.hpp"
#include "twin/gdal_session.hpp"
#include "twin/grid.hpp"
#include "twin/log.hpp"

#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <toml++/toml.h>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <numbers>
#include <unordered_map>
#include <unordered_set>

namespace heattwin::twin {
namespace {

// ------------------------------------------------------------------------------------ mapping

const std::vector<std::pair<std::string, std::string AttributeMapping::*>>& mapping_fields() {
  static const std::vector<std::pair<std::string, std::string AttributeMapping::*>> fields{
      {"id", &AttributeMapping::id},
      {"height_m", &AttributeMapping::height_m},
      {"storeys", &AttributeMapping::storeys},
      {"year_of_construction", &AttributeMapping::year_of_construction},
      {"alkis_function", &AttributeMapping::alkis_function},
      {"use_class", &AttributeMapping::use_class},
      {"municipality_ags", &AttributeMapping::municipality_ags},
      {"measured_heat_kwh_per_a", &AttributeMapping::measured_heat_kwh_per_a},
      {"parent_id", &AttributeMapping::parent_id},
      {"heating_carrier", &AttributeMapping::heating_carrier},
      {"heating_year", &AttributeMapping::heating_year},
      {"heating_power_kw", &AttributeMapping::heating_power_kw},
  };
  return fields;
}

std::string where(const std::string& path, const toml::node& node) {
  return fmt::format("{}:{}", path, node.source().begin.line);
}

std::string string_value(const std::string& path, const std::string& key, const toml::node& node) {
  const auto* s = node.as_string();
  HEATTWIN_CHECK(s != nullptr, "{}: key '{}' must be a string (in quotes)", where(path, node), key);
  return s->get();
}

// ------------------------------------------------------------------------------------ GDAL input

/// A vector file of `what` (GDAL), with the formats to give if no driver reads it.
GdalDatasetPtr open_vector(const std::string& path, std::string_view what) {
  return open_vector_file(path, what, "; give a GeoPackage, shapefile, GeoJSON, OSM or another GDAL vector format");
}

/// Value of an OSM "other_tags" hstore entry, e.g. "building:levels"=>"3".
std::string osm_tag(const char* other_tags, std::string_view key) {
  if (other_tags == nullptr) return {};
  const std::string_view tags(other_tags);
  const std::string needle = fmt::format("\"{}\"=>\"", key);
  const auto at = tags.find(needle);
  if (at == std::string_view::npos) return {};
  const auto start = at + needle.size();
  const auto end = tags.find('"', start);
  return std::string(tags.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
}

/// Use class of an OSM building=* value (OSM wiki "Key:building"); nullopt for "yes" and unknown values.
std::optional<UseClass> use_class_of_osm_building(std::string_view v) {
  static const std::unordered_map<std::string_view, UseClass> map{
      {"house", UseClass::residential},
      {"detached", UseClass::residential},
      {"semidetached_house", UseClass::residential},
      {"terrace", UseClass::residential},
      {"apartments", UseClass::residential},
      {"residential", UseClass::residential},
      {"bungalow", UseClass::residential},
      {"dormitory", UseClass::residential},
      {"farm", UseClass::residential},
      {"commercial", UseClass::office},
      {"office", UseClass::office},
      {"retail", UseClass::retail},
      {"supermarket", UseClass::retail},
      {"industrial", UseClass::industry},
      {"warehouse", UseClass::storage},
      {"school", UseClass::school},
      {"kindergarten", UseClass::school},
      {"university", UseClass::school},
      {"hospital", UseClass::hospital},
      {"hotel", UseClass::hotel_restaurant},
      {"church", UseClass::culture},
      {"chapel", UseClass::culture},
      {"public", UseClass::public_other},
      {"civic", UseClass::public_other},
      {"sports_hall", UseClass::sports},
      {"barn", UseClass::agriculture},
      {"farm_auxiliary", UseClass::agriculture},
      {"stable", UseClass::agriculture},
      {"garage", UseClass::unheated},
      {"garages", UseClass::unheated},
      {"carport", UseClass::unheated},
      {"shed", UseClass::unheated},
      {"hut", UseClass::unheated},
      {"roof", UseClass::unheated},
      {"greenhouse", UseClass::unheated},
      {"transformer_tower", UseClass::unheated},
      {"service", UseClass::unheated},
      {"construction", UseClass::unheated},
  };
  const auto it = map.find(v);
  if (it == map.end()) return std::nullopt;
  return it->second;
}

/// One polygon read from a source, before validation.
struct RawBuilding {
  std::string id;
  std::string parent_id;
  std::vector<Ring> rings;
  double height_m = NaN;
  int storeys = 0;
  int year = 0;
  std::uint16_t alkis = 0;
  std::optional<UseClass> use;
  std::string ags;
  double measured_heat_kwh_per_a = NaN;
  Carrier heating_carrier = Carrier::unknown;
  int heating_year = 0;
  double heating_power_kw = NaN;
};

std::vector<Ring> rings_of_polygon(const OGRPolygon& poly) {
  std::vector<Ring> rings;
  auto add = [&rings](const OGRLinearRing* ring) {
    if (ring == nullptr) return;
    Ring r;
    r.reserve(static_cast<std::size_t>(ring->getNumPoints()));
    for (int k = 0; k < ring->getNumPoints(); ++k) r.push_back({ring->getX(k), ring->getY(k)});
    rings.push_back(std::move(r));
  };
  add(poly.getExteriorRing());
  for (int k = 0; k < poly.getNumInteriorRings(); ++k) add(poly.getInteriorRing(k));
  return rings;
}

int field_index(OGRFeatureDefn& defn, const std::string& name, const std::string& key, const std::string& file,
                const std::string& mapping_path) {
  if (name.empty()) return -1;
  const int index = defn.GetFieldIndex(name.c_str());
  if (index < 0) {
    std::string present;
    for (int k = 0; k < defn.GetFieldCount(); ++k)
      present += (k ? ", " : "") + std::string(defn.GetFieldDefn(k)->GetNameRef());
    throw InputError(
        fmt::format("{}: mapping key '{}' names the field '{}', which layer '{}' of {} does not have "
                    "(fields present: {})",
                    mapping_path.empty() ? "default mapping" : mapping_path, key, name, defn.GetName(), file, present));
  }
  return index;
}

/// The nominal heating power of a feature (mapping key heating_power_kw): a number (a decimal
/// comma is accepted) in (0, MAX_HEATING_POWER_KW] kW. Anything else is an InputError naming the
/// file, the building id and the feature id: a wrong power would size every system of the plan.
double heating_power_value(const std::string& text, const std::string& path, const std::string& id, std::int64_t fid) {
  std::string t = text;
  t.erase(0, t.find_first_not_of(" \t"));
  t.erase(t.find_last_not_of(" \t") + 1);
  std::replace(t.begin(), t.end(), ',', '.');
  double v = NaN;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  HEATTWIN_CHECK(ec == std::errc{} && end == t.data() + t.size(),
                 "{}: building '{}' (feature {}): heating_power_kw '{}' is not a number (nominal heat output in kW)",
                 path, id, fid, text);
  HEATTWIN_CHECK(
      std::isfinite(v) && v > 0.0 && v <= MAX_HEATING_POWER_KW,
      "{}: building '{}' (feature {}): heating_power_kw = {} kW is outside (0, {:g}] kW (nominal heat output "
      "of the building's heating system; is the field in W?)",
      path, id, fid, text, MAX_HEATING_POWER_KW);
  return v;
}

/// Reads all features of one input; appends to `out`. Coordinates stay in the source CRS, which is returned.
std::string read_input(const std::string& path, const AttributeMapping& m, std::vector<RawBuilding>& out,
                       ImportReport& report) {
  GdalDatasetPtr ds = open_vector(path, "building footprints");
  const bool is_osm = std::string(ds->GetDriverName()) == "OSM";
  OGRLayer* layer = nullptr;
  if (!m.layer.empty()) {
    layer = ds->GetLayerByName(m.layer.c_str());
    HEATTWIN_CHECK(layer != nullptr, "{}: no layer '{}' (mapping {})", path, m.layer, m.path);
  } else {
    layer = is_osm ? ds->GetLayerByName("multipolygons") : ds->GetLayer(0);
    HEATTWIN_CHECK(layer != nullptr, "{}: the file has no vector layer", path);
  }
  std::string crs = m.source_crs;
  if (crs.empty()) {
    crs = layer_crs_wkt(*layer, path, "; set [source] crs in the mapping");
  }
  OGRFeatureDefn& defn = *layer->GetLayerDefn();
  const int f_id = field_index(defn, m.id, "id", path, m.path);
  const int f_height = field_index(defn, m.height_m, "height_m", path, m.path);
  const int f_storeys = field_index(defn, m.storeys, "storeys", path, m.path);
  const int f_year = field_index(defn, m.year_of_construction, "year_of_construction", path, m.path);
  const int f_function = field_index(defn, m.alkis_function, "alkis_function", path, m.path);
  const int f_use = field_index(defn, m.use_class, "use_class", path, m.path);
  const int f_ags = field_index(defn, m.municipality_ags, "municipality_ags", path, m.path);
  const int f_heat = field_index(defn, m.measured_heat_kwh_per_a, "measured_heat_kwh_per_a", path, m.path);
  const int f_parent = field_index(defn, m.parent_id, "parent_id", path, m.path);
  const int f_carrier = field_index(defn, m.heating_carrier, "heating_carrier", path, m.path);
  const int f_heating_year = field_index(defn, m.heating_year, "heating_year", path, m.path);
  const int f_heating_power = field_index(defn, m.heating_power_kw, "heating_power_kw", path, m.path);
  int f_osm_id = -1, f_osm_way = -1, f_building = -1, f_other = -1;
  if (is_osm) {
    layer->SetAttributeFilter("building IS NOT NULL");
    f_osm_id = defn.GetFieldIndex("osm_id");
    f_osm_way = defn.GetFieldIndex("osm_way_id");
    f_building = defn.GetFieldIndex("building");
    f_other = defn.GetFieldIndex("other_tags");
  }
  const std::string stem = std::filesystem::path(path).filename().string();
  const std::size_t before = out.size();
  layer->ResetReading();
  std::unique_ptr<OGRFeature> feature;
  while (true) {
    feature.reset(layer->GetNextFeature());
    if (!feature) break;
    ++report.features_read;
    RawBuilding b;
    auto text = [&](int f) -> std::string {
      return f >= 0 && feature->IsFieldSetAndNotNull(f) ? std::string(feature->GetFieldAsString(f)) : std::string();
    };
    if (f_id >= 0) {
      b.id = text(f_id);
    } else if (is_osm) {
      const std::string way = text(f_osm_way);
      b.id = way.empty() ? "osm_relation_" + text(f_osm_id) : "osm_way_" + way;
    } else {
      b.id = fmt::format("{}:{}", stem, feature->GetFID());
    }
    if (b.id.empty()) {
      detail::count_skip(report, "empty id", fmt::format("{} feature {}", stem, feature->GetFID()));
      continue;
    }
    b.parent_id = text(f_parent);
    const OGRGeometry* geometry = feature->GetGeometryRef();
    if (geometry == nullptr) {
      detail::count_skip(report, "no geometry", b.id);
      continue;
    }
    const auto type = wkbFlatten(geometry->getGeometryType());
    std::vector<std::vector<Ring>> parts;
    if (type == wkbPolygon) {
      parts.push_back(rings_of_polygon(*geometry->toPolygon()));
    } else if (type == wkbMultiPolygon) {
      for (const auto* part : *geometry->toMultiPolygon()) parts.push_back(rings_of_polygon(*part));
    } else {
      detail::count_skip(report, fmt::format("not a polygon ({})", OGRGeometryTypeToName(type)), b.id);
      continue;
    }
    if (f_height >= 0 && feature->IsFieldSetAndNotNull(f_height)) {
      const double h = feature->GetFieldAsDouble(f_height);
      if (std::isfinite(h) && h > 0 && h < 1000)
        b.height_m = h;
      else
        detail::count_skip(report, "height out of range (value ignored)", b.id);
    }
    if (f_storeys >= 0 && feature->IsFieldSetAndNotNull(f_storeys)) {
      const int s = feature->GetFieldAsInteger(f_storeys);
      if (s >= 1 && s <= 200)
        b.storeys = s;
      else
        detail::count_skip(report, "storeys out of range (value ignored)", b.id);
    } else if (is_osm && f_other >= 0) {
      const std::string levels = osm_tag(feature->GetFieldAsString(f_other), "building:levels");
      int s = 0;
      if (!levels.empty() && std::from_chars(levels.data(), levels.data() + levels.size(), s).ec == std::errc{} &&
          s >= 1 && s <= 200)
        b.storeys = s;
    }
    if (f_year >= 0 && feature->IsFieldSetAndNotNull(f_year)) {
      const int y = feature->GetFieldAsInteger(f_year);
      if (y >= 1000 && y <= 2100)
        b.year = y;
      else
        detail::count_skip(report, "year out of range (value ignored)", b.id);
    }
    if (f_function >= 0 && feature->IsFieldSetAndNotNull(f_function)) {
      const auto code = parse_alkis_function(text(f_function));
      if (code)
        b.alkis = *code;
      else
        detail::count_skip(report, "function code not understood (value ignored)", b.id);
    }
    if (f_use >= 0 && feature->IsFieldSetAndNotNull(f_use)) {
      const UseClass u = parse_use_class(text(f_use));
      if (u != UseClass::count_)
        b.use = u;
      else
        detail::count_skip(report, "use class name not understood (value ignored)", b.id);
    } else if (is_osm && f_building >= 0) {
      b.use = use_class_of_osm_building(text(f_building));
    }
    if (f_ags >= 0 && feature->IsFieldSetAndNotNull(f_ags)) {
      const std::string ags = text(f_ags);
      if (is_digits(ags, 8))
        b.ags = ags;
      else
        detail::count_skip(report, "municipality key not 8 digits (value ignored)", b.id);
    }
    if (f_heat >= 0 && feature->IsFieldSetAndNotNull(f_heat)) {
      const double q = feature->GetFieldAsDouble(f_heat);
      if (std::isfinite(q) && q >= 0) b.measured_heat_kwh_per_a = q;
    }
    if (f_carrier >= 0 && feature->IsFieldSetAndNotNull(f_carrier)) {
      const auto carrier = parse_heating_carrier(text(f_carrier));
      if (carrier)
        b.heating_carrier = *carrier;
      else
        detail::count_skip(report, "heating carrier not understood (value ignored)", b.id);
    }
    if (f_heating_year >= 0 && feature->IsFieldSetAndNotNull(f_heating_year)) {
      const int y = feature->GetFieldAsInteger(f_heating_year);
      if (y >= 1900 && y <= 2100)
        b.heating_year = y;
      else
        detail::count_skip(report, "heating installation year out of range (value ignored)", b.id);
    }
    if (f_heating_power >= 0 && feature->IsFieldSetAndNotNull(f_heating_power)) {
      b.heating_power_kw = heating_power_value(text(f_heating_power), path, b.id, feature->GetFID());
    }
    if (parts.size() == 1) {
      b.rings = std::move(parts[0]);
      out.push_back(std::move(b));
    } else {
      // Separate parts of a multipolygon become separate buildings "<id>#<k>".
      for (std::size_t k = 0; k < parts.size(); ++k) {
        RawBuilding part = b;
        part.id = fmt::format("{}#{}", b.id, k + 1);
        // One heating system: its power goes with the first part (not counted once per part).
        if (k > 0) part.heating_power_kw = NaN;
        part.rings = std::move(parts[k]);
        out.push_back(std::move(part));
      }
    }
  }
  HEATTWIN_CHECK(out.size() > before || report.features_read > 0, "{}: layer '{}' is empty (no features)", path,
                 layer->GetName());
  return crs;
}

// ------------------------------------------------------------------------------------ regions

bool point_in_rings(const PolygonSet& p, std::size_t poly, double x, double y) {
  bool inside = false;
  for (auto r = p.ring_begin[poly]; r < p.ring_begin[poly + 1]; ++r) {
    const auto v0 = p.vertex_begin[r];
    const auto v1 = p.vertex_begin[r + 1];
    for (auto i = v0, j = v1 - 1; i < v1; j = i++) {
      const double xi = p.x_m[i], yi = p.y_m[i], xj = p.x_m[j], yj = p.y_m[j];
      if (((yi > y) != (yj > y)) && (x < (xj - xi) * (y - yi) / (yj - yi) + xi)) inside = !inside;
    }
  }
  return inside;
}

}  // namespace

namespace detail {

void count_skip(ImportReport& r, const std::string& reason, const std::string& id) {
  ++r.skipped[reason];
  auto& ex = r.examples[reason];
  if (ex.size() < 5) ex.push_back(id);
}

RegionPolygons load_region_layer(const std::string& path, const std::string& ags_field, const std::string& name_field,
                                 const std::string& twin_crs, RegionHierarchy& regions) {
  GdalDatasetPtr ds = open_vector(path, "municipality boundaries");
  OGRLayer* layer = ds->GetLayer(0);
  HEATTWIN_CHECK(layer != nullptr, "{}: the region file has no layer", path);
  CoordinateTransform ct(layer_crs_wkt(*layer, path, " (the municipality boundaries)"), twin_crs);
  OGRFeatureDefn& defn = *layer->GetLayerDefn();
  const int f_ags = defn.GetFieldIndex(ags_field.c_str());
  HEATTWIN_CHECK(f_ags >= 0, "{}: the region layer has no field '{}' (give --regions-ags-field)", path, ags_field);
  const int f_name = defn.GetFieldIndex(name_field.c_str());
  RegionPolygons out;
  std::vector<std::vector<Ring>> boundary_of(regions.municipalities.size());
  std::unique_ptr<OGRFeature> feature;
  while (true) {
    feature.reset(layer->GetNextFeature());
    if (!feature) break;
    const std::string ags = feature->GetFieldAsString(f_ags);
    HEATTWIN_CHECK(is_digits(ags, 8), "{}: region feature {} has AGS '{}', expected 8 digits", path, feature->GetFID(),
                   ags);
    auto m = regions.find_municipality(ags);
    if (!m) m = regions.add_municipality(ags, f_name >= 0 ? feature->GetFieldAsString(f_name) : ags);
    const OGRGeometry* g = feature->GetGeometryRef();
    if (g == nullptr) continue;
    std::vector<std::vector<Ring>> parts;
    const auto type = wkbFlatten(g->getGeometryType());
    if (type == wkbPolygon)
      parts.push_back(rings_of_polygon(*g->toPolygon()));
    else if (type == wkbMultiPolygon)
      for (const auto* part : *g->toMultiPolygon()) parts.push_back(rings_of_polygon(*part));
    for (auto& rings : parts) {
      for (auto& ring : rings) {
        std::vector<double> x, y;
        for (const auto& p : ring) {
          x.push_back(p[0]);
          y.push_back(p[1]);
        }
        ct.transform(x, y);
        for (std::size_t k = 0; k < ring.size(); ++k) ring[k] = {x[k], y[k]};
      }
      std::array<double, 4> box{1e300, 1e300, -1e300, -1e300};
      for (const auto& p : rings[0]) {
        box[0] = std::min(box[0], p[0]);
        box[1] = std::min(box[1], p[1]);
        box[2] = std::max(box[2], p[0]);
        box[3] = std::max(box[3], p[1]);
      }
      out.municipality.push_back(*m);
      out.polygons.append_polygon(rings);
      out.bbox.push_back(box);
      if (boundary_of.size() < regions.municipalities.size()) boundary_of.resize(regions.municipalities.size());
      auto& b = boundary_of[*m];
      if (b.empty() || std::abs(signed_ring_area(rings[0])) > std::abs(signed_ring_area(b[0]))) b = rings;
    }
  }
  boundary_of.resize(regions.municipalities.size());
  regions.municipality_boundaries.clear();
  for (const auto& rings : boundary_of) regions.municipality_boundaries.append_polygon(rings);
  return out;
}

void assign_municipalities_by_location(const RegionPolygons& region_polygons, BuildingSet& bs) {
  if (region_polygons.municipality.empty()) return;
  // R-tree over the region polygons' bounding boxes, then the exact ring test.
  namespace bg = boost::geometry;
  using BgPoint = bg::model::point<double, 2, bg::cs::cartesian>;
  using BgBox = bg::model::box<BgPoint>;
  std::vector<std::pair<BgBox, std::size_t>> boxes;
  for (std::size_t p = 0; p < region_polygons.bbox.size(); ++p) {
    const auto& b = region_polygons.bbox[p];
    boxes.emplace_back(BgBox(BgPoint(b[0], b[1]), BgPoint(b[2], b[3])), p);
  }
  const bg::index::rtree<std::pair<BgBox, std::size_t>, bg::index::rstar<16>> index(boxes);
  const auto n = static_cast<std::int64_t>(bs.size());
#pragma omp parallel
  {
    std::vector<std::pair<BgBox, std::size_t>> hits;
#pragma omp for schedule(static)
    for (std::int64_t bi = 0; bi < n; ++bi) {
      const auto b = static_cast<std::size_t>(bi);
      if (bs.municipality[b] != NO_INDEX) continue;
      const double x = bs.x_m[b], y = bs.y_m[b];
      hits.clear();
      index.query(bg::index::intersects(BgPoint(x, y)), std::back_inserter(hits));
      // Lowest polygon index first: the result does not depend on the tree's order.
      std::sort(hits.begin(), hits.end(), [](const auto& l, const auto& r) { return l.second < r.second; });
      for (const auto& hit : hits) {
        if (point_in_rings(region_polygons.polygons, hit.second, x, y)) {
          bs.municipality[b] = region_polygons.municipality[hit.second];
          break;
        }
      }
    }
  }
}

void finish_import(Twin& twin, const ImputationSettings& imputation, const std::vector<std::string>& inputs,
                   std::string_view what, ImportReport& report, ImportReport* report_out) {
  impute_floor_area_and_type(twin, imputation);
  if (!imputation.typology_tables_dir.empty()) {
    const Typology typology = load_typology(imputation.typology_tables_dir + "/tabula_de.csv",
                                            imputation.typology_tables_dir + "/non_residential_de.csv");
    enrich_envelope_from_typology(twin, typology);
  }
  twin.grid = build_grid_for_buildings(twin.buildings, twin.crs);
  twin.source = fmt::format("heattwin import {}", fmt::join(inputs, " "));
  report.buildings = twin.buildings.size();
  check_invariants(twin, what);
  log_import_report(report);
  if (report_out != nullptr) *report_out = std::move(report);
}

void log_import_report(const ImportReport& report) {
  auto log = logger("twin.import");
  for (const auto& [reason, count] : report.skipped) {
    const auto it = report.examples.find(reason);
    log->warn("{} features: {} (e.g. {})", count, reason,
              it == report.examples.end() ? std::string() : fmt::format("{}", fmt::join(it->second, ", ")));
  }
  if (report.without_municipality > 0)
    log->warn("{} buildings lie in no known municipality", report.without_municipality);
}

}  // namespace detail

AttributeMapping load_attribute_mapping(const std::string& path) {
  check_input_file(path, "the attribute mapping (--mapping)");
  toml::table doc;
  try {
    doc = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw InputError(fmt::format("{}:{}: {}", path, e.source().begin.line, e.description()));
  }
  AttributeMapping m;
  m.path = path;
  for (const auto& [section, node] : doc) {
    const std::string name(section.str());
    const auto* table = node.as_table();
    HEATTWIN_CHECK(table != nullptr, "{}: '{}' must be a table ([source], [fields] or [options])", where(path, node),
                   name);
    for (const auto& [key_node, value] : *table) {
      const std::string key(key_node.str());
      if (name == "source") {
        if (key == "layer")
          m.layer = string_value(path, key, value);
        else if (key == "crs")
          m.source_crs = string_value(path, key, value);
        else
          throw InputError(
              fmt::format("{}: unknown key '{}' in [source] (known: layer, crs)", where(path, value), key));
      } else if (name == "fields") {
        const auto& fields = mapping_fields();
        const auto it = std::find_if(fields.begin(), fields.end(), [&](const auto& f) { return f.first == key; });
        if (it == fields.end()) {
          std::string known;
          for (const auto& f : fields) known += (known.empty() ? "" : ", ") + f.first;
          throw InputError(fmt::format("{}: unknown key '{}' in [fields] (known: {})", where(path, value), key, known));
        }
        m.*(it->second) = string_value(path, key, value);
      } else if (name == "options") {
        if (key == "min_footprint_m2") {
          const auto v = value.value<double>();
          HEATTWIN_CHECK(v.has_value() && *v >= 0, "{}: min_footprint_m2 must be a number ≥ 0", where(path, value));
          m.min_footprint_m2 = *v;
        } else {
          throw InputError(
              fmt::format("{}: unknown key '{}' in [options] (known: min_footprint_m2)", where(path, value), key));
        }
      } else {
        throw InputError(
            fmt::format("{}: unknown table [{}] (known: [source], [fields], [options])", where(path, node), name));
      }
    }
  }
  return m;
}

std::vector<std::array<double, 8>> shared_edge_lengths(const PolygonSet& fp) {
  constexpr double CELL_M = 8.0;
  constexpr double DIST_TOL_M = 0.1;
  const double cos_tol = std::cos(3.0 * std::numbers::pi / 180.0);
  const std::size_t n = fp.polygon_count();
  // Edge e = (vertex i → next vertex of its ring), owned by polygon owner[e].
  std::vector<std::uint32_t> owner;
  std::vector<std::uint64_t> from, to;
  for (std::size_t p = 0; p < n; ++p)
    for (auto r = fp.ring_begin[p]; r < fp.ring_begin[p + 1]; ++r)
      for (auto v = fp.vertex_begin[r]; v < fp.vertex_begin[r + 1]; ++v) {
        owner.push_back(static_cast<std::uint32_t>(p));
        from.push_back(v);
        to.push_back(v + 1 < fp.vertex_begin[r + 1] ? v + 1 : fp.vertex_begin[r]);
      }
  auto cell_key = [](long cx, long cy) {
    return (static_cast<std::uint64_t>(cx) << 32) ^ static_cast<std::uint32_t>(cy);
  };
  // The cells within DIST_TOL_M (per axis) of edge e: column by column, only the rows the edge
  // passes through, so the work grows with the edge's length, not with its bounding box (a
  // stray 5,000 km diagonal would otherwise walk 10^11 cells). Two edges that overlap within the
  // tolerance always share a cell, so the candidate pairs below are the same as with boxes.
  auto cells_of = [&](std::size_t e, auto&& f) {
    const double ax = fp.x_m[from[e]], ay = fp.y_m[from[e]], bx = fp.x_m[to[e]], by = fp.y_m[to[e]];
    const double xmin = std::min(ax, bx), xmax = std::max(ax, bx);
    const auto y_at = [&](double x) { return xmax > xmin ? ay + (by - ay) * (x - ax) / (bx - ax) : ay; };
    const long cx_first = static_cast<long>(std::floor((xmin - DIST_TOL_M) / CELL_M));
    const long cx_last = static_cast<long>(std::floor((xmax + DIST_TOL_M) / CELL_M));
    for (long cx = cx_first; cx <= cx_last; ++cx) {
      // Edge points whose x lies within the tolerance of this column.
      const double xa = std::clamp(static_cast<double>(cx) * CELL_M - DIST_TOL_M, xmin, xmax);
      const double xb = std::clamp(static_cast<double>(cx + 1) * CELL_M + DIST_TOL_M, xmin, xmax);
      const double ya = xmax > xmin ? y_at(xa) : std::min(ay, by);
      const double yb = xmax > xmin ? y_at(xb) : std::max(ay, by);
      const long cy_first = static_cast<long>(std::floor((std::min(ya, yb) - DIST_TOL_M) / CELL_M));
      const long cy_last = static_cast<long>(std::floor((std::max(ya, yb) + DIST_TOL_M) / CELL_M));
      for (long cy = cy_first; cy <= cy_last; ++cy) f(cell_key(cx, cy));
    }
  };
  // Cell index: (cell key, owner, edge) sorted; a cell's edges are one contiguous range, and
  // within it the edges of one building are a contiguous sub-range that the search below skips
  // without visiting it. (Visiting them made a single ring of 10^6 short edges quadratic: all of
  // its edges share a few cells — issue 20, class 1.)
  struct CellEdge {
    std::uint64_t key;
    std::uint32_t owner;
    std::uint32_t edge;
    bool operator<(const CellEdge& o) const {
      return key != o.key ? key < o.key : owner != o.owner ? owner < o.owner : edge < o.edge;
    }
  };
  std::vector<CellEdge> cell_edges;
  cell_edges.reserve(owner.size() * 2);
  for (std::size_t e = 0; e < owner.size(); ++e)
    cells_of(e, [&](std::uint64_t key) { cell_edges.push_back({key, owner[e], static_cast<std::uint32_t>(e)}); });
  std::sort(cell_edges.begin(), cell_edges.end());
  // Covered length per edge, computed in parallel, summed per building in edge order afterwards
  // (deterministic at any thread count).
  std::vector<double> covered_by_edge(owner.size(), 0.0);
  std::vector<std::uint8_t> sector_of_edge(owner.size(), 0);
  const auto edge_count = static_cast<std::int64_t>(owner.size());
#pragma omp parallel
  {
    std::vector<std::uint32_t> candidates;
#pragma omp for schedule(static)
    for (std::int64_t ei = 0; ei < edge_count; ++ei) {
      const auto e = static_cast<std::size_t>(ei);
      const double ax = fp.x_m[from[e]], ay = fp.y_m[from[e]];
      const double dx = fp.x_m[to[e]] - ax, dy = fp.y_m[to[e]] - ay;
      const double length = std::hypot(dx, dy);
      if (length <= 0) continue;
      const double ux = dx / length, uy = dy / length;
      candidates.clear();
      cells_of(e, [&](std::uint64_t key) {
        const auto first = std::lower_bound(cell_edges.begin(), cell_edges.end(), CellEdge{key, 0, 0});
        const auto own_first = std::lower_bound(first, cell_edges.end(), CellEdge{key, owner[e], 0});
        const auto own_last = owner[e] == UINT32_MAX
                                  ? cell_edges.end()
                                  : std::lower_bound(own_first, cell_edges.end(), CellEdge{key, owner[e] + 1, 0});
        for (auto it = first; it != own_first; ++it) candidates.push_back(it->edge);
        for (auto it = own_last; it != cell_edges.end() && it->key == key; ++it) candidates.push_back(it->edge);
      });
      std::sort(candidates.begin(), candidates.end());
      candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
      // Overlap intervals along this edge (parameter t in [0, length]) with edges of other buildings.
      std::vector<std::pair<double, double>> intervals;
      for (auto c : candidates) {
        if (owner[c] == owner[e]) continue;
        const double bx0 = fp.x_m[from[c]], by0 = fp.y_m[from[c]];
        const double bx1 = fp.x_m[to[c]], by1 = fp.y_m[to[c]];
        const double blen = std::hypot(bx1 - bx0, by1 - by0);
        if (blen <= 0) continue;
        const double dot = ((bx1 - bx0) * ux + (by1 - by0) * uy) / blen;
        if (std::abs(dot) < cos_tol) continue;  // not parallel
        // Both endpoints of the other edge near this edge's line.
        const double d0 = std::abs((bx0 - ax) * uy - (by0 - ay) * ux);
        const double d1 = std::abs((bx1 - ax) * uy - (by1 - ay) * ux);
        if (d0 > DIST_TOL_M || d1 > DIST_TOL_M) continue;
        double t0 = (bx0 - ax) * ux + (by0 - ay) * uy;
        double t1 = (bx1 - ax) * ux + (by1 - ay) * uy;
        if (t0 > t1) std::swap(t0, t1);
        t0 = std::max(t0, 0.0);
        t1 = std::min(t1, length);
        if (t1 - t0 > DIST_TOL_M) intervals.emplace_back(t0, t1);
      }
      if (intervals.empty()) continue;
      std::sort(intervals.begin(), intervals.end());
      double covered = 0.0, start = intervals[0].first, end = intervals[0].second;
      for (std::size_t k = 1; k < intervals.size(); ++k) {
        if (intervals[k].first > end) {
          covered += end - start;
          start = intervals[k].first;
        }
        end = std::max(end, intervals[k].second);
      }
      covered += end - start;
      const double azimuth = std::atan2(dy, -dx) * 180.0 / std::numbers::pi;
      covered_by_edge[e] = covered;
      sector_of_edge[e] = static_cast<std::uint8_t>(sector_of_azimuth(azimuth));
    }
  }
  std::vector<std::array<double, 8>> shared(n, std::array<double, 8>{});
  for (std::size_t e = 0; e < owner.size(); ++e) shared[owner[e]][sector_of_edge[e]] += covered_by_edge[e];
  return shared;
}

Twin import_footprints(const FootprintImportOptions& o, ImportReport* report_out) {
  HEATTWIN_CHECK(!o.inputs.empty(), "no input files given");
  ImportReport report;
  Twin twin;
  twin.crs = canonical_crs(o.twin_crs);
  if (!o.municipality_table.empty()) twin.regions = load_municipality_table(o.municipality_table);

  // 1. Read every input, reproject its vertices.
  std::vector<RawBuilding> raw;
  for (std::size_t k = 0; k < o.inputs.size(); ++k) {
    const std::size_t first = raw.size();
    const std::string crs = read_input(o.inputs[k], o.mapping, raw, report);
    CoordinateTransform ct(crs, twin.crs);
    if (!ct.is_identity()) {
      std::vector<double> x, y;
      for (std::size_t b = first; b < raw.size(); ++b)
        for (const auto& ring : raw[b].rings)
          for (const auto& p : ring) {
            x.push_back(p[0]);
            y.push_back(p[1]);
          }
      ct.transform(x, y);
      std::size_t v = 0;
      for (std::size_t b = first; b < raw.size(); ++b)
        for (auto& ring : raw[b].rings)
          for (auto& p : ring) {
            p = {x[v], y[v]};
            ++v;
          }
    }
    if (o.progress) o.progress(k + 1, o.inputs.size());
  }

  // 2. Validate geometry (parallel), keep valid buildings in input order.
  std::vector<std::string> problem(raw.size());
  std::vector<PolygonMeasures> measures(raw.size());
#pragma omp parallel for schedule(dynamic, 256)
  for (std::int64_t i = 0; i < static_cast<std::int64_t>(raw.size()); ++i) {
    auto& b = raw[static_cast<std::size_t>(i)];
    problem[static_cast<std::size_t>(i)] = footprint_problem(b.rings);
    if (!problem[static_cast<std::size_t>(i)].empty()) continue;
    normalise_rings(b.rings);
    measures[static_cast<std::size_t>(i)] = measure_polygon(b.rings);
    if (measures[static_cast<std::size_t>(i)].area_m2 < o.mapping.min_footprint_m2)
      problem[static_cast<std::size_t>(i)] = fmt::format("footprint smaller than {} m2", o.mapping.min_footprint_m2);
  }
  std::unordered_map<std::string_view, std::size_t> index_of_id;
  index_of_id.reserve(raw.size());
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (!problem[i].empty()) {
      detail::count_skip(report, "invalid geometry: " + problem[i], raw[i].id);
      continue;
    }
    const auto [it, inserted] = index_of_id.emplace(raw[i].id, kept.size());
    HEATTWIN_CHECK(inserted,
                   "building id '{}' appears more than once in the input ({}); ids must be unique — map "
                   "another id field in the mapping",
                   raw[i].id, fmt::join(o.inputs, ", "));
    kept.push_back(i);
  }
  HEATTWIN_CHECK(!kept.empty(), "no usable building footprints in {} ({} features read)", fmt::join(o.inputs, ", "),
                 report.features_read);

  // 3. Building parts inherit missing attributes from their parent.
  std::uint64_t inherited = 0;
  for (auto i : kept) {
    auto& b = raw[i];
    if (b.parent_id.empty()) continue;
    const auto it = index_of_id.find(b.parent_id);
    if (it == index_of_id.end()) continue;
    const auto& parent = raw[kept[it->second]];
    bool used = false;
    if (b.alkis == 0 && !b.use && (parent.alkis != 0 || parent.use)) {
      b.alkis = parent.alkis;
      b.use = parent.use;
      used = true;
    }
    if (b.ags.empty() && !parent.ags.empty()) {
      b.ags = parent.ags;
      used = true;
    }
    if (b.year == 0 && parent.year != 0) {
      b.year = parent.year;
      used = true;
    }
    if (b.heating_carrier == Carrier::unknown && parent.heating_carrier != Carrier::unknown) {
      b.heating_carrier = parent.heating_carrier;
      b.heating_year = b.heating_year != 0 ? b.heating_year : parent.heating_year;
      used = true;
    }
    inherited += used ? 1 : 0;
  }
  if (inherited > 0) twin.imputations["attributes_from_parent_building"] = inherited;

  // 4. Regions: AGS attribute first, then the region layer by point in polygon.
  detail::RegionPolygons region_polygons;
  if (!o.regions.empty())
    region_polygons =
        detail::load_region_layer(o.regions, o.regions_ags_field, o.regions_name_field, o.twin_crs, twin.regions);

  // 5. Fill the building columns.
  BuildingSet& bs = twin.buildings;
  bs.reserve(kept.size());
  std::vector<PolygonMeasures> kept_measures;
  kept_measures.reserve(kept.size());
  std::unordered_map<std::string, std::uint32_t> municipality_of_ags;  // bulk lookup (regions search linearly)
  for (auto i : kept) {
    const auto& r = raw[i];
    const auto& m = measures[i];
    kept_measures.push_back(m);
    const BuildingIndex b =
        bs.append_with_footprint(r.id, r.rings, m.centroid_x_m, m.centroid_y_m, m.area_m2, m.perimeter_m);
    if (std::isfinite(r.height_m)) {
      bs.height_m[b] = r.height_m;
      bs.prov_height[b] = Provenance::measured;
    }
    if (r.storeys > 0) {
      bs.storeys[b] = static_cast<std::uint16_t>(r.storeys);
      bs.prov_storeys[b] = Provenance::measured;
    }
    if (r.year > 0) {
      bs.year_of_construction[b] = static_cast<std::int16_t>(r.year);
      bs.prov_year_of_construction[b] = Provenance::measured;
    }
    bs.alkis_function[b] = r.alkis;
    if (r.use) {
      bs.use_class[b] = static_cast<std::uint8_t>(*r.use);
      bs.prov_use_class[b] = Provenance::measured;
    }
    if (std::isfinite(r.measured_heat_kwh_per_a)) {
      bs.measured_heat_kwh_per_a[b] = r.measured_heat_kwh_per_a;
      bs.prov_measured_heat[b] = Provenance::measured;
    }
    if (r.heating_carrier != Carrier::unknown || r.heating_year > 0 || std::isfinite(r.heating_power_kw)) {
      bs.heating_carrier[b] = static_cast<std::uint8_t>(r.heating_carrier);
      bs.heating_year[b] = static_cast<std::int16_t>(r.heating_year);
      bs.heating_power_kw[b] = r.heating_power_kw;
      bs.prov_heating_system[b] = Provenance::measured;
    }
    if (!r.ags.empty()) {
      auto it = municipality_of_ags.find(r.ags);
      if (it == municipality_of_ags.end()) {
        const auto found = twin.regions.find_municipality(r.ags);
        it = municipality_of_ags.emplace(r.ags, found ? *found : twin.regions.add_municipality(r.ags, r.ags)).first;
      }
      bs.municipality[b] = it->second;
    }
  }
  bs.finish_footprints();
  raw.clear();
  raw.shrink_to_fit();
  if (twin.regions.municipality_boundaries.polygon_count() > 0)
    twin.regions.municipality_boundaries.pad_to(twin.regions.municipalities.size());
  detail::assign_municipalities_by_location(region_polygons, bs);
  for (auto m : bs.municipality) report.without_municipality += m == NO_INDEX ? 1 : 0;

  // 6. Imputation, shared walls, LoD1 envelope, floor area, residential type, grid.
  impute_use_height_year(twin, o.imputation);
  const auto shared = shared_edge_lengths(bs.footprints);
  for (BuildingIndex b = 0; b < bs.size(); ++b) derive_lod1_envelope(bs, b, kept_measures[b], shared[b]);
  detail::finish_import(twin, o.imputation, o.inputs, "import", report, report_out);
  return twin;
}

}  // namespace heattwin::twin
