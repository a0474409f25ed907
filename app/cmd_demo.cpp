#include "app/cmd_demo.hpp"

#include "app/cmd_import.hpp"
#include "app/cmd_run.hpp"
#include "app/export_command.hpp"
#include "scenarios/demand_run.hpp"
#include "scenarios/demo_scenario.hpp"
#include "twin/atomic_file.hpp"
#include "twin/summary.hpp"
#include "twin/twin.hpp"

#include <fmt/format.h>

#include <filesystem>

namespace heattwin::app {

namespace fs = std::filesystem;
namespace tw = twin;

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
  tw::write_file_atomically(scenario_path, heattwin::scenarios::demo_scenario_toml(scenario_path, data));
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

}  // namespace heattwin::app
