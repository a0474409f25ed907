/// \file `heattwin`, the command users run. It parses the whole command line (app/command_line.hpp)
/// and answers --help, --version and usage errors itself, runs the commands that need neither GDAL
/// nor VTK (validate network, scenario-keys), and hands every other command to
/// `heattwin-full` by exec (same process id, arguments, environment and standard streams).
/// Linked without GDAL, VTK and HDF5, it starts in a few milliseconds where the full program
/// spends ≈ 40 ms in the dynamic loader on their ≈ 170 libraries (docs/NETWORKS.md, "Start-up").

#include "app/command_line.hpp"
#include "app/full_program.hpp"
#include "twin/atomic_file.hpp"

int main(int argc, char** argv) {
  heattwin::app::CommandLine cli;
  if (auto code = heattwin::app::parse_command_line(cli, argc, argv)) return *code;
  heattwin::app::setup_logging(cli.global);
  if (!heattwin::app::is_light_command(cli)) return heattwin::app::run_full_program(argv);
  heattwin::twin::install_interrupt_cleanup();  // scenario-keys --write writes a file
  try {
    return *heattwin::app::run_light_command(cli);
  } catch (...) {
    return heattwin::app::exit_code_of_current_exception();
  }
}
