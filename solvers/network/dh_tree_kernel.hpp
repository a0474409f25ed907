#pragma once
/// \file The hourly kernels of a district-heating tree with one plant (issue 21 §1): the flows by
/// one pass from the leaves to the plant, the supply temperatures by one pass back down and the
/// return temperatures by one pass up, over arrays laid out in breadth-first order from the plant
/// (structure of arrays: each junction's parent position, its branch's loss factor, flow and
/// outlet temperature at the junction's position). No graph is built per solve and nothing is
/// allocated once the state vectors have their size.
///
/// Same results as the general path (HydraulicSolver::solve_tree_flows + ThermalSolver): the flows
/// and the supply side bit for bit (same operations in the same order); the return side sums the
/// inflows of a junction in another order than ThermalSolver's marching order, so its temperatures
/// can differ in the last bit (tested to 1e-13 relative). simulate_district_heating uses it for
/// every network it applies to (DhSeriesOptions::tree_kernel).

#include "solvers/network/hydraulics.hpp"
#include "solvers/network/pipe_network.hpp"
#include "solvers/network/thermal.hpp"

#include <cstdint>
#include <limits>
#include <vector>

namespace heattwin::solvers::network {

/// A tree's junctions and branches in DhTreeKernel's breadth-first order from its plant: new
/// junction k is old junction `junction[k]` (k = 0: the plant), new branch k − 1 is old branch
/// `branch[k − 1]`, the branch from junction k's parent to it. simulate_district_heating runs a
/// tree's year on the renumbered network, so that the kernel's passes and the per-junction and
/// per-branch loops of the hour read their columns in one order instead of gathering across them
/// (issue 21 §1: the cache footprint of 21,076-pipe arrays).
struct DhTreeOrder {
  std::vector<std::uint32_t> junction;  ///< new junction index → old
  std::vector<std::uint32_t> branch;    ///< new branch index → old
  /// True when the network is already in this order.
  bool is_identity() const;
};

/// The order of `supply` (DhTreeKernel::applies must hold; InputError otherwise). O(junctions).
DhTreeOrder dh_tree_order(const PipeNetwork& supply);

/// `network` renumbered to `order`: every per-junction and per-branch column permuted, from/to
/// mapped to the new junction indices (each branch keeps its direction). The same breadth-first
/// order (DhTreeKernel's, from the new plant index 0) then follows the new indices.
PipeNetwork reordered(const PipeNetwork& network, const DhTreeOrder& order);

class DhTreeKernel {
 public:
  /// True when `supply` is a tree of pipes (no valves or pumps) that reaches every junction from
  /// its only fixed-pressure junction, which also holds the only fixed temperature, and has no
  /// injections: every designed network (twin_network_model). O(junctions + branches).
  static bool applies(const PipeNetwork& supply);

  /// Lays out the tree of `supply` (applies() must hold; InputError otherwise). The network is
  /// borrowed: it must outlive the kernel and keep its topology, pipes and heat-transfer
  /// coefficients; withdrawals, ambient, initial and fixed temperatures may change between calls.
  explicit DhTreeKernel(const PipeNetwork& supply);

  /// Branch flows of the network's current withdrawals (kept inside; bit-identical to
  /// HydraulicSolver::solve_tree_flows). O(junctions).
  void solve_flows();

  /// The branch flows of the last solve_flows() by branch index, positive from → to: bit-identical
  /// to HydraulicSolver::solve_tree_flows' mdot_kg_per_s (for HydraulicSolver::solve_tree_pressures).
  void branch_flows(std::vector<double>& mdot_kg_per_s) const;

  /// Supply temperatures for the flows of the last solve_flows(): writes state.junction_t_k (per
  /// junction, bit-identical to ThermalSolver) and state.cp_j_per_kgk; the other fields follow
  /// with finish_supply(). One exponential per flowing pipe.
  void solve_supply_temperatures(const ThermalOptions& options, ThermalState& state);

  /// Completes `state` of the last solve_supply_temperatures() as ThermalSolver::solve would fill
  /// it (branch temperatures and losses, heat flows, balance) for `hydraulic`, the hydraulic state
  /// of the same withdrawals (its flows equal the kernel's). O(junctions + branches).
  void finish_supply(const HydraulicState& hydraulic, const ThermalOptions& options, ThermalState& state) const;

  /// The return side `ret` (the supply network with from/to swapped, consumers injecting their
  /// return water, no fixed temperatures: simulate_district_heating's mirrored network) for the
  /// supply flows in `hydraulic`: fills every field of `state` as ThermalSolver(ret) would with
  /// the reversed flows and boundary inflows.
  /// `cp_j_per_kgk`: the return side's c_p when the caller knows it (network_cp_j_per_kgk(ret):
  /// a pass over the junctions, constant while ret's temperatures are); NaN: computed here.
  void solve_return(const PipeNetwork& ret, const HydraulicState& hydraulic, const ThermalOptions& options,
                    ThermalState& state, double cp_j_per_kgk = std::numeric_limits<double>::quiet_NaN());

  /// Whether finish_supply() and solve_return() fill the branch temperatures of their states
  /// (branch_t_from_k, branch_t_to_k, branch_t_out_k; default true). simulate_district_heating
  /// reads only the branch losses and the sums of an hour and turns them off: those three vectors
  /// are then left empty, and every other field is filled as before.
  void keep_branch_temperatures(bool keep) { keep_branch_temperatures_ = keep; }

 private:
  const PipeNetwork* supply_;                 ///< borrowed
  std::uint32_t plant_ = 0;                   ///< junction index of the root
  std::vector<std::uint32_t> junction_;       ///< per position: junction index (position 0: the plant)
  std::vector<std::uint32_t> parent_;         ///< per position ≥ 1: the parent's position
  std::vector<std::uint32_t> branch_;         ///< per position ≥ 1: the branch to the parent
  std::vector<std::uint8_t> child_is_to_;     ///< per position ≥ 1: the junction is the branch's to-junction
  std::vector<double> loss_factor_;           ///< per position ≥ 1: α π D L of the branch (W/K), 0 adiabatic
  std::vector<std::uint32_t> sections_;       ///< per position ≥ 1: the branch's sections
  std::vector<std::uint32_t> root_children_;  ///< positions of the plant's branches, by branch index
  std::vector<double> flow_;                  ///< per position: subtree withdrawal = |ṁ| of the branch to the parent
  std::vector<double> t_;                     ///< per position: junction temperature of the last march
  std::vector<double> t_out_;                 ///< per position ≥ 1: branch outlet temperature (NaN: stagnant)
  std::vector<double> inflow_, inflow_t_;     ///< return march scratch per position
  /// per position ≥ 1: exp(−κ) (or the sections law) of the last supply march's flows; the return
  /// march reuses it where its |ṁ|, c_p, model and stagnant limit are the same.
  std::vector<double> fraction_;
  double fraction_cp_ = std::numeric_limits<double>::quiet_NaN();
  double fraction_eps_ = std::numeric_limits<double>::quiet_NaN();
  PipeThermalModel fraction_model_ = PipeThermalModel::exact;

  std::vector<double> return_fraction_;  ///< per position: the return march's own fractions (c_p differs)
  bool keep_branch_temperatures_ = true;

  /// fraction_ for flow_, c_p `cp` and `options` (one vector pass of exponentials).
  void remaining_fractions(const ThermalOptions& options, double cp);
  /// `fraction` holds |ṁ| per position on entry and exp(−κ) (or the sections law) on return.
  void fractions_of_flows(const ThermalOptions& options, double cp, std::vector<double>& fraction) const;
};

}  // namespace heattwin::solvers::network
