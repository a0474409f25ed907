#include "scenarios/network_plants.hpp"

#include "scenarios/network_connection.hpp"
#include "scenarios/network_toml.hpp"
#include "scenarios/schema_toml.hpp"
#include "solvers/network/network_design.hpp"
#include "solvers/supply/heat_pump.hpp"
#include "twin/error.hpp"
#include "twin/physical_constants.hpp"
#include "twin/twin.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace heattwin::scenarios {

namespace {

namespace net = solvers::network;
namespace sp = solvers::supply;
namespace ec = solvers::economics;

std::string plant_where(const std::string& path, const NetworkPlantConfig& p) {
  return p.line > 0 ? fmt::format("{}:{}: [network.plants.{}]", path, p.line, p.id)
                    : fmt::format("{}: plant '{}'", path, p.id);
}

/// Nearest junction of the simulated network to (x, y), not a plant junction, among those where a
/// pipe of at least `min_inner_diameter_m` ends (0: any): twin index and distance.
std::pair<std::uint32_t, double> nearest_junction(const NetworkRun& run, const twin::Twin& twin, double x, double y,
                                                  double min_inner_diameter_m = 0.0) {
  const auto& j = twin.networks.junctions;
  std::unordered_set<std::uint32_t> sources(twin.networks.sources.supply_junction.begin(),
                                            twin.networks.sources.supply_junction.end());
  std::unordered_map<std::uint32_t, double> widest;  // twin junction → largest inner diameter of its pipes
  if (min_inner_diameter_m > 0.0) {
    const auto& pipes = twin.networks.pipes;
    for (const std::uint32_t p : run.pipe_twin_index) {
      if (p >= pipes.size()) continue;
      for (const std::uint32_t k : {pipes.from_junction[p], pipes.to_junction[p]})
        widest[k] = std::max(widest[k], pipes.inner_diameter_m[p]);
    }
  }
  std::uint32_t best = NO_FEED_IN_JUNCTION;
  double best_d = std::numeric_limits<double>::infinity();
  for (const std::uint32_t k : run.junction_twin_index) {
    if (k >= j.size() || sources.contains(k)) continue;
    if (min_inner_diameter_m > 0.0 && widest[k] < min_inner_diameter_m - 1e-9) continue;
    const double d = std::hypot(j.x_m[k] - x, j.y_m[k] - y);
    if (d < best_d) {
      best_d = d;
      best = k;
    }
  }
  return {best, best_d};
}

/// Index of the potentials feature `id` (InputError naming the plant otherwise).
std::size_t feature_of(const twin::PotentialSet* potentials, const std::string& id, const std::string& where) {
  HEATTWIN_CHECK(potentials != nullptr && potentials->size() > 0,
                 "{}: potential = \"{}\" needs a potentials layer ([data] potentials)", where, id);
  const auto it = std::find(potentials->id.begin(), potentials->id.end(), id);
  HEATTWIN_CHECK(it != potentials->id.end(), "{}: potential \"{}\" is not a feature of {}", where, id,
                 potentials->path);
  const auto f = static_cast<std::size_t>(it - potentials->id.begin());
  HEATTWIN_CHECK(potentials->is_point[f] != 0,
                 "{}: potential \"{}\" of {} is not a point (a network plant feeds at one point; give x and y)", where,
                 id, potentials->path);
  return f;
}

/// The kinds of point potential a network draws on as plants.
bool network_kind(twin::PotentialKind kind) {
  return kind == twin::PotentialKind::waste_heat || kind == twin::PotentialKind::waste_water ||
         kind == twin::PotentialKind::surface_water;
}

/// Heat-pump output per unit of source heat at the network's supply temperature: COP/(COP − 1).
double output_per_source_heat(const ec::TechnologyCatalogue& catalogue, double source_t_c, double supply_t_c) {
  const double cop =
      sp::heat_pump_cop(sp::HeatPumpModel::from_catalogue(catalogue, "large_heat_pump"), source_t_c, supply_t_c);
  return cop > 1.0 ? cop / (cop - 1.0) : 1.0;
}

/// Designed networks with feed-ins: pipes of `fed` above the velocity or specific pressure-drop
/// limit get the smallest EN 253 size that holds both at their peak flow of the year with the
/// feed-ins (in `networks`, supply side). Returns how many were enlarged. O(pipes × sizes).
std::size_t upsize_for_feed_ins(const NetworkRun& fed, const NetworkScenario& s, twin::NetworkSet& networks) {
  const auto& sizes = net::en253_pipe_sizes();
  const net::FluidProperties water = net::FluidProperties::water();
  const double t_k = 0.5 * (s.t_supply_c + s.t_return_c) + twin::ZERO_CELSIUS_K;
  net::SizingOptions sizing;
  sizing.max_pressure_gradient_pa_per_m = s.max_pressure_gradient_pa_per_m;
  sizing.max_velocity_m_per_s = s.max_velocity_m_per_s;
  const auto& r = fed.series;
  std::size_t upsized = 0;
  for (std::size_t k = 0; k < fed.pipe_twin_index.size() && k < r.peak_mdot_kg_per_s.size(); ++k) {
    const bool fast = r.peak_velocity_m_per_s[k] > s.max_velocity_m_per_s;
    const bool steep = k < r.peak_pressure_gradient_pa_per_m.size() &&
                       r.peak_pressure_gradient_pa_per_m[k] > s.max_pressure_gradient_pa_per_m;
    if (!fast && !steep) continue;
    const std::uint32_t t = fed.pipe_twin_index[k];
    const auto choice =
        net::choose_pipe_size(r.peak_mdot_kg_per_s[k], water.density_kg_per_m3(t_k), water.viscosity_pa_s(t_k),
                              networks.pipes.roughness_mm[t] / 1000.0, sizes, sizing);
    const double d = sizes[choice.index].inner_diameter_m;
    if (d > networks.pipes.inner_diameter_m[t] + 1e-9) {
      networks.pipes.inner_diameter_m[t] = d;
      ++upsized;
    }
  }
  return upsized;
}

}  // namespace

