# Potentials map of the heat plan report's Potenzialanalyse (viz/potential_map.hpp).
list(APPEND HEATTWIN_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/potential_map.cpp)
