#include "twin/cityjson_reader.hpp"

#include "twin/error.hpp"
#include "twin/input_file.hpp"

#include <fmt/format.h>
#include <simdjson.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <span>
#include <type_traits>
#include <unordered_map>

namespace heattwin::twin {
namespace {

/// The document is parsed by simdjson into its DOM tape (one pass, ≈ 1 GB/s; objects keep the
/// file's member order, so buildings come out as in the CityGML reader). Only the message of a
/// malformed document comes from nlohmann::json, which reports the byte offset of the error.
using Element = simdjson::dom::element;
using JsonArray = simdjson::dom::array;
using JsonObject = simdjson::dom::object;

/// The member `key` of `j`, or nullopt if `j` is not an object or has no such member.
std::optional<Element> member(const Element& j, std::string_view key) {
  JsonObject object;
  if (j.get_object().get(object) != simdjson::SUCCESS) return std::nullopt;
  Element value;
  if (object.at_key(key).get(value) != simdjson::SUCCESS) return std::nullopt;
  return value;
}

/// The string member `key` of `j`, or "" if it is missing or not a string.
std::string_view string_member(const Element& j, std::string_view key) {
  const auto v = member(j, key);
  std::string_view text;
  if (!v || v->get_string().get(text) != simdjson::SUCCESS) return {};
  return text;
}

/// `j` as an array; the caller has checked is_array().
JsonArray as_array(const Element& j) {
  JsonArray a;
  if (j.get_array().get(a) != simdjson::SUCCESS) return {};
  return a;
}

std::string_view as_string(const Element& j) {
  std::string_view s;
  if (j.get_string().get(s) != simdjson::SUCCESS) return {};
  return s;
}

/// A number as double (integers converted); the caller has checked is_number().
double as_double(const Element& j) {
  double d = 0.0;
  if (j.get_double().get(d) == simdjson::SUCCESS) return d;
  std::int64_t i = 0;
  if (j.get_int64().get(i) == simdjson::SUCCESS) return static_cast<double>(i);
  std::uint64_t u = 0;
  if (j.get_uint64().get(u) != simdjson::SUCCESS) return NaN;
  return static_cast<double>(u);
}

/// Up to 60 characters of the JSON text of `j` (for messages).
std::string excerpt(const Element& j) { return simdjson::minify(j).substr(0, 60); }

/// Integer part of a CityJSON LoD: "2" and "2.2" → 2 (CityJSON 1.1/2.0 write strings, 1.0 wrote
/// numbers); -1 if the LoD is missing or not of that form.
int lod_of(const Element& geometry) {
  const auto lod = member(geometry, "lod");
  if (!lod) return -1;
  if (lod->is_number()) {
    const double v = as_double(*lod);
    return std::isfinite(v) && v >= 0.0 && v < 100.0 ? static_cast<int>(v) : -1;
  }
  if (!lod->is_string()) return -1;
  const std::string_view text = as_string(*lod);
  int value = -1;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || value < 0) return -1;
  const std::string_view minor(end, static_cast<std::size_t>(text.data() + text.size() - end));
  if (minor.empty()) return value;
  const bool digits = minor.size() > 1 && minor[0] == '.' &&
                      std::all_of(minor.begin() + 1, minor.end(), [](char c) { return c >= '0' && c <= '9'; });
  return digits ? value : -1;
}

/// Semantic surface type → kind; nullopt for openings (skipped as in CityGML).
std::optional<SurfaceKind> kind_of(std::string_view type) {
  if (type == "WallSurface") return SurfaceKind::wall;
  if (type == "RoofSurface") return SurfaceKind::roof;
  if (type == "GroundSurface") return SurfaceKind::ground;
  if (type == "ClosureSurface") return SurfaceKind::closure;
  if (type == "OuterCeilingSurface") return SurfaceKind::outer_ceiling;
  if (type == "OuterFloorSurface") return SurfaceKind::outer_floor;
  if (type == "Window" || type == "Door") return std::nullopt;
  return SurfaceKind::unclassified;  // InteriorWallSurface, FloorSurface, extensions, …
}

/// Nesting depth of `boundaries` above the surfaces: MultiSurface/CompositeSurface 1, Solid 2,
/// MultiSolid/CompositeSolid 3; 0 for other geometry types.
int surface_depth(std::string_view type) {
  if (type == "MultiSurface" || type == "CompositeSurface") return 1;
  if (type == "Solid") return 2;
  if (type == "MultiSolid" || type == "CompositeSolid") return 3;
  return 0;
}

/// A number, or a string starting with one ("1968", "1968-05-01", "12.5"); nullopt otherwise.
template <class T>
std::optional<T> number_of(const Element& v) {
  if (v.is_number()) {
    const double d = as_double(v);
    if constexpr (std::is_integral_v<T>) {
      if (!std::isfinite(d) || d != std::floor(d) || std::abs(d) > 1e9) return std::nullopt;
      return static_cast<T>(d);
    } else {
      return static_cast<T>(d);
    }
  }
  if (!v.is_string()) return std::nullopt;
  const std::string_view text = as_string(v);
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{}) return std::nullopt;
  return value;
}

