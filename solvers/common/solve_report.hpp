#pragma once
/// \file The report every iterative solver returns (STYLE.md §8): the caller decides what is fatal.

#include <string>

namespace heattwin::solvers {

/// Outcome of an iterative solve.
struct SolveReport {
  bool converged = false;  ///< the convergence criteria were met
  int iterations = 0;      ///< outer (Newton) iterations performed
  double residual = 0.0;   ///< final residual in the unit the solver documents
  std::string message;     ///< why it stopped when it did not converge; empty otherwise
};

}  // namespace heattwin::solvers
