# Sources of solvers/demand (paths relative to solvers/).
set(HEATTWIN_SOLVERS_DEMAND_SOURCES
  demand/bestest.cpp
  demand/calendar.cpp
  demand/consumption.cpp
  demand/dhw.cpp
  demand/hot_water_need.cpp
  demand/glazing.cpp
  demand/hourly_5r1c.cpp
  demand/monthly_balance.cpp
  demand/tabula_case.cpp
  demand/use_conditions.cpp
  demand/roof_solar.cpp
  demand/solar.cpp
  demand/stock_model.cpp
  demand/weather.cpp
)
# The 5R1C kernel runs in instruction-set variants (baseline, AVX2, AVX-512) chosen at run time;
# without contraction into FMA they compute the same bits (docs/DEMAND.md).
set_source_files_properties(demand/hourly_5r1c.cpp PROPERTIES COMPILE_OPTIONS "-ffp-contract=off")
