#pragma once
/// \file The networks of a twin as an HDF5 group, apart from the rest of the twin: the twin file's
/// /networks (docs/twin-schema.md) and a results file's /networks/<scenario>
/// (docs/results-schema.md, schema 1.4: the networks a scenario computed), in one layout.

#include "twin/h5.hpp"
#include "twin/network.hpp"

#include <cstddef>
#include <string_view>

namespace heattwin::twin {

/// Writes the networks `net` as group `name` of `parent` (names, junctions, pipes, consumers,
/// sources; a column per field with its unit).
void write_networks(const h5::Group& parent, std::string_view name, const NetworkSet& net);

/// Reads group `name` of `parent` written by write_networks(). Column lengths and indices are
/// not checked here: check_network_invariants() does that against the twin's buildings.
NetworkSet read_networks(const h5::Group& parent, std::string_view name);

/// The network part of check_invariants() (twin/twin.hpp): column lengths, every index a network
/// element holds (junctions, network numbers, buildings below `building_count`) and the physical
/// values the solvers divide by, so that a set that passes cannot make the network solvers read
/// out of bounds. Throws DataError naming `context`. For networks read apart from their twin.
void check_network_invariants(const NetworkSet& net, std::size_t building_count, std::string_view context);

}  // namespace heattwin::twin
