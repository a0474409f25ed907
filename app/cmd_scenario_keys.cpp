#include "app/cmd_scenario_keys.hpp"

#include "scenarios/scenario_schema.hpp"
#include "twin/atomic_file.hpp"
#include "twin/input_file.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace heattwin::app {

int run_scenario_keys(const ScenarioKeysOptions& o) {
  if (o.write.empty()) {
    fmt::print("{}", heattwin::scenarios::scenario_keys_markdown());
    return 0;
  }
  twin::check_input_file(o.write, "the document to write the scenario keys into");
  std::ifstream in(o.write, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  twin::write_file_atomically(o.write, heattwin::scenarios::with_scenario_keys(text.str(), o.write));
  fmt::print("wrote the scenario keys into {}\n", o.write);
  return 0;
}

}  // namespace heattwin::app
