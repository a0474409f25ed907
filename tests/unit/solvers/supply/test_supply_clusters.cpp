// Supply-area clusters on small constructed grids whose answer is clear.

#include "solvers/supply/supply_clusters.hpp"
#include "twin/error.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <numeric>
#include <set>
#include <string>
#include <vector>

namespace supply = heattwin::solvers::supply;
using T = supply::SupplyAreaType;

namespace {

/// A grid drawn as text, first line = northmost row. Cell kinds:
///  'D' dense: 600 MWh/(ha·a), heat source in reach, 10 buildings → heat network alone;
///  'S' sparse: 30 MWh/(ha·a), 10 buildings → decentralised alone;
///  'T' between: 250 MWh/(ha·a), heat source in reach, 10 buildings → network and decentralised
///      both "likely": test area alone;
///  'd' / 's': as D / S with 1 building; '.' no cell.
struct Grid {
  std::vector<std::uint32_t> north, east, buildings;
  std::vector<double> demand, area, route, lcoh_net, lcoh_ind;
  std::vector<std::uint8_t> network, source, gas, h2;

  explicit Grid(const std::vector<std::string>& rows) {
    for (std::size_t r = 0; r < rows.size(); ++r) {
      for (std::size_t col = 0; col < rows[r].size(); ++col) {
        const char k = rows[r][col];
        if (k == '.') continue;
        const bool dense = k == 'D' || k == 'd';
        const bool between = k == 'T';
        north.push_back(static_cast<std::uint32_t>(1000 + rows.size() - 1 - r));
        east.push_back(static_cast<std::uint32_t>(2000 + col));
        buildings.push_back(k == 'd' || k == 's' ? 1 : 10);
        demand.push_back(dense ? 600.0 : between ? 250.0 : 30.0);
        area.push_back(1.0);
        route.push_back(0.0);
        lcoh_net.push_back(0.0);
        lcoh_ind.push_back(0.0);
        network.push_back(0);
        source.push_back(dense || between ? 1 : 0);
        gas.push_back(0);
        h2.push_back(0);
      }
    }
  }
  supply::SupplyClusterInput input() const {
    return {north, east, buildings, {demand, area, route, lcoh_net, lcoh_ind, network, source, gas, h2}};
  }
  /// Cell index at (row from the top, column) of the drawing.
  std::size_t at(std::size_t rows, std::size_t r, std::size_t col) const {
    for (std::size_t i = 0; i < north.size(); ++i) {
      if (north[i] == 1000 + rows - 1 - r && east[i] == 2000 + col) return i;
    }
    ADD_FAILURE() << "no cell at " << r << "," << col;
    return 0;
  }
};

bool has_reason(const std::string& reasons, const std::string& code) {
  return (";" + reasons + ";").find(";" + code + ";") != std::string::npos;
}

T type(const supply::SupplyClusterResult& r, std::size_t c) { return static_cast<T>(r.classes.type[c]); }

/// Invariants every result must meet: a cluster per cell, sums conserved, counts consistent.
void check_consistent(const Grid& g, const supply::SupplyClusterResult& r) {
  ASSERT_EQ(r.cell_cluster.size(), g.north.size());
  std::vector<std::uint32_t> cells(r.size(), 0), buildings(r.size(), 0);
  std::vector<double> heat(r.size(), 0.0);
  for (std::size_t i = 0; i < g.north.size(); ++i) {
    ASSERT_LT(r.cell_cluster[i], r.size());
    ++cells[r.cell_cluster[i]];
    buildings[r.cell_cluster[i]] += g.buildings[i];
    heat[r.cell_cluster[i]] += g.demand[i];
  }
  for (std::size_t c = 0; c < r.size(); ++c) {
    EXPECT_EQ(cells[c], r.cells[c]);
    EXPECT_EQ(buildings[c], r.buildings[c]);
    EXPECT_DOUBLE_EQ(heat[c], r.heat_demand_mwh_per_a[c]);
    EXPECT_DOUBLE_EQ(r.area_ha[c], static_cast<double>(r.cells[c]));
    EXPECT_DOUBLE_EQ(r.classes.heat_density_mwh_per_ha_a[c], heat[c] / r.area_ha[c]);
  }
}
}  // namespace

