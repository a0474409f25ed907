#include "solvers/network/hydraulics.hpp"

#include "solvers/network/separator_ldlt.hpp"

#include "twin/error.hpp"
#include "twin/log.hpp"
#include "twin/physical_constants.hpp"

#include <Eigen/Sparse>
#include <Eigen/SparseCholesky>

#include <fmt/format.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <numbers>
#include <string>
#include <utility>

namespace heattwin::solvers::network {

namespace {

constexpr double PA_PER_BAR = 1e5;
using twin::SECONDS_PER_HOUR;
/// Floor (Pa per kg/s) added to the Newton derivative of every branch so that zero-loss valves
/// and flat pump curves keep a finite, positive slope. It changes only the Jacobian, not the
/// branch law, so the converged solution is unaffected.
constexpr double REGULARISATION_PA_S_PER_KG = 1e-3;
/// Initial guess: every branch flows at this mean velocity from → to. Measured on the benchmark
/// street grids (docs/PERFORMANCE.md): 0.05 m/s needs 10 / 11 Newton iterations at 1e4 / 1e5
/// junctions where 0.5 m/s needed 12 / 14 (0.02: 11, 0.1: 11, 1.0: 13 at 1e4); flows carried
/// along a spanning tree from the plants were worse (13 / 14).
constexpr double INITIAL_VELOCITY_M_PER_S = 0.05;
/// Line search: at most this many step halvings per Newton iteration; a step is accepted when
/// it lowers the sum of squared energy residuals by the Armijo fraction.
constexpr int MAX_STEP_HALVINGS = 10;
constexpr double ARMIJO_FRACTION = 1e-4;
/// Largest correction (in tolerances) accepted as converged in the quadratic phase (see solve()).
constexpr double QUADRATIC_PHASE_CHANGE = 10.0;
/// Factor reuse (chord steps): only once the previous full step changed the flows by at most this
/// many tolerances (1e5 × 1e-7 = 1 % of a flow: the frozen slopes are then within about 1 % of
/// the true ones), and only while every step shrinks the change by at least REUSE_CONTRACTION.
constexpr double REUSE_BELOW_CHANGE = 1e5;
constexpr double REUSE_CONTRACTION = 0.25;

double evaluate_polynomial(const std::vector<double>& coefficients_highest_first, double x) {
  double y = 0.0;
  for (double c : coefficients_highest_first) y = y * x + c;
  return y;
}

double evaluate_polynomial_derivative(const std::vector<double>& coefficients_highest_first, double x) {
  double y = 0.0;
  const std::size_t degree = coefficients_highest_first.size() - 1;
  for (std::size_t i = 0; i < degree; ++i) {
    y = y * x + coefficients_highest_first[i] * static_cast<double>(degree - i);
  }
  return y;
}

/// Whether `a` and `b` hold the same values bit for bit (a vectorised comparison, unlike
/// operator==, which also stops at NaN; the cached properties are kept while their inputs are).
bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

std::string list_ids(const std::vector<std::string>& ids, const std::vector<std::size_t>& which) {
  std::string out;
  for (std::size_t i = 0; i < which.size() && i < 10; ++i) {
    out += (i ? ", '" : "'") + ids[which[i]] + "'";
  }
  if (which.size() > 10) out += fmt::format(" and {} more", which.size() - 10);
  return out;
}

}  // namespace

struct HydraulicSolver::Impl {
  const PipeNetwork& net;
  HydraulicOptions options;
  std::size_t nj = 0, nb = 0;
  std::vector<std::uint8_t> junction_active, branch_active;
  std::vector<std::int64_t> row_of_junction;  // −1: fixed pressure or isolated
  std::int64_t free_count = 0;
  std::vector<double> area_m2;
  Eigen::SparseMatrix<double> matrix;
  std::vector<std::int64_t> pos_ff, pos_tt, pos_ft, pos_tf;  // indices into matrix.valuePtr(), −1 = none
  // Eigen's SimplicialLDLT with AMD ordering for systems below SEPARATOR_LDLT_MIN_UNKNOWNS (or
  // when HydraulicOptions::separator_factorization is off or the separator is poor). CHOLMOD
  // (SuiteSparse 5.12) and METIS orderings were measured and not kept (docs/NETWORKS.md).
  Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>, Eigen::Lower> ldlt;
  // Large systems (HydraulicOptions::separator_factorization): split by a separator, two threads.
  SeparatorLdlt separator_ldlt;
  bool use_separator_ldlt = false;
  int factor_threads = 1;
  std::size_t isolated_count = 0;
  // Factor reuse: whether `ldlt` holds a valid factorisation, and the branch weights 1/slope it was built with.
  bool have_factor = false;
  std::vector<double> frozen_w;
  // Direct tree path (see hydraulics.hpp): the free junctions in breadth-first order from their
  // tree's fixed-pressure root, and the branch joining each to its parent.
  bool is_tree = false;
  std::vector<std::uint32_t> tree_order;
  std::vector<std::uint32_t> parent_branch;  // per junction; only those in tree_order are set
  // Water properties at the junctions' initial temperatures (solve() without branch
  // temperatures): computed once and kept while the initial temperatures and heights are those
  // they were computed from (hourly series solve the same network 8760 times).
  std::vector<double> default_rho, default_mu, default_z_pa;
  std::vector<double> default_initial_t_k, default_height_m;
  // Tree path: 1/√λ of each Darcy pipe's last Colebrook evaluation (by position in darcy_pipes),
  // the warm start of the next solve (HydraulicOptions::colebrook_warm_start).
  std::vector<double> tree_colebrook_x;
  // The active pipes with a Darcy law (all but Hazen–Williams), whose friction factors are
  // evaluated together (friction_factors: vector logarithms), with their k/D and their turbulent
  // λ at the end of the transition zone (≤ 0: not yet computed; it depends on k/D only, so it is
  // kept for the solver's life) by the same position; every other active branch (valves, pumps, Hazen–Williams pipes)
  // goes through branch_law one by one.
  std::vector<std::uint32_t> darcy_pipes, other_branches;
  // The junctions with a fixed pressure and the branches with an end at one (boundary_inflows).
  std::vector<std::uint32_t> fixed_junctions, branches_at_fixed;
  std::vector<double> darcy_rr, darcy_transition_lambda;
  // Per position in darcy_pipes, for the cached default properties (default_rho, default_mu): μ·A,
  // 1/(2ρA²) and L/D, the factors of Re and of the branch law (the same expressions as darcy_laws
  // forms per call, so the same bits); empty until the defaults are computed.
  std::vector<double> default_mu_area, default_law_c, default_l_over_d;
  // Per position in darcy_pipes: Re, λ and Re·dλ/dRe of the last evaluation (scratch).
  std::vector<double> darcy_re, darcy_lambda, darcy_re_slope;
  std::vector<FrictionBatchScratch> friction_scratch;  // one per thread
  std::vector<double> scratch_subtree;                 // tree_flows' subtree sums (storage kept between solves)
  // Pressures (Pa) of a solve and the tree path's branch-law results: storage kept between solves.
  std::vector<double> scratch_p_pa, scratch_re, scratch_lambda, scratch_loss;

