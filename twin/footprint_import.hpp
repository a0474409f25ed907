#pragma once
/// \file Import of building footprints from any GDAL vector source (GeoPackage, shapefile,
/// GeoJSON, OSM PBF/XML, …) into a twin, with a TOML attribute mapping, reprojection (PROJ),
/// municipality assignment, shared walls, imputation and the LoD1 envelope.

#include "twin/imputation_rules.hpp"
#include "twin/progress.hpp"
#include "twin/twin.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace heattwin::twin {

/// Which source attribute feeds which twin column. Empty field name = not in the source.
/// Loaded from TOML (see data/sample/goerlitz_mapping.toml for the documented format).
struct AttributeMapping {
  std::string path;                     ///< the TOML file (for messages); empty for defaults
  std::string layer;                    ///< layer name; empty = the first layer (OSM: multipolygons)
  std::string source_crs;               ///< overrides the layer's CRS; needed when the layer has none
  std::string id;                       ///< unique building id; empty = the GDAL feature id
  std::string height_m;                 ///< building height in m
  std::string storeys;                  ///< storeys above ground
  std::string year_of_construction;     ///< year
  std::string alkis_function;           ///< ALKIS Gebaeudefunktion ("31001_1010" or "1010")
  std::string use_class;                ///< a HeatTwin use-class name (alternative to alkis_function)
  std::string municipality_ags;         ///< 8-digit AGS of the building's municipality
  std::string measured_heat_kwh_per_a;  ///< metered annual heat consumption
  std::string parent_id;                ///< id of the parent building (building parts inherit its attributes)
  std::string heating_carrier;          ///< heating carrier (twin::parse_heating_carrier: names or German terms)
  std::string heating_year;             ///< installation year of the heating system
  std::string heating_power_kw;         ///< nominal heat output of the heating system, kW
  double min_footprint_m2 = 1.0;        ///< smaller polygons are skipped and counted
};

/// Reads and validates a mapping file; unknown keys and wrong types are InputErrors naming the
/// file, the key and its line.
AttributeMapping load_attribute_mapping(const std::string& path);

struct FootprintImportOptions {
  std::vector<std::string> inputs;  ///< vector files (GDAL opens them; .osm.gz through /vsigzip/)
  AttributeMapping mapping;         ///< attribute mapping (defaults: OSM tags or feature ids)
  std::string regions;              ///< optional municipality boundary layer (polygons with AGS)
  std::string regions_ags_field = "ags";
  std::string regions_name_field = "name";
  std::string municipality_table;  ///< optional Gemeinden CSV to name municipalities and Kreise
  std::string twin_crs = DEFAULT_TWIN_CRS;
  ImputationSettings imputation;
  ProgressFn progress;
};

/// What the import skipped, by reason, with the first few object ids for each reason.
struct ImportReport {
  std::uint64_t features_read = 0;
  std::uint64_t buildings = 0;
  std::map<std::string, std::uint64_t> skipped;              ///< reason → count
  std::map<std::string, std::vector<std::string>> examples;  ///< reason → first ids
  std::uint64_t without_municipality = 0;
  /// CityGML/CityJSON: val3dity error code (twin/shell_repair.hpp) → buildings with that error.
  std::map<int, std::uint64_t> val3dity_errors;
};

/// Imports all inputs into one twin. Throws InputError (naming the file, layer, feature id or
/// mapping key) for unreadable files, empty layers, unknown CRS, misspelled mapping fields and
/// duplicate ids; skips and counts non-polygon, invalid and tiny geometries.
Twin import_footprints(const FootprintImportOptions& options, ImportReport* report = nullptr);

namespace detail {

/// Steps shared by import_footprints and import_citygml (twin/citygml_reader.cpp).

/// Counts a skipped feature or ignored value under `reason`, keeping the first 5 ids as examples.
void count_skip(ImportReport& report, const std::string& reason, const std::string& id);

/// Municipality polygons of a region layer (the parts of multipolygons separately), in the twin CRS.
struct RegionPolygons {
  std::vector<std::uint32_t> municipality;  ///< municipality index per polygon
  PolygonSet polygons;                      ///< one per entry of municipality
  std::vector<std::array<double, 4>> bbox;  ///< xmin, ymin, xmax, ymax per polygon
};

/// Reads a municipality boundary layer (GDAL vector, polygons with an 8-digit AGS field),
/// reprojects it to `twin_crs`, adds unknown municipalities to `regions` (named by `name_field`
/// if present) and sets their boundaries. Throws InputError naming the file and field.
RegionPolygons load_region_layer(const std::string& path, const std::string& ags_field, const std::string& name_field,
                                 const std::string& twin_crs, RegionHierarchy& regions);

/// Gives each building without a municipality the one whose polygon contains its centroid
/// (lowest polygon index on ties). R-tree over the polygons' boxes; parallel, deterministic.
void assign_municipalities_by_location(const RegionPolygons& regions, BuildingSet& buildings);

/// Logs the skip counts (with example ids) and the buildings without municipality as warnings.
void log_import_report(const ImportReport& report);

/// The last steps of every import: floor area and residential type, the 100 m grid, the source
/// line, the invariant check (`what` names the import in its messages), the report's log, and
/// the report handed to the caller.
void finish_import(Twin& twin, const ImputationSettings& imputation, const std::vector<std::string>& inputs,
                   std::string_view what, ImportReport& report, ImportReport* report_out);

}  // namespace detail

/// Finds boundary edges that touch an edge of another building (collinear within 0.1 m and
/// 3°, overlapping); returns per building the touching length by wall sector (m).
std::vector<std::array<double, 8>> shared_edge_lengths(const PolygonSet& footprints);

}  // namespace heattwin::twin
