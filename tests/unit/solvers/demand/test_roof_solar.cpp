/// Roof solar potential: shading against analytic cases (an infinitely long wall: the beam is
/// blocked exactly below the wall angle, the sky-view factor is (1 + cos θ)/2), the unshaded
/// irradiation against the Perez sky of solar.hpp, usable-area rules and the parameter file.

#include "solvers/demand/roof_solar.hpp"
#include "solvers/demand/solar.hpp"
#include "solvers/demand/weather.hpp"
#include "tests/unit/expect_input_error.hpp"
#include "tests/unit/validation_line.hpp"
#include "twin/building_set.hpp"
#include "twin/citygml_reader.hpp"
#include "twin/csv.hpp"
#include "twin/error.hpp"
#include "twin/roof_derivation.hpp"
#include "twin/twin.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <span>
#include <string>
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

namespace {

/// A gable roof w × d (ridge along the w side at the middle, pitch `pitch_deg`, eaves at z = 0),
/// turned clockwise by `turn_deg` (compass sense): faces 180° + turn (first) and turn (second).
std::vector<Ring> turned_gable(double w, double d, double pitch_deg, double turn_deg, double x0 = 0.0) {
  const double rise = 0.5 * d * std::tan(pitch_deg * DEG);
  std::vector<Ring> rings{{{-w / 2, -d / 2, 0}, {w / 2, -d / 2, 0}, {w / 2, 0, rise}, {-w / 2, 0, rise}},
                          {{w / 2, d / 2, 0}, {-w / 2, d / 2, 0}, {-w / 2, 0, rise}, {w / 2, 0, rise}}};
  const double a = turn_deg * DEG;
  for (auto& ring : rings)
    for (auto& p : ring) {
      const double x = p[0], y = p[1];
      p[0] = x0 + x * std::cos(a) + y * std::sin(a);
      p[1] = -x * std::sin(a) + y * std::cos(a);
    }
  return rings;
}

/// Angle between two azimuths in degrees (0…180).
double azimuth_gap(double a, double b) {
  const double d = std::fmod(std::abs(a - b), 360.0);
  return std::min(d, 360.0 - d);
}

}  // namespace

TEST(RoofSolar, TurnedGableRoofHasAnalyticTiltAzimuthAreaAndPlaneIrradiation) {
  const auto weather = dm::read_weather(WEATHER / "TRY2010_04_Jahr.dat");
  const dm::SolarYear year = dm::make_solar_year(weather, 0.2);
  const double w = 12.0, d = 8.0, pitch = 40.0, turn = 30.0;
  tw::RoofSurfaceSet roofs;
  roofs.append_building(turned_gable(w, d, pitch, turn), tw::RoofSource::lod2, 0.0);
  const std::vector<std::uint32_t> buildings{0};
  const auto irr = dm::roof_irradiation(roofs, buildings, year, dm::RoofSolarSettings{});
  ASSERT_EQ(irr.surfaces(), 2u);
  const double area = w * 0.5 * d / std::cos(pitch * DEG);
  const std::array<double, 2> azimuth{180.0 + turn, turn};
  for (std::size_t s = 0; s < 2; ++s) {
    EXPECT_NEAR(irr.area_m2[s], area, 1e-9) << s;
    EXPECT_NEAR(irr.tilt_deg[s], pitch, 1e-9) << s;
    EXPECT_NEAR(azimuth_gap(irr.azimuth_deg[s], azimuth[s]), 0.0, 1e-9) << s;
    // The plane of the face without horizon is the face's unshaded irradiation.
    EXPECT_NEAR(irr.unshaded_irradiation_kwh_per_m2[s], dm::unshaded_irradiation_kwh_per_m2(year, pitch, azimuth[s]),
                1e-9)
        << s;
  }
  // Each face's own ridge is no obstacle: the south-west face is unshaded, and so is the north-east face.
  EXPECT_NEAR(irr.irradiation_kwh_per_m2[0], irr.unshaded_irradiation_kwh_per_m2[0],
              1e-3 * irr.unshaded_irradiation_kwh_per_m2[0]);
  EXPECT_NEAR(irr.irradiation_kwh_per_m2[1], irr.unshaded_irradiation_kwh_per_m2[1],
              1e-3 * irr.unshaded_irradiation_kwh_per_m2[1]);
}

