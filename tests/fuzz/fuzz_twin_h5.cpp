// Twin files (HDF5): any bytes, typically a shipped twin with mutated bytes, through load_twin
// (which validates every index and value, issue 20 class 2).
#include "tests/fuzz/fuzz_common.hpp"
#include "twin/twin_store.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = heattwin::fuzz::write_input("twin.h5", data, size);
  heattwin::fuzz::expect_clean([&] { (void)heattwin::twin::load_twin(path); });
  return 0;
}
