// Technology catalogue CSV (Technikkatalog defaults).
#include "solvers/economics/technology.hpp"
#include "tests/fuzz/fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = heattwin::fuzz::write_input("technology.csv", data, size);
  heattwin::fuzz::expect_clean([&] { (void)heattwin::solvers::economics::load_technology_catalogue(path); });
  return 0;
}
