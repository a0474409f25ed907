#pragma once
/// \file Transport delay in pipes (issue 21 §2): Lagrangian plug flow. The water in a pipe is a
/// queue of parcels (mass, temperature) along it; in a time step of constant mass flow the inflow
/// pushes a new parcel in at the inlet and the same mass leaves at the outlet, so a temperature
/// front needs the residence time M_pipe / ṁ (= L / v) to cross the pipe. Every element of water
/// cools towards the surroundings over its own residence time,
///     T(t) = T_amb + (T_0 − T_amb)·exp(−t/τ),  τ = ρ c_p D / (4 α)  (α referred to π D, as in
/// PipeNetwork::alpha_w_per_m2k), which in steady state gives the quasi-static pipe law
/// T_out = T_amb + (T_in − T_amb)·exp(−α π D L/(ṁ c_p)) exactly.
///
/// Discretisation: none in space. The inflow of a step of constant flow q enters as one parcel
/// whose elements have cooled for different times, so its temperature along the mass coordinate x
/// is a + b·exp(−k·x) with k = ±1/(q τ); uniform cooling keeps that form (a → T_amb + (a − T_amb)c,
/// b → b c), so every parcel stays exact and the outflow of a step is integrated exactly over the
/// elements it takes, each at its own exit time. The one assumption is the model's: flows and
/// inlet temperatures constant within a step. Adjacent parcels that continue each other exactly
/// (same a and k, matching at the joint) are joined; above `max_parcels` per pipe the two closest
/// neighbours are merged into one uniform parcel (energy-exact, not shape-exact).
/// This is the "Lagrangian" method of the pipe models of Modelica's IBPSA library and of the
/// node method's delay lines (Benonysson 1991), with exact exponential losses per element.

#include "solvers/network/hydraulics.hpp"
#include "solvers/network/pipe_network.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <span>
#include <vector>

namespace heattwin::solvers::network {

/// A parcel of water in a pipe: temperature a + b·exp(−k·x) at mass x (kg) from its front edge
/// (the pipe's from-junction side), 0 ≤ x ≤ mass.
struct PlugFlowParcel {
  double mass_kg = 0.0;
  double a_k = 0.0;
  double b_k = 0.0;
  double k_per_kg = 0.0;
  /// Mean temperature (K) of the parcel.
  double mean_t_k() const;
};

/// The water of one pipe, from its from-junction end (front) to its to-junction end (back).
struct PlugFlowPipe {
  std::deque<PlugFlowParcel> parcels;
  double mass_kg() const;
  /// Σ mass · temperature (kg·K): the heat content relative to 0 K divided by c_p.
  double mass_temperature_kg_k() const;
};

struct PlugFlowOptions {
  std::size_t max_parcels = 512;  ///< per pipe
  /// Flows below this are stagnant (no transport; the water only cools).
  double stagnant_flow_kg_per_s = 1e-9;
  /// c_p of the network's water (J/(kg·K)); NaN: the fluid's at the mean fixed temperature (else
  /// the mean initial temperature). Give the supply side's to the return side so that one c_p
  /// holds for the whole loop and the energy balance closes.
  double cp_j_per_kgk = std::numeric_limits<double>::quiet_NaN();
};

/// What left a pipe in a step.
struct PlugFlowOutflow {
  double mass_kg = 0.0;  ///< |ṁ|·Δt (0 when stagnant)
  /// Mean temperature of the water that left (K); NaN when nothing left.
  double t_k = std::numeric_limits<double>::quiet_NaN();
};

/// The time constant τ = ρ c_p D / (4 α) (s) of a pipe with inner diameter `d_m` and heat-transfer
/// coefficient `alpha_w_per_m2k` (referred to the inner surface); infinity when α = 0.
double plug_flow_time_constant_s(double density_kg_per_m3, double cp_j_per_kgk, double d_m, double alpha_w_per_m2k);

/// The outflow of `pipe` over a step of `dt_s` with the constant signed mass flow `mdot_kg_per_s`
/// (> 0 from the from-junction to the to-junction), inflow at `t_in_k`, surroundings at
/// `ambient_t_k`; the pipe is not changed. O(parcels that leave).
PlugFlowOutflow plug_flow_outflow(const PlugFlowPipe& pipe, double mdot_kg_per_s, double t_in_k, double dt_s,
                                  double tau_s, double ambient_t_k, const PlugFlowOptions& options = {});

/// The same, and moves the step into `pipe`: the outflow leaves, the rest cools for dt_s, the
/// inflow enters as one parcel. Returns the outflow; the heat lost to the surroundings in the
/// step is c_p·(content before + inflow·t_in − outflow·t_out − content after). O(parcels).
PlugFlowOutflow advance_plug_flow(PlugFlowPipe& pipe, double mdot_kg_per_s, double t_in_k, double dt_s, double tau_s,
                                  double ambient_t_k, const PlugFlowOptions& options = {});

/// One pipe filled with `mass_kg` of water at `t_k` (one parcel).
PlugFlowPipe uniform_plug_flow_pipe(double mass_kg, double t_k);

/// The thermal state of a whole network with plug flow in its pipes (pipes only; valves and pumps
/// have no volume and pass their inflow on). Junctions mix the water arriving in a step
/// (mass-weighted); plants and external grids hold their fixed temperature; a junction that
/// nothing flows into keeps the temperature of its last step (its stagnant water).
class PlugFlowNetwork {
 public:
  /// Every pipe filled with water at its junctions' mean initial temperature. `network` is
  /// borrowed for the life of this object (topology, geometry, α, fluid and fixed temperatures
  /// are read in each step; withdrawals and injections are taken from the network at each call).
  PlugFlowNetwork(const PipeNetwork& network, const PlugFlowOptions& options = {});

