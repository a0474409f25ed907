#include "app/cmd_validate.hpp"

#include "solvers/network/case_report.hpp"
#include "solvers/network/epanet_inp.hpp"
#include "solvers/network/hydraulics.hpp"
#include "twin/error.hpp"
#include "twin/log.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>

namespace heattwin::app {

namespace fs = std::filesystem;

int run_validate_network(const ValidateNetworkOptions& o) {
  namespace net = heattwin::solvers::network;
  if (fs::path(o.case_folder).extension() == ".inp") {
    // An EPANET input file: the network at time 0, Hazen–Williams or Darcy–Weisbach as the file says.
    const net::EpanetCase c = net::read_epanet_inp(o.case_folder);
    net::HydraulicOptions hydraulic;
    hydraulic.friction = c.head_loss == "H-W" ? net::FrictionModel::hazen_williams : net::FrictionModel::colebrook;
    const net::HydraulicState state = net::solve_hydraulics(c.network, hydraulic);
    const std::string text = net::epanet_solution_json(c, state);
    std::fwrite(text.data(), 1, text.size(), stdout);
    if (!state.report.converged) {
      heattwin::logger("app")->error("{}: the hydraulic solve did not converge: {}", o.case_folder,
                                     state.report.message);
      return 1;
    }
    return 0;
  }
  net::HydraulicOptions hydraulic;
  if (!o.friction.empty()) {
    const auto model = net::parse_friction_model(o.friction);
    HEATTWIN_CHECK(model.has_value(), "--friction '{}': use colebrook, nikuradse or swamee-jain", o.friction);
    hydraulic.friction = *model;
  } else {
    hydraulic.friction = net::friction_model_of_case(o.case_folder).value_or(net::FrictionModel::colebrook);
  }
  net::ThermalOptions thermal;
  HEATTWIN_CHECK(o.thermal == "sections" || o.thermal == "exact", "--thermal '{}': use sections or exact", o.thermal);
  thermal.pipe_model = o.thermal == "exact" ? net::PipeThermalModel::exact : net::PipeThermalModel::sections;
  const net::FlatCase flat_case = net::read_flat_case(o.case_folder);
  const net::CaseSolution solution = net::solve_case(flat_case, hydraulic, thermal);
  const std::string text =
      o.json ? net::case_solution_json(flat_case, solution) : net::case_solution_text(flat_case, solution);
  std::fwrite(text.data(), 1, text.size(), stdout);
  if (!solution.result.hydraulic.report.converged) {
    heattwin::logger("app")->error("{}: the hydraulic solve did not converge: {}", o.case_folder,
                                   solution.result.hydraulic.report.message);
    return 1;
  }
  return 0;
}

}  // namespace heattwin::app
