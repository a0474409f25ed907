#include "twin/imputation_rules.hpp"

#include "twin/alkis_codes.hpp"
#include "twin/crs.hpp"
#include "twin/log.hpp"
#include "twin/random.hpp"
#include "twin/use_class.hpp"
#include "twin/zensus_grid.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace heattwin::twin {
namespace {

bool known(double v) { return std::isfinite(v) && v > 0; }

/// Years of construction of the buildings without one, drawn from the counts of their Zensus
/// 100 m cell (ImputationSettings::zensus_construction_grid); returns how many were set.
std::uint64_t impute_years_from_zensus_cells(Twin& twin, const std::string& table_path) {
  BuildingSet& b = twin.buildings;
  std::array<std::string_view, ZENSUS_CONSTRUCTION_PERIODS.size()> columns{};
  for (std::size_t k = 0; k < columns.size(); ++k) columns[k] = ZENSUS_CONSTRUCTION_PERIODS[k].column;
  const ZensusGridTable table = read_zensus_grid_table(table_path, columns);
  std::vector<std::size_t> unknown;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (b.year_of_construction[i] <= 0) unknown.push_back(i);
  }
  if (unknown.empty()) return 0;
  std::vector<double> x(unknown.size()), y(unknown.size());
  for (std::size_t k = 0; k < unknown.size(); ++k) {
    x[k] = b.x_m[unknown[k]];
    y[k] = b.y_m[unknown[k]];
  }
  CoordinateTransform(twin.crs, "EPSG:3035").transform(x, y);
  std::uint64_t set = 0, withheld = 0, outside = 0;
  for (std::size_t k = 0; k < unknown.size(); ++k) {
    if (!std::isfinite(x[k]) || !std::isfinite(y[k]) || x[k] < 0.0 || y[k] < 0.0) {
      ++outside;
      continue;
    }
    const auto row = table.find(static_cast<std::uint32_t>(std::floor(y[k] / 100.0)),
                                static_cast<std::uint32_t>(std::floor(x[k] / 100.0)));
    if (!row) {
      ++outside;
      continue;
    }
    double total = 0.0;
    bool complete = true;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const double v = table.value(*row, c);
      complete = complete && !std::isnan(v);
      total += std::isnan(v) ? 0.0 : v;
    }
    if (!complete || total <= 0.0) {
      ++withheld;
      continue;
    }
    const std::size_t i = unknown[k];
    std::uint64_t state = fnv1a64(b.id[i]) ^ 0x5a454e5355533232ULL;  // "ZENSUS22": its own stream
    const double u_period = unit_interval(splitmix64(state));
    const double u_year = unit_interval(splitmix64(state));
    std::size_t c = 0;
    double cumulative = table.value(*row, 0);
    while (c + 1 < columns.size() && u_period * total >= cumulative) cumulative += table.value(*row, ++c);
    const auto& period = ZENSUS_CONSTRUCTION_PERIODS[c];
    const int span = period.last_year - period.first_year + 1;
    b.year_of_construction[i] =
        static_cast<std::int16_t>(period.first_year + std::min(span - 1, static_cast<int>(u_year * span)));
    b.prov_year_of_construction[i] = Provenance::imputed;
    ++set;
  }
  logger("twin.import")
      ->info(
          "{}: years of construction of {} buildings drawn from their Zensus cell; {} in cells with withheld "
          "values and {} outside the table keep the other rules",
          table_path, set, withheld, outside);
  return set;
}

}  // namespace

double storey_height_m(UseClass use, const ImputationSettings& s) {
  switch (use) {
    case UseClass::residential:
    case UseClass::residential_mixed:
    case UseClass::unheated:
      return s.storey_height_residential_m;
    case UseClass::industry:
    case UseClass::storage:
    case UseClass::agriculture:
    case UseClass::sports:
      return s.storey_height_hall_m;
    default:
      return s.storey_height_other_m;
  }
}

ResidentialType residential_type_of(double heated_floor_area_m2, double shared_wall_share, double dwelling_area_m2) {
  const double dwellings = std::max(1.0, std::round(heated_floor_area_m2 / dwelling_area_m2));
  if (dwellings > 12) return ResidentialType::gmh;
  if (dwellings > 2) return ResidentialType::mfh;
  return shared_wall_share > 0.05 ? ResidentialType::rh : ResidentialType::efh;
}

namespace {
void add_count(Twin& twin, const char* rule, std::uint64_t k) {
  if (k > 0) twin.imputations[rule] += k;
}
}  // namespace