TEST(SupplyClusters, TwoSeparatedDenseBlocksGiveTwoNetworkClusters) {
  const Grid g({"DDD.DDD",  //
                "DDD.DDD"});
  const auto r = supply::cluster_supply_areas(g.input());
  check_consistent(g, r);
  ASSERT_EQ(r.size(), 2U);
  EXPECT_EQ(type(r, 0), T::heat_network);
  EXPECT_EQ(type(r, 1), T::heat_network);
  EXPECT_EQ(r.cells[0], 6U);
  EXPECT_EQ(r.buildings[1], 60U);
  EXPECT_DOUBLE_EQ(r.heat_demand_mwh_per_a[0], 3600.0);
  EXPECT_EQ(r.cell_cluster[g.at(2, 0, 0)], 0U);  // west block first (same row, smaller east)
  EXPECT_EQ(r.cell_cluster[g.at(2, 1, 6)], 1U);
  EXPECT_EQ(r.privacy_merges, 0U);
  EXPECT_EQ(r.type_merges, 0U);
}

TEST(SupplyClusters, DenseBlocksInASparseTownGiveTwoNetworksAndOneDecentralisedArea) {
  const Grid g({"SSSSSSS",  //
                "SDDSDDS",  //
                "SDDSDDS",  //
                "SSSSSSS"});
  const auto r = supply::cluster_supply_areas(g.input());
  check_consistent(g, r);
  ASSERT_EQ(r.size(), 3U);
  const std::uint32_t sparse = r.cell_cluster[g.at(4, 0, 0)];
  const std::uint32_t west = r.cell_cluster[g.at(4, 1, 1)], east = r.cell_cluster[g.at(4, 2, 5)];
  EXPECT_NE(west, east);
  EXPECT_EQ(type(r, sparse), T::decentralised);
  EXPECT_EQ(r.cells[sparse], 20U);
  EXPECT_EQ(type(r, west), T::heat_network);
  EXPECT_EQ(type(r, east), T::heat_network);
  EXPECT_EQ(r.cells[west], 4U);
  EXPECT_TRUE(has_reason(r.classes.reasons[west], "HD_BAND_4"));
}

TEST(SupplyClusters, CheckerboardIsNotConnectedAtCorners) {
  // 4-neighbourhood: diagonal cells are not one area, so every cell is its own sub-area.
  const Grid g({"DSDS",  //
                "SDSD",  //
                "DSDS",  //
                "SDSD"});
  const auto r = supply::cluster_supply_areas(g.input());
  check_consistent(g, r);
  ASSERT_EQ(r.size(), 16U);
  EXPECT_EQ(r.classes.count_by_type[0], 8U);  // heat network
  EXPECT_EQ(r.classes.count_by_type[2], 8U);  // decentralised
  for (std::size_t i = 0; i < g.north.size(); ++i) {
    EXPECT_EQ(type(r, r.cell_cluster[i]), g.demand[i] > 100.0 ? T::heat_network : T::decentralised);
  }
}

TEST(SupplyClusters, CheckerboardOfSingleBuildingsIsAggregatedAndWithheldIfStillTooSmall) {
  // Four cells of one building each: merged step by step into one sub-area of 4 buildings, which
  // has no neighbour left and stays below 5: withheld. Its density (600 + 30 + 600 + 30) / 4 ha
  // = 315 MWh/(ha·a) makes network and decentralised supply both "likely": a test area.
  const Grid g({"ds",  //
                "sd"});
  const auto r = supply::cluster_supply_areas(g.input());
  check_consistent(g, r);
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r.privacy_merges, 3U);
  EXPECT_EQ(r.withheld[0], 1);
  EXPECT_DOUBLE_EQ(r.classes.heat_density_mwh_per_ha_a[0], 315.0);
  EXPECT_EQ(type(r, 0), T::test_area);
  EXPECT_TRUE(has_reason(r.classes.reasons[0], "PRIVACY_MERGE"));
  EXPECT_TRUE(has_reason(r.classes.reasons[0], "PRIVACY_WITHHELD"));
}

