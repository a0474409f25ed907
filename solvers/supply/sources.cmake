# Sources of solvers/supply (paths relative to solvers/).
set(HEATTWIN_SOLVERS_SUPPLY_SOURCES
  supply/building_heating_rules.cpp
  supply/dispatch.cpp
  supply/existing_systems.cpp
  supply/heat_pump.cpp
  supply/individual.cpp
  supply/supply_areas.cpp
  supply/supply_clusters.cpp
)
