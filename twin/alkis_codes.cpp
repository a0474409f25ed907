#include "twin/alkis_codes.hpp"

#include "twin/csv.hpp"
#include "twin/error.hpp"

#include <charconv>
#include <mutex>
#include <unordered_map>

namespace heattwin::twin {

// Defined in the CMake-generated alkis_table.cpp (the text of data/alkis/gebaeudefunktion.csv).
extern const char* const ALKIS_GEBAEUDEFUNKTION_CSV;

namespace {

const std::unordered_map<std::uint16_t, UseClass>& table() {
  static const auto map = [] {
    std::unordered_map<std::uint16_t, UseClass> m;
    const CsvTable t = parse_csv(ALKIS_GEBAEUDEFUNKTION_CSV, "data/alkis/gebaeudefunktion.csv (built in)");
    const auto c_code = t.column("code");
    const auto c_class = t.column("heat_use_class");
    for (const auto& row : t.rows) {
      const auto code = parse_alkis_function(row[c_code]);
      const UseClass use = parse_use_class(row[c_class]);
      HEATTWIN_CHECK_AS(DataError, code && use != UseClass::count_, "built-in ALKIS table: bad row '{}', '{}'",
                        row[c_code], row[c_class]);
      m.emplace(*code, use);
    }
    return m;
  }();
  return map;
}

}  // namespace

std::optional<std::uint16_t> parse_alkis_function(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.size() == 10 && text.substr(0, 6) == "31001_") text.remove_prefix(6);
  if (text.size() != 4) return std::nullopt;
  unsigned value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

std::optional<UseClass> use_class_of_alkis_function(std::uint16_t code) {
  const auto& m = table();
  const auto it = m.find(code);
  if (it == m.end()) return std::nullopt;
  return it->second;
}

}  // namespace heattwin::twin
