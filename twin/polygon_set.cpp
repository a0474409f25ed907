#include "twin/polygon_set.hpp"

namespace heattwin::twin {

void PolygonSet::append_polygon(std::span<const std::vector<std::array<double, 2>>> rings) {
  for (const auto& ring : rings) {
    std::size_t n = ring.size();
    if (n >= 2 && ring.front() == ring.back()) --n;
    for (std::size_t k = 0; k < n; ++k) {
      x_m.push_back(ring[k][0]);
      y_m.push_back(ring[k][1]);
    }
    vertex_begin.push_back(x_m.size());
  }
  ring_begin.push_back(vertex_begin.size() - 1);
}

void PolygonSet::pad_to(std::size_t n) {
  while (polygon_count() < n) ring_begin.push_back(ring_begin.back());
}

void PolygonSet::reserve(std::size_t polygons, std::size_t vertices) {
  ring_begin.reserve(polygons + 1);
  vertex_begin.reserve(polygons + 1);
  x_m.reserve(vertices);
  y_m.reserve(vertices);
}

void PolygonSet::clear() {
  ring_begin.assign(1, 0);
  vertex_begin.assign(1, 0);
  x_m.clear();
  y_m.clear();
}

bool PolygonSet::is_consistent() const {
  if (ring_begin.empty() || vertex_begin.empty() || ring_begin.front() != 0 || vertex_begin.front() != 0) return false;
  if (x_m.size() != y_m.size()) return false;
  if (ring_begin.back() != ring_count() || vertex_begin.back() != x_m.size()) return false;
  for (std::size_t k = 1; k < ring_begin.size(); ++k)
    if (ring_begin[k] < ring_begin[k - 1]) return false;
  for (std::size_t k = 1; k < vertex_begin.size(); ++k)
    if (vertex_begin[k] < vertex_begin[k - 1]) return false;
  return true;
}

}  // namespace heattwin::twin