namespace detail {

void parse_plant_site(const std::string& path, const std::string& name, const toml::table& t, NetworkPlantConfig& p) {
  HEATTWIN_CHECK(t.contains("x") == t.contains("y"), "{}:{}: [{}] give both x and y (the feed-in point)", path, p.line,
                 name);
  HEATTWIN_CHECK(!(t.contains("x") && t.contains("potential")), "{}:{}: [{}] give x and y or potential, not both", path,
                 p.line, name);
  p.x_m = scenario_number(path, t, name, "x", p.x_m);
  p.y_m = scenario_number(path, t, name, "y", p.y_m);
  if (const toml::node* n = t.get("potential")) {
    const auto* v = n->as_string();
    HEATTWIN_CHECK(v != nullptr && !v->get().empty(), "{}:{}: [{}] potential must be a feature id of [data] potentials",
                   path, n->source().begin.line, name);
    p.potential = v->get();
  }
  if (const toml::node* n = t.get("holds_pressure")) {
    const auto v = n->is_boolean() ? n->value<bool>() : std::nullopt;
    HEATTWIN_CHECK(v.has_value(), "{}:{}: [{}] holds_pressure must be true or false", path, n->source().begin.line,
                   name);
    p.holds_pressure = *v;
  }
}

void parse_network_plant_keys(const std::string& path, const toml::table& t, NetworkSupplyConfig& c) {
  c.feed_in_max_distance_m = scenario_number(path, t, "network", "feed_in_max_distance_m", c.feed_in_max_distance_m);
  if (const toml::node* n = t.get("potential_plants")) {
    const auto v = n->is_boolean() ? n->value<bool>() : std::nullopt;
    HEATTWIN_CHECK(v.has_value(), "{}:{}: [network] potential_plants must be true or false", path,
                   n->source().begin.line);
    c.potential_plants = *v;
  }
  c.potential_full_load_hours =
      scenario_number(path, t, "network", "potential_full_load_hours", c.potential_full_load_hours);
  c.potential_min_source_t_c =
      scenario_number(path, t, "network", "potential_min_source_t_c", c.potential_min_source_t_c);
  std::size_t holders = 0;
  for (const NetworkPlantConfig& p : c.plants) {
    if (p.holds_pressure.value_or(false)) {
      ++holders;
      HEATTWIN_CHECK(std::isnan(p.x_m) && p.potential.empty(),
                     "{}:{}: [network.plants.{}] the pressure-holding plant stands at the network's plant junction; "
                     "give a location (x, y or potential) to the other plants only",
                     path, p.line, p.id);
    }
  }
  HEATTWIN_CHECK(holders <= 1,
                 "{}: [network.plants] {} plants have holds_pressure = true; one plant holds the pressure", path,
                 holders);
  const bool unlocated = std::any_of(c.plants.begin(), c.plants.end(),
                                     [](const auto& p) { return std::isnan(p.x_m) && p.potential.empty(); });
  HEATTWIN_CHECK(c.plants.empty() || unlocated,
                 "{}: [network.plants] every plant has a location; one plant (without x, y or potential) stands at "
                 "the network's plant junction and holds the pressure",
                 path);
}

}  // namespace detail

