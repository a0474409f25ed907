// Uses the installed HeatTwin libraries the way another program would: generates a small
// synthetic twin, stores and reloads it, computes its heat demand with a scenario, reads the
// results file back and checks that the numbers agree. Exit code 0 = every check passed.
// Usage: heattwin_consumer <work folder>

#include "scenarios/demand_run.hpp"
#include "twin/data_dir.hpp"
#include "twin/error.hpp"
#include "twin/synthetic_state.hpp"
#include "twin/twin_store.hpp"
#include "viz/results_file.hpp"

#include <heattwin/version_info.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

namespace {

int failures = 0;

void check(bool ok, const std::string& what) {
  std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
  if (!ok) ++failures;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: heattwin_consumer <work folder>\n");
    return 2;
  }
  namespace fs = std::filesystem;
  const fs::path work = argv[1];
  fs::create_directories(work);
  const std::string data = HEATTWIN_PACKAGE_DATA_DIR;
  try {
    std::printf("HeatTwin %s (%s), data %s\n", heattwin::VERSION, heattwin::GIT_SHA, data.c_str());
    check(fs::is_regular_file(data + "/regions/sachsen_anhalt_municipalities.csv"), "the package installs its data");

    heattwin::twin::SyntheticStateOptions options;
    options.seed = 7;
    options.building_count = 1500;
    options.municipality_table = data + "/regions/sachsen_anhalt_municipalities.csv";
    const heattwin::twin::Twin twin = heattwin::twin::generate_synthetic_state(options);
    const std::string twin_path = (work / "twin.h5").string();
    heattwin::twin::save_twin(twin, twin_path);
    const heattwin::twin::Twin loaded = heattwin::twin::load_twin(twin_path);
    check(loaded.buildings.size() == 1500, "generated and reloaded 1500 buildings");
    const double area =
        std::accumulate(loaded.buildings.footprint_area_m2.begin(), loaded.buildings.footprint_area_m2.end(), 0.0);
    check(area > 1500 * 20.0, "footprints have a plausible total area");

    const fs::path scenario_path = work / "demand.toml";
    std::ofstream(scenario_path) << "[run]\nname = \"consumer\"\nyear = 2025\ntwin = \"twin.h5\"\n"
                                 << "weather = \"" << data << "/weather/TRY2010_04_Jahr.dat\"\n"
                                 << "out = \"results.h5\"\nmethod = \"monthly\"\n";
    const std::vector<heattwin::scenarios::ScenarioOverride> overrides{{"demand.heating_setpoint_c", "21.0"}};
    const auto scenario = heattwin::scenarios::load_demand_scenario(scenario_path.string(), data, overrides);
    check(scenario.settings.heating_setpoint_c == 21.0, "the override sets the heating set point");
    const auto summary = heattwin::scenarios::run_demand_scenario(scenario);
    check(summary.buildings_computed > 500, "most buildings computed");
    check(summary.heating_mwh > 0.0, "the stock needs heat");

    const auto results = heattwin::viz::read_results(scenario.out_path);
    check(results.buildings.rows() == summary.buildings_computed, "the results file has every computed building");
    const auto& heating = results.buildings.column("annual_heating_kwh");
    const double total_mwh = std::accumulate(heating.begin(), heating.end(), 0.0) / 1000.0;
    check(std::abs(total_mwh - summary.heating_mwh) <= 1e-6 * summary.heating_mwh,
          "per-building heating sums to the run's total");
    check(results.meta.scenario_overrides.size() == 1, "the results record the override");
  } catch (const heattwin::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return failures == 0 ? 0 : 1;
}
