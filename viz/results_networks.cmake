# The networks a results file's scenario was computed on (/networks/<scenario>), else the twin's.
list(APPEND HEATTWIN_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/results_networks.cpp)
