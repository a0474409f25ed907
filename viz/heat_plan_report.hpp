#pragma once
/// \file The heat plan report (issue 15 §1, `heattwin report`): one self-contained HTML document
/// per municipality from every year of a heat-plan results file, structured after WPG §23 and
/// Anlage 2 — Bestandsanalyse, Potenzialanalyse, Zielszenario, Wärmeversorgungsgebiete,
/// Umsetzungsstrategie — German by default (Lang::de: German number format, WPG terms), English
/// with Lang::en. Maps and charts are inline SVG (municipal boundary, 100 m cells, the scenario's
/// network, legend, scale bar); the page loads nothing (Content-Security-Policy default-src 'none').
///
/// Two steps, so that tests can check numbers apart from markup: compute_heat_plans() reads the
/// results file one year at a time (the state's 1.2 M buildings × 5 years never sit in memory at
/// once) and aggregates per municipality; render_heat_plan_html() turns one municipality's plan
/// (and the same municipality in other scenarios, side by side) into HTML.
/// What the results file does not hold (gas grid, potentials other than the ones the scenario
/// used, investment sums) is not invented: the report says it is missing. Layout: docs/OUTPUTS.md.

#include "viz/heat_plan_inventory.hpp"
#include "viz/heat_plan_investment.hpp"
#include "viz/heat_plan_plants.hpp"
#include "viz/potential_map.hpp"
#include "viz/report.hpp"
#include "viz/results_file.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace heattwin::twin {
struct Twin;
}

