#pragma once
/// \file Basic numeric types, strong indices and enumerations of the twin.

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

namespace heattwin {

/// The one floating-point type of the numerics.
using real = double;

/// Index of a building inside a BuildingSet (not its external id).
using BuildingIndex = std::uint32_t;
/// Index into RegionHierarchy::municipalities (Gemeinden).
using MunicipalityIndex = std::uint32_t;
/// Marker for "no region/cell/block assigned".
inline constexpr std::uint32_t NO_INDEX = std::numeric_limits<std::uint32_t>::max();

namespace twin {

/// Where a derived value of a building came from. Stored as one byte per value.
enum class Provenance : std::uint8_t {
  missing = 0,   ///< not known and not (yet) filled
  measured = 1,  ///< taken from the source data (attribute, metered value)
  geometry = 2,  ///< derived from the building's geometry (LoD2 surfaces, footprint × height)
  typology = 3,  ///< filled from the TABULA / non-residential typology
  imputed = 4,   ///< filled by a documented imputation rule (see docs/IMPUTATION.md)
};
inline constexpr std::array<std::string_view, 5> PROVENANCE_NAMES{"missing", "measured", "geometry", "typology",
                                                                  "imputed"};

/// Heat-use class of a building, derived from the ALKIS building function code.
/// The names match data/alkis/gebaeudefunktion.csv (column heat_use_class).
enum class UseClass : std::uint8_t {
  residential = 0,
  residential_mixed,
  office,
  retail,
  school,
  hospital,
  hotel_restaurant,
  industry,
  storage,
  agriculture,
  sports,
  culture,
  public_other,
  unheated,
  count_
};
inline constexpr std::array<std::string_view, static_cast<std::size_t>(UseClass::count_)> USE_CLASS_NAMES{
    "residential", "residential_mixed", "office",      "retail", "school",  "hospital",     "hotel_restaurant",
    "industry",    "storage",           "agriculture", "sports", "culture", "public_other", "unheated"};

/// German residential building type (TABULA): single-family, terraced, multi-family, apartment block.
enum class ResidentialType : std::uint8_t { none = 0, efh, rh, mfh, gmh };
inline constexpr std::array<std::string_view, 5> RESIDENTIAL_TYPE_NAMES{"none", "EFH", "RH", "MFH", "GMH"};

/// TABULA/IWU German age classes (Deutsche Wohngebäudetypologie, IWU 2015), 1 … 12; 0 = unknown.
struct AgeClassBounds {
  int year_from;
  int year_to;
};
inline constexpr std::array<AgeClassBounds, 12> AGE_CLASSES{{{0, 1859},
                                                             {1860, 1918},
                                                             {1919, 1948},
                                                             {1949, 1957},
                                                             {1958, 1968},
                                                             {1969, 1978},
                                                             {1979, 1983},
                                                             {1984, 1994},
                                                             {1995, 2001},
                                                             {2002, 2009},
                                                             {2010, 2015},
                                                             {2016, 9999}}};

/// Age class 1…12 of a construction year (0 if the year is unknown, i.e. ≤ 0).
constexpr std::uint8_t age_class_of_year(int year) {
  if (year <= 0) return 0;
  for (std::size_t k = 0; k < AGE_CLASSES.size(); ++k) {
    if (year <= AGE_CLASSES[k].year_to) return static_cast<std::uint8_t>(k + 1);
  }
  return static_cast<std::uint8_t>(AGE_CLASSES.size());
}

/// Label of an age class, e.g. "1949-1957", "..1859", "2016..", "unknown".
std::string_view age_class_label(std::uint8_t age_class);

/// Parses a use-class name; returns UseClass::count_ if unknown.
UseClass parse_use_class(std::string_view name);

/// Energy carrier of a heating system.
enum class Carrier : std::uint8_t {
  unknown = 0,
  gas,
  oil,
  district_heat,
  electricity,
  heat_pump,
  biomass,
  coal,
  other
};
inline constexpr std::array<std::string_view, 9> CARRIER_NAMES{
    "unknown", "gas", "oil", "district_heat", "electricity", "heat_pump", "biomass", "coal", "other"};

/// The carrier a register or survey names: the names above, or the German terms of chimney-sweep
/// and municipal registers and of the Zensus 2022 (case-insensitive; umlauts or ae/oe/ue), e.g.
/// "Erdgas", "Flüssiggas" (gas), "Heizöl" (oil), "Fernwärme", "Nahwärme" (district heat), "Strom",
/// "Nachtspeicher" (electricity), "Wärmepumpe", "Solar_Geothermie_Waermepumpen" (heat pump),
/// "Holz", "Holzpellets", "Biomasse", "Biogas" (biomass), "Kohle" (coal), "Sonstige" (other);
/// "" and "unbekannt" are unknown. nullopt for a term it does not know.
std::optional<Carrier> parse_heating_carrier(std::string_view text);

}  // namespace twin
}  // namespace heattwin
