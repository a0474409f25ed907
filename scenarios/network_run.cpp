#include "scenarios/network_run.hpp"

#include "scenarios/network_toml.hpp"
#include "solvers/demand/hourly_5r1c.hpp"
#include "solvers/network/twin_network.hpp"
#include "twin/error.hpp"
#include "twin/log.hpp"
#include "twin/twin_store.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>

namespace heattwin::scenarios {
namespace {

namespace dm = solvers::demand;
namespace net = solvers::network;
constexpr double KELVIN = 273.15;

std::string at_line(const std::string& path, const toml::node& node) {
  return fmt::format("{}:{}", path, node.source().begin.line);
}

double number_in(const std::string& file, const toml::table& t, std::string_view key, double fallback, double lo,
                 double hi) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return fallback;
  const auto v = node->value<double>();
  HEATTWIN_CHECK(v.has_value() && std::isfinite(*v) && *v >= lo && *v <= hi,
                 "{}: [network] '{}' must be a number between {} and {}", at_line(file, *node), key, lo, hi);
  return *v;
}

bool bool_in(const std::string& file, const toml::table& t, std::string_view key, bool fallback) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return fallback;
  const auto v = node->value<bool>();
  HEATTWIN_CHECK(v.has_value(), "{}: [network] '{}' must be true or false", at_line(file, *node), key);
  return *v;
}

}  // namespace

namespace detail {

NetworkScenario parse_network_scenario(const std::string& path, const toml::table& t) {
  static constexpr std::array<std::string_view, 15> KEYS = {"design",
                                                             "design_load",
                                                             "name",
                                                             "radius_m",
                                                             "max_buildings",
                                                             "min_heat_line_density_mwh_per_ma",
                                                             "t_supply_c",
                                                             "t_return_c",
                                                             "min_supply_c",
                                                             "simultaneity",
                                                             "max_pressure_gradient_pa_per_m",
                                                             "max_velocity_m_per_s",
                                                             "plant_pressure_bar",
                                                             "pump_efficiency",
                                                             "store_in_twin"};
  for (const auto& [key, node] : t) {
    const bool known = std::find(KEYS.begin(), KEYS.end(), key.str()) != KEYS.end();
    HEATTWIN_CHECK(known, "{}: unknown key '{}' in [network] (allowed: {})", at_line(path, node), key.str(),
                   fmt::join(KEYS, ", "));
  }
  NetworkScenario s;
  s.enabled = true;
  if (const toml::node* d = t.get("design")) {
    const auto* v = d->as_string();
    HEATTWIN_CHECK(v != nullptr && v->get() == "densest-area",
                   "{}: [network] design must be \"densest-area\" (or leave it out to simulate the twin's network "
                   "named by 'name')",
                   at_line(path, *d));
    s.design = v->get();
  }
  if (const toml::node* n = t.get("name")) {
    const auto* v = n->as_string();
    HEATTWIN_CHECK(v != nullptr && !v->get().empty() && v->get().find('/') == std::string::npos,
                   "{}: [network] name must be a non-empty string without '/'", at_line(path, *n));
    s.name = v->get();
  } else {
    HEATTWIN_CHECK(!s.design.empty(), "{}: [network] needs either design = \"densest-area\" or the name of a network "
                                      "stored in the twin",
                   path);
  }
  s.radius_m = number_in(path, t, "radius_m", s.radius_m, 1.0, 1e5);
  s.max_buildings =
      static_cast<std::size_t>(number_in(path, t, "max_buildings", static_cast<double>(s.max_buildings), 1.0, 1e6));
  s.min_heat_line_density_mwh_per_ma =
      number_in(path, t, "min_heat_line_density_mwh_per_ma", s.min_heat_line_density_mwh_per_ma, 0.0, 100.0);
  s.t_supply_c = number_in(path, t, "t_supply_c", s.t_supply_c, 20.0, 150.0);
  s.t_return_c = number_in(path, t, "t_return_c", s.t_return_c, 5.0, 120.0);
  s.min_supply_c = number_in(path, t, "min_supply_c", s.min_supply_c, 5.0, 150.0);
  HEATTWIN_CHECK(s.t_return_c < s.t_supply_c && s.t_return_c < s.min_supply_c,
                 "{}: [network] needs t_return_c ({}) below t_supply_c ({}) and min_supply_c ({})", path, s.t_return_c,
                 s.t_supply_c, s.min_supply_c);
  s.simultaneity = bool_in(path, t, "simultaneity", s.simultaneity);
  if (const toml::node* d = t.get("design_load")) {
    const auto* v = d->as_string();
    HEATTWIN_CHECK(v != nullptr && (v->get() == "simultaneity" || v->get() == "coincident"),
                   "{}: [network] design_load must be \"simultaneity\" (Winter factor on the peaks) or \"coincident\" "
                   "(largest hourly sum downstream)",
                   at_line(path, *d));
    s.coincident_design_load = v->get() == "coincident";
  }
  s.max_pressure_gradient_pa_per_m =
      number_in(path, t, "max_pressure_gradient_pa_per_m", s.max_pressure_gradient_pa_per_m, 1.0, 5000.0);
  s.max_velocity_m_per_s = number_in(path, t, "max_velocity_m_per_s", s.max_velocity_m_per_s, 0.1, 10.0);
  s.plant_pressure_bar = number_in(path, t, "plant_pressure_bar", s.plant_pressure_bar, 0.5, 40.0);
  s.pump_efficiency = number_in(path, t, "pump_efficiency", s.pump_efficiency, 0.05, 1.0);
  s.store_in_twin = bool_in(path, t, "store_in_twin", s.store_in_twin);
  return s;
}

}  // namespace detail

