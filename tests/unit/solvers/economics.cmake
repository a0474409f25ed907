# Unit tests of solvers/economics (paths relative to tests/).
set(HEATTWIN_TEST_SOLVERS_ECONOMICS_SOURCES
  unit/solvers/economics/test_economics.cpp
  unit/solvers/economics/test_cited_costs.cpp
)
