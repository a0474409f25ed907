#include "scenarios/scenario_schema.hpp"

#include "scenarios/schema_toml.hpp"
#include "twin/error.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <stdexcept>

namespace heattwin::scenarios {
namespace {

using T = ScenarioKeyType;
constexpr double INF = std::numeric_limits<double>::infinity();

// clang-format off
/// The schema. Ranges with finite min/max are checked by scenario_number(); the others are checked
/// by the parser next to the key (messages name file, line, key and the allowed values).
const std::array SCENARIO_KEYS = std::to_array<ScenarioKey>({
  {"", "run", T::table, "", "required", "", "the run: name, years, inputs and output"},
  {"", "typology", T::table, "", "", "", "the envelope typology (TABULA/IWU) and the modernisation imputation"},
  {"", "demand", T::table, "", "", "", "set points, calendar, demand basis and vacancy"},
  {"", "network", T::table, "", "none", "", "a district-heating network, designed or from the twin (docs/NETWORKS.md)"},
  {"", "refurbishment", T::table, "", "", "", "which buildings are refurbished by a year and with which package"},
  {"", "supply", T::table, "", "", "", "the individual supply per building and year (docs/SUPPLY.md)"},
  {"", "supply_areas", T::table, "", "", "", "thresholds of the WPG supply-area classification"},
  {"", "prices", T::table, "", "", "", "carrier prices that replace the shipped table's"},
  {"", "co2_factors", T::table, "", "", "", "CO2 factors that replace the shipped table's"},
  {"", "data", T::table, "", "", "", "other data folders and tables than the shipped ones"},
  {"", "outputs", T::table, "", "", "", "optional outputs of the results file"},
  {"", "technology", T::table, "", "", "", "catalogue values that replace the shipped catalogue's"},
  {"", "solar", T::table, "", "", "", "the roof solar potential of the base year (docs/DEMAND.md)"},

  {"run", "name", T::string, "", "file stem", "no '/', not . or ..", "results group /results/<name>/<year>"},
  {"run", "year", T::integer, "a", "2025", "[1900, 2100]", "one year (the base year); not together with years", 1900, 2100},
  {"run", "years", T::integer_list, "a", "[year]", "strictly ascending, each in [1900, 2100]", "a heat plan: the first is the base year, the others target years"},
  {"run", "twin", T::path, "", "required", "", "twin file written by heattwin import or generate"},
  {"run", "weather", T::path, "", "required", "", "weather file, EPW or DWD TRY"},
  {"run", "out", T::path, "", "required", "", "results file (HDF5, docs/results-schema.md)"},
  {"run", "municipalities", T::string_list, "", "all", "AGS of the twin's municipalities", "only these municipalities' buildings are computed"},
  {"run", "method", T::choice, "", "hourly", "hourly | monthly", "space heating by the hourly 5R1C model or the EN ISO 13790 monthly balance"},

  {"typology", "refurbishment_state", T::choice, "", "existing", "existing | usual_refurbishment | advanced_refurbishment", "TABULA state of the whole stock's envelope"},
  {"typology", "tabula", T::path, "", "data/typology/tabula_de.csv", "", "TABULA residential typology table"},
  {"typology", "non_residential", T::path, "", "data/typology/non_residential_de.csv", "", "IWU non-residential typology table"},
  {"typology", "load_profiles", T::path, "", "data/profiles/pyslpheat_bdew_hourly_coefficients.csv", "", "BDEW hour factors of the hot-water day profiles"},
  {"typology", "use_conditions", T::path, "", "data/typology/use_conditions_teaser.json", "path or \"\"", "DIN V 18599-10 use profiles (TEASER); \"\" = generic non-residential schedule"},
  {"typology", "modernisation", T::choice, "", "imputed", "imputed | none", "draw the modernised elements of residential buildings of unknown state (only with refurbishment_state = existing)"},
  {"typology", "modernisation_shares", T::path, "", "data/typology/modernisation_shares_de.csv", "shares 0–1 per age class and element", "survey shares of modernised walls, roofs, floors, windows"},
  {"typology", "modernisation_rates", T::path, "", "data/typology/modernisation_rates_de.csv", "path or \"\"", "annual modernisation rates carrying the survey shares to the run's calendar_year; \"\" = the survey year's shares"},
  {"typology", "modernisation_seed", T::integer, "", "1", "≥ 0", "seed of the per-building modernisation draws", 0, INF},

  {"demand", "heating_setpoint_c", T::number, "degC", "20.0", "[10, 30]", "heating set point", 10, 30},
  {"demand", "night_setback_c", T::number, "degC", "heating_setpoint_c", "[5, heating_setpoint_c]", "residential set point 22–06 h; = heating_setpoint_c: no set-back", 5, INF},
  {"demand", "cooling", T::boolean, "", "false", "", "compute the sensible cooling need"},
  {"demand", "cooling_setpoint_c", T::number, "degC", "26.0", "(heating_setpoint_c, 40]", "cooling set point", -INF, 40},
  {"demand", "non_residential_setback_c", T::number, "degC", "16.0", "[5, heating_setpoint_c]", "set point of non-residential uses outside their use"},
  {"demand", "calendar", T::boolean, "", "true", "", "weekdays and Sachsen-Anhalt's public holidays for the use profiles; false: every day a day of use"},
  {"demand", "calendar_year", T::integer, "a", "the base year", "[1900, 2100]", "the year the weather's days are placed in", 1900, 2100},
  {"demand", "usage_days", T::table, "", "default_usage_days()", "", "days of use per non-residential use class"},
  {"demand", "basis", T::choice, "", "expected_consumption", "expected_consumption | standard_demand", "what the supply, network and CO2 steps use (both are written)"},
  {"demand", "vacant_floor_area_share", T::number, "1", "0.0708", "[0, 1]", "residential floor area that is empty (Zensus 2022 Sachsen-Anhalt)", 0, 1},
  {"demand", "vacant_heating_share", T::number, "1", "0.5", "[0, 1]", "space heating of an empty dwelling relative to an occupied one (HeatTwin assumption)", 0, 1},
  {"demand", "adaptation", T::boolean, "", "true", "", "the TABULA/IWU adaptation to measured consumption; false: factor 1"},
  {"demand.usage_days", "<use class>", T::choice, "", "default_usage_days()", "all_days | monday_to_friday | monday_to_saturday", "days of use of a non-residential use class with a use profile"},

  {"refurbishment", "rate_per_year", T::number_or_path, "1/a", "0.01", "[0, 0.2]", "fraction of the heated stock refurbished per year (dena: ≈ 1 %/a); or a path { <year> = rate }"},
  {"refurbishment", "depth", T::choice_or_path, "", "usual_refurbishment", "usual_refurbishment | advanced_refurbishment", "the TABULA package; or a path { <year> = depth }"},
  {"refurbishment", "order", T::choice, "", "oldest_first", "oldest_first | worst_first | random", "which buildings are refurbished first"},
  {"refurbishment", "seed", T::integer, "", "1", "≥ 0", "seed of order = random", 0, INF},

  {"supply", "allowed", T::string_list, "", "[\"air_heat_pump\", \"ground_heat_pump\", \"biomass_boiler\"]", "catalogue options: also gas_boiler, hydrogen_boiler, oil_boiler, electric_heater, heat_substation", "options a new system may be chosen from (GEG §71 default)"},
  {"supply", "existing_systems", T::choice, "", "census", "census | twin", "census: unknown carriers drawn from the Zensus 2022 shares; twin: only what the twin knows"},
  {"supply", "seed", T::integer, "", "1", "≥ 0", "seed of the existing-systems draws", 0, INF},
  {"supply", "biomass_potential_mwh_per_a", T::number, "MWh/a", "unlimited", "≥ 0", "final energy of biomass available to the run's buildings per year", 0, INF},
  {"supply", "hydrogen_potential_mwh_per_a", T::number, "MWh/a", "unlimited", "≥ 0", "final energy of hydrogen available to the run's buildings per year", 0, INF},

  {"supply_areas", "density_band_1_mwh_per_ha_a", T::number, "MWh/(ha.a)", "70", "[0, 1e5], bands ascending", "lowest heat density band of the classification", 0, 1e5},
  {"supply_areas", "density_band_2_mwh_per_ha_a", T::number, "MWh/(ha.a)", "175", "[0, 1e5], bands ascending", "middle heat density band", 0, 1e5},
  {"supply_areas", "density_band_3_mwh_per_ha_a", T::number, "MWh/(ha.a)", "415", "[0, 1e5], bands ascending", "highest heat density band", 0, 1e5},
  {"supply_areas", "line_density_low_mwh_per_m_a", T::number, "MWh/(m.a)", "0.7", "[0, 1e3], ≤ high", "lower heat line density limit", 0, 1e3},
  {"supply_areas", "line_density_high_mwh_per_m_a", T::number, "MWh/(m.a)", "1.5", "[0, 1e3]", "upper heat line density limit", 0, 1e3},
  {"supply_areas", "cost_margin", T::number, "1", "0.1", "[0, 1]", "network and individual LCOH within this relative margin count as equal", 0, 1},

  {"prices", "<carrier>", T::table, "", "data/technology/prices.csv", "electricity, natural_gas, heating_oil, hydrogen, biomass, district_heat, waste_heat, ambient_heat, solar_thermal", "a table <year> = price of one carrier"},
  {"prices.<carrier>", "<year>", T::number, "EUR/MWh", "the shipped table", "year 1990–2100, value ≥ 0", "final-energy price of the carrier in the year"},
  {"co2_factors", "<carrier>", T::table, "", "data/technology/co2_factors.csv", "as prices", "a table <year> = factor of one carrier"},
  {"co2_factors.<carrier>", "<year>", T::number, "g/kWh", "the shipped table", "year 1990–2100, value ≥ 0", "CO2-eq per kWh final energy of the carrier in the year"},
  {"technology", "<technology>", T::table, "", "data/technology/technology_defaults.csv", "a catalogue technology", "catalogue values of one technology"},
  {"technology.<technology>", "<parameter>", T::number, "the catalogue's", "the catalogue's", "a catalogue parameter, ≥ 0", "replaces one catalogue value, e.g. air_heat_pump.carnot_share"},

  {"solar", "roofs", T::boolean, "", "false", "", "compute the roof solar potential (PV and solar thermal) with shading"},
  {"solar", "parameters", T::path, "", "data/solar/roof_solar_parameters.csv", "", "usable-area rules and yield parameters"},
  {"solar", "ground_reflectance", T::number, "1", "0.2", "[0, 1]", "albedo of the ground", 0, 1},
  {"solar", "horizon_sectors", T::integer, "", "72", "[8, 3600]", "horizon directions per sample point", 8, 3600},
  {"solar", "shading_radius_m", T::number, "m", "100", "[0, 10000]", "buildings within this distance shade a roof", 0, 10000},
  {"solar", "sample_spacing_m", T::number, "m", "2", "[0.1, 100]", "grid spacing of the sample points on a roof", 0.1, 100},
  {"solar", "max_samples_per_surface", T::integer, "", "32", "[1, 10000]", "the spacing grows to keep this bound", 1, 10000},
  {"solar", "imputed_gable_tilt_deg", T::number, "deg", "35", "[0, 75]", "tilt of gable roofs derived from footprint and height", 0, 75},

  {"data", "technology", T::path, "", "data/technology", "folder with technology_defaults.csv, prices.csv, co2_factors.csv", "another set of catalogue, prices and CO2 factors"},
  {"data", "census_heating", T::path, "", "data/statistics/heating_systems_sachsen_anhalt.csv", "", "census shares of the heating carriers"},
  {"data", "census_heating_grid", T::path, "", "none", "Zensus 2022 100 m grid table", "heating carriers per 100 m cell for the existing-systems imputation"},
  {"data", "gas_grid", T::path, "", "none: gas grid unknown", "GIS line/area layer (GeoPackage, GeoJSON, shapefile; any CRS)", "the gas grid's mains or areas: supply-area evidence per 100 m cell (docs/HEAT_PLAN.md)"},
  {"data", "gas_grid_layer", T::string, "", "the file's only layer", "a layer name", "layer of gas_grid"},
  {"data", "gas_grid_buffer_m", T::number, "m", "50", "[0.01, 500]", "a building within this distance of a main counts as on the grid", 0.01, 500},
  {"data", "hydrogen_plan", T::path, "", "none: hydrogen plan unknown", "GIS line/area layer", "the gas operator's hydrogen-network plans: hydrogen-network evidence per cell"},
  {"data", "hydrogen_plan_layer", T::string, "", "the file's only layer", "a layer name", "layer of hydrogen_plan"},
  {"data", "hydrogen_plan_buffer_m", T::number, "m", "50", "[0.01, 500]", "a building within this distance of a planned line counts as in the plan", 0.01, 500},
  {"data", "potentials", T::path, "", "none", "GIS layer with the attributes of docs/POTENTIALS.md", "heat potentials (waste heat, waste water, surface water, ground source, solar thermal land, biomass)"},
  {"data", "potentials_layer", T::string, "", "the file's only layer", "a layer name", "layer of potentials"},
  {"data", "potentials_ground_source_yield_kwh_per_m2a", T::number, "kWh/(m2.a)", "cited default 133 (data/potentials/area_yields.csv)", "[0, 5000]", "yield of ground-source land areas without capacity_mwh_per_a", 0, 5000},
  {"data", "potentials_solar_thermal_yield_kwh_per_m2a", T::number, "kWh/(m2.a)", "cited default 96 (data/potentials/area_yields.csv)", "[0, 5000]", "yield of solar-thermal land areas without capacity_mwh_per_a", 0, 5000},

  {"outputs", "hourly_grid", T::boolean_or_auto, "", "auto", "auto | true | false", "hourly sums per 100 m cell: auto writes them within the memory budget"},
  {"outputs", "hourly_grid_budget_mib", T::number, "MiB", "2048", "> 0", "memory budget of hourly_grid = auto"},

  {"network", "design", T::choice, "", "none: the twin's network `name`", "densest-area | per-municipality", "design a network for the densest area in the base year (per-municipality: one per qualifying municipality)"},
  {"network", "min_densest_cell_mwh_per_ha", T::number, "MWh/(ha.a)", "175", "[0, 1e5], per-municipality only", "a municipality gets a network when its densest 100 m cell reaches this", 0, 1e5},
  {"network", "name", T::string, "", "densest_area", "no '/'", "the network's name (in the twin)"},
  {"network", "radius_m", T::number, "m", "250", "[1, 1e5]", "radius of the design area around the densest cell", 1, 1e5},
  {"network", "max_buildings", T::integer, "", "2000", "[1, 1e6]", "largest number of buildings a design connects", 1, 1e6},
  {"network", "min_heat_line_density_mwh_per_ma", T::number, "MWh/(m.a)", "0", "[0, 100]", "consumers below this line density are pruned from a design", 0, 100},
  {"network", "t_supply_c", T::number, "degC", "80", "[20, 150]", "supply temperature at the plant", 20, 150},
  {"network", "t_return_c", T::number, "degC", "50", "[5, 120], below t_supply_c and min_supply_c", "return temperature", 5, 120},
  {"network", "min_supply_c", T::number, "degC", "60", "[5, 150]", "lowest supply temperature a consumer may see (warning below)", 5, 150},
  {"network", "supply_curve_min_c", T::number, "degC", "none: constant t_supply_c", "[5, 150], t_return_c + 5 … t_supply_c", "plant supply temperature at and above supply_curve_limit_outdoor_c (turns the outdoor-temperature curve on)", 5, 150},
  {"network", "supply_curve_design_outdoor_c", T::number, "degC", "-14", "[-40, 10]", "at and below this outdoor temperature the plant supplies t_supply_c", -40, 10},
  {"network", "supply_curve_limit_outdoor_c", T::number, "degC", "15", "[-20, 30], above supply_curve_design_outdoor_c", "at and above this outdoor temperature the plant supplies supply_curve_min_c; linear between", -20, 30},
  {"network", "min_end_flow_kg_per_s", T::number, "kg/s", "0", "[0, 10]", "minimum flow through each end consumer (bypass)", 0, 10},
  {"network", "connection_share", T::number_or_path, "1", "1: every consumer from the base year", "(0, 1]; or a path { <year> = share }, not falling", "share of the designed network's consumers connected in a year; a path is linear between its years (connection over time, docs/NETWORKS.md)"},
  {"network", "connection_rate_per_a", T::number, "1/a", "none", "(0, 1], not with connection_share", "share of the designed consumers connecting per year: min(connection_cap, rate × (1 + year − base year))", 1e-6, 1},
  {"network", "connection_cap", T::number, "1", "1", "(0, 1], with connection_rate_per_a", "largest share the connection rate reaches", 1e-6, 1},
  {"network", "thermal_dynamics", T::choice, "", "quasi-static", "quasi-static | plug-flow", "pipe temperatures: a steady state per hour, or fronts carried through the pipes over the hours (transport delay, docs/NETWORKS.md)"},
  {"network", "simultaneity", T::boolean, "", "true", "", "Winter simultaneity factors in the design"},
  {"network", "design_load", T::choice, "", "simultaneity", "simultaneity | coincident", "pipe design load: peaks × Winter factor, or the largest hourly sum downstream"},
  {"network", "max_pressure_gradient_pa_per_m", T::number, "Pa/m", "150", "[1, 5000]", "pipe sizing limit", 1, 5000},
  {"network", "max_velocity_m_per_s", T::number, "m/s", "2", "[0.1, 10]", "pipe sizing limit (warning above)", 0.1, 10},
  {"network", "plant_pressure_bar", T::number, "bar", "6", "[0.5, 40]", "pressure at the plant", 0.5, 40},
  {"network", "pump_efficiency", T::number, "1", "0.7", "[0.05, 1]", "efficiency of the network pump", 0.05, 1},
  {"network", "store_in_twin", T::boolean, "", "false", "",
   "also store a designed network in the input twin file (the results file always holds it)"},
  {"network", "simulate_every_year", T::boolean, "", "true", "", "simulate the network with each year's demand; false: dispatch the base year's series"},
  {"network", "feed_in_max_distance_m", T::number, "m", "1000 (HeatTwin assumption)", "[0, 1e5]", "located plants farther from the network are an error; point potentials farther are not drawn on", 0, 1e5},
  {"network", "potential_plants", T::boolean, "", "true", "", "point potentials (waste heat, waste water, surface water) near the network become plants"},
  {"network", "potential_full_load_hours", T::number, "h/a", "4000 (HeatTwin assumption)", "[100, 8760]", "thermal capacity of a plant from a potential = its annual energy / this", 100, 8760},
  {"network", "potential_min_source_t_c", T::number, "degC", "2 (HeatTwin assumption)", "[-20, 100]", "point potentials colder than this are not drawn on", -20, 100},
  {"network", "plants", T::table, "", "default portfolio", "", "the plant portfolio, one table per plant"},
  {"network", "storage", T::table, "", "2 h of the peak", "", "one heat store"},
  {"network", "economics", T::table, "", "", "", "VDI 2067 parameters of the network's LCOH"},
  {"network", "costs", T::table, "", "", "", "catalogue values for the network's cost"},
  {"network.plants", "<id>", T::table, "", "default portfolio", "a name of the user's choice", "one plant of the portfolio (merit order: the file's order)"},
  {"network.plants.<id>", "kind", T::choice, "", "required", "heat_pump | chp | boiler | solar_thermal | waste_heat", "kind of plant"},
  {"network.plants.<id>", "technology", T::string, "", "by kind and fuel", "a catalogue technology", "catalogue technology for cost and efficiencies"},
  {"network.plants.<id>", "fuel", T::choice, "", "natural_gas", "a carrier", "fuel of boilers and CHP"},
  {"network.plants.<id>", "capacity_kw", T::number, "kW", "–", "[0, 1e7]", "thermal capacity (or capacity_share)", 0, 1e7},
  {"network.plants.<id>", "capacity_share", T::number, "1", "–", "[0, 10]", "capacity as a share of the base year's peak plant heat", 0, 10},
  {"network.plants.<id>", "area_m2", T::number, "m2", "–", "[0, 1e7]", "collector area (solar thermal)", 0, 1e7},
  {"network.plants.<id>", "efficiency", T::number, "1", "the catalogue's", "[0.001, 1]", "thermal efficiency", 1e-3, 1},
  {"network.plants.<id>", "electric_efficiency", T::number, "1", "the catalogue's", "[0, 1]", "electric efficiency (CHP)", 0, 1},
  {"network.plants.<id>", "renewable_share", T::number, "1", "by fuel", "[0, 1]", "renewable share of the plant's heat", 0, 1},
  {"network.plants.<id>", "source", T::choice, "", "outdoor_air", "outdoor_air", "heat source of a heat pump (or source_t_c)"},
  {"network.plants.<id>", "source_t_c", T::number, "degC", "–", "[-30, 80]", "constant source temperature of a heat pump", -30, 80},
  {"network.plants.<id>", "available_share", T::number, "1", "1", "[0, 1]", "constant availability of waste heat", 0, 1},
  {"network.plants.<id>", "collector_t_c", T::number, "degC", "(supply + return) / 2", "[0, 150]", "mean collector temperature (solar thermal)", 0, 150},
  {"network.plants.<id>", "charges_storage", T::boolean, "", "heat pumps, solar, waste heat", "", "the plant may charge the store"},
  {"network.plants.<id>", "variable_cost_eur_per_mwh", T::number, "EUR/MWh", "0", "[0, 1e4]", "variable cost besides fuel", 0, 1e4},
  {"network.plants.<id>", "x", T::number, "m", "none: at the network's plant junction", "twin CRS, with y; not with potential", "feed-in point: the plant connects to the nearest network junction (docs/NETWORKS.md)", -1e8, 1e8},
  {"network.plants.<id>", "y", T::number, "m", "none", "twin CRS, with x", "feed-in point (northing)", -1e8, 1e8},
  {"network.plants.<id>", "potential", T::string, "", "none", "a point feature id of [data] potentials", "feed-in point and annual energy cap from a potential"},
  {"network.plants.<id>", "holds_pressure", T::boolean, "", "the first plant without a location", "one plant, without a location", "the plant holds pressure and supply temperature; the others feed their dispatched heat"},
  {"network.storage", "capacity_kwh", T::number, "kWh", "–", "[0, 1e9]", "store capacity (or hours_of_peak)", 0, 1e9},
  {"network.storage", "hours_of_peak", T::number, "h", "2", "[0, 1000]", "store capacity in hours of the base year's peak plant heat", 0, 1000},
  {"network.storage", "delta_t_k", T::number, "K", "t_supply_c − t_return_c", "[1, 150]", "temperature spread (store volume for the cost)", 1, 150},
  {"network.storage", "charge_hours", T::number, "h", "4", "[0.1, 1000]", "capacity / largest charge or discharge power", 0.1, 1000},
  {"network.storage", "standing_loss_per_h", T::number, "1/h", "the catalogue's", "[0, 0.5]", "standing loss per hour", 0, 0.5},
  {"network.economics", "interest_rate", T::number, "1/a", "0.03", "[0, 0.3]", "VDI 2067 interest rate", 0, 0.3},
  {"network.economics", "period_a", T::integer, "a", "20", "[1, 100]", "VDI 2067 observation period"},
  {"network.economics", "price_path", T::boolean, "", "false", "", "levelised prices of the price path from the year on"},
  {"network.economics", "operation_eur_per_a", T::number, "EUR/a", "0", "[0, 1e9]", "staff, metering, administration", 0, 1e9},
  {"network.economics", "chp_electricity_value_eur_per_mwh", T::number, "EUR/MWh", "100", "[0, 1e4]", "value of CHP electricity (HeatTwin assumption)", 0, 1e4},
  {"network.economics", "connection_rate", T::number, "1", "0.6", "[0.01, 1]", "share of buildings assumed to connect in the estimate of unserved cells", 0.01, 1},
  {"network.costs", "<technology>", T::table, "", "the catalogue", "a catalogue technology", "catalogue values of one technology for the network's cost"},
  {"network.costs.<technology>", "<parameter>", T::number, "the catalogue's", "the catalogue's", "≥ 0", "replaces one catalogue value in the network's cost"},
});
// clang-format on

bool is_placeholder(std::string_view name) { return name.size() > 2 && name.front() == '<' && name.back() == '>'; }

/// Dotted names match part by part; a "<…>" part of the schema matches any name.
bool table_matches(std::string_view schema, std::string_view table) {
  while (true) {
    const std::size_t a = schema.find('.'), b = table.find('.');
    const std::string_view sa = schema.substr(0, a), ta = table.substr(0, b);
    if (!(is_placeholder(sa) || sa == ta)) return false;
    if (a == std::string_view::npos || b == std::string_view::npos) return a == b;
    schema.remove_prefix(a + 1);
    table.remove_prefix(b + 1);
  }
}

std::string at_line(const std::string& path, const toml::node& node) {
  // A value set by an override (scenarios/scenario_overrides.hpp) has the override as its source.
  if (const auto& source = node.source().path; source && *source != path) return fmt::format("{} ({})", path, *source);
  return fmt::format("{}:{}", path, node.source().begin.line);
}

}  // namespace

std::string_view scenario_key_type_name(ScenarioKeyType type) {
  switch (type) {
    case T::string:
      return "string";
    case T::choice:
      return "string (choice)";
    case T::path:
      return "path";
    case T::integer:
      return "integer";
    case T::number:
      return "number";
    case T::boolean:
      return "boolean";
    case T::integer_list:
      return "integer list";
    case T::string_list:
      return "string list";
    case T::table:
      return "table";
    case T::number_or_path:
      return "number or table year = number";
    case T::choice_or_path:
      return "string or table year = string";
    case T::boolean_or_auto:
      return "boolean or \"auto\"";
  }
  return "?";
}

std::span<const ScenarioKey> scenario_keys() { return SCENARIO_KEYS; }

const ScenarioKey* find_scenario_key(std::string_view table, std::string_view key) {
  for (const ScenarioKey& k : SCENARIO_KEYS) {
    if (table_matches(k.table, table) && (is_placeholder(k.key) || k.key == key)) return &k;
  }
  return nullptr;
}

std::string scenario_keys_of(std::string_view table) {
  std::vector<std::string_view> keys;
  for (const ScenarioKey& k : SCENARIO_KEYS) {
    if (table_matches(k.table, table)) keys.push_back(k.key);
  }
  return fmt::format("{}", fmt::join(keys, ", "));
}

void check_scenario_keys(const std::string& path, const toml::table& t, std::string_view table) {
  for (const auto& [key, node] : t) {
    HEATTWIN_CHECK(find_scenario_key(table, key.str()) != nullptr, "{}: unknown key '{}' in [{}] (allowed: {})",
                   at_line(path, node), key.str(), table.empty() ? std::string_view("top level") : table,
                   scenario_keys_of(table));
  }
}

double scenario_number(const std::string& path, const toml::table& t, std::string_view table, std::string_view key,
                       double fallback) {
  const ScenarioKey* k = find_scenario_key(table, key);
  if (k == nullptr) throw std::logic_error(fmt::format("the scenario schema has no key [{}] {}", table, key));
  const toml::node* node = t.get(key);
  if (node == nullptr) return fallback;
  const auto v = node->value<double>();
  const bool integer = k->type == ScenarioKeyType::integer;
  const std::string range = std::isinf(k->max)   ? fmt::format("≥ {}", k->min)
                            : std::isinf(k->min) ? fmt::format("≤ {}", k->max)
                                                 : fmt::format("between {} and {}", k->min, k->max);
  HEATTWIN_CHECK(
      v.has_value() && std::isfinite(*v) && *v >= k->min && *v <= k->max && (!integer || std::floor(*v) == *v),
      "{}: [{}] '{}' must be {} {}{}", at_line(path, *node), table, key, integer ? "an integer" : "a number", range,
      k->unit.empty() || k->unit == "1" ? std::string() : fmt::format(" {}", k->unit));
  return *v;
}

std::string scenario_keys_markdown() {
  std::string out = "| table | key | type | unit | default | allowed | meaning |\n|---|---|---|---|---|---|---|\n";
  const auto cell = [](std::string_view text) {  // a Markdown table cell: no '|' inside
    std::string s;
    for (const char c : text) s += c == '|' ? std::string("\\|") : std::string(1, c);
    return s;
  };
  for (const ScenarioKey& k : SCENARIO_KEYS) {
    out += fmt::format("| {} | `{}` | {} | {} | {} | {} | {} |\n",
                       k.table.empty() ? "(top level)" : fmt::format("`[{}]`", k.table), k.key,
                       scenario_key_type_name(k.type), k.unit.empty() ? "" : fmt::format("`{}`", k.unit),
                       cell(k.default_value), cell(k.range), cell(k.doc));
  }
  return out;
}

std::string with_scenario_keys(const std::string& document, const std::string& what) {
  const std::size_t begin = document.find(SCENARIO_KEYS_BEGIN);
  const std::size_t end = document.find(SCENARIO_KEYS_END);
  HEATTWIN_CHECK(begin != std::string::npos && end != std::string::npos && begin < end,
                 "{}: no block between the markers '{}' and '{}' to write the scenario keys into", what,
                 SCENARIO_KEYS_BEGIN, SCENARIO_KEYS_END);
  const std::size_t body = begin + SCENARIO_KEYS_BEGIN.size();
  return document.substr(0, body) + "\n" + scenario_keys_markdown() + document.substr(end);
}

}  // namespace heattwin::scenarios
