#pragma once
/// \file From the twin's buildings and a weather year to the inputs of the hourly 5R1C kernel.
///
/// Every heated building with a floor area and an envelope (measured, from geometry or from the
/// typology, see twin/typology.hpp) becomes one zone. Walls face the twin's 8 orientation
/// sectors, windows are spread over the exposed walls in proportion to their area, roofs are
/// treated as horizontal. The rules and their sources are in docs/DEMAND.md.
#include "solvers/demand/calendar.hpp"
#include "solvers/demand/hourly_5r1c.hpp"
#include "solvers/demand/monthly_balance.hpp"
#include "solvers/demand/use_conditions.hpp"
#include "solvers/demand/weather.hpp"
#include "twin/building_set.hpp"

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace heattwin::solvers::demand {

/// Settings of the stock model (defaults: EN ISO 13790 / TABULA conventions, see docs/DEMAND.md).
struct StockModelSettings {
  double heating_setpoint_c = 20.0;
  double night_setback_c = 20.0;  ///< residential 22:00-06:00 (20 = no setback)
  /// Generic non-residential schedule: set point outside 07:00-18:00. Use profiles: the set
  /// point on their days without use, min(profile set point, this).
  double non_residential_setback_c = 16.0;
  bool cooling = false;  ///< ideal cooling to `cooling_setpoint_c`
  double cooling_setpoint_c = 26.0;
  double residential_gains_w_per_m2 = 3.0;      ///< TABULA/ISO 13790 national value
  double non_residential_gains_w_per_m2 = 6.0;  ///< during use hours; 20 % outside
  double frame_fraction = 0.3;                  ///< F_F
  double non_perpendicular_factor = 0.9;        ///< F_w
  double shading_factor = 0.9;                  ///< F_sh (external obstacles, ISO 13790 default order)
  double opaque_absorptance = 0.6;
  double opaque_emissivity = 0.9;
  double ground_reflectance = 0.2;
  double room_height_m = 2.5;  ///< V = A_f × this for the air change (TABULA)
  /// Day profiles (gains, heating set point) of non-residential use classes (twin::UseClass
  /// value → profile). Use classes without one take the generic non-residential schedule above.
  std::map<std::uint8_t, UseProfile> use_profiles;
  /// The calendar: the day type of each day of the weather year (weather_day_types(), 365
  /// entries), or empty for none (every day is a day of use, as a 24-hour profile repeated).
  std::vector<DayType> day_types;
  /// The days each use class with a use profile operates (twin::UseClass value → rule); classes
  /// not listed operate every day. Only read when `day_types` is set.
  std::map<std::uint8_t, UsageDays> usage_days;
};

/// The days each non-residential use class with a use profile operates: a HeatTwin assumption
/// (the TEASER/DIN V 18599-10 day profiles say how a day of use looks, not which days are days
/// of use; DIN V 18599-10's annual usage days could not be checked against a stored source).
/// Offices, public administration, schools, industry and storage Monday to Friday; retail Monday
/// to Saturday; hospitals, hotels/restaurants, agriculture, sports and culture every day. Public
/// holidays count as Sundays. See docs/DEMAND.md.
std::map<std::uint8_t, UsageDays> default_usage_days();

/// The kernel's inputs for a set of buildings, with the twin index of each zone.
struct StockModel {
  Rc5Buildings buildings;
  Rc5Schedules schedules;
  std::vector<std::uint32_t> twin_index;      ///< zone k is twin building twin_index[k]
  std::size_t skipped_unheated = 0;           ///< use class unheated or no floor area
  std::size_t skipped_no_envelope = 0;        ///< a U value or the window area unknown
  std::size_t capped_opaque_conductance = 0;  ///< H_op capped at 0.95 × 9.1 A_m (envelope ≫ floor area)
};

/// Channels of StockModel solar apertures: 8 vertical sectors (N, NE, …, NW), the horizontal
/// and the long-wave sky exchange.
inline constexpr std::size_t STOCK_SOLAR_CHANNELS = 10;

/// Builds the zones of the buildings `selection` (all if empty). The region of a zone is its
/// building's municipality index (twin::NO_INDEX if none).
StockModel build_stock_model(const twin::BuildingSet& buildings, const std::vector<std::uint32_t>& selection,
                             const StockModelSettings& settings = {});

/// Hourly outdoor temperature, ground temperature and the STOCK_SOLAR_CHANNELS channels for a
/// weather year (Perez sky on each sector).
Rc5Climate stock_climate(const HourlyWeather& weather, const StockModelSettings& settings = {});

/// The 12 calendar months of a weather year for the monthly balance: hours, mean outdoor
/// temperature, and irradiation on the horizontal and the 8 vertical sectors (Perez sky, as for
/// the hourly model).
MonthlyClimate stock_monthly_climate(const HourlyWeather& weather, const StockModelSettings& settings = {});

/// The same zones for the monthly balance (EN ISO 13790 §12/§13): H_tr = H_tr,w + H_op, the
/// schedules' time-averaged set point and internal gains, the hourly model's solar apertures
/// of the 8 sectors and the roof. The long-wave sky exchange of the hourly model is not part of
/// the monthly method here.
MonthlyBuildingInputs stock_monthly_inputs(const StockModel& model);

/// The same, with each schedule's set point and gains averaged per calendar month (`hour_month`:
/// the month 1..12 of every hour of the schedules, e.g. HourlyWeather::month): the monthly
/// balance then sees the hourly model's calendar month by month (a month with more weekends or
/// holidays gets the lower set point and gains of its days without use), as DIN V 18599-2
/// weights each month by its days of use. Fills MonthlyBuildingInputs::period_group (= the zone's
/// schedule), group_setpoint_c (the month's mean set point) and group_gain_factor (the month's
/// mean gain fraction over the annual mean) for the 12 periods of stock_monthly_climate().
/// Throws InputError if `hour_month` does not match the schedules or a month has no hours.
MonthlyBuildingInputs stock_monthly_inputs(const StockModel& model, std::span<const int> hour_month);

}  // namespace heattwin::solvers::demand