  Impl(const PipeNetwork& network, HydraulicOptions opts) : net(network), options(opts) {
    check_network(net);
    HEATTWIN_CHECK(options.max_iterations >= 1, "hydraulics: max_iterations must be ≥ 1 (got {})",
                   options.max_iterations);
    HEATTWIN_CHECK(options.relative_flow_tolerance > 0.0 && options.relative_flow_tolerance < 1.0 &&
                       options.flow_tolerance_kg_per_s >= 0.0 && std::isfinite(options.flow_tolerance_kg_per_s),
                   "hydraulics: the flow tolerances must be 0 < relative < 1 and absolute ≥ 0 (got {} and {} kg/s)",
                   options.relative_flow_tolerance, options.flow_tolerance_kg_per_s);
    nj = net.junction_count();
    nb = net.branch_count();
    if (options.friction == FrictionModel::hazen_williams) {
      HEATTWIN_CHECK(net.hazen_williams_c.size() == nb,
                     "hydraulics: Hazen–Williams friction needs a C factor per branch ({} given for {} branches)",
                     net.hazen_williams_c.size(), nb);
      std::vector<std::size_t> bad;
      for (std::size_t b = 0; b < nb; ++b)
        if (net.kind[b] == BranchKind::pipe && !(net.hazen_williams_c[b] > 0.0)) bad.push_back(b);
      HEATTWIN_CHECK(bad.empty(), "{} pipe(s) have no positive Hazen–Williams C factor: {}", bad.size(),
                     list_ids(net.branch_id, bad));
    }
    find_active_parts();
    area_m2.resize(nb);
    for (std::size_t b = 0; b < nb; ++b) {
      area_m2[b] = std::numbers::pi / 4.0 * net.inner_diameter_m[b] * net.inner_diameter_m[b];
    }
    for (std::size_t b = 0; b < nb; ++b) {
      if (!branch_active[b]) continue;
      if (net.kind[b] == BranchKind::pipe && options.friction != FrictionModel::hazen_williams) {
        darcy_pipes.push_back(static_cast<std::uint32_t>(b));
        darcy_rr.push_back(net.roughness_m[b] / net.inner_diameter_m[b]);
      } else {
        other_branches.push_back(static_cast<std::uint32_t>(b));
      }
    }
    darcy_transition_lambda.assign(darcy_pipes.size(), 0.0);
    for (std::size_t j = 0; j < nj; ++j) {
      if (!std::isnan(net.fixed_pressure_bar[j])) fixed_junctions.push_back(static_cast<std::uint32_t>(j));
    }
    for (std::size_t b = 0; b < nb; ++b) {
      if (!std::isnan(net.fixed_pressure_bar[net.from_junction[b]]) ||
          !std::isnan(net.fixed_pressure_bar[net.to_junction[b]])) {
        branches_at_fixed.push_back(static_cast<std::uint32_t>(b));
      }
    }
    darcy_re.resize(darcy_pipes.size());
    darcy_lambda.resize(darcy_pipes.size());
    darcy_re_slope.resize(darcy_pipes.size());
#ifdef _OPENMP
    friction_scratch.resize(static_cast<std::size_t>(std::max(1, omp_get_max_threads())));
#else
    friction_scratch.resize(1);
#endif
    detect_tree();
    if (!is_tree) build_pattern();
  }

  /// Sets is_tree when every active part is a tree with exactly one fixed-pressure junction: a
  /// breadth-first search from each fixed junction must reach only unvisited free junctions.
  void detect_tree() {
    if (!options.direct_tree_path) return;
    std::vector<std::uint32_t> offset(nj + 1, 0), incident(2 * nb);
    for (std::size_t b = 0; b < nb; ++b) {
      if (!branch_active[b]) continue;
      ++offset[net.from_junction[b] + 1];
      ++offset[net.to_junction[b] + 1];
    }
    for (std::size_t j = 0; j < nj; ++j) offset[j + 1] += offset[j];
    std::vector<std::uint32_t> fill(offset.begin(), offset.end() - 1);
    for (std::size_t b = 0; b < nb; ++b) {
      if (!branch_active[b]) continue;
      incident[fill[net.from_junction[b]]++] = static_cast<std::uint32_t>(b);
      incident[fill[net.to_junction[b]]++] = static_cast<std::uint32_t>(b);
    }
    constexpr std::uint32_t NONE = std::numeric_limits<std::uint32_t>::max();
    std::vector<std::uint8_t> visited(nj, 0);
    parent_branch.assign(nj, NONE);
    tree_order.clear();
    tree_order.reserve(nj);
    for (std::size_t root = 0; root < nj; ++root) {
      if (std::isnan(net.fixed_pressure_bar[root])) continue;
      visited[root] = 1;
      const std::size_t begin = tree_order.size();
      // The queue is the root followed by this tree's part of tree_order.
      for (std::size_t head = begin;; ++head) {
        const std::uint32_t j = head == begin ? static_cast<std::uint32_t>(root) : tree_order[head - 1];
        for (std::uint32_t k = offset[j]; k < offset[j + 1]; ++k) {
          const std::uint32_t b = incident[k];
          if (b == parent_branch[j]) continue;
          const std::uint32_t other = net.from_junction[b] == j ? net.to_junction[b] : net.from_junction[b];
          // A visited junction (a loop, a parallel branch, a self-loop) or a second fixed
          // pressure (flows then depend on the pressures): not a tree.
          if (visited[other] || !std::isnan(net.fixed_pressure_bar[other])) {
            tree_order.clear();
            parent_branch.clear();
            return;
          }
          visited[other] = 1;
          parent_branch[other] = b;
          tree_order.push_back(other);
        }
        if (head == tree_order.size()) break;
      }
    }
    is_tree = true;
  }

