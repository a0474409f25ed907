#include "solvers/demand/hourly_5r1c.hpp"

#include "twin/error.hpp"
#include "twin/parallel_errors.hpp"
#include "twin/physical_constants.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <string_view>
#include <type_traits>
#include <utility>

// Instruction-set variants of the kernel: GCC or Clang on x86-64 (target attributes and
// __builtin_cpu_supports); elsewhere only the baseline build.
#if defined(__x86_64__) && defined(__GNUC__)
#define HEATTWIN_RC5_ISA_VARIANTS 1
#else
#define HEATTWIN_RC5_ISA_VARIANTS 0
#endif

namespace heattwin::solvers::demand {
namespace {

/// Buildings per unit of parallel work. Fixed (not derived from the thread count) so that the
/// per-region hourly sums are formed in the same order at any thread count.
constexpr std::size_t CHUNK_BUILDINGS = 16384;

/// Up to this many runs of equal region in a block, the update runs once per run and returns the
/// run's sums; above it the block is updated whole and the runs are summed from the power array.
constexpr std::size_t FUSED_RUNS_MAX = 4;

bool finite_non_negative(double v) { return std::isfinite(v) && v >= 0.0; }

}  // namespace

std::string_view to_string(Rc5KernelIsa isa) {
  switch (isa) {
    case Rc5KernelIsa::automatic:
      return "automatic";
    case Rc5KernelIsa::baseline:
      return "baseline";
    case Rc5KernelIsa::avx2:
      return "avx2";
    case Rc5KernelIsa::avx512:
      return "avx512";
  }
  return "unknown";
}

bool rc5_kernel_isa_supported(Rc5KernelIsa isa) {
  switch (isa) {
    case Rc5KernelIsa::automatic:
    case Rc5KernelIsa::baseline:
      return true;
#if HEATTWIN_RC5_ISA_VARIANTS
    case Rc5KernelIsa::avx2:
      return __builtin_cpu_supports("x86-64-v3") != 0;
    case Rc5KernelIsa::avx512:
      return __builtin_cpu_supports("x86-64-v4") != 0;
#else
    case Rc5KernelIsa::avx2:
    case Rc5KernelIsa::avx512:
      return false;
#endif
  }
  return false;
}

Rc5KernelIsa best_rc5_kernel_isa() {
  for (const Rc5KernelIsa isa : {Rc5KernelIsa::avx512, Rc5KernelIsa::avx2}) {
    if (rc5_kernel_isa_supported(isa)) return isa;
  }
  return Rc5KernelIsa::baseline;
}

void Rc5Buildings::append(const Rc5Zone& z, const std::string_view id) {
  HEATTWIN_CHECK(z.floor_area_m2 > 0.0 && std::isfinite(z.floor_area_m2),
                 "building {}: floor area {} m2 must be positive", id, z.floor_area_m2);
  HEATTWIN_CHECK(z.internal_surface_area_m2 > 0.0 && z.effective_mass_area_m2 > 0.0 &&
                     z.effective_mass_area_m2 <= z.internal_surface_area_m2,
                 "building {}: effective mass area {} m2 must be positive and at most the internal surface area {} m2",
                 id, z.effective_mass_area_m2, z.internal_surface_area_m2);
  HEATTWIN_CHECK(z.heat_capacity_j_per_k > 0.0 && std::isfinite(z.heat_capacity_j_per_k),
                 "building {}: heat capacity {} J/K must be positive", id, z.heat_capacity_j_per_k);
  HEATTWIN_CHECK(
      finite_non_negative(z.window_h_w_per_k) && finite_non_negative(z.opaque_h_w_per_k) &&
          finite_non_negative(z.ground_h_w_per_k) && z.ground_h_w_per_k <= z.opaque_h_w_per_k &&
          finite_non_negative(z.ventilation_h_w_per_k) && finite_non_negative(z.scheduled_ventilation_h_w_per_k),
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

/// Hourly sums of one grouping in one chunk: the groups it touches, ascending, and their sums.
struct ChunkGroupSums {
  std::vector<std::uint32_t> groups;
  std::vector<double> heating_w, cooling_w;  ///< [slot × hours + hour]; cooling only for the regions
};

/// A run of consecutive buildings of a block that belong to the same group.
struct GroupRun {
  std::size_t begin = 0, end = 0, slot = 0;
  std::size_t local = 0;  ///< index of `slot` among the block's distinct slots
};

/// Hours buffered per block before its group sums reach the chunk's sums.
constexpr std::size_t TILE_HOURS = 64;

/// A block's hourly sums of one grouping for a tile of hours, [local slot × TILE_HOURS + hour in
/// tile]: the runs add here (in L1/L2), and every TILE_HOURS hours each distinct slot's stretch is
/// added to the chunk's group-major sums in one sequential pass, instead of one scattered cache
/// line per run and hour.
struct TileSums {
  std::vector<std::size_t> slots;  ///< the block's distinct slots, in order of first appearance
  std::vector<double> heating_w, cooling_w;
};

/// The 5R1C update of one building, folded (ISO 13790 C.3). With the power φ delivered to the
/// air node, every node temperature at the end of the hour is linear in the mass temperature at
/// its start θm,prev, the outdoor θe and ground θg temperatures, the schedule's gain fraction f and
/// the solar gain S (W):
///   θm,end = k_m θm,prev + m_e θe + m_g θg + m_f f + m_s S + φ d_m
///   θs     = k_s θm,prev + s_e θe + s_g θg + s_f f + s_s S + φ d_s
///   θair   = k_a θm,prev + a_e θe + a_g θg + a_f f + a_s S + φ d_a
/// The coefficients depend only on the building and its ventilation; `fold` derives them from
/// the standard's equations (C.2–C.10), so one hour costs two five-term dot products.
struct Folded {
  double k_m, m_e, m_g, m_f, m_s, d_m;
  double k_s, s_e, s_g, s_f, s_s, d_s;
  double k_a, a_e, a_g, a_f, a_s, d_a;
};

Folded fold(const Rc5Buildings& b, std::size_t i, double v) {
  const double his = b.h_tr_is_w_per_k[i], hms = b.h_tr_ms_w_per_k[i], hw = b.h_tr_w_w_per_k[i];
  const double hem = b.h_tr_em_w_per_k[i], gs = b.ground_share[i], g = b.internal_gains_w[i];
  const double conv = b.internal_convective_fraction[i], am = b.mass_share[i], st = b.surface_share[i];
  const double h1 = v * his / (v + his);    // (C.6)
  const double h2 = h1 + hw;                // (C.7)
  const double h3 = h2 * hms / (h2 + hms);  // (C.8)
  const double k3 = h3 / h2;
  const double c_h = b.heat_capacity_j_per_k[i] / twin::SECONDS_PER_HOUR;
  const double inv_denom_m = 1.0 / (c_h + 0.5 * (h3 + hem));
  const double inv_denom_s = 1.0 / (hms + hw + h1);
  const double inv_denom_a = 1.0 / (his + v);
  // φ_ia = conv g f; radiant = (1 − conv) g f + S; φ_m = am radiant; φ_st = st radiant;
  // θ_em = (1 − gs) θe + gs θg; the air node sees θ_sup = θe and φ_ia + φ.
  const double radiant_f = (1.0 - conv) * g;
  const double air_f = conv * g;
  Folded f{};
  // (C.5) θm,end = (θm,prev (C_m/3600 − (H_3 + H_em)/2) + φ_mtot) / (C_m/3600 + (H_3 + H_em)/2), with
  // (C.5) φ_mtot = φ_m + H_em θ_em + H_3/H_2 (φ_st + H_w θe + H_1 ((φ_ia + φ)/H_ve + θ_sup)).
  f.k_m = (c_h - 0.5 * (h3 + hem)) * inv_denom_m;
  f.m_e = (hem * (1.0 - gs) + k3 * (hw + h1)) * inv_denom_m;
  f.m_g = hem * gs * inv_denom_m;
  f.m_f = ((am + k3 * st) * radiant_f + k3 * h1 * air_f / v) * inv_denom_m;
  f.m_s = (am + k3 * st) * inv_denom_m;
  f.d_m = k3 * h1 / v * inv_denom_m;
  // (C.9) θm = (θm,end + θm,prev)/2; (C.10) θs = (H_ms θm + φ_st + H_w θe + H_1 (θ_sup + (φ_ia + φ)/H_ve)) / (H_ms +
  // H_w + H_1).
  f.k_s = hms * 0.5 * (f.k_m + 1.0) * inv_denom_s;
  f.s_e = (hms * 0.5 * f.m_e + hw + h1) * inv_denom_s;
  f.s_g = hms * 0.5 * f.m_g * inv_denom_s;
  f.s_f = (hms * 0.5 * f.m_f + st * radiant_f + h1 * air_f / v) * inv_denom_s;
  f.s_s = (hms * 0.5 * f.m_s + st) * inv_denom_s;
  f.d_s = (hms * 0.5 * f.d_m + h1 / v) * inv_denom_s;
  // (C.11) θair = (H_is θs + H_ve θ_sup + φ_ia + φ) / (H_is + H_ve).
  f.k_a = his * f.k_s * inv_denom_a;
  f.a_e = (his * f.s_e + v) * inv_denom_a;
  f.a_g = his * f.s_g * inv_denom_a;
  f.a_f = (his * f.s_f + air_f) * inv_denom_a;
  f.a_s = his * f.s_s * inv_denom_a;
  f.d_a = (his * f.d_s + 1.0) * inv_denom_a;
  return f;
}

/// Per-block working arrays: the folded coefficients, state and sinks, one entry per building.
struct BlockState {
  explicit BlockState(std::size_t n)
      : k_m(n),
        m_e(n),
        m_g(n),
        m_f(n),
        m_s(n),
        d_m(n),
        k_a(n),
        a_e(n),
        a_g(n),
        a_f(n),
        a_s(n),
        d_a(n),
        inv_d_a(n),
        k_s(n),
        s_e(n),
        s_g(n),
        s_f(n),
        s_s(n),
        d_s(n),
        ventilation(n),
        theta_m(n),
        solar(n),
        power(n),
        air(n),
        surface(n),
        mass_mean(n),
        set_heat(n),
        set_cool(n),
        gain_fraction(n),
        month_heat(n),
        month_cool(n),
        peak_heat(n),
        peak_cool(n),
        min_air(n),
        max_air(n),
        sum_air(n),
        local_schedule(n) {}

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

  /// Folds the coefficients of block building j (building i) for ventilation v.
  void set(std::size_t j, const Rc5Buildings& b, std::size_t i, double v) {
    const Folded f = fold(b, i, v);
    ventilation[j] = v;
    k_m[j] = f.k_m, m_e[j] = f.m_e, m_g[j] = f.m_g, m_f[j] = f.m_f, m_s[j] = f.m_s, d_m[j] = f.d_m;
    k_a[j] = f.k_a, a_e[j] = f.a_e, a_g[j] = f.a_g, a_f[j] = f.a_f, a_s[j] = f.a_s, d_a[j] = f.d_a;
    inv_d_a[j] = 1.0 / f.d_a;
    k_s[j] = f.k_s, s_e[j] = f.s_e, s_g[j] = f.s_g, s_f[j] = f.s_f, s_s[j] = f.s_s, d_s[j] = f.d_s;
  }

  std::vector<double> k_m, m_e, m_g, m_f, m_s, d_m, k_a, a_e, a_g, a_f, a_s, d_a, inv_d_a, k_s, s_e, s_g, s_f, s_s, d_s,
      ventilation;
  std::vector<double> theta_m, solar, power, air, surface, mass_mean, set_heat, set_cool, gain_fraction;
  std::vector<double> month_heat, month_cool, peak_heat, peak_cool, min_air, max_air, sum_air;
  std::vector<std::size_t> local_schedule;  ///< index into the block's distinct schedules
};

/// Σ max(p, 0) and Σ max(−p, 0) over p[begin, end) with four partial sums in a fixed order
/// (deterministic, and not one long chain of dependent additions).
[[gnu::always_inline]] inline std::pair<double, double> split_sum(const double* p, std::size_t begin, std::size_t end) {
  double h[4] = {0.0, 0.0, 0.0, 0.0}, c[4] = {0.0, 0.0, 0.0, 0.0};
  std::size_t j = begin;
  for (; j + 4 <= end; j += 4) {
    for (std::size_t k = 0; k < 4; ++k) {
      const double x = p[j + k];
      h[k] += x > 0.0 ? x : 0.0;
      c[k] += x < 0.0 ? -x : 0.0;
    }
  }
  for (std::size_t k = 0; j < end; ++j, ++k) {
    const double x = p[j];
    h[k] += x > 0.0 ? x : 0.0;
    c[k] += x < 0.0 ? -x : 0.0;
  }
  return {(h[0] + h[1]) + (h[2] + h[3]), (c[0] + c[1]) + (c[2] + c[3])};
}

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
  for (const auto* table :
       {&s.heating_setpoint_c, &s.cooling_setpoint_c, &s.internal_gain_fraction, &s.ventilation_fraction}) {
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
  for (std::size_t g = 0; g < o.hourly_groupings.size(); ++g) {
    HEATTWIN_CHECK(o.hourly_groupings[g].size() == n, "5R1C: hourly grouping {} has {} entries for {} buildings", g,
                   o.hourly_groupings[g].size(), n);
  }
  HEATTWIN_CHECK(o.block_size > 0 && CHUNK_BUILDINGS % o.block_size == 0, "5R1C: block size {} must divide {}",
                 o.block_size, CHUNK_BUILDINGS);
  HEATTWIN_CHECK(o.warmup_days >= 0 && static_cast<std::size_t>(o.warmup_days) * 24 <= hours,
                 "5R1C: {} warm-up days do not fit into {} hours", o.warmup_days, hours);
  HEATTWIN_CHECK(!o.record_trace || n * hours <= 100'000'000, "5R1C: a trace of {} buildings x {} hours is too large",
                 n, hours);
}

/// The hour's inputs shared by a block: outdoor and ground temperature, the schedule values when
/// the block shares one schedule, and the solar gain as Σ over up to four inline channels
/// (aperture column × irradiance) plus a partial sum of the remaining channels.
struct HourInputs {
  double te = 0.0, tg = 0.0, heat = 0.0, cool = 0.0, gain = 0.0;
  const double* aperture[4] = {nullptr, nullptr, nullptr, nullptr};
  double irradiance[4] = {0.0, 0.0, 0.0, 0.0};
  const double* solar_partial = nullptr;
};

/// The hourly update of the block buildings [jb, je); returns Σ heating and Σ cooling power over
/// them (split_sum: four partial sums in a fixed order, the same at any thread count and in
/// every instruction-set variant). Compiled for a block-wide schedule (set points and gain
/// fraction as scalars) or per-building ones, with or without the trace.
template <bool kUniform, bool kTrace>
[[gnu::always_inline]] inline std::pair<double, double> update_block(BlockState& st, std::size_t jb, std::size_t je,
                                                                     const HourInputs& in) {
  // Local copies: the loop must not reload members or captured values (that blocks vectorisation).
  const double te = in.te, tg = in.tg, scalar_heat = in.heat, scalar_cool = in.cool, scalar_gain = in.gain;
  const double* const ap0 = in.aperture[0];
  const double* const ap1 = in.aperture[1];
  const double* const ap2 = in.aperture[2];
  const double* const ap3 = in.aperture[3];
  const double ir0 = in.irradiance[0], ir1 = in.irradiance[1], ir2 = in.irradiance[2], ir3 = in.irradiance[3];
  const double* const partial = in.solar_partial;
  const double* const k_m = st.k_m.data();
  const double* const m_e = st.m_e.data();
  const double* const m_g = st.m_g.data();
  const double* const m_f = st.m_f.data();
  const double* const m_s = st.m_s.data();
  const double* const d_m = st.d_m.data();
  const double* const k_a = st.k_a.data();
  const double* const a_e = st.a_e.data();
  const double* const a_g = st.a_g.data();
  const double* const a_f = st.a_f.data();
  const double* const a_s = st.a_s.data();
  const double* const d_a = st.d_a.data();
  const double* const inv_d_a = st.inv_d_a.data();
  const double* const k_s = st.k_s.data();
  const double* const s_e = st.s_e.data();
  const double* const s_g = st.s_g.data();
  const double* const s_f = st.s_f.data();
  const double* const s_s = st.s_s.data();
  const double* const d_s = st.d_s.data();
  const double* const set_heat = st.set_heat.data();
  const double* const set_cool = st.set_cool.data();
  const double* const gain_fraction = st.gain_fraction.data();
  double* const theta_m = st.theta_m.data();
  double* const power = st.power.data();
  double* const air = st.air.data();
  double* const surface = st.surface.data();
  double* const mass_mean = st.mass_mean.data();
  double* const month_heat = st.month_heat.data();
  double* const month_cool = st.month_cool.data();
  double* const peak_heat = st.peak_heat.data();
  double* const peak_cool = st.peak_cool.data();
  double* const min_air = st.min_air.data();
  double* const max_air = st.max_air.data();
  double* const sum_air = st.sum_air.data();
#pragma omp simd
  for (std::size_t j = jb; j < je; ++j) {
    const double f = kUniform ? scalar_gain : gain_fraction[j];
    const double s = partial[j] + (ap0[j] * ir0 + ap1[j] * ir1) + (ap2[j] * ir2 + ap3[j] * ir3);
    const double tm_prev = theta_m[j];
    // Free-floating state (no heating or cooling power).
    const double tm_end0 = k_m[j] * tm_prev + m_e[j] * te + m_g[j] * tg + m_f[j] * f + m_s[j] * s;
    const double ta0 = k_a[j] * tm_prev + a_e[j] * te + a_g[j] * tg + a_f[j] * f + a_s[j] * s;
    // Exact power to the air node that holds the band (every node is linear in it).
    const double sh = kUniform ? scalar_heat : set_heat[j];
    const double sc = kUniform ? scalar_cool : set_cool[j];
    const double to_heat = (sh - ta0) * inv_d_a[j];
    const double to_cool = (sc - ta0) * inv_d_a[j];
    const double phi = (to_heat > 0.0 ? to_heat : 0.0) + (to_cool < 0.0 ? to_cool : 0.0);
    theta_m[j] = tm_end0 + phi * d_m[j];
    power[j] = phi;
    const double ta = ta0 + phi * d_a[j];
    if constexpr (kTrace) {
      const double ts0 = k_s[j] * tm_prev + s_e[j] * te + s_g[j] * tg + s_f[j] * f + s_s[j] * s;
      air[j] = ta;
      surface[j] = ts0 + phi * d_s[j];
      mass_mean[j] = 0.5 * (tm_end0 + phi * d_m[j] + tm_prev);
    }
    // Plain value selects (not std::max, which returns a reference) keep the loop free of
    // branches so that it vectorises.
    const double heat = phi > 0.0 ? phi : 0.0;
    const double cool = phi < 0.0 ? -phi : 0.0;
    month_heat[j] += heat;
    month_cool[j] += cool;
    const double peak_h = peak_heat[j], peak_c = peak_cool[j], lo = min_air[j], hi = max_air[j];
    peak_heat[j] = heat > peak_h ? heat : peak_h;
    peak_cool[j] = cool > peak_c ? cool : peak_c;
    min_air[j] = ta < lo ? ta : lo;
    max_air[j] = ta > hi ? ta : hi;
    sum_air[j] += ta;
  }
  // Not an `omp simd reduction`: its order follows the vector width, which differs between the
  // instruction-set variants.
  return split_sum(power, jb, je);
}

/// Solar inputs of the block [begin, begin + m) for hour h: the first four channels that are not
/// dark go inline into the update; the others are summed here into `partial`, four per pass.
/// `zeros` (m zeros) stands in for unused channels and an empty partial sum.
[[gnu::always_inline]] inline void block_solar(const Rc5Buildings& bld, const Rc5Climate& cli, std::size_t begin,
                                               std::size_t m, std::size_t h, const double* zeros, double* partial,
                                               HourInputs& in) {
  const std::size_t channels = bld.solar_aperture_m2.size();
  std::size_t inline_count = 0;
  bool have_partial = false;
  std::size_t pending[4] = {0, 0, 0, 0};
  std::size_t pending_count = 0;
  auto flush = [&]() __attribute__((always_inline)) {
    const double* a[4];
    double irr[4];
    for (std::size_t k = 0; k < 4; ++k) {
      a[k] = k < pending_count ? bld.solar_aperture_m2[pending[k]].data() + begin : zeros;
      irr[k] = k < pending_count ? cli.solar_w_per_m2[pending[k]][h] : 0.0;
    }
    const double* const a0 = a[0];
    const double* const a1 = a[1];
    const double* const a2 = a[2];
    const double* const a3 = a[3];
    const double* const base = have_partial ? partial : zeros;
    const double i0 = irr[0], i1 = irr[1], i2 = irr[2], i3 = irr[3];
#pragma omp simd
    for (std::size_t j = 0; j < m; ++j) {
      partial[j] = base[j] + (a0[j] * i0 + a1[j] * i1) + (a2[j] * i2 + a3[j] * i3);
    }
    have_partial = true;
    pending_count = 0;
  };
  for (std::size_t c = 0; c < channels; ++c) {
    const double irradiance = cli.solar_w_per_m2[c][h];
    if (irradiance == 0.0) continue;
    if (inline_count < 4) {
      in.aperture[inline_count] = bld.solar_aperture_m2[c].data() + begin;
      in.irradiance[inline_count] = irradiance;
      ++inline_count;
    } else {
      pending[pending_count++] = c;
      if (pending_count == 4) flush();
    }
  }
  if (pending_count > 0) flush();
  for (std::size_t k = inline_count; k < 4; ++k) {
    in.aperture[k] = zeros;
    in.irradiance[k] = 0.0;
  }
  in.solar_partial = have_partial ? partial : zeros;
}

/// What a chunk of the year's simulation reads and writes (simulate_5r1c's state).
struct ChunkContext {
  const Rc5Buildings& bld;
  const Rc5Schedules& sch;
  const Rc5Climate& cli;
  const Rc5Options& opt;
  Rc5Results& r;
  std::vector<std::vector<ChunkGroupSums>>& chunk_sums;
  const std::vector<const std::vector<std::uint32_t>*>& grouping_ids;
  std::size_t n, hours, warmup_hours;
};

/// The year of the buildings of one chunk. Inlined into one function per instruction-set variant
/// (chunk_kernel), each compiled for its target; the file is compiled without floating-point
/// contraction (sources.cmake), so every variant computes the same bits.
[[gnu::always_inline]] inline void simulate_chunk_body(const ChunkContext& c, std::size_t chunk) {
  const Rc5Buildings& bld = c.bld;
  const Rc5Schedules& sch = c.sch;
  const Rc5Climate& cli = c.cli;
  const Rc5Options& opt = c.opt;
  Rc5Results& r = c.r;
  auto& chunk_sums = c.chunk_sums;
  const auto& grouping_ids = c.grouping_ids;
  const std::size_t n = c.n, hours = c.hours, warmup_hours = c.warmup_hours;
  const std::size_t groupings = grouping_ids.size();
  const std::size_t chunk_begin = chunk * CHUNK_BUILDINGS;
  const std::size_t chunk_end = std::min(n, chunk_begin + CHUNK_BUILDINGS);
  // Each grouping's slots in this chunk: the groups it touches, ascending.
  std::vector<std::vector<std::size_t>> slot(groupings, std::vector<std::size_t>(chunk_end - chunk_begin));
  for (std::size_t g = 0; g < groupings; ++g) {
    auto& sums = chunk_sums[chunk][g];
    const std::uint32_t* ids = grouping_ids[g]->data();
    std::vector<std::uint32_t> present(ids + chunk_begin, ids + chunk_end);
    std::sort(present.begin(), present.end());
    present.erase(std::unique(present.begin(), present.end()), present.end());
    sums.groups = std::move(present);
    for (std::size_t i = chunk_begin; i < chunk_end; ++i) {
      slot[g][i - chunk_begin] = static_cast<std::size_t>(
          std::lower_bound(sums.groups.begin(), sums.groups.end(), ids[i]) - sums.groups.begin());
    }
    // Group-major ([slot × hours + hour]): a block's run adds to one slot hour after hour, a
    // sequential stream (an hour-major layout missed the cache once per block and hour).
    sums.heating_w.assign(hours * sums.groups.size(), 0.0);
    if (g == 0) sums.cooling_w.assign(hours * sums.groups.size(), 0.0);
  }
  const std::size_t bs = opt.block_size;
  BlockState st(bs);
  const std::vector<double> zeros(bs, 0.0);
  std::vector<std::vector<GroupRun>> runs(groupings);
  std::vector<TileSums> tiles(groupings);
  std::vector<std::uint32_t> block_schedules;
  std::vector<std::size_t> varying;  // block buildings with scheduled ventilation
  for (std::size_t begin = chunk_begin; begin < chunk_end; begin += bs) {
    const std::size_t m = std::min(bs, chunk_end - begin);
    // Runs of equal group ids: the hourly sums add one partial sum per run.
    for (std::size_t g = 0; g < groupings; ++g) {
      runs[g].clear();
      const std::size_t* sl = slot[g].data() + (begin - chunk_begin);
      for (std::size_t j = 0; j < m; ++j) {
        if (j == 0 || sl[j] != sl[j - 1]) {
          runs[g].push_back({j, j + 1, sl[j], 0});
        } else {
          runs[g].back().end = j + 1;
        }
      }
      TileSums& tile = tiles[g];
      tile.slots.clear();
      for (GroupRun& run : runs[g]) {
        auto it = std::find(tile.slots.begin(), tile.slots.end(), run.slot);
        if (it == tile.slots.end()) it = tile.slots.insert(tile.slots.end(), run.slot);
        run.local = static_cast<std::size_t>(it - tile.slots.begin());
      }
      tile.heating_w.assign(tile.slots.size() * TILE_HOURS, 0.0);
      tile.cooling_w.assign(g == 0 ? tile.slots.size() * TILE_HOURS : 0, 0.0);
    }
    block_schedules.clear();
    varying.clear();
    for (std::size_t j = 0; j < m; ++j) {
      const std::uint32_t k = bld.schedule[begin + j];
      auto it = std::find(block_schedules.begin(), block_schedules.end(), k);
      if (it == block_schedules.end()) it = block_schedules.insert(block_schedules.end(), k);
      st.local_schedule[j] = static_cast<std::size_t>(it - block_schedules.begin());
      if (bld.h_ve_scheduled_w_per_k[begin + j] != 0.0) varying.push_back(j);
      st.set(j, bld, begin + j, bld.h_ve_w_per_k[begin + j]);
      st.ventilation[j] = std::numeric_limits<double>::quiet_NaN();  // not yet folded for a schedule
    }
    const bool one_schedule = block_schedules.size() == 1;
    st.reset(m, opt.initial_mass_temperature_c);
    // Warm-up (the year's last days) then the year; only the year reaches the sinks.
    for (std::size_t step = 0; step < warmup_hours + hours; ++step) {
      const bool counted = step >= warmup_hours;
      const std::size_t h = counted ? step - warmup_hours : hours - warmup_hours + step;
      // Scheduled ventilation: refold the buildings whose ventilation changed this hour.
      for (const std::size_t j : varying) {
        const std::size_t i = begin + j;
        const double v =
            bld.h_ve_w_per_k[i] + bld.h_ve_scheduled_w_per_k[i] * sch.ventilation_fraction[bld.schedule[i]][h];
        if (v != st.ventilation[j]) st.set(j, bld, i, v);
      }
      HourInputs in;
      block_solar(bld, cli, begin, m, h, zeros.data(), st.solar.data(), in);
      // Set points and gain fractions: scalars when the block shares one schedule.
      if (one_schedule) {
        in.heat = sch.heating_setpoint_c[block_schedules[0]][h];
        in.cool = sch.cooling_setpoint_c[block_schedules[0]][h];
        in.gain = sch.internal_gain_fraction[block_schedules[0]][h];
      } else {
        double heat_of[64], cool_of[64], gain_of[64];
        const bool small = block_schedules.size() <= 64;
        if (small) {
          for (std::size_t k = 0; k < block_schedules.size(); ++k) {
            heat_of[k] = sch.heating_setpoint_c[block_schedules[k]][h];
            cool_of[k] = sch.cooling_setpoint_c[block_schedules[k]][h];
            gain_of[k] = sch.internal_gain_fraction[block_schedules[k]][h];
          }
        }
        for (std::size_t j = 0; j < m; ++j) {
          if (small) {
            const std::size_t k = st.local_schedule[j];
            st.set_heat[j] = heat_of[k];
            st.set_cool[j] = cool_of[k];
            st.gain_fraction[j] = gain_of[k];
          } else {
            const std::uint32_t k = bld.schedule[begin + j];
            st.set_heat[j] = sch.heating_setpoint_c[k][h];
            st.set_cool[j] = sch.cooling_setpoint_c[k][h];
            st.gain_fraction[j] = sch.internal_gain_fraction[k][h];
          }
        }
      }
      if (step == warmup_hours) {
        st.reset_sinks();  // the warm-up hours do not reach the sinks
      }
      in.te = cli.outdoor_c[h];
      in.tg = cli.ground_c[h];
      // The update, run by run of the regions so that each run's sums come out of the loop;
      // a block of many short runs (one region per building, say) is updated whole and its
      // runs summed afterwards.
      const bool fused = runs[0].size() <= FUSED_RUNS_MAX;
      const std::size_t passes = fused ? runs[0].size() : 1;
      for (std::size_t pass = 0; pass < passes; ++pass) {
        const std::size_t jb = fused ? runs[0][pass].begin : 0;
        const std::size_t je = fused ? runs[0][pass].end : m;
        std::pair<double, double> sums;
        if (one_schedule && opt.record_trace) {
          sums = update_block<true, true>(st, jb, je, in);
        } else if (one_schedule) {
          sums = update_block<true, false>(st, jb, je, in);
        } else if (opt.record_trace) {
          sums = update_block<false, true>(st, jb, je, in);
        } else {
          sums = update_block<false, false>(st, jb, je, in);
        }
        if (counted && fused) {
          chunk_sums[chunk][0].heating_w[runs[0][pass].slot * hours + h] += sums.first;
          chunk_sums[chunk][0].cooling_w[runs[0][pass].slot * hours + h] += sums.second;
        }
      }
      if (!counted) {
        continue;
      }
      const double* power = st.power.data();
      const std::size_t t = h % TILE_HOURS;
      const bool tile_ends = t + 1 == TILE_HOURS || h + 1 == hours;
      for (std::size_t g = fused ? 1 : 0; g < groupings; ++g) {
        TileSums& tile = tiles[g];
        const bool with_cooling = g == 0;
        for (const GroupRun& run : runs[g]) {
          const auto [heat, cool] = split_sum(power, run.begin, run.end);
          tile.heating_w[run.local * TILE_HOURS + t] += heat;
          if (with_cooling) tile.cooling_w[run.local * TILE_HOURS + t] += cool;
        }
        if (tile_ends) {
          const std::size_t h0 = h - t;
          for (std::size_t l = 0; l < tile.slots.size(); ++l) {
            double* out = chunk_sums[chunk][g].heating_w.data() + tile.slots[l] * hours + h0;
            double* tile_in = tile.heating_w.data() + l * TILE_HOURS;
            for (std::size_t k = 0; k <= t; ++k) {
              out[k] += tile_in[k];
              tile_in[k] = 0.0;
            }
            if (with_cooling) {
              double* out_cool = chunk_sums[chunk][g].cooling_w.data() + tile.slots[l] * hours + h0;
              double* in_cool = tile.cooling_w.data() + l * TILE_HOURS;
              for (std::size_t k = 0; k <= t; ++k) {
                out_cool[k] += in_cool[k];
                in_cool[k] = 0.0;
              }
            }
          }
        }
      }
      const bool month_ends = h + 1 == hours || cli.month[h + 1] != cli.month[h];
      if (month_ends) {
        const auto month_index = static_cast<std::size_t>(cli.month[h] - 1);
        for (std::size_t j = 0; j < m; ++j) {
          const std::size_t b = begin + j;
          r.monthly_heating_kwh[b * 12 + month_index] = st.month_heat[j] / 1000.0;
          r.monthly_cooling_kwh[b * 12 + month_index] = st.month_cool[j] / 1000.0;
          r.annual_heating_kwh[b] += st.month_heat[j] / 1000.0;
          r.annual_cooling_kwh[b] += st.month_cool[j] / 1000.0;
          st.month_heat[j] = 0.0;
          st.month_cool[j] = 0.0;
        }
      }
      if (opt.record_trace) {
        for (std::size_t j = 0; j < m; ++j) {
          const std::size_t b = begin + j;
          r.trace_air_c[b][h] = st.air[j];
          r.trace_surface_c[b][h] = st.surface[j];
          r.trace_mass_c[b][h] = st.mass_mean[j];
          r.trace_mass_end_c[b][h] = st.theta_m[j];
          r.trace_power_w[b][h] = st.power[j];
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
}

using ChunkKernel = void (*)(const ChunkContext&, std::size_t);

void simulate_chunk_baseline(const ChunkContext& c, std::size_t chunk) { simulate_chunk_body(c, chunk); }
#if HEATTWIN_RC5_ISA_VARIANTS
__attribute__((target("arch=x86-64-v3"))) void simulate_chunk_avx2(const ChunkContext& c, std::size_t chunk) {
  simulate_chunk_body(c, chunk);
}
__attribute__((target("arch=x86-64-v4"))) void simulate_chunk_avx512(const ChunkContext& c, std::size_t chunk) {
  simulate_chunk_body(c, chunk);
}
#endif

ChunkKernel chunk_kernel(Rc5KernelIsa isa) {
  if (isa == Rc5KernelIsa::automatic) isa = best_rc5_kernel_isa();
  HEATTWIN_CHECK(rc5_kernel_isa_supported(isa), "5R1C: the kernel variant {} is not supported by this CPU or build",
                 to_string(isa));
  switch (isa) {
#if HEATTWIN_RC5_ISA_VARIANTS
    case Rc5KernelIsa::avx2:
      return simulate_chunk_avx2;
    case Rc5KernelIsa::avx512:
      return simulate_chunk_avx512;
#endif
    default:
      return simulate_chunk_baseline;
  }
}

}  // namespace

Rc5Results simulate_5r1c(const Rc5Buildings& bld, const Rc5Schedules& sch, const Rc5Climate& cli,
                         const Rc5Options& opt) {
  validate(bld, sch, cli, opt);
  const std::size_t n = bld.size();
  const std::size_t hours = cli.outdoor_c.size();
  // Grouping 0: the regions (heating and cooling sums); then the options' groupings (heating).
  std::vector<const std::vector<std::uint32_t>*> grouping_ids{&bld.region};
  for (const auto& g : opt.hourly_groupings) grouping_ids.push_back(&g);
  const std::size_t groupings = grouping_ids.size();
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
  std::vector<std::vector<ChunkGroupSums>> chunk_sums(chunks, std::vector<ChunkGroupSums>(groupings));
  const std::size_t warmup_hours = static_cast<std::size_t>(opt.warmup_days) * 24;
  twin::ParallelErrors errors;
  const ChunkContext context{bld, sch, cli, opt, r, chunk_sums, grouping_ids, n, hours, warmup_hours};
  const ChunkKernel simulate_chunk = chunk_kernel(opt.isa);
  r.isa = opt.isa == Rc5KernelIsa::automatic ? best_rc5_kernel_isa() : opt.isa;

#pragma omp parallel for schedule(dynamic, 1)
  for (std::size_t chunk = 0; chunk < chunks; ++chunk) {
    errors.run(chunk, [&] { simulate_chunk(context, chunk); });
  }
  errors.rethrow_first();
  // Merge each grouping's chunk sums in chunk order; a chunk's partial sums are freed once merged.
  for (std::size_t g = 0; g < groupings; ++g) {
    std::vector<std::uint32_t> groups;
    for (const auto& c : chunk_sums) groups.insert(groups.end(), c[g].groups.begin(), c[g].groups.end());
    std::sort(groups.begin(), groups.end());
    groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
    std::vector<double> heating(groups.size() * hours, 0.0);
    std::vector<double> cooling(g == 0 ? groups.size() * hours : 0, 0.0);
    for (auto& c : chunk_sums) {
      ChunkGroupSums& s = c[g];
      for (std::size_t k = 0; k < s.groups.size(); ++k) {
        const auto target =
            static_cast<std::size_t>(std::lower_bound(groups.begin(), groups.end(), s.groups[k]) - groups.begin());
        const double* in = s.heating_w.data() + k * hours;
        double* out = heating.data() + target * hours;
        for (std::size_t h = 0; h < hours; ++h) out[h] += in[h];
        if (g == 0) {
          const double* in_cool = s.cooling_w.data() + k * hours;
          double* out_cool = cooling.data() + target * hours;
          for (std::size_t h = 0; h < hours; ++h) out_cool[h] += in_cool[h];
        }
      }
      s = ChunkGroupSums{};
    }
    if (g == 0) {
      r.regions = std::move(groups);
      r.region_heating_w.resize(r.regions.size());
      r.region_cooling_w.resize(r.regions.size());
      for (std::size_t k = 0; k < r.regions.size(); ++k) {
        r.region_heating_w[k].assign(heating.begin() + static_cast<std::ptrdiff_t>(k * hours),
                                     heating.begin() + static_cast<std::ptrdiff_t>((k + 1) * hours));
        r.region_cooling_w[k].assign(cooling.begin() + static_cast<std::ptrdiff_t>(k * hours),
                                     cooling.begin() + static_cast<std::ptrdiff_t>((k + 1) * hours));
      }
    } else {
      r.grouping_sums.push_back({std::move(groups), hours, std::move(heating)});
    }
  }
  return r;
}

}  // namespace heattwin::solvers::demand
