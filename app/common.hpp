#pragma once
/// \file What every command of the `heattwin` command line shares: the global options and where
/// the shipped data is.

#include <string>

namespace heattwin::app {

/// Options before the subcommand (`-v`, `-q`).
struct GlobalOptions {
  int verbose = 0;
  bool quiet = false;
};

/// The shipped data (typology, weather, samples): HEATTWIN_DATA_DIR, the installed
/// <prefix>/share/heattwin or the source tree's data/ (twin/data_dir.hpp).
std::string data_dir();

/// Whether to draw progress bars: not with --quiet, and only when stderr is a terminal.
bool show_progress(const GlobalOptions& g);

}  // namespace heattwin::app
