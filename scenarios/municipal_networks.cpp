#include "scenarios/municipal_networks.hpp"

#include "scenarios/network_area.hpp"
#include "scenarios/network_toml.hpp"
#include "scenarios/schema_toml.hpp"
#include "solvers/network/twin_network.hpp"
#include "solvers/supply/individual.hpp"
#include "twin/error.hpp"
#include "twin/log.hpp"
#include "twin/parallel_errors.hpp"
#include "twin/twin_store.hpp"
#include "twin/types.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <numeric>
#include <unordered_map>
#include <utility>

namespace heattwin::scenarios {
namespace {

/// Index offsets of a network set appended to another.
struct NetworkSetOffsets {
  std::uint32_t names = 0, junctions = 0, pipes = 0, consumers = 0;
};

/// Appends every network of `from` to `into` (indices shifted); returns the offsets.
NetworkSetOffsets append_network_set(twin::NetworkSet& into, const twin::NetworkSet& from) {
  NetworkSetOffsets o{static_cast<std::uint32_t>(into.names.size()), static_cast<std::uint32_t>(into.junctions.size()),
                      static_cast<std::uint32_t>(into.pipes.size()), static_cast<std::uint32_t>(into.consumers.size())};
  into.names.insert(into.names.end(), from.names.begin(), from.names.end());
  const auto& j = from.junctions;
  for (std::size_t k = 0; k < j.size(); ++k) {
    into.junctions.id.push_back(j.id[k]);
    into.junctions.x_m.push_back(j.x_m[k]);
    into.junctions.y_m.push_back(j.y_m[k]);
    into.junctions.elevation_m.push_back(j.elevation_m[k]);
    into.junctions.network.push_back(o.names + j.network[k]);
  }
  const auto& p = from.pipes;
  for (std::size_t k = 0; k < p.size(); ++k) {
    into.pipes.id.push_back(p.id[k]);
    into.pipes.from_junction.push_back(o.junctions + p.from_junction[k]);
    into.pipes.to_junction.push_back(o.junctions + p.to_junction[k]);
    into.pipes.length_m.push_back(p.length_m[k]);
    into.pipes.inner_diameter_m.push_back(p.inner_diameter_m[k]);
    into.pipes.roughness_mm.push_back(p.roughness_mm[k]);
    into.pipes.heat_loss_w_per_mk.push_back(p.heat_loss_w_per_mk[k]);
    into.pipes.burial_depth_m.push_back(p.burial_depth_m[k]);
    into.pipes.side.push_back(p.side[k]);
  }
  const auto& c = from.consumers;
  for (std::size_t k = 0; k < c.size(); ++k) {
    into.consumers.id.push_back(c.id[k]);
    into.consumers.building.push_back(c.building[k]);
    into.consumers.supply_junction.push_back(o.junctions + c.supply_junction[k]);
    into.consumers.return_junction.push_back(o.junctions + c.return_junction[k]);
    into.consumers.design_heat_kw.push_back(c.design_heat_kw[k]);
  }
  const auto& s = from.sources;
  for (std::size_t k = 0; k < s.size(); ++k) {
    into.sources.id.push_back(s.id[k]);
    into.sources.supply_junction.push_back(o.junctions + s.supply_junction[k]);
    into.sources.return_junction.push_back(o.junctions + s.return_junction[k]);
    into.sources.t_supply_c.push_back(s.t_supply_c[k]);
    into.sources.pressure_lift_bar.push_back(s.pressure_lift_bar[k]);
  }
  return o;
}

/// Shifts a run's twin indices by the offsets of its set's merge.
void shift_indices(NetworkRun& run, const NetworkSetOffsets& o) {
  run.network_index += o.names;
  for (auto& v : run.junction_twin_index) v += o.junctions;
  for (auto& v : run.pipe_twin_index) v += o.pipes;
  for (auto& v : run.consumer_twin_index) v += o.consumers;
}

std::string network_name(const NetworkScenario& s, const std::string& ags) { return fmt::format("{}_{}", s.name, ags); }

}  // namespace

namespace detail {

void parse_municipal_network_keys(const std::string& path, const toml::table& t, NetworkScenario& s) {
  if (const toml::node* d = t.get("design")) {
    const auto* v = d->as_string();
    s.per_municipality = v != nullptr && v->get() == "per-municipality";
  }
  if (const toml::node* node = t.get("min_densest_cell_mwh_per_ha")) {
    const double v = scenario_number(path, t, "network", "min_densest_cell_mwh_per_ha", s.min_densest_cell_mwh_per_ha);
    HEATTWIN_CHECK(s.per_municipality,
                   "{}:{}: [network] 'min_densest_cell_mwh_per_ha' applies to design = \"per-municipality\" only", path,
                   node->source().begin.line);
    s.min_densest_cell_mwh_per_ha = v;
  }
}

}  // namespace detail

bool municipality_in_region(const twin::RegionHierarchy& regions, std::uint32_t m, std::string_view key) {
  if (m >= regions.municipalities.size()) return false;
  const twin::Municipality& municipality = regions.municipalities[m];
  if (municipality.ags == key) return true;
  return key.size() == 5 && municipality.kreis < regions.kreise.size() && regions.kreise[municipality.kreis].ags == key;
}

void MunicipalNetworks::run_year(const NetworkScenario& s, twin::Twin& twin, const std::string& twin_path,
                                 const NetworkDemandInputs& in,
                                 const solvers::economics::TechnologyCatalogue& catalogue,
                                 const solvers::economics::CarrierData& carriers,
                                 const solvers::demand::HourlyWeather& weather, int year, bool base_year) {
  const auto start = std::chrono::steady_clock::now();
  auto log = logger("scenarios.network");
  const auto& b = twin.buildings;
  const auto& zones = in.model.twin_index;
  const std::size_t n = zones.size();
  const std::size_t municipalities = twin.regions.municipalities.size();
  twin::ParallelErrors errors;
  // Twin building → zone, once for every network of the year (not once per network).
  std::unordered_map<std::uint32_t, std::size_t> zone_of;
  zone_of.reserve(n);
  for (std::size_t k = 0; k < n; ++k) zone_of.emplace(zones[k], k);
  if (base_year) {
    networks_.clear();
    base_year_ = year;
    // Computed buildings and the heat of each (municipality, 100 m cell).
    std::vector<std::size_t> buildings_of(municipalities, 0);
    std::map<std::pair<std::uint32_t, std::uint32_t>, double> cell_heat_kwh;
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t i = zones[k];
      const std::uint32_t m = b.municipality[i];
      if (m >= municipalities) continue;
      ++buildings_of[m];
      const double hot_water = std::isfinite(in.annual_hot_water_kwh[k]) ? in.annual_hot_water_kwh[k] : 0.0;
      if (b.grid_cell[i] < twin.grid.size()) cell_heat_kwh[{m, b.grid_cell[i]}] += in.annual_heating_kwh[k] + hot_water;
    }
    std::vector<double> densest_mwh_per_ha(municipalities, 0.0);
    for (const auto& [key, kwh] : cell_heat_kwh) {
      densest_mwh_per_ha[key.first] = std::max(densest_mwh_per_ha[key.first], kwh / 1000.0);  // a cell is 1 ha
    }
    std::vector<std::uint32_t> order;
    municipalities_with_buildings_ = 0;
    for (std::uint32_t m = 0; m < municipalities; ++m) {
      if (buildings_of[m] == 0) continue;
      ++municipalities_with_buildings_;
      if (densest_mwh_per_ha[m] >= s.min_densest_cell_mwh_per_ha) order.push_back(m);
    }
    HEATTWIN_CHECK(municipalities_with_buildings_ > 0,
                   "[network] design = \"per-municipality\": no computed building of the twin {} lies in a "
                   "municipality of its regions table",
                   twin_path);
    // Biggest first: the longest tasks start first, so that the dynamic schedule ends evenly.
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t c) { return buildings_of[a] > buildings_of[c]; });
    networks_.resize(order.size());
    std::vector<twin::NetworkSet> designed(order.size());
    const auto count = static_cast<std::ptrdiff_t>(order.size());
