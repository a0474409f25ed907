#include "twin/csv.hpp"

#include "twin/error.hpp"
#include "twin/input_file.hpp"

#include <charconv>
#include <cstring>
#include <fstream>

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

namespace {

/// Reads a file into one buffer (after check_input_file: regular files only).
std::vector<char> read_whole_file(const std::string& path) {
  check_input_file(path, "the CSV table");
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  HEATTWIN_CHECK(in.good(), "{}: cannot open the file", path);
  const std::streamoff size = in.tellg();
  HEATTWIN_CHECK(size >= 0, "{}: cannot read the file's size", path);
  std::vector<char> text(static_cast<std::size_t>(size));
  in.seekg(0);
  in.read(text.data(), size);
  HEATTWIN_CHECK(in.gcount() == size, "{}: could read only {} of its {} bytes", path, in.gcount(), size);
  return text;
}

CsvTable table_of(const CsvView& view) {
  CsvTable table;
  table.path = view.path();
  table.header.assign(view.header().begin(), view.header().end());
  const std::size_t columns = view.header().size();
  table.rows.resize(view.row_count());
  table.line_of_row.resize(view.row_count());
  for (std::size_t r = 0; r < view.row_count(); ++r) {
    table.rows[r].reserve(columns);
    for (std::size_t k = 0; k < columns; ++k) table.rows[r].emplace_back(view.cell(r, k));
    table.line_of_row[r] = view.line(r);
  }
  return table;
}

}  // namespace

std::optional<std::size_t> CsvView::find_column(std::string_view name) const {
  for (std::size_t k = 0; k < header_.size(); ++k)
    if (header_[k] == name) return k;
  return std::nullopt;
}

std::size_t CsvView::column(std::string_view name) const {
  auto k = find_column(name);
  if (!k) {
    std::string present;
    for (const auto& h : header_) present += fmt::format("{}{}", present.empty() ? "" : ", ", h);
    throw InputError(fmt::format("{}: column '{}' is missing (columns present: {})", path_, name, present));
  }
  return *k;
}

std::string CsvView::where(std::size_t row) const { return fmt::format("{}:{}", path_, line_of_row_[row]); }

double CsvView::number(std::size_t row, std::size_t column) const {
  const std::string_view text = cell(row, column);
  double value = 0.0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc{} && ptr == text.data() + text.size() && !text.empty()) return value;
  return parse_double(text, where(row), header_[column]);  // throws the message
}

std::int64_t CsvView::integer(std::size_t row, std::size_t column) const {
  const std::string_view text = cell(row, column);
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc{} && ptr == text.data() + text.size() && !text.empty()) return value;
  return parse_int(text, where(row), header_[column]);  // throws the message
}

CsvView parse_csv_view(std::vector<char> text, std::string path) {
  CsvView view;
  view.path_ = std::move(path);
  view.text_ = std::move(text);
  const std::string& p = view.path_;
  char* const data = view.text_.data();
  const std::size_t size = view.text_.size();
  // One pass; quoted cells are unescaped in place: the write position w never passes the read
  // position i, so the cells already ended (before w) are never overwritten.
  std::size_t w = 0;
  std::size_t field_begin = 0;
  std::size_t row_begin = 0;  // index into cells_ of the current row's first cell
  bool in_quotes = false;
  bool field_started = false;
  std::size_t line = 1;
  std::size_t row_line = 1;
  auto end_field = [&] {
    view.cells_.emplace_back(data + field_begin, w - field_begin);
    field_begin = w;
    field_started = false;
  };
  auto end_row = [&] {
    end_field();
    const std::size_t count = view.cells_.size() - row_begin;
    if (count == 1 && view.cells_.back().empty()) {  // skip blank lines
      view.cells_.pop_back();
    } else if (view.header_.empty()) {
      view.header_.assign(view.cells_.begin() + static_cast<std::ptrdiff_t>(row_begin), view.cells_.end());
      view.cells_.resize(row_begin);
    } else {
      HEATTWIN_CHECK(count == view.header_.size(), "{}:{}: {} fields, but the header has {}", p, row_line, count,
                     view.header_.size());
      view.line_of_row_.push_back(row_line);
    }
    row_begin = view.cells_.size();
    row_line = line;
  };
  view.cells_.reserve(size / 6 + 16);  // typical cells of numeric tables are 4–10 bytes
  for (std::size_t i = 0; i < size; ++i) {
    if (!in_quotes) {
      // The body of an unquoted field, until a separator, a line end or a quote.
      const std::size_t start = i;
      while (i < size && data[i] != ',' && data[i] != '\n' && data[i] != '\r' && data[i] != '"') ++i;
      if (i > start) {
        if (w != start) std::memmove(data + w, data + start, i - start);
        w += i - start;
        field_started = true;
      }
      if (i == size) break;
    }
    const char c = data[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < size && data[i + 1] == '"') {
          data[w++] = '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        data[w++] = c;
      }
    } else if (c == '"' && !field_started) {
      in_quotes = true;
      field_started = true;
    } else if (c == ',') {
      end_field();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < size && data[i + 1] == '\n') ++i;
      ++line;
      end_row();
    } else {
      data[w++] = c;
      field_started = true;
    }
  }
  HEATTWIN_CHECK(!in_quotes, "{}:{}: a quoted field is not closed before the end of the file", p, row_line);
  if (field_started || view.cells_.size() > row_begin) end_row();
  // Strip a UTF-8 byte-order mark from the first header cell.
  if (!view.header_.empty() && view.header_[0].substr(0, 3) == "\xEF\xBB\xBF") {
    view.header_[0] = view.header_[0].substr(3);
  }
  HEATTWIN_CHECK(!view.header_.empty(), "{}: the file is empty (no header line)", p);
  return view;
}

CsvView read_csv_view(const std::string& path) { return parse_csv_view(read_whole_file(path), path); }

CsvTable parse_csv(std::string_view text, const std::string& path) {
  return table_of(parse_csv_view(std::vector<char>(text.begin(), text.end()), path));
}

CsvTable read_csv(const std::string& path) { return table_of(read_csv_view(path)); }

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
