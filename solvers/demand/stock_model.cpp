#include "solvers/demand/stock_model.hpp"

#include "solvers/demand/glazing.hpp"
#include "solvers/demand/solar.hpp"
#include "twin/error.hpp"
#include "twin/physical_constants.hpp"
#include "twin/types.hpp"
#include "twin/use_class.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace heattwin::solvers::demand {
namespace {

/// Volumetric heat capacity of air, J/(m³K) (ρ c = 0.34 Wh/(m³K), EN ISO 13790 / DIN V 18599).
constexpr double AIR_HEAT_CAPACITY_J_PER_M3K = 1224.0;
/// EN ISO 13790 Table 12: internal heat capacity and effective mass area per m² floor area.
constexpr double MEDIUM_CAPACITY_J_PER_M2K = 165000.0, MEDIUM_MASS_AREA_FACTOR = 2.5;
constexpr double HEAVY_CAPACITY_J_PER_M2K = 260000.0, HEAVY_MASS_AREA_FACTOR = 3.0;
/// Ratio of internal surface area to floor area (ISO 13790 §7.2.2.2, Λ_at).
constexpr double SURFACE_AREA_FACTOR = 4.5;
/// Residential buildings up to age class 5 (built before 1969) are massive masonry: heavy.
constexpr std::uint8_t LAST_HEAVY_AGE_CLASS = 5;
/// g of the glazing when the twin has none: double glazing (TABULA 0.75 older, 0.6 low-e).
constexpr double G_OLD = 0.75, G_NEW = 0.6;
constexpr std::uint8_t FIRST_LOW_E_AGE_CLASS = 9;

using twin::is_residential;

}  // namespace

std::map<std::uint8_t, UsageDays> default_usage_days() {
  using twin::UseClass;
  const auto key = [](UseClass u) { return static_cast<std::uint8_t>(u); };
  return {
      {key(UseClass::office), UsageDays::monday_to_friday},
      {key(UseClass::retail), UsageDays::monday_to_saturday},
      {key(UseClass::school), UsageDays::monday_to_friday},
      {key(UseClass::hospital), UsageDays::all_days},
      {key(UseClass::hotel_restaurant), UsageDays::all_days},
      {key(UseClass::industry), UsageDays::monday_to_friday},
      {key(UseClass::storage), UsageDays::monday_to_friday},
      {key(UseClass::agriculture), UsageDays::all_days},
      {key(UseClass::sports), UsageDays::all_days},
      {key(UseClass::culture), UsageDays::all_days},
      {key(UseClass::public_other), UsageDays::monday_to_friday},
  };
}