  void find_active_parts() {
    // Breadth-first search from all fixed-pressure junctions over the branches.
    std::vector<std::uint32_t> offset(nj + 1, 0), incident(2 * nb);
    for (std::size_t b = 0; b < nb; ++b) {
      ++offset[net.from_junction[b] + 1];
      ++offset[net.to_junction[b] + 1];
    }
    for (std::size_t j = 0; j < nj; ++j) offset[j + 1] += offset[j];
    std::vector<std::uint32_t> fill(offset.begin(), offset.end() - 1);
    for (std::size_t b = 0; b < nb; ++b) {
      incident[fill[net.from_junction[b]]++] = static_cast<std::uint32_t>(b);
      incident[fill[net.to_junction[b]]++] = static_cast<std::uint32_t>(b);
    }
    junction_active.assign(nj, 0);
    std::vector<std::uint32_t> queue;
    for (std::size_t j = 0; j < nj; ++j) {
      if (!std::isnan(net.fixed_pressure_bar[j])) {
        junction_active[j] = 1;
        queue.push_back(static_cast<std::uint32_t>(j));
      }
    }
    for (std::size_t head = 0; head < queue.size(); ++head) {
      const std::uint32_t j = queue[head];
      for (std::uint32_t k = offset[j]; k < offset[j + 1]; ++k) {
        const std::uint32_t b = incident[k];
        const std::uint32_t other = net.from_junction[b] == j ? net.to_junction[b] : net.from_junction[b];
        if (!junction_active[other]) {
          junction_active[other] = 1;
          queue.push_back(other);
        }
      }
    }
    std::vector<std::size_t> stranded;
    for (std::size_t j = 0; j < nj; ++j) {
      if (junction_active[j]) continue;
      ++isolated_count;
      if (net.withdrawal_kg_per_s[j] > 0.0 || net.injection_kg_per_s[j] > 0.0) stranded.push_back(j);
    }
    HEATTWIN_CHECK(stranded.empty(),
                   "{} junction(s) with a demand or feed have no connection to any junction with a fixed pressure "
                   "(external grid / plant): {}; connect them or remove their demand",
                   stranded.size(), list_ids(net.junction_id, stranded));
    if (isolated_count > 0) {
      logger("network")->warn(
          "{} junction(s) are not connected to any fixed pressure and carry no demand; "
          "they are left out of the solve (pressure NaN)",
          isolated_count);
    }
    branch_active.assign(nb, 0);
    for (std::size_t b = 0; b < nb; ++b) branch_active[b] = junction_active[net.from_junction[b]];
    row_of_junction.assign(nj, -1);
    for (std::size_t j = 0; j < nj; ++j) {
      if (junction_active[j] && std::isnan(net.fixed_pressure_bar[j])) row_of_junction[j] = free_count++;
    }
  }

  std::int64_t value_position(std::int64_t row, std::int64_t col) const {
    const auto* outer = matrix.outerIndexPtr();
    const auto* inner = matrix.innerIndexPtr();
    const auto* begin = inner + outer[col];
    const auto* end = inner + outer[col + 1];
    const auto* it = std::lower_bound(begin, end, static_cast<int>(row));
    HEATTWIN_ASSERT(it != end && *it == row);
    return it - inner;
  }

  void build_pattern() {
    if (free_count == 0) return;
    std::vector<Eigen::Triplet<double>> triplets;
    triplets.reserve(static_cast<std::size_t>(free_count) + 2 * nb);
    for (std::int64_t r = 0; r < free_count; ++r) triplets.emplace_back(r, r, 1.0);
    for (std::size_t b = 0; b < nb; ++b) {
      if (!branch_active[b]) continue;
      const std::int64_t rf = row_of_junction[net.from_junction[b]];
      const std::int64_t rt = row_of_junction[net.to_junction[b]];
      if (rf >= 0 && rt >= 0) {
        triplets.emplace_back(rf, rt, 1.0);
        triplets.emplace_back(rt, rf, 1.0);
      }
    }
    matrix.resize(free_count, free_count);
    matrix.setFromTriplets(triplets.begin(), triplets.end());
    matrix.makeCompressed();
    pos_ff.assign(nb, -1);
    pos_tt.assign(nb, -1);
    pos_ft.assign(nb, -1);
    pos_tf.assign(nb, -1);
    for (std::size_t b = 0; b < nb; ++b) {
      if (!branch_active[b]) continue;
      const std::int64_t rf = row_of_junction[net.from_junction[b]];
      const std::int64_t rt = row_of_junction[net.to_junction[b]];
      if (rf >= 0) pos_ff[b] = value_position(rf, rf);
      if (rt >= 0) pos_tt[b] = value_position(rt, rt);
      if (rf >= 0 && rt >= 0) {
        pos_ft[b] = value_position(rf, rt);
        pos_tf[b] = value_position(rt, rf);
      }
    }
    use_separator_ldlt =
        options.separator_factorization && free_count >= SEPARATOR_LDLT_MIN_UNKNOWNS && separator_ldlt.analyze(matrix);
    if (!use_separator_ldlt) ldlt.analyzePattern(matrix);
#ifdef _OPENMP
    factor_threads = std::min(2, omp_get_max_threads());
#endif
    frozen_w.assign(nb, 0.0);
  }

  /// Numeric factorisation of `matrix` by the factorisation build_pattern chose; false when it
  /// fails (a zero or negative pivot).
  bool factorize_matrix() {
    if (use_separator_ldlt) return separator_ldlt.factorize(matrix, factor_threads);
    ldlt.factorize(matrix);
    return ldlt.info() == Eigen::Success;
  }

