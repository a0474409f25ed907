#pragma once
/// \file Internal to scenarios/: run_network_in with a caller's twin-index → zone map, for the
/// networks per municipality (scenarios/municipal_networks.cpp), which run many areas on the same
/// zones and would otherwise build that map (716,115 zones on the generated state) once per network.

#include "scenarios/network_run.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>

namespace heattwin::scenarios::detail {

/// run_network_in (scenarios/network_run.hpp) with `zone_of_twin` (borrowed; null: built here,
/// O(zones)): twin building index → zone of `inputs.model`.
NetworkRun run_network_in_zones(const NetworkScenario& scenario, const twin::Twin& twin, twin::NetworkSet& networks,
                                const std::string& twin_path, const NetworkDemandInputs& inputs,
                                std::span<const std::uint8_t> zone_in_area,
                                const std::unordered_map<std::uint32_t, std::size_t>* zone_of_twin);

}  // namespace heattwin::scenarios::detail