TEST(RoofSolar, FzkHausLoD2RoofsFromTheImport) {
  // The shipped FZK-Haus (KIT): two 30° roof planes facing north and south, 12 m × 5.77 m each.
  tw::CityGmlImportOptions o;
  o.inputs = {(fs::path(HEATTWIN_REFERENCE_DATA_DIR) / "geodata" / "citygml-fzk-haus-lod2" /
               "FZK-Haus-LoD2-KIT-IAI-KHH-B36-V1.gml")
                  .string()};
  const tw::Twin twin = tw::import_citygml(o);
  tw::RoofDerivationCounts counts;
  const tw::RoofSurfaceSet roofs =
      tw::complete_roof_surfaces(twin.buildings, twin.roofs, tw::RoofDerivationSettings{}, &counts);
  EXPECT_EQ(counts.from_model, 1u);
  EXPECT_EQ(counts.gable + counts.flat + counts.without, 0u);
  const auto weather = dm::read_weather(WEATHER / "TRY2010_04_Jahr.dat");
  const dm::SolarYear year = dm::make_solar_year(weather, 0.2);
  const std::vector<std::uint32_t> buildings{0};
  const auto irr = dm::roof_irradiation(roofs, buildings, year, dm::RoofSolarSettings{});
  ASSERT_EQ(irr.surfaces(), 2u);
  const double rise = 118.317691453624 - 115.430940107676;
  double south = 0.0, north = 0.0;
  for (std::size_t s = 0; s < 2; ++s) {
    EXPECT_NEAR(irr.tilt_deg[s], 30.0, 1e-6);
    EXPECT_NEAR(irr.area_m2[s], 12.0 * std::hypot(5.0, rise), 1e-6);
    if (azimuth_gap(irr.azimuth_deg[s], 180.0) < 1e-6) south = irr.irradiation_kwh_per_m2[s];
    if (azimuth_gap(irr.azimuth_deg[s], 0.0) < 1e-6) north = irr.irradiation_kwh_per_m2[s];
  }
  EXPECT_GT(south, north);
  EXPECT_GT(north, 0.0);
}

TEST(RoofSolar, CompleteRoofSurfacesDerivesMissingRoofsOnTheLoD2Datum) {
  // Building 0 has a model roof (ground at 100 m); building 1 has none: a derived flat roof at
  // its ground height + height; building 2 has no ground height: derived on z = 0 and counted.
  tw::BuildingSet b;
  const std::vector<std::vector<std::array<double, 2>>> rect{{{0, 0}, {10, 0}, {10, 8}, {0, 8}}};
  for (const char* id : {"lod2", "no_roof", "no_ground"}) {
    const auto k = b.append_with_footprint(id, rect, 5.0, 4.0, 80.0, 36.0);
    b.use_class[k] = static_cast<std::uint8_t>(tw::UseClass::office);
    b.height_m[k] = 7.0;
  }
  b.finish_footprints();
  tw::RoofSurfaceSet model;
  model.append_building(turned_gable(10.0, 8.0, 30.0, 0.0), tw::RoofSource::lod2, 100.0);
  model.append_building(std::span<const Ring>{}, tw::RoofSource::lod2, 101.0);
  model.append_building(std::span<const Ring>{}, tw::RoofSource::lod2);
  tw::RoofDerivationCounts counts;
  const auto roofs = tw::complete_roof_surfaces(b, model, tw::RoofDerivationSettings{}, &counts);
  ASSERT_TRUE(roofs.is_consistent(3));
  EXPECT_EQ(counts.from_model, 1u);
  EXPECT_EQ(counts.flat, 2u);
  EXPECT_EQ(counts.ground_unknown, 1u);
  EXPECT_EQ(roofs.surface_begin, (std::vector<std::uint64_t>{0, 2, 3, 4}));
  EXPECT_EQ(roofs.source[0], tw::RoofSource::lod2);
  EXPECT_EQ(roofs.source[2], tw::RoofSource::derived_flat);
  EXPECT_EQ(roofs.z_m[roofs.vertex_begin[2]], 108.0);
  EXPECT_EQ(roofs.z_m[roofs.vertex_begin[3]], 7.0);
  // A model roof set that does not cover the buildings is a data error.
  tw::RoofSurfaceSet short_set;
  short_set.append_building(std::span<const Ring>{}, tw::RoofSource::lod2);
  EXPECT_THROW((void)tw::complete_roof_surfaces(b, short_set, tw::RoofDerivationSettings{}), heattwin::DataError);
}

