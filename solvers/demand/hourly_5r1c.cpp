#include "solvers/demand/hourly_5r1c.hpp"

#include "twin/error.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <map>
#include <string_view>

namespace heattwin::solvers::demand {
namespace {

/// Buildings per unit of parallel work. Fixed (not derived from the thread count) so that the
/// per-region hourly sums are formed in the same order at any thread count.
constexpr std::size_t CHUNK_BUILDINGS = 16384;

bool finite_non_negative(double v) { return std::isfinite(v) && v >= 0.0; }

}  // namespace

void Rc5Buildings::append(const Rc5Zone& z, const std::string_view id) {
  HEATTWIN_CHECK(z.floor_area_m2 > 0.0 && std::isfinite(z.floor_area_m2), "building {}: floor area {} m2 must be positive",
                 id, z.floor_area_m2);
  HEATTWIN_CHECK(z.internal_surface_area_m2 > 0.0 && z.effective_mass_area_m2 > 0.0 &&
                     z.effective_mass_area_m2 <= z.internal_surface_area_m2,
                 "building {}: effective mass area {} m2 must be positive and at most the internal surface area {} m2",
                 id, z.effective_mass_area_m2, z.internal_surface_area_m2);
  HEATTWIN_CHECK(z.heat_capacity_j_per_k > 0.0 && std::isfinite(z.heat_capacity_j_per_k),
                 "building {}: heat capacity {} J/K must be positive", id, z.heat_capacity_j_per_k);
  HEATTWIN_CHECK(finite_non_negative(z.window_h_w_per_k) && finite_non_negative(z.opaque_h_w_per_k) &&
                     finite_non_negative(z.ground_h_w_per_k) && z.ground_h_w_per_k <= z.opaque_h_w_per_k &&
                     finite_non_negative(z.ventilation_h_w_per_k) &&
                     finite_non_negative(z.scheduled_ventilation_h_w_per_k),
                 "building {}: conductances must be finite and non-negative (windows {}, opaque {}, of which ground {}, "
                 "ventilation {} + scheduled {} W/K)",
                 id, z.window_h_w_per_k, z.opaque_h_w_per_k, z.ground_h_w_per_k, z.ventilation_h_w_per_k,
                 z.scheduled_ventilation_h_w_per_k);
  HEATTWIN_CHECK(z.ventilation_h_w_per_k > 0.0,
                 "building {}: the 5R1C model needs some air exchange (H_ve > 0); got {} W/K", id,
                 z.ventilation_h_w_per_k);
  HEATTWIN_CHECK(finite_non_negative(z.internal_gains_w) && z.internal_convective_fraction >= 0.0 &&
                     z.internal_convective_fraction <= 1.0,
                 "building {}: internal gains {} W must be non-negative and the convective fraction {} in [0, 1]", id,
                 z.internal_gains_w, z.internal_convective_fraction);
  const double h_ms = H_MS_W_PER_M2K * z.effective_mass_area_m2;
  // ISO 13790 (12.2.2): H_tr_em = 1 / (1/H_op − 1/H_tr_ms); needs H_op < H_tr_ms.
  HEATTWIN_CHECK(z.opaque_h_w_per_k < h_ms,
                 "building {}: opaque H {} W/K is not below H_tr_ms = 9.1 A_m = {} W/K; the 5R1C split is undefined",
                 id, z.opaque_h_w_per_k, h_ms);
  const double h_em = z.opaque_h_w_per_k > 0.0 ? 1.0 / (1.0 / z.opaque_h_w_per_k - 1.0 / h_ms) : 0.0;
  const double surface_gain_share = 1.0 - z.effective_mass_area_m2 / z.internal_surface_area_m2 -
                               z.window_h_w_per_k / (H_MS_W_PER_M2K * z.internal_surface_area_m2);
  HEATTWIN_CHECK(surface_gain_share >= 0.0,
                 "building {}: window H {} W/K is too large for the internal surface area {} m2 (ISO 13790 C.3 share "
                 "of gains to the surface node would be negative)",
                 id, z.window_h_w_per_k, z.internal_surface_area_m2);
  if (solar_aperture_m2.size() < z.solar_aperture_m2.size()) {
    solar_aperture_m2.resize(z.solar_aperture_m2.size(), std::vector<double>(size(), 0.0));
  }
  for (std::size_t c = 0; c < solar_aperture_m2.size(); ++c) {
    const double a = c < z.solar_aperture_m2.size() ? z.solar_aperture_m2[c] : 0.0;
    HEATTWIN_CHECK(std::isfinite(a), "building {}: solar aperture of channel {} is {}", id, c, a);
    solar_aperture_m2[c].push_back(a);
  }
  floor_area_m2.push_back(z.floor_area_m2);
  h_tr_w_w_per_k.push_back(z.window_h_w_per_k);
  h_tr_em_w_per_k.push_back(h_em);
  h_tr_is_w_per_k.push_back(H_IS_W_PER_M2K * z.internal_surface_area_m2);
  h_tr_ms_w_per_k.push_back(h_ms);
  h_ve_w_per_k.push_back(z.ventilation_h_w_per_k);
  h_ve_scheduled_w_per_k.push_back(z.scheduled_ventilation_h_w_per_k);
  heat_capacity_j_per_k.push_back(z.heat_capacity_j_per_k);
  mass_share.push_back(z.effective_mass_area_m2 / z.internal_surface_area_m2);
  surface_share.push_back(surface_gain_share);
  ground_share.push_back(z.opaque_h_w_per_k > 0.0 ? z.ground_h_w_per_k / z.opaque_h_w_per_k : 0.0);
  internal_gains_w.push_back(z.internal_gains_w);
  internal_convective_fraction.push_back(z.internal_convective_fraction);
  schedule.push_back(z.schedule);
  region.push_back(z.region);
}

namespace {

/// Region hourly sums of one chunk: the regions it touches, ascending, and their sums.
struct ChunkRegionSums {
  std::vector<std::uint32_t> regions;
  std::vector<std::vector<double>> heating_w, cooling_w;
};

void validate(const Rc5Buildings& b, const Rc5Schedules& s, const Rc5Climate& c, const Rc5Options& o) {
  const std::size_t n = b.size();
  const std::size_t hours = c.outdoor_c.size();
  HEATTWIN_CHECK(hours > 0 && c.ground_c.size() == hours && c.month.size() == hours,
                 "5R1C climate: outdoor ({}), ground ({}) and month ({}) series must have the same positive length",
                 hours, c.ground_c.size(), c.month.size());
  for (std::size_t h = 0; h < hours; ++h) {
    HEATTWIN_CHECK(std::isfinite(c.outdoor_c[h]) && std::isfinite(c.ground_c[h]) && c.month[h] >= 1 && c.month[h] <= 12,
                   "5R1C climate hour {}: outdoor {} degC, ground {} degC, month {}", h, c.outdoor_c[h], c.ground_c[h],
                   c.month[h]);
  }
  HEATTWIN_CHECK(b.solar_aperture_m2.size() <= c.solar_w_per_m2.size(),
                 "5R1C: buildings use {} solar channels, the climate has {}", b.solar_aperture_m2.size(),
                 c.solar_w_per_m2.size());
  for (const auto& channel : c.solar_w_per_m2) {
    HEATTWIN_CHECK(channel.size() == hours, "5R1C climate: a solar channel has {} hours, expected {}", channel.size(),
                   hours);
  }
  for (const auto* table : {&s.heating_setpoint_c, &s.cooling_setpoint_c, &s.internal_gain_fraction,
                            &s.ventilation_fraction}) {
    HEATTWIN_CHECK(table->size() == s.size(), "5R1C schedules: every profile table needs {} schedules", s.size());
    for (const auto& profile : *table) {
      HEATTWIN_CHECK(profile.size() == hours, "5R1C schedules: a profile has {} hours, expected {}", profile.size(),
                     hours);
    }
  }
  for (std::size_t k = 0; k < s.size(); ++k) {
    for (std::size_t h = 0; h < hours; ++h) {
      HEATTWIN_CHECK(!(s.heating_setpoint_c[k][h] > s.cooling_setpoint_c[k][h]),
                     "5R1C schedule {} hour {}: heating set point {} degC above cooling set point {} degC", k, h,
                     s.heating_setpoint_c[k][h], s.cooling_setpoint_c[k][h]);
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    HEATTWIN_CHECK(b.schedule[i] < s.size(), "5R1C building {}: schedule {} does not exist ({} schedules)", i,
                   b.schedule[i], s.size());
  }
  HEATTWIN_CHECK(o.block_size > 0 && CHUNK_BUILDINGS % o.block_size == 0,
                 "5R1C: block size {} must divide {}", o.block_size, CHUNK_BUILDINGS);
  HEATTWIN_CHECK(o.warmup_days >= 0 && static_cast<std::size_t>(o.warmup_days) * 24 <= hours,
                 "5R1C: {} warm-up days do not fit into {} hours", o.warmup_days, hours);
  HEATTWIN_CHECK(!o.record_trace || n * hours <= 100'000'000,
                 "5R1C: a trace of {} buildings x {} hours is too large", n, hours);
}

}  // namespace

Rc5Results simulate_5r1c(const Rc5Buildings& bld, const Rc5Schedules& sch, const Rc5Climate& cli,
                         const Rc5Options& opt) {
  validate(bld, sch, cli, opt);
  const std::size_t n = bld.size();
  const std::size_t hours = cli.outdoor_c.size();
  const std::size_t channels = bld.solar_aperture_m2.size();
  Rc5Results r;
  r.annual_heating_kwh.assign(n, 0.0);
  r.annual_cooling_kwh.assign(n, 0.0);
  r.peak_heating_w.assign(n, 0.0);
  r.peak_cooling_w.assign(n, 0.0);
  r.monthly_heating_kwh.assign(n * 12, 0.0);
  r.monthly_cooling_kwh.assign(n * 12, 0.0);
  r.min_air_c.assign(n, std::numeric_limits<double>::infinity());
  r.max_air_c.assign(n, -std::numeric_limits<double>::infinity());
  r.mean_air_c.assign(n, 0.0);
  if (opt.record_trace) {
    for (auto* t : {&r.trace_air_c, &r.trace_surface_c, &r.trace_mass_c, &r.trace_mass_end_c, &r.trace_power_w}) {
      t->assign(n, std::vector<double>(hours, 0.0));
    }
  }
  const std::size_t chunks = (n + CHUNK_BUILDINGS - 1) / CHUNK_BUILDINGS;
  std::vector<ChunkRegionSums> chunk_sums(chunks);
  const std::size_t warmup_hours = static_cast<std::size_t>(opt.warmup_days) * 24;
  std::exception_ptr failure;

#pragma omp parallel for schedule(dynamic, 1)
  for (std::size_t chunk = 0; chunk < chunks; ++chunk) {
    try {
      const std::size_t chunk_begin = chunk * CHUNK_BUILDINGS;
      const std::size_t chunk_end = std::min(n, chunk_begin + CHUNK_BUILDINGS);
      auto& sums = chunk_sums[chunk];
      std::map<std::uint32_t, std::size_t> slot_of;
      for (std::size_t i = chunk_begin; i < chunk_end; ++i) {
        slot_of.emplace(bld.region[i], 0);
      }
      for (auto& [region, slot] : slot_of) {
        slot = sums.regions.size();
        sums.regions.push_back(region);
      }
      sums.heating_w.assign(sums.regions.size(), std::vector<double>(hours, 0.0));
      sums.cooling_w.assign(sums.regions.size(), std::vector<double>(hours, 0.0));
      const std::size_t bs = opt.block_size;
      std::vector<double> theta_m(bs), solar(bs), power(bs), month_heat(bs), month_cool(bs), air(bs), surface(bs),
          mass_mean(bs);
      std::vector<std::size_t> slot(bs);
      for (std::size_t begin = chunk_begin; begin < chunk_end; begin += bs) {
        const std::size_t m = std::min(bs, chunk_end - begin);
        bool one_slot = true;
        for (std::size_t j = 0; j < m; ++j) {
          slot[j] = slot_of.at(bld.region[begin + j]);
          one_slot = one_slot && slot[j] == slot[0];
        }
        std::fill(theta_m.begin(), theta_m.end(), opt.initial_mass_temperature_c);
        std::fill(month_heat.begin(), month_heat.end(), 0.0);
        std::fill(month_cool.begin(), month_cool.end(), 0.0);
        const double* hw = bld.h_tr_w_w_per_k.data() + begin;
        const double* hem = bld.h_tr_em_w_per_k.data() + begin;
        const double* his = bld.h_tr_is_w_per_k.data() + begin;
        const double* hms = bld.h_tr_ms_w_per_k.data() + begin;
        const double* hve0 = bld.h_ve_w_per_k.data() + begin;
        const double* hves = bld.h_ve_scheduled_w_per_k.data() + begin;
        const double* cap = bld.heat_capacity_j_per_k.data() + begin;
        const double* am_share = bld.mass_share.data() + begin;
        const double* st_share = bld.surface_share.data() + begin;
        const double* g_share = bld.ground_share.data() + begin;
        const double* gains = bld.internal_gains_w.data() + begin;
        const double* conv = bld.internal_convective_fraction.data() + begin;
        const std::uint32_t* schedule = bld.schedule.data() + begin;
        // Warm-up (the year's last days) then the year; only the year reaches the sinks.
        for (std::size_t step = 0; step < warmup_hours + hours; ++step) {
          const bool counted = step >= warmup_hours;
          const std::size_t h = counted ? step - warmup_hours : hours - warmup_hours + step;
          const double te = cli.outdoor_c[h];
          const double tg = cli.ground_c[h];
          std::fill(solar.begin(), solar.begin() + static_cast<std::ptrdiff_t>(m), 0.0);
          for (std::size_t c = 0; c < channels; ++c) {
            const double irradiance = cli.solar_w_per_m2[c][h];
            if (irradiance == 0.0) {
              continue;
            }
            const double* aperture = bld.solar_aperture_m2[c].data() + begin;
#pragma omp simd
            for (std::size_t j = 0; j < m; ++j) {
              solar[j] += aperture[j] * irradiance;
            }
          }
#pragma omp simd
          for (std::size_t j = 0; j < m; ++j) {
            const std::uint32_t k = schedule[j];
            const double set_heat = sch.heating_setpoint_c[k][h];
            const double set_cool = sch.cooling_setpoint_c[k][h];
            const double hve = hve0[j] + hves[j] * sch.ventilation_fraction[k][h];
            const double phi_int = gains[j] * sch.internal_gain_fraction[k][h];
            const double phi_ia = conv[j] * phi_int;
            const double radiant = (1.0 - conv[j]) * phi_int + solar[j];
            const double phi_m = am_share[j] * radiant;
            const double phi_st = st_share[j] * radiant;
            const double te_em = te + g_share[j] * (tg - te);
            const double h1 = hve * his[j] / (hve + his[j]);
            const double h2 = h1 + hw[j];
            const double h3 = h2 * hms[j] / (h2 + hms[j]);
            const double c_h = cap[j] / 3600.0;
            const double denom_m = c_h + 0.5 * (h3 + hem[j]);
            const double denom_s = hms[j] + hw[j] + h1;
            const double denom_a = his[j] + hve;
            // Free-floating state (no heating or cooling power).
            const double phi_mtot = phi_m + hem[j] * te_em + h3 * (phi_st + hw[j] * te + h1 * (phi_ia / hve + te)) / h2;
            const double tm_prev = theta_m[j];
            const double tm_end0 = (tm_prev * (c_h - 0.5 * (h3 + hem[j])) + phi_mtot) / denom_m;
            const double tm0 = 0.5 * (tm_end0 + tm_prev);
            const double ts0 = (hms[j] * tm0 + phi_st + hw[j] * te + h1 * (te + phi_ia / hve)) / denom_s;
            const double ta0 = (his[j] * ts0 + hve * te + phi_ia) / denom_a;
            // Sensitivities to the power delivered to the air node.
            const double d_tm_end = h3 * h1 / (hve * h2) / denom_m;
            const double d_ts = (hms[j] * 0.5 * d_tm_end + h1 / hve) / denom_s;
            const double d_ta = (his[j] * d_ts + 1.0) / denom_a;
            const double phi = std::max(0.0, (set_heat - ta0) / d_ta) + std::min(0.0, (set_cool - ta0) / d_ta);
            theta_m[j] = tm_end0 + phi * d_tm_end;
            power[j] = phi;
            air[j] = ta0 + phi * d_ta;
            surface[j] = ts0 + phi * d_ts;
            mass_mean[j] = tm0 + 0.5 * phi * d_tm_end;
          }
          if (!counted) {
            continue;
          }
          for (std::size_t j = 0; j < m; ++j) {
            const std::size_t b = begin + j;
            const double phi = power[j];
            const double heat = std::max(phi, 0.0);
            const double cool = std::max(-phi, 0.0);
            month_heat[j] += heat;
            month_cool[j] += cool;
            r.peak_heating_w[b] = std::max(r.peak_heating_w[b], heat);
            r.peak_cooling_w[b] = std::max(r.peak_cooling_w[b], cool);
          }
          if (one_slot) {
            double heat_sum = 0.0, cool_sum = 0.0;
            for (std::size_t j = 0; j < m; ++j) {
              heat_sum += std::max(power[j], 0.0);
              cool_sum += std::max(-power[j], 0.0);
            }
            sums.heating_w[slot[0]][h] += heat_sum;
            sums.cooling_w[slot[0]][h] += cool_sum;
          } else {
            for (std::size_t j = 0; j < m; ++j) {
              sums.heating_w[slot[j]][h] += std::max(power[j], 0.0);
              sums.cooling_w[slot[j]][h] += std::max(-power[j], 0.0);
            }
          }
          const bool month_ends = h + 1 == hours || cli.month[h + 1] != cli.month[h];
          if (month_ends) {
            const std::size_t month_index = static_cast<std::size_t>(cli.month[h] - 1);
            for (std::size_t j = 0; j < m; ++j) {
              const std::size_t b = begin + j;
              r.monthly_heating_kwh[b * 12 + month_index] += month_heat[j] / 1000.0;
              r.monthly_cooling_kwh[b * 12 + month_index] += month_cool[j] / 1000.0;
              month_heat[j] = 0.0;
              month_cool[j] = 0.0;
            }
          }
          for (std::size_t j = 0; j < m; ++j) {
            const std::size_t b = begin + j;
            r.min_air_c[b] = std::min(r.min_air_c[b], air[j]);
            r.max_air_c[b] = std::max(r.max_air_c[b], air[j]);
            r.mean_air_c[b] += air[j] / static_cast<double>(hours);
          }
          if (opt.record_trace) {
            for (std::size_t j = 0; j < m; ++j) {
              const std::size_t b = begin + j;
              r.trace_air_c[b][h] = air[j];
              r.trace_surface_c[b][h] = surface[j];
              r.trace_mass_c[b][h] = mass_mean[j];
              r.trace_mass_end_c[b][h] = theta_m[j];
              r.trace_power_w[b][h] = power[j];
            }
          }
        }
        for (std::size_t j = 0; j < m; ++j) {
          const std::size_t b = begin + j;
          for (std::size_t month_index = 0; month_index < 12; ++month_index) {
            r.annual_heating_kwh[b] += r.monthly_heating_kwh[b * 12 + month_index];
            r.annual_cooling_kwh[b] += r.monthly_cooling_kwh[b * 12 + month_index];
          }
        }
      }
    } catch (...) {
#pragma omp critical(heattwin_5r1c_failure)
      if (!failure) {
        failure = std::current_exception();
      }
    }
  }
  if (failure) {
    std::rethrow_exception(failure);
  }
  // Merge the chunks' region sums in chunk order.
  std::map<std::uint32_t, std::size_t> index_of;
  for (const auto& s : chunk_sums) {
    for (const auto region : s.regions) {
      index_of.emplace(region, 0);
    }
  }
  for (auto& [region, index] : index_of) {
    index = r.regions.size();
    r.regions.push_back(region);
  }
  r.region_heating_w.assign(r.regions.size(), std::vector<double>(hours, 0.0));
  r.region_cooling_w.assign(r.regions.size(), std::vector<double>(hours, 0.0));
  for (const auto& s : chunk_sums) {
    for (std::size_t k = 0; k < s.regions.size(); ++k) {
      const std::size_t target = index_of.at(s.regions[k]);
      for (std::size_t h = 0; h < hours; ++h) {
        r.region_heating_w[target][h] += s.heating_w[k][h];
        r.region_cooling_w[target][h] += s.cooling_w[k][h];
      }
    }
  }
  return r;
}

}  // namespace heattwin::solvers::demand
