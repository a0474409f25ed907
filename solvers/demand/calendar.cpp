#include "solvers/demand/calendar.hpp"

#include "twin/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace heattwin::solvers::demand {
namespace {

void check_year(int year) {
  HEATTWIN_CHECK(year >= FIRST_CALENDAR_YEAR && year <= LAST_CALENDAR_YEAR,
                 "calendar: year {} is outside the Gregorian years {}..{}", year, FIRST_CALENDAR_YEAR,
                 LAST_CALENDAR_YEAR);
}

void check_date(const CalendarDate& d) {
  check_year(d.year);
  HEATTWIN_CHECK(d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= days_in_month(d.year, d.month),
                 "calendar: {:04}-{:02}-{:02} is not a date", d.year, d.month, d.day);
}

/// Days since 1970-01-01 of a proleptic Gregorian date (era arithmetic: 400-year cycles of
/// 146097 days, the year counted from 1 March so that the leap day is the last of the year).
long long serial_day(const CalendarDate& d) {
  const long long y = d.year - (d.month <= 2 ? 1 : 0);
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const long long year_of_era = y - era * 400;
  const long long m = d.month;
  const long long day_of_year = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
  const long long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

CalendarDate date_of_serial(long long z) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const long long day_of_era = z - era * 146097;
  const long long year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const long long day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const long long mp = (5 * day_of_year + 2) / 153;
  const long long day = day_of_year - (153 * mp + 2) / 5 + 1;
  const long long month = mp < 10 ? mp + 3 : mp - 9;
  const long long year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return {static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)};
}

CalendarDate plus_days(const CalendarDate& d, int days) { return date_of_serial(serial_day(d) + days); }

}  // namespace

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  HEATTWIN_CHECK(month >= 1 && month <= 12, "calendar: month {} is outside 1..12", month);
  static constexpr std::array<int, 12> DAYS = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : DAYS[static_cast<std::size_t>(month - 1)];
}

int iso_weekday(const CalendarDate& date) {
  check_date(date);
  // 1970-01-01 was a Thursday (ISO 4).
  const long long z = serial_day(date);
  const long long r = ((z % 7) + 7) % 7;  // 0 = Thursday
  return static_cast<int>((r + 3) % 7) + 1;
}

CalendarDate easter_sunday(int year) {
  check_year(year);
  // Anonymous Gregorian algorithm (Meeus, Astronomical Algorithms, ch. 8): Golden number, century
  // corrections of the lunar and solar cycles, epact and the weekday offset to the next Sunday.
  const int a = year % 19;
  const int b = year / 100, c = year % 100;
  const int d = b / 4, e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int n = h + l - 7 * m + 114;
  return {year, n / 31, n % 31 + 1};
}

std::vector<PublicHoliday> sachsen_anhalt_public_holidays(int year) {
  const CalendarDate easter = easter_sunday(year);
  std::vector<PublicHoliday> days = {
      {{year, 1, 1}, "Neujahr"},
      {{year, 1, 6}, "Heilige Drei Könige"},
      {plus_days(easter, -2), "Karfreitag"},
      {plus_days(easter, 1), "Ostermontag"},
      {{year, 5, 1}, "1. Mai"},
      {plus_days(easter, 39), "Christi Himmelfahrt"},
      {plus_days(easter, 50), "Pfingstmontag"},
      {{year, 10, 3}, "Tag der Deutschen Einheit"},
      {{year, 10, 31}, "Reformationstag"},
      {{year, 12, 25}, "1. Weihnachtsfeiertag"},
      {{year, 12, 26}, "2. Weihnachtsfeiertag"},
  };
  // Himmelfahrt can fall on 1 May (e.g. 2008): both stay in the list, in date order.
  std::stable_sort(days.begin(), days.end(), [](const PublicHoliday& x, const PublicHoliday& y) {
    return serial_day(x.date) < serial_day(y.date);
  });
  return days;
}

std::string_view usage_days_name(UsageDays usage) {
  switch (usage) {
    case UsageDays::all_days:
      return "all_days";
    case UsageDays::monday_to_friday:
      return "monday_to_friday";
    case UsageDays::monday_to_saturday:
      return "monday_to_saturday";
  }
  return "all_days";
}

std::vector<DayType> weather_day_types(std::span<const int> month, std::span<const int> day, int calendar_year) {
  check_year(calendar_year);
  HEATTWIN_CHECK(month.size() == day.size() && month.size() % 24 == 0,
                 "calendar: the weather's month and day columns have {} and {} hours, expected equal multiples of 24",
                 month.size(), day.size());
  const auto holidays = sachsen_anhalt_public_holidays(calendar_year);
  std::vector<DayType> types(month.size() / 24);
  for (std::size_t d = 0; d < types.size(); ++d) {
    const std::size_t h = 24 * d;
    const CalendarDate date{calendar_year, month[h], day[h]};
    HEATTWIN_CHECK(
        date.month >= 1 && date.month <= 12 && date.day >= 1 && date.day <= days_in_month(calendar_year, date.month),
        "calendar: weather hour {} is dated month {} day {}, which does not exist in {}", h, date.month, date.day,
        calendar_year);
    const bool holiday =
        std::any_of(holidays.begin(), holidays.end(), [&](const PublicHoliday& p) { return p.date == date; });
    const int weekday = iso_weekday(date);
    types[d] = holiday        ? DayType::holiday
               : weekday == 7 ? DayType::sunday
               : weekday == 6 ? DayType::saturday
                              : DayType::workday;
  }
  return types;
}

}  // namespace heattwin::solvers::demand
