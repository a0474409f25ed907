# Unit tests of solvers/supply (paths relative to tests/).
set(HEATTWIN_TEST_SOLVERS_SUPPLY_SOURCES
  unit/solvers/supply/test_building_heating_rules.cpp
  unit/solvers/supply/test_dispatch.cpp
  unit/solvers/supply/test_existing_systems.cpp
  unit/solvers/supply/test_heat_pump.cpp
  unit/solvers/supply/test_individual.cpp
  unit/solvers/supply/test_supply_areas.cpp
  unit/solvers/supply/test_supply_clusters.cpp
)
