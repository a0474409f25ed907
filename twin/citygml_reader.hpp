#pragma once
/// \file CityGML 1.0/2.0 import (LoD1 and LoD2 buildings): a streaming SAX reader (expat) and
/// the import of its buildings into a twin with the LoD2 envelope (wall areas by orientation,
/// roof area, closed-shell volume, shared walls between neighbours).
///
/// Security: documents with DTD entity declarations are refused (billion laughs, external
/// entities), and no external entity or DTD is ever loaded.

#include "twin/footprint_import.hpp"
#include "twin/imputation_rules.hpp"
#include "twin/progress.hpp"
#include "twin/surface_geometry.hpp"
#include "twin/twin.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace heattwin::twin {

/// Semantic class of a boundary surface. `unclassified` surfaces come from solids or multi
/// surfaces without semantics (LoD1 blocks); the import classifies them by their normal.
enum class SurfaceKind : std::uint8_t {
  wall,
  roof,
  ground,
  closure,
  outer_ceiling,
  outer_floor,
  unclassified,
};

/// One polygon of a building as read (coordinates in the CRS named by `crs`).
struct CityGmlSurface {
  Surface3 geometry;
  SurfaceKind kind = SurfaceKind::unclassified;
  std::uint8_t lod = 2;    ///< 1 or 2
  std::uint32_t part = 0;  ///< 0 = the building itself, k = its k-th BuildingPart (document order)
  std::uint32_t crs = 0;   ///< index into CityGmlDocument::crs_names
};

/// One bldg:Building with its BuildingParts aggregated.
struct CityGmlBuilding {
  std::string id;                     ///< gml:id; empty if the element has none
  std::uint64_t line = 0;             ///< line of the bldg:Building start tag
  std::string function;               ///< bldg:function text (ALKIS "31001_1010" or a code-list value)
  int year_of_construction = 0;       ///< 0 = not given
  double measured_height_m = NaN;     ///< bldg:measuredHeight; for parts only: the tallest part
  int storeys_above_ground = 0;       ///< 0 = not given; for parts only: the most storeys of a part
  std::string roof_type;              ///< bldg:roofType code
  std::vector<std::string> part_ids;  ///< gml:id of part k at index k − 1
  std::vector<CityGmlSurface> surfaces;
};

/// The buildings of one CityGML document.
struct CityGmlDocument {
  std::string name;  ///< file path (for messages)
  /// srsName values met in the document; index 0 is "" = no srsName on the geometry or above it
  /// (the first srsName of the document, else the import's source CRS, is used for those).
  std::vector<std::string> crs_names{""};
  std::vector<CityGmlBuilding> buildings;
  /// What the reader skipped or assumed, reason → count (degenerate rings, LoD3 geometry, …).
  std::map<std::string, std::uint64_t> warnings;
  /// reason → first few "file:line" where it happened
  std::map<std::string, std::vector<std::string>> warning_examples;
};

namespace detail {

/// Attribute values read from a building or from its parts (for the parts: the first function,
/// year and roof type met, the largest height and storey count). Shared by the CityGML and
/// CityJSON readers.
struct BuildingAttributes {
  std::string function;
  int year = 0;
  double height_m = NaN;
  int storeys = 0;
  std::string roof_type;
};

/// Sets `building`'s attributes: function, year and roof type from the building itself, else
/// from its parts; measuredHeight and storeys likewise (the parts' values are their largest).
void apply_building_attributes(const BuildingAttributes& own, const BuildingAttributes& parts,
                               CityGmlBuilding& building);

}  // namespace detail

/// Parses a CityGML document from memory. `name` is used in messages. Throws InputError naming
/// `name:line` for malformed XML, entity declarations and bad coordinate lists. Unknown elements
/// are skipped. Reads Building/BuildingPart attributes (function, yearOfConstruction,
/// measuredHeight, storeysAboveGround, roofType), boundary surfaces (Wall, Roof, Ground, Closure,
/// OuterCeiling, OuterFloor) and LoD1/LoD2 solids and multi surfaces (gml:posList, gml:pos,
/// gml:coordinates, srsDimension 2 or 3). Openings, installations, interiors, LoD0 and LoD3/4
/// geometry are skipped (LoD3/4 counted). O(size of the document).
CityGmlDocument parse_citygml(std::string_view xml, const std::string& name);

