#pragma once
/// \file Rules that attach a building's heating to the supply models: its design supply
/// temperature, the WPG §15 inventory sector of its use class and the TABULA adaptation curve of
/// its heating system. HeatTwin assumptions, documented in docs/SCENARIOS.md and docs/DEMAND.md;
/// used by the demand run (scenarios/) for every building and year.
#include "solvers/demand/consumption.hpp"
#include "solvers/economics/carriers.hpp"
#include "solvers/economics/technology.hpp"

#include <cstdint>
#include <utility>

namespace heattwin::solvers::supply {

/// Design supply temperature of a building's heating, °C (HeatTwin assumption, docs/SCENARIOS.md):
/// built from 2010: 35 °C (floor heating); refurbished or built 1995–2009: 55 °C; older: 70 °C.
double design_supply_t_c(int year_of_construction, bool refurbished);

/// WPG §15 inventory sector of a use class (twin::UseClass as its byte; HeatTwin assumption:
/// offices count as commercial, schools, hospitals, sports, culture and other public buildings as
/// public; unknown values as commercial).
economics::Sector sector_of_use(std::uint8_t use_class);

/// The TABULA adaptation curve of a heating system (solvers/demand/consumption.hpp) and its
/// delivered energy per kWh of heat: 1 / the catalogue efficiency for boilers; 1 for district
/// heat (delivered = heat at the substation), heat pumps (evaluated by their generated heat on
/// the fuel curve, as Tab.CalcAdapt derives its heat-pump curve), direct electric heating and an
/// unknown system (fuel curve). `option` is an IndividualOption as its byte (NO_EXISTING_SYSTEM
/// or any value ≥ INDIVIDUAL_OPTION_COUNT: unknown).
std::pair<demand::AdaptationCurve, double> adaptation_curve_of(std::uint8_t option,
                                                               const economics::TechnologyCatalogue& catalogue);

}  // namespace heattwin::solvers::supply
