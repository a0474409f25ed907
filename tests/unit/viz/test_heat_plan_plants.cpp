// The plants of the scenario's network in the heat plan report (viz/heat_plan_plants): read from
// network/{plants,potential_plants} of a results year, shares of the plants' heat, the table in
// German and English and the potentials the network does not draw on with their reason.

#include "viz/heat_plan_plants.hpp"
#include "viz/results_file.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <iterator>
#include <string>

namespace viz = heattwin::viz;

namespace {

viz::Results year_with_plants() {
  viz::Results r;
  viz::ResultsTable plants;
  plants.id = {"potential_WH-2", "heat_pump", "peak_boiler"};
  plants.text["kind"] = {"waste_heat", "heat_pump", "boiler"};
  plants.text["potential"] = {"WH-2", "", ""};
  plants.text["potential_kind"] = {"waste_heat", "", ""};
  plants.text["junction_id"] = {"net/j22", "", ""};
  plants.columns["capacity_kw"] = {375.0, 2500.0, 7000.0};
  plants.columns["heat_mwh"] = {1500.0, 500.0, 2000.0};
  plants.columns["holds_pressure"] = {0.0, 1.0, 0.0};
  plants.columns["fed_in_mwh"] = {1499.0, 2501.0, std::nan("")};
  r.network["plants"] = plants;
  viz::ResultsTable candidates;
  candidates.id = {"WH-2", "WH-1"};
  candidates.text["kind"] = {"waste_heat", "waste_heat"};
  candidates.text["reason"] = {"", "too far: 323 m from the network (feed_in_max_distance_m = 250 m)"};
  r.network["potential_plants"] = candidates;
  return r;
}

}  // namespace

TEST(HeatPlanPlants, ReadsPlantsWithSharesAndUnusedPotentials) {
  const viz::PlanPlants p = viz::read_plan_plants(year_with_plants());
  ASSERT_EQ(p.plants.size(), 3U);
  EXPECT_EQ(p.plants[0].potential, "WH-2");
  EXPECT_EQ(p.plants[0].junction_id, "net/j22");
  EXPECT_DOUBLE_EQ(p.plants[0].share, 1500.0 / 4000.0);
  EXPECT_TRUE(p.plants[1].holds_pressure);
  ASSERT_EQ(p.unused.size(), 1U);  // WH-2 is drawn on
  EXPECT_EQ(p.unused[0].id, "WH-1");
  EXPECT_TRUE(viz::read_plan_plants(viz::Results{}).plants.empty());
}

TEST(HeatPlanPlants, TableNamesEachPlantItsSourceCapacityHeatAndShare) {
  const viz::PlanPlants p = viz::read_plan_plants(year_with_plants());
  std::string de, en;
  viz::plants_table_html(std::back_inserter(de), p, 2045, viz::Lang::de);
  viz::plants_table_html(std::back_inserter(en), p, 2045, viz::Lang::en);
  for (const char* s : {"Erzeugungsanlagen des Wärmenetzes 2045", "potential_WH-2", "WH-2 (unvermeidbare Abwärme)",
                        "Knoten net/j22", "1.500,0", "37,5 %", "hält den Druck", "zu weit vom Netz entfernt"}) {
    EXPECT_NE(de.find(s), std::string::npos) << s << "\n" << de;
  }
  for (const char* s :
       {"Plants of the heat network 2045", "WH-2 (unavoidable waste heat)", "1,500.0", "37.5 %", "too far: 323 m"}) {
    EXPECT_NE(en.find(s), std::string::npos) << s << "\n" << en;
  }
  std::string none;
  viz::plants_table_html(std::back_inserter(none), viz::PlanPlants{}, 2045, viz::Lang::de);
  EXPECT_TRUE(none.empty());
}
