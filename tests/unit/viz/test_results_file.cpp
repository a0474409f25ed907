// The results-file reader against files written by the demand scenario run: every dataset the
// writer puts down comes back with its unit, rows agree, /meta records the inputs' hashes, and
// files that are not results (or of another schema) are refused with the file named.
#include "viz/results_file.hpp"

#include "scenarios/demand_run.hpp"
#include "twin/error.hpp"
#include "twin/file_hash.hpp"
#include "twin/h5.hpp"
#include "twin/synthetic_state.hpp"
#include "twin/twin_store.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <numeric>
#include <vector>

namespace fs = std::filesystem;
using namespace heattwin;

namespace {

class ResultsFileTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("heattwin_results_file_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    twin::SyntheticStateOptions options;
    options.building_count = 3000;
    options.seed = 7;
    twin::save_twin(twin::generate_synthetic_state(options), (dir_ / "twin.h5").string());
    std::ofstream(dir_ / "base.toml") << "[run]\nname = \"base\"\nyear = 2030\ntwin = \"twin.h5\"\n"
                                         "weather = \"" HEATTWIN_SOURCE_DATA_DIR
                                         "/weather/TRY2010_04_Jahr.dat\"\n"
                                         "out = \"results.h5\"\nmethod = \"monthly\"\n";
    const auto scenario = scenarios::load_demand_scenario((dir_ / "base.toml").string(), HEATTWIN_SOURCE_DATA_DIR);
    summary_ = scenarios::run_demand_scenario(scenario);
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static std::string path(const char* name) { return (dir_ / name).string(); }

  static inline fs::path dir_;
  static inline scenarios::DemandSummary summary_;
};

TEST_F(ResultsFileTest, ListsTheScenarioAndYear) {
  const auto pairs = viz::list_results(path("results.h5"));
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].first, "base");
  EXPECT_EQ(pairs[0].second, 2030);
}

TEST_F(ResultsFileTest, ReadsTablesWithUnitsAndConsistentRows) {
  const viz::Results r = viz::read_results(path("results.h5"));
  EXPECT_EQ(r.scenario, "base");
  EXPECT_EQ(r.year, 2030);
  EXPECT_EQ(r.method, "EN ISO 13790 monthly");
  EXPECT_EQ(r.meta.schema_version, (std::vector<std::int64_t>{1, 4}));
  EXPECT_EQ(r.twin_crs, "EPSG:25832");
  EXPECT_NE(r.twin_summary_json.find("\"buildings\""), std::string::npos);

  ASSERT_EQ(r.buildings.rows(), summary_.buildings_computed);
  ASSERT_EQ(r.building_twin_index.size(), r.buildings.rows());
  EXPECT_FALSE(r.buildings.has("twin_index"));  // moved into building_twin_index
  const auto& heating = r.buildings.column("annual_heating_kwh");
  EXPECT_EQ(r.buildings.units.at("annual_heating_kwh"), "kWh/a");
  EXPECT_NEAR(std::accumulate(heating.begin(), heating.end(), 0.0) / 1000.0, summary_.heating_mwh,
              1e-9 * summary_.heating_mwh);
  const auto& monthly = r.buildings.matrix("monthly_heating_kwh");
  ASSERT_EQ(monthly.cols, 12u);
  ASSERT_EQ(monthly.rows(), r.buildings.rows());
  double row0 = 0.0;
  for (std::size_t m = 0; m < 12; ++m) row0 += monthly.at(0, m);
  EXPECT_NEAR(row0, heating[0], 1e-9 * heating[0]);

  // Regions and grid hold the same annual total.
  const auto& regional = r.regions.matrix("monthly_heating_kwh");
  EXPECT_NEAR(std::accumulate(regional.values.begin(), regional.values.end(), 0.0) / 1000.0, summary_.heating_mwh,
              1e-9 * summary_.heating_mwh);
  const auto& cells = r.grid.column("annual_heating_kwh");
  EXPECT_EQ(cells.size(), r.grid.rows());
  EXPECT_NEAR(std::accumulate(cells.begin(), cells.end(), 0.0) / 1000.0, summary_.heating_mwh,
              1e-9 * summary_.heating_mwh);
  EXPECT_EQ(r.grid.id.front().rfind("CRS3035RES100m", 0), 0u);
  EXPECT_THROW((void)r.grid.column("no_such_column"), InputError);
}

