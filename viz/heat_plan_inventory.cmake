# Bestandsanalyse per 100 m cell, building block and street segment of the heat plan report
# (viz/heat_plan_inventory.hpp): tables, heat line density map, CSV.
list(APPEND HEATTWIN_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/heat_plan_inventory.cpp)
