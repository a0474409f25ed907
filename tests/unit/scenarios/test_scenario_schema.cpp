/// The scenario schema in code (scenarios/scenario_schema.hpp): one entry per key, the parser's
/// known keys and ranges taken from it, and docs/SCENARIOS.md generated from it.

#include "scenarios/demand_run.hpp"
#include "scenarios/scenario_overrides.hpp"
#include "scenarios/scenario_schema.hpp"
#include "tests/unit/scenarios/scenario_file.hpp"
#include "twin/error.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace sc = heattwin::scenarios;
using heattwin::scenarios::test::DATA;
using heattwin::scenarios::test::RUN;
using heattwin::scenarios::test::ScenarioFile;

namespace {

std::string error_with(const std::string& text, const std::vector<sc::ScenarioOverride>& overrides = {}) {
  const ScenarioFile f(text);
  try {
    (void)sc::load_demand_scenario(f.path(), DATA, overrides);
  } catch (const heattwin::InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(ScenarioSchema, EveryKeyOnceWithTypeDocAndSaneRange) {
  std::set<std::string> seen;
  for (const sc::ScenarioKey& k : sc::scenario_keys()) {
    const std::string name = std::string(k.table) + "." + std::string(k.key);
    SCOPED_TRACE(name);
    EXPECT_TRUE(seen.insert(name).second) << "listed twice";
    EXPECT_FALSE(k.doc.empty());
    EXPECT_LE(k.min, k.max);
    if (std::isfinite(k.min) || std::isfinite(k.max)) {
      EXPECT_TRUE(k.type == sc::ScenarioKeyType::number || k.type == sc::ScenarioKeyType::integer)
          << "a checked range needs a numeric key";
    }
    // Every table a key lives in is itself a key of its parent (or a chosen name of one).
    if (!k.table.empty()) {
      const auto dot = k.table.rfind('.');
      const std::string_view parent = dot == std::string_view::npos ? std::string_view() : k.table.substr(0, dot);
      const std::string_view leaf = dot == std::string_view::npos ? k.table : k.table.substr(dot + 1);
      const sc::ScenarioKey* t = sc::find_scenario_key(parent, leaf);
      ASSERT_NE(t, nullptr) << "table [" << k.table << "] is not a key of [" << parent << "]";
      EXPECT_EQ(t->type, sc::ScenarioKeyType::table);
    }
  }
  EXPECT_GT(seen.size(), 100U);
}

TEST(ScenarioSchema, LookupMatchesChosenNames) {
  ASSERT_NE(sc::find_scenario_key("demand", "heating_setpoint_c"), nullptr);
  EXPECT_EQ(sc::find_scenario_key("demand", "heating_setpoint_c")->unit, "degC");
  EXPECT_NE(sc::find_scenario_key("network.plants.heat_pump", "kind"), nullptr);
  EXPECT_NE(sc::find_scenario_key("prices.natural_gas", "2030"), nullptr);
  EXPECT_NE(sc::find_scenario_key("technology.air_heat_pump", "carnot_share"), nullptr);
  EXPECT_EQ(sc::find_scenario_key("demand", "no_such_key"), nullptr);
  ASSERT_NE(sc::find_scenario_key("network.plants", "hp"), nullptr);  // a plant: a table of the user's name
  EXPECT_EQ(sc::find_scenario_key("network.plants", "hp")->type, sc::ScenarioKeyType::table);
  EXPECT_EQ(sc::find_scenario_key("network.plants.a.b", "kind"), nullptr);
}

TEST(ScenarioSchema, ParserTakesKnownKeysAndRangesFromTheSchema) {
  // Unknown keys in the file and in an override: file/override, table and the schema's keys.
  const std::string file_error = error_with(RUN + "[outputs]\nhourly_grids = true\n");
  EXPECT_NE(
      file_error.find(":6: unknown key 'hourly_grids' in [outputs] (allowed: hourly_grid, hourly_grid_budget_mib)"),
      std::string::npos)
      << file_error;
  const std::string set_error =
      error_with(RUN, {{"network.storage.capacity", "5"}, {"network.design", "\"densest-area\""}});
  EXPECT_NE(set_error.find("unknown key 'capacity' in [network.storage]"), std::string::npos) << set_error;
  EXPECT_NE(set_error.find("network.storage.capacity"), std::string::npos) << set_error;  // names the override
  EXPECT_NE(set_error.find(sc::scenario_keys_of("network.storage")), std::string::npos) << set_error;
  // Ranges: the schema's bounds, with the key and the unit.
  const std::string range_error = error_with(RUN + "[network]\ndesign = \"densest-area\"\nt_supply_c = 200\n");
  EXPECT_NE(range_error.find(":7: [network] 't_supply_c' must be a number between 20 and 150 degC"), std::string::npos)
      << range_error;
  const std::string plant_error =
      error_with(RUN +
                 "[network]\ndesign = \"densest-area\"\n[network.plants.boiler]\nkind = \"boiler\"\n"
                 "capacity_kw = 100\nefficiency = 1.5\n");
  EXPECT_NE(plant_error.find("[network.plants.boiler] 'efficiency' must be a number between 0.001 and 1"),
            std::string::npos)
      << plant_error;
  EXPECT_NE(error_with(RUN + "[supply_areas]\ncost_margin = -0.1\n")
                .find("[supply_areas] 'cost_margin' must be a number between 0 and 1"),
            std::string::npos);
}

TEST(ScenarioSchema, DocumentMatchesSchema) {
  const std::string doc_path = std::string(HEATTWIN_SOURCE_DATA_DIR) + "/../docs/SCENARIOS.md";
  std::ifstream in(doc_path);
  ASSERT_TRUE(in) << doc_path;
  std::ostringstream text;
  text << in.rdbuf();
  const std::string document = text.str();
  EXPECT_EQ(sc::with_scenario_keys(document, doc_path), document)
      << "docs/SCENARIOS.md's key table differs from the schema in scenarios/scenario_schema.cpp: run `heattwin "
         "scenario-keys --write docs/SCENARIOS.md`";
  EXPECT_THROW((void)sc::with_scenario_keys("# no markers\n", "x.md"), heattwin::InputError);
}
