#include "scenarios/network_run.hpp"

#include "scenarios/network_area.hpp"
#include "scenarios/network_plants.hpp"
#include "scenarios/network_toml.hpp"
#include "scenarios/schema_toml.hpp"
#include "solvers/demand/hourly_5r1c.hpp"
#include "solvers/network/district_heating_plug_flow.hpp"
#include "solvers/network/twin_network.hpp"
#include "twin/error.hpp"
#include "twin/log.hpp"
#include "twin/physical_constants.hpp"
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
using twin::ZERO_CELSIUS_K;

std::string at_line(const std::string& path, const toml::node& node) {
  return fmt::format("{}:{}", path, node.source().begin.line);
}

bool bool_in(const std::string& file, const toml::table& t, std::string_view key, bool fallback) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return fallback;
  const auto v = node->is_boolean() ? node->value<bool>() : std::nullopt;
  HEATTWIN_CHECK(v.has_value(), "{}: [network] '{}' must be true or false", at_line(file, *node), key);
  return *v;
}

/// A table-valued key, or nullptr if absent; an error if it is not a table.
const toml::table* table_at(const std::string& file, const toml::table& t, std::string_view name,
                            std::string_view key) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return nullptr;
  const auto* table = node->as_table();
  HEATTWIN_CHECK(table != nullptr, "{}: [{}] '{}' must be a table ([{}.{}])", at_line(file, *node), name, key, name,
                 key);
  return table;
}

std::string string_at(const std::string& file, const toml::table& t, std::string_view name, std::string_view key,
                      std::string fallback) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return fallback;
  const auto* v = node->as_string();
  HEATTWIN_CHECK(v != nullptr && !v->get().empty(), "{}: [{}] '{}' must be a non-empty string", at_line(file, *node),
                 name, key);
  return v->get();
}

namespace ec = solvers::economics;
namespace sp = solvers::supply;

/// Catalogue technology of a plant without `technology` (data/technology/technology_defaults.csv).
std::string default_technology(sp::PlantKind kind, ec::Carrier fuel) {
  switch (kind) {
    case sp::PlantKind::heat_pump:
      return "large_heat_pump";
    case sp::PlantKind::chp:
      return "chp_gas";
    case sp::PlantKind::solar_thermal:
      return "solar_thermal";
    case sp::PlantKind::waste_heat:
      return "waste_heat";
    case sp::PlantKind::boiler:
      break;
  }
  if (fuel == ec::Carrier::hydrogen) return "hydrogen_boiler_large";
  if (fuel == ec::Carrier::biomass) return "biomass_boiler_large";
  return "gas_boiler_large";
}