using Attributes = detail::BuildingAttributes;

/// Transform of integer vertices: x = i × scale + translate.
struct Transform {
  bool present = false;
  std::array<double, 3> scale{1.0, 1.0, 1.0};
  std::array<double, 3> translate{0.0, 0.0, 0.0};
};

/// One city object of a CityObjects member, in file order.
struct Entry {
  std::string_view id;  ///< borrowed from the parsed document
  Element object;
  std::string_view type;
};

class CityJsonReader {
 public:
  explicit CityJsonReader(std::string name) { doc_.name = std::move(name); }

  /// Reads a CityJSON document (or, with `sequence_header`, the first line of a CityJSONSeq,
  /// whose CityObjects are normally empty): type, version, transform, metadata, then the
  /// CityObjects with the document's vertices.
  void read_document(const Element& doc, const std::string& where, bool sequence_header) {
    HEATTWIN_CHECK(doc.is_object(), "{}: not a CityJSON document (the top level is not a JSON object)", where);
    const std::string_view type = string_member(doc, "type");
    HEATTWIN_CHECK(type == "CityJSON", "{}: not a CityJSON document (\"type\" is '{}', expected \"CityJSON\")", where,
                   type);
    const std::string_view version = string_member(doc, "version");
    const auto is_version = [&version](std::string_view v) {
      return version == v || (version.starts_with(v) && version.size() > v.size() && version[v.size()] == '.');
    };
    HEATTWIN_CHECK(is_version("1.1") || is_version("2.0"),
                   "{}: CityJSON version '{}' is not supported (1.1 and 2.0 are; upgrade older files with "
                   "`cjio file.json upgrade save new.city.json`)",
                   where, version);
    read_header(doc, where);
    const auto vertices = member(doc, "vertices");
    const auto objects = member(doc, "CityObjects");
    if (sequence_header) {
      JsonObject o;
      if (!objects || objects->get_object().get(o) != simdjson::SUCCESS || o.size() == 0) return;
    }
    HEATTWIN_CHECK(vertices && vertices->is_array(), "{}: the document has no \"vertices\" list", where);
    HEATTWIN_CHECK(objects && objects->is_object(), "{}: the document has no \"CityObjects\" object", where);
    read_objects(*objects, decode_vertices(*vertices, where), where);
  }

  /// Reads one CityJSONFeature of a CityJSONSeq: its own vertices with the header's transform.
  void read_feature(const Element& feature, const std::string& where) {
    const std::string_view type = string_member(feature, "type");
    HEATTWIN_CHECK(type == "CityJSONFeature",
                   "{}: a CityJSONSeq line after the first must be a CityJSONFeature (\"type\" is '{}')", where, type);
    const auto vertices = member(feature, "vertices");
    const auto objects = member(feature, "CityObjects");
    HEATTWIN_CHECK(vertices && vertices->is_array(), "{}: the feature has no \"vertices\" list", where);
    HEATTWIN_CHECK(objects && objects->is_object(), "{}: the feature has no \"CityObjects\" object", where);
    read_objects(*objects, decode_vertices(*vertices, where), where);
  }

  CityGmlDocument take() { return std::move(doc_); }

