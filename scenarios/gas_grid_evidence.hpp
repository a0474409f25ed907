#pragma once
/// \file The gas grid and the hydrogen-network plans of a heat plan as GIS layers (`[data]`
/// gas_grid / hydrogen_plan, docs/HEAT_PLAN.md "Gas grid and hydrogen plans"), turned into the
/// supply-area evidence of every 100 m cell (solvers/supply/supply_areas.hpp): a cell has a gas
/// grid if at least one of its computed buildings lies within `gas_grid_buffer_m` of a gas main
/// or inside a gas-grid area; it is in a hydrogen plan (WPG §18, §19: a hydrogen-network area /
/// the operator's conversion plan) alike. Without a layer the evidence is *unknown*
/// (empty columns: reason GAS_GRID_UNKNOWN / H2_PLAN_UNKNOWN), never "absent".

#include "twin/h5.hpp"
#include "twin/line_area_layer.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace heattwin::twin {
struct Twin;
}

namespace heattwin::scenarios {

/// Distance within which a building counts as reachable by a gas main (HeatTwin assumption: a
/// house connection of a few tens of metres from the main in the street).
inline constexpr double DEFAULT_GAS_GRID_BUFFER_M = 50.0;

/// `[data]` keys of the gas grid and hydrogen plan (all optional).
struct GasGridSettings {
  std::string gas_grid_path;   ///< [data] gas_grid: vector file of gas mains (lines) and/or grid areas (polygons)
  std::string gas_grid_layer;  ///< [data] gas_grid_layer: layer name (default: the first)
  double gas_grid_buffer_m = DEFAULT_GAS_GRID_BUFFER_M;       ///< [data] gas_grid_buffer_m, (0, 500] m
  std::string hydrogen_plan_path;                             ///< [data] hydrogen_plan: lines and/or areas
  std::string hydrogen_plan_layer;                            ///< [data] hydrogen_plan_layer
  double hydrogen_plan_buffer_m = DEFAULT_GAS_GRID_BUFFER_M;  ///< [data] hydrogen_plan_buffer_m, (0, 500] m
};

/// The input files of the settings by role ("gas_grid", "hydrogen_plan"), for the run's /meta.
std::vector<std::pair<std::string, std::string>> gas_grid_inputs(const GasGridSettings& settings);

/// Per cell row of a year's supply areas: empty where the layer is not given (unknown).
struct CellGasFlags {
  std::vector<std::uint8_t> has_gas_network;
  std::vector<std::uint8_t> hydrogen_plan;
  std::size_t cells_with_gas_grid = 0, cells_in_hydrogen_plan = 0;
};

/// What the run knows of the gas grid (summary and --json).
struct GasGridSummary {
  bool gas_grid_known = false, hydrogen_plan_known = false;
  std::size_t gas_grid_features = 0, gas_grid_skipped_features = 0, hydrogen_plan_features = 0,
              hydrogen_plan_skipped_features = 0;
  double gas_main_length_m = 0.0, hydrogen_plan_line_length_m = 0.0;
  std::size_t buildings_near_gas_grid = 0, buildings_in_hydrogen_plan = 0;  ///< of the twin
  /// "layer" (from the files) or "unknown" (no layer given).
  const char* gas_grid_source() const { return gas_grid_known ? "layer" : "unknown"; }
  const char* hydrogen_plan_source() const { return hydrogen_plan_known ? "layer" : "unknown"; }
};

/// The layers of a run, evaluated once for every building of the twin.
class GasGridEvidence {
 public:
  /// Nothing known (no layers).
  GasGridEvidence() = default;
  /// Reads the layers named in `settings` into the twin's CRS and flags every building of the
  /// twin by its centroid. Throws InputError naming the file and feature (twin/line_area_layer.hpp).
  GasGridEvidence(const GasGridSettings& settings, const twin::Twin& twin);

  const GasGridSummary& summary() const { return summary_; }

  /// The flags of the cell rows `row_cell` (twin grid cell of each row) from the computed
  /// buildings `twin_index` (their twin.buildings.grid_cell). O(buildings + cells).
  CellGasFlags cells(const twin::Twin& twin, std::span<const std::uint32_t> twin_index,
                     std::span<const std::uint32_t> row_cell) const;

 private:
  GasGridSummary summary_;
  std::vector<std::uint8_t> near_gas_, in_plan_;  ///< per twin building; empty = unknown
};

/// The summary as JSON for `run --json` ("gas_grid": source "layer" | "unknown", counts).
nlohmann::ordered_json gas_grid_json(const GasGridSummary& summary);

/// One line of the run's text summary (without newline): the gas grid and hydrogen plan from their
/// layers, or "unknown".
std::string gas_grid_summary_text(const GasGridSummary& summary);

/// Writes the cells' flags into a year's supply_areas group `sa` (datasets has_gas_grid and
/// hydrogen_plan, -1 = unknown) and the attributes gas_grid_source / hydrogen_plan_source
/// ("layer" | "unknown"; docs/results-schema.md).
void write_gas_grid_evidence(const h5::Group& sa, const GasGridSummary& summary, const CellGasFlags& flags,
                             std::size_t cells);

}  // namespace heattwin::scenarios
