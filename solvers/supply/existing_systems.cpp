#include "solvers/supply/existing_systems.hpp"

#include "twin/csv.hpp"
#include "twin/error.hpp"
#include "twin/random.hpp"
#include "twin/types.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <string_view>

namespace heattwin::solvers::supply {
namespace {

constexpr std::array<std::string_view, 9> QUANTITIES{"gas_share",
                                                     "oil_share",
                                                     "district_heat_share",
                                                     "heat_pump_share",
                                                     "oil_built_before_1950_share",
                                                     "oil_built_2016_or_later_share",
                                                     "heat_pump_built_2016_or_later_share",
                                                     "built_before_1950_share",
                                                     "built_2016_or_later_share"};

/// Construction periods of the census release: before 1950, 1950–2015, 2016 or later.
std::size_t period_of(int year) { return year < 1950 ? 0 : (year < 2016 ? 1 : 2); }

}  // namespace

CensusHeatingShares load_census_heating_shares(const std::string& csv_path) {
  const twin::CsvTable table = twin::read_csv(csv_path);
  const std::size_t c_quantity = table.column("quantity");
  const std::size_t c_value = table.column("value");
  std::map<std::string, double, std::less<>> values;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    const std::string where = fmt::format("{}:{}", csv_path, table.line_of_row[r]);
    const double v = twin::parse_double(row[c_value], where, "value");
    HEATTWIN_CHECK(std::isfinite(v) && v >= 0.0 && v <= 1.0, "{}: {} must be a share in [0, 1], found {}", where,
                   row[c_quantity], row[c_value]);
    HEATTWIN_CHECK(values.emplace(row[c_quantity], v).second, "{}: {} is given twice", where, row[c_quantity]);
  }
  for (const auto q : QUANTITIES) {
    HEATTWIN_CHECK(values.find(q) != values.end(), "{}: the census heating table has no row '{}'", csv_path, q);
  }
  auto at = [&](std::string_view q) { return values.find(q)->second; };
  CensusHeatingShares s;
  s.path = csv_path;
  s.gas = at("gas_share");
  s.oil = at("oil_share");
  s.district_heat = at("district_heat_share");
  s.heat_pump = at("heat_pump_share");
  s.oil_built_before_1950 = at("oil_built_before_1950_share");
  s.oil_built_2016_or_later = at("oil_built_2016_or_later_share");
  s.heat_pump_built_2016_or_later = at("heat_pump_built_2016_or_later_share");
  s.built_before_1950 = at("built_before_1950_share");
  s.built_2016_or_later = at("built_2016_or_later_share");
  HEATTWIN_CHECK(s.gas + s.oil + s.district_heat + s.heat_pump <= 1.0 + 1e-12,
                 "{}: the carrier shares add up to {} > 1", csv_path, s.gas + s.oil + s.district_heat + s.heat_pump);
  HEATTWIN_CHECK(s.oil_built_before_1950 + s.oil_built_2016_or_later <= 1.0 + 1e-12,
                 "{}: the construction-period shares of oil add up to more than 1", csv_path);
  const double middle = 1.0 - s.built_before_1950 - s.built_2016_or_later;
  HEATTWIN_CHECK(s.built_before_1950 > 0.0 && s.built_2016_or_later > 0.0 && middle > 0.0,
                 "{}: every construction period (before 1950, 1950-2015, 2016 or later) needs a positive share",
                 csv_path);
  // Every conditional probability must stay a probability.
  for (const int year : {1900, 1980, 2020}) {
    double sum = 0.0;
    for (const double p : carrier_probabilities(s, year)) {
      HEATTWIN_CHECK(p >= 0.0 && p <= 1.0 + 1e-12,
                     "{}: the shares imply a carrier probability of {} for buildings of the period of {}; check "
                     "the construction-period rows",
                     csv_path, p, year);
      sum += p;
    }
    HEATTWIN_ASSERT(std::abs(sum - 1.0) < 1e-9);
  }
  return s;
}

