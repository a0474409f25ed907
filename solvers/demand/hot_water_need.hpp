#pragma once
/// \file Domestic hot-water need of the stock's buildings: TABULA's need per m² for residential
/// buildings of a known type and age class, spread over the day by the BDEW warm-class profile
/// (single-family HEF for EFH/RH, multi-family HMF for MFH/GMH; docs/DEMAND.md).
#include "twin/building_set.hpp"
#include "twin/typology.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace heattwin::solvers::demand {

/// Which BDEW hot-water day profile a residential type uses: 0 single-family (HEF) for types 1–2
/// (EFH, RH) and anything below, 1 multi-family (HMF) for types 3–4 (MFH, GMH).
constexpr std::size_t hot_water_profile_of_type(std::uint8_t residential_type) { return residential_type <= 2 ? 0 : 1; }

/// Annual hot-water need, kWh/a, of the buildings `twin_index` (rows of `buildings`) with heated
/// floor area `floor_area_m2` (same length): TABULA q_w,nd of the building's type 1..4 and age
/// class 1..12 × floor area for residential use classes; NaN where not computed (non-residential,
/// unknown type or age class, or no need in the table). O(n).
std::vector<double> tabula_hot_water_need_kwh(const twin::BuildingSet& buildings, const twin::Typology& typology,
                                              std::span<const std::uint32_t> twin_index,
                                              std::span<const double> floor_area_m2);

}  // namespace heattwin::solvers::demand
