#pragma once
/// \file Checks of an output path before a command writes to it (issue 20, class 4): an output
/// must never destroy an input, a device, a directory or a file of another kind.

#include <filesystem>
#include <span>
#include <string_view>

namespace heattwin::twin {

/// The kind of file a command writes, recognised by its signature when the path already exists.
enum class OutputKind {
  hdf5,        ///< twin and results files ("\x89HDF\r\n\x1a\n" at offset 0)
  geopackage,  ///< SQLite databases ("SQLite format 3\0")
  any,         ///< text, PNG, VTK, HTML …: any existing regular file may be replaced
};

/// Throws InputError naming `option` and the path when writing `out` would
/// - replace one of `inputs` (the same name, or the same file through a symbolic or hard link;
///   pass the command's other outputs too, so that two outputs never share a file),
/// - replace an existing directory, device, FIFO or socket (e.g. `--out /dev/full`),
/// - replace an existing regular file of another kind than `kind` (a GeoPackage given as the twin
///   output, say).
/// A missing output, or an existing file of the same kind, is fine (it is replaced atomically by
/// the writer). Inputs that do not exist are ignored (their readers report them).
void check_output_path(const std::filesystem::path& out, std::span<const std::filesystem::path> inputs,
                       std::string_view option, OutputKind kind);

}  // namespace heattwin::twin
