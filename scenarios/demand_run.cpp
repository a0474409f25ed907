#include "scenarios/demand_run.hpp"

#include "scenarios/demand_stage.hpp"
#include "scenarios/network_plants.hpp"
#include "scenarios/network_stage.hpp"
#include "scenarios/network_toml.hpp"
#include "scenarios/overrides_toml.hpp"
#include "scenarios/planner_data_toml.hpp"
#include "scenarios/refurbishment.hpp"
#include "scenarios/results_writer.hpp"
#include "scenarios/roof_solar_toml.hpp"
#include "scenarios/schema_toml.hpp"
#include "scenarios/supply_stage.hpp"
#include "solvers/economics/carriers.hpp"
#include "solvers/supply/individual.hpp"
#include "solvers/supply/supply_areas.hpp"
#include "twin/error.hpp"
#include "twin/indicators.hpp"
#include "twin/input_file.hpp"
#include "twin/log.hpp"
#include "twin/summary.hpp"
#include "twin/use_class.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <set>
#include <span>
#include <tuple>

namespace heattwin::scenarios {
namespace {

namespace fs = std::filesystem;
namespace dm = solvers::demand;

std::string at_line(const std::string& path, const toml::node& node) {
  // A value set by an override (scenarios/scenario_overrides.hpp) has the override as its source.
  if (const auto& source = node.source().path; source && *source != path) return fmt::format("{} ({})", path, *source);
  return fmt::format("{}:{}", path, node.source().begin.line);
}

std::string path_value(const std::string& file, const toml::table& t, std::string_view key, bool required) {
  const toml::node* node = t.get(key);
  if (node == nullptr) {
    HEATTWIN_CHECK(!required, "{}: [run] needs the key '{}'", file, key);
    return {};
  }
  const auto* s = node->as_string();
  HEATTWIN_CHECK(s != nullptr, "{}: '{}' must be a string path", at_line(file, *node), key);
  fs::path p(s->get());
  if (p.is_relative()) p = fs::path(file).parent_path() / p;
  return p.lexically_normal().string();
}

double number_value(const std::string& file, const toml::table& t, std::string_view key, double fallback) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return fallback;
  const auto v = node->value<double>();
  HEATTWIN_CHECK(v.has_value() && std::isfinite(*v), "{}: '{}' must be a number", at_line(file, *node), key);
  return *v;
}

/// `[prices]` or `[co2_factors]`: a table per carrier of year = value, e.g.
///     [prices.natural_gas]
///     2030 = 140.0
void parse_carrier_year_overrides(const std::string& path, const toml::table& t, std::string_view section,
                                  std::string_view unit, std::vector<CarrierYearOverride>& out) {
  namespace ec = solvers::economics;
  for (const auto& [carrier_key, node] : t) {
    const auto carrier = ec::carrier_from_name(carrier_key.str());
    HEATTWIN_CHECK(carrier.has_value(),
                   "{}: unknown carrier '{}' in [{}] (use electricity, natural_gas, heating_oil, hydrogen, biomass, "
                   "district_heat, waste_heat, ambient_heat, solar_thermal)",
                   at_line(path, node), carrier_key.str(), section);
    const toml::table* years = node.as_table();
    HEATTWIN_CHECK(years != nullptr && !years->empty(),
                   "{}: [{}] {} must be a table of year = value in {} (e.g. [{}.{}] with 2030 = 120.0)",
                   at_line(path, node), section, carrier_key.str(), unit, section, carrier_key.str());
    for (const auto& [year_key, value_node] : *years) {
      int year = 0;
      const std::string_view y = year_key.str();
      const auto [end, ec_] = std::from_chars(y.data(), y.data() + y.size(), year);
      HEATTWIN_CHECK(ec_ == std::errc() && end == y.data() + y.size() && year >= 1990 && year <= 2100,
                     "{}: [{}.{}] key '{}' must be a year between 1990 and 2100", at_line(path, value_node), section,
                     carrier_key.str(), y);
      const auto v = value_node.value<double>();
      HEATTWIN_CHECK(v.has_value() && std::isfinite(*v) && *v >= 0.0, "{}: [{}.{}] {} must be a number ≥ 0 in {}",
                     at_line(path, value_node), section, carrier_key.str(), year, unit);
      out.push_back({*carrier, year, *v});
    }
  }
}

/// `[supply_areas]`: the classification thresholds (solvers/supply/supply_areas.hpp).
void parse_supply_area_thresholds(const std::string& path, const toml::table& t,
                                  solvers::supply::SupplyAreaThresholds& th) {
  check_scenario_keys(path, t, "supply_areas");
  // Ranges from the scenario schema (scenarios/scenario_schema.cpp).
  for (const auto& [key, target] : {std::pair{"density_band_1_mwh_per_ha_a", &th.density_band_1_mwh_per_ha_a},
                                    std::pair{"density_band_2_mwh_per_ha_a", &th.density_band_2_mwh_per_ha_a},
                                    std::pair{"density_band_3_mwh_per_ha_a", &th.density_band_3_mwh_per_ha_a},
                                    std::pair{"line_density_low_mwh_per_m_a", &th.line_density_low_mwh_per_m_a},
                                    std::pair{"line_density_high_mwh_per_m_a", &th.line_density_high_mwh_per_m_a},
                                    std::pair{"cost_margin", &th.cost_margin}}) {
    *target = scenario_number(path, t, "supply_areas", key, *target);
  }
  HEATTWIN_CHECK(th.density_band_1_mwh_per_ha_a < th.density_band_2_mwh_per_ha_a &&
                     th.density_band_2_mwh_per_ha_a < th.density_band_3_mwh_per_ha_a,
                 "{}: [supply_areas] the density bands must ascend (band 1 {} < band 2 {} < band 3 {} MWh/(ha a))",
                 path, th.density_band_1_mwh_per_ha_a, th.density_band_2_mwh_per_ha_a, th.density_band_3_mwh_per_ha_a);
  HEATTWIN_CHECK(th.line_density_low_mwh_per_m_a <= th.line_density_high_mwh_per_m_a,
                 "{}: [supply_areas] line_density_low_mwh_per_m_a {} must not exceed line_density_high_mwh_per_m_a {}",
                 path, th.line_density_low_mwh_per_m_a, th.line_density_high_mwh_per_m_a);
}

}  // namespace

