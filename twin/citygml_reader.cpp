#include "twin/citygml_reader.hpp"

#include "twin/cityjson_reader.hpp"
#include "twin/input_file.hpp"

#include "twin/alkis_codes.hpp"
#include "twin/crs.hpp"
#include "twin/error.hpp"
#include "twin/footprint_geometry.hpp"
#include "twin/grid.hpp"
#include "twin/log.hpp"
#include "twin/parallel_errors.hpp"
#include "twin/random.hpp"
#include "twin/shell_repair.hpp"
#include "twin/use_class.hpp"

#include <expat.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <cmath>
#include <deque>
#include <exception>
#include <filesystem>
#include <fstream>
#include <memory>
#include <numbers>
#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace heattwin::twin {
namespace {

namespace fs = std::filesystem;

// ------------------------------------------------------------------------------------ XML names

constexpr char NS_SEPARATOR = '|';

/// Namespaces the reader acts on. CityGML 1.0/2.0 keep a building's surfaces, geometry and
/// attributes in the building module (bldg); CityGML 3.0 moves the boundary surfaces and the
/// construction attributes to the construction module (con) and the lodN geometry properties and
/// ClosureSurface to the core module (core3), which are read as if they were bldg elements.
enum class Ns : std::uint8_t { other, gml, bldg, con, core3, xlink };

Ns ns_of(std::string_view uri) {
  if (uri == "http://www.opengis.net/gml" || uri.starts_with("http://www.opengis.net/gml/")) return Ns::gml;
  if (uri.starts_with("http://www.opengis.net/citygml/building/")) return Ns::bldg;
  if (uri == "http://www.opengis.net/citygml/construction/3.0") return Ns::con;
  if (uri == "http://www.opengis.net/citygml/3.0") return Ns::core3;
  if (uri == "http://www.w3.org/1999/xlink") return Ns::xlink;
  return Ns::other;
}

/// Splits an expat name "uri|local" into (namespace class, local name).
std::pair<Ns, std::string_view> split_name(const XML_Char* name) {
  const std::string_view full(name);
  const auto bar = full.rfind(NS_SEPARATOR);
  if (bar == std::string_view::npos) return {Ns::other, full};
  return {ns_of(full.substr(0, bar)), full.substr(bar + 1)};
}

/// What an open element means to the reader.
enum class Tag : std::uint8_t {
  other,
  building,
  building_part,
  semantic_surface,
  lod_geometry,
  polygon,
  exterior,
  interior,
  linear_ring,
  pos_list,
  pos,
  coordinates,
  attr_function,
  attr_year,
  attr_height,
  attr_storeys,
  attr_roof_type,
  height_3,           ///< CityGML 3.0 con:height (a con:Height with references and a value)
  height_3_value,     ///< its con:value
  height_3_high_ref,  ///< its con:highReference
  height_3_low_ref,   ///< its con:lowReference
};

std::optional<SurfaceKind> semantic_kind(std::string_view local) {
  if (local == "WallSurface") return SurfaceKind::wall;
  if (local == "RoofSurface") return SurfaceKind::roof;
  if (local == "GroundSurface") return SurfaceKind::ground;
  if (local == "ClosureSurface") return SurfaceKind::closure;
  if (local == "OuterCeilingSurface") return SurfaceKind::outer_ceiling;
  if (local == "OuterFloorSurface") return SurfaceKind::outer_floor;
  return std::nullopt;
}

bool is_skipped_building_child(std::string_view local) {
  return local == "opening" || local == "interiorRoom" || local == "outerBuildingInstallation" ||
         local == "interiorBuildingInstallation" || local == "interiorFurniture" || local == "address" ||
         // CityGML 3.0
         local == "fillingSurface" || local == "buildingConstructiveElement" || local == "buildingInstallation" ||
         local == "buildingRoom" || local == "buildingFurniture" || local == "buildingSubdivision";
}

using Attributes = detail::BuildingAttributes;

// ------------------------------------------------------------------------------------ SAX reader

/// One expat parser and the state of the walk through one document. Handlers never let an
/// exception pass through expat (C code): they store it and stop the parser.
class Reader {
 public:
  explicit Reader(const std::string& name, CityGmlBuildingSink sink = {})
      : parser_(XML_ParserCreateNS(nullptr, NS_SEPARATOR)), sink_(std::move(sink)) {
    HEATTWIN_CHECK_AS(Error, parser_ != nullptr, "{}: cannot create an XML parser (out of memory)", name);
    doc_.name = name;
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &Reader::on_start, &Reader::on_end);
    XML_SetCharacterDataHandler(parser_, &Reader::on_text);
    XML_SetEntityDeclHandler(parser_, &Reader::on_entity_decl);
    XML_SetExternalEntityRefHandler(parser_, &Reader::on_external_entity);
    XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);
  }
  ~Reader() { XML_ParserFree(parser_); }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  /// Parses the next chunk; throws InputError naming file:line on any XML or content error.
  void feed(const char* data, std::size_t size, bool is_final) {
    const auto status = XML_Parse(parser_, data, static_cast<int>(size), is_final ? XML_TRUE : XML_FALSE);
    if (error_) std::rethrow_exception(error_);
    if (status != XML_STATUS_OK) {
      throw InputError(fmt::format("{}:{}:{}: malformed XML: {}", doc_.name, XML_GetCurrentLineNumber(parser_),
                                   XML_GetCurrentColumnNumber(parser_) + 1,
                                   XML_ErrorString(XML_GetErrorCode(parser_))));
    }
  }

  CityGmlDocument take() { return std::move(doc_); }

 private:
  // ------------------------------------------------------------------ expat callbacks
  static void XMLCALL on_start(void* self, const XML_Char* name, const XML_Char** atts) {
    static_cast<Reader*>(self)->guarded([&](Reader& r) { r.start(name, atts); });
  }
  static void XMLCALL on_end(void* self, const XML_Char* /*name*/) {
    static_cast<Reader*>(self)->guarded([](Reader& r) { r.end(); });
  }
  static void XMLCALL on_text(void* self, const XML_Char* s, int len) {
    auto& r = *static_cast<Reader*>(self);
    if (r.capture_) r.text_.append(s, static_cast<std::size_t>(len));
  }
  static void XMLCALL on_entity_decl(void* self, const XML_Char* entity_name, int /*is_parameter_entity*/,
                                     const XML_Char* /*value*/, int /*value_length*/, const XML_Char* /*base*/,
                                     const XML_Char* system_id, const XML_Char* /*public_id*/,
                                     const XML_Char* /*notation_name*/) {
    auto& r = *static_cast<Reader*>(self);
    r.fail(
        fmt::format("the document declares the {}entity '{}'; DTD entities are refused (they allow "
                    "billion-laughs and external-entity attacks) — remove the DOCTYPE declaration",
                    system_id != nullptr ? "external " : "", entity_name));
  }
  static int XMLCALL on_external_entity(XML_Parser parser, const XML_Char* /*context*/, const XML_Char* /*base*/,
                                        const XML_Char* system_id, const XML_Char* /*public_id*/) {
    auto& r = *static_cast<Reader*>(XML_GetUserData(parser));
    r.fail(fmt::format("the document refers to the external entity '{}'; external entities are never loaded",
                       system_id != nullptr ? system_id : ""));
    return XML_STATUS_ERROR;
  }

  template <class F>
  void guarded(F&& f) {
    if (error_) return;
    try {
      f(*this);
    } catch (...) {
      error_ = std::current_exception();
      XML_StopParser(parser_, XML_FALSE);
    }
  }

  void fail(const std::string& what) {
    if (error_) return;
    error_ = std::make_exception_ptr(InputError(fmt::format("{}:{}: {}", doc_.name, line(), what)));
    XML_StopParser(parser_, XML_FALSE);
  }

  std::uint64_t line() const { return XML_GetCurrentLineNumber(parser_); }

  void warn(const std::string& reason) {
    ++doc_.warnings[reason];
    auto& ex = doc_.warning_examples[reason];
    if (ex.size() < 5) ex.push_back(fmt::format("{}:{}", doc_.name, line()));
  }

  // ------------------------------------------------------------------ element handling
  void start(const XML_Char* name, const XML_Char** atts) {
    ++depth_;
    if (skip_depth_ >= 0) {
      tags_.push_back(Tag::other);
      return;
    }
    const auto [ns, local] = split_name(name);
    std::string_view gml_id, href, srs_name, srs_dimension;
    for (const XML_Char** a = atts; *a != nullptr; a += 2) {
      const auto [ans, alocal] = split_name(a[0]);
      if (ans == Ns::gml && alocal == "id")
        gml_id = a[1];
      else if (ans == Ns::xlink && alocal == "href")
        href = a[1];
      else if (ans == Ns::other && alocal == "srsName")
        srs_name = a[1];
      else if (ans == Ns::other && (alocal == "srsDimension" || alocal == "dimension"))
        srs_dimension = a[1];
    }
    if (!srs_name.empty()) crs_stack_.emplace_back(depth_, intern_crs(srs_name));
    if (!srs_dimension.empty()) {
      int dim = 0;
      const auto res = std::from_chars(srs_dimension.data(), srs_dimension.data() + srs_dimension.size(), dim);
      if (res.ec != std::errc{} || (dim != 2 && dim != 3))
        fail(fmt::format("srsDimension is '{}', expected 2 or 3", srs_dimension));
      dim_stack_.emplace_back(depth_, dim);
    }
    Tag tag = Tag::other;
    if (ns == Ns::bldg || ((ns == Ns::con || ns == Ns::core3) && in_building_)) {
      tag = (ns == Ns::con && !tags_.empty() && (tags_.back() == Tag::height_3 || height_3_open()))
                ? start_height_3(local)
                : start_bldg(local, gml_id);
    } else if (ns == Ns::gml && in_building_) {
      tag = start_gml(local, gml_id, href);
    }
    tags_.push_back(tag);
  }

  Tag start_bldg(std::string_view local, std::string_view gml_id) {
    if (local == "Building" || local == "BuildingPart") {
      if (!in_building_) {
        in_building_ = true;
        building_ = CityGmlBuilding{};
        building_.id = std::string(gml_id);
        building_.line = line();
        building_attrs_ = Attributes{};
        part_attrs_ = Attributes{};
        polygon_ids_.clear();
        hrefs_.clear();
        return Tag::building;
      }
      building_.part_ids.emplace_back(gml_id);
      part_stack_.emplace_back(depth_, static_cast<std::uint32_t>(building_.part_ids.size()));
      return Tag::building_part;
    }
    if (!in_building_) return Tag::other;
    const Tag parent = tags_.empty() ? Tag::other : tags_.back();
    if (parent == Tag::building || parent == Tag::building_part) {
      if (local == "function") return begin_text(Tag::attr_function);
      if (local == "yearOfConstruction") return begin_text(Tag::attr_year);
      if (local == "measuredHeight") return begin_text(Tag::attr_height);
      if (local == "storeysAboveGround") return begin_text(Tag::attr_storeys);
      if (local == "roofType") return begin_text(Tag::attr_roof_type);
      if (local == "dateOfConstruction") return begin_text(Tag::attr_year);  // 3.0: xs:date
      if (local == "height") {                                               // 3.0: con:height/con:Height
        height_3_ = Height3{};
        return Tag::height_3;
      }
    }
    if (const auto kind = semantic_kind(local)) {
      kind_stack_.emplace_back(depth_, *kind);
      return Tag::semantic_surface;
    }
    if (is_skipped_building_child(local)) {
      skip_depth_ = depth_;
      return Tag::other;
    }
    if (local.size() > 3 && local.starts_with("lod") && local[3] >= '0' && local[3] <= '9') {
      const int lod = local[3] - '0';
      const bool is_curve_or_terrain = local.find("Curve") != std::string_view::npos ||
                                       local.find("TerrainIntersection") != std::string_view::npos ||
                                       local.find("Point") != std::string_view::npos;
      if (lod == 0 || is_curve_or_terrain) {
        skip_depth_ = depth_;
        return Tag::other;
      }
      if (lod >= 3) {
        warn(fmt::format("LoD{} geometry ignored (LoD1 and LoD2 are read)", lod));
        skip_depth_ = depth_;
        return Tag::other;
      }
      lod_stack_.emplace_back(depth_, lod);
      return Tag::lod_geometry;
    }
    return Tag::other;
  }

  /// Inside a CityGML 3.0 con:height: the references and the value of its con:Height.
  bool height_3_open() const { return tags_.size() >= 2 && tags_[tags_.size() - 2] == Tag::height_3; }
  Tag start_height_3(std::string_view local) {
    if (local == "value") return begin_text(Tag::height_3_value);
    if (local == "highReference") return begin_text(Tag::height_3_high_ref);
    if (local == "lowReference") return begin_text(Tag::height_3_low_ref);
    return Tag::other;
  }

  Tag start_gml(std::string_view local, std::string_view gml_id, std::string_view href) {
    if (lod_stack_.empty()) return Tag::other;  // geometry outside lodN* properties (e.g. in generic attributes)
    if (local == "surfaceMember" || local == "surfaceMembers" || local == "patches") {
      if (!href.empty()) hrefs_.emplace_back(href.starts_with('#') ? href.substr(1) : href);
      return Tag::other;
    }
    if (local == "Polygon" || local == "PolygonPatch" || local == "Triangle" || local == "Rectangle") {
      if (in_polygon_) return Tag::other;  // nested polygons do not occur in valid GML
      in_polygon_ = true;
      surface_ = Surface3{};
      polygon_crs_ = crs_stack_.empty() ? 0 : crs_stack_.back().second;
      polygon_ok_ = true;
      if (!gml_id.empty()) polygon_ids_.emplace(gml_id);
      return Tag::polygon;
    }
    if (!in_polygon_) return Tag::other;
    if (local == "exterior" || local == "outerBoundaryIs") return Tag::exterior;
    if (local == "interior" || local == "innerBoundaryIs") return Tag::interior;
    if (local == "LinearRing") {
      ring_.clear();
      ring_ok_ = true;
      ring_is_hole_ = !tags_.empty() && tags_.back() == Tag::interior;
      return Tag::linear_ring;
    }
    if (tags_.empty() || tags_.back() != Tag::linear_ring) return Tag::other;
    if (local == "posList") return begin_text(Tag::pos_list);
    if (local == "pos") return begin_text(Tag::pos);
    if (local == "coordinates") return begin_text(Tag::coordinates);
    return Tag::other;
  }

  Tag begin_text(Tag tag) {
    capture_ = true;
    text_.clear();
    return tag;
  }

  void end() {
    const Tag tag = tags_.back();
    if (skip_depth_ >= 0) {
      if (depth_ == skip_depth_) skip_depth_ = -1;
    } else {
      end_tag(tag);
    }
    while (!crs_stack_.empty() && crs_stack_.back().first == depth_) crs_stack_.pop_back();
    while (!dim_stack_.empty() && dim_stack_.back().first == depth_) dim_stack_.pop_back();
    while (!kind_stack_.empty() && kind_stack_.back().first == depth_) kind_stack_.pop_back();
    while (!lod_stack_.empty() && lod_stack_.back().first == depth_) lod_stack_.pop_back();
    while (!part_stack_.empty() && part_stack_.back().first == depth_) part_stack_.pop_back();
    tags_.pop_back();
    --depth_;
  }

  void end_tag(Tag tag) {
    switch (tag) {
      case Tag::attr_function:
      case Tag::attr_year:
      case Tag::attr_height:
      case Tag::attr_storeys:
      case Tag::attr_roof_type:
        capture_ = false;
        read_attribute(tag, part_stack_.empty() ? building_attrs_ : part_attrs_, !part_stack_.empty());
        break;
      case Tag::height_3_value:
        capture_ = false;
        height_3_.value = trimmed(text_);
        break;
      case Tag::height_3_high_ref:
        capture_ = false;
        height_3_.high_reference = trimmed(text_);
        break;
      case Tag::height_3_low_ref:
        capture_ = false;
        height_3_.low_reference = trimmed(text_);
        break;
      case Tag::height_3:
        end_height_3();
        break;
      case Tag::pos_list:
      case Tag::pos:
      case Tag::coordinates:
        capture_ = false;
        read_coordinates(tag);
        break;
      case Tag::linear_ring:
        end_ring();
        break;
      case Tag::polygon:
        end_polygon();
        break;
      case Tag::building:
        end_building();
        break;
      default:
        break;
    }
  }

  void read_attribute(Tag tag, Attributes& a, bool is_part) {
    const std::string_view text = trimmed(text_);
    if (text.empty()) return;
    switch (tag) {
      case Tag::attr_function:
        if (a.function.empty()) a.function = std::string(text);
        break;
      case Tag::attr_roof_type:
        if (a.roof_type.empty()) a.roof_type = std::string(text);
        break;
      case Tag::attr_year: {
        // xs:gYear ("1948") or a date ("1948-01-01").
        int year = 0;
        const auto res = std::from_chars(text.data(), text.data() + text.size(), year);
        if (res.ec != std::errc{} || year < 1000 || year > 2100) {
          warn("yearOfConstruction not a year in 1000–2100 (value ignored)");
        } else if (a.year == 0) {
          a.year = year;
        }
        break;
      }
      case Tag::attr_height: {
        double h = NaN;
        const auto res = std::from_chars(text.data(), text.data() + text.size(), h);
        if (res.ec != std::errc{} || !std::isfinite(h) || h <= 0 || h >= 1000) {
          warn("measuredHeight out of range (value ignored)");
        } else if (!std::isfinite(a.height_m) || (is_part && h > a.height_m)) {
          a.height_m = h;
        }
        break;
      }
      case Tag::attr_storeys: {
        int s = 0;
        const auto res = std::from_chars(text.data(), text.data() + text.size(), s);
        if (res.ec != std::errc{} || s < 1 || s > 200) {
          warn("storeysAboveGround out of range (value ignored)");
        } else if (a.storeys == 0 || (is_part && s > a.storeys)) {
          a.storeys = s;
        }
        break;
      }
      default:
        break;
    }
  }

  /// A CityGML 3.0 height counts as the building height (measuredHeight of 2.0) when it spans
  /// from the ground to the top: high reference highestRoofEdge or highestPoint (or none given)
  /// and low reference lowestGroundPoint, lowestRoofEdge excluded (or none given). Other
  /// heights (eaves, storey heights) are counted and left out.
  void end_height_3() {
    const std::string& high = height_3_.high_reference;
    const std::string& low = height_3_.low_reference;
    const bool to_top = high.empty() || high == "highestRoofEdge" || high == "highestPoint";
    const bool from_ground = low.empty() || low == "lowestGroundPoint" || low == "highestGroundPoint";
    if (height_3_.value.empty()) return;
    if (!to_top || !from_ground) {
      warn(fmt::format("con:height from {} to {} is not a building height (ignored)", low.empty() ? "?" : low,
                       high.empty() ? "?" : high));
      return;
    }
    text_ = height_3_.value;
    read_attribute(Tag::attr_height, part_stack_.empty() ? building_attrs_ : part_attrs_, !part_stack_.empty());
  }

  static std::string_view trimmed(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
  }

  void read_coordinates(Tag tag) {
    if (!ring_ok_) return;
    const int dim = dim_stack_.empty() ? 3 : dim_stack_.back().second;
    values_.clear();
    const char* p = text_.data();
    const char* const end = p + text_.size();
    const bool commas = tag == Tag::coordinates;  // GML 2: "x,y,z x,y,z"
    while (p < end) {
      while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || (commas && *p == ','))) ++p;
      if (p >= end) break;
      double v = 0.0;
      const auto res = std::from_chars(p, end, v);
      if (res.ec != std::errc{}) {
        const char* q = p;
        while (q < end && *q != ' ' && *q != '\t' && *q != '\n' && *q != '\r') ++q;
        fail(fmt::format("gml:{} holds '{}', which is not a number",
                         tag == Tag::pos_list ? "posList"
                         : tag == Tag::pos    ? "pos"
                                              : "coordinates",
                         std::string_view(p, static_cast<std::size_t>(std::min<std::ptrdiff_t>(q - p, 40)))));
        return;
      }
      values_.push_back(v);
      p = res.ptr;
    }
    if (values_.size() % static_cast<std::size_t>(dim) != 0) {
      warn(fmt::format("coordinate list of {} values is not a multiple of srsDimension {} (ring skipped)",
                       values_.size(), dim));
      ring_ok_ = false;
      return;
    }
    if (dim == 2 && !values_.empty()) warn("2D coordinates (height 0 assumed)");
    for (std::size_t k = 0; k + static_cast<std::size_t>(dim) <= values_.size(); k += static_cast<std::size_t>(dim))
      ring_.push_back({values_[k], values_[k + 1], dim == 3 ? values_[k + 2] : 0.0});
  }

  void end_ring() {
    if (!ring_ok_) {
      if (!ring_is_hole_) polygon_ok_ = false;
      return;
    }
    if (is_degenerate_ring(ring_)) {
      warn("degenerate ring (fewer than 3 distinct points or zero area) skipped");
      if (!ring_is_hole_) polygon_ok_ = false;
      return;
    }
    if (ring_is_hole_)
      surface_.holes.push_back(std::move(ring_));
    else
      surface_.exterior = std::move(ring_);
    ring_.clear();
  }

  void end_polygon() {
    in_polygon_ = false;
    if (!polygon_ok_ || surface_.exterior.empty()) return;
    CityGmlSurface s;
    s.geometry = std::move(surface_);
    s.kind = kind_stack_.empty() ? SurfaceKind::unclassified : kind_stack_.back().second;
    s.lod = static_cast<std::uint8_t>(lod_stack_.back().second);
    s.part = part_stack_.empty() ? 0 : part_stack_.back().second;
    s.crs = polygon_crs_;
    building_.surfaces.push_back(std::move(s));
  }

  void end_building() {
    in_building_ = false;
    detail::apply_building_attributes(building_attrs_, part_attrs_, building_);
    std::uint64_t unresolved = 0;
    for (const auto& h : hrefs_) unresolved += polygon_ids_.contains(h) ? 0 : 1;
    if (unresolved > 0) {
      doc_.warnings["xlink:href surface references outside their building (not followed)"] += unresolved;
      auto& ex = doc_.warning_examples["xlink:href surface references outside their building (not followed)"];
      if (ex.size() < 5) ex.push_back(fmt::format("{}:{}", doc_.name, building_.line));
    }
    if (sink_) {
      sink_(building_, doc_);
    } else {
      doc_.buildings.push_back(std::move(building_));
    }
    building_ = CityGmlBuilding{};
  }

  std::uint32_t intern_crs(std::string_view srs_name) {
    for (std::size_t k = 0; k < doc_.crs_names.size(); ++k)
      if (doc_.crs_names[k] == srs_name) return static_cast<std::uint32_t>(k);
    doc_.crs_names.emplace_back(srs_name);
    return static_cast<std::uint32_t>(doc_.crs_names.size() - 1);
  }

  XML_Parser parser_;
  CityGmlBuildingSink sink_;
  CityGmlDocument doc_;
  std::exception_ptr error_;

  int depth_ = 0;
  int skip_depth_ = -1;  ///< depth of the element whose subtree is skipped; −1 = none
  std::vector<Tag> tags_;
  std::vector<std::pair<int, std::uint32_t>> crs_stack_;
  std::vector<std::pair<int, int>> dim_stack_;
  std::vector<std::pair<int, SurfaceKind>> kind_stack_;
  std::vector<std::pair<int, int>> lod_stack_;
  struct Height3 {
    std::string value, high_reference, low_reference;
  } height_3_;
  std::vector<std::pair<int, std::uint32_t>> part_stack_;

  bool in_building_ = false;
  CityGmlBuilding building_;
  Attributes building_attrs_;
  Attributes part_attrs_;
  std::unordered_set<std::string> polygon_ids_;
  std::vector<std::string> hrefs_;

  bool in_polygon_ = false;
  bool polygon_ok_ = true;
  std::uint32_t polygon_crs_ = 0;
  Surface3 surface_;
  Ring3 ring_;
  bool ring_ok_ = true;
  bool ring_is_hole_ = false;

  bool capture_ = false;
  std::string text_;
  std::vector<double> values_;
};