void impute_use_height_year(Twin& twin, const ImputationSettings& s) {
  BuildingSet& b = twin.buildings;
  const std::size_t n = b.size();
  auto count = [&twin](const char* rule, std::uint64_t k) { add_count(twin, rule, k); };

  // 1. Use class from the ALKIS code, or a default.
  std::uint64_t unspecified_res = 0, unspecified_small = 0, unknown_code = 0, missing_res = 0, missing_small = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (b.prov_use_class[i] != Provenance::missing && b.prov_use_class[i] != Provenance::measured) continue;
    if (b.prov_use_class[i] == Provenance::measured && b.alkis_function[i] == 0) continue;  // use given by name
    const bool small = b.footprint_area_m2[i] < s.small_unheated_footprint_m2;
    std::optional<UseClass> use;
    if (b.alkis_function[i] != 0) {
      use = use_class_of_alkis_function(b.alkis_function[i]);
      if (!use) ++unknown_code;
    }
    if (use && b.alkis_function[i] != ALKIS_UNSPECIFIED) {
      b.use_class[i] = static_cast<std::uint8_t>(*use);
      b.prov_use_class[i] = Provenance::measured;
      continue;
    }
    if (b.alkis_function[i] == ALKIS_UNSPECIFIED) {
      (small ? unspecified_small : unspecified_res)++;
    } else {
      (small ? missing_small : missing_res)++;
    }
    b.use_class[i] = static_cast<std::uint8_t>(small ? UseClass::unheated : UseClass::residential);
    b.prov_use_class[i] = Provenance::imputed;
  }
  count("use_9998_unspecified_small_as_unheated", unspecified_small);
  count("use_9998_unspecified_as_residential", unspecified_res);
  count("use_unknown_alkis_code", unknown_code);
  count("use_missing_small_as_unheated", missing_small);
  count("use_missing_as_residential", missing_res);

  // 2. Height and storeys.
  std::uint64_t storeys_from_height = 0, height_from_storeys = 0, both_default = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto use = static_cast<UseClass>(b.use_class[i]);
    const double storey_h = storey_height_m(use, s);
    const bool has_h = known(b.height_m[i]);
    const bool has_s = b.storeys[i] > 0;
    if (has_h && !has_s) {
      b.storeys[i] = static_cast<std::uint16_t>(std::max(1.0, std::round(b.height_m[i] / storey_h)));
      b.prov_storeys[i] = Provenance::imputed;
      ++storeys_from_height;
    } else if (!has_h && has_s) {
      b.height_m[i] = b.storeys[i] * storey_h;
      b.prov_height[i] = Provenance::imputed;
      ++height_from_storeys;
    } else if (!has_h && !has_s) {
      const std::uint16_t storeys = use == UseClass::unheated ? 1 : 2;
      b.storeys[i] = storeys;
      b.height_m[i] = storeys * storey_h;
      b.prov_storeys[i] = Provenance::imputed;
      b.prov_height[i] = Provenance::imputed;
      ++both_default;
    }
  }
  count("storeys_from_height", storeys_from_height);
  count("height_from_storeys", height_from_storeys);
  count("height_storeys_default_by_use", both_default);

  // 3. Year of construction: median of the municipality's known years, else the state default.
  std::unordered_map<std::uint32_t, std::vector<std::int16_t>> years_by_municipality;
  for (std::size_t i = 0; i < n; ++i)
    if (b.year_of_construction[i] > 0) years_by_municipality[b.municipality[i]].push_back(b.year_of_construction[i]);
  std::unordered_map<std::uint32_t, std::int16_t> median_year;
  for (auto& [m, years] : years_by_municipality) {
    if (m == NO_INDEX || years.size() < 5) continue;  // too few to say anything about the place
    std::nth_element(years.begin(), years.begin() + static_cast<std::ptrdiff_t>(years.size() / 2), years.end());
    median_year[m] = years[years.size() / 2];
  }
  std::uint64_t year_median = 0, year_default = 0, year_cell = 0;
  if (!s.zensus_construction_grid.empty()) year_cell = impute_years_from_zensus_cells(twin, s.zensus_construction_grid);
  for (std::size_t i = 0; i < n; ++i) {
    if (b.year_of_construction[i] <= 0) {
      const auto it = median_year.find(b.municipality[i]);
      if (it != median_year.end()) {
        b.year_of_construction[i] = it->second;
        ++year_median;
      } else {
        b.year_of_construction[i] = static_cast<std::int16_t>(s.default_year);
        ++year_default;
      }
      b.prov_year_of_construction[i] = Provenance::imputed;
    }
    b.age_class[i] = age_class_of_year(b.year_of_construction[i]);
  }
  count("year_from_zensus_cell", year_cell);
  count("year_from_municipality_median", year_median);
  count("year_default_state_median", year_default);
}

void impute_floor_area_and_type(Twin& twin, const ImputationSettings& s) {
  BuildingSet& b = twin.buildings;
  const std::size_t n = b.size();
  auto count = [&twin](const char* rule, std::uint64_t k) { add_count(twin, rule, k); };
  // 4. Heated floor area and 5. residential type.
  std::uint64_t type_count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto use = static_cast<UseClass>(b.use_class[i]);
    const bool from_measured = b.prov_height[i] == Provenance::measured || b.prov_storeys[i] == Provenance::measured;
    if (!known(b.heated_floor_area_m2[i]) || b.prov_heated_floor_area[i] == Provenance::missing) {
      double area = 0.0;
      if (use == UseClass::unheated) {
        area = 0.0;
      } else if (is_residential(use)) {
        // GEG § 3 / EnEV: A_N = 0.32 m⁻¹ · V_e for residential buildings (storey height 2.5–3.0 m).
        area = 0.32 * b.footprint_area_m2[i] * b.height_m[i];
      } else {
        // Net floor area ≈ 0.85 · gross floor area (BGF = footprint · storeys); see docs/IMPUTATION.md.
        area = 0.85 * b.footprint_area_m2[i] * b.storeys[i];
      }
      b.heated_floor_area_m2[i] = std::isfinite(area) ? area : 0.0;
      b.prov_heated_floor_area[i] = from_measured ? Provenance::geometry : Provenance::imputed;
    }
    if (is_residential(use) && b.residential_type[i] == 0) {
      const double wall = b.wall_area_m2[i];
      const double shared = std::isfinite(b.shared_wall_area_m2[i]) ? b.shared_wall_area_m2[i] : 0.0;
      const double share = known(wall) ? shared / wall : 0.0;
      b.residential_type[i] =
          static_cast<std::uint8_t>(residential_type_of(b.heated_floor_area_m2[i], share, s.dwelling_area_m2));
      b.prov_residential_type[i] = Provenance::imputed;
      ++type_count;
    }
  }
  count("residential_type_from_size", type_count);
}

}  // namespace heattwin::twin
