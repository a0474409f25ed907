#pragma once
/// \file Roof solar potential: annual irradiation on a grid of sample points over every roof
/// surface, with shading by neighbouring buildings and by the building itself, and the PV and
/// solar-thermal yields of the usable roof area (docs/DEMAND.md, "Roof solar potential").
///
/// Method. Per sample point a horizon profile is built: for each of `horizon_sectors` azimuth
/// directions the highest elevation of any roof edge of the buildings within `shading_radius_m`
/// (the surface's own polygon excluded). Because LoD2 walls stand below roof edges and a planar
/// polygon is highest along a vertical slice at its boundary, the roof edges give the exact
/// horizon of the buildings in each sampled direction; between directions the profile is
/// interpolated linearly. An hour's beam and Perez circumsolar light reach the point when the
/// sun stands above the profile; the Perez isotropic sky and horizon band are scaled by the
/// sky-view factor of the profile seen from the tilted surface (integrated analytically per
/// sector); the ground-reflected part is kept unshaded. No CGAL: the horizon sweep is O(edges)
/// per point and was chosen over ray casting, which needs a search over elevations per direction.
///
/// Determinism: every surface is computed independently (OpenMP over surfaces); results do not
/// depend on the thread count.
#include "solvers/demand/perez_sky.hpp"
#include "solvers/demand/solar.hpp"
#include "solvers/demand/weather.hpp"
#include "twin/roof_surfaces.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace heattwin::solvers::demand {

/// The weather year reduced to what roof irradiation needs: per sunlit hour the beam and
/// circumsolar light as a vector (its dot product with a unit normal is the hour's irradiation on
/// the plane), and the yearly sums of the diffuse parts. Built once per run, O(hours).
struct SolarYear {
  std::vector<double> light_x, light_y, light_z;  ///< Wh/m² × unit-free direction, per sunlit hour
  std::vector<double> sun_azimuth_deg;            ///< clockwise from north, per sunlit hour
  std::vector<double> sun_tan_elevation;          ///< tangent of the sun elevation, per sunlit hour
  double isotropic_diffuse_wh_per_m2 = 0.0;       ///< Σ DHI (1 − F1), horizontal
  double horizon_band_wh_per_m2 = 0.0;            ///< Σ DHI F2
  double global_horizontal_wh_per_m2 = 0.0;       ///< Σ GHI
  double ground_reflectance = 0.2;
};

/// Builds the SolarYear of a weather year (hourly_sun_positions, perez_sky_coefficients).
SolarYear make_solar_year(const HourlyWeather& weather, double ground_reflectance);

/// Annual irradiation (kWh/m²) on a plane of `tilt_deg`, `azimuth_deg` without any horizon.
double unshaded_irradiation_kwh_per_m2(const SolarYear& year, double tilt_deg, double azimuth_deg);

/// Sampling and shading settings ([solar] keys, docs/SCENARIOS.md).
struct RoofSolarSettings {
  int horizon_sectors = 72;          ///< azimuth directions of the horizon profile (5° apart)
  double shading_radius_m = 100.0;   ///< buildings farther away (bounding boxes) do not shade
  double sample_spacing_m = 2.0;     ///< grid spacing of the sample points in the roof plane
  int max_samples_per_surface = 32;  ///< on large surfaces the spacing grows to keep this bound
  double sample_lift_m = 0.05;       ///< sample points sit this far above the plane (along its normal)
  double max_roof_tilt_deg = 85.0;   ///< steeper surfaces are not evaluated (not roofs)
};

/// Irradiation of the evaluated roof surfaces (one entry per surface, in building order).
struct RoofIrradiation {
  std::vector<std::uint32_t> building;  ///< position of the surface's building in the `buildings` list
  std::vector<double> area_m2, perimeter_m, tilt_deg, azimuth_deg;
  std::vector<double> irradiation_kwh_per_m2;           ///< mean over the samples, shaded (per year)
  std::vector<double> unshaded_irradiation_kwh_per_m2;  ///< the same plane without any horizon
  std::vector<double> sky_view_factor;                  ///< mean over the samples, 1 = free sky
  std::vector<std::uint32_t> sample_begin;              ///< surface s owns samples [sample_begin[s], [s+1])
  std::vector<float> sample_irradiation_kwh_per_m2;     ///< per sample point (per year)
  std::uint64_t horizon_rays = 0;      ///< samples × horizon sectors (the horizon directions evaluated)
  std::uint64_t edge_tests = 0;        ///< roof edges examined for the horizons
  std::uint64_t skipped_surfaces = 0;  ///< degenerate or steeper than max_roof_tilt_deg
  std::size_t samples() const { return sample_irradiation_kwh_per_m2.size(); }
  std::size_t surfaces() const { return building.size(); }
};

