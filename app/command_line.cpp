/// \file The declarations of every `heattwin` command and option (app/command_line.hpp), the
/// commands that need neither GDAL nor VTK, and the mapping of errors to exit codes.
/// Each command's work is in app/cmd_<command>.cpp (export: app/export_command.cpp).

#include "app/command_line.hpp"

#include "twin/error.hpp"
#include "twin/log.hpp"

#include <heattwin/version_info.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <exception>
#include <filesystem>
#include <memory>

namespace heattwin::app {

CommandLine::CommandLine() {
  app.set_version_flag("--version", fmt::format("heattwin {} ({})", heattwin::VERSION, heattwin::GIT_SHA));
  app.require_subcommand(1);
  app.add_flag("-v,--verbose", global.verbose, "More log output (debug)");
  app.add_flag("-q,--quiet", global.quiet, "Only warnings and errors on stderr");

  info_cmd = app.add_subcommand("info", "Summarise a twin file (counts, totals, data quality)");
  info_cmd->add_option("twin", info.twin_path, "Twin file (.h5) written by import or generate")->required();
  info_cmd->add_flag("--json", info.json, "Machine-readable JSON on stdout (see CONTRACTS.md)");
  info_cmd->add_flag("--quality", info.quality, "Include the full data-quality report");

  generate_cmd = app.add_subcommand("generate", "Generate a synthetic state-scale twin (seeded, reproducible)");
  generate_cmd
      ->add_option("--seed", generate.seed,
                   "Random seed (0 … 2^64−1); the same seed and count give a byte-identical twin")
      ->capture_default_str()
      ->check(CLI::Validator(
          [](const std::string& value) {
            // CLI11 would turn -1 into 2^64 − 1 (issue 20): a negative seed is a mistake.
            return !value.empty() && value.front() == '-'
                       ? fmt::format("the seed must be a whole number 0 … 2^64−1, got {}", value)
                       : std::string();
          },
          "SEED", "seed"));
  generate_cmd->add_option("--buildings", generate.buildings, "Number of building objects")->capture_default_str();
  generate_cmd->add_option("--out", generate.out, "Twin file to write (.h5)")->required();
  generate_cmd->add_option("--gpkg", generate.gpkg, "Also write the footprints as a GeoPackage (layer 'buildings')");
  generate_cmd->add_option(
      "--municipalities", generate.municipalities,
      "Gemeinden table (CSV: ags,name,kreis_ags,kreis_name,population,area_km2); default: Sachsen-Anhalt");
  generate_cmd->add_option(
      "--boundaries", generate.boundaries,
      "Gemeinde boundaries (GeoJSON with 'ags'); default: Sachsen-Anhalt; 'none' for a seeded layout");

  import_cmd = app.add_subcommand("import",
                                  "Import building footprints (GeoPackage, shapefile, GeoJSON, OSM) or 3D city "
                                  "models (CityGML, CityJSON) into a twin");
  import_cmd
      ->add_option("inputs", import_options.inputs,
                   "Vector files with building footprints, or CityGML/CityJSON files or folders of tiles")
      ->required();
  import_cmd->add_option("--out", import_options.out, "Twin file to write (.h5)")->required();
  import_cmd->add_option("--mapping", import_options.mapping,
                         "TOML attribute mapping (see data/sample/goerlitz_mapping.toml)");
  import_cmd->add_option("--regions", import_options.regions,
                         "Municipality boundaries (polygon layer with an AGS field)");
  import_cmd->add_option("--regions-ags-field", import_options.regions_ags_field, "AGS field of the region layer")
      ->capture_default_str();
  import_cmd->add_option(
      "--municipalities", import_options.municipalities,
      "Gemeinden table (CSV) naming municipalities and Kreise, e.g. data/regions/sachsen_anhalt_municipalities.csv");
  import_cmd->add_option("--zensus-construction-years", import_options.zensus_construction_years,
                         "Zensus 2022 100 m grid table 'Gebäude nach Baujahr' (semicolon CSV, GITTER_ID_100m, Vor1919 "
                         "… a2020undspaeter): unknown years of construction from the building's cell");
  import_cmd
      ->add_option("--crs", import_options.crs, "CRS of the twin (also of CityGML/CityJSON geometry that names no CRS)")
      ->capture_default_str();
  import_cmd->add_option("--streets", import_options.streets,
                         "Street lines for network routing (GeoPackage, GeoJSON, OSM; OSM highway types of "
                         "docs/NETWORKS.md), reprojected to the twin CRS");
  import_cmd->add_option("--network", import_options.network,
                         "District-heating network lines (GeoJSON, GeoPackage; fields in docs/NETWORKS.md)");
  import_cmd->add_option("--network-name", import_options.network_name,
                         "Name of the imported network (default: file stem)");
  import_cmd
      ->add_option("--snap-tolerance", import_options.snap_tolerance_m,
                   "Network line ends closer than this are one junction (m)")
      ->capture_default_str();
  import_cmd
      ->add_option("--consumer-distance", import_options.consumer_distance_m,
                   "Network line ends with one pipe become consumers of a building centroid within this distance (m)")
      ->capture_default_str();
  import_cmd
      ->add_option("--network-source", import_options.network_source,
                   "Plant position x y in the twin CRS (default: the line with source = 1)")
      ->expected(2);
  import_cmd->add_option("--report", import_options.report,
                         "Data-quality report path (.json; a .txt is written beside it); default <out>_quality.json");

  demo_cmd = app.add_subcommand(
      "demo",
      "Import the shipped real sample, compute its heat demand and a district-heating network for its densest area");
  demo_cmd->add_option("--out", demo_out, "Output folder")->capture_default_str();

  run_cmd = app.add_subcommand(
      "run",
      "Compute a scenario into a results file: the heat demand of one year ([run] year), or a heat plan "
      "([run] years: base year + target years with refurbishment, individual supply, networks and their plants, "
      "supply areas; docs/SCENARIOS.md)");
  run_cmd
      ->add_option("scenario", run_scenario_path,
                   "Scenario file (TOML; data/scenarios/demo_demand.toml: one year, heat_plan_base.toml: a heat plan)")
      ->required();
  run_cmd->add_flag("--json", run_json, "Summary as JSON on stdout");
  run_cmd->add_flag("--check", run_check, "Only validate the scenario file and that its inputs exist");
  run_cmd->add_option("--set", run_set,
                      "Override a scenario value: <dotted.key>=<TOML value>, e.g. demand.heating_setpoint_c=21 or "
                      "refurbishment.rate_per_year=0.02 (repeatable; checked like the file's own values; relative "
                      "paths are relative to the scenario file)");
  run_cmd->add_option("--out", run_out,
                      "Results file instead of the scenario's [run] out (relative to the current folder)");
  run_cmd->add_option("--region", run_region,
                      "Compute only this region of the twin: a municipality's 8-digit AGS or a Kreis's 5-digit key "
                      "(sets [run] municipalities)");
  run_cmd->add_flag("--strict", run_strict,
                    "Exit 1 if the run has warnings (network velocity above the design limit, consumer-hours below "
                    "the minimum supply temperature, unmet load, WPG §29/§31 network targets missed, biomass or "
                    "hydrogen potential exceeded; docs/SUPPLY.md). Warnings always go to stderr, the summary JSON "
                    "and the results file");

  scenario_keys_cmd = app.add_subcommand(
      "scenario-keys", "Print the scenario file's keys (type, unit, default, range, meaning) from the schema in code");
  scenario_keys_cmd->add_option("--write", scenario_keys.write,
                                "Replace the generated key table of this Markdown file (docs/SCENARIOS.md)");

  sweep_cmd = app.add_subcommand(
      "sweep",
      "Run a scenario many times over a design of experiments (grid, Latin hypercube, Saltelli): run table, "
      "Sobol indices with bootstrap intervals, resume after a kill, MPI ranks under mpirun (docs/SWEEPS.md)");
  sweep_cmd->add_option("sweep", sweep.sweep_path, "Sweep file (TOML; data/sweeps/demo_price_cop_sobol.toml)")
      ->required();
  sweep_cmd->add_flag("--dry-run", sweep.dry_run, "Print the design and the runtime estimate, run nothing");
  sweep_cmd->add_flag("--resume", sweep.resume, "Continue an interrupted sweep from its journal (<out>.journal)");
  sweep_cmd->add_option("--threads", sweep.threads, "Local worker threads (default: the machine's cores)");
  sweep_cmd->add_option("--lang", sweep.lang, "Run-table CSV: de (';', decimal comma) or en")
      ->check(CLI::IsMember({"de", "en"}))
      ->capture_default_str();

  export_cmd =
      app.add_subcommand("export", "Write every year (or one --year) of a results file as files for other tools");
  export_cmd->add_option("results", export_options.results_path, "Results file (.h5) written by `heattwin run`")
      ->required();
  export_cmd
      ->add_option("--format", export_options.formats,
                   fmt::format("One or more of: {}, all", fmt::join(export_format_names(), ", ")))
      ->required();
  export_cmd->add_option("--out", export_options.out_dir, "Output folder")->required();
  export_cmd->add_option("--twin", export_options.twin_path,
                         "Twin file (default: the twin named in the results' /meta)");
  export_cmd->add_option("--scenario", export_options.scenario, "Scenario (default: the first in the file)");
  export_cmd->add_option("--year", export_options.year, "Only this year (default: every year of the scenario)");
  export_cmd->add_option("--lang", export_options.lang, "report: de (German, the default) or en")
      ->capture_default_str()
      ->check(CLI::IsMember({"de", "en"}));
  export_cmd
      ->add_option("--privacy-min-buildings", export_options.privacy_min_buildings,
                   "gpkg, png: withhold the values of cells and street segments with fewer buildings")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  export_cmd
      ->add_option("--street-max-distance", export_options.street_max_distance_m,
                   "gpkg: buildings farther than this (m) from every street segment count towards none")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  export_cmd->add_option("--region", export_options.region,
                         "report: only the heat plans of this municipality (8-digit AGS) or Kreis (5-digit key)");
  export_cmd->add_flag("--with-buildings", export_options.gpkg_buildings,
                       "gpkg: also a buildings layer with per-building results (not for publication)");

  compare_cmd = app.add_subcommand(
      "compare",
      "Indicators per municipality and Kreis of a results file (heat, final energy, CO2, supply areas, networks, "
      "LCOH, investment; rankings, outliers, state totals, the run's warnings per kind), or the differences between "
      "two results files (scenario A vs B)");
  compare_cmd->add_option("results", compare.results_a, "Results file (.h5) written by `heattwin run` (A)")->required();
  compare_cmd->add_option("other", compare.results_b, "Second results file (B): differences B − A per region");
  compare_cmd->add_option("--out", compare.out_dir,
                          "Folder for municipalities.csv, kreise.csv, state.csv, report.html (and differences.csv)");
  compare_cmd->add_flag("--json", compare.json, "Everything as JSON on stdout");
  compare_cmd->add_flag("--gpkg", compare.gpkg,
                        "Also regions.gpkg in --out: A's indicators on municipality and Kreis polygons");
  compare_cmd
      ->add_option("--lang", compare.lang,
                   "de: ';' and decimal comma, German headers and words; en: ',' and decimal point, English words in "
                   "the report, keys as CSV headers")
      ->capture_default_str()
      ->check(CLI::IsMember({"de", "en"}));
  compare_cmd->add_option("--twin", compare.twin_path,
                          "Twin file (default: the twin named in each results file's /meta)");
  compare_cmd->add_option("--scenario", compare.scenario, "Scenario (default: the first in each file)");
  compare_cmd->add_option("--statistics", compare.statistics_path,
                          "Official statistics for the plausibility check (key,value,unit,year,source CSV; default: "
                          "the shipped Sachsen-Anhalt figures)");
  compare_cmd
      ->add_option("--privacy-min-buildings", compare.privacy_min_buildings,
                   "Withhold the values of regions with fewer computed buildings")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);