  /// x = matrix⁻¹ b with the last factorisation.
  void solve_with_factor(const Eigen::VectorXd& b, Eigen::VectorXd& x) const {
    if (use_separator_ldlt) {
      separator_ldlt.solve(b, x);
    } else {
      x = ldlt.solve(b);
    }
  }

  /// Hazen–Williams pipe (EPANET's constants): head loss r·Q^1.852 plus the local losses;
  /// `lambda` returns the equivalent Darcy factor of the friction part.
  void hazen_williams_law(std::size_t b, double m, double rho, double& loss_pa, double& slope, double& lambda) const {
    // EPANET: h_ft = 4.727 C^-1.852 D_ft^-4.871 L_ft Q_cfs^1.852; the same law in SI units.
    static const double K_SI = 4.727 * std::pow(0.3048, 4.871 - 3.0 * 1.852);
    const double d = net.inner_diameter_m[b];
    const double area = area_m2[b];
    const double abs_q = std::abs(m) / rho;
    const double r_pa = rho * options.gravity_m_per_s2 * K_SI * net.length_m[b] /
                        (std::pow(net.hazen_williams_c[b], 1.852) * std::pow(d, 4.871));  // Pa per (m³/s)^1.852
    const double friction_pa = r_pa * std::pow(abs_q, 1.852);
    const double c_local = net.loss_coefficient[b] / (2.0 * rho * area * area);
    loss_pa = std::copysign(friction_pa, m) + c_local * std::abs(m) * m;
    slope = (m != 0.0 ? 1.852 * friction_pa / std::abs(m) : 0.0) + 2.0 * c_local * std::abs(m);
    lambda = m != 0.0 ? friction_pa * 2.0 * rho * area * area * d / (net.length_m[b] * m * m) : 0.0;
  }

  /// Branch law of a branch that is not a Darcy pipe (a valve, a pump, a Hazen–Williams pipe; Darcy
  /// pipes: darcy_laws): loss F(ṁ) = p_from − p_to + ρ g (h_from − h_to) at equilibrium, and dF/dṁ.
  void branch_law(std::size_t b, double m, double rho, double mu, double& loss_pa, double& slope, double& re,
                  double& lambda) const {
    re = 0.0;
    lambda = 0.0;
    const double abs_m = std::abs(m);
    const double area = area_m2[b];
    const double d = net.inner_diameter_m[b];
    switch (net.kind[b]) {
      case BranchKind::pipe: {
        HEATTWIN_ASSERT(options.friction == FrictionModel::hazen_williams);
        re = abs_m * d / (mu * area);
        hazen_williams_law(b, m, rho, loss_pa, slope, lambda);
        break;
      }
      case BranchKind::valve: {
        const double c = 1.0 / (2.0 * rho * area * area);
        loss_pa = c * net.loss_coefficient[b] * abs_m * m;
        slope = 2.0 * c * net.loss_coefficient[b] * abs_m;
        break;
      }
      case BranchKind::pump: {
        const auto& curve = net.pump_curves_bar_vs_m3_per_h[net.pump_curve[b]];
        const double q_m3_per_h = m / rho * SECONDS_PER_HOUR;
        double lift_pa = 0.0;
        double lift_slope = 0.0;  // d lift / d ṁ
        if (m > 0.0) {            // reverse flow passes the pump as a bypass without lift
          const double lift_bar = evaluate_polynomial(curve, q_m3_per_h);
          if (lift_bar > 0.0) {
            lift_pa = lift_bar * PA_PER_BAR;
            lift_slope = evaluate_polynomial_derivative(curve, q_m3_per_h) * PA_PER_BAR * SECONDS_PER_HOUR / rho;
          }
        }
        loss_pa = -lift_pa;
        slope = std::max(0.0, -lift_slope);
        break;
      }
    }
    slope += REGULARISATION_PA_S_PER_KG;
  }

  /// The branch laws of the Darcy pipes (branch_law's pipe case, the same expressions) at `flows`:
  /// loss, Re and λ per branch and, unless `slope` is empty, dF/dṁ. Their friction factors are
  /// evaluated together (friction_factors), the pipes split into one contiguous part per thread
  /// for large networks (each pipe's result does not depend on the split). `x_warm` holds each
  /// pipe's 1/√λ by position in darcy_pipes (≤ 0: none) and is updated.
  void darcy_laws(const std::vector<double>& flows, const std::vector<double>& rho, const std::vector<double>& mu,
                  std::vector<double>& x_warm, std::vector<double>& loss, std::span<double> slope,
                  std::vector<double>& re, std::vector<double>& lambda) {
    const std::size_t np = darcy_pipes.size();
    if (!options.colebrook_warm_start) std::fill(x_warm.begin(), x_warm.end(), 0.0);
    const bool with_slope = !slope.empty();
    // The per-pipe factors of the cached default properties, when these are the ones given.
    const bool defaults = &rho == &default_rho && &mu == &default_mu && default_law_c.size() == np;
    const auto parts = static_cast<int>(np > 4096 ? friction_scratch.size() : 1);  // small: thread start-up costs more
#pragma omp parallel for schedule(static, 1) num_threads(parts) if (parts > 1)
    for (int part = 0; part < parts; ++part) {
      const std::size_t lo = np * static_cast<std::size_t>(part) / static_cast<std::size_t>(parts);
      const std::size_t hi = np * static_cast<std::size_t>(part + 1) / static_cast<std::size_t>(parts);
      for (std::size_t k = lo; k < hi; ++k) {
        const std::uint32_t b = darcy_pipes[k];
        const double mu_area = defaults ? default_mu_area[k] : mu[b] * area_m2[b];
        darcy_re[k] = std::abs(flows[b]) * net.inner_diameter_m[b] / mu_area;
      }
      const auto range = [&](std::vector<double>& v) { return std::span<double>(v).subspan(lo, hi - lo); };
      friction_factors(options.friction, std::span<const double>(darcy_re).subspan(lo, hi - lo),
                       std::span<const double>(darcy_rr).subspan(lo, hi - lo), range(x_warm),
                       range(darcy_transition_lambda), range(darcy_lambda),
                       with_slope ? range(darcy_re_slope) : std::span<double>(),
                       friction_scratch[static_cast<std::size_t>(part)]);
      for (std::size_t k = lo; k < hi; ++k) {
        const std::uint32_t b = darcy_pipes[k];
        const double m = flows[b];
        const double abs_m = std::abs(m);
        const double area = area_m2[b];
        const double d = net.inner_diameter_m[b];
        const double c = defaults ? default_law_c[k] : 1.0 / (2.0 * rho[b] * area * area);
        const double l_over_d = defaults ? default_l_over_d[k] : net.length_m[b] / d;
        const double zeta = net.loss_coefficient[b];
        // λ·|ṁ| stays finite as ṁ → 0 (laminar: 64 μ A / d), so evaluate it as a product.
        double lambda_abs_m = 0.0;
        double slope_term = 0.0;
        re[b] = darcy_re[k];
        if (darcy_re[k] < 1e-9) {
          lambda[b] = 0.0;
          lambda_abs_m = 64.0 * mu[b] * area / d;
          slope_term = -lambda_abs_m;
        } else {
          lambda[b] = darcy_lambda[k];
          lambda_abs_m = darcy_lambda[k] * abs_m;
          if (with_slope) slope_term = darcy_re_slope[k] * abs_m;
        }
        loss[b] = c * (lambda_abs_m * l_over_d + zeta * abs_m) * m;
        if (with_slope) {
          slope[b] =
              c * (2.0 * (lambda_abs_m * l_over_d + zeta * abs_m) + l_over_d * slope_term) + REGULARISATION_PA_S_PER_KG;
        }
      }
    }
  }

