#pragma once
/// \file The roof solar potential step of a demand run ([solar] in the scenario file): roof
/// irradiation with shading, PV and solar-thermal potential per building, summed per 100 m cell
/// and municipality, written to /results/<name>/<base year>/solar (docs/results-schema.md) and
/// reported in `run --json` and the heat-plan report. Indicators for the supply step: solar share
/// of hot water and PV yield against heat-pump electricity (the supply choice does not use them).

#include "solvers/demand/roof_solar.hpp"
#include "solvers/demand/weather.hpp"
#include "solvers/supply/individual.hpp"
#include "twin/h5.hpp"
#include "twin/roof_derivation.hpp"
#include "twin/twin.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <span>
#include <string>

namespace heattwin::scenarios {

/// [solar] settings (defaults: the values below; keys and ranges in docs/SCENARIOS.md).
struct SolarScenarioSettings {
  /// [solar] roofs: compute the roof solar potential. Off by default: it adds about a third to the
  /// demo run's time (docs/DEMAND.md); the demo and heat-plan scenarios switch it on.
  bool roofs = false;
  std::string parameters_csv;       ///< [solar] parameters; default data/solar/roof_solar_parameters.csv
  double ground_reflectance = 0.2;  ///< [solar] ground_reflectance (albedo)
  solvers::demand::RoofSolarSettings
      sampling;  ///< horizon_sectors, shading_radius_m, sample_spacing_m, max_samples_per_surface
  twin::RoofDerivationSettings derivation;  ///< imputed_gable_tilt_deg (buildings without LoD2 roofs)
};

/// What the step computed (for run --json and the text summary).
struct RoofSolarSummary {
  bool computed = false;
  /// "lod2" (every computed building has the twin's LoD2 roofs), "derived" (all from footprint and
  /// height) or "mixed"
  std::string roof_basis;
  std::uint64_t buildings = 0, surfaces = 0, samples = 0, horizon_rays = 0;
  /// Computed buildings by roof source: the twin's LoD2 roofs, derived gable, derived flat, none
  std::uint64_t lod2_roofs = 0, derived_gable = 0, derived_flat = 0, without_roof = 0;
  std::uint64_t buildings_with_usable_roof = 0;
  double roof_area_m2 = 0.0, usable_area_m2 = 0.0, pv_peak_mw = 0.0, pv_yield_mwh = 0.0;
  double solar_thermal_yield_mwh = 0.0, shading_loss_share = 0.0;  ///< area-weighted over the roofs
  double seconds = 0.0;
};

/// Runs the step for the buildings `twin_index` (rows of the twin, the results' building order)
/// and writes the group `solar` into `year_group`. `heating_kwh`/`hot_water_kwh` are the demand
/// basis of the supply step, `supply_t_c` the buildings' design supply temperatures, `supply`
/// the base year's individual supply model (its air heat pump seasonal COPs give the heat-pump
/// electricity of the PV indicator). Throws InputError for a bad parameter file.
RoofSolarSummary run_roof_solar(const SolarScenarioSettings& settings, const twin::Twin& twin,
                                std::span<const std::uint32_t> twin_index,
                                const solvers::demand::HourlyWeather& weather,
                                const solvers::supply::IndividualSupplyModel& supply,
                                std::span<const double> heating_kwh, std::span<const double> hot_water_kwh,
                                std::span<const double> supply_t_c, const h5::Group& year_group);

/// The summary as JSON (`run --json` key "solar").
nlohmann::ordered_json roof_solar_json(const RoofSolarSummary& summary);

}  // namespace heattwin::scenarios