bool NetworkPlantSites::any_located() const {
  return std::any_of(junction_twin.begin(), junction_twin.end(), [](auto j) { return j != NO_FEED_IN_JUNCTION; });
}

std::vector<net::DhFeedIn> model_feed_ins(const NetworkScenario& s, const net::TwinNetworkModel& m) {
  std::vector<net::DhFeedIn> out;
  if (s.feed_ins.empty()) return out;
  std::unordered_map<std::uint32_t, std::uint32_t> junction_of;
  for (std::size_t k = 0; k < m.junction_twin_index.size(); ++k)
    junction_of[m.junction_twin_index[k]] = static_cast<std::uint32_t>(k);
  for (const NetworkFeedInPlan& f : s.feed_ins) {
    const auto it = junction_of.find(f.junction_twin);
    HEATTWIN_CHECK(it != junction_of.end(),
                   "[network] feed-in plant '{}': its junction is not part of the network simulated this year", f.id);
    out.push_back({f.id, it->second, f.heat_kw});
  }
  HEATTWIN_CHECK(!s.operation.plug_flow,
                 "[network] thermal_dynamics = \"plug-flow\" supports one plant; the feed-in plants ({} …) need the "
                 "quasi-static year",
                 out.front().id);
  return out;
}

NetworkPlantSites site_network_plants(const NetworkScenario& s, const std::string& path, const NetworkRun& run,
                                      const twin::Twin& twin, const twin::PotentialSet* potentials,
                                      const ec::TechnologyCatalogue& catalogue) {
  const NetworkSupplyConfig& config = s.supply;
  NetworkPlantSites out;
  out.supply = config;
  std::vector<NetworkPlantConfig>& plants = out.supply.plants;
  std::unordered_set<std::string> used_features;
  // The scenario's located plants.
  for (NetworkPlantConfig& p : plants) {
    if (p.potential.empty()) continue;
    const std::string where = plant_where(path, p);
    const std::size_t f = feature_of(potentials, p.potential, where);
    used_features.insert(p.potential);
    p.x_m = potentials->x_m[f];
    p.y_m = potentials->y_m[f];
    p.annual_cap_mwh = potentials->capacity_mwh_per_a[f];
    p.source_kind = std::string(twin::potential_kind_name(static_cast<twin::PotentialKind>(potentials->kind[f])));
    p.potential_temperature_c = potentials->temperature_c[f];
    if (p.kind == sp::PlantKind::heat_pump && p.source_outdoor_air) {
      const double t = potentials->temperature_c[f];
      HEATTWIN_CHECK(std::isfinite(t) && t >= 0.0,
                     "{}: potential \"{}\" of {} has temperature_c {}; a heat pump drawing on it needs a source "
                     "temperature ≥ 0 °C",
                     where, p.potential, potentials->path, t);
      p.source_outdoor_air = false;
      p.source_t_c = t;
    }
    if (p.kind == sp::PlantKind::heat_pump) {
      p.annual_cap_mwh *= output_per_source_heat(catalogue, p.source_t_c, s.t_supply_c);
    }
    if (p.kind == sp::PlantKind::waste_heat) {
      const double t = potentials->temperature_c[f];
      HEATTWIN_CHECK(std::isnan(t) || t >= s.t_supply_c,
                     "{}: potential \"{}\" of {} has temperature_c {}, below the network's supply temperature {} °C: "
                     "direct waste heat cannot feed it (give kind = \"heat_pump\")",
                     where, p.potential, potentials->path, t, s.t_supply_c);
    }
  }
  // Point potentials near the network.
  if (config.potential_plants && potentials != nullptr) {
    std::vector<NetworkPlantConfig> added;
    for (std::size_t f = 0; f < potentials->size(); ++f) {
      const auto kind = static_cast<twin::PotentialKind>(potentials->kind[f]);
      if (!network_kind(kind) || potentials->is_point[f] == 0 || used_features.contains(potentials->id[f])) continue;
      NetworkPotentialPlant c;
      c.feature = potentials->id[f];
      c.kind = std::string(twin::potential_kind_name(kind));
      c.capacity_mwh_per_a = potentials->capacity_mwh_per_a[f];
      c.temperature_c = potentials->temperature_c[f];
      c.distance_m = nearest_junction(run, twin, potentials->x_m[f], potentials->y_m[f]).second;
      if (c.distance_m > config.feed_in_max_distance_m) {
        c.reason = fmt::format("too far: {:.0f} m from the network (feed_in_max_distance_m = {:.0f} m)", c.distance_m,
                               config.feed_in_max_distance_m);
      } else if (!(c.capacity_mwh_per_a > 0.0)) {
        c.reason = "too small: no annual energy (capacity_mwh_per_a = 0)";
      } else if (std::isnan(c.temperature_c)) {
        c.reason = "no temperature_c: neither direct use nor a heat pump's source can be judged";
      } else if (c.temperature_c < config.potential_min_source_t_c) {
        c.reason = fmt::format("too cold: {:.1f} °C below potential_min_source_t_c = {:.1f} °C", c.temperature_c,
                               config.potential_min_source_t_c);
      }
      if (c.reason.empty()) {
        NetworkPlantConfig p;
        p.id = "potential_" + c.feature;
        p.x_m = potentials->x_m[f];
        p.y_m = potentials->y_m[f];
        p.potential = c.feature;
        p.source_kind = c.kind;
        p.potential_temperature_c = c.temperature_c;
        p.from_potential_candidate = true;
        p.holds_pressure = false;
        if (c.temperature_c >= s.t_supply_c) {
          p.kind = sp::PlantKind::waste_heat;
          p.technology = "waste_heat";
          p.fuel = ec::Carrier::waste_heat;
          p.annual_cap_mwh = c.capacity_mwh_per_a;
        } else {
          p.kind = sp::PlantKind::heat_pump;
          p.technology = "large_heat_pump";
          p.fuel = ec::Carrier::electricity;
          p.source_outdoor_air = false;
          p.source_t_c = c.temperature_c;
          p.annual_cap_mwh = c.capacity_mwh_per_a * output_per_source_heat(catalogue, c.temperature_c, s.t_supply_c);
        }
        p.capacity_kw = p.annual_cap_mwh * 1000.0 / config.potential_full_load_hours;
        c.plant = p.id;
        added.push_back(std::move(p));
      }
      out.potential_plants.push_back(std::move(c));
    }
    // Plants from potentials first (ties in the merit order go to them), then the scenario's.
    plants.insert(plants.begin(), added.begin(), added.end());
  }
  // The pressure-holding plant: the one marked, else the first without a location.
  std::size_t holder = plants.size();
  for (std::size_t k = 0; k < plants.size() && holder == plants.size(); ++k) {
    if (plants[k].holds_pressure.value_or(false)) holder = k;
  }
  for (std::size_t k = 0; k < plants.size() && holder == plants.size(); ++k) {
    if (std::isnan(plants[k].x_m) && !plants[k].holds_pressure.has_value()) holder = k;
  }
  out.sites.resize(plants.size());
  out.junction_twin.assign(plants.size(), NO_FEED_IN_JUNCTION);
  out.connection_inner_diameter_m.assign(plants.size(), 0.0);
  const auto& sizes = net::en253_pipe_sizes();
  const net::FluidProperties water = net::FluidProperties::water();
  const double t_mean_k = 0.5 * (s.t_supply_c + s.t_return_c) + twin::ZERO_CELSIUS_K;
  for (std::size_t k = 0; k < plants.size(); ++k) {
    const NetworkPlantConfig& p = plants[k];
    NetworkPlantSite& site = out.sites[k];
    site.holds_pressure = k == holder;
    site.potential = p.potential;
    site.potential_kind = p.source_kind;
    site.potential_temperature_c = p.potential_temperature_c;
    if (!p.potential.empty() && std::isfinite(p.annual_cap_mwh)) {
      const auto it = std::find(potentials->id.begin(), potentials->id.end(), p.potential);
      site.potential_capacity_mwh_per_a =
          potentials->capacity_mwh_per_a[static_cast<std::size_t>(it - potentials->id.begin())];
    }
    if (std::isnan(p.x_m) || k == holder) continue;
    // Connection pipe: sized like the design's pipes for the plant's flow at its capacity (a
    // capacity by share: of the run's peak plant heat).
    const double capacity_kw = std::isfinite(p.capacity_kw)      ? p.capacity_kw
                               : std::isfinite(p.capacity_share) ? p.capacity_share * run.summary.peak_plant_heat_kw
                                                                 : run.summary.peak_plant_heat_kw;
    const double mdot = capacity_kw * 1000.0 / (water.cp_j_per_kgk(t_mean_k) * (s.t_supply_c - s.t_return_c));
    net::SizingOptions sizing;
    sizing.max_pressure_gradient_pa_per_m = s.max_pressure_gradient_pa_per_m;
    sizing.max_velocity_m_per_s = s.max_velocity_m_per_s;
    const auto choice = net::choose_pipe_size(mdot, water.density_kg_per_m3(t_mean_k), water.viscosity_pa_s(t_mean_k),
                                              net::NetworkDesignOptions{}.roughness_m, sizes, sizing);
    // The nearest junction on a pipe at least as wide as the connection (a main that can take the
    // plant's flow, not the end of a house connection); the nearest of all if none is.
    auto [junction, distance] = nearest_junction(run, twin, p.x_m, p.y_m, sizes[choice.index].inner_diameter_m);
    if (junction == NO_FEED_IN_JUNCTION) std::tie(junction, distance) = nearest_junction(run, twin, p.x_m, p.y_m);
    HEATTWIN_CHECK(junction != NO_FEED_IN_JUNCTION && distance <= config.feed_in_max_distance_m,
                   "{}: the plant's location ({:.1f}, {:.1f}) is {:.0f} m from the nearest junction of the network "
                   "'{}' that can take its flow (feed_in_max_distance_m = {:.0f} m)",
                   plant_where(path, p), p.x_m, p.y_m, distance, s.name, config.feed_in_max_distance_m);
    site.located = true;
    site.x_m = p.x_m;
    site.y_m = p.y_m;
    site.junction_id = std::string(twin.networks.junctions.id[junction]);
    site.connection_length_m = distance;
    out.junction_twin[k] = junction;
    site.connection_dn = sizes[choice.index].dn;
    out.connection_inner_diameter_m[k] = sizes[choice.index].inner_diameter_m;
  }
  return out;
}

