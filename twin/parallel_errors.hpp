#pragma once
/// \file Deterministic error capture in parallel loops (STYLE.md §8): no exception may escape an
/// OpenMP region, so each iteration's exception is caught inside and the one of the lowest
/// iteration index is rethrown after the region. Every iteration runs to its end or its own
/// error, so the error reported is the same at any thread count and schedule.
///
/// \code
///   ParallelErrors errors;
///   #pragma omp parallel for schedule(dynamic, 1)
///   for (std::ptrdiff_t i = 0; i < n; ++i) errors.run(i, [&] { work(i); });
///   errors.rethrow_first();
/// \endcode

#include <cstddef>
#include <exception>
#include <limits>
#include <mutex>
#include <utility>

namespace heattwin::twin {

/// Collects the exceptions thrown by the iterations of a parallel loop; keeps the first by index.
/// run() and record() are thread-safe; rethrow_first() is called by one thread after the region.
class ParallelErrors {
 public:
  /// Runs `body()`; an exception it throws is kept if `index` is the lowest that failed so far.
  /// Never lets an exception out (an exception from locking the mutex terminates).
  template <class Index, class Body>
  void run(Index index, Body&& body) noexcept {
    try {
      std::forward<Body>(body)();
    } catch (...) {
      record(static_cast<std::size_t>(index), std::current_exception());
    }
  }

  /// Keeps `error` if `index` is lower than every index recorded before.
  void record(std::size_t index, std::exception_ptr error) noexcept {
    const std::lock_guard lock(mutex_);
    if (!error_ || index < index_) {
      index_ = index;
      error_ = std::move(error);
    }
  }

  /// True once any iteration failed (for loops that want to skip work; call outside the region
  /// or accept that a concurrent failure may not be seen yet).
  bool has_error() const {
    const std::lock_guard lock(mutex_);
    return static_cast<bool>(error_);
  }

  /// Rethrows the kept exception (the one of the lowest index) and forgets it; does nothing if
  /// no iteration failed. Call after the parallel region.
  void rethrow_first() {
    std::exception_ptr error;
    {
      const std::lock_guard lock(mutex_);
      error = std::exchange(error_, nullptr);
      index_ = std::numeric_limits<std::size_t>::max();
    }
    if (error) std::rethrow_exception(error);
  }

 private:
  mutable std::mutex mutex_;
  std::size_t index_ = std::numeric_limits<std::size_t>::max();
  std::exception_ptr error_;
};

}  // namespace heattwin::twin
