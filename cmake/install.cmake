# Installing HeatTwin as a package others build on (issue 19 §4): the four libraries with their
# headers (repo-rooted include paths, `#include "twin/building_set.hpp"`), the `heattwin` program
# (bin/heattwin and libexec/heattwin-full: app/CMakeLists.txt),
# the shipped data/ tables under <prefix>/share/heattwin (found there at run time,
# twin/data_dir.hpp), and HeatTwinConfig.cmake with the targets HeatTwin::twin, ::solvers,
# ::scenarios and ::viz. Tested by tests/package (a consumer project built against an install).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(HEATTWIN_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/HeatTwin" CACHE STRING
    "Where HeatTwinConfig.cmake is installed (relative to the prefix)")
set(HEATTWIN_INSTALL_DATADIR "${CMAKE_INSTALL_DATADIR}/heattwin")
set(_heattwin_libraries heattwin_twin heattwin_solvers heattwin_scenarios heattwin_viz)

# Position-independent code, so that the static libraries link into shared objects: the Python
# module (python/) and other programs' plug-ins. Costs nothing measurable on x86-64.
foreach(_lib IN LISTS _heattwin_libraries)
  string(REPLACE "heattwin_" "" _name ${_lib})
  set_target_properties(${_lib} PROPERTIES POSITION_INDEPENDENT_CODE ON EXPORT_NAME ${_name})
endforeach()
# Linked PRIVATE by every library, so part of the export: static libraries pass their private
# link options (the sanitizers of HEATTWIN_SANITIZE) on to whoever links them.
set_target_properties(heattwin_build_flags PROPERTIES EXPORT_NAME build_flags)

install(TARGETS ${_heattwin_libraries} heattwin_build_flags
        EXPORT HeatTwinTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(EXPORT HeatTwinTargets NAMESPACE HeatTwin:: DESTINATION ${HEATTWIN_INSTALL_CMAKEDIR})

# Public headers keep their repo-rooted paths. *_toml.hpp are internal to scenarios/ (toml++ is
# private there).
foreach(_dir twin solvers scenarios viz)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${_dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/${_dir}
          FILES_MATCHING PATTERN "*.hpp" PATTERN "*_toml.hpp" EXCLUDE)
endforeach()
install(FILES ${PROJECT_BINARY_DIR}/generated/heattwin/version_info.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/heattwin)

# The tables the libraries and the program read at run time. data/reference (published test
# cases, 14 MB) stays in the repository.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/data/ DESTINATION ${HEATTWIN_INSTALL_DATADIR}
        PATTERN "reference" EXCLUDE)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/HeatTwinConfig.cmake.in
  ${PROJECT_BINARY_DIR}/HeatTwinConfig.cmake
  INSTALL_DESTINATION ${HEATTWIN_INSTALL_CMAKEDIR}
  PATH_VARS HEATTWIN_INSTALL_DATADIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/HeatTwinConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/HeatTwinConfig.cmake ${PROJECT_BINARY_DIR}/HeatTwinConfigVersion.cmake
        DESTINATION ${HEATTWIN_INSTALL_CMAKEDIR})
