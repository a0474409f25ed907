#include "viz/heat_plan_report.hpp"

#include "heattwin/version_info.hpp"
#include "twin/crs.hpp"
#include "twin/error.hpp"
#include "twin/twin.hpp"
#include "twin/use_class.hpp"
#include "viz/cost_assumptions_table.hpp"
#include "viz/heat_indicators.hpp"
#include "viz/potential_layer_table.hpp"
#include "viz/solar_potential.hpp"
#include "viz/system_power_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <unordered_map>

namespace heattwin::viz {
namespace {

using Out = std::back_insert_iterator<std::string>;

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

double finite_or_zero(double v) { return std::isfinite(v) ? v : 0.0; }

/// The text of `de` or `en`.

std::string num(double value, int decimals, Lang lang) { return format_number(value, decimals, lang); }

std::string percent(double share, Lang lang) {
  return std::isfinite(share) ? fmt::format("{} %", num(100.0 * share, 1, lang)) : std::string("–");
}

std::size_t carrier_index(std::string_view carrier) {
  for (std::size_t k = 0; k < PLAN_CARRIERS.size(); ++k)
    if (carrier == PLAN_CARRIERS[k]) return k;
  return PLAN_CARRIERS.size();
}

/// Carriers whose final energy counts as renewable (or unavoidable waste heat, WPG §3 (1) and
/// §29) in the report's renewable share. Electricity and hydrogen count 0: the twin knows neither
/// the grid mix of a year nor the origin of hydrogen (the assumption is printed in the report).
bool is_renewable_carrier(std::size_t k) {
  const std::string_view c = PLAN_CARRIERS[k];
  return c == "biomass" || c == "ambient_heat" || c == "solar_thermal" || c == "waste_heat";
}

const std::vector<double>* optional_column(const ResultsTable& t, const char* name) {
  const auto it = t.columns.find(name);
  return it != t.columns.end() ? &it->second : nullptr;
}
const std::vector<std::string>* optional_text(const ResultsTable& t, const char* name) {
  const auto it = t.text.find(name);
  return it != t.text.end() ? &it->second : nullptr;
}
double value_or(const std::vector<double>* c, std::size_t row, double fallback) {
  return c != nullptr && row < c->size() ? (*c)[row] : fallback;
}

std::uint64_t cell_key(std::uint32_t north, std::uint32_t east) { return (std::uint64_t{north} << 32) | east; }

/// Aggregates of one year into the plans (plan index per twin municipality).
void add_year(const Results& r, const twin::Twin& twin, const std::vector<std::size_t>& plan_of_municipality,
              std::size_t outside_plan, std::vector<HeatPlan>& plans, const HeatPlanOptions& options,
              const twin::CoordinateTransform& to_3035, bool base_year) {
  const twin::BuildingSet& tb = twin.buildings;
  const std::vector<std::size_t> rows = building_twin_rows(r, twin);
  const std::size_t n = rows.size();
  for (auto& p : plans) {
    p.years.emplace_back();
    p.years.back().year = r.year;
  }
  const auto plan_of_row = [&](std::size_t twin_row) {
    const std::uint32_t m = tb.municipality[twin_row];
    return m < plan_of_municipality.size() ? plan_of_municipality[m] : outside_plan;
  };

  const auto& heating = r.buildings.column("annual_heating_kwh");
  const auto* hot_water = optional_column(r.buildings, "annual_hot_water_kwh");
  const auto* expected_heating = optional_column(r.buildings, "expected_heating_kwh");
  const auto* expected_hot_water = optional_column(r.buildings, "expected_hot_water_kwh");
  const auto* area = optional_column(r.buildings, "heated_floor_area_m2");
  const auto* final_kwh = optional_column(r.buildings, "final_energy_kwh");
  const auto* ambient_kwh = optional_column(r.buildings, "ambient_heat_kwh");
  const auto* co2_kg = optional_column(r.buildings, "co2_kg_per_a");
  const auto* refurbished = optional_column(r.buildings, "refurbished");
  const auto* network_supplied = optional_column(r.buildings, "network_supplied");
  const auto* kept = optional_column(r.buildings, "supply_kept_existing");
  const auto* carrier_imputed = optional_column(r.buildings, "existing_carrier_imputed");
  const auto* year_imputed = optional_column(r.buildings, "existing_install_year_imputed");
  const auto* cost = optional_column(r.buildings, "supply_cost_eur_per_a");
  const auto* option = optional_text(r.buildings, "supply_option");
  const auto* carrier = optional_text(r.buildings, "final_energy_carrier");

  // Network renewable share per network (for the district heat the buildings buy).
  double network_renewable_share = 0.0;
  if (const auto it = r.network.find("supply"); it != r.network.end() && it->second.rows() > 0) {
    const auto* share = optional_column(it->second, "renewable_share");
    const auto* load = optional_column(it->second, "load_mwh");
    double weight = 0.0, sum = 0.0;
    for (std::size_t k = 0; k < it->second.rows(); ++k) {
      const double w = std::max(finite_or_zero(value_or(load, k, 1.0)), 1e-12);
      sum += w * finite_or_zero(value_or(share, k, 0.0));
      weight += w;
    }
    network_renewable_share = weight > 0.0 ? sum / weight : 0.0;
  }

  // Supply-area class of each cell (by INSPIRE id) and its sub-area.
  std::unordered_map<std::string, std::size_t> area_row_of_cell;
  const auto* area_types = optional_text(r.supply_areas, "type");
  const auto* clusters = optional_column(r.supply_areas, "cluster");
  for (std::size_t c = 0; c < r.supply_areas.rows(); ++c) area_row_of_cell.emplace(r.supply_areas.id[c], c);
  const auto* cluster_withheld = optional_column(r.supply_area_clusters, "withheld");
  const auto* cluster_type = optional_text(r.supply_area_clusters, "type");

  // Per plan: cells by key, sub-areas touched.
  std::vector<std::unordered_map<std::uint64_t, std::size_t>> cell_index(plans.size());
  std::vector<std::set<std::size_t>> plan_clusters(plans.size());
  std::vector<bool> expected_known(plans.size(), expected_heating != nullptr);

  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t row = rows[i];
    const std::size_t p = plan_of_row(row);
    if (p == SIZE_MAX) continue;
    HeatPlan& plan = plans[p];
    PlanYear& y = plan.years.back();
    ++y.buildings;
    const double a_m2 = finite_or_zero(area != nullptr ? (*area)[i] : tb.heated_floor_area_m2[row]);
    const double heat_mwh = finite_or_zero(heating[i]) / 1000.0;
    const double dhw_mwh = finite_or_zero(value_or(hot_water, i, 0.0)) / 1000.0;
    y.heated_floor_area_m2 += a_m2;
    y.space_heating_mwh += heat_mwh;
    y.hot_water_mwh += dhw_mwh;
    if (expected_heating != nullptr) {
      if (!std::isfinite(y.expected_consumption_mwh)) y.expected_consumption_mwh = 0.0;
      y.expected_consumption_mwh +=
          (finite_or_zero((*expected_heating)[i]) + finite_or_zero(value_or(expected_hot_water, i, 0.0))) / 1000.0;
    }
    const bool residential = twin::is_residential(tb.use_class[row]);
    if (carrier != nullptr && final_kwh != nullptr) {
      const std::size_t k = carrier_index((*carrier)[i]);
      if (k < PLAN_CARRIERS.size()) {
        const double mwh = finite_or_zero((*final_kwh)[i]) / 1000.0;
        y.final_energy_mwh[k] += mwh;
        if (residential) y.final_energy_residential_mwh[k] += mwh;
        if (is_renewable_carrier(k)) y.renewable_mwh += mwh;
        if (std::string_view(PLAN_CARRIERS[k]) == "district_heat") y.renewable_mwh += mwh * network_renewable_share;
      }
    }
    if (ambient_kwh != nullptr) {
      const std::size_t k = carrier_index("ambient_heat");
      const double mwh = finite_or_zero((*ambient_kwh)[i]) / 1000.0;
      y.final_energy_mwh[k] += mwh;
      if (residential) y.final_energy_residential_mwh[k] += mwh;
      y.renewable_mwh += mwh;
    }
    y.co2_t += finite_or_zero(value_or(co2_kg, i, 0.0)) / 1000.0;
    if (option != nullptr) ++y.buildings_by_supply[(*option)[i]];
    if (value_or(refurbished, i, 0.0) > 0.5) ++y.refurbished;
    if (value_or(network_supplied, i, 0.0) > 0.5) ++y.network_supplied;
    if (value_or(kept, i, 0.0) > 0.5) ++y.kept_existing;
    if (value_or(carrier_imputed, i, 0.0) > 0.5) ++y.carrier_imputed;
    if (value_or(year_imputed, i, 0.0) > 0.5) ++y.install_year_imputed;
    y.supply_cost_eur_per_a += finite_or_zero(value_or(cost, i, 0.0));

    // Cell of the building (the twin's 100 m cell of its centroid).
    const std::uint32_t g = tb.grid_cell[row];
    if (g < twin.grid.size()) {
      const std::uint64_t key = cell_key(twin.grid.north_100m[g], twin.grid.east_100m[g]);
      const auto [it, inserted] = cell_index[p].try_emplace(key, y.cells.size());
      if (inserted) {
        PlanCell cell;
        cell.north_100m = twin.grid.north_100m[g];
        cell.east_100m = twin.grid.east_100m[g];
        if (const auto a = area_row_of_cell.find(twin.grid.cell_id(g)); a != area_row_of_cell.end()) {
          if (area_types != nullptr) cell.type = (*area_types)[a->second];
          if (clusters != nullptr) {
            const auto cl = static_cast<std::size_t>((*clusters)[a->second]);
            plan_clusters[p].insert(cl);
            if (value_or(cluster_withheld, cl, 0.0) > 0.5) cell.withheld = true;
            if (cluster_type != nullptr && cl < cluster_type->size()) cell.type = (*cluster_type)[cl];
          }
        }
        y.cells.push_back(cell);
      }
      PlanCell& cell = y.cells[it->second];
      ++cell.buildings;
      cell.heat_mwh += heat_mwh + dhw_mwh;
      if (!cell.type.empty()) ++y.buildings_by_area_type[cell.type];
    }

    if (base_year) {
      // Inventory of the base year: use class, age class, heating carrier (imputed where drawn).
      const auto add = [&](std::vector<PlanInventoryRow>& table, const std::string& key, bool imputed) {
        auto t = std::find_if(table.begin(), table.end(), [&](const PlanInventoryRow& x) { return x.key == key; });
        if (t == table.end()) {
          table.emplace_back();
          table.back().key = key;
          t = std::prev(table.end());
        }
        ++t->buildings;
        if (imputed) ++t->imputed;
        t->heated_floor_area_m2 += a_m2;
        t->heat_mwh += heat_mwh + dhw_mwh;
      };
      const std::uint8_t use = tb.use_class[row];
      add(plan.by_use_class,
          use < twin::USE_CLASS_NAMES.size() ? std::string(twin::USE_CLASS_NAMES[use]) : std::string("unknown"),
          tb.prov_use_class[row] == twin::Provenance::imputed || tb.prov_use_class[row] == twin::Provenance::missing);
      add(plan.by_age_class, std::string(twin::age_class_label(tb.age_class[row])),
          tb.prov_year_of_construction[row] != twin::Provenance::measured);
      add(plan.by_carrier, carrier != nullptr ? (*carrier)[i] : std::string("unknown"),
          value_or(carrier_imputed, i, 0.0) > 0.5);
      plan.u_value_provenance_share[static_cast<std::size_t>(tb.prov_u_values[row])] += 1.0;
    }
  }
  // Withheld cells (privacy) and sorted cells.
  for (auto& plan : plans) {
    auto& y = plan.years.back();
    for (auto& c : y.cells)
      if (c.buildings < options.privacy_min_buildings) c.withheld = true;
    std::sort(y.cells.begin(), y.cells.end(), [](const PlanCell& a, const PlanCell& b) {
      return cell_key(a.north_100m, a.east_100m) < cell_key(b.north_100m, b.east_100m);
    });
    y.warnings = r.warnings;
  }
  // Sub-areas.
  const ResultsTable& cl = r.supply_area_clusters;
  if (cl.rows() > 0) {
    const auto text = [&](const char* name, std::size_t k) {
      const auto* t = optional_text(cl, name);
      return t != nullptr ? (*t)[k] : std::string();
    };
    for (std::size_t p = 0; p < plans.size(); ++p) {
      for (const std::size_t k : plan_clusters[p]) {
        if (k >= cl.rows()) continue;
        PlanArea a;
        a.id = cl.id[k];
        a.type = text("type", k);
        a.heat_network_grade = text("heat_network_grade", k);
        a.hydrogen_grade = text("hydrogen_grade", k);
        a.decentralised_grade = text("decentralised_grade", k);
        a.reasons = text("reasons", k);
        a.cells = static_cast<std::uint32_t>(value_or(optional_column(cl, "cells"), k, 0.0));
        a.buildings = static_cast<std::uint32_t>(value_or(optional_column(cl, "buildings"), k, 0.0));
        a.heat_demand_mwh = value_or(optional_column(cl, "heat_demand_mwh"), k, NaN);
        a.heat_density_mwh_per_ha_a = value_or(optional_column(cl, "heat_density_mwh_per_ha_a"), k, NaN);
        a.line_density_mwh_per_m_a = value_or(optional_column(cl, "line_density_mwh_per_m_a"), k, NaN);
        a.withheld = value_or(cluster_withheld, k, 0.0) > 0.5;
        plans[p].years.back().areas.push_back(std::move(a));
      }
    }
  }
  // Networks: a network serves the municipalities of its consumers' buildings.
  const auto net = r.network.find("networks");
  if (net == r.network.end() || net->second.rows() == 0) return;
  const ResultsTable& nt = net->second;
  std::vector<std::set<std::size_t>> plans_of_network(nt.rows());
  std::unordered_map<std::string, std::size_t> network_row;
  for (std::size_t k = 0; k < nt.rows(); ++k) network_row.emplace(nt.id[k], k);
  const auto* net_twin = optional_column(nt, "twin_index");
  std::unordered_map<std::size_t, std::size_t> row_of_twin_network;
  for (std::size_t k = 0; k < nt.rows(); ++k)
    row_of_twin_network.emplace(static_cast<std::size_t>(value_or(net_twin, k, static_cast<double>(k))), k);
  const twin::NetworkSet& tn = twin.networks;
  if (const auto cons = r.network.find("consumers"); cons != r.network.end()) {
    const auto* building = optional_column(cons->second, "building");
    const auto* ctwin = optional_column(cons->second, "twin_index");
    for (std::size_t k = 0; k < cons->second.rows(); ++k) {
      const double b = value_or(building, k, -1.0), ti = value_or(ctwin, k, -1.0);
      if (!(b >= 0.0 && b < static_cast<double>(tb.size())) ||
          !(ti >= 0.0 && ti < static_cast<double>(tn.consumers.size())))
        continue;
      const std::uint32_t j = tn.consumers.supply_junction[static_cast<std::size_t>(ti)];
      if (j >= tn.junctions.size()) continue;
      const auto nr = row_of_twin_network.find(tn.junctions.network[j]);
      if (nr == row_of_twin_network.end()) continue;
      const std::size_t p = plan_of_row(static_cast<std::size_t>(b));
      if (p != SIZE_MAX) plans_of_network[nr->second].insert(p);
    }
  }
  const auto table_value = [&](const char* table, const char* column, const std::string& id) {
    const auto t = r.network.find(table);
    if (t == r.network.end()) return NaN;
    const auto it = std::find(t->second.id.begin(), t->second.id.end(), id);
    if (it == t->second.id.end()) return NaN;
    return value_or(optional_column(t->second, column), static_cast<std::size_t>(it - t->second.id.begin()), NaN);
  };
  for (std::size_t k = 0; k < nt.rows(); ++k) {
    PlanNetwork pn;
    pn.id = nt.id[k];
    pn.consumers = value_or(optional_column(nt, "consumers"), k, NaN);
    pn.route_length_m = value_or(optional_column(nt, "route_length_m"), k, NaN);
    pn.delivered_mwh = value_or(optional_column(nt, "delivered_mwh"), k, NaN);
    pn.heat_loss_share = value_or(optional_column(nt, "heat_loss_share"), k, NaN);
    pn.line_density_mwh_per_m_a = value_or(optional_column(nt, "heat_line_density_mwh_per_ma"), k, NaN);
    pn.renewable_share = table_value("supply", "renewable_share", pn.id);
    pn.wpg_target_share = table_value("supply", "wpg_target_share", pn.id);
    const double meets = table_value("supply", "meets_wpg_target", pn.id);
    pn.meets_wpg_target = std::isfinite(meets) ? (meets > 0.5 ? 1 : 0) : -1;
    pn.co2_t = table_value("supply", "co2_t", pn.id);
    pn.lcoh_eur_per_mwh = table_value("economics", "lcoh_eur_per_mwh", pn.id);
    pn.total_annuity_eur_per_a = table_value("economics", "total_annuity_eur_per_a", pn.id);
    pn.capital_annuity_eur_per_a = table_value("economics", "capital_annuity_eur_per_a", pn.id);
    for (const std::size_t p : plans_of_network[k]) plans[p].years.back().networks.push_back(pn);
  }
  // Pipes of the served networks, in EPSG:3035.
  const auto pipes = r.network.find("pipes");
  if (pipes == r.network.end()) return;
  const auto* ptwin = optional_column(pipes->second, "twin_index");
  const auto* dn = optional_column(pipes->second, "dn");
  for (std::size_t k = 0; k < pipes->second.rows(); ++k) {
    const double ti = value_or(ptwin, k, -1.0);
    if (!(ti >= 0.0 && ti < static_cast<double>(tn.pipes.size()))) continue;
    const auto t = static_cast<std::size_t>(ti);
    const std::uint32_t a = tn.pipes.from_junction[t], b = tn.pipes.to_junction[t];
    if (a >= tn.junctions.size() || b >= tn.junctions.size()) continue;
    const auto nr = row_of_twin_network.find(tn.junctions.network[a]);
    if (nr == row_of_twin_network.end()) continue;
    std::array<double, 2> xs{tn.junctions.x_m[a], tn.junctions.x_m[b]}, ys{tn.junctions.y_m[a], tn.junctions.y_m[b]};
    to_3035.transform(xs, ys);
    const PlanPipe pipe{xs[0], ys[0], xs[1], ys[1], value_or(dn, k, NaN)};
    for (const std::size_t p : plans_of_network[nr->second]) plans[p].years.back().pipes.push_back(pipe);
  }
}

}  // namespace

