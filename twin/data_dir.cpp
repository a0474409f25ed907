#include "twin/data_dir.hpp"

#include "twin/error.hpp"

#include <fmt/ranges.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace heattwin::twin {

namespace fs = std::filesystem;

namespace {

// Set by twin/CMakeLists.txt (not __FILE__: ccache's base_dir makes that relative).
constexpr const char* INSTALL_DATA_DIR = HEATTWIN_INSTALL_DATA_DIR;
constexpr const char* SOURCE_DATA_DIR = HEATTWIN_SOURCE_DATA_DIR;

/// `<folder of the running executable>/../share/heattwin`, or "" where /proc/self/exe is missing.
std::string beside_executable() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec || exe.empty()) return {};
  return (exe.parent_path().parent_path() / "share" / "heattwin").lexically_normal().string();
}

std::string environment_dir() {
  const char* dir = std::getenv("HEATTWIN_DATA_DIR");
  return dir != nullptr ? std::string(dir) : std::string();
}

}  // namespace

std::vector<std::string> data_dir_candidates() {
  std::vector<std::string> candidates;
  if (auto env = environment_dir(); !env.empty()) candidates.push_back(std::move(env));
  for (std::string dir : {beside_executable(), std::string(INSTALL_DATA_DIR), std::string(SOURCE_DATA_DIR)}) {
    if (dir.empty()) continue;
    bool seen = false;
    for (const auto& c : candidates) seen = seen || c == dir;
    if (!seen) candidates.push_back(std::move(dir));
  }
  return candidates;
}

std::string default_data_dir() {
  if (auto env = environment_dir(); !env.empty()) return env;
  const auto candidates = data_dir_candidates();
  std::error_code ec;
  for (const auto& c : candidates)
    if (fs::is_directory(c, ec)) return c;
  throw InputError(
      fmt::format("the shipped data folder was not found (looked at {}); set HEATTWIN_DATA_DIR to the "
                  "folder holding regions/, typology/ and weather/ (the repository's data/)",
                  fmt::join(candidates, ", ")));
}

std::string find_data_file(const std::string& relative) {
  std::vector<std::string> tried;
  std::error_code ec;
  for (const auto& dir : data_dir_candidates()) {
    const fs::path p = fs::path(dir) / relative;
    if (fs::exists(p, ec)) return p.lexically_normal().string();
    tried.push_back(p.string());
  }
  throw InputError(
      fmt::format("{} was not found (looked at {}); set HEATTWIN_DATA_DIR to the folder holding it "
                  "(the repository's data/)",
                  relative, fmt::join(tried, ", ")));
}

}  // namespace heattwin::twin
