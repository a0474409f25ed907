#include "twin/cityjson_reader.hpp"

#include "twin/error.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace heattwin::twin {
namespace {

using Json = nlohmann::json;

/// Vertex decoding of one document or feature: integer vertices × scale + translate.
struct VertexTable {
  std::vector<Point3> points;
};

struct Transform {
  bool present = false;
  std::array<double, 3> scale{1.0, 1.0, 1.0};
  std::array<double, 3> translate{0.0, 0.0, 0.0};
};

class CityJsonReader {
 public:
  explicit CityJsonReader(std::string name) : name_(std::move(name)) {}

  /// Reads the header object: type, version, transform, metadata. A CityJSON document also
  /// carries its CityObjects and vertices, which are read right away.
  void read_document(const Json& doc, std::string_view where, bool sequence_header) {
    HEATTWIN_CHECK(doc.is_object() && doc.contains("type") && doc["type"] == "CityJSON",
                   "{}: not a CityJSON document (\"type\" must be \"CityJSON\")", where);
    const std::string version = doc.contains("version") && doc["version"].is_string() ? doc["version"].get<std::string>() : "";
    HEATTWIN_CHECK(version.rfind("1.1", 0) == 0 || version.rfind("2.0", 0) == 0,
                   "{}: CityJSON version '{}' is not supported (1.1 and 2.0 are)", where, version);
    if (doc.contains("transform")) {
      const Json& t = doc["transform"];
      HEATTWIN_CHECK(t.contains("scale") && t.contains("translate") && t["scale"].size() == 3 &&
                         t["translate"].size() == 3,
                     "{}: \"transform\" needs scale and translate with 3 numbers each", where);
      transform_.present = true;
      for (std::size_t k = 0; k < 3; ++k) {
        transform_.scale[k] = t["scale"][k].get<double>();
        transform_.translate[k] = t["translate"][k].get<double>();
      }
    }
    if (doc.contains("metadata") && doc["metadata"].contains("referenceSystem") &&
        doc["metadata"]["referenceSystem"].is_string()) {
      doc_.crs_names.push_back(doc["metadata"]["referenceSystem"].get<std::string>());
      crs_ = static_cast<std::uint32_t>(doc_.crs_names.size() - 1);
    }
    if (!sequence_header) {
      HEATTWIN_CHECK(doc.contains("vertices") && doc["vertices"].is_array(), "{}: the document has no \"vertices\"",
                     where);
      HEATTWIN_CHECK(doc.contains("CityObjects") && doc["CityObjects"].is_object(),
                     "{}: the document has no \"CityObjects\"", where);
      read_objects(doc["CityObjects"], decode_vertices(doc["vertices"], where), where);
    }
  }

  /// Reads one CityJSONFeature of a CityJSONSeq (its own vertices, the header's transform).
  void read_feature(const Json& feature, std::string_view where) {
    HEATTWIN_CHECK(feature.is_object() && feature.contains("type") && feature["type"] == "CityJSONFeature",
                   "{}: a CityJSONSeq line must be a CityJSONFeature", where);
    HEATTWIN_CHECK(feature.contains("vertices") && feature["vertices"].is_array() && feature.contains("CityObjects"),
                   "{}: the feature has no \"vertices\" or \"CityObjects\"", where);
    read_objects(feature["CityObjects"], decode_vertices(feature["vertices"], where), where);
  }

  CityGmlDocument take() {
    doc_.name = name_;
    return std::move(doc_);
  }

 private:
  void warn(const std::string& reason, std::string_view where) {
    ++doc_.warnings[reason];
    auto& examples = doc_.warning_examples[reason];
    if (examples.size() < 5) examples.emplace_back(where);
  }

  std::vector<Point3> decode_vertices(const Json& vertices, std::string_view where) const {
    std::vector<Point3> points;
    points.reserve(vertices.size());
    for (std::size_t i = 0; i < vertices.size(); ++i) {
      const Json& v = vertices[i];
      HEATTWIN_CHECK(v.is_array() && v.size() == 3 && v[0].is_number() && v[1].is_number() && v[2].is_number(),
                     "{}: vertex {} is not three numbers", where, i);
      Point3 p{v[0].get<double>(), v[1].get<double>(), v[2].get<double>()};
      if (transform_.present) {
        for (std::size_t k = 0; k < 3; ++k) p[k] = p[k] * transform_.scale[k] + transform_.translate[k];
      }
      points.push_back(p);
    }
    return points;
  }