NetworkSupplyYear evaluate_network_with_plants(
    const NetworkScenario& year_network, const std::string& path, NetworkRun& run, const NetworkRerun& rerun,
    const twin::PotentialSet* potentials, const ec::TechnologyCatalogue& catalogue, const ec::CarrierData& carriers,
    const solvers::demand::HourlyWeather& weather, double design_peak_kw, int year) {
  const NetworkPlantSites sited = site_network_plants(year_network, path, run, rerun.twin, potentials, catalogue);
  NetworkScenario scenario = year_network;
  scenario.supply = sited.supply;
  const auto fill_sites = [&](NetworkSupplyYear& y) {
    for (std::size_t k = 0; k < y.plants.size() && k < sited.sites.size(); ++k) y.plants[k].site = sited.sites[k];
    y.potential_plants = sited.potential_plants;
    for (NetworkPotentialPlant& c : y.potential_plants) {
      if (!c.reason.empty()) continue;
      for (const NetworkPlantYear& p : y.plants) {
        if (p.id == c.plant && p.dispatch.heat_mwh <= 0.0) c.reason = "not dispatched: dearer than the other plants";
      }
    }
  };
  NetworkSupplyYear first = evaluate_network_year(scenario, run, catalogue, carriers, weather, design_peak_kw, year);
  if (!sited.any_located() || !run.feed_in_id.empty()) {
    fill_sites(first);
    return first;
  }
  // Second pass: each located plant feeds its dispatched heat at its junction.
  const std::size_t np = first.plants.size();
  const std::size_t hours = first.dispatch.hours;
  NetworkScenario second = year_network;
  second.design.clear();
  second.store_in_twin = false;
  for (std::size_t k = 0; k < np; ++k) {
    if (sited.junction_twin[k] == NO_FEED_IN_JUNCTION) continue;
    NetworkFeedInPlan plan;
    plan.id = first.plants[k].id;
    plan.junction_twin = sited.junction_twin[k];
    plan.heat_kw.resize(hours);
    for (std::size_t h = 0; h < hours; ++h) plan.heat_kw[h] = first.dispatch.plant_heat_kw[h * np + k];
    second.feed_ins.push_back(std::move(plan));
  }
  NetworkRun fed = run_network(second, rerun.twin, rerun.twin_path, rerun.inputs);
  // A design (base year): pipes the feed-ins drive above the limits are enlarged and the year
  // simulated again (at most twice; later years simulate the enlarged network).
  std::size_t upsized = 0;
  for (int round = 0; round < 2 && !year_network.design.empty(); ++round) {
    const std::size_t n = upsize_for_feed_ins(fed, year_network, rerun.twin.networks);
    if (n == 0) break;
    upsized += n;
    fed = run_network(second, rerun.twin, rerun.twin_path, rerun.inputs);
  }
  fed.summary.pipes_upsized_for_feed_ins = upsized;
  keep_design_figures(run.summary, fed.summary);
  fed.summary.route_length_m = run.summary.route_length_m;
  fed.summary.street_length_m = run.summary.street_length_m;
  fed.summary.house_connection_length_m = run.summary.house_connection_length_m;
  fed.summary.heat_line_density_mwh_per_ma = run.summary.heat_line_density_mwh_per_ma;
  fed.pipe_heat_line_density_mwh_per_ma = run.pipe_heat_line_density_mwh_per_ma;
  for (std::size_t k = 0; k < np; ++k) {
    if (sited.junction_twin[k] == NO_FEED_IN_JUNCTION) continue;
    fed.connection_pipe_length_m.push_back(sited.sites[k].connection_length_m);
    fed.connection_pipe_inner_diameter_m.push_back(sited.connection_inner_diameter_m[k]);
    fed.feed_in_id.push_back(first.plants[k].id);
  }
  run = std::move(fed);
  NetworkSupplyYear y = evaluate_network_year(scenario, run, catalogue, carriers, weather, design_peak_kw, year);
  fill_sites(y);
  // What the hydraulics fed at each junction, and the pressure-holding plant's part.
  const auto& fi = run.series.feed_in;
  std::size_t f = 0;
  for (std::size_t k = 0; k < np; ++k) {
    NetworkPlantSite& site = y.plants[k].site;
    if (site.located) site.fed_in_mwh = f < fi.heat_mwh.size() ? fi.heat_mwh[f++] : site.fed_in_mwh;
    if (site.holds_pressure) site.fed_in_mwh = fi.pressure_plant_heat_mwh;
  }
  return y;
}

