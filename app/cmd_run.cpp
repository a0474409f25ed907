#include "app/cmd_run.hpp"

#include "app/common.hpp"
#include "scenarios/network_plants.hpp"
#include "scenarios/scenario_overrides.hpp"
#include "scenarios/warning_summary.hpp"
#include "twin/error.hpp"
#include "twin/indicators.hpp"
#include "twin/output_path.hpp"
#include "twin/regions.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace heattwin::app {

namespace fs = std::filesystem;

namespace {

/// The base year's heating systems, one fact per line (docs/SUPPLY.md "Existing systems").
void print_existing_systems(const heattwin::scenarios::ExistingSystemsSummary& es, std::size_t measured_powers) {
  fmt::print("Existing heating systems in the base year (method: {}):\n", es.method);
  fmt::print("  carrier from the twin: {} buildings\n", es.from_twin);
  fmt::print("  carrier imputed from the census shares: {} buildings\n", es.imputed);
  if (!es.imputed_by_option.empty()) {
    std::vector<std::string> options;
    for (const auto& [option, count] : es.imputed_by_option) options.push_back(fmt::format("{} {}", option, count));
    fmt::print("    by system: {}\n", fmt::join(options, ", "));
  }
  if (es.grid_cells_used + es.grid_cells_withheld + es.grid_cells_not_in_table > 0) {
    fmt::print("    of these from the Zensus counts of their own 100 m cell: {} buildings\n", es.imputed_from_grid);
    fmt::print("    Zensus cells: {} used, {} withheld and {} not in the table (state-wide shares there)\n",
               es.grid_cells_used, es.grid_cells_withheld, es.grid_cells_not_in_table);
  }
  fmt::print("  no known system: {} buildings; the base year gives them the least-cost option\n", es.unknown);
  if (es.not_broken_down > 0) {
    fmt::print("    of these in the census remainder (wood, electricity, coal, other): {} buildings\n",
               es.not_broken_down);
  }
  fmt::print("  installation year imputed: {} buildings\n", es.install_years_imputed);
  fmt::print(
      "  known installation year past the lifetime: {} buildings (kept in the base year, replaced at the "
      "next target year)\n",
      es.past_lifetime);
  fmt::print("  nominal heating power measured: {} buildings\n", measured_powers);
}

}  // namespace