  /// Solves into `state` (its vectors' storage is reused; every field is overwritten). `warm`
  /// may be `&state`.
  /// `tree_flows_given`: tree path only, state.mdot_kg_per_s holds the flows (solve_tree_pressures).
  void solve(std::span<const double> branch_t_k, const HydraulicState* warm, HydraulicState& state,
             bool tree_flows_given = false) {
    HydraulicState warm_copy;
    if (warm == &state) {
      warm_copy = state;
      warm = &warm_copy;
    }
    HEATTWIN_CHECK(branch_t_k.empty() || branch_t_k.size() == nb,
                   "hydraulics: {} branch temperatures given for {} branches", branch_t_k.size(), nb);
    using clock = std::chrono::steady_clock;
    const auto solve_start = clock::now();
    // The cached properties are used in place (no copy per solve); `own_*` hold per-solve ones.
    std::vector<double> own_rho, own_mu, own_z_pa;
    const bool cached = branch_t_k.empty() && same_bits(default_initial_t_k, net.initial_t_k) &&
                        same_bits(default_height_m, net.height_m);
    if (!cached) {
      std::vector<double>& rho = own_rho;
      std::vector<double>& mu = own_mu;
      std::vector<double>& z_pa = own_z_pa;
      rho.resize(nb);
      mu.resize(nb);
      z_pa.resize(nb);
      for (std::size_t b = 0; b < nb; ++b) {
        const double t = branch_t_k.empty()
                             ? 0.5 * (net.initial_t_k[net.from_junction[b]] + net.initial_t_k[net.to_junction[b]])
                             : branch_t_k[b];
        rho[b] = net.fluid.density_kg_per_m3(t);
        mu[b] = net.fluid.viscosity_pa_s(t);
        z_pa[b] =
            rho[b] * options.gravity_m_per_s2 * (net.height_m[net.from_junction[b]] - net.height_m[net.to_junction[b]]);
      }
      if (branch_t_k.empty()) {
        default_rho = std::move(own_rho);
        default_mu = std::move(own_mu);
        default_z_pa = std::move(own_z_pa);
        default_initial_t_k = net.initial_t_k;
        default_height_m = net.height_m;
        const std::size_t np = darcy_pipes.size();
        default_mu_area.resize(np);
        default_law_c.resize(np);
        default_l_over_d.resize(np);
        for (std::size_t k = 0; k < np; ++k) {
          const std::uint32_t b = darcy_pipes[k];
          const double area = area_m2[b];
          default_mu_area[k] = default_mu[b] * area;
          default_law_c[k] = 1.0 / (2.0 * default_rho[b] * area * area);
          default_l_over_d[k] = net.length_m[b] / net.inner_diameter_m[b];
        }
      }
    }
    const bool use_default = branch_t_k.empty();
    const std::vector<double>& rho = use_default ? default_rho : own_rho;
    const std::vector<double>& mu = use_default ? default_mu : own_mu;
    const std::vector<double>& z_pa = use_default ? default_z_pa : own_z_pa;

    state.report = SolveReport{};
    state.solve_seconds = 0.0;
    state.factorize_seconds = 0.0;
    state.factorizations = 0;
    state.junction_active = junction_active;
    state.isolated_junction_count = isolated_count;
    std::vector<double>& m = state.mdot_kg_per_s;
    if (is_tree) {
      // The tree path computes the flows from the mass balance (solve_tree): no initial guess.
    } else if (warm != nullptr && warm->mdot_kg_per_s.size() == nb) {
      m = warm->mdot_kg_per_s;
    } else {
      m.resize(nb);
      for (std::size_t b = 0; b < nb; ++b) m[b] = rho[b] * area_m2[b] * INITIAL_VELOCITY_M_PER_S;
    }
    if (!is_tree) {
      for (std::size_t b = 0; b < nb; ++b) {
        if (!branch_active[b]) m[b] = 0.0;
      }
    }
    // Pressures: fixed ones from the boundary, free ones start at the highest fixed pressure.
    std::vector<double>& p_pa = scratch_p_pa;
    p_pa.assign(nj, std::nan(""));
    double p_start = -std::numeric_limits<double>::infinity();
    for (const std::uint32_t j : fixed_junctions) {
      p_pa[j] = net.fixed_pressure_bar[j] * PA_PER_BAR;
      p_start = std::max(p_start, p_pa[j]);
    }
    const bool warm_pressures = warm != nullptr && warm->pressure_bar.size() == nj;
    for (std::size_t j = 0; !is_tree && j < nj; ++j) {  // the tree path sets every free pressure itself
      if (row_of_junction[j] >= 0) {
        p_pa[j] = warm_pressures && std::isfinite(warm->pressure_bar[j]) ? warm->pressure_bar[j] * PA_PER_BAR : p_start;
      }
    }

    if (is_tree) {
      solve_tree(state, rho, mu, z_pa, p_pa, tree_flows_given);
      state.solve_seconds = std::chrono::duration<double>(clock::now() - solve_start).count();
      return;
    }
    // Newton in correction form: the unknowns of each linear solve are the pressure corrections,
    // which shrink towards convergence, so round-off does not scale with the absolute pressure
    // (30 bar networks with 0.1 Pa drops along wide pipes converge to machine precision).
    std::vector<double> loss(nb, 0.0), slope(nb, 1.0), re(nb, 0.0), lambda(nb, 0.0), energy_residual(nb, 0.0);
    std::vector<double> dp_pa(nj, 0.0), dm(nb, 0.0), m_trial(nb), p_trial(nj);
    // Per pipe, 1/√λ of its last Colebrook evaluation in this solve: the start of the next one
    // (kept within a solve, so that a solve's result depends on its inputs only).
    // By position in darcy_pipes (kept within a solve, so that a solve's result depends on its inputs only).
    std::vector<double> colebrook_x(darcy_pipes.size(), 0.0);
    Eigen::VectorXd rhs(free_count), correction(free_count);
    // Evaluates every branch law at flows `flows` and pressures `pressures`; returns Σ residual².
    auto evaluate = [&](const std::vector<double>& flows, const std::vector<double>& pressures) {
      darcy_laws(flows, rho, mu, colebrook_x, loss, slope, re, lambda);
      for (const std::uint32_t b : other_branches)
        branch_law(b, flows[b], rho[b], mu[b], loss[b], slope[b], re[b], lambda[b]);
      for (std::size_t b = 0; b < nb; ++b) {
        if (branch_active[b])
          energy_residual[b] = pressures[net.from_junction[b]] - pressures[net.to_junction[b]] + z_pa[b] - loss[b];
      }
      // Summed in index order (not an OpenMP reduction), so line-search decisions and thereby
      // results are identical at any thread count.
      double merit = 0.0;
      for (std::size_t b = 0; b < nb; ++b) merit += energy_residual[b] * energy_residual[b];
      return merit;
    };
    SolveReport& report = state.report;
    // Previous iteration's max_change, or infinity when its step was shortened (or none yet).
    double previous_full_change = std::numeric_limits<double>::infinity();
    double merit = evaluate(m, p_pa);
    // Factor reuse (chord steps, HydraulicOptions::max_factor_reuse): while Newton contracts
    // fast, the next steps keep the last factorised Jacobian (its branch slopes frozen in
    // frozen_w), also across solves of a series. The frozen slopes enter the matrix, the
    // right-hand side and the flow correction alike, so every step still closes the mass balance.
    int reuses_in_a_row = 0;
    double change_before = std::numeric_limits<double>::infinity();  // max_change of the previous iteration
    bool previous_contracted = true;
    for (int iteration = 1; iteration <= options.max_iterations; ++iteration) {
      report.iterations = iteration;
      std::fill(dp_pa.begin(), dp_pa.end(), 0.0);
      const bool reuse =
          free_count > 0 && have_factor && reuses_in_a_row < options.max_factor_reuse &&
          (iteration == 1 ? warm != nullptr : previous_full_change <= REUSE_BELOW_CHANGE && previous_contracted);
      if (free_count > 0) {
        // Mass residual of each free junction: inflow − outflow + injection − withdrawal.
        for (std::size_t j = 0; j < nj; ++j) {
          const std::int64_t r = row_of_junction[j];
          if (r >= 0) rhs[r] = net.injection_kg_per_s[j] - net.withdrawal_kg_per_s[j];
        }
        if (reuse) {
          ++reuses_in_a_row;
          for (std::size_t b = 0; b < nb; ++b) {
            if (!branch_active[b]) continue;
            const double q = m[b] + energy_residual[b] * frozen_w[b];
            const std::int64_t rf = row_of_junction[net.from_junction[b]];
            const std::int64_t rt = row_of_junction[net.to_junction[b]];
            if (rf >= 0) rhs[rf] -= q;
            if (rt >= 0) rhs[rt] += q;
          }
        } else {
          reuses_in_a_row = 0;
          double* values = matrix.valuePtr();
          std::fill(values, values + matrix.nonZeros(), 0.0);
          for (std::size_t b = 0; b < nb; ++b) {
            if (!branch_active[b]) continue;
            const double w = 1.0 / slope[b];
            frozen_w[b] = w;
            const double q = m[b] + energy_residual[b] * w;
            const std::int64_t rf = row_of_junction[net.from_junction[b]];
            const std::int64_t rt = row_of_junction[net.to_junction[b]];
            if (rf >= 0) {
              values[pos_ff[b]] += w;
              rhs[rf] -= q;
            }
            if (rt >= 0) {
              values[pos_tt[b]] += w;
              rhs[rt] += q;
            }
            if (rf >= 0 && rt >= 0) {
              values[pos_ft[b]] -= w;
              values[pos_tf[b]] -= w;
            }
          }
          const auto factorize_start = clock::now();
          have_factor = factorize_matrix();
          state.factorize_seconds += std::chrono::duration<double>(clock::now() - factorize_start).count();
          ++state.factorizations;
          if (!have_factor) {
            report.message = "the pressure system is singular (a part of the network without a fixed pressure?)";
            break;
          }
        }
        solve_with_factor(rhs, correction);
        for (std::size_t j = 0; j < nj; ++j) {
          if (row_of_junction[j] >= 0) dp_pa[j] = correction[row_of_junction[j]];
        }
      }
      // Newton direction and its size relative to the tolerance.
      double max_change = 0.0;
      bool finite = true;
      for (std::size_t b = 0; b < nb; ++b) {
        if (!branch_active[b]) continue;
        const double driving = energy_residual[b] + dp_pa[net.from_junction[b]] - dp_pa[net.to_junction[b]];
        dm[b] = reuse ? driving * frozen_w[b] : driving / slope[b];
        finite = finite && std::isfinite(dm[b]);
        max_change = std::max(max_change, std::abs(dm[b]) / (options.flow_tolerance_kg_per_s +
                                                             options.relative_flow_tolerance * std::abs(m[b] + dm[b])));
      }
      previous_contracted = max_change <= REUSE_CONTRACTION * change_before;
      change_before = max_change;
      report.residual = max_change;
      if (!finite) {
        report.message = "numerical breakdown: a flow became infinite or NaN";
        break;
      }
      // Backtracking line search. The first step is always taken in full: it establishes the
      // mass balance, which every later step (full or partial) then keeps.
      // Converged when this correction is within the tolerance, or when Newton is visibly in its
      // quadratic phase (the previous step was full and this correction is below 1/100 of it) and
      // the correction is at most 10 tolerances: the next one would be C·change² with C ≤ 3.6e-5
      // (largest of 65 such cases in the network tests and benchmarks), i.e. ≤ 0.0036 of the
      // tolerance, so the iteration that would only confirm it is saved. The step is taken in full.
      // The quadratic-phase shortcut needs a true Newton step (a chord step converges only linearly).
      const bool converged = max_change <= 1.0 || (!reuse && max_change <= QUADRATIC_PHASE_CHANGE &&
                                                   max_change <= 1e-2 * previous_full_change);
      double alpha = 1.0;
      for (int halving = 0;; ++halving) {
        for (std::size_t b = 0; b < nb; ++b) m_trial[b] = m[b] + alpha * dm[b];
        for (std::size_t j = 0; j < nj; ++j) p_trial[j] = p_pa[j] + (row_of_junction[j] >= 0 ? alpha * dp_pa[j] : 0.0);
        const double trial_merit = evaluate(m_trial, p_trial);
        if (converged || iteration == 1 || halving == MAX_STEP_HALVINGS ||
            trial_merit <= (1.0 - ARMIJO_FRACTION * alpha) * merit) {
          merit = trial_merit;
          break;
        }
        alpha *= 0.5;
      }
      previous_full_change = alpha == 1.0 ? max_change : std::numeric_limits<double>::infinity();
      m.swap(m_trial);
      p_pa.swap(p_trial);
      if (converged) {
        report.converged = true;
        break;
      }
    }
    if (!report.converged && report.message.empty()) {
      report.message = fmt::format("no convergence within {} iterations (largest relative flow change {:.3g})",
                                   options.max_iterations, report.residual);
    }

    finish(state, p_pa, rho, re, lambda);
    state.solve_seconds = std::chrono::duration<double>(clock::now() - solve_start).count();
  }

