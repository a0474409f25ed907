// Results files (HDF5) through the reader of export, compare and report (read_results checks
// NaN/inf/negative values, issue 20 class 6).
#include "tests/fuzz/fuzz_common.hpp"
#include "viz/results_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = heattwin::fuzz::write_input("results.h5", data, size);
  heattwin::fuzz::expect_clean([&] { (void)heattwin::viz::read_results(path); });
  return 0;
}
