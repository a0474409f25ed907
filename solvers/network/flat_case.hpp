#pragma once
/// \file Reader of the flat CSV network-case format (one folder per case: junctions.csv,
/// pipes.csv, and optionally valves.csv, pumps.csv, ext_grids.csv, sinks.csv, sources.csv,
/// fluid.csv, pipe_sections_ref.csv), the format of data/reference/networks/pandapipes_stanet/flat.
/// Reference columns (p_ref_bar, v_ref_mean_m_per_s, dp_ref_bar, T_ref_k) are read when present.

#include "solvers/network/friction.hpp"
#include "solvers/network/pipe_network.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace heattwin::solvers::network {

/// A network case with the external `idx` of every element and its reference values (NaN = none).
struct FlatCase {
  std::filesystem::path folder;
  PipeNetwork network;
  std::vector<std::int64_t> junction_idx;            ///< per junction
  std::vector<std::int64_t> branch_idx;              ///< per branch: idx in its own table (pipes, valves or pumps)
  std::vector<double> p_ref_bar;                     ///< per junction
  std::vector<double> v_ref_m_per_s;                 ///< per branch (pipes and valves)
  std::vector<double> dp_ref_bar;                    ///< per branch (pumps: p_to − p_from)
  std::vector<std::vector<double>> section_t_ref_k;  ///< per branch; empty when not given
  std::size_t closed_valve_count = 0;                ///< closed valves carry no flow and are not in the network
  std::size_t out_of_service_count = 0;              ///< elements with in_service = False, left out
};

/// Reads a case folder. Throws InputError naming file, line and column for malformed data,
/// unknown junction references and unsupported fluid models.
FlatCase read_flat_case(const std::filesystem::path& folder);

/// The friction law a case folder was made for, from its name: "_N" suffix → nikuradse,
/// "_PC" → colebrook, a path containing "swamee-jain" → swamee-jain; nullopt otherwise.
std::optional<FrictionModel> friction_model_of_case(const std::filesystem::path& folder);

}  // namespace heattwin::solvers::network
