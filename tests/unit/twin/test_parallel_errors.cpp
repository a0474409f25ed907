#include "twin/error.hpp"
#include "twin/parallel_errors.hpp"

#include <gtest/gtest.h>

#include <omp.h>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace heattwin::twin {
namespace {

/// Runs a loop over `n` iterations on `threads` threads in which the iterations in `failing`
/// throw an InputError naming their index; returns the message rethrown after the region.
std::string first_error_message(int threads, std::ptrdiff_t n, const std::vector<std::ptrdiff_t>& failing,
                                std::vector<int>* ran = nullptr) {
  ParallelErrors errors;
  std::vector<int> done(static_cast<std::size_t>(n), 0);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    errors.run(i, [&] {
      done[static_cast<std::size_t>(i)] = 1;
      for (const auto f : failing)
        if (f == i) throw InputError("iteration " + std::to_string(i));
    });
  }
  if (ran != nullptr) *ran = done;
  try {
    errors.rethrow_first();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(ParallelErrors, RethrowsTheErrorOfTheLowestIndexAtOneAndTwoThreads) {
  // Failures listed in an order unlike their indices: the lowest index wins, never the first caught.
  const std::vector<std::ptrdiff_t> failing{977, 12, 400, 13, 999};
  for (int threads : {1, 2}) {
    for (int repeat = 0; repeat < 20; ++repeat) {
      std::vector<int> ran;
      EXPECT_EQ(first_error_message(threads, 1000, failing, &ran), "iteration 12") << threads << " threads";
      // Every iteration ran: an error does not cancel the others, so the result cannot depend on timing.
      for (std::size_t i = 0; i < ran.size(); ++i) ASSERT_EQ(ran[i], 1) << i;
    }
  }
}

TEST(ParallelErrors, NoErrorRethrowsNothingAndTheTypeIsKept) {
  EXPECT_EQ(first_error_message(2, 100, {}), "");
  ParallelErrors errors;
  EXPECT_FALSE(errors.has_error());
  errors.run(5, [] { throw std::logic_error("five"); });
  errors.run(3, [] { throw IoError("three"); });
  errors.run(4, [] { throw std::logic_error("four"); });
  EXPECT_TRUE(errors.has_error());
  EXPECT_THROW(errors.rethrow_first(), IoError);
  EXPECT_FALSE(errors.has_error());
  EXPECT_NO_THROW(errors.rethrow_first());  // forgotten once rethrown
}

}  // namespace
}  // namespace heattwin::twin