// ------------------------------------------------------------------------------------ envelope

/// The LoD2 envelope of one building, in the twin CRS.
struct Envelope {
  std::string problem;          ///< non-empty: the building is skipped for this reason
  std::vector<Ring> footprint;  ///< largest polygon of the ground projection (outer ring, holes)
  double footprint_area_m2 = 0.0;
  double perimeter_m = 0.0;
  double centroid_x_m = 0.0;
  double centroid_y_m = 0.0;
  double height_m = NaN;  ///< highest point − lowest ground point
  double volume_m3 = 0.0;
  bool is_closed = true;
  ShellVerdict geometry_check = ShellVerdict::unchecked;  ///< worst verdict over the parts' shells
  std::vector<Val3dityError> shell_errors;                ///< distinct codes over the parts
  double roof_area_m2 = 0.0;
  /// Exterior rings of the roof surfaces (RoofSurface, OuterCeilingSurface, or upward surfaces
  /// without semantics) after the shell check: degenerate and dropped surfaces left out, duplicate
  /// points removed. Kept in Twin::roofs for the roof solar potential; compact (float offsets from
  /// the building, one array) because every building of the input holds them until the twin is built.
  CompactRoofRings roof_rings;
  double ground_z_m = NaN;  ///< lowest ground point (else lowest point): the datum of the height
  std::vector<Surface3> walls;
  std::vector<std::uint32_t> wall_part;
  std::vector<double> wall_area_m2;
  std::vector<std::uint8_t> wall_sector;
  std::vector<std::string> notes;  ///< warnings for the report
};