std::array<double, CENSUS_CARRIER_COUNT> carrier_probabilities(const CensusHeatingShares& s, int year_of_construction) {
  std::array<double, CENSUS_CARRIER_COUNT> p{};
  const double remainder = 1.0 - s.gas - s.oil - s.district_heat - s.heat_pump;
  auto fill_rest = [&](double oil, double heat_pump) {
    const double rest = 1.0 - oil - heat_pump;  // shared by gas, district heat and the remainder
    const double rest_statewide = 1.0 - s.oil - s.heat_pump;
    const double scale = rest_statewide > 0.0 ? rest / rest_statewide : 0.0;
    p[static_cast<std::size_t>(CensusCarrier::gas)] = s.gas * scale;
    p[static_cast<std::size_t>(CensusCarrier::oil)] = oil;
    p[static_cast<std::size_t>(CensusCarrier::district_heat)] = s.district_heat * scale;
    p[static_cast<std::size_t>(CensusCarrier::heat_pump)] = heat_pump;
    p[static_cast<std::size_t>(CensusCarrier::not_broken_down)] = remainder * scale;
  };
  if (year_of_construction <= 0) {
    fill_rest(s.oil, s.heat_pump);
    return p;
  }
  const std::array<double, 3> period_share{s.built_before_1950, 1.0 - s.built_before_1950 - s.built_2016_or_later,
                                           s.built_2016_or_later};
  // P(period | carrier): oil has the before-1950 and 2016+ shares; heat pumps the 2016+ share,
  // the rest spread over the earlier periods in proportion to their size (no split given).
  const std::array<double, 3> oil_period{
      s.oil_built_before_1950, 1.0 - s.oil_built_before_1950 - s.oil_built_2016_or_later, s.oil_built_2016_or_later};
  const double hp_before_2016 = 1.0 - s.heat_pump_built_2016_or_later;
  const double before_2016 = s.built_before_1950 + period_share[1];
  const std::array<double, 3> hp_period{hp_before_2016 * s.built_before_1950 / before_2016,
                                        hp_before_2016 * period_share[1] / before_2016,
                                        s.heat_pump_built_2016_or_later};
  const std::size_t k = period_of(year_of_construction);
  fill_rest(oil_period[k] * s.oil / period_share[k], hp_period[k] * s.heat_pump / period_share[k]);
  return p;
}

std::array<int, INDIVIDUAL_OPTION_COUNT> lifetimes_from_catalogue(const economics::TechnologyCatalogue& catalogue) {
  std::array<int, INDIVIDUAL_OPTION_COUNT> out{};
  for (std::size_t o = 0; o < INDIVIDUAL_OPTION_COUNT; ++o) {
    out[o] = static_cast<int>(catalogue.value(option_technology(static_cast<IndividualOption>(o)), "lifetime_a"));
  }
  return out;
}

CellHeatingCounts cell_heating_counts(const twin::ZensusGridTable& table, const twin::Grid100m& grid) {
  HEATTWIN_CHECK(table.columns.size() == ZENSUS_HEATING_COLUMNS.size(),
                 "{}: expected the {} carrier columns of the Zensus heating table", table.path,
                 ZENSUS_HEATING_COLUMNS.size());
  CellHeatingCounts c;
  c.path = table.path;
  c.table_rows = table.rows();
  std::array<double, ZENSUS_HEATING_COLUMNS.size()> none{};
  none[0] = std::numeric_limits<double>::quiet_NaN();
  c.counts.assign(grid.size(), none);
  for (std::size_t k = 0; k < grid.size(); ++k) {
    const auto row = table.find(grid.north_100m[k], grid.east_100m[k]);
    if (!row) {
      ++c.cells_not_in_table;
      continue;
    }
    std::array<double, ZENSUS_HEATING_COLUMNS.size()> counts{};
    double total = 0.0;
    bool withheld = false;
    for (std::size_t j = 0; j < counts.size(); ++j) {
      counts[j] = table.value(*row, j);
      withheld = withheld || std::isnan(counts[j]);
      total += std::isnan(counts[j]) ? 0.0 : counts[j];
    }
    if (withheld) {
      ++c.cells_withheld;
    } else if (total > 0.0) {
      c.counts[k] = counts;
      ++c.cells_used;
    }
  }
  return c;
}

