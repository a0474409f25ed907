#include "app/cmd_generate.hpp"

#include "app/progress_bar.hpp"
#include "twin/atomic_file.hpp"
#include "twin/error.hpp"
#include "twin/gpkg_export.hpp"
#include "twin/log.hpp"
#include "twin/output_path.hpp"
#include "twin/synthetic_state.hpp"
#include "twin/twin_store.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <vector>

namespace heattwin::app {

namespace tw = twin;

int run_generate(const GenerateOptions& o, const GlobalOptions& g) {
  HEATTWIN_CHECK(o.buildings > 0, "--buildings must be positive (got {})", o.buildings);
  auto log = heattwin::logger("app");
  // Neither output may replace the tables read nor the other output (issue 20).
  const std::vector<std::filesystem::path> tables{o.municipalities, o.boundaries};
  tw::check_output_path(o.out, tables, "--out", tw::OutputKind::hdf5);
  if (!o.gpkg.empty()) {
    std::vector<std::filesystem::path> read_or_written = tables;
    read_or_written.emplace_back(o.out);
    tw::check_output_path(o.gpkg, read_or_written, "--gpkg", tw::OutputKind::geopackage);
  }
  const auto start = std::chrono::steady_clock::now();
  tw::SyntheticStateOptions options;
  options.seed = o.seed;
  options.building_count = static_cast<std::size_t>(o.buildings);
  options.municipality_table = o.municipalities;
  options.boundaries = o.boundaries;
  ProgressBar bar("generate", show_progress(g));
  options.progress = [&bar](std::size_t done, std::size_t total) { bar.update(done, total); };
  tw::Twin twin = tw::generate_synthetic_state(options);
  bar.finish();
  // Twin and GeoPackage are one output (issue 20, class 7): both are written completely under
  // temporary names first and only then moved into place, back to back, so an interruption or a
  // failure of either never leaves a new twin beside an old or missing GeoPackage.
  tw::AtomicFile twin_file(o.out, ".pending");
  tw::save_twin(twin, twin_file.temp_path());
  std::optional<tw::AtomicFile> gpkg_file;
  if (!o.gpkg.empty()) {
    gpkg_file.emplace(o.gpkg, ".pending.gpkg");
    ProgressBar gpkg_bar("footprints", show_progress(g));
    tw::GpkgExportOptions gpkg_options;
    gpkg_options.progress = [&gpkg_bar](std::size_t done, std::size_t total) { gpkg_bar.update(done, total); };
    tw::export_footprints_gpkg(twin, gpkg_file->temp_path(), gpkg_options);
    gpkg_bar.finish();
  }
  twin_file.commit();
  if (gpkg_file) {
    gpkg_file->commit();
    log->info("wrote {} footprints to {} (layer 'buildings'; import it with data/statistics/synthetic_mapping.toml)",
              twin.buildings.size(), o.gpkg);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  log->info("generated {} buildings in {} municipalities in {:.1f} s → {}", twin.buildings.size(),
            twin.regions.municipalities.size(), seconds, o.out);
  return 0;
}

}  // namespace heattwin::app