/// Threshold |n_z| between walls and roofs/ground for surfaces without semantics: walls are
/// within 15° of vertical.
const double WALL_NZ_LIMIT = std::sin(15.0 * std::numbers::pi / 180.0);

Envelope derive_envelope(const CityGmlBuilding& b) {
  Envelope env;
  // 1. Highest LoD only; per part, semantic surfaces replace a solid without semantics.
  std::uint8_t lod = 0;
  for (const auto& s : b.surfaces) lod = std::max(lod, s.lod);
  const std::size_t parts = b.part_ids.size() + 1;
  std::vector<bool> has_semantics(parts, false);
  for (const auto& s : b.surfaces)
    if (s.lod == lod && s.kind != SurfaceKind::unclassified) has_semantics[s.part] = true;
  std::vector<const CityGmlSurface*> used;
  bool lower_lod = false;
  for (const auto& s : b.surfaces) {
    if (s.lod != lod) {
      lower_lod = true;
      continue;
    }
    if (s.kind == SurfaceKind::unclassified && has_semantics[s.part]) continue;
    used.push_back(&s);
  }
  if (used.empty()) {
    env.problem = "no LoD1/LoD2 surfaces";
    return env;
  }
  if (lower_lod) env.notes.emplace_back("LoD1 geometry ignored beside LoD2");
  double z_min = 1e300, z_max = -1e300;
  for (const auto* s : used)
    for (const auto& p : s->geometry.exterior) {
      z_min = std::min(z_min, p[2]);
      z_max = std::max(z_max, p[2]);
    }

  // 2. Per part: shell check and orientation; then classification and volume.
  std::vector<SurfaceKind> kind(used.size());
  std::vector<SurfaceMeasures> m(used.size());
  for (std::size_t k = 0; k < used.size(); ++k) m[k] = measure_surface(used[k]->geometry, z_min);
  double volume = 0.0;
  for (std::uint32_t part = 0; part < parts; ++part) {
    std::vector<const Surface3*> shell;  // borrowed from b: a copy of the rings cost memory at the peak
    std::vector<std::size_t> members;
    for (std::size_t k = 0; k < used.size(); ++k)
      if (used[k]->part == part) {
        shell.push_back(&used[k]->geometry);
        members.push_back(k);
      }
    if (shell.empty()) continue;
    // val3dity-style check and repair (twin/shell_repair.hpp). A valid shell keeps the measures
    // as read (identical to the mesh's for planar polygons); a repaired one takes orientation,
    // areas and volume from the repaired mesh; a fallback one is measured as read.
    const ShellCheck check = check_and_repair_shell(std::span<const Surface3* const>(shell));
    env.geometry_check = std::max(env.geometry_check, check.verdict);
    for (const auto e : check.errors)
      if (std::find(env.shell_errors.begin(), env.shell_errors.end(), e) == env.shell_errors.end())
        env.shell_errors.push_back(e);
    if (check.verdict == ShellVerdict::repaired) {
      for (std::size_t i = 0; i < members.size(); ++i) {
        const std::size_t k = members[i];
        const double sign = check.surface_flipped[i] ? -1.0 : 1.0;
        m[k].area_m2 = check.surface_area_m2[i];
        m[k].normal = {sign * m[k].normal[0], sign * m[k].normal[1], sign * m[k].normal[2]};
        SurfaceKind sk = used[k]->kind;
        if (sk == SurfaceKind::unclassified) {
          const double nz = m[k].normal[2];
          sk = nz >= WALL_NZ_LIMIT ? SurfaceKind::roof : nz <= -WALL_NZ_LIMIT ? SurfaceKind::ground : SurfaceKind::wall;
        }
        // A surface dropped as degenerate has no area and no orientation: it counts for nothing.
        kind[k] = m[k].area_m2 > 0.0 ? sk : SurfaceKind::closure;
      }
      volume += check.volume_m3;
      continue;
    }
    const ShellMeasures sm = measure_shell(std::span<const Surface3* const>(shell), z_min);
    if (!sm.is_closed) env.is_closed = false;
    const double flip = sm.is_inward ? -1.0 : 1.0;
    // Volume by the divergence theorem with F = (0, 0, z − z_min). Roofs count upwards and
    // ground/floor slabs downwards whatever their ring orientation (robust to flipped polygons);
    // other surfaces use the shell's orientation.
    double part_volume = 0.0;
    for (const auto k : members) {
      SurfaceKind sk = used[k]->kind;
      if (sk == SurfaceKind::unclassified) {
        const double nz = flip * m[k].normal[2];
        sk = nz >= WALL_NZ_LIMIT ? SurfaceKind::roof : nz <= -WALL_NZ_LIMIT ? SurfaceKind::ground : SurfaceKind::wall;
      }
      kind[k] = sk;
      m[k].normal = {flip * m[k].normal[0], flip * m[k].normal[1], flip * m[k].normal[2]};
      switch (sk) {
        case SurfaceKind::roof:
        case SurfaceKind::outer_ceiling:
          part_volume += std::abs(m[k].z_moment_m3);
          break;
        case SurfaceKind::ground:
        case SurfaceKind::outer_floor:
          part_volume -= std::abs(m[k].z_moment_m3);
          break;
        default:
          part_volume += flip * m[k].z_moment_m3;
          break;
      }
    }
    volume += std::abs(part_volume);
  }
  env.volume_m3 = volume;
  if (!env.is_closed) env.notes.emplace_back("shell not closed (volume from roof and ground surfaces)");
  std::sort(env.shell_errors.begin(), env.shell_errors.end());
  for (const auto e : env.shell_errors)
    env.notes.push_back(fmt::format("val3dity {} {}", static_cast<int>(e), val3dity_error_name(e)));
  if (env.geometry_check == ShellVerdict::repaired)
    env.notes.emplace_back("shell repaired (volume and areas from the repaired mesh)");
  else if (env.geometry_check == ShellVerdict::fallback)
    env.notes.emplace_back("shell not repairable (measured as read)");

  // 3. Areas.
  std::vector<const Surface3*> ground, roofs;
  double z_ground = 1e300;
  for (std::size_t k = 0; k < used.size(); ++k) {
    switch (kind[k]) {
      case SurfaceKind::wall:
        env.walls.push_back(used[k]->geometry);
        env.wall_part.push_back(used[k]->part);
        env.wall_area_m2.push_back(m[k].area_m2);
        env.wall_sector.push_back(static_cast<std::uint8_t>(sector_of_normal(m[k].normal)));
        break;
      case SurfaceKind::roof:
      case SurfaceKind::outer_ceiling:
        env.roof_area_m2 += m[k].area_m2;
        roofs.push_back(&used[k]->geometry);
        if (!is_degenerate_ring(used[k]->geometry.exterior))
          env.roof_rings.add_ring(cleaned_ring(used[k]->geometry.exterior));
        break;
      case SurfaceKind::ground:
        ground.push_back(&used[k]->geometry);
        for (const auto& p : used[k]->geometry.exterior) z_ground = std::min(z_ground, p[2]);
        break;
      default:  // closure surfaces are virtual; outer floors lie above ground
        break;
    }
  }
  env.roof_rings.shrink_to_fit();
  env.ground_z_m = ground.empty() ? z_min : z_ground;
  env.height_m = z_max - env.ground_z_m;

  // 4. Footprint: union of the ground surfaces' projection (else of the roofs').
  if (ground.empty()) env.notes.emplace_back("footprint from the roof projection (no ground surface)");
  const auto polygons = projected_union(ground.empty() ? roofs : ground);
  if (polygons.empty()) {
    env.problem = "no footprint (ground and roof surfaces project to nothing)";
    return env;
  }
  double cx = 0.0, cy = 0.0;
  for (std::size_t k = 0; k < polygons.size(); ++k) {
    std::vector<Ring> rings = polygons[k];
    normalise_rings(rings);
    const PolygonMeasures pm = measure_polygon(rings);
    env.footprint_area_m2 += pm.area_m2;
    env.perimeter_m += pm.perimeter_m;
    cx += pm.centroid_x_m * pm.area_m2;
    cy += pm.centroid_y_m * pm.area_m2;
    if (k == 0) env.footprint = std::move(rings);
  }
  if (polygons.size() > 1)
    env.notes.emplace_back("footprint of several disjoint parts (largest one stored as polygon)");
  env.centroid_x_m = env.footprint_area_m2 > 0 ? cx / env.footprint_area_m2 : polygons[0][0][0][0];
  env.centroid_y_m = env.footprint_area_m2 > 0 ? cy / env.footprint_area_m2 : polygons[0][0][0][1];
  if (const std::string problem = footprint_problem(env.footprint); !problem.empty())
    env.problem = "invalid footprint: " + problem;
  return env;
}

