#include "app/cmd_report.hpp"

#include "twin/atomic_file.hpp"
#include "twin/error.hpp"
#include "twin/output_path.hpp"
#include "twin/twin_store.hpp"
#include "viz/heat_plan_report.hpp"
#include "viz/pdf_print.hpp"
#include "viz/results_file.hpp"
#include "viz/results_networks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>

namespace heattwin::app {
namespace {

namespace fs = std::filesystem;

std::string twin_of(const std::string& results, const std::string& given) {
  if (!given.empty()) return given;
  const auto meta = viz::read_results_meta(results);
  const auto it = meta.inputs.find("twin");
  HEATTWIN_CHECK(it != meta.inputs.end(), "{}: /meta/inputs names no twin; pass --twin", results);
  // The run stored the path as it was given, relative to the folder it was started in.
  HEATTWIN_CHECK(fs::exists(it->second),
                 "{}: its twin '{}' (as named by the run, relative to the folder the run was started in) does not "
                 "exist here; run the report from that folder or pass --twin",
                 results, it->second);
  return it->second;
}

/// File-name part of an id: letters, digits, '-' and '_' kept, anything else '_'.
std::string file_part(const std::string& s) {
  std::string out;
  for (const char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_') ? c : '_';
  return out.empty() ? std::string("none") : out;
}

}  // namespace

int run_report(const ReportCommandOptions& o) {
  HEATTWIN_CHECK(!o.results.empty(), "report: no results file given");
  HEATTWIN_CHECK(o.privacy_min_buildings > 0, "report: --privacy-min-buildings must be at least 1");
  viz::HeatPlanOptions options;
  options.lang = viz::parse_lang(o.lang);
  options.privacy_min_buildings = o.privacy_min_buildings;
  options.municipality = o.municipality;
  for (const auto& path : o.results)
    HEATTWIN_CHECK(fs::is_regular_file(path), "report: results file '{}' does not exist", path);

  // Plans of every scenario of every file (a results file may hold several), by AGS; the first is
  // the document's, the others go side by side.
  std::vector<std::vector<viz::HeatPlan>> plans;
  for (const auto& path : o.results) {
    const twin::Twin twin = twin::load_twin(twin_of(path, o.twin_path));
    std::vector<std::string> scenarios;
    for (const auto& [scenario, year] : viz::list_results(path))
      if (std::find(scenarios.begin(), scenarios.end(), scenario) == scenarios.end()) scenarios.push_back(scenario);
    HEATTWIN_CHECK_AS(FileContentError, !scenarios.empty(),
                      "{}: the results file holds no results (no group /results/<scenario>/<year>); run a scenario "
                      "into it (heattwin run)",
                      path);
    for (const auto& scenario : scenarios) {
      viz::HeatPlanOptions file_options = options;
      file_options.scenario = scenario;
      plans.push_back(viz::compute_heat_plans(path, viz::with_network_geometry(twin, path, scenario), file_options));
    }
  }
  const fs::path out(o.out_dir);
  std::error_code ec;
  fs::create_directories(out, ec);
  HEATTWIN_CHECK_AS(IoError, !ec, "{}: cannot create the folder: {}", o.out_dir, ec.message());
  const bool pdf = o.pdf && fs::exists(o.chromium);
  if (o.pdf && !pdf)
    fmt::print(stderr,
               "report: {} not found, so no PDF is printed (HTML only). Install Chromium (scripts/setup does) or "
               "pass --chromium PATH, then open the HTML in a browser and print it.\n",
               o.chromium);
  std::vector<fs::path> inputs(o.results.begin(), o.results.end());
  // One Chromium prints every document (viz/pdf_print.hpp): its start is paid once, and it prints
  // while the next document is computed.
  std::unique_ptr<viz::PdfPrinter> printer;
  if (pdf) printer = std::make_unique<viz::PdfPrinter>(o.chromium);
  std::size_t written = 0;
  for (const viz::HeatPlan& plan : plans.front()) {
    std::vector<const viz::HeatPlan*> side_by_side{&plan};
    std::string stem = fmt::format("heat_plan_{}_{}", file_part(plan.ags), file_part(plan.scenario));
    for (std::size_t f = 1; f < plans.size(); ++f) {
      for (const auto& other : plans[f]) {
        if (other.ags == plan.ags) {
          side_by_side.push_back(&other);
          stem += "_vs_" + file_part(other.scenario);
        }
      }
    }
    const fs::path html_path = out / (stem + ".html");
    // Every cell and block of the Bestandsanalyse as CSV beside the report (the HTML shows the largest).
    const fs::path csv_path = out / (stem + "_bestand.csv");
    twin::check_output_path(html_path, inputs, "--out", twin::OutputKind::any);
    twin::check_output_path(csv_path, inputs, "--out", twin::OutputKind::any);
    viz::HeatPlanOptions plan_options = options;
    plan_options.inventory_csv_name = csv_path.filename().string();
    twin::write_file_atomically(csv_path.string(), viz::area_inventory_csv(plan, options.lang));
    twin::write_file_atomically(html_path.string(), viz::render_heat_plan_html(side_by_side, plan_options));
    fmt::print("  {:<56} {} {}, {} {}\n", html_path.string(), plan.ags.empty() ? std::string("-") : plan.ags, plan.name,
               plan.years.size(), options.lang == viz::Lang::de ? "Jahre" : "years");
    if (pdf) {
      const fs::path pdf_path = out / (stem + ".pdf");
      twin::check_output_path(pdf_path, inputs, "--out", twin::OutputKind::any);
      printer->submit(html_path.string(), pdf_path.string());  // written by finish() at the latest
      fmt::print("  {:<56} PDF\n", pdf_path.string());
    }
    ++written;
  }
  if (printer) printer->finish();
  if (written > 1) fmt::print("report: {} municipalities\n", written);
  return 0;
}

}  // namespace heattwin::app
