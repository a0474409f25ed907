#include "solvers/supply/dispatch.hpp"

#include "twin/error.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace heattwin::solvers::supply {

namespace econ = heattwin::solvers::economics;

double wpg_network_target(int year) {
  if (year >= 2045) return 1.0;
  if (year >= 2040) return 0.8;
  if (year >= 2030) return 0.3;
  return 0.0;
}

namespace {
double value_at(std::span<const double> series, std::size_t h) { return series.size() == 1 ? series[0] : series[h]; }
}  // namespace

DispatchResult dispatch_network(const DispatchInput& in) {
  const std::size_t hours = in.load_kw.size();
  const std::size_t np = in.plants.size();
  HEATTWIN_CHECK(hours > 0, "dispatch: the load series is empty");
  HEATTWIN_CHECK(in.supply_t_c.size() == 1 || in.supply_t_c.size() == hours,
                 "dispatch: supply temperature needs 1 or {} values, got {}", hours, in.supply_t_c.size());
  const HeatStorage& st = in.storage;
  HEATTWIN_CHECK(st.capacity_kwh >= 0.0 && st.max_charge_kw >= 0.0 && st.max_discharge_kw >= 0.0 &&
                     st.standing_loss_per_h >= 0.0 && st.standing_loss_per_h < 1.0 && st.initial_kwh >= 0.0 &&
                     st.initial_kwh <= st.capacity_kwh,
                 "dispatch: store limits must be ≥ 0, its loss share in [0, 1) and its initial content within its "
                 "capacity");
  for (const Plant& p : in.plants) {
    HEATTWIN_CHECK(p.capacity_kw >= 0.0, "dispatch: plant '{}' has capacity {} kW (must be ≥ 0)", p.id, p.capacity_kw);
    HEATTWIN_CHECK(p.efficiency > 0.0 && p.efficiency <= 1.0 && p.electric_efficiency >= 0.0 &&
                       p.efficiency + p.electric_efficiency <= 1.0 + 1e-12,
                   "dispatch: plant '{}' needs a thermal efficiency in (0, 1] and a total efficiency ≤ 1", p.id);
    HEATTWIN_CHECK(p.annual_cap_mwh >= 0.0, "dispatch: plant '{}' has an annual cap of {} MWh (must be ≥ 0)", p.id,
                   p.annual_cap_mwh);
    HEATTWIN_CHECK(p.renewable_share >= 0.0 && p.renewable_share <= 1.0,
                   "dispatch: plant '{}' renewable share must lie in [0, 1]", p.id);
    HEATTWIN_CHECK(p.available_kw.empty() || p.available_kw.size() == 1 || p.available_kw.size() == hours,
                   "dispatch: plant '{}' availability needs 1 or {} values, got {}", p.id, hours,
                   p.available_kw.size());
    HEATTWIN_CHECK(p.kind != PlantKind::heat_pump || p.source_t_c.size() == 1 || p.source_t_c.size() == hours,
                   "dispatch: heat pump '{}' source temperature needs 1 or {} values, got {}", p.id, hours,
                   p.source_t_c.size());
  }
  for (std::size_t h = 0; h < hours; ++h) {
    HEATTWIN_CHECK(in.load_kw[h] >= 0.0 && std::isfinite(in.load_kw[h]), "dispatch: load of hour {} is {} kW", h,
                   in.load_kw[h]);
  }

  DispatchResult r;
  r.hours = hours;
  r.plants.resize(np);
  r.plant_heat_kw.assign(hours * np, 0.0);
  r.charge_kw.assign(hours, 0.0);
  r.discharge_kw.assign(hours, 0.0);
  r.storage_kwh.assign(hours, 0.0);
  r.unmet_kw.assign(hours, 0.0);

  auto carrier_of = [](const Plant& p) {
    switch (p.kind) {
      case PlantKind::heat_pump:
        return econ::Carrier::electricity;
      case PlantKind::solar_thermal:
        return econ::Carrier::solar_thermal;
      case PlantKind::waste_heat:
        return econ::Carrier::waste_heat;
      default:
        return p.fuel;
    }
  };

  std::vector<double> available(np), cost(np), cop_full(np);
  std::vector<double> cap_left_kwh(np);  // what is left of each plant's annual energy cap
  for (std::size_t p = 0; p < np; ++p) cap_left_kwh[p] = in.plants[p].annual_cap_mwh * 1e3;
  std::vector<std::size_t> order(np);
  double soc = st.initial_kwh;
  double content_cost_eur = 0.0;  // cost of the heat in the store (for its merit-order position)
  double charged_total = 0.0, discharged_total = 0.0;
  for (std::size_t h = 0; h < hours; ++h) {
    const double loss = soc * st.standing_loss_per_h;
    if (soc > 0.0) content_cost_eur *= (soc - loss) / soc;
    soc -= loss;
    r.storage_loss_mwh += loss * 1e-3;
    const double supply_t = value_at(in.supply_t_c, h);
    for (std::size_t p = 0; p < np; ++p) {
      const Plant& pl = in.plants[p];
      available[p] =
          pl.available_kw.empty() ? pl.capacity_kw : std::clamp(value_at(pl.available_kw, h), 0.0, pl.capacity_kw);
      available[p] = std::min(available[p], std::max(0.0, cap_left_kwh[p]));  // one hour: kW = kWh
      const double price = in.price_eur_per_mwh[static_cast<std::size_t>(carrier_of(pl))];
      switch (pl.kind) {
        case PlantKind::heat_pump:
          cop_full[p] = heat_pump_cop(pl.heat_pump, value_at(pl.source_t_c, h), supply_t);
          cost[p] = price / cop_full[p];
          break;
        case PlantKind::chp:
          cost[p] =
              price / pl.efficiency - in.chp_electricity_value_eur_per_mwh * pl.electric_efficiency / pl.efficiency;
          break;
        case PlantKind::boiler:
          cost[p] = price / pl.efficiency;
          break;
        case PlantKind::solar_thermal:
        case PlantKind::waste_heat:
          cost[p] = price;
          break;
      }
      cost[p] += pl.variable_cost_eur_per_mwh;
    }
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return cost[a] < cost[b]; });

    double remaining = in.load_kw[h];
    const double store_cost = soc > 0.0 ? content_cost_eur / soc * 1e3 : 0.0;  // €/MWh
    double discharge = 0.0;
    bool store_used = soc <= 0.0 || st.max_discharge_kw <= 0.0;
    auto use_store = [&]() {
      discharge = std::min({remaining, st.max_discharge_kw, soc});
      remaining -= discharge;
      store_used = true;
    };
    for (std::size_t k = 0; k < np && remaining > 0.0; ++k) {
      const std::size_t p = order[k];
      if (!store_used && store_cost <= cost[p]) use_store();
      const double x = std::min(available[p], remaining);
      r.plant_heat_kw[h * np + p] = x;
      remaining -= x;
    }
    if (!store_used && remaining > 0.0) use_store();
    if (discharge > 0.0) {
      content_cost_eur -= content_cost_eur * discharge / soc;
      soc -= discharge;
    }
    // Charge from spare output of the plants allowed to, cheapest first, unless the store served.
    double charge = 0.0;
    if (discharge == 0.0 && st.capacity_kwh > 0.0) {
      for (std::size_t k = 0; k < np; ++k) {
        const std::size_t p = order[k];
        if (!in.plants[p].charges_storage) continue;
        const double room = std::min(st.max_charge_kw - charge, st.capacity_kwh - soc - charge);
        if (room <= 0.0) break;
        const double x = std::min(available[p] - r.plant_heat_kw[h * np + p], room);
        if (x <= 0.0) continue;
        r.plant_heat_kw[h * np + p] += x;
        charge += x;
        content_cost_eur += x * cost[p] * 1e-3;
      }
      soc += charge;
    }
    const double unmet = std::max(remaining, 0.0);
    r.charge_kw[h] = charge;
    r.discharge_kw[h] = discharge;
    r.storage_kwh[h] = soc;
    r.unmet_kw[h] = unmet;
    charged_total += charge;
    discharged_total += discharge;
    if (unmet > 1e-9) {
      ++r.unmet_hours;
      r.unmet_mwh += unmet * 1e-3;
    }
    double produced = 0.0;
    for (std::size_t p = 0; p < np; ++p) {
      const double q = r.plant_heat_kw[h * np + p];
      produced += q;
      if (q <= 0.0) continue;
      cap_left_kwh[p] -= q;
      const Plant& pl = in.plants[p];
      PlantDispatch& pd = r.plants[p];
      pd.heat_mwh += q * 1e-3;
      pd.peak_kw = std::max(pd.peak_kw, q);
      double fuel_kwh = q, renewable_kwh = 0.0, el_out_kwh = 0.0;
      switch (pl.kind) {
        case PlantKind::heat_pump: {
          const double cop =
              heat_pump_cop(pl.heat_pump, value_at(pl.source_t_c, h), supply_t, std::min(1.0, q / pl.capacity_kw));
          fuel_kwh = q / cop;
          // Ambient heat q − electricity, and the heat from electricity by its renewable share. At
          // deep part load cycling losses can drive the COP below 1 (heat_pump_cop): the unit then
          // takes no ambient heat and only q of the electricity becomes heat, never a negative share.
          renewable_kwh = std::max(0.0, q - fuel_kwh) + std::min(q, fuel_kwh) * pl.renewable_share;
          break;
        }
        case PlantKind::chp:
          fuel_kwh = q / pl.efficiency;
          el_out_kwh = fuel_kwh * pl.electric_efficiency;
          renewable_kwh = q * pl.renewable_share;
          break;
        case PlantKind::boiler:
          fuel_kwh = q / pl.efficiency;
          renewable_kwh = q * pl.renewable_share;
          break;
        case PlantKind::solar_thermal:
        case PlantKind::waste_heat:
          renewable_kwh = q;
          break;
      }
      pd.fuel_mwh += fuel_kwh * 1e-3;
      pd.electricity_out_mwh += el_out_kwh * 1e-3;
      pd.renewable_heat_mwh += renewable_kwh * 1e-3;
      pd.cost_eur += (fuel_kwh * in.price_eur_per_mwh[static_cast<std::size_t>(carrier_of(pl))] +
                      q * pl.variable_cost_eur_per_mwh - el_out_kwh * in.chp_electricity_value_eur_per_mwh) *
                     1e-3;
    }
    const double balance = produced + discharge - charge + unmet - in.load_kw[h];
    r.max_balance_error_kw = std::max(r.max_balance_error_kw, std::abs(balance));
    r.load_mwh += in.load_kw[h] * 1e-3;
  }
  double renewable = 0.0;
  for (std::size_t p = 0; p < np; ++p) {
    const Plant& pl = in.plants[p];
    PlantDispatch& pd = r.plants[p];
    pd.full_load_hours = pl.capacity_kw > 0.0 ? pd.heat_mwh * 1e3 / pl.capacity_kw : 0.0;
    r.generation_mwh += pd.heat_mwh;
    renewable += pd.renewable_heat_mwh;
    r.fuel_mwh[static_cast<std::size_t>(carrier_of(pl))] += pd.fuel_mwh;
    r.chp_electricity_mwh += pd.electricity_out_mwh;
  }
  r.renewable_share = r.generation_mwh > 0.0 ? renewable / r.generation_mwh : 0.0;
  r.wpg_target_share = wpg_network_target(in.year);
  r.meets_wpg_target = r.renewable_share + 1e-12 >= r.wpg_target_share;
  r.storage_balance_error_kwh =
      std::abs(st.initial_kwh + charged_total - discharged_total - r.storage_loss_mwh * 1e3 - soc);
  return r;
}

std::vector<double> solar_thermal_output_kw(double area_m2, std::span<const double> irradiance_w_per_m2,
                                            std::span<const double> ambient_t_c, double mean_collector_t_c, double eta0,
                                            double a1_w_per_m2k, double a2_w_per_m2k2) {
  HEATTWIN_CHECK(area_m2 >= 0.0, "solar thermal: area must be ≥ 0 m², found {}", area_m2);
  HEATTWIN_CHECK(
      irradiance_w_per_m2.size() == ambient_t_c.size(),
      "solar thermal: irradiance ({} values) and ambient temperature ({} values) must have one value per hour",
      irradiance_w_per_m2.size(), ambient_t_c.size());
  std::vector<double> out(irradiance_w_per_m2.size());
  for (std::size_t h = 0; h < out.size(); ++h) {
    const double dt = mean_collector_t_c - ambient_t_c[h];
    const double w_per_m2 = eta0 * irradiance_w_per_m2[h] - a1_w_per_m2k * dt - a2_w_per_m2k2 * dt * dt;
    out[h] = area_m2 * std::max(0.0, w_per_m2) * 1e-3;
  }
  return out;
}

}  // namespace heattwin::solvers::supply
