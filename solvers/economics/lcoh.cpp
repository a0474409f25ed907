#include "solvers/economics/lcoh.hpp"

#include "twin/error.hpp"

#include <string_view>

namespace heattwin::solvers::economics {

Investment investment_of(const TechnologyCatalogue& catalogue, std::string_view technology, double quantity) {
  HEATTWIN_CHECK(quantity >= 0.0, "{}: quantity of {} must be ≥ 0, found {}", catalogue.origin(), technology, quantity);
  HEATTWIN_CHECK(catalogue.has_technology(technology), "{}: technology '{}' is not in the catalogue",
                 catalogue.origin(), technology);
  static constexpr std::array<std::string_view, 4> RATES = {"capex_eur_per_kw", "capex_eur_per_m2", "capex_eur_per_m3",
                                                            "capex_eur_per_m"};
  const std::string_view* rate = nullptr;
  for (const auto& r : RATES) {
    if (catalogue.has(technology, r)) {
      HEATTWIN_CHECK(rate == nullptr, "{}: technology '{}' has both {} and {}; give one capex rate", catalogue.origin(),
                     technology, *rate, r);
      rate = &r;
    }
  }
  HEATTWIN_CHECK(rate != nullptr, "{}: technology '{}' has no capex rate (capex_eur_per_kw, _m2, _m3 or _m)",
                 catalogue.origin(), technology);
  Investment inv;
  if (quantity > 0.0) {
    inv.capex_eur =
        catalogue.value_or(technology, "capex_fixed_eur", 0.0) + quantity * catalogue.value(technology, *rate);
  }
  inv.lifetime_a = static_cast<int>(catalogue.value(technology, "lifetime_a"));
  inv.maintenance_share_per_a = catalogue.value(technology, "maintenance_share_per_a");
  return inv;
}

double levelised_price_eur_per_mwh(const CarrierYearTable& prices, Carrier carrier, int first_year,
                                   const AnnuityParameters& p) {
  const double q = 1.0 + p.interest_rate;
  double present_value = 0.0;
  double discount = 1.0;
  for (int t = 1; t <= p.period_a; ++t) {
    discount /= q;
    present_value += prices.at_or_last(carrier, first_year + t - 1) * discount;
  }
  return present_value * annuity_factor(p.interest_rate, p.period_a);
}

namespace {
/// Annuity (€/a) of buying `mwh_per_a` of a carrier every year: at the price of `year` with the
/// demand price-change factor, or at the levelised price of the table's path.
double energy_annuity(const CarrierData& carriers, Carrier carrier, double mwh_per_a, int year, bool price_path,
                      const AnnuityParameters& p) {
  if (mwh_per_a <= 0.0) return 0.0;
  if (price_path) return mwh_per_a * levelised_price_eur_per_mwh(carriers.price_eur_per_mwh, carrier, year, p);
  return mwh_per_a * carriers.price_eur_per_mwh.at(carrier, year) * annuity_factor(p.interest_rate, p.period_a) *
         price_change_factor(p.demand_price_change, p.interest_rate, p.period_a);
}
}  // namespace

NetworkLcoh network_lcoh(const NetworkCostInput& in, const TechnologyCatalogue& catalogue, const CarrierData& carriers,
                         int year, const AnnuityParameters& p) {
  HEATTWIN_CHECK(in.heat_sold_mwh_per_a > 0.0, "network LCOH: heat sold must be > 0 MWh/a, found {}",
                 in.heat_sold_mwh_per_a);
  HEATTWIN_CHECK(in.heat_loss_mwh_per_a >= 0.0 && in.pump_electricity_mwh_per_a >= 0.0 &&
                     in.chp_electricity_mwh_per_a >= 0.0 && in.operation_first_year_eur >= 0.0,
                 "network LCOH: losses, pump electricity, CHP electricity and operation cost must be ≥ 0");
  NetworkLcoh out;
  const double sold = in.heat_sold_mwh_per_a;
  std::vector<Investment> all;
  auto add_group = [&](const std::vector<Investment>& group, double& eur_per_mwh) {
    const AnnuityBreakdown g = vdi2067_annuity(group, {}, p);
    eur_per_mwh = g.capital_eur_per_a / sold;
    all.insert(all.end(), group.begin(), group.end());
  };
  std::vector<Investment> plants;
  for (const PlantSize& plant : in.plants) plants.push_back(investment_of(catalogue, plant.technology, plant.quantity));
  add_group(plants, out.plants_eur_per_mwh);
  std::vector<Investment> pipes;
  for (const PipeLength& pipe : in.pipes) {
    HEATTWIN_CHECK(pipe.length_m >= 0.0, "network LCOH: length of DN {} must be ≥ 0 m, found {}", pipe.dn,
                   pipe.length_m);
    pipes.push_back(investment_of(catalogue, fmt::format("pipe_dn{}", pipe.dn), pipe.length_m));
  }
  add_group(pipes, out.pipes_eur_per_mwh);
  std::vector<Investment> connections;
  if (in.house_connections > 0) {
    // One fixed part per connection (investment_of adds it once), plus the rate per kW connected.
    Investment c = investment_of(catalogue, "heat_substation", in.connected_load_kw);
    c.capex_eur =
        static_cast<double>(in.house_connections) * catalogue.value_or("heat_substation", "capex_fixed_eur", 0.0) +
        in.connected_load_kw * catalogue.value("heat_substation", "capex_eur_per_kw");
    connections.push_back(c);
  }
  add_group(connections, out.connections_eur_per_mwh);

  double energy_eur_per_a = 0.0;
  for (std::size_t c = 0; c < CARRIER_COUNT; ++c) {
    const double e = in.fuel_mwh_per_a[c];
    HEATTWIN_CHECK(e >= 0.0, "network LCOH: purchased {} must be ≥ 0 MWh/a, found {}",
                   carrier_name(static_cast<Carrier>(c)), e);
    energy_eur_per_a += energy_annuity(carriers, static_cast<Carrier>(c), e, year, in.price_path, p);
  }
  const double pumping_eur_per_a =
      energy_annuity(carriers, Carrier::electricity, in.pump_electricity_mwh_per_a, year, in.price_path, p);
  AnnualCashFlows flows;
  flows.energy_annuity_eur_per_a = energy_eur_per_a + pumping_eur_per_a;
  flows.operation_first_year_eur = in.operation_first_year_eur;
  flows.revenue_first_year_eur = in.chp_electricity_mwh_per_a * in.chp_electricity_value_eur_per_mwh;
  out.annuity = vdi2067_annuity(all, flows, p);
  out.energy_eur_per_mwh = energy_eur_per_a / sold;
  out.pumping_eur_per_mwh = pumping_eur_per_a / sold;
  out.revenue_eur_per_mwh = out.annuity.revenue_eur_per_a / sold;
  out.maintenance_eur_per_mwh = out.annuity.operation_eur_per_a / sold;
  const double produced = sold + in.heat_loss_mwh_per_a;
  out.losses_eur_per_mwh = out.energy_eur_per_mwh * in.heat_loss_mwh_per_a / produced;
  out.lcoh_eur_per_mwh = out.annuity.total_eur_per_a / sold;
  return out;
}

IndividualLcoh individual_lcoh(const IndividualCostInput& in, const TechnologyCatalogue& catalogue,
                               const CarrierData& carriers, int year, const AnnuityParameters& p) {
  HEATTWIN_CHECK(in.heat_mwh_per_a > 0.0, "individual LCOH of {}: heat must be > 0 MWh/a, found {}", in.technology,
                 in.heat_mwh_per_a);
  const Investment inv = investment_of(catalogue, in.technology, in.capacity_kw);
  AnnualCashFlows flows;
  for (std::size_t c = 0; c < CARRIER_COUNT; ++c) {
    HEATTWIN_CHECK(in.final_energy_mwh_per_a[c] >= 0.0, "individual LCOH of {}: purchased {} must be ≥ 0",
                   in.technology, carrier_name(static_cast<Carrier>(c)));
    flows.energy_annuity_eur_per_a +=
        energy_annuity(carriers, static_cast<Carrier>(c), in.final_energy_mwh_per_a[c], year, in.price_path, p);
  }
  std::vector<Investment> investments;
  if (in.include_investment) {
    investments.push_back(inv);
  } else {
    // A kept system: its capital is sunk, its maintenance continues (as operation cost).
    flows.operation_first_year_eur = inv.capex_eur * inv.maintenance_share_per_a;
  }
  IndividualLcoh out;
  out.annuity = vdi2067_annuity(investments, flows, p);
  out.lcoh_eur_per_mwh = out.annuity.total_eur_per_a / in.heat_mwh_per_a;
  return out;
}

}  // namespace heattwin::solvers::economics
