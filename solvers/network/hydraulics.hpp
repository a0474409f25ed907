#pragma once
/// \file Steady-state hydraulics of meshed pipe networks: Newton on junction pressures and branch
/// mass flows (the global gradient algorithm of Todini & Pilati 1988), Darcy–Weisbach friction,
/// local losses, hydrostatic heads, pump curves. One sparse SPD system per iteration (Eigen
/// SimplicialLDLT, or SeparatorLdlt on two threads from SEPARATOR_LDLT_MIN_UNKNOWNS free junctions;
/// the ordering and symbolic analysis are done once per network and reused across solves), with a
/// backtracking line search on the energy residual so that Newton cannot cycle around the
/// laminar/turbulent kinks.
///
/// Trees need no Newton: when every connected part of the active network is a tree holding exactly
/// one fixed pressure (every designed network, radial feeders, the return side of a tree), the
/// flows follow from the mass balance by one pass from the leaves to the root and the pressures
/// from the branch laws by one pass back down — O(branches), no linear system. HydraulicSolver
/// detects this once per topology and takes the direct path automatically.

#include "solvers/common/solve_report.hpp"
#include "solvers/network/friction.hpp"
#include "solvers/network/pipe_network.hpp"
#include "twin/physical_constants.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace heattwin::solvers::network {

/// Settings of the hydraulic solve.
struct HydraulicOptions {
  FrictionModel friction = FrictionModel::colebrook;
  int max_iterations = 100;
  /// Converged when the Newton correction of every branch flow is below abs + rel·|ṁ|, or below
  /// 10 × that in Newton's quadratic phase (previous step full, correction shrunk by ≥ 100×), where
  /// the correction that would follow is < 0.01 × the tolerance
  /// (1e-8 kg/s is 0.04 l/h; 1e-7 of a flow keeps pressures accurate to far better than 1e-6).
  double flow_tolerance_kg_per_s = 1e-8;
  double relative_flow_tolerance = 1e-7;
  /// Standard gravity (pandapipes uses 9.81; the difference is < 0.04 % of a hydrostatic head).
  double gravity_m_per_s2 = twin::STANDARD_GRAVITY_M_PER_S2;
  /// Solve tree-shaped networks (see the file comment) by the direct two-pass path instead of
  /// Newton. Both give the same state (to round-off, tested to 1e-9 relative); false forces Newton.
  bool direct_tree_path = true;
  /// Newton with factor reuse (Shamanskii/chord): once a full step has changed the flows by less
  /// than about 1 % and the steps contract, up to this many following steps reuse the last
  /// factorised Jacobian (frozen branch slopes) instead of factorising again; the first step of a
  /// warm-started solve reuses the previous solve's factor (taken at nearly the warm-start flows).
  /// Chord steps close the mass balance exactly and are checked against the same flow tolerance
  /// (not the quadratic-phase shortcut). 0 = a factorisation in every iteration (plain Newton).
  /// Default 3: on the 9,940-pipe 168-hour benchmark it cuts the factorisations per hour from 7.8
  /// to 5.1 (iterations 7.8 → 8.6) and the single-thread CPU time by about 15 %, with the same
  /// states as plain Newton to < 1e-9 relative on every reference case (docs/NETWORKS.md).
  int max_factor_reuse = 3;
  /// Start each pipe's Colebrook iteration from its 1/√λ of the previous Newton iteration of the
  /// same solve (friction_factor_with_slope's warm start: one logarithm instead of four and an
  /// exponential once the flows settle; equal to the cold evaluation to a few ulp). false: a cold
  /// Colebrook in every evaluation (before issue 21; for the side-by-side benchmark).
  bool colebrook_warm_start = true;
  /// Pressure systems of at least SEPARATOR_LDLT_MIN_UNKNOWNS free junctions are factorised by
  /// SeparatorLdlt (separator_ldlt.hpp: nested-dissection order, the two halves below the top
  /// separator on two threads, the separator dense), smaller ones by Eigen's SimplicialLDLT with
  /// AMD. The same solution to round-off (tested to 1e-12 relative) at any thread count; on the
  /// 99,904-pipe grid a factorisation costs about half the CPU time of the AMD one. false: Eigen's
  /// SimplicialLDLT for every size (before issue 21 §1's eighth pass; the side-by-side benchmark).
  bool separator_factorization = true;
};

/// Free junctions from which HydraulicOptions::separator_factorization applies.
inline constexpr std::int64_t SEPARATOR_LDLT_MIN_UNKNOWNS = 2000;

