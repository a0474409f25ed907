#include "solvers/demand/consumption.hpp"

#include <cmath>
#include <limits>

namespace heattwin::solvers::demand {

double tabula_adaptation_factor(double q_del_kwh_per_m2a, AdaptationCurve curve) {
  if (!std::isfinite(q_del_kwh_per_m2a) || q_del_kwh_per_m2a < 0.0) return std::numeric_limits<double>::quiet_NaN();
  const auto& f = ADAPTATION_FACTOR_NODES[static_cast<std::size_t>(curve)];
  const auto& q = ADAPTATION_Q_DEL_NODES_KWH_PER_M2A;
  if (q_del_kwh_per_m2a >= q.back()) return f.back();  // MobasyModel: the last node's value above 500
  std::size_t k = 0;
  while (q_del_kwh_per_m2a > q[k + 1]) ++k;
  const double t = (q_del_kwh_per_m2a - q[k]) / (q[k + 1] - q[k]);
  return f[k] + t * (f[k + 1] - f[k]);
}

ConsumptionFactors residential_consumption_factors(double heating_kwh, double hot_water_kwh, double floor_area_m2,
                                                   double expenditure, AdaptationCurve curve,
                                                   const ConsumptionSettings& settings) {
  ConsumptionFactors f;
  const double vacant = settings.vacant_floor_area_share;
  f.vacancy_heating = 1.0 - vacant * (1.0 - settings.vacant_heating_share);
  f.vacancy_hot_water = 1.0 - vacant;
  const double heat =
      (std::isfinite(heating_kwh) ? heating_kwh : 0.0) + (std::isfinite(hot_water_kwh) ? hot_water_kwh : 0.0);
  if (settings.adaptation && floor_area_m2 > 0.0 && heat > 0.0 && std::isfinite(expenditure) && expenditure > 0.0) {
    f.adaptation = tabula_adaptation_factor(heat * expenditure / floor_area_m2, curve);
  }
  return f;
}

CalibrationMetrics ashrae14_metrics(std::span<const double> measured, std::span<const double> simulated,
                                    int parameters) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto n = static_cast<double>(measured.size());
  if (measured.size() != simulated.size() || n <= parameters) return {nan, nan};
  double sum = 0.0, bias = 0.0, square = 0.0;
  for (std::size_t i = 0; i < measured.size(); ++i) {
    const double d = measured[i] - simulated[i];
    sum += measured[i];
    bias += d;
    square += d * d;
  }
  const double mean = sum / n;
  if (mean == 0.0) return {nan, nan};
  const double dof = n - parameters;
  return {bias / (dof * mean), std::sqrt(square / dof) / mean};
}

}  // namespace heattwin::solvers::demand