 private:
  void warn(const std::string& reason, const std::string& where) {
    ++doc_.warnings[reason];
    auto& examples = doc_.warning_examples[reason];
    if (examples.size() < 5) examples.push_back(where);
  }

  void read_header(const Element& doc, const std::string& where) {
    // CityJSON 1.1 and 2.0 store vertices as integers scaled by the mandatory "transform";
    // without it millimetre integers would be read as metres (a 1000-fold, 10^6-fold in area).
    HEATTWIN_CHECK(member(doc, "transform").has_value(),
                   "{}: the document has no \"transform\", which CityJSON 1.1/2.0 require (vertices are integers "
                   "scaled by transform.scale); add \"transform\": {{\"scale\": [..], \"translate\": [..]}}",
                   where);
    if (const auto t = member(doc, "transform")) {
      const auto scale = member(*t, "scale");
      const auto translate = member(*t, "translate");
      const auto triple = [](const std::optional<Element>& v) {
        std::optional<std::array<double, 3>> out;
        if (!v || !v->is_array()) return out;
        const JsonArray a = as_array(*v);
        if (a.size() != 3) return out;
        std::array<double, 3> values{};
        std::size_t k = 0;
        for (const Element x : a) {
          if (!x.is_number()) return out;
          values[k++] = as_double(x);
        }
        out = values;
        return out;
      };
      const auto s = triple(scale);
      const auto tr = triple(translate);
      HEATTWIN_CHECK(s && tr, "{}: \"transform\" needs \"scale\" and \"translate\" with 3 numbers each", where);
      transform_.present = true;
      transform_.scale = *s;
      transform_.translate = *tr;
      for (std::size_t k = 0; k < 3; ++k) {
        HEATTWIN_CHECK(std::isfinite(transform_.scale[k]) && transform_.scale[k] > 0.0 && transform_.scale[k] <= 1000.0,
                       "{}: transform.scale[{}] is {}, expected a positive factor up to 1000 (usually 0.001)", where, k,
                       transform_.scale[k]);
        HEATTWIN_CHECK(std::isfinite(transform_.translate[k]) && std::abs(transform_.translate[k]) <= 1e8,
                       "{}: transform.translate[{}] is {}, expected a finite coordinate (|x| <= 1e8 m)", where, k,
                       transform_.translate[k]);
      }
    }
    if (const auto metadata = member(doc, "metadata")) {
      const std::string_view crs = string_member(*metadata, "referenceSystem");
      if (!crs.empty()) {
        doc_.crs_names.emplace_back(crs);
        crs_ = static_cast<std::uint32_t>(doc_.crs_names.size() - 1);
      }
    }
  }

  std::vector<Point3> decode_vertices(const Element& vertices, const std::string& where) const {
    const JsonArray list = as_array(vertices);
    std::vector<Point3> points;
    points.reserve(list.size());
    std::size_t i = 0;
    for (const Element v : list) {
      Point3 p{};
      bool ok = v.is_array();
      if (ok) {
        std::size_t k = 0;
        for (const Element x : as_array(v)) {
          if (k >= 3 || !x.is_number()) {
            ok = false;
            break;
          }
          p[k++] = as_double(x);
        }
        ok = ok && k == 3;
      }
      HEATTWIN_CHECK(ok, "{}: vertex {} is {}, expected three numbers", where, i, excerpt(v));
      if (transform_.present) {
        for (std::size_t k = 0; k < 3; ++k) p[k] = p[k] * transform_.scale[k] + transform_.translate[k];
      }
      points.push_back(p);
      ++i;
    }
    return points;
  }

  /// The building types of CityJSON and their parts; the rest is skipped.
  static bool is_building_type(std::string_view type) { return type == "Building" || type == "BuildingPart"; }

