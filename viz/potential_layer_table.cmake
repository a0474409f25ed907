# The potentials of the run's [data] potentials layer in the heat plan report (issue 16 §2, issue 15 §1).
list(APPEND HEATTWIN_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/potential_layer_table.cpp)
