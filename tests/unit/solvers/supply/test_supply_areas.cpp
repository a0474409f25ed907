// Supply-area classification on constructed areas whose answer is clear.

#include "solvers/supply/supply_areas.hpp"
#include "twin/error.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace supply = heattwin::solvers::supply;

namespace {
struct Area {
  double demand_mwh, area_ha, route_m, lcoh_net, lcoh_ind;
  std::uint8_t network, source, gas, h2;
};

supply::SupplyAreaResult classify(const std::vector<Area>& areas, std::vector<std::vector<double>>& d,
                                  std::vector<std::vector<std::uint8_t>>& f) {
  d.assign(5, {});
  f.assign(4, {});
  for (const Area& a : areas) {
    d[0].push_back(a.demand_mwh);
    d[1].push_back(a.area_ha);
    d[2].push_back(a.route_m);
    d[3].push_back(a.lcoh_net);
    d[4].push_back(a.lcoh_ind);
    f[0].push_back(a.network);
    f[1].push_back(a.source);
    f[2].push_back(a.gas);
    f[3].push_back(a.h2);
  }
  return supply::classify_supply_areas({d[0], d[1], d[2], d[3], d[4], f[0], f[1], f[2], f[3]});
}

bool has_reason(const std::string& reasons, const std::string& code) {
  return (";" + reasons + ";").find(";" + code + ";") != std::string::npos;
}
}  // namespace

TEST(SupplyAreas, ConstructedCases) {
  const std::vector<Area> areas = {
      // 0 dense old town: 600 MWh/(ha·a), 3 MWh/(m·a), network clearly cheaper, waste heat nearby.
      {6000, 10, 2000, 120, 180, 0, 1, 1, 0},
      // 1 rural hamlet: 30 MWh/(ha·a), 0.3 MWh/(m·a), network dearer, no gas grid.
      {300, 10, 1000, 250, 150, 0, 0, 0, 0},
      // 2 mixed quarter: 250 MWh/(ha·a), 1.0 MWh/(m·a), equal cost → network and individual both likely.
      {2500, 10, 2500, 160, 160, 0, 1, 0, 0},
      // 3 dense but spread-out route (0.5 MWh/(m·a)), equal cost, gas grid with hydrogen plan.
      {5000, 10, 10000, 160, 160, 0, 1, 1, 1},
      // 4 existing network in a medium quarter, equal cost.
      {2000, 10, 1500, 150, 150, 1, 0, 1, 0},
  };
  std::vector<std::vector<double>> d;
  std::vector<std::vector<std::uint8_t>> f;
  const supply::SupplyAreaResult r = classify(areas, d, f);
  using T = supply::SupplyAreaType;
  using S = supply::Suitability;
  auto type = [&](std::size_t i) { return static_cast<T>(r.type[i]); };
  auto net = [&](std::size_t i) { return static_cast<S>(r.heat_network_grade[i]); };
  auto dec = [&](std::size_t i) { return static_cast<S>(r.decentralised_grade[i]); };
  auto h2 = [&](std::size_t i) { return static_cast<S>(r.hydrogen_grade[i]); };

  EXPECT_EQ(type(0), T::heat_network);
  EXPECT_EQ(net(0), S::very_likely);
  EXPECT_EQ(dec(0), S::very_unlikely);
  EXPECT_EQ(h2(0), S::unlikely);
  EXPECT_DOUBLE_EQ(r.heat_density_mwh_per_ha_a[0], 600.0);
  EXPECT_DOUBLE_EQ(r.line_density_mwh_per_m_a[0], 3.0);
  EXPECT_TRUE(has_reason(r.reasons[0], "HD_BAND_4") && has_reason(r.reasons[0], "COST_NETWORK_LOWER")) << r.reasons[0];

  EXPECT_EQ(type(1), T::decentralised);
  EXPECT_EQ(net(1), S::very_unlikely);
  EXPECT_EQ(dec(1), S::very_likely);
  EXPECT_EQ(h2(1), S::very_unlikely);
  EXPECT_TRUE(has_reason(r.reasons[1], "HD_BAND_1") && has_reason(r.reasons[1], "LD_LOW") &&
              has_reason(r.reasons[1], "NO_GAS_GRID"))
      << r.reasons[1];

  EXPECT_EQ(type(2), T::test_area);
  EXPECT_EQ(net(2), S::likely);
  EXPECT_EQ(dec(2), S::likely);
  EXPECT_TRUE(has_reason(r.reasons[2], "TIE") && has_reason(r.reasons[2], "COST_EQUAL")) << r.reasons[2];

  EXPECT_EQ(type(3), T::hydrogen_network);
  EXPECT_EQ(h2(3), S::likely);
  EXPECT_EQ(net(3), S::unlikely);  // line density caps it
  EXPECT_EQ(dec(3), S::unlikely);  // dense
  EXPECT_TRUE(has_reason(r.reasons[3], "H2_PLAN") && has_reason(r.reasons[3], "LD_LOW")) << r.reasons[3];

  EXPECT_EQ(type(4), T::heat_network);  // band 3 (likely) + existing network → very likely
  EXPECT_EQ(net(4), S::very_likely);
  EXPECT_TRUE(has_reason(r.reasons[4], "NETWORK_EXISTS")) << r.reasons[4];

  EXPECT_EQ(r.count_by_type[static_cast<std::size_t>(T::heat_network)], 2u);
  EXPECT_EQ(r.count_by_type[static_cast<std::size_t>(T::test_area)], 1u);
  EXPECT_EQ(supply::supply_area_type_name(T::decentralised), "decentralised");
  EXPECT_EQ(supply::suitability_name(S::likely), "likely_suited");
}

