#include "twin/csv.hpp"

#include "twin/error.hpp"
#include "twin/input_file.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

namespace heattwin::twin {

std::optional<std::size_t> CsvTable::find_column(std::string_view name) const {
  for (std::size_t k = 0; k < header.size(); ++k)
    if (header[k] == name) return k;
  return std::nullopt;
}

std::size_t CsvTable::column(std::string_view name) const {
  auto k = find_column(name);
  if (!k) {
    std::string present;
    for (const auto& h : header) present += (present.empty() ? "" : ", ") + h;
    throw InputError(fmt::format("{}: column '{}' is missing (columns present: {})", path, name, present));
  }
  return *k;
}

CsvTable parse_csv(std::string_view text, const std::string& path) {
  CsvTable table;
  table.path = path;
  std::vector<std::string> row;
  std::string field;
  bool in_quotes = false;
  bool field_started = false;
  std::size_t line = 1;
  std::size_t row_line = 1;
  auto end_field = [&] {
    row.push_back(std::move(field));
    field.clear();
    field_started = false;
  };
  auto end_row = [&] {
    end_field();
    if (!(row.size() == 1 && row[0].empty())) {  // skip blank lines
      if (table.header.empty()) {
        table.header = std::move(row);
      } else {
        HEATTWIN_CHECK(row.size() == table.header.size(), "{}:{}: {} fields, but the header has {}", path, row_line,
                       row.size(), table.header.size());
        table.rows.push_back(std::move(row));
        table.line_of_row.push_back(row_line);
      }
    }
    row.clear();
    row_line = line;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
    } else if (c == '"' && !field_started) {
      in_quotes = true;
      field_started = true;
    } else if (c == ',') {
      end_field();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++line;
      end_row();
    } else {
      field.push_back(c);
      field_started = true;
    }
  }
  HEATTWIN_CHECK(!in_quotes, "{}:{}: a quoted field is not closed before the end of the file", path, row_line);
  if (field_started || !row.empty()) end_row();
  // Strip a UTF-8 byte-order mark from the first header cell.
  if (!table.header.empty() && table.header[0].rfind("\xEF\xBB\xBF", 0) == 0) table.header[0].erase(0, 3);
  HEATTWIN_CHECK(!table.header.empty(), "{}: the file is empty (no header line)", path);
  return table;
}

CsvTable read_csv(const std::string& path) {
  check_input_file(path, "the CSV table");
  std::ifstream in(path, std::ios::binary);
  HEATTWIN_CHECK(in.good(), "{}: cannot open the file", path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse_csv(buffer.str(), path);
}

double parse_double(std::string_view cell, std::string_view where, std::string_view what) {
  double value = 0.0;
  const auto* begin = cell.data();
  const auto* end = cell.data() + cell.size();
  auto [ptr, ec] = std::from_chars(begin, end, value);
  HEATTWIN_CHECK(ec == std::errc{} && ptr == end && !cell.empty(), "{}: {} '{}' is not a number", where, what, cell);
  return value;
}

std::int64_t parse_int(std::string_view cell, std::string_view where, std::string_view what) {
  std::int64_t value = 0;
  const auto* begin = cell.data();
  const auto* end = cell.data() + cell.size();
  auto [ptr, ec] = std::from_chars(begin, end, value);
  HEATTWIN_CHECK(ec == std::errc{} && ptr == end && !cell.empty(), "{}: {} '{}' is not an integer", where, what, cell);
  return value;
}

}  // namespace heattwin::twin
