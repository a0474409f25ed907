#include "app/common.hpp"

#include "app/progress_bar.hpp"
#include "twin/data_dir.hpp"

namespace heattwin::app {

std::string data_dir() { return twin::default_data_dir(); }

bool show_progress(const GlobalOptions& g) { return !g.quiet && stderr_is_terminal(); }

}  // namespace heattwin::app
