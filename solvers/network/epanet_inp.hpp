#pragma once
/// \file EPANET input files (.inp) as steady-state cases: the network at the start of the
/// simulation (time 0), so that EPANET's example networks and their published results can serve
/// as references for the hydraulic solver (Hazen–Williams or Darcy–Weisbach head loss).
///
/// Read: [JUNCTIONS] (elevation, base demand, pattern), [DEMANDS], [RESERVOIRS] (head, pattern),
/// [TANKS] (fixed head = elevation + initial level), [PIPES] (length, diameter, roughness, minor
/// loss, Open/Closed/CV), [PUMPS] (HEAD curves of 1 or 3+ points), [CURVES], [PATTERNS],
/// [STATUS], simple [CONTROLS] that apply at time 0 (`AT TIME 0`, and `IF NODE … BELOW/ABOVE …`
/// on a tank's initial level or a reservoir's head), [OPTIONS] Units, Headloss, Pattern, Demand
/// Multiplier. Valves, emitters, rules and the extended period are not modelled: a file with
/// valves or emitters is refused with a message; the other sections are skipped.
///
/// Units: the flow units of [OPTIONS] Units decide the system (CFS, GPM, MGD, IMGD, AFD: US —
/// ft, in, psi; LPS, LPM, MLD, CMH, CMD: SI — m, mm, m of head). Pumps follow EPANET: one point
/// (q0, h0) gives h = 4/3 h0 − h0/(3 q0²) q²; three or more points with q1 = 0 give the power
/// curve h = A − B q^C through the first three, represented here by a degree-6 polynomial fitted
/// on [0, 1.2 q_max] (deviation reported in EpanetCase::pump_fit_error_m).

#include "solvers/network/pipe_network.hpp"

#include <string>
#include <vector>

namespace heattwin::solvers::network {

struct EpanetCase {
  PipeNetwork network;                           ///< SI; Hazen–Williams C in hazen_williams_c when head_loss is "H-W"
  std::string head_loss = "H-W";                 ///< "H-W" or "D-W"
  std::string flow_units;                        ///< "GPM", "LPS", …
  bool us_units = true;                          ///< ft, in, psi (else m, mm, m)
  double flow_to_m3_per_s = 1.0;                 ///< factor from the file's flow unit
  double length_to_m = 0.3048;                   ///< factor from the file's length and head unit
  std::vector<std::uint8_t> node_is_fixed_head;  ///< per junction of `network`: reservoir or tank
  std::vector<std::string> link_kind;            ///< per branch: "pipe" or "pump"
  std::vector<std::string> closed_links;         ///< links closed at time 0 (left out of `network`)
  std::vector<double> hazen_williams_c;          ///< per branch (NaN for pumps and D-W files)
  double pump_fit_error_m = 0.0;                 ///< largest |polynomial − power curve| of any pump (m of head)
};

struct HydraulicState;

/// The solution as the JSON of `heattwin validate network --json` (CONTRACTS.md): junctions with
/// "id", "p_bar" (gauge), "head" and "pressure" in the file's units (ft and psi, or m and m);
/// pipes (and pumps) with "id", "v_mean_m_per_s", "mdot_kg_per_s" and "flow" in the file's unit.
std::string epanet_solution_json(const EpanetCase& c, const HydraulicState& state);

/// Reads an EPANET .inp file. Throws InputError naming file:line for unknown node ids, bad
/// numbers, missing curves, unsupported head-loss formulas, valves and emitters.
EpanetCase read_epanet_inp(const std::string& path);

}  // namespace heattwin::solvers::network