#pragma omp parallel for schedule(dynamic, 1)
    for (std::ptrdiff_t t = 0; t < count; ++t) {
      errors.run(t, [&] {
        const std::uint32_t m = order[static_cast<std::size_t>(t)];
        MunicipalNetwork& net = networks_[static_cast<std::size_t>(t)];
        net.municipality = m;
        net.ags = twin.regions.municipalities[m].ags;
        net.municipality_name = twin.regions.municipalities[m].name;
        net.computed_buildings = buildings_of[m];
        std::vector<std::uint8_t> in_area(n, 0);
        for (std::size_t k = 0; k < n; ++k) in_area[k] = b.municipality[zones[k]] == m ? 1 : 0;
        NetworkScenario local = s;
        local.name = network_name(s, net.ags);
        local.store_in_twin = false;
        local.connected_share = 1.0;  // the design and the plants' peak: every consumer
        twin::NetworkSet& own = designed[static_cast<std::size_t>(t)];
        net.run = detail::run_network_in_zones(local, twin, own, twin_path, in, in_area, &zone_of);
        net.design_peak_kw = net.run.summary.peak_plant_heat_kw;
        if (s.connected_share < 1.0) {  // connection over time: the part connected in the base year
          const NetworkSummary design = net.run.summary;
          local.design.clear();
          local.connected_share = s.connected_share;
          net.run = detail::run_network_in_zones(local, twin, own, twin_path, in, {}, &zone_of);
          keep_design_figures(design, net.run.summary);
        }
      });
    }
    errors.rethrow_first();
    // Into the twin's networks in the fixed order (a design of an earlier run is replaced).
    for (const MunicipalNetwork& net : networks_) solvers::network::remove_network(twin.networks, net.run.summary.name);
    for (std::size_t t = 0; t < networks_.size(); ++t) {
      shift_indices(networks_[t].run, append_network_set(twin.networks, designed[t]));
    }
    base_routing_ = networks_.empty() ? std::string() : networks_.front().run.summary.routing;
    if (s.store_in_twin && !networks_.empty()) {
      // Only the networks change: the typology values the run filled in memory stay out of the file.
      twin::Twin stored = twin::load_twin(twin_path);
      stored.networks = twin.networks;
      twin::save_twin(stored, twin_path);
      for (MunicipalNetwork& net : networks_) net.run.summary.stored_in_twin = true;
    }
    log->info("networks per municipality: {} of {} municipalities have a cell of ≥ {} MWh/(ha·a); designed",
              order.size(), municipalities_with_buildings_, s.min_densest_cell_mwh_per_ha);
  } else if (s.simulate_every_year) {
    // The stored networks with this year's demand (the twin's networks are only read here).
    const auto count = static_cast<std::ptrdiff_t>(networks_.size());
#pragma omp parallel for schedule(dynamic, 1)
    for (std::ptrdiff_t t = 0; t < count; ++t) {
      errors.run(t, [&] {
        MunicipalNetwork& net = networks_[static_cast<std::size_t>(t)];
        NetworkScenario local = s;
        local.design.clear();
        local.name = net.run.summary.name;
        local.store_in_twin = false;
        net.run = detail::run_network_in_zones(local, twin, twin.networks, twin_path, in, {}, &zone_of);
        net.run.summary.routing = fmt::format("{} (base year {})", base_routing_, base_year_);
      });
    }
    errors.rethrow_first();
  }
  // The supply of the year: each network's plants against its own hourly plant heat.
  const auto count = static_cast<std::ptrdiff_t>(networks_.size());
