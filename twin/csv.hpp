#pragma once
/// \file A small RFC 4180 CSV reader for the shipped parameter and region tables
/// (quoted fields, embedded commas and quotes, CRLF). Errors name file and line.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace heattwin::twin {

struct CsvTable {
  std::string path;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> line_of_row;  ///< 1-based line number where each row starts

  /// Index of a column; throws InputError naming the file and the columns present if missing.
  std::size_t column(std::string_view name) const;
  std::optional<std::size_t> find_column(std::string_view name) const;
};

/// Reads a whole CSV file; every row must have as many fields as the header.
CsvTable read_csv(const std::string& path);
/// Parses CSV text (path is used in messages only).
CsvTable parse_csv(std::string_view text, const std::string& path);

/// Strict number parsing for table cells: the whole cell must be a number. `where` and `what`
/// name the place and the column in the error message.
double parse_double(std::string_view cell, std::string_view where, std::string_view what);
std::int64_t parse_int(std::string_view cell, std::string_view where, std::string_view what);

}  // namespace heattwin::twin
