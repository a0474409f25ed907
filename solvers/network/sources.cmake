# Sources of solvers/network (paths relative to solvers/).
set(HEATTWIN_SOLVERS_NETWORK_SOURCES
  network/epanet_inp.cpp
  network/flat_case.cpp
  network/fluid.cpp
  network/friction.cpp
  network/case_report.cpp
  network/district_heating.cpp
  network/district_heating_series.cpp
  network/dh_tree_kernel.cpp
  network/dh_feed_in.cpp
  network/network_design.cpp
  network/network_build_out.cpp
  network/pump_sizing.cpp
  network/plug_flow.cpp
  network/district_heating_plug_flow.cpp
  network/twin_network.cpp
  network/hydraulics.cpp
  network/separator_ldlt.cpp
  network/pipe_network.cpp
  network/thermal.cpp
  network/vector_exp.cpp
)

# glibc's vector exponential and logarithm (libmvec) for DhTreeKernel's marches and the pipes'
# Colebrook iterations on x86-64 (vector_exp.cpp); without it the scalar std::exp and std::log.
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  find_library(HEATTWIN_LIBMVEC mvec)
  if(HEATTWIN_LIBMVEC)
    list(APPEND HEATTWIN_SOLVERS_EXTRA_LIBRARIES mvec)
    set_source_files_properties(network/vector_exp.cpp PROPERTIES COMPILE_DEFINITIONS HEATTWIN_HAVE_LIBMVEC=1)
  endif()
endif()

# friction.cpp's array passes come in a baseline and an AVX2 variant (target_clones); without
# contraction into FMA both give the same results bit for bit.
set_source_files_properties(network/friction.cpp PROPERTIES COMPILE_OPTIONS "-ffp-contract=off")
# The tree kernel's loops with a condition vectorise only when the compiler may evaluate both
# sides (no floating-point traps are enabled anywhere; results are the same bit for bit).
set_source_files_properties(network/dh_tree_kernel.cpp PROPERTIES COMPILE_OPTIONS "-fno-trapping-math")
