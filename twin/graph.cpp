#include "twin/graph.hpp"

#include "twin/error.hpp"

#include <queue>

namespace heattwin::twin {

std::vector<std::uint8_t> reachable_from(std::size_t node_count, std::span<const std::uint32_t> from,
                                         std::span<const std::uint32_t> to, std::uint32_t start) {
  HEATTWIN_CHECK(from.size() == to.size() && start < node_count,
                 "reachable_from: {} edge starts, {} edge ends, start {} of {} nodes", from.size(), to.size(), start,
                 node_count);
  std::vector<std::vector<std::uint32_t>> adjacent(node_count);
  for (std::size_t k = 0; k < from.size(); ++k) {
    adjacent[from[k]].push_back(to[k]);
    adjacent[to[k]].push_back(from[k]);
  }
  std::vector<std::uint8_t> seen(node_count, 0);
  std::queue<std::uint32_t> queue;
  queue.push(start);
  seen[start] = 1;
  while (!queue.empty()) {
    const std::uint32_t u = queue.front();
    queue.pop();
    for (const std::uint32_t v : adjacent[u]) {
      if (!seen[v]) {
        seen[v] = 1;
        queue.push(v);
      }
    }
  }
  return seen;
}

}  // namespace heattwin::twin
