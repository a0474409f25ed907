# Plants of the scenario's heat network in the heat plan report (viz/heat_plan_plants.hpp).
list(APPEND HEATTWIN_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/heat_plan_plants.cpp)
