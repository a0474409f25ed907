// Footprint attribute mapping (TOML).
#include "tests/fuzz/fuzz_common.hpp"
#include "twin/footprint_import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = heattwin::fuzz::write_input("mapping.toml", data, size);
  heattwin::fuzz::expect_clean([&] { (void)heattwin::twin::load_attribute_mapping(path); });
  return 0;
}
