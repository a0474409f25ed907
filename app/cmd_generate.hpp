#pragma once
/// \file `heattwin generate`: a seeded synthetic state-scale twin (and its footprints as GeoPackage).

#include "app/common.hpp"

#include <cstdint>
#include <string>

namespace heattwin::app {

/// `heattwin generate --out <twin.h5> …`.
struct GenerateOptions {
  std::uint64_t seed = 1;
  std::int64_t buildings = 1'200'000;
  std::string out;
  std::string municipalities;
  std::string boundaries;
  std::string gpkg;
};

/// Generates, writes the twin (and --gpkg) and logs what was written; returns the exit code.
int run_generate(const GenerateOptions& o, const GlobalOptions& g);

}  // namespace heattwin::app
