#pragma once
/// \file The hydraulic/thermal model of one pipe network as the network solvers see it:
/// junctions and branches (pipes, valves, pumps) in columns, boundary conditions per junction.
/// Built by the case readers (flat CSV) and, for the twin's networks, from twin::NetworkSet.

#include "solvers/network/fluid.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace heattwin::solvers::network {

/// Kind of a branch between two junctions.
enum class BranchKind : std::uint8_t {
  pipe = 0,   ///< Darcy–Weisbach pipe with friction, local losses and heat loss
  valve = 1,  ///< zero-length branch with a local loss coefficient (closed valves are not added)
  pump = 2,   ///< pressure lift from a curve Δp(Q), from → to; reverse flow passes without lift
};

/// Marker of "no value" in the optional boundary columns (NaN).
inline constexpr double NOT_SET = std::numeric_limits<double>::quiet_NaN();

/// A pipe network: columns per junction and per branch. Ids are the external ids of the source
/// (used in every message and in outputs); indices are positions in these columns.
struct PipeNetwork {
  // --- junctions ---
  std::vector<std::string> junction_id;
  std::vector<double> height_m;
  /// Mass flow leaving the network at the junction (sinks/consumers); ≥ 0.
  std::vector<double> withdrawal_kg_per_s;
  /// Mass flow entering the network at the junction (mass-flow sources); ≥ 0.
  std::vector<double> injection_kg_per_s;
  /// Temperature of the injected mass flow; NOT_SET = the junction's initial temperature.
  std::vector<double> injection_t_k;
  /// Gauge pressure held at the junction (external grid / differential-pressure control); NOT_SET = free.
  std::vector<double> fixed_pressure_bar;
  /// Temperature held at the junction (supply of a plant / external grid); NOT_SET = free.
  std::vector<double> fixed_t_k;
  /// Initial temperature (used for the fluid properties before a thermal solve and for stagnant junctions).
  std::vector<double> initial_t_k;

  // --- branches ---
  std::vector<std::string> branch_id;
  std::vector<BranchKind> kind;
  std::vector<std::uint32_t> from_junction, to_junction;
  std::vector<double> length_m;  ///< 0 for valves and pumps
  std::vector<double> inner_diameter_m;
  std::vector<double> roughness_m;       ///< absolute roughness k
  std::vector<double> loss_coefficient;  ///< ζ of local losses (referred to the branch velocity)
  /// Heat-transfer coefficient referred to the inner surface π·D·L (W/(m²·K)); 0 = adiabatic.
  std::vector<double> alpha_w_per_m2k;
  std::vector<double> ambient_t_k;        ///< surrounding (ground/air) temperature
  std::vector<std::uint32_t> sections;    ///< number of sections for section outputs (≥ 1)
  std::vector<std::uint32_t> pump_curve;  ///< index into pump_curves_bar_vs_m3_per_h, pumps only
  /// Hazen–Williams C factor per branch, for FrictionModel::hazen_williams (EPANET networks);
  /// empty otherwise. Only pipes use it.
  std::vector<double> hazen_williams_c;
  /// Pump curves: Δp (bar) as a polynomial in the volume flow Q (m³/h), highest power first.
  std::vector<std::vector<double>> pump_curves_bar_vs_m3_per_h;

  FluidProperties fluid = FluidProperties::water();

  std::size_t junction_count() const { return junction_id.size(); }
  std::size_t branch_count() const { return branch_id.size(); }

  /// Appends a junction with no demand and free pressure/temperature; returns its index.
  std::uint32_t add_junction(std::string id, double height_m, double initial_t_k = 283.15);
  /// Appends a pipe; returns its branch index.
  std::uint32_t add_pipe(std::string id, std::uint32_t from, std::uint32_t to, double length_m, double inner_diameter_m,
                         double roughness_m, double loss_coefficient = 0.0, double alpha_w_per_m2k = 0.0,
                         double ambient_t_k = 283.15, std::uint32_t sections = 1);
  /// Appends an open valve (closed valves carry no flow and are simply not added).
  std::uint32_t add_valve(std::string id, std::uint32_t from, std::uint32_t to, double inner_diameter_m,
                          double loss_coefficient);
  /// Appends a pump with the curve Δp(Q) (bar vs m³/h, highest power first).
  std::uint32_t add_pump(std::string id, std::uint32_t from, std::uint32_t to,
                         std::vector<double> curve_bar_vs_m3_per_h);

  /// True when any branch exchanges heat with its surroundings.
  bool has_heat_transfer() const;
};

/// Checks the data of a network: indices in range, lengths/diameters/roughness > 0 where needed,
/// finite boundary values, at least one junction with a fixed pressure. Throws InputError naming
/// the ids involved.
void check_network(const PipeNetwork& network);

}  // namespace heattwin::solvers::network
