#include "app/export_command.hpp"

namespace heattwin::app {

// Apart from the writers (app/export_command.cpp, which checks that both agree), so that the
// command line's --help names them without GDAL and VTK.
std::vector<std::string> export_format_names() {
  return {
#if HEATTWIN_WITH_VTK
    "vtk",
#endif
        "report", "html", "gpkg", "png"
  };
}

}  // namespace heattwin::app