void write_plant_sites(const h5::Group& g, const NetworkSupplyYear& y) {
  std::vector<std::string> potential, potential_kind, junction;
  std::vector<double> cap, length, dn, fed, temperature;
  std::vector<std::uint8_t> holds, located;
  for (const NetworkPlantYear& p : y.plants) {
    potential.push_back(p.site.potential);
    potential_kind.push_back(p.site.potential_kind);
    junction.push_back(p.site.junction_id);
    cap.push_back(std::isfinite(p.annual_cap_mwh) ? p.annual_cap_mwh : std::numeric_limits<double>::quiet_NaN());
    length.push_back(p.site.connection_length_m);
    dn.push_back(p.site.connection_dn);
    fed.push_back(p.site.fed_in_mwh);
    temperature.push_back(p.site.potential_temperature_c);
    holds.push_back(p.site.holds_pressure ? 1 : 0);
    located.push_back(p.site.located ? 1 : 0);
  }
  g.write_strings("potential", potential,
                  {.description = "feature id of [data] potentials the plant draws on (empty: none)"});
  g.write_strings("potential_kind", potential_kind, {.description = "kind of that potential (empty: none)"});
  g.write("potential_temperature_c", temperature,
          {.unit = "degC", .description = "temperature of the potential (NaN: none)"});
  g.write("annual_cap_mwh", cap,
          {.unit = "MWh/a",
           .description = "most heat per year (the potential's energy; heat pumps × COP/(COP−1)); NaN: no cap"});
  g.write("holds_pressure", holds,
          {.unit = "1", .description = "1: holds pressure and supply temperature at the plant junction"});
  g.write("located", located,
          {.unit = "1", .description = "1: feeds at junction_id (a feed-in point), 0: at the plant junction"});
  g.write_strings("junction_id", junction, {.description = "network junction the plant feeds (located plants)"});
  g.write("connection_length_m", length, {.unit = "m", .description = "connection pipe plant → junction (priced)"});
  g.write("connection_dn", dn, {.unit = "1", .description = "EN 253 DN of the connection pipe (0: none)"});
  g.write("fed_in_mwh", fed,
          {.unit = "MWh/a",
           .description = "heat the hydraulic year fed at the plant's junction (pressure-holding plant: plant heat − "
                          "feed-ins); NaN: one-plant year"});
}

