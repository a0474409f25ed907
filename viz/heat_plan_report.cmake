# The heat plan report of every year of a results file, per municipality (issue 15 §1).
list(APPEND HEATTWIN_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/heat_plan_report.cpp)
# Its PDF, printed by headless Chromium (viz/pdf_print.hpp).
list(APPEND HEATTWIN_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/pdf_print.cpp)
