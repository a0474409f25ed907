#pragma once
/// \file `heattwin export <results.h5> --format …`: turns every year (or one `--year`) of a
/// results file into files people open in other tools. Each format's writer lives in viz/; this
/// file only dispatches and prints what was written.

#include <cstddef>
#include <string>
#include <vector>

namespace heattwin::app {

struct ExportOptions {
  std::string results_path;               ///< results file written by `heattwin run`
  std::vector<std::string> formats;       ///< names from export_format_names()
  std::string out_dir;                    ///< folder for the files (created)
  std::string twin_path;                  ///< twin the results belong to; default /meta/inputs/@twin
  std::string scenario;                   ///< /results/<scenario>; empty: the first
  int year = 0;                           ///< /results/<scenario>/<year>; 0: every year of the scenario
  std::size_t privacy_min_buildings = 5;  ///< gpkg, png: cells/streets with fewer buildings are withheld
  double street_max_distance_m = 100.0;   ///< gpkg: buildings farther from every street are unassigned
  bool gpkg_buildings = false;            ///< gpkg: also the buildings layer (not for publication)
  std::string lang = "de";                ///< report: de or en
  std::string region;                     ///< report: only this municipality (8-digit AGS) or Kreis (5 digits)
};

/// The formats this build can write, in the order `export` writes them.
std::vector<std::string> export_format_names();

/// Writes every asked format into options.out_dir — per-year formats (html, gpkg, png) once for
/// each year of the scenario (or only options.year), the formats that hold every year themselves
/// (vtk: a .pvd series; report: the heat plan) once — and prints one line per file (path and how
/// to open it). Throws InputError for an unknown format, a missing results group or twin.
int run_export(const ExportOptions& options);

}  // namespace heattwin::app
