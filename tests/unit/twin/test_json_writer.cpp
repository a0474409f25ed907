// twin/json_writer: the streaming JSON writer has nlohmann::json::dump's layout and writes the
// shortest number that reads back to the same double.
#include "twin/json_writer.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>

namespace heattwin::twin {
namespace {

std::string number_text(double v) {
  std::string out;
  append_json_number(out, v);
  return out;
}

/// Number of significant decimal digits of a JSON number ("1.25e-05" → 3).
int significant_digits(const std::string& text) {
  int digits = 0;
  bool leading = true;
  for (const char c : text) {
    if (c == 'e') break;
    if (c < '0' || c > '9') continue;
    if (c == '0' && leading) continue;
    leading = false;
    ++digits;
  }
  // Trailing zeros of the integer part ("1000000.0") are not significant.
  std::size_t end = text.find('e');
  std::string mantissa = text.substr(0, end);
  if (mantissa.size() >= 2 && mantissa.ends_with(".0")) {
    mantissa.resize(mantissa.size() - 2);
    while (!mantissa.empty() && mantissa.back() == '0' && digits > 1) {
      mantissa.pop_back();
      --digits;
    }
  }
  return digits;
}

TEST(JsonWriter, NumbersInNlohmannsLayout) {
  EXPECT_EQ(number_text(5.0), "5.0");
  EXPECT_EQ(number_text(-0.0), "-0.0");
  EXPECT_EQ(number_text(0.0), "0.0");
  EXPECT_EQ(number_text(0.25), "0.25");
  EXPECT_EQ(number_text(0.0001), "0.0001");
  EXPECT_EQ(number_text(0.00001), "1e-05");
  EXPECT_EQ(number_text(1.5e-7), "1.5e-07");
  EXPECT_EQ(number_text(123456789012345.0), "123456789012345.0");
  EXPECT_EQ(number_text(1e15), "1e+15");
  EXPECT_EQ(number_text(1e16), "1e+16");
  EXPECT_EQ(number_text(-3.2e20), "-3.2e+20");
  EXPECT_EQ(number_text(1.5e300), "1.5e+300");
  EXPECT_EQ(number_text(5e-324), "5e-324");
  EXPECT_EQ(number_text(363.15), "363.15");
  EXPECT_EQ(number_text(std::numeric_limits<double>::quiet_NaN()), "null");
  EXPECT_EQ(number_text(-std::numeric_limits<double>::infinity()), "null");
  for (const double v :
       {5.0, 0.25, 0.0001, 1e-5, 1e15, 1e16, 363.15, 1.0 / 3.0, 6.02214076e23, 2.2250738585072014e-308}) {
    EXPECT_EQ(number_text(v), nlohmann::json(v).dump()) << v;
  }
}

TEST(JsonWriter, EveryNumberReadsBackAndIsNeverLongerThanNlohmanns) {
  // Random bit patterns (every exponent) and random values of the magnitudes of network results.
  std::mt19937_64 rng(20261207);
  std::uniform_real_distribution<double> physical(-1e3, 1e3);
  int equal = 0, shorter = 0;
  for (int i = 0; i < 200000; ++i) {
    const double v = i % 2 == 0 ? std::bit_cast<double>(rng()) : physical(rng);
    if (!std::isfinite(v)) continue;
    const std::string ours = number_text(v);
    double back = 0.0;
    const auto [end, ec] = std::from_chars(ours.data(), ours.data() + ours.size(), back);
    ASSERT_TRUE(ec == std::errc{} && end == ours.data() + ours.size()) << ours;
    ASSERT_EQ(std::bit_cast<std::uint64_t>(back), std::bit_cast<std::uint64_t>(v)) << ours;
    const std::string theirs = nlohmann::json(v).dump();
    if (ours == theirs) {
      ++equal;
      continue;
    }
    // nlohmann's Grisu2 is neither always shortest nor always the closest of the shortest
    // (17-digit values may end …045 where the closest is …046); both read back.
    ASSERT_LE(significant_digits(ours), significant_digits(theirs)) << ours << " vs " << theirs;
    ++shorter;
  }
  EXPECT_GT(equal, 150000);
  EXPECT_LT(shorter, equal / 100) << "nlohmann's text differed for " << shorter << " numbers";
}

TEST(JsonWriter, DocumentIsNlohmannsDump) {
  // The same document as a nlohmann tree (keys sorted, as nlohmann::json keeps them) and streamed.
  nlohmann::json tree;
  tree["a"] = 1;
  tree["b_list"] = {1.5, -2, true, nullptr, "x"};
  tree["c_empty_object"] = nlohmann::json::object();
  tree["d_empty_array"] = nlohmann::json::array();
  tree["e_nested"] = {{"inner", {{"k", 0.1}, {"z", {nlohmann::json::object(), nlohmann::json::array({3})}}}}};
  tree["f_text"] = "quote \" backslash \\ tab \t newline \n bell \x07 umlaut \xC3\xA4 broken \xFF end";
  tree["g_false"] = false;
  tree["h_big"] = static_cast<std::int64_t>(-9007199254740993LL);
  tree["i_size"] = std::size_t{18446744073709551615ULL};
  tree["we\"ird key"] = 2.5e-9;
  for (const int indent : {1, 2}) {
    std::string out;
    {
      JsonWriter w(out, indent);
      w.begin_object();
      w.member("a", 1);
      w.key("b_list");
      w.begin_array();
      w.value(1.5);
      w.value(std::int64_t{-2});
      w.value(true);
      w.null();
      w.value("x");
      w.end_array();
      w.key("c_empty_object");
      w.begin_object();
      w.end_object();
      w.key("d_empty_array");
      w.begin_array();
      w.end_array();
      w.key("e_nested");
      w.begin_object();
      w.key("inner");
      w.begin_object();
      w.member("k", 0.1);
      w.key("z");
      w.begin_array();
      w.begin_object();
      w.end_object();
      w.begin_array();
      w.value(3);
      w.end_array();
      w.end_array();
      w.end_object();
      w.end_object();
      w.member("f_text", tree["f_text"].get<std::string>());
      w.member("g_false", false);
      w.member("h_big", std::int64_t{-9007199254740993LL});
      w.member("i_size", std::size_t{18446744073709551615ULL});
      w.member("we\"ird key", 2.5e-9);
      w.end_object();
      EXPECT_EQ(out, tree.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace));
    }
    EXPECT_EQ(out, tree.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace));
  }
}

TEST(JsonWriter, AppendsAndLeavesWhatItWroteWhenUnfinished) {
  std::string out = "prefix ";
  {
    JsonWriter w(out);
    w.begin_array();
    w.value(1);
  }
  EXPECT_EQ(out, "prefix [\n 1");
}

}  // namespace
}  // namespace heattwin::twin
