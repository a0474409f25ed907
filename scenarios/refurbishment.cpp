#include "scenarios/refurbishment.hpp"

#include "twin/error.hpp"
#include "twin/random.hpp"
#include "twin/use_class.hpp"

#include <fmt/format.h>

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

namespace {
/// The value of a step path in calendar year `year` (see RefurbishmentSettings).
template <typename T>
const T& path_value(const std::vector<std::pair<int, T>>& path, int year) {
  for (const auto& [until, value] : path) {
    if (year <= until) return value;
  }
  return path.back().second;
}
}  // namespace

double RefurbishmentSettings::rate_in_year(int year) const {
  return rate_path.empty() ? rate_per_year : path_value(rate_path, year);
}

const std::string& RefurbishmentSettings::depth_in_year(int year) const {
  return depth_path.empty() ? depth : path_value(depth_path, year);
}

std::string RefurbishmentSettings::describe() const {
  std::string rate = rate_path.empty() ? fmt::format("{:.1f} %/a", 100.0 * rate_per_year) : std::string();
  for (std::size_t k = 0; k < rate_path.size(); ++k) {
    rate += k + 1 < rate_path.size()
                ? fmt::format("{:.1f} %/a to {}, then ", 100.0 * rate_path[k].second, rate_path[k].first)
                : fmt::format("{:.1f} %/a", 100.0 * rate_path[k].second);
  }
  std::string deep = depth_path.empty() ? depth : std::string();
  for (std::size_t k = 0; k < depth_path.size(); ++k) {
    deep += k + 1 < depth_path.size() ? fmt::format("{} to {}, then ", depth_path[k].second, depth_path[k].first)
                                      : depth_path[k].second;
  }
  return rate + ", " + deep;
}

std::size_t refurbished_count(const RefurbishmentSettings& settings, int base_year, int year, std::size_t stock) {
  if (settings.rate_path.empty()) return refurbished_count(settings.rate_per_year, base_year, year, stock);
  double share = 0.0;
  for (int t = base_year + 1; t <= year; ++t) {
    const double r = settings.rate_in_year(t);
    HEATTWIN_CHECK(std::isfinite(r) && r >= 0.0 && r <= 0.2, "refurbishment rate {} of {} is outside [0, 0.2]", r, t);
    share += r;
  }
  const double k = std::round(share * static_cast<double>(stock));
  return std::min(stock, static_cast<std::size_t>(k));
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
  if (!twin::is_residential(use)) return false;
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
