#pragma once
/// \file A streaming JSON writer for large documents (e.g. `heattwin validate network --json` of a
/// 100,000-pipe network): appends to one std::string, no document tree. Its layout is that of
/// nlohmann::json::dump(indent) (one item per line, `"key": value`, empty containers as `{}` and
/// `[]`), and numbers are the shortest decimal that reads back to the same double (std::to_chars),
/// placed like nlohmann's: fixed point for 1e-4 ≤ |v| < 1e15 ("5.0", "0.00012"), else an exponent
/// ("1e-05", "1.5e+20"); non-finite numbers are written as null, as nlohmann does.
/// Keys are written in the order the caller gives them: to reproduce a dump of nlohmann::json
/// (an ordered map), give them in ascending byte order.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace heattwin::twin {

/// Appends the shortest round-trip representation of a finite double in nlohmann::json's
/// layout ("5.0", "0.25", "1e-05", "-3.2e+20"); non-finite values append "null".
void append_json_number(std::string& out, double value);

class JsonWriter {
 public:
  /// Appends to `out`, which must outlive the writer and is not to be touched while it writes:
  /// `out` holds the document once its outermost value is closed (or the writer is destroyed).
  /// `indent` spaces per level.
  explicit JsonWriter(std::string& out, int indent = 1);
  ~JsonWriter();
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  /// The key of the next value of the enclosing object (escaped like any JSON string).
  void key(std::string_view name);

  void value(double v);
  void value(std::int64_t v);
  void value(int v) { value(static_cast<std::int64_t>(v)); }
  void value(std::size_t v);
  void value(bool v);
  /// A string; invalid UTF-8 is replaced by U+FFFD (nlohmann's error_handler_t::replace).
  void value(std::string_view v);
  void value(const char* v) { value(std::string_view(v)); }
  void null();

  /// key(name) followed by value(v).
  template <typename T>
  void member(std::string_view name, const T& v) {
    key(name);
    value(v);
  }

 private:
  // `out_` is grown ahead of the writing (reserve) and cut to `size_` when the document is
  // complete: one bounds check per item instead of one per character.
  char* reserve(std::size_t count);
  void wrote(const char* end);
  char* separate(char* p);
  char* before_value(std::size_t count);
  void close(char bracket);

  std::string& out_;
  std::size_t size_;
  int indent_;
  std::vector<bool> first_in_level_;  ///< per open container: no item written yet
  bool after_key_ = false;
};

}  // namespace heattwin::twin
