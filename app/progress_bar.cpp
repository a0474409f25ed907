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
  if (drawn_ && done < total && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  drawn_ = true;
  constexpr int WIDTH = 30;
  const double share = static_cast<double>(done) / static_cast<double>(total);
  const int filled = static_cast<int>(share * WIDTH);
  fmt::print(stderr, "\r{:<14} [{:=<{}}{:<{}}] {:5.1f}% ({}/{})", label_, "", filled, "", WIDTH - filled, 100.0 * share,
             done, total);
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
