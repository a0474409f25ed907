#include "app/cmd_validate.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace heattwin::app {

// Apart from `validate network` (app/cmd_validate.cpp): the weather reader links GDAL (PROJ, for
// the TRY 2015 grid), so this command runs in heattwin-full.
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
