// Flat network CSV case (pandapipes export): the input is split at "\n#####\n" into
// junctions.csv, pipes.csv, ext_grids.csv, sinks.csv, sources.csv, valves.csv (missing parts are
// missing files); read, then solve.
#include "solvers/network/flat_case.hpp"
#include "solvers/network/hydraulics.hpp"
#include "tests/fuzz/fuzz_common.hpp"

#include <array>
#include <filesystem>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fs = std::filesystem;
  static constexpr std::array<const char*, 6> FILES{"junctions.csv", "pipes.csv",   "ext_grids.csv",
                                                    "sinks.csv",     "sources.csv", "valves.csv"};
  const fs::path folder = heattwin::fuzz::work_dir() / "case";
  fs::remove_all(folder);
  fs::create_directories(folder);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::size_t start = 0;
  for (std::size_t k = 0; k < FILES.size() && start <= text.size(); ++k) {
    const std::size_t end = text.find("\n#####\n", start);
    const std::string_view part =
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    heattwin::fuzz::write_input(std::string("case/") + FILES[k], reinterpret_cast<const std::uint8_t*>(part.data()),
                                part.size());
    if (end == std::string_view::npos) break;
    start = end + 7;
  }
  heattwin::fuzz::expect_clean([&] {
    namespace net = heattwin::solvers::network;
    const net::FlatCase c = net::read_flat_case(folder);
    net::HydraulicOptions options;
    options.max_iterations = 50;
    (void)net::solve_hydraulics(c.network, options);
  });
  return 0;
}
