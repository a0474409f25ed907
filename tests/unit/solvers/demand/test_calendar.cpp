/// The calendar of a demand run: Gregorian Easter, weekdays, the public holidays of
/// Sachsen-Anhalt (FeiertG LSA §2) and the placing of a weather year's days in a calendar year.

#include "solvers/demand/calendar.hpp"
#include "twin/error.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace dm = heattwin::solvers::demand;

namespace {

/// Month and day columns of a 365-day weather year (no 29 February), 24 hours per day.
void weather_dates(std::vector<int>& month, std::vector<int>& day) {
  month.clear();
  day.clear();
  for (int m = 1; m <= 12; ++m) {
    for (int d = 1; d <= dm::days_in_month(2025, m); ++d) {
      for (int h = 0; h < 24; ++h) {
        month.push_back(m);
        day.push_back(d);
      }
    }
  }
}

}  // namespace

TEST(Calendar, EasterSundayByTheGregorianComputus) {
  // Cross-checked with python-dateutil's easter() (an independent implementation of the computus).
  EXPECT_EQ(dm::easter_sunday(2024), (dm::CalendarDate{2024, 3, 31}));
  EXPECT_EQ(dm::easter_sunday(2025), (dm::CalendarDate{2025, 4, 20}));
  EXPECT_EQ(dm::easter_sunday(2026), (dm::CalendarDate{2026, 4, 5}));
  EXPECT_EQ(dm::easter_sunday(2038), (dm::CalendarDate{2038, 4, 25}));  // latest possible date
  EXPECT_EQ(dm::easter_sunday(2008), (dm::CalendarDate{2008, 3, 23}));
  EXPECT_EQ(dm::easter_sunday(1818), (dm::CalendarDate{1818, 3, 22}));  // earliest possible date
  EXPECT_EQ(dm::easter_sunday(2000), (dm::CalendarDate{2000, 4, 23}));
  EXPECT_EQ(dm::easter_sunday(2045), (dm::CalendarDate{2045, 4, 9}));
  // Always a Sunday between 22 March and 25 April.
  for (int year = 1900; year <= 2200; ++year) {
    const auto e = dm::easter_sunday(year);
    EXPECT_EQ(dm::iso_weekday(e), 7) << year;
    EXPECT_TRUE((e.month == 3 && e.day >= 22) || (e.month == 4 && e.day <= 25)) << year;
  }
  EXPECT_THROW((void)dm::easter_sunday(1500), heattwin::InputError);
}

TEST(Calendar, WeekdayOfFirstJanuary) {
  EXPECT_EQ(dm::iso_weekday({2000, 1, 1}), 6);   // Saturday
  EXPECT_EQ(dm::iso_weekday({2023, 1, 1}), 7);   // Sunday
  EXPECT_EQ(dm::iso_weekday({2024, 1, 1}), 1);   // Monday
  EXPECT_EQ(dm::iso_weekday({2025, 1, 1}), 3);   // Wednesday
  EXPECT_EQ(dm::iso_weekday({2026, 1, 1}), 4);   // Thursday
  EXPECT_EQ(dm::iso_weekday({2045, 1, 1}), 7);   // Sunday
  EXPECT_EQ(dm::iso_weekday({1970, 1, 1}), 4);   // Thursday
  EXPECT_EQ(dm::iso_weekday({2024, 2, 29}), 4);  // Thursday (leap day)
  EXPECT_TRUE(dm::is_leap_year(2000));
  EXPECT_FALSE(dm::is_leap_year(2100));
  EXPECT_TRUE(dm::is_leap_year(2024));
  EXPECT_THROW((void)dm::iso_weekday({2025, 2, 29}), heattwin::InputError);
  EXPECT_THROW((void)dm::iso_weekday({2025, 13, 1}), heattwin::InputError);
}

