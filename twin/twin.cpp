#include "twin/twin.hpp"

#include "twin/error.hpp"
#include "twin/network_store.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string_view>
#include <utility>

namespace heattwin::twin {
namespace {

/// Below this many elements a check runs on one thread: a parallel region costs more than the
/// loop, and on a loaded machine its barrier waits for a time slice of every thread (a 4-building
/// twin took 100 ms CPU to load under load 20, almost all of it spinning in libgomp).
constexpr std::size_t PARALLEL_MIN_ELEMENTS = 4096;

/// Smallest k in [0, n) with !ok(k), or n if there is none. Parallel, and deterministic: the
/// reported violation is always the first one in building order.
template <class Ok>
std::size_t first_violation(std::size_t n, Ok&& ok) {
  std::size_t first = n;
#pragma omp parallel if (n >= PARALLEL_MIN_ELEMENTS)
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
  const std::size_t k =
      first_violation(column.size(), [&](std::size_t i) { return column[i] == NO_INDEX || column[i] < limit; });
  HEATTWIN_CHECK_AS(DataError, k == column.size(), "{}: building '{}' has {} = {} but there are only {}", context,
                    b.id[k], column_name, column[k], limit);
}

template <class T>
void check_enum_column(const std::vector<T>& column, std::size_t count, std::string_view column_name,
                       const BuildingSet& b, std::string_view context) {
  const std::size_t k =
      first_violation(column.size(), [&](std::size_t i) { return static_cast<std::size_t>(column[i]) < count; });
  HEATTWIN_CHECK_AS(DataError, k == column.size(), "{}: building '{}' has invalid {} code {}", context, b.id[k],
                    column_name, static_cast<int>(column[k]));
}

/// The largest plausible value of a building column of `unit` (issue 20, class 6): a U value of
/// 1e300 W/(m²K) must not become 10^301 MWh/a. Generous physical limits, not typical values:
/// U ≤ 10 W/(m²K) (single glazing ≈ 5.8), air change ≤ 50 1/h, lengths ≤ 10 km, areas ≤ 10^9 m²,
/// volumes ≤ 10^10 m³, metered heat ≤ 10^12 kWh/a, nominal heating power ≤ MAX_HEATING_POWER_KW.
double plausible_maximum(std::string_view unit) {
  if (unit == "W/(m2.K)") return 10.0;
  if (unit == "1/h") return 50.0;
  if (unit == "m") return 1e4;
  if (unit == "m2") return 1e9;
  if (unit == "m3") return 1e10;
  if (unit == "kWh/a") return 1e12;
  if (unit == "kW") return MAX_HEATING_POWER_KW;
  return std::numeric_limits<double>::max();
}

void check_non_negative(const std::vector<double>& column, std::string_view column_name, std::string_view unit,
                        const BuildingSet& b, std::string_view context) {
  const double maximum = plausible_maximum(unit);
  const std::size_t k = first_violation(column.size(), [&](std::size_t i) {
    const double v = column[i];
    return std::isnan(v) || (std::isfinite(v) && v >= 0.0 && v <= maximum);
  });
  HEATTWIN_CHECK_AS(DataError, k == column.size(), "{}: building '{}' has {} = {} {} (must be unknown or 0 … {:g} {})",
                    context, b.id[k], column_name, column[k], unit, maximum, unit);
}

}  // namespace

/// Every index a network element holds (a stored file may have been edited or damaged) and the
/// physical values the solvers divide by or exponentiate: a twin that passes this cannot make
/// the network solvers read out of bounds.
void check_network_invariants(const NetworkSet& net, std::size_t building_count, std::string_view context) {
  const std::size_t junctions = net.junctions.size();
  const auto& j = net.junctions;
  HEATTWIN_CHECK_AS(DataError,
                    j.x_m.size() == junctions && j.y_m.size() == junctions && j.elevation_m.size() == junctions &&
                        j.network.size() == junctions,
                    "{}: network junction columns differ in length ({} ids)", context, junctions);
  for (std::size_t k = 0; k < junctions; ++k) {
    HEATTWIN_CHECK_AS(DataError, j.network[k] < net.names.size(),
                      "{}: network junction '{}' belongs to network #{}, but the twin has {} networks", context,
                      j.id[k], j.network[k], net.names.size());
    HEATTWIN_CHECK_AS(DataError, std::isfinite(j.x_m[k]) && std::isfinite(j.y_m[k]) && std::isfinite(j.elevation_m[k]),
                      "{}: network junction '{}' has a non-finite coordinate or elevation", context, j.id[k]);
  }
  const auto junction_ok = [&](std::uint32_t index) { return index < junctions; };
  const auto& p = net.pipes;
  const std::size_t pipes = p.size();
  HEATTWIN_CHECK_AS(DataError,
                    p.from_junction.size() == pipes && p.to_junction.size() == pipes && p.length_m.size() == pipes &&
                        p.inner_diameter_m.size() == pipes && p.roughness_mm.size() == pipes &&
                        p.heat_loss_w_per_mk.size() == pipes && p.burial_depth_m.size() == pipes &&
                        p.side.size() == pipes,
                    "{}: network pipe columns differ in length ({} ids)", context, pipes);
  for (std::size_t k = 0; k < pipes; ++k) {
    HEATTWIN_CHECK_AS(DataError, junction_ok(p.from_junction[k]) && junction_ok(p.to_junction[k]),
                      "{}: pipe '{}' refers to junction #{} -> #{}, but the twin has {} junctions", context, p.id[k],
                      p.from_junction[k], p.to_junction[k], junctions);
    HEATTWIN_CHECK_AS(DataError, j.network[p.from_junction[k]] == j.network[p.to_junction[k]],
                      "{}: pipe '{}' joins junctions of two different networks", context, p.id[k]);
    HEATTWIN_CHECK_AS(DataError,
                      std::isfinite(p.length_m[k]) && p.length_m[k] > 0.0 && std::isfinite(p.inner_diameter_m[k]) &&
                          p.inner_diameter_m[k] > 0.0,
                      "{}: pipe '{}' has length {} m and inner diameter {} m; both must be positive and finite",
                      context, p.id[k], p.length_m[k], p.inner_diameter_m[k]);
    HEATTWIN_CHECK_AS(DataError,
                      std::isfinite(p.roughness_mm[k]) && p.roughness_mm[k] >= 0.0 &&
                          std::isfinite(p.heat_loss_w_per_mk[k]) && p.heat_loss_w_per_mk[k] >= 0.0 &&
                          std::isfinite(p.burial_depth_m[k]) && p.burial_depth_m[k] >= 0.0,
                      "{}: pipe '{}' has a negative or non-finite roughness, heat-loss coefficient or burial depth",
                      context, p.id[k]);
    HEATTWIN_CHECK_AS(DataError, p.side[k] <= static_cast<std::uint8_t>(PipeSide::return_),
                      "{}: pipe '{}' has side code {}, expected 0 (supply) or 1 (return)", context, p.id[k],
                      static_cast<int>(p.side[k]));
  }
  const auto& c = net.consumers;
  HEATTWIN_CHECK_AS(DataError,
                    c.building.size() == c.size() && c.supply_junction.size() == c.size() &&
                        c.return_junction.size() == c.size() && c.design_heat_kw.size() == c.size(),
                    "{}: network consumer columns differ in length ({} ids)", context, c.size());
  for (std::size_t k = 0; k < c.size(); ++k) {
    HEATTWIN_CHECK_AS(DataError, junction_ok(c.supply_junction[k]) && junction_ok(c.return_junction[k]),
                      "{}: network consumer '{}' connects junctions #{} and #{}, but the twin has {} junctions",
                      context, c.id[k], c.supply_junction[k], c.return_junction[k], junctions);
    HEATTWIN_CHECK_AS(DataError, c.building[k] == NO_INDEX || c.building[k] < building_count,
                      "{}: network consumer '{}' refers to building #{}, but the twin has {} buildings", context,
                      c.id[k], c.building[k], building_count);
    HEATTWIN_CHECK_AS(
        DataError,
        std::isnan(c.design_heat_kw[k]) || (std::isfinite(c.design_heat_kw[k]) && c.design_heat_kw[k] >= 0.0),
        "{}: network consumer '{}' has design heat {} kW; expected a finite value >= 0 or not set", context, c.id[k],
        c.design_heat_kw[k]);
  }
  const auto& src = net.sources;
  HEATTWIN_CHECK_AS(DataError,
                    src.supply_junction.size() == src.size() && src.return_junction.size() == src.size() &&
                        src.t_supply_c.size() == src.size() && src.pressure_lift_bar.size() == src.size(),
                    "{}: network source columns differ in length ({} ids)", context, src.size());
  for (std::size_t k = 0; k < src.size(); ++k) {
    HEATTWIN_CHECK_AS(DataError, junction_ok(src.supply_junction[k]) && junction_ok(src.return_junction[k]),
                      "{}: network source '{}' connects junctions #{} and #{}, but the twin has {} junctions", context,
                      src.id[k], src.supply_junction[k], src.return_junction[k], junctions);
    // NaN means "not set" (the scenario or the design decides); a set value must be physical.
    const double t = src.t_supply_c[k], lift = src.pressure_lift_bar[k];
    HEATTWIN_CHECK_AS(DataError, std::isnan(t) || (t > 0.0 && t < 200.0),
                      "{}: network source '{}' has supply temperature {} °C; expected 0–200 °C or not set", context,
                      src.id[k], t);
    HEATTWIN_CHECK_AS(DataError, std::isnan(lift) || (lift >= 0.0 && lift < 100.0),
                      "{}: network source '{}' has pressure lift {} bar; expected 0–100 bar or not set", context,
                      src.id[k], lift);
  }
}

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
  HEATTWIN_CHECK_AS(DataError, twin.roofs.is_consistent(n),
                    "{}: roof surfaces are inconsistent ({} buildings covered for {} buildings, {} surfaces, {} "
                    "vertices)",
                    context, twin.roofs.building_count(), n, twin.roofs.surface_count(), twin.roofs.x_m.size());

