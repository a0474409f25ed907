#pragma once
/// \file Supply sub-areas as clusters of 100 m census cells (WPG §18: the municipality is divided
/// into sub-areas, each with an expected supply type and the suitability grades of §19).
///
/// Algorithm (docs/SUPPLY.md, "Supply-area clusters"):
///  1. every cell is classified alone (classify_supply_areas);
///  2. cells of the same type that share an edge (4-neighbourhood on the EPSG:3035 grid) form
///     the initial clusters;
///  3. every cluster is classified again from its aggregated evidence: Σ demand, Σ area,
///     Σ route length, demand-weighted LCOH of network and individual supply, flags (existing
///     network and heat source: any cell; gas grid and hydrogen plan: cells holding at least half
///     of the cluster's demand), Σ cumulative CO2;
///  4. neighbouring clusters that now have the same type are merged and reclassified, until no
///     two neighbours share a type;
///  5. privacy: the cluster with the fewest buildings below the minimum (ties: lowest id) is
///     merged into the neighbour with which it shares the longest border (ties: more buildings,
///     then lowest id); the merged cluster is reclassified (reason PRIVACY_MERGE) and step 4 is
///     applied to it; repeated until every cluster with a neighbour has enough buildings.
///     A cluster below the minimum without any neighbour is kept and flagged as withheld
///     (reason PRIVACY_WITHHELD): its class must not be published.
///  Cluster ids are numbered by their first cell in (north, east) order. The procedure is serial
///  and orders every choice by cell position, so the result depends neither on the input order of
///  the cells nor on the thread count.
///
/// The 4-neighbourhood: two cells touching at a corner only are not one area (a supply area is a
/// contiguous piece of land a network could be laid through; a checkerboard of dense and sparse
/// cells is not one dense area), and an edge-connected set of squares dissolves into one polygon
/// without self-touching rings.

#include "solvers/supply/supply_areas.hpp"
#include "twin/grid.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace heattwin::solvers::supply {

/// Cells as columns: position, buildings and the classification evidence (rows alike).
struct SupplyClusterInput {
  std::span<const std::uint32_t> north_100m;  ///< lower-left corner, EPSG:3035, units of 100 m (twin::Grid100m)
  std::span<const std::uint32_t> east_100m;
  std::span<const std::uint32_t> buildings;  ///< computed buildings whose centroid lies in the cell
  SupplyAreaInput cells;                     ///< evidence per cell (see classify_supply_areas)
};

/// Settings of cluster_supply_areas().
struct SupplyClusterSettings {
  /// Clusters with fewer buildings are merged into a neighbour (twin::PRIVACY_MIN_BUILDINGS).
  std::size_t privacy_min_buildings = twin::PRIVACY_MIN_BUILDINGS;
  SupplyAreaThresholds thresholds;
};

/// Clusters and their classes. Per-cluster vectors are indexed by cluster id.
struct SupplyClusterResult {
  std::vector<std::uint32_t> cell_cluster;  ///< cluster id of each input cell (input order)
  std::vector<std::uint32_t> cells;         ///< cells per cluster
  std::vector<std::uint32_t> buildings;     ///< Σ buildings
  std::vector<double> heat_demand_mwh_per_a;
  std::vector<double> area_ha;
  std::vector<double> route_length_m;
  std::vector<double> lcoh_network_eur_per_mwh;     ///< demand-weighted over cells with a value (0: none)
  std::vector<double> lcoh_individual_eur_per_mwh;  ///< demand-weighted over cells with a value (0: none)
  std::vector<std::uint8_t> withheld;  ///< 1: fewer buildings than the minimum and no neighbour to merge with
  /// Classification of the clusters from the aggregated evidence; reasons end with PRIVACY_MERGE
  /// (the cluster absorbed a cluster below the minimum) or PRIVACY_WITHHELD where that applies.
  SupplyAreaResult classes;
  std::size_t initial_clusters = 0;  ///< after step 2
  std::size_t type_merges = 0;       ///< merges of step 4
  std::size_t privacy_merges = 0;    ///< merges of step 5

  std::size_t size() const { return cells.size(); }
};

/// Clusters and classifies the cells (algorithm above). Throws InputError for columns of
/// different lengths, two cells at the same position, or evidence classify_supply_areas rejects.
/// Complexity O(C log C + M·d) for C cells, M merges and d neighbours per cluster.
SupplyClusterResult cluster_supply_areas(const SupplyClusterInput& input, const SupplyClusterSettings& settings = {});

}  // namespace heattwin::solvers::supply
