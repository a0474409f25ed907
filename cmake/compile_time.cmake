# Compile time (issue 20: the whole test suite under ASan + UBSan within CI's 30 minutes).
#
# Precompiled headers (HEATTWIN_PRECOMPILE_HEADERS) for the HeatTwin libraries, programs and test
# programs: the standard library and fmt headers nearly every translation unit
# includes, and GoogleTest in the test programs. Parsing them costs ≈ 1.3 s of every translation
# unit (≈ 2 s with GoogleTest); loading the precompiled header ≈ 0.1–0.3 s. Not for the header
# self-containment check (it must see each header alone) nor for the CGAL translation unit.
#
# Unity builds were measured too and are not used: 16 of the 67 batches of 8 (8 product and 20
# test sources) fail to compile with clashing names in anonymous namespaces, and which files share
# a batch changes whenever a file is added (docs/RELIABILITY.md, "Sanitizers").
# On by default only in the sanitizer build (-Og), where they were measured to pay: in the Release
# build (-O3) GCC 12 reports the standard library's code from a precompiled header as user code, so
# its -Wstringop-overflow false positives in std::string appear (60 warnings in tests and
# benchmarks; none without the precompiled header), which a -Werror build would fail on.
option(HEATTWIN_PRECOMPILE_HEADERS "Precompile the standard library, fmt and GoogleTest headers per target"
       ${HEATTWIN_SANITIZE})

# With precompiled headers ccache needs these sloppiness settings to cache (ccache manual,
# "Precompiled headers"); without them it compiles every object uncached, correctly but slowly.
if(HEATTWIN_PRECOMPILE_HEADERS AND CCACHE_PROGRAM)
  set(_heattwin_ccache_launcher /usr/bin/env CCACHE_SLOPPINESS=pch_defines,time_macros
                                ${CCACHE_PROGRAM})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${_heattwin_ccache_launcher})
endif()

# The headers precompiled for every target: those most translation units include (counted over
# the sources in December 2026), all of them stable system headers.
set(HEATTWIN_PRECOMPILED_HEADERS
  <algorithm> <array> <chrono> <cmath> <cstdint> <cstdio> <filesystem> <fstream> <functional> <limits>
  <map> <memory> <numeric> <optional> <set> <span> <sstream> <string> <string_view> <unordered_map>
  <utility> <vector> <fmt/format.h>)

# heattwin_speed_up_compile(<target>...): precompiled headers for each target that exists (test
# programs get GoogleTest precompiled too).
function(heattwin_speed_up_compile)
  foreach(_target IN LISTS ARGN)
    if(NOT TARGET ${_target})
      continue()
    endif()
    get_target_property(_type ${_target} TYPE)
    if(_type STREQUAL "INTERFACE_LIBRARY")
      continue()
    endif()
    if(HEATTWIN_PRECOMPILE_HEADERS)
      set(_headers ${HEATTWIN_PRECOMPILED_HEADERS})
      if(_target MATCHES "^test_")
        list(APPEND _headers <gtest/gtest.h>)
      endif()
      target_precompile_headers(${_target} PRIVATE ${_headers})
    endif()
  endforeach()
endfunction()
