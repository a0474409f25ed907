# Reader of the results file (schema 1).
list(APPEND HEATTWIN_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/results_file.cpp)