TEST_F(ResultsFileTest, MetaRecordsTheInputsAndTheirHashes) {
  const viz::Results r = viz::read_results(path("results.h5"));
  for (const char* role : {"scenario", "twin", "weather", "tabula", "non_residential", "load_profiles"}) {
    ASSERT_TRUE(r.meta.inputs.contains(role)) << role;
    EXPECT_EQ(r.meta.input_sha256.at(role), twin::file_sha256_hex(r.meta.inputs.at(role))) << role;
  }
  EXPECT_NE(r.meta.scenario_toml.find("name = \"base\""), std::string::npos);
  EXPECT_LE(r.meta.started_utc, r.meta.finished_utc);
  EXPECT_EQ(r.meta.started_utc.size(), 20u);  // 2026-11-25T10:00:00Z
}

TEST_F(ResultsFileTest, UnknownScenarioNamesWhatTheFileHas) {
  try {
    (void)viz::read_results(path("results.h5"), "fast_refurbishment", 2045);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("base/2030"), std::string::npos) << e.what();
  }
}

TEST_F(ResultsFileTest, RefusesTwinFilesAndOtherSchemas) {
  try {
    (void)viz::read_results(path("twin.h5"));
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("twin.h5: not a HeatTwin results file"), std::string::npos) << e.what();
  }
  // A results file of schema 2 (written by a newer program): build one with the h5 layer.
  {
    auto file = h5::File::create(path("schema2.h5"));
    file.root().set_attribute("filetype", "heattwin-results");
    const std::array<std::int64_t, 2> version{2, 0};
    file.root().set_attribute("schema_version", version);
    file.root().create_group("results");
    file.commit();
  }
  try {
    (void)viz::read_results(path("schema2.h5"));
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("schema 2.0"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)viz::read_results(path("missing.h5")), InputError);
}

/// Overwrites element `row` of a numeric dataset of a copy of results.h5 (raw HDF5, as a damaged
/// or hand-edited file would have it).
void poke(const std::string& file, const char* dataset, std::size_t row, double value) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  const hid_t d = H5Dopen2(f, dataset, H5P_DEFAULT);
  ASSERT_GE(d, 0);
  const hid_t space = H5Dget_space(d);
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  std::vector<double> values(static_cast<std::size_t>(n));
  H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
  values.at(row) = value;
  H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
  H5Sclose(space);
  H5Dclose(d);
  H5Fclose(f);
}

TEST_F(ResultsFileTest, NegativeEnergyAndInfinityAreRefused) {
  // Issue 20, class 6: a results file with −1.9e11 kWh/a drew HTML bars of negative width.
  const char* heating = "/results/base/2030/buildings/annual_heating_kwh";
  for (const double bad : {-1.9e11, std::numeric_limits<double>::infinity()}) {
    fs::copy_file(path("results.h5"), path("damaged.h5"), fs::copy_options::overwrite_existing);
    poke(path("damaged.h5"), heating, 3, bad);
    try {
      (void)viz::read_results(path("damaged.h5"));
      FAIL() << "accepted " << bad;
    } catch (const InputError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("annual_heating_kwh"), std::string::npos) << what;
      EXPECT_NE(what.find("damaged.h5"), std::string::npos) << what;
      EXPECT_NE(what.find("kWh/a"), std::string::npos) << what;
    }
  }
  // NaN means "unknown" and stays readable.
  fs::copy_file(path("results.h5"), path("unknown.h5"), fs::copy_options::overwrite_existing);
  poke(path("unknown.h5"), heating, 3, std::numeric_limits<double>::quiet_NaN());
  EXPECT_NO_THROW((void)viz::read_results(path("unknown.h5")));
}

TEST_F(ResultsFileTest, FuzzReproducerWithCorruptDenseLinkStorageIsACleanError) {
  // Finding 19 (tests/fuzz/regressions/results_h5/, xz-compressed): a results file whose group
  // /results/demo/2025/buildings has a corrupt fractal heap block made libhdf5 abort in free()
  // while read_results listed the group. Now an error naming the file and the group.
  const fs::path reproducer = fs::path(HEATTWIN_SOURCE_DATA_DIR) / ".." / "tests" / "fuzz" / "regressions" /
                              "results_h5" / "crash-79ca719b5da056eee8b7d649cd0596c404de711f.xz";
  ASSERT_TRUE(fs::is_regular_file(reproducer)) << reproducer;
  const std::string unpacked = path("finding19.h5");
  const std::string command = "xz -dc '" + reproducer.string() + "' > '" + unpacked + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  try {
    (void)viz::read_results(unpacked);
    FAIL() << "the corrupt file was read";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(unpacked), std::string::npos) << what;
    EXPECT_NE(what.find("/results/demo/2025/buildings"), std::string::npos) << what;
    EXPECT_NE(what.find("corrupt"), std::string::npos) << what;
  }
}

}  // namespace
