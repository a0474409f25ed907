#pragma once
/// \file The scenario file `heattwin demo` writes beside the demo twin, so that its run can be
/// repeated with `heattwin run`: the settings of data/scenarios/demo_demand.toml, with paths
/// relative to the written file.

#include <string>

namespace heattwin::scenarios {

/// The text of the demo's scenario file (TOML) at `scenario_path`: twin.h5 and results.h5 beside
/// it, the TRY 2010 weather of region 4 from `data_dir` (the shipped data folder) as an absolute path.
std::string demo_scenario_toml(const std::string& scenario_path, const std::string& data_dir);

}  // namespace heattwin::scenarios
