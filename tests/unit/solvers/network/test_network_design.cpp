/// Network design on constructed street layouts where the right tree is known by hand, the
/// spanning-tree fallback, pruning by heat line density, sizing, storing in the twin's
/// NetworkSet and a simulated year on the designed network.

#include "solvers/network/network_design.hpp"
#include "solvers/network/twin_network.hpp"
#include "tests/unit/validation_line.hpp"
#include "twin/error.hpp"
#include "twin/types.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

namespace net = heattwin::solvers::network;

namespace {

/// A rectangle of streets 400 m × 200 m: bottom street y = 0 in two segments (the second starts
/// 0.3 m after the first one's end), top street y = 200, cross streets at x = 0 and x = 400.
/// When the gap is snapped, the route counts each segment's own length (849.7 m, not 850 m).
struct Streets {
  std::vector<double> x0{0.0, 200.3, 0.0, 0.0, 400.0};
  std::vector<double> y0{0.0, 0.0, 200.0, 0.0, 0.0};
  std::vector<double> x1{200.0, 400.0, 400.0, 0.0, 400.0};
  std::vector<double> y1{0.0, 0.0, 200.0, 200.0, 200.0};
  net::DesignStreets view() const { return {x0, y0, x1, y1}; }
};

/// A at (100, 10) beside the bottom street, B at (300, −10) beside it too, C at (350, 190) below
/// the top street.
struct Houses {
  std::vector<double> x{100.0, 300.0, 350.0};
  std::vector<double> y{10.0, -10.0, 190.0};
  std::vector<double> peak_kw{30.0, 40.0, 50.0};
  std::vector<double> annual_mwh{60.0, 80.0, 100.0};
  net::DesignConsumers view() const { return {x, y, peak_kw, annual_mwh}; }
};

double sum_of_kind(const net::DesignedNetwork& d, net::DesignPipeKind kind) {
  double total = 0.0;
  for (std::size_t p = 0; p < d.pipe_count(); ++p) {
    if (d.pipe_kind[p] == kind) total += d.pipe_length_m[p];
  }
  return total;
}

/// Every consumer's node is reached from the plant through pipes pointing away from it.
void expect_tree_reaches_every_consumer(const net::DesignedNetwork& d) {
  std::vector<int> parents(d.node_count(), 0);
  for (std::size_t p = 0; p < d.pipe_count(); ++p) ++parents[d.pipe_to[p]];
  EXPECT_EQ(parents[d.plant_node], 0);
  for (std::size_t n = 0; n < d.node_count(); ++n) {
    if (n != d.plant_node) {
      EXPECT_EQ(parents[n], 1) << "node " << n;
    }
  }
  EXPECT_EQ(d.pipe_count(), d.node_count() - 1);  // a tree
  std::vector<std::uint8_t> reached(d.node_count(), 0);
  reached[d.plant_node] = 1;
  for (std::size_t p = 0; p < d.pipe_count(); ++p) {  // topological order: parents first
    EXPECT_TRUE(reached[d.pipe_from[p]]) << "pipe " << p;
    reached[d.pipe_to[p]] = 1;
  }
  for (const auto node : d.consumer_node) {
    if (node != net::DesignedNetwork::NO_NODE) {
      EXPECT_TRUE(reached[node]);
    }
  }
}

}  // namespace

