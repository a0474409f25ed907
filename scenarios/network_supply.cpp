#include "scenarios/network_supply.hpp"

#include "solvers/network/district_heating.hpp"
#include "twin/crs.hpp"
#include "twin/error.hpp"
#include "twin/physical_constants.hpp"
#include "twin/twin.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace heattwin::scenarios {
namespace {

namespace ec = solvers::economics;
namespace sp = solvers::supply;

/// Volumetric heat capacity of water, kWh/(m³·K): 1000 kg/m³ × 4.187 kJ/(kg·K) / 3600 s/h.
constexpr double WATER_KWH_PER_M3K =
    twin::WATER_DENSITY_KG_PER_M3 * twin::WATER_HEAT_CAPACITY_KJ_PER_KGK / twin::SECONDS_PER_HOUR;

std::string_view kind_name(sp::PlantKind kind) {
  switch (kind) {
    case sp::PlantKind::heat_pump:
      return "heat_pump";
    case sp::PlantKind::chp:
      return "chp";
    case sp::PlantKind::boiler:
      return "boiler";
    case sp::PlantKind::solar_thermal:
      return "solar_thermal";
    case sp::PlantKind::waste_heat:
      return "waste_heat";
  }
  return "boiler";
}

std::string plant_where(const NetworkPlantConfig& p) {
  return p.line > 0 ? fmt::format("[network.plants.{}] (line {})", p.id, p.line)
                    : fmt::format("default plant '{}'", p.id);
}

}  // namespace

NetworkSupplyConfig default_network_supply() {
  NetworkSupplyConfig c;
  c.default_portfolio = true;
  NetworkPlantConfig hp;
  hp.id = "heat_pump";
  hp.kind = sp::PlantKind::heat_pump;
  hp.technology = "large_heat_pump";
  hp.fuel = ec::Carrier::electricity;
  hp.capacity_share = 0.35;
  hp.source_outdoor_air = true;
  c.plants.push_back(hp);
  NetworkPlantConfig boiler;
  boiler.id = "peak_boiler";
  boiler.kind = sp::PlantKind::boiler;
  boiler.technology = "gas_boiler_large";
  boiler.fuel = ec::Carrier::natural_gas;
  boiler.capacity_share = 1.0;
  c.plants.push_back(boiler);
  c.storage.enabled = true;
  c.storage.hours_of_peak = 2.0;
  return c;
}

ec::TechnologyCatalogue network_catalogue(const ec::TechnologyCatalogue& base, const NetworkSupplyConfig& config,
                                          const std::string& scenario_path) {
  ec::TechnologyCatalogue catalogue = base;
  for (const NetworkCostOverride& o : config.costs) {
    HEATTWIN_CHECK(base.has(o.technology, o.parameter),
                   "{}:{}: [network.costs.{}] '{}': the catalogue {} has no such technology and parameter (give "
                   "one of its rows)",
                   scenario_path, o.line, o.technology, o.parameter, base.origin());
    ec::TechnologyParameter p = base.parameter(o.technology, o.parameter);
    p.value = o.value;
    p.source = fmt::format("scenario {} line {}", scenario_path, o.line);
    p.verified = false;
    p.line = o.line;
    catalogue.set(o.technology, o.parameter, p);
  }
  return catalogue;
}