NetworkPlantConfig parse_plant(const std::string& file, const std::string& id, const toml::table& t) {
  const std::string name = fmt::format("network.plants.{}", id);
  check_scenario_keys(file, t, name);
  NetworkPlantConfig p;
  p.id = id;
  p.line = t.source().begin.line;
  const toml::node* kind = t.get("kind");
  HEATTWIN_CHECK(kind != nullptr,
                 "{}:{}: [{}] needs kind = \"heat_pump\" | \"chp\" | \"boiler\" | \"solar_thermal\" | "
                 "\"waste_heat\"",
                 file, p.line, name);
  static constexpr std::array<std::pair<std::string_view, sp::PlantKind>, 5> KINDS = {{
      {"heat_pump", sp::PlantKind::heat_pump},
      {"chp", sp::PlantKind::chp},
      {"boiler", sp::PlantKind::boiler},
      {"solar_thermal", sp::PlantKind::solar_thermal},
      {"waste_heat", sp::PlantKind::waste_heat},
  }};
  const auto* kind_text = kind->as_string();
  const auto found = std::find_if(KINDS.begin(), KINDS.end(),
                                  [&](const auto& k) { return kind_text != nullptr && k.first == kind_text->get(); });
  HEATTWIN_CHECK(found != KINDS.end(),
                 "{}: [{}] kind must be \"heat_pump\", \"chp\", \"boiler\", \"solar_thermal\" or \"waste_heat\"",
                 at_line(file, *kind), name);
  p.kind = found->second;
  p.fuel = p.kind == sp::PlantKind::heat_pump       ? ec::Carrier::electricity
           : p.kind == sp::PlantKind::solar_thermal ? ec::Carrier::solar_thermal
           : p.kind == sp::PlantKind::waste_heat    ? ec::Carrier::waste_heat
                                                    : ec::Carrier::natural_gas;
  if (const toml::node* f = t.get("fuel")) {
    const auto* v = f->as_string();
    const auto carrier = v != nullptr ? ec::carrier_from_name(v->get()) : std::nullopt;
    HEATTWIN_CHECK(carrier.has_value(),
                   "{}: [{}] fuel must be a carrier name of data/technology/prices.csv "
                   "(natural_gas, hydrogen, biomass, heating_oil, electricity, …)",
                   at_line(file, *f), name);
    HEATTWIN_CHECK(p.kind == sp::PlantKind::boiler || p.kind == sp::PlantKind::chp,
                   "{}: [{}] fuel applies to boilers and CHP only (heat pumps use electricity)", at_line(file, *f),
                   name);
    p.fuel = *carrier;
  }
  p.technology = string_at(file, t, name, "technology", default_technology(p.kind, p.fuel));
  HEATTWIN_CHECK(!(t.contains("capacity_kw") && t.contains("capacity_share")),
                 "{}:{}: [{}] give capacity_kw or capacity_share, not both", file, p.line, name);
  p.capacity_kw = scenario_number(file, t, name, "capacity_kw", p.capacity_kw);
  p.capacity_share = scenario_number(file, t, name, "capacity_share", p.capacity_share);
  p.area_m2 = scenario_number(file, t, name, "area_m2", p.area_m2);
  if (p.kind == sp::PlantKind::solar_thermal) {
    HEATTWIN_CHECK(std::isfinite(p.area_m2) && !t.contains("capacity_kw") && !t.contains("capacity_share"),
                   "{}:{}: [{}] a solar thermal field is sized by area_m2 (collector area), not by capacity", file,
                   p.line, name);
  } else {
    HEATTWIN_CHECK(!t.contains("area_m2"), "{}:{}: [{}] area_m2 applies to solar thermal only", file, p.line, name);
    HEATTWIN_CHECK(std::isfinite(p.capacity_kw) || std::isfinite(p.capacity_share),
                   "{}:{}: [{}] needs capacity_kw (kW thermal) or capacity_share (of the base year's peak plant heat)",
                   file, p.line, name);
  }
  p.efficiency = scenario_number(file, t, name, "efficiency", p.efficiency);
  p.electric_efficiency = scenario_number(file, t, name, "electric_efficiency", p.electric_efficiency);
  if (std::isfinite(p.efficiency) || std::isfinite(p.electric_efficiency)) {
    HEATTWIN_CHECK(p.kind == sp::PlantKind::boiler || p.kind == sp::PlantKind::chp,
                   "{}:{}: [{}] efficiency and electric_efficiency apply to boilers and CHP only", file, p.line, name);
  }
  if (std::isfinite(p.efficiency) && std::isfinite(p.electric_efficiency)) {
    HEATTWIN_CHECK(p.efficiency + p.electric_efficiency <= 1.0, "{}:{}: [{}] efficiency + electric_efficiency = {} > 1",
                   file, p.line, name, p.efficiency + p.electric_efficiency);
  }
  p.renewable_share = scenario_number(file, t, name, "renewable_share", p.renewable_share);
  if (const toml::node* src = t.get("source")) {
    const auto* v = src->as_string();
    HEATTWIN_CHECK(v != nullptr && v->get() == "outdoor_air" && p.kind == sp::PlantKind::heat_pump,
                   "{}: [{}] source = \"outdoor_air\" is the one named source (heat pumps only); give a constant "
                   "source temperature with source_t_c",
                   at_line(file, *src), name);
  }
  if (const toml::node* src = t.get("source_t_c")) {
    HEATTWIN_CHECK(p.kind == sp::PlantKind::heat_pump && !t.contains("source"),
                   "{}: [{}] source_t_c applies to heat pumps, instead of source = \"outdoor_air\"",
                   at_line(file, *src), name);
    p.source_t_c = scenario_number(file, t, name, "source_t_c", 0.0);
    p.source_outdoor_air = false;
  }
  p.available_share = scenario_number(file, t, name, "available_share", p.available_share);
  if (t.contains("available_share")) {
    HEATTWIN_CHECK(p.kind == sp::PlantKind::waste_heat, "{}:{}: [{}] available_share applies to waste heat only", file,
                   p.line, name);
  }
  p.collector_t_c = scenario_number(file, t, name, "collector_t_c", p.collector_t_c);
  if (const toml::node* c = t.get("charges_storage")) {
    const auto v = c->is_boolean() ? c->value<bool>() : std::nullopt;
    HEATTWIN_CHECK(v.has_value(), "{}: [{}] charges_storage must be true or false", at_line(file, *c), name);
    p.charges_storage = *v;
  }
  p.variable_cost_eur_per_mwh = scenario_number(file, t, name, "variable_cost_eur_per_mwh", 0.0);
  detail::parse_plant_site(file, name, t, p);  // x, y, potential, holds_pressure (scenarios/network_plants.hpp)
  return p;
}