  report_cmd = app.add_subcommand(
      "report",
      "The heat plan report (WPG §23, Anlage 2): one self-contained HTML document per municipality covering every "
      "year of a results file (Bestandsanalyse, Potenzialanalyse, Zielszenario, Wärmeversorgungsgebiete, "
      "Umsetzungsstrategie), German by default, and the Bestandsanalyse per 100 m cell and building block as "
      "<report>_bestand.csv; with several files, or a file with several scenarios, the scenarios side by side "
      "(docs/HEAT_PLAN.md)");
  report_cmd
      ->add_option("results", report_options.results,
                   "Results file(s) of `heattwin run` with [run] years; further files are compared with the first")
      ->required();
  report_cmd->add_option("--out", report_options.out_dir, "Output folder")->capture_default_str();
  report_cmd->add_option("--lang", report_options.lang, "de (German number format, WPG terms) or en")
      ->capture_default_str()
      ->check(CLI::IsMember({"de", "en"}));
  report_cmd->add_flag("--pdf", report_options.pdf, "Also print each document to PDF with headless Chromium");
  report_cmd->add_option("--chromium", report_options.chromium, "Chromium used for --pdf")->capture_default_str();
  report_cmd->add_option("--twin", report_options.twin_path,
                         "Twin file (default: the twin named in each results file's /meta)");
  report_cmd->add_option("--municipality", report_options.municipality,
                         "Only this municipality (8-digit AGS; default: every one with computed buildings)");
  report_cmd
      ->add_option("--privacy-min-buildings", report_options.privacy_min_buildings,
                   "Withhold map cells with fewer computed buildings")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);

  validate_cmd = app.add_subcommand("validate", "Run a solver on a reference case and print its results");
  validate_cmd->require_subcommand(1);
  validate_network_cmd = validate_cmd->add_subcommand(
      "network",
      "Solve a pipe-network case: a folder in the flat CSV format (junctions.csv, pipes.csv, ext_grids.csv, …) or an "
      "EPANET .inp file (its network at time 0)");
  validate_network_cmd->add_option("case", validate_network.case_folder, "Case folder")->required();
  validate_network_cmd->add_option("--friction", validate_network.friction,
                                   "colebrook | nikuradse | swamee-jain (default: from the folder name, _N → "
                                   "nikuradse, _PC → colebrook; else colebrook)");
  validate_network_cmd
      ->add_option("--thermal", validate_network.thermal,
                   "Pipe temperature model: exact (the exponential solution of each pipe, as pandapipes) | sections "
                   "(the case's section count, upwind: for finite-volume references)")
      ->capture_default_str();
  validate_network_cmd->add_flag("--json", validate_network.json, "Machine-readable JSON on stdout (see CONTRACTS.md)");

  validate_bestest_cmd = validate_cmd->add_subcommand(
      "bestest", "Run an ASHRAE 140 / BESTEST case of a cases.json through the hourly 5R1C model");
  validate_bestest_cmd
      ->add_option("cases", validate_bestest.cases_json, "cases.json (layout: data/reference/bestest/SPEC.md)")
      ->required();
  validate_bestest_cmd->add_option("--case", validate_bestest.case_id, "Case id, e.g. 600 or 900FF")->required();
  validate_bestest_cmd->add_option("--spec", validate_bestest.spec, "Spec version key of the file (weather and ranges)")
      ->capture_default_str();
  validate_bestest_cmd->add_flag("--json", validate_bestest.json, "Machine-readable JSON on stdout (see CONTRACTS.md)");
}

