// Weather files: EPW or DWD test reference year (TRY), chosen by the first line as `run` does,
// then the ground temperature derived from it.
#include "solvers/demand/weather.hpp"
#include "tests/fuzz/fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = heattwin::fuzz::write_input("weather.dat", data, size);
  heattwin::fuzz::expect_clean([&] {
    const auto w = heattwin::solvers::demand::read_weather(path);
    (void)heattwin::solvers::demand::ground_temperature_c(w, 1.0);
  });
  return 0;
}
