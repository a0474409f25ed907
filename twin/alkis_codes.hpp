#pragma once
/// \file ALKIS building function codes (AX_Gebaeudefunktion) and their heat-use class.
/// The table is data/alkis/gebaeudefunktion.csv, compiled into the program by CMake.

#include "twin/types.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace heattwin::twin {

/// Parses "31001_1010", "1010" or " 1010 " to 1010; nullopt if it is not such a code.
std::optional<std::uint16_t> parse_alkis_function(std::string_view text);

/// Heat-use class of an ALKIS Gebaeudefunktion code; nullopt if the code is not in the table.
/// Code 9998 ("nach Quellenlage nicht zu spezifizieren") maps to residential as a placeholder:
/// callers count it as the imputation "use_unspecified_9998_as_residential".
std::optional<UseClass> use_class_of_alkis_function(std::uint16_t code);

/// ALKIS code for "not specified".
inline constexpr std::uint16_t ALKIS_UNSPECIFIED = 9998;

}  // namespace heattwin::twin