  static std::optional<SurfaceKind> kind_of(const Json& semantic_type) {
    if (!semantic_type.is_string()) return SurfaceKind::unclassified;
    const std::string t = semantic_type.get<std::string>();
    if (t == "WallSurface") return SurfaceKind::wall;
    if (t == "RoofSurface") return SurfaceKind::roof;
    if (t == "GroundSurface") return SurfaceKind::ground;
    if (t == "ClosureSurface") return SurfaceKind::closure;
    if (t == "OuterCeilingSurface") return SurfaceKind::outer_ceiling;
    if (t == "OuterFloorSurface") return SurfaceKind::outer_floor;
    if (t == "Window" || t == "Door") return std::nullopt;  // openings: skipped, as in CityGML
    return SurfaceKind::unclassified;
  }

  /// Adds one surface ([ring][vertex index]) with its semantic value (index into surfaces or null).
  void add_surface(const Json& rings, const Json* semantic_index, const Json* semantic_surfaces,
                   const std::vector<Point3>& vertices, std::uint8_t lod, std::uint32_t part, CityGmlBuilding& building,
                   std::string_view where) {
    SurfaceKind kind = SurfaceKind::unclassified;
    if (semantic_index != nullptr && semantic_index->is_number_unsigned() && semantic_surfaces != nullptr) {
      const auto k = semantic_index->get<std::size_t>();
      HEATTWIN_CHECK(k < semantic_surfaces->size(), "{}: semantic value {} refers to none of the {} surfaces", where, k,
                     semantic_surfaces->size());
      const Json& s = (*semantic_surfaces)[k];
      const auto mapped = kind_of(s.contains("type") ? s["type"] : Json());
      if (!mapped) {
        warn("openings (Window, Door surfaces) skipped", where);
        return;
      }
      kind = *mapped;
    }
    HEATTWIN_CHECK(rings.is_array() && !rings.empty(), "{}: a surface must be a list of rings", where);
    CityGmlSurface surface;
    surface.kind = kind;
    surface.lod = lod;
    surface.part = part;
    surface.crs = crs_;
    for (std::size_t r = 0; r < rings.size(); ++r) {
      const Json& ring_json = rings[r];
      HEATTWIN_CHECK(ring_json.is_array(), "{}: a ring must be a list of vertex indices", where);
      Ring3 ring;
      ring.reserve(ring_json.size());
      for (const Json& index : ring_json) {
        HEATTWIN_CHECK(index.is_number_unsigned() && index.get<std::size_t>() < vertices.size(),
                       "{}: vertex index {} is out of range ({} vertices)", where, index.dump(), vertices.size());
        ring.push_back(vertices[index.get<std::size_t>()]);
      }
      if (is_degenerate_ring(ring)) {
        warn("degenerate ring (fewer than 3 distinct points or zero area) skipped", where);
        if (r == 0) return;  // without its exterior the surface is lost
        continue;
      }
      if (r == 0) surface.geometry.exterior = std::move(ring);
      else surface.geometry.holes.push_back(std::move(ring));
    }
    building.surfaces.push_back(std::move(surface));
  }

