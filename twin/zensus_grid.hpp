#pragma once
/// \file Tables of the Zensus 2022 in the 100 m grid (Gitterzellen), as the statistical offices
/// publish them (open data, Datenlizenz Deutschland – Namensnennung 2.0): semicolon-separated
/// text, one row per cell keyed by its INSPIRE id in `GITTER_ID_100m`
/// (`CRS3035RES100mN2689100E4337000`: the cell's south-west corner in EPSG:3035, metres), then
/// coordinate and count columns, e.g. "Energieträger der Heizung" (Gas; Heizoel; …; Fernwaerme;
/// kein_Energietraeger) or "Gebäude nach Baujahr" (Vor1919; a1919bis1948; …; a2020undspaeter).
/// Values withheld for confidentiality are marked (an en dash "–" in the published files; "-",
/// ".", "x", "/" and an empty field are read the same way) and read as NaN, counted per table.
/// Cells without residential buildings are not in the files.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace heattwin::twin {

struct ZensusGridTable {
  std::string path;
  std::vector<std::string> columns;                  ///< the value columns read, in the order asked for
  std::vector<std::uint32_t> north_100m, east_100m;  ///< per row: the cell (south-west corner / 100 m)
  std::vector<double> values;                        ///< [row × columns.size() + column]; NaN = withheld
  std::size_t withheld_values = 0;                   ///< values marked as withheld
  std::size_t rows_with_withheld = 0;                ///< rows with at least one of them

  std::size_t rows() const { return north_100m.size(); }
  double value(std::size_t row, std::size_t column) const { return values[row * columns.size() + column]; }
  /// Row of the cell, if the table has it. O(log rows).
  std::optional<std::size_t> find(std::uint32_t north_100m_of_cell, std::uint32_t east_100m_of_cell) const;

  std::vector<std::uint64_t> sorted_keys;  ///< (north << 32 | east) of each row, ascending, for find()
  std::vector<std::size_t> row_of_key;     ///< row of sorted_keys[k]
};

/// Parses an INSPIRE 100 m cell id (`CRS3035RES100mN<north>E<east>`, metres, multiples of 100)
/// into the cell's 100 m units; nullopt when it is not one.
std::optional<std::pair<std::uint32_t, std::uint32_t>> parse_grid_cell_id_100m(std::string_view id);

/// Reads `value_columns` of every row. Throws InputError naming the file (and line) for a missing
/// GITTER_ID_100m or value column (listing the columns the file has), a row with another number of
/// fields than the header, a cell id that is not a 100 m INSPIRE id, a cell given twice, or a
/// value that is neither a non-negative whole number nor a withheld mark.
ZensusGridTable read_zensus_grid_table(const std::string& path, std::span<const std::string_view> value_columns);

}  // namespace heattwin::twin
