# The cost assumptions (Kostenannahmen) and the measured vs. estimated system sizes of the heat plan
# report (viz/cost_assumptions_table.hpp, viz/system_power_table.hpp; issue 16).
list(APPEND HEATTWIN_TEST_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_planners_data_tables.cpp)
