#pragma once
/// \file The `heattwin` command line: every subcommand and option (CLI11), declared once and used
/// by both programs behind the one `heattwin` command (docs/ARCHITECTURE.md, "Start-up"):
/// `heattwin` itself (app/main_front.cpp) parses every command line, runs the commands that need
/// neither GDAL nor VTK (run_light_command) and hands every other one to `heattwin-full`
/// (app/main_full.cpp), which parses the same command line again and runs it.
/// Exit codes (CONTRACTS.md): 0 success, 1 failure of the run, 2 bad input or usage.

#include "app/cmd_compare.hpp"
#include "app/cmd_generate.hpp"
#include "app/cmd_import.hpp"
#include "app/cmd_info.hpp"
#include "app/cmd_report.hpp"
#include "app/cmd_scenario_keys.hpp"
#include "app/cmd_sweep.hpp"
#include "app/cmd_validate.hpp"
#include "app/common.hpp"
#include "app/export_command.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace heattwin::app {

/// The parsed command line: the options of every command and which command was given. Not
/// copyable (CLI11 binds the options by address).
struct CommandLine {
  CommandLine();
  CommandLine(const CommandLine&) = delete;
  CommandLine& operator=(const CommandLine&) = delete;

  CLI::App app{"HeatTwin — digital twin for the municipal heat transition", "heattwin"};
  GlobalOptions global;

  InfoOptions info;
  CLI::App* info_cmd = nullptr;
  GenerateOptions generate;
  CLI::App* generate_cmd = nullptr;
  ImportOptions import_options;
  CLI::App* import_cmd = nullptr;
  std::string demo_out = "out/demo";
  CLI::App* demo_cmd = nullptr;
  std::string run_scenario_path;
  bool run_json = false;
  bool run_check = false;
  std::vector<std::string> run_set;
  std::string run_out;
  std::string run_region;
  bool run_strict = false;
  CLI::App* run_cmd = nullptr;
  ScenarioKeysOptions scenario_keys;
  CLI::App* scenario_keys_cmd = nullptr;
  SweepOptions sweep;
  CLI::App* sweep_cmd = nullptr;
  ExportOptions export_options;
  CLI::App* export_cmd = nullptr;
  CompareOptions compare;
  CLI::App* compare_cmd = nullptr;
  ReportCommandOptions report_options;
  CLI::App* report_cmd = nullptr;
  CLI::App* validate_cmd = nullptr;
  ValidateNetworkOptions validate_network;
  CLI::App* validate_network_cmd = nullptr;
  ValidateBestestOptions validate_bestest;
  CLI::App* validate_bestest_cmd = nullptr;
};

/// Parses argv into `cli`. Returns nullopt to go on, or the exit code after --help, --version or
/// a usage error (printed by CLI11; usage errors exit 2).
std::optional<int> parse_command_line(CommandLine& cli, int argc, char** argv);

/// The stderr logger of the program (level from -v / -q).
void setup_logging(const GlobalOptions& global);

/// Whether the parsed command needs neither GDAL nor VTK: validate network and scenario-keys
/// (the commands run_light_command runs; validate bestest reads weather files with PROJ, GDAL's).
bool is_light_command(const CommandLine& cli);

/// Runs the parsed command if it is one that needs neither GDAL nor VTK (validate network,
/// scenario-keys) and returns its exit code; nullopt for every other command.
/// Errors are thrown as by the commands themselves.
std::optional<int> run_light_command(const CommandLine& cli);

/// Logs the exception being handled and returns its exit code: InputError and unreachable paths
/// 2, every other error 1. `before_exit(code)`, when given, runs first (the full program ends at
/// once there after a failed HDF5 call). Call only inside a catch block.
int exit_code_of_current_exception(void (*before_exit)(int) = nullptr);

}  // namespace heattwin::app
