#pragma once
/// \file Internal to scenarios/: the `[data]` keys of the gas grid and hydrogen plan
/// (scenarios/gas_grid_evidence.hpp; toml++ is a private dependency of the scenarios library).

#include "scenarios/gas_grid_evidence.hpp"

#include <toml++/toml.h>

#include <string>

namespace heattwin::scenarios::detail {

/// Reads the GAS_GRID_DATA_KEYS of the `[data]` table of scenario file `path` (paths relative to
/// the file; other keys are left to the caller). Throws InputError naming the file, line and key
/// for wrong types, a buffer outside (0, 500] m, or a layer/buffer key without its file.
void parse_gas_grid_keys(const std::string& path, const toml::table& data, GasGridSettings& out);

}  // namespace heattwin::scenarios::detail
