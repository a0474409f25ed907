#include "scenarios/results_merge.hpp"

#include "twin/error.hpp"
#include "twin/network_store.hpp"
#include "twin/results_format.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>

namespace heattwin::scenarios {

std::vector<std::string> keep_other_scenarios(const h5::Group& root, const std::string& existing_path,
                                              const std::string& scenario, const std::string& twin_path) {
  std::vector<std::string> kept;
  const h5::Group runs = root.has("runs") ? root.open_group("runs") : root.create_group("runs");
  std::error_code ec;
  if (std::filesystem::is_regular_file(existing_path, ec)) {
    const h5::File existing = h5::File::open_checked(existing_path, twin::RESULTS_FILE);
    const h5::Group old_root = existing.root();
    std::vector<std::string> others;
    if (old_root.is_group("results")) {
      const h5::Group old_results = old_root.open_group("results");
      for (const auto& name : old_results.members())
        if (name != scenario && old_results.is_group(name)) others.push_back(name);
    }
    if (!others.empty()) {
      const std::string old_twin = old_root.is_group("twin") && old_root.open_group("twin").has_attribute("path")
                                       ? old_root.open_group("twin").string_attribute("path")
                                       : std::string();
      HEATTWIN_CHECK(old_twin == twin_path,
                     "{}: the file holds scenario(s) '{}' computed on the twin '{}', not on '{}' of scenario '{}'; "
                     "a results file holds scenarios of one twin: write '{}' to another file ([run] out or --out)",
                     existing_path, fmt::join(others, "', '"), old_twin, twin_path, scenario, scenario);
      const h5::Group results = root.open_group("results");
      const h5::Group old_results = old_root.open_group("results");
      const bool old_runs = old_root.is_group("runs");
      for (const auto& name : others) {
        old_results.copy_to(name, results, name);
        if (old_runs && old_root.open_group("runs").has(name)) {
          old_root.open_group("runs").copy_to(name, runs, name);
        } else if (others.size() == 1 && !old_root.open_group("results").has(scenario) && old_root.has("meta")) {
          // A file written before /runs with this one scenario: its /meta is that run's.
          old_root.copy_to("meta", runs, name);
        }
        if (old_root.is_group("networks") && old_root.open_group("networks").has(name)) {
          const h5::Group networks = root.has("networks") ? root.open_group("networks") : root.create_group("networks");
          old_root.open_group("networks").copy_to(name, networks, name);
        }
        kept.push_back(name);
      }
    }
  }
  root.copy_to("meta", runs, scenario);
  return kept;
}

void write_scenario_networks(const h5::Group& root, const std::string& scenario, const twin::NetworkSet& networks) {
  const h5::Group group = root.has("networks") ? root.open_group("networks") : root.create_group("networks");
  twin::write_networks(group, scenario, networks);
}

}  // namespace heattwin::scenarios