std::string_view demand_method_name(DemandMethod method) {
  return method == DemandMethod::hourly ? "hourly" : "monthly";
}

std::string_view typology_state_name(TypologyState state) {
  switch (state) {
    case TypologyState::existing:
      return "existing";
    case TypologyState::usual_refurbishment:
      return "usual_refurbishment";
    case TypologyState::advanced_refurbishment:
      return "advanced_refurbishment";
  }
  return "existing";
}

DemandScenario load_demand_scenario(const std::string& path, const std::string& default_data_dir) {
  return load_demand_scenario(path, default_data_dir, {});
}

DemandScenario load_demand_scenario(const std::string& path, const std::string& default_data_dir,
                                    std::span<const ScenarioOverride> overrides) {
  twin::check_input_file(path, "the scenario file");
  toml::table doc;
  try {
    doc = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw InputError(fmt::format("{}:{}: {}", path, e.source().begin.line, e.description()));
  }
  detail::apply_overrides(path, doc, overrides);
  check_scenario_keys(path, doc, "");
  DemandScenario s;
  s.source = path;
  s.overrides.assign(overrides.begin(), overrides.end());
  const toml::table* run = doc["run"].as_table();
  HEATTWIN_CHECK(run != nullptr, "{}: the scenario needs a [run] table", path);
  check_scenario_keys(path, *run, "run");
  s.name = fs::path(path).stem().string();
  if (const toml::node* m = run->get("name")) {
    const auto* v = m->as_string();
    HEATTWIN_CHECK(v != nullptr && !v->get().empty() && v->get().find('/') == std::string::npos && v->get() != "." &&
                       v->get() != "..",
                   "{}: name must be a non-empty string without '/' (it names the results group)", at_line(path, *m));
    s.name = v->get();
  }
  if (const toml::node* m = run->get("year")) {
    const auto v = m->value<std::int64_t>();
    HEATTWIN_CHECK(v.has_value() && *v >= 1900 && *v <= 2100, "{}: year must be an integer between 1900 and 2100",
                   at_line(path, *m));
    s.year = static_cast<int>(*v);
  }
  s.years = {s.year};
  if (const toml::node* m = run->get("years")) {
    HEATTWIN_CHECK(!run->contains("year"), "{}: give either 'year' (one year) or 'years' (a heat plan), not both",
                   at_line(path, *m));
    const auto* list = m->as_array();
    HEATTWIN_CHECK(list != nullptr && !list->empty(), "{}: 'years' must be a non-empty list of years",
                   at_line(path, *m));
    s.years.clear();
    for (const auto& item : *list) {
      const auto v = item.value<std::int64_t>();
      HEATTWIN_CHECK(v.has_value() && *v >= 1900 && *v <= 2100,
                     "{}: 'years' entries must be integers between 1900 and 2100", at_line(path, item));
      HEATTWIN_CHECK(s.years.empty() || *v > s.years.back(),
                     "{}: 'years' must be strictly ascending (the first is the base year), {} follows {}",
                     at_line(path, item), *v, s.years.back());
      s.years.push_back(static_cast<int>(*v));
    }
    s.year = s.years.front();
  }
  if (const toml::node* m = run->get("method")) {
    const auto* v = m->as_string();
    HEATTWIN_CHECK(v != nullptr && (v->get() == "hourly" || v->get() == "monthly"),
                   "{}: method must be \"hourly\" (EN ISO 13790 5R1C) or \"monthly\" (EN ISO 13790 monthly balance)",
                   at_line(path, *m));
    s.method = v->get() == "hourly" ? DemandMethod::hourly : DemandMethod::monthly;
  }
  s.twin_path = path_value(path, *run, "twin", true);
  s.weather_path = path_value(path, *run, "weather", true);
  s.out_path = path_value(path, *run, "out", true);
  if (const toml::node* m = run->get("municipalities")) {
    const auto* list = m->as_array();
    HEATTWIN_CHECK(list != nullptr, "{}: 'municipalities' must be a list of AGS strings", at_line(path, *m));
    for (const auto& item : *list) {
      const auto* ags = item.as_string();
      HEATTWIN_CHECK(ags != nullptr, "{}: 'municipalities' entries must be AGS strings", at_line(path, item));
      s.municipalities.push_back(ags->get());
    }
  }
  s.tabula_csv = default_data_dir + "/typology/tabula_de.csv";
  s.non_residential_csv = default_data_dir + "/typology/non_residential_de.csv";
  s.load_profiles_csv = default_data_dir + "/profiles/pyslpheat_bdew_hourly_coefficients.csv";
  s.use_conditions_json = default_data_dir + "/typology/use_conditions_teaser.json";
  s.technology_dir = default_data_dir + "/technology";
  s.census_heating_csv = default_data_dir + "/statistics/heating_systems_sachsen_anhalt.csv";
  s.potentials.default_yields_csv = default_data_dir + "/potentials/area_yields.csv";
  s.modernisation_shares_csv = default_data_dir + "/typology/modernisation_shares_de.csv";
  s.modernisation_rates_csv = default_data_dir + "/typology/modernisation_rates_de.csv";
  if (const toml::table* t = doc["typology"].as_table()) {
    check_scenario_keys(path, *t, "typology");
    if (const toml::node* m = t->get("modernisation")) {
      const auto* v = m->as_string();
      HEATTWIN_CHECK(v != nullptr && (v->get() == "imputed" || v->get() == "none"),
                     "{}: modernisation must be \"imputed\" (draw the modernised elements of buildings of unknown "
                     "state from the survey shares) or \"none\" (TABULA's existing state as built)",
                     at_line(path, *m));
      s.impute_modernisation = v->get() == "imputed";
    }
    if (t->contains("modernisation_shares"))
      s.modernisation_shares_csv = path_value(path, *t, "modernisation_shares", false);
    if (const toml::node* m = t->get("modernisation_rates")) {
      const auto* v = m->as_string();
      HEATTWIN_CHECK(v != nullptr, "{}: 'modernisation_rates' must be a path (or \"\" for the survey year's shares)",
                     at_line(path, *m));
      s.modernisation_rates_csv = v->get().empty() ? std::string() : path_value(path, *t, "modernisation_rates", false);
    }
    if (const toml::node* m = t->get("modernisation_seed")) {
      const auto v = m->value<std::int64_t>();
      HEATTWIN_CHECK(v.has_value() && *v >= 0, "{}: modernisation_seed must be a non-negative integer",
                     at_line(path, *m));
      s.modernisation_seed = static_cast<std::uint64_t>(*v);
    }
    if (const toml::node* r = t->get("refurbishment_state")) {
      const auto* v = r->as_string();
      HEATTWIN_CHECK(
          v != nullptr &&
              (v->get() == "existing" || v->get() == "usual_refurbishment" || v->get() == "advanced_refurbishment"),
          "{}: refurbishment_state must be existing, usual_refurbishment or advanced_refurbishment", at_line(path, *r));
      s.refurbishment_state = v->get() == "existing"              ? TypologyState::existing
                              : v->get() == "usual_refurbishment" ? TypologyState::usual_refurbishment
                                                                  : TypologyState::advanced_refurbishment;
    }
    if (t->contains("tabula")) s.tabula_csv = path_value(path, *t, "tabula", false);
    if (t->contains("non_residential")) s.non_residential_csv = path_value(path, *t, "non_residential", false);
    if (t->contains("load_profiles")) s.load_profiles_csv = path_value(path, *t, "load_profiles", false);
    if (const toml::node* u = t->get("use_conditions")) {
      const auto* v = u->as_string();
      HEATTWIN_CHECK(v != nullptr, "{}: 'use_conditions' must be a path (or \"\" for the generic schedule)",
                     at_line(path, *u));
      s.use_conditions_json = v->get().empty() ? std::string() : path_value(path, *t, "use_conditions", false);
    }
  }
  s.settings.usage_days = dm::default_usage_days();
  s.calendar_year = s.years.front();
  if (const toml::node* node = doc.get("demand")) {
    const toml::table* d = node->as_table();
    HEATTWIN_CHECK(d != nullptr, "{}: 'demand' must be a table [demand]", at_line(path, *node));
    check_scenario_keys(path, *d, "demand");
    auto& st = s.settings;
    // Standard demand and expected consumption (solvers/demand/consumption.hpp, docs/DEMAND.md).
    if (const toml::node* b = d->get("basis")) {
      const auto* v = b->as_string();
      HEATTWIN_CHECK(v != nullptr && (v->get() == "expected_consumption" || v->get() == "standard_demand"),
                     "{}: [demand] basis must be \"expected_consumption\" (default) or \"standard_demand\": what the "
                     "supply, network and CO2 steps use",
                     at_line(path, *b));
      s.use_expected_consumption = v->get() == "expected_consumption";
    }
    s.consumption.vacant_floor_area_share =
        scenario_number(path, *d, "demand", "vacant_floor_area_share", s.consumption.vacant_floor_area_share);
    s.consumption.vacant_heating_share =
        scenario_number(path, *d, "demand", "vacant_heating_share", s.consumption.vacant_heating_share);
    if (const toml::node* a = d->get("adaptation")) {
      const auto* v = a->as_boolean();
      HEATTWIN_CHECK(v != nullptr, "{}: [demand] 'adaptation' must be true or false", at_line(path, *a));
      s.consumption.adaptation = v->get();
    }
    st.heating_setpoint_c = number_value(path, *d, "heating_setpoint_c", st.heating_setpoint_c);
    st.night_setback_c = number_value(path, *d, "night_setback_c", st.heating_setpoint_c);
    st.cooling_setpoint_c = number_value(path, *d, "cooling_setpoint_c", st.cooling_setpoint_c);
    st.non_residential_setback_c = number_value(path, *d, "non_residential_setback_c", st.non_residential_setback_c);
    if (const toml::node* c = d->get("cooling")) {
      const auto v = c->value<bool>();
      HEATTWIN_CHECK(v.has_value(), "{}: 'cooling' must be true or false", at_line(path, *c));
      st.cooling = *v;
    }
    // Plausible room temperatures (issue 20: -300 degC was accepted): a heated room 10–30 degC,
    // a set-back not below frost protection (5 degC), cooling at most 40 degC; EN 16798-1 design
    // values lie well inside (heating 16–25, cooling 23–28 degC operative).
    HEATTWIN_CHECK(st.heating_setpoint_c >= 10.0 && st.heating_setpoint_c <= 30.0 && st.night_setback_c >= 5.0 &&
                       st.cooling_setpoint_c <= 40.0,
                   "{}: [demand] set points heating {} / night {} / cooling {} degC are implausible; expected heating "
                   "10–30, night set-back >= 5, cooling <= 40 degC",
                   path, st.heating_setpoint_c, st.night_setback_c, st.cooling_setpoint_c);
    HEATTWIN_CHECK(st.night_setback_c <= st.heating_setpoint_c && st.heating_setpoint_c < st.cooling_setpoint_c,
                   "{}: set points must satisfy night_setback_c <= heating_setpoint_c < cooling_setpoint_c", path);
    if (const toml::node* n = d->get("non_residential_setback_c")) {
      HEATTWIN_CHECK(st.non_residential_setback_c >= 5.0 && st.non_residential_setback_c <= st.heating_setpoint_c,
                     "{}: [demand] non_residential_setback_c = {} must lie between 5 and heating_setpoint_c = {} degC",
                     at_line(path, *n), st.non_residential_setback_c, st.heating_setpoint_c);
    }
    if (const toml::node* c = d->get("calendar")) {
      const auto* v = c->as_boolean();  // strict: toml++'s value<bool>() would take 0 and 1
      HEATTWIN_CHECK(v != nullptr, "{}: [demand] 'calendar' must be true or false", at_line(path, *c));
      s.calendar = v->get();
    }
    if (const toml::node* y = d->get("calendar_year")) {
      const auto v = y->value<std::int64_t>();
      HEATTWIN_CHECK(v.has_value() && *v >= 1900 && *v <= 2100,
                     "{}: [demand] calendar_year must be an integer between 1900 and 2100 (the year the weather's "
                     "days are placed in)",
                     at_line(path, *y));
      s.calendar_year = static_cast<int>(*v);
    }
    if (const toml::node* u = d->get("usage_days")) {
      const toml::table* t = u->as_table();
      HEATTWIN_CHECK(t != nullptr, "{}: [demand] usage_days must be a table of use class = rule", at_line(path, *u));
      for (const auto& [key, value] : *t) {
        const auto name = std::find(twin::USE_CLASS_NAMES.begin(), twin::USE_CLASS_NAMES.end(), key.str());
        const auto use = static_cast<std::uint8_t>(name - twin::USE_CLASS_NAMES.begin());
        HEATTWIN_CHECK(name != twin::USE_CLASS_NAMES.end() && st.usage_days.contains(use),
                       "{}: [demand.usage_days] '{}' is not a non-residential use class with a use profile",
                       at_line(path, value), key.str());
        const auto* rule = value.as_string();
        std::optional<dm::UsageDays> parsed;
        for (const auto r :
             {dm::UsageDays::all_days, dm::UsageDays::monday_to_friday, dm::UsageDays::monday_to_saturday}) {
          if (rule != nullptr && rule->get() == dm::usage_days_name(r)) parsed = r;
        }
        HEATTWIN_CHECK(parsed.has_value(),
                       "{}: [demand.usage_days] {} must be \"all_days\", \"monday_to_friday\" or "
                       "\"monday_to_saturday\"",
                       at_line(path, value), key.str());
        st.usage_days[use] = *parsed;
      }
    }
  }
  if (const toml::node* node = doc.get("refurbishment")) {
    const toml::table* t = node->as_table();
    HEATTWIN_CHECK(t != nullptr, "{}: 'refurbishment' must be a table [refurbishment]", at_line(path, *node));
    check_scenario_keys(path, *t, "refurbishment");
    auto& rf = s.refurbishment;
    // rate_per_year and depth: one value, or a path { <year> = value, … } (the value of the
    // calendar years after the previous key up to its own; the last continues).
    auto check_rate = [&](const toml::node& n, double v) {
      HEATTWIN_CHECK(v >= 0.0 && v <= 0.2,
                     "{}: [refurbishment] rate_per_year = {} is outside [0, 0.2] (fraction of the stock per year)",
                     at_line(path, n), v);
    };
    auto check_depth = [&](const toml::node& n) {
      const auto* v = n.as_string();
      HEATTWIN_CHECK(v != nullptr && (v->get() == "usual_refurbishment" || v->get() == "advanced_refurbishment"),
                     "{}: [refurbishment] depth must be \"usual_refurbishment\" or \"advanced_refurbishment\" (or a "
                     "table of year = depth)",
                     at_line(path, n));
      return v->get();
    };
    auto path_year = [&](const toml::key& key, const toml::node& n) {
      int year = 0;
      const std::string_view y = key.str();
      const auto [end, err] = std::from_chars(y.data(), y.data() + y.size(), year);
      HEATTWIN_CHECK(err == std::errc() && end == y.data() + y.size() && year > s.years.front() && year <= 2100,
                     "{}: [refurbishment] path key '{}' must be a year after the base year {} (up to 2100)",
                     at_line(path, n), y, s.years.front());
      return year;
    };
    if (const toml::node* r = t->get("rate_per_year")) {
      if (const toml::table* steps = r->as_table()) {
        HEATTWIN_CHECK(!steps->empty(), "{}: [refurbishment] rate_per_year path is empty", at_line(path, *r));
        for (const auto& [key, n] : *steps) {
          const auto v = n.value<double>();
          HEATTWIN_CHECK(v.has_value(), "{}: [refurbishment] rate_per_year {} must be a number", at_line(path, n),
                         key.str());
          check_rate(n, *v);
          rf.rate_path.emplace_back(path_year(key, n), *v);
        }
        std::sort(rf.rate_path.begin(), rf.rate_path.end());
      } else {
        rf.rate_per_year = number_value(path, *t, "rate_per_year", rf.rate_per_year);
        check_rate(*r, rf.rate_per_year);
      }
    }
    if (const toml::node* d = t->get("depth")) {
      if (const toml::table* steps = d->as_table()) {
        HEATTWIN_CHECK(!steps->empty(), "{}: [refurbishment] depth path is empty", at_line(path, *d));
        for (const auto& [key, n] : *steps) rf.depth_path.emplace_back(path_year(key, n), check_depth(n));
        std::sort(rf.depth_path.begin(), rf.depth_path.end());
      } else {
        rf.depth = check_depth(*d);
      }
    }
    if (const toml::node* o = t->get("order")) {
      const auto* v = o->as_string();
      const std::string name = v != nullptr ? v->get() : std::string();
      HEATTWIN_CHECK(name == "oldest_first" || name == "worst_first" || name == "random",
                     "{}: [refurbishment] order must be \"oldest_first\", \"worst_first\" or \"random\"",
                     at_line(path, *o));
      rf.order = name == "oldest_first"  ? RefurbishmentOrder::oldest_first
                 : name == "worst_first" ? RefurbishmentOrder::worst_first
                                         : RefurbishmentOrder::random;
    }
    if (const toml::node* seed = t->get("seed")) {
      const auto v = seed->value<std::int64_t>();
      HEATTWIN_CHECK(v.has_value() && *v >= 0, "{}: [refurbishment] seed must be a non-negative integer",
                     at_line(path, *seed));
      rf.seed = static_cast<std::uint64_t>(*v);
    }
  }
  if (const toml::node* node = doc.get("supply")) {
    const toml::table* t = node->as_table();
    HEATTWIN_CHECK(t != nullptr, "{}: 'supply' must be a table [supply]", at_line(path, *node));
    check_scenario_keys(path, *t, "supply");
    for (const auto& [key, target] : {std::pair{"biomass_potential_mwh_per_a", &s.biomass_potential_mwh_per_a},
                                      std::pair{"hydrogen_potential_mwh_per_a", &s.hydrogen_potential_mwh_per_a}}) {
      *target = scenario_number(path, *t, "supply", key, *target);  // unlimited (infinity) unless given
    }
    if (const toml::node* e = t->get("existing_systems")) {
      const auto v = e->value<std::string>();
      HEATTWIN_CHECK(v.has_value() && (*v == "census" || *v == "twin"),
                     "{}: [supply] existing_systems must be \"census\" (impute unknown heating carriers from the "
                     "Zensus 2022 shares) or \"twin\" (use only what the twin knows)",
                     at_line(path, *e));
      s.impute_existing_systems = *v == "census";
    }
    if (const toml::node* seed = t->get("seed")) {
      const auto v = seed->value<std::int64_t>();
      HEATTWIN_CHECK(v.has_value() && *v >= 0, "{}: [supply] seed must be a non-negative integer",
                     at_line(path, *seed));
      s.existing_systems_seed = static_cast<std::uint64_t>(*v);
    }
    if (const toml::node* a = t->get("allowed")) {
      const auto* list = a->as_array();
      HEATTWIN_CHECK(list != nullptr && !list->empty(), "{}: [supply] allowed must be a non-empty list of options",
                     at_line(path, *a));
      s.supply_allowed.fill(false);
      for (const auto& item : *list) {
        const auto* v = item.as_string();
        bool found = false;
        for (std::size_t o = 0; o < solvers::supply::INDIVIDUAL_OPTION_COUNT && v != nullptr; ++o) {
          if (solvers::supply::option_technology(static_cast<solvers::supply::IndividualOption>(o)) == v->get()) {
            s.supply_allowed[o] = true;
            found = true;
          }
        }
        HEATTWIN_CHECK(found,
                       "{}: [supply] allowed: unknown option (use air_heat_pump, ground_heat_pump, gas_boiler, "
                       "hydrogen_boiler, biomass_boiler, oil_boiler, electric_heater, heat_substation)",
                       at_line(path, item));
      }
    }
  }
  if (const toml::node* node = doc.get("data")) {
    const toml::table* t = node->as_table();
    HEATTWIN_CHECK(t != nullptr, "{}: 'data' must be a table [data]", at_line(path, *node));
    check_scenario_keys(path, *t, "data");
    detail::parse_gas_grid_keys(path, *t, s.gas_grid);
    detail::parse_potential_keys(path, *t, s.potentials);
    if (t->contains("technology")) s.technology_dir = path_value(path, *t, "technology", false);
    if (t->contains("census_heating")) s.census_heating_csv = path_value(path, *t, "census_heating", false);
    if (t->contains("census_heating_grid"))
      s.census_heating_grid_csv = path_value(path, *t, "census_heating_grid", false);
  }
  for (const auto& [section, unit, target] :
       {std::tuple{"prices", "EUR/MWh", &s.price_overrides}, std::tuple{"co2_factors", "g/kWh", &s.co2_overrides}}) {
    if (const toml::node* node = doc.get(section)) {
      const toml::table* t = node->as_table();
      HEATTWIN_CHECK(t != nullptr, "{}: '{}' must be a table [{}]", at_line(path, *node), section, section);
      parse_carrier_year_overrides(path, *t, section, unit, *target);
    }
  }
  if (const toml::node* node = doc.get("technology")) {
    // [technology.<technology>] <parameter> = value: catalogue values (checked against the
    // catalogue when the run loads it).
    const toml::table* t = node->as_table();
    HEATTWIN_CHECK(t != nullptr, "{}: 'technology' must be a table [technology.<technology>]", at_line(path, *node));
    for (const auto& [technology, parameters_node] : *t) {
      const toml::table* parameters = parameters_node.as_table();
      HEATTWIN_CHECK(parameters != nullptr,
                     "{}: [technology] {} must be a table of parameter = value (e.g. [technology.{}] with "
                     "carnot_share = 0.5)",
                     at_line(path, parameters_node), technology.str(), technology.str());
      for (const auto& [parameter, value_node] : *parameters) {
        const auto v = value_node.value<double>();
        HEATTWIN_CHECK(v.has_value() && std::isfinite(*v) && *v >= 0.0,
                       "{}: [technology.{}] {} must be a number >= 0 in the catalogue's unit",
                       at_line(path, value_node), technology.str(), parameter.str());
        s.technology_overrides.push_back(
            {std::string(technology.str()), std::string(parameter.str()), *v, at_line(path, value_node)});
      }
    }
  }
  detail::parse_solar_section(path, doc, default_data_dir, s.solar);
  if (const toml::node* node = doc.get("supply_areas")) {
    const toml::table* t = node->as_table();
    HEATTWIN_CHECK(t != nullptr, "{}: 'supply_areas' must be a table [supply_areas]", at_line(path, *node));
    parse_supply_area_thresholds(path, *t, s.supply_area_thresholds);
  }
  if (const toml::node* node = doc.get("outputs")) {
    const toml::table* t = node->as_table();
    HEATTWIN_CHECK(t != nullptr, "{}: 'outputs' must be a table [outputs]", at_line(path, *node));
    check_scenario_keys(path, *t, "outputs");
    if (const toml::node* g = t->get("hourly_grid")) {
      const auto flag = g->value<bool>();
      const auto* word = g->as_string();
      HEATTWIN_CHECK(flag.has_value() || (word != nullptr && word->get() == "auto"),
                     "{}: [outputs] hourly_grid must be \"auto\", true or false", at_line(path, *g));
      s.hourly_grid = !flag.has_value() ? DemandScenario::HourlyGrid::automatic
                      : *flag           ? DemandScenario::HourlyGrid::always
                                        : DemandScenario::HourlyGrid::never;
    }
    s.hourly_grid_budget_mib = number_value(path, *t, "hourly_grid_budget_mib", s.hourly_grid_budget_mib);
    HEATTWIN_CHECK(s.hourly_grid_budget_mib >= 0.0, "{}: [outputs] hourly_grid_budget_mib must be >= 0 (MiB), got {}",
                   path, s.hourly_grid_budget_mib);
  }
  if (const toml::node* n = doc.get("network")) {
    const toml::table* t = n->as_table();
    HEATTWIN_CHECK(t != nullptr, "{}: 'network' must be a table [network]", at_line(path, *n));
    s.network = detail::parse_network_scenario(path, *t);
    HEATTWIN_CHECK(s.method == DemandMethod::hourly,
                   "{}: [network] needs method = \"hourly\" (the network runs hour by hour)", path);
  }
  if (!s.technology_overrides.empty()) {  // [technology]: only what the catalogue has
    const auto catalogue = solvers::economics::load_technology_catalogue(s.technology_dir + "/technology_defaults.csv");
    for (const auto& o : s.technology_overrides) {
      HEATTWIN_CHECK(catalogue.has(o.technology, o.parameter),
                     "{}: [technology.{}] {}: the catalogue {} has no such technology and parameter", o.where,
                     o.technology, o.parameter, catalogue.origin());
    }
  }
  return s;
}

