# Sources of solvers/demand (paths relative to solvers/).
set(HEATTWIN_SOLVERS_DEMAND_SOURCES
  demand/bestest.cpp
  demand/calendar.cpp
  demand/consumption.cpp
  demand/dhw.cpp
  demand/glazing.cpp
  demand/hourly_5r1c.cpp
  demand/monthly_balance.cpp
  demand/tabula_case.cpp
  demand/use_conditions.cpp
  demand/solar.cpp
  demand/stock_model.cpp
  demand/weather.cpp
)
