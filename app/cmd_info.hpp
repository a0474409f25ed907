#pragma once
/// \file `heattwin info`: summarises a twin file (counts, totals, data quality).

#include <string>

namespace heattwin::app {

/// `heattwin info <twin.h5> [--json] [--quality]`.
struct InfoOptions {
  std::string twin_path;
  bool json = false;
  bool quality = false;
};

/// Prints the summary (text or JSON) of the twin on stdout; returns the exit code.
int run_info(const InfoOptions& o);

}  // namespace heattwin::app