  void read_objects(const Element& objects_element, const std::vector<Point3>& vertices, const std::string& where) {
    JsonObject objects;
    if (objects_element.get_object().get(objects) != simdjson::SUCCESS) return;  // checked by the callers
    std::vector<Entry> entries;
    entries.reserve(objects.size());
    std::unordered_map<std::string_view, std::size_t> index;
    index.reserve(objects.size());
    for (const auto field : objects) {  // file order
      if (index.emplace(field.key, entries.size()).second)
        entries.push_back(Entry{field.key, field.value, string_member(field.value, "type")});
    }
    // Parent of each BuildingPart: the Building or BuildingPart listing it in "children", else
    // the first of its "parents" in the file (CityJSON asks for both links; either suffices).
    std::unordered_map<std::string_view, std::string_view> parent_of;
    const auto find = [&](const Element& id) -> const Entry* {
      if (!id.is_string()) return nullptr;
      const auto it = index.find(as_string(id));
      return it == index.end() ? nullptr : &entries[it->second];
    };
    for (const Entry& e : entries) {
      const auto children = member(e.object, "children");
      if (!is_building_type(e.type) || !children || !children->is_array()) continue;
      for (const Element child_id : as_array(*children)) {
        const Entry* child = find(child_id);
        if (child != nullptr && child->type == "BuildingPart" && child->id != e.id)
          parent_of.try_emplace(child->id, e.id);
      }
    }
    for (const Entry& e : entries) {
      const auto parents = member(e.object, "parents");
      if (e.type != "BuildingPart" || !parents || !parents->is_array() || parent_of.contains(e.id)) continue;
      for (const Element parent_id : as_array(*parents)) {
        const Entry* parent = find(parent_id);
        if (parent != nullptr && is_building_type(parent->type) && parent->id != e.id) {
          parent_of.emplace(e.id, parent->id);
          break;
        }
      }
    }
    // Parts (nested ones too) go to the building at the top of their chain, in file order.
    std::unordered_map<std::string_view, std::vector<std::size_t>> parts_of;
    for (std::size_t k = 0; k < entries.size(); ++k) {
      if (!parent_of.contains(entries[k].id)) continue;
      std::string_view root = entries[k].id;
      for (std::size_t steps = 0;; ++steps) {
        const auto up = parent_of.find(root);
        if (up == parent_of.end()) break;
        HEATTWIN_CHECK(steps < entries.size(), "{} ({}): the parents of this BuildingPart form a cycle", where,
                       entries[k].id);
        root = up->second;
      }
      parts_of[root].push_back(k);
    }

    for (const Entry& e : entries) {
      if (e.type == "BuildingPart") {
        if (parent_of.contains(e.id)) continue;  // read with its building
        warn("BuildingPart without its parent Building in the file (read as a building)",
             fmt::format("{} ({})", where, e.id));
      } else if (e.type != "Building") {
        warn("city objects other than buildings skipped", fmt::format("{} ({})", where, e.id));
        continue;
      }
      const auto parts = parts_of.find(e.id);
      read_building(e, parts == parts_of.end() ? std::span<const std::size_t>() : parts->second, entries, vertices,
                    where);
    }
  }

  /// One Building (or a BuildingPart without its parent) with its parts `part_entries`.
  void read_building(const Entry& e, std::span<const std::size_t> part_entries, const std::vector<Entry>& entries,
                     const std::vector<Point3>& vertices, const std::string& where) {
    CityGmlBuilding b;
    b.id = std::string(e.id);
    Attributes own, parts;
    const std::string here = fmt::format("{} ({})", where, e.id);
    read_attributes(e.object, false, own, here);
    add_geometry(e.object, vertices, 0, b, here);
    for (const std::size_t k : part_entries) {
      const Entry& p = entries[k];
      b.part_ids.emplace_back(p.id);
      const auto part = static_cast<std::uint32_t>(b.part_ids.size());
      const std::string part_here = fmt::format("{} ({})", where, p.id);
      read_attributes(p.object, true, parts, part_here);
      add_geometry(p.object, vertices, part, b, part_here);
    }
    detail::apply_building_attributes(own, parts, b);  // as in CityGML
    doc_.buildings.push_back(std::move(b));
  }

