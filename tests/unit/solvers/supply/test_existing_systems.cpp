// The base year's heating systems: census shares by construction period (Bayes on the published
// shares), imputation counts, installation years, determinism by building id, table errors.

#include "solvers/supply/existing_systems.hpp"
#include "twin/error.hpp"
#include "twin/types.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

namespace supply = heattwin::solvers::supply;
namespace twin = heattwin::twin;

namespace {

const std::string CENSUS_CSV = std::string(HEATTWIN_SOURCE_DATA_DIR) + "/statistics/heating_systems_sachsen_anhalt.csv";

std::size_t idx(supply::CensusCarrier c) { return static_cast<std::size_t>(c); }

supply::ExistingSystemsSettings settings_2025() {
  supply::ExistingSystemsSettings s;
  s.base_year = 2025;
  s.seed = 7;
  s.lifetime_a.fill(20);
  return s;
}

/// n buildings whose construction years follow the census periods (before 1950, 1950–2015,
/// 2016+), in proportion to the table's period shares.
twin::BuildingSet census_like_stock(const supply::CensusHeatingShares& s, std::size_t n) {
  twin::BuildingSet b;
  const auto n_old = static_cast<std::size_t>(std::llround(s.built_before_1950 * static_cast<double>(n)));
  const auto n_new = static_cast<std::size_t>(std::llround(s.built_2016_or_later * static_cast<double>(n)));
  for (std::size_t i = 0; i < n; ++i) {
    const auto k = b.append_unknown("DEST" + std::to_string(i));
    b.year_of_construction[k] = static_cast<std::int16_t>(i < n_old ? 1900 : (i < n - n_new ? 1975 : 2020));
  }
  return b;
}

}  // namespace

TEST(CensusHeatingShares, ConditionalSharesReproduceThePublishedMargins) {
  const auto s = supply::load_census_heating_shares(CENSUS_CSV);
  const double middle = 1.0 - s.built_before_1950 - s.built_2016_or_later;
  const auto old_p = supply::carrier_probabilities(s, 1900);
  const auto mid_p = supply::carrier_probabilities(s, 1975);
  const auto new_p = supply::carrier_probabilities(s, 2020);
  for (const auto* p : {&old_p, &mid_p, &new_p}) {
    double sum = 0.0;
    for (const double v : *p) sum += v;
    EXPECT_NEAR(sum, 1.0, 1e-12);
  }
  auto margin = [&](supply::CensusCarrier c) {
    return s.built_before_1950 * old_p[idx(c)] + middle * mid_p[idx(c)] + s.built_2016_or_later * new_p[idx(c)];
  };
  EXPECT_NEAR(margin(supply::CensusCarrier::gas), s.gas, 1e-12);
  EXPECT_NEAR(margin(supply::CensusCarrier::oil), s.oil, 1e-12);
  EXPECT_NEAR(margin(supply::CensusCarrier::district_heat), s.district_heat, 1e-12);
  EXPECT_NEAR(margin(supply::CensusCarrier::heat_pump), s.heat_pump, 1e-12);
  // The published construction periods of oil and heat pumps come back (Bayes).
  EXPECT_NEAR(s.built_before_1950 * old_p[idx(supply::CensusCarrier::oil)] / s.oil, s.oil_built_before_1950, 1e-12);
  EXPECT_NEAR(s.built_2016_or_later * new_p[idx(supply::CensusCarrier::oil)] / s.oil, s.oil_built_2016_or_later, 1e-12);
  EXPECT_NEAR(s.built_2016_or_later * new_p[idx(supply::CensusCarrier::heat_pump)] / s.heat_pump,
              s.heat_pump_built_2016_or_later, 1e-12);
  // Hand values from the shipped table: P(oil | before 1950) = 0.566 · 0.207 / 0.515,
  // P(heat pump | 2016+) = 0.321 · 0.034 / 0.028.
  EXPECT_NEAR(old_p[idx(supply::CensusCarrier::oil)], 0.566 * 0.207 / 0.515, 1e-12);
  EXPECT_NEAR(new_p[idx(supply::CensusCarrier::heat_pump)], 0.321 * 0.034 / 0.028, 1e-12);
  // Unknown construction year: the statewide shares.
  const auto any = supply::carrier_probabilities(s, 0);
  EXPECT_NEAR(any[idx(supply::CensusCarrier::gas)], s.gas, 1e-12);
  EXPECT_NEAR(any[idx(supply::CensusCarrier::oil)], s.oil, 1e-12);
}