ExistingSystems existing_systems(const twin::BuildingSet& b, const CensusHeatingShares* shares,
                                 const ExistingSystemsSettings& settings, const CellHeatingCounts* cells) {
  // The option of each ZENSUS_HEATING_COLUMNS column; NO_EXISTING_SYSTEM for coal and none.
  static constexpr std::array<std::uint8_t, ZENSUS_HEATING_COLUMNS.size()> CELL_OPTION{
      static_cast<std::uint8_t>(IndividualOption::gas_boiler),
      static_cast<std::uint8_t>(IndividualOption::oil_boiler),
      static_cast<std::uint8_t>(IndividualOption::biomass_boiler),
      static_cast<std::uint8_t>(IndividualOption::biomass_boiler),
      static_cast<std::uint8_t>(IndividualOption::air_heat_pump),
      static_cast<std::uint8_t>(IndividualOption::electric_heater),
      NO_EXISTING_SYSTEM,
      static_cast<std::uint8_t>(IndividualOption::district_heating),
      NO_EXISTING_SYSTEM};
  for (std::size_t o = 0; o < INDIVIDUAL_OPTION_COUNT; ++o) {
    HEATTWIN_CHECK(settings.lifetime_a[o] >= 1, "existing heating systems: lifetime of {} is {} years (needs ≥ 1)",
                   option_technology(static_cast<IndividualOption>(o)), settings.lifetime_a[o]);
  }
  static constexpr std::array<IndividualOption, 4> CENSUS_OPTION{
      IndividualOption::gas_boiler, IndividualOption::oil_boiler, IndividualOption::district_heating,
      IndividualOption::air_heat_pump};  // heat pumps: air units, as existing_option_of assumes
  const std::size_t n = b.size();
  ExistingSystems out;
  out.option.resize(n);
  out.install_year.assign(n, 0);
  out.carrier_imputed.assign(n, 0);
  out.install_year_imputed.assign(n, 0);
  out.past_lifetime.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    // Two draws per building from (seed, id): independent of row order and thread count.
    std::uint64_t state = settings.seed ^ twin::fnv1a64(b.id[i]);
    const double u_carrier = twin::unit_interval(twin::splitmix64(state));
    const double u_year = twin::unit_interval(twin::splitmix64(state));
    const auto carrier = static_cast<twin::Carrier>(b.heating_carrier[i]);
    std::uint8_t option = existing_option_of(carrier);
    const std::uint32_t cell = i < b.grid_cell.size() ? b.grid_cell[i] : NO_INDEX;
    const bool cell_usable = cells != nullptr && cell < cells->counts.size() && !std::isnan(cells->counts[cell][0]);
    if (carrier != twin::Carrier::unknown) {
      ++out.carriers_from_twin;
    } else if (shares != nullptr && cell_usable) {
      const auto& counts = cells->counts[cell];
      double total = 0.0;
      for (const double v : counts) total += v;
      std::size_t j = 0;
      double cumulative = counts[0];
      while (j + 1 < counts.size() && u_carrier * total >= cumulative) cumulative += counts[++j];
      option = CELL_OPTION[j];
      ++out.carriers_from_cells;
      if (option != NO_EXISTING_SYSTEM) {
        out.carrier_imputed[i] = 2;
        ++out.carriers_imputed;
        ++out.imputed_by_option[option];
      } else {
        ++out.carriers_none_in_cell;
      }
    } else if (shares != nullptr) {
      const auto p = carrier_probabilities(*shares, b.year_of_construction[i]);
      std::size_t c = 0;
      double cumulative = p[0];
      while (c + 1 < CENSUS_CARRIER_COUNT && u_carrier >= cumulative) cumulative += p[++c];
      if (c < CENSUS_OPTION.size()) {
        option = static_cast<std::uint8_t>(CENSUS_OPTION[c]);
        out.carrier_imputed[i] = 1;
        ++out.carriers_imputed;
        ++out.imputed_by_option[static_cast<std::size_t>(CENSUS_OPTION[c])];
      } else {
        ++out.carriers_not_broken_down;
      }
    }
    out.option[i] = option;
    if (option == NO_EXISTING_SYSTEM) continue;
    if (b.heating_year[i] > 0) {
      out.install_year[i] = b.heating_year[i];
      const int lifetime = settings.lifetime_a[option];
      if (b.heating_year[i] + lifetime <= settings.base_year) {  // past its lifetime: replaced at the next target year
        out.install_year[i] = settings.base_year - lifetime + 1;
        out.past_lifetime[i] = 1;
        ++out.past_lifetime_count;
      }
    } else {
      const int lifetime = settings.lifetime_a[option];
      const int back = std::min(lifetime - 1, static_cast<int>(u_year * lifetime));
      out.install_year[i] = settings.base_year - back;
      out.install_year_imputed[i] = 1;
      ++out.install_years_imputed;
    }
  }
  return out;
}

}  // namespace heattwin::solvers::supply
