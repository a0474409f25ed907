# VTK export: files are read back with VTK's own XML readers.
if(HEATTWIN_WITH_VTK)
  list(APPEND HEATTWIN_TEST_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_vtk_export.cpp)
  list(APPEND HEATTWIN_TEST_VIZ_LIBRARIES VTK::CommonCore VTK::CommonDataModel VTK::IOXML)
endif()
