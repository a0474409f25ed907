# Unit tests of solvers/demand (paths relative to tests/).
set(HEATTWIN_TEST_SOLVERS_DEMAND_SOURCES
  unit/solvers/demand/test_bestest_validation.cpp
  unit/solvers/demand/test_calendar.cpp
  unit/solvers/demand/test_consumption.cpp
  unit/solvers/demand/test_hot_water.cpp
  unit/solvers/demand/test_hourly_5r1c.cpp
  unit/solvers/demand/test_monthly_balance.cpp
  unit/solvers/demand/test_roof_solar.cpp
  unit/solvers/demand/test_stock_model.cpp
  unit/solvers/demand/test_tabula_validation.cpp
  unit/solvers/demand/test_weather_solar.cpp
)
