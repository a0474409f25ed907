# PNG maps of heat demand density (and the network) rasterised with GDAL (viz/maps.hpp).
list(APPEND HEATTWIN_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/maps.cpp)
list(APPEND HEATTWIN_VIZ_LIBRARIES GDAL::GDAL)