double PlanYear::total_final_energy_mwh() const {
  return std::accumulate(final_energy_mwh.begin(), final_energy_mwh.end(), 0.0);
}

double PlanYear::renewable_share() const {
  const double total = total_final_energy_mwh();
  return total > 0.0 ? renewable_mwh / total : NaN;
}

std::vector<HeatPlan> compute_heat_plans(const std::string& results_path, const twin::Twin& twin,
                                         const HeatPlanOptions& options) {
  const auto available = list_results(results_path);
  HEATTWIN_CHECK(!available.empty(), "{}: the file holds no results", results_path);
  const std::string scenario = options.scenario.empty() ? available.front().first : options.scenario;
  HEATTWIN_CHECK(std::any_of(available.begin(), available.end(), [&](const auto& a) { return a.first == scenario; }),
                 "{}: the file holds no scenario '{}'", results_path, scenario);
  const auto& regions = twin.regions;
  const std::size_t m_count = regions.municipalities.size();
  std::vector<std::size_t> plan_of_municipality(m_count, SIZE_MAX);
  std::size_t outside_plan = SIZE_MAX;
  if (!options.municipality.empty()) {
    const auto m = regions.find_municipality(options.municipality);
    HEATTWIN_CHECK(m.has_value(), "{}: municipality '{}' (--municipality) is not in the twin", results_path,
                   options.municipality);
  }

  // Which municipalities have computed buildings: from the first year.
  std::vector<HeatPlan> plans;
  twin::CoordinateTransform to_3035(twin.crs, "EPSG:3035");
  bool first = true;
  for (const auto& [s, year] : available) {
    if (s != scenario) continue;
    const Results r = read_results(results_path, s, year, false);  // annual values only
    if (first) {
      const std::vector<std::size_t> rows = building_twin_rows(r, twin);
      std::vector<bool> used(m_count, false);
      bool outside = false;
      for (const std::size_t row : rows) {
        const std::uint32_t m = twin.buildings.municipality[row];
        if (m < m_count)
          used[m] = true;
        else
          outside = true;
      }
      const auto new_plan = [&](const std::string& ags) {
        HeatPlan p;
        p.results_path = results_path;
        p.scenario = r.scenario;
        p.method = r.method;
        p.meta = r.meta;
        p.ags = ags;
        return p;
      };
      for (std::size_t m = 0; m < m_count; ++m) {
        const auto& mun = regions.municipalities[m];
        if (!used[m] || (!options.municipality.empty() && mun.ags != options.municipality)) continue;
        plan_of_municipality[m] = plans.size();
        HeatPlan p = new_plan(mun.ags);
        p.name = mun.name;
        p.population = mun.population;
        if (mun.kreis < regions.kreise.size()) p.kreis_name = regions.kreise[mun.kreis].name;
        // Boundary rings in EPSG:3035.
        const auto& b = regions.municipality_boundaries;
        if (m < b.polygon_count()) {
          for (std::uint64_t ring = b.ring_begin[m]; ring < b.ring_begin[m + 1]; ++ring) {
            std::vector<double> xs(b.x_m.begin() + static_cast<std::ptrdiff_t>(b.vertex_begin[ring]),
                                   b.x_m.begin() + static_cast<std::ptrdiff_t>(b.vertex_begin[ring + 1]));
            std::vector<double> ys(b.y_m.begin() + static_cast<std::ptrdiff_t>(b.vertex_begin[ring]),
                                   b.y_m.begin() + static_cast<std::ptrdiff_t>(b.vertex_begin[ring + 1]));
            to_3035.transform(xs, ys);
            std::vector<std::array<double, 2>> pts;
            pts.reserve(xs.size());
            for (std::size_t v = 0; v < xs.size(); ++v)
              if (std::isfinite(xs[v]) && std::isfinite(ys[v])) pts.push_back({xs[v], ys[v]});
            if (pts.size() >= 3) p.boundary.push_back(std::move(pts));
          }
        }
        // Consumers of the twin's own (existing) networks in the municipality.
        for (std::size_t c = 0; c < twin.networks.consumers.size(); ++c) {
          const std::uint32_t bld = twin.networks.consumers.building[c];
          if (bld < twin.buildings.size() && twin.buildings.municipality[bld] == m) ++p.existing_network_consumers;
        }
        plans.push_back(std::move(p));
      }
      if (outside && options.municipality.empty()) {
        outside_plan = plans.size();
        plans.push_back(new_plan(""));
      }
      HEATTWIN_CHECK(!plans.empty(), "{}: no computed building lies in municipality '{}'", results_path,
                     options.municipality);
    }
    add_year(r, twin, plan_of_municipality, outside_plan, plans, options, to_3035, first);
    add_year_investment(r, twin, plan_of_municipality, outside_plan, plans);
    for (auto& p : plans) {
      if (!p.years.empty() && !p.years.back().networks.empty()) p.years.back().plants = read_plan_plants(r);
    }
    if (first) add_plan_inventories(r, twin, plan_of_municipality, outside_plan, plans, options, to_3035);
    if (first) add_plan_potential_sites(results_path, scenario, year, plans, to_3035);
    first = false;
  }
  for (auto& p : plans) {
    const double n = std::accumulate(p.u_value_provenance_share.begin(), p.u_value_provenance_share.end(), 0.0);
    if (n > 0.0)
      for (double& s : p.u_value_provenance_share) s /= n;
    const auto by_heat = [](const PlanInventoryRow& a, const PlanInventoryRow& b) { return a.heat_mwh > b.heat_mwh; };
    std::sort(p.by_use_class.begin(), p.by_use_class.end(), by_heat);
    std::sort(p.by_carrier.begin(), p.by_carrier.end(), by_heat);
    std::sort(p.by_age_class.begin(), p.by_age_class.end(),
              [](const PlanInventoryRow& a, const PlanInventoryRow& b) { return a.key < b.key; });
  }
  return plans;
}

// ---------------------------------------------------------------------------------------------
// Words

std::string suitability_text(std::string_view grade, Lang lang) {
  if (grade == "very_likely_suited") return tr(lang, "sehr wahrscheinlich geeignet", "very likely suitable");
  if (grade == "likely_suited") return tr(lang, "wahrscheinlich geeignet", "likely suitable");
  if (grade == "likely_unsuited") return tr(lang, "wahrscheinlich ungeeignet", "likely unsuitable");
  if (grade == "very_likely_unsuited") return tr(lang, "sehr wahrscheinlich ungeeignet", "very likely unsuitable");
  return std::string(grade);
}

