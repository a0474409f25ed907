#include "solvers/demand/monthly_balance.hpp"

#include "twin/error.hpp"
#include "twin/physical_constants.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>

namespace heattwin::solvers::demand {

namespace {

using twin::SECONDS_PER_HOUR;
using twin::WH_PER_KWH;

/// Index of the first entry that is not finite or (unless negatives are allowed) below 0.
std::size_t first_invalid(std::span<const double> column, bool allow_negative) {
  for (std::size_t i = 0; i < column.size(); ++i) {
    const double v = column[i];
    if (!std::isfinite(v) || (!allow_negative && v < 0.0)) return i;
  }
  return column.size();
}

void check_column(std::span<const double> column, std::size_t building_count, std::string_view name,
                  std::string_view unit, bool allow_negative = false) {
  HEATTWIN_CHECK(column.size() == building_count,
                 "monthly balance: column {} has {} values for {} buildings (h_tr_w_per_k sets the count); "
                 "every column needs one value per building",
                 name, column.size(), building_count);
  const std::size_t bad = first_invalid(column, allow_negative);
  HEATTWIN_CHECK(bad == column.size(),
                 "monthly balance: building {}: {} = {} (expected a finite value{} in {}); "
                 "fix this building's input",
                 bad, name, bad < column.size() ? column[bad] : 0.0, allow_negative ? "" : " >= 0", unit);
}

void check_period_value(double value, std::size_t period, const ClimatePeriod& p, std::string_view name,
                        std::string_view unit, bool positive) {
  const bool ok = std::isfinite(value) && (positive ? value > 0.0 : value >= 0.0);
  HEATTWIN_CHECK(ok, "monthly balance: climate period {} ('{}'): {} = {} (expected a finite value {} in {})", period,
                 p.name, name, value, positive ? "> 0" : ">= 0", unit);
}

}  // namespace

std::string_view orientation_name(Orientation orientation) {
  static constexpr std::array<std::string_view, ORIENTATION_COUNT> NAMES{"N", "NE", "E", "SE", "S", "SW", "W", "NW"};
  return NAMES[static_cast<std::size_t>(orientation)];
}

std::array<double, 12> MonthlyClimate::month_hours(bool leap_year) {
  std::array<double, 12> hours{31, leap_year ? 29.0 : 28.0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (double& h : hours) h *= 24.0;
  return hours;
}

void MonthlyBuildingInputs::resize(std::size_t building_count) {
  h_tr_w_per_k.resize(building_count, 0.0);
  h_ve_w_per_k.resize(building_count, 0.0);
  conditioned_floor_area_m2.resize(building_count, 0.0);
  internal_capacity_j_per_k.resize(building_count, 0.0);
  internal_gains_w_per_m2.resize(building_count, 0.0);
  setpoint_heating_c.resize(building_count, 0.0);
  solar_aperture_horizontal_m2.resize(building_count, 0.0);
  for (auto& column : solar_aperture_vertical_m2) column.resize(building_count, 0.0);
}

void validate_monthly_inputs(const MonthlyBuildingInputs& in, const MonthlyClimate& climate,
                             const MonthlyBalanceOptions& options) {
  const std::size_t n = in.size();
  check_column(in.h_tr_w_per_k, n, "h_tr_w_per_k", "W/K");
  check_column(in.h_ve_w_per_k, n, "h_ve_w_per_k", "W/K");
  check_column(in.conditioned_floor_area_m2, n, "conditioned_floor_area_m2", "m2");
  check_column(in.internal_capacity_j_per_k, n, "internal_capacity_j_per_k", "J/K");
  check_column(in.internal_gains_w_per_m2, n, "internal_gains_w_per_m2", "W/m2");
  check_column(in.setpoint_heating_c, n, "setpoint_heating_c", "degC", /*allow_negative=*/true);
  check_column(in.solar_aperture_horizontal_m2, n, "solar_aperture_horizontal_m2", "m2");
  for (std::size_t k = 0; k < ORIENTATION_COUNT; ++k) {
    const std::string name =
        fmt::format("solar_aperture_vertical_m2[{}]", orientation_name(static_cast<Orientation>(k)));
    check_column(in.solar_aperture_vertical_m2[k], n, name, "m2");
  }
  for (std::size_t i = 0; i < n; ++i) {
    HEATTWIN_CHECK(in.h_tr_w_per_k[i] + in.h_ve_w_per_k[i] > 0.0,
                   "monthly balance: building {}: h_tr_w_per_k + h_ve_w_per_k = 0, so the time constant is "
                   "undefined (expected a heat transfer coefficient > 0 W/K); check its envelope and air change",
                   i);
    HEATTWIN_CHECK(in.conditioned_floor_area_m2[i] > 0.0,
                   "monthly balance: building {}: conditioned_floor_area_m2 = 0 (expected > 0 m2); "
                   "a building without heated floor area has no heating balance, leave it out",
                   i);
  }

  if (!in.period_group.empty()) {
    const std::size_t np = climate.periods.size();
    HEATTWIN_CHECK(in.period_group.size() == n,
                   "monthly balance: period_group has {} entries, expected {} (one per "
                   "building)",
                   in.period_group.size(), n);
    HEATTWIN_CHECK(
        np > 0 && in.group_setpoint_c.size() == in.group_gain_factor.size() && in.group_setpoint_c.size() % np == 0,
        "monthly balance: group_setpoint_c and group_gain_factor have {} and {} entries, expected the same "
        "multiple of the {} periods",
        in.group_setpoint_c.size(), in.group_gain_factor.size(), np);
    const std::size_t groups = np > 0 ? in.group_setpoint_c.size() / np : 0;
    for (std::size_t i = 0; i < n; ++i) {
      HEATTWIN_CHECK(in.period_group[i] < groups, "monthly balance: building {}: period_group {} (expected < {})", i,
                     in.period_group[i], groups);
    }
    for (std::size_t k = 0; k < in.group_setpoint_c.size(); ++k) {
      HEATTWIN_CHECK(std::isfinite(in.group_setpoint_c[k]) && std::isfinite(in.group_gain_factor[k]) &&
                         in.group_gain_factor[k] >= 0.0,
                     "monthly balance: group {} period {}: set point {} degC, gain factor {} (expected finite, "
                     "factor >= 0)",
                     k / std::max<std::size_t>(np, 1), k % std::max<std::size_t>(np, 1), in.group_setpoint_c[k],
                     in.group_gain_factor[k]);
    }
  }
  HEATTWIN_CHECK(!climate.periods.empty(),
                 "monthly balance: climate '{}' has no periods (expected 12 months or "
                 "one heating season)",
                 climate.name);
  for (std::size_t p = 0; p < climate.periods.size(); ++p) {
    const ClimatePeriod& period = climate.periods[p];
    check_period_value(period.duration_h, p, period, "duration_h", "h", /*positive=*/true);
    HEATTWIN_CHECK(std::isfinite(period.outdoor_temperature_c),
                   "monthly balance: climate period {} ('{}'): outdoor_temperature_c = {} (expected a finite value "
                   "in degC)",
                   p, period.name, period.outdoor_temperature_c);
    check_period_value(period.solar_horizontal_kwh_per_m2, p, period, "solar_horizontal_kwh_per_m2", "kWh/m2", false);
    for (std::size_t k = 0; k < ORIENTATION_COUNT; ++k) {
      check_period_value(period.solar_vertical_kwh_per_m2[k], p, period,
                         fmt::format("solar_vertical_kwh_per_m2[{}]", orientation_name(static_cast<Orientation>(k))),
                         "kWh/m2", false);
    }
  }
  const GainUtilisation& u = options.utilisation;
  HEATTWIN_CHECK(std::isfinite(u.a0) && u.a0 > 0.0 && std::isfinite(u.tau0_h) && u.tau0_h > 0.0,
                 "monthly balance: gain utilisation a0 = {}, tau0_h = {} (expected a0 > 0 and tau0_h > 0 h; "
                 "ISO 13790 monthly: 1 and 15 h, seasonal: 0.8 and 30 h)",
                 u.a0, u.tau0_h);
}

MonthlyBalanceResult solve_monthly_balance(const MonthlyBuildingInputs& in, const MonthlyClimate& climate,
                                           const MonthlyBalanceOptions& options) {
  MonthlyBalanceResult result;
  solve_monthly_balance(in, climate, options, result);
  return result;
}

void solve_monthly_balance(const MonthlyBuildingInputs& in, const MonthlyClimate& climate,
                           const MonthlyBalanceOptions& options, MonthlyBalanceResult& result) {
  validate_monthly_inputs(in, climate, options);
  constexpr std::size_t BLOCK = MONTHLY_BALANCE_BLOCK;
  const std::size_t n = in.size();
  const std::size_t np = climate.periods.size();
  const bool store = options.store_components;
  const double a0 = options.utilisation.a0;
  const double tau0_h = options.utilisation.tau0_h;

  // resize() keeps the capacity of a reused result; every element is overwritten below.
  result.building_count = n;
  result.period_count = np;
  result.q_h_nd_kwh.resize(n * np);
  for (auto* component : {&result.q_ht_kwh, &result.q_gn_kwh, &result.eta_gn}) {
    if (store) {
      component->resize(n * np);
    } else {
      component->clear();
    }
  }
  result.annual_q_h_nd_kwh.resize(n);
  result.period_total_q_h_nd_kwh.assign(np, 0.0);
  result.total_q_h_nd_kwh = 0.0;

  const std::size_t block_count = (n + BLOCK - 1) / BLOCK;
  std::vector<double> block_sums(block_count * np, 0.0);

  // Raw column pointers: the kernel reads each column of a block once per period (it stays in cache).
  const double* h_tr = in.h_tr_w_per_k.data();
  const double* h_ve = in.h_ve_w_per_k.data();
  const double* area = in.conditioned_floor_area_m2.data();
  const double* capacity = in.internal_capacity_j_per_k.data();
  const double* gains = in.internal_gains_w_per_m2.data();
  const double* setpoint = in.setpoint_heating_c.data();
  const bool grouped = !in.period_group.empty();
  const std::uint32_t* group = in.period_group.data();
  const double* group_setpoint = in.group_setpoint_c.data();
  const double* group_gain = in.group_gain_factor.data();
  const double* aperture_hor = in.solar_aperture_horizontal_m2.data();
  std::array<const double*, ORIENTATION_COUNT> aperture_vert{};
  for (std::size_t k = 0; k < ORIENTATION_COUNT; ++k) aperture_vert[k] = in.solar_aperture_vertical_m2[k].data();
  double* q_nd_out = result.q_h_nd_kwh.data();
  double* q_ht_out = result.q_ht_kwh.data();
  double* q_gn_out = result.q_gn_kwh.data();
  double* eta_out = result.eta_gn.data();
  double* annual_out = result.annual_q_h_nd_kwh.data();
  double* block_sum_out = block_sums.data();
  const ClimatePeriod* periods = climate.periods.data();

  // No exception can leave this region: inputs are validated above and nothing here allocates.
  const auto block_count_signed = static_cast<std::ptrdiff_t>(block_count);
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t block = 0; block < block_count_signed; ++block) {
    const std::size_t begin = static_cast<std::size_t>(block) * BLOCK;
    const std::size_t count = std::min(BLOCK, n - begin);
    // Per-block scratch on the stack (6 × 8 KiB).
    std::array<double, BLOCK> h_w_per_k, a_h, gains_w, q_ht, q_gn, annual;

#pragma omp simd
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t b = begin + i;
      h_w_per_k[i] = h_tr[b] + h_ve[b];
      const double tau_h = capacity[b] / (SECONDS_PER_HOUR * h_w_per_k[i]);
      a_h[i] = a0 + tau_h / tau0_h;
      gains_w[i] = gains[b] * area[b];
      annual[i] = 0.0;
    }

    for (std::size_t p = 0; p < np; ++p) {
      const ClimatePeriod& period = periods[p];
      const double t_kh = period.duration_h / WH_PER_KWH;  // W · kh = kWh
      const double theta_e = period.outdoor_temperature_c;
      const double i_hor = period.solar_horizontal_kwh_per_m2;
      const std::size_t out = p * n + begin;

      if (grouped) {
        for (std::size_t i = 0; i < count; ++i) {
          const std::size_t b = begin + i;
          const std::size_t gp = static_cast<std::size_t>(group[b]) * np + p;
          q_ht[i] = h_w_per_k[i] * (group_setpoint[gp] - theta_e) * t_kh;
          q_gn[i] = gains_w[i] * group_gain[gp] * t_kh + aperture_hor[b] * i_hor;
        }
      } else {
#pragma omp simd
        for (std::size_t i = 0; i < count; ++i) {
          const std::size_t b = begin + i;
          q_ht[i] = h_w_per_k[i] * (setpoint[b] - theta_e) * t_kh;
          q_gn[i] = gains_w[i] * t_kh + aperture_hor[b] * i_hor;
        }
      }
      for (std::size_t k = 0; k < ORIENTATION_COUNT; ++k) {
        const double i_vert = period.solar_vertical_kwh_per_m2[k];
        const double* aperture = aperture_vert[k] + begin;
#pragma omp simd
        for (std::size_t i = 0; i < count; ++i) q_gn[i] += aperture[i] * i_vert;
      }
      // η needs log and exp/expm1: scalar libm calls (glibc offers vector versions only under
      // -ffast-math, which would also drop the isfinite checks), so this loop stays scalar.
      double* q_nd = q_nd_out + out;
      for (std::size_t i = 0; i < count; ++i) {
        const double eta = gain_utilisation_factor(q_gn[i], q_ht[i], a_h[i]);
        q_nd[i] = std::max(0.0, q_ht[i] - eta * q_gn[i]);
        if (store) eta_out[out + i] = eta;
      }
#pragma omp simd
      for (std::size_t i = 0; i < count; ++i) annual[i] += q_nd[i];
      if (store) {
        std::copy_n(q_ht.data(), count, q_ht_out + out);
        std::copy_n(q_gn.data(), count, q_gn_out + out);
      }
      // Block partial sum in index order (no reduction clause: the order must not depend on threads).
      double sum = 0.0;
      for (std::size_t i = 0; i < count; ++i) sum += q_nd[i];
      block_sum_out[static_cast<std::size_t>(block) * np + p] = sum;
    }
    std::copy_n(annual.data(), count, annual_out + begin);
  }

  // Totals: blocks in index order, then periods in order.
  for (std::size_t block = 0; block < block_count; ++block) {
    for (std::size_t p = 0; p < np; ++p) result.period_total_q_h_nd_kwh[p] += block_sums[block * np + p];
  }
  for (double total : result.period_total_q_h_nd_kwh) result.total_q_h_nd_kwh += total;
}

double glazing_solar_aperture_m2(double window_area_m2, double g_normal, double frame_fraction, double shading_factor,
                                 double non_perpendicular_factor) {
  return shading_factor * non_perpendicular_factor * g_normal * (1.0 - frame_fraction) * window_area_m2;
}

double opaque_solar_aperture_m2(double area_m2, double u_w_per_m2k, double absorptance, double r_se_m2k_per_w,
                                double shading_factor) {
  return shading_factor * absorptance * r_se_m2k_per_w * u_w_per_m2k * area_m2;
}

}  // namespace heattwin::solvers::demand
