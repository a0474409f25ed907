#include "twin/zensus_grid.hpp"

#include "twin/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <numeric>

namespace heattwin::twin {
namespace {

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = line.find(';', start);
    std::string_view f = line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    while (!f.empty() && (f.front() == ' ' || f.front() == '\t')) f.remove_prefix(1);
    while (!f.empty() && (f.back() == ' ' || f.back() == '\t')) f.remove_suffix(1);
    if (f.size() >= 2 && f.front() == '"' && f.back() == '"') f = f.substr(1, f.size() - 2);
    fields.push_back(f);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return fields;
}

bool is_withheld_mark(std::string_view f) {
  return f.empty() || f == "\xE2\x80\x93" /* – */ || f == "-" || f == "." || f == "x" || f == "X" || f == "/";
}

std::optional<std::uint64_t> parse_digits(std::string_view s) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<std::pair<std::uint32_t, std::uint32_t>> parse_grid_cell_id_100m(std::string_view id) {
  constexpr std::string_view prefix = "CRS3035RES100mN";
  if (!id.starts_with(prefix)) return std::nullopt;
  id.remove_prefix(prefix.size());
  const std::size_t e = id.find('E');
  if (e == std::string_view::npos) return std::nullopt;
  const auto north = parse_digits(id.substr(0, e));
  const auto east = parse_digits(id.substr(e + 1));
  if (!north || !east || *north % 100 != 0 || *east % 100 != 0 || *north / 100 > 0xffffffffu ||
      *east / 100 > 0xffffffffu)
    return std::nullopt;
  return std::pair{static_cast<std::uint32_t>(*north / 100), static_cast<std::uint32_t>(*east / 100)};
}

std::optional<std::size_t> ZensusGridTable::find(std::uint32_t north, std::uint32_t east) const {
  const std::uint64_t key = (std::uint64_t{north} << 32) | east;
  const auto it = std::lower_bound(sorted_keys.begin(), sorted_keys.end(), key);
  if (it == sorted_keys.end() || *it != key) return std::nullopt;
  return row_of_key[static_cast<std::size_t>(it - sorted_keys.begin())];
}

ZensusGridTable read_zensus_grid_table(const std::string& path, std::span<const std::string_view> value_columns) {
  std::ifstream in(path, std::ios::binary);
  HEATTWIN_CHECK(in.good(), "{}: cannot open the Zensus grid table", path);
  ZensusGridTable t;
  t.path = path;
  std::string line;
  HEATTWIN_CHECK(static_cast<bool>(std::getline(in, line)), "{}: the Zensus grid table is empty", path);
  if (line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // UTF-8 byte order mark
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> header;
  for (const auto f : split_fields(line)) header.emplace_back(f);
  const auto column_of = [&](std::string_view name) {
    const auto it = std::ranges::find(header, name);
    HEATTWIN_CHECK(it != header.end(),
                   "{}:1: the Zensus grid table has no column '{}' (columns: {}); expected a table of the Zensus "
                   "2022 in the 100 m grid (semicolon-separated, keyed by GITTER_ID_100m)",
                   path, name, fmt::join(header, ", "));
    return static_cast<std::size_t>(it - header.begin());
  };
  const std::size_t id_column = column_of("GITTER_ID_100m");
  std::vector<std::size_t> value_index;
  for (const auto c : value_columns) {
    value_index.push_back(column_of(c));
    t.columns.emplace_back(c);
  }
  std::size_t line_number = 1;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto fields = split_fields(line);
    HEATTWIN_CHECK(fields.size() == header.size(), "{}:{}: {} fields, the header has {}", path, line_number,
                   fields.size(), header.size());
    const auto cell = parse_grid_cell_id_100m(fields[id_column]);
    HEATTWIN_CHECK(cell.has_value(), "{}:{}: '{}' is not a 100 m grid cell id (CRS3035RES100mN<north>E<east>)", path,
                   line_number, fields[id_column]);
    t.north_100m.push_back(cell->first);
    t.east_100m.push_back(cell->second);
    bool withheld = false;
    for (std::size_t k = 0; k < value_index.size(); ++k) {
      const std::string_view f = fields[value_index[k]];
      if (is_withheld_mark(f)) {
        t.values.push_back(std::numeric_limits<double>::quiet_NaN());
        ++t.withheld_values;
        withheld = true;
        continue;
      }
      const auto v = parse_digits(f);
      HEATTWIN_CHECK(v.has_value(),
                     "{}:{}: cell {}: '{}' in column {} is neither a whole number of buildings nor a withheld mark "
                     "(–)",
                     path, line_number, fields[id_column], f, value_columns[k]);
      t.values.push_back(static_cast<double>(*v));
    }
    t.rows_with_withheld += withheld ? 1 : 0;
  }
  const std::size_t n = t.rows();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  const auto key = [&](std::size_t r) { return (std::uint64_t{t.north_100m[r]} << 32) | t.east_100m[r]; };
  std::ranges::sort(order, {}, key);
  t.sorted_keys.reserve(n);
  for (const std::size_t r : order) {
    HEATTWIN_CHECK(t.sorted_keys.empty() || t.sorted_keys.back() != key(r),
                   "{}: cell CRS3035RES100mN{}E{} is given twice", path, std::uint64_t{t.north_100m[r]} * 100,
                   std::uint64_t{t.east_100m[r]} * 100);
    t.sorted_keys.push_back(key(r));
  }
  t.row_of_key = std::move(order);
  return t;
}

}  // namespace heattwin::twin