std::string supply_area_type_text(std::string_view type, Lang lang) {
  if (type == "heat_network") return tr(lang, "Wärmenetzgebiet", "heat network area");
  if (type == "hydrogen_network") return tr(lang, "Wasserstoffnetzgebiet", "hydrogen network area");
  if (type == "decentralised")
    return tr(lang, "Gebiet für die dezentrale Wärmeversorgung", "area for decentralised heat supply");
  if (type == "test_area") return tr(lang, "Prüfgebiet", "test area");
  return std::string(type);
}

std::string carrier_text(std::string_view c, Lang lang) {
  if (c == "electricity") return tr(lang, "Strom", "electricity");
  if (c == "natural_gas") return tr(lang, "Erdgas", "natural gas");
  if (c == "heating_oil") return tr(lang, "Heizöl", "heating oil");
  if (c == "hydrogen") return tr(lang, "Wasserstoff", "hydrogen");
  if (c == "biomass") return tr(lang, "Biomasse", "biomass");
  if (c == "district_heat") return tr(lang, "Wärmenetz (Fernwärme)", "district heat");
  if (c == "waste_heat") return tr(lang, "Abwärme", "waste heat");
  if (c == "ambient_heat") return tr(lang, "Umweltwärme", "ambient heat");
  if (c == "solar_thermal") return tr(lang, "Solarthermie", "solar thermal");
  if (c.empty() || c == "unknown" || c == "none") return tr(lang, "unbekannt / keine", "unknown / none");
  return std::string(c);
}

std::string supply_option_text(std::string_view o, Lang lang) {
  if (o == "air_heat_pump") return tr(lang, "Luft-Wasser-Wärmepumpe", "air-source heat pump");
  if (o == "ground_heat_pump") return tr(lang, "Sole-Wasser-Wärmepumpe", "ground-source heat pump");
  if (o == "biomass_boiler") return tr(lang, "Biomassekessel", "biomass boiler");
  if (o == "gas_boiler") return tr(lang, "Gaskessel", "gas boiler");
  if (o == "oil_boiler") return tr(lang, "Ölkessel", "oil boiler");
  if (o == "hydrogen_boiler") return tr(lang, "Wasserstoffkessel", "hydrogen boiler");
  if (o == "electric_heater") return tr(lang, "Stromdirektheizung", "electric heater");
  if (o == "heat_substation") return tr(lang, "Hausübergabestation (Wärmenetz)", "house substation (heat network)");
  if (o == "solar_thermal") return tr(lang, "Solarthermie", "solar thermal");
  if (o.empty() || o == "none") return tr(lang, "keine", "none");
  return std::string(o);
}

