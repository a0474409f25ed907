#include "app/export_command.hpp"

#include "twin/error.hpp"
#include "twin/log.hpp"
#include "twin/twin_store.hpp"
#include "viz/gpkg_results.hpp"
#include "viz/maps.hpp"
#include "viz/report.hpp"
#include "viz/results_file.hpp"
#if HEATTWIN_WITH_VTK
#include "viz/vtk_export.hpp"
#endif

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <optional>
#include <utility>

namespace heattwin::app {
namespace {

namespace fs = std::filesystem;

/// What one exporter gets: the results, the twin they belong to and the folder to write into.
struct ExportInput {
  const viz::Results& results;
  const twin::Twin& twin;
  const fs::path& out_dir;
  std::string stem;  ///< file name stem, "<scenario>_<year>"
  const ExportOptions& options;
};

/// One written file: its path and a hint how to open it.
struct WrittenFile {
  std::string path;
  std::string open_with;
};

using Exporter = std::function<std::vector<WrittenFile>(const ExportInput&)>;

/// The exporters of this build, in writing order. Each format adds one entry.
const std::vector<std::pair<std::string, Exporter>>& exporters() {
  static const std::vector<std::pair<std::string, Exporter>> table = {
#if HEATTWIN_WITH_VTK
    // Every (scenario, year) of the results file, one .pvd per scenario (time step = year).
    {"vtk",
     [](const ExportInput& in) {
       const viz::VtkExportReport report = viz::export_vtk(in.twin, in.results.path, in.out_dir);
       std::vector<WrittenFile> files;
       for (const auto& pvd : report.pvd_files) {
         files.push_back({pvd.string(), fmt::format("open with ParaView: paraview {}", pvd.string())});
       }
       for (const viz::VtkStep& s : report.steps) {
         const std::string part_of = fmt::format("{} {}, in {}.pvd", s.scenario, s.year, s.scenario);
         files.push_back(
             {s.buildings_file.string(),
              fmt::format("{} buildings ({} without footprint left out, {} heights from storeys/default); {}",
                          s.buildings_written, s.buildings_without_footprint, s.buildings_default_height, part_of)});
         files.push_back({s.grid_file.string(), fmt::format("{} grid cells; {}", s.grid_cells_written, part_of)});
         if (!s.network_file.empty()) {
           files.push_back({s.network_file.string(), fmt::format("{} pipes; {}", s.pipes_written, part_of)});
         }
       }
       return files;
     }},
#endif
    {"html",
     [](const ExportInput& in) {
       const std::string path = (in.out_dir / (in.stem + ".html")).string();
       viz::write_html_report(in.results, in.twin, path);
       return std::vector<WrittenFile>{{path, "open in a browser"}};
     }},
    {"gpkg",
     [](const ExportInput& in) {
       viz::GpkgResultsOptions o;
       o.privacy_min_buildings = in.options.privacy_min_buildings;
       o.street_max_distance_m = in.options.street_max_distance_m;
       o.buildings_layer = in.options.gpkg_buildings;
       const std::string path = (in.out_dir / (in.stem + ".gpkg")).string();
       const auto report = viz::write_results_gpkg(in.results, in.twin, path, o);
       return std::vector<WrittenFile>{{path, fmt::format("QGIS: layers {} ({} of {} cells withheld, < {} buildings)",
                                                          fmt::join(report.layers, ", "), report.grid_cells_withheld,
                                                          report.grid_cells, o.privacy_min_buildings)}};
     }},
    {"png",
     [](const ExportInput& in) {
       viz::MapOptions o;
       o.privacy_min_buildings = in.options.privacy_min_buildings;
       const std::string path = (in.out_dir / (in.stem + "_heat_density.png")).string();
       const auto report = viz::write_heat_density_png(in.results, in.twin, path, o);
       std::vector<WrittenFile> files{
           {path, report.no_data ? std::string("any image viewer (no data: the results have no grid cells)")
                                 : fmt::format("any image viewer; QGIS places it with the .wld (EPSG:3035), "
                                               "{} × {} px",
                                               report.width_px, report.height_px)}};
       if (in.twin.networks.pipes.size() > 0) {
         const std::string network = (in.out_dir / (in.stem + "_network.png")).string();
         const auto r = viz::write_network_png(in.results, in.twin, network, o);
         files.push_back({network, fmt::format("any image viewer; {} pipes by diameter, {} × {} px", r.pipes,
                                               r.width_px, r.height_px)});
       }
       return files;
     }},
  };
  return table;
}

}  // namespace

std::vector<std::string> export_format_names() {
  std::vector<std::string> names;
  for (const auto& [name, exporter] : exporters()) names.push_back(name);
  return names;
}

int run_export(const ExportOptions& options) {
  const auto available = export_format_names();
  HEATTWIN_CHECK(!options.formats.empty(), "export: no --format given (this build writes {})",
                 fmt::join(available, ", "));
  for (const auto& format : options.formats) {
    HEATTWIN_CHECK(format == "all" || std::ranges::find(available, format) != available.end(),
                   "export: unknown --format '{}' (this build writes {}, or all)", format, fmt::join(available, ", "));
  }
  // Which (scenario, year) groups: the one asked for, or every year of the file (of --scenario
  // if given), so that a heat plan exports its whole path, not only the base year (issue 15).
  std::vector<std::pair<std::string, int>> groups;
  if (options.year != 0) {
    groups.emplace_back(options.scenario, options.year);
  } else {
    for (const auto& [scenario, year] : viz::list_results(options.results_path)) {
      if (options.scenario.empty() || scenario == options.scenario) groups.emplace_back(scenario, year);
    }
    HEATTWIN_CHECK(!groups.empty(), "{}: no /results/{}/<year> group to export", options.results_path,
                   options.scenario.empty() ? std::string("<scenario>") : options.scenario);
  }
  const bool all = std::ranges::find(options.formats, "all") != options.formats.end();
  std::optional<twin::Twin> twin;
  std::string twin_path = options.twin_path;
  const fs::path out_dir(options.out_dir);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const viz::Results results = viz::read_results(options.results_path, groups[g].first, groups[g].second);
    if (!twin) {
      if (twin_path.empty()) {
        const auto it = results.meta.inputs.find("twin");
        HEATTWIN_CHECK(it != results.meta.inputs.end(), "{}: /meta/inputs names no twin; pass --twin",
                       options.results_path);
        twin_path = it->second;
      }
      twin = twin::load_twin(twin_path);
      std::error_code ec;
      fs::create_directories(out_dir, ec);
      HEATTWIN_CHECK_AS(IoError, !ec, "{}: cannot create the folder: {}", options.out_dir, ec.message());
    }
    const ExportInput input{results, *twin, out_dir, fmt::format("{}_{}", results.scenario, results.year), options};
    for (const auto& [name, exporter] : exporters()) {
      if (!all && std::ranges::find(options.formats, name) == options.formats.end()) continue;
      if (name == "vtk" && g > 0) continue;  // the VTK exporter writes every year of the file at once
      std::fflush(stdout);                   // what was printed so far, before the exporter logs to stderr
      for (const WrittenFile& file : exporter(input)) fmt::print("  {:<48} {}\n", file.path, file.open_with);
    }
  }
  return 0;
}

}  // namespace heattwin::app
