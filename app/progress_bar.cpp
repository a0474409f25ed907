#include "app/progress_bar.hpp"

#include <fmt/format.h>

#include <unistd.h>
#include <cstdio>

namespace heattwin::app {

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

ProgressBar::ProgressBar(std::string label, bool enabled) : label_(std::move(label)), enabled_(enabled) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(std::size_t done, std::size_t total) {
  if (!enabled_ || total == 0) return;
  const auto now = std::chrono::steady_clock::now();
  if (!started_) {
    started_ = true;
    first_ = now;
    first_done_ = done;
  }
  if (drawn_ && done < total && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  drawn_ = true;
  constexpr int WIDTH = 30;
  const double share = static_cast<double>(done) / static_cast<double>(total);
  const int filled = static_cast<int>(share * WIDTH);
  // ETA from the rate since the first update (work done before it, e.g. resumed, not counted).
  std::string eta;
  const double elapsed_s = std::chrono::duration<double>(now - first_).count();
  if (done > first_done_ && done < total && elapsed_s > 0.5) {
    const double remaining_s = elapsed_s * static_cast<double>(total - done) / static_cast<double>(done - first_done_);
    const auto r = static_cast<long long>(remaining_s + 0.5);
    eta = r >= 3600 ? fmt::format(" ETA {}:{:02}:{:02}", r / 3600, r / 60 % 60, r % 60)
                    : fmt::format(" ETA {}:{:02}", r / 60, r % 60);
  }
  fmt::print(stderr, "\r{:<14} [{:=<{}}{:<{}}] {:5.1f}% ({}/{}){:<14}", label_, "", filled, "", WIDTH - filled,
             100.0 * share, done, total, eta);
  std::fflush(stderr);
}

void ProgressBar::finish() {
  if (enabled_ && drawn_) {
    fmt::print(stderr, "\n");
    drawn_ = false;
  }
  enabled_ = false;
}

}  // namespace heattwin::app
