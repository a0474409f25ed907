#include "twin/json_writer.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

namespace heattwin::twin {

namespace {

/// nlohmann's placement (detail::dtoa_impl::format_buffer with min_exp −4, max_exp 15) of the
/// decimal digits d[0..k) of v = 0.d… × 10^n, i.e. n is the position of the decimal point.
/// Writes at most 24 characters to `p` and returns the end.
char* format_digits(char* p, const char* digits, int k, int n) {
  constexpr int MIN_EXP = -4;
  constexpr int MAX_EXP = 15;  // std::numeric_limits<double>::digits10
  const auto copy = [&p](const char* from, int count) {
    std::memcpy(p, from, static_cast<std::size_t>(count));
    p += count;
  };
  if (k <= n && n <= MAX_EXP) {  // digits[000].0
    copy(digits, k);
    std::memset(p, '0', static_cast<std::size_t>(n - k));
    p += n - k;
    copy(".0", 2);
  } else if (0 < n && n <= MAX_EXP) {  // dig.its
    copy(digits, n);
    *p++ = '.';
    copy(digits + n, k - n);
  } else if (MIN_EXP < n && n <= 0) {  // 0.[000]digits
    copy("0.", 2);
    std::memset(p, '0', static_cast<std::size_t>(-n));
    p += -n;
    copy(digits, k);
  } else {  // d[.igits]e±XX
    *p++ = digits[0];
    if (k > 1) {
      *p++ = '.';
      copy(digits + 1, k - 1);
    }
    int e = n - 1;
    copy(e < 0 ? "e-" : "e+", 2);
    e = std::abs(e);
    if (e >= 100) *p++ = static_cast<char>('0' + e / 100);
    *p++ = static_cast<char>('0' + e / 10 % 10);
    *p++ = static_cast<char>('0' + e % 10);
  }
  return p;
}

/// Plain ASCII without quotes, backslashes or control characters (every key and most values)
/// needs no escaping.
bool is_plain(std::string_view s) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x80 || c == '"' || c == '\\') return false;
  }
  return true;
}

/// Everything else goes through nlohmann's serializer (escapes, invalid UTF-8 → U+FFFD).
std::string quoted_json_string(std::string_view s) {
  return nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// Writes the number in nlohmann's layout to `p` (at most 32 characters) and returns the end.
char* write_json_number(char* p, double value) {
  if (!std::isfinite(value)) {
    std::memcpy(p, "null", 4);
    return p + 4;
  }
  if (std::signbit(value)) *p++ = '-';
  value = std::abs(value);
  if (value == 0.0) {
    std::memcpy(p, "0.0", 3);
    return p + 3;
  }
  // The shortest digits that read back to the same double, as d[.ddd]e±XX[X].
  char scientific[32];
  const auto [end, ec] =
      std::to_chars(scientific, scientific + sizeof scientific, value, std::chars_format::scientific);
  (void)ec;  // 32 characters hold any double in scientific form
  const char* e = end - 1;
  while (*e != 'e') --e;
  char digits[20];
  digits[0] = scientific[0];
  int k = 1;
  for (const char* q = scientific + 2; q < e; ++q) digits[k++] = *q;  // skips the '.' (absent when k = 1)
  int exponent = 0;
  for (const char* q = e + 2; q < end; ++q) exponent = exponent * 10 + (*q - '0');
  if (e[1] == '-') exponent = -exponent;
  return format_digits(p, digits, k, exponent + 1);
}

}  // namespace

void append_json_number(std::string& out, double value) {
  char text[40];
  out.append(text, write_json_number(text, value));
}

JsonWriter::JsonWriter(std::string& out, int indent) : out_(out), size_(out.size()), indent_(indent) {}

JsonWriter::~JsonWriter() {
  if (!first_in_level_.empty()) out_.resize(size_);  // an unfinished document: what was written
}

char* JsonWriter::reserve(std::size_t count) {
  if (size_ + count > out_.size()) out_.resize(std::max(2 * out_.size(), size_ + count + 4096));
  return out_.data() + size_;
}

void JsonWriter::wrote(const char* end) {
  size_ = static_cast<std::size_t>(end - out_.data());
  if (first_in_level_.empty()) out_.resize(size_);  // the document is complete
}

char* JsonWriter::separate(char* p) {
  if (!first_in_level_.back()) *p++ = ',';
  first_in_level_.back() = false;
  *p++ = '\n';
  const std::size_t count = first_in_level_.size() * static_cast<std::size_t>(indent_);
  std::memset(p, ' ', count);
  return p + count;
}

char* JsonWriter::before_value(std::size_t count) {
  char* p = reserve(count + 2 + first_in_level_.size() * static_cast<std::size_t>(indent_));
  if (after_key_) {
    after_key_ = false;
    return p;
  }
  if (first_in_level_.empty()) return p;  // the document's value
  return separate(p);
}

void JsonWriter::key(std::string_view name) {
  if (!is_plain(name)) {
    const std::string quoted = quoted_json_string(name);
    char* p = separate(reserve(quoted.size() + 4 + first_in_level_.size() * static_cast<std::size_t>(indent_)));
    std::memcpy(p, quoted.data(), quoted.size());
    p += quoted.size();
    std::memcpy(p, ": ", 2);
    wrote(p + 2);
    after_key_ = true;
    return;
  }
  char* p = separate(reserve(name.size() + 6 + first_in_level_.size() * static_cast<std::size_t>(indent_)));
  *p++ = '"';
  std::memcpy(p, name.data(), name.size());
  p += name.size();
  std::memcpy(p, "\": ", 3);
  wrote(p + 3);
  after_key_ = true;
}

void JsonWriter::begin_object() {
  char* p = before_value(1);
  *p++ = '{';
  first_in_level_.push_back(true);
  wrote(p);
}

void JsonWriter::begin_array() {
  char* p = before_value(1);
  *p++ = '[';
  first_in_level_.push_back(true);
  wrote(p);
}

void JsonWriter::close(char bracket) {
  const bool empty = first_in_level_.back();
  first_in_level_.pop_back();
  const std::size_t count = first_in_level_.size() * static_cast<std::size_t>(indent_);
  char* p = reserve(count + 2);
  if (!empty) {
    *p++ = '\n';
    std::memset(p, ' ', count);
    p += count;
  }
  *p++ = bracket;
  wrote(p);
}

void JsonWriter::end_object() { close('}'); }
void JsonWriter::end_array() { close(']'); }

void JsonWriter::value(double v) { wrote(write_json_number(before_value(40), v)); }

void JsonWriter::value(std::int64_t v) {
  char* p = before_value(24);
  wrote(std::to_chars(p, p + 24, v).ptr);
}

void JsonWriter::value(std::size_t v) {
  char* p = before_value(24);
  wrote(std::to_chars(p, p + 24, v).ptr);
}

void JsonWriter::value(bool v) {
  char* p = before_value(5);
  const std::string_view text = v ? "true" : "false";
  std::memcpy(p, text.data(), text.size());
  wrote(p + text.size());
}

void JsonWriter::value(std::string_view v) {
  if (is_plain(v)) {
    char* p = before_value(v.size() + 2);
    *p++ = '"';
    std::memcpy(p, v.data(), v.size());
    p += v.size();
    *p++ = '"';
    wrote(p);
    return;
  }
  const std::string quoted = quoted_json_string(v);
  char* p = before_value(quoted.size());
  std::memcpy(p, quoted.data(), quoted.size());
  wrote(p + quoted.size());
}

void JsonWriter::null() {
  char* p = before_value(4);
  std::memcpy(p, "null", 4);
  wrote(p + 4);
}

}  // namespace heattwin::twin