// ------------------------------------------------------------------------------------ helpers

bool has_citygml_extension(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".gml" || ext == ".citygml" || ext == ".xml" || is_cityjson_file(p.string());
}

/// Returns the heap's free pages to the system (glibc): the parse frees each building's surfaces
/// between the envelopes that stay, and those holes would otherwise count in the resident size
/// at the import's peak (the wall-overlap search) although nothing uses them.
void release_free_heap() {
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

/// Heated floor area from the LoD2 volume (docs/IMPUTATION.md, "Heated floor area from LoD2").
double heated_floor_area_from_volume(UseClass use, double volume_m3, const ImputationSettings& s) {
  if (use == UseClass::unheated) return 0.0;
  // Residential: GEG § 3 / EnEV convention A_N = 0.32 m⁻¹ · V_e, with V_e the LoD2 volume.
  if (is_residential(use)) return 0.32 * volume_m3;
  // Net ≈ 0.85 × gross floor area, gross floor area = V_e / storey height of the use.
  return 0.85 * volume_m3 / storey_height_m(use, s);
}

}  // namespace

// ------------------------------------------------------------------------------------ public

void detail::apply_building_attributes(const BuildingAttributes& own, const BuildingAttributes& parts,
                                       CityGmlBuilding& building) {
  building.function = !own.function.empty() ? own.function : parts.function;
  building.roof_type = !own.roof_type.empty() ? own.roof_type : parts.roof_type;
  building.year_of_construction = own.year != 0 ? own.year : parts.year;
  building.measured_height_m = std::isfinite(own.height_m) ? own.height_m : parts.height_m;
  building.storeys_above_ground = own.storeys != 0 ? own.storeys : parts.storeys;
}