TEST(SupplyAreas, ThresholdsAreParameters) {
  // The same mixed quarter becomes a network area when the band for networks in existing stock
  // starts lower and the route is denser.
  std::vector<double> demand = {2500}, area = {10}, route = {1000}, net = {160}, ind = {160};
  std::vector<std::uint8_t> no = {0}, yes = {1};
  supply::SupplyAreaThresholds t;
  const auto base = supply::classify_supply_areas({demand, area, route, net, ind, no, yes, no, no}, t);
  EXPECT_EQ(static_cast<supply::SupplyAreaType>(base.type[0]), supply::SupplyAreaType::test_area);
  t.density_band_3_mwh_per_ha_a = 200.0;
  const auto lower = supply::classify_supply_areas({demand, area, route, net, ind, no, yes, no, no}, t);
  EXPECT_EQ(static_cast<supply::SupplyAreaType>(lower.type[0]), supply::SupplyAreaType::heat_network);
}

TEST(SupplyAreas, CumulativeCo2DecidesAtEqualCost) {
  // The mixed quarter of the constructed cases (a tie at equal cost) with cumulative emissions.
  std::vector<double> demand = {2500, 2500}, area = {10, 10}, route = {2500, 2500}, net = {160, 160}, ind = {160, 160};
  std::vector<std::uint8_t> no = {0, 0}, yes = {1, 1};
  std::vector<double> co2_net = {500, 1500}, co2_ind = {1000, 1000};
  supply::SupplyAreaInput in{demand, area, route, net, ind, no, yes, no, no};
  const auto without = supply::classify_supply_areas(in);
  EXPECT_EQ(static_cast<supply::SupplyAreaType>(without.type[0]), supply::SupplyAreaType::test_area);
  in.co2_network_t = co2_net;
  in.co2_individual_t = co2_ind;
  const auto with = supply::classify_supply_areas(in);
  EXPECT_EQ(static_cast<supply::SupplyAreaType>(with.type[0]), supply::SupplyAreaType::heat_network);
  EXPECT_EQ(static_cast<supply::SupplyAreaType>(with.type[1]), supply::SupplyAreaType::decentralised);
  EXPECT_NE(with.reasons[0].find("CO2_NETWORK_LOWER"), std::string::npos) << with.reasons[0];
  std::vector<double> one = {1};
  in.co2_individual_t = one;
  EXPECT_THROW(supply::classify_supply_areas(in), heattwin::InputError);
}

TEST(SupplyAreas, BadInputNamesTheArea) {
  std::vector<double> demand = {100, 100, 100}, area = {1, 1, 0}, route = {0, 0, 0}, net = {0, 0, 0}, ind = {0, 0, 0};
  std::vector<std::uint8_t> z = {0, 0, 0};
  try {
    supply::classify_supply_areas({demand, area, route, net, ind, z, z, z, z});
    FAIL() << "no error";
  } catch (const heattwin::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("area 2"), std::string::npos) << e.what();
  }
  std::vector<double> short_col = {1};
  EXPECT_THROW(supply::classify_supply_areas({demand, short_col, route, net, ind, z, z, z, z}), heattwin::InputError);
}

TEST(SupplyAreas, UnknownGasGridIsNamedUnknownNotAbsent) {
  // Three sparse cells: no gas-grid layer (empty column) and no hydrogen plan → GAS_GRID_UNKNOWN,
  // graded like "no gas grid"; with a plan, a cell inside it counts as on a grid to be converted.
  std::vector<double> demand = {300, 300, 300}, area = {10, 10, 10}, route = {0, 0, 0}, net = {0, 0, 0},
                      ind = {150, 150, 150};
  std::vector<std::uint8_t> no = {0, 0, 0}, gas = {1, 0, 1}, plan = {0, 1, 1}, empty;
  const auto unknown = supply::classify_supply_areas({demand, area, route, net, ind, no, no, empty, empty});
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_TRUE(has_reason(unknown.reasons[i], "GAS_GRID_UNKNOWN")) << unknown.reasons[i];
    EXPECT_FALSE(has_reason(unknown.reasons[i], "NO_GAS_GRID")) << unknown.reasons[i];
    EXPECT_EQ(static_cast<supply::Suitability>(unknown.hydrogen_grade[i]), supply::Suitability::very_unlikely);
  }
  const auto plan_only = supply::classify_supply_areas({demand, area, route, net, ind, no, no, empty, plan});
  EXPECT_TRUE(has_reason(plan_only.reasons[0], "GAS_GRID_UNKNOWN")) << plan_only.reasons[0];
  EXPECT_TRUE(has_reason(plan_only.reasons[1], "H2_PLAN")) << plan_only.reasons[1];
  EXPECT_EQ(static_cast<supply::Suitability>(plan_only.hydrogen_grade[1]), supply::Suitability::likely);
  const auto gas_only = supply::classify_supply_areas({demand, area, route, net, ind, no, no, gas, empty});
  EXPECT_TRUE(has_reason(gas_only.reasons[0], "H2_PLAN_UNKNOWN")) << gas_only.reasons[0];
  EXPECT_EQ(static_cast<supply::Suitability>(gas_only.hydrogen_grade[0]), supply::Suitability::unlikely);
  EXPECT_TRUE(has_reason(gas_only.reasons[1], "NO_GAS_GRID")) << gas_only.reasons[1];
  const auto both = supply::classify_supply_areas({demand, area, route, net, ind, no, no, gas, plan});
  EXPECT_TRUE(has_reason(both.reasons[0], "H2_NO_PLAN")) << both.reasons[0];
  EXPECT_TRUE(has_reason(both.reasons[1], "NO_GAS_GRID")) << both.reasons[1];
  EXPECT_TRUE(has_reason(both.reasons[2], "H2_PLAN")) << both.reasons[2];
}