  {
    const std::size_t empty = first_violation(n, [&](std::size_t i) { return !b.id[i].empty(); });
    HEATTWIN_CHECK_AS(DataError, empty == n, "{}: building #{} has an empty id", context, empty);
    // Duplicate ids: sort (hash, index) pairs, compare the strings of equal hashes.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed(n);
#pragma omp parallel for schedule(static) if (n >= PARALLEL_MIN_ELEMENTS)
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
  HEATTWIN_CHECK_AS(DataError, no_centroid == n,
                    "{}: building '{}' (#{}) has no finite centroid (x_m = {}, y_m = {}); its footprint is missing or "
                    "has non-finite coordinates — fix or remove the building",
                    context, b.id[no_centroid], no_centroid, b.x_m[no_centroid], b.y_m[no_centroid]);
  b.for_each_value_column([&](std::string_view name, std::string_view unit, std::string_view, const auto& column) {
    if constexpr (std::is_same_v<typename std::decay_t<decltype(column)>::value_type, double>) {
      if (name != "x_m" && name != "y_m") check_non_negative(column, name, unit, b, context);
    }
  });

  const auto& s = twin.streets;
  HEATTWIN_CHECK_AS(DataError,
                    s.y0_m.size() == s.size() && s.x1_m.size() == s.size() && s.y1_m.size() == s.size() &&
                        s.municipality.size() == s.size(),
                    "{}: street columns differ in length", context);
  check_network_invariants(twin.networks, n, context);
}

}  // namespace heattwin::twin
