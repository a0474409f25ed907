#pragma once
/// \file Energy carriers and sectors, per-carrier values by year (prices, CO2 factors) read from
/// the shipped tables data/technology/{prices,co2_factors}.csv, and the final-energy balance by
/// carrier and sector that the WPG inventory reports.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace heattwin::solvers::economics {

/// Final-energy carriers of heat supply. `ambient_heat` and `solar_thermal` carry no purchase
/// price and no CO2 (GEG Anlage 9 Nr. 15) but are counted as renewable heat.
enum class Carrier : std::uint8_t {
  electricity,
  natural_gas,
  heating_oil,
  hydrogen,
  biomass,
  district_heat,
  waste_heat,
  ambient_heat,
  solar_thermal,
};
inline constexpr std::size_t CARRIER_COUNT = 9;

/// Sectors of the WPG inventory (§15: private households, trade/commerce/services, industry,
/// public buildings).
enum class Sector : std::uint8_t { residential, commercial, industry, public_sector };
inline constexpr std::size_t SECTOR_COUNT = 4;

/// snake_case name of a carrier as used in the tables ("natural_gas"). O(1).
std::string_view carrier_name(Carrier carrier);
/// The carrier of a table name, or nullopt. O(number of carriers).
std::optional<Carrier> carrier_from_name(std::string_view name);
/// snake_case name of a sector ("residential").
std::string_view sector_name(Sector sector);

/// One quantity per carrier and year (e.g. price in €/MWh, CO2 factor in g/kWh), linear between
/// the tabulated years. Years outside the tabulated range are an InputError (no extrapolation).
class CarrierYearTable {
 public:
  CarrierYearTable() = default;
  /// `quantity` ("price_eur_per_mwh") and `origin` (a file path) are used in error messages.
  CarrierYearTable(std::string quantity, std::string origin);

  /// Sets the value of `carrier` in `year` (replaces an existing one). O(points of the carrier).
  void set(Carrier carrier, int year, double value);
  /// True if the carrier has at least one year.
  bool has(Carrier carrier) const;
  /// The value in `year`, linear between tabulated years; throws InputError naming the origin,
  /// carrier and the tabulated range when the carrier is missing or the year outside it.
  /// O(log points).
  double at(Carrier carrier, int year) const;
  /// Like at(), but years after the last tabulated one take its value (prices held constant
  /// beyond the table, e.g. for an observation period reaching past 2045).
  double at_or_last(Carrier carrier, int year) const;
  /// The tabulated (year, value) points of a carrier, in year order.
  const std::vector<std::pair<int, double>>& points(Carrier carrier) const;
  const std::string& quantity() const { return quantity_; }
  const std::string& origin() const { return origin_; }

 private:
  std::string quantity_;
  std::string origin_;
  std::array<std::vector<std::pair<int, double>>, CARRIER_COUNT> points_{};
};

/// Reads a table with columns `carrier,year,<value_column>,source,verified` (further columns
/// are ignored). Errors (InputError) name the file, the line and the column: unknown carrier,
/// non-integer year, value not a number or negative, a duplicate (carrier, year), a `verified`
/// cell other than `verified`/`unverified`, an empty source.
CarrierYearTable load_carrier_year_table(const std::string& path, std::string_view value_column);

/// Prices (€/MWh final energy) and CO2 factors (g CO2-eq/kWh final energy) of the carriers.
struct CarrierData {
  CarrierYearTable price_eur_per_mwh;
  CarrierYearTable co2_g_per_kwh;
};
/// Loads `<dir>/prices.csv` (column price_eur_per_mwh) and `<dir>/co2_factors.csv` (column
/// co2_g_per_kwh), e.g. data/technology.
CarrierData load_carrier_data(const std::string& dir);

/// Final energy by carrier and sector (MWh/a), as the WPG inventory reports it.
struct FinalEnergyBalance {
  std::array<std::array<double, SECTOR_COUNT>, CARRIER_COUNT> mwh{};

  /// Adds `mwh_per_a` (≥ 0) of a carrier in a sector.
  void add(Carrier carrier, Sector sector, double mwh_per_a) {
    mwh[static_cast<std::size_t>(carrier)][static_cast<std::size_t>(sector)] += mwh_per_a;
  }
  /// Sum over sectors of one carrier (MWh/a).
  double carrier_total_mwh(Carrier carrier) const;
  /// Sum over carriers of one sector (MWh/a).
  double sector_total_mwh(Sector sector) const;
  /// Sum of everything (MWh/a).
  double total_mwh() const;
  /// Emissions of the balance in `year` (t CO2-eq/a) with the given factors; throws InputError
  /// if a carrier with energy has no factor for that year.
  double co2_t(const CarrierYearTable& co2_g_per_kwh, int year) const;
  /// Adds another balance element by element.
  FinalEnergyBalance& operator+=(const FinalEnergyBalance& other);
};

}  // namespace heattwin::solvers::economics
