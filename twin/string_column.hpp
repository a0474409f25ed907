#pragma once
/// \file A column of strings stored as one character buffer plus offsets (no per-string heap
/// allocation; 1.2 M ids cost their characters plus 8 bytes each).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace heattwin::twin {

class StringColumn {
 public:
  StringColumn() : offsets_{0} {}

  std::size_t size() const { return offsets_.size() - 1; }
  bool empty() const { return size() == 0; }

  std::string_view operator[](std::size_t k) const {
    return {chars_.data() + offsets_[k], static_cast<std::size_t>(offsets_[k + 1] - offsets_[k])};
  }
  void push_back(std::string_view s) {
    chars_.append(s);
    offsets_.push_back(chars_.size());
  }
  void clear() {
    chars_.clear();
    offsets_.assign(1, 0);
  }
  void reserve(std::size_t n, std::size_t chars) {
    offsets_.reserve(n + 1);
    chars_.reserve(chars);
  }

  /// The raw storage: all characters, and size()+1 offsets (offsets[0] == 0).
  const std::string& chars() const { return chars_; }
  const std::vector<std::uint64_t>& offsets() const { return offsets_; }

  /// Rebuilds from raw storage; returns false if the offsets are not a valid partition of chars.
  bool assign_raw(std::string chars, std::vector<std::uint64_t> offsets);

  std::size_t memory_bytes() const { return chars_.capacity() + offsets_.capacity() * sizeof(std::uint64_t); }

 private:
  std::string chars_;
  std::vector<std::uint64_t> offsets_;
};

}  // namespace heattwin::twin