TEST(NetworkDesign, StreetTreeFollowsTheShortestPathsOnARectangle) {
  const Streets streets;
  const Houses houses;
  net::NetworkDesignOptions options;
  options.plant_x_m = 0.0;
  options.plant_y_m = -5.0;  // projects onto the corner (0, 0)
  const auto d = net::design_network(houses.view(), streets.view(), options);
  EXPECT_EQ(d.routing, net::DesignRouting::streets);
  EXPECT_EQ(d.consumers_connected, 3U);
  expect_tree_reaches_every_consumer(d);
  // By hand: bottom street 0 → 300 (A, B), left cross street 200 m, top street 0 → 350 (C; the
  // way round by x = 400 is 650 m against 550 m). House connections 10 m each.
  EXPECT_NEAR(sum_of_kind(d, net::DesignPipeKind::street), 299.7 + 200.0 + 350.0, 1e-9);
  EXPECT_NEAR(sum_of_kind(d, net::DesignPipeKind::house_connection), 30.0, 1e-9);
  EXPECT_NEAR(d.route_length_m, 879.7, 1e-9);
  EXPECT_DOUBLE_EQ(d.node_x_m[d.plant_node], 0.0);
  EXPECT_DOUBLE_EQ(d.node_y_m[d.plant_node], 0.0);
  // The segment at x = 400 is not used; neither is the top street beyond C.
  for (std::size_t p = 0; p < d.pipe_count(); ++p) {
    if (d.pipe_kind[p] == net::DesignPipeKind::street) {
      EXPECT_NE(d.pipe_street[p], 4U);
    }
  }
  EXPECT_NEAR(d.heat_line_density_mwh_per_ma, 240.0 / 879.7, 1e-12);
}

TEST(NetworkDesign, SnapToleranceDecidesWhetherTheStreetEndsMeet) {
  const Streets streets;
  const Houses houses;
  net::NetworkDesignOptions options;
  options.plant_x_m = 0.0;
  options.plant_y_m = -5.0;
  options.snap_tolerance_m = 0.1;  // the 0.3 m gap at x = 200 stays open
  const auto d = net::design_network(houses.view(), streets.view(), options);
  expect_tree_reaches_every_consumer(d);
  // B is now reached the long way: up the left street, along the top, down at x = 400, back to 300.
  // Street length: bottom 0 → 100 (A) + 200 + 400 + 200 + 100 = 1000 m.
  EXPECT_NEAR(sum_of_kind(d, net::DesignPipeKind::street), 1000.0, 1e-9);
  options.snap_tolerance_m = 0.5;
  EXPECT_NEAR(sum_of_kind(net::design_network(houses.view(), streets.view(), options), net::DesignPipeKind::street),
              849.7, 1e-9);
}

TEST(NetworkDesign, ConsumersNearADisconnectedStreetJoinTheMainComponent) {
  Streets streets;
  // A separate street far right (x 1000..1100), nearer to house D than any other street.
  streets.x0.push_back(1000.0);
  streets.y0.push_back(0.0);
  streets.x1.push_back(1100.0);
  streets.y1.push_back(0.0);
  Houses houses;
  houses.x.push_back(1050.0);
  houses.y.push_back(5.0);
  houses.peak_kw.push_back(10.0);
  houses.annual_mwh.push_back(20.0);
  net::NetworkDesignOptions options;
  options.plant_x_m = 0.0;
  options.plant_y_m = -5.0;
  const auto d = net::design_network(houses.view(), streets.view(), options);
  EXPECT_EQ(d.consumers_connected, 4U);
  EXPECT_EQ(d.consumers_off_street_component, 1U);
  expect_tree_reaches_every_consumer(d);
  // D joins the cross street x = 400 at (400, 5): a 650 m house connection.
  EXPECT_NEAR(sum_of_kind(d, net::DesignPipeKind::house_connection), 30.0 + 650.0, 1e-9);
}

