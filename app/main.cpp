/// \file The `heattwin` command line: parses arguments, calls the libraries, prints results.
/// Exit codes (CONTRACTS.md): 0 success, 1 failure of the run, 2 bad input or usage.

#include "app/export_command.hpp"
#include "app/progress_bar.hpp"
#include "scenarios/demand_run.hpp"
#include "solvers/demand/bestest.hpp"
#include "solvers/network/case_report.hpp"
#include "solvers/network/epanet_inp.hpp"
#include "solvers/network/hydraulics.hpp"
#include "solvers/network/network_design.hpp"
#include "twin/error.hpp"
#include "twin/log.hpp"
#include "twin/citygml_reader.hpp"
#include "twin/footprint_import.hpp"
#include "twin/gpkg_export.hpp"
#include "twin/network_import.hpp"
#include "twin/street_import.hpp"
#include "twin/summary.hpp"
#include "twin/data_dir.hpp"
#include "twin/synthetic_state.hpp"
#include "twin/twin_store.hpp"

#include <heattwin/version_info.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

using heattwin::app::ProgressBar;
namespace fs = std::filesystem;
namespace tw = heattwin::twin;

struct GlobalOptions {
  int verbose = 0;
  bool quiet = false;
};

void setup_logging(const GlobalOptions& g) {
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  auto log = std::make_shared<spdlog::logger>("heattwin", sink);
  log->set_pattern("%^[%l]%$ %v");
  log->set_level(g.quiet ? spdlog::level::warn : g.verbose > 0 ? spdlog::level::debug : spdlog::level::info);
  spdlog::set_default_logger(log);
  spdlog::set_level(log->level());
}

/// Writes text to a file atomically (temporary + rename).
void write_text_file(const std::string& path, const std::string& text) {
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary);
    HEATTWIN_CHECK_AS(heattwin::IoError, out.good(), "{}: cannot write the file", path);
    out << text;
    HEATTWIN_CHECK_AS(heattwin::IoError, out.good(), "{}: writing failed", path);
  }
  std::error_code ec;
  fs::rename(temp, path, ec);
  HEATTWIN_CHECK_AS(heattwin::IoError, !ec, "{}: cannot move the file into place ({})", path, ec.message());
}

// ---------------------------------------------------------------- info
struct InfoOptions {
  std::string twin_path;
  bool json = false;
  bool quality = false;
};

int run_info(const InfoOptions& o) {
  const tw::Twin twin = tw::load_twin(o.twin_path);
  if (o.json) {
    auto j = tw::twin_summary_json(twin);
    if (o.quality) j["data_quality_report"] = tw::data_quality_report_json(twin);
    fmt::print("{}\n", j.dump(2));
  } else {
    fmt::print("{}", tw::twin_summary_text(twin));
    if (o.quality) fmt::print("\n{}", tw::data_quality_report_text(twin));
  }
  return 0;
}

// ---------------------------------------------------------------- generate
struct GenerateOptions {
  std::uint64_t seed = 1;
  std::int64_t buildings = 1'200'000;
  std::string out;
  std::string municipalities;
  std::string boundaries;
  std::string gpkg;
};