  /// Attributes of a building or part; for parts the tallest height and the most storeys win.
  void read_attributes(const Element& object, bool is_part, Attributes& a, const std::string& where) {
    const auto attributes = member(object, "attributes");
    if (!attributes || !attributes->is_object()) return;
    const auto text = [&](std::string_view key) -> std::string {
      const auto v = member(*attributes, key);
      if (!v || v->is_null()) return {};
      return v->is_string() ? std::string(as_string(*v)) : simdjson::minify(*v);
    };
    if (a.function.empty()) a.function = !text("function").empty() ? text("function") : text("usage");
    if (a.roof_type.empty()) a.roof_type = text("roofType");
    if (const auto v = member(*attributes, "yearOfConstruction"); v && !v->is_null()) {
      const auto year = number_of<int>(*v);
      if (!year || *year < 1000 || *year > 2100)
        warn("yearOfConstruction not a year in 1000–2100 (value ignored)", where);
      else if (a.year == 0)
        a.year = *year;
    }
    if (const auto v = member(*attributes, "measuredHeight"); v && !v->is_null()) {
      const auto h = number_of<double>(*v);
      if (!h || !std::isfinite(*h) || *h <= 0 || *h >= 1000)
        warn("measuredHeight out of range (value ignored)", where);
      else if (!std::isfinite(a.height_m) || (is_part && *h > a.height_m))
        a.height_m = *h;
    }
    if (const auto v = member(*attributes, "storeysAboveGround"); v && !v->is_null()) {
      const auto s = number_of<int>(*v);
      if (!s || *s < 1 || *s > 200)
        warn("storeysAboveGround out of range (value ignored)", where);
      else if (a.storeys == 0 || (is_part && *s > a.storeys))
        a.storeys = *s;
    }
  }

  /// Adds the LoD1/LoD2 geometry of one city object to `b` as part `part`.
  void add_geometry(const Element& object, const std::vector<Point3>& vertices, std::uint32_t part, CityGmlBuilding& b,
                    const std::string& where) {
    const auto geometries = member(object, "geometry");
    if (!geometries) return;
    HEATTWIN_CHECK(geometries->is_array(), "{}: \"geometry\" must be a list", where);
    for (const Element g : as_array(*geometries)) {
      HEATTWIN_CHECK(g.is_object(), "{}: a geometry must be a JSON object", where);
      const std::string type(string_member(g, "type"));
      if (type == "GeometryInstance") {
        warn("geometry templates (GeometryInstance) skipped", where);
        continue;
      }
      const int lod = lod_of(g);
      if (lod < 1 || lod > 2) {
        warn(lod >= 3 ? fmt::format("LoD{} geometry ignored (LoD1 and LoD2 are read)", lod)
                      : std::string("LoD0 or unknown-LoD geometry ignored"),
             where);
        continue;
      }
      const int depth = surface_depth(type);
      if (depth == 0) {
        warn(fmt::format("geometry type '{}' of a building skipped", type), where);
        continue;
      }
      const auto boundaries = member(g, "boundaries");
      HEATTWIN_CHECK(boundaries && boundaries->is_array(), "{}: a {} has no \"boundaries\" list", where, type);
      const auto semantics = member(g, "semantics");
      const auto surfaces = semantics ? member(*semantics, "surfaces") : std::nullopt;
      const auto values = semantics ? member(*semantics, "values") : std::nullopt;
      HEATTWIN_CHECK(!surfaces || surfaces->is_array(), "{}: \"semantics\".\"surfaces\" must be a list", where);
      // The semantic surfaces by index (simdjson arrays are lists: index them once).
      std::vector<Element> semantic_surfaces;
      if (surfaces) {
        const JsonArray list = as_array(*surfaces);
        semantic_surfaces.assign(list.begin(), list.end());
      }
      const Target target{
          &vertices, surfaces ? &semantic_surfaces : nullptr, static_cast<std::uint8_t>(lod), part, &type, &where};
      add_surfaces(*boundaries, values ? &*values : nullptr, depth, target, b);
    }
  }

  /// What the surfaces of one geometry share.
  struct Target {
    const std::vector<Point3>* vertices;
    const std::vector<Element>* semantic_surfaces;  ///< "semantics"."surfaces" or nullptr
    std::uint8_t lod;
    std::uint32_t part;
    const std::string* geometry_type;
    const std::string* where;
  };

