#include "twin/gpkg_export.hpp"

#include "twin/error.hpp"
#include "twin/gpkg_writer.hpp"
#include "twin/log.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>

namespace heattwin::twin {

void export_footprints_gpkg(const Twin& twin, const std::string& path, const GpkgExportOptions& options) {
  auto log = logger("twin.gpkg");
  const auto t0 = std::chrono::steady_clock::now();
  const BuildingSet& b = twin.buildings;
  const std::size_t n = b.size();
  HEATTWIN_CHECK(b.footprints.polygon_count() == n, "{}: the twin has {} footprints for {} buildings; cannot export",
                 path, b.footprints.polygon_count(), n);

  GpkgWriter out(path);
  enum Field : int { F_ID, F_HEIGHT, F_STOREYS, F_YEAR, F_FUNCTION, F_AGS };
  out.begin_layer({.name = options.layer,
                   .crs = twin.crs,
                   .geometry = GpkgGeometryType::polygon,
                   .fields = {{"id", GpkgFieldType::string},
                              {"height_m", GpkgFieldType::real},
                              {"storeys", GpkgFieldType::integer},
                              {"year", GpkgFieldType::integer},
                              {"function", GpkgFieldType::string, 10},
                              {"ags", GpkgFieldType::string, 8}},
                   .description = {},
                   .spatial_index = options.spatial_index});
  const auto& municipalities = twin.regions.municipalities;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string_view id = b.id[i];
    out.set_string(F_ID, id);
    out.set_real(F_HEIGHT, b.height_m[i]);  // NaN → NULL
    if (b.storeys[i] > 0) out.set_integer(F_STOREYS, b.storeys[i]);
    if (b.year_of_construction[i] > 0) out.set_integer(F_YEAR, b.year_of_construction[i]);
    if (b.alkis_function[i] > 0) {
      char code[16];
      std::snprintf(code, sizeof code, "31001_%04u", static_cast<unsigned>(b.alkis_function[i]));
      out.set_string(F_FUNCTION, code);
    }
    if (b.municipality[i] < municipalities.size()) out.set_string(F_AGS, municipalities[b.municipality[i]].ags);
    out.set_polygon(b.footprints, i);
    out.write_feature(id);
    if (options.progress && (i + 1) % 65536 == 0) options.progress(i + 1, n);
  }
  out.end_layer();
  out.commit();
  if (options.progress) options.progress(n, n);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  log->info("wrote {} building footprints to {} in {:.2f} s ({:.0f} features/s)", n, path, seconds,
            seconds > 0 ? static_cast<double>(n) / seconds : 0.0);
}

}  // namespace heattwin::twin