void parse_supply(const std::string& file, const toml::table& t, NetworkScenario& s) {
  NetworkSupplyConfig& c = s.supply;
  if (const toml::table* plants = table_at(file, t, "network", "plants")) {
    c.plants.clear();
    c.default_portfolio = false;
    c.storage = NetworkStorageConfig{};  // a portfolio of one's own has a store only with [network.storage]
    for (const auto& [id, node] : *plants) {
      const auto* pt = node.as_table();
      HEATTWIN_CHECK(pt != nullptr, "{}: [network.plants] '{}' must be a table [network.plants.{}]",
                     at_line(file, node), id.str(), id.str());
      c.plants.push_back(parse_plant(file, std::string(id.str()), *pt));
    }
    HEATTWIN_CHECK(!c.plants.empty(), "{}:{}: [network.plants] is empty; give at least one [network.plants.<id>]", file,
                   plants->source().begin.line);
    // toml++ orders keys by name; the portfolio keeps the file's order (ties in the merit order).
    std::stable_sort(c.plants.begin(), c.plants.end(), [](const auto& a, const auto& b) { return a.line < b.line; });
  }
  if (const toml::table* st = table_at(file, t, "network", "storage")) {
    check_scenario_keys(file, *st, "network.storage");
    NetworkStorageConfig sc;
    sc.enabled = true;
    HEATTWIN_CHECK(st->contains("capacity_kwh") != st->contains("hours_of_peak"),
                   "{}:{}: [network.storage] needs exactly one of capacity_kwh and hours_of_peak", file,
                   st->source().begin.line);
    sc.capacity_kwh = scenario_number(file, *st, "network.storage", "capacity_kwh", sc.capacity_kwh);
    sc.hours_of_peak = scenario_number(file, *st, "network.storage", "hours_of_peak", sc.hours_of_peak);
    sc.delta_t_k = scenario_number(file, *st, "network.storage", "delta_t_k", sc.delta_t_k);
    sc.charge_hours = scenario_number(file, *st, "network.storage", "charge_hours", sc.charge_hours);
    sc.standing_loss_per_h =
        scenario_number(file, *st, "network.storage", "standing_loss_per_h", sc.standing_loss_per_h);
    c.storage = sc;
  }
  if (const toml::table* e = table_at(file, t, "network", "economics")) {
    check_scenario_keys(file, *e, "network.economics");
    NetworkEconomicsConfig& ec_ = c.economics;
    ec_.annuity.interest_rate =
        scenario_number(file, *e, "network.economics", "interest_rate", ec_.annuity.interest_rate);
    if (const toml::node* n = e->get("period_a")) {
      const auto v = n->value<std::int64_t>();
      HEATTWIN_CHECK(v.has_value() && *v >= 1 && *v <= 100,
                     "{}: [network.economics] period_a must be an integer "
                     "between 1 and 100 (years)",
                     at_line(file, *n));
      ec_.annuity.period_a = static_cast<int>(*v);
    }
    if (const toml::node* n = e->get("price_path")) {
      const auto v = n->is_boolean() ? n->value<bool>() : std::nullopt;
      HEATTWIN_CHECK(v.has_value(), "{}: [network.economics] price_path must be true or false", at_line(file, *n));
      ec_.price_path = *v;
    }
    ec_.operation_eur_per_a =
        scenario_number(file, *e, "network.economics", "operation_eur_per_a", ec_.operation_eur_per_a);
    ec_.chp_electricity_value_eur_per_mwh = scenario_number(
        file, *e, "network.economics", "chp_electricity_value_eur_per_mwh", ec_.chp_electricity_value_eur_per_mwh);
    ec_.connection_rate = scenario_number(file, *e, "network.economics", "connection_rate", ec_.connection_rate);
  }
  if (const toml::table* costs = table_at(file, t, "network", "costs")) {
    for (const auto& [technology, node] : *costs) {
      const auto* tt = node.as_table();
      HEATTWIN_CHECK(tt != nullptr,
                     "{}: [network.costs] '{}' must be a table [network.costs.{}] of catalogue "
                     "parameters",
                     at_line(file, node), technology.str(), technology.str());
      for (const auto& [parameter, value] : *tt) {
        const auto v = value.value<double>();
        HEATTWIN_CHECK(v.has_value() && std::isfinite(*v) && *v >= 0.0,
                       "{}: [network.costs.{}] '{}' must be a number ≥ 0", at_line(file, value), technology.str(),
                       parameter.str());
        c.costs.push_back({std::string(technology.str()), std::string(parameter.str()), *v,
                           static_cast<std::size_t>(value.source().begin.line)});
      }
    }
  }
}

}  // namespace

namespace detail {

NetworkScenario parse_network_scenario(const std::string& path, const toml::table& t) {
  check_scenario_keys(path, t, "network");
  NetworkScenario s;
  s.enabled = true;
  if (const toml::node* d = t.get("design")) {
    const auto* v = d->as_string();
    HEATTWIN_CHECK(v != nullptr && (v->get() == "densest-area" || v->get() == "per-municipality"),
                   "{}: [network] design must be \"densest-area\" or \"per-municipality\" (or leave it out to "
                   "simulate the twin's network named by 'name')",
                   at_line(path, *d));
    s.design = "densest-area";
  }
  parse_municipal_network_keys(path, t, s);
  if (const toml::node* n = t.get("name")) {
    const auto* v = n->as_string();
    HEATTWIN_CHECK(v != nullptr && !v->get().empty() && v->get().find('/') == std::string::npos,
                   "{}: [network] name must be a non-empty string without '/'", at_line(path, *n));
    s.name = v->get();
  } else {
    HEATTWIN_CHECK(!s.design.empty(),
                   "{}: [network] needs either design = \"densest-area\" or the name of a network "
                   "stored in the twin",
                   path);
  }
  s.radius_m = scenario_number(path, t, "network", "radius_m", s.radius_m);
  s.max_buildings = static_cast<std::size_t>(
      scenario_number(path, t, "network", "max_buildings", static_cast<double>(s.max_buildings)));
  s.min_heat_line_density_mwh_per_ma =
      scenario_number(path, t, "network", "min_heat_line_density_mwh_per_ma", s.min_heat_line_density_mwh_per_ma);
  s.t_supply_c = scenario_number(path, t, "network", "t_supply_c", s.t_supply_c);
  s.t_return_c = scenario_number(path, t, "network", "t_return_c", s.t_return_c);
  s.min_supply_c = scenario_number(path, t, "network", "min_supply_c", s.min_supply_c);
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
      scenario_number(path, t, "network", "max_pressure_gradient_pa_per_m", s.max_pressure_gradient_pa_per_m);
  s.max_velocity_m_per_s = scenario_number(path, t, "network", "max_velocity_m_per_s", s.max_velocity_m_per_s);
  s.plant_pressure_bar = scenario_number(path, t, "network", "plant_pressure_bar", s.plant_pressure_bar);
  s.pump_efficiency = scenario_number(path, t, "network", "pump_efficiency", s.pump_efficiency);
  s.store_in_twin = bool_in(path, t, "store_in_twin", s.store_in_twin);
  s.simulate_every_year = bool_in(path, t, "simulate_every_year", s.simulate_every_year);
  parse_supply(path, t, s);
  parse_network_plant_keys(path, t, s.supply);  // feed_in_max_distance_m, potential_* (network_plants.hpp)
  HEATTWIN_CHECK(
      !s.per_municipality || std::none_of(s.supply.plants.begin(), s.supply.plants.end(),
                                          [](const auto& p) { return !std::isnan(p.x_m) || !p.potential.empty(); }),
      "{}: [network] design = \"per-municipality\": plants with a location (x, y or potential) are not "
      "supported; every municipality's network has one plant junction",
      path);
  s.operation = parse_network_operation(path, t, s.t_supply_c, s.t_return_c);
  s.connection = parse_network_connection(path, t);
  HEATTWIN_CHECK(!s.connection.gradual() || s.simulate_every_year,
                 "{}: [network] connection_share / connection_rate_per_a (connection over time) need "
                 "simulate_every_year = true",
                 path);
  return s;
}

}  // namespace detail

