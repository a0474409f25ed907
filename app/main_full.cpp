/// \file `heattwin-full`: runs every command of the `heattwin` command line (app/command_line.hpp),
/// the ones that import, compute, write or read results files with GDAL, VTK and HDF5. Started by
/// `heattwin` (app/main_front.cpp) with the user's command line; it parses it again (microseconds)
/// rather than receiving a second, internal format.

#include "app/cmd_demo.hpp"
#include "app/cmd_run.hpp"
#include "app/command_line.hpp"
#include "twin/atomic_file.hpp"
#include "twin/h5.hpp"

int main(int argc, char** argv) {
  heattwin::app::CommandLine cli;
  if (auto code = heattwin::app::parse_command_line(cli, argc, argv)) return *code;
  heattwin::app::setup_logging(cli.global);
  // Ctrl-C or a kill removes the temporary files of pending writes (issue 20, class 7).
  heattwin::twin::install_interrupt_cleanup();
  try {
    if (auto code = heattwin::app::run_light_command(cli)) return *code;
    if (cli.info_cmd->parsed()) return heattwin::app::run_info(cli.info);
    if (cli.generate_cmd->parsed()) return heattwin::app::run_generate(cli.generate, cli.global);
    if (cli.import_cmd->parsed()) {
      heattwin::app::import_to_twin(cli.import_options, cli.global);
      return 0;
    }
    if (cli.demo_cmd->parsed()) return heattwin::app::run_demo(cli.demo_out, cli.global);
    if (cli.run_cmd->parsed())
      return heattwin::app::run_scenario(cli.run_scenario_path, cli.run_json, cli.run_check, cli.run_set, cli.run_out,
                                         cli.run_strict, cli.run_region);
    if (cli.sweep_cmd->parsed()) return heattwin::app::run_sweep_command(cli.sweep, cli.global);
    if (cli.export_cmd->parsed()) return heattwin::app::run_export(cli.export_options);
    if (cli.compare_cmd->parsed()) return heattwin::app::run_compare(cli.compare);
    if (cli.report_cmd->parsed()) return heattwin::app::run_report(cli.report_options);
    if (cli.validate_bestest_cmd->parsed()) return heattwin::app::run_validate_bestest(cli.validate_bestest);
  } catch (...) {
    // After a failed HDF5 call (a full disk) the program ends at once: HDF5's clean-up at exit
    // would crash on the file it could not close.
    return heattwin::app::exit_code_of_current_exception(&heattwin::h5::exit_now_if_hdf5_failed);
  }
  return 0;
}