/// Irradiation of the roofs of `buildings` (indices into `roofs`), shaded by the roofs of every
/// building of `roofs` within the radius. Throws InputError for settings out of range. Parallel
/// over surfaces (OpenMP), deterministic. Cost O(samples × (edges nearby + sunlit hours)).
RoofIrradiation roof_irradiation(const twin::RoofSurfaceSet& roofs, std::span<const std::uint32_t> buildings,
                                 const SolarYear& year, const RoofSolarSettings& settings);

/// Usable-area rules and yield models, read from data/solar/roof_solar_parameters.csv (each value
/// with its source there and in data/solar/PROVENANCE.md).
struct SolarYieldParameters {
  double min_irradiation_kwh_per_m2 = 900.0;            ///< samples below this are not usable
  double min_usable_area_m2 = 10.0;                     ///< a surface with less usable area counts as none
  double max_tilt_deg = 60.0;                           ///< steeper surfaces are not usable
  double flat_tilt_deg = 10.0;                          ///< flatter surfaces are flat roofs
  double north_exclusion_half_angle_deg = 90.0;         ///< pitched surfaces facing within this of north are not usable
  double flat_roof_area_factor = 0.5;                   ///< share of a flat roof covered by tilted module rows
  double edge_setback_m = 0.5;                          ///< free strip along the roof edges
  double pv_module_efficiency = 0.20;                   ///< module efficiency at STC (kWp per m² × 1 kW/m²)
  double pv_performance_ratio = 0.80;                   ///< AC yield / (STC efficiency × irradiation)
  double st_eta0 = 0.78;                                ///< collector zero-loss efficiency
  double st_a1_w_per_m2k = 3.5;                         ///< first-order heat-loss coefficient
  double st_a2_w_per_m2k2 = 0.015;                      ///< second-order heat-loss coefficient
  double st_reference_irradiance_w_per_m2 = 500.0;      ///< operating point of the efficiency curve
  double st_reference_temperature_difference_k = 30.0;  ///< mean fluid − ambient at the operating point
  double st_max_hot_water_share = 0.6;                  ///< highest solar share of hot water counted as indicator
  std::string source;                                   ///< file read ("built-in defaults" if none)

  /// Collector efficiency at the operating point, η0 − a1 ΔT/G − a2 ΔT²/G (≥ 0).
  double st_operating_efficiency() const;
};

/// Reads the parameters (columns parameter,value,unit,source); unknown or missing parameters and
/// values out of range are InputErrors naming the file and line.
SolarYieldParameters load_solar_yield_parameters(const std::string& path);

/// Usable area and yields per building (index = position in the `buildings` list of
/// roof_irradiation; `building_count` entries).
struct RoofSolarPotential {
  std::vector<double> roof_area_m2;                   ///< all evaluated roof surfaces
  std::vector<double> usable_area_m2;                 ///< after the usable-area rules
  std::vector<double> usable_irradiation_kwh_per_m2;  ///< mean over the usable samples (0 if none)
  std::vector<double> shading_loss_share;             ///< 1 − shaded/unshaded irradiation over the roof area
  std::vector<double> pv_peak_kw;                     ///< kWp on the usable area
  std::vector<double> pv_yield_kwh_per_a;             ///< AC electricity per year
  std::vector<double> solar_thermal_yield_kwh_per_a;  ///< collector heat per year on the usable area
};

RoofSolarPotential roof_solar_potential(const RoofIrradiation& irradiation, std::size_t building_count,
                                        const SolarYieldParameters& parameters);

}  // namespace heattwin::solvers::demand