void print_demand_summary(const heattwin::scenarios::DemandScenario& scenario,
                          const heattwin::scenarios::DemandSummary& r, bool json) {
  // Standard demand and expected consumption (docs/DEMAND.md; the same fields per year).
  const auto consumption_json = [](const heattwin::scenarios::ConsumptionSummary& c) {
    nlohmann::ordered_json e;
    e["basis"] = c.basis;
    e["standard_demand_mwh"] = {{"residential", c.standard_residential_mwh},
                                {"non_residential", c.standard_non_residential_mwh}};
    e["expected_consumption_mwh"] = {{"residential", c.expected_residential_mwh},
                                     {"non_residential", c.expected_non_residential_mwh},
                                     {"heating", c.expected_heating_mwh},
                                     {"hot_water", c.expected_hot_water_mwh}};
    e["final_energy_mwh"] = {{"residential", c.final_energy_residential_mwh},
                             {"non_residential", c.final_energy_non_residential_mwh},
                             {"non_residential_of_which_industry", c.final_energy_industry_mwh},
                             {"district_heat_residential", c.district_heat_residential_mwh}};
    e["heated_floor_area_m2"] = {{"residential", c.residential_floor_area_m2},
                                 {"non_residential", c.non_residential_floor_area_m2}};
    e["buildings"] = {{"residential", c.residential_buildings}, {"non_residential", c.non_residential_buildings}};
    e["mean_adaptation_factor"] = c.mean_adaptation_factor;
    e["definitions"] = {
        {"standard_demand",
         "space heating + hot water need under standard use (20 degC, every dwelling occupied, "
         "TABULA hot water), for comparing buildings and refurbishment"},
        {"expected_consumption",
         "standard demand x TABULA/IWU adaptation to the typical level of measured "
         "consumption x vacancy factor (residential; non-residential keep the standard "
         "demand); what heat plans, networks and CO2 use unless [demand] basis = "
         "\"standard_demand\""},
        {"final_energy", "purchased energy of the year's supply (without ambient heat), on the basis above"}};
    return e;
  };
  if (json) {
    nlohmann::ordered_json j;
    j["scenario"] = scenario.source;
    j["results"] = scenario.out_path;
    j["results_kept_scenarios"] = r.kept_scenarios;
    j["buildings"] = {{"in_twin", r.buildings_in_twin},
                      {"computed", r.buildings_computed},
                      {"unheated", r.skipped_unheated},
                      {"without_envelope", r.skipped_no_envelope},
                      {"envelope_from_typology", r.enriched_from_typology},
                      {"opaque_conductance_capped", r.capped_opaque_conductance}};
    j["heating_mwh"] = r.heating_mwh;
    j["cooling_mwh"] = r.cooling_mwh;
    j["hot_water_mwh"] = r.hot_water_mwh;
    j["consumption"] = consumption_json(r.consumption);
    {
      const auto& m = r.modernisation;
      j["modernisation"] = {
          {"basis", m.basis},
          {"buildings_unknown_state", m.buildings_unknown},
          {"buildings_modernised", m.buildings_modernised},
          {"buildings_known_state", m.buildings_known},
          {"shares_year", m.shares_year},
          {"elements_modernised",
           {{"wall", m.elements[0]}, {"roof", m.elements[1]}, {"floor", m.elements[2]}, {"window", m.elements[3]}}}};
    }
    if (r.calibrated_buildings > 0) {
      j["calibration"] = {{"buildings", r.calibrated_buildings},  {"ratio_p10", r.calibration_ratio_p10},
                          {"ratio_p25", r.calibration_ratio_p25}, {"ratio_median", r.calibration_ratio_median},
                          {"ratio_p75", r.calibration_ratio_p75}, {"ratio_p90", r.calibration_ratio_p90}};
    }
    j["method"] = r.method;
    if (std::isfinite(r.peak_heating_mw)) j["peak_heating_mw"] = r.peak_heating_mw;
    if (std::isfinite(r.peak_load_mw)) j["peak_load_mw"] = r.peak_load_mw;
    j["heated_floor_area_m2"] = r.heated_floor_area_m2;
    j["specific_demand_kwh_per_m2a"] =
        heattwin::twin::specific_demand_kwh_per_m2a(r.heating_mwh, r.hot_water_mwh, r.heated_floor_area_m2);
    j["heating_mwh_by_use"] = r.heating_mwh_by_use;
    nlohmann::ordered_json by_age;
    for (const auto& [age, mwh] : r.heating_mwh_by_age_class) by_age[std::to_string(age)] = mwh;
    j["heating_mwh_by_age_class"] = by_age;
    if (r.network) {
      const auto& n = *r.network;
      j["network"] = {{"name", n.name},
                      {"routing", n.routing},
                      {"designed", n.designed},
                      {"stored_in_twin", n.stored_in_twin},
                      {"densest_cell", n.densest_cell},
                      {"densest_cell_mwh_per_ha", n.densest_cell_mwh_per_ha},
                      {"buildings_in_area", n.candidates},
                      {"consumers", n.consumers},
                      {"consumers_pruned", n.consumers_pruned},
                      {"consumers_without_demand", n.consumers_without_demand},
                      {"pipes", n.pipes},
                      {"junctions", n.junctions},
                      {"route_length_m", n.route_length_m},
                      {"street_length_m", n.street_length_m},
                      {"house_connection_length_m", n.house_connection_length_m},
                      {"heat_line_density_mwh_per_ma", n.heat_line_density_mwh_per_ma},
                      {"undersized_pipes", n.undersized_pipes},
                      {"pipes_upsized_for_feed_ins", n.pipes_upsized_for_feed_ins},
                      {"plant_heat_mwh", n.plant_heat_mwh},
                      {"delivered_mwh", n.delivered_mwh},
                      {"heat_loss_mwh", n.heat_loss_mwh},
                      {"heat_loss_share", n.heat_loss_share},
                      {"pump_energy_mwh", n.pump_energy_mwh},
                      {"peak_plant_heat_kw", n.peak_plant_heat_kw},
                      {"energy_balance_error_mwh", n.energy_balance_error_mwh},
                      {"max_velocity_m_per_s", n.max_velocity_m_per_s},
                      {"unconverged_hours", n.unconverged_hours},
                      {"consumer_hours_below_min_supply", n.consumer_hours_below_min_supply},
                      {"seconds", n.seconds}};
      // Connection over time, bypasses and pump sizing (issue 21 §2; docs/NETWORKS.md).
      j["network"]["consumers_designed"] = n.consumers_designed;
      j["network"]["connected_share"] = n.connected_share;
      j["network"]["bypass_return_heat_mwh"] = n.bypass_return_heat_mwh;
      j["network"]["max_pressure_gradient_pa_per_m"] = n.max_pressure_gradient_pa_per_m;
      j["network"]["critical_path_pressure_drop_bar"] = n.critical_path_pressure_drop_bar;
      j["network"]["pump_head_bar"] = n.pump_head_bar;
      j["network"]["pump_head_m"] = n.pump_head_m;
      j["network"]["design_pump_power_kw"] = n.design_pump_power_kw;
      j["network"]["max_pump_power_kw"] = n.max_pump_power_kw;
    }
    nlohmann::ordered_json years = nlohmann::ordered_json::array();
    for (const auto& y : r.years) {
      nlohmann::ordered_json e;
      e["year"] = y.year;
      e["refurbished_buildings"] = y.refurbished_buildings;
      e["refurbished_envelope_changed"] = y.refurbished_envelope_changed;
      e["buildings_computed"] = y.buildings_computed;
      e["heating_mwh"] = y.heating_mwh;
      e["hot_water_mwh"] = y.hot_water_mwh;
      e["consumption"] = consumption_json(y.consumption);
      e["cooling_mwh"] = y.cooling_mwh;
      if (std::isfinite(y.peak_heating_mw)) e["peak_heating_mw"] = y.peak_heating_mw;
      if (std::isfinite(y.peak_load_mw)) e["peak_load_mw"] = y.peak_load_mw;
      e["heated_floor_area_m2"] = y.heated_floor_area_m2;
      e["specific_demand_kwh_per_m2a"] =
          heattwin::twin::specific_demand_kwh_per_m2a(y.heating_mwh, y.hot_water_mwh, y.heated_floor_area_m2);
      e["final_energy_mwh"] = y.final_energy_mwh;
      e["final_energy_mwh_by_carrier"] = y.final_energy_mwh_by_carrier;
      if (std::isfinite(y.renewable_share)) e["renewable_share"] = y.renewable_share;
      e["co2_t"] = y.co2_t;
      e["supply_replaced"] = y.supply_replaced;
      // Costs of the individual supply (VDI 2067 annuities; docs/SCENARIOS.md).
      e["costs"] = {{"annuities_eur_per_a", y.supply_cost_eur_per_a},
                    {"useful_heat_mwh", y.useful_heat_mwh},
                    {"lcoh_eur_per_mwh", std::isfinite(y.lcoh_eur_per_mwh) ? nlohmann::ordered_json(y.lcoh_eur_per_mwh)
                                                                           : nlohmann::ordered_json()},
                    {"investment_eur", y.investment_eur}};
      e["supply_switched_for_potentials"] = y.supply_switched_for_potentials;
      e["network_supplied_buildings"] = y.network_supplied_buildings;
      e["biomass_above_potential_mwh"] = y.biomass_above_potential_mwh;
      e["hydrogen_above_potential_mwh"] = y.hydrogen_above_potential_mwh;
      e["buildings_by_supply_option"] = y.buildings_by_option;
      e["system_power"] = heattwin::scenarios::system_power_json(y.system_power);
      e["supply_areas_by_type"] = y.supply_areas_by_type;
      if (y.potential_use) e["potentials"] = heattwin::scenarios::potential_use_json(*y.potential_use);
      if (y.network) {
        const auto& n = *y.network;
        nlohmann::ordered_json plants;
        for (const auto& [id, mwh] : n.plant_heat_mwh_by_plant) plants[id] = mwh;
        e["network"] = {{"renewable_share", n.renewable_share},   {"wpg_target_share", n.wpg_target_share},
                        {"meets_wpg_target", n.meets_wpg_target}, {"plant_heat_mwh", n.plant_heat_mwh},
                        {"heat_sold_mwh", n.heat_sold_mwh},       {"unmet_mwh", n.unmet_mwh},
                        {"lcoh_eur_per_mwh", n.lcoh_eur_per_mwh}, {"co2_t", n.co2_t},
                        {"co2_g_per_kwh", n.co2_g_per_kwh},       {"plant_heat_mwh_by_plant", plants}};
        e["network"].update(heattwin::scenarios::network_plants_json(n));  // sites and potentials
        if (n.has_run) {  // the year's simulated network (connection over time, losses, pumps)
          for (const auto& [key, value] : std::initializer_list<std::pair<const char*, double>>{
                   {"connected_share", n.connected_share},
                   {"route_length_m", n.route_length_m},
                   {"delivered_mwh", n.delivered_mwh},
                   {"heat_loss_mwh", n.heat_loss_mwh},
                   {"heat_loss_share", n.heat_loss_share},
                   {"pump_energy_mwh", n.pump_energy_mwh},
                   {"bypass_return_heat_mwh", n.bypass_return_heat_mwh},
                   {"peak_plant_heat_kw", n.peak_plant_heat_kw},
                   {"critical_path_pressure_drop_bar", n.critical_path_pressure_drop_bar},
                   {"pump_head_bar", n.pump_head_bar},
                   {"pump_head_m", n.pump_head_m},
                   {"design_pump_power_kw", n.design_pump_power_kw},
                   {"max_pump_power_kw", n.max_pump_power_kw},
                   {"investment_eur", n.investment_eur},
                   {"investment_in_period_eur", n.investment_in_period_eur}}) {
            e["network"][key] = value;
          }
          e["network"]["consumers"] = n.consumers;
          e["network"]["consumers_designed"] = n.consumers_designed;
          e["network"]["pipes"] = n.pipes;
        }
      }
      e["heat_network_area"] = {{"buildings", y.heat_network_area_buildings},
                                {"moved_off_biomass", y.heat_network_area_moved_off_biomass},
                                {"biomass_no_alternative", y.heat_network_area_biomass_no_alternative}};
      e["hourly_grid"] = y.hourly_grid;
      years.push_back(e);
    }
    j["years"] = years;
    // Design and target problems of every year (docs/CONTRACTS.md; also on stderr).
    nlohmann::ordered_json warnings = nlohmann::ordered_json::array();
    for (const auto& y : r.years) {
      for (const auto& w : y.warnings) {
        warnings.push_back(heattwin::scenarios::warning_json(w));
      }
    }
    j["warnings"] = warnings;
    {
      const auto& es = r.existing_systems;
      j["existing_heating_systems"] = {
          {"method", es.method},
          {"carrier_from_twin", es.from_twin},
          {"carrier_imputed", es.imputed},
          {"carrier_imputed_from_grid_cells", es.imputed_from_grid},
          {"grid_cells_used", es.grid_cells_used},
          {"grid_cells_withheld", es.grid_cells_withheld},
          {"grid_cells_not_in_table", es.grid_cells_not_in_table},
          {"carrier_imputed_by_option", es.imputed_by_option},
          {"census_remainder_not_broken_down", es.not_broken_down},
          {"no_system_known", es.unknown},
          {"install_year_imputed", es.install_years_imputed},
          {"past_lifetime_replaced_next_target_year", es.past_lifetime},
          {"nominal_power_measured", r.years.empty() ? std::size_t{0} : r.years.front().system_power.measured}};
    }
    j["gas_grid"] = heattwin::scenarios::gas_grid_json(r.gas_grid);
    if (r.solar.computed) j["solar"] = heattwin::scenarios::roof_solar_json(r.solar);
    j["seconds"] = r.seconds;
    j["seconds_writing"] = r.seconds_writing;
    j["seconds_hashing"] = r.seconds_hashing;
    fmt::print("{}\n", j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace));
    return;
  }
  fmt::print("Heat demand ({}), weather {}\n", r.method, r.weather_site);
  fmt::print(
      "  buildings: {} computed of {} in the twin ({} unheated, {} without envelope values; {} with "
      "envelope values from the typology)\n",
      r.buildings_computed, r.buildings_in_twin, r.skipped_unheated, r.skipped_no_envelope, r.enriched_from_typology);
  if (r.capped_opaque_conductance > 0) {
    fmt::print(
        "  note: {} buildings have an envelope far larger than their heated floor area; their opaque "
        "conductance was capped (see docs/DEMAND.md)\n",
        r.capped_opaque_conductance);
  }
  // Specific demand and peak load by their one definition (twin/indicators.hpp: space heating + hot water).
  fmt::print(
      "  space heating {:.1f} MWh/a, cooling {:.1f} MWh/a; specific demand (heating + hot water) {:.1f} kWh/(m²·a) on "
      "{:.0f} m², peak load (heating + hot water) {}\n",
      r.heating_mwh, r.cooling_mwh,
      heattwin::twin::specific_demand_kwh_per_m2a(r.heating_mwh, r.hot_water_mwh, r.heated_floor_area_m2),
      r.heated_floor_area_m2,
      std::isfinite(r.peak_load_mw) ? fmt::format("{:.2f} MW", r.peak_load_mw) : "n/a (monthly method)");
  if (r.modernisation.basis == "imputed") {
    const auto& m = r.modernisation;
    fmt::print(
        "  modernisation imputed for {} residential buildings of unknown state ({} with a modernised element: "
        "walls {}, roofs {}, floors {}, windows {}; survey shares, docs/IMPUTATION.md); {} with measured U values "
        "kept\n",
        m.buildings_unknown, m.buildings_modernised, m.elements[0], m.elements[1], m.elements[2], m.elements[3],
        m.buildings_known);
  }
  fmt::print("  domestic hot water {:.1f} MWh/a ({} residential buildings; TABULA need, BDEW day profile)\n",
             r.hot_water_mwh, r.hot_water_buildings);
  fmt::print(
      "  standard demand (heating + hot water) {:.1f} MWh/a residential, {:.1f} non-residential; expected "
      "consumption {:.1f} / {:.1f} MWh/a (TABULA adaptation, vacancy; {} is what supply, network and CO2 use)\n",
      r.consumption.standard_residential_mwh, r.consumption.standard_non_residential_mwh,
      r.consumption.expected_residential_mwh, r.consumption.expected_non_residential_mwh, r.consumption.basis);
  if (r.calibrated_buildings > 0) {
    fmt::print(
        "  metered heat / computed for {} buildings: median {:.2f}, quartiles {:.2f}-{:.2f}, "
        "10-90 % {:.2f}-{:.2f}\n",
        r.calibrated_buildings, r.calibration_ratio_median, r.calibration_ratio_p25, r.calibration_ratio_p75,
        r.calibration_ratio_p10, r.calibration_ratio_p90);
  }
  fmt::print("  by use:");
  for (const auto& [use, mwh] : r.heating_mwh_by_use) fmt::print("  {} {:.1f}", use, mwh);
  fmt::print(" MWh/a\n  by TABULA age class:");
  for (const auto& [age, mwh] : r.heating_mwh_by_age_class) fmt::print("  {} {:.1f}", age, mwh);
  fmt::print(" MWh/a\n");
  if (r.network) {
    const auto& n = *r.network;
    fmt::print("District-heating network '{}' ({}{})\n", n.name, n.designed ? "designed " : "", n.routing);
    if (n.designed) {
      fmt::print(
          "  area: {} heated buildings around the densest 100 m cell {} ({:.0f} MWh/(ha·a)); {} connected, {} "
          "left out below the minimum heat line density\n",
          n.candidates, n.densest_cell, n.densest_cell_mwh_per_ha, n.consumers, n.consumers_pruned);
      fmt::print("  route {:.0f} m{}, {} pipes, heat line density {:.2f} MWh/(m·a){}\n", n.route_length_m,
                 n.street_length_m > 0.0 ? fmt::format(" (streets {:.0f} m, house connections {:.0f} m)",
                                                       n.street_length_m, n.house_connection_length_m)
                                         : std::string(),
                 n.pipes, n.heat_line_density_mwh_per_ma,
                 n.undersized_pipes > 0
                     ? fmt::format(", {} pipes above the limits even at the largest DN", n.undersized_pipes)
                     : std::string() + (n.pipes_upsized_for_feed_ins > 0
                                            ? fmt::format(", {} pipes enlarged for the feed-in plants",
                                                          n.pipes_upsized_for_feed_ins)
                                            : std::string()));
    } else {
      fmt::print("  {} consumers, {} pipes, route {:.0f} m, heat line density {:.2f} MWh/(m·a)\n", n.consumers, n.pipes,
                 n.route_length_m, n.heat_line_density_mwh_per_ma);
    }
    fmt::print(
        "  year: plant heat {:.1f} MWh, delivered {:.1f} MWh, losses {:.1f} MWh ({:.1f} %), pump energy {:.2f} MWh, "
        "peak plant heat {:.0f} kW, max velocity {:.2f} m/s\n",
        n.plant_heat_mwh, n.delivered_mwh, n.heat_loss_mwh, 100.0 * n.heat_loss_share, n.pump_energy_mwh,
        n.peak_plant_heat_kw, n.max_velocity_m_per_s);
    fmt::print(
        "  energy balance error {:.2e} MWh; {} hours did not converge; {} consumer-hours below the minimum "
        "supply temperature ({:.1f} s){}\n",
        n.energy_balance_error_mwh, n.unconverged_hours, n.consumer_hours_below_min_supply, n.seconds,
        n.stored_in_twin ? "; stored in the twin" : "");
    fmt::print("  pump at the design load: head {:.2f} bar ({:.1f} m; critical path {:.2f} bar), {:.1f} kW electric\n",
               n.pump_head_bar, n.pump_head_m, n.critical_path_pressure_drop_bar, n.design_pump_power_kw);
  }
  fmt::print("{}\n", heattwin::scenarios::gas_grid_summary_text(r.gas_grid));
  print_existing_systems(r.existing_systems, r.years.empty() ? std::size_t{0} : r.years.front().system_power.measured);
  for (const auto& y : r.years) {
    fmt::print("Supply {} (individual, per building): final energy {:.1f} MWh/a (", y.year, y.final_energy_mwh);
    bool first = true;
    for (const auto& [carrier, mwh] : y.final_energy_mwh_by_carrier) {
      fmt::print("{}{} {:.1f}", first ? "" : ", ", carrier, mwh);
      first = false;
    }
    fmt::print("), renewable {:.1f} %, CO2 {:.1f} t/a; {} systems replaced;", 100.0 * y.renewable_share, y.co2_t,
               y.supply_replaced);
    if (y.network_supplied_buildings > 0) fmt::print(" {} supplied by the network;", y.network_supplied_buildings);
    if (y.supply_switched_for_potentials > 0) {
      fmt::print(" {} moved off biomass/hydrogen/ground source by their potentials;", y.supply_switched_for_potentials);
    }
    if (y.biomass_above_potential_mwh > 0.0 || y.hydrogen_above_potential_mwh > 0.0) {
      fmt::print(
          " still above the potential: biomass {:.1f}, hydrogen {:.1f} MWh/a (kept systems or no "
          "alternative);",
          y.biomass_above_potential_mwh, y.hydrogen_above_potential_mwh);
    }
    for (const auto& [option, count] : y.buildings_by_option) fmt::print(" {} {}", option, count);
    fmt::print("{}", heattwin::scenarios::system_power_text(y.system_power));
    if (y.heat_network_area_buildings > 0) {
      fmt::print(" {} in heat-network areas without a connection (no biomass boiler; {} moved off biomass);",
                 y.heat_network_area_buildings, y.heat_network_area_moved_off_biomass);
    }
    fmt::print("; supply areas (100 m cells):");
    for (const auto& [type, count] : y.supply_areas_by_type) fmt::print(" {} {}", type, count);
    fmt::print("\n");
    if (y.network) {
      const auto& n = *y.network;
      fmt::print(
          "Network {}: renewable {:.1f} % (WPG target {:.0f} %: {}), LCOH {:.1f} EUR/MWh, CO2 {:.1f} t/a "
          "({:.0f} g/kWh), heat sold {:.1f} MWh, unmet {:.2f} MWh;",
          y.year, 100.0 * n.renewable_share, 100.0 * n.wpg_target_share, n.meets_wpg_target ? "met" : "NOT met",
          n.lcoh_eur_per_mwh, n.co2_t, n.co2_g_per_kwh, n.heat_sold_mwh, n.unmet_mwh);
      for (const auto& [id, mwh] : n.plant_heat_mwh_by_plant) fmt::print(" {} {:.1f} MWh", id, mwh);
      if (n.has_run && n.connected_share < 1.0) {
        fmt::print("; {} of {} consumers connected ({:.0f} %), {} pipes, investment this period {:.0f} EUR",
                   n.consumers, n.consumers_designed, 100.0 * n.connected_share, n.pipes, n.investment_in_period_eur);
      }
      fmt::print("\n");
    }
    fmt::print("Hourly sums per 100 m cell {}: {}\n", y.year, y.hourly_grid);
  }
  if (r.years.size() > 1) {
    fmt::print("Heat plan {}–{}: refurbishment of the heated stock {}, {}\n", r.years.front().year, r.years.back().year,
               scenario.refurbishment.describe(),
               heattwin::scenarios::refurbishment_order_name(scenario.refurbishment.order));
    fmt::print(
        "  year  refurbished (envelope improved)  space heating MWh/a  hot water MWh/a  kWh/(m²·a)  peak load MW\n");
    for (const auto& y : r.years) {
      fmt::print("  {}  {:>11} ({:>4})  {:>19.1f}  {:>15.1f}  {:>10.1f}  {:>12}\n", y.year, y.refurbished_buildings,
                 y.refurbished_envelope_changed, y.heating_mwh, y.hot_water_mwh,
                 heattwin::twin::specific_demand_kwh_per_m2a(y.heating_mwh, y.hot_water_mwh, y.heated_floor_area_m2),
                 std::isfinite(y.peak_load_mw) ? fmt::format("{:.2f}", y.peak_load_mw) : "n/a");
    }
  }
  if (r.solar.computed)
    fmt::print(
        "Roof solar potential ({} roofs, {} buildings): usable {:.0f} m2 of {:.0f} m2, PV {:.2f} MWp {:.1f} MWh/a, "
        "solar thermal {:.1f} MWh/a, shading loss {:.1f} % ({:.1f} s)\n",
        r.solar.roof_basis, r.solar.buildings, r.solar.usable_area_m2, r.solar.roof_area_m2, r.solar.pv_peak_mw,
        r.solar.pv_yield_mwh, r.solar.solar_thermal_yield_mwh, 100.0 * r.solar.shading_loss_share, r.solar.seconds);
  fmt::print("  results: {} ({:.1f} s)\n", scenario.out_path, r.seconds);
  if (!r.kept_scenarios.empty())
    fmt::print("  kept in the file beside '{}': {}\n", scenario.name, fmt::join(r.kept_scenarios, ", "));
}