#pragma omp parallel for schedule(dynamic, 1)
  for (std::ptrdiff_t t = 0; t < count; ++t) {
    errors.run(t, [&] {
      MunicipalNetwork& net = networks_[static_cast<std::size_t>(t)];
      net.supply = evaluate_network_year(s, net.run, catalogue, carriers, weather, net.design_peak_kw, year);
    });
  }
  errors.rethrow_first();
  network_of_building_.clear();
  for (std::size_t t = 0; t < networks_.size(); ++t) {
    for (const std::uint32_t building : networks_[t].run.consumer_building) network_of_building_.emplace(building, t);
  }
  seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

NetworkSummary MunicipalNetworks::summary() const {
  NetworkSummary sum;
  sum.name = fmt::format("{} networks, one per municipality ({} municipalities with computed buildings)",
                         networks_.size(), municipalities_with_buildings_);
  sum.routing = networks_.empty() ? "no municipality qualifies" : networks_.front().run.summary.routing;
  sum.designed = true;
  sum.stored_in_twin = !networks_.empty();
  for (const MunicipalNetwork& net : networks_) {
    const NetworkSummary& s = net.run.summary;
    if (sum.densest_cell.empty()) sum.densest_cell = s.densest_cell;
    sum.densest_cell_mwh_per_ha = std::max(sum.densest_cell_mwh_per_ha, s.densest_cell_mwh_per_ha);
    sum.candidates += s.candidates;
    sum.consumers += s.consumers;
    sum.consumers_designed += s.consumers_designed;
    sum.consumers_pruned += s.consumers_pruned;
    sum.consumers_without_demand += s.consumers_without_demand;
    sum.pipes += s.pipes;
    sum.junctions += s.junctions;
    sum.route_length_m += s.route_length_m;
    sum.street_length_m += s.street_length_m;
    sum.house_connection_length_m += s.house_connection_length_m;
    sum.undersized_pipes += s.undersized_pipes;
    sum.plant_heat_mwh += s.plant_heat_mwh;
    sum.delivered_mwh += s.delivered_mwh;
    sum.heat_loss_mwh += s.heat_loss_mwh;
    sum.pump_energy_mwh += s.pump_energy_mwh;
    sum.peak_plant_heat_kw += s.peak_plant_heat_kw;  // the sum of the networks' own peaks
    sum.energy_balance_error_mwh += s.energy_balance_error_mwh;
    sum.max_velocity_m_per_s = std::max(sum.max_velocity_m_per_s, s.max_velocity_m_per_s);
    sum.unconverged_hours += s.unconverged_hours;
    sum.consumer_hours_below_min_supply += s.consumer_hours_below_min_supply;
    sum.stored_in_twin = sum.stored_in_twin && s.stored_in_twin;
    sum.bypass_return_heat_mwh += s.bypass_return_heat_mwh;
    sum.design_pump_power_kw += s.design_pump_power_kw;
    sum.max_pump_power_kw += s.max_pump_power_kw;
    sum.pump_head_bar = std::max(sum.pump_head_bar, s.pump_head_bar);
    sum.pump_head_m = std::max(sum.pump_head_m, s.pump_head_m);
    sum.critical_path_pressure_drop_bar =
        std::max(sum.critical_path_pressure_drop_bar, s.critical_path_pressure_drop_bar);
  }
  sum.connected_share = sum.consumers_designed > 0
                            ? static_cast<double>(sum.consumers) / static_cast<double>(sum.consumers_designed)
                            : 1.0;
  sum.heat_line_density_mwh_per_ma = sum.route_length_m > 0.0 ? sum.delivered_mwh / sum.route_length_m : 0.0;
  sum.heat_loss_share = sum.plant_heat_mwh > 0.0 ? sum.heat_loss_mwh / sum.plant_heat_mwh : 0.0;
  sum.seconds = seconds_;
  return sum;
}