TEST(SupplyClusters, LargerCheckerboardOfSingleBuildingsMeetsThePrivacyMinimum) {
  const Grid g({"dsdsds",  //
                "sdsdsd",  //
                "dsdsds",  //
                "sdsdsd"});
  const auto r = supply::cluster_supply_areas(g.input());
  check_consistent(g, r);
  for (std::size_t c = 0; c < r.size(); ++c) {
    EXPECT_GE(r.buildings[c], heattwin::twin::PRIVACY_MIN_BUILDINGS) << "cluster " << c;
    EXPECT_EQ(r.withheld[c], 0);
  }
  EXPECT_GE(r.privacy_merges, 1U);
}

TEST(SupplyClusters, TinyClusterIsMergedIntoTheNeighbourWithTheLongestBorder) {
  // The single dense cell 'd' (1 building) lies in a notch of the sparse area (three shared
  // edges) and touches the test-area cell T (10 buildings, another sub-area) on one: it joins
  // the sparse area.
  const Grid g({"SSS.",  //
                "SdT.",  //
                "SSS."});
  const auto r = supply::cluster_supply_areas(g.input());
  check_consistent(g, r);
  const std::uint32_t tiny = r.cell_cluster[g.at(3, 1, 1)];
  const std::uint32_t between = r.cell_cluster[g.at(3, 1, 2)];
  EXPECT_EQ(tiny, r.cell_cluster[g.at(3, 0, 0)]);
  EXPECT_NE(tiny, between);
  ASSERT_EQ(r.size(), 2U);
  EXPECT_EQ(r.privacy_merges, 1U);
  EXPECT_EQ(r.cells[tiny], 8U);
  EXPECT_EQ(r.buildings[tiny], 71U);
  // (7 × 30 + 600) / 8 ha = 101.25 MWh/(ha·a): still decentralised.
  EXPECT_DOUBLE_EQ(r.classes.heat_density_mwh_per_ha_a[tiny], 101.25);
  EXPECT_EQ(type(r, tiny), T::decentralised);
  EXPECT_EQ(type(r, between), T::test_area);
  EXPECT_TRUE(has_reason(r.classes.reasons[tiny], "PRIVACY_MERGE"));
  EXPECT_FALSE(has_reason(r.classes.reasons[between], "PRIVACY_MERGE"));
  EXPECT_TRUE(has_reason(r.classes.reasons[between], "TIE"));
}

TEST(SupplyClusters, EqualBordersGoToTheNeighbourWithMoreBuildings) {
  // 's' shares one edge with the west dense block (2 cells, 20 buildings) and one with the
  // east sparse area (3 cells, 30 buildings): it joins the sparse area.
  const Grid g({"DDsSSS"});
  const auto r = supply::cluster_supply_areas(g.input());
  check_consistent(g, r);
  ASSERT_EQ(r.size(), 2U);
  EXPECT_EQ(r.cell_cluster[g.at(1, 0, 2)], r.cell_cluster[g.at(1, 0, 3)]);
  EXPECT_EQ(type(r, r.cell_cluster[g.at(1, 0, 2)]), T::decentralised);
}

TEST(SupplyClusters, ResultDoesNotDependOnInputOrder) {
  const std::vector<std::string> drawing = {"dsdsDD.", "SDDsDDs", "SSsdSSS", "DDdSSDD", "sDDSSdd"};
  const Grid g(drawing);
  const auto a = supply::cluster_supply_areas(g.input());
  check_consistent(g, a);
  // The same cells reversed and rotated.
  Grid h = g;
  std::vector<std::size_t> perm(g.north.size());
  std::iota(perm.begin(), perm.end(), 0U);
  std::reverse(perm.begin(), perm.end());
  std::rotate(perm.begin(), perm.begin() + 7, perm.end());
  auto permute = [&perm](auto& v) {
    auto copy = v;
    for (std::size_t i = 0; i < perm.size(); ++i) v[i] = copy[perm[i]];
  };
  permute(h.north);
  permute(h.east);
  permute(h.buildings);
  permute(h.demand);
  permute(h.source);
  const auto b = supply::cluster_supply_areas(h.input());
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < perm.size(); ++i) EXPECT_EQ(b.cell_cluster[i], a.cell_cluster[perm[i]]);
  EXPECT_EQ(a.classes.type, b.classes.type);
  EXPECT_EQ(a.classes.reasons, b.classes.reasons);
  EXPECT_EQ(a.heat_demand_mwh_per_a, b.heat_demand_mwh_per_a);
}

