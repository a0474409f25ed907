#include "app/cmd_compare.hpp"

#include "twin/atomic_file.hpp"
#include "twin/data_dir.hpp"
#include "twin/error.hpp"
#include "twin/twin_store.hpp"
#include "viz/maps.hpp"
#include "viz/region_comparison.hpp"
#include "viz/region_comparison_gpkg.hpp"
#include "viz/results_file.hpp"
#include "viz/state_plausibility.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <vector>

namespace heattwin::app {
namespace {

namespace fs = std::filesystem;

/// Every year of one scenario of `path`, joined with its twin (returned in `twin`), as indicator
/// tables; the state totals of the first year for the plausibility check go to `first_year`.
viz::RegionComparison compare_file(const std::string& path, const CompareOptions& o, std::optional<twin::Twin>& twin,
                                   viz::PlausibilitySums* first_year) {
  const auto available = viz::list_results(path);
  HEATTWIN_CHECK(!available.empty(), "{}: the file holds no results", path);
  std::string scenario = o.scenario;
  if (scenario.empty()) scenario = available.front().first;
  std::vector<int> years;
  for (const auto& [s, y] : available) {
    if (s == scenario) years.push_back(y);
  }
  HEATTWIN_CHECK(!years.empty(), "{}: no scenario '{}' (the file has '{}')", path, scenario, available.front().first);
  twin.reset();
  std::vector<viz::YearSums> sums;
  for (int year : years) {
    const viz::Results r = viz::read_results(path, scenario, year);
    if (!twin) {
      std::string twin_path = o.twin_path;
      if (twin_path.empty()) {
        const auto it = r.meta.inputs.find("twin");
        HEATTWIN_CHECK(it != r.meta.inputs.end(), "{}: /meta/inputs names no twin; pass --twin", path);
        twin_path = it->second;
      }
      twin = twin::load_twin(twin_path);
    }
    sums.push_back(viz::year_sums(r, *twin));
    if (first_year != nullptr && sums.size() == 1) *first_year = viz::plausibility_sums(r, *twin);
  }
  return viz::compare_regions(path, scenario, std::move(sums), o.privacy_min_buildings);
}

}  // namespace

int run_compare(const CompareOptions& o) {
  HEATTWIN_CHECK(o.lang == "de" || o.lang == "en", "compare: --lang '{}' is not one of de, en", o.lang);
  HEATTWIN_CHECK(o.privacy_min_buildings > 0, "compare: --privacy-min-buildings must be at least 1");
  const viz::Lang lang = o.lang == "en" ? viz::Lang::en : viz::Lang::de;
  HEATTWIN_CHECK(!o.gpkg || !o.out_dir.empty(), "compare: --gpkg needs --out DIR");
  const viz::OfficialStatistics statistics = viz::read_official_statistics(
      o.statistics_path.empty() ? twin::find_data_file("statistics/sachsen_anhalt_energy_statistics.csv")
                                : o.statistics_path);
  std::optional<twin::Twin> twin_a;
  viz::PlausibilitySums sums_a;
  const viz::RegionComparison a = compare_file(o.results_a, o, twin_a, &sums_a);
  const viz::StatePlausibility plausibility = viz::state_plausibility(sums_a, statistics);
  std::optional<viz::RegionComparison> b;
  std::vector<viz::RegionDiff> diff;
  if (!o.results_b.empty()) {
    std::optional<twin::Twin> twin_b;
    b = compare_file(o.results_b, o, twin_b, nullptr);
    diff = viz::diff_regions(a, *b);
  }
  const viz::RegionComparison* bp = b ? &*b : nullptr;
  if (!o.out_dir.empty()) {
    const fs::path out(o.out_dir);
    std::error_code ec;
    fs::create_directories(out, ec);
    HEATTWIN_CHECK_AS(IoError, !ec, "{}: cannot create the folder: {}", o.out_dir, ec.message());
    // Choropleth maps from the twin's municipality boundaries (viz/maps.hpp).
    const viz::RegionShapes shapes = viz::region_shapes(*twin_a);
    std::vector<std::pair<fs::path, std::string>> files{
        {out / "municipalities.csv", viz::region_csv(a, false, lang)},
        {out / "kreise.csv", viz::region_csv(a, true, lang)},
        {out / "state.csv", viz::state_csv(a, lang)},
        {out / "plausibility.csv", viz::plausibility_csv(plausibility, lang)},
        {out / "report.html", viz::render_comparison_html(a, bp, diff, lang, &plausibility, &shapes)},
    };
    if (b) files.emplace_back(out / "differences.csv", viz::diff_csv(diff, a, lang));
    for (const auto& [path, text] : files) {
      twin::write_file_atomically(path.string(), text);
      if (!o.json) fmt::print("  {}\n", path.string());
    }
    if (o.gpkg) {
      const fs::path gpkg = out / "regions.gpkg";
      const auto layers = viz::write_comparison_gpkg(a, *twin_a, gpkg.string());
      if (!o.json) fmt::print("  {}  (QGIS: {} layers)\n", gpkg.string(), layers.size());
    }
  }
  if (o.json) {
    fmt::print("{}\n", viz::comparison_json(a, bp, diff, &plausibility));
  } else if (o.out_dir.empty()) {
    for (const auto& y : a.years) {
      fmt::print("{} {}: {} municipalities, {} Kreise, {} computed buildings\n", a.scenario, y.year,
                 y.municipalities.rows.size(), y.kreise.rows.size(), y.state.buildings);
    }
    fmt::print("(give --out DIR for the CSV tables and the HTML report, or --json)\n");
  }
  for (const auto& n : a.not_available) fmt::print(stderr, "compare: not available: {}\n", n);
  // The run's warnings counted per code (the full list is in the report and the JSON).
  for (const auto& line : viz::warning_summary_lines(a, lang)) fmt::print(stderr, "compare: warnings: {}\n", line);
  return 0;
}

}  // namespace heattwin::app
