#pragma once
/// \file The optional /roofs group of the twin file (docs/twin-schema.md): the LoD2 roof polygons
/// of Twin::roofs, written and read by the twin store. Kept out of twin_store.cpp so that the
/// store's change stays two calls.

#include "twin/h5.hpp"
#include "twin/roof_surfaces.hpp"

#include <cstddef>

namespace heattwin::twin {

/// Writes `roofs` as the group `roofs` of `root`: per surface the building row (`building`,
/// ascending), ring offsets (`vertex_begin`), the source code; per vertex x_m, y_m, z_m; per
/// building ground_z_m. Writes nothing for an empty set (a twin without model roofs).
void write_roof_surfaces(const h5::Group& root, const RoofSurfaceSet& roofs);

/// Reads the group `roofs` of `root` for a twin of `buildings` buildings; an empty set if the file
/// has none (files before schema 1.2, footprint imports). Throws InputError naming the file and
/// dataset for sizes, indices or codes out of range.
RoofSurfaceSet read_roof_surfaces(const h5::Group& root, std::size_t buildings);

}  // namespace heattwin::twin
