#pragma once
/// \file Heat potentials of a heat plan (WPG §16 Potenzialanalyse) as one GIS layer: industrial
/// waste heat, waste-water mains, rivers and lakes, areas for ground-source heat and open-space
/// solar thermal, biomass. One feature per potential; the attribute schema is documented in
/// docs/POTENTIALS.md and checked here (errors name the file and feature id). Geometries of any
/// CRS are reprojected to the twin's.

#include "twin/polygon_set.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace heattwin::twin {

/// Kinds of heat potential (the `kind` attribute).
enum class PotentialKind : std::uint8_t {
  waste_heat,     ///< industrial / commercial waste heat (point), MWh/a at temperature_c
  waste_water,    ///< waste-water main or treatment plant (line or point), heat extractable MWh/a
  surface_water,  ///< river or lake (line, area or point), heat extractable MWh/a
  ground_source,  ///< land for ground-source heat (area), MWh/a or area × yield
  solar_thermal,  ///< land for open-space solar thermal (area), MWh/a or area × yield
  biomass,        ///< regional biomass (any geometry or none), MWh/a of fuel (final energy)
};
inline constexpr std::size_t POTENTIAL_KIND_COUNT = 6;

/// "waste_heat", "waste_water", "surface_water", "ground_source", "solar_thermal", "biomass".
std::string_view potential_kind_name(PotentialKind kind);
/// The kind of a name above; nullopt if unknown.
std::optional<PotentialKind> potential_kind_from_name(std::string_view name);

/// Yields per m² of land for area potentials without a capacity (kWh/(m²·a)); NaN = not given.
/// An area without capacity takes its own `yield_kwh_per_m2a`, else the scenario's yield of its
/// kind, else the cited default of its kind (data/potentials/area_yields.csv, counted as
/// capacity_from_yield = 2); with none of them it is an error.
struct PotentialAreaYields {
  double ground_source_kwh_per_m2a = std::numeric_limits<double>::quiet_NaN();
  double solar_thermal_kwh_per_m2a = std::numeric_limits<double>::quiet_NaN();
  double ground_source_default_kwh_per_m2a = std::numeric_limits<double>::quiet_NaN();
  double solar_thermal_default_kwh_per_m2a = std::numeric_limits<double>::quiet_NaN();
};

/// The cited default yields of `path` (columns kind, yield_kwh_per_m2a, derivation, source,
/// verified; rows ground_source and solar_thermal) into the *_default_* fields of `yields`.
/// Throws InputError naming the file and line for an unknown kind, a yield outside [0, 5000],
/// a row without source or a duplicate kind.
void load_default_area_yields(const std::string& path, PotentialAreaYields& yields);

/// The potentials of a layer as columns (one row per feature, in file order).
struct PotentialSet {
  std::string path;  ///< the file, for messages
  std::vector<std::string> id;
  std::vector<std::uint8_t> kind;          ///< PotentialKind
  std::vector<double> capacity_mwh_per_a;  ///< heat (biomass: fuel) available per year
  std::vector<double> temperature_c;       ///< source temperature; NaN: not given
  std::vector<double> area_m2;             ///< land area in the twin CRS (0: not an area)
  std::vector<std::uint8_t> is_point;      ///< 1: the geometry is one point (a candidate network plant site)
  /// 0: capacity given; 1: area × the feature's or the scenario's yield; 2: area × the cited
  /// default yield (data/potentials/area_yields.csv).
  std::vector<std::uint8_t> capacity_from_yield;
  /// Per feature one polygon (all rings of its parts, outer and holes, even-odd) in the twin CRS;
  /// no rings for points, lines and features without geometry.
  PolygonSet areas;
  std::vector<double> x_m, y_m;  ///< a representative point in the twin CRS (NaN: no geometry)

  std::size_t size() const { return id.size(); }
  /// Σ capacity per kind (PotentialKind order), MWh/a.
  std::array<double, POTENTIAL_KIND_COUNT> capacity_by_kind_mwh_per_a() const;
  /// True if the layer holds at least one feature of `kind`.
  bool has_kind(PotentialKind kind) const;
};

/// Reads a potentials layer (`layer` empty: the first) of `path` into the twin CRS. Attributes
/// (docs/POTENTIALS.md): `kind` (required, a potential_kind_name), `capacity_mwh_per_a` (≥ 0;
/// may be missing only for ground_source / solar_thermal areas, which then take area × the
/// feature's `yield_kwh_per_m2a` or the kind's `yields`), optional `temperature_c`, optional `id`
/// (else the feature id). Throws InputError naming the file and feature for: a missing `kind`
/// field or value, an unknown kind, a missing, negative or non-numeric capacity, a temperature
/// outside [-50, 1000] °C, an area without capacity or yield, a vertex that cannot be transformed
/// (wrong CRS), duplicate ids; and for an unreadable file, a missing layer or CRS. O(vertices).
PotentialSet read_potential_layer(const std::string& path, const std::string& layer, const std::string& twin_crs,
                                  const PotentialAreaYields& yields = {});

}  // namespace heattwin::twin