TEST(RoofSolar, TallerLoD2NeighbourShadesTheRoof) {
  // A flat-roofed block 20 m high 6 m south of a low gable roof (ridge at 2.9 m) shades its south
  // face; with the block 500 m away (outside the 100 m radius) the face is unshaded.
  const auto weather = dm::read_weather(WEATHER / "TRY2010_04_Jahr.dat");
  const dm::SolarYear year = dm::make_solar_year(weather, 0.2);
  const auto irradiation = [&](double block_y) {
    tw::RoofSurfaceSet roofs;
    roofs.append_building(turned_gable(10.0, 10.0, 30.0, 0.0), tw::RoofSource::lod2, 0.0);
    const std::vector<Ring> block{
        {{-15, block_y - 10, 20}, {15, block_y - 10, 20}, {15, block_y, 20}, {-15, block_y, 20}}};
    roofs.append_building(block, tw::RoofSource::lod2, 0.0);
    const std::vector<std::uint32_t> buildings{0};
    return dm::roof_irradiation(roofs, buildings, year, dm::RoofSolarSettings{});
  };
  const auto near = irradiation(-11.0), far = irradiation(-500.0);
  EXPECT_NEAR(far.irradiation_kwh_per_m2[0], far.unshaded_irradiation_kwh_per_m2[0],
              1e-3 * far.unshaded_irradiation_kwh_per_m2[0]);
  EXPECT_LT(near.irradiation_kwh_per_m2[0], 0.7 * near.unshaded_irradiation_kwh_per_m2[0]);
  EXPECT_LT(near.sky_view_factor[0], far.sky_view_factor[0]);
}

TEST(RoofSolar, UnshadedIrradiationAgainstAshrae140Case600) {
  // ASHRAE 140-2020 Annex B8 Table B8-13 (data/reference/solar): annual incident solar on the
  // horizontal and the four vertical surfaces of case 600 from six programs, with the same
  // weather file (Denver TMY3) and ground reflectance 0.2: no weather-year difference. The
  // reference's uncertainty is the programs' spread; the check is that the model lies within
  // [min, max] of the six programs.
  const auto weather = dm::read_weather(WEATHER / "725650TYCST.epw");
  const dm::SolarYear year = dm::make_solar_year(weather, 0.2);
  const std::string path =
      (fs::path(HEATTWIN_REFERENCE_DATA_DIR) / "solar" / "ashrae140_case600_incident_solar.csv").string();
  const tw::CsvTable t = tw::read_csv(path);
  ASSERT_EQ(t.rows.size(), 5u);
  const auto col = [&](const char* name) { return t.column(name); };
  for (const auto& row : t.rows) {
    const double tilt = std::stod(row[col("tilt_deg")]), azimuth = std::stod(row[col("azimuth_deg")]);
    const double lo = std::stod(row[col("min_kwh_per_m2")]), hi = std::stod(row[col("max_kwh_per_m2")]);
    const double mean = std::stod(row[col("mean_kwh_per_m2")]);
    const double computed = dm::unshaded_irradiation_kwh_per_m2(year, tilt, azimuth);
    heattwin::test::ValidationLine("roof_solar_reference", "ashrae140_case600_" + row[col("surface")],
                                   "annual_incident_kwh_per_m2")
        .fixed("reference_mean", mean, 1)
        .fixed("dev_from_mean_pct", 100.0 * (computed - mean) / mean, 2)
        .within("computed", computed, lo, hi, 1);
  }
}
