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
  network/pipe_network.cpp
  network/thermal.cpp
)

