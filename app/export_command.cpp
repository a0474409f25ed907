#include "app/export_command.hpp"

#include "twin/atomic_file.hpp"
#include "twin/error.hpp"
#include "twin/log.hpp"
#include "twin/regions.hpp"
#include "twin/twin_store.hpp"
#include "viz/gpkg_results.hpp"
#include "viz/heat_plan_report.hpp"
#include "viz/maps.hpp"
#include "viz/report.hpp"
#include "viz/results_file.hpp"
#include "viz/results_networks.hpp"
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
#include <stdexcept>
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

using ExportFunction = std::function<std::vector<WrittenFile>(const ExportInput&)>;

/// One format: its writer and whether it writes one year (called per year) or every year of the
/// file itself (called once, with the first year's results).
struct Exporter {
  ExportFunction write;
  bool per_year = true;
};

/// The exporters of this build, in writing order. Each format adds one entry.
const std::vector<std::pair<std::string, Exporter>>& exporters() {
  static const std::vector<std::pair<std::string, Exporter>> table = {
#if HEATTWIN_WITH_VTK
    // Every (scenario, year) of the results file, one .pvd per scenario (time step = year).
    {"vtk",
     {[](const ExportInput& in) {
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
      },
      false}},
#endif
    // The heat plan of every year, one document per municipality (viz/heat_plan_report).
    {"report",
     {[](const ExportInput& in) {
        viz::HeatPlanOptions o;
        o.lang = viz::parse_lang(in.options.lang);
        o.privacy_min_buildings = static_cast<std::uint32_t>(in.options.privacy_min_buildings);
        std::vector<WrittenFile> files;
        for (const viz::HeatPlan& plan : viz::compute_heat_plans(in.results.path, in.twin, o)) {
          // --region: the municipality itself, or every municipality of the Kreis (its first 5 AGS digits).
          if (!in.options.region.empty() && !plan.ags.starts_with(in.options.region)) continue;
          const std::string path =
              (in.out_dir / fmt::format("heat_plan_{}_{}.html", plan.ags.empty() ? "none" : plan.ags, plan.scenario))
                  .string();
          twin::write_file_atomically(path, viz::render_heat_plan_html({&plan}, o));
          files.push_back({path, fmt::format("heat plan {} ({} years), open in a browser; PDF: heattwin report --pdf",
                                             plan.ags, plan.years.size())});
        }
        return files;
      },
      false}},
    {"html", {[](const ExportInput& in) {
       const std::string path = (in.out_dir / (in.stem + ".html")).string();
       viz::write_html_report(in.results, in.twin, path);
       return std::vector<WrittenFile>{{path, "open in a browser"}};
     }}},
    {"gpkg", {[](const ExportInput& in) {
       viz::GpkgResultsOptions o;
       o.privacy_min_buildings = in.options.privacy_min_buildings;
       o.street_max_distance_m = in.options.street_max_distance_m;
       o.buildings_layer = in.options.gpkg_buildings;
       const std::string path = (in.out_dir / (in.stem + ".gpkg")).string();
       const auto report = viz::write_results_gpkg(in.results, in.twin, path, o);
       return std::vector<WrittenFile>{{path, fmt::format("QGIS: layers {} ({} of {} cells withheld, < {} buildings)",
                                                          fmt::join(report.layers, ", "), report.grid_cells_withheld,
                                                          report.grid_cells, o.privacy_min_buildings)}};
     }}},
    {"png", {[](const ExportInput& in) {
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
     }}},
  };
  return table;
}

}  // namespace

int run_export(const ExportOptions& options) {
  const auto available = export_format_names();
  // The names are listed apart from the writers (app/export_formats.cpp) for `heattwin --help`,
  // which runs without GDAL and VTK; both lists must agree.
  std::vector<std::string> writers;
  for (const auto& [name, exporter] : exporters()) writers.push_back(name);
  if (writers != available) {
    throw std::logic_error(
        fmt::format("the export formats of app/export_formats.cpp ({}) are not those of "
                    "app/export_command.cpp ({})",
                    fmt::join(available, ", "), fmt::join(writers, ", ")));
  }
  HEATTWIN_CHECK(!options.formats.empty(), "export: no --format given (this build writes {})",
                 fmt::join(available, ", "));
  for (const auto& format : options.formats) {
    HEATTWIN_CHECK(format == "all" || std::ranges::find(available, format) != available.end(),
                   "export: unknown --format '{}' (this build writes {}, or all)", format, fmt::join(available, ", "));
  }
  // The years to write: the chosen one, or every year of the chosen (or first) scenario.
  if (!options.region.empty()) {
    HEATTWIN_CHECK(twin::is_digits(options.region, 8) || twin::is_digits(options.region, 5),
                   "export --region '{}': give a municipality's 8-digit AGS (e.g. 15003000) or a Kreis's 5-digit key "
                   "(e.g. 15003)",
                   options.region);
    for (const auto& format : options.formats) {
      HEATTWIN_CHECK(format == "report",
                     "export --region {}: only --format report is written per region (the other formats show the "
                     "whole results file; `heattwin run --region {}` computes a results file of the region alone)",
                     options.region, options.region);
    }
  }
  const auto in_file = viz::list_results(options.results_path);
  HEATTWIN_CHECK(!in_file.empty(), "{}: the file holds no results", options.results_path);
  const std::string scenario = options.scenario.empty() ? in_file.front().first : options.scenario;
  std::vector<int> years;
  for (const auto& [s, y] : in_file)
    if (s == scenario && (options.year == 0 || y == options.year)) years.push_back(y);
  if (years.empty()) years.push_back(options.year);  // read_results names what the file has
  std::optional<twin::Twin> twin;
  const fs::path out_dir(options.out_dir);
  const bool all = std::ranges::find(options.formats, "all") != options.formats.end();
  for (std::size_t k = 0; k < years.size(); ++k) {
    const viz::Results results = viz::read_results(options.results_path, scenario, years[k]);
    if (!twin) {
      std::string twin_path = options.twin_path;
      if (twin_path.empty()) {
        const auto it = results.meta.inputs.find("twin");
        HEATTWIN_CHECK(it != results.meta.inputs.end(), "{}: /meta/inputs names no twin; pass --twin",
                       options.results_path);
        twin_path = it->second;
      }
      twin = viz::with_network_geometry(twin::load_twin(twin_path), options.results_path, scenario);
      std::error_code ec;
      fs::create_directories(out_dir, ec);
      HEATTWIN_CHECK_AS(IoError, !ec, "{}: cannot create the folder: {}", options.out_dir, ec.message());
    }
    const ExportInput input{results, *twin, out_dir, fmt::format("{}_{}", results.scenario, results.year), options};
    for (const auto& [name, exporter] : exporters()) {
      if (!all && std::ranges::find(options.formats, name) == options.formats.end()) continue;
      if (!exporter.per_year && k > 0) continue;  // writes every year itself
      std::fflush(stdout);                        // what was printed so far, before the exporter logs to stderr
      for (const WrittenFile& file : exporter.write(input)) fmt::print("  {:<48} {}\n", file.path, file.open_with);
    }
  }
  return 0;
}

}  // namespace heattwin::app
