# GeoPackage of one (scenario, year) for QGIS: heat density per 100 m cell, heat line density per
# street segment, network pipes, optional buildings (viz/gpkg_results.hpp, viz/heat_indicators.hpp).
list(APPEND HEATTWIN_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/heat_indicators.cpp ${CMAKE_CURRENT_LIST_DIR}/gpkg_results.cpp)
list(APPEND HEATTWIN_VIZ_LIBRARIES Boost::headers GDAL::GDAL)
