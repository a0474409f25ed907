# Sources of solvers/network (paths relative to solvers/).
set(HEATTWIN_SOLVERS_NETWORK_SOURCES)