DemandRunCache::DemandRunCache() : impl_(std::make_unique<Impl>()) {}
DemandRunCache::~DemandRunCache() = default;
void DemandRunCache::release_demand(const std::string& demand_key) {
  const std::lock_guard lock(impl_->mutex);
  impl_->demand.erase(demand_key);
}
DemandRunCache::Counts DemandRunCache::counts() const {
  const std::lock_guard lock(impl_->mutex);
  return impl_->counts;
}

namespace {

/// The demand figures of a year's totals.
YearSummary year_totals_of(const DemandYear& d) {
  YearSummary t;
  t.year = d.year;
  t.refurbished_buildings = d.refurbished_so_far;
  t.refurbished_envelope_changed = d.envelope_changed;
  t.buildings_computed = d.totals.buildings_computed;
  t.heating_mwh = d.totals.heating_mwh;
  t.hot_water_mwh = d.totals.hot_water_mwh;
  t.cooling_mwh = d.totals.cooling_mwh;
  t.peak_heating_mw = d.totals.peak_heating_mw;
  t.peak_load_mw = d.totals.peak_load_mw;
  t.heated_floor_area_m2 = d.totals.heated_floor_area_m2;
  t.hourly_grid = d.grid_plan.note;
  t.consumption = d.totals.consumption;
  return t;
}

/// The base year's demand figures in the run summary.
void set_base_year_demand(DemandSummary& summary, const DemandYearTotals& t) {
  summary.skipped_unheated = t.skipped_unheated;
  summary.skipped_no_envelope = t.skipped_no_envelope;
  summary.capped_opaque_conductance = t.capped_opaque_conductance;
  summary.buildings_computed = t.buildings_computed;
  summary.heating_mwh = t.heating_mwh;
  summary.cooling_mwh = t.cooling_mwh;
  summary.hot_water_mwh = t.hot_water_mwh;
  summary.hot_water_buildings = t.hot_water_buildings;
  summary.calibrated_buildings = t.calibrated_buildings;
  summary.calibration_ratio_p10 = t.calibration_ratio_p10;
  summary.calibration_ratio_p25 = t.calibration_ratio_p25;
  summary.calibration_ratio_median = t.calibration_ratio_median;
  summary.calibration_ratio_p75 = t.calibration_ratio_p75;
  summary.calibration_ratio_p90 = t.calibration_ratio_p90;
  summary.peak_heating_mw = t.peak_heating_mw;
  summary.peak_load_mw = t.peak_load_mw;
  summary.method = t.method;
  summary.heated_floor_area_m2 = t.heated_floor_area_m2;
  summary.consumption = t.consumption;
  summary.heating_mwh_by_use = t.heating_mwh_by_use;
  summary.heating_mwh_by_age_class = t.heating_mwh_by_age_class;
}

/// Design and target problems of the year (scenarios/run_warnings.hpp).
std::vector<RunWarning> warnings_of_year(const DemandScenario& s, const NetworkYear& network, const YearSummary& totals,
                                         double biomass_cap_mwh_per_a) {
  YearWarningInputs wi;
  wi.year = totals.year;
  if (network.run) {
    wi.network = &network.run->summary;
    wi.max_velocity_m_per_s = s.network.max_velocity_m_per_s;
    wi.min_supply_c = s.network.min_supply_c;
  }
  if (totals.network && network.municipal == nullptr) wi.network_supply = &*totals.network;
  wi.biomass_potential_mwh_per_a = biomass_cap_mwh_per_a;
  wi.biomass_above_potential_mwh = totals.biomass_above_potential_mwh;
  wi.hydrogen_potential_mwh_per_a = s.hydrogen_potential_mwh_per_a;
  wi.hydrogen_above_potential_mwh = totals.hydrogen_above_potential_mwh;
  std::vector<RunWarning> warnings = year_warnings(wi);
  if (network.municipal != nullptr) {  // each municipality's network on its own (scenarios/municipal_networks.hpp)
    const auto each = network.municipal->warnings(totals.year, s.network.max_velocity_m_per_s, s.network.min_supply_c);
    warnings.insert(warnings.end(), each.begin(), each.end());
  }
  return warnings;
}

/// Renewable share of the year's final energy (twin/indicators.hpp).
double renewable_share_of(const YearSummary& totals) {
  std::vector<std::string> carrier_names;
  std::vector<double> carrier_mwh;
  for (const auto& [carrier, mwh] : totals.final_energy_mwh_by_carrier) {
    carrier_names.push_back(carrier);
    carrier_mwh.push_back(mwh);
  }
  return twin::renewable_share(carrier_names, carrier_mwh);
}

}  // namespace

