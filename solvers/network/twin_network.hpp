#pragma once
/// \file The twin's district-heating networks (twin::NetworkSet) as the network solvers see them:
/// storing a designed network in the set, and building the supply-side PipeNetwork and the
/// consumers of one network for the hourly series (simulate_district_heating).

#include "solvers/network/district_heating.hpp"
#include "solvers/network/network_design.hpp"
#include "twin/network.hpp"

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace heattwin::solvers::network {

/// Removes the network `name` (its junctions, pipes, consumers and sources) from `set`; the other
/// networks keep their order, indices are renumbered. Returns false if there was none. O(size of set).
bool remove_network(twin::NetworkSet& set, std::string_view name);

/// Stores `design` as network `name` in `set` (replacing a network of that name): junctions
/// "<name>/j<k>" at the nodes, supply pipes "<name>/p<k>" (the return side mirrors them, so no
/// return pipes are stored and consumers/sources use one junction for both sides), one consumer
/// per connected building (id `consumer_id[k]`, building `consumer_building[k]`, design heat
/// `peak_heat_kw[k]`), one source "<name>/plant" with `t_supply_c`. Returns the network's index.
std::uint32_t store_designed_network(const DesignedNetwork& design, std::string_view name,
                                     std::span<const std::string> consumer_id,
                                     std::span<const std::uint32_t> consumer_building,
                                     std::span<const double> peak_heat_kw, double t_supply_c, double roughness_m,
                                     double cover_depth_m, twin::NetworkSet& set);

/// Operating settings of a stored network in the hourly series.
struct TwinNetworkOptions {
  double t_return_c = 50.0;         ///< consumers' return temperature
  double min_supply_c = 60.0;       ///< consumers' minimum supply temperature (hours below are counted)
  double plant_pressure_bar = 6.0;  ///< gauge pressure held at the plant's supply junction
  /// Plant supply temperature (°C); NaN: the t_supply_c stored with the network's source.
  double t_supply_c = std::numeric_limits<double>::quiet_NaN();
};

/// One network of the twin ready for simulate_district_heating, with the twin index of each element.
struct TwinNetworkModel {
  PipeNetwork supply;
  std::vector<DhConsumer> consumers;
  std::vector<std::uint32_t> junction_twin_index;  ///< per PipeNetwork junction
  std::vector<std::uint32_t> pipe_twin_index;      ///< per PipeNetwork branch
  std::vector<std::uint32_t> consumer_twin_index;  ///< per DhConsumer
  std::vector<std::uint32_t> consumer_building;    ///< twin building of each consumer (NO_INDEX if none)
  double t_supply_c = 0.0;
  double mean_burial_depth_m = 0.0;  ///< of the pipes (for the ground temperature)
};

/// Builds network `index` of `set`: its supply-side pipes (side supply) as a PipeNetwork with the
/// heat-transfer coefficient U'/(π·D_i) of each pipe, the plant (the network's first source) at
/// a fixed pressure and supply temperature, and its consumers. Throws InputError naming ids for a
/// network without source or consumers, for pipes of zero length or diameter, and for junctions
/// that the plant cannot reach (listing up to ten ids). O(elements of the set).
TwinNetworkModel twin_network_model(const twin::NetworkSet& set, std::uint32_t index,
                                    const TwinNetworkOptions& options);

}  // namespace heattwin::solvers::network