std::optional<NetworkYearSummary> MunicipalNetworks::year_summary() const {
  if (networks_.empty()) return std::nullopt;
  NetworkYearSummary all;
  all.meets_wpg_target = true;
  double renewable_mwh = 0.0, cost_eur = 0.0;
  for (const MunicipalNetwork& net : networks_) {
    if (!net.supply) continue;
    const NetworkYearSummary y = network_year_summary(*net.supply);
    add_network_run_figures(net.run.summary, *net.supply, all);
    all.wpg_target_share = y.wpg_target_share;
    all.meets_wpg_target = all.meets_wpg_target && y.meets_wpg_target;
    all.plant_heat_mwh += y.plant_heat_mwh;
    all.heat_sold_mwh += y.heat_sold_mwh;
    all.unmet_mwh += y.unmet_mwh;
    all.co2_t += y.co2_t;
    renewable_mwh += y.renewable_share * y.plant_heat_mwh;
    if (std::isfinite(y.lcoh_eur_per_mwh)) cost_eur += y.lcoh_eur_per_mwh * y.heat_sold_mwh;
    for (const auto& [id, mwh] : y.plant_heat_mwh_by_plant) {
      const auto it = std::find_if(all.plant_heat_mwh_by_plant.begin(), all.plant_heat_mwh_by_plant.end(),
                                   [&](const auto& p) { return p.first == id; });
      if (it == all.plant_heat_mwh_by_plant.end()) {
        all.plant_heat_mwh_by_plant.emplace_back(id, mwh);
      } else {
        it->second += mwh;
      }
    }
  }
  finish_network_run_figures(all);
  all.renewable_share = all.plant_heat_mwh > 0.0 ? renewable_mwh / all.plant_heat_mwh : 0.0;
  all.lcoh_eur_per_mwh = all.heat_sold_mwh > 0.0 ? cost_eur / all.heat_sold_mwh : 0.0;
  all.co2_g_per_kwh = all.heat_sold_mwh > 0.0 ? all.co2_t * 1000.0 / all.heat_sold_mwh : 0.0;  // t/MWh → g/kWh
  return all;
}

