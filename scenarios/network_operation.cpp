#include "scenarios/network_operation.hpp"

#include "scenarios/network_toml.hpp"
#include "scenarios/schema_toml.hpp"
#include "solvers/demand/weather.hpp"
#include "solvers/network/district_heating.hpp"
#include "solvers/network/network_design.hpp"
#include "solvers/network/pump_sizing.hpp"
#include "twin/error.hpp"
#include "twin/h5.hpp"
#include "twin/physical_constants.hpp"

#include <algorithm>
#include <cmath>

namespace heattwin::scenarios {

std::vector<double> plant_supply_temperature_k(const NetworkOperation& op, double t_supply_c,
                                               std::span<const double> outdoor_c) {
  std::vector<double> t_k(outdoor_c.size());
  for (std::size_t h = 0; h < outdoor_c.size(); ++h) {
    double t = t_supply_c;
    if (op.has_supply_curve()) {
      const double share = std::clamp((outdoor_c[h] - op.supply_curve_design_outdoor_c) /
                                          (op.supply_curve_limit_outdoor_c - op.supply_curve_design_outdoor_c),
                                      0.0, 1.0);
      t = t_supply_c + share * (op.supply_curve_min_c - t_supply_c);
    }
    t_k[h] = t + twin::ZERO_CELSIUS_K;
  }
  return t_k;
}

void set_network_operation(const NetworkScenario& s, const solvers::demand::HourlyWeather& weather, std::size_t hours,
                           solvers::network::DhSeriesOptions& options) {
  options.max_pressure_gradient_pa_per_m = s.max_pressure_gradient_pa_per_m;
  options.min_end_flow_kg_per_s = s.operation.min_end_flow_kg_per_s;
  if (s.operation.has_supply_curve()) {
    HEATTWIN_CHECK(weather.dry_bulb_c.size() >= hours,
                   "[network] supply_curve_min_c: the weather {} has {} hours, the network year {}", weather.source,
                   weather.dry_bulb_c.size(), hours);
    options.plant_supply_t_k =
        plant_supply_temperature_k(s.operation, s.t_supply_c, std::span<const double>(weather.dry_bulb_c).first(hours));
  }
}

void size_for_operation(const NetworkScenario& s, const solvers::demand::HourlyWeather& weather,
                        solvers::network::NetworkDesignOptions& options) {
  if (s.operation.has_supply_curve()) {
    solvers::network::DhSeriesOptions operation;
    set_network_operation(s, weather, weather.dry_bulb_c.size(), operation);
    options.hourly_plant_supply_t_k = std::move(operation.plant_supply_t_k);
  }
  // The depth of the pipes' axis as the twin network records it (cover + half a mid-size casing).
  const std::vector<double> ground_c = solvers::demand::ground_temperature_c(weather, options.cover_depth_m + 0.1);
  if (!ground_c.empty()) options.design_ground_t_c = *std::min_element(ground_c.begin(), ground_c.end());
}

void summarise_design_limits(const NetworkScenario& s, const NetworkRun& run, NetworkSummary& sum) {
  const auto& r = run.series;
  sum.max_pressure_gradient_limit_pa_per_m = s.max_pressure_gradient_pa_per_m;
  sum.pipes_above_velocity_limit.clear();
  sum.pipes_above_pressure_gradient_limit.clear();
  sum.max_pressure_gradient_pa_per_m = 0.0;
  for (std::size_t p = 0; p < run.pipe_id.size(); ++p) {
    if (r.hours_above_velocity_limit[p] > 0) sum.pipes_above_velocity_limit.push_back(run.pipe_id[p]);
    if (r.hours_above_pressure_gradient_limit[p] > 0) sum.pipes_above_pressure_gradient_limit.push_back(run.pipe_id[p]);
    sum.max_pressure_gradient_pa_per_m =
        std::max(sum.max_pressure_gradient_pa_per_m, r.peak_pressure_gradient_pa_per_m[p]);
  }
  sum.bypass_return_heat_mwh = r.bypass_return_heat_mwh;
  // Pump sizing at the design load (the series keeps DhSeriesOptions' differential pressure at
  // the worst consumer; network_run does not change it).
  const solvers::network::PumpSizing pump = solvers::network::pump_sizing(
      r, solvers::network::DhSeriesOptions{}.min_consumer_dp_bar,
      solvers::network::FluidProperties::water().density_kg_per_m3(s.t_supply_c + twin::ZERO_CELSIUS_K));
  sum.critical_path_pressure_drop_bar = pump.critical_path_drop_bar;
  sum.pump_head_bar = pump.design_head_bar;
  sum.pump_head_m = pump.design_head_m;
  sum.design_pump_power_kw = pump.design_power_kw;
  sum.max_pump_power_kw = pump.max_power_kw;
}

void write_pipe_design_limits(const h5::Group& g, const solvers::network::DhSeriesResult& r) {
  g.write("peak_pressure_gradient_pa_per_m", r.peak_pressure_gradient_pa_per_m,
          {.unit = "Pa/m", .description = "largest specific friction pressure drop λ/D·ρv²/2 of the year"});
  std::vector<double> above(r.hours_above_pressure_gradient_limit.begin(), r.hours_above_pressure_gradient_limit.end());
  g.write("hours_above_pressure_gradient_limit", above, {.unit = "h"});
}

void write_network_operation(const h5::Group& g, const solvers::network::DhSeriesResult& r) {
  g.write("bypass_mass_t", std::vector<double>{r.bypass_mass_t},
          {.unit = "t/a", .description = "water through the end consumers' bypasses (min_end_flow_kg_per_s)"});
  g.write("bypass_return_heat_mwh", std::vector<double>{r.bypass_return_heat_mwh},
          {.unit = "MWh/a", .description = "heat the bypass water returns above the consumers' return temperature"});
  // Pump sizing (issue 21 §2): the density only converts the head to metres, not written here.
  const solvers::network::PumpSizing pump =
      solvers::network::pump_sizing(r, solvers::network::DhSeriesOptions{}.min_consumer_dp_bar, 1000.0);
  g.write("critical_path_pressure_drop_bar", std::vector<double>{pump.critical_path_drop_bar},
          {.unit = "bar",
           .description = "friction drop plant → worst consumer → plant (supply + return) at the design "
                          "load (hour of the peak plant heat)"});
  g.write("pump_head_bar", std::vector<double>{pump.design_head_bar},
          {.unit = "bar", .description = "critical_path_pressure_drop_bar + the worst consumer's 0.8 bar"});
  g.write("design_pump_power_kw", std::vector<double>{pump.design_power_kw},
          {.unit = "kW", .description = "electric, at the design load (pump_efficiency)"});
  g.write("max_pump_power_kw", std::vector<double>{pump.max_power_kw},
          {.unit = "kW", .description = "electric, largest hour of the year"});
}

namespace detail {

NetworkOperation parse_network_operation(const std::string& path, const toml::table& t, double t_supply_c,
                                         double t_return_c) {
  NetworkOperation op;
  if (t.get("supply_curve_min_c") != nullptr) {
    op.supply_curve_min_c = scenario_number(path, t, "network", "supply_curve_min_c", 0.0);
    HEATTWIN_CHECK(op.supply_curve_min_c <= t_supply_c && op.supply_curve_min_c >= t_return_c + 5.0,
                   "{}: [network] supply_curve_min_c ({} °C) must lie between t_return_c + 5 K ({} °C) and "
                   "t_supply_c ({} °C)",
                   path, op.supply_curve_min_c, t_return_c + 5.0, t_supply_c);
  }
  op.supply_curve_design_outdoor_c =
      scenario_number(path, t, "network", "supply_curve_design_outdoor_c", op.supply_curve_design_outdoor_c);
  op.supply_curve_limit_outdoor_c =
      scenario_number(path, t, "network", "supply_curve_limit_outdoor_c", op.supply_curve_limit_outdoor_c);
  HEATTWIN_CHECK(op.supply_curve_limit_outdoor_c > op.supply_curve_design_outdoor_c,
                 "{}: [network] supply_curve_limit_outdoor_c ({} °C) must be above supply_curve_design_outdoor_c "
                 "({} °C)",
                 path, op.supply_curve_limit_outdoor_c, op.supply_curve_design_outdoor_c);
  op.min_end_flow_kg_per_s = scenario_number(path, t, "network", "min_end_flow_kg_per_s", op.min_end_flow_kg_per_s);
  if (const toml::node* d = t.get("thermal_dynamics")) {
    const auto* v = d->as_string();
    HEATTWIN_CHECK(v != nullptr && (v->get() == "quasi-static" || v->get() == "plug-flow"),
                   "{}:{}: [network] thermal_dynamics must be \"quasi-static\" (a steady thermal state per hour) or "
                   "\"plug-flow\" (temperature fronts carried through the pipes over the hours)",
                   path, d->source().begin.line);
    op.plug_flow = v->get() == "plug-flow";
  }
  return op;
}

}  // namespace detail
}  // namespace heattwin::scenarios
