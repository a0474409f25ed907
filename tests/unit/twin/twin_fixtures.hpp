#pragma once
// Small twins built by hand for the unit tests.

#include "twin/twin.hpp"

#include <filesystem>
#include <string>

namespace heattwin::test {

/// A twin of `n` box-shaped buildings in one municipality, all values consistent.
twin::Twin make_small_twin(std::size_t n);

/// A fresh temporary directory, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace heattwin::test
