# The "Solarpotenzial Dachflächen" table of the heat plan report (issue 22 §2).
list(APPEND HEATTWIN_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/solar_potential.cpp)