TEST(Calendar, PublicHolidaysOfSachsenAnhalt2025) {
  // FeiertG LSA §2; the 2025 dates as published (e.g. feiertage-brueckentage-ferien.de).
  const auto days = dm::sachsen_anhalt_public_holidays(2025);
  const std::vector<dm::CalendarDate> expected = {
      {2025, 1, 1}, {2025, 1, 6},  {2025, 4, 18},  {2025, 4, 21},  {2025, 5, 1},   {2025, 5, 29},
      {2025, 6, 9}, {2025, 10, 3}, {2025, 10, 31}, {2025, 12, 25}, {2025, 12, 26},
  };
  ASSERT_EQ(days.size(), expected.size());
  for (std::size_t k = 0; k < days.size(); ++k) EXPECT_EQ(days[k].date, expected[k]) << days[k].name;
  EXPECT_EQ(days[2].name, "Karfreitag");
  EXPECT_EQ(days[8].name, "Reformationstag");
  // 2008: Christi Himmelfahrt fell on 1 May; both stay in the list.
  const auto y2008 = dm::sachsen_anhalt_public_holidays(2008);
  EXPECT_EQ(std::count_if(y2008.begin(), y2008.end(),
                          [](const dm::PublicHoliday& p) {
                            return p.date == dm::CalendarDate{2008, 5, 1};
                          }),
            2);
}

TEST(Calendar, WeatherDaysPlacedInTheCalendarYear) {
  std::vector<int> month, day;
  weather_dates(month, day);
  const auto t2025 = dm::weather_day_types(month, day, 2025);
  ASSERT_EQ(t2025.size(), 365u);
  EXPECT_EQ(t2025[0], dm::DayType::holiday);   // Wed 1 Jan, Neujahr
  EXPECT_EQ(t2025[1], dm::DayType::workday);   // Thu 2 Jan
  EXPECT_EQ(t2025[3], dm::DayType::saturday);  // Sat 4 Jan
  EXPECT_EQ(t2025[4], dm::DayType::sunday);    // Sun 5 Jan
  EXPECT_EQ(t2025[5], dm::DayType::holiday);   // Mon 6 Jan, Heilige Drei Könige
  const auto count = [](const std::vector<dm::DayType>& t, dm::DayType x) { return std::count(t.begin(), t.end(), x); };
  // 2025 starts on a Wednesday: 52 Saturdays, 52 Sundays; its 11 holidays all fall on Monday–Friday.
  EXPECT_EQ(count(t2025, dm::DayType::holiday), 11);
  EXPECT_EQ(count(t2025, dm::DayType::saturday), 52);
  EXPECT_EQ(count(t2025, dm::DayType::sunday), 52);
  EXPECT_EQ(count(t2025, dm::DayType::workday), 365 - 11 - 104);
  // 2024 is a leap year: weather 1 March is Friday 1 March 2024; 29 February is skipped, so
  // weather 28 Feb (Wednesday) is followed by a Friday.
  const auto t2024 = dm::weather_day_types(month, day, 2024);
  EXPECT_EQ(t2024[31 + 27], dm::DayType::workday);       // Wed 28 Feb
  EXPECT_EQ(t2024[31 + 28], dm::DayType::workday);       // Fri 1 Mar
  EXPECT_EQ(t2024[31 + 29], dm::DayType::saturday);      // Sat 2 Mar
  EXPECT_EQ(t2024[31 + 28 + 28], dm::DayType::holiday);  // Fri 29 Mar 2024, Karfreitag
  // Errors: wrong length, a date the calendar year does not have.
  EXPECT_THROW((void)dm::weather_day_types(std::vector<int>(25, 1), std::vector<int>(25, 1), 2025),
               heattwin::InputError);
  auto bad_day = day;
  bad_day[24 * 40] = 30;  // "30 February"
  EXPECT_THROW((void)dm::weather_day_types(month, bad_day, 2025), heattwin::InputError);
  EXPECT_THROW((void)dm::weather_day_types(month, day, 1200), heattwin::InputError);
}

TEST(Calendar, UsageDayRules) {
  using dm::DayType;
  using dm::UsageDays;
  EXPECT_TRUE(dm::is_usage_day(DayType::holiday, UsageDays::all_days));
  EXPECT_TRUE(dm::is_usage_day(DayType::workday, UsageDays::monday_to_friday));
  EXPECT_FALSE(dm::is_usage_day(DayType::saturday, UsageDays::monday_to_friday));
  EXPECT_FALSE(dm::is_usage_day(DayType::holiday, UsageDays::monday_to_friday));
  EXPECT_TRUE(dm::is_usage_day(DayType::saturday, UsageDays::monday_to_saturday));
  EXPECT_FALSE(dm::is_usage_day(DayType::sunday, UsageDays::monday_to_saturday));
  EXPECT_FALSE(dm::is_usage_day(DayType::holiday, UsageDays::monday_to_saturday));
}