TEST(ExistingSystems, ImputedSharesMatchTheCensusOnALargeStock) {
  const auto s = supply::load_census_heating_shares(CENSUS_CSV);
  const std::size_t n = 200'000;
  const auto b = census_like_stock(s, n);
  const auto r = supply::existing_systems(b, &s, settings_2025());
  EXPECT_EQ(r.carriers_from_twin, 0U);
  EXPECT_EQ(r.carriers_imputed + r.carriers_not_broken_down, n);
  auto share = [&](supply::IndividualOption o) {
    return static_cast<double>(r.imputed_by_option[static_cast<std::size_t>(o)]) / static_cast<double>(n);
  };
  // Binomial standard error at n = 200,000 is ≤ 0.0011; 4 sigma.
  EXPECT_NEAR(share(supply::IndividualOption::gas_boiler), s.gas, 0.0045);
  EXPECT_NEAR(share(supply::IndividualOption::oil_boiler), s.oil, 0.0045);
  EXPECT_NEAR(share(supply::IndividualOption::district_heating), s.district_heat, 0.0045);
  EXPECT_NEAR(share(supply::IndividualOption::air_heat_pump), s.heat_pump, 0.0045);
  // Oil mostly in old buildings, heat pumps mostly in new ones.
  std::size_t oil_old = 0, oil_all = 0, hp_new = 0, hp_all = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const bool old_building = b.year_of_construction[i] < 1950, new_building = b.year_of_construction[i] >= 2016;
    if (r.option[i] == static_cast<std::uint8_t>(supply::IndividualOption::oil_boiler)) {
      ++oil_all;
      oil_old += old_building ? 1 : 0;
    }
    if (r.option[i] == static_cast<std::uint8_t>(supply::IndividualOption::air_heat_pump)) {
      ++hp_all;
      hp_new += new_building ? 1 : 0;
    }
  }
  EXPECT_NEAR(static_cast<double>(oil_old) / static_cast<double>(oil_all), s.oil_built_before_1950, 0.012);
  EXPECT_NEAR(static_cast<double>(hp_new) / static_cast<double>(hp_all), s.heat_pump_built_2016_or_later, 0.03);
  // Installation years: uniform over the 20 years up to 2025.
  double mean_year = 0.0;
  std::size_t with_year = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (r.option[i] == supply::NO_EXISTING_SYSTEM) {
      EXPECT_EQ(r.install_year[i], 0);
      continue;
    }
    ASSERT_GE(r.install_year[i], 2006);
    ASSERT_LE(r.install_year[i], 2025);
    mean_year += r.install_year[i];
    ++with_year;
  }
  EXPECT_EQ(with_year, r.install_years_imputed);
  EXPECT_NEAR(mean_year / static_cast<double>(with_year), 2015.5, 0.1);
}

TEST(ExistingSystems, KnownSystemsAreKeptAndDrawsFollowTheIdNotTheRow) {
  const auto s = supply::load_census_heating_shares(CENSUS_CSV);
  twin::BuildingSet b;
  for (int i = 0; i < 500; ++i) b.append_unknown("B" + std::to_string(i));
  b.heating_carrier[3] = static_cast<std::uint8_t>(twin::Carrier::oil);
  b.heating_year[3] = 1998;
  b.heating_carrier[4] = static_cast<std::uint8_t>(twin::Carrier::biomass);  // known carrier, unknown year
  b.heating_carrier[5] = static_cast<std::uint8_t>(twin::Carrier::coal);     // known, but no option for it
  const auto r = supply::existing_systems(b, &s, settings_2025());
  EXPECT_EQ(r.carriers_from_twin, 3U);
  EXPECT_EQ(r.option[3], static_cast<std::uint8_t>(supply::IndividualOption::oil_boiler));
  // 1998 + 20 a ≤ 2025: past its lifetime, kept in the base year and replaced at the next target
  // year (install year 2025 − 20 + 1 = 2006 for the supply model), counted.
  EXPECT_EQ(r.install_year[3], 2006);
  EXPECT_EQ(r.past_lifetime[3], 1);
  EXPECT_EQ(r.carrier_imputed[3] + r.install_year_imputed[3], 0);
  EXPECT_EQ(r.option[4], static_cast<std::uint8_t>(supply::IndividualOption::biomass_boiler));
  EXPECT_EQ(r.install_year_imputed[4], 1);
  EXPECT_EQ(r.option[5], supply::NO_EXISTING_SYSTEM);
  EXPECT_EQ(r.carrier_imputed[5], 0);

  // The same buildings in reverse order get the same systems.
  twin::BuildingSet reversed;
  for (int i = 499; i >= 0; --i) {
    const auto k = reversed.append_unknown("B" + std::to_string(i));
    reversed.heating_carrier[k] = b.heating_carrier[static_cast<std::size_t>(i)];
    reversed.heating_year[k] = b.heating_year[static_cast<std::size_t>(i)];
  }
  const auto rr = supply::existing_systems(reversed, &s, settings_2025());
  for (std::size_t i = 0; i < 500; ++i) {
    EXPECT_EQ(r.option[i], rr.option[499 - i]) << i;
    EXPECT_EQ(r.install_year[i], rr.install_year[499 - i]) << i;
  }
  // Another seed gives other draws.
  auto other = settings_2025();
  other.seed = 8;
  const auto ro = supply::existing_systems(b, &s, other);
  EXPECT_NE(r.option, ro.option);
}

