#include "solvers/economics/carriers.hpp"

#include "twin/csv.hpp"
#include "twin/error.hpp"

#include <fmt/ranges.h>

#include <algorithm>
#include <set>

namespace heattwin::solvers::economics {

namespace {
constexpr std::array<std::string_view, CARRIER_COUNT> CARRIER_NAMES = {"electricity", "natural_gas",  "heating_oil",
                                                                       "hydrogen",    "biomass",      "district_heat",
                                                                       "waste_heat",  "ambient_heat", "solar_thermal"};
constexpr std::array<std::string_view, SECTOR_COUNT> SECTOR_NAMES = {"residential", "commercial", "industry",
                                                                     "public_sector"};
}  // namespace

std::string_view carrier_name(Carrier carrier) { return CARRIER_NAMES.at(static_cast<std::size_t>(carrier)); }

std::optional<Carrier> carrier_from_name(std::string_view name) {
  for (std::size_t i = 0; i < CARRIER_COUNT; ++i) {
    if (CARRIER_NAMES[i] == name) return static_cast<Carrier>(i);
  }
  return std::nullopt;
}

std::string_view sector_name(Sector sector) { return SECTOR_NAMES.at(static_cast<std::size_t>(sector)); }

CarrierYearTable::CarrierYearTable(std::string quantity, std::string origin)
    : quantity_(std::move(quantity)), origin_(std::move(origin)) {}

void CarrierYearTable::set(Carrier carrier, int year, double value) {
  auto& pts = points_[static_cast<std::size_t>(carrier)];
  auto it = std::lower_bound(pts.begin(), pts.end(), year, [](const auto& p, int y) { return p.first < y; });
  if (it != pts.end() && it->first == year) {
    it->second = value;
  } else {
    pts.insert(it, {year, value});
  }
}

bool CarrierYearTable::has(Carrier carrier) const { return !points_[static_cast<std::size_t>(carrier)].empty(); }

const std::vector<std::pair<int, double>>& CarrierYearTable::points(Carrier carrier) const {
  return points_[static_cast<std::size_t>(carrier)];
}

double CarrierYearTable::at(Carrier carrier, int year) const {
  const auto& pts = points_[static_cast<std::size_t>(carrier)];
  HEATTWIN_CHECK(!pts.empty(), "{}: no {} for carrier '{}' (add rows for it)", origin_, quantity_,
                 carrier_name(carrier));
  HEATTWIN_CHECK(year >= pts.front().first && year <= pts.back().first,
                 "{}: {} of carrier '{}' is tabulated for {}–{}, not for {} (add the year to the table)", origin_,
                 quantity_, carrier_name(carrier), pts.front().first, pts.back().first, year);
  auto hi = std::lower_bound(pts.begin(), pts.end(), year, [](const auto& p, int y) { return p.first < y; });
  if (hi->first == year) return hi->second;
  auto lo = hi - 1;
  const double w = static_cast<double>(year - lo->first) / static_cast<double>(hi->first - lo->first);
  return lo->second + w * (hi->second - lo->second);
}

double CarrierYearTable::at_or_last(Carrier carrier, int year) const {
  const auto& pts = points_[static_cast<std::size_t>(carrier)];
  if (!pts.empty() && year > pts.back().first) return pts.back().second;
  return at(carrier, year);
}

CarrierYearTable load_carrier_year_table(const std::string& path, std::string_view value_column) {
  const twin::CsvTable table = twin::read_csv(path);
  const std::size_t c_carrier = table.column("carrier");
  const std::size_t c_year = table.column("year");
  const std::size_t c_value = table.column(value_column);
  const std::size_t c_source = table.column("source");
  const std::size_t c_verified = table.column("verified");
  CarrierYearTable out{std::string(value_column), path};
  std::set<std::pair<std::size_t, std::int64_t>> seen;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    const std::size_t line = table.line_of_row[r];
    auto where = [&](std::size_t col) {
      return fmt::format("{}:{}, column {} ({})", path, line, col + 1, table.header[col]);
    };
    const auto carrier = carrier_from_name(row[c_carrier]);
    HEATTWIN_CHECK(carrier.has_value(), "{}: unknown carrier '{}' (known: {})", where(c_carrier), row[c_carrier],
                   fmt::join(CARRIER_NAMES, ", "));
    const std::int64_t year = twin::parse_int(row[c_year], where(c_year), "year");
    HEATTWIN_CHECK(year >= 1990 && year <= 2100, "{}: year {} is outside 1990–2100", where(c_year), year);
    const double value = twin::parse_double(row[c_value], where(c_value), value_column);
    HEATTWIN_CHECK(value >= 0.0, "{}: {} must be ≥ 0, found {}", where(c_value), value_column, value);
    HEATTWIN_CHECK(!row[c_source].empty(), "{}: every value needs its source", where(c_source));
    HEATTWIN_CHECK(row[c_verified] == "verified" || row[c_verified] == "unverified",
                   "{}: '{}' must be 'verified' or 'unverified'", where(c_verified), row[c_verified]);
    HEATTWIN_CHECK(seen.insert({static_cast<std::size_t>(*carrier), year}).second, "{}: carrier '{}' has year {} twice",
                   where(c_year), row[c_carrier], year);
    out.set(*carrier, static_cast<int>(year), value);
  }
  return out;
}

CarrierData load_carrier_data(const std::string& dir) {
  return CarrierData{load_carrier_year_table(dir + "/prices.csv", "price_eur_per_mwh"),
                     load_carrier_year_table(dir + "/co2_factors.csv", "co2_g_per_kwh")};
}

double FinalEnergyBalance::carrier_total_mwh(Carrier carrier) const {
  double s = 0.0;
  for (double v : mwh[static_cast<std::size_t>(carrier)]) s += v;
  return s;
}

double FinalEnergyBalance::sector_total_mwh(Sector sector) const {
  double s = 0.0;
  for (const auto& row : mwh) s += row[static_cast<std::size_t>(sector)];
  return s;
}

double FinalEnergyBalance::total_mwh() const {
  double s = 0.0;
  for (const auto& row : mwh)
    for (double v : row) s += v;
  return s;
}

double FinalEnergyBalance::co2_t(const CarrierYearTable& co2_g_per_kwh, int year) const {
  double t = 0.0;
  for (std::size_t c = 0; c < CARRIER_COUNT; ++c) {
    const double e = carrier_total_mwh(static_cast<Carrier>(c));
    if (e == 0.0) continue;
    t += e * co2_g_per_kwh.at(static_cast<Carrier>(c), year) * 1e-3;  // MWh · g/kWh = kg → t
  }
  return t;
}

FinalEnergyBalance& FinalEnergyBalance::operator+=(const FinalEnergyBalance& other) {
  for (std::size_t c = 0; c < CARRIER_COUNT; ++c)
    for (std::size_t s = 0; s < SECTOR_COUNT; ++s) mwh[c][s] += other.mwh[c][s];
  return *this;
}

}  // namespace heattwin::solvers::economics
