#include "solvers/demand/hourly_5r1c.hpp"

#include "twin/error.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <map>
#include <string_view>
#include <type_traits>

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
  std::vector<double> heating_w, cooling_w;  ///< [hour × regions.size() + slot]
};

/// Per-block working arrays: state, sinks and the per-building coefficients of the update.
struct BlockState {
  explicit BlockState(std::size_t n)
      : theta_m(n), solar(n), power(n), air(n), surface(n), mass_mean(n), set_heat(n), set_cool(n), gain_fraction(n),
        month_heat(n), month_cool(n), peak_heat(n), peak_cool(n), min_air(n), max_air(n), sum_air(n), hve(n),
        inv_hve(n), h1(n), k3(n), keep_m(n), inv_denom_m(n), inv_denom_s(n), inv_denom_a(n), d_tm_end(n), d_ts(n),
        d_ta(n), inv_d_ta(n), slot(n) {}

  void reset(std::size_t m, double initial_mass_c) {
    std::fill(theta_m.begin(), theta_m.begin() + static_cast<std::ptrdiff_t>(m), initial_mass_c);
    reset_sinks();
  }

  void reset_sinks() {
    for (auto* v : {&month_heat, &month_cool, &peak_heat, &peak_cool, &sum_air}) {
      std::fill(v->begin(), v->end(), 0.0);
    }
    std::fill(min_air.begin(), min_air.end(), std::numeric_limits<double>::infinity());
    std::fill(max_air.begin(), max_air.end(), -std::numeric_limits<double>::infinity());
  }

  /// The hour-independent factors of the Crank-Nicolson update (ISO 13790 C.3), for the
  /// ventilation of hour h (or the constant ventilation when `scheduled` is false).
  void coefficients(const Rc5Buildings& b, const Rc5Schedules& s, std::size_t begin, std::size_t m, std::size_t h,
                    bool scheduled) {
    for (std::size_t j = 0; j < m; ++j) {
      const std::size_t i = begin + j;
      const double v = b.h_ve_w_per_k[i] +
                       (scheduled ? b.h_ve_scheduled_w_per_k[i] * s.ventilation_fraction[b.schedule[i]][h] : 0.0);
      const double his = b.h_tr_is_w_per_k[i], hms = b.h_tr_ms_w_per_k[i], hw = b.h_tr_w_w_per_k[i];
      const double hem = b.h_tr_em_w_per_k[i];
      const double h_1 = v * his / (v + his);
      const double h_2 = h_1 + hw;
      const double h_3 = h_2 * hms / (h_2 + hms);
      const double c_h = b.heat_capacity_j_per_k[i] / 3600.0;
      const double denom_m = c_h + 0.5 * (h_3 + hem);
      hve[j] = v;
      inv_hve[j] = 1.0 / v;
      h1[j] = h_1;
      k3[j] = h_3 / h_2;
      keep_m[j] = (c_h - 0.5 * (h_3 + hem)) / denom_m;
      inv_denom_m[j] = 1.0 / denom_m;
      inv_denom_s[j] = 1.0 / (hms + hw + h_1);
      inv_denom_a[j] = 1.0 / (his + v);
      d_tm_end[j] = h_3 * h_1 / (v * h_2) / denom_m;
      d_ts[j] = (hms * 0.5 * d_tm_end[j] + h_1 / v) * inv_denom_s[j];
      d_ta[j] = (his * d_ts[j] + 1.0) * inv_denom_a[j];
      inv_d_ta[j] = 1.0 / d_ta[j];
    }
  }

