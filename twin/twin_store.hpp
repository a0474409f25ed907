#pragma once
/// \file The twin store: the whole twin in one HDF5 file (layout in docs/twin-schema.md).
/// Every column is a chunked, shuffled, deflated dataset with a Fletcher-32 checksum and a
/// `unit` attribute; the root carries filetype, schema_version and the program version.

#include "twin/twin.hpp"

#include <array>
#include <cstdint>
#include <string>

namespace heattwin::twin {

/// Schema version of the twin file. Readers accept the same major version and reject others.
inline constexpr std::array<std::int64_t, 2> TWIN_SCHEMA_VERSION{1, 2};
inline constexpr const char* TWIN_FILETYPE = "heattwin-twin";

/// Writes the twin to `path` atomically (temporary file + rename). Checks invariants first.
/// The output depends only on the twin's content: the same twin gives a byte-identical file.
void save_twin(const Twin& twin, const std::string& path);

/// Loads a twin; throws InputError naming the file for a file that is not a twin, has another
/// schema major version (quoting both), is truncated or corrupt (checksum), or breaks an invariant.
Twin load_twin(const std::string& path);

}  // namespace heattwin::twin
