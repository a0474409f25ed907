#pragma once
/// \file Shared part of the libFuzzer harnesses (issue 20): the contract every reader must keep
/// on any bytes — return a valid result or throw heattwin::Error (InputError, DataError, IoError
/// with a message), never crash, hang, leak or throw anything else. Readers take paths, so each
/// input is written to a file of this process first. Logging is off: fuzzing prints nothing.

#include "twin/error.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace heattwin::fuzz {

/// A folder of this process under the system's temporary folder, created on first use.
inline const std::filesystem::path& work_dir() {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("heattwin-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    spdlog::set_level(spdlog::level::off);
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

/// Runs `read`; an Error of HeatTwin is the clean refusal the contract allows. Any other
/// exception escapes and aborts the run, which libFuzzer records as a finding.
template <class Read>
void expect_clean(Read&& read) {
  try {
    read();
  } catch (const heattwin::Error&) {
  }
}

}  // namespace heattwin::fuzz