  /// Walks `depth` levels of boundaries (solids → shells → surfaces) with the matching level of
  /// semantic values (an array of the same shape, null, or missing).
  void add_surfaces(const Element& boundaries, const Element* values, int depth, const Target& t, CityGmlBuilding& b) {
    HEATTWIN_CHECK(boundaries.is_array(), "{}: the boundaries of a {} are not nested {} levels deep", *t.where,
                   *t.geometry_type, surface_depth(*t.geometry_type) + 2);
    // Values walk beside the boundaries (both lists, same order).
    std::optional<JsonArray> value_list;
    if (values != nullptr && values->is_array()) value_list = as_array(*values);
    auto value_it = value_list ? value_list->begin() : JsonArray::iterator{};
    const auto value_end = value_list ? value_list->end() : JsonArray::iterator{};
    for (const Element item : as_array(boundaries)) {
      std::optional<Element> value;
      if (value_list && value_it != value_end) {
        value = *value_it;
        ++value_it;
      }
      if (depth > 1)
        add_surfaces(item, value ? &*value : nullptr, depth - 1, t, b);
      else
        add_surface(item, value ? &*value : nullptr, t, b);
    }
  }

  /// Adds one surface ([ring][vertex index]) with its semantic value (index into surfaces or null).
  void add_surface(const Element& rings, const Element* semantic_index, const Target& t, CityGmlBuilding& b) {
    const std::string& where = *t.where;
    SurfaceKind kind = SurfaceKind::unclassified;
    std::uint64_t k = 0;
    if (semantic_index != nullptr && t.semantic_surfaces != nullptr &&
        semantic_index->get_uint64().get(k) == simdjson::SUCCESS) {
      HEATTWIN_CHECK(k < t.semantic_surfaces->size(), "{}: semantic value {} refers to none of the {} surfaces", where,
                     k, t.semantic_surfaces->size());
      const auto mapped = kind_of(string_member((*t.semantic_surfaces)[k], "type"));
      if (!mapped) {
        warn("openings (Window, Door surfaces) skipped", where);
        return;
      }
      kind = *mapped;
    }
    HEATTWIN_CHECK(rings.is_array() && as_array(rings).size() > 0,
                   "{}: a surface of a {} must be a non-empty list of rings", where, *t.geometry_type);
    CityGmlSurface surface;
    surface.kind = kind;
    surface.lod = t.lod;
    surface.part = t.part;
    surface.crs = crs_;
    const std::vector<Point3>& vertices = *t.vertices;
    std::size_t r = 0;
    for (const Element ring_json : as_array(rings)) {
      HEATTWIN_CHECK(ring_json.is_array(), "{}: a ring must be a list of vertex indices, not {}", where,
                     excerpt(ring_json));
      const JsonArray indices = as_array(ring_json);
      Ring3 ring;
      ring.reserve(indices.size());
      for (const Element index : indices) {
        std::uint64_t i = 0;
        HEATTWIN_CHECK(index.get_uint64().get(i) == simdjson::SUCCESS && i < vertices.size(),
                       "{}: vertex index {} is out of range (the file or feature has {} vertices)", where,
                       excerpt(index), vertices.size());
        ring.push_back(vertices[i]);
      }
      if (is_degenerate_ring(ring)) {
        warn("degenerate ring (fewer than 3 distinct points or zero area) skipped", where);
        if (r == 0) return;  // without its exterior the surface is lost
        ++r;
        continue;
      }
      if (r == 0)
        surface.geometry.exterior = std::move(ring);
      else
        surface.geometry.holes.push_back(std::move(ring));
      ++r;
    }
    b.surfaces.push_back(std::move(surface));
  }

  CityGmlDocument doc_;
  Transform transform_;
  std::uint32_t crs_ = 0;
};

/// Parses `text` (a whole document or one CityJSONSeq line) with `parser`; the element lives until
/// the parser parses again. A malformed document is parsed once more by nlohmann::json for a
/// message with the byte offset of the error.
Element parse_json(simdjson::dom::parser& parser, std::string_view text, const std::string& where) {
  Element root;
  const auto error = parser.parse(text.data(), text.size()).get(root);
  if (error == simdjson::SUCCESS) return root;
  try {
    [[maybe_unused]] const auto reparsed = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(fmt::format("{}: not valid JSON (byte {}): {}", where, e.byte, e.what()));
  } catch (const nlohmann::json::exception& e) {
    // A number too large for a double (out_of_range.406) and the like: bad input, not a crash.
    throw InputError(fmt::format("{}: not usable JSON: {}", where, e.what()));
  }
  throw InputError(fmt::format("{}: not valid JSON: {}", where, simdjson::error_message(error)));
}

