#pragma once
/// \file A progress bar on stderr, drawn only when stderr is a terminal.

#include <chrono>
#include <cstddef>
#include <string>

namespace heattwin::app {

class ProgressBar {
 public:
  /// `enabled` false draws nothing (not a terminal, or -q).
  ProgressBar(std::string label, bool enabled);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  /// Redraws at most every 100 ms; with the remaining time estimated from the rate since the
  /// first update (ETA).
  void update(std::size_t done, std::size_t total);
  void finish();

 private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
  std::chrono::steady_clock::time_point first_{};
  std::size_t first_done_ = 0;
  bool started_ = false;
};

/// True if stderr is an interactive terminal.
bool stderr_is_terminal();

}  // namespace heattwin::app