std::size_t MunicipalNetworks::mark_supplied(std::span<const std::uint32_t> twin_index, bool supplied_this_year,
                                             int year, std::vector<std::uint8_t>& on_network,
                                             std::vector<std::uint8_t>& existing_option,
                                             std::vector<std::int32_t>& install_year) const {
  if (!supplied_this_year || networks_.empty()) return 0;
  std::unordered_map<std::uint32_t, std::size_t> row_of_twin;
  for (std::size_t k = 0; k < twin_index.size(); ++k) row_of_twin.emplace(twin_index[k], k);
  std::size_t marked = 0;
  for (const MunicipalNetwork& net : networks_) {
    if (!net.supply) continue;
    for (const std::uint32_t building : net.run.consumer_building) {
      const auto it = row_of_twin.find(building);
      if (it == row_of_twin.end() || on_network[it->second] != 0) continue;
      on_network[it->second] = 1;
      existing_option[it->second] = static_cast<std::uint8_t>(solvers::supply::IndividualOption::district_heating);
      install_year[it->second] = year;
      ++marked;
    }
  }
  return marked;
}

double MunicipalNetworks::co2_g_per_kwh_sold(std::uint32_t building) const {
  const auto it = network_of_building_.find(building);
  if (it == network_of_building_.end()) return 0.0;
  const MunicipalNetwork& net = networks_[it->second];
  return net.supply ? net.supply->co2_g_per_kwh_sold : 0.0;
}

MunicipalCellNetworkInputs MunicipalNetworks::cell_inputs(const twin::Twin& twin, const CellNetworkQuery& cells,
                                                          std::span<const std::uint32_t> zone_twin_index,
                                                          double district_heat_price_eur_per_mwh,
                                                          double connection_rate) const {
  MunicipalCellNetworkInputs out;
  CellNetworkSource none;
  none.district_heat_price_eur_per_mwh = district_heat_price_eur_per_mwh;
  out.cells = cell_network_inputs(twin, cells, none);
  const std::size_t rows = cells.grid_cell.size();
  out.network_of_row.assign(rows, std::string());
  if (networks_.empty()) return out;
  // The municipality of each grid cell: that of its first computed building.
  std::vector<std::uint32_t> municipality_of_cell(twin.grid.size(), NO_INDEX);
  for (const std::uint32_t i : zone_twin_index) {
    const std::uint32_t c = twin.buildings.grid_cell[i];
    if (c < municipality_of_cell.size() && municipality_of_cell[c] == NO_INDEX) {
      municipality_of_cell[c] = twin.buildings.municipality[i];
    }
  }
  std::unordered_map<std::uint32_t, std::vector<std::size_t>> rows_of_municipality;
  for (std::size_t r = 0; r < rows; ++r) {
    const std::uint32_t c = cells.grid_cell[r];
    if (c < municipality_of_cell.size()) rows_of_municipality[municipality_of_cell[c]].push_back(r);
  }
  for (const MunicipalNetwork& net : networks_) {
    if (!net.supply) continue;
    const auto it = rows_of_municipality.find(net.municipality);
    if (it == rows_of_municipality.end()) continue;
    const std::vector<std::size_t>& sub = it->second;
    std::vector<std::uint32_t> grid_cell(sub.size());
    std::vector<double> demand(sub.size()), buildings(sub.size());
    for (std::size_t k = 0; k < sub.size(); ++k) {
      grid_cell[k] = cells.grid_cell[sub[k]];
      demand[k] = cells.heat_demand_mwh[sub[k]];
      buildings[k] = cells.buildings[sub[k]];
    }
    CellNetworkSource source;
    source.year = &*net.supply;
    source.existing = !net.run.summary.designed;
    source.pipe_twin_index = net.run.pipe_twin_index;
    source.consumers = net.run.consumer_id.size();
    source.district_heat_price_eur_per_mwh = district_heat_price_eur_per_mwh;
    source.connection_rate = connection_rate;
    const CellNetworkInputs r = cell_network_inputs(twin, {grid_cell, demand, buildings}, source);
    CellNetworkInputs& o = out.cells;
    for (std::size_t k = 0; k < sub.size(); ++k) {
      const std::size_t row = sub[k];
      o.route_length_m[row] = r.route_length_m[k];
      o.lcoh_network_eur_per_mwh[row] = r.lcoh_network_eur_per_mwh[k];
      o.has_heat_network[row] = r.has_heat_network[k];
      o.has_network_heat_source[row] = r.has_network_heat_source[k];
      o.method[row] = r.method[k];
      o.evidence_changed[row] = r.evidence_changed[k];
      o.extension_lcoh_eur_per_mwh[row] = r.extension_lcoh_eur_per_mwh[k];
      o.extension_method[row] = r.extension_method[k];
      o.estimate_route_m[row] = r.estimate_route_m[k];
      out.network_of_row[row] = net.run.summary.name;
    }
    o.route_outside_cells_m += r.route_outside_cells_m;
  }
  return out;
}