void write_potential_plants(const h5::Group& network, const NetworkSupplyYear& y) {
  if (y.potential_plants.empty()) return;
  h5::Group g = network.create_group("potential_plants");
  std::vector<std::string> feature, kind, plant, reason;
  std::vector<double> capacity, temperature, distance;
  for (const NetworkPotentialPlant& c : y.potential_plants) {
    feature.push_back(c.feature);
    kind.push_back(c.kind);
    plant.push_back(c.plant);
    reason.push_back(c.reason);
    capacity.push_back(c.capacity_mwh_per_a);
    temperature.push_back(c.temperature_c);
    distance.push_back(c.distance_m);
  }
  g.write_strings("id", feature, {.description = "feature id of the point potential in [data] potentials"});
  g.write_strings("kind", kind, {.description = "waste_heat | waste_water | surface_water"});
  g.write("capacity_mwh_per_a", capacity, {.unit = "MWh/a"});
  g.write("temperature_c", temperature, {.unit = "degC"});
  g.write("distance_m", distance, {.unit = "m", .description = "to the nearest network junction"});
  g.write_strings("plant", plant, {.description = "plant id in network/plants (empty: not a plant)"});
  g.write_strings("reason", reason, {.description = "why the network does not draw on it (empty: it does)"});
}

nlohmann::ordered_json network_plants_json(const NetworkYearSummary& y) {
  const auto number = [](double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(); };
  double total = 0.0;
  for (const NetworkPlantYear& p : y.plants) total += p.dispatch.heat_mwh;
  nlohmann::ordered_json plants = nlohmann::ordered_json::array();
  for (const NetworkPlantYear& p : y.plants) {
    plants.push_back({{"id", p.id},
                      {"kind", p.kind},
                      {"technology", p.technology},
                      {"capacity_kw", p.capacity_kw},
                      {"heat_mwh", p.dispatch.heat_mwh},
                      {"share", total > 0.0 ? p.dispatch.heat_mwh / total : 0.0},
                      {"annual_cap_mwh", number(p.annual_cap_mwh)},
                      {"potential", p.site.potential},
                      {"potential_kind", p.site.potential_kind},
                      {"holds_pressure", p.site.holds_pressure},
                      {"junction_id", p.site.junction_id},
                      {"connection_length_m", p.site.connection_length_m},
                      {"fed_in_mwh", number(p.site.fed_in_mwh)}});
  }
  nlohmann::ordered_json unused = nlohmann::ordered_json::object();
  for (const NetworkPotentialPlant& c : y.potential_plants) {
    if (!c.reason.empty()) unused[c.feature] = c.reason;
  }
  return {{"plants", plants}, {"potentials_not_drawn_on", unused}};
}

void add_network_draws(PotentialUse& use, const twin::PotentialSet& set, const NetworkSupplyYear& year) {
  for (const NetworkPlantYear& p : year.plants) {
    if (p.site.potential.empty()) continue;
    const auto it = std::find(set.id.begin(), set.id.end(), p.site.potential);
    if (it == set.id.end()) continue;
    const auto f = static_cast<std::size_t>(it - set.id.begin());
    const double drawn =
        p.kind == "heat_pump" ? std::max(0.0, p.dispatch.heat_mwh - p.dispatch.fuel_mwh) : p.dispatch.heat_mwh;
    if (f < use.feature_used_mwh_per_a.size()) {
      double& used = use.feature_used_mwh_per_a[f];
      used = (std::isnan(used) ? 0.0 : used) + drawn;
    }
    double& kind = use.used_mwh_per_a.at(set.kind[f]);
    kind = (std::isnan(kind) ? 0.0 : kind) + drawn;
  }
}

}  // namespace heattwin::scenarios
