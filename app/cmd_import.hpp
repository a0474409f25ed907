#pragma once
/// \file `heattwin import`: building footprints (GDAL vector files) or 3D city models (CityGML,
/// CityJSON), street lines and district-heating networks into a twin, with a data-quality report.

#include "app/common.hpp"
#include "twin/crs.hpp"
#include "twin/twin.hpp"

#include <string>
#include <vector>

namespace heattwin::app {

/// `heattwin import <inputs…> --out <twin.h5> …`.
struct ImportOptions {
  std::vector<std::string> inputs;
  std::string out;
  std::string mapping;
  std::string regions;
  std::string regions_ags_field = "ags";
  std::string municipalities;
  std::string zensus_construction_years;  ///< Zensus 2022 100 m grid table "Gebäude nach Baujahr"
  std::string crs = twin::DEFAULT_TWIN_CRS;
  std::string report;
  std::vector<std::string> streets;
  std::string network;
  std::string network_name;
  double snap_tolerance_m = 1.0;
  double consumer_distance_m = 30.0;
  std::vector<double> network_source;  // x, y in the twin CRS
};

/// Imports, writes the twin and the data-quality report (<report>.json and .txt); returns the twin.
twin::Twin import_to_twin(const ImportOptions& o, const GlobalOptions& g);

}  // namespace heattwin::app
