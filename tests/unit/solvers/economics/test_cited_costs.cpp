// The `verified` cost rows of the shipped catalogue are what their cited source gives: recomputed
// here from the DEA copy in data/technology/reference/ with the method of
// data/technology/PROVENANCE.md ("Cited DEA costs"), so a typo in either file fails.

#include "solvers/economics/technology.hpp"
#include "twin/csv.hpp"

#include <gtest/gtest.h>

#include <string>

namespace econ = heattwin::solvers::economics;

namespace {

const std::string TECH_DIR = std::string(HEATTWIN_SOURCE_DATA_DIR) + "/technology";
constexpr double HICP_2015_TO_2025 = 1.33580;  // Eurostat HICP (EEA) as applied by PyPSA technology-data

/// The value of the first DEA row whose technology starts with `block` and whose parameter starts
/// with `parameter`, for the unit of `size_kw`.
double dea(const heattwin::twin::CsvTable& t, const std::string& block, const std::string& size_kw,
           const std::string& parameter) {
  const std::size_t c_tech = t.column("technology"), c_size = t.column("size_kw"), c_param = t.column("parameter"),
                    c_value = t.column("value");
  for (const auto& row : t.rows) {
    if (row[c_tech].rfind(block, 0) == 0 && row[c_size] == size_kw && row[c_param].rfind(parameter, 0) == 0) {
      return std::stod(row[c_value]);
    }
  }
  ADD_FAILURE() << "no DEA row " << block << " / " << size_kw << " / " << parameter;
  return 0.0;
}

}  // namespace

TEST(CitedCosts, VerifiedRowsFollowTheDeaReference) {
  const auto catalogue = econ::load_technology_catalogue(TECH_DIR + "/technology_defaults.csv");
  const auto t = heattwin::twin::read_csv(TECH_DIR + "/reference/dea_individual_heating_2020.csv");
  struct Case {
    const char* technology;
    const char* small;
    const char* large;
    bool efficiency;
  };
  for (const Case& c : {Case{"gas_boiler", "Natural gas boiler - One-family", "Natural gas boiler - Apartment", true},
                        Case{"biomass_boiler", "Biomass boiler, automatic stoking , wood pellets or wood chips - One",
                             "Biomass boiler, automatic stoking , wood pellets or wood chips - Apartment", true},
                        Case{"air_heat_pump", "Heat pump, Air-to-water, existing one",
                             "Heat pump, Air-to-water, existing apartments", false},
                        Case{"ground_heat_pump", "Heat pump, ground source, existing one",
                             "Heat pump, Ground source, existing apartments", false}}) {
    SCOPED_TRACE(c.technology);
    const double c10 = 1000.0 * dea(t, c.small, "10", "Specific investment");
    const double c400 = 1000.0 * dea(t, c.large, "400", "Specific investment");
    const double per_kw = (c400 - c10) / 390.0;
    EXPECT_NEAR(catalogue.value(c.technology, "capex_eur_per_kw"), per_kw * HICP_2015_TO_2025, 0.05);
    EXPECT_NEAR(catalogue.value(c.technology, "capex_fixed_eur"), (c10 - 10.0 * per_kw) * HICP_2015_TO_2025, 0.5);
    EXPECT_DOUBLE_EQ(catalogue.value(c.technology, "lifetime_a"), dea(t, c.small, "10", "Technical lifetime"));
    EXPECT_NEAR(catalogue.value(c.technology, "maintenance_share_per_a"), dea(t, c.small, "10", "Fixed O&M") / c10,
                5e-5);
    if (c.efficiency) {
      EXPECT_NEAR(catalogue.value(c.technology, "efficiency"), dea(t, c.small, "10", "Heat efficiency") / 100.0, 5e-3);
    }
    for (const char* p : {"capex_eur_per_kw", "capex_fixed_eur", "lifetime_a", "maintenance_share_per_a"}) {
      EXPECT_TRUE(catalogue.parameter(c.technology, p).verified) << p;
      EXPECT_NE(catalogue.parameter(c.technology, p).source.find("DEA"), std::string::npos) << p;
    }
  }
  // Rows without a cited value stay assumptions.
  EXPECT_FALSE(catalogue.parameter("heat_substation", "capex_fixed_eur").verified);
  EXPECT_FALSE(catalogue.parameter("oil_boiler", "capex_eur_per_kw").verified);
}