  /// Adds the geometry of one city object to `building` as part `part`.
  void add_geometry(const Json& object, const std::vector<Point3>& vertices, std::uint32_t part,
                    CityGmlBuilding& building, const std::string& where) {
    if (!object.contains("geometry")) return;
    for (const Json& g : object["geometry"]) {
      const std::string type = g.contains("type") && g["type"].is_string() ? g["type"].get<std::string>() : "";
      if (type == "GeometryInstance") {
        warn("geometry templates (GeometryInstance) skipped", where);
        continue;
      }
      double lod_value = -1.0;
      if (g.contains("lod") && g["lod"].is_string()) {
        try {
          lod_value = std::stod(g["lod"].get<std::string>());
        } catch (const std::exception&) {
          lod_value = -1.0;
        }
      } else if (g.contains("lod") && g["lod"].is_number()) {
        lod_value = g["lod"].get<double>();
      }
      const int lod = static_cast<int>(std::floor(lod_value));
      if (lod < 1 || lod > 2) {
        warn(lod >= 3 ? fmt::format("LoD{} geometry ignored (LoD1 and LoD2 are read)", lod)
                      : std::string("LoD0 or unknown-LoD geometry ignored"),
             where);
        continue;
      }
      HEATTWIN_CHECK(g.contains("boundaries") && g["boundaries"].is_array(), "{}: a geometry has no \"boundaries\"",
                     where);
      const Json& boundaries = g["boundaries"];
      const Json* surfaces = g.contains("semantics") && g["semantics"].contains("surfaces")
                                 ? &g["semantics"]["surfaces"]
                                 : nullptr;
      const Json* values = g.contains("semantics") && g["semantics"].contains("values") ? &g["semantics"]["values"]
                                                                                          : nullptr;
      auto value_at = [](const Json* v, std::size_t i) -> const Json* {
        return v != nullptr && v->is_array() && i < v->size() ? &(*v)[i] : nullptr;
      };
      const auto lod8 = static_cast<std::uint8_t>(lod);
      if (type == "MultiSurface" || type == "CompositeSurface") {
        for (std::size_t s = 0; s < boundaries.size(); ++s) {
          add_surface(boundaries[s], value_at(values, s), surfaces, vertices, lod8, part, building, where);
        }
      } else if (type == "Solid") {
        for (std::size_t shell = 0; shell < boundaries.size(); ++shell) {
          const Json* shell_values = value_at(values, shell);
          for (std::size_t s = 0; s < boundaries[shell].size(); ++s) {
            add_surface(boundaries[shell][s], value_at(shell_values, s), surfaces, vertices, lod8, part, building, where);
          }
        }
      } else if (type == "MultiSolid" || type == "CompositeSolid") {
        for (std::size_t solid = 0; solid < boundaries.size(); ++solid) {
          const Json* solid_values = value_at(values, solid);
          for (std::size_t shell = 0; shell < boundaries[solid].size(); ++shell) {
            const Json* shell_values = value_at(solid_values, shell);
            for (std::size_t s = 0; s < boundaries[solid][shell].size(); ++s) {
              add_surface(boundaries[solid][shell][s], value_at(shell_values, s), surfaces, vertices, lod8, part,
                          building, where);
            }
          }
        }
      } else {
        warn(fmt::format("geometry type '{}' of a building skipped", type), where);
      }
    }
  }

  /// Attributes of a building or part; parts keep the tallest height and the most storeys.
  void read_attributes(const Json& object, bool is_part, CityGmlBuilding& b, const std::string& where) {
    if (!object.contains("attributes") || !object["attributes"].is_object()) return;
    const Json& a = object["attributes"];
    auto text = [&](const char* key) -> std::string {
      if (!a.contains(key)) return {};
      return a[key].is_string() ? a[key].get<std::string>() : a[key].dump();
    };
    if (b.function.empty()) b.function = !text("function").empty() ? text("function") : text("usage");
    if (b.roof_type.empty()) b.roof_type = text("roofType");
    if (a.contains("yearOfConstruction")) {
      const Json& y = a["yearOfConstruction"];
      int year = 0;
      if (y.is_number_integer()) year = y.get<int>();
      else if (y.is_string()) year = std::atoi(y.get<std::string>().c_str());
      if (year < 1000 || year > 2100) warn("yearOfConstruction not a year in 1000–2100 (value ignored)", where);
      else if (b.year_of_construction == 0) b.year_of_construction = year;
    }
    if (a.contains("measuredHeight")) {
      const double h = a["measuredHeight"].is_number() ? a["measuredHeight"].get<double>() : NaN;
      if (!std::isfinite(h) || h <= 0 || h >= 1000) warn("measuredHeight out of range (value ignored)", where);
      else if (!std::isfinite(b.measured_height_m) || (is_part && h > b.measured_height_m)) b.measured_height_m = h;
    }
    if (a.contains("storeysAboveGround")) {
      const int s = a["storeysAboveGround"].is_number_integer() ? a["storeysAboveGround"].get<int>() : 0;
      if (s < 1 || s > 200) warn("storeysAboveGround out of range (value ignored)", where);
      else if (b.storeys_above_ground == 0 || (is_part && s > b.storeys_above_ground)) b.storeys_above_ground = s;
    }
  }

