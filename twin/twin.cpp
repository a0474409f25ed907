#include "twin/twin.hpp"

#include "twin/error.hpp"

#include <cmath>
#include <algorithm>
#include <functional>
#include <string_view>
#include <utility>

namespace heattwin::twin {
namespace {

/// Smallest k in [0, n) with !ok(k), or n if there is none. Parallel, and deterministic: the
/// reported violation is always the first one in building order.
template <class Ok>
std::size_t first_violation(std::size_t n, Ok&& ok) {
  std::size_t first = n;
#pragma omp parallel
  {
    std::size_t local = n;
#pragma omp for schedule(static) nowait
    for (std::size_t k = 0; k < n; ++k) {
      if (k < local && !ok(k)) local = k;
    }
#pragma omp critical(heattwin_first_violation)
    first = std::min(first, local);
  }
  return first;
}

void check_index_column(const std::vector<std::uint32_t>& column, std::size_t limit, std::string_view column_name,
                        const BuildingSet& b, std::string_view context) {
  const std::size_t k = first_violation(column.size(), [&](std::size_t i) { return column[i] == NO_INDEX || column[i] < limit; });
  HEATTWIN_CHECK_AS(DataError, k == column.size(), "{}: building '{}' has {} = {} but there are only {}", context, b.id[k],
                    column_name, column[k], limit);
}

template <class T>
void check_enum_column(const std::vector<T>& column, std::size_t count, std::string_view column_name,
                       const BuildingSet& b, std::string_view context) {
  const std::size_t k =
      first_violation(column.size(), [&](std::size_t i) { return static_cast<std::size_t>(column[i]) < count; });
  HEATTWIN_CHECK_AS(DataError, k == column.size(), "{}: building '{}' has invalid {} code {}", context, b.id[k],
                    column_name, static_cast<int>(column[k]));
}

void check_non_negative(const std::vector<double>& column, std::string_view column_name, const BuildingSet& b,
                        std::string_view context) {
  const std::size_t k = first_violation(column.size(), [&](std::size_t i) {
    const double v = column[i];
    return std::isnan(v) || (std::isfinite(v) && v >= 0.0);
  });
  HEATTWIN_CHECK_AS(DataError, k == column.size(), "{}: building '{}' has {} = {} (must be ≥ 0 or unknown)", context,
                    b.id[k], column_name, column[k]);
}

}  // namespace

void check_invariants(const Twin& twin, std::string_view context) {
  const BuildingSet& b = twin.buildings;
  const std::size_t n = b.size();
  b.for_each_value_column([&](std::string_view name, std::string_view, std::string_view, const auto& column) {
    HEATTWIN_CHECK_AS(DataError, column.size() == n, "{}: building column '{}' has {} entries, expected {}", context,
                      name, column.size(), n);
  });
  b.for_each_provenance_column([&](std::string_view name, std::string_view, const auto& column) {
    HEATTWIN_CHECK_AS(DataError, column.size() == n, "{}: provenance column '{}' has {} entries, expected {}", context,
                      name, column.size(), n);
    const std::size_t k = first_violation(
        n, [&](std::size_t i) { return static_cast<std::size_t>(column[i]) < PROVENANCE_NAMES.size(); });
    HEATTWIN_CHECK_AS(DataError, k == n, "{}: building '{}' has invalid provenance code {} for {}", context, b.id[k],
                      static_cast<int>(column[k]), name);
  });
  HEATTWIN_CHECK_AS(DataError, b.footprints.polygon_count() == n && b.footprints.is_consistent(),
                    "{}: footprint polygons are inconsistent ({} polygons for {} buildings)", context,
                    b.footprints.polygon_count(), n);

  {
    const std::size_t empty = first_violation(n, [&](std::size_t i) { return !b.id[i].empty(); });
    HEATTWIN_CHECK_AS(DataError, empty == n, "{}: building #{} has an empty id", context, empty);
    // Duplicate ids: sort (hash, index) pairs, compare the strings of equal hashes.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed(n);
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i)
      keyed[i] = {std::hash<std::string_view>{}(b.id[i]), static_cast<std::uint32_t>(i)};
    std::sort(keyed.begin(), keyed.end());
    std::size_t duplicate = n;
    for (std::size_t i = 1; i < n; ++i) {
      for (std::size_t j = i; j-- > 0 && keyed[j].first == keyed[i].first;) {
        if (b.id[keyed[j].second] == b.id[keyed[i].second])
          duplicate = std::min<std::size_t>(duplicate, std::max(keyed[j].second, keyed[i].second));
      }
    }
    HEATTWIN_CHECK_AS(DataError, duplicate == n, "{}: building id '{}' appears more than once", context,
                      b.id[duplicate]);
  }

