#pragma once
/// \file Sparse LDLᵀ of a symmetric positive definite matrix split by one vertex separator into
/// two independent halves, factorised on two threads (issue 21 §1: the pressure systems of large
/// meshed networks). The ordering is a nested dissection by breadth-first level structures
/// (George & Liu): the graph is cut at a middle level of a rooted level structure, recursively,
/// down to pieces of a few dozen vertices. The top cut gives two halves H1, H2 without a
/// coupling entry and the separator S, numbered last. The rows of H1 and of H2 are factorised
/// by Davis' up-looking LDLᵀ (the LDL package, 2005), one half per thread; each thread also
/// forms its half's contribution to the Schur complement of S (the same up-looking steps for
/// the rows of S, restricted to its half's columns); the Schur complement, dense, is then
/// factorised by a dense Cholesky. The result does not depend on the thread count (the halves
/// are independent and their contributions are added in a fixed order).

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <Eigen/Sparse>

#include <cstdint>
#include <vector>

namespace heattwin::solvers::network {

class SeparatorLdlt {
 public:
  /// Orders and analyses the pattern of `matrix` (square, both triangles stored, compressed,
  /// symmetric pattern, every diagonal entry stored). Returns false, leaving the object unusable,
  /// when the top cut is poor (the smaller half below 1/4 of the vertices, or a separator above
  /// 4·√n) or the ordering fills in (more than 100 entries per column of L on average): the
  /// caller then keeps a serial factorisation.
  bool analyze(const Eigen::SparseMatrix<double>& matrix);
  /// Numeric factorisation of a matrix with the analysed pattern, on `threads` (1 or 2) threads.
  /// Returns false for a zero or negative pivot (not positive definite).
  bool factorize(const Eigen::SparseMatrix<double>& matrix, int threads);
  /// Solves A x = b with the last factorisation (on its threads; the same result at any thread
  /// count).
  void solve(const Eigen::VectorXd& b, Eigen::VectorXd& x) const;

  std::int64_t separator_size() const { return ns_; }
  std::int64_t half_size(int h) const { return h == 0 ? n1_ : n2_; }
  /// Stored entries of the sparse part of L (the columns of H1 and H2, their rows in S included).
  std::int64_t sparse_factor_nonzeros() const { return lp_.empty() ? 0 : lp_.back(); }
  /// Multiply–adds of one numeric factorisation in the sparse part (Σ over its columns of nnz²)
  /// and in the dense Cholesky of the separator (ns³/6).
  double sparse_flops() const { return sparse_flops_; }
  double dense_flops() const {
    const auto s = static_cast<double>(ns_);
    return s * s * s / 6.0;
  }

 private:
  void factorize_half(int h);
  std::int64_t n_ = 0, n1_ = 0, n2_ = 0, ns_ = 0;
  std::vector<std::int32_t> perm_;   // new → old
  std::vector<std::int32_t> iperm_;  // old → new
  // Row k (new numbering) of the lower triangle: columns cj_ (< k) and the positions of the values
  // in the input matrix's valuePtr(), k ∈ [0, n); diag_src_ the position of A(k, k).
  std::vector<std::int64_t> cp_;
  std::vector<std::int32_t> cj_;
  std::vector<std::int64_t> csrc_, diag_src_;
  std::vector<std::int32_t> parent_;  // elimination tree (−1 = root)
  // Sparse L of the columns of H1 ∪ H2 (new numbering [0, n1 + n2)), row indices ascending.
  std::vector<std::int64_t> lp_;
  std::vector<std::int32_t> li_;
  std::vector<double> lx_, d_;
  double sparse_flops_ = 0.0;
  // Factorisation workspace (kept between factorisations).
  std::vector<std::int64_t> lnz_;
  std::vector<std::int32_t> flag_;
  std::vector<double> y_;
  std::vector<std::int32_t> pattern_[2];
  // Each half's contribution to the Schur complement of S (lower triangle, column-major).
  Eigen::MatrixXd schur_part_[2];
  Eigen::LLT<Eigen::MatrixXd, Eigen::Upper> schur_llt_;
  std::vector<std::int64_t> in_half_[2];  // per column of a half: its rows in the half
  bool half_ok_[2] = {true, true};
  const double* values_ = nullptr;  // the matrix being factorised
  mutable Eigen::VectorXd solve_work_;
  mutable Eigen::VectorXd solve_to_separator_[2];  // each half's forward contributions to S
  int threads_ = 1;                                // of the last factorisation, also for solve()
};

}  // namespace heattwin::solvers::network
