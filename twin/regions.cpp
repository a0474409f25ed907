#include "twin/regions.hpp"

#include "twin/csv.hpp"
#include "twin/error.hpp"

#include <algorithm>

namespace heattwin::twin {

bool is_digits(std::string_view s, std::size_t n) {
  return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<std::uint32_t> RegionHierarchy::find_municipality(std::string_view ags) const {
  for (std::size_t k = 0; k < municipalities.size(); ++k)
    if (municipalities[k].ags == ags) return static_cast<std::uint32_t>(k);
  return std::nullopt;
}

std::optional<std::uint32_t> RegionHierarchy::find_kreis(std::string_view ags) const {
  for (std::size_t k = 0; k < kreise.size(); ++k)
    if (kreise[k].ags == ags) return static_cast<std::uint32_t>(k);
  return std::nullopt;
}

std::uint32_t RegionHierarchy::add_kreis(std::string_view ags, std::string_view name) {
  HEATTWIN_CHECK(is_digits(ags, 5), "Kreis key '{}' is not 5 digits", ags);
  if (auto k = find_kreis(ags)) return *k;
  kreise.push_back({std::string(ags), std::string(name)});
  return static_cast<std::uint32_t>(kreise.size() - 1);
}

std::uint32_t RegionHierarchy::add_municipality(std::string_view ags, std::string_view name, std::int64_t population,
                                                double area_km2) {
  HEATTWIN_CHECK(is_digits(ags, 8), "municipality key (AGS) '{}' of '{}' is not 8 digits", ags, name);
  HEATTWIN_CHECK(!find_municipality(ags), "municipality AGS {} ('{}') appears twice", ags, name);
  if (state_ags.empty()) state_ags = std::string(ags.substr(0, 2));
  const std::uint32_t kreis = find_kreis(ags.substr(0, 5)).value_or(NO_INDEX);
  const std::uint32_t kreis_index = kreis != NO_INDEX ? kreis : add_kreis(ags.substr(0, 5), "");
  municipalities.push_back({std::string(ags), std::string(name), kreis_index, population, area_km2});
  return static_cast<std::uint32_t>(municipalities.size() - 1);
}

RegionHierarchy load_municipality_table(const std::string& csv_path, std::string_view state_name) {
  const CsvTable table = read_csv(csv_path);
  const std::size_t c_ags = table.column("ags");
  const std::size_t c_name = table.column("name");
  const std::size_t c_kreis = table.column("kreis_ags");
  const std::size_t c_kreis_name = table.column("kreis_name");
  const auto c_population = table.find_column("population");
  const auto c_area = table.find_column("area_km2");
  RegionHierarchy regions;
  regions.state_name = std::string(state_name);
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    const std::string where = fmt::format("{}:{}", csv_path, table.line_of_row[r]);
    HEATTWIN_CHECK(row[c_kreis] == std::string_view(row[c_ags]).substr(0, 5),
                   "{}: kreis_ags {} does not match the first five digits of ags {}", where, row[c_kreis], row[c_ags]);
    regions.add_kreis(row[c_kreis], row[c_kreis_name]);
    const std::int64_t population = c_population ? parse_int(row[*c_population], where, "population") : 0;
    const double area = c_area ? parse_double(row[*c_area], where, "area_km2") : 0.0;
    try {
      regions.add_municipality(row[c_ags], row[c_name], population, area);
    } catch (const InputError& e) {
      throw InputError(fmt::format("{}: {}", where, e.what()));
    }
  }
  HEATTWIN_CHECK(!regions.municipalities.empty(), "{}: no municipalities in the table", csv_path);
  return regions;
}

}  // namespace heattwin::twin
