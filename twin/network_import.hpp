#pragma once
/// \file District-heating network import (docs/NETWORKS.md): pipes from the line layer of a
/// GeoJSON / GeoPackage (any GDAL vector source), junctions from snapped line ends, consumers
/// linked to twin buildings, one source; stored as one network of the twin's NetworkSet.

#include "twin/building_set.hpp"
#include "twin/network.hpp"

#include <cstddef>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace heattwin::twin {

/// Field names and defaults of the network import. Every default applied is counted in the report.
struct NetworkImportOptions {
  std::string twin_crs;           ///< CRS of the twin; the layer's CRS is transformed to it
  std::string name;               ///< network name (required, unique in the set, no '/')
  std::string layer;              ///< layer name; empty: the first layer
  double snap_tolerance_m = 1.0;  ///< line ends closer than this are one junction
  // Pipe attributes (fields of the line features; missing fields or null values take the defaults).
  std::string id_field = "id";                            ///< pipe id; default "<name>/p<feature id>"
  std::string dn_field = "dn";                            ///< nominal size, looked up in `dn_inner_diameter_m`
  std::string inner_diameter_field = "inner_diameter_m";  ///< m; wins over dn
  std::string heat_loss_field = "heat_loss_w_per_mk";     ///< W/(m·K) per pipe
  std::string building_field = "building";                ///< twin building id served at the line's last vertex
  std::string source_field = "source";                    ///< true/1/yes: the line's first vertex is the plant
  int default_dn = 50;
  /// DN → inner diameter (m) and heat-loss coefficient (W/(m·K)); filled by the caller (the app
  /// uses solvers/network's EN 253 series), so that twin/ knows no pipe catalogue.
  std::vector<std::pair<int, double>> dn_inner_diameter_m;
  std::vector<std::pair<int, double>> dn_heat_loss_w_per_mk;
  double roughness_mm = 0.1;
  double burial_depth_m = 0.6;
  /// Line ends with one pipe (leaves) become consumers of the nearest building centroid within
  /// this distance, unless a line names its building.
  double consumer_distance_m = 30.0;
  /// Source point in the twin CRS (NaN: from `source_field`); the nearest junction within
  /// `consumer_distance_m` becomes the plant.
  double source_x_m = std::numeric_limits<double>::quiet_NaN();
  double source_y_m = std::numeric_limits<double>::quiet_NaN();
  double t_supply_c = 80.0;
};

struct NetworkImportReport {
  std::size_t features_read = 0;
  std::size_t pipes = 0, junctions = 0, consumers = 0;
  std::size_t consumers_by_attribute = 0, consumers_by_distance = 0;
  std::size_t leaves_without_building = 0;  ///< line ends with one pipe and no building near
  std::size_t default_id = 0, default_diameter = 0, default_heat_loss = 0;
  double length_m = 0.0;
};

/// Imports the network lines of `path` into `set` as network `options.name`. Throws InputError
/// naming the file and feature/pipe ids for: unreadable files, lines of zero length, unknown DN,
/// unknown building ids, no source, and parts not connected to the source (listing up to ten
/// pipe ids). O(features + buildings) with a grid over the building centroids.
NetworkImportReport import_network(const std::string& path, const NetworkImportOptions& options,
                                   const BuildingSet& buildings, NetworkSet& set);

}  // namespace heattwin::twin
