#include "twin/building_set.hpp"

#include "twin/error.hpp"

#include <cmath>
#include <type_traits>

namespace heattwin::twin {
namespace {

/// The value a column holds for "unknown".
template <class T>
T unknown_value(std::string_view column) {
  if constexpr (std::is_floating_point_v<T>) {
    return static_cast<T>(NaN);
  } else if constexpr (std::is_same_v<T, std::uint32_t>) {
    // Index columns: NO_INDEX means "not assigned".
    (void)column;
    return NO_INDEX;
  } else {
    (void)column;
    return T{0};
  }
}

}  // namespace

BuildingIndex BuildingSet::append_unknown(std::string_view external_id) {
  const auto index = static_cast<BuildingIndex>(size());
  id.push_back(external_id);
  for_each_value_column([](std::string_view name, std::string_view, std::string_view, auto& column) {
    using T = typename std::decay_t<decltype(column)>::value_type;
    column.push_back(unknown_value<T>(name));
  });
  for_each_provenance_column(
      [](std::string_view, std::string_view, auto& column) { column.push_back(Provenance::missing); });
  return index;
}

void BuildingSet::append_footprint(std::span<const std::vector<std::array<double, 2>>> rings) {
  HEATTWIN_ASSERT(footprints.polygon_count() < size());
  // Buildings appended before this one without a footprint get empty entries.
  footprints.pad_to(size() - 1);
  footprints.append_polygon(rings);
}

BuildingIndex BuildingSet::append_with_footprint(std::string_view external_id,
                                                 std::span<const std::vector<std::array<double, 2>>> rings,
                                                 double centroid_x_m, double centroid_y_m, double area_m2,
                                                 double perimeter_length_m) {
  const BuildingIndex b = append_unknown(external_id);
  append_footprint(rings);
  x_m[b] = centroid_x_m;
  y_m[b] = centroid_y_m;
  footprint_area_m2[b] = area_m2;
  perimeter_m[b] = perimeter_length_m;
  prov_footprint[b] = Provenance::geometry;
  return b;
}

void BuildingSet::finish_footprints() { footprints.pad_to(size()); }

void BuildingSet::reserve(std::size_t n) {
  id.reserve(n, n * 16);
  for_each_value_column([n](std::string_view, std::string_view, std::string_view, auto& column) { column.reserve(n); });
  for_each_provenance_column([n](std::string_view, std::string_view, auto& column) { column.reserve(n); });
  footprints.reserve(n, 6 * n);
}

void BuildingSet::resize_columns(std::size_t n) {
  for_each_value_column([n](std::string_view name, std::string_view, std::string_view, auto& column) {
    using T = typename std::decay_t<decltype(column)>::value_type;
    column.resize(n, unknown_value<T>(name));
  });
  for_each_provenance_column(
      [n](std::string_view, std::string_view, auto& column) { column.resize(n, Provenance::missing); });
}

std::size_t BuildingSet::memory_bytes() const {
  std::size_t bytes = id.memory_bytes() + footprints.memory_bytes();
  for_each_value_column([&bytes](std::string_view, std::string_view, std::string_view, const auto& column) {
    bytes += column.capacity() * sizeof(typename std::decay_t<decltype(column)>::value_type);
  });
  for_each_provenance_column(
      [&bytes](std::string_view, std::string_view, const auto& column) { bytes += column.capacity(); });
  return bytes;
}

std::array<std::vector<double>*, 8> wall_sector_columns(BuildingSet& b) {
  return {&b.wall_area_n_m2, &b.wall_area_ne_m2, &b.wall_area_e_m2, &b.wall_area_se_m2,
          &b.wall_area_s_m2, &b.wall_area_sw_m2, &b.wall_area_w_m2, &b.wall_area_nw_m2};
}
std::array<const std::vector<double>*, 8> wall_sector_columns(const BuildingSet& b) {
  return {&b.wall_area_n_m2, &b.wall_area_ne_m2, &b.wall_area_e_m2, &b.wall_area_se_m2,
          &b.wall_area_s_m2, &b.wall_area_sw_m2, &b.wall_area_w_m2, &b.wall_area_nw_m2};
}

}  // namespace heattwin::twin
