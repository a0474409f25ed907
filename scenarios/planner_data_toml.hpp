#pragma once
/// \file Internal to scenarios/: the `[data]` keys of the planners' own GIS data — gas grid and
/// hydrogen plan (scenarios/gas_grid_evidence.hpp), heat potentials (scenarios/potentials.hpp).
/// toml++ is a private dependency of the scenarios library.

#include "scenarios/gas_grid_evidence.hpp"
#include "scenarios/potentials.hpp"

#include <toml++/toml.h>

#include <string>

namespace heattwin::scenarios::detail {

/// Reads the GAS_GRID_DATA_KEYS of the `[data]` table of scenario file `path` (paths relative to
/// the file; other keys are left to the caller). Throws InputError naming the file, line and key
/// for wrong types, a buffer outside (0, 500] m, or a layer/buffer key without its file.
void parse_gas_grid_keys(const std::string& path, const toml::table& data, GasGridSettings& out);

/// Reads the potentials keys of `[data]` (potentials, potentials_layer,
/// potentials_ground_source_yield_kwh_per_m2a, potentials_solar_thermal_yield_kwh_per_m2a). Throws
/// InputError naming the file, line and key for wrong types, yields outside [0, 5000] kWh/(m²·a),
/// or a layer/yield key without the file.
void parse_potential_keys(const std::string& path, const toml::table& data, PotentialSettings& out);

}  // namespace heattwin::scenarios::detail
