# Sources of solvers/economics (paths relative to solvers/).
set(HEATTWIN_SOLVERS_ECONOMICS_SOURCES
  economics/annuity.cpp
  economics/carriers.cpp
  economics/lcoh.cpp
  economics/technology.cpp
)
