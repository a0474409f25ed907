#pragma once
/// \file SHA-256 of files, so that a results file records exactly which inputs made it.

#include <string>

namespace heattwin::twin {

/// SHA-256 of the bytes of `path` as 64 lower-case hex digits (OpenSSL, read in 1 MiB blocks:
/// ≈ 1 s per GB). Throws IoError naming the file if it cannot be read.
std::string file_sha256_hex(const std::string& path);

}  // namespace heattwin::twin
