#pragma once
/// \file Anderson acceleration of a fixed-point iteration x ↦ G(x) (Anderson 1965; in the form of
/// Walker & Ni, SIAM J. Numer. Anal. 49(4), 2011, "Anderson acceleration for fixed-point
/// iterations", with mixing parameter 1): the next iterate is G(x_k) − ΔG·γ, where γ minimises
/// ‖f_k − ΔF·γ‖₂ over the differences of the last `depth` residuals f = G(x) − x and of their
/// G values. For a linear map it is equivalent to GMRES; a map whose iteration oscillates
/// (contraction factor near −1) then settles in a few steps instead of many. The history is
/// dropped when a residual grows (a restart), so a map with kinks cannot drive it away.
/// Deterministic: the same inputs give the same iterates bit for bit.

#include <Eigen/Dense>

#include <algorithm>
#include <cstddef>
#include <deque>
#include <span>
#include <vector>

namespace heattwin::solvers {

class AndersonMixing {
 public:
  /// `depth` ≥ 1: how many differences the least-squares problem keeps.
  explicit AndersonMixing(std::size_t depth) : depth_(depth < 1 ? 1 : depth) {}

  /// Forgets the history (a new fixed-point problem, e.g. the next hour).
  void reset() {
    df_.clear();
    dg_.clear();
    have_previous_ = false;
  }

  /// `x` holds the iterate x_k on entry and x_{k+1} on return; `g` is G(x_k) (same size).
  void step(std::span<double> x, std::span<const double> g) {
    const std::size_t n = x.size();
    f_.resize(n);
    double norm2 = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      f_[i] = g[i] - x[i];
      norm2 += f_[i] * f_[i];
    }
    if (have_previous_ && previous_f_.size() == n) {
      if (norm2 > previous_norm2_) {
        // The residual grew: restart from plain substitution.
        df_.clear();
        dg_.clear();
      } else {
        // A full history recycles its oldest columns' storage (no allocation per step).
        std::vector<double> df, dg;
        if (df_.size() == depth_) {
          df = std::move(df_.front());
          dg = std::move(dg_.front());
          df_.pop_front();
          dg_.pop_front();
        }
        df.resize(n);
        dg.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
          df[i] = f_[i] - previous_f_[i];
          dg[i] = g[i] - previous_g_[i];
        }
        df_.push_back(std::move(df));
        dg_.push_back(std::move(dg));
      }
    }
    previous_f_.assign(f_.begin(), f_.end());
    previous_g_.assign(g.begin(), g.end());
    previous_norm2_ = norm2;
    have_previous_ = true;
    std::copy(g.begin(), g.end(), x.begin());
    if (df_.empty()) return;
    const auto columns = static_cast<Eigen::Index>(df_.size());
    Eigen::MatrixXd dfm(static_cast<Eigen::Index>(n), columns);
    for (Eigen::Index c = 0; c < columns; ++c) {
      dfm.col(c) =
          Eigen::Map<const Eigen::VectorXd>(df_[static_cast<std::size_t>(c)].data(), static_cast<Eigen::Index>(n));
    }
    const Eigen::VectorXd gamma =
        dfm.colPivHouseholderQr().solve(Eigen::Map<const Eigen::VectorXd>(f_.data(), static_cast<Eigen::Index>(n)));
    if (!gamma.allFinite()) return;
    for (Eigen::Index c = 0; c < columns; ++c) {
      const std::vector<double>& dg = dg_[static_cast<std::size_t>(c)];
      const double w = gamma[c];
      for (std::size_t i = 0; i < n; ++i) x[i] -= w * dg[i];
    }
  }

 private:
  std::size_t depth_;
  std::deque<std::vector<double>> df_, dg_;  // ΔF and ΔG columns, oldest first
  std::vector<double> f_, previous_f_, previous_g_;
  double previous_norm2_ = 0.0;
  bool have_previous_ = false;
};

}  // namespace heattwin::solvers
