#pragma once
/// \file Connection over time (issue 21 §2): a network designed for its final state whose consumers
/// connect over the years. Which consumers connect first (a deterministic order from the twin's
/// network alone), and the part of a network that is built when only some consumers are connected
/// (the pipes on the paths from the plant to them), as a model for simulate_district_heating.
///
/// The order: consumers by their design heat (kW, the peak the pipes were sized for) per metre of
/// network path from the plant, largest first ("anchor customers near the plant first": the heat a
/// metre of new trunk main brings); consumers without a design heat (imported networks) after
/// those with one, nearest first; ties by path length, then by consumer id. It depends only on
/// the stored network (geometry and design heats), so it is the same in every year of a heat plan
/// and a consumer once connected stays connected as the share grows.

#include "solvers/network/twin_network.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace heattwin::solvers::network {

/// Length (m) of the shortest path from the nearest plant (a junction with a fixed pressure) to
/// every junction of `network` along its branches (valves and pumps count 0 m); infinity where
/// no plant is reachable. Dijkstra, O((junctions + branches) · log junctions).
std::vector<double> path_length_from_plant_m(const PipeNetwork& network);

/// The connection order of the consumers of `model` (indices into model.consumers, first to
/// connect first; see the file comment). `design_heat_kw` per consumer (NaN: unknown). Throws
/// InputError when the sizes differ. O(consumers · log consumers + Dijkstra).
std::vector<std::size_t> connection_order(const TwinNetworkModel& model, std::span<const double> design_heat_kw);

/// How many of `consumers` are connected at `share` (0 … 1): round(share · consumers), at least
/// one when share > 0, at most all.
std::size_t connected_count(double share, std::size_t consumers);

/// The built part of `model` when only the consumers flagged in `connected` (per model consumer)
/// are connected: the branches on the shortest paths from the plant to their junctions (for a
/// tree: exactly the pipes upstream of them), the junctions these touch (and the plant), the
/// connected consumers, in the model's order; the twin indices and buildings follow. For a meshed
/// network the loops between connected consumers are not built until every consumer is
/// connected (shortest paths only). Throws InputError when no consumer is connected or the sizes
/// differ. O(elements + Dijkstra).
TwinNetworkModel connected_part(const TwinNetworkModel& model, std::span<const std::uint8_t> connected);

}  // namespace heattwin::solvers::network