StockModel build_stock_model(const twin::BuildingSet& b, const std::vector<std::uint32_t>& selection,
                             const StockModelSettings& s) {
  StockModel model;
  // Schedules: 0 residential, 1 non-residential (use 07:00-18:00).
  const double inf = std::numeric_limits<double>::infinity();
  for (int k = 0; k < 2; ++k) {
    std::vector<double> heat(HOURS_PER_YEAR), cool(HOURS_PER_YEAR), gains(HOURS_PER_YEAR), vent(HOURS_PER_YEAR, 1.0);
    for (std::size_t h = 0; h < HOURS_PER_YEAR; ++h) {
      const std::size_t hour = h % 24;
      const bool use_hours = hour >= 7 && hour < 18;
      if (k == 0) {
        heat[h] = (hour >= 22 || hour < 6) ? s.night_setback_c : s.heating_setpoint_c;
        gains[h] = 1.0;
      } else {
        heat[h] = use_hours ? s.heating_setpoint_c : s.non_residential_setback_c;
        gains[h] = use_hours ? 1.0 : 0.2;
      }
      cool[h] = s.cooling ? s.cooling_setpoint_c : inf;
    }
    model.schedules.heating_setpoint_c.push_back(std::move(heat));
    model.schedules.cooling_setpoint_c.push_back(std::move(cool));
    model.schedules.internal_gain_fraction.push_back(std::move(gains));
    model.schedules.ventilation_fraction.push_back(std::move(vent));
  }
  // Schedules 2, 3, …: the use profiles, in use-class order. With a calendar, a day on which
  // the use does not operate (its UsageDays rule against the day type) has the profile's
  // unoccupied gains and the set point lowered to the non-residential setback.
  HEATTWIN_CHECK(s.day_types.empty() || s.day_types.size() * 24 == HOURS_PER_YEAR,
                 "demand: the calendar has {} days, expected {} (one per day of the weather year)", s.day_types.size(),
                 HOURS_PER_YEAR / 24);
  std::map<std::uint8_t, std::uint32_t> schedule_of_use;
  for (const auto& [use, profile] : s.use_profiles) {
    schedule_of_use[use] = static_cast<std::uint32_t>(model.schedules.size());
    const auto rule = s.usage_days.find(use);
    const UsageDays usage = rule == s.usage_days.end() ? UsageDays::all_days : rule->second;
    std::vector<double> heat(HOURS_PER_YEAR), cool(HOURS_PER_YEAR), gains(HOURS_PER_YEAR), vent(HOURS_PER_YEAR, 1.0);
    for (std::size_t h = 0; h < HOURS_PER_YEAR; ++h) {
      const bool in_use = s.day_types.empty() || is_usage_day(s.day_types[h / 24], usage);
      heat[h] = in_use ? profile.heating_setpoint_c[h % 24]
                       : std::min(profile.heating_setpoint_c[h % 24], s.non_residential_setback_c);
      cool[h] = s.cooling ? std::max(s.cooling_setpoint_c, heat[h]) : inf;
      // × A_f (the zone's internal_gains_w) = W
      gains[h] = in_use ? profile.gains_w_per_m2[h % 24] : profile.non_usage_gains_w_per_m2;
    }
    model.schedules.heating_setpoint_c.push_back(std::move(heat));
    model.schedules.cooling_setpoint_c.push_back(std::move(cool));
    model.schedules.internal_gain_fraction.push_back(std::move(gains));
    model.schedules.ventilation_fraction.push_back(std::move(vent));
  }
  const std::size_t n = selection.empty() ? b.size() : selection.size();
  const auto walls = twin::wall_sector_columns(b);
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t i = selection.empty() ? static_cast<std::uint32_t>(k) : selection[k];
    HEATTWIN_CHECK(i < b.size(), "demand: building index {} is outside the twin ({} buildings)", i, b.size());
    const double floor_area = b.heated_floor_area_m2[i];
    if (b.use_class[i] == static_cast<std::uint8_t>(twin::UseClass::unheated) || !(floor_area > 0.0)) {
      ++model.skipped_unheated;
      continue;
    }
    const double u_wall = b.u_wall_w_per_m2k[i], u_roof = b.u_roof_w_per_m2k[i], u_floor = b.u_floor_w_per_m2k[i],
                 u_window = b.u_window_w_per_m2k[i], window_area = b.window_area_m2[i];
    if (!(std::isfinite(u_wall) && std::isfinite(u_roof) && std::isfinite(u_floor) && std::isfinite(u_window) &&
          std::isfinite(window_area) && std::isfinite(b.air_change_1_per_h[i]))) {
      ++model.skipped_no_envelope;
      continue;
    }
    double exposed_wall = 0.0;
    for (const auto* w : walls) {
      exposed_wall += std::isfinite((*w)[i]) ? (*w)[i] : 0.0;
    }
    // Footprint-only buildings have no sector areas: spread the exposed wall evenly.
    std::array<double, 8> sector_wall{};
    if (exposed_wall > 0.0) {
      for (std::size_t q = 0; q < 8; ++q) sector_wall[q] = std::isfinite((*walls[q])[i]) ? (*walls[q])[i] : 0.0;
    } else {
      const double wall = std::isfinite(b.wall_area_m2[i]) ? b.wall_area_m2[i] : b.perimeter_m[i] * b.height_m[i];
      const double shared = std::isfinite(b.shared_wall_area_m2[i]) ? b.shared_wall_area_m2[i] : 0.0;
      exposed_wall = std::isfinite(wall) ? std::max(0.0, wall - shared) : 0.0;
      sector_wall.fill(exposed_wall / 8.0);
    }
    const double windows = std::min(window_area, 0.8 * exposed_wall);
    const double roof = std::isfinite(b.roof_area_m2[i]) ? b.roof_area_m2[i] : b.footprint_area_m2[i];
    const double ground = b.footprint_area_m2[i];
    const double g = b.age_class[i] >= FIRST_LOW_E_AGE_CLASS ? G_NEW : G_OLD;
    const double window_factor = g * s.non_perpendicular_factor * (1.0 - s.frame_fraction) * s.shading_factor;

    Rc5Zone z;
    z.floor_area_m2 = floor_area;
    z.internal_surface_area_m2 = SURFACE_AREA_FACTOR * floor_area;
    const bool heavy = is_residential(b.use_class[i]) && b.age_class[i] > 0 && b.age_class[i] <= LAST_HEAVY_AGE_CLASS;
    z.heat_capacity_j_per_k = (heavy ? HEAVY_CAPACITY_J_PER_M2K : MEDIUM_CAPACITY_J_PER_M2K) * floor_area;
    z.effective_mass_area_m2 = (heavy ? HEAVY_MASS_AREA_FACTOR : MEDIUM_MASS_AREA_FACTOR) * floor_area;
    z.window_h_w_per_k = u_window * windows;
    const double opaque_wall = exposed_wall - windows;
    z.opaque_h_w_per_k = u_wall * opaque_wall + u_roof * roof + u_floor * ground;
    // The 5R1C split needs H_op < 9.1 A_m; a tiny heated area under a large envelope (a data
    // error upstream) is capped there and counted.
    const double opaque_limit = 0.95 * H_MS_W_PER_M2K * z.effective_mass_area_m2;
    if (z.opaque_h_w_per_k > opaque_limit) {
      z.opaque_h_w_per_k = opaque_limit;
      ++model.capped_opaque_conductance;
    }
    z.ventilation_h_w_per_k = twin::AIR_HEAT_CAPACITY_J_PER_M3K / twin::SECONDS_PER_HOUR * b.air_change_1_per_h[i] *
                              floor_area * s.room_height_m;
    if (!(z.ventilation_h_w_per_k > 0.0)) z.ventilation_h_w_per_k = 1e-3 * floor_area;
    const bool residential = is_residential(b.use_class[i]);
    z.internal_gains_w = (residential ? s.residential_gains_w_per_m2 : s.non_residential_gains_w_per_m2) * floor_area;
    z.schedule = residential ? 0 : 1;
    if (const auto it = schedule_of_use.find(b.use_class[i]); !residential && it != schedule_of_use.end()) {
      z.schedule = it->second;
      z.internal_gains_w = floor_area;  // the schedule holds W/m²
      z.internal_convective_fraction = s.use_profiles.at(b.use_class[i]).convective_fraction;
    }
    z.region = b.municipality[i];
    z.solar_aperture_m2.assign(STOCK_SOLAR_CHANNELS, 0.0);
    for (std::size_t q = 0; q < 8; ++q) {
      const double share = exposed_wall > 0.0 ? sector_wall[q] / exposed_wall : 0.125;
      const double window_q = windows * share;
      const double opaque_q = sector_wall[q] - window_q;
      z.solar_aperture_m2[q] = window_factor * window_q + s.opaque_absorptance * R_SE_M2K_PER_W * u_wall * opaque_q;
    }
    z.solar_aperture_m2[8] = s.opaque_absorptance * R_SE_M2K_PER_W * u_roof * roof;
    // Long-wave exchange with the sky: roofs see it fully, walls half (ISO 13790 11.3.5).
    z.solar_aperture_m2[9] = s.opaque_emissivity * R_SE_M2K_PER_W * (u_roof * roof + 0.5 * u_wall * opaque_wall);
    model.buildings.append(z, b.id[i]);
    model.twin_index.push_back(i);
  }
  return model;
}

