# Unit tests of solvers/demand (paths relative to tests/).
set(HEATTWIN_TEST_SOLVERS_DEMAND_SOURCES)
