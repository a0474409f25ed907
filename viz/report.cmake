# Self-contained HTML report of one (scenario, year) of a results file (issue 7).
list(APPEND HEATTWIN_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/report.cpp)
