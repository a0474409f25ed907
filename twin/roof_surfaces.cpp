#include "twin/roof_surfaces.hpp"

namespace heattwin::twin {

void RoofSurfaceSet::append_building(std::span<const std::vector<std::array<double, 3>>> rings, RoofSource roof_source,
                                     double ground_z) {
  if (surface_begin.empty()) surface_begin.push_back(0);
  if (vertex_begin.empty()) vertex_begin.push_back(0);
  for (const auto& ring : rings) {
    std::size_t n = ring.size();
    if (n > 1 && ring.front() == ring.back()) --n;  // closing duplicate
    if (n < 3) continue;
    for (std::size_t k = 0; k < n; ++k) {
      x_m.push_back(ring[k][0]);
      y_m.push_back(ring[k][1]);
      z_m.push_back(ring[k][2]);
    }
    vertex_begin.push_back(x_m.size());
    source.push_back(roof_source);
  }
  surface_begin.push_back(source.size());
  ground_z_m.push_back(ground_z);
}

void RoofSurfaceSet::append_building(const CompactRoofRings& rings, RoofSource roof_source, double ground_z) {
  if (surface_begin.empty()) surface_begin.push_back(0);
  if (vertex_begin.empty()) vertex_begin.push_back(0);
  for (std::size_t r = 0; r < rings.ring_count(); ++r) {
    for (std::size_t v = rings.ring_begin(r); v < rings.ring_end(r); ++v) {
      const auto p = rings.vertex(v);
      x_m.push_back(p[0]);
      y_m.push_back(p[1]);
      z_m.push_back(p[2]);
    }
    vertex_begin.push_back(x_m.size());
    source.push_back(roof_source);
  }
  surface_begin.push_back(source.size());
  ground_z_m.push_back(ground_z);
}

void CompactRoofRings::add_ring(std::span<const std::array<double, 3>> ring) {
  std::size_t n = ring.size();
  if (n > 1 && ring.front() == ring.back()) --n;  // closing duplicate
  if (n < 3) return;
  if (xyz_.empty()) reference_ = ring.front();
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t d = 0; d < 3; ++d) xyz_.push_back(static_cast<float>(ring[k][d] - reference_[d]));
  ring_end_.push_back(static_cast<std::uint32_t>(xyz_.size() / 3));
}

void CompactRoofRings::shrink_to_fit() {
  xyz_.shrink_to_fit();
  ring_end_.shrink_to_fit();
}

void RoofSurfaceSet::append_building_from(const RoofSurfaceSet& other, std::size_t b, double dz_m) {
  if (surface_begin.empty()) surface_begin.push_back(0);
  if (vertex_begin.empty()) vertex_begin.push_back(0);
  for (auto s = other.surface_begin[b]; s < other.surface_begin[b + 1]; ++s) {
    for (auto v = other.vertex_begin[s]; v < other.vertex_begin[s + 1]; ++v) {
      x_m.push_back(other.x_m[v]);
      y_m.push_back(other.y_m[v]);
      z_m.push_back(other.z_m[v] + dz_m);
    }
    vertex_begin.push_back(x_m.size());
    source.push_back(other.source[s]);
  }
  surface_begin.push_back(source.size());
  ground_z_m.push_back(other.ground_z_m[b] + dz_m);
}

bool RoofSurfaceSet::is_consistent(std::size_t buildings) const {
  if (surface_begin.empty()) return source.empty() && x_m.empty() && vertex_begin.size() <= 1 && ground_z_m.empty();
  if (surface_begin.size() != buildings + 1 || surface_begin.front() != 0) return false;
  if (ground_z_m.size() != buildings) return false;
  if (surface_begin.back() != source.size() || vertex_begin.size() != source.size() + 1) return false;
  if (vertex_begin.front() != 0 || vertex_begin.back() != x_m.size()) return false;
  if (y_m.size() != x_m.size() || z_m.size() != x_m.size()) return false;
  for (std::size_t b = 1; b < surface_begin.size(); ++b)
    if (surface_begin[b] < surface_begin[b - 1]) return false;
  for (std::size_t s = 1; s < vertex_begin.size(); ++s)
    if (vertex_begin[s] < vertex_begin[s - 1] + 3) return false;
  for (const auto r : source)
    if (static_cast<std::size_t>(r) >= ROOF_SOURCE_NAMES.size()) return false;
  return true;
}

std::size_t RoofSurfaceSet::memory_bytes() const {
  return (surface_begin.capacity() + vertex_begin.capacity()) * sizeof(std::uint64_t) +
         (x_m.capacity() + y_m.capacity() + z_m.capacity() + ground_z_m.capacity()) * sizeof(double) +
         source.capacity();
}

}  // namespace heattwin::twin
