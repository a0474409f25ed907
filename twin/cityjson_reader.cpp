#include "twin/cityjson_reader.hpp"

#include "twin/error.hpp"
#include "twin/input_file.hpp"

#include <fmt/format.h>
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
#include <sstream>
#include <type_traits>
#include <unordered_map>

namespace heattwin::twin {
namespace {

/// Objects are std::maps (nlohmann::ordered_json inserts by linear search: parsing n CityObjects
/// cost O(n²)). The file's order of the CityObjects, in which buildings come out as in the
/// CityGML reader, is recorded while parsing (parse_json) and handed to the reader.
using Json = nlohmann::json;

/// The member `key` of `j`, or nullptr if `j` is not an object or has no such member. (The const
/// operator[] of nlohmann is undefined behaviour for a missing key.)
const Json* member(const Json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  const auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

/// The string member `key` of `j`, or "" if it is missing or not a string.
std::string string_member(const Json& j, const char* key) {
  const Json* v = member(j, key);
  return v != nullptr && v->is_string() ? v->get<std::string>() : std::string();
}

/// Runs `read`; a nlohmann type or range error (a member of the wrong JSON type, e.g. a number
/// where CityJSON wants a list) becomes an InputError naming `where`.
template <class Read>
void translating_json_errors(const std::string& where, Read&& read) {
  try {
    read();
  } catch (const Json::exception& e) {
    throw InputError(fmt::format("{}: malformed CityJSON ({})", where, e.what()));
  }
}

/// Integer part of a CityJSON LoD: "2" and "2.2" → 2 (CityJSON 1.1/2.0 write strings, 1.0 wrote
/// numbers); -1 if the LoD is missing or not of that form.
int lod_of(const Json& geometry) {
  const Json* lod = member(geometry, "lod");
  if (lod == nullptr) return -1;
  if (lod->is_number()) {
    const double v = lod->get<double>();
    return std::isfinite(v) && v >= 0.0 && v < 100.0 ? static_cast<int>(v) : -1;
  }
  if (!lod->is_string()) return -1;
  const auto& text = lod->get_ref<const std::string&>();
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
std::optional<T> number_of(const Json& v) {
  if (v.is_number()) {
    const double d = v.get<double>();
    if constexpr (std::is_integral_v<T>) {
      if (!std::isfinite(d) || d != std::floor(d) || std::abs(d) > 1e9) return std::nullopt;
      return static_cast<T>(d);
    } else {
      return static_cast<T>(d);
    }
  }
  if (!v.is_string()) return std::nullopt;
  const auto& text = v.get_ref<const std::string&>();
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
  std::string_view id;  ///< borrowed from the JSON document
  const Json* object = nullptr;
  std::string type;
};

class CityJsonReader {
 public:
  explicit CityJsonReader(std::string name) { doc_.name = std::move(name); }

  /// Reads a CityJSON document (or, with `sequence_header`, the first line of a CityJSONSeq,
  /// whose CityObjects are normally empty): type, version, transform, metadata, then the
  /// CityObjects with the document's vertices.
  void read_document(const Json& doc, const std::string& where, bool sequence_header) {
    HEATTWIN_CHECK(doc.is_object(), "{}: not a CityJSON document (the top level is not a JSON object)", where);
    const std::string type = string_member(doc, "type");
    HEATTWIN_CHECK(type == "CityJSON", "{}: not a CityJSON document (\"type\" is '{}', expected \"CityJSON\")", where,
                   type);
    const std::string version = string_member(doc, "version");
    const auto is_version = [&version](std::string_view v) {
      return version == v || (version.starts_with(v) && version.size() > v.size() && version[v.size()] == '.');
    };
    HEATTWIN_CHECK(is_version("1.1") || is_version("2.0"),
                   "{}: CityJSON version '{}' is not supported (1.1 and 2.0 are; upgrade older files with "
                   "`cjio file.json upgrade save new.city.json`)",
                   where, version);
    translating_json_errors(where, [&] { read_header(doc, where); });
    const Json* vertices = member(doc, "vertices");
    const Json* objects = member(doc, "CityObjects");
    if (sequence_header && (objects == nullptr || objects->empty())) return;
    HEATTWIN_CHECK(vertices != nullptr && vertices->is_array(), "{}: the document has no \"vertices\" list", where);
    HEATTWIN_CHECK(objects != nullptr && objects->is_object(), "{}: the document has no \"CityObjects\" object", where);
    read_objects(*objects, decode_vertices(*vertices, where), where);
  }

  /// Reads one CityJSONFeature of a CityJSONSeq: its own vertices with the header's transform.
  void read_feature(const Json& feature, const std::string& where) {
    const std::string type = string_member(feature, "type");
    HEATTWIN_CHECK(type == "CityJSONFeature",
                   "{}: a CityJSONSeq line after the first must be a CityJSONFeature (\"type\" is '{}')", where, type);
    const Json* vertices = member(feature, "vertices");
    const Json* objects = member(feature, "CityObjects");
    HEATTWIN_CHECK(vertices != nullptr && vertices->is_array(), "{}: the feature has no \"vertices\" list", where);
    HEATTWIN_CHECK(objects != nullptr && objects->is_object(), "{}: the feature has no \"CityObjects\" object", where);
    read_objects(*objects, decode_vertices(*vertices, where), where);
  }

  CityGmlDocument take() { return std::move(doc_); }

  /// The file order of the next document's CityObjects (from parse_json); empty: by id.
  void set_object_order(std::vector<std::string> order) { object_order_ = std::move(order); }

 private:
  void warn(const std::string& reason, const std::string& where) {
    ++doc_.warnings[reason];
    auto& examples = doc_.warning_examples[reason];
    if (examples.size() < 5) examples.push_back(where);
  }

  void read_header(const Json& doc, const std::string& where) {
    // CityJSON 1.1 and 2.0 store vertices as integers scaled by the mandatory "transform";
    // without it millimetre integers would be read as metres (a 1000-fold, 10^6-fold in area).
    HEATTWIN_CHECK(member(doc, "transform") != nullptr,
                   "{}: the document has no \"transform\", which CityJSON 1.1/2.0 require (vertices are integers "
                   "scaled by transform.scale); add \"transform\": {{\"scale\": [..], \"translate\": [..]}}",
                   where);
    if (const Json* t = member(doc, "transform")) {
      const Json* scale = member(*t, "scale");
      const Json* translate = member(*t, "translate");
      const auto is_triple = [](const Json* v) {
        return v != nullptr && v->is_array() && v->size() == 3 &&
               std::all_of(v->begin(), v->end(), [](const Json& x) { return x.is_number(); });
      };
      HEATTWIN_CHECK(is_triple(scale) && is_triple(translate),
                     "{}: \"transform\" needs \"scale\" and \"translate\" with 3 numbers each", where);
      transform_.present = true;
      for (std::size_t k = 0; k < 3; ++k) {
        transform_.scale[k] = (*scale)[k].get<double>();
        transform_.translate[k] = (*translate)[k].get<double>();
        HEATTWIN_CHECK(std::isfinite(transform_.scale[k]) && transform_.scale[k] > 0.0 && transform_.scale[k] <= 1000.0,
                       "{}: transform.scale[{}] is {}, expected a positive factor up to 1000 (usually 0.001)", where, k,
                       transform_.scale[k]);
        HEATTWIN_CHECK(std::isfinite(transform_.translate[k]) && std::abs(transform_.translate[k]) <= 1e8,
                       "{}: transform.translate[{}] is {}, expected a finite coordinate (|x| <= 1e8 m)", where, k,
                       transform_.translate[k]);
      }
    }
    if (const Json* metadata = member(doc, "metadata")) {
      const std::string crs = string_member(*metadata, "referenceSystem");
      if (!crs.empty()) {
        doc_.crs_names.push_back(crs);
        crs_ = static_cast<std::uint32_t>(doc_.crs_names.size() - 1);
      }
    }
  }

  std::vector<Point3> decode_vertices(const Json& vertices, const std::string& where) const {
    std::vector<Point3> points;
    points.reserve(vertices.size());
    for (std::size_t i = 0; i < vertices.size(); ++i) {
      const Json& v = vertices[i];
      HEATTWIN_CHECK(v.is_array() && v.size() == 3 && v[0].is_number() && v[1].is_number() && v[2].is_number(),
                     "{}: vertex {} is {}, expected three numbers", where, i, v.dump().substr(0, 60));
      Point3 p{v[0].get<double>(), v[1].get<double>(), v[2].get<double>()};
      if (transform_.present) {
        for (std::size_t k = 0; k < 3; ++k) p[k] = p[k] * transform_.scale[k] + transform_.translate[k];
      }
      points.push_back(p);
    }
    return points;
  }

  /// The building types of CityJSON and their parts; the rest is skipped.
  static bool is_building_type(std::string_view type) { return type == "Building" || type == "BuildingPart"; }

  void read_objects(const Json& objects, const std::vector<Point3>& vertices, const std::string& where) {
    std::vector<Entry> entries;
    entries.reserve(objects.size());
    std::unordered_map<std::string_view, std::size_t> index;
    index.reserve(objects.size());
    const auto add = [&](Json::const_iterator it) {
      const std::string& id = it.key();
      if (index.emplace(id, entries.size()).second)
        entries.push_back(Entry{id, &it.value(), string_member(it.value(), "type")});
    };
    for (const auto& key : object_order_) {
      const auto it = objects.find(key);
      if (it != objects.end()) add(it);
    }
    for (auto it = objects.begin(); it != objects.end(); ++it) add(it);  // any the order missed
    // Parent of each BuildingPart: the Building or BuildingPart listing it in "children", else
    // the first of its "parents" in the file (CityJSON asks for both links; either suffices).
    std::unordered_map<std::string_view, std::string_view> parent_of;
    const auto find = [&](const Json& id) -> const Entry* {
      if (!id.is_string()) return nullptr;
      const auto it = index.find(id.get_ref<const std::string&>());
      return it == index.end() ? nullptr : &entries[it->second];
    };
    for (const Entry& e : entries) {
      const Json* children = member(*e.object, "children");
      if (!is_building_type(e.type) || children == nullptr || !children->is_array()) continue;
      for (const Json& child_id : *children) {
        const Entry* child = find(child_id);
        if (child != nullptr && child->type == "BuildingPart" && child->id != e.id)
          parent_of.try_emplace(child->id, e.id);
      }
    }
    for (const Entry& e : entries) {
      const Json* parents = member(*e.object, "parents");
      if (e.type != "BuildingPart" || parents == nullptr || !parents->is_array() || parent_of.contains(e.id)) continue;
      for (const Json& parent_id : *parents) {
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
      const std::string here = fmt::format("{} ({})", where, e.id);
      if (e.type == "BuildingPart") {
        if (parent_of.contains(e.id)) continue;  // read with its building
        warn("BuildingPart without its parent Building in the file (read as a building)", here);
      } else if (e.type != "Building") {
        warn("city objects other than buildings skipped", here);
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
    translating_json_errors(here, [&] {
      read_attributes(*e.object, false, own, here);
      add_geometry(*e.object, vertices, 0, b, here);
    });
    for (const std::size_t k : part_entries) {
      const Entry& p = entries[k];
      b.part_ids.emplace_back(p.id);
      const auto part = static_cast<std::uint32_t>(b.part_ids.size());
      const std::string part_here = fmt::format("{} ({})", where, p.id);
      translating_json_errors(part_here, [&] {
        read_attributes(*p.object, true, parts, part_here);
        add_geometry(*p.object, vertices, part, b, part_here);
      });
    }
    detail::apply_building_attributes(own, parts, b);  // as in CityGML
    doc_.buildings.push_back(std::move(b));
  }

  /// Attributes of a building or part; for parts the tallest height and the most storeys win.
  void read_attributes(const Json& object, bool is_part, Attributes& a, const std::string& where) {
    const Json* attributes = member(object, "attributes");
    if (attributes == nullptr || !attributes->is_object()) return;
    const auto text = [&](const char* key) -> std::string {
      const Json* v = member(*attributes, key);
      if (v == nullptr || v->is_null()) return {};
      return v->is_string() ? v->get<std::string>() : v->dump();
    };
    if (a.function.empty()) a.function = !text("function").empty() ? text("function") : text("usage");
    if (a.roof_type.empty()) a.roof_type = text("roofType");
    if (const Json* v = member(*attributes, "yearOfConstruction"); v != nullptr && !v->is_null()) {
      const auto year = number_of<int>(*v);
      if (!year || *year < 1000 || *year > 2100)
        warn("yearOfConstruction not a year in 1000–2100 (value ignored)", where);
      else if (a.year == 0)
        a.year = *year;
    }
    if (const Json* v = member(*attributes, "measuredHeight"); v != nullptr && !v->is_null()) {
      const auto h = number_of<double>(*v);
      if (!h || !std::isfinite(*h) || *h <= 0 || *h >= 1000)
        warn("measuredHeight out of range (value ignored)", where);
      else if (!std::isfinite(a.height_m) || (is_part && *h > a.height_m))
        a.height_m = *h;
    }
    if (const Json* v = member(*attributes, "storeysAboveGround"); v != nullptr && !v->is_null()) {
      const auto s = number_of<int>(*v);
      if (!s || *s < 1 || *s > 200)
        warn("storeysAboveGround out of range (value ignored)", where);
      else if (a.storeys == 0 || (is_part && *s > a.storeys))
        a.storeys = *s;
    }
  }

  /// Adds the LoD1/LoD2 geometry of one city object to `b` as part `part`.
  void add_geometry(const Json& object, const std::vector<Point3>& vertices, std::uint32_t part, CityGmlBuilding& b,
                    const std::string& where) {
    const Json* geometries = member(object, "geometry");
    if (geometries == nullptr) return;
    HEATTWIN_CHECK(geometries->is_array(), "{}: \"geometry\" must be a list", where);
    for (const Json& g : *geometries) {
      HEATTWIN_CHECK(g.is_object(), "{}: a geometry must be a JSON object", where);
      const std::string type = string_member(g, "type");
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
      const Json* boundaries = member(g, "boundaries");
      HEATTWIN_CHECK(boundaries != nullptr && boundaries->is_array(), "{}: a {} has no \"boundaries\" list", where,
                     type);
      const Json* semantics = member(g, "semantics");
      const Json* surfaces = semantics != nullptr ? member(*semantics, "surfaces") : nullptr;
      const Json* values = semantics != nullptr ? member(*semantics, "values") : nullptr;
      HEATTWIN_CHECK(surfaces == nullptr || surfaces->is_array(), "{}: \"semantics\".\"surfaces\" must be a list",
                     where);
      const Target target{&vertices, surfaces, static_cast<std::uint8_t>(lod), part, &type, &where};
      add_surfaces(*boundaries, values, depth, target, b);
    }
  }

  /// What the surfaces of one geometry share.
  struct Target {
    const std::vector<Point3>* vertices;
    const Json* semantic_surfaces;  ///< "semantics"."surfaces" or nullptr
    std::uint8_t lod;
    std::uint32_t part;
    const std::string* geometry_type;
    const std::string* where;
  };

  /// Walks `depth` levels of boundaries (solids → shells → surfaces) with the matching level of
  /// semantic values (an array of the same shape, null, or missing).
  void add_surfaces(const Json& boundaries, const Json* values, int depth, const Target& t, CityGmlBuilding& b) {
    HEATTWIN_CHECK(boundaries.is_array(), "{}: the boundaries of a {} are not nested {} levels deep", *t.where,
                   *t.geometry_type, surface_depth(*t.geometry_type) + 2);
    for (std::size_t i = 0; i < boundaries.size(); ++i) {
      const Json* value = values != nullptr && values->is_array() && i < values->size() ? &(*values)[i] : nullptr;
      if (depth > 1)
        add_surfaces(boundaries[i], value, depth - 1, t, b);
      else
        add_surface(boundaries[i], value, t, b);
    }
  }

  /// Adds one surface ([ring][vertex index]) with its semantic value (index into surfaces or null).
  void add_surface(const Json& rings, const Json* semantic_index, const Target& t, CityGmlBuilding& b) {
    const std::string& where = *t.where;
    SurfaceKind kind = SurfaceKind::unclassified;
    if (semantic_index != nullptr && semantic_index->is_number_unsigned() && t.semantic_surfaces != nullptr) {
      const auto k = semantic_index->get<std::size_t>();
      HEATTWIN_CHECK(k < t.semantic_surfaces->size(), "{}: semantic value {} refers to none of the {} surfaces", where,
                     k, t.semantic_surfaces->size());
      const auto mapped = kind_of(string_member((*t.semantic_surfaces)[k], "type"));
      if (!mapped) {
        warn("openings (Window, Door surfaces) skipped", where);
        return;
      }
      kind = *mapped;
    }
    HEATTWIN_CHECK(rings.is_array() && !rings.empty(), "{}: a surface of a {} must be a non-empty list of rings", where,
                   *t.geometry_type);
    CityGmlSurface surface;
    surface.kind = kind;
    surface.lod = t.lod;
    surface.part = t.part;
    surface.crs = crs_;
    const std::vector<Point3>& vertices = *t.vertices;
    for (std::size_t r = 0; r < rings.size(); ++r) {
      const Json& ring_json = rings[r];
      HEATTWIN_CHECK(ring_json.is_array(), "{}: a ring must be a list of vertex indices, not {}", where,
                     ring_json.dump().substr(0, 60));
      Ring3 ring;
      ring.reserve(ring_json.size());
      for (const Json& index : ring_json) {
        HEATTWIN_CHECK(index.is_number_unsigned() && index.get<std::size_t>() < vertices.size(),
                       "{}: vertex index {} is out of range (the file or feature has {} vertices)", where, index.dump(),
                       vertices.size());
        ring.push_back(vertices[index.get<std::size_t>()]);
      }
      if (is_degenerate_ring(ring)) {
        warn("degenerate ring (fewer than 3 distinct points or zero area) skipped", where);
        if (r == 0) return;  // without its exterior the surface is lost
        continue;
      }
      if (r == 0)
        surface.geometry.exterior = std::move(ring);
      else
        surface.geometry.holes.push_back(std::move(ring));
    }
    b.surfaces.push_back(std::move(surface));
  }

  CityGmlDocument doc_;
  std::vector<std::string> object_order_;
  Transform transform_;
  std::uint32_t crs_ = 0;
};

/// SAX handler that records the member names of the top-level "CityObjects" object in file
/// order (a second, allocation-light pass: nlohmann's DOM parser with a callback rescans parent
/// objects at every object end, which is O(n²) in the number of CityObjects).
class CityObjectOrder : public nlohmann::json_sax<Json> {
 public:
  explicit CityObjectOrder(std::vector<std::string>& order) : order_(order) {}
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override {
    ++depth_;
    return true;
  }
  bool key(string_t& name) override {
    if (depth_ == 1)
      in_city_objects_ = name == "CityObjects";
    else if (depth_ == 2 && in_city_objects_)
      order_.push_back(name);
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    ++depth_;
    return true;
  }
  bool end_array() override {
    --depth_;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  std::vector<std::string>& order_;
  int depth_ = 0;
  bool in_city_objects_ = false;
};

/// Parses `text`; `city_object_order` receives the member names of the top-level "CityObjects"
/// object in file order.
Json parse_json(std::string_view text, const std::string& where, std::vector<std::string>& city_object_order) {
  city_object_order.clear();
  Json j;
  try {
    j = Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw InputError(fmt::format("{}: not valid JSON (byte {}): {}", where, e.byte, e.what()));
  } catch (const Json::exception& e) {
    // A number too large for a double (out_of_range.406) and the like: bad input, not a crash.
    throw InputError(fmt::format("{}: not usable JSON: {}", where, e.what()));
  }
  CityObjectOrder order(city_object_order);
  Json::sax_parse(text, &order);  // valid JSON: cannot fail
  return j;
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
  // CityJSONSeq: the first line is a complete CityJSON header and more lines (features) follow.
  // A pretty-printed or one-line CityJSON document has no such first line.
  const auto first_newline = text.find('\n');
  bool sequence = false;
  if (first_newline != std::string_view::npos &&
      text.find_first_not_of(" \t\r\n", first_newline) != std::string_view::npos) {
    sequence = Json::accept(text.substr(0, first_newline));
  }
  if (!sequence) {
    std::vector<std::string> order;
    const Json j = parse_json(text, name, order);
    reader.set_object_order(std::move(order));
    reader.read_document(j, name, false);
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
      std::vector<std::string> order;
      const Json j = parse_json(line, where, order);
      reader.set_object_order(std::move(order));
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
    std::string line;
    std::size_t line_no = 0;
    bool header = true;
    while (std::getline(in, line)) {
      ++line_no;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      const std::string where = fmt::format("{}:{}", path, line_no);
      std::vector<std::string> order;
      const Json j = parse_json(line, where, order);
      reader.set_object_order(std::move(order));
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
  std::stringstream buffer;
  buffer << in.rdbuf();
  HEATTWIN_CHECK_AS(IoError, !in.bad(), "{}: reading failed", path);
  return parse_cityjson(buffer.view(), path);
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
