# The potentials of a run's [data] potentials layer in the heat plan report (viz/potential_layer_table.hpp).
list(APPEND HEATTWIN_TEST_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_potential_layer_table.cpp)
# Their map (viz/potential_map.hpp): placed per municipality, symbols sized by MWh/a, legend.
list(APPEND HEATTWIN_TEST_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_potential_map.cpp)