std::string supply_area_reason_text(std::string_view codes, Lang lang) {
  struct Reason {
    const char* code;
    const char* de;
    const char* en;
  };
  static constexpr Reason REASONS[] = {
      {"HD_BAND_1", "Wärmedichte im untersten Band (Standard: unter 70 MWh/(ha·a)): kein Wärmenetzpotenzial",
       "heat density in the lowest band (default: below 70 MWh/(ha·a)): no heat-network potential"},
      {"HD_BAND_2", "Wärmedichte im zweiten Band (Standard: 70–175 MWh/(ha·a)): Netze eher nur im Neubau",
       "heat density in the second band (default: 70–175 MWh/(ha·a)): networks mainly in new development"},
      {"HD_BAND_3", "Wärmedichte im dritten Band (Standard: 175–415 MWh/(ha·a)): Niedertemperaturnetz im Bestand",
       "heat density in the third band (default: 175–415 MWh/(ha·a)): low-temperature network in existing stock"},
      {"HD_BAND_4", "hohe Wärmedichte (Standard: ab 415 MWh/(ha·a)): konventionelles Wärmenetz",
       "high heat density (default: from 415 MWh/(ha·a)): conventional heat network"},
      {"LD_LOW", "geringe Wärmeliniendichte (unter 0,7 MWh/(m·a)): Wärmenetz höchstens wahrscheinlich ungeeignet",
       "low heat line density (below 0.7 MWh/(m·a)): heat network at most likely unsuitable"},
      {"LD_MID", "mittlere Wärmeliniendichte (0,7–1,5 MWh/(m·a))", "medium heat line density (0.7–1.5 MWh/(m·a))"},
      {"LD_HIGH", "hohe Wärmeliniendichte (ab 1,5 MWh/(m·a)): Wärmenetz mindestens wahrscheinlich geeignet",
       "high heat line density (from 1.5 MWh/(m·a)): heat network at least likely suitable"},
      {"LD_NONE", "keine Netztrasse geplant: Wärmeliniendichte nicht bestimmt",
       "no network route planned: heat line density not determined"},
      {"COST_NETWORK_LOWER", "Wärmegestehungskosten im Netz mehr als 10 % unter der Einzelversorgung",
       "network cost of heat more than 10 % below individual supply"},
      {"COST_NETWORK_HIGHER", "Wärmegestehungskosten im Netz mehr als 10 % über der Einzelversorgung",
       "network cost of heat more than 10 % above individual supply"},
      {"COST_EQUAL", "Kosten von Netz und Einzelversorgung gleichauf (±10 %)",
       "network and individual supply cost the same (±10 %)"},
      {"COST_UNKNOWN", "Kostenvergleich nicht möglich (Kosten fehlen)", "no cost comparison (costs missing)"},
      {"CO2_NETWORK_LOWER", "bei gleichen Kosten: Netz mit geringeren CO2-Emissionen",
       "at equal cost: network with lower CO2 emissions"},
      {"CO2_NETWORK_HIGHER", "bei gleichen Kosten: Netz mit höheren CO2-Emissionen",
       "at equal cost: network with higher CO2 emissions"},
      {"NETWORK_EXISTS", "bestehendes Wärmenetz", "existing heat network"},
      {"NO_NETWORK_SOURCE",
       "keine erneuerbare Wärmequelle für ein Netz in Reichweite: Wärmenetz höchstens wahrscheinlich geeignet",
       "no renewable heat source for a network in reach: heat network at most likely suitable"},
      {"NO_GAS_GRID",
       "kein Gasnetz in Reichweite (Gasnetzdaten des Szenarios): Wasserstoffnetz sehr wahrscheinlich "
       "ungeeignet",
       "no gas grid in reach (the scenario's gas grid data): hydrogen network very likely unsuitable"},
      {"GAS_GRID_UNKNOWN", "Gasnetz unbekannt (keine Gasnetzdaten): Wasserstoffnetz sehr wahrscheinlich ungeeignet",
       "gas grid unknown (no gas grid data): hydrogen network very likely unsuitable"},
      {"H2_PLAN_UNKNOWN",
       "Gasnetz, Umstellungsplan des Betreibers unbekannt (keine Wasserstoffplanung): Wasserstoffnetz wahrscheinlich "
       "ungeeignet",
       "gas grid, conversion plan of its operator unknown (no hydrogen plan data): hydrogen network likely "
       "unsuitable"},
      {"H2_NO_PLAN", "Gasnetz ohne Umstellungsplan des Betreibers: Wasserstoffnetz wahrscheinlich ungeeignet",
       "gas grid without a conversion plan of its operator: hydrogen network likely unsuitable"},
      {"H2_PLAN", "Gasnetz mit Umstellungsplan auf Wasserstoff", "gas grid with a plan to convert to hydrogen"},
      {"TIE", "mehrere Versorgungsarten gleich gut geeignet: Prüfgebiet",
       "several supply types equally suitable: test area"},
      {"NONE_SUITED", "keine Versorgungsart mindestens wahrscheinlich geeignet: Prüfgebiet",
       "no supply type at least likely suitable: test area"},
      {"PRIVACY_MERGE", "mit einem Nachbargebiet zusammengelegt (Datenschutz: zu wenige Gebäude)",
       "merged into a neighbouring area (data protection: too few buildings)"},
      {"PRIVACY_WITHHELD", "Einstufung nicht veröffentlicht (Datenschutz: zu wenige Gebäude)",
       "class not published (data protection: too few buildings)"},
  };
  std::string out;
  std::size_t start = 0;
  while (start <= codes.size()) {
    const std::size_t end = std::min(codes.find(';', start), codes.size());
    const std::string_view code = codes.substr(start, end - start);
    start = end + 1;
    if (code.empty()) continue;
    if (!out.empty()) out += "; ";
    const auto* r =
        std::find_if(std::begin(REASONS), std::end(REASONS), [&](const Reason& x) { return code == x.code; });
    if (r != std::end(REASONS)) {
      out += tr(lang, r->de, r->en);
    } else {
      out += fmt::format("{} {}", tr(lang, "Code", "code"), code);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Markup

namespace {

constexpr double MAP_WIDTH_PX = 720.0;
/// Above this many sub-areas in a year the list is folded and given for the target year only.
constexpr std::size_t MAX_UNFOLDED_AREAS = 60;
constexpr double MAP_MAX_HEIGHT_PX = 560.0;

constexpr const char* STYLE = R"(
body{font-family:"DejaVu Sans",system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:16px 24px;color:#1d1d1f;
background:#fff;line-height:1.4}
h1{font-size:1.6em;margin:.2em 0}h2{border-bottom:2px solid #b3541e;padding-bottom:3px;margin-top:1.6em;
break-after:avoid}h3{margin-bottom:.3em;break-after:avoid}
.meta,.note{color:#555;font-size:.88em}
nav a{margin-right:1em}
table{border-collapse:collapse;margin:.5em 0 1em;font-size:.85em}
th,td{border-bottom:1px solid #ddd;padding:3px 7px;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.total td{font-weight:bold;border-top:2px solid #888}
.kpi{display:flex;flex-wrap:wrap;gap:10px;margin:.5em 0}
.kpi div{border:1px solid #ddd;border-radius:6px;padding:6px 10px;min-width:140px}
.kpi b{display:block;font-size:1.2em}
table.areas{width:100%}tbody.area{break-inside:avoid}tr.reason td{color:#444;border-bottom:1px solid #bbb}
.warn{background:#fff4e5;border-left:4px solid #e8830c;padding:6px 10px}
.missing{background:#f3f3f3;border-left:4px solid #999;padding:6px 10px}
.maps{display:flex;flex-wrap:wrap;gap:12px}
figure{margin:.4em 0;break-inside:avoid}figcaption{font-size:.85em;color:#333}
svg{display:block}svg text{font-family:inherit}
@page{size:A4;margin:14mm 12mm}
@media print{body{max-width:none;padding:0}nav{display:none}section{break-before:page}table{font-size:.72em}}
.scroll{overflow-x:auto}table.inventory{font-size:.75em}
)";

/// Colours of the supply-area types (WPG §18) on the maps and the withheld grey.
const char* type_colour(std::string_view type) {
  if (type == "heat_network") return "#d7301f";
  if (type == "hydrogen_network") return "#2b8cbe";
  if (type == "decentralised") return "#74c476";
  if (type == "test_area") return "#fdae6b";
  return "#bdbdbd";
}
constexpr const char* WITHHELD_COLOUR = "#dddddd";
constexpr std::array<const char*, 9> CARRIER_COLOURS{"#6a51a3", "#fdae6b", "#636363", "#2b8cbe", "#31a354",
                                                     "#d7301f", "#a50f15", "#9ecae1", "#fed976"};
constexpr std::array<const char*, 5> DENSITY_COLOURS{"#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"};

struct Extent {
  double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
  void add(double x, double y) {
    if (!std::isfinite(x) || !std::isfinite(y)) return;
    x0 = std::min(x0, x);
    y0 = std::min(y0, y);
    x1 = std::max(x1, x);
    y1 = std::max(y1, y);
  }
  bool empty() const { return x1 < x0; }
};

/// What a map colours its cells by.
enum class MapKind { heat_density, supply_areas };

/// One map (EPSG:3035): boundary, 100 m cells, the scenario's pipes, legend, scale bar. The
/// extent is the cells' and pipes' (with the boundary when it is not much larger, so that a small
/// scenario in a large municipality stays readable).
void map_svg(Out out, const HeatPlan& plan, const PlanYear& y, MapKind kind, const HeatPlanOptions& o,
             const std::string& caption) {
  const Lang lang = o.lang;
  Extent data, all;
  for (const auto& c : y.cells) {
    data.add(c.east_100m * 100.0, c.north_100m * 100.0);
    data.add(c.east_100m * 100.0 + 100.0, c.north_100m * 100.0 + 100.0);
  }
  for (const auto& p : y.pipes) {
    data.add(p.x0, p.y0);
    data.add(p.x1, p.y1);
  }
  all = data;
  for (const auto& ring : plan.boundary)
    for (const auto& v : ring) all.add(v[0], v[1]);
  if (data.empty() && all.empty()) {
    fmt::format_to(out, "<p class=\"missing\">{}</p>\n", tr(lang, "Keine Daten für eine Karte.", "No data for a map."));
    return;
  }
  // Use the boundary's extent when the data cover at least a tenth of it in each direction.
  Extent e = data.empty() ? all : data;
  if (!data.empty() && !all.empty() && (data.x1 - data.x0) > 0.1 * (all.x1 - all.x0) &&
      (data.y1 - data.y0) > 0.1 * (all.y1 - all.y0))
    e = all;
  const double pad = 0.03 * std::max(e.x1 - e.x0, e.y1 - e.y0) + 50.0;
  e.x0 -= pad;
  e.y0 -= pad;
  e.x1 += pad;
  e.y1 += pad;
  const double w_m = e.x1 - e.x0, h_m = e.y1 - e.y0;
  const double scale = std::min(MAP_WIDTH_PX / w_m, MAP_MAX_HEIGHT_PX / h_m);  // px per m
  const double w_px = w_m * scale, h_px = h_m * scale;
  const auto px = [&](double x) { return (x - e.x0) * scale; };
  const auto py = [&](double yv) { return (e.y1 - yv) * scale; };
  constexpr double legend_h = 96.0;
  fmt::format_to(out,
                 "<figure><svg role=\"img\" aria-label=\"{0}\" class=\"map\" width=\"{1:.0f}\" height=\"{2:.0f}\" "
                 "viewBox=\"0 0 {1:.1f} {2:.1f}\"><title>{0}</title>\n"
                 "<rect x=\"0\" y=\"0\" width=\"{1:.1f}\" height=\"{3:.1f}\" fill=\"#f7f7f7\" stroke=\"#ccc\"/>\n",
                 html_escape(caption), std::max(w_px, 660.0), h_px + legend_h, h_px);
  // Cells by class, in 100 m units relative to the map's corner cell: ≈ 15 bytes per cell, placed
  // by one transform (the state's large towns have thousands of cells per map).
  std::map<std::string, std::string> paths;
  const double e0 = std::floor(e.x0 / 100.0), n1 = std::ceil(e.y1 / 100.0);
  for (const auto& c : y.cells) {
    std::string key;
    if (c.withheld) {
      key = WITHHELD_COLOUR;
    } else if (kind == MapKind::heat_density) {
      key = DENSITY_COLOURS[heat_density_class(c.heat_mwh)];
    } else {
      key = type_colour(c.type);
    }
    fmt::format_to(std::back_inserter(paths[key]), "M{} {}h1v1h-1z", static_cast<double>(c.east_100m) - e0,
                   n1 - static_cast<double>(c.north_100m) - 1.0);
  }
  fmt::format_to(out, "<g transform=\"translate({:.2f} {:.2f}) scale({:.4f})\">\n", (e0 * 100.0 - e.x0) * scale,
                 (e.y1 - n1 * 100.0) * scale, 100.0 * scale);
  for (const auto& [colour, d] : paths)
    fmt::format_to(out, "<path class=\"cells\" fill=\"{}\" stroke=\"none\" d=\"{}\"/>\n", colour, d);
  fmt::format_to(out, "</g>\n");
  // Boundary.
  svg_boundary_path(out, plan.boundary, px, py);
  // Pipes.
  if (!y.pipes.empty()) {
    std::string d;
    for (const auto& p : y.pipes)
      fmt::format_to(std::back_inserter(d), "M{:.1f} {:.1f}L{:.1f} {:.1f}", px(p.x0), py(p.y0), px(p.x1), py(p.y1));
    fmt::format_to(out, "<path class=\"network\" d=\"{}\" fill=\"none\" stroke=\"#08306b\" stroke-width=\"2\"/>\n", d);
  }
  // Legend.
  double lx = 6.0;
  const double ly = h_px + 10.0;
  const auto legend_box = [&](const char* colour, const std::string& label) {
    fmt::format_to(out,
                   "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"14\" height=\"14\" fill=\"{}\" stroke=\"#999\"/>"
                   "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\">{}</text>\n",
                   lx, ly, colour, lx + 18, ly + 11, html_escape(label));
    lx += 26.0 + 6.2 * static_cast<double>(label.size());
  };
  if (kind == MapKind::heat_density) {
    for (std::size_t k = 0; k < HEAT_DENSITY_CLASSES.size(); ++k)
      legend_box(DENSITY_COLOURS[k], HEAT_DENSITY_CLASSES[k].label);
    legend_box(WITHHELD_COLOUR, tr(lang, "gesperrt", "withheld"));
  } else {
    for (const char* t : {"heat_network", "hydrogen_network", "decentralised", "test_area"})
      legend_box(type_colour(t), supply_area_type_text(t, lang) == tr(lang, "Gebiet für die dezentrale Wärmeversorgung",
                                                                      "area for decentralised heat supply")
                                     ? std::string(tr(lang, "dezentral", "decentralised"))
                                     : supply_area_type_text(t, lang));
    legend_box(WITHHELD_COLOUR, tr(lang, "gesperrt", "withheld"));
  }
  const double ly2 = ly + 24.0;
  fmt::format_to(out, "{}", svg_boundary_legend(ly2, !plan.boundary.empty(), lang));
  if (!y.pipes.empty())
    fmt::format_to(out,
                   "<path d=\"M300 {0:.1f}h22\" stroke=\"#08306b\" stroke-width=\"2\"/>"
                   "<text x=\"328\" y=\"{1:.1f}\" font-size=\"11\">{2}</text>\n",
                   ly2 + 6, ly2 + 10, tr(lang, "Wärmenetz (Szenario)", "heat network (scenario)"));
  fmt::format_to(out, "{}",
                 svg_scale_bar(ly2 + 26.0, scale,
                               tr(lang, "100-m-Zellen des Zensus-Gitters", "100 m cells of the census grid"), lang));
  fmt::format_to(out, "</svg><figcaption>{}</figcaption></figure>\n", html_escape(caption));
}

/// Vertical stacked bars per year (e.g. final energy by carrier).
void stacked_year_chart(Out out, const std::string& label, const std::vector<int>& years,
                        const std::vector<std::vector<double>>& values, const std::vector<std::string>& series,
                        const std::vector<const char*>& colours, const std::string& unit, Lang lang) {
  constexpr double width = 720.0, height = 300.0, left = 70.0, right = 190.0, top = 24.0, bottom = 30.0;
  double max_value = 0.0;
  for (const auto& v : values) max_value = std::max(max_value, std::accumulate(v.begin(), v.end(), 0.0));
  const double raw = max_value > 0.0 ? max_value / 5.0 : 1.0;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (const double f : {1.0, 2.0, 5.0, 10.0})
    if (f * mag >= raw) {
      step = f * mag;
      break;
    }
  const double axis_max = max_value > 0.0 ? std::ceil(max_value / step) * step : 1.0;
  const double plot_h = height - top - bottom, plot_w = width - left - right;
  const auto yv = [&](double v) { return top + plot_h * (1.0 - v / axis_max); };
  fmt::format_to(out,
                 "<figure><svg role=\"img\" aria-label=\"{0}\" class=\"chart\" width=\"{1:.0f}\" height=\"{2:.0f}\" "
                 "viewBox=\"0 0 {1:.0f} {2:.0f}\"><title>{0}</title>\n",
                 html_escape(label), width, height);
  for (double v = 0.0; v <= axis_max * (1 + 1e-9); v += step)
    fmt::format_to(out,
                   "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"#ddd\"/>"
                   "<text x=\"{3:.1f}\" y=\"{4:.1f}\" font-size=\"11\" text-anchor=\"end\">{5}</text>\n",
                   left, yv(v), left + plot_w, left - 6, yv(v) + 4, num(v, step >= 1.0 ? 0 : 1, lang));
  fmt::format_to(out, "<text x=\"{:.1f}\" y=\"14\" font-size=\"11\" text-anchor=\"end\">{}</text>\n", left - 6,
                 html_escape(unit));
  const double slot = plot_w / static_cast<double>(std::max<std::size_t>(years.size(), 1));
  for (std::size_t k = 0; k < years.size(); ++k) {
    const double x = left + slot * static_cast<double>(k) + slot * 0.2;
    double base = 0.0;
    for (std::size_t s = 0; s < values[k].size(); ++s) {
      const double v = values[k][s];
      if (!(v > 0.0)) continue;
      fmt::format_to(out,
                     "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.2f}\" fill=\"{}\"><title>{} {}: {} "
                     "{}</title></rect>\n",
                     x, yv(base + v), slot * 0.6, yv(base) - yv(base + v), colours[s % colours.size()], years[k],
                     html_escape(series[s]), num(v, 0, lang), html_escape(unit));
      base += v;
    }
    fmt::format_to(out, "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"middle\">{}</text>\n",
                   x + slot * 0.3, height - bottom + 16, years[k]);
  }
  for (std::size_t s = 0; s < series.size(); ++s)
    fmt::format_to(out,
                   "<rect x=\"{0:.1f}\" y=\"{1:.1f}\" width=\"12\" height=\"12\" fill=\"{2}\"/>"
                   "<text x=\"{3:.1f}\" y=\"{4:.1f}\" font-size=\"11\">{5}</text>\n",
                   width - right + 12, top + 18.0 * static_cast<double>(s), colours[s % colours.size()],
                   width - right + 30, top + 18.0 * static_cast<double>(s) + 10, html_escape(series[s]));
  fmt::format_to(out, "</svg><figcaption>{}</figcaption></figure>\n", html_escape(label));
}

void kpi(Out out, const std::string& label, const std::string& value) {
  fmt::format_to(out, "<div><b>{}</b>{}</div>\n", value, html_escape(label));
}

/// "Quelle: … · Annahmen: …" under a figure or table.
void source_note(Out out, Lang lang, const std::string& source, const std::string& assumptions) {
  fmt::format_to(out, "<p class=\"note\"><b>{}</b> {}", tr(lang, "Quelle:", "Source:"), html_escape(source));
  if (!assumptions.empty())
    fmt::format_to(out, " · <b>{}</b> {}", tr(lang, "Annahmen:", "Assumptions:"), html_escape(assumptions));
  fmt::format_to(out, "</p>\n");
}

double share_of(std::uint64_t part, std::uint64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : NaN;
}

void inventory_table(Out out, const std::vector<PlanInventoryRow>& rows, const char* key_header,
                     const char* imputed_header, Lang lang, std::string (*key_text)(std::string_view, Lang)) {
  fmt::format_to(out,
                 "<table><thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}"
                 "</th><th class=\"n\">{}</th></tr></thead><tbody>\n",
                 key_header, tr(lang, "Gebäude", "buildings"), tr(lang, "beheizte Fläche (m²)", "heated area (m²)"),
                 tr(lang, "Wärmebedarf (MWh/a)", "heat demand (MWh/a)"), imputed_header);
  for (const auto& r : rows) {
    fmt::format_to(out,
                   "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td "
                   "class=\"n\">{}</td></tr>\n",
                   html_escape(key_text != nullptr ? key_text(r.key, lang) : r.key),
                   num(static_cast<double>(r.buildings), 0, lang), num(r.heated_floor_area_m2, 0, lang),
                   num(r.heat_mwh, 1, lang), percent(share_of(r.imputed, r.buildings), lang));
  }
  fmt::format_to(out, "</tbody></table>\n");
}

std::string identity_text(std::string_view s, Lang) { return std::string(s); }

std::string use_class_text(std::string_view u, Lang lang) {
  if (lang == Lang::en) return std::string(u);
  static const std::map<std::string_view, const char*> DE{{"residential", "Wohngebäude"},
                                                          {"residential_mixed", "Wohn- und Geschäftshaus"},
                                                          {"office", "Büro/Verwaltung"},
                                                          {"retail", "Handel"},
                                                          {"school", "Schule/Bildung"},
                                                          {"hospital", "Krankenhaus/Pflege"},
                                                          {"hotel_restaurant", "Beherbergung/Gastronomie"},
                                                          {"industry", "Industrie/Gewerbe"},
                                                          {"storage", "Lager"},
                                                          {"agriculture", "Landwirtschaft"},
                                                          {"sports", "Sport"},
                                                          {"culture", "Kultur"},
                                                          {"public_other", "sonstige öffentliche Gebäude"},
                                                          {"unheated", "unbeheizt"}};
  const auto it = DE.find(u);
  return it != DE.end() ? std::string(it->second) : std::string(u);
}

std::string municipality_title(const HeatPlan& p, Lang lang) {
  if (p.ags.empty()) return tr(lang, "Gebäude außerhalb jeder Gemeinde", "buildings outside every municipality");
  return p.name.empty() || p.name == p.ags ? p.ags : fmt::format("{} ({})", p.name, p.ags);
}

void bestandsanalyse(Out out, const HeatPlan& p, const HeatPlanOptions& o) {
  const Lang lang = o.lang;
  const PlanYear& b = p.years.front();
  fmt::format_to(out, "<section id=\"bestandsanalyse\"><h2>1 {}</h2>\n",
                 tr(lang, "Bestandsanalyse", "Bestandsanalyse (inventory)"));
  fmt::format_to(out, "<p>{} {}.</p>\n", tr(lang, "Basisjahr", "Base year"), b.year);
  fmt::format_to(out, "<div class=\"kpi\">\n");
  kpi(out, tr(lang, "berechnete Gebäude", "computed buildings"), num(static_cast<double>(b.buildings), 0, lang));
  kpi(out, tr(lang, "beheizte Fläche (m²)", "heated floor area (m²)"), num(b.heated_floor_area_m2, 0, lang));
  kpi(out, tr(lang, "Wärmebedarf (MWh/a)", "heat demand (MWh/a)"), num(b.space_heating_mwh + b.hot_water_mwh, 0, lang));
  if (std::isfinite(b.expected_consumption_mwh))
    kpi(out, tr(lang, "erwarteter Verbrauch (MWh/a)", "expected consumption (MWh/a)"),
        num(b.expected_consumption_mwh, 0, lang));
  kpi(out, tr(lang, "Endenergie (MWh/a)", "final energy (MWh/a)"), num(b.total_final_energy_mwh(), 0, lang));
  kpi(out, tr(lang, "CO2-Emissionen (t/a)", "CO2 emissions (t/a)"), num(b.co2_t, 0, lang));
  fmt::format_to(out, "</div>\n");
  source_note(
      out, lang,
      tr(lang, "HeatTwin-Ergebnisdatei (Bedarf: Gebäudemodell nach DIN V 18599/EN ISO 13790 mit TABULA-Typologie)",
         "HeatTwin results file (demand: building model after DIN V 18599/EN ISO 13790 with the TABULA typology)"),
      tr(lang,
         "Wärmebedarf = Raumwärme + Warmwasser unter Normnutzung; erwarteter Verbrauch mit TABULA-Anpassung und "
         "Leerstand.",
         "heat demand = space heating + hot water under standard use; expected consumption with the TABULA adaptation "
         "and vacancy."));

  fmt::format_to(out, "<h3>{}</h3>\n", tr(lang, "Gebäude nach Nutzung", "Buildings by use"));
  inventory_table(out, p.by_use_class, tr(lang, "Nutzung", "use"), tr(lang, "Anteil Nutzung angenommen", "use assumed"),
                  lang, use_class_text);
  fmt::format_to(out, "<h3>{}</h3>\n",
                 tr(lang, "Gebäude nach Baualtersklasse (TABULA)", "Buildings by age class (TABULA)"));
  inventory_table(out, p.by_age_class, tr(lang, "Baualtersklasse", "age class"),
                  tr(lang, "Anteil Baujahr nicht gemessen", "year not measured"), lang, identity_text);
  fmt::format_to(out, "<h3>{}</h3>\n",
                 tr(lang, "Gebäude nach Energieträger der Heizung", "Buildings by heating carrier"));
  inventory_table(out, p.by_carrier, tr(lang, "Energieträger", "carrier"),
                  tr(lang, "Anteil aus Zensus-Anteilen gezogen", "drawn from census shares"), lang, carrier_text);
  source_note(
      out, lang,
      tr(lang, "Zwilling (ALKIS/LoD2-Grundrisse), HeatTwin-Ergebnisdatei",
         "twin (ALKIS/LoD2 footprints), HeatTwin results file"),
      fmt::format("{} {} {} ({}); {} {} %.", tr(lang, "Heizungsträger von", "heating carrier of"),
                  num(static_cast<double>(b.carrier_imputed), 0, lang),
                  tr(lang, "Gebäuden aus den Zensus-2022-Anteilen nach Baualter gezogen",
                     "buildings drawn from the Zensus 2022 shares by age"),
                  percent(share_of(b.carrier_imputed, b.buildings), lang),
                  tr(lang, "U-Werte aus Typologie oder Imputation bei", "U-values from typology or imputation for"),
                  num(100.0 * (p.u_value_provenance_share[3] + p.u_value_provenance_share[4]), 1, lang)));
  fmt::format_to(out, "{}", system_power_table_html(p.results_path, p.scenario, b.year, p.ags, lang));
  area_inventory_html(out, p, o, o.inventory_csv_name);

  fmt::format_to(
      out, "<h3>{}</h3>\n",
      tr(lang, "Endenergie und CO2 nach Energieträger und Sektor", "Final energy and CO2 by carrier and sector"));
  fmt::format_to(out,
                 "<table><thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th "
                 "class=\"n\">{}</th></tr></thead><tbody>\n",
                 tr(lang, "Energieträger", "carrier"), tr(lang, "Wohngebäude (MWh/a)", "residential (MWh/a)"),
                 tr(lang, "Nichtwohngebäude (MWh/a)", "non-residential (MWh/a)"),
                 tr(lang, "gesamt (MWh/a)", "total (MWh/a)"));
  for (std::size_t k = 0; k < PLAN_CARRIERS.size(); ++k) {
    if (!(b.final_energy_mwh[k] > 0.0)) continue;
    fmt::format_to(out, "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                   carrier_text(PLAN_CARRIERS[k], lang), num(b.final_energy_residential_mwh[k], 1, lang),
                   num(b.final_energy_mwh[k] - b.final_energy_residential_mwh[k], 1, lang),
                   num(b.final_energy_mwh[k], 1, lang));
  }
  fmt::format_to(out,
                 "<tr class=\"total\"><td>{}</td><td></td><td></td><td class=\"n\">{}</td></tr></tbody></table>\n"
                 "<p>{}: <b>{} t/a</b>.</p>\n",
                 tr(lang, "gesamt", "total"), num(b.total_final_energy_mwh(), 1, lang),
                 tr(lang, "CO2-Emissionen der Wärmeversorgung", "CO2 emissions of the heat supply"),
                 num(b.co2_t, 1, lang));
  source_note(out, lang,
              tr(lang, "HeatTwin-Ergebnisdatei; Emissionsfaktoren data/technology/co2_factors.csv (GEG Anlage 9)",
                 "HeatTwin results file; emission factors data/technology/co2_factors.csv (GEG Anlage 9)"),
              tr(lang,
                 "Sektoren nur Wohnen / Nichtwohnen (Gewerbe, Industrie, öffentliche Gebäude sind im Zwilling nicht "
                 "getrennt ausgewiesen); Umweltwärme der Wärmepumpen als Endenergie gezählt.",
                 "sectors only residential / non-residential (commerce, industry and public buildings are not "
                 "separated in the twin); ambient heat of heat pumps counted as final energy."));

  fmt::format_to(out, "<h3>{}</h3>\n",
                 tr(lang, "Wärme- und Gasnetze, Großverbraucher", "Heat and gas networks, large consumers"));
  fmt::format_to(out, "<p>{}: {}.</p>\n",
                 tr(lang, "Hausanschlüsse bestehender Wärmenetze im Zwilling",
                    "house connections of existing heat networks in the twin"),
                 p.existing_network_consumers > 0 ? num(static_cast<double>(p.existing_network_consumers), 0, lang)
                                                  : std::string(tr(lang, "keine erfasst", "none recorded")));
  // The gas grid as the run knew it: a layer given as [data] gas_grid (an input of the results) or none.
  const auto gas_grid = p.meta.inputs.find("gas_grid");
  if (gas_grid != p.meta.inputs.end()) {
    fmt::format_to(
        out, "<p>{} <code>{}</code>; {}</p>\n",
        tr(lang, "Gasnetz: Leitungen und Gebiete aus", "Gas grid: mains and areas from"), html_escape(gas_grid->second),
        tr(lang, "je 100-m-Zelle als Eignungsmerkmal der Versorgungsgebiete verwendet (Spalte has_gas_grid).",
           "used per 100 m cell as evidence of the supply areas (column has_gas_grid)."));
  } else {
    fmt::format_to(out, "<p class=\"missing\">{}</p>\n",
                   tr(lang,
                      "Gasnetz: dem Zwilling liegen keine Gasnetzdaten vor (Daten des Netzbetreibers erforderlich, "
                      "Szenarioschlüssel [data] gas_grid).",
                      "Gas grid: the run had no gas grid data (the operator's data are needed, scenario key [data] "
                      "gas_grid)."));
  }
  fmt::format_to(out, "<p class=\"missing\">{}</p>\n",
                 tr(lang,
                    "Großverbraucher: gebäudescharfe Angaben werden aus Datenschutzgründen nicht veröffentlicht; sie "
                    "liegen in der Ergebnisdatei.",
                    "Large consumers: building-level values are not published for data protection; they are in the "
                    "results file."));
  fmt::format_to(out, "<h3>{}</h3>\n", tr(lang, "Wärmedichte (Basisjahr)", "Heat density (base year)"));
  map_svg(out, p, b, MapKind::heat_density, o,
          fmt::format("{} {} · MWh/(ha·a)",
                      tr(lang, "Wärmebedarfsdichte je 100-m-Zelle", "heat demand density per 100 m cell"), b.year));
  source_note(
      out, lang,
      tr(lang, "HeatTwin; Klassen nach KEA-BW-Leitfaden Kommunale Wärmeplanung",
         "HeatTwin; classes of the KEA-BW guide to municipal heat planning"),
      fmt::format("{} {} {}", tr(lang, "Zellen mit weniger als", "cells with fewer than"), o.privacy_min_buildings,
                  tr(lang, "Gebäuden sind gesperrt (grau). Als GIS-Layer: heattwin export --format gpkg.",
                     "buildings are withheld (grey). As GIS layers: heattwin export --format gpkg.")));
  fmt::format_to(out, "<h3>{}</h3>\n", tr(lang, "Wärmeliniendichte (Basisjahr)", "Heat line density (base year)"));
  heat_line_density_map_svg(out, p, o);
  fmt::format_to(out, "</section>\n");
}

void potenzialanalyse(Out out, const HeatPlan& p, const HeatPlanOptions& o) {
  const Lang lang = o.lang;
  const PlanYear& b = p.years.front();
  const PlanYear& t = p.years.back();
  fmt::format_to(out, "<section id=\"potenzialanalyse\"><h2>2 {}</h2>\n",
                 tr(lang, "Potenzialanalyse", "Potenzialanalyse (potentials)"));
  fmt::format_to(out,
                 "<table><thead><tr><th>{}</th><th>{}</th><th class=\"n\">{} {} (MWh/a)</th><th class=\"n\">{} {} "
                 "(MWh/a)</th></tr></thead><tbody>\n",
                 tr(lang, "Potenzial", "potential"), tr(lang, "im Zwilling bekannt", "known to the twin"),
                 tr(lang, "genutzt", "used"), b.year, tr(lang, "genutzt", "used"), t.year);
  const double demand_b = b.space_heating_mwh + b.hot_water_mwh, demand_t = t.space_heating_mwh + t.hot_water_mwh;
  fmt::format_to(out, "<tr><td>{}</td><td>{}</td><td class=\"n\">–</td><td class=\"n\">{}</td></tr>\n",
                 tr(lang, "Bedarfsminderung durch Sanierung", "demand reduction by refurbishment"),
                 tr(lang, "ja (TABULA-Sanierungspakete)", "yes (TABULA refurbishment packages)"),
                 num(demand_b - demand_t, 1, lang));
  const auto carrier_row = [&](const char* carrier, const char* known_de, const char* known_en) {
    const std::size_t k = carrier_index(carrier);
    fmt::format_to(out, "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                   carrier_text(carrier, lang), tr(lang, known_de, known_en), num(b.final_energy_mwh[k], 1, lang),
                   num(t.final_energy_mwh[k], 1, lang));
  };
  carrier_row("ambient_heat", "Nutzung durch Wärmepumpen; Potenzial nicht erfasst",
              "use by heat pumps; potential not recorded");
  carrier_row("biomass", "Obergrenze aus dem Szenario ([supply] biomass_potential_mwh_per_a), sonst unbegrenzt",
              "cap of the scenario ([supply] biomass_potential_mwh_per_a), else unlimited");
  carrier_row("hydrogen", "Obergrenze aus dem Szenario ([supply] hydrogen_potential_mwh_per_a), sonst unbegrenzt",
              "cap of the scenario ([supply] hydrogen_potential_mwh_per_a), else unlimited");
  carrier_row("solar_thermal", "nicht erfasst", "not recorded");
  carrier_row("waste_heat", "nur als Anlage eines Netzes im Szenario", "only as a network plant of the scenario");
  fmt::format_to(out, "</tbody></table>\n");
  fmt::format_to(out, "{}", solar_potential_table_html(p.results_path, p.scenario, b.year, p.ags, lang));
  // The run's [data] potentials layer (viz/potential_layer_table.hpp); without it, what is missing.
  const std::string layer_potentials = potential_layer_table_html(p.results_path, p.scenario, b.year, t.year, lang);
  fmt::format_to(out, "{}", layer_potentials);
  potential_map_html(out, p, lang);
  if (layer_potentials.empty())
    fmt::format_to(
        out, "<p class=\"missing\">{}</p>\n",
        tr(lang,
           "Keine Potenzialschicht im Szenario ([data] potentials, docs/POTENTIALS.md): Potenziale für Abwärme aus "
           "Industrie und Abwasser, Solarthermie-Freiflächen, Erdwärme, Gewässer und Biomasse aus der Region fehlen; "
           "der Bericht zeigt nur, was das Szenario genutzt hat, und keine Potenzialkarte.",
           "No potentials layer in the scenario ([data] potentials, docs/POTENTIALS.md): potentials of industrial and "
           "waste-water heat, solar-thermal open space, ground source, water bodies and regional biomass are missing; "
           "the report shows only what the scenario used, and no potential map."));
  source_note(out, lang,
              tr(lang, "HeatTwin-Ergebnisdatei (Endenergie der Gebäude je Jahr)",
                 "HeatTwin results file (final energy of the buildings per year)"),
              "");
  fmt::format_to(out, "</section>\n");
}

void zielszenario(Out out, const HeatPlan& p, const HeatPlanOptions& o) {
  const Lang lang = o.lang;
  fmt::format_to(out, "<section id=\"zielszenario\"><h2>3 {}</h2>\n",
                 tr(lang, "Zielszenario", "Zielszenario (target scenario)"));
  fmt::format_to(out, "<p>{}: ", tr(lang, "Pfad", "Path"));
  for (std::size_t k = 0; k < p.years.size(); ++k) fmt::format_to(out, "{}{}", k == 0 ? "" : " → ", p.years[k].year);
  fmt::format_to(out, ".</p>\n<table><thead><tr><th>{}</th>", tr(lang, "Kennzahl", "indicator"));
  for (const auto& y : p.years) fmt::format_to(out, "<th class=\"n\">{}</th>", y.year);
  fmt::format_to(out, "</tr></thead><tbody>\n");
  const auto row = [&](const std::string& label, auto value_of) {
    fmt::format_to(out, "<tr><td>{}</td>", html_escape(label));
    for (const auto& y : p.years) fmt::format_to(out, "<td class=\"n\">{}</td>", value_of(y));
    fmt::format_to(out, "</tr>\n");
  };
  row(tr(lang, "Wärmebedarf (MWh/a)", "heat demand (MWh/a)"),
      [&](const PlanYear& y) { return num(y.space_heating_mwh + y.hot_water_mwh, 0, lang); });
  row(tr(lang, "erwarteter Verbrauch (MWh/a)", "expected consumption (MWh/a)"),
      [&](const PlanYear& y) { return num(y.expected_consumption_mwh, 0, lang); });
  for (std::size_t k = 0; k < PLAN_CARRIERS.size(); ++k) {
    bool any = false;
    for (const auto& y : p.years) any = any || y.final_energy_mwh[k] > 0.0;
    if (!any) continue;
    row(fmt::format("{}: {} (MWh/a)", tr(lang, "Endenergie", "final energy"), carrier_text(PLAN_CARRIERS[k], lang)),
        [&](const PlanYear& y) { return num(y.final_energy_mwh[k], 0, lang); });
  }
  row(tr(lang, "Endenergie gesamt (MWh/a)", "final energy, total (MWh/a)"),
      [&](const PlanYear& y) { return num(y.total_final_energy_mwh(), 0, lang); });
  row(tr(lang, "CO2-Emissionen (t/a)", "CO2 emissions (t/a)"),
      [&](const PlanYear& y) { return num(y.co2_t, 0, lang); });
  row(tr(lang, "Anteil erneuerbarer Energien und Abwärme", "share of renewables and waste heat"),
      [&](const PlanYear& y) { return percent(y.renewable_share(), lang); });
  row(tr(lang, "sanierte Gebäude (kumuliert)", "refurbished buildings (cumulative)"),
      [&](const PlanYear& y) { return num(static_cast<double>(y.refurbished), 0, lang); });
  row(tr(lang, "Gebäude am Wärmenetz", "buildings on a heat network"),
      [&](const PlanYear& y) { return num(static_cast<double>(y.network_supplied), 0, lang); });
  std::set<std::string> options;
  for (const auto& y : p.years)
    for (const auto& [opt, n] : y.buildings_by_supply) options.insert(opt);
  for (const auto& opt : options)
    row(fmt::format("{}: {}", tr(lang, "Gebäude mit", "buildings with"), supply_option_text(opt, lang)),
        [&](const PlanYear& y) {
          const auto it = y.buildings_by_supply.find(opt);
          return num(it != y.buildings_by_supply.end() ? static_cast<double>(it->second) : 0.0, 0, lang);
        });
  row(tr(lang, "Wärmenetz: Trassenlänge (m)", "heat network: route length (m)"), [&](const PlanYear& y) {
    double m = 0.0;
    for (const auto& n : y.networks) m += finite_or_zero(n.route_length_m);
    return num(m, 0, lang);
  });
  row(tr(lang, "Wärmenetz: gelieferte Wärme (MWh/a)", "heat network: heat delivered (MWh/a)"), [&](const PlanYear& y) {
    double m = 0.0;
    for (const auto& n : y.networks) m += finite_or_zero(n.delivered_mwh);
    return num(m, 0, lang);
  });
  row(tr(lang, "Kosten Einzelversorgung, Annuität (EUR/a)", "cost of individual supply, annuity (EUR/a)"),
      [&](const PlanYear& y) { return num(y.supply_cost_eur_per_a, 0, lang); });
  row(tr(lang, "Kosten Wärmenetz, Annuität (EUR/a)", "cost of heat networks, annuity (EUR/a)"), [&](const PlanYear& y) {
    double c = 0.0;
    for (const auto& n : y.networks) c += finite_or_zero(n.total_annuity_eur_per_a);
    return num(c, 0, lang);
  });
  fmt::format_to(out, "</tbody></table>\n");
  source_note(out, lang,
              tr(lang, "HeatTwin-Ergebnisdatei, alle Jahre; Kosten VDI 2067 (Technikkatalog-Werte in data/technology)",
                 "HeatTwin results file, all years; costs VDI 2067 (catalogue values in data/technology)"),
              tr(lang,
                 "Erneuerbar: Biomasse, Umweltwärme, Solarthermie, Abwärme und der erneuerbare Anteil der Netzwärme; "
                 "Strom und Wasserstoff zählen 0 % (Strommix und Herkunft des Wasserstoffs sind nicht im Zwilling).",
                 "renewable: biomass, ambient heat, solar thermal, waste heat and the renewable share of network heat; "
                 "electricity and hydrogen count 0 % (grid mix and origin of hydrogen are not in the twin)."));
  std::vector<int> years;
  std::vector<std::vector<double>> values;
  std::vector<std::string> series;
  std::vector<const char*> colours;
  std::vector<std::size_t> used;
  for (std::size_t k = 0; k < PLAN_CARRIERS.size(); ++k) {
    bool any = false;
    for (const auto& y : p.years) any = any || y.final_energy_mwh[k] > 0.0;
    if (!any) continue;
    used.push_back(k);
    series.push_back(carrier_text(PLAN_CARRIERS[k], lang));
    colours.push_back(CARRIER_COLOURS[k]);
  }
  for (const auto& y : p.years) {
    years.push_back(y.year);
    std::vector<double> v;
    for (const std::size_t k : used) v.push_back(y.final_energy_mwh[k]);
    values.push_back(std::move(v));
  }
  stacked_year_chart(out, tr(lang, "Endenergie nach Energieträger (MWh/a)", "final energy by carrier (MWh/a)"), years,
                     values, series, colours, "MWh/a", lang);
  std::vector<std::vector<double>> co2;
  for (const auto& y : p.years) co2.push_back({y.co2_t});
  stacked_year_chart(out, tr(lang, "CO2-Emissionen (t/a)", "CO2 emissions (t/a)"), years, co2,
                     {tr(lang, "CO2-Äquivalent", "CO2 equivalent")}, {"#525252"}, "t/a", lang);
  fmt::format_to(out, "</section>\n");
}

void versorgungsgebiete(Out out, const HeatPlan& p, const HeatPlanOptions& o) {
  const Lang lang = o.lang;
  fmt::format_to(out, "<section id=\"versorgungsgebiete\"><h2>4 {}</h2>\n",
                 tr(lang, "Wärmeversorgungsgebiete", "Wärmeversorgungsgebiete (supply areas)"));
  fmt::format_to(
      out, "<p class=\"note\">{}</p>\n",
      tr(lang,
         "Voraussichtliche Wärmeversorgungsgebiete nach WPG §18 mit den Eignungsstufen nach §19: sehr wahrscheinlich "
         "geeignet, wahrscheinlich geeignet, wahrscheinlich ungeeignet, sehr wahrscheinlich ungeeignet.",
         "Expected supply areas after WPG §18 with the suitability grades of §19: very likely suitable, likely "
         "suitable, likely unsuitable, very likely unsuitable."));
  for (std::size_t k = 0; k < p.years.size(); ++k) {
    const PlanYear& y = p.years[k];
    fmt::format_to(out, "<h3 id=\"gebiete-{0}\">{1} {0}</h3>\n", y.year, tr(lang, "Zieljahr", "Target year"));
    if (k == 0) fmt::format_to(out, "<p class=\"note\">{}</p>\n", tr(lang, "Basisjahr.", "Base year."));
    if (y.areas.empty()) {
      fmt::format_to(out, "<p class=\"missing\">{}</p>\n",
                     tr(lang, "Für dieses Jahr enthält die Ergebnisdatei keine Einteilung in Versorgungsgebiete.",
                        "The results file has no supply areas for this year."));
      continue;
    }
    map_svg(
        out, p, y, MapKind::supply_areas, o,
        fmt::format("{} {}", tr(lang, "Voraussichtliche Wärmeversorgungsgebiete", "Expected supply areas"), y.year));
    // Summary by type, then the sub-areas with their grades and reasons. Large municipalities have
    // hundreds of sub-areas per year: their list is folded (not printed) and given for the target
    // year only; every year's list is in the GeoPackage (export --format gpkg).
    {
      std::map<std::string, std::array<double, 3>> by_type;  // sub-areas, buildings, heat demand
      for (const auto& a : y.areas) {
        auto& t = by_type[a.withheld ? std::string("withheld") : a.type];
        t[0] += 1.0;
        t[1] += a.buildings;
        t[2] += finite_or_zero(a.heat_demand_mwh);
      }
      fmt::format_to(out,
                     "<table><thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th "
                     "class=\"n\">{}</th></tr></thead><tbody>\n",
                     tr(lang, "Gebietstyp", "type"), tr(lang, "Teilgebiete", "sub-areas"),
                     tr(lang, "Gebäude", "buildings"), tr(lang, "Wärmebedarf (MWh/a)", "heat demand (MWh/a)"));
      for (const auto& [type, t] : by_type)
        fmt::format_to(
            out, "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
            type == "withheld" ? std::string(tr(lang, "gesperrt (Datenschutz)", "withheld (data protection)"))
                               : html_escape(supply_area_type_text(type, lang)),
            num(t[0], 0, lang), num(t[1], 0, lang), num(t[2], 0, lang));
      fmt::format_to(out, "</tbody></table>\n");
    }
    const bool last = k + 1 == p.years.size();
    const bool fold = y.areas.size() > MAX_UNFOLDED_AREAS;
    if (fold && !last) {
      fmt::format_to(out, "<p class=\"note\">{} {} {}</p>\n", num(static_cast<double>(y.areas.size()), 0, lang),
                     tr(lang, "Teilgebiete; die Liste mit Eignungsstufen und Begründungen steht beim Zieljahr",
                        "sub-areas; the list with grades and reasons is given for the target year"),
                     tr(lang, "und für jedes Jahr in heattwin export --format gpkg.",
                        "and for every year in heattwin export --format gpkg."));
      continue;
    }
    if (fold)
      fmt::format_to(out, "<details><summary>{} {}</summary>\n", num(static_cast<double>(y.areas.size()), 0, lang),
                     tr(lang, "Teilgebiete mit Eignungsstufen und Begründungen (aufklappen)",
                        "sub-areas with grades and reasons (open)"));
    fmt::format_to(
        out,
        "<table class=\"areas\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
        "<th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr><tr><th></th>"
        "<th colspan=\"7\">{}</th></tr></thead>\n",
        tr(lang, "Teilgebiet", "sub-area"), tr(lang, "Gebietstyp", "type"), tr(lang, "Wärmenetz", "heat network"),
        tr(lang, "Wasserstoffnetz", "hydrogen network"), tr(lang, "dezentral", "decentralised"),
        tr(lang, "Gebäude", "buildings"), tr(lang, "Wärmedichte (MWh/(ha·a))", "heat density (MWh/(ha·a))"),
        tr(lang, "Wärmeliniendichte (MWh/(m·a))", "heat line density (MWh/(m·a))"), tr(lang, "Begründung", "reasons"));
    // Each sub-area is one <tbody>: its values, then its reasons in words across the table.
    for (const auto& a : y.areas) {
      const std::string reasons = html_escape(supply_area_reason_text(a.reasons, lang));
      if (a.withheld) {
        fmt::format_to(out,
                       "<tbody class=\"area\"><tr><td>{}</td><td colspan=\"7\"><i>{}</i></td></tr>"
                       "<tr class=\"reason\"><td></td><td colspan=\"7\">{}</td></tr></tbody>\n",
                       html_escape(a.id), tr(lang, "gesperrt (Datenschutz)", "withheld (data protection)"), reasons);
        continue;
      }
      fmt::format_to(out,
                     "<tbody class=\"area\"><tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                     "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>"
                     "<tr class=\"reason\"><td></td><td colspan=\"7\">{}</td></tr></tbody>\n",
                     html_escape(a.id), html_escape(supply_area_type_text(a.type, lang)),
                     html_escape(suitability_text(a.heat_network_grade, lang)),
                     html_escape(suitability_text(a.hydrogen_grade, lang)),
                     html_escape(suitability_text(a.decentralised_grade, lang)),
                     num(static_cast<double>(a.buildings), 0, lang), num(a.heat_density_mwh_per_ha_a, 1, lang),
                     a.line_density_mwh_per_m_a > 0.0 ? num(a.line_density_mwh_per_m_a, 2, lang) : std::string("–"),
                     reasons);
    }
    fmt::format_to(out, "</table>{}\n", fold ? "</details>" : "");
  }
  source_note(
      out, lang,
      tr(lang,
         "HeatTwin-Klassifikation (docs/SUPPLY.md): Wärmedichte-Bänder KEA-BW, Wärmeliniendichte, Kostenvergleich VDI "
         "2067",
         "HeatTwin classification (docs/SUPPLY.md): KEA-BW density bands, heat line density, VDI 2067 cost comparison"),
      tr(lang,
         "ohne Gasnetz- und Wasserstoffdaten ist das Wasserstoffnetz überall sehr wahrscheinlich ungeeignet; "
         "Teilgebiete an der Gemeindegrenze können über sie hinausreichen.",
         "without gas grid and hydrogen data a hydrogen network is very likely unsuitable everywhere; sub-areas at the "
         "municipal boundary may reach beyond it."));
  fmt::format_to(out, "</section>\n");
}

void umsetzungsstrategie(Out out, const HeatPlan& p, const HeatPlanOptions& o) {
  const Lang lang = o.lang;
  fmt::format_to(out, "<section id=\"umsetzungsstrategie\"><h2>5 {}</h2>\n",
                 tr(lang, "Umsetzungsstrategie", "Umsetzungsstrategie (implementation)"));
  fmt::format_to(out,
                 "<table><thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th>"
                 "<th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>\n",
                 tr(lang, "Zeitraum", "period"), tr(lang, "zu sanierende Gebäude", "buildings to refurbish"),
                 tr(lang, "je Jahr", "per year"), tr(lang, "zu ersetzende Heizungen", "systems to replace"),
                 tr(lang, "neue Netzanschlüsse", "new network connections"),
                 tr(lang, "Netztrasse neu (m)", "new network route (m)"),
                 tr(lang, "Kapitalkosten Netz, Annuität (EUR/a)", "network capital cost, annuity (EUR/a)"));
  for (std::size_t k = 1; k < p.years.size(); ++k) {
    const PlanYear& a = p.years[k - 1];
    const PlanYear& b = p.years[k];
    const double refurb = static_cast<double>(b.refurbished) - static_cast<double>(a.refurbished);
    const int span = std::max(1, b.year - a.year);
    double route_a = 0.0, route_b = 0.0, capital = 0.0;
    for (const auto& n : a.networks) route_a += finite_or_zero(n.route_length_m);
    for (const auto& n : b.networks) {
      route_b += finite_or_zero(n.route_length_m);
      capital += finite_or_zero(n.capital_annuity_eur_per_a);
    }
    fmt::format_to(out,
                   "<tr><td>{}–{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td "
                   "class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                   a.year, b.year, num(refurb, 0, lang), num(refurb / span, 1, lang),
                   num(static_cast<double>(b.buildings - std::min(b.buildings, b.kept_existing)), 0, lang),
                   num(static_cast<double>(b.network_supplied) - static_cast<double>(a.network_supplied), 0, lang),
                   num(std::max(0.0, route_b - route_a), 0, lang), num(capital, 0, lang));
  }
  fmt::format_to(out, "</tbody></table>\n");
  const PlanYear& b = p.years.front();
  if (!b.networks.empty()) {
    fmt::format_to(out,
                   "<h3>{}</h3><table><thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th "
                   "class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>\n",
                   tr(lang, "Wärmenetze des Szenarios", "Heat networks of the scenario"), tr(lang, "Netz", "network"),
                   tr(lang, "Anschlüsse", "connections"), tr(lang, "Trasse (m)", "route (m)"),
                   tr(lang, "Wärmeliniendichte (MWh/(m·a))", "heat line density (MWh/(m·a))"),
                   tr(lang, "Wärmegestehungskosten (EUR/MWh)", "cost of heat (EUR/MWh)"),
                   tr(lang, "Annuität gesamt (EUR/a)", "total annuity (EUR/a)"));
    for (const auto& n : b.networks)
      fmt::format_to(out,
                     "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td "
                     "class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                     html_escape(n.id), num(n.consumers, 0, lang), num(n.route_length_m, 0, lang),
                     num(n.line_density_mwh_per_m_a, 2, lang), num(n.lcoh_eur_per_mwh, 1, lang),
                     num(n.total_annuity_eur_per_a, 0, lang));
    fmt::format_to(out, "</tbody></table>\n");
    fmt::format_to(
        out,
        "<h3>{}</h3><table><thead><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th "
        "class=\"n\">{}</th><th>{}</th></tr></thead><tbody>\n",
        tr(lang, "Anteil erneuerbarer Wärme im Netz (WPG §29, §31)", "Renewable heat in the network (WPG §29, §31)"),
        tr(lang, "Jahr", "year"), tr(lang, "Netz", "network"), tr(lang, "Anteil", "share"), tr(lang, "Ziel", "target"),
        tr(lang, "erfüllt", "met"));
    for (const auto& y : p.years)
      for (const auto& n : y.networks)
        fmt::format_to(out,
                       "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>\n",
                       y.year, html_escape(n.id), percent(n.renewable_share, lang), percent(n.wpg_target_share, lang),
                       n.meets_wpg_target == 1   ? tr(lang, "ja", "yes")
                       : n.meets_wpg_target == 0 ? tr(lang, "<b>nein</b>", "<b>no</b>")
                                                 : "–");
    fmt::format_to(out, "</tbody></table>\n");
    plants_table_html(out, p.years.back().plants, p.years.back().year, lang);  // viz/heat_plan_plants.hpp
  } else {
    fmt::format_to(out, "<p>{}</p>\n",
                   tr(lang, "Das Szenario enthält kein Wärmenetz.", "The scenario has no heat network."));
  }
  investment_table_html(out, p, o);
  source_note(out, lang,
              tr(lang, "HeatTwin-Ergebnisdatei (Differenzen zwischen den Jahren)",
                 "HeatTwin results file (differences between the years)"),
              tr(lang,
                 "Zu ersetzende Heizungen: Gebäude, deren bisherige Anlage im Zieljahr nicht mehr in Betrieb ist "
                 "(Austausch nach Lebensdauer).",
                 "systems to replace: buildings whose previous system is no longer in service in the target year "
                 "(replacement at end of life)."));
  fmt::format_to(out, "</section>\n");
}

/// The network a warning is about ("network '<id>' …"), empty for a warning of the whole run.
std::string_view warning_network(std::string_view w) {
  constexpr std::string_view prefix = "network '";
  if (w.substr(0, prefix.size()) != prefix) return {};
  const std::size_t end = w.find('\'', prefix.size());
  return end == std::string_view::npos ? std::string_view{} : w.substr(prefix.size(), end - prefix.size());
}

/// The run's warnings that concern the municipality: those of the whole run and those of the
/// networks serving it — the year's networks of the plan, or a per-municipality network of the
/// municipality, named `<name>_<AGS>` (docs/NETWORKS.md); the warnings of other municipalities'
/// networks are only counted (a state run with a network per municipality has thousands).
void warnings_section(Out out, const HeatPlan& p, Lang lang) {
  std::size_t shown = 0, elsewhere = 0;
  const std::string own_suffix = "_" + p.ags;
  const auto concerns_plan = [&](const PlanYear& y, std::string_view w) {
    const std::string_view network = warning_network(w);
    if (network.empty()) return true;
    if (!p.ags.empty() && network.size() > own_suffix.size() &&
        network.substr(network.size() - own_suffix.size()) == own_suffix)
      return true;
    return std::any_of(y.networks.begin(), y.networks.end(), [&](const PlanNetwork& n) { return n.id == network; });
  };
  for (const auto& y : p.years)
    for (const auto& w : y.warnings) ++(concerns_plan(y, w) ? shown : elsewhere);
  if (shown + elsewhere == 0) return;
  fmt::format_to(out, "<section id=\"warnungen\"><h2>{}</h2>\n<div class=\"warn\">",
                 tr(lang, "Warnungen der Berechnung", "Warnings of the run"));
  if (shown > 0) {
    fmt::format_to(out, "<ul>\n");
    for (const auto& y : p.years)
      for (const auto& w : y.warnings)
        if (concerns_plan(y, w)) fmt::format_to(out, "<li>{}: {}</li>\n", y.year, html_escape(w));
    fmt::format_to(out, "</ul>");
  }
  if (elsewhere > 0)
    fmt::format_to(out, "<p>{}</p>",
                   fmt::format(fmt::runtime(tr(lang,
                                               "{} weitere Warnungen der Berechnung betreffen Wärmenetze anderer "
                                               "Gemeinden (Ergebnisdatei, Gruppe warnings je Jahr).",
                                               "{} further warnings of the run concern other municipalities' heat "
                                               "networks (results file, group warnings of each year).")),
                               format_number(static_cast<double>(elsewhere), 0, lang)));
  fmt::format_to(out, "</div></section>\n");
}

void comparison_section(Out out, const std::vector<const HeatPlan*>& plans, const HeatPlanOptions& o) {
  const Lang lang = o.lang;
  fmt::format_to(out, "<section id=\"vergleich\"><h2>{}</h2>\n", tr(lang, "Szenarienvergleich", "Scenario comparison"));
  fmt::format_to(out, "<table><thead><tr><th>{}</th><th>{}</th>", tr(lang, "Kennzahl", "indicator"),
                 tr(lang, "Jahr", "year"));
  for (const auto* p : plans) fmt::format_to(out, "<th class=\"n\">{}</th>", html_escape(p->scenario));
  fmt::format_to(out, "</tr></thead><tbody>\n");
  const auto year_of = [](const HeatPlan& p, int year) -> const PlanYear* {
    for (const auto& y : p.years)
      if (y.year == year) return &y;
    return nullptr;
  };
  const auto rows = [&](const std::string& label, auto value_of) {
    for (const auto& y0 : plans.front()->years) {
      fmt::format_to(out, "<tr><td>{}</td><td>{}</td>", html_escape(label), y0.year);
      for (const auto* p : plans) {
        const PlanYear* y = year_of(*p, y0.year);
        fmt::format_to(out, "<td class=\"n\">{}</td>", y != nullptr ? value_of(*y) : std::string("–"));
      }
      fmt::format_to(out, "</tr>\n");
    }
  };
  rows(tr(lang, "Wärmebedarf (MWh/a)", "heat demand (MWh/a)"),
       [&](const PlanYear& y) { return num(y.space_heating_mwh + y.hot_water_mwh, 0, lang); });
  rows(tr(lang, "Endenergie (MWh/a)", "final energy (MWh/a)"),
       [&](const PlanYear& y) { return num(y.total_final_energy_mwh(), 0, lang); });
  rows(tr(lang, "CO2-Emissionen (t/a)", "CO2 emissions (t/a)"),
       [&](const PlanYear& y) { return num(y.co2_t, 0, lang); });
  rows(tr(lang, "Anteil erneuerbar", "renewable share"),
       [&](const PlanYear& y) { return percent(y.renewable_share(), lang); });
  rows(tr(lang, "sanierte Gebäude", "refurbished buildings"),
       [&](const PlanYear& y) { return num(static_cast<double>(y.refurbished), 0, lang); });
  rows(tr(lang, "Gebäude am Wärmenetz", "buildings on a heat network"),
       [&](const PlanYear& y) { return num(static_cast<double>(y.network_supplied), 0, lang); });
  rows(tr(lang, "Kosten, Annuität (EUR/a)", "cost, annuity (EUR/a)"), [&](const PlanYear& y) {
    double c = y.supply_cost_eur_per_a;
    for (const auto& n : y.networks) c += finite_or_zero(n.total_annuity_eur_per_a);
    return num(c, 0, lang);
  });
  fmt::format_to(out, "</tbody></table>\n<div class=\"maps\">\n");
  for (const auto* p : plans) {
    const PlanYear& t = p->years.back();
    map_svg(out, *p, t, MapKind::supply_areas, o,
            fmt::format("{} {} · {}", tr(lang, "Versorgungsgebiete", "Supply areas"), t.year, p->scenario));
  }
  fmt::format_to(out, "</div>\n");
  source_note(out, lang, fmt::format("{}", tr(lang, "HeatTwin-Ergebnisdateien", "HeatTwin results files")), "");
  fmt::format_to(out, "</section>\n");
}

void assumptions_section(Out out, const HeatPlan& p, Lang lang) {
  const PlanYear& b = p.years.front();
  fmt::format_to(out, "<section id=\"datengrundlage\"><h2>{}</h2>\n<ul>\n",
                 tr(lang, "Datengrundlage und Annahmen", "Data and assumptions"));
  fmt::format_to(
      out, "<li>{}: {} ({}).</li>\n",
      tr(lang, "Heizungsträger aus Zensus-2022-Anteilen gezogen", "heating carriers drawn from Zensus 2022 shares"),
      num(static_cast<double>(b.carrier_imputed), 0, lang), percent(share_of(b.carrier_imputed, b.buildings), lang));
  fmt::format_to(out, "<li>{}: {} ({}).</li>\n",
                 tr(lang, "Einbaujahr der Heizung angenommen", "installation year of the system assumed"),
                 num(static_cast<double>(b.install_year_imputed), 0, lang),
                 percent(share_of(b.install_year_imputed, b.buildings), lang));
  fmt::format_to(out, "<li>{}: {} {}, {} {}, {} {}.</li>\n", tr(lang, "Herkunft der U-Werte", "origin of the U-values"),
                 percent(p.u_value_provenance_share[1], lang), tr(lang, "gemessen", "measured"),
                 percent(p.u_value_provenance_share[3], lang), tr(lang, "Typologie (TABULA)", "typology (TABULA)"),
                 percent(p.u_value_provenance_share[4], lang), tr(lang, "imputiert", "imputed"));
  {  // What the run had of the planners' own data (its inputs), and what it did not have.
    std::vector<std::string> missing;
    const auto lacks = [&](const char* role) { return !p.meta.inputs.contains(role); };
    if (lacks("gas_grid")) missing.emplace_back(tr(lang, "Gasnetz", "gas grid"));
    if (lacks("hydrogen_plan")) missing.emplace_back(tr(lang, "Wasserstoffnetzplanung", "hydrogen network plan"));
    if (lacks("potentials"))
      missing.emplace_back(tr(lang, "Potenzialflächen und -punkte (außer den Potenzialgrenzen des Szenarios)",
                              "potential layers (other than the scenario's potential caps)"));
    if (lacks("census_heating_grid")) missing.emplace_back(tr(lang, "Zensus-Gittertabellen", "census grid tables"));
    missing.emplace_back(tr(lang, "gemessene Verbräuche", "metered consumption"));
    missing.emplace_back(tr(lang, "Sanierungskosten", "refurbishment costs"));
    fmt::format_to(out, "<li>{}: {}.</li>\n",
                   tr(lang, "Nicht in den Eingaben und daher nicht im Bericht",
                      "Not among the inputs and therefore not in the report"),
                   fmt::join(missing, ", "));
  }
  fmt::format_to(out, "</ul>\n<h3>{}</h3><table><tbody>\n", tr(lang, "Eingaben", "Inputs"));
  fmt::format_to(out, "<tr><td>{}</td><td><code>{}</code></td></tr>\n", tr(lang, "Ergebnisdatei", "results file"),
                 html_escape(p.results_path));
  for (const auto& [role, path] : p.meta.inputs) {
    const auto sha = p.meta.input_sha256.find(role);
    fmt::format_to(out, "<tr><td>{}</td><td><code>{}</code><br><small>SHA-256 {}</small></td></tr>\n",
                   html_escape(role), html_escape(path),
                   html_escape(sha != p.meta.input_sha256.end() ? sha->second : std::string("–")));
  }
  fmt::format_to(out, "</tbody></table>\n");
  fmt::format_to(out, "{}", cost_assumptions_table_html(p.results_path, p.scenario, lang));  // Kostenannahmen
  if (!p.meta.scenario_toml.empty())
    fmt::format_to(out, "<details><summary>{}</summary><pre>{}</pre></details>\n",
                   tr(lang, "Szenariodatei", "scenario file"), html_escape(p.meta.scenario_toml));
  fmt::format_to(out, "</section>\n");
}

}  // namespace

std::string render_heat_plan_html(const std::vector<const HeatPlan*>& plans, const HeatPlanOptions& options) {
  HEATTWIN_CHECK(!plans.empty() && plans.front() != nullptr && !plans.front()->years.empty(),
                 "render_heat_plan_html: no plan with years");
  const HeatPlan& p = *plans.front();
  const Lang lang = options.lang;
  std::string html;
  html.reserve(256 * 1024);
  auto out = std::back_inserter(html);
  const std::string title =
      fmt::format("{} – {}", tr(lang, "Kommunaler Wärmeplan", "Municipal heat plan"), municipality_title(p, lang));
  fmt::format_to(
      out,
      "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"heattwin {} ({})\">\n<title>{}</title>\n<style>{}</style></head>\n"
      "<body>\n",
      lang == Lang::de ? "de" : "en", VERSION, GIT_SHA, html_escape(title), STYLE);
  fmt::format_to(out, "<header><h1>{}</h1>\n<p class=\"meta\">", html_escape(title));
  if (!p.kreis_name.empty()) fmt::format_to(out, "{}: {} · ", tr(lang, "Kreis", "district"), html_escape(p.kreis_name));
  if (p.population > 0)
    fmt::format_to(out, "{}: {} · ", tr(lang, "Einwohner", "inhabitants"),
                   num(static_cast<double>(p.population), 0, lang));
  fmt::format_to(out, "{}: <b>{}</b> · {}: ", tr(lang, "Szenario", "scenario"), html_escape(p.scenario),
                 tr(lang, "Jahre", "years"));
  for (std::size_t k = 0; k < p.years.size(); ++k) fmt::format_to(out, "{}{}", k == 0 ? "" : ", ", p.years[k].year);
  fmt::format_to(out, "<br>{} heattwin {} ({}), {} {} – {} UTC. {}</p>\n", tr(lang, "Berechnet mit", "Computed with"),
                 html_escape(p.meta.heattwin_version), html_escape(p.meta.git_sha), tr(lang, "Lauf", "run"),
                 html_escape(p.meta.started_utc), html_escape(p.meta.finished_utc),
                 tr(lang, "Gliederung nach WPG §23 und Anlage 2.", "Structured after WPG §23 and Anlage 2."));
  fmt::format_to(out,
                 "</header>\n<nav><a href=\"#bestandsanalyse\">{}</a><a href=\"#potenzialanalyse\">{}</a>"
                 "<a href=\"#zielszenario\">{}</a><a href=\"#versorgungsgebiete\">{}</a>"
                 "<a href=\"#umsetzungsstrategie\">{}</a>{}<a href=\"#datengrundlage\">{}</a></nav>\n",
                 tr(lang, "Bestandsanalyse", "Inventory"), tr(lang, "Potenzialanalyse", "Potentials"),
                 tr(lang, "Zielszenario", "Target scenario"), tr(lang, "Wärmeversorgungsgebiete", "Supply areas"),
                 tr(lang, "Umsetzungsstrategie", "Implementation"),
                 plans.size() > 1
                     ? fmt::format("<a href=\"#vergleich\">{}</a>", tr(lang, "Szenarienvergleich", "Comparison"))
                     : std::string(),
                 tr(lang, "Datengrundlage", "Data"));
  // Summary: base → target year.
  const PlanYear& b = p.years.front();
  const PlanYear& t = p.years.back();
  fmt::format_to(out, "<section id=\"zusammenfassung\" style=\"break-before:auto\"><h2>{}</h2><div class=\"kpi\">\n",
                 tr(lang, "Zusammenfassung", "Summary"));
  kpi(out, fmt::format("{} {} → {}", tr(lang, "Wärmebedarf (MWh/a)", "heat demand (MWh/a)"), b.year, t.year),
      fmt::format("{} → {}", num(b.space_heating_mwh + b.hot_water_mwh, 0, lang),
                  num(t.space_heating_mwh + t.hot_water_mwh, 0, lang)));
  kpi(out, fmt::format("{} {} → {}", tr(lang, "CO2 (t/a)", "CO2 (t/a)"), b.year, t.year),
      fmt::format("{} → {}", num(b.co2_t, 0, lang), num(t.co2_t, 0, lang)));
  kpi(out, fmt::format("{} {} → {}", tr(lang, "Anteil erneuerbar", "renewable share"), b.year, t.year),
      fmt::format("{} → {}", percent(b.renewable_share(), lang), percent(t.renewable_share(), lang)));
  kpi(out, fmt::format("{} {}", tr(lang, "sanierte Gebäude bis", "buildings refurbished by"), t.year),
      num(static_cast<double>(t.refurbished), 0, lang));
  fmt::format_to(out, "</div></section>\n");
  warnings_section(out, p, lang);
  bestandsanalyse(out, p, options);
  potenzialanalyse(out, p, options);
  zielszenario(out, p, options);
  versorgungsgebiete(out, p, options);
  umsetzungsstrategie(out, p, options);
  if (plans.size() > 1) comparison_section(out, plans, options);
  assumptions_section(out, p, lang);
  fmt::format_to(
      out, "<footer class=\"note\"><p>{} heattwin {} ({}) <code>report</code>. {}</p></footer>\n</body></html>\n",
      tr(lang, "Erstellt von", "Written by"), VERSION, GIT_SHA,
      tr(lang, "Dieses Dokument lädt nichts aus dem Netz.", "This document loads nothing from the network."));
  return html;
}

}  // namespace heattwin::viz
