#pragma once
/// \file Solving a flat network case and reporting it: the JSON of `heattwin validate network`
/// (CONTRACTS.md) and the comparison with the case's reference values.

#include "solvers/network/flat_case.hpp"
#include "solvers/network/thermal.hpp"

#include <string>

namespace heattwin::solvers::network {

/// The solution of one case with the options it was solved with.
struct CaseSolution {
  HydraulicOptions hydraulic_options;
  ThermalOptions thermal_options;
  CoupledResult result;
};

/// Solves a case: hydraulics, then temperatures (and for temperature-dependent fluids both in
/// turn until they agree). Non-convergence is reported in result.hydraulic.report, not thrown.
CaseSolution solve_case(const FlatCase& flat_case, const HydraulicOptions& hydraulic_options,
                        const ThermalOptions& thermal_options);

/// Largest deviations from the reference values of a case (NaN where the case has none).
struct CaseComparison {
  double max_p_rel_error = 0.0;            ///< max |1 − p/p_ref| over junctions with p_ref ≠ 0
  double max_v_abs_error_m_per_s = 0.0;    ///< max |v − v_ref| over branches with v_ref
  double max_pump_dp_abs_error_bar = 0.0;  ///< max |Δp − Δp_ref| over pumps with a reference
  double max_t_rel_error = 0.0;            ///< max |1 − T/T_ref| over pipe sections with T_ref (kelvin)
  std::size_t p_count = 0, v_count = 0, pump_count = 0, t_count = 0;
};
CaseComparison compare_with_references(const FlatCase& flat_case, const CaseSolution& solution);

/// True when temperatures are part of the case (any pipe exchanges heat).
bool case_has_thermal(const FlatCase& flat_case);

/// The JSON document of `heattwin validate network --json` (CONTRACTS.md), plus the friction
/// model, the energy balance and, where the case has references, the comparison.
std::string case_solution_json(const FlatCase& flat_case, const CaseSolution& solution);

/// A human-readable summary (tables of junctions and pipes, balance, comparison).
std::string case_solution_text(const FlatCase& flat_case, const CaseSolution& solution);

}  // namespace heattwin::solvers::network