  /// Flows of a forest (is_tree) from the mass balance, leaves → root: each branch carries the net
  /// outflow (withdrawal − injection) of the subtree below it.
  void tree_flows(std::vector<double>& m, std::vector<double>& subtree) const {
    m.assign(nb, 0.0);
    subtree.resize(nj);
    for (std::size_t j = 0; j < nj; ++j) subtree[j] = net.withdrawal_kg_per_s[j] - net.injection_kg_per_s[j];
    for (auto it = tree_order.rbegin(); it != tree_order.rend(); ++it) {
      const std::uint32_t j = *it;
      const std::uint32_t b = parent_branch[j];
      const bool j_is_to = net.to_junction[b] == j;
      m[b] = j_is_to ? subtree[j] : -subtree[j];
      subtree[j_is_to ? net.from_junction[b] : net.to_junction[b]] += subtree[j];
    }
  }

  void solve_tree_flows(HydraulicState& state) {
    HEATTWIN_CHECK(is_tree, "hydraulics: solve_tree_flows() needs a tree-shaped network (see uses_tree_path())");
    state.junction_active = junction_active;
    state.isolated_junction_count = isolated_count;
    tree_flows(state.mdot_kg_per_s, scratch_subtree);
    boundary_inflows(state);
    state.pressure_bar.clear();
    state.v_mean_m_per_s.clear();
    state.reynolds.clear();
    state.friction_factor.clear();
    state.report = SolveReport{};
    state.report.converged = true;
    state.report.iterations = 1;
    state.solve_seconds = 0.0;
    state.factorize_seconds = 0.0;
    state.factorizations = 0;
  }

