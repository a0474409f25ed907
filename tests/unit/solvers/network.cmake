# Unit tests of solvers/network (paths relative to tests/).
set(HEATTWIN_TEST_SOLVERS_NETWORK_SOURCES
  unit/solvers/network/test_case_report.cpp
  unit/solvers/network/test_district_heating.cpp
  unit/solvers/network/test_dh_tree_kernel.cpp
  unit/solvers/network/test_dh_hour_blocks.cpp
  unit/solvers/network/test_anderson_mixing.cpp
  unit/solvers/network/test_meshed_year.cpp
  unit/solvers/network/test_network_operation.cpp
  unit/solvers/network/test_network_build_out.cpp
  unit/solvers/network/test_plug_flow.cpp
  unit/solvers/network/test_epanet.cpp
  unit/solvers/network/test_hydraulics.cpp
  unit/solvers/network/test_network_design.cpp
  unit/solvers/network/test_network_validation.cpp
  unit/solvers/network/test_reliability.cpp
  unit/solvers/network/test_tree_hydraulics.cpp
)
