#pragma once
/// \file Test helpers of the scenario-file tests: a scenario file in a fresh temporary folder and
/// the InputError message (if any) of loading one.
#include "scenarios/demand_run.hpp"
#include "twin/error.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace heattwin::scenarios::test {

/// The shipped data folder (typology, technology tables) the scenarios are loaded against.
inline const std::string DATA = HEATTWIN_SOURCE_DATA_DIR;
/// The smallest [run] section: paths only (the files need not exist for parsing).
inline const std::string RUN = "[run]\ntwin = \"t.h5\"\nweather = \"w.dat\"\nout = \"r.h5\"\n";

/// A scenario file plan.toml in a fresh temporary folder, removed with the object.
class ScenarioFile {
 public:
  explicit ScenarioFile(const std::string& text)
      : dir_(std::filesystem::temp_directory_path() / fmt::format("heattwin_scenario_{}_{}", ::getpid(), counter_++)) {
    std::filesystem::create_directories(dir_);
    std::ofstream(path()) << text;
  }
  ~ScenarioFile() { std::filesystem::remove_all(dir_); }
  ScenarioFile(const ScenarioFile&) = delete;
  ScenarioFile& operator=(const ScenarioFile&) = delete;
  std::string path() const { return (dir_ / "plan.toml").string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;
};

/// The InputError message of loading `text` as a scenario, or "no error".
inline std::string error_of(const std::string& text) {
  const ScenarioFile f(text);
  try {
    (void)load_demand_scenario(f.path(), DATA);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace heattwin::scenarios::test