  /// Direct solve of a forest (is_tree): flows from the mass balance, leaves → root; then
  /// pressures from each branch law, root → leaves. `p_pa` holds the fixed pressures on entry.
  void solve_tree(HydraulicState& state, const std::vector<double>& rho, const std::vector<double>& mu,
                  const std::vector<double>& z_pa, std::vector<double>& p_pa, bool flows_given) {
    std::vector<double>& m = state.mdot_kg_per_s;
    if (!flows_given) tree_flows(m, scratch_subtree);
    // The branch laws (the friction factors: most of the work) are independent once the flows
    // are known, so they run in parallel; only the pass down the tree is sequential.
    std::vector<double>& re = scratch_re;
    std::vector<double>& lambda = scratch_lambda;
    std::vector<double>& loss = scratch_loss;
    // Every active branch is written below; only inactive ones (isolated parts) need their zeros.
    if (isolated_count > 0) {
      re.assign(nb, 0.0);
      lambda.assign(nb, 0.0);
      loss.assign(nb, 0.0);
    } else {
      re.resize(nb);
      lambda.resize(nb);
      loss.resize(nb);
    }
    // Each pipe's Colebrook starts from its 1/√λ of the previous solve (hourly series: the flows
    // change little from hour to hour), unless warm starts are off (then it starts cold).
    tree_colebrook_x.resize(darcy_pipes.size(), 0.0);
    darcy_laws(m, rho, mu, tree_colebrook_x, loss, {}, re, lambda);
    for (const std::uint32_t b : other_branches) {
      double unused_slope = 0.0;
      branch_law(b, m[b], rho[b], mu[b], loss[b], unused_slope, re[b], lambda[b]);
    }
    for (const std::uint32_t j : tree_order) {
      const std::uint32_t b = parent_branch[j];
      // Branch law at equilibrium: p_from − p_to + ρ g (h_from − h_to) = loss.
      if (net.to_junction[b] == j) {
        p_pa[j] = p_pa[net.from_junction[b]] + z_pa[b] - loss[b];
      } else {
        p_pa[j] = p_pa[net.to_junction[b]] - z_pa[b] + loss[b];
      }
    }
    state.report.converged = true;
    state.report.iterations = 1;
    state.report.residual = 0.0;
    finish(state, p_pa, rho, re, lambda);
  }

