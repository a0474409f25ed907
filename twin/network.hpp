#pragma once
/// \file District-heating network containers of the twin (filled by the network import and
/// design; solved by solvers/network). Columns per element kind; ids are external.

#include "twin/string_column.hpp"
#include "twin/types.hpp"

#include <cstdint>
#include <vector>

namespace heattwin::twin {

struct NetworkJunctions {
  StringColumn id;
  std::vector<double> x_m, y_m, elevation_m;
  std::vector<std::uint32_t> network;  ///< index into NetworkSet::names
  std::size_t size() const { return id.size(); }
};

/// Side of a pipe: supply (flow) or return.
enum class PipeSide : std::uint8_t { supply = 0, return_ = 1 };

struct NetworkPipes {
  StringColumn id;
  std::vector<std::uint32_t> from_junction, to_junction;  ///< indices into NetworkJunctions
  std::vector<double> length_m, inner_diameter_m, roughness_mm;
  std::vector<double> heat_loss_w_per_mk;  ///< heat-loss coefficient per metre and kelvin
  std::vector<double> burial_depth_m;
  std::vector<std::uint8_t> side;  ///< PipeSide
  std::size_t size() const { return id.size(); }
};

/// A house connection: building ↔ supply and return junctions.
struct NetworkConsumers {
  StringColumn id;
  std::vector<std::uint32_t> building;  ///< BuildingIndex, or NO_INDEX if not linked to a twin building
  std::vector<std::uint32_t> supply_junction, return_junction;
  std::vector<double> design_heat_kw;
  std::size_t size() const { return id.size(); }
};

/// A heat source / plant feeding the network.
struct NetworkSources {
  StringColumn id;
  std::vector<std::uint32_t> supply_junction, return_junction;
  std::vector<double> t_supply_c;         ///< supply temperature set point
  std::vector<double> pressure_lift_bar;  ///< pump head (differential pressure)
  std::size_t size() const { return id.size(); }
};

/// All district-heating networks of the twin; elements carry the index of their network.
struct NetworkSet {
  std::vector<std::string> names;
  NetworkJunctions junctions;
  NetworkPipes pipes;
  NetworkConsumers consumers;
  NetworkSources sources;
};

}  // namespace heattwin::twin
