# Plants of the network in the heat plan report (viz/heat_plan_plants.hpp), on tables built in the test.
list(APPEND HEATTWIN_TEST_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_heat_plan_plants.cpp)
