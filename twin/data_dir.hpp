#pragma once
/// \file Where the shipped data tables (typology, weather, regions, technology, profiles, …) are
/// found at run time: the same lookup for the `heattwin` program, the libraries' defaults, the
/// Python module and programs built against the installed package.

#include <string>
#include <vector>

namespace heattwin::twin {

/// The folders that may hold the shipped data (the contents of the repository's data/), in the
/// order they are tried:
/// 1. `$HEATTWIN_DATA_DIR`, when set and not empty;
/// 2. `<folder of the running executable>/../share/heattwin` (an installed `heattwin`, also
///    after `cmake --install --prefix` to another place than the configured one);
/// 3. `<install prefix>/share/heattwin`, the prefix configured at build time;
/// 4. the source tree's `data/` (a build that is used without installing).
/// Folders that do not exist are listed too, so that an error message can name them all.
std::vector<std::string> data_dir_candidates();

/// The first of data_dir_candidates() that exists (the environment variable counts whether or not
/// its folder exists, so that a wrong setting fails loudly at the file it should hold). Throws
/// InputError naming every candidate if none exists.
std::string default_data_dir();

/// `relative` (e.g. "regions/sachsen_anhalt_municipalities.csv") in the first candidate folder
/// that holds it, normalised. Throws InputError naming every path tried and the fix
/// (HEATTWIN_DATA_DIR) if none does.
std::string find_data_file(const std::string& relative);

}  // namespace heattwin::twin
