#pragma once
/// \file The calendar of a demand run: dates, weekdays and the public holidays of Sachsen-Anhalt,
/// and the day type of every day of a weather year mapped onto a calendar year.
///
/// Public holidays: Gesetz über die Sonn- und Feiertage des Landes Sachsen-Anhalt (FeiertG LSA)
/// §2 "Staatlich anerkannte Feiertage": Neujahr, Heilige Drei Könige (6 Jan), Karfreitag,
/// Ostermontag, 1. Mai, Christi Himmelfahrt, Pfingstmontag, Tag der Deutschen Einheit (3 Oct),
/// Reformationstag (31 Oct), 1. and 2. Weihnachtsfeiertag (no. 10 of the list is repealed).
/// Text checked at https://www.anwalt24.de/gesetze/feiertg_lsa/2 (see docs/DEMAND.md). The
/// movable feasts follow Easter Sunday of the Gregorian calendar (anonymous Gregorian computus,
/// "Meeus/Jones/Butcher"): Karfreitag −2 d, Ostermontag +1 d, Himmelfahrt +39 d, Pfingstmontag +50 d.
///
/// Weather years (TRY, EPW) are "typical" years of 8760 hours without a year of their own (a TRY
/// is assembled from months of different years; the readers drop 29 February, see weather.hpp).
/// Day d of the weather year keeps its month and day of month and is placed in the calendar
/// year: weather 1 March is 1 March of the calendar year and takes that date's weekday. In a
/// leap calendar year 29 February is therefore left out (the weather has no such day): the
/// weekdays jump from 28 February to 1 March by two, and the year's 366th day is not simulated.
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace heattwin::solvers::demand {

/// A date of the Gregorian calendar.
struct CalendarDate {
  int year = 2025;
  int month = 1;  ///< 1..12
  int day = 1;    ///< 1..days_in_month
  friend bool operator==(const CalendarDate&, const CalendarDate&) = default;
};

/// First and last year the calendar functions accept (the Gregorian calendar began in 1582).
inline constexpr int FIRST_CALENDAR_YEAR = 1583, LAST_CALENDAR_YEAR = 9999;

/// Whether `year` has 29 February (Gregorian rule).
bool is_leap_year(int year);

/// Days of `month` (1..12) in `year`. Throws InputError for a month outside 1..12.
int days_in_month(int year, int month);

/// ISO weekday of a date: 1 = Monday … 7 = Sunday. Throws InputError for an invalid date.
int iso_weekday(const CalendarDate& date);

/// Easter Sunday of `year` (Gregorian computus). Throws InputError outside
/// FIRST_CALENDAR_YEAR..LAST_CALENDAR_YEAR.
CalendarDate easter_sunday(int year);

/// A public holiday: its date and German name.
struct PublicHoliday {
  CalendarDate date;
  std::string_view name;
};

/// The 11 public holidays of Sachsen-Anhalt in `year` (FeiertG LSA §2), in date order.
std::vector<PublicHoliday> sachsen_anhalt_public_holidays(int year);

/// What kind of day a date is for use schedules. A public holiday on a Sunday is a holiday.
enum class DayType : std::uint8_t { workday = 0, saturday = 1, sunday = 2, holiday = 3 };

/// The days on which a use is in operation.
enum class UsageDays : std::uint8_t {
  all_days = 0,           ///< every day, holidays included
  monday_to_friday = 1,   ///< workdays only (not Saturday, Sunday, public holidays)
  monday_to_saturday = 2  ///< workdays and Saturdays (not Sunday, public holidays)
};

/// Whether a use with `usage` operates on a day of type `type`.
constexpr bool is_usage_day(DayType type, UsageDays usage) {
  switch (usage) {
    case UsageDays::all_days:
      return true;
    case UsageDays::monday_to_friday:
      return type == DayType::workday;
    case UsageDays::monday_to_saturday:
      return type == DayType::workday || type == DayType::saturday;
  }
  return true;
}

/// Name of a UsageDays value as written in scenario files ("all_days", "monday_to_friday",
/// "monday_to_saturday").
std::string_view usage_days_name(UsageDays usage);

/// The day type of every day of a weather year placed in `calendar_year` (see the file comment):
/// one entry per 24 hours, taken from the month and day of month of the day's first hour.
/// `month` and `day` are the weather's per-hour columns (HourlyWeather::month/day), of equal
/// length, a multiple of 24. Throws InputError naming the hour if a day's date does not exist in
/// the calendar year or the year is out of range. O(hours).
std::vector<DayType> weather_day_types(std::span<const int> month, std::span<const int> day, int calendar_year);

}  // namespace heattwin::solvers::demand
