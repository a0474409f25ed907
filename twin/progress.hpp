#pragma once
/// \file Progress reporting from long-running library work to whoever draws it (the app).

#include <cstddef>
#include <functional>

namespace heattwin {

/// Called with (work done, total work) from the calling thread (never from inside a parallel
/// region); may be empty. Libraries call it at a modest rate (≤ a few hundred times per run).
using ProgressFn = std::function<void(std::size_t done, std::size_t total)>;

}  // namespace heattwin
