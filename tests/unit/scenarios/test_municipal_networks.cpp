/// \file Networks per municipality (scenarios/municipal_networks.hpp): a generated state of four
/// municipalities in two Kreise, a two-year heat plan with [network] design = "per-municipality".
/// One network per qualifying municipality, tagged with its AGS, its consumers in that
/// municipality; the same results at 1 and 2 threads; a run of one Kreis designs only its own.
#include "scenarios/demand_run.hpp"
#include "scenarios/municipal_networks.hpp"
#include "twin/error.hpp"
#include "twin/h5.hpp"
#include "twin/network_store.hpp"
#include "twin/synthetic_state.hpp"
#include "twin/twin_store.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <omp.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

namespace {

namespace sc = heattwin::scenarios;
namespace tw = heattwin::twin;
namespace h5 = heattwin::h5;
namespace fs = std::filesystem;

const std::string DATA = HEATTWIN_SOURCE_DATA_DIR;

/// A generated twin of four municipalities (Magdeburg and Halle, two Kreise of their own, and two
/// of the Altmarkkreis Salzwedel), shared by the tests of this file.
class MunicipalNetworksTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / fmt::format("heattwin_municipal_networks_{}", ::getpid());
    fs::create_directories(dir_);
    std::ofstream(dir_ / "gemeinden.csv") << "ags,name,kreis_ags,kreis_name,population,area_km2\n"
                                             "15003000,Magdeburg,15003,Magdeburg,235775,201.03\n"
                                             "15002000,Halle (Saale),15002,Halle (Saale),237865,135.02\n"
                                             "15081030,Arendsee (Altmark),15081,Altmarkkreis Salzwedel,6748,269.69\n"
                                             "15081045,Beetzendorf,15081,Altmarkkreis Salzwedel,3108,97.98\n";
    tw::SyntheticStateOptions o;
    o.seed = 3;
    o.building_count = 2400;
    o.municipality_table = (dir_ / "gemeinden.csv").string();
    o.boundaries = "none";
    tw::save_twin(tw::generate_synthetic_state(o), (dir_ / "twin.h5").string());
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  /// Runs the heat plan (a fresh copy of the twin each time: designs are stored in it) and returns
  /// the results path.
  static std::string run(const std::string& tag, int threads, const std::string& municipalities = "") {
    const fs::path twin = dir_ / fmt::format("twin_{}.h5", tag);
    fs::copy_file(dir_ / "twin.h5", twin, fs::copy_options::overwrite_existing);
    const fs::path out = dir_ / fmt::format("results_{}.h5", tag);
    std::ofstream(dir_ / "plan.toml") << fmt::format(
        "[run]\nname = \"plan\"\nyears = [2025, 2030]\ntwin = \"{}\"\nweather = \"{}\"\nout = \"{}\"\n"
        "method = \"hourly\"\n{}"
        "[outputs]\nhourly_grid = false\n"
        "[network]\ndesign = \"per-municipality\"\nmin_densest_cell_mwh_per_ha = 100.0\nradius_m = 60.0\n"
        "max_buildings = 25\nsimulate_every_year = false\n",
        twin.string(), DATA + "/weather/TRY2010_04_Jahr.dat", out.string(),
        municipalities.empty() ? "" : fmt::format("municipalities = [\"{}\"]\n", municipalities));
    const int before = omp_get_max_threads();
    omp_set_num_threads(threads);
    sc::run_demand_scenario(sc::load_demand_scenario((dir_ / "plan.toml").string(), DATA));
    omp_set_num_threads(before);
    return out.string();
  }

  static inline fs::path dir_;
};

h5::Group networks_of(const h5::File& file, int year) {
  return file.root()
      .open_group("results")
      .open_group("plan")
      .open_group(std::to_string(year))
      .open_group("municipal_networks");
}