TEST(SupplyClusters, ClustersAreEdgeConnected) {
  const Grid g({"dsdsDD.", "SDDsDDs", "SSsdSSS", "DDdSSDD", "sDDSSdd"});
  const auto r = supply::cluster_supply_areas(g.input());
  // Flood fill inside each cluster over edge neighbours reaches all its cells.
  for (std::size_t c = 0; c < r.size(); ++c) {
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < g.north.size(); ++i)
      if (r.cell_cluster[i] == c) members.push_back(i);
    std::set<std::size_t> seen{members.front()};
    std::vector<std::size_t> stack{members.front()};
    while (!stack.empty()) {
      const std::size_t i = stack.back();
      stack.pop_back();
      for (const std::size_t j : members) {
        const int dn = static_cast<int>(g.north[i]) - static_cast<int>(g.north[j]);
        const int de = static_cast<int>(g.east[i]) - static_cast<int>(g.east[j]);
        if (std::abs(dn) + std::abs(de) == 1 && seen.insert(j).second) stack.push_back(j);
      }
    }
    EXPECT_EQ(seen.size(), members.size()) << "cluster " << c;
  }
}

TEST(SupplyClusters, RejectsDuplicateCellsAndRaggedColumns) {
  Grid g({"DD"});
  g.east[1] = g.east[0];
  EXPECT_THROW(supply::cluster_supply_areas(g.input()), heattwin::InputError);
  Grid h({"DD"});
  h.buildings.pop_back();
  EXPECT_THROW(supply::cluster_supply_areas(h.input()), heattwin::InputError);
}

TEST(SupplyClusters, NoTwoNeighbouringSubAreasShareATypeAndAllMeetThePrivacyMinimum) {
  // A seeded 40 × 40 patch of all four cell kinds: after clustering, neighbouring sub-areas differ
  // in type (step 4 ran to the end) and every sub-area has at least 5 buildings (all are connected).
  std::vector<std::string> rows(40, std::string(40, 'S'));
  std::uint64_t x = 88172645463325252ULL;  // xorshift64
  const std::string kinds = "DSTds";
  for (auto& row : rows) {
    for (char& k : row) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      k = kinds[x % kinds.size()];
    }
  }
  const Grid g(rows);
  const auto r = supply::cluster_supply_areas(g.input());
  check_consistent(g, r);
  for (std::size_t i = 0; i < g.north.size(); ++i) {
    for (std::size_t j = i + 1; j < g.north.size(); ++j) {
      const int dn = static_cast<int>(g.north[i]) - static_cast<int>(g.north[j]);
      const int de = static_cast<int>(g.east[i]) - static_cast<int>(g.east[j]);
      if (std::abs(dn) + std::abs(de) != 1 || r.cell_cluster[i] == r.cell_cluster[j]) continue;
      EXPECT_NE(r.classes.type[r.cell_cluster[i]], r.classes.type[r.cell_cluster[j]]) << "cells " << i << ", " << j;
    }
  }
  for (std::size_t c = 0; c < r.size(); ++c) EXPECT_GE(r.buildings[c], 5U) << "cluster " << c;
  EXPECT_GT(r.privacy_merges, 0U);
  EXPECT_GT(r.size(), 1U);
}

TEST(SupplyClusters, UnknownGasGridStaysUnknownForTheClusters) {
  const Grid g({"SSS", "SSS"});
  supply::SupplyClusterInput in = g.input();
  in.cells.has_gas_network = {};
  in.cells.hydrogen_plan = {};
  const auto r = supply::cluster_supply_areas(in);
  ASSERT_GE(r.size(), 1u);
  for (std::size_t c = 0; c < r.size(); ++c) {
    EXPECT_TRUE(has_reason(r.classes.reasons[c], "GAS_GRID_UNKNOWN")) << r.classes.reasons[c];
  }
  // A hydrogen plan over the whole grid without gas-grid data: the clusters are on a planned grid.
  const std::vector<std::uint8_t> plan(g.north.size(), 1);
  in.cells.hydrogen_plan = plan;
  const auto p = supply::cluster_supply_areas(in);
  for (std::size_t c = 0; c < p.size(); ++c) {
    EXPECT_TRUE(has_reason(p.classes.reasons[c], "H2_PLAN")) << p.classes.reasons[c];
  }
}
