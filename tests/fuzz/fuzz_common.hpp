#pragma once
/// \file Shared part of the libFuzzer harnesses (issue 20): the contract every reader must keep
/// on any bytes — return a valid result or throw heattwin::Error (InputError, DataError, IoError
/// with a message), never crash, hang, leak or throw anything else. Readers take paths, so each
/// input is written to a file of this process first. Logging is off: fuzzing prints nothing.

#include "twin/error.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <typeinfo>

namespace heattwin::fuzz {

/// Removes the folders heattwin-fuzz-<pid> of processes that no longer run (a harness that
/// crashed, timed out or was killed could not remove its own).
inline void remove_stale_work_dirs(const std::filesystem::path& temp) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(temp, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("heattwin-fuzz-", 0) != 0) continue;
    char* end = nullptr;
    const long pid = std::strtol(name.c_str() + 14, &end, 10);
    if (end == nullptr || *end != '\0' || pid <= 0) continue;
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) std::filesystem::remove_all(entry.path(), ec);
  }
}

/// A folder of this process under the system's temporary folder, created on first use and
/// removed when the process exits (stale folders of dead harnesses are removed on creation).
inline const std::filesystem::path& work_dir() {
  static const std::filesystem::path dir = [] {
    const auto temp = std::filesystem::temp_directory_path();
    remove_stale_work_dirs(temp);
    auto d = temp / ("heattwin-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    spdlog::set_level(spdlog::level::off);
    // The path for the exit handler in a buffer that is never destroyed (the handler runs after
    // this static's destructor).
    static std::array<char, 4096> text{};
    d.string().copy(text.data(), text.size() - 1);
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(std::filesystem::path(text.data()), ec);
    });
    return d;
  }();
  return dir;
}

/// Writes the bytes to `name` in work_dir() and returns its path.
inline std::string write_input(std::string_view name, const std::uint8_t* data, std::size_t size) {
  const std::string path = (work_dir() / name).string();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

#ifdef HEATTWIN_FUZZ_OUTCOME_COUNTERS
/// Feedback for a harness whose libraries carry no coverage instrumentation
/// (HEATTWIN_FUZZ_UNINSTRUMENTED): libFuzzer reads this section as extra coverage counters, and
/// expect_clean counts each distinct outcome in it — success, or the error's type and message with
/// numbers and quoted parts removed. An input that reaches a check no input reached before is
/// kept in the corpus, so mutation works outwards from the checks already met.
inline constexpr std::size_t OUTCOME_COUNTERS = 4096;
__attribute__((section("__libfuzzer_extra_counters"), used)) static std::array<std::uint8_t, OUTCOME_COUNTERS>
    outcome_counters{};

/// FNV-1a over the message without digits and without the text between quotes.
inline std::size_t outcome_slot(std::string_view kind, std::string_view message) {
  std::uint64_t h = 14695981039346656037ULL;
  auto add = [&h](char c) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  };
  for (const char c : kind) add(c);
  bool quoted = false;
  for (const char c : message) {
    if (c == '\'' || c == '"') {
      quoted = !quoted;
      continue;
    }
    if (quoted || (c >= '0' && c <= '9')) continue;
    add(c);
  }
  return 1 + static_cast<std::size_t>(h % (OUTCOME_COUNTERS - 1));
}

inline void count_outcome(std::size_t slot) {
  if (outcome_counters[slot] < 255) ++outcome_counters[slot];
}
#endif

/// Runs `read`; an Error of HeatTwin is the clean refusal the contract allows. Any other
/// exception escapes and aborts the run, which libFuzzer records as a finding.
template <class Read>
void expect_clean(Read&& read) {
  try {
    read();
#ifdef HEATTWIN_FUZZ_OUTCOME_COUNTERS
    count_outcome(0);
#endif
  } catch (const heattwin::Error& e) {
#ifdef HEATTWIN_FUZZ_OUTCOME_COUNTERS
    count_outcome(outcome_slot(typeid(e).name(), e.what()));
#else
    (void)e;
#endif
  }
}

}  // namespace heattwin::fuzz
