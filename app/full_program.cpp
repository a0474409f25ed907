#include "app/full_program.hpp"

#include "twin/log.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace heattwin::app {

std::filesystem::path full_program_path() {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return (self.parent_path() / HEATTWIN_FULL_PROGRAM).lexically_normal();
}

int run_full_program(char** argv) {
  const std::filesystem::path full = full_program_path();
  if (full.empty()) {
    logger("app")->error(
        "cannot find heattwin-full: /proc/self/exe is not readable, so the folder of heattwin is unknown (mount "
        "/proc)");
    return 1;
  }
  ::execv(full.c_str(), argv);
  const int error = errno;  // execv returns only on failure
  logger("app")->error(
      "cannot start {}: {}. This command runs in heattwin-full, which belongs at {} relative to heattwin's "
      "folder; rebuild the target heattwin (it builds both) or reinstall HeatTwin (cmake --install)",
      full.string(), std::strerror(error), HEATTWIN_FULL_PROGRAM);
  return 1;
}

}  // namespace heattwin::app