namespace {

/// `text` as a TOML basic string.
std::string toml_string(const std::string& text) {
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '\\' || c == '"') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

int run_scenario(const std::string& scenario_path, bool json, bool check_only,
                 const std::vector<std::string>& overrides, const std::string& out, bool strict,
                 const std::string& region) {
  std::vector<heattwin::scenarios::ScenarioOverride> parsed;
  parsed.reserve(overrides.size() + 1);
  for (const auto& text : overrides) parsed.push_back(heattwin::scenarios::parse_scenario_override(text));
  // --out is given from the current folder, not from the scenario file's.
  if (!out.empty()) parsed.push_back({"run.out", toml_string(fs::absolute(out).lexically_normal().string())});
  if (!region.empty()) {
    HEATTWIN_CHECK(twin::is_digits(region, 8) || twin::is_digits(region, 5),
                   "run --region '{}': give a municipality's 8-digit AGS (e.g. 15003000) or a Kreis's 5-digit key "
                   "(e.g. 15003)",
                   region);
    parsed.push_back({"run.municipalities", fmt::format("[{}]", toml_string(region))});
  }
  const auto scenario = heattwin::scenarios::load_demand_scenario(scenario_path, data_dir(), parsed);
  // The results file must not replace the scenario, the twin, the weather or a table (issue 20).
  const std::vector<fs::path> inputs{scenario_path,
                                     scenario.twin_path,
                                     scenario.weather_path,
                                     scenario.tabula_csv,
                                     scenario.non_residential_csv,
                                     scenario.load_profiles_csv,
                                     scenario.use_conditions_json,
                                     scenario.census_heating_csv};
  twin::check_output_path(scenario.out_path, inputs, fmt::format("{}: [run] out", scenario.source),
                          twin::OutputKind::hdf5);
  if (check_only) {
    for (const auto* input : {&scenario.twin_path, &scenario.weather_path, &scenario.tabula_csv,
                              &scenario.non_residential_csv, &scenario.load_profiles_csv}) {
      HEATTWIN_CHECK(fs::is_regular_file(*input), "{}: input {} does not exist", scenario.source, *input);
    }
    HEATTWIN_CHECK(scenario.use_conditions_json.empty() || fs::is_regular_file(scenario.use_conditions_json),
                   "{}: input {} does not exist", scenario.source, scenario.use_conditions_json);
    fmt::print("{}: valid ({} method; twin {}, weather {}, results {})\n", scenario.source,
               heattwin::scenarios::demand_method_name(scenario.method), scenario.twin_path, scenario.weather_path,
               scenario.out_path);
    return 0;
  }
  const heattwin::scenarios::DemandSummary summary = heattwin::scenarios::run_demand_scenario(scenario);
  print_demand_summary(scenario, summary, json);
  // One line per warning, or per code when there are many (scenarios/warning_summary.hpp).
  std::vector<heattwin::scenarios::RunWarning> all;
  for (const auto& y : summary.years) all.insert(all.end(), y.warnings.begin(), y.warnings.end());
  const std::size_t warnings = all.size();
  for (const auto& line : heattwin::scenarios::warning_summary_lines(all)) fmt::print(stderr, "warning: {}\n", line);
  if (warnings > heattwin::scenarios::WARNING_LINES_MAX) {
    fmt::print(stderr,
               "warning: {} warnings counted per code above; every one is in {} (/results/<scenario>/<year>/warnings), "
               "in run --json and in the report of heattwin compare\n",
               warnings, scenario.out_path);
  }
  if (warnings > 0 && strict) {
    fmt::print(stderr, "{} warnings and --strict: exit 1 (the results file {} is written)\n", warnings,
               scenario.out_path);
    return 1;
  }
  return 0;
}

}  // namespace heattwin::app
