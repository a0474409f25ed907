# GeoPackage of results (viz/gpkg_results.hpp) on a tiny twin and results file written in the test.
list(APPEND HEATTWIN_TEST_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/tiny_results.cpp ${CMAKE_CURRENT_LIST_DIR}/test_gpkg_results.cpp)
list(APPEND HEATTWIN_TEST_VIZ_LIBRARIES GDAL::GDAL)  # the tests read the GeoPackage and PNG back with GDAL
