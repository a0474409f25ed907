// The base year's heating systems: census shares by construction period (Bayes on the published
// shares), imputation counts, installation years, determinism by building id, table errors.

#include "solvers/supply/existing_systems.hpp"
#include "twin/error.hpp"
#include "twin/types.hpp"

#include <gtest/gtest.h>

#include <algorithm>
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
  EXPECT_EQ(r.install_year[3], 1998);
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
