#pragma once
/// \file Test helper: one `VALIDATION <suite> <case> <quantity> key=value ... <verdict>` line per
/// comparison with a reference (scripts/validation_report collects them into docs/VALIDATION.md).
///
/// The verdict is computed here from the compared values, and the same comparison is asserted
/// here: the printed verdict and the test's outcome cannot disagree, and no test prints a fixed
/// "PASS". Verdicts: PASS / FAIL (asserted), INFO (printed for information, not asserted; the line
/// carries `within=yes|no`).
///
///     heattwin::test::ValidationLine("network", name, "p_rel").field("n", count).at_most("max_err", err, tol);
///
/// Fields are printed in the order they are added, after the compared value and its tolerance.
/// Values must not contain spaces (the line is split on white space).
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdio>
#include <source_location>
#include <string>
#include <string_view>

namespace heattwin::test {

class ValidationLine {
 public:
  ValidationLine(std::string_view suite, std::string_view case_name, std::string_view quantity)
      : head_("VALIDATION " + std::string(suite) + " " + std::string(case_name) + " " + std::string(quantity)) {}

  /// Adds `key=value` with `significant` significant digits (printf %g).
  ValidationLine& field(std::string_view key, double value, int significant = 4) {
    return add(key, general(value, significant));
  }
  /// Adds `key=value` with `decimals` digits after the point (printf %f).
  ValidationLine& fixed(std::string_view key, double value, int decimals) { return add(key, decimal(value, decimals)); }
  ValidationLine& field(std::string_view key, std::size_t value) { return add(key, std::to_string(value)); }
  ValidationLine& field(std::string_view key, int value) { return add(key, std::to_string(value)); }
  ValidationLine& field(std::string_view key, std::string_view text) { return add(key, std::string(text)); }
  ValidationLine& field(std::string_view key, const char* text) { return add(key, std::string(text)); }

  /// Compares `value <= tolerance` (false for NaN), prints `key=value tol=tolerance` with the
  /// verdict and fails the test when it does not hold. Returns the verdict.
  bool at_most(std::string_view key, double value, double tolerance, int significant = 3,
               std::source_location where = std::source_location::current()) {
    compared_ = " " + std::string(key) + "=" + general(value, significant) + " tol=" + general(tolerance, 3);
    return finish(value <= tolerance, where);
  }

  /// Compares `low <= value <= high`, prints `key=value min=low max=high` (fixed `decimals`) with
  /// the verdict and fails the test when it does not hold. Returns the verdict.
  bool within(std::string_view key, double value, double low, double high, int decimals = 3,
              std::source_location where = std::source_location::current()) {
    compared_ = range_text(key, value, low, high, decimals);
    return finish(value >= low && value <= high, where);
  }

  /// For comparisons that are not a number against a tolerance (an exact flag, a set of checks
  /// whose outcome the caller computed from the values it printed as fields): prints the verdict
  /// of `holds` and fails the test when it is false.
  bool holds(bool condition, std::source_location where = std::source_location::current()) {
    return finish(condition, where);
  }

  /// An informative comparison (not asserted): prints `key=value min=low max=high within=yes|no INFO`.
  void inform_within(std::string_view key, double value, double low, double high, int decimals = 3) {
    const bool inside = value >= low && value <= high;
    compared_ = range_text(key, value, low, high, decimals);
    add("within", inside ? "yes" : "no");
    std::printf("%s%s%s INFO\n", head_.c_str(), compared_.c_str(), fields_.c_str());
    std::fflush(stdout);
  }

 private:
  ValidationLine& add(std::string_view key, std::string value) {
    fields_ += " " + std::string(key) + "=" + value;
    return *this;
  }

  bool finish(bool pass, const std::source_location& where) {
    const std::string line = head_ + compared_ + fields_ + (pass ? " PASS" : " FAIL");
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
    if (!pass) ADD_FAILURE_AT(where.file_name(), static_cast<int>(where.line())) << line;
    return pass;
  }

  static std::string range_text(std::string_view key, double value, double low, double high, int decimals) {
    return " " + std::string(key) + "=" + decimal(value, decimals) + " min=" + decimal(low, decimals) +
           " max=" + decimal(high, decimals);
  }

  /// `value` with `significant` significant digits (%g).
  static std::string general(double value, int significant) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*g", significant, value);
    return buffer;
  }
  /// `value` with `decimals` digits after the point (%f).
  static std::string decimal(double value, int decimals) {
    char buffer[400];  // %f of 1e308
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
  }

  std::string head_;
  std::string compared_;
  std::string fields_;
};

}  // namespace heattwin::test
