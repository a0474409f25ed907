# Sources of solvers/demand (paths relative to solvers/).
set(HEATTWIN_SOLVERS_DEMAND_SOURCES)
