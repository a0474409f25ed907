#pragma once
/// \file Checks of an input path before a reader opens it (issue 20, class 8): HeatTwin reads
/// regular files only. A FIFO or a character device would block the reader forever or never end,
/// a directory given where a file is expected would be silently ignored, and a path that is too
/// long or loops through symbolic links would otherwise surface as an "unexpected error".

#include <filesystem>
#include <string_view>

namespace heattwin::twin {

/// Throws InputError naming `path`, `what` it should hold (e.g. "the attribute mapping") and the
/// fix when `path` does not exist, cannot be examined (too long, a loop of symbolic links, no
/// permission) or is not a regular file (a directory, FIFO, socket or device). O(1): one stat().
void check_input_file(const std::filesystem::path& path, std::string_view what = "the input file");

}  // namespace heattwin::twin