DemandSummary run_demand_scenario(const DemandScenario& s) { return run_demand_scenario(s, DemandRunHooks{}); }

// The run as a loop over its stages (docs/ARCHITECTURE.md): per year the demand
// (scenarios/demand_stage), the network (network_stage), the individual supply with the supply
// areas (supply_stage, supply_area_stage), then the year's groups (results_writer). The twin and
// weather are read once; memory holds one year's results at a time.
DemandSummary run_demand_scenario(const DemandScenario& s, const DemandRunHooks& hooks) {
  const auto start = std::chrono::steady_clock::now();
  const std::string started_utc = utc_now_iso8601();
  auto log = logger("scenarios.demand");
  DemandSummary summary;
  DemandStage demand(s, hooks, summary);
  SupplyStage supply(s, demand.twin(), summary);
  NetworkStage network(s, supply.catalogue());
  // Each year's groups are written as soon as the year is computed; /meta and /twin at the end
  // (after the network step, which may store a design in the twin file that /meta hashes).
  ResultsWriter writer(s, hooks);
  double seconds_writing = 0.0;
  std::string twin_summary;
  for (std::size_t yi = 0; yi < s.years.size(); ++yi) {
    const DemandYear d = demand.year(yi, supply.catalogue(), supply.system_option());
    // District-heating network (design and year), before the inputs are hashed: a design is
    // stored in the twin file, whose hash then names the twin the results belong to.
    const NetworkYear net = network.year(d, demand, supply.carriers());
    if (yi == 0) {
      set_base_year_demand(summary, d.totals);
      if (net.run) summary.network = net.run->summary;
      if (net.municipal != nullptr) summary.network = net.municipal->summary();
      twin_summary =
          twin::twin_summary_json(demand.twin()).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    if (d.grid_plan.write) {
      log->info("{} {}: hourly grid sums {}", s.name, d.year, d.grid_plan.note);
    } else {
      log->warn("{} {}: hourly grid sums {}", s.name, d.year, d.grid_plan.note);
    }
    YearSummary year_totals = year_totals_of(d);
    if (net.supply) year_totals.network = network_year_summary(net);
    if (net.municipal != nullptr) year_totals.network = net.municipal->year_summary();
    const SupplyYear supplied = supply.year(d, demand, net, network.existing(), year_totals);
    if (yi == 0) summary.consumption = year_totals.consumption;
    if (!supply.potentials().empty())  // what the year used of each potential (scenarios/potentials.hpp)
      year_totals.potential_use =
          supply.potentials().use(d.year, year_totals.final_energy_mwh_by_carrier, supplied.supplied);
    if (year_totals.potential_use && net.supply)  // what the network's plants drew (scenarios/network_plants.hpp)
      add_network_draws(*year_totals.potential_use, supply.potentials().set(), *net.supply);
    year_totals.warnings = warnings_of_year(s, net, year_totals, supply.biomass_cap_mwh_per_a());
    year_totals.renewable_share = renewable_share_of(year_totals);
    const auto write_start = std::chrono::steady_clock::now();
    WrittenYear written =
        writer.write_year({d, net, supplied, year_totals, supply.potentials(), network.existing()}, demand, summary);
    year_totals.by_municipality = std::move(written.by_municipality);
    seconds_writing += std::chrono::duration<double>(std::chrono::steady_clock::now() - write_start).count();
    if (yi == 0 && s.solar.roofs)  // roof solar potential of the base year (scenarios/roof_solar_run.hpp)
      summary.solar =
          run_roof_solar(s.solar, demand.twin(), d.model().twin_index, demand.weather(), *supplied.model,
                         d.basis_heating_kwh(), supplied.dhw_kwh, supplied.design_supply_t_c, written.group);
    summary.years.push_back(std::move(year_totals));
  }
  demand.finish();
  const auto write_start = std::chrono::steady_clock::now();
  writer.finish(demand.twin(), supply.catalogue(), twin_summary, started_utc, summary);
  summary.seconds_writing =
      seconds_writing + std::chrono::duration<double>(std::chrono::steady_clock::now() - write_start).count();
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace heattwin::scenarios
