# Region comparison (viz/region_comparison.*): indicators, ranks, outliers and differences on
# hand-made sums.
list(APPEND HEATTWIN_TEST_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_region_comparison.cpp)
