// The building rules the demand run applies to every building and year (moved from scenarios/
// into solvers/supply/building_heating_rules): design supply temperature, WPG §15 sector of a
// use class, TABULA adaptation curve of a heating system.

#include "solvers/supply/building_heating_rules.hpp"
#include "solvers/supply/individual.hpp"
#include "twin/types.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ec = heattwin::solvers::economics;
namespace sp = heattwin::solvers::supply;
namespace dm = heattwin::solvers::demand;
using heattwin::twin::UseClass;

TEST(BuildingHeatingRules, DesignSupplyTemperatureByAgeAndRefurbishment) {
  EXPECT_EQ(sp::design_supply_t_c(1900, false), 70.0);  // old radiators
  EXPECT_EQ(sp::design_supply_t_c(1994, false), 70.0);
  EXPECT_EQ(sp::design_supply_t_c(1994, true), 55.0);  // refurbished: lower supply temperature
  EXPECT_EQ(sp::design_supply_t_c(1995, false), 55.0);
  EXPECT_EQ(sp::design_supply_t_c(2009, false), 55.0);
  EXPECT_EQ(sp::design_supply_t_c(2010, false), 35.0);  // floor heating
  EXPECT_EQ(sp::design_supply_t_c(2010, true), 35.0);
}

TEST(BuildingHeatingRules, SectorOfEveryUseClass) {
  const auto sector = [](UseClass u) { return sp::sector_of_use(static_cast<std::uint8_t>(u)); };
  EXPECT_EQ(sector(UseClass::residential), ec::Sector::residential);
  EXPECT_EQ(sector(UseClass::residential_mixed), ec::Sector::residential);
  EXPECT_EQ(sector(UseClass::industry), ec::Sector::industry);
  EXPECT_EQ(sector(UseClass::storage), ec::Sector::industry);
  EXPECT_EQ(sector(UseClass::agriculture), ec::Sector::industry);
  EXPECT_EQ(sector(UseClass::school), ec::Sector::public_sector);
  EXPECT_EQ(sector(UseClass::hospital), ec::Sector::public_sector);
  EXPECT_EQ(sector(UseClass::sports), ec::Sector::public_sector);
  EXPECT_EQ(sector(UseClass::culture), ec::Sector::public_sector);
  EXPECT_EQ(sector(UseClass::public_other), ec::Sector::public_sector);
  EXPECT_EQ(sector(UseClass::office), ec::Sector::commercial);
  EXPECT_EQ(sector(UseClass::retail), ec::Sector::commercial);
  EXPECT_EQ(sp::sector_of_use(255), ec::Sector::commercial);  // unknown byte
}

TEST(BuildingHeatingRules, AdaptationCurveOfHeatingSystems) {
  const ec::TechnologyCatalogue catalogue =
      ec::load_technology_catalogue(std::string(HEATTWIN_SOURCE_DATA_DIR) + "/technology/technology_defaults.csv");
  const auto of = [&](sp::IndividualOption o) {
    return sp::adaptation_curve_of(static_cast<std::uint8_t>(o), catalogue);
  };
  // Boilers: delivered energy = heat / the catalogue's efficiency, on the fuel curve.
  const double gas_efficiency = catalogue.value_or("gas_boiler", "efficiency", 0.0);
  ASSERT_GT(gas_efficiency, 0.0);
  const auto gas = of(sp::IndividualOption::gas_boiler);
  EXPECT_EQ(gas.first, dm::AdaptationCurve::central_fuel_or_district_heat);
  EXPECT_DOUBLE_EQ(gas.second, 1.0 / gas_efficiency);
  EXPECT_EQ(of(sp::IndividualOption::electric_heater).first, dm::AdaptationCurve::direct_electric);
  EXPECT_EQ(of(sp::IndividualOption::electric_heater).second, 1.0);
  EXPECT_EQ(of(sp::IndividualOption::air_heat_pump).second, 1.0);
  EXPECT_EQ(of(sp::IndividualOption::district_heating).first, dm::AdaptationCurve::central_fuel_or_district_heat);
  const auto unknown = sp::adaptation_curve_of(sp::NO_EXISTING_SYSTEM, catalogue);
  EXPECT_EQ(unknown.first, dm::AdaptationCurve::central_fuel_or_district_heat);
  EXPECT_EQ(unknown.second, 1.0);
}
