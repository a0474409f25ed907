#include "twin/types.hpp"

namespace heattwin::twin {

std::string_view age_class_label(std::uint8_t age_class) {
  static constexpr std::array<std::string_view, 13> LABELS{
      "unknown",   "..1859",    "1860-1918", "1919-1948", "1949-1957", "1958-1968", "1969-1978",
      "1979-1983", "1984-1994", "1995-2001", "2002-2009", "2010-2015", "2016.."};
  return age_class < LABELS.size() ? LABELS[age_class] : LABELS[0];
}

UseClass parse_use_class(std::string_view name) {
  for (std::size_t k = 0; k < USE_CLASS_NAMES.size(); ++k) {
    if (USE_CLASS_NAMES[k] == name) return static_cast<UseClass>(k);
  }
  return UseClass::count_;
}

}  // namespace heattwin::twin