  std::vector<double> theta_m, solar, power, air, surface, mass_mean, set_heat, set_cool, gain_fraction;
  std::vector<double> month_heat, month_cool, peak_heat, peak_cool, min_air, max_air, sum_air;
  std::vector<double> hve, inv_hve, h1, k3, keep_m, inv_denom_m, inv_denom_s, inv_denom_a, d_tm_end, d_ts, d_ta,
      inv_d_ta;
  std::vector<std::size_t> slot;
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
      // Hour-major ([hour × regions + slot]) so that one hour's additions stay in one cache line.
      const std::size_t slots = sums.regions.size();
      sums.heating_w.assign(hours * slots, 0.0);
      sums.cooling_w.assign(hours * slots, 0.0);
      const std::size_t bs = opt.block_size;
      BlockState st(bs);
      for (std::size_t begin = chunk_begin; begin < chunk_end; begin += bs) {
        const std::size_t m = std::min(bs, chunk_end - begin);
        bool one_slot = true;
        bool one_schedule = true;
        bool scheduled_ventilation = false;
        for (std::size_t j = 0; j < m; ++j) {
          st.slot[j] = slot_of.at(bld.region[begin + j]);
          one_slot = one_slot && st.slot[j] == st.slot[0];
          one_schedule = one_schedule && bld.schedule[begin + j] == bld.schedule[begin];
          scheduled_ventilation = scheduled_ventilation || bld.h_ve_scheduled_w_per_k[begin + j] != 0.0;
        }
        st.reset(m, opt.initial_mass_temperature_c);
        if (!scheduled_ventilation) {
          st.coefficients(bld, sch, begin, m, 0, false);
        }
        const double* gains = bld.internal_gains_w.data() + begin;
        const double* conv = bld.internal_convective_fraction.data() + begin;
        const double* am_share = bld.mass_share.data() + begin;
        const double* st_share = bld.surface_share.data() + begin;
        const double* g_share = bld.ground_share.data() + begin;
        const double* hw = bld.h_tr_w_w_per_k.data() + begin;
        const double* hem = bld.h_tr_em_w_per_k.data() + begin;
        const double* hms = bld.h_tr_ms_w_per_k.data() + begin;
        const double* his = bld.h_tr_is_w_per_k.data() + begin;
        const std::uint32_t* schedule = bld.schedule.data() + begin;
        // Warm-up (the year's last days) then the year; only the year reaches the sinks.
        for (std::size_t step = 0; step < warmup_hours + hours; ++step) {
          const bool counted = step >= warmup_hours;
          const std::size_t h = counted ? step - warmup_hours : hours - warmup_hours + step;
          if (scheduled_ventilation) {
            st.coefficients(bld, sch, begin, m, h, true);
          }
          const double te = cli.outdoor_c[h];
          const double tg = cli.ground_c[h];
          double* solar = st.solar.data();
          std::fill(solar, solar + m, 0.0);
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
          // Set points and gain fractions: scalars when the block shares one schedule.
          double* set_heat = st.set_heat.data();
          double* set_cool = st.set_cool.data();
          double* gain_fraction = st.gain_fraction.data();
          double scalar_heat = 0.0, scalar_cool = 0.0, scalar_gain = 0.0;
          if (one_schedule) {
            scalar_heat = sch.heating_setpoint_c[schedule[0]][h];
            scalar_cool = sch.cooling_setpoint_c[schedule[0]][h];
            scalar_gain = sch.internal_gain_fraction[schedule[0]][h];
          } else {
            for (std::size_t j = 0; j < m; ++j) {
              set_heat[j] = sch.heating_setpoint_c[schedule[j]][h];
              set_cool[j] = sch.cooling_setpoint_c[schedule[j]][h];
              gain_fraction[j] = sch.internal_gain_fraction[schedule[j]][h];
            }
          }
          if (step == warmup_hours) {
            st.reset_sinks();  // the warm-up hours do not reach the sinks
          }
          double* theta_m = st.theta_m.data();
          double* power = st.power.data();
          double* air = st.air.data();
          double* surface = st.surface.data();
          double* mass_mean = st.mass_mean.data();
          double* month_heat = st.month_heat.data();
          double* month_cool = st.month_cool.data();
          double* peak_heat = st.peak_heat.data();
          double* peak_cool = st.peak_cool.data();
          double* min_air = st.min_air.data();
          double* max_air = st.max_air.data();
          double* sum_air = st.sum_air.data();
          const double* h1 = st.h1.data();
          const double* hve = st.hve.data();
          const double* inv_hve = st.inv_hve.data();
          const double* k3 = st.k3.data();
          const double* keep_m = st.keep_m.data();
          const double* inv_denom_m = st.inv_denom_m.data();
          const double* inv_denom_s = st.inv_denom_s.data();
          const double* inv_denom_a = st.inv_denom_a.data();
          const double* d_tm_end = st.d_tm_end.data();
          const double* d_ts = st.d_ts.data();
          const double* d_ta = st.d_ta.data();
          const double* inv_d_ta = st.inv_d_ta.data();
          // One update of every building of the block; compiled for a block-wide schedule
          // (set points as scalars) or per-building schedules, with or without the trace.
          auto update = [&](auto uniform_tag, auto trace_tag) {
            constexpr bool kUniform = decltype(uniform_tag)::value;
            constexpr bool kTrace = decltype(trace_tag)::value;
            // Local copies: the loop must not reload captured pointers (that blocks vectorisation).
            auto* const l_gains = gains;
            auto* const l_conv = conv;
            auto* const l_am_share = am_share;
            auto* const l_st_share = st_share;
            auto* const l_g_share = g_share;
            auto* const l_hw = hw;
            auto* const l_hem = hem;
            auto* const l_hms = hms;
            auto* const l_his = his;
            auto* const l_h1 = h1;
            auto* const l_hve = hve;
            auto* const l_inv_hve = inv_hve;
            auto* const l_k3 = k3;
            auto* const l_keep_m = keep_m;
            auto* const l_inv_denom_m = inv_denom_m;
            auto* const l_inv_denom_s = inv_denom_s;
            auto* const l_inv_denom_a = inv_denom_a;
            auto* const l_d_tm_end = d_tm_end;
            auto* const l_d_ts = d_ts;
            auto* const l_d_ta = d_ta;
            auto* const l_inv_d_ta = inv_d_ta;
            auto* const l_solar = solar;
            auto* const l_set_heat = set_heat;
            auto* const l_set_cool = set_cool;
            auto* const l_gain_fraction = gain_fraction;
            auto* const l_theta_m = theta_m;
            auto* const l_power = power;
            auto* const l_air = air;
            auto* const l_surface = surface;
            auto* const l_mass_mean = mass_mean;
            auto* const l_month_heat = month_heat;
            auto* const l_month_cool = month_cool;
            auto* const l_peak_heat = peak_heat;
            auto* const l_peak_cool = peak_cool;
            auto* const l_min_air = min_air;
            auto* const l_max_air = max_air;
            auto* const l_sum_air = sum_air;
            const auto l_te = te;
            const auto l_tg = tg;
            const auto l_scalar_heat = scalar_heat;
            const auto l_scalar_cool = scalar_cool;
            const auto l_scalar_gain = scalar_gain;
            const auto l_m = m;
#pragma omp simd
            for (std::size_t j = 0; j < l_m; ++j) {
              const double phi_int = l_gains[j] * (kUniform ? l_scalar_gain : l_gain_fraction[j]);
              const double phi_ia = l_conv[j] * phi_int;
              const double radiant = (1.0 - l_conv[j]) * phi_int + l_solar[j];
              const double phi_m = l_am_share[j] * radiant;
              const double phi_st = l_st_share[j] * radiant;
              const double te_em = l_te + l_g_share[j] * (l_tg - l_te);
              const double air_side = l_h1[j] * (phi_ia * l_inv_hve[j] + l_te);  // H_1 (φ_ia / H_ve + θ_sup)
              // Free-floating state (ISO 13790 C.3 with no heating or cooling power).
              const double phi_mtot = phi_m + l_hem[j] * te_em + l_k3[j] * (phi_st + l_hw[j] * l_te + air_side);
              const double tm_prev = l_theta_m[j];
              const double tm_end0 = tm_prev * l_keep_m[j] + phi_mtot * l_inv_denom_m[j];
              const double tm0 = 0.5 * (tm_end0 + tm_prev);
              const double ts0 = (l_hms[j] * tm0 + phi_st + l_hw[j] * l_te + air_side) * l_inv_denom_s[j];
              const double ta0 = (l_his[j] * ts0 + l_hve[j] * l_te + phi_ia) * l_inv_denom_a[j];
              // Exact power to the air node that holds the band (every node is linear in it).
              const double sh = kUniform ? l_scalar_heat : l_set_heat[j];
              const double sc = kUniform ? l_scalar_cool : l_set_cool[j];
              const double to_heat = (sh - ta0) * l_inv_d_ta[j];
              const double to_cool = (sc - ta0) * l_inv_d_ta[j];
              const double phi = (to_heat > 0.0 ? to_heat : 0.0) + (to_cool < 0.0 ? to_cool : 0.0);
              l_theta_m[j] = tm_end0 + phi * l_d_tm_end[j];
              l_power[j] = phi;
              const double ta = ta0 + phi * l_d_ta[j];
              if constexpr (kTrace) {
                l_air[j] = ta;
                l_surface[j] = ts0 + phi * l_d_ts[j];
                l_mass_mean[j] = tm0 + 0.5 * phi * l_d_tm_end[j];
              }
              // Plain value selects (not std::max, which returns a reference) keep the loop
              // free of branches so that it vectorises.
              const double heat = phi > 0.0 ? phi : 0.0;
              const double cool = phi < 0.0 ? -phi : 0.0;
              l_month_heat[j] += heat;
              l_month_cool[j] += cool;
              const double peak_h = l_peak_heat[j], peak_c = l_peak_cool[j], lo = l_min_air[j], hi = l_max_air[j];
              l_peak_heat[j] = heat > peak_h ? heat : peak_h;
              l_peak_cool[j] = cool > peak_c ? cool : peak_c;
              l_min_air[j] = ta < lo ? ta : lo;
              l_max_air[j] = ta > hi ? ta : hi;
              l_sum_air[j] += ta;
            }
          };
          if (one_schedule && opt.record_trace) {
            update(std::true_type{}, std::true_type{});
          } else if (one_schedule) {
            update(std::true_type{}, std::false_type{});
          } else if (opt.record_trace) {
            update(std::false_type{}, std::true_type{});
          } else {
            update(std::false_type{}, std::false_type{});
          }
          if (!counted) {
            continue;
          }
          if (one_slot) {
            double heat_sum = 0.0, cool_sum = 0.0;
            for (std::size_t j = 0; j < m; ++j) {
              heat_sum += std::max(power[j], 0.0);
              cool_sum += std::max(-power[j], 0.0);
            }
            sums.heating_w[h * slots + st.slot[0]] += heat_sum;
            sums.cooling_w[h * slots + st.slot[0]] += cool_sum;
          } else {
            for (std::size_t j = 0; j < m; ++j) {
              sums.heating_w[h * slots + st.slot[j]] += std::max(power[j], 0.0);
              sums.cooling_w[h * slots + st.slot[j]] += std::max(-power[j], 0.0);
            }
          }
          const bool month_ends = h + 1 == hours || cli.month[h + 1] != cli.month[h];
          if (month_ends) {
            const auto month_index = static_cast<std::size_t>(cli.month[h] - 1);
            for (std::size_t j = 0; j < m; ++j) {
              const std::size_t b = begin + j;
              r.monthly_heating_kwh[b * 12 + month_index] = month_heat[j] / 1000.0;
              r.monthly_cooling_kwh[b * 12 + month_index] = month_cool[j] / 1000.0;
              r.annual_heating_kwh[b] += month_heat[j] / 1000.0;
              r.annual_cooling_kwh[b] += month_cool[j] / 1000.0;
              month_heat[j] = 0.0;
              month_cool[j] = 0.0;
            }
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
          r.peak_heating_w[b] = st.peak_heat[j];
          r.peak_cooling_w[b] = st.peak_cool[j];
          r.min_air_c[b] = st.min_air[j];
          r.max_air_c[b] = st.max_air[j];
          r.mean_air_c[b] = st.sum_air[j] / static_cast<double>(hours);
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
        r.region_heating_w[target][h] += s.heating_w[h * s.regions.size() + k];
        r.region_cooling_w[target][h] += s.cooling_w[h * s.regions.size() + k];
      }
    }
  }
  return r;
}

}  // namespace heattwin::solvers::demand
