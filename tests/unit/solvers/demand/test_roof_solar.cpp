/// Roof solar potential: shading against analytic cases (an infinitely long wall: the beam is
/// blocked exactly below the wall angle, the sky-view factor is (1 + cos θ)/2), the unshaded
/// irradiation against the Perez sky of solar.hpp, usable-area rules and the parameter file.

#include "solvers/demand/roof_solar.hpp"
#include "solvers/demand/solar.hpp"
#include "solvers/demand/weather.hpp"
#include "tests/unit/expect_input_error.hpp"
#include "tests/unit/validation_line.hpp"
#include "twin/building_set.hpp"
#include "twin/roof_derivation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <tuple>
#include <vector>

namespace dm = heattwin::solvers::demand;
namespace tw = heattwin::twin;
namespace fs = std::filesystem;

namespace {

const fs::path WEATHER = fs::path(HEATTWIN_REFERENCE_DATA_DIR) / "weather";
const fs::path PARAMETERS = fs::path(HEATTWIN_SOURCE_DATA_DIR) / "solar" / "roof_solar_parameters.csv";
constexpr double DEG = std::numbers::pi / 180.0;

using Ring = std::vector<std::array<double, 3>>;

/// A 1 m × 1 m flat roof at z = 0 around the origin (one sample point at its centre) and, as a
/// second surface of the same building (so the building shades itself), a thin slab standing for
/// an infinitely long wall of height `wall_m` along x at y = −distance_m (south of the point).
tw::RoofSurfaceSet point_and_south_wall(double wall_m, double distance_m) {
  tw::RoofSurfaceSet roofs;
  const double L = 1e5;
  const std::vector<Ring> rings{{{-0.5, -0.5, 0.0}, {0.5, -0.5, 0.0}, {0.5, 0.5, 0.0}, {-0.5, 0.5, 0.0}},
                                {{-L, -distance_m - 0.2, wall_m},
                                 {L, -distance_m - 0.2, wall_m},
                                 {L, -distance_m, wall_m},
                                 {-L, -distance_m, wall_m}}};
  roofs.append_building(rings, tw::RoofSource::lod2);
  return roofs;
}

dm::RoofSolarSettings exact_settings() {
  dm::RoofSolarSettings s;
  s.sample_lift_m = 0.0;
  s.shading_radius_m = 200.0;
  return s;
}

}  // namespace

TEST(RoofSolar, WallBlocksTheBeamExactlyBelowItsAngle) {
  // Two hours with the sun due south (a sector centre), one just below and one just above the
  // 45° wall angle; 100 Wh/m² each, no diffuse light.
  dm::SolarYear year;
  for (const double elevation_deg : {44.9, 45.1}) {
    const double e = elevation_deg * DEG;
    year.light_x.push_back(0.0);
    year.light_y.push_back(-100.0 * std::cos(e));
    year.light_z.push_back(100.0 * std::sin(e));
    year.sun_azimuth_deg.push_back(180.0);
    year.sun_tan_elevation.push_back(std::tan(e));
  }
  const auto roofs = point_and_south_wall(10.0, 10.0);
  const std::vector<std::uint32_t> buildings{0};
  const auto r = dm::roof_irradiation(roofs, buildings, year, exact_settings());
  ASSERT_EQ(r.sample_begin[1], 1u);
  const double expected_kwh = 100.0 * std::sin(45.1 * DEG) / 1000.0;  // only the hour above the wall
  heattwin::test::ValidationLine("roof_solar", "wall_h10_d10_beam", "blocked_below_wall_angle")
      .field("wall_angle_deg", 45.0)
      .at_most("abs_err_kwh_per_m2", std::abs(r.sample_irradiation_kwh_per_m2[0] - expected_kwh), 1e-6);
}

TEST(RoofSolar, SkyViewFactorOfAnInfiniteWallIsAnalytic) {
  dm::SolarYear year;  // no sun: only the sky-view factor matters
  year.isotropic_diffuse_wh_per_m2 = 1000.0;
  const std::vector<std::uint32_t> buildings{0};
  for (const double wall : {5.0, 10.0, 20.0}) {
    const double d = 10.0;
    const auto r = dm::roof_irradiation(point_and_south_wall(wall, d), buildings, year, exact_settings());
    const double theta = std::atan(wall / d);
    const double analytic = 0.5 * (1.0 + std::cos(theta));
    // Quadrature of 72 piecewise-constant sectors; tolerance from its discretisation (< 1e-3).
    heattwin::test::ValidationLine("roof_solar", "wall_h" + std::to_string(static_cast<int>(wall)) + "_d10",
                                   "sky_view_factor")
        .field("analytic", analytic)
        .field("computed", r.sky_view_factor[0])
        .at_most("abs_err", std::abs(r.sky_view_factor[0] - analytic), 2e-3);
    EXPECT_NEAR(r.irradiation_kwh_per_m2[0], r.sky_view_factor[0], 1e-9);  // 1000 Wh/m² × svf
  }
}

