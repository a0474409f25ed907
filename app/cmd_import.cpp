#include "app/cmd_import.hpp"

#include "app/progress_bar.hpp"
#include "solvers/network/network_design.hpp"
#include "twin/atomic_file.hpp"
#include "twin/citygml_reader.hpp"
#include "twin/error.hpp"
#include "twin/footprint_import.hpp"
#include "twin/log.hpp"
#include "twin/network_import.hpp"
#include "twin/output_path.hpp"
#include "twin/street_import.hpp"
#include "twin/summary.hpp"
#include "twin/twin_store.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <filesystem>
#include <vector>

namespace heattwin::app {

namespace fs = std::filesystem;
namespace tw = twin;

namespace {

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
  options.imputation.zensus_construction_grid = o.zensus_construction_years;
  options.progress = [&bar](std::size_t done, std::size_t total) { bar.update(done, total); };
}

/// A CityGML (.gml/.citygml/.xml) or CityJSON (.city.json, .city.jsonl, .json/.jsonl with CityJSON
/// content) file, or a directory of such files (tiles).
bool is_citygml(const std::string& path) { return tw::is_citygml_path(path); }

}  // namespace

/// Imports, writes the twin and the data-quality report; returns the twin.
tw::Twin import_to_twin(const ImportOptions& o, const GlobalOptions& g) {
  auto log = heattwin::logger("app");
  std::size_t citygml_inputs = 0;
  for (const auto& input : o.inputs) {
    HEATTWIN_CHECK(fs::exists(input), "{}: the file does not exist", input);
    citygml_inputs += is_citygml(input) ? 1 : 0;
  }
  {
    // Never write over what this import reads (issue 20): the inputs, the mapping, the regions,
    // streets and network files.
    std::vector<fs::path> read{o.inputs.begin(), o.inputs.end()};
    for (const auto* extra : {&o.mapping, &o.regions, &o.municipalities, &o.network, &o.zensus_construction_years})
      read.emplace_back(*extra);
    read.insert(read.end(), o.streets.begin(), o.streets.end());
    tw::check_output_path(o.out, read, "--out", tw::OutputKind::hdf5);
  }
  ProgressBar bar("import", show_progress(g));
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
    log->info(
        "{}: {} street segments ({:.1f} km) from {} of {} features ({} other highway types, {} not lines, {} "
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
      network_options.dn_heat_loss_w_per_mk.emplace_back(size.dn,
                                                         net::buried_pipe_heat_loss_w_per_mk(size, design_defaults));
    }
    const tw::NetworkImportReport nr = tw::import_network(o.network, network_options, twin.buildings, twin.networks);
    log->info(
        "{}: network '{}' with {} pipes ({:.2f} km), {} junctions, {} consumers ({} named by attribute, {} by "
        "distance; {} line ends without a building); defaults: {} ids, {} diameters (DN {}), {} heat-loss "
        "coefficients",
        o.network, network_options.name, nr.pipes, nr.length_m / 1000.0, nr.junctions, nr.consumers,
        nr.consumers_by_attribute, nr.consumers_by_distance, nr.leaves_without_building, nr.default_id,
        nr.default_diameter, network_options.default_dn, nr.default_heat_loss);
  }
  tw::save_twin(twin, o.out);
  const std::string report_base = o.report.empty() ? (fs::path(o.out).replace_extension("").string() + "_quality")
                                                   : fs::path(o.report).replace_extension("").string();
  auto quality = tw::data_quality_report_json(twin);
  quality["import"] = {{"features_read", report.features_read},
                       {"buildings", report.buildings},
                       {"skipped", report.skipped},
                       {"skipped_examples", report.examples},
                       {"without_municipality", report.without_municipality}};
  if (!report.val3dity_errors.empty()) {
    auto& errors = quality["import"]["val3dity_errors"];  // code → buildings with that error
    for (const auto& [code, count] : report.val3dity_errors) errors[std::to_string(code)] = count;
  }
  tw::write_file_atomically(report_base + ".json",
                            quality.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  tw::write_file_atomically(report_base + ".txt", tw::data_quality_report_text(twin));
  log->info("imported {} buildings ({} features read) → {}; data-quality report {}.json/.txt", twin.buildings.size(),
            report.features_read, o.out, report_base);
  return twin;
}

}  // namespace heattwin::app
