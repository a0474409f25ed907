#pragma once
/// \file Design of a candidate district-heating network for a set of buildings (docs/NETWORKS.md):
/// a tree routed along the street graph (shortest-path tree from the plant over the streets, a
/// Steiner-tree approximation) with one house connection per building, or, when there are no
/// streets, a minimum spanning tree over the buildings' connection points; pipes sized from the
/// design loads with a simultaneity factor on the EN 253 DN series; heat-loss coefficients of
/// insulation series 1; heat line density per pipe.
///
/// Plain columns in, plain columns out: the scenario layer turns the result into the twin's
/// NetworkSet, so the design works on any twin, street set or synthetic input.

#include "solvers/network/district_heating.hpp"

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace heattwin::solvers::network {

/// Street segments in the CRS of the consumers (projected, metres); one entry per straight segment.
struct DesignStreets {
  std::span<const double> x0_m, y0_m, x1_m, y1_m;
  std::size_t size() const { return x0_m.size(); }
};

/// The buildings to connect, as columns (one entry per consumer).
struct DesignConsumers {
  std::span<const double> x_m, y_m;         ///< connection point (building centroid), m
  std::span<const double> peak_heat_kw;     ///< design heat load of the building (≥ 0), kW
  std::span<const double> annual_heat_mwh;  ///< heat sold per year (≥ 0), MWh/a
  /// Optional hourly heat (kW) as [consumer][hour], row-major, `hours` per consumer; needed for
  /// DesignLoad::coincident.
  std::span<const double> hourly_heat_kw{};
  std::size_t hours = 0;
  std::size_t size() const { return x_m.size(); }
};

/// How the tree was routed.
enum class DesignRouting : std::uint8_t {
  streets = 0,   ///< shortest-path tree over the street graph, house connections to the nearest street point
  spanning = 1,  ///< minimum spanning tree over the consumers' connection points (no streets)
};

/// Kind of a designed pipe.
enum class DesignPipeKind : std::uint8_t {
  street = 0,            ///< main pipe along a street segment
  house_connection = 1,  ///< street point → building
  direct = 2,            ///< a straight edge of the spanning tree (no streets)
};

/// Kind of a node of the designed network.
enum class DesignNodeKind : std::uint8_t { plant = 0, street = 1, consumer = 2 };

/// What a pipe is sized for.
enum class DesignLoad : std::uint8_t {
  /// g(n) · Σ peak of the n consumers downstream (Winter et al. 2001), or Σ peak without simultaneity.
  simultaneity = 0,
  /// The largest hourly sum of the consumers downstream over their hourly series (the coincident
  /// peak of the simulated year).
  coincident = 1,
};

/// Settings of the design; every default names its source in docs/NETWORKS.md.
struct NetworkDesignOptions {
  double t_supply_c = 80.0;  ///< design supply temperature, °C
  double t_return_c = 50.0;  ///< design return temperature, °C
  /// Plant position (m, consumers' CRS); NaN: the heat-weighted centroid of the consumers
  /// (projected onto the nearest street when routing along streets).
  double plant_x_m = std::numeric_limits<double>::quiet_NaN();
  double plant_y_m = std::numeric_limits<double>::quiet_NaN();
  /// Street endpoints closer than this are one junction (m).
  double snap_tolerance_m = 0.5;
  /// Shortest pipe written (m): house connections of buildings that sit on their street point,
  /// or coincident connection points in the spanning tree, get this length.
  double min_pipe_length_m = 1.0;
  /// Simultaneity factor after Winter et al. (2001) on the number of consumers downstream of a
  /// pipe; false: factor 1 (every peak at once).
  bool simultaneity = true;
  DesignLoad design_load = DesignLoad::simultaneity;
  /// Consumers whose own route (house connection plus the pipes that serve only them) carries
  /// less than this heat line density are left out and the tree is routed again (MWh/(m·a));
  /// 0 keeps every consumer. Up to `max_pruning_rounds` rounds.
  double min_consumer_heat_line_density_mwh_per_ma = 0.0;
  int max_pruning_rounds = 5;
  double roughness_m = 0.1e-3;         ///< absolute roughness of the steel pipes, m
  double insulation_w_per_mk = 0.027;  ///< PUR foam λ (EN 253: λ50 ≤ 0.029 W/(m·K))
  double soil_w_per_mk = 1.5;          ///< thermal conductivity of moist soil
  double cover_depth_m = 0.6;          ///< soil above the casing
  SizingOptions sizing;                ///< pressure gradient and velocity limits
  /// The plant's supply temperature in each hour of the consumers' hourly series (K; the supply
  /// curve, DhSeriesOptions::plant_supply_t_k); empty: t_supply_c in every hour. With
  /// DesignLoad::coincident each pipe is sized for the hour of the largest flow, i.e. the largest
  /// heat over the spread the plant supplies in that hour (at the design outdoor temperature
  /// the curve gives t_supply_c, so DesignLoad::simultaneity sizes at t_supply_c).
  std::vector<double> hourly_plant_supply_t_k;
  /// Ground temperature at the pipes in the design hour (°C), for the cooling of the supply on its
  /// way to the consumers at the design flows, which lowers their spread (HeatTwin assumption;
  /// the network stage passes the coldest hour of the weather's ground temperature at the pipes' depth).
  double design_ground_t_c = 5.0;
  std::vector<PipeSize> sizes = en253_pipe_sizes();
};

/// The designed tree. Nodes and pipes as columns; pipes point away from the plant (from = upstream).
struct DesignedNetwork {
  DesignRouting routing = DesignRouting::streets;
  // nodes
  std::vector<double> node_x_m, node_y_m;
  std::vector<DesignNodeKind> node_kind;
  std::uint32_t plant_node = 0;
  // pipes
  std::vector<std::uint32_t> pipe_from, pipe_to;
  std::vector<DesignPipeKind> pipe_kind;
  std::vector<std::uint32_t> pipe_street;  ///< street segment a street pipe lies on; NO_STREET otherwise
  std::vector<double> pipe_length_m;
  std::vector<std::uint32_t> pipe_consumers_downstream;
  std::vector<double> pipe_design_heat_kw;  ///< simultaneity × Σ peak heat downstream, or the coincident peak
  /// Design mass flow: the design heat over c_p and the spread at the coldest consumer downstream
  /// (the plant's supply in the design hour, less the supply's cooling on its way, less t_return_c).
  std::vector<double> pipe_design_mdot_kg_per_s;
  std::vector<int> pipe_dn;
  std::vector<double> pipe_inner_diameter_m;
  std::vector<double> pipe_heat_loss_w_per_mk;  ///< per pipe (supply or return), W/(m·K)
  /// Annual heat of the consumers served along the pipe per metre of route (MWh/(m·a)): for street
  /// pipes that of the street segment (consumers whose house connection joins that segment over the
  /// tree's length on it), for house connections and spanning-tree edges that of the consumer at
  /// the downstream end over the pipe's length.
  std::vector<double> pipe_heat_line_density_mwh_per_ma;
  // consumers (in input order)
  std::vector<std::uint32_t> consumer_node;  ///< node of each consumer; NO_NODE if left out
  std::size_t consumers_connected = 0;
  std::size_t consumers_pruned = 0;                ///< left out for their heat line density
  std::size_t consumers_off_street_component = 0;  ///< nearest street in another component: joined to the plant's
  std::size_t undersized_pipes = 0;                ///< even the largest DN exceeds a limit
  // totals
  double route_length_m = 0.0;  ///< all pipes (trench length)
  double street_length_m = 0.0, house_connection_length_m = 0.0;
  double annual_heat_mwh = 0.0;               ///< of the connected consumers
  double heat_line_density_mwh_per_ma = 0.0;  ///< annual heat / route length

  static constexpr std::uint32_t NO_STREET = std::numeric_limits<std::uint32_t>::max();
  static constexpr std::uint32_t NO_NODE = std::numeric_limits<std::uint32_t>::max();
  std::size_t node_count() const { return node_x_m.size(); }
  std::size_t pipe_count() const { return pipe_from.size(); }
};

/// Simultaneity factor for `n` consumers after Winter, Haslauer & Obernberger (2001),
/// "Untersuchungen der Gleichzeitigkeit in kleinen und mittleren Nahwärmenetzen", Euroheat &
/// Power 30(9/10): g(n) = a + (1 − a) / (1 + (n / b)^c) with a = 0.449677646, b = 53.84382,
/// c = 1.762352; g(1) ≈ 1, g(∞) → 0.45. Returns 1 for n = 0.
double winter_simultaneity(std::size_t n);

/// Heat-loss coefficient of one buried pre-insulated single pipe (W/(m·K)): PUR insulation between
/// the steel pipe and the casing plus the soil to the surface (ln(4H/D_casing)/(2πλ_soil), H the
/// depth of the pipe axis). Throws InputError for sizes without outer or casing diameter.
double buried_pipe_heat_loss_w_per_mk(const PipeSize& size, const NetworkDesignOptions& options);

/// Designs the network for `consumers` (routing along `streets` when there are any, else a
/// spanning tree), sizes its pipes and computes heat line densities. Throws InputError for no
/// consumers, non-finite coordinates, negative loads, a return temperature not below the supply
/// temperature, a pruning threshold that leaves no consumer, or DesignLoad::coincident without
/// hourly series. Coincident loads add O(hours · (pipes + consumers)). Complexity: streets: O((S + n)
/// log(S + n)) for S segments and n consumers (a grid index finds the nearest street; Dijkstra);
/// spanning tree: O(n²) time, O(n) memory.
DesignedNetwork design_network(const DesignConsumers& consumers, const DesignStreets& streets,
                               const NetworkDesignOptions& options);

}  // namespace heattwin::solvers::network
