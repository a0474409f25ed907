#include "twin/output_path.hpp"

#include "twin/error.hpp"

#include <array>
#include <fstream>
#include <string>
#include <system_error>

namespace heattwin::twin {
namespace {

namespace fs = std::filesystem;

std::string_view kind_name(OutputKind kind) {
  switch (kind) {
    case OutputKind::hdf5:
      return "an HDF5 file";
    case OutputKind::geopackage:
      return "a GeoPackage (SQLite) file";
    case OutputKind::any:
      break;
  }
  return "a file";
}

bool has_signature(const fs::path& path, OutputKind kind) {
  static constexpr std::string_view HDF5_SIGNATURE{"\x89HDF\r\n\x1a\n", 8};
  static constexpr std::string_view SQLITE_SIGNATURE{"SQLite format 3\0", 16};
  const std::string_view signature = kind == OutputKind::hdf5 ? HDF5_SIGNATURE : SQLITE_SIGNATURE;
  std::ifstream in(path, std::ios::binary);
  std::array<char, 16> head{};
  in.read(head.data(), static_cast<std::streamsize>(signature.size()));
  return in.gcount() == static_cast<std::streamsize>(signature.size()) &&
         std::string_view(head.data(), signature.size()) == signature;
}

}  // namespace

void check_output_path(const fs::path& out, std::span<const fs::path> inputs, std::string_view option,
                       OutputKind kind) {
  HEATTWIN_CHECK(!out.empty(), "{}: the output path is empty", option);
  std::error_code ec;
  const fs::path out_canonical = fs::weakly_canonical(out, ec);
  for (const auto& input : inputs) {
    if (input.empty()) continue;
    std::error_code input_ec, equivalent_ec;
    // The same name (also before either file exists: two outputs of one command), or the same
    // file through a link or another spelling.
    const bool same_name = !ec && fs::weakly_canonical(input, input_ec) == out_canonical && !input_ec;
    HEATTWIN_CHECK(!same_name && !fs::equivalent(out, input, equivalent_ec),
                   "{} '{}' is the same file as '{}', which this command reads or writes: writing it would destroy "
                   "that; choose another output name",
                   option, out.string(), input.string());
  }
  const fs::file_status status = fs::status(out, ec);
  if (!fs::exists(status)) return;  // a new file: the writer creates it (and its folder, where it does)
  HEATTWIN_CHECK(fs::is_regular_file(status),
                 "{} '{}' exists and is not a regular file ({}); refusing to replace it — give the path of a new or "
                 "regular file",
                 option, out.string(), fs::is_directory(status) ? "a directory" : "a device, FIFO or socket");
  HEATTWIN_CHECK(kind == OutputKind::any || fs::file_size(out, ec) == 0 || has_signature(out, kind),
                 "{} '{}' exists and is not {}: refusing to replace a file of another kind — remove it or choose "
                 "another name",
                 option, out.string(), kind_name(kind));
}

}  // namespace heattwin::twin
