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

/// A CSV file held as one buffer in which every cell is a view (quoted cells unescaped in place):
/// for large tables (the flat network cases of 100,000 pipes), no std::string per cell. The same
/// format, parser and error messages as CsvTable. Movable, not copyable (the views point into
/// the object's own buffer).
class CsvView {
 public:
  CsvView() = default;
  CsvView(CsvView&&) = default;
  CsvView& operator=(CsvView&&) = default;
  CsvView(const CsvView&) = delete;
  CsvView& operator=(const CsvView&) = delete;

  const std::string& path() const { return path_; }
  const std::vector<std::string_view>& header() const { return header_; }
  std::size_t row_count() const { return line_of_row_.size(); }
  /// 1-based line number where a row starts.
  std::size_t line(std::size_t row) const { return line_of_row_[row]; }
  /// A cell (row < row_count(), column < header().size()); valid as long as the view lives.
  std::string_view cell(std::size_t row, std::size_t column) const { return cells_[row * header_.size() + column]; }

  /// Index of a column; throws InputError naming the file and the columns present if missing.
  std::size_t column(std::string_view name) const;
  std::optional<std::size_t> find_column(std::string_view name) const;
  /// "<path>:<line>" of a row, for messages.
  std::string where(std::size_t row) const;
  /// The whole cell as a number (parse_double's rule); else InputError "<path>:<line>: <column
  /// name> '<cell>' is not a number".
  double number(std::size_t row, std::size_t column) const;
  /// The whole cell as an integer (parse_int's rule), else InputError like number().
  std::int64_t integer(std::size_t row, std::size_t column) const;

 private:
  friend CsvView parse_csv_view(std::vector<char> text, std::string path);
  std::string path_;
  std::vector<char> text_;  ///< the file's bytes; quoted cells are unescaped in place
  std::vector<std::string_view> header_;
  std::vector<std::string_view> cells_;  ///< row-major, header().size() per row
  std::vector<std::size_t> line_of_row_;
};

/// Reads a whole CSV file at once (one read, one buffer).
CsvView read_csv_view(const std::string& path);
/// Parses CSV bytes, taking ownership of them (path is used in messages only).
CsvView parse_csv_view(std::vector<char> text, std::string path);

/// Reads a whole CSV file; every row must have as many fields as the header.
CsvTable read_csv(const std::string& path);
/// Parses CSV text (path is used in messages only).
CsvTable parse_csv(std::string_view text, const std::string& path);

/// Strict number parsing for table cells: the whole cell must be a number. `where` and `what`
/// name the place and the column in the error message.
double parse_double(std::string_view cell, std::string_view where, std::string_view what);
std::int64_t parse_int(std::string_view cell, std::string_view where, std::string_view what);

}  // namespace heattwin::twin
