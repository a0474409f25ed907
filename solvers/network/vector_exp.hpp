#pragma once
/// \file exp(−x) and log(x) over arrays, vectorised where the CPU allows (issue 21 §1): the
/// remaining fractions exp(−κ) of the pipes of DhTreeKernel's marches, and the logarithms of
/// Colebrook's Halley steps for many pipes at once (friction.hpp's friction_factors). On x86-64 with glibc, a CPU with
/// AVX2 and FMA (x86-64-v3) gets glibc's vector exponential (libmvec, `_ZGVdN4v_exp`, four values
/// per call, chosen at run time with `__builtin_cpu_supports`), elsewhere the scalar `std::exp`.
/// libmvec's exp is not correctly rounded: against `std::exp` (which nearly is) it differs by up to
/// 3 ulp (4 million values of κ in [0, 800]: 56 % equal, 42 % 1 ulp, 1.9 % 2 ulp, 0.004 % 3 ulp),
/// i.e. ≤ 7e-16 relative (test VectorExp.WithinFourUlpOfStdExp). The results depend on the CPU,
/// never on the thread count or the array's length or alignment
/// (every value goes through the same function: a tail shorter than four is padded).

#include <cstddef>
#include <span>

namespace heattwin::solvers::network {

/// True when exp_negated and log_of use the vector functions on this CPU (and this build has them).
bool vector_exp_active();

/// out[i] = exp(−x[i]) for every i; `x` and `out` have the same size and may be the same array.
/// x ≥ 0 gives results in [0, 1]; exp(−0) = 1 exactly; x = +∞ gives 0. O(n).
void exp_negated(std::span<const double> x, std::span<double> out);

/// out[i] = log(x[i]) for every i; `x` and `out` have the same size and may be the same array.
/// glibc's `_ZGVdN4v_log` where vector_exp_active(), else `std::log`; libmvec's log is within
/// 4 ulp of the correctly rounded value (test VectorExp.LogWithinFourUlpOfStdLog). Like
/// exp_negated, a value's result never depends on the array's length, alignment or its position
/// in it. O(n).
void log_of(std::span<const double> x, std::span<double> out);

}  // namespace heattwin::solvers::network
