# The region comparison as a GeoPackage (municipality and Kreis polygons; `heattwin compare --gpkg`).
list(APPEND HEATTWIN_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/region_comparison_gpkg.cpp)
list(APPEND HEATTWIN_VIZ_LIBRARIES GDAL::GDAL)
