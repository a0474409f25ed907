#include "solvers/network/vector_exp.hpp"

#include "twin/error.hpp"

#include <cmath>

// glibc's libmvec on x86-64 (GCC or Clang: target attributes and __builtin_cpu_supports).
#if defined(__x86_64__) && defined(__GNUC__) && defined(__GLIBC__) && defined(HEATTWIN_HAVE_LIBMVEC)
#define HEATTWIN_VECTOR_EXP 1
#else
#define HEATTWIN_VECTOR_EXP 0
#endif

#if HEATTWIN_VECTOR_EXP
#include <immintrin.h>
#endif

namespace heattwin::solvers::network {

namespace {

void exp_negated_scalar(const double* x, double* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = std::exp(-x[i]);
}

void log_scalar(const double* x, double* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = std::log(x[i]);
}

}  // namespace

}  // namespace heattwin::solvers::network

#if HEATTWIN_VECTOR_EXP
// The AVX2 variant is compiled for x86-64-v3 whatever the build's baseline; it only runs where
// the CPU has it (vector_exp_active).
#pragma GCC push_options
#pragma GCC target("arch=x86-64-v3")
extern "C" __m256d _ZGVdN4v_exp(__m256d x);  // glibc libmvec: exp of four doubles (AVX2)
extern "C" __m256d _ZGVdN4v_log(__m256d x);  // glibc libmvec: log of four doubles (AVX2)

namespace heattwin::solvers::network {
namespace {

void exp_negated_avx2(const double* x, double* out, std::size_t n) {
  const __m256d sign = _mm256_set1_pd(-0.0);
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const __m256d v = _mm256_xor_pd(_mm256_loadu_pd(x + i), sign);  // −x, exactly
    _mm256_storeu_pd(out + i, _ZGVdN4v_exp(v));
  }
  if (i < n) {
    // The tail through the same function (padded with 0), so that a value's result does not
    // depend on where it sits in the array.
    alignas(32) double lanes[4] = {0.0, 0.0, 0.0, 0.0};
    for (std::size_t k = i; k < n; ++k) lanes[k - i] = x[k];
    _mm256_store_pd(lanes, _ZGVdN4v_exp(_mm256_xor_pd(_mm256_load_pd(lanes), sign)));
    for (std::size_t k = i; k < n; ++k) out[k] = lanes[k - i];
  }
}

void log_avx2(const double* x, double* out, std::size_t n) {
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) _mm256_storeu_pd(out + i, _ZGVdN4v_log(_mm256_loadu_pd(x + i)));
  if (i < n) {
    // The tail through the same function (padded with 1), as in exp_negated_avx2.
    alignas(32) double lanes[4] = {1.0, 1.0, 1.0, 1.0};
    for (std::size_t k = i; k < n; ++k) lanes[k - i] = x[k];
    _mm256_store_pd(lanes, _ZGVdN4v_log(_mm256_load_pd(lanes)));
    for (std::size_t k = i; k < n; ++k) out[k] = lanes[k - i];
  }
}

}  // namespace
}  // namespace heattwin::solvers::network
#pragma GCC pop_options
#endif

namespace heattwin::solvers::network {

bool vector_exp_active() {
#if HEATTWIN_VECTOR_EXP
  static const bool active = __builtin_cpu_supports("x86-64-v3") != 0;
  return active;
#else
  return false;
#endif
}

namespace {

using ArrayFunction = void (*)(const double* x, double* out, std::size_t n);

/// `vector` where this build has it and vector_exp_active(), else `scalar`, over x → out.
void apply(std::span<const double> x, std::span<double> out, const char* name, ArrayFunction vector,
           ArrayFunction scalar) {
  HEATTWIN_CHECK(x.size() == out.size(), "{}: {} values for {} results", name, x.size(), out.size());
  (vector != nullptr && vector_exp_active() ? vector : scalar)(x.data(), out.data(), x.size());
}

}  // namespace

void exp_negated(std::span<const double> x, std::span<double> out) {
#if HEATTWIN_VECTOR_EXP
  apply(x, out, "exp_negated", exp_negated_avx2, exp_negated_scalar);
#else
  apply(x, out, "exp_negated", nullptr, exp_negated_scalar);
#endif
}

void log_of(std::span<const double> x, std::span<double> out) {
#if HEATTWIN_VECTOR_EXP
  apply(x, out, "log_of", log_avx2, log_scalar);
#else
  apply(x, out, "log_of", nullptr, log_scalar);
#endif
}

}  // namespace heattwin::solvers::network