int run_generate(const GenerateOptions& o, const GlobalOptions& g) {
  HEATTWIN_CHECK(o.buildings > 0, "--buildings must be positive (got {})", o.buildings);
  auto log = heattwin::logger("app");
  const auto start = std::chrono::steady_clock::now();
  tw::SyntheticStateOptions options;
  options.seed = o.seed;
  options.building_count = static_cast<std::size_t>(o.buildings);
  options.municipality_table = o.municipalities;
  options.boundaries = o.boundaries;
  ProgressBar bar("generate", !g.quiet && heattwin::app::stderr_is_terminal());
  options.progress = [&bar](std::size_t done, std::size_t total) { bar.update(done, total); };
  tw::Twin twin = tw::generate_synthetic_state(options);
  bar.finish();
  tw::save_twin(twin, o.out);
  if (!o.gpkg.empty()) {
    ProgressBar gpkg_bar("footprints", !g.quiet && heattwin::app::stderr_is_terminal());
    tw::GpkgExportOptions gpkg_options;
    gpkg_options.progress = [&gpkg_bar](std::size_t done, std::size_t total) { gpkg_bar.update(done, total); };
    tw::export_footprints_gpkg(twin, o.gpkg, gpkg_options);
    gpkg_bar.finish();
    log->info("wrote {} footprints to {} (layer 'buildings'; import it with data/statistics/synthetic_mapping.toml)",
              twin.buildings.size(), o.gpkg);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  log->info("generated {} buildings in {} municipalities in {:.1f} s → {}", twin.buildings.size(),
            twin.regions.municipalities.size(), seconds, o.out);
  return 0;
}

/// The shipped data (typology, weather, samples): HEATTWIN_DATA_DIR, the installed
/// <prefix>/share/heattwin or the source tree's data/ (twin/data_dir.hpp).
std::string data_dir() { return tw::default_data_dir(); }

// ---------------------------------------------------------------- import
struct ImportOptions {
  std::vector<std::string> inputs;
  std::string out;
  std::string mapping;
  std::string regions;
  std::string regions_ags_field = "ags";
  std::string municipalities;
  std::string crs = tw::DEFAULT_TWIN_CRS;
  std::string report;
  std::vector<std::string> streets;
  std::string network;
  std::string network_name;
  double snap_tolerance_m = 1.0;
  double consumer_distance_m = 30.0;
  std::vector<double> network_source;  // x, y in the twin CRS
};

/// The options every importer shares, from the command line.
template <class ImporterOptions>
void set_common_import_options(ImporterOptions& options, const ImportOptions& o, ProgressBar& bar) {
  options.inputs = o.inputs;
  options.regions = o.regions;
  options.regions_ags_field = o.regions_ags_field;
  options.municipality_table = o.municipalities;
  options.twin_crs = o.crs;
  // Unknown envelope values (U values, windows, air change) from the shipped typology tables.
  options.imputation.typology_tables_dir = data_dir() + "/typology";
  options.progress = [&bar](std::size_t done, std::size_t total) { bar.update(done, total); };
}

/// A CityGML (.gml/.citygml/.xml) or CityJSON (.city.json, .city.jsonl, .json/.jsonl with CityJSON
/// content) file, or a directory of such files (tiles).
bool is_citygml(const std::string& path) { return tw::is_citygml_path(path); }

/// Imports, writes the twin and the data-quality report; returns the twin.
tw::Twin import_to_twin(const ImportOptions& o, const GlobalOptions& g) {
  auto log = heattwin::logger("app");
  std::size_t citygml_inputs = 0;
  for (const auto& input : o.inputs) {
    HEATTWIN_CHECK(fs::exists(input), "{}: the file does not exist", input);
    citygml_inputs += is_citygml(input) ? 1 : 0;
  }
  ProgressBar bar("import", !g.quiet && heattwin::app::stderr_is_terminal());
  tw::ImportReport report;
  tw::Twin twin;
  if (citygml_inputs > 0) {
    // CityGML or CityJSON (LoD1/LoD2): geometry without srsName/referenceSystem is taken to be in --crs.
    HEATTWIN_CHECK(citygml_inputs == o.inputs.size(),
                   "give either CityGML/CityJSON files/directories or vector files, not both ({} of {} inputs are "
                   "CityGML/CityJSON)",
                   citygml_inputs, o.inputs.size());
    HEATTWIN_CHECK(o.mapping.empty(),
                   "--mapping applies to vector files; CityGML/CityJSON attributes (function, yearOfConstruction, "
                   "measuredHeight, storeysAboveGround) are read directly");
    tw::CityGmlImportOptions options;
    set_common_import_options(options, o, bar);
    twin = tw::import_citygml(options, &report);
  } else {
    tw::FootprintImportOptions options;
    set_common_import_options(options, o, bar);
    if (!o.mapping.empty()) options.mapping = tw::load_attribute_mapping(o.mapping);
    twin = tw::import_footprints(options, &report);
  }
  bar.finish();
  for (const auto& streets : o.streets) {
    // Street lines for network routing (docs/NETWORKS.md): OSM highway=* filtered, split into segments.
    tw::StreetImportOptions street_options;
    street_options.twin_crs = twin.crs;
    const tw::StreetImportReport sr = tw::import_streets(streets, street_options, twin.streets);
    log->info("{}: {} street segments ({:.1f} km) from {} of {} features ({} other highway types, {} not lines, {} "
              "zero-length pieces dropped)",
              streets, sr.segments, sr.length_m / 1000.0, sr.lines_used, sr.features_read, sr.skipped_highway_type,
              sr.skipped_not_a_line, sr.skipped_degenerate);
  }
  if (!o.network.empty()) {
    // District-heating network lines (docs/NETWORKS.md); DN → inner diameter and heat-loss
    // coefficient from the EN 253 series of solvers/network.
    namespace net = heattwin::solvers::network;
    tw::NetworkImportOptions network_options;
    network_options.twin_crs = twin.crs;
    network_options.name = o.network_name.empty() ? fs::path(o.network).stem().string() : o.network_name;
    network_options.snap_tolerance_m = o.snap_tolerance_m;
    network_options.consumer_distance_m = o.consumer_distance_m;
    if (!o.network_source.empty()) {
      HEATTWIN_CHECK(o.network_source.size() == 2, "--network-source needs two numbers: x y in the twin CRS");
      network_options.source_x_m = o.network_source[0];
      network_options.source_y_m = o.network_source[1];
    }
    const net::NetworkDesignOptions design_defaults;
    for (const auto& size : net::en253_pipe_sizes()) {
      network_options.dn_inner_diameter_m.emplace_back(size.dn, size.inner_diameter_m);
      network_options.dn_heat_loss_w_per_mk.emplace_back(size.dn, net::buried_pipe_heat_loss_w_per_mk(size, design_defaults));
    }
    const tw::NetworkImportReport nr = tw::import_network(o.network, network_options, twin.buildings, twin.networks);
    log->info("{}: network '{}' with {} pipes ({:.2f} km), {} junctions, {} consumers ({} named by attribute, {} by "
              "distance; {} line ends without a building); defaults: {} ids, {} diameters (DN {}), {} heat-loss "
              "coefficients",
              o.network, network_options.name, nr.pipes, nr.length_m / 1000.0, nr.junctions, nr.consumers,
              nr.consumers_by_attribute, nr.consumers_by_distance, nr.leaves_without_building, nr.default_id,
              nr.default_diameter, network_options.default_dn, nr.default_heat_loss);
  }
  tw::save_twin(twin, o.out);
  const std::string report_base = o.report.empty() ? (fs::path(o.out).replace_extension("").string() + "_quality") :
                                                      fs::path(o.report).replace_extension("").string();
  auto quality = tw::data_quality_report_json(twin);
  quality["import"] = {{"features_read", report.features_read},
                       {"buildings", report.buildings},
                       {"skipped", report.skipped},
                       {"skipped_examples", report.examples},
                       {"without_municipality", report.without_municipality}};
  write_text_file(report_base + ".json", quality.dump(2) + "\n");
  write_text_file(report_base + ".txt", tw::data_quality_report_text(twin));
  log->info("imported {} buildings ({} features read) → {}; data-quality report {}.json/.txt", twin.buildings.size(),
            report.features_read, o.out, report_base);
  return twin;
}

// ---------------------------------------------------------------- demo
void print_demand_summary(const heattwin::scenarios::DemandScenario& scenario,
                          const heattwin::scenarios::DemandSummary& r, bool json) {
  if (json) {
    nlohmann::ordered_json j;
    j["scenario"] = scenario.source;
    j["results"] = scenario.out_path;
    j["buildings"] = {{"in_twin", r.buildings_in_twin}, {"computed", r.buildings_computed},
                      {"unheated", r.skipped_unheated}, {"without_envelope", r.skipped_no_envelope},
                      {"envelope_from_typology", r.enriched_from_typology},
                      {"opaque_conductance_capped", r.capped_opaque_conductance}};
    j["heating_mwh"] = r.heating_mwh;
    j["cooling_mwh"] = r.cooling_mwh;
    j["hot_water_mwh"] = r.hot_water_mwh;
    if (r.calibrated_buildings > 0) {
      j["calibration"] = {{"buildings", r.calibrated_buildings},
                          {"ratio_p10", r.calibration_ratio_p10},
                          {"ratio_p25", r.calibration_ratio_p25},
                          {"ratio_median", r.calibration_ratio_median},
                          {"ratio_p75", r.calibration_ratio_p75},
                          {"ratio_p90", r.calibration_ratio_p90}};
    }
    j["method"] = r.method;
    if (std::isfinite(r.peak_heating_mw)) j["peak_heating_mw"] = r.peak_heating_mw;
    j["heated_floor_area_m2"] = r.heated_floor_area_m2;
    j["heating_mwh_by_use"] = r.heating_mwh_by_use;
    nlohmann::ordered_json by_age;
    for (const auto& [age, mwh] : r.heating_mwh_by_age_class) by_age[std::to_string(age)] = mwh;
    j["heating_mwh_by_age_class"] = by_age;
    if (r.network) {
      const auto& n = *r.network;
      j["network"] = {{"name", n.name},
                      {"routing", n.routing},
                      {"designed", n.designed},
                      {"stored_in_twin", n.stored_in_twin},
                      {"densest_cell", n.densest_cell},
                      {"densest_cell_mwh_per_ha", n.densest_cell_mwh_per_ha},
                      {"buildings_in_area", n.candidates},
                      {"consumers", n.consumers},
                      {"consumers_pruned", n.consumers_pruned},
                      {"consumers_without_demand", n.consumers_without_demand},
                      {"pipes", n.pipes},
                      {"junctions", n.junctions},
                      {"route_length_m", n.route_length_m},
                      {"street_length_m", n.street_length_m},
                      {"house_connection_length_m", n.house_connection_length_m},
                      {"heat_line_density_mwh_per_ma", n.heat_line_density_mwh_per_ma},
                      {"undersized_pipes", n.undersized_pipes},
                      {"plant_heat_mwh", n.plant_heat_mwh},
                      {"delivered_mwh", n.delivered_mwh},
                      {"heat_loss_mwh", n.heat_loss_mwh},
                      {"heat_loss_share", n.heat_loss_share},
                      {"pump_energy_mwh", n.pump_energy_mwh},
                      {"peak_plant_heat_kw", n.peak_plant_heat_kw},
                      {"energy_balance_error_mwh", n.energy_balance_error_mwh},
                      {"max_velocity_m_per_s", n.max_velocity_m_per_s},
                      {"unconverged_hours", n.unconverged_hours},
                      {"consumer_hours_below_min_supply", n.consumer_hours_below_min_supply},
                      {"seconds", n.seconds}};
    }
    nlohmann::ordered_json years = nlohmann::ordered_json::array();
    for (const auto& y : r.years) {
      nlohmann::ordered_json e;
      e["year"] = y.year;
      e["refurbished_buildings"] = y.refurbished_buildings;
      e["refurbished_envelope_changed"] = y.refurbished_envelope_changed;
      e["buildings_computed"] = y.buildings_computed;
      e["heating_mwh"] = y.heating_mwh;
      e["hot_water_mwh"] = y.hot_water_mwh;
      e["cooling_mwh"] = y.cooling_mwh;
      if (std::isfinite(y.peak_heating_mw)) e["peak_heating_mw"] = y.peak_heating_mw;
      e["heated_floor_area_m2"] = y.heated_floor_area_m2;
      e["final_energy_mwh"] = y.final_energy_mwh;
      e["final_energy_mwh_by_carrier"] = y.final_energy_mwh_by_carrier;
      e["co2_t"] = y.co2_t;
      e["supply_replaced"] = y.supply_replaced;
      e["supply_switched_for_potentials"] = y.supply_switched_for_potentials;
      e["network_supplied_buildings"] = y.network_supplied_buildings;
      e["biomass_above_potential_mwh"] = y.biomass_above_potential_mwh;
      e["hydrogen_above_potential_mwh"] = y.hydrogen_above_potential_mwh;
      e["buildings_by_supply_option"] = y.buildings_by_option;
      e["supply_areas_by_type"] = y.supply_areas_by_type;
      if (y.network) {
        const auto& n = *y.network;
        nlohmann::ordered_json plants;
        for (const auto& [id, mwh] : n.plant_heat_mwh_by_plant) plants[id] = mwh;
        e["network"] = {{"renewable_share", n.renewable_share},
                        {"wpg_target_share", n.wpg_target_share},
                        {"meets_wpg_target", n.meets_wpg_target},
                        {"plant_heat_mwh", n.plant_heat_mwh},
                        {"heat_sold_mwh", n.heat_sold_mwh},
                        {"unmet_mwh", n.unmet_mwh},
                        {"lcoh_eur_per_mwh", n.lcoh_eur_per_mwh},
                        {"co2_t", n.co2_t},
                        {"co2_g_per_kwh", n.co2_g_per_kwh},
                        {"plant_heat_mwh_by_plant", plants}};
      }
      e["hourly_grid"] = y.hourly_grid;
      years.push_back(e);
    }
    j["years"] = years;
    {
      const auto& es = r.existing_systems;
      j["existing_heating_systems"] = {{"method", es.method},
                                       {"carrier_from_twin", es.from_twin},
                                       {"carrier_imputed", es.imputed},
                                       {"carrier_imputed_by_option", es.imputed_by_option},
                                       {"census_remainder_not_broken_down", es.not_broken_down},
                                       {"no_system_known", es.unknown},
                                       {"install_year_imputed", es.install_years_imputed}};
    }
    j["seconds"] = r.seconds;
    j["seconds_writing"] = r.seconds_writing;
    j["seconds_hashing"] = r.seconds_hashing;
    fmt::print("{}\n", j.dump(1));
    return;
  }
  fmt::print("Heat demand ({}), weather {}\n", r.method, r.weather_site);
  fmt::print("  buildings: {} computed of {} in the twin ({} unheated, {} without envelope values; {} with "
             "envelope values from the typology)\n",
             r.buildings_computed, r.buildings_in_twin, r.skipped_unheated, r.skipped_no_envelope,
             r.enriched_from_typology);
  if (r.capped_opaque_conductance > 0) {
    fmt::print("  note: {} buildings have an envelope far larger than their heated floor area; their opaque "
               "conductance was capped (see docs/DEMAND.md)\n",
               r.capped_opaque_conductance);
  }
  fmt::print("  space heating {:.1f} MWh/a ({:.1f} kWh/m2a on {:.0f} m2), peak {}, cooling {:.1f} MWh/a\n",
             r.heating_mwh, r.heated_floor_area_m2 > 0 ? 1000.0 * r.heating_mwh / r.heated_floor_area_m2 : 0.0,
             r.heated_floor_area_m2,
             std::isfinite(r.peak_heating_mw) ? fmt::format("{:.2f} MW", r.peak_heating_mw) : "n/a (monthly method)",
             r.cooling_mwh);
  fmt::print("  domestic hot water {:.1f} MWh/a ({} residential buildings; TABULA need, BDEW day profile)\n",
             r.hot_water_mwh, r.hot_water_buildings);
  if (r.calibrated_buildings > 0) {
    fmt::print("  metered heat / computed for {} buildings: median {:.2f}, quartiles {:.2f}-{:.2f}, "
               "10-90 % {:.2f}-{:.2f}\n",
               r.calibrated_buildings, r.calibration_ratio_median, r.calibration_ratio_p25, r.calibration_ratio_p75,
               r.calibration_ratio_p10, r.calibration_ratio_p90);
  }
  fmt::print("  by use:");
  for (const auto& [use, mwh] : r.heating_mwh_by_use) fmt::print("  {} {:.1f}", use, mwh);
  fmt::print(" MWh/a\n  by TABULA age class:");
  for (const auto& [age, mwh] : r.heating_mwh_by_age_class) fmt::print("  {} {:.1f}", age, mwh);
  fmt::print(" MWh/a\n");
  if (r.network) {
    const auto& n = *r.network;
    fmt::print("District-heating network '{}' ({}{})\n", n.name, n.designed ? "designed " : "", n.routing);
    if (n.designed) {
      fmt::print("  area: {} heated buildings around the densest 100 m cell {} ({:.0f} MWh/(ha·a)); {} connected, {} "
                 "left out below the minimum heat line density\n",
                 n.candidates, n.densest_cell, n.densest_cell_mwh_per_ha, n.consumers, n.consumers_pruned);
      fmt::print("  route {:.0f} m{}, {} pipes, heat line density {:.2f} MWh/(m·a){}\n", n.route_length_m,
                 n.street_length_m > 0.0 ? fmt::format(" (streets {:.0f} m, house connections {:.0f} m)", n.street_length_m,
                                                       n.house_connection_length_m)
                                         : std::string(),
                 n.pipes,
                 n.heat_line_density_mwh_per_ma,
                 n.undersized_pipes > 0 ? fmt::format(", {} pipes above the limits even at the largest DN", n.undersized_pipes)
                                        : std::string());
    } else {
      fmt::print("  {} consumers, {} pipes, route {:.0f} m, heat line density {:.2f} MWh/(m·a)\n", n.consumers, n.pipes,
                 n.route_length_m, n.heat_line_density_mwh_per_ma);
    }
    fmt::print("  year: plant heat {:.1f} MWh, delivered {:.1f} MWh, losses {:.1f} MWh ({:.1f} %), pump energy {:.2f} MWh, "
               "peak plant heat {:.0f} kW, max velocity {:.2f} m/s\n",
               n.plant_heat_mwh, n.delivered_mwh, n.heat_loss_mwh, 100.0 * n.heat_loss_share, n.pump_energy_mwh,
               n.peak_plant_heat_kw, n.max_velocity_m_per_s);
    fmt::print("  energy balance error {:.2e} MWh; {} hours did not converge; {} consumer-hours below the minimum "
               "supply temperature ({:.1f} s){}\n",
               n.energy_balance_error_mwh, n.unconverged_hours, n.consumer_hours_below_min_supply, n.seconds,
               n.stored_in_twin ? "; stored in the twin" : "");
  }
  {
    const auto& es = r.existing_systems;
    fmt::print("Existing heating systems ({}): {} carriers from the twin, {} imputed from the census shares (", es.method,
               es.from_twin, es.imputed);
    bool first = true;
    for (const auto& [option, count] : es.imputed_by_option) {
      fmt::print("{}{} {}", first ? "" : ", ", option, count);
      first = false;
    }
    fmt::print("), {} without a known system ({} in the census remainder of wood, electricity, coal and others): "
               "the base year gives them the least-cost option; {} installation years imputed\n",
               es.unknown, es.not_broken_down, es.install_years_imputed);
  }
  for (const auto& y : r.years) {
    fmt::print("Supply {} (individual, per building): final energy {:.1f} MWh/a (", y.year, y.final_energy_mwh);
    bool first = true;
    for (const auto& [carrier, mwh] : y.final_energy_mwh_by_carrier) {
      fmt::print("{}{} {:.1f}", first ? "" : ", ", carrier, mwh);
      first = false;
    }
    fmt::print("), CO2 {:.1f} t/a; {} systems replaced;", y.co2_t, y.supply_replaced);
    if (y.network_supplied_buildings > 0) fmt::print(" {} supplied by the network;", y.network_supplied_buildings);
    if (y.supply_switched_for_potentials > 0) {
      fmt::print(" {} moved off biomass/hydrogen by their potentials;", y.supply_switched_for_potentials);
    }
    if (y.biomass_above_potential_mwh > 0.0 || y.hydrogen_above_potential_mwh > 0.0) {
      fmt::print(" still above the potential: biomass {:.1f}, hydrogen {:.1f} MWh/a (kept systems or no "
                 "alternative);",
                 y.biomass_above_potential_mwh, y.hydrogen_above_potential_mwh);
    }
    for (const auto& [option, count] : y.buildings_by_option) fmt::print(" {} {}", option, count);
    fmt::print("; supply areas (100 m cells):");
    for (const auto& [type, count] : y.supply_areas_by_type) fmt::print(" {} {}", type, count);
    fmt::print("\n");
    if (y.network) {
      const auto& n = *y.network;
      fmt::print("Network {}: renewable {:.1f} % (WPG target {:.0f} %: {}), LCOH {:.1f} EUR/MWh, CO2 {:.1f} t/a "
                 "({:.0f} g/kWh), heat sold {:.1f} MWh, unmet {:.2f} MWh;",
                 y.year, 100.0 * n.renewable_share, 100.0 * n.wpg_target_share, n.meets_wpg_target ? "met" : "NOT met",
                 n.lcoh_eur_per_mwh, n.co2_t, n.co2_g_per_kwh, n.heat_sold_mwh, n.unmet_mwh);
      for (const auto& [id, mwh] : n.plant_heat_mwh_by_plant) fmt::print(" {} {:.1f} MWh", id, mwh);
      fmt::print("\n");
    }
    fmt::print("Hourly sums per 100 m cell {}: {}\n", y.year, y.hourly_grid);
  }
  if (r.years.size() > 1) {
    fmt::print("Heat plan {}–{}: refurbishment of the heated stock {}, {}\n", r.years.front().year,
               r.years.back().year, scenario.refurbishment.describe(),
               heattwin::scenarios::refurbishment_order_name(scenario.refurbishment.order));
    fmt::print("  year  refurbished (envelope improved)  space heating MWh/a  kWh/m2a  hot water MWh/a  peak MW\n");
    for (const auto& y : r.years) {
      fmt::print("  {}  {:>11} ({:>4})  {:>19.1f}  {:>7.1f}  {:>15.1f}  {:>7}\n", y.year, y.refurbished_buildings,
                 y.refurbished_envelope_changed, y.heating_mwh,
                 y.heated_floor_area_m2 > 0 ? 1000.0 * y.heating_mwh / y.heated_floor_area_m2 : 0.0, y.hot_water_mwh,
                 std::isfinite(y.peak_heating_mw) ? fmt::format("{:.2f}", y.peak_heating_mw) : "n/a");
    }
  }
  fmt::print("  results: {} ({:.1f} s)\n", scenario.out_path, r.seconds);
}

int run_scenario(const std::string& scenario_path, bool json, bool check_only) {
  const auto scenario = heattwin::scenarios::load_demand_scenario(scenario_path, data_dir());
  if (check_only) {
    for (const auto* input : {&scenario.twin_path, &scenario.weather_path, &scenario.tabula_csv,
                              &scenario.non_residential_csv, &scenario.load_profiles_csv}) {
      HEATTWIN_CHECK(fs::is_regular_file(*input), "{}: input {} does not exist", scenario.source, *input);
    }
    HEATTWIN_CHECK(scenario.use_conditions_json.empty() || fs::is_regular_file(scenario.use_conditions_json),
                   "{}: input {} does not exist", scenario.source, scenario.use_conditions_json);
    fmt::print("{}: valid ({} method; twin {}, weather {}, results {})\n", scenario.source, scenario.method,
               scenario.twin_path, scenario.weather_path, scenario.out_path);
    return 0;
  }
  print_demand_summary(scenario, heattwin::scenarios::run_demand_scenario(scenario), json);
  return 0;
}


int run_demo(const std::string& out_dir, const GlobalOptions& g) {
  fs::create_directories(out_dir);
  const std::string data = data_dir();
  ImportOptions o;
  o.inputs = {data + "/sample/goerlitz_lod2_footprints.geojson"};
  o.mapping = data + "/sample/goerlitz_mapping.toml";
  o.out = out_dir + "/twin.h5";
  o.report = out_dir + "/data_quality.json";
  const tw::Twin twin = import_to_twin(o, g);
  fmt::print("HeatTwin demo: official LoD2 footprints of Görlitz (GeoSN, dl-de/by-2-0), imported into a twin\n\n");
  fmt::print("{}\n{}\n", tw::twin_summary_text(twin), tw::data_quality_report_text(twin));
  fmt::print("Wrote:\n  {}  the twin (HDF5; `heattwin info {}`, or h5py)\n", o.out, o.out);
  fmt::print("  {}/data_quality.json and .txt  the data-quality report\n\n", out_dir);
  // The heat demand of the demo twin, as `heattwin run data/scenarios/demo_demand.toml` computes
  // it; the scenario file is written beside the results so that the run can be repeated.
  const std::string scenario_path = out_dir + "/demo_demand.toml";
  write_text_file(scenario_path, fmt::format(R"(# Written by `heattwin demo`: the heat demand of the demo twin, as data/scenarios/demo_demand.toml.
# Re-run with `heattwin run {}`. Paths are relative to this file.
[run]
name = "demo"
year = 2025
twin = "twin.h5"
weather = "{}"
out = "results.h5"

[typology]
refurbishment_state = "existing"

[demand]
heating_setpoint_c = 20.0
night_setback_c = 18.0
cooling = false

# A district-heating network for the densest area (docs/NETWORKS.md): designed, sized, stored in
# the twin and simulated hour by hour. The sample has no streets: the tree spans the buildings.
[network]
design = "densest-area"
name = "densest_area"
radius_m = 150.0
t_supply_c = 80.0
t_return_c = 50.0
min_heat_line_density_mwh_per_ma = 0.7   # below ≈ 0.7 MWh/(m·a) a connection does not pay (rule of thumb, docs/NETWORKS.md)
)", scenario_path, fs::absolute(data + "/weather/TRY2010_04_Jahr.dat").lexically_normal().string()));
  const auto scenario = heattwin::scenarios::load_demand_scenario(scenario_path, data);
  print_demand_summary(scenario, heattwin::scenarios::run_demand_scenario(scenario), false);
  // Every output format of the results, into the same folder.
  heattwin::app::ExportOptions export_options;
  export_options.results_path = out_dir + "/results.h5";
  export_options.formats = {"all"};
  export_options.out_dir = out_dir;
  export_options.twin_path = o.out;
  fmt::print("\nOutputs (`heattwin export {} --format all --out {}`):\n", export_options.results_path, out_dir);
  return heattwin::app::run_export(export_options);
}

// ---------------------------------------------------------------- validate
struct ValidateNetworkOptions {
  std::string case_folder;
  std::string friction;  // empty: from the case folder's name, else colebrook
  std::string thermal = "sections";
  bool json = false;
};

int run_validate_network(const ValidateNetworkOptions& o) {
  namespace net = heattwin::solvers::network;
  if (fs::path(o.case_folder).extension() == ".inp") {
    // An EPANET input file: the network at time 0, Hazen–Williams or Darcy–Weisbach as the file says.
    const net::EpanetCase c = net::read_epanet_inp(o.case_folder);
    net::HydraulicOptions hydraulic;
    hydraulic.friction = c.head_loss == "H-W" ? net::FrictionModel::hazen_williams : net::FrictionModel::colebrook;
    const net::HydraulicState state = net::solve_hydraulics(c.network, hydraulic);
    const std::string text = net::epanet_solution_json(c, state);
    std::fwrite(text.data(), 1, text.size(), stdout);
    if (!state.report.converged) {
      heattwin::logger("app")->error("{}: the hydraulic solve did not converge: {}", o.case_folder, state.report.message);
      return 1;
    }
    return 0;
  }
  net::HydraulicOptions hydraulic;
  if (!o.friction.empty()) {
    const auto model = net::parse_friction_model(o.friction);
    HEATTWIN_CHECK(model.has_value(), "--friction '{}': use colebrook, nikuradse or swamee-jain", o.friction);
    hydraulic.friction = *model;
  } else {
    hydraulic.friction = net::friction_model_of_case(o.case_folder).value_or(net::FrictionModel::colebrook);
  }
  net::ThermalOptions thermal;
  HEATTWIN_CHECK(o.thermal == "sections" || o.thermal == "exact", "--thermal '{}': use sections or exact", o.thermal);
  thermal.pipe_model = o.thermal == "exact" ? net::PipeThermalModel::exact : net::PipeThermalModel::sections;
  const net::FlatCase flat_case = net::read_flat_case(o.case_folder);
  const net::CaseSolution solution = net::solve_case(flat_case, hydraulic, thermal);
  const std::string text =
      o.json ? net::case_solution_json(flat_case, solution) : net::case_solution_text(flat_case, solution);
  std::fwrite(text.data(), 1, text.size(), stdout);
  if (!solution.result.hydraulic.report.converged) {
    heattwin::logger("app")->error("{}: the hydraulic solve did not converge: {}", o.case_folder,
                                   solution.result.hydraulic.report.message);
    return 1;
  }
  return 0;
}

struct ValidateBestestOptions {
  std::string cases_json;
  std::string case_id;
  std::string spec = heattwin::solvers::demand::DEFAULT_BESTEST_SPEC;
  bool json = false;
};

int run_validate_bestest(const ValidateBestestOptions& o) {
  namespace demand = heattwin::solvers::demand;
  const demand::BestestResult r = demand::run_bestest_case(o.cases_json, o.case_id, o.spec);
  if (o.json) {
    nlohmann::ordered_json j;
    j["case"] = r.case_id;
    j["spec"] = r.spec;
    j["annual_heating_mwh"] = r.annual_heating_mwh;
    j["annual_cooling_mwh"] = r.annual_cooling_mwh;
    j["peak_heating_kw"] = r.peak_heating_kw;
    j["peak_cooling_kw"] = r.peak_cooling_kw;
    if (r.free_floating) {
      j["free_float"] = {{"min_c", r.min_air_c}, {"mean_c", r.mean_air_c}, {"max_c", r.max_air_c}};
    }
    j["weather_file"] = r.weather_file;
    j["model"] = {{"floor_area_m2", r.model.floor_area_m2},
                  {"opaque_h_w_per_k", r.model.opaque_h_w_per_k},
                  {"window_h_w_per_k", r.model.window_h_w_per_k},
                  {"ventilation_h_w_per_k", r.model.ventilation_h_w_per_k},
                  {"heat_capacity_j_per_k", r.model.heat_capacity_j_per_k},
                  {"effective_mass_area_m2", r.model.effective_mass_area_m2},
                  {"window_normal_gain_factor", r.model.window_normal_gain_factor},
                  {"annual_window_solar_gain_kwh", r.model.annual_window_solar_gain_kwh}};
    fmt::print("{}\n", j.dump(1));
    return 0;
  }
  fmt::print("BESTEST case {} ({}), weather {}\n", r.case_id, r.spec, r.weather_file);
  fmt::print("  annual heating   {:8.3f} MWh    peak heating {:7.3f} kW\n", r.annual_heating_mwh, r.peak_heating_kw);
  fmt::print("  annual cooling   {:8.3f} MWh    peak cooling {:7.3f} kW\n", r.annual_cooling_mwh, r.peak_cooling_kw);
  fmt::print("  zone air         min {:6.2f}  mean {:6.2f}  max {:6.2f} degC{}\n", r.min_air_c, r.mean_air_c,
             r.max_air_c, r.free_floating ? " (free float)" : "");
  fmt::print("  model: H_op {:.2f} W/K, H_w {:.2f} W/K, H_ve {:.2f} W/K, C_m {:.0f} kJ/K, A_m {:.1f} m2, g(0) {:.3f}, "
             "window solar gain {:.0f} kWh/a\n",
             r.model.opaque_h_w_per_k, r.model.window_h_w_per_k, r.model.ventilation_h_w_per_k,
             r.model.heat_capacity_j_per_k / 1000.0, r.model.effective_mass_area_m2, r.model.window_normal_gain_factor,
             r.model.annual_window_solar_gain_kwh);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"HeatTwin — digital twin for the municipal heat transition", "heattwin"};
  app.set_version_flag("--version", fmt::format("heattwin {} ({})", heattwin::VERSION, heattwin::GIT_SHA));
  app.require_subcommand(1);
  GlobalOptions global;
  app.add_flag("-v,--verbose", global.verbose, "More log output (debug)");
  app.add_flag("-q,--quiet", global.quiet, "Only warnings and errors on stderr");

  InfoOptions info;
  auto* info_cmd = app.add_subcommand("info", "Summarise a twin file (counts, totals, data quality)");
  info_cmd->add_option("twin", info.twin_path, "Twin file (.h5) written by import or generate")->required();
  info_cmd->add_flag("--json", info.json, "Machine-readable JSON on stdout (see CONTRACTS.md)");
  info_cmd->add_flag("--quality", info.quality, "Include the full data-quality report");

  GenerateOptions generate;
  auto* generate_cmd = app.add_subcommand("generate", "Generate a synthetic state-scale twin (seeded, reproducible)");
  generate_cmd->add_option("--seed", generate.seed, "Random seed; the same seed and count give a byte-identical twin")
      ->capture_default_str();
  generate_cmd->add_option("--buildings", generate.buildings, "Number of building objects")->capture_default_str();
  generate_cmd->add_option("--out", generate.out, "Twin file to write (.h5)")->required();
  generate_cmd->add_option("--gpkg", generate.gpkg, "Also write the footprints as a GeoPackage (layer 'buildings')");
  generate_cmd->add_option("--municipalities", generate.municipalities,
                           "Gemeinden table (CSV: ags,name,kreis_ags,kreis_name,population,area_km2); default: Sachsen-Anhalt");
  generate_cmd->add_option("--boundaries", generate.boundaries,
                           "Gemeinde boundaries (GeoJSON with 'ags'); default: Sachsen-Anhalt; 'none' for a seeded layout");

  ImportOptions import_options;
  auto* import_cmd = app.add_subcommand("import",
                                        "Import building footprints (GeoPackage, shapefile, GeoJSON, OSM) or 3D city "
                                        "models (CityGML, CityJSON) into a twin");
  import_cmd
      ->add_option("inputs", import_options.inputs,
                   "Vector files with building footprints, or CityGML/CityJSON files or folders of tiles")
      ->required();
  import_cmd->add_option("--out", import_options.out, "Twin file to write (.h5)")->required();
  import_cmd->add_option("--mapping", import_options.mapping, "TOML attribute mapping (see data/sample/goerlitz_mapping.toml)");
  import_cmd->add_option("--regions", import_options.regions, "Municipality boundaries (polygon layer with an AGS field)");
  import_cmd->add_option("--regions-ags-field", import_options.regions_ags_field, "AGS field of the region layer")
      ->capture_default_str();
  import_cmd->add_option("--municipalities", import_options.municipalities,
                         "Gemeinden table (CSV) naming municipalities and Kreise, e.g. data/regions/sachsen_anhalt_municipalities.csv");
  import_cmd
      ->add_option("--crs", import_options.crs, "CRS of the twin (also of CityGML/CityJSON geometry that names no CRS)")
      ->capture_default_str();
  import_cmd->add_option("--streets", import_options.streets,
                         "Street lines for network routing (GeoPackage, GeoJSON, OSM; OSM highway types of "
                         "docs/NETWORKS.md), reprojected to the twin CRS");
  import_cmd->add_option("--network", import_options.network,
                         "District-heating network lines (GeoJSON, GeoPackage; fields in docs/NETWORKS.md)");
  import_cmd->add_option("--network-name", import_options.network_name, "Name of the imported network (default: file stem)");
  import_cmd->add_option("--snap-tolerance", import_options.snap_tolerance_m, "Network line ends closer than this are one junction (m)")
      ->capture_default_str();
  import_cmd->add_option("--consumer-distance", import_options.consumer_distance_m,
                         "Network line ends with one pipe become consumers of a building centroid within this distance (m)")
      ->capture_default_str();
  import_cmd->add_option("--network-source", import_options.network_source,
                         "Plant position x y in the twin CRS (default: the line with source = 1)")
      ->expected(2);
  import_cmd->add_option("--report", import_options.report,
                         "Data-quality report path (.json; a .txt is written beside it); default <out>_quality.json");

  std::string demo_out = "out/demo";
  auto* demo_cmd = app.add_subcommand(
      "demo", "Import the shipped real sample, compute its heat demand and a district-heating network for its densest area");
  demo_cmd->add_option("--out", demo_out, "Output folder")->capture_default_str();

  std::string run_scenario_path;
  bool run_json = false;
  auto* run_cmd = app.add_subcommand("run", "Compute a scenario into a results file: the heat demand of one year ([run] year), or a heat plan "
      "([run] years: base year + target years with refurbishment, individual supply, networks and their plants, "
      "supply areas; docs/SCENARIOS.md)");
  run_cmd->add_option("scenario", run_scenario_path, "Scenario file (TOML; data/scenarios/demo_demand.toml: one year, heat_plan_base.toml: a heat plan)")->required();
  run_cmd->add_flag("--json", run_json, "Summary as JSON on stdout");
  bool run_check = false;
  run_cmd->add_flag("--check", run_check, "Only validate the scenario file and that its inputs exist");

  heattwin::app::ExportOptions export_options;
  auto* export_cmd = app.add_subcommand("export", "Write one scenario/year of a results file as files for other tools");
  export_cmd->add_option("results", export_options.results_path, "Results file (.h5) written by `heattwin run`")->required();
  export_cmd
      ->add_option("--format", export_options.formats,
                   fmt::format("One or more of: {}, all", fmt::join(heattwin::app::export_format_names(), ", ")))
      ->required();
  export_cmd->add_option("--out", export_options.out_dir, "Output folder")->required();
  export_cmd->add_option("--twin", export_options.twin_path, "Twin file (default: the twin named in the results' /meta)");
  export_cmd->add_option("--scenario", export_options.scenario, "Scenario (default: the first in the file)");
  export_cmd->add_option("--year", export_options.year, "Year (default: the first of the scenario)");
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
  export_cmd->add_flag("--with-buildings", export_options.gpkg_buildings,
                       "gpkg: also a buildings layer with per-building results (not for publication)");

  auto* validate_cmd = app.add_subcommand("validate", "Run a solver on a reference case and print its results");
  validate_cmd->require_subcommand(1);
  ValidateNetworkOptions validate_network;
  auto* validate_network_cmd = validate_cmd->add_subcommand(
      "network",
      "Solve a pipe-network case: a folder in the flat CSV format (junctions.csv, pipes.csv, ext_grids.csv, …) or an "
      "EPANET .inp file (its network at time 0)");
  validate_network_cmd->add_option("case", validate_network.case_folder, "Case folder")->required();
  validate_network_cmd->add_option("--friction", validate_network.friction,
                                   "colebrook | nikuradse | swamee-jain (default: from the folder name, _N → "
                                   "nikuradse, _PC → colebrook; else colebrook)");
  validate_network_cmd->add_option("--thermal", validate_network.thermal,
                                   "Pipe temperature model: sections (the case's section count, upwind) | exact")
      ->capture_default_str();
  validate_network_cmd->add_flag("--json", validate_network.json, "Machine-readable JSON on stdout (see CONTRACTS.md)");

  ValidateBestestOptions validate_bestest;
  auto* validate_bestest_cmd = validate_cmd->add_subcommand(
      "bestest", "Run an ASHRAE 140 / BESTEST case of a cases.json through the hourly 5R1C model");
  validate_bestest_cmd->add_option("cases", validate_bestest.cases_json, "cases.json (layout: data/reference/bestest/SPEC.md)")
      ->required();
  validate_bestest_cmd->add_option("--case", validate_bestest.case_id, "Case id, e.g. 600 or 900FF")->required();
  validate_bestest_cmd->add_option("--spec", validate_bestest.spec, "Spec version key of the file (weather and ranges)")
      ->capture_default_str();
  validate_bestest_cmd->add_flag("--json", validate_bestest.json, "Machine-readable JSON on stdout (see CONTRACTS.md)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  setup_logging(global);
  auto log = heattwin::logger("app");
  try {
    if (info_cmd->parsed()) return run_info(info);
    if (generate_cmd->parsed()) return run_generate(generate, global);
    if (import_cmd->parsed()) {
      import_to_twin(import_options, global);
      return 0;
    }
    if (demo_cmd->parsed()) return run_demo(demo_out, global);
    if (run_cmd->parsed()) return run_scenario(run_scenario_path, run_json, run_check);
    if (export_cmd->parsed()) return heattwin::app::run_export(export_options);
    if (validate_network_cmd->parsed()) return run_validate_network(validate_network);
    if (validate_bestest_cmd->parsed()) return run_validate_bestest(validate_bestest);
  } catch (const heattwin::InputError& e) {
    log->error("{}", e.what());
    return 2;
  } catch (const heattwin::Error& e) {
    log->error("{}", e.what());
    return 1;
  } catch (const std::exception& e) {
    log->error("unexpected error: {}", e.what());
    return 1;
  }
  return 0;
}