std::optional<int> parse_command_line(CommandLine& cli, int argc, char** argv) {
  try {
    cli.app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = cli.app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return std::nullopt;
}

void setup_logging(const GlobalOptions& g) {
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  auto log = std::make_shared<spdlog::logger>("heattwin", sink);
  log->set_pattern("%^[%l]%$ %v");
  log->set_level(g.quiet ? spdlog::level::warn : g.verbose > 0 ? spdlog::level::debug : spdlog::level::info);
  spdlog::set_default_logger(log);
  spdlog::set_level(log->level());
}

bool is_light_command(const CommandLine& cli) {
  return cli.scenario_keys_cmd->parsed() || cli.validate_network_cmd->parsed();
}

std::optional<int> run_light_command(const CommandLine& cli) {
  if (cli.scenario_keys_cmd->parsed()) return run_scenario_keys(cli.scenario_keys);
  if (cli.validate_network_cmd->parsed()) return run_validate_network(cli.validate_network);
  return std::nullopt;
}

int exit_code_of_current_exception(void (*before_exit)(int)) {
  auto log = heattwin::logger("app");
  const auto done = [&](int code) {
    if (before_exit != nullptr) before_exit(code);
    return code;
  };
  try {
    throw;
  } catch (const heattwin::InputError& e) {
    log->error("{}", e.what());
    return done(2);
  } catch (const heattwin::Error& e) {
    log->error("{}", e.what());
    return done(1);  // the full program: a failed write (full disk) must not crash at exit
  } catch (const std::filesystem::filesystem_error& e) {
    // A path the system cannot resolve (too long, a loop of symbolic links, no permission) is
    // bad input; the message names the path.
    log->error("{}: {} — give an existing, reachable path", e.path1().string(), e.code().message());
    return 2;
  } catch (const std::exception& e) {
    log->error("unexpected error: {}", e.what());
    return done(1);
  }
}

}  // namespace heattwin::app