std::vector<RunWarning> MunicipalNetworks::warnings(int year, double max_velocity_m_per_s, double min_supply_c) const {
  std::vector<RunWarning> out;
  for (const MunicipalNetwork& net : networks_) {
    std::optional<NetworkYearSummary> supply;
    if (net.supply) supply = network_year_summary(*net.supply);
    YearWarningInputs in;
    in.year = year;
    in.network = &net.run.summary;
    in.network_supply = supply ? &*supply : nullptr;
    in.max_velocity_m_per_s = max_velocity_m_per_s;
    in.min_supply_c = min_supply_c;
    const auto each = year_warnings(in);
    out.insert(out.end(), each.begin(), each.end());
  }
  return out;
}

void MunicipalNetworks::write(const h5::Group& year_group, const twin::Twin& twin) const {
  h5::Group group = year_group.create_group("municipal_networks");
  group.set_attribute("municipalities_with_buildings",
                      std::array<std::int64_t, 1>{static_cast<std::int64_t>(municipalities_with_buildings_)});
  const std::size_t rows = networks_.size();
  std::vector<std::string> ags(rows), name(rows), network(rows);
  std::vector<double> buildings(rows), consumers(rows), route(rows), line_density(rows), plant(rows), delivered(rows),
      loss(rows), peak(rows), sold(rows), renewable(rows), lcoh(rows), co2(rows), densest(rows);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t t = 0; t < rows; ++t) {
    const MunicipalNetwork& net = networks_[t];
    const NetworkSummary& s = net.run.summary;
    ags[t] = net.ags;
    name[t] = net.municipality_name;
    network[t] = s.name;
    buildings[t] = static_cast<double>(net.computed_buildings);
    consumers[t] = static_cast<double>(s.consumers);
    route[t] = s.route_length_m;
    line_density[t] = s.heat_line_density_mwh_per_ma;
    plant[t] = s.plant_heat_mwh;
    delivered[t] = s.delivered_mwh;
    loss[t] = s.heat_loss_mwh;
    peak[t] = s.peak_plant_heat_kw;
    densest[t] = s.densest_cell_mwh_per_ha;
    if (net.supply) {
      const NetworkYearSummary y = network_year_summary(*net.supply);
      sold[t] = y.heat_sold_mwh;
      renewable[t] = y.renewable_share;
      lcoh[t] = y.lcoh_eur_per_mwh;
      co2[t] = y.co2_t;
    } else {
      sold[t] = renewable[t] = lcoh[t] = co2[t] = nan;
    }
  }
  group.write_strings("ags", ags, {.description = "8-digit AGS of the municipality (one row per network)"});
  group.write_strings("municipality", name, {.description = "name of the municipality"});
  group.write_strings(
      "network", network,
      {.description = "network name in the twin; its results in <ags>/network/ (docs/results-schema.md)"});
  group.write("computed_buildings", buildings, {.unit = "1", .description = "computed buildings of the municipality"});
  group.write("consumers", consumers, {.unit = "1"});
  group.write("densest_cell_mwh_per_ha", densest, {.unit = "MWh/(ha.a)", .description = "the design's densest cell"});
  group.write("route_length_m", route, {.unit = "m", .description = "sum of pipe lengths (trench)"});
  group.write("heat_line_density_mwh_per_ma", line_density,
              {.unit = "MWh/(m.a)", .description = "heat delivered per metre of route"});
  group.write("plant_heat_mwh", plant, {.unit = "MWh/a"});
  group.write("delivered_mwh", delivered, {.unit = "MWh/a"});
  group.write("heat_loss_mwh", loss, {.unit = "MWh/a"});
  group.write("peak_plant_heat_kw", peak, {.unit = "kW"});
  group.write("heat_sold_mwh", sold, {.unit = "MWh/a"});
  group.write("renewable_share", renewable, {.unit = "1", .description = "of the plant heat (WPG §29/§31)"});
  group.write("lcoh_eur_per_mwh", lcoh, {.unit = "EUR/MWh", .description = "VDI 2067 levelised cost of heat"});
  group.write("co2_t", co2, {.unit = "t/a", .description = "fuels and pump electricity of the year"});
  for (const MunicipalNetwork& net : networks_) {
    write_network_results(group.create_group(net.ags), net.run, twin, net.supply ? &*net.supply : nullptr);
  }
}

}  // namespace heattwin::scenarios
