#include "app/cmd_validate.hpp"

#include "solvers/network/case_report.hpp"
#include "solvers/network/epanet_inp.hpp"
#include "solvers/network/hydraulics.hpp"
#include "twin/error.hpp"
#include "twin/log.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

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

int run_validate_bestest(const ValidateBestestOptions& o) {
  namespace demand = heattwin::solvers::demand;
  const demand::BestestResult r = demand::run_bestest_case(o.cases_json, o.case_id, o.spec);
  if (o.json) {
    nlohmann::ordered_json j;
    j["case"] = r.case_id;
    j["spec"] = r.spec;
    j["annual_heating_mwh"] = r.annual_heating_mwh;
    j["annual_cooling_mwh"] = r.annual_cooling_mwh;
    j["peak_heating_kw"] = r.peak_heating_kw;
    j["peak_cooling_kw"] = r.peak_cooling_kw;
    if (r.free_floating) {
      j["free_float"] = {{"min_c", r.min_air_c}, {"mean_c", r.mean_air_c}, {"max_c", r.max_air_c}};
    }
    j["weather_file"] = r.weather_file;
    j["model"] = {{"floor_area_m2", r.model.floor_area_m2},
                  {"opaque_h_w_per_k", r.model.opaque_h_w_per_k},
                  {"window_h_w_per_k", r.model.window_h_w_per_k},
                  {"ventilation_h_w_per_k", r.model.ventilation_h_w_per_k},
                  {"heat_capacity_j_per_k", r.model.heat_capacity_j_per_k},
                  {"effective_mass_area_m2", r.model.effective_mass_area_m2},
                  {"window_normal_gain_factor", r.model.window_normal_gain_factor},
                  {"annual_window_solar_gain_kwh", r.model.annual_window_solar_gain_kwh}};
    fmt::print("{}\n", j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace));
    return 0;
  }
  fmt::print("BESTEST case {} ({}), weather {}\n", r.case_id, r.spec, r.weather_file);
  fmt::print("  annual heating   {:8.3f} MWh    peak heating {:7.3f} kW\n", r.annual_heating_mwh, r.peak_heating_kw);
  fmt::print("  annual cooling   {:8.3f} MWh    peak cooling {:7.3f} kW\n", r.annual_cooling_mwh, r.peak_cooling_kw);
  fmt::print("  zone air         min {:6.2f}  mean {:6.2f}  max {:6.2f} degC{}\n", r.min_air_c, r.mean_air_c,
             r.max_air_c, r.free_floating ? " (free float)" : "");
  fmt::print(
      "  model: H_op {:.2f} W/K, H_w {:.2f} W/K, H_ve {:.2f} W/K, C_m {:.0f} kJ/K, A_m {:.1f} m2, g(0) {:.3f}, "
      "window solar gain {:.0f} kWh/a\n",
      r.model.opaque_h_w_per_k, r.model.window_h_w_per_k, r.model.ventilation_h_w_per_k,
      r.model.heat_capacity_j_per_k / 1000.0, r.model.effective_mass_area_m2, r.model.window_normal_gain_factor,
      r.model.annual_window_solar_gain_kwh);
  return 0;
}

}  // namespace heattwin::app
