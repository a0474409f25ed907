#pragma once
/// \file `heattwin compare <results.h5> [<other.h5>]`: indicators per municipality and Kreis of
/// a results file for the state office (issue 18 §2), and the differences between two files.
/// The numbers come from viz/region_comparison; this file reads the inputs and writes the files.

#include "viz/heat_indicators.hpp"

#include <cstddef>
#include <string>

namespace heattwin::app {

struct CompareOptions {
  std::string results_a;    ///< results file (scenario A)
  std::string results_b;    ///< optional second results file (scenario B); empty: none
  std::string twin_path;    ///< twin of both files; default: /meta/inputs/@twin of each
  std::string scenario;     ///< /results/<scenario> of A (and B); empty: the first of each file
  std::string out_dir;      ///< folder for the CSV tables and the HTML report; empty: none written
  std::string lang = "de";  ///< de: `;` and decimal comma, German headers; en: `,`, decimal point
  bool gpkg = false;        ///< also regions.gpkg (municipality and Kreis polygons) in out_dir
  bool json = false;        ///< print everything as JSON on stdout
  /// Official statistics for the plausibility check of state-wide results (key, value, unit,
  /// year, source); default: the shipped data/statistics/sachsen_anhalt_energy_statistics.csv.
  std::string statistics_path;
  std::size_t privacy_min_buildings =
      viz::DEFAULT_PRIVACY_MIN_BUILDINGS;  ///< regions with fewer computed buildings are withheld
};

/// Computes the comparison of every year of the chosen scenario and the plausibility check of
/// A's first year against the official statistics, writes municipalities.csv, kreise.csv,
/// state.csv, plausibility.csv, report.html (and differences.csv with B) into out_dir and prints
/// their paths, or the JSON. Throws InputError for a missing file, scenario or twin.
int run_compare(const CompareOptions& options);

}  // namespace heattwin::app
