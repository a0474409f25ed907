# State totals against the official statistics (issue 18 §3, `heattwin compare`).
list(APPEND HEATTWIN_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/state_plausibility.cpp)
