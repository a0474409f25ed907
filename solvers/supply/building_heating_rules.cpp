#include "solvers/supply/building_heating_rules.hpp"

#include "solvers/supply/individual.hpp"
#include "twin/use_class.hpp"

namespace heattwin::solvers::supply {

double design_supply_t_c(int year_of_construction, bool refurbished) {
  if (year_of_construction >= 2010) return 35.0;
  if (refurbished || year_of_construction >= 1995) return 55.0;
  return 70.0;
}

economics::Sector sector_of_use(std::uint8_t use_class) {
  using economics::Sector;
  switch (static_cast<twin::UseClass>(use_class)) {
    case twin::UseClass::residential:
    case twin::UseClass::residential_mixed:
      return Sector::residential;
    case twin::UseClass::industry:
    case twin::UseClass::storage:
    case twin::UseClass::agriculture:
      return Sector::industry;
    case twin::UseClass::school:
    case twin::UseClass::hospital:
    case twin::UseClass::sports:
    case twin::UseClass::culture:
    case twin::UseClass::public_other:
      return Sector::public_sector;
    default:
      return Sector::commercial;
  }
}

std::pair<demand::AdaptationCurve, double> adaptation_curve_of(std::uint8_t option,
                                                               const economics::TechnologyCatalogue& catalogue) {
  using demand::AdaptationCurve;
  if (option >= INDIVIDUAL_OPTION_COUNT) return {AdaptationCurve::central_fuel_or_district_heat, 1.0};
  switch (static_cast<IndividualOption>(option)) {
    case IndividualOption::gas_boiler:
    case IndividualOption::hydrogen_boiler:
    case IndividualOption::biomass_boiler:
    case IndividualOption::oil_boiler: {
      const double efficiency =
          catalogue.value_or(option_technology(static_cast<IndividualOption>(option)), "efficiency", 1.0);
      return {AdaptationCurve::central_fuel_or_district_heat, efficiency > 0.0 ? 1.0 / efficiency : 1.0};
    }
    case IndividualOption::electric_heater:
      return {AdaptationCurve::direct_electric, 1.0};
    default:
      return {AdaptationCurve::central_fuel_or_district_heat, 1.0};
  }
}

}  // namespace heattwin::solvers::supply