std::vector<ec::PipeLength> priced_pipe_lengths(std::span<const double> length_m,
                                                std::span<const double> inner_diameter_m,
                                                const ec::TechnologyCatalogue& catalogue) {
  HEATTWIN_CHECK(length_m.size() == inner_diameter_m.size(), "pipe costs: {} lengths but {} diameters", length_m.size(),
                 inner_diameter_m.size());
  std::vector<solvers::network::PipeSize> priced;
  for (const auto& size : solvers::network::en253_pipe_sizes()) {
    if (catalogue.has(fmt::format("pipe_dn{}", size.dn), "capex_eur_per_m")) priced.push_back(size);
  }
  HEATTWIN_CHECK(!priced.empty(), "{}: no pipe_dn<DN> row with capex_eur_per_m for an EN 253 size", catalogue.origin());
  std::map<int, double> by_dn;
  for (std::size_t p = 0; p < length_m.size(); ++p) {
    const auto it = std::find_if(priced.begin(), priced.end(),
                                 [&](const auto& s) { return s.inner_diameter_m >= inner_diameter_m[p] - 1e-6; });
    by_dn[it == priced.end() ? priced.back().dn : it->dn] += length_m[p];
  }
  std::vector<ec::PipeLength> out;
  for (const auto& [dn, len] : by_dn) out.push_back({dn, len});
  return out;
}

