#pragma once
/// \file The region hierarchy: state → Kreis (5-digit AGS) → Gemeinde (8-digit AGS) → block.

#include "twin/polygon_set.hpp"
#include "twin/types.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace heattwin::twin {

/// A Landkreis or district-free city.
struct Kreis {
  std::string ags;   ///< 5-digit Kreis key, e.g. "15003"
  std::string name;  ///< official name
};

/// A Gemeinde (municipality).
struct Municipality {
  std::string ags;                ///< 8-digit Amtlicher Gemeindeschlüssel, e.g. "15003000"
  std::string name;               ///< name
  std::uint32_t kreis{NO_INDEX};  ///< index into RegionHierarchy::kreise
  std::int64_t population{0};     ///< inhabitants (0 = unknown)
  double area_km2{0.0};           ///< area (0 = unknown)
};

/// A Baublock / quarter: the smallest region, used for aggregation below the municipality.
struct Block {
  std::string id;                        ///< block identifier, unique within the twin
  std::uint32_t municipality{NO_INDEX};  ///< index into RegionHierarchy::municipalities
};

class RegionHierarchy {
 public:
  std::string state_name;  ///< e.g. "Sachsen-Anhalt"
  std::string state_ags;   ///< 2-digit Land key, e.g. "15"
  std::vector<Kreis> kreise;
  std::vector<Municipality> municipalities;
  std::vector<Block> blocks;
  /// Optional boundary of each municipality (polygon k ↔ municipalities[k], or empty set).
  PolygonSet municipality_boundaries;

  /// Index of the municipality with this 8-digit AGS, if present. Linear search (≈ 220 entries);
  /// bulk lookups build their own hash map.
  std::optional<std::uint32_t> find_municipality(std::string_view ags) const;
  /// Index of the Kreis with this 5-digit key, if present.
  std::optional<std::uint32_t> find_kreis(std::string_view ags) const;

  /// Adds a Kreis if not yet present and returns its index.
  std::uint32_t add_kreis(std::string_view ags, std::string_view name);
  /// Adds a municipality (and its Kreis, taken from the first 5 AGS digits, if missing).
  /// Throws InputError if the AGS is not 8 digits or already present.
  std::uint32_t add_municipality(std::string_view ags, std::string_view name, std::int64_t population = 0,
                                 double area_km2 = 0.0);
};

/// True if s is exactly n ASCII digits.
bool is_digits(std::string_view s, std::size_t n);

/// Loads the Gemeinden table of data/regions (CSV with columns ags, name, kreis_ags,
/// kreis_name, population, area_km2) into a hierarchy. Errors name the file and line.
RegionHierarchy load_municipality_table(const std::string& csv_path, std::string_view state_name = "Sachsen-Anhalt");

}  // namespace heattwin::twin
