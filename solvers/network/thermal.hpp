#pragma once
/// \file Steady thermal state of a pipe network for given flows: temperature along each pipe
/// with heat loss to its surroundings, perfect mixing at junctions, fixed temperatures at plants
/// and external grids, flow reversal, and the network's energy balance.

#include "solvers/common/solve_report.hpp"
#include "solvers/network/hydraulics.hpp"
#include "solvers/network/pipe_network.hpp"

#include <cmath>
#include <cstdint>
#include <vector>

namespace heattwin::solvers::network {

/// How the temperature falls along a pipe.
enum class PipeThermalModel : std::uint8_t {
  /// Exact solution of the steady energy equation ṁ c_p dT/dx = −α π D (T − T_amb):
  /// T_out = T_amb + (T_in − T_amb)·exp(−α π D L / (ṁ c_p)).
  exact = 0,
  /// The pipe split into its `sections`, each a perfectly mixed upwind volume:
  /// T_i = (T_{i−1} + κ T_amb)/(1 + κ), κ = α π D ΔL/(ṁ c_p). This is the discretisation of the
  /// pandapipes/OpenModelica reference cases; it converges to `exact` as sections grow.
  sections = 1,
};

struct ThermalOptions {
  PipeThermalModel pipe_model = PipeThermalModel::exact;
  /// Branches with |ṁ| below this are stagnant: their water has cooled to the surroundings.
  double stagnant_flow_kg_per_s = 1e-9;
};

/// Fraction of the inlet-to-ambient temperature difference left at a pipe's outlet for
/// κ = α π D L / (|ṁ| c_p): exp(−κ) (exact) or (1 + κ/sections)^−sections (sections). Inline:
/// ThermalSolver and DhTreeKernel evaluate it once per flowing pipe and solve.
inline double pipe_remaining_fraction(double kappa_total, PipeThermalModel model, std::uint32_t sections) {
  if (model == PipeThermalModel::exact) return std::exp(-kappa_total);
  const double per_section = 1.0 / (1.0 + kappa_total / sections);
  return std::pow(per_section, static_cast<double>(sections));
}

/// The one c_p of a network's thermal solve (J/(kg·K)): at the mean of its fixed temperatures, or
/// of its initial temperatures when none is fixed.
double network_cp_j_per_kgk(const PipeNetwork& network);

/// Temperatures and heat flows of one steady state. c_p is one value for the network (taken at
/// the mean fixed temperature), so that the energy balance closes exactly.
struct ThermalState {
  std::vector<double> junction_t_k;
  std::vector<double> branch_t_from_k, branch_t_to_k;  ///< at the branch ends
  std::vector<double> branch_t_out_k;                  ///< at the outlet along the flow
  std::vector<double> branch_heat_loss_w;              ///< heat lost to the surroundings (≥ 0 when warmer)
  double cp_j_per_kgk = 0.0;
  double boundary_heat_w = 0.0;   ///< heat brought in by plants/external grids and mass-flow sources (rel. 0 K)
  double withdrawn_heat_w = 0.0;  ///< heat leaving with the consumers' and absorbed boundary flows (rel. 0 K)
  double heat_loss_w = 0.0;       ///< total loss of all pipes
  /// boundary − withdrawn − loss; zero up to rounding when the balance closes.
  double balance_error_w = 0.0;
  std::size_t stagnant_junction_count = 0;
  SolveReport report;
};

/// Solves temperatures for the flows in `hydraulic` (marching along the flow in topological
/// order). Throws SolverError when flows circulate in a closed loop without a fixed temperature.
ThermalState solve_thermal(const PipeNetwork& network, const HydraulicState& hydraulic, const ThermalOptions& options);

/// solve_thermal for a series of states of one network (hours, temperature rounds): keeps the flow
/// graph and the marching order of the last solve and reuses them while no branch changes its
/// flow direction or starts/stops flowing (checked in one pass over the flows each solve).
/// Results are bit-identical to solve_thermal. The network must outlive the solver and keep its
/// topology, pipe geometry and heat-transfer coefficients (α π D L per pipe is computed once) and
/// its set of fixed-temperature junctions; demands, injections, temperatures' values and ambient
/// temperatures may change between solves.
class ThermalSolver {
 public:
  explicit ThermalSolver(const PipeNetwork& network);
  /// As solve_thermal(network, hydraulic, options).
  ThermalState solve(const HydraulicState& hydraulic, const ThermalOptions& options);
  /// The same into `state`, reusing its vectors' storage (no allocation once sized: the form for
  /// hourly series, issue 21). Every field of `state` is overwritten.
  void solve(const HydraulicState& hydraulic, const ThermalOptions& options, ThermalState& state);

 private:
  void build_flow_graph(const HydraulicState& hydraulic, double stagnant_flow_kg_per_s);

  const PipeNetwork* network_;             ///< borrowed
  std::vector<double> loss_factor_;        ///< per branch: α π D L of pipes with heat loss, else 0 (W/K)
  std::vector<double> inflow_, inflow_t_;  ///< per junction: mixing sums (scratch, kept for its storage)
  std::vector<std::int8_t> direction_;     ///< per branch of the kept graph: −1, 0 (stagnant), +1
  double graph_eps_ = 0.0;                 ///< stagnant threshold the kept graph was built with
  std::vector<std::uint32_t> out_offset_;  ///< per junction: its outflowing branches in out_branch_
  std::vector<std::uint32_t> out_branch_;
  std::vector<std::uint32_t> order_;  ///< junctions, each after everything upstream of it
};

/// Temperatures at the downstream end of each section of pipe `branch`, listed from the pipe's
/// from-junction to its to-junction (the order of the reference data).
std::vector<double> pipe_section_temperatures_k(const PipeNetwork& network, const HydraulicState& hydraulic,
                                                const ThermalState& thermal, const ThermalOptions& options,
                                                std::size_t branch);

/// Hydraulics and thermal together: for temperature-dependent fluids, alternates the two until the
/// branch temperatures change by less than `tolerance_k` (at most `max_rounds`).
struct CoupledResult {
  HydraulicState hydraulic;
  ThermalState thermal;
  int rounds = 0;
};
CoupledResult solve_coupled(const PipeNetwork& network, const HydraulicOptions& hydraulic_options,
                            const ThermalOptions& thermal_options, double tolerance_k = 0.01, int max_rounds = 20);

}  // namespace heattwin::solvers::network
