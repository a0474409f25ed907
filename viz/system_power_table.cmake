# Measured vs. estimated system sizes in the heat plan's Bestandsanalyse (issue 16).
list(APPEND HEATTWIN_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/system_power_table.cpp)
