/// Weather readers (EPW, DWD TRY 2010 and 2015), sun position, the Perez sky and glazing optics:
/// exact checks against the files' own statistics and analytic limits, and the error paths.

#include "solvers/demand/glazing.hpp"
#include "solvers/demand/solar.hpp"
#include "solvers/demand/weather.hpp"
#include "twin/error.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numbers>
#include <numeric>
#include <sstream>
#include <string>

namespace dm = heattwin::solvers::demand;
namespace fs = std::filesystem;

namespace {

const fs::path WEATHER = fs::path(HEATTWIN_REFERENCE_DATA_DIR) / "weather";

double mean(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

/// Copies an EPW with one line changed by `edit(line_index, line)`; returns the new path.
fs::path edited_epw(const std::string& name, const std::function<bool(std::size_t, std::string&)>& edit) {
  std::ifstream in(WEATHER / "DRYCOLD.epw");
  const fs::path out_path = fs::temp_directory_path() / ("heattwin_test_" + name + ".epw");
  std::ofstream out(out_path);
  std::string line;
  std::size_t i = 0;
  while (std::getline(in, line)) {
    if (edit(i++, line)) {
      out << line << '\n';
    }
  }
  return out_path;
}

/// Replaces the comma-separated field `index` of an EPW data row.
void replace_field(std::string& line, std::size_t index, const std::string& value) {
  std::size_t start = 0;
  for (std::size_t k = 0; k < index; ++k) start = line.find(',', start) + 1;
  const auto end = line.find(',', start);
  line.replace(start, end - start, value);
}

std::string error_of(const fs::path& p) {
  try {
    dm::read_weather(p);
  } catch (const heattwin::InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Weather, EpwReadsSiteAndYear) {
  const auto w = dm::read_epw(WEATHER / "DRYCOLD.epw");
  EXPECT_EQ(w.hours(), dm::HOURS_PER_YEAR);
  EXPECT_NEAR(w.site.latitude_deg, 39.76, 1e-9);
  EXPECT_NEAR(w.site.longitude_deg, -104.86, 1e-9);
  EXPECT_NEAR(w.site.time_zone_h, -7.0, 1e-9);
  EXPECT_NEAR(w.site.elevation_m, 1611.0, 1e-9);
  EXPECT_EQ(w.month.front(), 1);
  EXPECT_EQ(w.month.back(), 12);
  EXPECT_DOUBLE_EQ(w.dry_bulb_c[0], 0.0);  // first data row: 0.0 degC
  EXPECT_DOUBLE_EQ(w.horizontal_infrared_w_per_m2[0], 253.0);
  EXPECT_DOUBLE_EQ(w.wind_speed_m_per_s[0], 2.8);
  // Denver: annual mean near 10 degC, GHI about 1.8 MWh/m2a.
  EXPECT_NEAR(mean(w.dry_bulb_c), 10.0, 1.5);
  const double ghi_kwh =
      std::accumulate(w.global_horizontal_w_per_m2.begin(), w.global_horizontal_w_per_m2.end(), 0.0) / 1000.0;
  EXPECT_GT(ghi_kwh, 1500.0);
  EXPECT_LT(ghi_kwh, 2000.0);
}

TEST(Weather, TryStatisticsMatchProvenance) {
  // data/reference/weather/PROVENANCE.md: T mean / min / max and G_hor = Σ(B + D).
  struct Expected {
    const char* file;
    double t_mean, t_min, t_max, ghi_kwh;
  };
  for (const Expected e : {Expected{"TRY2010_04_Jahr.dat", 9.54, -13.4, 35.4, 1075.0},
                           Expected{"TRY2015_511676144222_Jahr.dat", 9.23, -11.4, 30.4, 1066.0},
                           Expected{"TRY2045_511676144222_Jahr.dat", 10.89, -7.1, 32.0, 1124.0}}) {
    SCOPED_TRACE(e.file);
    const auto w = dm::read_weather(WEATHER / e.file);
    ASSERT_EQ(w.hours(), dm::HOURS_PER_YEAR);
    EXPECT_NEAR(mean(w.dry_bulb_c), e.t_mean, 0.006);
    EXPECT_DOUBLE_EQ(*std::min_element(w.dry_bulb_c.begin(), w.dry_bulb_c.end()), e.t_min);
    EXPECT_DOUBLE_EQ(*std::max_element(w.dry_bulb_c.begin(), w.dry_bulb_c.end()), e.t_max);
    const double ghi = std::accumulate(w.global_horizontal_w_per_m2.begin(), w.global_horizontal_w_per_m2.end(), 0.0);
    EXPECT_NEAR(ghi / 1000.0, e.ghi_kwh, 0.6);
    EXPECT_DOUBLE_EQ(w.site.time_zone_h, 1.0);
  }
}

TEST(Weather, TrySitesFromHeaders) {
  const auto potsdam = dm::read_weather(WEATHER / "TRY2010_04_Jahr.dat");
  EXPECT_EQ(potsdam.format, "dwd_try_2010");
  EXPECT_NEAR(potsdam.site.latitude_deg, 52.0 + 23.0 / 60.0, 1e-9);
  EXPECT_NEAR(potsdam.site.longitude_deg, 13.0 + 4.0 / 60.0, 1e-9);
  EXPECT_NEAR(potsdam.site.elevation_m, 81.0, 1e-9);
  // The TRY 2015 grid point of Bautzen: the file name says 51.1676 N 14.4222 E.
  const auto bautzen = dm::read_weather(WEATHER / "TRY2015_511676144222_Jahr.dat");
  EXPECT_EQ(bautzen.format, "dwd_try_2015");
  EXPECT_NEAR(bautzen.site.latitude_deg, 51.1676, 0.01);
  EXPECT_NEAR(bautzen.site.longitude_deg, 14.4222, 0.01);
  EXPECT_NEAR(bautzen.site.elevation_m, 212.0, 1e-9);
}

TEST(Weather, TryBeamConversionKeepsHorizontalIrradiance) {
  // Direct normal × mean sun height must give back the file's horizontal beam (except capped hours).
  const auto w = dm::read_weather(WEATHER / "TRY2010_04_Jahr.dat");
  const auto sun = dm::hourly_sun_positions(w.site);
  double beam_file = 0.0, beam_model = 0.0;
  for (std::size_t h = 0; h < w.hours(); ++h) {
    beam_file += w.global_horizontal_w_per_m2[h] - w.diffuse_horizontal_w_per_m2[h];
    beam_model += w.direct_normal_w_per_m2[h] * sun.sun_z[h];
  }
  EXPECT_LT(static_cast<double>(w.clipped_beam_values), 40.0);
  EXPECT_NEAR(beam_model / beam_file, 1.0, 0.01);
}

TEST(Weather, ShortGapsAreFilledAndCounted) {
  const auto path = edited_epw("gap", [](std::size_t i, std::string& line) {
    if (i >= 200 && i < 203) {  // three hours of missing temperature
      replace_field(line, 6, "99.9");
    }
    return true;
  });
  const auto w = dm::read_epw(path);
  EXPECT_EQ(w.filled_values, 3u);
  const std::size_t h = 200 - 8;  // 8 header lines
  EXPECT_GT(w.dry_bulb_c[h], -40.0);
  EXPECT_LT(w.dry_bulb_c[h], 40.0);
  fs::remove(path);
}

TEST(Weather, BadFilesGiveClearErrors) {
  // A long gap.
  auto path = edited_epw("longgap", [](std::size_t i, std::string& line) {
    if (i >= 100 && i < 120) {
      replace_field(line, 6, "99.9");
    }
    return true;
  });
  auto message = error_of(path);
  EXPECT_NE(message.find("missing for 20 consecutive hours"), std::string::npos) << message;
  EXPECT_NE(message.find(":101-120"), std::string::npos) << message;
  fs::remove(path);
  // Temperatures in Kelvin.
  path = edited_epw("kelvin", [](std::size_t i, std::string& line) {
    if (i == 500) {
      replace_field(line, 6, "280.1");
    }
    return true;
  });
  message = error_of(path);
  EXPECT_NE(message.find(":501"), std::string::npos) << message;
  EXPECT_NE(message.find("Kelvin"), std::string::npos) << message;
  fs::remove(path);
  // A truncated file.
  path = edited_epw("short", [](std::size_t i, std::string&) { return i < 5000; });
  message = error_of(path);
  EXPECT_NE(message.find("hourly rows, expected 8760"), std::string::npos) << message;
  fs::remove(path);
  // A non-number.
  path = edited_epw("nan", [](std::size_t i, std::string& line) {
    if (i == 42) replace_field(line, 6, "abc");
    return true;
  });
  message = error_of(path);
  EXPECT_NE(message.find(":43"), std::string::npos) << message;
  fs::remove(path);
  EXPECT_NE(error_of("/nonexistent/weather.epw").find("cannot open"), std::string::npos);
}

TEST(Solar, NoonSunHeightAtEquinoxAndSolstice) {
  // At solar noon the sun height is 90° − φ + δ; on the equator at the March equinox (day 80)
  // the noon sun is near the zenith. Site on its time-zone meridian.
  dm::WeatherSite site{"test", 52.0, 15.0, 1.0, 0.0};
  const auto sun = dm::hourly_sun_positions(site);
  // 21 June (day 172), hour 12-13 local: includes solar noon (≈12:02 with the equation of time).
  const std::size_t june_noon = 171 * 24 + 12;
  const double height_deg = std::asin(sun.sun_z[june_noon]) * 180.0 / std::numbers::pi;
  EXPECT_NEAR(height_deg, 90.0 - 52.0 + 23.44, 1.0);
  // The sun stands in the south at noon and rises in the east.
  EXPECT_LT(sun.sun_y[june_noon], 0.0);
  EXPECT_GT(sun.sun_x[171 * 24 + 6], 0.0);
  // Night has no sun.
  EXPECT_EQ(sun.sun_z[171 * 24 + 0], 0.0);
  EXPECT_EQ(sun.sunlit_fraction[171 * 24 + 0], 0.0);
}

TEST(Solar, PerezOnHorizontalGivesGlobalIrradiance) {
  const auto w = dm::read_epw(WEATHER / "DRYCOLD.epw");
  const auto sun = dm::hourly_sun_positions(w.site);
  const auto horizontal = dm::irradiance_on_surface(w, sun, 0.0, 180.0, 0.2);
  double model = 0.0, reference = 0.0;
  for (std::size_t h = 0; h < w.hours(); ++h) {
    EXPECT_NEAR(horizontal.ground_reflected_w_per_m2[h], 0.0, 1e-12);
    model += horizontal.sky_diffuse_w_per_m2[h] + horizontal.circumsolar_w_per_m2[h];
    reference += w.diffuse_horizontal_w_per_m2[h];
  }
  // On the horizontal the Perez sky integrates to the diffuse horizontal irradiance (exactly
  // while the sun is above 5°; low-sun hours differ by the b ≥ cos 85° bound).
  EXPECT_NEAR(model / reference, 1.0, 0.01);
  // A south wall in Denver gets less than the horizontal in summer and more in winter.
  const auto south = dm::irradiance_on_surface(w, sun, 90.0, 180.0, 0.2);
  double south_jan = 0.0, horizontal_jan = 0.0;
  for (std::size_t h = 0; h < 31 * 24; ++h) {
    south_jan += south.total(h);
    horizontal_jan += horizontal.total(h);
  }
  EXPECT_GT(south_jan, horizontal_jan);
}

TEST(Glazing, RecoversPaneDataAndFollowsFresnel) {
  dm::GlassPane pane{0.003175, 1.06, 0.86156, 0.07846, 0.84};
  const dm::GlazingOptics single(dm::GlazingSystem{{pane}, 0.0, std::nan("")});
  EXPECT_NEAR(single.beam_transmittance(1.0), 0.86156, 1e-6);
  // Transmittance falls with the incidence angle and vanishes at grazing incidence.
  EXPECT_GT(single.beam_transmittance(std::cos(30.0 * std::numbers::pi / 180)),
            single.beam_transmittance(std::cos(60.0 * std::numbers::pi / 180)));
  EXPECT_LT(single.beam_transmittance(0.0), 1e-3);
  EXPECT_LT(single.diffuse_transmittance(), single.beam_transmittance(1.0));
  // BESTEST double glazing (U 3.0): g ≈ 0.79 at normal incidence (SHGC 0.789 in cases.json).
  const dm::GlazingOptics twin_pane(dm::GlazingSystem{{pane, pane}, 0.013, 3.0});
  EXPECT_NEAR(twin_pane.beam_gain_factor(1.0), 0.789, 0.01);
  EXPECT_NEAR(twin_pane.u_value_w_per_m2k(), 3.0, 1e-12);
  // Without a given U, EN 673 for a 13 mm air gap gives about 2.8-3.0 W/m2K.
  const dm::GlazingOptics computed(dm::GlazingSystem{{pane, pane}, 0.013, std::nan("")});
  EXPECT_GT(computed.u_value_w_per_m2k(), 2.6);
  EXPECT_LT(computed.u_value_w_per_m2k(), 3.1);
  // Non-physical pane data are refused.
  EXPECT_THROW(dm::GlazingOptics(dm::GlazingSystem{{dm::GlassPane{0.003, 1.0, 0.9, 0.2, 0.84}}, 0.0, 3.0}),
               heattwin::InputError);
}

TEST(Weather, GroundTemperatureIsDampedAndDelayed) {
  const auto w = dm::read_weather(WEATHER / "TRY2010_04_Jahr.dat");
  const auto shallow = dm::ground_temperature_c(w, 0.0);
  const auto deep = dm::ground_temperature_c(w, 10.0);
  const auto range = [](const std::vector<double>& v) {
    return *std::max_element(v.begin(), v.end()) - *std::min_element(v.begin(), v.end());
  };
  EXPECT_NEAR(mean(deep), mean(w.dry_bulb_c), 0.05);
  EXPECT_LT(range(deep), 0.2 * range(shallow));
}
