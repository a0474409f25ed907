// EPANET .inp: read, then solve the network at time 0 (the solver's sanity checks included).
#include "solvers/network/epanet_inp.hpp"
#include "solvers/network/hydraulics.hpp"
#include "tests/fuzz/fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = heattwin::fuzz::write_input("net.inp", data, size);
  heattwin::fuzz::expect_clean([&] {
    namespace net = heattwin::solvers::network;
    const net::EpanetCase c = net::read_epanet_inp(path);
    net::HydraulicOptions options;
    options.max_iterations = 50;
    const auto state = net::solve_hydraulics(c.network, options);
    (void)net::epanet_solution_json(c, state);
  });
  return 0;
}
