# The cost assumptions of a run (/meta/technology) as a table of the heat plan report (issue 16).
list(APPEND HEATTWIN_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/cost_assumptions_table.cpp)
