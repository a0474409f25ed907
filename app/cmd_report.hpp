#pragma once
/// \file `heattwin report <plan.h5> [<other.h5> …]`: the heat plan report (issue 15 §1), one
/// self-contained HTML document per municipality covering every year of the results file, German
/// by default, and a PDF of each printed by headless Chromium with --pdf. The numbers and the
/// markup come from viz/heat_plan_report; this file reads the inputs, writes the files and runs
/// the browser.

#include <cstdint>
#include <string>
#include <vector>

namespace heattwin::app {

struct ReportCommandOptions {
  std::vector<std::string> results;  ///< results files; the first is the plan, the others are compared with it
  std::string out_dir = ".";         ///< folder for the documents (created)
  std::string lang = "de";           ///< de or en
  std::string twin_path;             ///< twin of all files; default /meta/inputs/@twin of each
  std::string municipality;          ///< only this AGS; empty: every municipality with computed buildings
  bool pdf = false;                  ///< also a PDF of each document (headless Chromium)
  std::string chromium = "/usr/bin/chromium";  ///< browser that prints the PDF
  std::uint32_t privacy_min_buildings = 5;     ///< cells with fewer buildings are withheld on the maps
};

/// Writes `heat_plan_<ags>_<scenario>.html` (and .pdf) for every municipality of the first file
/// into out_dir and prints one line per file. With several files, each document compares the
/// municipality across the files' scenarios. Returns 0; when --pdf is asked and Chromium is
/// missing, writes the HTML, says so on stderr and returns 0. Throws InputError for bad files or
/// options, IoError when a file cannot be written or Chromium fails.
int run_report(const ReportCommandOptions& options);

}  // namespace heattwin::app