TEST(RoofSolar, AnnualBeamBehindAWallMatchesTheAnalyticHorizon) {
  const auto weather = dm::read_weather(WEATHER / "TRY2010_04_Jahr.dat");
  const dm::SolarYear year = dm::make_solar_year(weather, 0.2);
  const double wall = 8.0, d = 10.0;
  const std::vector<std::uint32_t> buildings{0};
  const auto r = dm::roof_irradiation(point_and_south_wall(wall, d), buildings, year, exact_settings());
  // Reference: hour by hour with the exact horizon of the wall, tan h(a) = H max(0, −cos a) / d.
  double direct = 0.0;
  for (std::size_t h = 0; h < year.light_z.size(); ++h) {
    const double tan_h = wall * std::max(0.0, -std::cos(year.sun_azimuth_deg[h] * DEG)) / d;
    if (year.sun_tan_elevation[h] > tan_h) direct += std::max(0.0, year.light_z[h]);
  }
  const double svf = 0.5 * (1.0 + std::cos(std::atan(wall / d)));
  const double reference = (direct + year.isotropic_diffuse_wh_per_m2 * svf) / 1000.0;
  const double rel = std::abs(r.irradiation_kwh_per_m2[0] - reference) / reference;
  // Linear interpolation between 5° sectors and the sector quadrature of the sky: < 0.5 %.
  heattwin::test::ValidationLine("roof_solar", "wall_h8_d10_potsdam_try2010", "annual_irradiation")
      .field("reference_kwh_per_m2", reference)
      .field("computed_kwh_per_m2", r.irradiation_kwh_per_m2[0])
      .at_most("rel_err", rel, 0.005);
  EXPECT_LT(r.irradiation_kwh_per_m2[0], r.unshaded_irradiation_kwh_per_m2[0]);
}

TEST(RoofSolar, UnshadedIrradiationMatchesThePerezSkyHourByHour) {
  const auto weather = dm::read_weather(WEATHER / "TRY2010_04_Jahr.dat");
  const dm::SolarYear year = dm::make_solar_year(weather, 0.2);
  const auto sun = dm::hourly_sun_positions(weather.site);
  for (const auto& [tilt, azimuth] : std::vector<std::pair<double, double>>{{0, 0}, {35, 180}, {45, 90}, {30, 270}}) {
    const auto surface = dm::irradiance_on_surface(weather, sun, tilt, azimuth, 0.2);
    double hourly = 0.0;
    for (std::size_t h = 0; h < weather.hours(); ++h) hourly += surface.total(h);
    hourly /= 1000.0;
    const double fast = dm::unshaded_irradiation_kwh_per_m2(year, tilt, azimuth);
    // The yearly sums clip the Perez sky diffuse at zero once per year instead of per hour.
    EXPECT_NEAR(fast, hourly, 0.003 * hourly) << "tilt " << tilt << " azimuth " << azimuth;
  }
}

TEST(RoofSolar, SouthRoofPotentialFollowsTheRules) {
  const auto weather = dm::read_weather(WEATHER / "TRY2010_04_Jahr.dat");
  const dm::SolarYear year = dm::make_solar_year(weather, 0.2);
  // A gable roof 10 m (east-west) × 8 m, ridge at 4 m over eaves at 0 m: a south and a north face.
  tw::RoofSurfaceSet roofs;
  const std::vector<Ring> rings{{{0, 0, 0}, {10, 0, 0}, {10, 4, 3}, {0, 4, 3}},
                                {{10, 8, 0}, {0, 8, 0}, {0, 4, 3}, {10, 4, 3}}};
  roofs.append_building(rings, tw::RoofSource::lod2);
  const std::vector<std::uint32_t> buildings{0};
  const auto irr = dm::roof_irradiation(roofs, buildings, year, dm::RoofSolarSettings{});
  ASSERT_EQ(irr.surfaces(), 2u);
  EXPECT_NEAR(irr.tilt_deg[0], std::atan(3.0 / 4.0) / DEG, 1e-9);
  EXPECT_NEAR(irr.azimuth_deg[0], 180.0, 1e-9);
  EXPECT_NEAR(irr.azimuth_deg[1], 0.0, 1e-9);
  EXPECT_NEAR(irr.area_m2[0], 50.0, 1e-9);
  // The south face sees nothing above its own horizon: unshaded.
  EXPECT_NEAR(irr.irradiation_kwh_per_m2[0], irr.unshaded_irradiation_kwh_per_m2[0],
              1e-3 * irr.unshaded_irradiation_kwh_per_m2[0]);
  const auto p = dm::load_solar_yield_parameters(PARAMETERS.string());
  const auto pot = dm::roof_solar_potential(irr, 1, p);
  // Only the south face is usable (north faces excluded); inset by the setback.
  const double inset = 50.0 - irr.perimeter_m[0] * p.edge_setback_m + 4.0 * p.edge_setback_m * p.edge_setback_m;
  EXPECT_NEAR(pot.usable_area_m2[0], inset, 1e-9);
  EXPECT_NEAR(pot.roof_area_m2[0], 100.0, 1e-9);
  EXPECT_NEAR(pot.pv_peak_kw[0], inset * p.pv_module_efficiency, 1e-9);
  EXPECT_NEAR(pot.pv_yield_kwh_per_a[0],
              inset * pot.usable_irradiation_kwh_per_m2[0] * p.pv_module_efficiency * p.pv_performance_ratio, 1e-6);
  EXPECT_GT(pot.solar_thermal_yield_kwh_per_a[0], pot.pv_yield_kwh_per_a[0]);
}