Rc5Climate stock_climate(const HourlyWeather& weather, const StockModelSettings& s) {
  Rc5Climate c;
  c.outdoor_c = weather.dry_bulb_c;
  c.ground_c = weather.dry_bulb_c;  // ground floors use the outdoor air with their b factor folded in
  c.month = weather.month;
  const SunPositions sun = hourly_sun_positions(weather.site);
  for (std::size_t q = 0; q < 8; ++q) {
    const auto irr = irradiance_on_surface(weather, sun, 90.0, 45.0 * static_cast<double>(q), s.ground_reflectance);
    std::vector<double> channel(weather.hours());
    for (std::size_t h = 0; h < weather.hours(); ++h) channel[h] = irr.total(h);
    c.solar_w_per_m2.push_back(std::move(channel));
  }
  const auto horizontal = irradiance_on_surface(weather, sun, 0.0, 180.0, s.ground_reflectance);
  std::vector<double> roof(weather.hours()), sky(weather.hours());
  for (std::size_t h = 0; h < weather.hours(); ++h) {
    roof[h] = horizontal.total(h);
    const double t_k = weather.dry_bulb_c[h] + twin::ZERO_CELSIUS_K;
    sky[h] = -(twin::STEFAN_BOLTZMANN_W_PER_M2K4 * t_k * t_k * t_k * t_k - weather.horizontal_infrared_w_per_m2[h]);
  }
  c.solar_w_per_m2.push_back(std::move(roof));
  c.solar_w_per_m2.push_back(std::move(sky));
  return c;
}

