# Unit tests of solvers/network (paths relative to tests/).
set(HEATTWIN_TEST_SOLVERS_NETWORK_SOURCES)
