#include "twin/string_column.hpp"

namespace heattwin::twin {

bool StringColumn::assign_raw(std::string chars, std::vector<std::uint64_t> offsets) {
  if (offsets.empty() || offsets.front() != 0 || offsets.back() != chars.size()) return false;
  for (std::size_t k = 1; k < offsets.size(); ++k) {
    if (offsets[k] < offsets[k - 1]) return false;
  }
  chars_ = std::move(chars);
  offsets_ = std::move(offsets);
  return true;
}

}  // namespace heattwin::twin
