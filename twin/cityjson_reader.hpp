#pragma once
/// \file CityJSON 1.1/2.0 and CityJSONSeq import: the buildings of a CityJSON file as a
/// CityGmlDocument, so that the envelope derivation and the import of citygml_reader.hpp serve
/// both formats.
///
/// Read: `transform` and `vertices`, CityObjects of type Building (BuildingParts aggregated to
/// their parent through `children`), geometry of LoD 1.x and 2.x (MultiSurface,
/// CompositeSurface, Solid, MultiSolid, CompositeSolid) with semantic surfaces, the attributes
/// function/usage, yearOfConstruction, measuredHeight, storeysAboveGround and roofType, and
/// `metadata.referenceSystem`. Other city objects, LoD 0 and LoD 3+, geometry templates and
/// openings are skipped and counted in `warnings`.
#include "twin/citygml_reader.hpp"

#include <string>
#include <string_view>

namespace heattwin::twin {

/// Parses a CityJSON document (or a CityJSONSeq: header line plus one CityJSONFeature per line)
/// from memory. `name` is used in messages. Throws InputError naming `name` (and the line of a
/// CityJSONSeq feature, or the object id) for malformed JSON, a wrong type or version, missing
/// vertices and vertex indices out of range.
CityGmlDocument parse_cityjson(std::string_view text, const std::string& name);

/// Reads a CityJSON file; a `.jsonl` file is read as CityJSONSeq, one feature at a time.
CityGmlDocument read_cityjson_file(const std::string& path);

/// True for a `.json` or `.jsonl` file whose first 4 KiB name the type "CityJSON" or the
/// "CityObjects" member (GeoJSON files may end in .json too).
bool is_cityjson_file(const std::string& path);

}  // namespace heattwin::twin
