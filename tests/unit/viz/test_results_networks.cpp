// The networks a results file's scenario was computed on (issue 20, class 4: a run no longer
// stores its designed network in its input twin by default): /networks/<scenario> of the results
// file, checked against the twin's buildings, else the twin's own networks (older files).
#include "viz/results_networks.hpp"

#include "twin/error.hpp"
#include "twin/h5.hpp"
#include "twin/network_store.hpp"
#include "twin/results_format.hpp"
#include "twin/synthetic_state.hpp"
#include "twin/types.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace fs = std::filesystem;
using namespace heattwin;

namespace {

/// One network `name`: a plant junction and a house junction joined by one supply pipe of
/// `diameter_m`, the house connection of building `building`.
twin::NetworkSet one_pipe_network(const std::string& name, double diameter_m, std::uint32_t building) {
  twin::NetworkSet n;
  n.names = {name};
  for (const char* id : {"j0", "j1"}) n.junctions.id.push_back(id);
  n.junctions.x_m = {100.0, 180.0};
  n.junctions.y_m = {200.0, 200.0};
  n.junctions.elevation_m = {0.0, 0.0};
  n.junctions.network = {0, 0};
  n.pipes.id.push_back("p0");
  n.pipes.from_junction = {0};
  n.pipes.to_junction = {1};
  n.pipes.length_m = {80.0};
  n.pipes.inner_diameter_m = {diameter_m};
  n.pipes.roughness_mm = {0.01};
  n.pipes.heat_loss_w_per_mk = {0.3};
  n.pipes.burial_depth_m = {0.8};
  n.pipes.side = {0};
  n.consumers.id.push_back("c0");
  n.consumers.building = {building};
  n.consumers.supply_junction = {1};
  n.consumers.return_junction = {1};
  n.consumers.design_heat_kw = {15.0};
  n.sources.id.push_back("plant");
  n.sources.supply_junction = {0};
  n.sources.return_junction = {0};
  n.sources.t_supply_c = {80.0};
  n.sources.pressure_lift_bar = {2.0};
  return n;
}

class ResultsNetworksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("heattwin_results_networks_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    twin::SyntheticStateOptions options;
    options.building_count = 20;
    twin_ = twin::generate_synthetic_state(options);
    twin_.networks = one_pipe_network("in_the_twin", 0.05, 1);
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// A results file with scenario "s" and, if given, /networks/s.
  std::string results(const std::string& name, const twin::NetworkSet* networks) const {
    const std::string path = (dir_ / name).string();
    auto file = h5::File::create(path, twin::RESULTS_FILE);
    const h5::Group root = file.root();
    (void)root.create_group("results").create_group("s").create_group("2025");
    if (networks != nullptr) twin::write_networks(root.create_group("networks"), "s", *networks);
    file.commit();
    return path;
  }

  fs::path dir_;
  twin::Twin twin_;
};

TEST_F(ResultsNetworksTest, TheScenariosNetworksComeFromTheResultsFile) {
  const twin::NetworkSet designed = one_pipe_network("designed", 0.125, 3);
  const std::string path = results("with.h5", &designed);
  for (const std::string scenario : {"s", ""}) {  // "" : the file's first scenario
    const twin::NetworkSet n = viz::network_geometry(path, scenario, twin_);
    EXPECT_EQ(n.names, std::vector<std::string>{"designed"});
    ASSERT_EQ(n.pipes.size(), 1u);
    EXPECT_DOUBLE_EQ(n.pipes.inner_diameter_m[0], 0.125);
    EXPECT_DOUBLE_EQ(n.junctions.x_m[1], 180.0);
    EXPECT_EQ(n.consumers.building[0], 3u);
  }
  const twin::Twin with = viz::with_network_geometry(twin_, path, "s");
  EXPECT_EQ(with.networks.names, std::vector<std::string>{"designed"});
  EXPECT_EQ(with.buildings.size(), twin_.buildings.size());
}

TEST_F(ResultsNetworksTest, OlderResultsFilesAndOtherScenariosFallBackToTheTwin) {
  const std::string older = results("older.h5", nullptr);
  EXPECT_EQ(viz::network_geometry(older, "s", twin_).names, std::vector<std::string>{"in_the_twin"});
  const twin::NetworkSet designed = one_pipe_network("designed", 0.125, 3);
  const std::string with = results("with.h5", &designed);
  EXPECT_EQ(viz::network_geometry(with, "another", twin_).names, std::vector<std::string>{"in_the_twin"});
}

TEST_F(ResultsNetworksTest, AnIndexPastTheTwinsBuildingsIsAnInputErrorNamingFileAndGroup) {
  // Issue 20, class 2: every index read from a file is checked before a reader uses it.
  const twin::NetworkSet bad = one_pipe_network("designed", 0.125, 1'000'000);
  const std::string path = results("bad.h5", &bad);
  try {
    (void)viz::network_geometry(path, "s", twin_);
    FAIL() << "a consumer of building 1000000 in a twin of 20 buildings was accepted";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path + ":/networks/s"), std::string::npos) << what;
    EXPECT_NE(what.find("1000000"), std::string::npos) << what;
    EXPECT_NE(what.find("another twin"), std::string::npos) << what;
  }
  // A consumer without a twin building (NO_INDEX) is allowed, as in a twin.
  const twin::NetworkSet unlinked = one_pipe_network("designed", 0.125, heattwin::NO_INDEX);
  EXPECT_NO_THROW((void)viz::network_geometry(results("unlinked.h5", &unlinked), "s", twin_));
}

}  // namespace