NetworkRun run_network(const NetworkScenario& s, twin::Twin& twin, const std::string& twin_path,
                       const NetworkDemandInputs& in) {
  NetworkRun run = run_network_in(s, twin, twin.networks, twin_path, in);
  if (run.summary.designed && s.store_in_twin) {
    // Only the networks change: the typology values the run filled in memory stay out of the file.
    twin::Twin stored = twin::load_twin(twin_path);
    stored.networks = twin.networks;
    twin::save_twin(stored, twin_path);
    run.summary.stored_in_twin = true;
  }
  return run;
}

NetworkRun run_network_in(const NetworkScenario& s, const twin::Twin& twin, twin::NetworkSet& networks,
                          const std::string& twin_path, const NetworkDemandInputs& in,
                          std::span<const std::uint8_t> zone_in_area) {
  return detail::run_network_in_zones(s, twin, networks, twin_path, in, zone_in_area, nullptr);
}

NetworkRun detail::run_network_in_zones(const NetworkScenario& s, const twin::Twin& twin, twin::NetworkSet& networks,
                                        const std::string& twin_path, const NetworkDemandInputs& in,
                                        std::span<const std::uint8_t> zone_in_area,
                                        const std::unordered_map<std::uint32_t, std::size_t>* zone_of_twin) {
  const auto start = std::chrono::steady_clock::now();
  auto log = logger("scenarios.network");
  const auto& b = twin.buildings;
  const dm::StockModel& model = in.model;
  const std::size_t n = model.twin_index.size();
  HEATTWIN_CHECK(zone_in_area.empty() || zone_in_area.size() == n,
                 "[network] design area: {} zone flags for {} zones of the demand run", zone_in_area.size(), n);
  HEATTWIN_CHECK(in.climate.outdoor_c.size() == dm::HOURS_PER_YEAR,
                 "[network] needs the hourly demand method (method = \"hourly\")");
  // Twin index → zone of the demand run: the caller's map, or built here (O(zones)).
  std::unordered_map<std::uint32_t, std::size_t> own_zone_of;
  if (zone_of_twin == nullptr) {
    for (std::size_t k = 0; k < n; ++k) own_zone_of[model.twin_index[k]] = k;
  }
  const std::unordered_map<std::uint32_t, std::size_t>& zone_of = zone_of_twin != nullptr ? *zone_of_twin : own_zone_of;
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
    const auto in_area = [&](std::size_t k) { return zone_in_area.empty() || zone_in_area[k] != 0; };
    for (std::size_t k = 0; k < n; ++k) {
      if (!in_area(k)) continue;
      const std::uint32_t cell = b.grid_cell[model.twin_index[k]];
      if (cell < cell_heat.size()) cell_heat[cell] += in.annual_heating_kwh[k] + hot_water(k);
    }
    HEATTWIN_CHECK(!cell_heat.empty(), "[network] design: the twin has no 100 m grid cells with computed buildings");
    const auto densest =
        static_cast<std::uint32_t>(std::max_element(cell_heat.begin(), cell_heat.end()) - cell_heat.begin());
    sum.densest_cell = twin.grid.cell_id(densest);
    sum.densest_cell_mwh_per_ha = cell_heat[densest] / 1000.0;  // a cell is one hectare
    double w = 0.0, cx = 0.0, cy = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t i = model.twin_index[k];
      if (b.grid_cell[i] != densest || !in_area(k)) continue;
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
      if (in_area(k) && d <= s.radius_m && in.annual_heating_kwh[k] + hot_water(k) > 0.0) near.emplace_back(d, i);
    }
    std::sort(near.begin(), near.end());
    if (near.size() > s.max_buildings) near.resize(s.max_buildings);
    for (const auto& [d, i] : near) candidates.push_back(i);
    std::sort(candidates.begin(), candidates.end());
    HEATTWIN_CHECK(!candidates.empty(), "[network] design: no heated building within {} m of the densest cell {}",
                   s.radius_m, sum.densest_cell);
  } else {
    const auto it = std::find(networks.names.begin(), networks.names.end(), s.name);
    HEATTWIN_CHECK(it != networks.names.end(), "[network] the twin {} has no network '{}' (it has: {})", twin_path,
                   s.name, fmt::join(networks.names, ", "));
    existing = it - networks.names.begin();
    for (std::size_t c = 0; c < networks.consumers.size(); ++c) {
      const std::uint32_t j = networks.consumers.supply_junction[c];
      const std::uint32_t i = networks.consumers.building[c];
      if (networks.junctions.network[j] == existing && zone_of.contains(i)) candidates.push_back(i);
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
  // Space heating scaled to the run's basis (expected consumption: × the zone's heating factor).
  std::vector<double> heating_factor(sub.twin_index.size(), 1.0);
  if (!in.heating_factor.empty()) {
    for (std::size_t k = 0; k < sub.twin_index.size(); ++k)
      heating_factor[k] = in.heating_factor[zone_of.at(sub.twin_index[k])];
  }
  const auto heat_kw = [&](std::size_t row, std::size_t h) {
    return heating_factor[row] * hourly.region_heating_w[row][h] / 1000.0 +
           daily_hot_water_kwh[row] * in.hot_water_profiles[profile[row]][h % 24];
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
    size_for_operation(s, in.weather, options);
    const net::DesignedNetwork design =
        net::design_network({x, y, peak, annual, hourly_kw, hourly_kw.empty() ? 0 : dm::HOURS_PER_YEAR},
                            {twin.streets.x0_m, twin.streets.y0_m, twin.streets.x1_m, twin.streets.y1_m}, options);
    index = net::store_designed_network(design, s.name, ids, sub.twin_index, peak, s.t_supply_c, options.roughness_m,
                                        options.cover_depth_m, networks);
    design_heat_line_density = design.pipe_heat_line_density_mwh_per_ma;
    sum.designed = true;
    sum.routing = design.routing == net::DesignRouting::streets
                      ? "along streets (shortest-path tree)"
                      : "spanning tree over the buildings (the twin has no streets)";
    sum.consumers_pruned = design.consumers_pruned;
    sum.route_length_m = design.route_length_m;
    sum.street_length_m = design.street_length_m;
    sum.house_connection_length_m = design.house_connection_length_m;
    sum.heat_line_density_mwh_per_ma = design.heat_line_density_mwh_per_ma;
    sum.undersized_pipes = design.undersized_pipes;
  } else {
    index = static_cast<std::uint32_t>(existing);
    sum.routing = "from the twin";
  }

  net::TwinNetworkOptions twin_options;
  twin_options.t_return_c = s.t_return_c;
  twin_options.min_supply_c = s.min_supply_c;
  twin_options.plant_pressure_bar = s.plant_pressure_bar;
  twin_options.t_supply_c = s.t_supply_c;
  // Connection over time: only the consumers connected by this year, and the pipes serving them.
  const net::TwinNetworkModel m =
      connected_network_model(net::twin_network_model(networks, index, twin_options), networks, s.connected_share, sum);
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
  for (double& t : ground_k) t += ZERO_CELSIUS_K;
  net::DhSeriesOptions options;
  options.pump_efficiency = s.pump_efficiency;
  options.max_velocity_m_per_s = s.max_velocity_m_per_s;
  set_network_operation(s, in.weather, dm::HOURS_PER_YEAR, options);
  // Supply temperatures at the consumers to 0.01 K per hour (the energy balance closes in every
  // round; tighter settles only the last digits of the flows at several times the cost).
  options.temperature_tolerance_k = 0.01;
  options.feed_ins = model_feed_ins(s, m);  // several plants (scenarios/network_plants.hpp)
  const auto demand = [&](std::size_t h, std::span<double> q) {
    for (std::size_t c = 0; c < nc; ++c)
      q[c] = consumer_row[c] == std::numeric_limits<std::size_t>::max() ? 0.0 : heat_kw(consumer_row[c], h);
  };
  run.series =
      s.operation.plug_flow  // transport delay (solvers/network/district_heating_plug_flow.hpp)
          ? net::simulate_district_heating_plug_flow(m.supply, m.consumers, dm::HOURS_PER_YEAR, demand, ground_k,
                                                     options)
          : net::simulate_district_heating(m.supply, m.consumers, dm::HOURS_PER_YEAR, demand, ground_k, options);
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
    run.pipe_heat_line_density_mwh_per_ma.push_back(
        p < design_heat_line_density.size() ? design_heat_line_density[p] : std::numeric_limits<double>::quiet_NaN());
  }
  for (std::size_t c = 0; c < nc; ++c) {
    run.consumer_design_heat_kw.push_back(networks.consumers.design_heat_kw[m.consumer_twin_index[c]]);
    double peak = 0.0;
    if (consumer_row[c] != std::numeric_limits<std::size_t>::max()) {
      for (std::size_t h = 0; h < dm::HOURS_PER_YEAR; ++h) peak = std::max(peak, heat_kw(consumer_row[c], h));
    }
    run.consumer_peak_heat_kw.push_back(peak);
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
  summarise_design_limits(s, run, sum);
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

NetworkSupplyYear evaluate_network_year(const NetworkScenario& scenario, const NetworkRun& run,
                                        const ec::TechnologyCatalogue& catalogue, const ec::CarrierData& carriers,
                                        const dm::HourlyWeather& weather, double design_peak_kw, int year) {
  const auto& r = run.series;
  NetworkSupplyInput in;
  in.plant_heat_kw = r.plant_heat_kw;
  // The network series has the demand run's hours (8760; the weather reader drops 29 February).
  const std::size_t hours = r.plant_heat_kw.size();
  HEATTWIN_CHECK(weather.dry_bulb_c.size() >= hours && weather.global_horizontal_w_per_m2.size() >= hours,
                 "[network] supply: the weather {} has {} hours, the network series {}", weather.source,
                 weather.dry_bulb_c.size(), hours);
  in.outdoor_t_c = std::span<const double>(weather.dry_bulb_c).first(hours);
  in.global_horizontal_w_per_m2 = std::span<const double>(weather.global_horizontal_w_per_m2).first(hours);
  in.design_peak_kw = design_peak_kw;
  in.t_supply_c = scenario.t_supply_c;
  in.t_return_c = scenario.t_return_c;
  in.delivered_mwh = r.delivered_mwh;
  in.pump_electricity_mwh = r.pump_energy_mwh;
  std::vector<double> pipe_length_m = run.pipe_length_m, pipe_inner_diameter_m = run.pipe_inner_diameter_m;
  pipe_length_m.insert(pipe_length_m.end(), run.connection_pipe_length_m.begin(), run.connection_pipe_length_m.end());
  pipe_inner_diameter_m.insert(pipe_inner_diameter_m.end(), run.connection_pipe_inner_diameter_m.begin(),
                               run.connection_pipe_inner_diameter_m.end());
  in.pipes = priced_pipe_lengths(pipe_length_m, pipe_inner_diameter_m, catalogue);
  in.house_connections = run.consumer_id.size();
  // Connected load: the consumers' design heat; where unknown (imported networks) their peak hourly heat.
  for (std::size_t c = 0; c < run.consumer_design_heat_kw.size(); ++c) {
    const double design = run.consumer_design_heat_kw[c];
    in.connected_load_kw += std::isfinite(design) ? design : run.consumer_peak_heat_kw[c];
  }
  in.year = year;
  return evaluate_network_supply(scenario.supply, in, catalogue, carriers);
}

NetworkYearSummary network_year_summary(const NetworkSupplyYear& y) {
  NetworkYearSummary s;
  s.renewable_share = y.dispatch.renewable_share;
  s.wpg_target_share = y.dispatch.wpg_target_share;
  s.meets_wpg_target = y.dispatch.meets_wpg_target;
  s.plant_heat_mwh = y.dispatch.load_mwh;
  s.heat_sold_mwh = y.heat_sold_mwh;
  s.unmet_mwh = y.dispatch.unmet_mwh;
  s.lcoh_eur_per_mwh = y.lcoh.lcoh_eur_per_mwh;
  s.co2_t = y.co2_t;
  s.co2_g_per_kwh = y.co2_g_per_kwh_sold;
  for (const auto& p : y.plants) s.plant_heat_mwh_by_plant.emplace_back(p.id, p.dispatch.heat_mwh);
  s.plants = y.plants;  // totals only (no hourly series)
  s.potential_plants = y.potential_plants;
  return s;
}

namespace {
/// Tables of one row per plant (plants) or per network (supply, economics; id = the network name),
/// like the other network tables, so that readers take every group under network/ as a table.
void write_network_supply(const h5::Group& group, const NetworkSupplyYear& y, const std::string& network) {
  const auto& d = y.dispatch;
  const std::size_t np = y.plants.size();
  const auto column = [&](auto get) {
    std::vector<double> v;
    for (const auto& p : y.plants) v.push_back(get(p));
    return v;
  };
  const auto one = [](double x) { return std::vector<double>{x}; };
  {
    h5::Group g = group.create_group("plants");
    std::vector<std::string> id, kind, technology, fuel;
    for (const auto& p : y.plants) {
      id.push_back(p.id);
      kind.push_back(p.kind);
      technology.push_back(p.technology);
      fuel.push_back(p.fuel);
    }
    g.write_strings("id", id, {.description = "plant id ([network.plants.<id>] or the default portfolio's)"});
    g.write_strings("kind", kind, {.description = "heat_pump | chp | boiler | solar_thermal | waste_heat"});
    g.write_strings("technology", technology, {.description = "catalogue technology (data/technology)"});
    g.write_strings("fuel", fuel, {.description = "purchased carrier (electricity for heat pumps)"});
    g.write("capacity_kw", column([](const auto& p) { return p.capacity_kw; }),
            {.unit = "kW", .description = "thermal"});
    g.write("heat_mwh", column([](const auto& p) { return p.dispatch.heat_mwh; }),
            {.unit = "MWh/a", .description = "heat produced (to the load and into the store)"});
    g.write("fuel_mwh", column([](const auto& p) { return p.dispatch.fuel_mwh; }),
            {.unit = "MWh/a", .description = "purchased final energy of fuel (electricity for heat pumps)"});
    g.write("electricity_out_mwh", column([](const auto& p) { return p.dispatch.electricity_out_mwh; }),
            {.unit = "MWh/a", .description = "CHP electricity"});
    g.write("renewable_heat_mwh", column([](const auto& p) { return p.dispatch.renewable_heat_mwh; }),
            {.unit = "MWh/a", .description = "renewable or unavoidable waste heat (WPG §29)"});
    g.write("full_load_hours", column([](const auto& p) { return p.dispatch.full_load_hours; }),
            {.unit = "h/a", .description = "heat / capacity"});
    g.write("peak_kw", column([](const auto& p) { return p.dispatch.peak_kw; }), {.unit = "kW"});
    g.write("cost_eur", column([](const auto& p) { return p.dispatch.cost_eur; }),
            {.unit = "EUR/a", .description = "fuel + variable cost − CHP electricity value, prices of the year"});
    write_plant_sites(g, y);                             // feed-in points and potentials (scenarios/network_plants.hpp)
    std::vector<double> hourly(d.plant_heat_kw.size());  // hour-major → [plant][hour]
    for (std::size_t h = 0; h < d.hours; ++h) {
      for (std::size_t p = 0; p < np; ++p) hourly[p * d.hours + h] = d.plant_heat_kw[h * np + p];
    }
    g.write("hourly_heat_kw", hourly, {.unit = "kW", .description = "[plant][hour 0..8759]", .columns = d.hours});
  }
  write_potential_plants(group, y);
  {
    h5::Group g = group.create_group("supply");
    g.write_strings("id", {network}, {.description = "network name in the twin"});
    g.write("load_mwh", one(d.load_mwh),
            {.unit = "MWh/a", .description = "plant heat the network needs (= networks/plant_heat_mwh)"});
    g.write("generation_mwh", one(d.generation_mwh), {.unit = "MWh/a", .description = "Σ plants/heat_mwh"});
    g.write("unmet_mwh", one(d.unmet_mwh), {.unit = "MWh/a", .description = "load no plant or store covered"});
    g.write("unmet_hours", one(static_cast<double>(d.unmet_hours)), {.unit = "h"});
    g.write("renewable_share", one(d.renewable_share),
            {.unit = "1", .description = "renewable + unavoidable waste heat / net heat generation (WPG §29)"});
    g.write("wpg_target_share", one(d.wpg_target_share),
            {.unit = "1", .description = "WPG §29 (1): 0.3 from 2030, 0.8 from 2040; §31 (1): 1.0 from 2045"});
    g.write("meets_wpg_target", std::vector<std::uint8_t>{d.meets_wpg_target ? std::uint8_t{1} : std::uint8_t{0}},
            {.unit = "1", .description = "1: renewable_share ≥ wpg_target_share"});
    g.write("storage_capacity_kwh", one(y.storage_capacity_kwh), {.unit = "kWh"});
    g.write("storage_volume_m3", one(y.storage_volume_m3), {.unit = "m3", .description = "water volume for the cost"});
    g.write("storage_loss_mwh", one(d.storage_loss_mwh), {.unit = "MWh/a"});
    g.write("max_balance_error_kw", one(d.max_balance_error_kw),
            {.unit = "kW", .description = "max over hours |Σ plants + discharge − charge + unmet − load|"});
    std::vector<std::string> carriers;
    std::vector<double> fuel;
    for (std::size_t c = 0; c < ec::CARRIER_COUNT; ++c) {
      carriers.emplace_back(ec::carrier_name(static_cast<ec::Carrier>(c)));
      fuel.push_back(d.fuel_mwh[c]);
    }
    g.write_strings("carrier", carriers, {.description = "columns of fuel_mwh"});
    g.write("fuel_mwh", fuel,
            {.unit = "MWh/a",
             .description = "[network][carrier as in carrier] purchased energy of the plants (pumps excluded)",
             .columns = ec::CARRIER_COUNT});
    g.write("chp_electricity_mwh", one(d.chp_electricity_mwh), {.unit = "MWh/a"});
    g.write("co2_t", one(y.co2_t), {.unit = "t/a", .description = "CO2-eq of the plants' and pumps' purchased energy"});
    g.write("co2_g_per_kwh", one(y.co2_g_per_kwh_sold), {.unit = "g/kWh", .description = "per kWh of heat sold"});
    g.write("hourly_unmet_kw", d.unmet_kw, {.unit = "kW", .description = "[network][hour]", .columns = d.hours});
    g.write("hourly_storage_kwh", d.storage_kwh,
            {.unit = "kWh", .description = "[network][hour], content at the end of the hour", .columns = d.hours});
    g.write("hourly_charge_kw", d.charge_kw, {.unit = "kW", .description = "[network][hour]", .columns = d.hours});
    g.write("hourly_discharge_kw", d.discharge_kw,
            {.unit = "kW", .description = "[network][hour]", .columns = d.hours});
  }
  {
    h5::Group g = group.create_group("economics");
    g.write_strings("id", {network}, {.description = "network name in the twin"});
    const auto& l = y.lcoh;
    g.write("lcoh_eur_per_mwh", one(l.lcoh_eur_per_mwh),
            {.unit = "EUR/MWh", .description = "VDI 2067 annuity / heat sold"});
    g.write("heat_sold_mwh", one(y.heat_sold_mwh), {.unit = "MWh/a", .description = "delivered × (1 − unmet / load)"});
    g.write("plants_eur_per_mwh", one(l.plants_eur_per_mwh),
            {.unit = "EUR/MWh", .description = "capital of plants and store"});
    g.write("pipes_eur_per_mwh", one(l.pipes_eur_per_mwh), {.unit = "EUR/MWh", .description = "capital of the pipes"});
    g.write("connections_eur_per_mwh", one(l.connections_eur_per_mwh),
            {.unit = "EUR/MWh", .description = "capital of house connections (substations)"});
    g.write("maintenance_eur_per_mwh", one(l.maintenance_eur_per_mwh),
            {.unit = "EUR/MWh", .description = "maintenance of all investments + operation"});
    g.write("energy_eur_per_mwh", one(l.energy_eur_per_mwh),
            {.unit = "EUR/MWh", .description = "plants' purchased energy"});
    g.write("pumping_eur_per_mwh", one(l.pumping_eur_per_mwh), {.unit = "EUR/MWh", .description = "pump electricity"});
    g.write("revenue_eur_per_mwh", one(l.revenue_eur_per_mwh),
            {.unit = "EUR/MWh", .description = "CHP electricity (subtracted)"});
    g.write("losses_eur_per_mwh", one(l.losses_eur_per_mwh),
            {.unit = "EUR/MWh", .description = "share of the energy cost covering the heat losses (included above)"});
    g.write("generation_eur_per_mwh", one(y.generation_eur_per_mwh),
            {.unit = "EUR/MWh", .description = "LCOH without pipes and house connections"});
    g.write("total_eur_per_a", one(l.annuity.total_eur_per_a), {.unit = "EUR/a"});
    g.write("capital_eur_per_a", one(l.annuity.capital_eur_per_a), {.unit = "EUR/a"});
    g.write("demand_eur_per_a", one(l.annuity.demand_eur_per_a), {.unit = "EUR/a", .description = "energy"});
    g.write("operation_eur_per_a", one(l.annuity.operation_eur_per_a),
            {.unit = "EUR/a", .description = "operation + maintenance"});
    g.write("revenue_eur_per_a", one(l.annuity.revenue_eur_per_a), {.unit = "EUR/a"});
    g.write("pipes_annuity_eur_per_a", one(y.pipes_annuity_eur_per_a),
            {.unit = "EUR/a", .description = "capital + maintenance of the pipes"});
    g.write("connections_annuity_eur_per_a", one(y.connections_annuity_eur_per_a),
            {.unit = "EUR/a", .description = "capital + maintenance of the house connections"});
  }
}
}  // namespace

void write_network_results(const h5::Group& year_group, const NetworkRun& run, const twin::Twin& twin,
                           const NetworkSupplyYear* supply) {
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
    for (double& x : v) x -= ZERO_CELSIUS_K;
    return v;
  };
  {
    h5::Group g = group.create_group("networks");
    g.write_strings("id", {twin.networks.names[run.network_index]}, {.description = "network name in the twin"});
    g.write("twin_index", std::vector<std::int64_t>{run.network_index},
            {.unit = "1", .description = "index into the twin's /networks/names"});
    g.write("consumers", std::vector<double>{static_cast<double>(sum.consumers)}, {.unit = "1"});
    g.write("route_length_m", std::vector<double>{sum.route_length_m},
            {.unit = "m", .description = "sum of pipe lengths (trench)"});
    g.write("plant_heat_mwh", std::vector<double>{r.plant_heat_mwh}, {.unit = "MWh/a"});
    g.write("delivered_mwh", std::vector<double>{r.delivered_mwh}, {.unit = "MWh/a"});
    g.write("heat_loss_mwh", std::vector<double>{r.heat_loss_mwh},
            {.unit = "MWh/a", .description = "supply and return pipes"});
    g.write("heat_loss_share", std::vector<double>{r.heat_loss_share},
            {.unit = "1", .description = "losses / plant heat"});
    g.write("pump_energy_mwh", std::vector<double>{r.pump_energy_mwh}, {.unit = "MWh/a", .description = "electric"});
    g.write("peak_plant_heat_kw", std::vector<double>{r.peak_plant_heat_kw}, {.unit = "kW"});
    g.write("energy_balance_error_mwh", std::vector<double>{r.energy_balance_error_kwh / 1000.0},
            {.unit = "MWh/a", .description = "plant heat − delivered − losses over the year"});
    g.write("heat_line_density_mwh_per_ma", std::vector<double>{sum.heat_line_density_mwh_per_ma},
            {.unit = "MWh/(m.a)", .description = "heat sold per metre of route"});
    g.write("unconverged_hours", std::vector<double>{static_cast<double>(r.unconverged_hours)}, {.unit = "h"});
    write_network_operation(g, r);
    write_network_connection(g, sum);
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
    g.write("twin_index", indices(run.pipe_twin_index),
            {.unit = "1", .description = "row in the twin's /networks/pipes"});
    g.write("dn", run.pipe_dn, {.unit = "1", .description = "EN 253 nominal size; NaN: not an EN 253 inner diameter"});
    g.write("inner_diameter_m", run.pipe_inner_diameter_m, {.unit = "m"});
    g.write("length_m", run.pipe_length_m, {.unit = "m"});
    g.write("peak_mdot_kg_per_s", r.peak_mdot_kg_per_s, {.unit = "kg/s"});
    g.write("peak_velocity_m_per_s", r.peak_velocity_m_per_s, {.unit = "m/s"});
    g.write("annual_heat_loss_mwh", to_mwh(r.annual_heat_loss_kwh),
            {.unit = "MWh/a", .description = "supply + return pipe"});
    std::vector<double> above(r.hours_above_velocity_limit.begin(), r.hours_above_velocity_limit.end());
    g.write("hours_above_velocity_limit", above, {.unit = "h"});
    write_pipe_design_limits(g, r);
    g.write("heat_line_density_mwh_per_ma", run.pipe_heat_line_density_mwh_per_ma,
            {.unit = "MWh/(m.a)",
             .description = "designed: street pipes their street segment's, house connections the building's heat "
                            "per metre; other networks: consumers' heat shared by the pipes at their junction, per "
                            "metre (docs/NETWORKS.md)"});
  }
  {
    h5::Group g = group.create_group("junctions");
    g.write_strings("id", run.junction_id, {.description = "junction id in the twin"});
    g.write("twin_index", indices(run.junction_twin_index),
            {.unit = "1", .description = "row in the twin's /networks/junctions"});
    g.write("min_supply_t_c", to_c(r.junction_min_t_k),
            {.unit = "degC", .description = "lowest supply temperature of the year"});
    g.write("min_pressure_bar", r.junction_min_pressure_bar,
            {.unit = "bar", .description = "lowest supply-side gauge pressure"});
  }
  {
    h5::Group g = group.create_group("consumers");
    g.write_strings("id", run.consumer_id, {.description = "consumer id (the building id for designed networks)"});
    g.write("twin_index", indices(run.consumer_twin_index),
            {.unit = "1", .description = "row in the twin's /networks/consumers"});
    std::vector<std::int64_t> building;
    for (const std::uint32_t i : run.consumer_building) building.push_back(i == NO_INDEX ? -1 : std::int64_t{i});
    g.write("building", building, {.unit = "1", .description = "row in the twin's /buildings; -1: not linked"});
    g.write("design_heat_kw", run.consumer_design_heat_kw,
            {.unit = "kW", .description = "peak hourly heat (space + hot water)"});
    g.write("delivered_mwh", to_mwh(r.delivered_kwh), {.unit = "MWh/a"});
    g.write("min_supply_t_c", to_c(r.min_supply_t_k), {.unit = "degC"});
    std::vector<double> below(r.hours_below_min_supply_t.begin(), r.hours_below_min_supply_t.end());
    g.write("hours_below_min_supply_t", below, {.unit = "h"});
  }
  if (supply != nullptr) write_network_supply(group, *supply, twin.networks.names[run.network_index]);
}

}  // namespace heattwin::scenarios
