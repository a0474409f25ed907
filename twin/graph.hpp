#pragma once
/// \file Small graph queries on edge lists (networks, street graphs).

#include <cstdint>
#include <span>
#include <vector>

namespace heattwin::twin {

/// Which of `node_count` nodes can be reached from `start` over the undirected edges
/// (from[k], to[k]): 1 reachable, 0 not. Breadth-first, O(nodes + edges).
std::vector<std::uint8_t> reachable_from(std::size_t node_count, std::span<const std::uint32_t> from,
                                         std::span<const std::uint32_t> to, std::uint32_t start);

}  // namespace heattwin::twin
