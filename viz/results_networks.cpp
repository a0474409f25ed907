#include "viz/results_networks.hpp"

#include "twin/error.hpp"
#include "twin/h5.hpp"
#include "twin/network_store.hpp"
#include "twin/results_format.hpp"

#include <fmt/format.h>

#include <utility>

namespace heattwin::viz {

twin::NetworkSet network_geometry(const std::string& path, const std::string& scenario, const twin::Twin& twin) {
  const h5::File file = [&] {
    try {
      return h5::File::open_checked(path, twin::RESULTS_FILE);
    } catch (const IoError& e) {
      throw InputError(e.what());
    }
  }();
  const h5::Group root = file.root();
  std::string name = scenario;
  if (name.empty() && root.is_group("results")) {
    const auto scenarios = root.open_group("results").members();
    if (!scenarios.empty()) name = scenarios.front();
  }
  if (name.empty() || !root.is_group("networks") || !root.open_group("networks").is_group(name)) return twin.networks;
  const std::string where = fmt::format("{}:/networks/{}", path, name);
  twin::NetworkSet networks;
  try {
    networks = twin::read_networks(root.open_group("networks"), name);
  } catch (const InputError&) {
    throw;
  } catch (const Error& e) {
    throw InputError(fmt::format("{}: {}", where, e.what()));
  }
  try {
    twin::check_network_invariants(networks, twin.buildings.size(), where);
  } catch (const InputError& e) {
    // A building index past the twin's: most likely the results of another twin.
    throw InputError(fmt::format("{}; are these results of another twin? (pass --twin)", e.what()));
  }
  return networks;
}

twin::Twin with_network_geometry(twin::Twin twin, const std::string& path, const std::string& scenario) {
  twin.networks = network_geometry(path, scenario, twin);
  return twin;
}

}  // namespace heattwin::viz
