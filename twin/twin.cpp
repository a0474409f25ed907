#include "twin/twin.hpp"

#include "twin/error.hpp"

#include <cmath>
#include <unordered_set>

namespace heattwin::twin {
namespace {

void check_index_column(const std::vector<std::uint32_t>& column, std::size_t limit, std::string_view column_name,
                        const BuildingSet& b, std::string_view context) {
  for (std::size_t k = 0; k < column.size(); ++k) {
    HEATTWIN_CHECK_AS(DataError, column[k] == NO_INDEX || column[k] < limit,
                      "{}: building '{}' has {} = {} but there are only {}", context, b.id[k], column_name, column[k],
                      limit);
  }
}

template <class T>
void check_enum_column(const std::vector<T>& column, std::size_t count, std::string_view column_name,
                       const BuildingSet& b, std::string_view context) {
  for (std::size_t k = 0; k < column.size(); ++k) {
    HEATTWIN_CHECK_AS(DataError, static_cast<std::size_t>(column[k]) < count,
                      "{}: building '{}' has invalid {} code {}", context, b.id[k], column_name,
                      static_cast<int>(column[k]));
  }
}

void check_non_negative(const std::vector<double>& column, std::string_view column_name, const BuildingSet& b,
                        std::string_view context) {
  for (std::size_t k = 0; k < column.size(); ++k) {
    const double v = column[k];
    HEATTWIN_CHECK_AS(DataError, std::isnan(v) || (std::isfinite(v) && v >= 0.0),
                      "{}: building '{}' has {} = {} (must be ≥ 0 or unknown)", context, b.id[k], column_name, v);
  }
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
    for (std::size_t k = 0; k < n; ++k)
      HEATTWIN_CHECK_AS(DataError, static_cast<std::size_t>(column[k]) < PROVENANCE_NAMES.size(),
                        "{}: building '{}' has invalid provenance code {} for {}", context, b.id[k],
                        static_cast<int>(column[k]), name);
  });
  HEATTWIN_CHECK_AS(DataError, b.footprints.polygon_count() == n && b.footprints.is_consistent(),
                    "{}: footprint polygons are inconsistent ({} polygons for {} buildings)", context,
                    b.footprints.polygon_count(), n);

  {
    std::unordered_set<std::string_view> seen;
    seen.reserve(n);
    for (std::size_t k = 0; k < n; ++k) {
      HEATTWIN_CHECK_AS(DataError, !b.id[k].empty(), "{}: building #{} has an empty id", context, k);
      HEATTWIN_CHECK_AS(DataError, seen.insert(b.id[k]).second, "{}: building id '{}' appears more than once", context,
                        b.id[k]);
    }
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

  for (std::size_t k = 0; k < n; ++k) {
    HEATTWIN_CHECK_AS(DataError, std::isfinite(b.x_m[k]) && std::isfinite(b.y_m[k]),
                      "{}: building '{}' has no finite centroid", context, b.id[k]);
  }
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