  /// Pressures in bar, velocities, Re and λ of the flows in `state`, boundary inflows.
  void finish(HydraulicState& state, const std::vector<double>& p_pa, const std::vector<double>& rho,
              const std::vector<double>& re, const std::vector<double>& lambda) const {
    const std::vector<double>& m = state.mdot_kg_per_s;
    state.pressure_bar.resize(nj);
    for (std::size_t j = 0; j < nj; ++j) state.pressure_bar[j] = p_pa[j] / PA_PER_BAR;
    state.v_mean_m_per_s.resize(nb);
    state.reynolds.resize(nb);
    state.friction_factor.resize(nb);
    {
      // A pass of its own, so that the divisions vectorise.
      const double* flow = m.data();
      const double* density = rho.data();
      const double* area = area_m2.data();
      double* velocity = state.v_mean_m_per_s.data();
#pragma omp simd
      for (std::size_t b = 0; b < nb; ++b) velocity[b] = flow[b] / (density[b] * area[b]);
    }
    for (std::size_t b = 0; b < nb; ++b) {
      state.reynolds[b] = 0.0;
      state.friction_factor[b] = 0.0;
      if (net.kind[b] == BranchKind::pipe && branch_active[b]) {
        // The last evaluate() ran at exactly these flows: reuse its Re and λ (same expressions,
        // so bit-identical) instead of one more friction solve per pipe; below Re 1e-9 the
        // Darcy branch law does not form λ, so it is evaluated here (Hazen–Williams always
        // returns its equivalent λ).
        state.reynolds[b] = re[b];
        state.friction_factor[b] =
            re[b] < 1e-9 && options.friction != FrictionModel::hazen_williams
                ? friction_factor(options.friction, re[b], net.roughness_m[b] / net.inner_diameter_m[b])
                : lambda[b];
      }
    }
    boundary_inflows(state);
    check_physical(state);
  }

  /// Physical sanity of a solution (issue 20, class 6): a network whose demand it cannot carry
  /// (a sink of 10^9 kg/s, say) can meet the flow tolerance with pressures of −10^17 bar. Such a
  /// solution is reported as not converged, with the junction or branch and the value, never as
  /// a result. The limit is far outside any water network: |p| ≤ 10^4 bar gauge. (Velocities are
  /// not bounded: EPANET's Net3 has a reference pipe at 106 m/s.)
  void check_physical(HydraulicState& state) const {
    if (!state.report.converged) return;
    constexpr double MAX_ABS_PRESSURE_BAR = 1e4;
    for (std::size_t j = 0; j < nj; ++j) {
      const double p = state.pressure_bar[j];
      if (junction_active[j] && !(std::abs(p) <= MAX_ABS_PRESSURE_BAR)) {
        state.report.converged = false;
        state.report.message = fmt::format(
            "physically implausible solution: junction '{}' has a pressure of {:.4g} bar (plausible: |p| ≤ {:g} bar); "
            "the demand cannot be carried by these pipes — check the sinks' mass flows and the pipe diameters",
            j < net.junction_id.size() ? net.junction_id[j] : std::to_string(j), p, MAX_ABS_PRESSURE_BAR);
        return;
      }
    }
  }

  /// Mass flow supplied by each fixed-pressure junction for the flows in `state`.
  void boundary_inflows(HydraulicState& state) const {
    const std::vector<double>& m = state.mdot_kg_per_s;
    state.boundary_inflow_kg_per_s.assign(nj, 0.0);
    for (const std::uint32_t j : fixed_junctions) {
      state.boundary_inflow_kg_per_s[j] = net.withdrawal_kg_per_s[j] - net.injection_kg_per_s[j];
    }
    // The branches at a fixed pressure, in branch order (the same sums in the same order as a
    // pass over all branches).
    for (const std::uint32_t b : branches_at_fixed) {
      const std::uint32_t f = net.from_junction[b];
      const std::uint32_t t = net.to_junction[b];
      if (!std::isnan(net.fixed_pressure_bar[f])) state.boundary_inflow_kg_per_s[f] += m[b];
      if (!std::isnan(net.fixed_pressure_bar[t])) state.boundary_inflow_kg_per_s[t] -= m[b];
    }
  }
};

HydraulicSolver::HydraulicSolver(const PipeNetwork& network, HydraulicOptions options)
    : impl_(std::make_unique<Impl>(network, options)) {}
HydraulicSolver::~HydraulicSolver() = default;
HydraulicSolver::HydraulicSolver(HydraulicSolver&&) noexcept = default;

HydraulicState HydraulicSolver::solve(std::span<const double> branch_t_k, const HydraulicState* warm_start) {
  HydraulicState state;
  impl_->solve(branch_t_k, warm_start, state);
  return state;
}

void HydraulicSolver::solve_into(HydraulicState& state, std::span<const double> branch_t_k,
                                 const HydraulicState* warm_start) {
  impl_->solve(branch_t_k, warm_start, state);
}

bool HydraulicSolver::uses_tree_path() const { return impl_->is_tree; }

bool HydraulicSolver::uses_separator_factorization() const { return impl_->use_separator_ldlt; }

HydraulicState HydraulicSolver::solve_tree_flows() {
  HydraulicState state;
  impl_->solve_tree_flows(state);
  return state;
}

void HydraulicSolver::solve_tree_flows(HydraulicState& state) { impl_->solve_tree_flows(state); }

void HydraulicSolver::solve_tree_pressures(HydraulicState& state) {
  HEATTWIN_CHECK(impl_->is_tree,
                 "hydraulics: solve_tree_pressures() needs a tree-shaped network (see uses_tree_path())");
  HEATTWIN_CHECK(state.mdot_kg_per_s.size() == impl_->nb,
                 "hydraulics: solve_tree_pressures() got {} flows for {} branches", state.mdot_kg_per_s.size(),
                 impl_->nb);
  impl_->solve({}, nullptr, state, true);
}

HydraulicState solve_hydraulics(const PipeNetwork& network, const HydraulicOptions& options) {
  return HydraulicSolver(network, options).solve();
}

}  // namespace heattwin::solvers::network