TEST(ExistingSystems, WithoutSharesOnlyInstallationYearsAreImputed) {
  twin::BuildingSet b;
  for (int i = 0; i < 10; ++i) b.append_unknown("B" + std::to_string(i));
  b.heating_carrier[0] = static_cast<std::uint8_t>(twin::Carrier::gas);
  const auto r = supply::existing_systems(b, nullptr, settings_2025());
  EXPECT_EQ(r.carriers_imputed, 0U);
  EXPECT_EQ(r.install_years_imputed, 1U);
  for (std::size_t i = 1; i < 10; ++i) EXPECT_EQ(r.option[i], supply::NO_EXISTING_SYSTEM);
}

TEST(ExistingSystems, MeasuredSystemsPastTheirLifetimeStayInTheBaseYearAndGoAtTheNextTargetYear) {
  // Issue 16: a measured boiler of 1990 with a 20-year lifetime is past its end of life in 2025.
  // The inventory has it in service; the plan replaces it at the next target year, so the year
  // the supply model sees is 2025 − 20 + 1 = 2006 (kept while installed + lifetime > year: in 2025
  // yes, in 2030 no). A system of 2010 (end 2030) keeps its year; both are known, not imputed.
  twin::BuildingSet b;
  for (int i = 0; i < 3; ++i) b.append_unknown("B" + std::to_string(i));
  for (std::size_t i = 0; i < 3; ++i) b.heating_carrier[i] = static_cast<std::uint8_t>(twin::Carrier::gas);
  b.heating_year[0] = 1990;
  b.heating_year[1] = 2010;
  b.heating_year[2] = 2005;  // end of life exactly 2025: past its lifetime in the base year
  const auto r = supply::existing_systems(b, nullptr, settings_2025());
  EXPECT_EQ(r.install_year[0], 2006);
  EXPECT_EQ(r.install_year[1], 2010);
  EXPECT_EQ(r.install_year[2], 2006);
  EXPECT_EQ(r.past_lifetime, (std::vector<std::uint8_t>{1, 0, 1}));
  EXPECT_EQ(r.past_lifetime_count, 2U);
  EXPECT_EQ(r.install_years_imputed, 0U);
  for (const int year : {2025, 2030}) {
    EXPECT_EQ(r.install_year[0] + 20 > year, year == 2025) << year;  // the supply model's rule
  }
}