std::string lower_case(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

/// CityJSONSeq by its extension (.jsonl, .city.jsonl).
bool is_sequence_path(const std::string& path) {
  return lower_case(std::filesystem::path(path).extension().string()) == ".jsonl";
}

}  // namespace

CityGmlDocument parse_cityjson(std::string_view text, const std::string& name) {
  CityJsonReader reader(name);
  simdjson::dom::parser parser;
  // CityJSONSeq: the first line is a complete CityJSON header and more lines (features) follow.
  // A pretty-printed or one-line CityJSON document has no such first line.
  const auto first_newline = text.find('\n');
  bool sequence = false;
  if (first_newline != std::string_view::npos &&
      text.find_first_not_of(" \t\r\n", first_newline) != std::string_view::npos) {
    Element first;
    sequence = parser.parse(text.data(), first_newline).get(first) == simdjson::SUCCESS;
  }
  if (!sequence) {
    reader.read_document(parse_json(parser, text, name), name, false);
    return reader.take();
  }
  std::size_t line_no = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    const std::string_view line =
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    ++line_no;
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
      const std::string where = fmt::format("{}:{}", name, line_no);
      const Element j = parse_json(parser, line, where);
      if (line_no == 1)
        reader.read_document(j, where, true);
      else
        reader.read_feature(j, where);
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return reader.take();
}

CityGmlDocument read_cityjson_file(const std::string& path) {
  check_input_file(path, "the CityJSON file");
  std::ifstream in(path, std::ios::binary);
  HEATTWIN_CHECK(in.good(), "{}: cannot open the file", path);
  if (is_sequence_path(path)) {
    // One feature at a time: memory stays bounded by the largest feature.
    CityJsonReader reader(path);
    simdjson::dom::parser parser;
    std::string line;
    std::size_t line_no = 0;
    bool header = true;
    while (std::getline(in, line)) {
      ++line_no;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      const std::string where = fmt::format("{}:{}", path, line_no);
      const Element j = parse_json(parser, line, where);
      if (header)
        reader.read_document(j, where, true);
      else
        reader.read_feature(j, where);
      header = false;
    }
    HEATTWIN_CHECK_AS(IoError, !in.bad(), "{}: reading failed", path);
    HEATTWIN_CHECK(!header, "{}: the file is empty (a CityJSONSeq starts with a CityJSON header line)", path);
    return reader.take();
  }
  // The whole file in one buffer with simdjson's padding (no copy when parsing).
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  HEATTWIN_CHECK_AS(IoError, size >= 0, "{}: reading failed", path);
  in.seekg(0, std::ios::beg);
  simdjson::padded_string text(static_cast<std::size_t>(size));
  in.read(text.data(), size);
  HEATTWIN_CHECK_AS(IoError, !in.bad() && in.gcount() == size, "{}: reading failed", path);
  return parse_cityjson(std::string_view(text.data(), text.size()), path);
}

bool is_cityjson_file(const std::string& path) {
  const std::string file = lower_case(std::filesystem::path(path).filename().string());
  // The extensions the CityJSON specification recommends name the format.
  if (file.ends_with(".city.json") || file.ends_with(".city.jsonl")) return true;
  if (!file.ends_with(".json") && !file.ends_with(".jsonl")) return false;
  // GeoJSON files end in .json too: look for CityJSON's type or its CityObjects member near the
  // start (key order is free, so either may come first).
  if (!std::filesystem::exists(path)) return false;  // the reader reports it
  check_input_file(path, "the input file");
  std::ifstream in(path, std::ios::binary);
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head.find("\"CityJSON\"") != std::string::npos || head.find("\"CityObjects\"") != std::string::npos;
}

}  // namespace heattwin::twin