CityGmlDocument parse_citygml(std::string_view xml, const std::string& name) {
  Reader reader(name);
  // expat takes int lengths: feed large buffers in pieces.
  constexpr std::size_t CHUNK = 1 << 26;
  std::size_t offset = 0;
  do {
    const std::size_t n = std::min(CHUNK, xml.size() - offset);
    reader.feed(xml.data() + offset, n, offset + n == xml.size());
    offset += n;
  } while (offset < xml.size());
  return reader.take();
}

CityGmlDocument read_citygml_file(const std::string& path, const CityGmlBuildingSink& sink) {
  check_input_file(path, "the CityGML file");
  std::ifstream in(path, std::ios::binary);
  HEATTWIN_CHECK(in.good(), "{}: cannot open the file", path);
  Reader reader(path, sink);
  std::vector<char> buffer(1 << 20);
  while (true) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    HEATTWIN_CHECK_AS(IoError, !in.bad(), "{}: reading failed", path);
    const bool last = in.eof();
    reader.feed(buffer.data(), n, last);
    if (last) break;
  }
  return reader.take();
}

bool is_citygml_path(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (const auto& entry : fs::directory_iterator(path, ec))
      if (entry.is_regular_file(ec) && has_citygml_extension(entry.path())) return true;
    return false;
  }
  return has_citygml_extension(path);
}

