# The network geometry of a results file's scenario (viz/results_networks.hpp).
list(APPEND HEATTWIN_TEST_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_results_networks.cpp)