TEST(NetworkDesign, WithoutStreetsASpanningTreeConnectsTheBuildings) {
  const std::vector<double> x{0.0, 10.0, 20.0, 30.0, 10.0}, y{0.0, 0.0, 0.0, 0.0, 15.0};
  const std::vector<double> peak(5, 20.0), annual(5, 40.0);
  net::NetworkDesignOptions options;
  options.plant_x_m = -5.0;
  options.plant_y_m = 0.0;
  const auto d = net::design_network({x, y, peak, annual}, {}, options);
  EXPECT_EQ(d.routing, net::DesignRouting::spanning);
  EXPECT_EQ(d.consumers_connected, 5U);
  expect_tree_reaches_every_consumer(d);
  EXPECT_NEAR(d.route_length_m, 5.0 + 10.0 + 10.0 + 10.0 + 15.0, 1e-9);
  EXPECT_EQ(sum_of_kind(d, net::DesignPipeKind::street), 0.0);
  // The first pipe carries everything: design heat = g(5) × 100 kW.
  EXPECT_EQ(d.pipe_consumers_downstream[0], 5U);
  EXPECT_NEAR(d.pipe_design_heat_kw[0], net::winter_simultaneity(5) * 100.0, 1e-9);
}

TEST(NetworkDesign, SizingGrowsTowardsThePlantAndUsesTheSimultaneityFactor) {
  std::vector<double> x, y;
  for (int k = 0; k < 40; ++k) {
    x.push_back(10.0 * k);
    y.push_back(8.0);
  }
  const std::vector<double> sx0{-20.0}, sy0{0.0}, sx1{420.0}, sy1{0.0};
  const std::vector<double> peak(40, 25.0), annual(40, 45.0);
  net::NetworkDesignOptions options;
  options.plant_x_m = -20.0;
  options.plant_y_m = 0.0;
  const auto d = net::design_network({x, y, peak, annual}, {sx0, sy0, sx1, sy1}, options);
  expect_tree_reaches_every_consumer(d);
  EXPECT_EQ(d.undersized_pipes, 0U);
  const double cp = net::FluidProperties::water().cp_j_per_kgk(338.15);
  for (std::size_t p = 0; p < d.pipe_count(); ++p) {
    const double g = net::winter_simultaneity(d.pipe_consumers_downstream[p]);
    EXPECT_NEAR(d.pipe_design_heat_kw[p], g * 25.0 * d.pipe_consumers_downstream[p], 1e-9);
    // The flow at the design spread of 30 K, raised by the supply's cooling on its way to the
    // coldest consumer downstream (a few tenths of a kelvin on 400 m).
    const double at_design_spread = d.pipe_design_heat_kw[p] * 1000.0 / (cp * 30.0);
    EXPECT_GT(d.pipe_design_mdot_kg_per_s[p], at_design_spread);
    EXPECT_LT(d.pipe_design_mdot_kg_per_s[p], at_design_spread * 30.0 / 29.0);
    // Parents are never smaller than their children.
    for (std::size_t q = 0; q < d.pipe_count(); ++q) {
      if (d.pipe_from[q] == d.pipe_to[p]) {
        EXPECT_GE(d.pipe_dn[p], d.pipe_dn[q]);
      }
    }
    EXPECT_GT(d.pipe_heat_loss_w_per_mk[p], 0.1);
    EXPECT_LT(d.pipe_heat_loss_w_per_mk[p], 0.6);
  }
  // The main pipe at the plant is larger than a house connection.
  EXPECT_GT(d.pipe_dn[0], 25);
  // One street segment: its heat line density is all the heat over the street length used.
  const double street = sum_of_kind(d, net::DesignPipeKind::street);
  for (std::size_t p = 0; p < d.pipe_count(); ++p) {
    if (d.pipe_kind[p] == net::DesignPipeKind::street) {
      EXPECT_NEAR(d.pipe_heat_line_density_mwh_per_ma[p], 40 * 45.0 / street, 1e-9);
    } else {
      EXPECT_NEAR(d.pipe_heat_line_density_mwh_per_ma[p], 45.0 / 8.0, 1e-9);
    }
  }
}