TEST(RoofSolar, ParameterFileErrorsNameFileAndLine) {
  const fs::path bad = fs::temp_directory_path() / "heattwin_test_roof_solar_parameters.csv";
  {
    std::ifstream in(PARAMETERS);
    std::ofstream out(bad);
    std::string line;
    while (std::getline(in, line)) out << line << "\n";
    out << "pv_module_efficency,0.2,1,typo\n";
  }
  heattwin::test::expect_input_error([&] { (void)dm::load_solar_yield_parameters(bad.string()); },
                                     {bad.string() + ":17", "pv_module_efficency"});
  fs::remove(bad);
}

TEST(RoofSolar, RejectsSettingsOutOfRange) {
  dm::RoofSolarSettings s;
  s.horizon_sectors = 2;
  const tw::RoofSurfaceSet roofs = point_and_south_wall(1.0, 1.0);
  const std::vector<std::uint32_t> buildings{0};
  heattwin::test::expect_input_error([&] { (void)dm::roof_irradiation(roofs, buildings, dm::SolarYear{}, s); },
                                     {"horizon_sectors", "2"});
}

TEST(RoofSolar, DerivedRoofsFromFootprintAndHeight) {
  // A residential house 10 m (east-west) × 8 m, 8 m high: a gable roof with its ridge along the
  // 10 m edges; an office of the same footprint: a flat roof; a building without height: none.
  tw::BuildingSet b;
  const std::vector<std::vector<std::array<double, 2>>> rect{{{0, 0}, {10, 0}, {10, 8}, {0, 8}}};
  for (const auto& [id, use, height] :
       std::vector<std::tuple<const char*, tw::UseClass, double>>{{"house", tw::UseClass::residential, 8.0},
                                                                  {"office", tw::UseClass::office, 8.0},
                                                                  {"shed", tw::UseClass::residential, tw::NaN}}) {
    const auto k = b.append_with_footprint(id, rect, 5.0, 4.0, 80.0, 36.0);
    b.use_class[k] = static_cast<std::uint8_t>(use);
    b.height_m[k] = height;
  }
  b.finish_footprints();
  tw::RoofDerivationCounts counts;
  const tw::RoofSurfaceSet roofs = tw::derive_roof_surfaces(b, tw::RoofDerivationSettings{}, &counts);
  EXPECT_EQ(counts.gable, 1u);
  EXPECT_EQ(counts.flat, 1u);
  EXPECT_EQ(counts.without, 1u);
  ASSERT_TRUE(roofs.is_consistent(3));
  EXPECT_EQ(roofs.surface_begin, (std::vector<std::uint64_t>{0, 2, 3, 3}));
  dm::SolarYear year;  // geometry only
  const std::vector<std::uint32_t> buildings{0, 1};
  dm::RoofSolarSettings settings;
  settings.shading_radius_m = 0.0;
  const auto irr = dm::roof_irradiation(roofs, buildings, year, settings);
  ASSERT_EQ(irr.surfaces(), 3u);
  // Gable faces: tilt 35°, facing south and north, each 10 m × (4 m / cos 35°).
  for (std::size_t s = 0; s < 2; ++s) {
    EXPECT_NEAR(irr.tilt_deg[s], 35.0, 1e-9);
    EXPECT_NEAR(irr.area_m2[s], 40.0 / std::cos(35.0 * DEG), 1e-9);
  }
  EXPECT_NEAR(std::min(irr.azimuth_deg[0], irr.azimuth_deg[1]), 0.0, 1e-9);
  EXPECT_NEAR(std::max(irr.azimuth_deg[0], irr.azimuth_deg[1]), 180.0, 1e-9);
  // Ridge at the building height, eaves 4 m · tan 35° lower.
  const auto [z_low, z_high] = std::minmax_element(roofs.z_m.begin(), roofs.z_m.begin() + 8);
  EXPECT_NEAR(*z_high, 8.0, 1e-12);
  EXPECT_NEAR(*z_low, 8.0 - 4.0 * std::tan(35.0 * DEG), 1e-12);
  EXPECT_NEAR(irr.tilt_deg[2], 0.0, 1e-12);
  EXPECT_NEAR(irr.area_m2[2], 80.0, 1e-9);
}
