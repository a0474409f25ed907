/// Validation of the network solver against every case of the flat CSV reference set
/// (data/reference/networks/pandapipes_stanet/flat: STANET and OpenModelica results published
/// with pandapipes). Every folder with a junctions.csv is solved; tolerances are those of the
/// pandapipes comparison tests as recorded in data/reference/networks/CASES.md (per family, with
/// the per-case values stated there). Each comparison prints one VALIDATION line.

#include "solvers/network/case_report.hpp"
#include "solvers/network/epanet_inp.hpp"
#include "tests/unit/validation_line.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <numbers>
#include <string>
#include <vector>

namespace net = heattwin::solvers::network;
namespace fs = std::filesystem;

namespace {

const fs::path FLAT_ROOT = fs::path(HEATTWIN_REFERENCE_DATA_DIR) / "networks/pandapipes_stanet/flat";

struct Tolerance {
  double p_rel = 2e-3;        ///< max |1 − p/p_ref|
  double v_abs = 0.03;        ///< max |v − v_ref| in m/s
  double t_rel = 0.004;       ///< max |1 − T/T_ref| over pipe sections (kelvin)
  double pump_dp_bar = 0.02;  ///< max |Δp − Δp_ref| of pumps
};

/// Tolerances by family, with the per-case values that CASES.md lists from the pandapipes tests.
Tolerance tolerance_for(const std::string& relative) {
  Tolerance t;
  auto ends = [&](const std::string& suffix) {
    return relative.size() >= suffix.size() &&
           relative.compare(relative.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (relative.rfind("stanet_water_cases/", 0) == 0) {
    if (ends("strand_net/strand_net_PC")) t.p_rel = 1e-2;
    if (ends("combined_networks/district_PC")) t.p_rel = 3e-2;
    if (ends("two_valves_N") || ends("two_valves_PC")) {
      t.p_rel = 1e-3;
      t.v_abs = 1e-3;
    }
    return t;
  }
  if (relative.rfind("openmodelica/heat_transfer_cases/", 0) == 0) {
    t.p_rel = 0.01;
    t.v_abs = 0.05;
    const std::map<std::string, std::pair<double, double>> per_case{
        // case: {T rel, p rel}
        {"one_pipe", {0.004, 0.01}},  {"two_pipes", {0.004, 0.01}},
        {"one_source", {0.04, 0.01}}, {"t_cross", {0.007, 0.01}},
        {"delta", {0.007, 0.05}},     {"delta_2sinks", {0.007, 0.02}},
        {"heights", {0.0065, 0.02}},  {"section_variation", {0.03, 0.022}}};
    const auto it = per_case.find(fs::path(relative).filename().string());
    if (it != per_case.end()) {
      t.t_rel = it->second.first;
      t.p_rel = it->second.second;
    }
    return t;
  }
  // OpenModelica water cases.
  t.p_rel = 0.01;
  t.v_abs = 0.05;
  if (ends("versatility")) t.p_rel = 0.04;
  if (ends("pumps")) t.p_rel = 0.02;
  if (ends("swamee-jain/t_cross/t_cross")) t.p_rel = 0.02;
  if (ends("t_cross/valves")) t.p_rel = 0.4;
  return t;
}

std::vector<fs::path> all_cases() {
  std::vector<fs::path> cases;
  if (!fs::exists(FLAT_ROOT)) return cases;
  for (const auto& entry : fs::recursive_directory_iterator(FLAT_ROOT)) {
    if (entry.is_regular_file() && entry.path().filename() == "junctions.csv")
      cases.push_back(entry.path().parent_path());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

/// Prints the comparison's VALIDATION line and asserts it (tests/unit/validation_line.hpp).
void check_line(const std::string& name, const char* quantity, double error, double tolerance, std::size_t count) {
  heattwin::test::ValidationLine("network", name, quantity).field("n", count).at_most("max_err", error, tolerance);
}

}  // namespace

TEST(NetworkValidation, EveryFlatReferenceCaseWithinItsTolerance) {
  const auto cases = all_cases();
  ASSERT_GE(cases.size(), 60U) << "reference cases not found under " << FLAT_ROOT;
  for (const fs::path& folder : cases) {
    const std::string relative = fs::relative(folder, FLAT_ROOT).generic_string();
    SCOPED_TRACE(relative);
    const net::FlatCase flat_case = net::read_flat_case(folder);
    net::HydraulicOptions hydraulic;
    hydraulic.friction = net::friction_model_of_case(folder).value_or(net::FrictionModel::colebrook);
    net::ThermalOptions thermal;
    thermal.pipe_model = net::PipeThermalModel::sections;  // the references' discretisation
    const net::CaseSolution solution = net::solve_case(flat_case, hydraulic, thermal);
    ASSERT_TRUE(solution.result.hydraulic.report.converged) << solution.result.hydraulic.report.message;
    const net::CaseComparison cmp = net::compare_with_references(flat_case, solution);
    const Tolerance tol = tolerance_for(relative);
    // Every case has reference pressures and velocities (and section temperatures with heat): a
    // comparison that finds nothing to compare must fail, not pass without a line.
    EXPECT_GT(cmp.p_count, 0U) << "no junction pressure compared";
    EXPECT_GT(cmp.v_count, 0U) << "no velocity compared";
    if (net::case_has_thermal(flat_case)) {
      EXPECT_GT(cmp.t_count, 0U) << "no section temperature compared";
    }
    if (cmp.p_count > 0) {
      check_line(relative, "p_rel", cmp.max_p_rel_error, tol.p_rel, cmp.p_count);
    }
    if (cmp.v_count > 0) {
      check_line(relative, "v_abs_m_per_s", cmp.max_v_abs_error_m_per_s, tol.v_abs, cmp.v_count);
    }
    if (cmp.pump_count > 0) {
      check_line(relative, "pump_dp_bar", cmp.max_pump_dp_abs_error_bar, tol.pump_dp_bar, cmp.pump_count);
    }
    if (cmp.t_count > 0) {
      check_line(relative, "t_section_rel", cmp.max_t_rel_error, tol.t_rel, cmp.t_count);
    }
    if (net::case_has_thermal(flat_case)) {
      const auto& th = solution.result.thermal;
      const double relative_balance = std::abs(th.balance_error_w) / th.boundary_heat_w;
      check_line(relative, "energy_balance_rel", relative_balance, 1e-12, 1);
    }
  }
}

// Analytic temperature cases (pandapipes test data Temperature_*_an.csv, described in CASES.md):
// α = 5 W/(m²K), D = 0.075 m, c_p = 4182 J/(kg·K), T_ext = 293 K; the exact pipe model must
// reproduce the analytic exponential decay and the mixing temperatures.
namespace {
net::PipeNetwork analytic_base() {
  net::PipeNetwork n;
  n.fluid = net::FluidProperties::constant("analytic water", 1000.0, 1e-3, 4182.0);
  return n;
}
void add_analytic_pipe(net::PipeNetwork& n, const char* id, std::uint32_t from, std::uint32_t to, double length_m) {
  n.add_pipe(id, from, to, length_m, 0.075, 1e-4, 0.0, 5.0, 293.0, 1);
}
void expect_t(const char* name, const char* what, double t, double ref) {
  const double err = std::abs(1.0 - t / ref);
  heattwin::test::ValidationLine("network_analytic", name, what)
      .field("n", 1)
      .field("model_k", t, 9)
      .field("ref_k", ref, 9)
      .at_most("max_err", err, 1e-6);
}
}  // namespace

TEST(NetworkValidation, AnalyticOnePipeTemperatureProfile) {
  // j0 → j1 … j6, 1 km each (the 6 sections of the 6 km pipe), ext grid 330 K, sink 1 kg/s.
  net::PipeNetwork n = analytic_base();
  for (int i = 0; i <= 6; ++i) n.add_junction("j" + std::to_string(i), 0.0, 330.0);
  for (std::uint32_t i = 0; i < 6; ++i) add_analytic_pipe(n, "p", i, i + 1, 1000.0);
  n.fixed_pressure_bar[0] = 5.0;
  n.fixed_t_k[0] = 330.0;
  n.withdrawal_kg_per_s[6] = 1.0;
  const auto result = net::solve_coupled(n, {}, {});
  const double ref[] = {330, 320.9163141, 314.0627188, 308.8917155, 304.9902195, 302.0465604, 299.8255844};
  for (int i = 0; i <= 6; ++i)
    expect_t("one_pipe", ("T_j" + std::to_string(i)).c_str(), result.thermal.junction_t_k[i], ref[i]);
}

TEST(NetworkValidation, AnalyticTwoFeedsTwoSinksMixing) {
  // 2zu_2ab: ext 350 K at j0 and 300 K at j1 (5 bar both), pipes j0→j2, j1→j2, j2→j3, j2→j4,
  // 2.5 km each, sinks 1 kg/s at j3 and j4. By symmetry each feed carries 1 kg/s only if the
  // hydraulics split evenly, which they do (same pipes, same pressures).
  net::PipeNetwork n = analytic_base();
  for (int i = 0; i <= 4; ++i) n.add_junction("j" + std::to_string(i), 0.0, 320.0);
  add_analytic_pipe(n, "p0", 0, 2, 2500.0);
  add_analytic_pipe(n, "p1", 1, 2, 2500.0);
  add_analytic_pipe(n, "p2", 2, 3, 2500.0);
  add_analytic_pipe(n, "p3", 2, 4, 2500.0);
  n.fixed_pressure_bar[0] = n.fixed_pressure_bar[1] = 5.0;
  n.fixed_t_k[0] = 350.0;
  n.fixed_t_k[1] = 300.0;
  n.withdrawal_kg_per_s[3] = n.withdrawal_kg_per_s[4] = 1.0;
  const auto result = net::solve_coupled(n, {}, {});
  expect_t("2zu_2ab", "T_mix_j2", result.thermal.junction_t_k[2], 308.823074);
  expect_t("2zu_2ab", "T_j3", result.thermal.junction_t_k[3], 300.8240523);
  expect_t("2zu_2ab", "T_j4", result.thermal.junction_t_k[4], 300.8240523);
}

TEST(NetworkValidation, AnalyticTeeOneFeedTwoSinks) {
  // tee_2ab_1zu: j0→j1, j1→j2, j1→j3 (2.5 km), ext 350 K at j0, sinks 1 kg/s at j2 and j3.
  net::PipeNetwork n = analytic_base();
  for (int i = 0; i <= 3; ++i) n.add_junction("j" + std::to_string(i), 0.0, 320.0);
  add_analytic_pipe(n, "p0", 0, 1, 2500.0);
  add_analytic_pipe(n, "p1", 1, 2, 2500.0);
  add_analytic_pipe(n, "p2", 1, 3, 2500.0);
  n.fixed_pressure_bar[0] = 5.0;
  n.fixed_t_k[0] = 350.0;
  n.withdrawal_kg_per_s[2] = n.withdrawal_kg_per_s[3] = 1.0;
  const auto result = net::solve_coupled(n, {}, {});
  expect_t("tee_2ab_1zu", "T_j1", result.thermal.junction_t_k[1], 333.0816228);
  expect_t("tee_2ab_1zu", "T_j2", result.thermal.junction_t_k[2], 312.8192027);
  expect_t("tee_2ab_1zu", "T_j3", result.thermal.junction_t_k[3], 312.8192027);
}

// Factor reuse (HydraulicOptions::max_factor_reuse, chord steps on the last factorisation) and
// the warm-started Colebrook are the defaults since issue 21; they must give the states of the
// solver before (plain Newton with a factorisation in every iteration, cold Colebrook) to 1e-9
// relative on every reference case: each junction pressure within 1e-9 of the case's largest
// pressure, each flow within 1e-9 of the case's largest flow.
namespace {
struct StateDifference {
  double p_rel = 0.0, m_rel = 0.0;
};
StateDifference state_difference(const net::HydraulicState& a, const net::HydraulicState& b) {
  StateDifference d;
  double p_scale = 0.0, m_scale = 0.0;
  for (double p : b.pressure_bar)
    if (std::isfinite(p)) p_scale = std::max(p_scale, std::abs(p));
  for (double m : b.mdot_kg_per_s) m_scale = std::max(m_scale, std::abs(m));
  for (std::size_t j = 0; j < a.pressure_bar.size(); ++j) {
    if (!std::isfinite(b.pressure_bar[j])) continue;
    d.p_rel = std::max(d.p_rel, std::abs(a.pressure_bar[j] - b.pressure_bar[j]) / std::max(p_scale, 1e-300));
  }
  for (std::size_t k = 0; k < a.mdot_kg_per_s.size(); ++k) {
    d.m_rel = std::max(d.m_rel, std::abs(a.mdot_kg_per_s[k] - b.mdot_kg_per_s[k]) / std::max(m_scale, 1e-300));
  }
  return d;
}
}  // namespace

TEST(NetworkValidation, FactorReuseGivesPlainNewtonsStates) {
  const auto cases = all_cases();
  ASSERT_GE(cases.size(), 60U) << "reference cases not found under " << FLAT_ROOT;
  StateDifference worst;
  for (const fs::path& folder : cases) {
    const std::string relative = fs::relative(folder, FLAT_ROOT).generic_string();
    SCOPED_TRACE(relative);
    const net::FlatCase flat_case = net::read_flat_case(folder);
    net::HydraulicOptions plain;
    plain.friction = net::friction_model_of_case(folder).value_or(net::FrictionModel::colebrook);
    plain.direct_tree_path = false;  // the tree path has no factorisation to reuse
    plain.max_factor_reuse = 0;
    plain.colebrook_warm_start = false;
    net::HydraulicOptions reuse = plain;
    reuse.max_factor_reuse = net::HydraulicOptions{}.max_factor_reuse;
    reuse.colebrook_warm_start = true;
    ASSERT_GT(reuse.max_factor_reuse, 0);
    net::ThermalOptions thermal;
    thermal.pipe_model = net::PipeThermalModel::sections;
    const auto a = net::solve_case(flat_case, reuse, thermal).result.hydraulic;
    const auto b = net::solve_case(flat_case, plain, thermal).result.hydraulic;
    ASSERT_TRUE(a.report.converged && b.report.converged);
    const StateDifference d = state_difference(a, b);
    worst.p_rel = std::max(worst.p_rel, d.p_rel);
    worst.m_rel = std::max(worst.m_rel, d.m_rel);
  }
  heattwin::test::ValidationLine("network_factor_reuse", "flat_cases", "p_rel_vs_plain_newton")
      .field("n", cases.size())
      .at_most("max_err", worst.p_rel, 1e-9);
  heattwin::test::ValidationLine("network_factor_reuse", "flat_cases", "mdot_rel_vs_plain_newton")
      .field("n", cases.size())
      .at_most("max_err", worst.m_rel, 1e-9);

  // EPANET's example networks (Hazen–Williams, pumps, tanks).
  const fs::path epanet_root = fs::path(HEATTWIN_REFERENCE_DATA_DIR) / "networks/epanet";
  StateDifference worst_epanet;
  std::size_t epanet_cases = 0;
  for (const auto& entry : fs::directory_iterator(epanet_root)) {
    if (entry.path().extension() != ".inp") continue;
    SCOPED_TRACE(entry.path().filename().string());
    ++epanet_cases;
    const net::EpanetCase c = net::read_epanet_inp(entry.path().string());
    net::HydraulicOptions plain;
    plain.friction = c.head_loss == "H-W" ? net::FrictionModel::hazen_williams : net::FrictionModel::colebrook;
    plain.direct_tree_path = false;
    plain.max_factor_reuse = 0;
    plain.colebrook_warm_start = false;
    net::HydraulicOptions reuse = plain;
    reuse.max_factor_reuse = net::HydraulicOptions{}.max_factor_reuse;
    reuse.colebrook_warm_start = true;
    const auto a = net::solve_hydraulics(c.network, reuse);
    const auto b = net::solve_hydraulics(c.network, plain);
    ASSERT_TRUE(a.report.converged && b.report.converged);
    const StateDifference d = state_difference(a, b);
    worst_epanet.p_rel = std::max(worst_epanet.p_rel, d.p_rel);
    worst_epanet.m_rel = std::max(worst_epanet.m_rel, d.m_rel);
  }
  ASSERT_GE(epanet_cases, 3U);
  heattwin::test::ValidationLine("network_factor_reuse", "epanet_examples", "p_rel_vs_plain_newton")
      .field("n", epanet_cases)
      .at_most("max_err", worst_epanet.p_rel, 1e-9);
  heattwin::test::ValidationLine("network_factor_reuse", "epanet_examples", "mdot_rel_vs_plain_newton")
      .field("n", epanet_cases)
      .at_most("max_err", worst_epanet.m_rel, 1e-9);
}

// The same for warm-started hours (where the first step of every hour reuses the previous
// hour's factorisation): a meshed 24 × 24 street grid with four plants, 48 hours of a daily
// demand profile, every hour compared.
TEST(NetworkValidation, FactorReuseGivesPlainNewtonsStatesInAWarmStartedSeries) {
  constexpr int SIDE = 24;
  net::PipeNetwork n;
  for (int r = 0; r < SIDE; ++r)
    for (int c = 0; c < SIDE; ++c)
      n.add_junction("j" + std::to_string(r * SIDE + c), 0.03 * ((r * 7 + c * 3) % 5), 353.15);
  for (int r = 0; r < SIDE; ++r) {
    for (int c = 0; c < SIDE; ++c) {
      const auto j = static_cast<std::uint32_t>(r * SIDE + c);
      const double d = (r + c) % 3 == 0 ? 0.1071 : 0.0703;
      if (c + 1 < SIDE) n.add_pipe("h" + std::to_string(j), j, j + 1, 60.0, d, 1e-5, 0.0, 0.4, 283.15);
      if (r + 1 < SIDE) n.add_pipe("v" + std::to_string(j), j, j + SIDE, 60.0, d, 1e-5, 0.0, 0.4, 283.15);
      if ((r == 3 || r == 20) && (c == 3 || c == 20)) {
        n.fixed_pressure_bar[j] = 6.0;
      } else {
        n.withdrawal_kg_per_s[j] = 0.03 + 0.05 * static_cast<double>((j * 2654435761U) % 1000U) / 1000.0;
      }
    }
  }
  const std::vector<double> base = n.withdrawal_kg_per_s;
  net::HydraulicOptions plain;
  plain.max_factor_reuse = 0;
  plain.colebrook_warm_start = false;
  net::HydraulicSolver with_reuse(n, {}), without(n, plain);
  net::HydraulicState a, b;
  StateDifference worst;
  int factorizations_a = 0, factorizations_b = 0;
  for (int h = 0; h < 48; ++h) {
    const double factor = 0.55 + 0.45 * std::sin(2.0 * std::numbers::pi * (h % 24) / 24.0) + 0.01 * (h % 5);
    for (std::size_t j = 0; j < base.size(); ++j) n.withdrawal_kg_per_s[j] = base[j] * factor;
    a = with_reuse.solve({}, h == 0 ? nullptr : &a);
    b = without.solve({}, h == 0 ? nullptr : &b);
    ASSERT_TRUE(a.report.converged && b.report.converged) << "hour " << h;
    factorizations_a += a.factorizations;
    factorizations_b += b.factorizations;
    const StateDifference d = state_difference(a, b);
    worst.p_rel = std::max(worst.p_rel, d.p_rel);
    worst.m_rel = std::max(worst.m_rel, d.m_rel);
  }
  EXPECT_LT(factorizations_a, factorizations_b);  // the point of reusing
  heattwin::test::ValidationLine("network_factor_reuse", "grid_24x24_48h", "p_rel_vs_plain_newton")
      .field("n", 48)
      .at_most("max_err", worst.p_rel, 1e-9);
  heattwin::test::ValidationLine("network_factor_reuse", "grid_24x24_48h", "mdot_rel_vs_plain_newton")
      .field("n", 48)
      .at_most("max_err", worst.m_rel, 1e-9);
}