std::vector<std::string> expand_citygml_inputs(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const auto& input : inputs) {
    HEATTWIN_CHECK(fs::exists(input), "{}: the file or directory does not exist", input);
    if (!fs::is_directory(input)) {
      files.push_back(input);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(input))
      if (entry.is_regular_file() && has_citygml_extension(entry.path())) found.push_back(entry.path().string());
    HEATTWIN_CHECK(!found.empty(),
                   "{}: the directory holds no CityGML (.gml, .citygml, .xml) or CityJSON (.json, "
                   ".jsonl) files",
                   input);
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

std::string horizontal_crs_of_srs_name(std::string_view name) {
  // AdV names: urn:adv:crs:ETRS89_UTM32*DE_DHHN92_NH, urn:adv:crs:DE_DHDN_3GK4*DE_DHHN92_NH, …
  if (name.starts_with("urn:adv:crs:")) {
    const std::string_view rest = name.substr(12);
    const std::string_view horizontal = rest.substr(0, rest.find('*'));
    if (horizontal == "ETRS89_UTM32") return "EPSG:25832";
    if (horizontal == "ETRS89_UTM33") return "EPSG:25833";
    if (horizontal == "DE_DHDN_3GK2") return "EPSG:31466";
    if (horizontal == "DE_DHDN_3GK3") return "EPSG:31467";
    if (horizontal == "DE_DHDN_3GK4") return "EPSG:31468";
    if (horizontal == "DE_DHDN_3GK5") return "EPSG:31469";
    return std::string(name);
  }
  // The first EPSG code in the name: compound URNs list the horizontal CRS first. Tokens after
  // "EPSG" are split at ':', '/' and ','; an empty token, a version ("0", "6.3") is skipped.
  const auto at = name.find("EPSG");
  if (at == std::string_view::npos) return std::string(name);
  std::string_view tail = name.substr(at + 4);
  while (!tail.empty()) {
    const auto sep = tail.find_first_of(":/,");
    const std::string_view token = tail.substr(0, sep);
    const bool digits =
        !token.empty() && std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
    // A compound code (horizontal + height, e.g. 7415 = RD New + NAP) → its horizontal part.
    if (digits && token != "0") return horizontal_crs("EPSG:" + std::string(token));
    const bool version = token.empty() || token == "0" || token.find('.') != std::string_view::npos;
    if (!version || sep == std::string_view::npos) break;
    tail = tail.substr(sep + 1);
  }
  return std::string(name);
}

namespace {

/// What the import keeps of a building once its envelope is derived (its surfaces are dropped).
struct ReadBuilding {
  CityGmlBuilding attributes;  ///< id and attributes; surfaces emptied
  std::string origin;          ///< "file:line", for messages
  bool without_srs = false;    ///< some geometry named no CRS (the default was assumed)
  Envelope envelope;
};

/// The buildings of one file, read and derived, with the reader's warnings.
struct ReadDocument {
  std::vector<ReadBuilding> buildings;
  std::map<std::string, std::uint64_t> warnings;
  std::map<std::string, std::vector<std::string>> warning_examples;
};

/// Transforms of one document's srsNames to the twin CRS, made as the names appear while the
/// document streams. Geometry without any srsName takes the document's first srsName (as far as
/// it has been read), else `default_crs`.
class DocumentTransforms {
 public:
  DocumentTransforms(std::string default_crs, std::string twin_crs)
      : default_crs_(std::move(default_crs)), twin_crs_(std::move(twin_crs)) {}

  /// Transforms the building's surfaces in place; returns true if some geometry named no CRS
  /// and the document had none either (the default CRS was assumed).
  bool apply(CityGmlBuilding& b, const CityGmlDocument& doc) {
    const std::string doc_default = doc.crs_names.size() > 1 ? doc.crs_names[1] : std::string();
    bool without_srs = false;
    for (std::size_t c = 0; c < doc.crs_names.size(); ++c) {
      bool any = false;
      for (const auto& s : b.surfaces) any = any || s.crs == c;
      if (!any) continue;
      without_srs = without_srs || (c == 0 && doc_default.empty());
      const CoordinateTransform& t = transform(c, c == 0 ? doc_default : doc.crs_names[c], doc.name);
      if (t.is_identity()) continue;
      std::vector<double> x, y;
      for (const auto& s : b.surfaces) {
        if (s.crs != c) continue;
        auto gather = [&](const Ring3& r) {
          for (const auto& p : r) {
            x.push_back(p[0]);
            y.push_back(p[1]);
          }
        };
        gather(s.geometry.exterior);
        for (const auto& h : s.geometry.holes) gather(h);
      }
      t.transform(x, y);
      std::size_t v = 0;
      for (auto& s : b.surfaces) {
        if (s.crs != c) continue;
        auto scatter = [&](Ring3& r) {
          for (auto& p : r) {
            p[0] = x[v];
            p[1] = y[v];
            ++v;
          }
        };
        scatter(s.geometry.exterior);
        for (auto& h : s.geometry.holes) scatter(h);
      }
    }
    return without_srs;
  }

 private:
  const CoordinateTransform& transform(std::size_t index, const std::string& srs_name, const std::string& doc_name) {
    if (index >= entries_.size()) entries_.resize(index + 1);
    Entry& e = entries_[index];
    if (e.transform && e.srs_name == srs_name) return *e.transform;
    std::string crs = default_crs_;
    if (!srs_name.empty()) {
      try {
        crs = canonical_crs(horizontal_crs_of_srs_name(srs_name));
      } catch (const InputError& error) {
        throw InputError(fmt::format("{}: srsName '{}' is not a known CRS ({}); give EPSG codes or AdV names", doc_name,
                                     srs_name, error.what()));
      }
    }
    e.srs_name = srs_name;
    e.transform = std::make_unique<CoordinateTransform>(crs, twin_crs_);
    return *e.transform;
  }

  struct Entry {
    std::string srs_name;
    std::unique_ptr<CoordinateTransform> transform;
  };
  std::string default_crs_, twin_crs_;
  std::vector<Entry> entries_;
};

/// Derives the envelopes of a batch of buildings (in parallel unless already inside a parallel
/// region) and appends what is kept of them, with their staged origin, to `out`. Each building's
/// parsed surfaces are freed as soon as its envelope is derived.
void derive_batch(std::vector<CityGmlBuilding>& batch, std::vector<ReadBuilding>& staged, ReadDocument& out) {
  std::vector<Envelope> envelopes(batch.size());
  const auto n = static_cast<std::int64_t>(batch.size());
#pragma omp parallel for schedule(dynamic, 16) if (!omp_in_parallel() && n > 64)
  for (std::int64_t i = 0; i < n; ++i) {
    const auto k = static_cast<std::size_t>(i);
    try {
      envelopes[k] = derive_envelope(batch[k]);
    } catch (const std::exception& e) {
      envelopes[k] = Envelope{};
      envelopes[k].problem = fmt::format("geometry error ({})", e.what());
    }
    std::vector<CityGmlSurface>().swap(batch[k].surfaces);
  }
  for (std::size_t k = 0; k < batch.size(); ++k) {
    ReadBuilding& r = staged[k];
    r.attributes = std::move(batch[k]);
    r.envelope = std::move(envelopes[k]);
    out.buildings.push_back(std::move(r));
  }
  batch.clear();
  staged.clear();
}

/// Reads one CityGML or CityJSON file into envelopes (CityGML streamed building by building).
/// Outside a parallel region the envelopes of full batches are derived in OpenMP tasks while the
/// reading thread goes on parsing (at most two batches in flight, so memory stays bounded).
ReadDocument read_document(const std::string& file, const std::string& default_crs, const std::string& twin_crs) {
  constexpr std::size_t BATCH = 4096;
  constexpr int MAX_BATCHES_IN_FLIGHT = 2;
  DocumentTransforms transforms(default_crs, twin_crs);
  std::deque<ReadDocument> parts;  // one per batch, in reading order (deque: stable references)
  std::vector<CityGmlBuilding> batch;
  std::vector<ReadBuilding> staged;  // origin and srs flag of each building of the batch
  std::atomic<int> in_flight{0};
  const bool pipeline = !omp_in_parallel() && omp_get_max_threads() > 1;
  // Errors of the tasks and of the reading thread, by part: the first in reading order is rethrown.
  ParallelErrors errors;
  auto submit = [&] {
    const std::size_t index = parts.size();
    ReadDocument* part = &parts.emplace_back();
    if (!pipeline || in_flight.load() >= MAX_BATCHES_IN_FLIGHT) {
      derive_batch(batch, staged, *part);
      return;
    }
    auto job = std::make_shared<std::pair<std::vector<CityGmlBuilding>, std::vector<ReadBuilding>>>(std::move(batch),
                                                                                                    std::move(staged));
    batch = {};
    staged = {};
    ++in_flight;
#pragma omp task firstprivate(job, part, index) shared(in_flight, errors)
    {
      errors.run(index, [&] { derive_batch(job->first, job->second, *part); });
      --in_flight;
    }
  };
  auto take = [&](CityGmlBuilding& b, const CityGmlDocument& doc) {
    if (b.id.empty()) b.id = fmt::format("{}:{}", fs::path(doc.name).filename().string(), b.line);
    ReadBuilding r;
    r.origin = fmt::format("{}:{}", doc.name, b.line);
    r.without_srs = transforms.apply(b, doc);
    staged.push_back(std::move(r));
    batch.push_back(std::move(b));
    if (batch.size() == BATCH) submit();
  };
  CityGmlDocument doc;
  auto read = [&] {
    if (is_cityjson_file(file)) {
      doc = read_cityjson_file(file);
      for (auto& b : doc.buildings) take(b, doc);
      doc.buildings.clear();
    } else {
      doc = read_citygml_file(file, take);
    }
    if (!batch.empty()) submit();
  };
  if (pipeline) {
#pragma omp parallel num_threads(2)
#pragma omp single
    {
      try {
        read();
      } catch (...) {
        errors.record(parts.size(), std::current_exception());  // the part being read
      }
    }  // the barrier waits for every task
    errors.rethrow_first();
  } else {
    read();
  }
  ReadDocument out;
  std::size_t total = 0;
  for (const auto& part : parts) total += part.buildings.size();
  out.buildings.reserve(total);
  for (auto& part : parts) {
    for (auto& b : part.buildings) out.buildings.push_back(std::move(b));
    part = ReadDocument{};
  }
  out.warnings = std::move(doc.warnings);
  out.warning_examples = std::move(doc.warning_examples);
  return out;
}

}  // namespace

Twin import_citygml(const CityGmlImportOptions& o, ImportReport* report_out) {
  HEATTWIN_CHECK(!o.inputs.empty(), "no input files given");
  const std::vector<std::string> files = expand_citygml_inputs(o.inputs);
  ImportReport report;
  Twin twin;
  twin.crs = canonical_crs(o.twin_crs);
  const std::string default_crs = o.source_crs.empty() ? twin.crs : o.source_crs;
  if (!o.municipality_table.empty()) twin.regions = load_municipality_table(o.municipality_table);

  // 1.–3. Read the files (in parallel, in blocks so that progress is reported from this thread):
  // each building is transformed to the twin CRS and its envelope derived while the file streams
  // (in parallel batches when one file is read at a time); only the envelope is kept, so memory
  // is bounded by the envelopes, not by the files' size.
  // LoD2 roof polygons (Twin::roofs, for the roof solar potential) are kept in every import: each
  // envelope holds its roofs compactly (CompactRoofRings, float offsets from the building) so that
  // the 1 GB city model stays below 1 GiB (tests/e2e/test_citygml_large.py, docs/DEMAND.md).
  std::vector<ReadDocument> docs(files.size());
  {
    ParallelErrors errors;
    constexpr std::size_t BLOCK = 16;
    for (std::size_t first = 0; first < files.size(); first += BLOCK) {
      const auto last = static_cast<std::int64_t>(std::min(files.size(), first + BLOCK));
      const bool several = last - static_cast<std::int64_t>(first) > 1;
#pragma omp parallel for schedule(dynamic, 1) if (several)
      for (std::int64_t i = static_cast<std::int64_t>(first); i < last; ++i) {
        const auto k = static_cast<std::size_t>(i);
        errors.run(k, [&] { docs[k] = read_document(files[k], default_crs, twin.crs); });
      }
      errors.rethrow_first();  // the first error in input order, whatever the thread count
      if (o.progress) o.progress(static_cast<std::size_t>(last), files.size());
    }
  }
  // One list of the buildings of all files. The first file's list is taken as it is (one file:
  // no copy), the others are moved onto it after one reservation: growing it element by element
  // held up to 2.5 lists at once, ≈ 250 MB of envelopes for the 1 GB city model.
  std::vector<ReadBuilding> buildings;
  std::size_t total_buildings = 0;
  for (const auto& doc : docs) total_buildings += doc.buildings.size();
  for (auto& doc : docs) {
    report.features_read += doc.buildings.size();
    for (const auto& [reason, count] : doc.warnings) {
      report.skipped[reason] += count;
      auto& ex = report.examples[reason];
      for (const auto& e : doc.warning_examples[reason])
        if (ex.size() < 5) ex.push_back(e);
    }
    for (const auto& b : doc.buildings) {
      if (b.without_srs)
        detail::count_skip(report, fmt::format("geometry without srsName ({} assumed; set it with --crs)", default_crs),
                           b.attributes.id);
    }
    if (buildings.empty()) {
      buildings = std::move(doc.buildings);
    } else {
      buildings.reserve(total_buildings);
      for (auto& b : doc.buildings) buildings.push_back(std::move(b));
    }
    doc = ReadDocument{};
  }
  docs.clear();
  release_free_heap();  // the parsed surfaces of every building are freed by now

  // Keep the valid buildings with a new id and new geometry, in input order. A building whose
  // footprint (to 1 cm) and height repeat an earlier one is a duplicate (a tile imported twice
  // under new ids): counting it twice would double the demand, and thousands of coincident walls
  // would make the wall-overlap search quadratic (issue 20, class 1). It is a reported finding.
  std::unordered_set<std::string> seen;
  // Hash of the key → buildings kept with it; keys are compared in full on a hash match, so
  // memory stays at a few words per building (a set of the keys took 170 MB for 245,000 houses).
  std::unordered_multimap<std::uint64_t, std::size_t> seen_geometry;
  const auto geometry_key = [](const Envelope& env) {
    std::string key;
    const auto put = [&key](double v) {
      const auto q = static_cast<std::int64_t>(std::llround(std::isfinite(v) ? v * 100.0 : 0.0));
      key.append(reinterpret_cast<const char*>(&q), sizeof q);
    };
    put(env.height_m);
    for (const auto& ring : env.footprint) {
      put(static_cast<double>(ring.size()));
      for (const auto& p : ring) {
        put(p[0]);
        put(p[1]);
      }
    }
    return key;
  };
  std::vector<std::size_t> kept;
  for (std::size_t k = 0; k < buildings.size(); ++k) {
    const auto& env = buildings[k].envelope;
    for (const auto& note : env.notes) detail::count_skip(report, note, buildings[k].attributes.id);
    for (const auto e : env.shell_errors) ++report.val3dity_errors[static_cast<int>(e)];
    if (!env.problem.empty()) {
      detail::count_skip(report, "building skipped: " + env.problem, buildings[k].origin);
      continue;
    }
    if (env.footprint_area_m2 < o.min_footprint_m2) {
      detail::count_skip(report, fmt::format("building skipped: footprint smaller than {} m2", o.min_footprint_m2),
                         buildings[k].origin);
      continue;
    }
    if (!seen.insert(buildings[k].attributes.id).second) {
      detail::count_skip(report, "building skipped: gml:id read before (tile overlap)", buildings[k].origin);
      continue;
    }
    if (!env.footprint.empty()) {
      const std::string key = geometry_key(env);
      const std::uint64_t hash = fnv1a64(key);
      const auto [first, last] = seen_geometry.equal_range(hash);
      const bool duplicate = std::any_of(
          first, last, [&](const auto& entry) { return geometry_key(buildings[entry.second].envelope) == key; });
      if (duplicate) {
        detail::count_skip(report,
                           "building skipped: duplicate geometry (the same footprint and height as an earlier "
                           "building; a tile imported twice?)",
                           buildings[k].origin);
        continue;
      }
      seen_geometry.emplace(hash, k);
    }
    kept.push_back(k);
  }
  if (kept.empty()) {
    std::string reasons;
    for (const auto& [reason, count] : report.skipped) reasons += fmt::format("; {} × {}", count, reason);
    throw InputError(fmt::format(
        "no usable buildings in {} ({} bldg:Building elements read{})", fmt::join(files, ", "), report.features_read,
        reasons.empty() ? std::string("; none of them is a bldg:Building with geometry") : reasons));
  }

  // 4. Building columns.
  BuildingSet& bs = twin.buildings;
  bs.reserve(kept.size());
  for (const auto k : kept) {
    const auto& r = buildings[k].attributes;
    const auto& env = buildings[k].envelope;
    const BuildingIndex b = bs.append_with_footprint(r.id, env.footprint, env.centroid_x_m, env.centroid_y_m,
                                                     env.footprint_area_m2, env.perimeter_m);
    if (std::isfinite(r.measured_height_m)) {
      bs.height_m[b] = r.measured_height_m;
      bs.prov_height[b] = Provenance::measured;
    } else if (std::isfinite(env.height_m) && env.height_m > 0) {
      bs.height_m[b] = env.height_m;
      bs.prov_height[b] = Provenance::geometry;
    }
    if (r.storeys_above_ground > 0) {
      bs.storeys[b] = static_cast<std::uint16_t>(r.storeys_above_ground);
      bs.prov_storeys[b] = Provenance::measured;
    }
    if (r.year_of_construction > 0) {
      bs.year_of_construction[b] = static_cast<std::int16_t>(r.year_of_construction);
      bs.prov_year_of_construction[b] = Provenance::measured;
    }
    if (!r.function.empty()) {
      const auto code = parse_alkis_function(r.function);
      if (code)
        bs.alkis_function[b] = *code;
      else
        detail::count_skip(report, "bldg:function not an ALKIS code (value ignored)", r.id);
    }
    bs.geometry_check[b] = static_cast<std::uint8_t>(env.geometry_check);
    if (env.volume_m3 > 0) {
      bs.volume_m3[b] = env.volume_m3;
      bs.prov_volume[b] = Provenance::geometry;
    }
    bs.roof_area_m2[b] = env.roof_area_m2;
    bs.prov_envelope[b] = Provenance::geometry;
  }
  bs.finish_footprints();

  // 5. Walls: shared with other buildings (adiabatic) or internal between parts (not envelope).
  {
    std::vector<WallRef> walls;
    std::vector<std::uint32_t> wall_index;  // index within its building's envelope
    std::size_t wall_count = 0;
    for (const auto k : kept) wall_count += buildings[k].envelope.walls.size();
    walls.reserve(wall_count);
    wall_index.reserve(wall_count);
    for (std::size_t b = 0; b < kept.size(); ++b) {
      const auto& env = buildings[kept[b]].envelope;
      for (std::size_t w = 0; w < env.walls.size(); ++w) {
        walls.push_back(WallRef{&env.walls[w], static_cast<std::uint32_t>(b), env.wall_part[w]});
        wall_index.push_back(static_cast<std::uint32_t>(w));
      }
    }
    const std::vector<WallOverlap> overlaps = wall_overlaps(walls);
    {
      auto sectors = wall_sector_columns(bs);
      for (std::size_t b = 0; b < bs.size(); ++b) {
        bs.wall_area_m2[b] = 0.0;
        bs.shared_wall_area_m2[b] = 0.0;
        for (auto* column : sectors) (*column)[b] = 0.0;
      }
      double internal_total = 0.0;
      for (std::size_t k = 0; k < walls.size(); ++k) {
        const std::size_t b = walls[k].building;
        const auto& env = buildings[kept[b]].envelope;
        const double area = env.wall_area_m2[wall_index[k]];
        const double envelope_area = std::max(0.0, area - overlaps[k].internal_m2);
        const double shared = std::min(overlaps[k].shared_m2, envelope_area);
        bs.wall_area_m2[b] += envelope_area;
        bs.shared_wall_area_m2[b] += shared;
        (*sectors[env.wall_sector[wall_index[k]]])[b] += envelope_area - shared;
        internal_total += overlaps[k].internal_m2;
      }
      if (internal_total > 0)
        logger("twin.import")
            ->info("{:.0f} m2 of walls between parts of the same building left out of the envelope", internal_total);
    }
  }
  // 6. LoD2 roofs into the twin, after the walls: the peak of the import is the wall-overlap
  // search, so the twin's roof arrays (reserved to size: growing by doubling would hold up to three
  // times their size at once) are filled while the envelopes are freed, not beside that peak.
  {
    std::size_t roof_surfaces = 0, roof_vertices = 0;
    for (const auto k : kept) {
      roof_surfaces += buildings[k].envelope.roof_rings.ring_count();
      roof_vertices += buildings[k].envelope.roof_rings.vertex_count();
    }
    RoofSurfaceSet& roofs = twin.roofs;
    roofs.surface_begin.reserve(kept.size() + 1);
    roofs.ground_z_m.reserve(kept.size());
    roofs.vertex_begin.reserve(roof_surfaces + 1);
    roofs.source.reserve(roof_surfaces);
    for (auto* column : {&roofs.x_m, &roofs.y_m, &roofs.z_m}) column->reserve(roof_vertices);
  }
  for (const auto k : kept) {
    twin.roofs.append_building(buildings[k].envelope.roof_rings, RoofSource::lod2, buildings[k].envelope.ground_z_m);
    buildings[k] = ReadBuilding{};
  }
  std::vector<ReadBuilding>().swap(buildings);

  // 7. Regions, imputation, heated floor area from the volume, grid.
  detail::RegionPolygons region_polygons;
  if (!o.regions.empty())
    region_polygons =
        detail::load_region_layer(o.regions, o.regions_ags_field, o.regions_name_field, twin.crs, twin.regions);
  detail::assign_municipalities_by_location(region_polygons, bs);
  for (auto m : bs.municipality) report.without_municipality += m == NO_INDEX ? 1 : 0;
  impute_use_height_year(twin, o.imputation);
  std::uint64_t from_volume = 0;
  for (std::size_t b = 0; b < bs.size(); ++b) {
    if (bs.prov_volume[b] != Provenance::geometry) continue;
    bs.heated_floor_area_m2[b] =
        heated_floor_area_from_volume(static_cast<UseClass>(bs.use_class[b]), bs.volume_m3[b], o.imputation);
    bs.prov_heated_floor_area[b] = Provenance::geometry;
    ++from_volume;
  }
  if (from_volume > 0) twin.imputations["heated_floor_area_from_lod2_volume"] += from_volume;
  detail::finish_import(twin, o.imputation, o.inputs, "CityGML import", report, report_out);
  return twin;
}

}  // namespace heattwin::twin
