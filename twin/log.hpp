#pragma once
/// \file Named per-module loggers. Libraries log through these and never print to stdout;
/// the application decides sink and level (app/main.cpp).

#include <spdlog/spdlog.h>

#include <memory>
#include <string>

namespace heattwin {

/// The logger of one module ("twin.import", "twin.store", …), created on first use with the
/// sinks of the default logger (stderr unless the application set others). Thread-safe.
std::shared_ptr<spdlog::logger> logger(const std::string& module);

}  // namespace heattwin