NetworkRun run_network(const NetworkScenario& s, twin::Twin& twin, const std::string& twin_path,
                       const NetworkDemandInputs& in) {
  const auto start = std::chrono::steady_clock::now();
  auto log = logger("scenarios.network");
  const auto& b = twin.buildings;
  const dm::StockModel& model = in.model;
  const std::size_t n = model.twin_index.size();
  HEATTWIN_CHECK(in.climate.outdoor_c.size() == dm::HOURS_PER_YEAR,
                 "[network] needs the hourly demand method (method = \"hourly\")");
  std::unordered_map<std::uint32_t, std::size_t> zone_of;  // twin index → zone of the demand run
  for (std::size_t k = 0; k < n; ++k) zone_of[model.twin_index[k]] = k;
  const auto hot_water = [&](std::size_t k) {
    return std::isfinite(in.annual_hot_water_kwh[k]) ? in.annual_hot_water_kwh[k] : 0.0;
  };

  NetworkRun run;
  NetworkSummary& sum = run.summary;
  sum.name = s.name;
  // The buildings whose hourly demand is needed: the design area, or the network's consumers.
  std::vector<std::uint32_t> candidates;  // twin indices
  std::int64_t existing = -1;
  if (!s.design.empty()) {
    // Densest 100 m cell by annual heat (space heating + hot water) of the computed buildings.
    std::vector<double> cell_heat(twin.grid.size(), 0.0);
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t cell = b.grid_cell[model.twin_index[k]];
      if (cell < cell_heat.size()) cell_heat[cell] += in.annual_heating_kwh[k] + hot_water(k);
    }
    HEATTWIN_CHECK(!cell_heat.empty(), "[network] design: the twin has no 100 m grid cells with computed buildings");
    const auto densest = static_cast<std::uint32_t>(std::max_element(cell_heat.begin(), cell_heat.end()) - cell_heat.begin());
    sum.densest_cell = twin.grid.cell_id(densest);
    sum.densest_cell_mwh_per_ha = cell_heat[densest] / 1000.0;  // a cell is one hectare
    double w = 0.0, cx = 0.0, cy = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t i = model.twin_index[k];
      if (b.grid_cell[i] != densest) continue;
      const double heat = in.annual_heating_kwh[k] + hot_water(k) + 1e-9;
      w += heat;
      cx += heat * b.x_m[i];
      cy += heat * b.y_m[i];
    }
    cx /= w;
    cy /= w;
    std::vector<std::pair<double, std::uint32_t>> near;
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t i = model.twin_index[k];
      const double d = std::hypot(b.x_m[i] - cx, b.y_m[i] - cy);
      if (d <= s.radius_m && in.annual_heating_kwh[k] + hot_water(k) > 0.0) near.emplace_back(d, i);
    }
    std::sort(near.begin(), near.end());
    if (near.size() > s.max_buildings) near.resize(s.max_buildings);
    for (const auto& [d, i] : near) candidates.push_back(i);
    std::sort(candidates.begin(), candidates.end());
    HEATTWIN_CHECK(!candidates.empty(), "[network] design: no heated building within {} m of the densest cell {}",
                   s.radius_m, sum.densest_cell);
  } else {
    const auto it = std::find(twin.networks.names.begin(), twin.networks.names.end(), s.name);
    HEATTWIN_CHECK(it != twin.networks.names.end(), "[network] the twin {} has no network '{}' (it has: {})", twin_path,
                   s.name, fmt::join(twin.networks.names, ", "));
    existing = it - twin.networks.names.begin();
    for (std::size_t c = 0; c < twin.networks.consumers.size(); ++c) {
      const std::uint32_t j = twin.networks.consumers.supply_junction[c];
      const std::uint32_t i = twin.networks.consumers.building[c];
      if (twin.networks.junctions.network[j] == existing && zone_of.contains(i)) candidates.push_back(i);
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  }
  sum.candidates = candidates.size();

  // Hourly space heating of each candidate: the kernel once more with one group per building
  // (the same zones, climate and options as the demand run, so the same numbers).
  dm::StockModel sub = dm::build_stock_model(b, candidates, in.settings);
  std::unordered_map<std::uint32_t, std::size_t> row_of;  // twin index → row of the hourly series
  for (std::size_t k = 0; k < sub.twin_index.size(); ++k) {
    sub.buildings.region[k] = static_cast<std::uint32_t>(k);
    row_of[sub.twin_index[k]] = k;
  }
  dm::Rc5Results hourly;
  if (!sub.twin_index.empty()) {
    dm::Rc5Options options;
    options.warmup_days = 14;
    hourly = dm::simulate_5r1c(sub.buildings, sub.schedules, in.climate, options);
  }
  // Hot water of each row: the demand run's annual need spread by its day profile.
  std::vector<double> daily_hot_water_kwh(sub.twin_index.size(), 0.0);
  std::vector<std::uint8_t> profile(sub.twin_index.size(), 0);
  for (std::size_t k = 0; k < sub.twin_index.size(); ++k) {
    const std::uint32_t i = sub.twin_index[k];
    daily_hot_water_kwh[k] = hot_water(zone_of.at(i)) / 365.0;
    profile[k] = b.residential_type[i] <= 2 ? 0 : 1;
  }
  const auto heat_kw = [&](std::size_t row, std::size_t h) {
    return hourly.region_heating_w[row][h] / 1000.0 + daily_hot_water_kwh[row] * in.hot_water_profiles[profile[row]][h % 24];
  };

  std::uint32_t index = 0;
  std::vector<double> design_heat_line_density;  // per stored pipe of a design
  if (!s.design.empty()) {
    const std::size_t nc = sub.twin_index.size();
    std::vector<double> x(nc), y(nc), peak(nc, 0.0), annual(nc);
    std::vector<std::string> ids(nc);
    for (std::size_t k = 0; k < nc; ++k) {
      const std::uint32_t i = sub.twin_index[k];
      x[k] = b.x_m[i];
      y[k] = b.y_m[i];
      for (std::size_t h = 0; h < dm::HOURS_PER_YEAR; ++h) peak[k] = std::max(peak[k], heat_kw(k, h));
      const std::size_t z = zone_of.at(i);
      annual[k] = (in.annual_heating_kwh[z] + hot_water(z)) / 1000.0;
      ids[k] = std::string(b.id[i]);
    }
    net::NetworkDesignOptions options;
    options.t_supply_c = s.t_supply_c;
    options.t_return_c = s.t_return_c;
    options.simultaneity = s.simultaneity;
    std::vector<double> hourly_kw;  // [consumer][hour], only for coincident design loads
    if (s.coincident_design_load) {
      options.design_load = net::DesignLoad::coincident;
      hourly_kw.resize(nc * dm::HOURS_PER_YEAR);
      for (std::size_t k = 0; k < nc; ++k) {
        for (std::size_t h = 0; h < dm::HOURS_PER_YEAR; ++h) hourly_kw[k * dm::HOURS_PER_YEAR + h] = heat_kw(k, h);
      }
    }
    options.min_consumer_heat_line_density_mwh_per_ma = s.min_heat_line_density_mwh_per_ma;
    options.sizing.max_pressure_gradient_pa_per_m = s.max_pressure_gradient_pa_per_m;
    options.sizing.max_velocity_m_per_s = s.max_velocity_m_per_s;
    const net::DesignedNetwork design =
        net::design_network({x, y, peak, annual, hourly_kw, hourly_kw.empty() ? 0 : dm::HOURS_PER_YEAR},
                            {twin.streets.x0_m, twin.streets.y0_m, twin.streets.x1_m, twin.streets.y1_m}, options);
    index = net::store_designed_network(design, s.name, ids, sub.twin_index, peak, s.t_supply_c, options.roughness_m,
                                        options.cover_depth_m, twin.networks);
    design_heat_line_density = design.pipe_heat_line_density_mwh_per_ma;
    sum.designed = true;
    sum.routing = design.routing == net::DesignRouting::streets ? "along streets (shortest-path tree)"
                                                                : "spanning tree over the buildings (the twin has no streets)";
    sum.consumers_pruned = design.consumers_pruned;
    sum.route_length_m = design.route_length_m;
    sum.street_length_m = design.street_length_m;
    sum.house_connection_length_m = design.house_connection_length_m;
    sum.heat_line_density_mwh_per_ma = design.heat_line_density_mwh_per_ma;
    sum.undersized_pipes = design.undersized_pipes;
    if (s.store_in_twin) {
      // Only the networks change: the typology values the run filled in memory stay out of the file.
      twin::Twin stored = twin::load_twin(twin_path);
      stored.networks = twin.networks;
      twin::save_twin(stored, twin_path);
      sum.stored_in_twin = true;
    }
  } else {
    index = static_cast<std::uint32_t>(existing);
    sum.routing = "from the twin";
  }

  net::TwinNetworkOptions twin_options;
  twin_options.t_return_c = s.t_return_c;
  twin_options.min_supply_c = s.min_supply_c;
  twin_options.plant_pressure_bar = s.plant_pressure_bar;
  twin_options.t_supply_c = s.t_supply_c;
  const net::TwinNetworkModel m = net::twin_network_model(twin.networks, index, twin_options);
  const std::size_t nc = m.consumers.size();
  std::vector<std::size_t> consumer_row(nc, std::numeric_limits<std::size_t>::max());
  for (std::size_t c = 0; c < nc; ++c) {
    const auto it = row_of.find(m.consumer_building[c]);
    if (it != row_of.end()) {
      consumer_row[c] = it->second;
    } else {
      ++sum.consumers_without_demand;
    }
  }
  if (sum.consumers_without_demand > 0) {
    log->warn("network '{}': {} consumers have no computed building; they draw no heat", s.name,
              sum.consumers_without_demand);
  }
  std::vector<double> ground_k = dm::ground_temperature_c(in.weather, std::max(m.mean_burial_depth_m, 0.1));
  for (double& t : ground_k) t += KELVIN;
  net::DhSeriesOptions options;
  options.pump_efficiency = s.pump_efficiency;
  options.max_velocity_m_per_s = s.max_velocity_m_per_s;
  // Supply temperatures at the consumers to 0.01 K per hour (the energy balance closes in every
  // round; tighter settles only the last digits of the flows at several times the cost).
  options.temperature_tolerance_k = 0.01;
  const auto demand = [&](std::size_t h, std::span<double> q) {
    for (std::size_t c = 0; c < nc; ++c) q[c] = consumer_row[c] == std::numeric_limits<std::size_t>::max() ? 0.0 : heat_kw(consumer_row[c], h);
  };
  run.series = net::simulate_district_heating(m.supply, m.consumers, dm::HOURS_PER_YEAR, demand, ground_k, options);
  const auto& r = run.series;

  run.network_index = index;
  run.junction_twin_index = m.junction_twin_index;
  run.pipe_twin_index = m.pipe_twin_index;
  run.consumer_twin_index = m.consumer_twin_index;
  run.consumer_building = m.consumer_building;
  run.junction_id = m.supply.junction_id;
  run.pipe_id = m.supply.branch_id;
  for (const auto& c : m.consumers) run.consumer_id.push_back(c.id);
  const auto& sizes = net::en253_pipe_sizes();
  for (std::size_t p = 0; p < m.supply.branch_count(); ++p) {
    run.pipe_length_m.push_back(m.supply.length_m[p]);
    const double d = m.supply.inner_diameter_m[p];
    run.pipe_inner_diameter_m.push_back(d);
    double dn = std::numeric_limits<double>::quiet_NaN();  // the EN 253 size of that inner diameter, if it is one
    for (const auto& size : sizes) {
      if (std::abs(size.inner_diameter_m - d) < 1e-6) dn = size.dn;
    }
    run.pipe_dn.push_back(dn);
    run.pipe_heat_line_density_mwh_per_ma.push_back(p < design_heat_line_density.size()
                                                        ? design_heat_line_density[p]
                                                        : std::numeric_limits<double>::quiet_NaN());
  }
  for (std::size_t c = 0; c < nc; ++c) {
    run.consumer_design_heat_kw.push_back(twin.networks.consumers.design_heat_kw[m.consumer_twin_index[c]]);
    sum.consumer_hours_below_min_supply += r.hours_below_min_supply_t[c];
  }
  if (!sum.designed) {
    // Heat line density of a network the run did not design: each consumer's delivered heat is
    // shared equally by the pipes at its junction; per pipe, the heat so attributed per metre.
    std::vector<std::uint32_t> pipes_at(m.supply.junction_count(), 0);
    for (std::size_t p = 0; p < m.supply.branch_count(); ++p) {
      ++pipes_at[m.supply.from_junction[p]];
      ++pipes_at[m.supply.to_junction[p]];
    }
    std::vector<double> junction_mwh(m.supply.junction_count(), 0.0);
    for (std::size_t c = 0; c < nc; ++c) junction_mwh[m.consumers[c].junction] += r.delivered_kwh[c] / 1000.0;
    for (std::size_t p = 0; p < m.supply.branch_count(); ++p) {
      double heat = 0.0;
      for (const std::uint32_t j : {m.supply.from_junction[p], m.supply.to_junction[p]}) {
        if (pipes_at[j] > 0) heat += junction_mwh[j] / pipes_at[j];
      }
      run.pipe_heat_line_density_mwh_per_ma[p] = heat / run.pipe_length_m[p];
    }
    for (double len : run.pipe_length_m) sum.route_length_m += len;
    double annual = 0.0;
    for (double kwh : r.delivered_kwh) annual += kwh / 1000.0;
    sum.heat_line_density_mwh_per_ma = sum.route_length_m > 0.0 ? annual / sum.route_length_m : 0.0;
  }
  sum.consumers = nc;
  sum.pipes = m.supply.branch_count();
  sum.junctions = m.supply.junction_count();
  sum.plant_heat_mwh = r.plant_heat_mwh;
  sum.delivered_mwh = r.delivered_mwh;
  sum.heat_loss_mwh = r.heat_loss_mwh;
  sum.heat_loss_share = r.heat_loss_share;
  sum.pump_energy_mwh = r.pump_energy_mwh;
  sum.peak_plant_heat_kw = r.peak_plant_heat_kw;
  sum.energy_balance_error_mwh = r.energy_balance_error_kwh / 1000.0;
  sum.unconverged_hours = r.unconverged_hours;
  for (double v : r.peak_velocity_m_per_s) sum.max_velocity_m_per_s = std::max(sum.max_velocity_m_per_s, v);
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

void write_network_results(const h5::Group& year_group, const NetworkRun& run, const twin::Twin& twin) {
  const auto& r = run.series;
  const auto& sum = run.summary;
  h5::Group group = year_group.create_group("network");
  group.set_attribute("routing", sum.routing);
  const auto indices = [](const std::vector<std::uint32_t>& v) {
    return std::vector<std::int64_t>(v.begin(), v.end());
  };
  const auto to_mwh = [](const std::vector<double>& kwh) {
    std::vector<double> v(kwh);
    for (double& x : v) x /= 1000.0;
    return v;
  };
  const auto to_c = [](const std::vector<double>& k) {
    std::vector<double> v(k);
    for (double& x : v) x -= KELVIN;
    return v;
  };
  {
    h5::Group g = group.create_group("networks");
    g.write_strings("id", {twin.networks.names[run.network_index]}, {.description = "network name in the twin"});
    g.write("twin_index", std::vector<std::int64_t>{run.network_index},
            {.unit = "1", .description = "index into the twin's /networks/names"});
    g.write("consumers", std::vector<double>{static_cast<double>(sum.consumers)}, {.unit = "1"});
    g.write("route_length_m", std::vector<double>{sum.route_length_m}, {.unit = "m", .description = "sum of pipe lengths (trench)"});
    g.write("plant_heat_mwh", std::vector<double>{r.plant_heat_mwh}, {.unit = "MWh/a"});
    g.write("delivered_mwh", std::vector<double>{r.delivered_mwh}, {.unit = "MWh/a"});
    g.write("heat_loss_mwh", std::vector<double>{r.heat_loss_mwh}, {.unit = "MWh/a", .description = "supply and return pipes"});
    g.write("heat_loss_share", std::vector<double>{r.heat_loss_share}, {.unit = "1", .description = "losses / plant heat"});
    g.write("pump_energy_mwh", std::vector<double>{r.pump_energy_mwh}, {.unit = "MWh/a", .description = "electric"});
    g.write("peak_plant_heat_kw", std::vector<double>{r.peak_plant_heat_kw}, {.unit = "kW"});
    g.write("energy_balance_error_mwh", std::vector<double>{r.energy_balance_error_kwh / 1000.0},
            {.unit = "MWh/a", .description = "plant heat − delivered − losses over the year"});
    g.write("heat_line_density_mwh_per_ma", std::vector<double>{sum.heat_line_density_mwh_per_ma},
            {.unit = "MWh/(m.a)", .description = "heat sold per metre of route"});
    g.write("unconverged_hours", std::vector<double>{static_cast<double>(r.unconverged_hours)}, {.unit = "h"});
    g.write("hourly_plant_heat_kw", r.plant_heat_kw,
            {.unit = "kW", .description = "[network][hour 0..8759]", .columns = r.plant_heat_kw.size()});
    g.write("hourly_heat_loss_kw", r.heat_loss_kw,
            {.unit = "kW", .description = "[network][hour 0..8759]", .columns = r.heat_loss_kw.size()});
    g.write("hourly_pump_power_kw", r.pump_power_kw,
            {.unit = "kW", .description = "[network][hour 0..8759], electric", .columns = r.pump_power_kw.size()});
  }
  {
    h5::Group g = group.create_group("pipes");
    g.write_strings("id", run.pipe_id, {.description = "pipe id in the twin"});
    g.write("twin_index", indices(run.pipe_twin_index), {.unit = "1", .description = "row in the twin's /networks/pipes"});
    g.write("dn", run.pipe_dn, {.unit = "1", .description = "EN 253 nominal size; NaN: not an EN 253 inner diameter"});
    g.write("inner_diameter_m", run.pipe_inner_diameter_m, {.unit = "m"});
    g.write("length_m", run.pipe_length_m, {.unit = "m"});
    g.write("peak_mdot_kg_per_s", r.peak_mdot_kg_per_s, {.unit = "kg/s"});
    g.write("peak_velocity_m_per_s", r.peak_velocity_m_per_s, {.unit = "m/s"});
    g.write("annual_heat_loss_mwh", to_mwh(r.annual_heat_loss_kwh), {.unit = "MWh/a", .description = "supply + return pipe"});
    std::vector<double> above(r.hours_above_velocity_limit.begin(), r.hours_above_velocity_limit.end());
    g.write("hours_above_velocity_limit", above, {.unit = "h"});
    g.write("heat_line_density_mwh_per_ma", run.pipe_heat_line_density_mwh_per_ma,
            {.unit = "MWh/(m.a)",
             .description = "designed: street pipes their street segment's, house connections the building's heat "
                            "per metre; other networks: consumers' heat shared by the pipes at their junction, per "
                            "metre (docs/NETWORKS.md)"});
  }
  {
    h5::Group g = group.create_group("junctions");
    g.write_strings("id", run.junction_id, {.description = "junction id in the twin"});
    g.write("twin_index", indices(run.junction_twin_index), {.unit = "1", .description = "row in the twin's /networks/junctions"});
    g.write("min_supply_t_c", to_c(r.junction_min_t_k), {.unit = "degC", .description = "lowest supply temperature of the year"});
    g.write("min_pressure_bar", r.junction_min_pressure_bar, {.unit = "bar", .description = "lowest supply-side gauge pressure"});
  }
  {
    h5::Group g = group.create_group("consumers");
    g.write_strings("id", run.consumer_id, {.description = "consumer id (the building id for designed networks)"});
    g.write("twin_index", indices(run.consumer_twin_index), {.unit = "1", .description = "row in the twin's /networks/consumers"});
    std::vector<std::int64_t> building;
    for (const std::uint32_t i : run.consumer_building) building.push_back(i == NO_INDEX ? -1 : std::int64_t{i});
    g.write("building", building, {.unit = "1", .description = "row in the twin's /buildings; -1: not linked"});
    g.write("design_heat_kw", run.consumer_design_heat_kw, {.unit = "kW", .description = "peak hourly heat (space + hot water)"});
    g.write("delivered_mwh", to_mwh(r.delivered_kwh), {.unit = "MWh/a"});
    g.write("min_supply_t_c", to_c(r.min_supply_t_k), {.unit = "degC"});
    std::vector<double> below(r.hours_below_min_supply_t.begin(), r.hours_below_min_supply_t.end());
    g.write("hours_below_min_supply_t", below, {.unit = "h"});
  }
}

}  // namespace heattwin::scenarios