TEST_F(MunicipalNetworksTest, OneNetworkPerQualifyingMunicipalityTaggedWithItsAgs) {
  const std::string path = run("all", 2);
  const h5::File file = h5::File::open_read(path);
  const tw::Twin twin = tw::load_twin((dir_ / "twin_all.h5").string());
  for (const int year : {2025, 2030}) {
    const h5::Group g = networks_of(file, year);
    const auto ags = g.read_strings("ags");
    const auto network = g.read_strings("network");
    const auto consumers = g.read<double>("consumers");
    const auto route = g.read<double>("route_length_m");
    const auto densest = g.read<double>("densest_cell_mwh_per_ha");
    ASSERT_GE(ags.size(), 2U) << "at least two municipalities (the two cities) have a dense enough cell";
    EXPECT_EQ(std::set<std::string>(ags.begin(), ags.end()).size(), ags.size()) << "one network per municipality";
    for (std::size_t t = 0; t < ags.size(); ++t) {
      EXPECT_EQ(network[t], "densest_area_" + ags[t]);
      EXPECT_GE(densest[t], 100.0);
      EXPECT_GT(consumers[t], 0.0);
      EXPECT_GT(route[t], 0.0);
      // Every consumer lies in the network's municipality.
      const auto buildings =
          g.open_group(ags[t]).open_group("network").open_group("consumers").read<std::int64_t>("building");
      ASSERT_EQ(static_cast<double>(buildings.size()), consumers[t]);
      for (const std::int64_t b : buildings) {
        ASSERT_GE(b, 0);
        EXPECT_EQ(twin.regions.municipalities[twin.buildings.municipality[static_cast<std::size_t>(b)]].ags, ags[t]);
      }
    }
    // Biggest municipality first: the cities before the Altmark municipalities.
    EXPECT_TRUE(ags.front() == "15002000" || ags.front() == "15003000") << ags.front();
  }
  // The designs are in the results file (/networks/<scenario>), one per network; the input twin
  // keeps none of them ([network] store_in_twin = false by default).
  const tw::NetworkSet stored = tw::read_networks(file.root().open_group("networks"), "plan");
  tw::check_network_invariants(stored, twin.buildings.size(), path);
  for (const auto& a : networks_of(file, 2025).read_strings("ags")) {
    EXPECT_NE(std::find(stored.names.begin(), stored.names.end(), "densest_area_" + a), stored.names.end());
    EXPECT_EQ(std::find(twin.networks.names.begin(), twin.networks.names.end(), "densest_area_" + a),
              twin.networks.names.end());
  }
  // The target year supplies the networks' buildings (district heat) and counts them.
  const h5::Group y2030 = file.root().open_group("results").open_group("plan").open_group("2030");
  EXPECT_TRUE(y2030.has("supply_areas"));
}

TEST_F(MunicipalNetworksTest, SameResultsAtOneAndTwoThreads) {
  const h5::File one = h5::File::open_read(run("t1", 1));
  const h5::File two = h5::File::open_read(run("t2", 2));
  for (const int year : {2025, 2030}) {
    const h5::Group a = networks_of(one, year);
    const h5::Group b = networks_of(two, year);
    EXPECT_EQ(a.read_strings("ags"), b.read_strings("ags"));
    for (const char* name :
         {"consumers", "route_length_m", "heat_line_density_mwh_per_ma", "plant_heat_mwh", "delivered_mwh",
          "heat_loss_mwh", "peak_plant_heat_kw", "heat_sold_mwh", "renewable_share", "lcoh_eur_per_mwh", "co2_t"}) {
      const auto x = a.read<double>(name);
      const auto y = b.read<double>(name);
      ASSERT_EQ(x.size(), y.size()) << name;
      for (std::size_t k = 0; k < x.size(); ++k) EXPECT_EQ(x[k], y[k]) << name << " row " << k << " year " << year;
    }
    for (const auto& ags : a.read_strings("ags")) {
      const auto x =
          a.open_group(ags).open_group("network").open_group("networks").read_flat_doubles("hourly_plant_heat_kw");
      const auto y =
          b.open_group(ags).open_group("network").open_group("networks").read_flat_doubles("hourly_plant_heat_kw");
      EXPECT_EQ(x, y) << ags;
    }
    const auto sa = one.root().open_group("results").open_group("plan").open_group(std::to_string(year));
    const auto sb = two.root().open_group("results").open_group("plan").open_group(std::to_string(year));
    EXPECT_EQ(sa.open_group("supply_areas").read_strings("type"), sb.open_group("supply_areas").read_strings("type"));
    EXPECT_EQ(sa.open_group("supply_areas").read<double>("lcoh_network_eur_per_mwh"),
              sb.open_group("supply_areas").read<double>("lcoh_network_eur_per_mwh"));
  }
}

TEST_F(MunicipalNetworksTest, AKreisKeyRunsOnlyItsMunicipalities) {
  const h5::File file = h5::File::open_read(run("kreis", 2, "15003"));
  for (const auto& ags : networks_of(file, 2025).read_strings("ags")) EXPECT_EQ(ags, "15003000");
  const tw::Twin twin = tw::load_twin((dir_ / "twin.h5").string());
  EXPECT_TRUE(sc::municipality_in_region(twin.regions, 0, twin.regions.municipalities[0].ags));
  std::size_t in_15081 = 0;
  for (std::uint32_t m = 0; m < twin.regions.municipalities.size(); ++m) {
    if (sc::municipality_in_region(twin.regions, m, "15081")) ++in_15081;
  }
  EXPECT_EQ(in_15081, 2U);
  EXPECT_FALSE(sc::municipality_in_region(twin.regions, 0, "1"));
}

TEST_F(MunicipalNetworksTest, ThresholdKeyNeedsPerMunicipalityDesign) {
  std::ofstream(dir_ / "bad.toml") << "[run]\ntwin = \"t.h5\"\nweather = \"w.dat\"\nout = \"r.h5\"\nmethod = "
                                      "\"hourly\"\n[network]\ndesign = \"densest-area\"\n"
                                      "min_densest_cell_mwh_per_ha = 10.0\n";
  try {
    sc::load_demand_scenario((dir_ / "bad.toml").string(), DATA);
    FAIL() << "no error";
  } catch (const heattwin::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.toml:8"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("per-municipality"), std::string::npos) << e.what();
  }
}

}  // namespace
