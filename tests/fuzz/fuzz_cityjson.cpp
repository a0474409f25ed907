// CityJSON: the whole import of one .city.json document.
#include "tests/fuzz/fuzz_common.hpp"
#include "twin/citygml_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = heattwin::fuzz::write_input("input.city.json", data, size);
  heattwin::fuzz::expect_clean([&] {
    heattwin::twin::CityGmlImportOptions o;
    o.inputs = {path};
    (void)heattwin::twin::import_citygml(o);
  });
  return 0;
}
