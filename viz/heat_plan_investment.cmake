# Investment per period in the heat plan report's Umsetzungsstrategie (viz/heat_plan_investment.hpp).
list(APPEND HEATTWIN_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/heat_plan_investment.cpp)