/// Receives each building as soon as its end tag has been read, with the document read so far
/// (its name, the srsNames met and the warnings). It may move from the building; an exception it
/// throws stops the reader and propagates.
using CityGmlBuildingSink = std::function<void(CityGmlBuilding& building, const CityGmlDocument& document)>;

/// Streams a CityGML file from disk (1 MiB chunks) with the rules of parse_citygml. With a
/// `sink`, each building goes to it instead of into the returned document's `buildings`, so that
/// memory stays bounded by one building whatever the file size.
CityGmlDocument read_citygml_file(const std::string& path, const CityGmlBuildingSink& sink = {});

/// True for a path that names a 3D city model: a CityGML file (.gml, .citygml, .xml), a CityJSON
/// or CityJSONSeq file (is_cityjson_file in twin/cityjson_reader.hpp), or a directory holding
/// such files. (The name predates CityJSON; it covers both formats.)
bool is_citygml_path(const std::string& path);

/// Expands directories into their CityGML and CityJSON files (sorted by name, not recursive) and
/// keeps files as given; throws InputError for missing paths or a directory without such files.
std::vector<std::string> expand_citygml_inputs(const std::vector<std::string>& inputs);

/// "EPSG:nnnn" (horizontal part) of a CityGML srsName or a CityJSON referenceSystem: EPSG codes in
/// any notation ("EPSG:25832", "urn:ogc:def:crs:EPSG::25832", "urn:ogc:def:crs,crs:EPSG::25832,
/// crs:EPSG::7837", "https://www.opengis.net/def/crs/EPSG/0/25832"), compound EPSG codes reduced
/// to their horizontal CRS through PROJ (".../EPSG/0/7415", Amersfoort / RD New + NAP height →
/// EPSG:28992; horizontal_crs in twin/crs.hpp) and the AdV names
/// "urn:adv:crs:ETRS89_UTM32*DE_DHHN92_NH" → EPSG:25832 (ETRS89_UTM33 → 25833, DE_DHDN_3GK2..5 →
/// 31466..31469). Heights are kept as given. Returns the name unchanged when none of these match
/// (PROJ may still know it).
std::string horizontal_crs_of_srs_name(std::string_view srs_name);

struct CityGmlImportOptions {
  std::vector<std::string> inputs;  ///< CityGML or CityJSON files, or directories of them (tiles)
  /// CRS of geometry without any srsName in its document; empty = twin_crs. Each use is counted.
  std::string source_crs;
  std::string twin_crs = DEFAULT_TWIN_CRS;
  std::string regions;  ///< optional municipality boundary layer (as import_footprints)
  std::string regions_ags_field = "ags";
  std::string regions_name_field = "name";
  std::string municipality_table;  ///< optional Gemeinden CSV
  double min_footprint_m2 = 1.0;   ///< smaller buildings are skipped and counted
  ImputationSettings imputation;
  ProgressFn progress;
};

/// Imports the buildings of CityGML and CityJSON files into a twin (each file goes to its reader:
/// CityJSON by is_cityjson_file, the rest to the CityGML reader). Files are parsed in parallel; the result follows the
/// order of the inputs and of the buildings in each file. Per building: footprint = union of the
/// ground surfaces projected to the plane (else of downward faces, else of the roofs), height =
/// measuredHeight or highest point − lowest ground point, volume by the divergence theorem, wall
/// area by orientation sector, roof area, shared walls with coplanar walls of other buildings
/// (also across files), heated floor area from the volume (docs/IMPUTATION.md). A later copy of
/// a gml:id already read is skipped and counted (tiles may repeat border buildings).
/// Throws InputError for unreadable or malformed files and unknown CRSs.
Twin import_citygml(const CityGmlImportOptions& options, ImportReport* report = nullptr);

}  // namespace heattwin::twin
