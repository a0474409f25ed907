#include "twin/atomic_file.hpp"

#include "twin/error.hpp"

#include <fmt/format.h>

#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <utility>

namespace heattwin::twin {

AtomicFile::AtomicFile(std::string path, std::string_view temp_suffix, std::vector<std::string> side_suffixes)
    : path_(std::move(path)), side_suffixes_(std::move(side_suffixes)) {
  temp_path_ = fmt::format("{}.tmp-{}{}", path_, ::getpid(), temp_suffix);
  // A file of this name is left over from a crashed process with the same pid: never ours.
  std::remove(temp_path_.c_str());
  for (const auto& suffix : side_suffixes_) std::remove((temp_path_ + suffix).c_str());
}

AtomicFile AtomicFile::with_temp_path(std::string path, std::string temp_path) {
  AtomicFile f;
  f.path_ = std::move(path);
  f.temp_path_ = std::move(temp_path);
  std::remove(f.temp_path_.c_str());
  return f;
}

AtomicFile::~AtomicFile() { discard(); }

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : path_(std::move(other.path_)),
      temp_path_(std::exchange(other.temp_path_, {})),
      side_suffixes_(std::move(other.side_suffixes_)) {}

AtomicFile& AtomicFile::operator=(AtomicFile&& other) noexcept {
  if (this != &other) {
    discard();
    path_ = std::move(other.path_);
    temp_path_ = std::exchange(other.temp_path_, {});
    side_suffixes_ = std::move(other.side_suffixes_);
  }
  return *this;
}

void AtomicFile::commit() {
  if (temp_path_.empty()) return;
  std::error_code ec;
  std::filesystem::rename(temp_path_, path_, ec);
  if (ec) {
    discard();
    throw IoError(fmt::format("{}: cannot move the finished file into place ({})", path_, ec.message()));
  }
  temp_path_.clear();
}

void AtomicFile::discard() noexcept {
  if (temp_path_.empty()) return;
  std::remove(temp_path_.c_str());
  for (const auto& suffix : side_suffixes_) std::remove((temp_path_ + suffix).c_str());
  temp_path_.clear();
}

void write_file_atomically(const std::string& path, std::string_view contents) {
  AtomicFile file(path);
  {
    std::ofstream out(file.temp_path(), std::ios::binary | std::ios::trunc);
    HEATTWIN_CHECK_AS(IoError, out.is_open(), "{}: cannot create the file; is the folder there and writable?", path);
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    out.close();
    HEATTWIN_CHECK_AS(IoError, !out.fail(), "{}: writing the file failed (disk full?)", path);
  }
  file.commit();
}

}  // namespace heattwin::twin
