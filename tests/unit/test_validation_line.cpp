/// tests/unit/validation_line.hpp: the printed verdict is computed from the compared values, and
/// a FAIL is also a test failure (so a VALIDATION line cannot say PASS while its check fails).

#include "tests/unit/validation_line.hpp"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>

namespace {

using heattwin::test::ValidationLine;

void above_tolerance() { ValidationLine("suite", "case", "q").at_most("err", 0.2, 0.1); }
void not_a_number() { ValidationLine("suite", "case", "q").at_most("err", std::nan(""), 0.1); }
void outside_range() { ValidationLine("suite", "case", "q").within("value", 3.0, 1.0, 2.0); }
void check_false() { ValidationLine("suite", "case", "q").holds(false); }

}  // namespace

TEST(ValidationLine, VerdictFollowsTheComparisonAndAFailIsATestFailure) {
  ::testing::internal::CaptureStdout();
  EXPECT_TRUE(ValidationLine("suite", "case", "q").field("n", std::size_t{3}).at_most("err", 0.05, 0.1));
  EXPECT_TRUE(ValidationLine("suite", "case", "q").at_most("err", 0.1, 0.1));  // at the tolerance: within
  EXPECT_TRUE(ValidationLine("suite", "case", "q").within("value", 1.5, 1.0, 2.0));
  EXPECT_NONFATAL_FAILURE(above_tolerance(), "VALIDATION suite case q err=0.2 tol=0.1 FAIL");
  EXPECT_NONFATAL_FAILURE(not_a_number(), "FAIL");
  EXPECT_NONFATAL_FAILURE(outside_range(), "value=3.000 min=1.000 max=2.000 FAIL");
  EXPECT_NONFATAL_FAILURE(check_false(), "VALIDATION suite case q FAIL");
  ValidationLine("suite", "case", "q").inform_within("value", 3.0, 1.0, 2.0);  // informative: no failure
  const std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_NE(out.find("VALIDATION suite case q err=0.05 tol=0.1 n=3 PASS\n"), std::string::npos) << out;
  EXPECT_NE(out.find("VALIDATION suite case q err=0.2 tol=0.1 FAIL\n"), std::string::npos) << out;
  EXPECT_NE(out.find("VALIDATION suite case q value=3.000 min=1.000 max=2.000 within=no INFO\n"), std::string::npos)
      << out;
}
