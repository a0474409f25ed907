#include "twin/input_file.hpp"

#include "twin/error.hpp"

#include <fmt/format.h>

#include <string>
#include <system_error>

namespace heattwin::twin {
namespace {

namespace fs = std::filesystem;

std::string_view kind_of(const fs::file_status& status) {
  switch (status.type()) {
    case fs::file_type::directory:
      return "a directory";
    case fs::file_type::fifo:
      return "a FIFO (named pipe)";
    case fs::file_type::socket:
      return "a socket";
    case fs::file_type::character:
      return "a character device";
    case fs::file_type::block:
      return "a block device";
    default:
      return "not a regular file";
  }
}

}  // namespace

void check_input_file(const fs::path& path, std::string_view what) {
  HEATTWIN_CHECK(!path.empty(), "the path of {} is empty", what);
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    // ENAMETOOLONG, ELOOP, EACCES, ENOTDIR …: the system's reason names the problem.
    throw InputError(fmt::format("{}: cannot examine {} ({}); give the path of a readable regular file", path.string(),
                                 what, ec.message()));
  }
  HEATTWIN_CHECK(fs::exists(status), "{}: cannot open {}: it does not exist", path.string(), what);
  HEATTWIN_CHECK(fs::is_regular_file(status),
                 "{}: {} is {}; HeatTwin reads regular files only (a pipe or device could block forever) — give "
                 "the path of a regular file",
                 path.string(), what, kind_of(status));
}

}  // namespace heattwin::twin