TEST(NetworkDesign, CoincidentLoadsSizeForTheLargestHourlySum) {
  // Two houses whose loads never coincide: 30 kW in even hours for A, 40 kW in odd hours for B.
  const std::vector<double> x{0.0, 20.0}, y{10.0, 10.0}, peak{30.0, 40.0}, annual{50.0, 60.0};
  const std::vector<double> sx0{-10.0}, sy0{0.0}, sx1{30.0}, sy1{0.0};
  const std::size_t hours = 48;
  std::vector<double> hourly(2 * hours, 0.0);
  for (std::size_t h = 0; h < hours; ++h) {
    hourly[h] = h % 2 == 0 ? 30.0 : 0.0;
    hourly[hours + h] = h % 2 == 1 ? 40.0 : 0.0;
  }
  net::NetworkDesignOptions options;
  options.plant_x_m = -10.0;
  options.plant_y_m = 0.0;
  options.design_load = net::DesignLoad::coincident;
  net::DesignConsumers consumers{x, y, peak, annual};
  EXPECT_THROW(net::design_network(consumers, {sx0, sy0, sx1, sy1}, options), heattwin::InputError);  // no series
  consumers.hourly_heat_kw = hourly;
  consumers.hours = hours;
  const auto d = net::design_network(consumers, {sx0, sy0, sx1, sy1}, options);
  for (std::size_t p = 0; p < d.pipe_count(); ++p) {
    if (d.pipe_consumers_downstream[p] == 2) {
      EXPECT_DOUBLE_EQ(d.pipe_design_heat_kw[p], 40.0);  // not 70 kW: the peaks never meet
    } else {
      EXPECT_TRUE(d.pipe_design_heat_kw[p] == 30.0 || d.pipe_design_heat_kw[p] == 40.0) << d.pipe_design_heat_kw[p];
    }
  }
}

TEST(NetworkDesign, ADesignedNetworkStaysWithinItsLimitsAtItsOwnDesignPoint) {
  // 40 houses along a 440 m street, two days of hourly loads: full load in hour 10, when the
  // supply curve has the plant at 74 °C, and 85 % in the other hours at 80 °C. The year simulation
  // with that curve and the design's ground temperature sees no pipe above 150 Pa/m or 2 m/s: the
  // sizing takes the hour of the largest flow and the supply's cooling on its way.
  std::vector<double> x, y;
  for (int k = 0; k < 40; ++k) {
    x.push_back(10.0 * k);
    y.push_back(8.0);
  }
  const std::vector<double> sx0{-20.0}, sy0{0.0}, sx1{420.0}, sy1{0.0};
  const std::size_t hours = 48;
  std::vector<double> peak(40), annual(40, 45.0), hourly(40 * hours), plant_k(hours, 353.15);
  for (std::size_t k = 0; k < 40; ++k) {
    peak[k] = 15.0 + static_cast<double>(k % 7) * 4.0;
    for (std::size_t h = 0; h < hours; ++h) hourly[k * hours + h] = (h == 10 ? 1.0 : 0.85) * peak[k];
  }
  plant_k[10] = 347.15;
  net::NetworkDesignOptions options;
  options.plant_x_m = -20.0;
  options.plant_y_m = 0.0;
  options.design_load = net::DesignLoad::coincident;
  options.hourly_plant_supply_t_k = plant_k;
  options.design_ground_t_c = 10.0;
  net::DesignConsumers consumers{x, y, peak, annual, hourly, hours};
  const auto d = net::design_network(consumers, {sx0, sy0, sx1, sy1}, options);
  EXPECT_EQ(d.undersized_pipes, 0U);
  heattwin::twin::NetworkSet set;
  std::vector<std::string> ids;
  std::vector<std::uint32_t> buildings;
  for (std::uint32_t k = 0; k < 40; ++k) {
    ids.push_back("H" + std::to_string(k));
    buildings.push_back(k);
  }
  net::store_designed_network(d, "line", ids, buildings, peak, 80.0, options.roughness_m, options.cover_depth_m, set);
  const auto model = net::twin_network_model(set, 0, net::TwinNetworkOptions{});
  const auto demand = [&](std::size_t h, std::span<double> heat_kw) {
    for (std::size_t c = 0; c < heat_kw.size(); ++c) heat_kw[c] = hourly[c * hours + h];
  };
  net::DhSeriesOptions run;
  run.plant_supply_t_k = plant_k;
  run.max_pressure_gradient_pa_per_m = options.sizing.max_pressure_gradient_pa_per_m;
  run.max_velocity_m_per_s = options.sizing.max_velocity_m_per_s;
  const std::vector<double> ground{283.15};
  const auto r = net::simulate_district_heating(model.supply, model.consumers, hours, demand, ground, run);
  ASSERT_EQ(r.unconverged_hours, 0U);
  double worst = 0.0;
  for (std::size_t p = 0; p < model.supply.branch_count(); ++p) {
    worst = std::max(worst, r.peak_pressure_gradient_pa_per_m[p]);
    EXPECT_EQ(r.hours_above_pressure_gradient_limit[p], 0U) << model.supply.branch_id[p];
    EXPECT_EQ(r.hours_above_velocity_limit[p], 0U) << model.supply.branch_id[p];
  }
  EXPECT_GT(worst, 50.0);  // the limit binds somewhere: the check is not vacuous
}

