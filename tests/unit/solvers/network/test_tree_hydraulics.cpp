/// The direct tree path of the hydraulics (one pass up for the flows, one pass down for the
/// pressures) against the general Newton solver: on every flat reference case that is a tree
/// (data/reference/networks/pandapipes_stanet/flat) and on random generated trees with pumps,
/// valves, heights, injections and several plants, both must give the same state to 1e-9 relative.

#include "solvers/network/flat_case.hpp"
#include "solvers/network/hydraulics.hpp"
#include "tests/unit/validation_line.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace net = heattwin::solvers::network;
namespace fs = std::filesystem;

namespace {

constexpr double REL_TOL = 1e-9;

/// Branches whose flow is below this carry no relative information: Newton resolves flows only to
/// its absolute tolerance (1e-8 kg/s), and λ, Re and v of a nearly stagnant pipe follow that
/// error. Their flows are compared absolutely instead (FlowDifferences::small_abs).
constexpr double SIGNIFICANT_FLOW_KG_PER_S = 1e-6;

/// Largest |a − b| / max(|a|, |b|) over the entries where `compare` is set (NaN must match NaN).
double max_relative_difference(const std::vector<double>& a, const std::vector<double>& b,
                               const std::vector<std::uint8_t>& compare) {
  EXPECT_EQ(a.size(), b.size());
  double worst = 0.0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (!compare.empty() && !compare[i]) continue;
    if (std::isnan(a[i]) || std::isnan(b[i])) {
      if (std::isnan(a[i]) != std::isnan(b[i])) worst = std::numeric_limits<double>::infinity();
      continue;
    }
    const double scale = std::max(std::abs(a[i]), std::abs(b[i]));
    if (scale > 0.0) worst = std::max(worst, std::abs(a[i] - b[i]) / scale);
  }
  return worst;
}

struct Differences {
  double pressure = 0.0, flow = 0.0, velocity = 0.0, friction = 0.0, boundary = 0.0;
  double small_flow_abs = 0.0;  ///< largest |Δṁ| (kg/s) of the branches below SIGNIFICANT_FLOW_KG_PER_S
  std::size_t significant = 0, small = 0;
};

/// Solves `network` by the tree path and by Newton; returns the differences.
Differences compare_paths(const net::PipeNetwork& network, net::HydraulicOptions options,
                          std::span<const double> branch_t_k = {}) {
  options.direct_tree_path = true;
  net::HydraulicSolver tree(network, options);
  EXPECT_TRUE(tree.uses_tree_path());
  const net::HydraulicState direct = tree.solve(branch_t_k);
  // Today's general solver: Newton with a factorisation in every iteration, run to 1e-10 of the
  // flows (its default 1e-7 would mask the comparison at 1e-9; in a tree its flows are exact
  // after the first step and the further steps only settle the pressures).
  options.direct_tree_path = false;
  options.max_factor_reuse = 0;
  options.relative_flow_tolerance = 1e-10;
  options.flow_tolerance_kg_per_s = 1e-12;
  net::HydraulicSolver general(network, options);
  EXPECT_FALSE(general.uses_tree_path());
  const net::HydraulicState newton = general.solve(branch_t_k);
  EXPECT_TRUE(direct.report.converged);
  EXPECT_TRUE(newton.report.converged) << newton.report.message;
  EXPECT_EQ(direct.junction_active, newton.junction_active);
  Differences d;
  std::vector<std::uint8_t> significant(network.branch_count(), 0);
  for (std::size_t b = 0; b < significant.size(); ++b) {
    significant[b] = std::abs(direct.mdot_kg_per_s[b]) >= SIGNIFICANT_FLOW_KG_PER_S ? 1 : 0;
    if (significant[b]) {
      ++d.significant;
    } else {
      ++d.small;
      d.small_flow_abs = std::max(d.small_flow_abs, std::abs(direct.mdot_kg_per_s[b] - newton.mdot_kg_per_s[b]));
    }
  }
  std::vector<std::uint8_t> boundary(network.junction_count(), 0);
  for (std::size_t j = 0; j < boundary.size(); ++j) {
    boundary[j] = std::abs(direct.boundary_inflow_kg_per_s[j]) >= SIGNIFICANT_FLOW_KG_PER_S ? 1 : 0;
  }
  d.pressure = max_relative_difference(direct.pressure_bar, newton.pressure_bar, {});
  d.flow = max_relative_difference(direct.mdot_kg_per_s, newton.mdot_kg_per_s, significant);
  d.velocity = max_relative_difference(direct.v_mean_m_per_s, newton.v_mean_m_per_s, significant);
  d.friction = max_relative_difference(direct.friction_factor, newton.friction_factor, significant);
  d.boundary = max_relative_difference(direct.boundary_inflow_kg_per_s, newton.boundary_inflow_kg_per_s, boundary);
  return d;
}

void check(const std::string& name, const Differences& d) {
  using heattwin::test::ValidationLine;
  ValidationLine("network_tree", name, "p_rel_vs_newton").at_most("max_err", d.pressure, REL_TOL);
  ValidationLine("network_tree", name, "mdot_rel_vs_newton")
      .field("n", d.significant)
      .at_most("max_err", d.flow, REL_TOL);
  ValidationLine("network_tree", name, "v_rel_vs_newton").at_most("max_err", d.velocity, REL_TOL);
  ValidationLine("network_tree", name, "lambda_rel_vs_newton").at_most("max_err", d.friction, REL_TOL);
  ValidationLine("network_tree", name, "boundary_rel_vs_newton").at_most("max_err", d.boundary, REL_TOL);
  // Nearly stagnant branches: within Newton's own absolute flow tolerance (1e-8 kg/s).
  ValidationLine("network_tree", name, "small_mdot_abs_vs_newton")
      .field("n", d.small)
      .at_most("max_err_kg_per_s", d.small_flow_abs, 1e-8);
}

