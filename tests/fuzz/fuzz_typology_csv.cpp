// Typology tables: the input replaces tabula_de.csv (the shipped non-residential table beside
// it), then the IWU non-residential table in a second pass.
#include "tests/fuzz/fuzz_common.hpp"
#include "twin/typology.hpp"

#ifndef HEATTWIN_SOURCE_DATA_DIR
#error "HEATTWIN_SOURCE_DATA_DIR must name the repository's data/ folder"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string shipped = HEATTWIN_SOURCE_DATA_DIR "/typology/";
  const std::string path = heattwin::fuzz::write_input("typology.csv", data, size);
  heattwin::fuzz::expect_clean([&] { (void)heattwin::twin::load_typology(path, shipped + "non_residential_de.csv"); });
  heattwin::fuzz::expect_clean([&] { (void)heattwin::twin::load_typology(shipped + "tabula_de.csv", path); });
  return 0;
}