  const auto& r = twin.regions;
  for (const auto& m : r.municipalities) {
    HEATTWIN_CHECK_AS(DataError, is_digits(m.ags, 8), "{}: municipality '{}' has AGS '{}', expected 8 digits", context,
                      m.name, m.ags);
    HEATTWIN_CHECK_AS(DataError, m.kreis < r.kreise.size(), "{}: municipality {} refers to Kreis #{} of {}", context,
                      m.ags, m.kreis, r.kreise.size());
    HEATTWIN_CHECK_AS(DataError, m.ags.compare(0, 5, r.kreise[m.kreis].ags) == 0,
                      "{}: municipality {} lies in Kreis {} by its AGS but is linked to Kreis {}", context, m.ags,
                      m.ags.substr(0, 5), r.kreise[m.kreis].ags);
  }
  for (const auto& blk : r.blocks)
    HEATTWIN_CHECK_AS(DataError, blk.municipality < r.municipalities.size(),
                      "{}: block '{}' refers to municipality #{} of {}", context, blk.id, blk.municipality,
                      r.municipalities.size());
  HEATTWIN_CHECK_AS(DataError,
                    r.municipality_boundaries.polygon_count() == 0 ||
                        (r.municipality_boundaries.polygon_count() == r.municipalities.size() &&
                         r.municipality_boundaries.is_consistent()),
                    "{}: {} municipality boundaries for {} municipalities", context,
                    r.municipality_boundaries.polygon_count(), r.municipalities.size());
  HEATTWIN_CHECK_AS(DataError, twin.grid.north_100m.size() == twin.grid.east_100m.size(),
                    "{}: grid columns differ in length", context);

  check_index_column(b.municipality, r.municipalities.size(), "municipality", b, context);
  check_index_column(b.block, r.blocks.size(), "block", b, context);
  check_index_column(b.grid_cell, twin.grid.size(), "grid_cell", b, context);
  check_enum_column(b.use_class, static_cast<std::size_t>(UseClass::count_), "use_class", b, context);
  check_enum_column(b.residential_type, RESIDENTIAL_TYPE_NAMES.size(), "residential_type", b, context);
  check_enum_column(b.heating_carrier, CARRIER_NAMES.size(), "heating_carrier", b, context);
  check_enum_column(b.age_class, AGE_CLASSES.size() + 1, "age_class", b, context);

  const std::size_t no_centroid =
      first_violation(n, [&](std::size_t i) { return std::isfinite(b.x_m[i]) && std::isfinite(b.y_m[i]); });
  HEATTWIN_CHECK_AS(DataError, no_centroid == n, "{}: building '{}' has no finite centroid", context, b.id[no_centroid]);
  b.for_each_value_column([&](std::string_view name, std::string_view, std::string_view, const auto& column) {
    if constexpr (std::is_same_v<typename std::decay_t<decltype(column)>::value_type, double>) {
      if (name != "x_m" && name != "y_m") check_non_negative(column, name, b, context);
    }
  });

  const auto& s = twin.streets;
  HEATTWIN_CHECK_AS(DataError,
                    s.y0_m.size() == s.size() && s.x1_m.size() == s.size() && s.y1_m.size() == s.size() &&
                        s.municipality.size() == s.size(),
                    "{}: street columns differ in length", context);
  const auto& net = twin.networks;
  for (std::size_t k = 0; k < net.pipes.size(); ++k) {
    HEATTWIN_CHECK_AS(DataError,
                      net.pipes.from_junction[k] < net.junctions.size() && net.pipes.to_junction[k] < net.junctions.size(),
                      "{}: pipe '{}' refers to a junction that does not exist", context, net.pipes.id[k]);
  }
}

}  // namespace heattwin::twin
