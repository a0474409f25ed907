#pragma once
/// \file Test helper: expects a call to throw heattwin::InputError whose message contains every
/// given fragment (file, line, key, value …), so error messages stay specific.
#include "twin/error.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <initializer_list>
#include <string>

namespace heattwin::test {

inline void expect_input_error(const std::function<void()>& f, std::initializer_list<std::string> fragments) {
  try {
    f();
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& e) {
    for (const auto& fragment : fragments) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  }
}

}  // namespace heattwin::test