TEST(CensusHeatingShares, BadTablesAreRejectedNamingFileAndRow) {
  const auto dir = std::filesystem::temp_directory_path() / "heattwin_census_test";
  std::filesystem::create_directories(dir);
  std::string text;
  {
    std::ifstream in(CENSUS_CSV);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  auto write = [&](const std::string& name, const std::string& body) {
    const auto p = (dir / name).string();
    std::ofstream(p) << body;
    return p;
  };
  auto message_of = [](const std::string& path) {
    try {
      supply::load_census_heating_shares(path);
    } catch (const heattwin::InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  std::string big = text;
  big.replace(big.find("gas_share,0.560"), 15, "gas_share,1.560");
  EXPECT_NE(message_of(write("big.csv", big)).find("big.csv:2: gas_share must be a share"), std::string::npos)
      << message_of(write("big.csv", big));
  std::string missing = text;
  missing.erase(missing.find("oil_share"),
                missing.find('\n', missing.find("oil_share")) - missing.find("oil_share") + 1);
  EXPECT_NE(message_of(write("missing.csv", missing)).find("no row 'oil_share'"), std::string::npos);
  std::string impossible = text;  // all oil built before 1950 but only 1 % of buildings that old
  impossible.replace(impossible.find("built_before_1950_share,0.515"), 29, "built_before_1950_share,0.010");
  EXPECT_NE(message_of(write("impossible.csv", impossible)).find("carrier probability"), std::string::npos)
      << message_of(write("impossible.csv", impossible));
  std::filesystem::remove_all(dir);
}

namespace {

/// Counts of one cell in ZENSUS_HEATING_COLUMNS order.
std::array<double, supply::ZENSUS_HEATING_COLUMNS.size()> cell_counts(double gas, double oil, double wood,
                                                                      double district, double none) {
  return {gas, oil, wood, 0.0, 0.0, 0.0, 0.0, district, none};
}

}  // namespace

TEST(ExistingSystems, CellCountsOfTheZensusGridDriveTheCarriersOfTheirBuildings) {
  const auto shares = supply::load_census_heating_shares(CENSUS_CSV);
  // Cell 0: 30 % gas, 70 % oil; cell 1: only district heat; cell 2: only "no carrier"; cell 3: no
  // usable row (state-wide shares).
  supply::CellHeatingCounts cells;
  cells.counts = {cell_counts(30, 70, 0, 0, 0), cell_counts(0, 0, 0, 12, 0), cell_counts(0, 0, 0, 0, 5),
                  cell_counts(std::nan(""), 0, 0, 0, 0)};
  twin::BuildingSet b;
  const std::size_t per_cell = 4000;
  for (std::size_t i = 0; i < 4 * per_cell; ++i) {
    const auto k = b.append_unknown("DEST" + std::to_string(i));
    b.year_of_construction[k] = 1975;
    b.grid_cell[k] = static_cast<std::uint32_t>(i / per_cell);
  }
  const auto r = supply::existing_systems(b, &shares, settings_2025(), &cells);
  std::array<std::size_t, 4> gas{}, oil{}, district{}, none{}, from_cell{};
  for (std::size_t i = 0; i < b.size(); ++i) {
    const std::size_t c = i / per_cell;
    gas[c] += r.option[i] == static_cast<std::uint8_t>(supply::IndividualOption::gas_boiler) ? 1 : 0;
    oil[c] += r.option[i] == static_cast<std::uint8_t>(supply::IndividualOption::oil_boiler) ? 1 : 0;
    district[c] += r.option[i] == static_cast<std::uint8_t>(supply::IndividualOption::district_heating) ? 1 : 0;
    none[c] += r.option[i] == supply::NO_EXISTING_SYSTEM ? 1 : 0;
    from_cell[c] += r.carrier_imputed[i] == 2 ? 1 : 0;
  }
  // Cell 0: binomial(4000, 0.3): σ = 29 buildings; 5 σ.
  EXPECT_NEAR(static_cast<double>(gas[0]), 1200.0, 145.0);
  EXPECT_EQ(gas[0] + oil[0], per_cell);
  EXPECT_EQ(from_cell[0], per_cell);
  EXPECT_EQ(district[1], per_cell);
  EXPECT_EQ(from_cell[1], per_cell);
  EXPECT_EQ(none[2], per_cell);  // drawn from the cell, but "no carrier" gives no known system
  EXPECT_EQ(from_cell[2], 0u);
  EXPECT_EQ(from_cell[3], 0u);  // the state-wide shares: some gas, some oil, the census remainder
  EXPECT_GT(gas[3], 0u);
  EXPECT_EQ(r.carriers_from_cells, 3 * per_cell);
  EXPECT_EQ(r.carriers_none_in_cell, per_cell);
  EXPECT_EQ(r.carriers_imputed, 2 * per_cell + (per_cell - none[3]));  // cell 3: all but the census remainder
  // A building with a known carrier keeps it whatever its cell says.
  twin::BuildingSet known;
  const auto k = known.append_unknown("KNOWN");
  known.grid_cell[k] = 1;
  known.heating_carrier[k] = static_cast<std::uint8_t>(twin::Carrier::oil);
  const auto kr = supply::existing_systems(known, &shares, settings_2025(), &cells);
  EXPECT_EQ(kr.option[0], static_cast<std::uint8_t>(supply::IndividualOption::oil_boiler));
  EXPECT_EQ(kr.carrier_imputed[0], 0);
}

TEST(ExistingSystems, ZensusGridRowsAreJoinedToTheTwinCells) {
  twin::ZensusGridTable t;
  t.path = "grid.csv";
  t.columns.assign(supply::ZENSUS_HEATING_COLUMNS.begin(), supply::ZENSUS_HEATING_COLUMNS.end());
  // Rows: cell (N 26891, E 43370) complete; cell (26892, 43370) with a withheld value.
  t.north_100m = {26891, 26892};
  t.east_100m = {43370, 43370};
  t.values = {1, 2, 0, 0, 0, 0, 0, 3, 0, 1, std::nan(""), 0, 0, 0, 0, 0, 0, 0};
  t.sorted_keys = {(std::uint64_t{26891} << 32) | 43370, (std::uint64_t{26892} << 32) | 43370};
  t.row_of_key = {0, 1};
  twin::Grid100m grid;
  grid.north_100m = {26891, 26892, 26893};
  grid.east_100m = {43370, 43370, 43370};
  const auto c = supply::cell_heating_counts(t, grid);
  EXPECT_EQ(c.cells_used, 1u);
  EXPECT_EQ(c.cells_withheld, 1u);
  EXPECT_EQ(c.cells_not_in_table, 1u);
  EXPECT_EQ(c.counts[0][7], 3.0);
  EXPECT_TRUE(std::isnan(c.counts[1][0]));
  EXPECT_TRUE(std::isnan(c.counts[2][0]));
}
