# PNG heat density maps (viz/maps.hpp), read back with GDAL; uses tiny_results.cpp of gpkg_results.cmake.
list(APPEND HEATTWIN_TEST_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_maps.cpp)