namespace heattwin::viz {

/// Final-energy carriers in table order (the results' `final_energy/carrier` rows).
inline constexpr std::array<const char*, 9> PLAN_CARRIERS{"electricity", "natural_gas",  "heating_oil",
                                                          "hydrogen",    "biomass",      "district_heat",
                                                          "waste_heat",  "ambient_heat", "solar_thermal"};

/// Settings of the heat plan report.
struct HeatPlanOptions {
  Lang lang = Lang::de;
  /// Cells with fewer computed buildings of the municipality are drawn grey without values
  /// (publication rule of the heat plan, twin::PRIVACY_MIN_BUILDINGS).
  std::uint32_t privacy_min_buildings = 5;
  /// Only this municipality (8-digit AGS); empty: every municipality with computed buildings.
  std::string municipality;
  /// File name of the complete cell/block inventory CSV beside the report (area_inventory_csv),
  /// named in the Bestandsanalyse; empty: none is written.
  std::string inventory_csv_name;
  /// The scenario of the results file to report (a file may hold several); empty: its first.
  std::string scenario;
};

/// A 100 m cell of one municipality in one year (EPSG:3035, lower-left corner in 100 m units).
struct PlanCell {
  std::uint32_t north_100m = 0, east_100m = 0;
  std::uint32_t buildings = 0;  ///< computed buildings of the municipality in the cell
  double heat_mwh = 0.0;        ///< space heating + hot water need of those buildings, MWh/a
  std::string type;             ///< supply-area type of the cell's sub-area ("" = not classified)
  bool withheld = false;        ///< below the privacy minimum (cell or sub-area)
};

/// A supply sub-area (WPG §18) touching the municipality in one year.
struct PlanArea {
  std::string id, type, heat_network_grade, hydrogen_grade, decentralised_grade, reasons;
  std::uint32_t cells = 0, buildings = 0;
  double heat_demand_mwh = 0.0, heat_density_mwh_per_ha_a = 0.0, line_density_mwh_per_m_a = 0.0;
  bool withheld = false;
};

/// A network of the scenario serving the municipality in one year.
struct PlanNetwork {
  std::string id;
  double consumers = 0.0, route_length_m = 0.0, delivered_mwh = 0.0, heat_loss_share = 0.0;
  double line_density_mwh_per_m_a = 0.0;
  double renewable_share = std::numeric_limits<double>::quiet_NaN();   ///< of the plants (WPG §29)
  double wpg_target_share = std::numeric_limits<double>::quiet_NaN();  ///< §29/§31 target of the year
  int meets_wpg_target = -1;                                           ///< 1/0; -1 unknown
  double lcoh_eur_per_mwh = std::numeric_limits<double>::quiet_NaN();
  double total_annuity_eur_per_a = 0.0, capital_annuity_eur_per_a = 0.0;
  double co2_t = 0.0;  ///< plants and pumps
};

/// A pipe of the scenario's network in EPSG:3035 metres.
struct PlanPipe {
  double x0 = 0.0, y0 = 0.0, x1 = 0.0, y1 = 0.0;
  double dn = 0.0;  ///< EN 253 nominal size, NaN if unknown
};

/// Everything of one municipality in one year.
struct PlanYear {
  int year = 0;
  std::uint64_t buildings = 0;
  double heated_floor_area_m2 = 0.0;
  double space_heating_mwh = 0.0, hot_water_mwh = 0.0;  ///< standard need, MWh/a
  double expected_consumption_mwh = std::numeric_limits<double>::quiet_NaN();
  std::array<double, PLAN_CARRIERS.size()> final_energy_mwh{};              ///< by PLAN_CARRIERS, MWh/a
  std::array<double, PLAN_CARRIERS.size()> final_energy_residential_mwh{};  ///< residential sector part
  double co2_t = 0.0;          ///< buildings' CO2-eq (network heat at the network's factor), t/a
  double renewable_mwh = 0.0;  ///< renewable part of the final energy (rule: docs/HEAT_PLAN.md)
  std::map<std::string, std::uint64_t> buildings_by_supply;  ///< supply_option → buildings
  std::map<std::string, std::uint64_t> buildings_by_area_type;
  std::uint64_t refurbished = 0, network_supplied = 0, kept_existing = 0;
  std::uint64_t carrier_imputed = 0, install_year_imputed = 0;  ///< base year: drawn from census shares
  double supply_cost_eur_per_a = 0.0;                           ///< buildings' VDI 2067 annuities
  std::vector<PlanCell> cells;
  std::vector<PlanArea> areas;
  std::vector<PlanNetwork> networks;
  std::vector<PlanPipe> pipes;
  std::vector<std::string> warnings;  ///< the results file's warnings of the year (docs/results-schema.md)
  PlanYearInvestment investment;      ///< of the period ending with this year (viz/heat_plan_investment.hpp)
  PlanPlants plants;                  ///< the network's plants and unused point potentials (viz/heat_plan_plants.hpp)
  double total_final_energy_mwh() const;
  double renewable_share() const;  ///< renewable_mwh / total final energy; NaN if no final energy
};

/// One row of the base year's inventory tables.
struct PlanInventoryRow {
  std::string key;
  std::uint64_t buildings = 0, imputed = 0;  ///< imputed: value rests on an assumption
  double heated_floor_area_m2 = 0.0, heat_mwh = 0.0;
};

/// The heat plan of one municipality in one scenario.
struct HeatPlan {
  std::string results_path, scenario, method, ags, name, kreis_name;
  std::int64_t population = 0;
  ResultsMeta meta;
  std::vector<PlanYear> years;  ///< in file order: base year first
  /// Municipal boundary rings in EPSG:3035 metres (empty when the twin has none).
  std::vector<std::vector<std::array<double, 2>>> boundary;
  std::vector<PlanInventoryRow> by_use_class, by_age_class, by_carrier;  ///< base year
  std::array<double, 5> u_value_provenance_share{};  ///< of the base year's buildings, by twin::Provenance
  std::uint64_t existing_network_consumers = 0;      ///< twin networks' consumers in the municipality
  PlanInventoryDetail inventory;  ///< base year per cell, block and street segment (viz/heat_plan_inventory.hpp)
  PlanPotentials potentials;      ///< the [data] potentials layer located in the municipality (viz/potential_map.hpp)
};

/// Reads every year of `results_path` (one scenario) and aggregates per municipality of `twin`
/// (through each building's twin row). Computed buildings outside every municipality form a plan
/// with an empty AGS. Throws InputError naming the file for results of another twin, a results
/// file without years or an unknown municipality in options.municipality.
/// O(years × (buildings + cells + pipes)) time; memory: one year of results plus the aggregates.
std::vector<HeatPlan> compute_heat_plans(const std::string& results_path, const twin::Twin& twin,
                                         const HeatPlanOptions& options = {});

/// The HTML document of plans[0] (one municipality); further plans are the same municipality in
/// other scenarios and are put side by side in a comparison section. Depends only on its
/// arguments and the program version (same inputs, same bytes).
std::string render_heat_plan_html(const std::vector<const HeatPlan*>& plans, const HeatPlanOptions& options = {});

/// German or English words for a `;`-separated list of supply-area reason codes
/// (solvers/supply/supply_areas, docs/SUPPLY.md), one sentence per code joined by "; ".
/// Unknown codes are kept verbatim with a note.
std::string supply_area_reason_text(std::string_view codes, Lang lang);
/// WPG §19 grade ("likely_suited" …) in words; unknown values verbatim.
std::string suitability_text(std::string_view grade, Lang lang);
/// WPG §18 supply-area type ("heat_network" …) in words; unknown values verbatim.
std::string supply_area_type_text(std::string_view type, Lang lang);
/// Final-energy carrier in words ("natural_gas" → "Erdgas").
std::string carrier_text(std::string_view carrier, Lang lang);
/// Heating system (catalogue technology) in words ("air_heat_pump" → "Luft-Wasser-Wärmepumpe").
std::string supply_option_text(std::string_view option, Lang lang);

}  // namespace heattwin::viz
