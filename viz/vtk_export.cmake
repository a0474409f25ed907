# VTK XML export for ParaView (.vtu/.vtp + .pvd). VTK is included by vtk_export.cpp only: it is
# slow to compile, so no other translation unit sees its headers.
if(HEATTWIN_WITH_VTK)
  find_package(VTK 9.1 REQUIRED COMPONENTS CommonCore CommonDataModel IOXML)
  list(APPEND HEATTWIN_VIZ_SOURCES ${CMAKE_CURRENT_LIST_DIR}/vtk_export.cpp)
  list(APPEND HEATTWIN_VIZ_LIBRARIES VTK::CommonCore VTK::CommonDataModel VTK::IOXML)
endif()