MonthlyClimate stock_monthly_climate(const HourlyWeather& weather, const StockModelSettings& s) {
  static constexpr std::array<const char*, 12> names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  MonthlyClimate climate;
  climate.name = weather.source;
  climate.periods.resize(12);
  for (std::size_t m = 0; m < 12; ++m) climate.periods[m].name = names[m];
  const SunPositions sun = hourly_sun_positions(weather.site);
  std::array<SurfaceIrradiance, 8> vertical;
  for (std::size_t q = 0; q < 8; ++q) {
    vertical[q] = irradiance_on_surface(weather, sun, 90.0, 45.0 * static_cast<double>(q), s.ground_reflectance);
  }
  const auto horizontal = irradiance_on_surface(weather, sun, 0.0, 180.0, s.ground_reflectance);
  for (std::size_t h = 0; h < weather.hours(); ++h) {
    auto& p = climate.periods[static_cast<std::size_t>(weather.month[h] - 1)];
    p.duration_h += 1.0;
    p.outdoor_temperature_c += weather.dry_bulb_c[h];
    p.solar_horizontal_kwh_per_m2 += horizontal.total(h) / 1000.0;
    for (std::size_t q = 0; q < 8; ++q) p.solar_vertical_kwh_per_m2[q] += vertical[q].total(h) / 1000.0;
  }
  for (auto& p : climate.periods) {
    HEATTWIN_CHECK(p.duration_h > 0.0, "weather {}: month {} has no hours", weather.source, p.name);
    p.outdoor_temperature_c /= p.duration_h;
  }
  return climate;
}

