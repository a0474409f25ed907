#pragma once
/// \file Handing a command over from `heattwin` to `heattwin-full` (app/main_front.cpp).

#include <filesystem>

namespace heattwin::app {

/// Where `heattwin-full` is: HEATTWIN_FULL_PROGRAM (set by app/CMakeLists.txt: the install's
/// libexec folder relative to its bin folder, "../libexec/heattwin-full"), relative to the folder
/// of the running executable (/proc/self/exe), so the same relation holds in the build tree
/// (build/app/heattwin → build/libexec/heattwin-full) and in every install prefix.
std::filesystem::path full_program_path();

/// Replaces this process by `heattwin-full` with the same arguments (execv). Returns only when
/// that fails: exit code 1 after an error naming the program's path and the reason.
int run_full_program(char** argv);

}  // namespace heattwin::app