/// A random tree of `n` junctions: each new junction hangs on a random earlier one through a
/// pipe (random orientation, length, diameter, roughness, local loss), some through a valve or a
/// pump; heights 0 … 40 m; a withdrawal at every junction, a few injections; `plants` separate trees (a forest),
/// each rooted at a fixed pressure; one isolated junction without demand.
net::PipeNetwork random_tree(std::uint32_t seed, std::size_t n, std::size_t plants) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  net::PipeNetwork net;
  net.fluid = net::FluidProperties::water();
  for (std::size_t j = 0; j < n; ++j) {
    const auto k = static_cast<std::uint32_t>(net.add_junction("j" + std::to_string(j), 40.0 * unit(rng), 340.0));
    if (j < plants) {
      net.fixed_pressure_bar[k] = 4.0 + 4.0 * unit(rng);
      continue;
    }
    // Every junction draws some flow: a pump or valve ending in a subtree without net demand
    // carries exactly zero flow, where the pump law jumps (lift only for forward flow) and
    // Newton's noise flow of either sign picks either branch of it.
    net.withdrawal_kg_per_s[k] = 0.001 + 0.05 * unit(rng);
    if (unit(rng) < 0.05) net.injection_kg_per_s[k] = 0.3 * unit(rng);
    const auto parent = static_cast<std::uint32_t>(
        j < 2 * plants ? j - plants : static_cast<std::size_t>(unit(rng) * static_cast<double>(j)));
    const bool forward = unit(rng) < 0.7;
    const std::uint32_t from = forward ? parent : k;
    const std::uint32_t to = forward ? k : parent;
    const double kind = unit(rng);
    const std::string id = "b" + std::to_string(j);
    if (kind < 0.05) {
      net.add_valve(id, from, to, 0.05 + 0.2 * unit(rng), 0.5 + 5.0 * unit(rng));
    } else if (kind < 0.08 && forward) {
      net.add_pump(id, from, to, {-0.002 * unit(rng), 0.0, 0.5 + unit(rng)});
    } else {
      net.add_pipe(id, from, to, 10.0 + 300.0 * unit(rng), 0.02 + 0.3 * unit(rng), 1e-5 + 1e-4 * unit(rng),
                   unit(rng) < 0.3 ? 2.0 * unit(rng) : 0.0);
    }
  }
  net.add_junction("isolated", 3.0, 340.0);  // no branch, no demand: left out (NaN) by both paths
  return net;
}

}  // namespace

TEST(TreeHydraulics, EqualsNewtonOnEveryTreeShapedReferenceCase) {
  const fs::path root = fs::path(HEATTWIN_REFERENCE_DATA_DIR) / "networks/pandapipes_stanet/flat";
  std::vector<fs::path> cases;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().filename() == "junctions.csv")
      cases.push_back(entry.path().parent_path());
  }
  std::sort(cases.begin(), cases.end());
  ASSERT_GE(cases.size(), 60U) << "reference cases not found under " << root;
  std::size_t trees = 0;
  for (const fs::path& folder : cases) {
    const std::string relative = fs::relative(folder, root).generic_string();
    SCOPED_TRACE(relative);
    const net::FlatCase flat_case = net::read_flat_case(folder);
    net::HydraulicOptions options;
    options.friction = net::friction_model_of_case(folder).value_or(net::FrictionModel::colebrook);
    if (!net::HydraulicSolver(flat_case.network, options).uses_tree_path()) continue;
    ++trees;
    check(relative, compare_paths(flat_case.network, options));
  }
  // The set holds strand nets, single pipes and heat-transfer cases that are trees.
  EXPECT_GE(trees, 10U);
}

TEST(TreeHydraulics, EqualsNewtonOnRandomTreesWithPumpsValvesHeightsAndSeveralPlants) {
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    const std::size_t n = seed <= 10 ? 30 : 400;
    const std::size_t plants = 1 + seed % 3;
    const net::PipeNetwork network = random_tree(seed, n, plants);
    net::HydraulicOptions options;
    options.friction = seed % 4 == 0 ? net::FrictionModel::swamee_jain : net::FrictionModel::colebrook;
    // Per-branch temperatures on half of the cases (density, viscosity and hydrostatics per branch).
    std::vector<double> branch_t(seed % 2 == 0 ? network.branch_count() : 0);
    for (std::size_t b = 0; b < branch_t.size(); ++b) branch_t[b] = 300.0 + 0.1 * static_cast<double>(b % 500);
    check("random_tree_seed" + std::to_string(seed), compare_paths(network, options, branch_t));
  }
}

TEST(TreeHydraulics, LoopsAndTwoPlantsInOnePartTakeNewton) {
  net::PipeNetwork ring = random_tree(7, 20, 1);
  ring.add_pipe("closing", 3, 9, 50.0, 0.1, 1e-5);
  EXPECT_FALSE(net::HydraulicSolver(ring, {}).uses_tree_path());
  net::PipeNetwork two_plants = random_tree(8, 20, 1);
  two_plants.fixed_pressure_bar[12] = 5.0;
  EXPECT_FALSE(net::HydraulicSolver(two_plants, {}).uses_tree_path());
  net::PipeNetwork parallel = random_tree(9, 20, 1);
  parallel.add_pipe("parallel", parallel.from_junction[5], parallel.to_junction[5], 50.0, 0.1, 1e-5);
  EXPECT_FALSE(net::HydraulicSolver(parallel, {}).uses_tree_path());
  EXPECT_TRUE(net::HydraulicSolver(random_tree(10, 20, 2), {}).uses_tree_path());
}
