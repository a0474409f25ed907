#include "app/common.hpp"

#include "app/progress_bar.hpp"

#include <cstdlib>

namespace heattwin::app {

std::string data_dir() {
  if (const char* env = std::getenv("HEATTWIN_DATA_DIR")) return env;
  return HEATTWIN_SOURCE_DATA_DIR;
}

bool show_progress(const GlobalOptions& g) { return !g.quiet && stderr_is_terminal(); }

}  // namespace heattwin::app
