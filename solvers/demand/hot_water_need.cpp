#include "solvers/demand/hot_water_need.hpp"

#include "twin/error.hpp"
#include "twin/use_class.hpp"

#include <cmath>
#include <limits>

namespace heattwin::solvers::demand {

std::vector<double> tabula_hot_water_need_kwh(const twin::BuildingSet& b, const twin::Typology& typology,
                                              std::span<const std::uint32_t> twin_index,
                                              std::span<const double> floor_area_m2) {
  HEATTWIN_CHECK(twin_index.size() == floor_area_m2.size(),
                 "hot-water need: {} buildings but {} floor areas (internal: the spans must have the same length)",
                 twin_index.size(), floor_area_m2.size());
  const std::size_t n = twin_index.size();
  std::vector<double> annual_kwh(n, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t i = twin_index[k];
    const std::size_t type = b.residential_type[i], age = b.age_class[i];
    if (!twin::is_residential(b.use_class[i]) || type < 1 || type > 4 || age < 1 || age > 12) continue;
    const double need = typology.residential[type][age].hot_water_need_kwh_per_m2a;
    if (!std::isfinite(need)) continue;
    annual_kwh[k] = need * floor_area_m2[k];
  }
  return annual_kwh;
}

}  // namespace heattwin::solvers::demand
