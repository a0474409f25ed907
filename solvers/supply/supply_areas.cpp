#include "solvers/supply/supply_areas.hpp"

#include "twin/error.hpp"

#include <algorithm>
#include <array>

namespace heattwin::solvers::supply {

namespace {
constexpr std::array<std::string_view, 4> TYPE_NAMES = {"heat_network", "hydrogen_network", "decentralised",
                                                        "test_area"};
constexpr std::array<std::string_view, 4> GRADE_NAMES = {"very_likely_unsuited", "likely_unsuited", "likely_suited",
                                                         "very_likely_suited"};
constexpr int VERY_UNLIKELY = 0, UNLIKELY = 1, LIKELY = 2, VERY_LIKELY = 3;

int clamp_grade(int g) { return std::clamp(g, VERY_UNLIKELY, VERY_LIKELY); }
}  // namespace

std::string_view supply_area_type_name(SupplyAreaType type) { return TYPE_NAMES.at(static_cast<std::size_t>(type)); }
std::string_view suitability_name(Suitability grade) { return GRADE_NAMES.at(static_cast<std::size_t>(grade)); }

SupplyAreaResult classify_supply_areas(const SupplyAreaInput& in, const SupplyAreaThresholds& t) {
  const std::size_t n = in.heat_demand_mwh_per_a.size();
  HEATTWIN_CHECK(in.area_ha.size() == n && in.route_length_m.size() == n && in.lcoh_network_eur_per_mwh.size() == n &&
                     in.lcoh_individual_eur_per_mwh.size() == n && in.has_heat_network.size() == n &&
                     in.has_network_heat_source.size() == n &&
                     (in.has_gas_network.empty() || in.has_gas_network.size() == n) &&
                     (in.hydrogen_plan.empty() || in.hydrogen_plan.size() == n),
                 "supply areas: every column must have {} values (the gas-grid and hydrogen-plan columns may be "
                 "empty: unknown)",
                 n);
  const bool gas_known = !in.has_gas_network.empty();
  const bool plan_known = !in.hydrogen_plan.empty();
  const bool with_co2 = !in.co2_network_t.empty() || !in.co2_individual_t.empty();
  HEATTWIN_CHECK(!with_co2 || (in.co2_network_t.size() == n && in.co2_individual_t.size() == n),
                 "supply areas: the CO2 columns must both be empty or both have {} values", n);
  HEATTWIN_CHECK(t.density_band_1_mwh_per_ha_a < t.density_band_2_mwh_per_ha_a &&
                     t.density_band_2_mwh_per_ha_a < t.density_band_3_mwh_per_ha_a &&
                     t.line_density_low_mwh_per_m_a < t.line_density_high_mwh_per_m_a && t.cost_margin >= 0.0,
                 "supply areas: density bands and line densities must increase, the cost margin be ≥ 0");
  SupplyAreaResult r;
  r.type.resize(n);
  r.heat_network_grade.resize(n);
  r.hydrogen_grade.resize(n);
  r.decentralised_grade.resize(n);
  r.heat_density_mwh_per_ha_a.resize(n);
  r.line_density_mwh_per_m_a.resize(n);
  r.reasons.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    HEATTWIN_CHECK(in.area_ha[i] > 0.0, "supply areas: area {} has {} ha (must be > 0)", i, in.area_ha[i]);
    HEATTWIN_CHECK(in.heat_demand_mwh_per_a[i] >= 0.0 && in.route_length_m[i] >= 0.0 &&
                       in.lcoh_network_eur_per_mwh[i] >= 0.0 && in.lcoh_individual_eur_per_mwh[i] >= 0.0,
                   "supply areas: area {} has a negative demand, route length or LCOH", i);
    std::string& why = r.reasons[i];
    auto reason = [&why](std::string_view code) {
      if (!why.empty()) why += ';';
      why += code;
    };
    const double density = in.heat_demand_mwh_per_a[i] / in.area_ha[i];
    r.heat_density_mwh_per_ha_a[i] = density;

    // Heat network.
    int net = VERY_UNLIKELY;
    if (density < t.density_band_1_mwh_per_ha_a) {
      net = VERY_UNLIKELY;
      reason("HD_BAND_1");
    } else if (density < t.density_band_2_mwh_per_ha_a) {
      net = UNLIKELY;
      reason("HD_BAND_2");
    } else if (density < t.density_band_3_mwh_per_ha_a) {
      net = LIKELY;
      reason("HD_BAND_3");
    } else {
      net = VERY_LIKELY;
      reason("HD_BAND_4");
    }
    if (in.route_length_m[i] > 0.0) {
      const double line = in.heat_demand_mwh_per_a[i] / in.route_length_m[i];
      r.line_density_mwh_per_m_a[i] = line;
      if (line < t.line_density_low_mwh_per_m_a) {
        net = std::min(net, UNLIKELY);
        reason("LD_LOW");
      } else if (line >= t.line_density_high_mwh_per_m_a && density >= t.density_band_1_mwh_per_ha_a) {
        net = std::max(net, LIKELY);
        reason("LD_HIGH");
      } else {
        reason("LD_MID");
      }
    } else {
      reason("LD_NONE");
    }
    const double lcoh_net = in.lcoh_network_eur_per_mwh[i];
    const double lcoh_ind = in.lcoh_individual_eur_per_mwh[i];
    int cost_vote = 0;  // +1 network cheaper, −1 individual cheaper
    if (lcoh_net > 0.0 && lcoh_ind > 0.0) {
      if (lcoh_net < lcoh_ind * (1.0 - t.cost_margin)) {
        cost_vote = 1;
        reason("COST_NETWORK_LOWER");
      } else if (lcoh_net > lcoh_ind * (1.0 + t.cost_margin)) {
        cost_vote = -1;
        reason("COST_NETWORK_HIGHER");
      } else {
        reason("COST_EQUAL");
        if (with_co2) {
          const double co2_net = in.co2_network_t[i];
          const double co2_ind = in.co2_individual_t[i];
          HEATTWIN_CHECK(co2_net >= 0.0 && co2_ind >= 0.0, "supply areas: area {} has negative cumulative CO2", i);
          if (co2_net < co2_ind * (1.0 - t.cost_margin)) {
            cost_vote = 1;
            reason("CO2_NETWORK_LOWER");
          } else if (co2_net > co2_ind * (1.0 + t.cost_margin)) {
            cost_vote = -1;
            reason("CO2_NETWORK_HIGHER");
          }
        }
      }
    } else {
      reason("COST_UNKNOWN");
    }
    net += cost_vote;
    if (in.has_heat_network[i] != 0) {
      net += 1;
      reason("NETWORK_EXISTS");
    } else if (in.has_network_heat_source[i] == 0) {
      net = std::min(net, LIKELY);
      reason("NO_NETWORK_SOURCE");
    }
    net = clamp_grade(net);

    // Hydrogen network.
    // Without gas-grid data a cell in a hydrogen plan still counts as on a (planned) grid; without
    // either the grade is the one of "no gas grid", but the reason says that nothing is known.
    int h2 = VERY_UNLIKELY;
    const bool in_plan = plan_known && in.hydrogen_plan[i] != 0;
    if (gas_known ? in.has_gas_network[i] == 0 : !in_plan) {
      reason(gas_known ? "NO_GAS_GRID" : "GAS_GRID_UNKNOWN");
    } else if (!plan_known) {
      h2 = UNLIKELY;
      reason("H2_PLAN_UNKNOWN");
    } else if (!in_plan) {
      h2 = UNLIKELY;
      reason("H2_NO_PLAN");
    } else {
      h2 = LIKELY;
      reason("H2_PLAN");
    }

    // Decentralised supply.
    int dec = density < t.density_band_2_mwh_per_ha_a   ? VERY_LIKELY
              : density < t.density_band_3_mwh_per_ha_a ? LIKELY
                                                        : UNLIKELY;
    dec = clamp_grade(dec - cost_vote);

    r.heat_network_grade[i] = static_cast<std::uint8_t>(net);
    r.hydrogen_grade[i] = static_cast<std::uint8_t>(h2);
    r.decentralised_grade[i] = static_cast<std::uint8_t>(dec);
    const std::array<int, 3> grades = {net, h2, dec};
    const int best = *std::max_element(grades.begin(), grades.end());
    const auto ties = std::count(grades.begin(), grades.end(), best);
    SupplyAreaType type = SupplyAreaType::test_area;
    if (best < LIKELY) {
      reason("NONE_SUITED");
    } else if (ties > 1) {
      reason("TIE");
    } else {
      type = static_cast<SupplyAreaType>(std::find(grades.begin(), grades.end(), best) - grades.begin());
    }
    r.type[i] = static_cast<std::uint8_t>(type);
    ++r.count_by_type[static_cast<std::size_t>(type)];
  }
  return r;
}

}  // namespace heattwin::solvers::supply
