#include "solvers/network/case_report.hpp"

#include "twin/json_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace heattwin::solvers::network {

bool case_has_thermal(const FlatCase& c) { return c.network.has_heat_transfer(); }

CaseSolution solve_case(const FlatCase& c, const HydraulicOptions& hydraulic_options,
                        const ThermalOptions& thermal_options) {
  CaseSolution s;
  s.hydraulic_options = hydraulic_options;
  s.thermal_options = thermal_options;
  if (case_has_thermal(c)) {
    s.result = solve_coupled(c.network, hydraulic_options, thermal_options);
  } else {
    s.result.hydraulic = solve_hydraulics(c.network, hydraulic_options);
    s.result.rounds = 1;
  }
  return s;
}

CaseComparison compare_with_references(const FlatCase& c, const CaseSolution& s) {
  CaseComparison cmp;
  const auto& hyd = s.result.hydraulic;
  for (std::size_t j = 0; j < c.network.junction_count(); ++j) {
    const double ref = c.p_ref_bar[j];
    if (std::isnan(ref) || ref == 0.0) continue;
    cmp.max_p_rel_error = std::max(cmp.max_p_rel_error, std::abs(1.0 - hyd.pressure_bar[j] / ref));
    ++cmp.p_count;
  }
  const bool thermal = case_has_thermal(c);
  for (std::size_t b = 0; b < c.network.branch_count(); ++b) {
    if (!std::isnan(c.v_ref_m_per_s[b])) {
      cmp.max_v_abs_error_m_per_s =
          std::max(cmp.max_v_abs_error_m_per_s, std::abs(hyd.v_mean_m_per_s[b] - c.v_ref_m_per_s[b]));
      ++cmp.v_count;
    }
    if (!std::isnan(c.dp_ref_bar[b])) {
      const double dp = hyd.pressure_bar[c.network.to_junction[b]] - hyd.pressure_bar[c.network.from_junction[b]];
      cmp.max_pump_dp_abs_error_bar = std::max(cmp.max_pump_dp_abs_error_bar, std::abs(dp - c.dp_ref_bar[b]));
      ++cmp.pump_count;
    }
    const auto& ref = c.section_t_ref_k[b];
    if (thermal && !ref.empty()) {
      std::vector<double> t = pipe_section_temperatures_k(c.network, hyd, s.result.thermal, s.thermal_options, b);
      if (t.size() != ref.size()) continue;
      for (std::size_t i = 0; i < t.size(); ++i) {
        cmp.max_t_rel_error = std::max(cmp.max_t_rel_error, std::abs(1.0 - t[i] / ref[i]));
        ++cmp.t_count;
      }
    }
  }
  return cmp;
}

std::string case_solution_json(const FlatCase& c, const CaseSolution& s) {
  // Streamed (no document tree: at 99,904 pipes the tree cost 10× the writing). The keys of every
  // object are written in ascending order, the order of the nlohmann::json dump this document had
  // before, so that the bytes stay the same (test CaseReport.JsonIsTheDumpOfItsParse).
  const auto& n = c.network;
  const auto& hyd = s.result.hydraulic;
  const auto& th = s.result.thermal;
  const bool thermal = case_has_thermal(c) && hyd.report.converged;
  const CaseComparison cmp = compare_with_references(c, s);
  std::string out;
  out.reserve(256 + n.junction_count() * (thermal ? 80 : 50) + n.branch_count() * (thermal ? 320 : 180));
  twin::JsonWriter w(out);
  w.begin_object();
  w.member("case", c.folder.lexically_normal().filename().string());
  if (cmp.p_count + cmp.v_count + cmp.pump_count + cmp.t_count > 0) {
    w.key("comparison_with_reference");
    w.begin_object();
    if (cmp.p_count) w.member("max_p_rel_error", cmp.max_p_rel_error);
    if (cmp.pump_count) w.member("max_pump_dp_abs_error_bar", cmp.max_pump_dp_abs_error_bar);
    if (cmp.t_count) w.member("max_section_t_rel_error", cmp.max_t_rel_error);
    if (cmp.v_count) w.member("max_v_abs_error_m_per_s", cmp.max_v_abs_error_m_per_s);
    w.end_object();
  }
  w.member("converged", hyd.report.converged);
  if (thermal) {
    w.key("energy_balance");
    w.begin_object();
    w.member("balance_error_w", th.balance_error_w);
    w.member("boundary_heat_w", th.boundary_heat_w);
    w.member("pipe_heat_loss_w", th.heat_loss_w);
    w.member("withdrawn_heat_w", th.withdrawn_heat_w);
    w.end_object();
  }
  w.member("friction", friction_model_name(s.hydraulic_options.friction));
  w.member("iterations", hyd.report.iterations);
  w.key("junctions");
  w.begin_array();
  for (std::size_t j = 0; j < n.junction_count(); ++j) {
    w.begin_object();
    w.member("idx", c.junction_idx[j]);
    w.member("p_bar", hyd.pressure_bar[j]);
    if (thermal) w.member("t_k", th.junction_t_k[j]);
    w.end_object();
  }
  w.end_array();
  if (!hyd.report.message.empty()) w.member("message", hyd.report.message);
  // One array per branch kind, each in branch order.
  auto branches = [&](BranchKind kind) {
    w.begin_array();
    for (std::size_t b = 0; b < n.branch_count(); ++b) {
      if (n.kind[b] != kind) continue;
      w.begin_object();
      if (kind == BranchKind::pump) {
        w.member("dp_bar", hyd.pressure_bar[n.to_junction[b]] - hyd.pressure_bar[n.from_junction[b]]);
      }
      if (kind == BranchKind::pipe && thermal) w.member("heat_loss_w", th.branch_heat_loss_w[b]);
      w.member("idx", c.branch_idx[b]);
      if (kind == BranchKind::pipe) w.member("lambda", hyd.friction_factor[b]);
      w.member("mdot_kg_per_s", hyd.mdot_kg_per_s[b]);
      if (kind == BranchKind::pipe) w.member("reynolds", hyd.reynolds[b]);
      if (thermal) {
        w.member("t_from_k", th.branch_t_from_k[b]);
        w.member("t_out_k", th.branch_t_out_k[b]);
        w.member("t_to_k", th.branch_t_to_k[b]);
      }
      w.member("v_mean_m_per_s", hyd.v_mean_m_per_s[b]);
      w.end_object();
    }
    w.end_array();
  };
  const auto has = [&](BranchKind kind) { return std::find(n.kind.begin(), n.kind.end(), kind) != n.kind.end(); };
  w.key("pipes");
  branches(BranchKind::pipe);
  if (has(BranchKind::pump)) {
    w.key("pumps");
    branches(BranchKind::pump);
  }
  w.member("thermal_model", s.thermal_options.pipe_model == PipeThermalModel::exact ? "exact" : "sections");
  if (has(BranchKind::valve)) {
    w.key("valves");
    branches(BranchKind::valve);
  }
  w.end_object();
  out += '\n';
  return out;
}