/// Solution of one steady state. Pressures are gauge (bar); flows are signed, positive from the
/// branch's from-junction to its to-junction.
struct HydraulicState {
  std::vector<double> pressure_bar;     ///< per junction; NaN for junctions cut off from every fixed pressure
  std::vector<double> mdot_kg_per_s;    ///< per branch
  std::vector<double> v_mean_m_per_s;   ///< per branch, ṁ/(ρ·A)
  std::vector<double> reynolds;         ///< per branch (0 for pumps)
  std::vector<double> friction_factor;  ///< per branch (0 for valves and pumps)
  /// Mass flow supplied by the fixed-pressure boundary at each junction (negative = absorbed); 0 elsewhere.
  std::vector<double> boundary_inflow_kg_per_s;
  std::vector<std::uint8_t> junction_active;  ///< 0 = isolated (no path to a fixed pressure, no demand)
  std::size_t isolated_junction_count = 0;
  /// Newton: residual = largest flow change of the last iteration relative to the tolerance.
  /// Direct tree path: iterations = 1 (one pass up and down), residual 0, always converged.
  SolveReport report;
  /// Wall time (s) of this solve in total and in the numeric sparse factorisations alone
  /// (steady_clock; their ratio is the factorisation share reported by the benchmarks).
  double solve_seconds = 0.0;
  double factorize_seconds = 0.0;
  int factorizations = 0;  ///< numeric factorisations in this solve (≤ report.iterations; 0 on the tree path)
};

/// Reusable solver for one network topology: keeps the sparsity pattern and symbolic
/// factorisation, so that a time series of solves (changing demands, temperatures) pays for the
/// analysis once. The network must outlive the solver and keep its topology.
class HydraulicSolver {
 public:
  /// Checks the network (InputError naming ids), finds isolated parts and prepares the system.
  HydraulicSolver(const PipeNetwork& network, HydraulicOptions options);
  ~HydraulicSolver();
  HydraulicSolver(HydraulicSolver&&) noexcept;
  HydraulicSolver& operator=(HydraulicSolver&&) = delete;
  HydraulicSolver(const HydraulicSolver&) = delete;
  HydraulicSolver& operator=(const HydraulicSolver&) = delete;

  /// Solves the steady state. `branch_t_k` (one per branch, optional) sets the temperature at
  /// which density and viscosity are taken; without it, the mean initial temperature of the two
  /// end junctions. `warm_start` (optional) provides initial flows. Does not throw on
  /// non-convergence: see HydraulicState::report.
  HydraulicState solve(std::span<const double> branch_t_k = {}, const HydraulicState* warm_start = nullptr);
  /// The same into `state`, reusing its vectors' storage (no allocation once sized on the tree
  /// path: the form for hourly series, issue 21). Every field of `state` is overwritten;
  /// `warm_start` may point to `state` itself (then it is copied first).
  void solve_into(HydraulicState& state, std::span<const double> branch_t_k = {},
                  const HydraulicState* warm_start = nullptr);

  /// True when solve() takes the direct tree path (the active network is a forest with one fixed
  /// pressure per tree, and HydraulicOptions::direct_tree_path is set).
  bool uses_tree_path() const;
  /// True when the pressure systems are factorised by SeparatorLdlt (large meshed networks, see
  /// HydraulicOptions::separator_factorization), false for Eigen's SimplicialLDLT or the tree path.
  bool uses_separator_factorization() const;

  /// Tree path only (InputError otherwise): the flows of the current withdrawals and injections
  /// (mdot_kg_per_s, boundary_inflow_kg_per_s, junction_active; bit-identical to solve()'s) without
  /// pressures, velocities or friction — enough for a thermal solve. O(junctions) additions; for
  /// loops that only iterate temperatures against flows (district-heating hours).
  HydraulicState solve_tree_flows();
  /// The same into `state`, reusing its vectors' storage (pressures, velocities, Re and λ are
  /// cleared; every other field is overwritten).
  void solve_tree_flows(HydraulicState& state);

  /// Tree path only (InputError otherwise): completes `state`, whose mdot_kg_per_s holds the
  /// flows of the current withdrawals and injections (those of solve_tree_flows or
  /// DhTreeKernel::branch_flows, bit for bit), as solve_into would, without computing the flows
  /// again: pressures, velocities, Re and λ, boundary inflows, the report. The same result as
  /// solve_into for the same withdrawals (the hours of a district-heating series, which have their
  /// flows from the temperature rounds).
  void solve_tree_pressures(HydraulicState& state);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// One-shot convenience: HydraulicSolver(network, options).solve().
HydraulicState solve_hydraulics(const PipeNetwork& network, const HydraulicOptions& options);

}  // namespace heattwin::solvers::network
