#include "scenarios/refurbishment.hpp"

#include "twin/error.hpp"
#include "twin/random.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace heattwin::scenarios {

std::string refurbishment_order_name(RefurbishmentOrder order) {
  switch (order) {
    case RefurbishmentOrder::oldest_first:
      return "oldest_first";
    case RefurbishmentOrder::worst_first:
      return "worst_first";
    case RefurbishmentOrder::random:
      return "random";
  }
  return "unknown";
}

std::size_t refurbished_count(double rate_per_year, int base_year, int year, std::size_t stock) {
  HEATTWIN_CHECK(std::isfinite(rate_per_year) && rate_per_year >= 0.0 && rate_per_year <= 0.2,
                 "refurbishment rate_per_year {} is outside [0, 0.2]", rate_per_year);
  if (year <= base_year) return 0;
  const double k = std::round(rate_per_year * static_cast<double>(year - base_year) * static_cast<double>(stock));
  return std::min(stock, static_cast<std::size_t>(k));
}

std::vector<std::uint32_t> refurbishment_ranking(const twin::BuildingSet& b,
                                                 const std::vector<std::uint32_t>& candidates,
                                                 const std::vector<double>& specific_need_kwh_per_m2a,
                                                 RefurbishmentOrder order, std::uint64_t seed) {
  std::vector<std::size_t> pos(candidates.size());
  std::iota(pos.begin(), pos.end(), std::size_t{0});
  std::stable_sort(pos.begin(), pos.end(), [&](std::size_t x, std::size_t y) { return candidates[x] < candidates[y]; });
  switch (order) {
    case RefurbishmentOrder::oldest_first: {
      auto key = [&](std::size_t p) {
        const int year = b.year_of_construction[candidates[p]];
        return year > 0 ? year : 100000;  // unknown years last
      };
      std::stable_sort(pos.begin(), pos.end(), [&](std::size_t x, std::size_t y) { return key(x) < key(y); });
      break;
    }
    case RefurbishmentOrder::worst_first: {
      HEATTWIN_CHECK(specific_need_kwh_per_m2a.size() == candidates.size(),
                     "worst_first refurbishment needs one specific heating need per candidate ({} for {})",
                     specific_need_kwh_per_m2a.size(), candidates.size());
      auto key = [&](std::size_t p) {
        const double v = specific_need_kwh_per_m2a[p];
        return std::isfinite(v) ? v : -std::numeric_limits<double>::infinity();  // NaN last
      };
      std::stable_sort(pos.begin(), pos.end(), [&](std::size_t x, std::size_t y) { return key(x) > key(y); });
      break;
    }
    case RefurbishmentOrder::random: {
      std::uint64_t state = seed;
      for (std::size_t k = pos.size(); k > 1; --k) {  // Fisher–Yates
        const auto j = static_cast<std::size_t>(twin::splitmix64(state) % k);
        std::swap(pos[k - 1], pos[j]);
      }
      break;
    }
  }
  std::vector<std::uint32_t> ranking(pos.size());
  for (std::size_t k = 0; k < pos.size(); ++k) ranking[k] = candidates[pos[k]];
  return ranking;
}

bool apply_refurbishment_package(twin::BuildingSet& b, std::size_t i, const twin::Typology& package) {
  const auto use = static_cast<twin::UseClass>(b.use_class[i]);
  if (use != twin::UseClass::residential && use != twin::UseClass::residential_mixed) return false;
  const std::size_t type = b.residential_type[i], age = b.age_class[i];
  if (type < 1 || type > 4 || age < 1 || age > 12) return false;
  const twin::TypologyEnvelope& e = package.residential[type][age];
  bool changed = false;
  auto improve = [&](std::vector<double>& column, double value) {
    if (!std::isfinite(value)) return;
    if (!std::isfinite(column[i]) || value < column[i]) {
      column[i] = value;
      changed = true;
    }
  };
  improve(b.u_wall_w_per_m2k, e.u_wall_w_per_m2k);
  improve(b.u_roof_w_per_m2k, e.u_roof_w_per_m2k);
  improve(b.u_floor_w_per_m2k, e.u_floor_w_per_m2k);
  improve(b.u_window_w_per_m2k, e.u_window_w_per_m2k);
  return changed;
}

}  // namespace heattwin::scenarios