MonthlyBuildingInputs stock_monthly_inputs(const StockModel& model) {
  const Rc5Buildings& b = model.buildings;
  const Rc5Schedules& sch = model.schedules;
  const std::size_t n = b.size();
  // Time averages of each schedule.
  std::vector<double> mean_setpoint(sch.size(), 0.0), mean_gain_fraction(sch.size(), 0.0);
  for (std::size_t k = 0; k < sch.size(); ++k) {
    const auto& heat = sch.heating_setpoint_c[k];
    const auto& gains = sch.internal_gain_fraction[k];
    for (std::size_t h = 0; h < heat.size(); ++h) {
      HEATTWIN_CHECK(std::isfinite(heat[h]),
                     "monthly balance: schedule {} has heating off at hour {}; the monthly "
                     "method needs a heating set point in every hour",
                     k, h);
      mean_setpoint[k] += heat[h] / static_cast<double>(heat.size());
      mean_gain_fraction[k] += gains[h] / static_cast<double>(gains.size());
    }
  }
  MonthlyBuildingInputs in;
  in.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double h_op =
        b.h_tr_em_w_per_k[i] > 0.0 ? 1.0 / (1.0 / b.h_tr_em_w_per_k[i] + 1.0 / b.h_tr_ms_w_per_k[i]) : 0.0;
    in.h_tr_w_per_k[i] = b.h_tr_w_w_per_k[i] + h_op;
    in.h_ve_w_per_k[i] = b.h_ve_w_per_k[i];
    in.conditioned_floor_area_m2[i] = b.floor_area_m2[i];
    in.internal_capacity_j_per_k[i] = b.heat_capacity_j_per_k[i];
    in.internal_gains_w_per_m2[i] = b.internal_gains_w[i] * mean_gain_fraction[b.schedule[i]] / b.floor_area_m2[i];
    in.setpoint_heating_c[i] = mean_setpoint[b.schedule[i]];
    for (std::size_t q = 0; q < 8; ++q) in.solar_aperture_vertical_m2[q][i] = b.solar_aperture_m2[q][i];
    in.solar_aperture_horizontal_m2[i] = b.solar_aperture_m2[8][i];
  }
  return in;
}

}  // namespace heattwin::solvers::demand

namespace heattwin::solvers::demand {

MonthlyBuildingInputs stock_monthly_inputs(const StockModel& model, std::span<const int> hour_month) {
  MonthlyBuildingInputs in = stock_monthly_inputs(model);
  const Rc5Schedules& sch = model.schedules;
  constexpr std::size_t MONTHS = 12;
  in.group_setpoint_c.assign(sch.size() * MONTHS, 0.0);
  in.group_gain_factor.assign(sch.size() * MONTHS, 0.0);
  for (std::size_t k = 0; k < sch.size(); ++k) {
    const auto& heat = sch.heating_setpoint_c[k];
    const auto& gains = sch.internal_gain_fraction[k];
    HEATTWIN_CHECK(hour_month.size() == heat.size(), "monthly balance: {} hour months for schedules of {} hours",
                   hour_month.size(), heat.size());
    std::array<double, MONTHS> hours{}, heat_sum{}, gain_sum{};
    double annual_gain = 0.0;
    for (std::size_t h = 0; h < heat.size(); ++h) {
      const int m = hour_month[h];
      HEATTWIN_CHECK(m >= 1 && m <= 12, "monthly balance: hour {} has month {} (expected 1..12)", h, m);
      const auto mi = static_cast<std::size_t>(m - 1);
      hours[mi] += 1.0;
      heat_sum[mi] += heat[h];
      gain_sum[mi] += gains[h];
      annual_gain += gains[h];
    }
    annual_gain /= static_cast<double>(heat.size());
    for (std::size_t m = 0; m < MONTHS; ++m) {
      HEATTWIN_CHECK(hours[m] > 0.0, "monthly balance: month {} has no hours", m + 1);
      in.group_setpoint_c[k * MONTHS + m] = heat_sum[m] / hours[m];
      // Relative to the annual mean held in internal_gains_w_per_m2; a schedule without gains stays without.
      in.group_gain_factor[k * MONTHS + m] = annual_gain > 0.0 ? gain_sum[m] / hours[m] / annual_gain : 0.0;
    }
  }
  in.period_group.assign(model.buildings.schedule.begin(), model.buildings.schedule.end());
  return in;
}

}  // namespace heattwin::solvers::demand
