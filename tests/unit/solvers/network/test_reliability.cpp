// Regression tests of issue 20 (reliability) in the solvers: physical sanity of hydraulic
// solutions, plausible ranges of weather and BESTEST inputs, JSON number overflow, and a missing
// pipes.csv named as such.
#include "solvers/demand/bestest.hpp"
#include "solvers/demand/weather.hpp"
#include "solvers/network/flat_case.hpp"
#include "solvers/network/hydraulics.hpp"
#include "tests/unit/expect_input_error.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace heattwin::solvers {
namespace {

namespace fs = std::filesystem;
using test::expect_input_error;

const fs::path ONE_PIPE =
    fs::path(HEATTWIN_REFERENCE_DATA_DIR) / "networks/pandapipes_stanet/flat/stanet_water_cases/one_pipe/pipe_1_N";

/// A fresh folder, removed at the end of the test.
struct Scratch {
  fs::path dir = fs::temp_directory_path() / ("heattwin-solvers-rel-" + std::to_string(::getpid()));
  Scratch() {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~Scratch() { fs::remove_all(dir); }
};

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_text(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

TEST(Reliability, AbsurdSinkIsNotConverged) {
  // Issue 20, class 6: a sink of 10^9 kg/s met the flow tolerance with −1.9·10^17 bar and was
  // reported as converged.
  Scratch s;
  fs::copy(ONE_PIPE, s.dir, fs::copy_options::recursive);
  write_text(s.dir / "sinks.csv", "idx,name,junction,mdot_kg_per_s,scaling,in_service\n0,sink,1,1e9,1.0,True\n");
  const network::FlatCase c = network::read_flat_case(s.dir);
  const network::HydraulicState state = network::solve_hydraulics(c.network, {});
  EXPECT_FALSE(state.report.converged);
  EXPECT_NE(state.report.message.find("physically implausible"), std::string::npos) << state.report.message;
  EXPECT_NE(state.report.message.find("D25"), std::string::npos) << state.report.message;
  // The shipped case itself still converges.
  EXPECT_TRUE(network::solve_hydraulics(network::read_flat_case(ONE_PIPE).network, {}).report.converged);
}

TEST(Reliability, MissingPipesCsvIsNamed) {
  Scratch s;
  fs::copy(ONE_PIPE, s.dir, fs::copy_options::recursive);
  fs::remove(s.dir / "pipes.csv");
  expect_input_error([&] { (void)network::read_flat_case(s.dir); }, {"pipes.csv is missing"});
}

TEST(Reliability, EpwLocationOutOfRange) {
  Scratch s;
  const fs::path epw = fs::path(HEATTWIN_REFERENCE_DATA_DIR) / "weather/DRYCOLD.epw";
  std::string text = read_text(epw);
  const std::string location = "39.76,-104.86,-7.0,1611.0";
  ASSERT_NE(text.find(location), std::string::npos);
  text.replace(text.find(location), location.size(), "39.76,-104.86,99,1611.0");
  write_text(s.dir / "tz.epw", text);
  expect_input_error([&] { (void)demand::read_weather(s.dir / "tz.epw"); }, {"tz.epw:1", "time zone", "99"});
}

TEST(Reliability, BestestNegativeWindowWidth) {
  Scratch s;
  const fs::path cases = fs::path(HEATTWIN_REFERENCE_DATA_DIR) / "bestest/cases.json";
  std::string text = read_text(cases);
  const std::string width = "\"width_m\": 3.0";
  ASSERT_NE(text.find(width), std::string::npos);
  // Every window of the file gets a negative width; the weather paths stay relative to it.
  for (auto at = text.find(width); at != std::string::npos; at = text.find(width, at))
    text.replace(at, width.size(), "\"width_m\": -3.0");
  fs::copy(fs::path(HEATTWIN_REFERENCE_DATA_DIR) / "bestest", s.dir / "bestest", fs::copy_options::recursive);
  fs::create_directories(s.dir / "weather");
  fs::copy(fs::path(HEATTWIN_REFERENCE_DATA_DIR) / "weather/DRYCOLD.epw", s.dir / "weather/DRYCOLD.epw");
  write_text(s.dir / "bestest/cases.json", text);
  expect_input_error([&] { (void)demand::run_bestest_case(s.dir / "bestest/cases.json", "600"); },
                     {"cases.json", "width_m", "-3", "plausible range"});
}

TEST(Reliability, JsonNumberOverflowIsAnInputError) {
  Scratch s;
  write_text(s.dir / "cases.json", R"({"cases": {"600": {"x": 1e400}}})");
  expect_input_error([&] { (void)demand::bestest_case_ids(s.dir / "cases.json"); }, {"cases.json", "JSON"});
}

}  // namespace
}  // namespace heattwin::solvers
