#pragma once
/// \file CityJSON 1.1/2.0 and CityJSONSeq import: the buildings of a CityJSON file as a
/// CityGmlDocument, so that the envelope derivation and the import of citygml_reader.hpp serve
/// both formats.
///
/// Read: `transform` and `vertices`, CityObjects of type Building with their BuildingParts (linked
/// by the parent's `children` or the part's `parents`; parts of parts go to the building at the
/// top; part k is the k-th part in file order), geometry of LoD 1.x and 2.x (MultiSurface,
/// CompositeSurface, Solid, MultiSolid, CompositeSolid) with semantic surfaces, the attributes
/// function (else usage), yearOfConstruction, measuredHeight, storeysAboveGround and roofType
/// (combined over parts as in CityGML), and `metadata.referenceSystem`. Buildings keep the file's
/// order. Other city objects, LoD 0 and LoD 3+, geometry templates, openings and degenerate rings
/// are skipped and counted in `warnings`; a BuildingPart whose parent is not in the file is read
/// as a building and counted.
#include "twin/citygml_reader.hpp"

#include <string>
#include <string_view>

namespace heattwin::twin {

/// Parses a CityJSON document (or a CityJSONSeq: header line plus one CityJSONFeature per line)
/// from memory. `name` is used in messages. Throws InputError naming `name` (with the line of a
/// CityJSONSeq feature, and the object id where there is one) for malformed JSON (with its byte
/// offset), a wrong type or version, missing vertices, vertex indices out of range, members of
/// the wrong JSON type and BuildingPart parents that form a cycle. O(size of the document); the
/// whole document is parsed by simdjson into its DOM tape (about the file size again).
CityGmlDocument parse_cityjson(std::string_view text, const std::string& name);

/// Reads a CityJSON file with the rules of parse_cityjson. A `.jsonl` file is read as CityJSONSeq
/// one line at a time, so memory stays bounded by the largest feature.
CityGmlDocument read_cityjson_file(const std::string& path);

/// True for a file named `*.city.json` or `*.city.jsonl` (the extensions of the CityJSON
/// specification), and for a `.json` or `.jsonl` file whose first 4 KiB name the type "CityJSON"
/// or the "CityObjects" member (GeoJSON files end in .json too; they go to the footprint import).
bool is_cityjson_file(const std::string& path);

}  // namespace heattwin::twin