TEST(NetworkDesign, PruningLeavesOutBuildingsBelowTheMinimumHeatLineDensity) {
  const Streets streets;
  Houses houses;
  houses.x.push_back(395.0);  // far along the bottom street, little heat
  houses.y.push_back(100.0);
  houses.peak_kw.push_back(2.0);
  houses.annual_mwh.push_back(3.0);
  net::NetworkDesignOptions options;
  options.plant_x_m = 0.0;
  options.plant_y_m = -5.0;
  options.min_consumer_heat_line_density_mwh_per_ma = 0.1;
  const auto d = net::design_network(houses.view(), streets.view(), options);
  EXPECT_EQ(d.consumers_pruned, 1U);
  EXPECT_EQ(d.consumers_connected, 3U);
  EXPECT_EQ(d.consumer_node[3], net::DesignedNetwork::NO_NODE);
  EXPECT_NEAR(d.route_length_m, 879.7, 1e-9);
  options.min_consumer_heat_line_density_mwh_per_ma = 1e6;
  EXPECT_THROW(net::design_network(houses.view(), streets.view(), options), heattwin::InputError);
}

TEST(NetworkDesign, BadInputIsAnInputError) {
  const Houses houses;
  net::NetworkDesignOptions options;
  EXPECT_THROW(net::design_network({}, {}, options), heattwin::InputError);
  Houses bad = houses;
  bad.peak_kw[1] = -1.0;
  EXPECT_THROW(net::design_network(bad.view(), {}, options), heattwin::InputError);
  bad = houses;
  bad.x[0] = std::nan("");
  EXPECT_THROW(net::design_network(bad.view(), {}, options), heattwin::InputError);
  options.t_return_c = 90.0;
  EXPECT_THROW(net::design_network(houses.view(), {}, options), heattwin::InputError);
}

TEST(NetworkDesign, SimultaneityFactorAfterWinter) {
  EXPECT_NEAR(net::winter_simultaneity(1), 1.0, 1e-3);
  EXPECT_NEAR(net::winter_simultaneity(1000000), 0.4497, 1e-3);
  EXPECT_GT(net::winter_simultaneity(10), net::winter_simultaneity(100));
}