std::string case_solution_text(const FlatCase& c, const CaseSolution& s) {
  const auto& n = c.network;
  const auto& hyd = s.result.hydraulic;
  const auto& th = s.result.thermal;
  const bool thermal = case_has_thermal(c) && hyd.report.converged;
  std::string out =
      fmt::format("case {}: {} junctions, {} branches, friction {}\n", c.folder.string(), n.junction_count(),
                  n.branch_count(), friction_model_name(s.hydraulic_options.friction));
  out += hyd.report.converged ? fmt::format("converged in {} Newton iterations\n", hyd.report.iterations)
                              : fmt::format("NOT CONVERGED: {}\n", hyd.report.message);
  out += fmt::format("\n{:>6} {:<20} {:>12} {:>12}{}\n", "idx", "junction", "p [bar]", "p_ref [bar]",
                     thermal ? fmt::format(" {:>10}", "T [K]") : "");
  for (std::size_t j = 0; j < n.junction_count(); ++j) {
    out += fmt::format("{:>6} {:<20} {:>12.5f} {:>12}{}\n", c.junction_idx[j], n.junction_id[j], hyd.pressure_bar[j],
                       std::isnan(c.p_ref_bar[j]) ? std::string("-") : fmt::format("{:.5f}", c.p_ref_bar[j]),
                       thermal ? fmt::format(" {:>10.3f}", th.junction_t_k[j]) : "");
  }
  out += fmt::format("\n{:>6} {:<24} {:>12} {:>12} {:>12}{}\n", "idx", "branch", "mdot [kg/s]", "v [m/s]",
                     "v_ref [m/s]", thermal ? fmt::format(" {:>10}", "T_out [K]") : "");
  for (std::size_t b = 0; b < n.branch_count(); ++b) {
    out += fmt::format("{:>6} {:<24} {:>12.5f} {:>12.5f} {:>12}{}\n", c.branch_idx[b], n.branch_id[b],
                       hyd.mdot_kg_per_s[b], hyd.v_mean_m_per_s[b],
                       std::isnan(c.v_ref_m_per_s[b]) ? std::string("-") : fmt::format("{:.4f}", c.v_ref_m_per_s[b]),
                       thermal ? fmt::format(" {:>10.3f}", th.branch_t_out_k[b]) : "");
  }
  if (thermal) {
    out += fmt::format(
        "\nenergy balance: boundary {:.1f} W = withdrawn {:.1f} W + pipe losses {:.1f} W "
        "(error {:.2e} W)\n",
        th.boundary_heat_w, th.withdrawn_heat_w, th.heat_loss_w, th.balance_error_w);
  }
  const CaseComparison cmp = compare_with_references(c, s);
  if (cmp.p_count + cmp.v_count + cmp.t_count + cmp.pump_count > 0) {
    out += "\ncomparison with the case's reference values:\n";
    if (cmp.p_count)
      out +=
          fmt::format("  pressure: max |1 − p/p_ref| = {:.2e} over {} junctions\n", cmp.max_p_rel_error, cmp.p_count);
    if (cmp.v_count)
      out += fmt::format("  velocity: max |v − v_ref| = {:.4f} m/s over {} branches\n", cmp.max_v_abs_error_m_per_s,
                         cmp.v_count);
    if (cmp.pump_count)
      out += fmt::format("  pumps: max |Δp − Δp_ref| = {:.4f} bar over {} pumps\n", cmp.max_pump_dp_abs_error_bar,
                         cmp.pump_count);
    if (cmp.t_count)
      out += fmt::format("  temperature: max |1 − T/T_ref| = {:.2e} over {} pipe sections\n", cmp.max_t_rel_error,
                         cmp.t_count);
  }
  return out;
}

}  // namespace heattwin::solvers::network
