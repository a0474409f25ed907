# State totals against official statistics (viz/state_plausibility.*): hand-made sums and tables,
# and the sums of the tiny results file.
list(APPEND HEATTWIN_TEST_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_state_plausibility.cpp)
