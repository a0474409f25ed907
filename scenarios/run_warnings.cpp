#include "scenarios/run_warnings.hpp"

#include "scenarios/network_run.hpp"
#include "twin/h5.hpp"

#include <fmt/format.h>

namespace heattwin::scenarios {

namespace {

/// "'a', 'b' and 3 more": up to 20 ids of a list, for warnings that name pipes.
std::string id_list(const std::vector<std::string>& ids) {
  constexpr std::size_t SHOWN = 20;
  std::string out;
  for (std::size_t i = 0; i < ids.size() && i < SHOWN; ++i) out += (i ? ", '" : "'") + ids[i] + "'";
  if (ids.size() > SHOWN) out += fmt::format(" and {} more", ids.size() - SHOWN);
  return out;
}

}  // namespace

nlohmann::ordered_json warning_json(const RunWarning& w) {
  return {{"year", w.year},   {"code", w.code},   {"severity", w.severity}, {"object_id", w.object_id},
          {"value", w.value}, {"limit", w.limit}, {"unit", w.unit},         {"message", w.message}};
}

void write_warnings(const h5::Group& year_group, const std::vector<RunWarning>& warnings) {
  h5::Group g = year_group.create_group("warnings");
  std::vector<std::string> code, severity, object_id, unit, message;
  std::vector<double> value, limit;
  for (const RunWarning& w : warnings) {
    code.push_back(w.code);
    severity.push_back(w.severity);
    object_id.push_back(w.object_id);
    unit.push_back(w.unit);
    message.push_back(w.message);
    value.push_back(w.value);
    limit.push_back(w.limit);
  }
  g.write_strings("code", code, {.description = "warning code (docs/SUPPLY.md, Warnings)"});
  g.write_strings("severity", severity, {.description = "design | target"});
  g.write_strings("object_id", object_id, {.description = "network name, or biomass / hydrogen for potentials"});
  // Rows have different units: the unit attribute points to the per-row unit column.
  g.write("value", value, {.unit = "per row: unit", .description = "value found, in the row's unit"});
  g.write("limit", limit, {.unit = "per row: unit", .description = "limit the value breaks, in the row's unit"});
  g.write_strings("unit", unit, {.description = "unit of value and limit"});
  g.write_strings("message", message, {.description = "the warning in words (English)"});
}

std::string wpg_target_paragraph(int year) { return year >= 2045 ? "WPG §31 (1)" : "WPG §29 (1)"; }

std::vector<RunWarning> year_warnings(const YearWarningInputs& in) {
  std::vector<RunWarning> out;
  if (in.network != nullptr) {
    const NetworkSummary& n = *in.network;
    // A small tolerance: the sizing itself aims at the limit, rounding must not warn.
    if (n.max_velocity_m_per_s > in.max_velocity_m_per_s * (1.0 + 1e-9)) {
      out.push_back(
          {in.year, "NETWORK_VELOCITY_ABOVE_LIMIT", "design", n.name, n.max_velocity_m_per_s, in.max_velocity_m_per_s,
           "m/s",
           fmt::format("network '{}' {}: the largest pipe velocity is {:.2f} m/s, above the design limit "
                       "{:.2f} m/s ([network] max_velocity_m_per_s) in {} pipes: {}; {} pipes stay above the limits "
                       "even at the largest DN; see <year>/network/pipes/peak_velocity_m_per_s and "
                       "hours_above_velocity_limit (design_load = \"coincident\" sizes for the simulated peaks)",
                       n.name, in.year, n.max_velocity_m_per_s, in.max_velocity_m_per_s,
                       n.pipes_above_velocity_limit.size(), id_list(n.pipes_above_velocity_limit),
                       n.undersized_pipes)});
    }
    if (!n.pipes_above_pressure_gradient_limit.empty()) {
      out.push_back(
          {in.year, "NETWORK_PRESSURE_GRADIENT_ABOVE_LIMIT", "design", n.name, n.max_pressure_gradient_pa_per_m,
           n.max_pressure_gradient_limit_pa_per_m, "Pa/m",
           fmt::format("network '{}' {}: the largest specific pressure drop is {:.0f} Pa/m, above the design limit "
                       "{:.0f} Pa/m ([network] max_pressure_gradient_pa_per_m) in {} pipes: {}; see "
                       "<year>/network/pipes/peak_pressure_gradient_pa_per_m",
                       n.name, in.year, n.max_pressure_gradient_pa_per_m, n.max_pressure_gradient_limit_pa_per_m,
                       n.pipes_above_pressure_gradient_limit.size(), id_list(n.pipes_above_pressure_gradient_limit))});
    }
    if (n.consumer_hours_below_min_supply > 0) {
      out.push_back({in.year, "NETWORK_SUPPLY_T_BELOW_MIN", "design", n.name,
                     static_cast<double>(n.consumer_hours_below_min_supply), 0.0, "h",
                     fmt::format("network '{}' {}: {} consumer-hours below the minimum supply temperature {:.1f} °C "
                                 "([network] min_supply_c); see <year>/network/consumers/hours_below_min_supply_t",
                                 n.name, in.year, n.consumer_hours_below_min_supply, in.min_supply_c)});
    }
    if (n.unconverged_hours > 0) {
      out.push_back({in.year, "NETWORK_UNCONVERGED_HOURS", "design", n.name, static_cast<double>(n.unconverged_hours),
                     0.0, "h",
                     fmt::format("network '{}' {}: the hydraulics did not converge in {} hours; their results are "
                                 "the last iterate",
                                 n.name, in.year, n.unconverged_hours)});
    }
  }
  if (in.network_supply != nullptr) {
    const NetworkYearSummary& s = *in.network_supply;
    const std::string name = in.network != nullptr ? in.network->name : std::string("network");
    if (s.unmet_mwh > 0.0) {
      out.push_back({in.year, "NETWORK_UNMET_LOAD", "design", name, s.unmet_mwh, 0.0, "MWh/a",
                     fmt::format("network '{}' {}: the plants leave {:.2f} MWh of the load unmet; add capacity in "
                                 "[network.plants]",
                                 name, in.year, s.unmet_mwh)});
    }
    if (!s.meets_wpg_target) {
      out.push_back({in.year, "WPG_NETWORK_SHARE_BELOW_TARGET", "target", name, s.renewable_share, s.wpg_target_share,
                     "1",
                     fmt::format("network '{}' {}: renewable and unavoidable waste heat {:.1f} % of the heat "
                                 "generated, below the {:.0f} % that {} requires; add renewable or waste-heat "
                                 "plants in [network.plants]",
                                 name, in.year, 100.0 * s.renewable_share, 100.0 * s.wpg_target_share,
                                 wpg_target_paragraph(in.year))});
    }
  }
  if (in.biomass_above_potential_mwh > 0.0) {
    out.push_back(
        {in.year, "BIOMASS_POTENTIAL_EXCEEDED", "target", "biomass",
         in.biomass_potential_mwh_per_a + in.biomass_above_potential_mwh, in.biomass_potential_mwh_per_a, "MWh/a",
         fmt::format("{}: the buildings need {:.1f} MWh/a of biomass, {:.1f} MWh/a above the potential "
                     "{:.1f} MWh/a ([supply] biomass_potential_mwh_per_a or the biomass of [data] potentials; kept "
                     "systems or no alternative)",
                     in.year, in.biomass_potential_mwh_per_a + in.biomass_above_potential_mwh,
                     in.biomass_above_potential_mwh, in.biomass_potential_mwh_per_a)});
  }
  if (in.hydrogen_above_potential_mwh > 0.0) {
    out.push_back({in.year, "HYDROGEN_POTENTIAL_EXCEEDED", "target", "hydrogen",
                   in.hydrogen_potential_mwh_per_a + in.hydrogen_above_potential_mwh, in.hydrogen_potential_mwh_per_a,
                   "MWh/a",
                   fmt::format("{}: the buildings need {:.1f} MWh/a of hydrogen, {:.1f} MWh/a above the potential "
                               "{:.1f} MWh/a ([supply] hydrogen_potential_mwh_per_a; kept systems or no alternative)",
                               in.year, in.hydrogen_potential_mwh_per_a + in.hydrogen_above_potential_mwh,
                               in.hydrogen_above_potential_mwh, in.hydrogen_potential_mwh_per_a)});
  }
  return out;
}

}  // namespace heattwin::scenarios