TEST(NetworkDesign, StoredNetworkSimulatesAYearWithAClosedEnergyBalance) {
  const Streets streets;
  const Houses houses;
  net::NetworkDesignOptions options;
  options.plant_x_m = 0.0;
  options.plant_y_m = -5.0;
  const auto d = net::design_network(houses.view(), streets.view(), options);
  heattwin::twin::NetworkSet set;
  const std::vector<std::string> ids{"A", "B", "C"};
  const std::vector<std::uint32_t> buildings{0, 1, 2};
  net::store_designed_network(d, "other", ids, buildings, houses.peak_kw, 80.0, 1e-4, 0.6, set);
  const auto index = net::store_designed_network(d, "area", ids, buildings, houses.peak_kw, 80.0, 1e-4, 0.6, set);
  EXPECT_EQ(index, 1U);
  // Storing again replaces the network of that name.
  EXPECT_EQ(net::store_designed_network(d, "other", ids, buildings, houses.peak_kw, 80.0, 1e-4, 0.6, set), 1U);
  ASSERT_EQ(set.names.size(), 2U);
  EXPECT_EQ(set.names[0], "area");
  EXPECT_EQ(set.pipes.size(), 2 * d.pipe_count());
  EXPECT_EQ(set.consumers.size(), 6U);

  net::TwinNetworkOptions twin_options;
  const auto model = net::twin_network_model(set, 0, twin_options);
  ASSERT_EQ(model.consumers.size(), 3U);
  EXPECT_EQ(model.supply.branch_count(), d.pipe_count());
  // A year of hours with a demand that follows a cosine over the year.
  const std::size_t hours = 8760;
  const auto demand = [&](std::size_t h, std::span<double> heat_kw) {
    const double f = 0.5 + 0.5 * std::cos(2.0 * 3.14159265358979 * static_cast<double>(h) / 8760.0);
    for (std::size_t c = 0; c < heat_kw.size(); ++c) heat_kw[c] = 0.05 + f * houses.peak_kw[c];
  };
  const std::vector<double> ground{283.15};
  const auto r = net::simulate_district_heating(model.supply, model.consumers, hours, demand, ground, {});
  EXPECT_EQ(r.unconverged_hours, 0U);
  EXPECT_GT(r.heat_loss_mwh, 0.0);
  EXPECT_NEAR(r.plant_heat_mwh, r.delivered_mwh + r.heat_loss_mwh, 1e-6 * r.plant_heat_mwh);
  heattwin::test::ValidationLine("network_design", "rectangle", "energy_balance")
      .field("n", hours)
      .at_most("rel_err", std::abs(r.energy_balance_error_kwh) / (r.plant_heat_mwh * 1000.0), 1e-6);
  for (std::size_t j = 0; j < model.supply.junction_count(); ++j) {
    // Between the ground (weak summer flows cool down) and the plant's supply temperature.
    EXPECT_LE(r.junction_min_t_k[j], 353.15 + 1e-9);
    EXPECT_GE(r.junction_min_t_k[j], 283.15 - 1e-9);
    EXPECT_LE(r.junction_min_pressure_bar[j], 6.0 + 1e-9);
  }
}

TEST(NetworkDesign, TwinNetworkErrorsNameTheNetwork) {
  heattwin::twin::NetworkSet set;
  set.names = {"n"};
  set.junctions.id.push_back("a");
  set.junctions.id.push_back("b");
  set.junctions.x_m = {0.0, 10.0};
  set.junctions.y_m = {0.0, 0.0};
  set.junctions.elevation_m = {0.0, 0.0};
  set.junctions.network = {0, 0};
  net::TwinNetworkOptions options;
  try {
    net::twin_network_model(set, 0, options);
    FAIL() << "no source accepted";
  } catch (const heattwin::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no source"), std::string::npos) << e.what();
  }
  set.sources.id.push_back("plant");
  set.sources.supply_junction = {0};
  set.sources.return_junction = {0};
  set.sources.t_supply_c = {80.0};
  set.sources.pressure_lift_bar = {1.0};
  set.consumers.id.push_back("house");
  set.consumers.building = {heattwin::NO_INDEX};
  set.consumers.supply_junction = {1};
  set.consumers.return_junction = {1};
  set.consumers.design_heat_kw = {10.0};
  try {  // no pipe: b is cut off from the plant
    net::twin_network_model(set, 0, options);
    FAIL() << "disconnected junction accepted";
  } catch (const heattwin::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("first: b"), std::string::npos) << e.what();
  }
}