NetworkSupplyYear evaluate_network_supply(const NetworkSupplyConfig& config, const NetworkSupplyInput& in,
                                          const ec::TechnologyCatalogue& catalogue, const ec::CarrierData& carriers) {
  const std::size_t hours = in.plant_heat_kw.size();
  HEATTWIN_CHECK(hours > 0, "network supply: the plant heat series is empty");
  HEATTWIN_CHECK(std::isfinite(in.design_peak_kw) && in.design_peak_kw >= 0.0,
                 "network supply: design peak plant heat {} kW", in.design_peak_kw);
  const std::vector<NetworkPlantConfig>& plants = config.plants;
  HEATTWIN_CHECK(!plants.empty(), "[network]: the plant portfolio is empty");
  NetworkSupplyYear out;
  out.year = in.year;
  sp::DispatchInput d;
  d.load_kw = in.plant_heat_kw;
  const std::array<double, 1> supply_t{in.t_supply_c};
  d.supply_t_c = supply_t;
  d.year = in.year;
  d.chp_electricity_value_eur_per_mwh = config.economics.chp_electricity_value_eur_per_mwh;
  for (std::size_t c = 0; c < ec::CARRIER_COUNT; ++c) {
    const auto carrier = static_cast<ec::Carrier>(c);
    d.price_eur_per_mwh[c] =
        carriers.price_eur_per_mwh.has(carrier) ? carriers.price_eur_per_mwh.at(carrier, in.year) : 0.0;
  }
  std::vector<ec::PlantSize> sizes;
  for (const NetworkPlantConfig& pc : plants) {
    const std::string where = plant_where(pc);
    HEATTWIN_CHECK(catalogue.has_technology(pc.technology), "{}: technology '{}' is not in the catalogue {}", where,
                   pc.technology, catalogue.origin());
    sp::Plant p;
    p.id = pc.id;
    p.kind = pc.kind;
    p.fuel = pc.fuel;
    double quantity = 0.0;  // in the unit of the technology's capex rate
    if (pc.kind == sp::PlantKind::solar_thermal) {
      HEATTWIN_CHECK(std::isfinite(pc.area_m2), "{}: solar thermal needs area_m2", where);
      const double eta0 = catalogue.value(pc.technology, "eta0");
      const double collector_t =
          std::isfinite(pc.collector_t_c) ? pc.collector_t_c : 0.5 * (in.t_supply_c + in.t_return_c);
      HEATTWIN_CHECK(in.global_horizontal_w_per_m2.size() == hours && in.outdoor_t_c.size() == hours,
                     "{}: solar thermal needs hourly irradiance and outdoor temperature", where);
      p.available_kw = sp::solar_thermal_output_kw(pc.area_m2, in.global_horizontal_w_per_m2, in.outdoor_t_c,
                                                   collector_t, eta0, catalogue.value(pc.technology, "a1_w_per_m2k"),
                                                   catalogue.value(pc.technology, "a2_w_per_m2k2"));
      p.capacity_kw = pc.area_m2 * eta0;  // 1 kW/m² on the collector, no heat loss
      quantity = pc.area_m2;
    } else {
      p.capacity_kw = std::isfinite(pc.capacity_kw) ? pc.capacity_kw : pc.capacity_share * in.design_peak_kw;
      HEATTWIN_CHECK(std::isfinite(p.capacity_kw) && p.capacity_kw >= 0.0,
                     "{}: needs capacity_kw or capacity_share (found neither)", where);
      quantity = p.capacity_kw;
    }
    if (pc.kind == sp::PlantKind::boiler || pc.kind == sp::PlantKind::chp) {
      p.efficiency = std::isfinite(pc.efficiency) ? pc.efficiency : catalogue.value(pc.technology, "efficiency");
    }
    if (pc.kind == sp::PlantKind::chp) {
      p.electric_efficiency = std::isfinite(pc.electric_efficiency)
                                  ? pc.electric_efficiency
                                  : catalogue.value(pc.technology, "electric_efficiency");
    }
    if (pc.kind == sp::PlantKind::heat_pump) {
      p.fuel = ec::Carrier::electricity;
      p.heat_pump = sp::HeatPumpModel::from_catalogue(catalogue, pc.technology);
      if (pc.source_outdoor_air) {
        HEATTWIN_CHECK(in.outdoor_t_c.size() == hours, "{}: an outdoor-air heat pump needs {} hourly temperatures",
                       where, hours);
        p.source_t_c.assign(in.outdoor_t_c.begin(), in.outdoor_t_c.end());
      } else {
        p.source_t_c = {pc.source_t_c};
      }
    }
    if (pc.kind == sp::PlantKind::waste_heat) p.available_kw = {pc.available_share * p.capacity_kw};
    p.renewable_share =
        std::isfinite(pc.renewable_share) ? pc.renewable_share : (pc.fuel == ec::Carrier::biomass ? 1.0 : 0.0);
    p.charges_storage =
        pc.charges_storage.value_or(pc.kind == sp::PlantKind::heat_pump || pc.kind == sp::PlantKind::solar_thermal ||
                                    pc.kind == sp::PlantKind::waste_heat);
    p.variable_cost_eur_per_mwh = pc.variable_cost_eur_per_mwh;
    p.annual_cap_mwh = pc.annual_cap_mwh;
    sizes.push_back({pc.technology, quantity});
    NetworkPlantYear py;
    py.id = pc.id;
    py.kind = std::string(kind_name(pc.kind));
    py.technology = pc.technology;
    py.capacity_kw = p.capacity_kw;
    py.annual_cap_mwh = pc.annual_cap_mwh;
    d.plants.push_back(std::move(p));
    out.plants.push_back(std::move(py));
  }
  for (const sp::Plant& p : d.plants) {
    out.plants[static_cast<std::size_t>(&p - d.plants.data())].fuel =
        std::string(ec::carrier_name(p.kind == sp::PlantKind::solar_thermal ? ec::Carrier::solar_thermal
                                     : p.kind == sp::PlantKind::waste_heat  ? ec::Carrier::waste_heat
                                                                            : p.fuel));
  }
  const NetworkStorageConfig& st = config.storage;
  if (st.enabled) {
    const double capacity = std::isfinite(st.capacity_kwh) ? st.capacity_kwh : st.hours_of_peak * in.design_peak_kw;
    HEATTWIN_CHECK(std::isfinite(capacity) && capacity >= 0.0,
                   "[network.storage] needs capacity_kwh or hours_of_peak (found neither)");
    const double dt = std::isfinite(st.delta_t_k) ? st.delta_t_k : in.t_supply_c - in.t_return_c;
    HEATTWIN_CHECK(dt > 0.0, "[network.storage] delta_t_k must be > 0 K, found {}", dt);
    d.storage.capacity_kwh = capacity;
    d.storage.max_charge_kw = capacity / st.charge_hours;
    d.storage.max_discharge_kw = capacity / st.charge_hours;
    d.storage.standing_loss_per_h = std::isfinite(st.standing_loss_per_h)
                                        ? st.standing_loss_per_h
                                        : catalogue.value("storage", "standing_loss_per_h");
    out.storage_capacity_kwh = capacity;
    out.storage_volume_m3 = capacity / (WATER_KWH_PER_M3K * dt);
    sizes.push_back({"storage", out.storage_volume_m3});
  }
  out.dispatch = sp::dispatch_network(d);
  for (std::size_t p = 0; p < out.plants.size(); ++p) out.plants[p].dispatch = out.dispatch.plants[p];

  // Heat sold: the consumers' delivered heat, less the share of the load left unmet.
  const double load = out.dispatch.load_mwh;
  const double met_share = load > 0.0 ? 1.0 - out.dispatch.unmet_mwh / load : 1.0;
  out.heat_sold_mwh = in.delivered_mwh * met_share;
  HEATTWIN_CHECK(out.heat_sold_mwh > 0.0, "network supply {}: no heat sold (delivered {} MWh, unmet {} of {} MWh)",
                 in.year, in.delivered_mwh, out.dispatch.unmet_mwh, load);
  ec::NetworkCostInput cost;
  cost.plants = sizes;
  cost.pipes = in.pipes;
  cost.house_connections = in.house_connections;
  cost.connected_load_kw = in.connected_load_kw;
  cost.fuel_mwh_per_a = out.dispatch.fuel_mwh;
  // Solar and waste heat carry a price of their own in prices.csv (heat bought at the fence).
  cost.pump_electricity_mwh_per_a = in.pump_electricity_mwh;
  cost.chp_electricity_mwh_per_a = out.dispatch.chp_electricity_mwh;
  cost.chp_electricity_value_eur_per_mwh = config.economics.chp_electricity_value_eur_per_mwh;
  cost.operation_first_year_eur = config.economics.operation_eur_per_a;
  cost.price_path = config.economics.price_path;
  cost.heat_sold_mwh_per_a = out.heat_sold_mwh;
  cost.heat_loss_mwh_per_a = std::max(0.0, out.dispatch.load_mwh - out.dispatch.unmet_mwh - out.heat_sold_mwh);
  const ec::AnnuityParameters& ap = config.economics.annuity;
  out.lcoh = ec::network_lcoh(cost, catalogue, carriers, in.year, ap);
  // Pipes and connections with their maintenance (the estimate of cells outside the network).
  for (const ec::PipeLength& pipe : in.pipes) {
    const ec::Investment inv = ec::investment_of(catalogue, fmt::format("pipe_dn{}", pipe.dn), pipe.length_m);
    out.pipes_annuity_eur_per_a +=
        inv.capex_eur * ec::annuity_per_eur_invested(inv.lifetime_a, inv.maintenance_share_per_a, ap);
    out.pipes_investment_eur += inv.capex_eur;
    out.route_length_m += pipe.length_m;
  }
  if (in.house_connections > 0) {
    const ec::Investment inv = ec::investment_of(catalogue, "heat_substation", in.connected_load_kw);
    const double capex =
        static_cast<double>(in.house_connections) * catalogue.value_or("heat_substation", "capex_fixed_eur", 0.0) +
        in.connected_load_kw * catalogue.value("heat_substation", "capex_eur_per_kw");
    out.connections_annuity_eur_per_a =
        capex * ec::annuity_per_eur_invested(inv.lifetime_a, inv.maintenance_share_per_a, ap);
    out.connections_investment_eur = capex;
  }
  for (const ec::PlantSize& plant : sizes)
    out.plants_investment_eur += ec::investment_of(catalogue, plant.technology, plant.quantity).capex_eur;
  out.generation_eur_per_mwh =
      out.lcoh.lcoh_eur_per_mwh - (out.pipes_annuity_eur_per_a + out.connections_annuity_eur_per_a) / out.heat_sold_mwh;
  // CO2 of the purchased energy (fuels, plant and pump electricity); no credit for CHP power.
  double co2_t = 0.0;
  for (std::size_t c = 0; c < ec::CARRIER_COUNT; ++c) {
    double mwh = out.dispatch.fuel_mwh[c];
    if (static_cast<ec::Carrier>(c) == ec::Carrier::electricity) mwh += in.pump_electricity_mwh;
    if (mwh > 0.0) co2_t += mwh * carriers.co2_g_per_kwh.at(static_cast<ec::Carrier>(c), in.year) / 1000.0;
  }
  out.co2_t = co2_t;
  out.co2_g_per_kwh_sold = co2_t / out.heat_sold_mwh * 1000.0;
  return out;
}

