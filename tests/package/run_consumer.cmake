# ctest package_consumer (cmake -P): installs the built HeatTwin into a prefix in the build tree,
# configures and builds tests/package/consumer against it with find_package(HeatTwin), runs it,
# and runs the installed `heattwin` on the consumer's twin. Rebuilds nothing of HeatTwin.
# -D: BUILD_DIR (HeatTwin's build tree), WORK_DIR, CONSUMER_DIR, GENERATOR, CXX_COMPILER, LAUNCHER.
foreach(_var BUILD_DIR WORK_DIR CONSUMER_DIR GENERATOR CXX_COMPILER)
  if(NOT DEFINED ${_var})
    message(FATAL_ERROR "run_consumer.cmake: -D${_var}=… is required")
  endif()
endforeach()
# The installed package must find its own data, not the caller's.
unset(ENV{HEATTWIN_DATA_DIR})

set(_prefix ${WORK_DIR}/prefix)
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${_prefix}
                OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
foreach(_file lib/cmake/HeatTwin/HeatTwinConfig.cmake lib/cmake/HeatTwin/HeatTwinConfigVersion.cmake
              include/twin/building_set.hpp include/scenarios/demand_run.hpp include/heattwin/version_info.hpp
              share/heattwin/regions/sachsen_anhalt_municipalities.csv bin/heattwin
              libexec/heattwin-full)
  if(NOT EXISTS ${_prefix}/${_file})
    message(FATAL_ERROR "the install lacks ${_file}")
  endif()
endforeach()
if(EXISTS ${_prefix}/include/scenarios/network_toml.hpp OR EXISTS ${_prefix}/share/heattwin/reference)
  message(FATAL_ERROR "the install holds internal headers or the reference data")
endif()

set(_launcher)
if(LAUNCHER)
  set(_launcher -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${CONSUMER_DIR} -B ${WORK_DIR}/build -G ${GENERATOR}
                        -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=${CXX_COMPILER} ${_launcher}
                        -DCMAKE_PREFIX_PATH=${_prefix}
                COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/build COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${WORK_DIR}/build/heattwin_consumer ${WORK_DIR}/run COMMAND_ERROR_IS_FATAL ANY)

# The installed program reads the consumer's twin (`info` runs in libexec/heattwin-full, started by
# bin/heattwin).
execute_process(COMMAND ${_prefix}/bin/heattwin info ${WORK_DIR}/run/twin.h5 --json
                OUTPUT_VARIABLE _info COMMAND_ERROR_IS_FATAL ANY)
string(JSON _count GET "${_info}" buildings count)
if(NOT _count EQUAL 1500)
  message(FATAL_ERROR "installed heattwin info: ${_count} buildings, expected 1500")
endif()
# The installed Python module finds the installed data.
file(GLOB _python_module ${_prefix}/lib/python3/dist-packages/heattwin/_heattwin*.so)
if(_python_module)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env PYTHONPATH=${_prefix}/lib/python3/dist-packages
                          /usr/bin/python3 -c "import heattwin; print(heattwin.default_data_dir())"
                  WORKING_DIRECTORY ${WORK_DIR} OUTPUT_VARIABLE _python_data OUTPUT_STRIP_TRAILING_WHITESPACE
                  COMMAND_ERROR_IS_FATAL ANY)
  if(NOT _python_data STREQUAL "${_prefix}/share/heattwin")
    message(FATAL_ERROR "the installed Python module's data folder is '${_python_data}', expected ${_prefix}/share/heattwin")
  endif()
endif()
message(STATUS "package_consumer: installed, built against and ran HeatTwin from ${_prefix}")
