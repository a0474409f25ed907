#pragma once
/// \file Predicates on use classes (twin/types.hpp `UseClass`), each defined once.

#include "twin/types.hpp"

#include <cstdint>

namespace heattwin::twin {

/// Residential use (TABULA residential typology, hot water per dwelling): `residential` and
/// `residential_mixed` (dwellings above shops).
constexpr bool is_residential(UseClass use) {
  return use == UseClass::residential || use == UseClass::residential_mixed;
}
/// The same for a stored use-class byte (BuildingSet::use_class).
constexpr bool is_residential(std::uint8_t use_class) { return is_residential(static_cast<UseClass>(use_class)); }

}  // namespace heattwin::twin