  /// Junction temperatures (mean over the step) and pipe outflows of a step with the flows of
  /// `hydraulic`, without changing the state; injections of `network` (injection_kg_per_s,
  /// injection_t_k) enter at their junctions. `junction_t_k` gets the mixed temperature of each
  /// junction, `branch_t_out_k` the mean outflow temperature of each branch (NaN if stagnant).
  /// O(junctions + branches + parcels that leave).
  void peek(const HydraulicState& hydraulic, double dt_s, std::vector<double>& junction_t_k,
            std::vector<double>& branch_t_out_k);

  /// peek, then moves the step into the pipes. Returns the heat lost by the pipes in the step (J)
  /// and adds each branch's loss to `branch_heat_loss_j` (sized to the branches; may be empty).
  double advance(const HydraulicState& hydraulic, double dt_s, std::vector<double>& junction_t_k,
                 std::vector<double>& branch_t_out_k, std::vector<double>& branch_heat_loss_j);

  /// Σ over pipes of c_p · mass · temperature (J, relative to 0 K): the heat the water holds.
  double heat_content_j() const;
  const PlugFlowPipe& pipe(std::size_t branch) const { return pipes_[branch]; }
  double cp_j_per_kgk() const { return cp_; }

 private:
  /// The marching order of the junctions for the flows of `hydraulic` (each after everything
  /// upstream of it). Throws SolverError for a circulating loop without a fixed temperature.
  void order(const HydraulicState& hydraulic);
  template <bool Commit>
  double step(const HydraulicState& hydraulic, double dt_s, std::vector<double>& junction_t_k,
              std::vector<double>& branch_t_out_k, std::vector<double>* branch_heat_loss_j);

  const PipeNetwork* network_;  ///< borrowed
  PlugFlowOptions options_;
  double cp_ = 0.0;
  std::vector<double> tau_s_;  ///< per branch (infinity for valves, pumps, adiabatic pipes)
  std::vector<PlugFlowPipe> pipes_;
  std::vector<double> last_t_k_;  ///< per junction: the temperature of the last committed step
  std::vector<std::uint32_t> order_, in_count_, out_offset_, out_branch_;  // scratch of order()
  std::vector<double> inflow_, inflow_t_;                                  // scratch of step()
};

}  // namespace heattwin::solvers::network
