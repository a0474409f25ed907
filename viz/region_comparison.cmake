# Indicators per municipality and Kreis, rankings, outliers and scenario differences (issue 18 §2,
# `heattwin compare`).
list(APPEND HEATTWIN_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/region_comparison.cpp)
