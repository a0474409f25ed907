// BESTEST cases.json: the case list, then the first case run through the hourly model (its
// weather file is resolved relative to the case file, so most inputs stop at the case's data).
#include "solvers/demand/bestest.hpp"
#include "tests/fuzz/fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = heattwin::fuzz::write_input("cases.json", data, size);
  heattwin::fuzz::expect_clean([&] {
    const auto ids = heattwin::solvers::demand::bestest_case_ids(path);
    if (!ids.empty()) (void)heattwin::solvers::demand::run_bestest_case(path, ids.front());
  });
  return 0;
}
