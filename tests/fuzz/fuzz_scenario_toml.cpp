// Scenario TOML: parsed and checked like `heattwin run --check` (relative inputs resolve beside
// the fuzz input, so most of them are missing: the checks before that are what is exercised).
#include "scenarios/demand_run.hpp"
#include "tests/fuzz/fuzz_common.hpp"

#ifndef HEATTWIN_SOURCE_DATA_DIR
#error "HEATTWIN_SOURCE_DATA_DIR must name the repository's data/ folder"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = heattwin::fuzz::write_input("scenario.toml", data, size);
  heattwin::fuzz::expect_clean(
      [&] { (void)heattwin::scenarios::load_demand_scenario(path, HEATTWIN_SOURCE_DATA_DIR); });
  return 0;
}