  void read_objects(const Json& objects, const std::vector<Point3>& vertices, std::string_view where) {
    HEATTWIN_CHECK(objects.is_object(), "{}: \"CityObjects\" must be an object", where);
    for (const auto& [id, object] : objects.items()) {
      const std::string type = object.contains("type") && object["type"].is_string() ? object["type"].get<std::string>() : "";
      const std::string here = fmt::format("{} ({})", where, id);
      if (type == "BuildingPart") {
        // Read with its parent; a part whose parent is not in this file stands alone.
        const bool has_parent = object.contains("parents") && object["parents"].is_array() &&
                                std::any_of(object["parents"].begin(), object["parents"].end(), [&](const Json& p) {
                                  return p.is_string() && objects.contains(p.get<std::string>());
                                });
        if (has_parent) continue;
        warn("BuildingPart without its parent Building in the file (read as a building)", here);
      } else if (type != "Building") {
        ++doc_.warnings["city objects other than buildings skipped"];
        continue;
      }
      CityGmlBuilding b;
      b.id = id;
      read_attributes(object, false, b, here);
      add_geometry(object, vertices, 0, b, here);
      if (object.contains("children") && object["children"].is_array()) {
        for (const Json& child_id : object["children"]) {
          if (!child_id.is_string() || !objects.contains(child_id.get<std::string>())) continue;
          const Json& child = objects[child_id.get<std::string>()];
          if (!(child.contains("type") && child["type"] == "BuildingPart")) continue;  // installations etc.
          b.part_ids.push_back(child_id.get<std::string>());
          const auto part = static_cast<std::uint32_t>(b.part_ids.size());
          const std::string child_here = fmt::format("{} ({})", where, child_id.get<std::string>());
          read_attributes(child, true, b, child_here);
          add_geometry(child, vertices, part, b, child_here);
        }
      }
      doc_.buildings.push_back(std::move(b));
    }
  }

  std::string name_;
  CityGmlDocument doc_;
  Transform transform_;
  std::uint32_t crs_ = 0;
};

Json parse_json(std::string_view text, std::string_view where) {
  try {
    return Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw InputError(fmt::format("{}: not valid JSON (byte {}): {}", where, e.byte, e.what()));
  }
}

bool is_sequence_path(const std::string& path) {  // CityJSONSeq by its extension
  return path.size() >= 6 && path.compare(path.size() - 6, 6, ".jsonl") == 0;
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
    reader.read_document(parse_json(text, name), name, false);
    return reader.take();
  }
  std::size_t line_no = 0, start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    const std::string_view line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    ++line_no;
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
      const std::string where = fmt::format("{}:{}", name, line_no);
      const Json j = parse_json(line, where);
      if (line_no == 1) reader.read_document(j, where, true);
      else reader.read_feature(j, where);
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return reader.take();
}

CityGmlDocument read_cityjson_file(const std::string& path) {
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
      const Json j = parse_json(line, where);
      if (header) reader.read_document(j, where, true);
      else reader.read_feature(j, where);
      header = false;
    }
    HEATTWIN_CHECK(!header, "{}: the file is empty", path);
    return reader.take();
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  HEATTWIN_CHECK_AS(IoError, !in.bad(), "{}: reading failed", path);
  CityJsonReader reader(path);
  reader.read_document(parse_json(buffer.str(), path), path, false);
  return reader.take();
}

bool is_cityjson_file(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext != ".json" && ext != ".jsonl") return false;
  // GeoJSON files may also end in .json: look for CityJSON's type or its CityObjects member
  // near the start (key order is free, so either may come first).
  std::ifstream in(path, std::ios::binary);
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head.find("\"CityJSON\"") != std::string::npos || head.find("\"CityObjects\"") != std::string::npos;
}

}  // namespace heattwin::twin
