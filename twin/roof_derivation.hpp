#pragma once
/// \file Roof surfaces derived from footprint and height, for twins that keep no LoD2 roofs
/// (footprint imports, synthetic twins, twin files without /roofs) and for the buildings of an
/// LoD2 twin that have no model roof. An imputation: counted and documented in
/// docs/IMPUTATION.md ("Roof shape from footprint").

#include "twin/building_set.hpp"
#include "twin/roof_surfaces.hpp"

#include <cstdint>

namespace heattwin::twin {

/// The imputed roof shapes.
struct RoofDerivationSettings {
  double gable_tilt_deg = 35.0;           ///< tilt of imputed gable roofs
  double max_gable_footprint_m2 = 400.0;  ///< larger residential footprints get a flat roof
  double max_rise_share = 0.4;            ///< the gable's rise is at most this share of the height
};

/// What derive_roof_surfaces did.
struct RoofDerivationCounts {
  std::uint64_t gable = 0;           ///< residential buildings with a gable roof (ridge along the longest edge)
  std::uint64_t flat = 0;            ///< other buildings: the footprint as a flat roof at the height
  std::uint64_t without = 0;         ///< no footprint or no height: no roof
  std::uint64_t from_model = 0;      ///< complete_roof_surfaces: buildings with the model's (LoD2) roofs
  std::uint64_t ground_unknown = 0;  ///< complete_roof_surfaces: derived on ground z = 0 (no ground height known)
};

/// One roof per building from its outer footprint ring and height_m (ground at z = 0):
/// residential buildings (UseClass residential, residential_mixed) with a footprint up to
/// `max_gable_footprint_m2` get a gable roof whose ridge runs parallel to the longest footprint
/// edge at height_m through the middle of the footprint (two faces: the footprint clipped on either
/// side of the ridge, tilt `gable_tilt_deg`, lowered if the rise would exceed `max_rise_share` of
/// the height); all others a flat roof at height_m. O(vertices).
RoofSurfaceSet derive_roof_surfaces(const BuildingSet& buildings, const RoofDerivationSettings& settings,
                                    RoofDerivationCounts* counts = nullptr);

/// The roofs of every building: the model's (`model_roofs`, e.g. Twin::roofs of a CityGML import)
/// where a building has any, else derived as in derive_roof_surfaces on the building's ground
/// height `model_roofs.ground_z_m` (z = 0 if unknown, counted), so that derived and LoD2 roofs
/// share one datum. An empty `model_roofs` gives derive_roof_surfaces. Throws DataError if
/// `model_roofs` does not cover `buildings`. O(vertices).
RoofSurfaceSet complete_roof_surfaces(const BuildingSet& buildings, const RoofSurfaceSet& model_roofs,
                                      const RoofDerivationSettings& settings, RoofDerivationCounts* counts = nullptr);

}  // namespace heattwin::twin