std::string_view cell_lcoh_method_name(CellLcohMethod method) {
  switch (method) {
    case CellLcohMethod::designed_network:
      return "designed_network";
    case CellLcohMethod::existing_network:
      return "existing_network";
    case CellLcohMethod::street_length_estimate:
      return "street_length_estimate";
    case CellLcohMethod::route_per_connection_estimate:
      return "route_per_connection_estimate";
    case CellLcohMethod::district_heat_price:
      return "district_heat_price";
  }
  return "district_heat_price";
}

CellNetworkInputs cell_network_inputs(const twin::Twin& twin, const CellNetworkQuery& cells,
                                      const CellNetworkSource& net) {
  const std::size_t rows = cells.grid_cell.size();
  HEATTWIN_CHECK(cells.heat_demand_mwh.size() == rows && cells.buildings.size() == rows,
                 "cell network inputs: {} cells but {} demands and {} building counts", rows,
                 cells.heat_demand_mwh.size(), cells.buildings.size());
  CellNetworkInputs out;
  out.route_length_m.assign(rows, 0.0);
  out.lcoh_network_eur_per_mwh.assign(rows, net.district_heat_price_eur_per_mwh);
  out.has_heat_network.assign(rows, 0);
  out.has_network_heat_source.assign(rows, 0);
  out.method.assign(rows, static_cast<std::uint8_t>(CellLcohMethod::district_heat_price));
  out.evidence_changed.assign(rows, 0);
  out.extension_lcoh_eur_per_mwh.assign(rows, std::numeric_limits<double>::quiet_NaN());
  out.extension_method.assign(rows, static_cast<std::uint8_t>(CellLcohMethod::district_heat_price));
  out.estimate_route_m.assign(rows, 0.0);
  if (net.year == nullptr) return out;

  // Row of each grid cell, and the row of a point (twin CRS) through the 100 m grid.
  std::map<std::uint64_t, std::size_t> row_of_key;
  for (std::size_t r = 0; r < rows; ++r) {
    const std::uint32_t c = cells.grid_cell[r];
    HEATTWIN_CHECK(c < twin.grid.size(), "cell network inputs: row {} names grid cell {} of {}", r, c,
                   twin.grid.size());
    row_of_key[(std::uint64_t{twin.grid.north_100m[c]} << 32) | twin.grid.east_100m[c]] = r;
  }
  const twin::CoordinateTransform to_laea(twin.crs, "EPSG:3035");
  // Sums `length` of segments (x0, y0)–(x1, y1) into the row of their midpoint.
  const auto by_midpoint = [&](std::vector<double> x, std::vector<double> y, std::span<const double> length,
                               std::vector<double>& into) {
    to_laea.transform(x, y);
    double outside = 0.0;
    for (std::size_t k = 0; k < x.size(); ++k) {
      const bool valid = std::isfinite(x[k]) && std::isfinite(y[k]) && x[k] >= 0.0 && y[k] >= 0.0;
      const auto it = valid ? row_of_key.find((static_cast<std::uint64_t>(std::floor(y[k] / 100.0)) << 32) |
                                              static_cast<std::uint64_t>(std::floor(x[k] / 100.0)))
                            : row_of_key.end();
      if (it == row_of_key.end()) {
        outside += length[k];
      } else {
        into[it->second] += length[k];
      }
    }
    return outside;
  };
  {
    const auto& pipes = twin.networks.pipes;
    const auto& junctions = twin.networks.junctions;
    std::vector<double> x, y, len;
    for (const std::uint32_t p : net.pipe_twin_index) {
      HEATTWIN_CHECK(p < pipes.size(), "cell network inputs: pipe row {} of {}", p, pipes.size());
      const std::uint32_t a = pipes.from_junction[p], b = pipes.to_junction[p];
      x.push_back(0.5 * (junctions.x_m[a] + junctions.x_m[b]));
      y.push_back(0.5 * (junctions.y_m[a] + junctions.y_m[b]));
      len.push_back(pipes.length_m[p]);
    }
    out.route_outside_cells_m = by_midpoint(std::move(x), std::move(y), len, out.route_length_m);
  }
  std::vector<double> street_m(rows, 0.0);
  const bool has_streets = twin.streets.size() > 0;
  if (has_streets) {
    const auto& s = twin.streets;
    std::vector<double> x(s.size()), y(s.size()), len(s.size());
    for (std::size_t k = 0; k < s.size(); ++k) {
      x[k] = 0.5 * (s.x0_m[k] + s.x1_m[k]);
      y[k] = 0.5 * (s.y0_m[k] + s.y1_m[k]);
      len[k] = std::hypot(s.x1_m[k] - s.x0_m[k], s.y1_m[k] - s.y0_m[k]);
    }
    by_midpoint(std::move(x), std::move(y), len, street_m);
  }

  const NetworkSupplyYear& ny = *net.year;
  bool renewable_source = false;
  for (const auto& p : ny.plants) renewable_source = renewable_source || p.dispatch.renewable_heat_mwh > 0.0;
  const double pipe_eur_per_m_a = ny.route_length_m > 0.0 ? ny.pipes_annuity_eur_per_a / ny.route_length_m : 0.0;
  const double consumers = static_cast<double>(net.consumers);
  const double connection_eur_per_a = consumers > 0.0 ? ny.connections_annuity_eur_per_a / consumers : 0.0;
  const double route_per_connection_m = consumers > 0.0 ? ny.route_length_m / consumers : 0.0;
  for (std::size_t r = 0; r < rows; ++r) {
    if (out.route_length_m[r] > 0.0) {
      out.lcoh_network_eur_per_mwh[r] = std::max(0.0, ny.lcoh.lcoh_eur_per_mwh);
      out.method[r] =
          static_cast<std::uint8_t>(net.existing ? CellLcohMethod::existing_network : CellLcohMethod::designed_network);
      out.has_heat_network[r] = net.existing ? 1 : 0;  // a designed network is planned, not existing
      out.has_network_heat_source[r] = renewable_source ? 1 : 0;
      out.evidence_changed[r] = 1;
      continue;
    }
    const double sold = net.connection_rate * cells.heat_demand_mwh[r];
    const double connections = net.connection_rate * cells.buildings[r];
    if (sold <= 0.0 || consumers <= 0.0) continue;  // district-heat price
    double route = 0.0;
    if (has_streets) {
      route = street_m[r];
      out.extension_method[r] = static_cast<std::uint8_t>(CellLcohMethod::street_length_estimate);
    }
    if (!has_streets || route <= 0.0) {
      route = route_per_connection_m * connections;
      out.extension_method[r] = static_cast<std::uint8_t>(CellLcohMethod::route_per_connection_estimate);
    }
    out.estimate_route_m[r] = route;
    out.extension_lcoh_eur_per_mwh[r] = std::max(
        0.0, (route * pipe_eur_per_m_a + connections * connection_eur_per_a) / sold + ny.generation_eur_per_mwh);
  }
  return out;
}

}  // namespace heattwin::scenarios
