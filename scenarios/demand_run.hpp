#pragma once
/// \file `heattwin run <scenario.toml>`: the heat demand of a twin (or some of its
/// municipalities) for one weather year, or for the target years of a heat plan with the
/// stock refurbished year by year, written to one HDF5 results file.
///
/// Scenario file (TOML; every key is checked against the schema in scenarios/scenario_schema.cpp,
/// which `heattwin scenario-keys` prints; unknown keys are errors; relative paths are
/// relative to the scenario file):
///
///     [run]
///     name = "base"                    # results group /results/<name>/<year> (default: file stem)
///     year = 2025                      # the heat plan's base or target year the results stand for
///     years = [2025, 2030, 2035, 2040, 2045]  # instead of year: a heat plan; the first is the base
///                                      # year, strictly ascending; both year and years = error
///     twin = "twin.h5"                 # written by heattwin import / generate (required)
///     weather = "weather.dat"          # EPW or DWD TRY (required)
///     out = "results.h5"               # results file (required)
///     municipalities = ["15003000"]    # optional: AGS of the municipalities (or 5-digit Kreis keys) to compute
///     method = "hourly"                # hourly (5R1C) | monthly (EN ISO 13790 monthly balance)
///     [typology]
///     refurbishment_state = "existing" # existing | usual_refurbishment | advanced_refurbishment
///     tabula = "…/tabula_de.csv"       # default: the shipped data/typology tables
///     non_residential = "…/non_residential_de.csv"
///     load_profiles = "…/pyslpheat_bdew_hourly_coefficients.csv"
///     use_conditions = "…/use_conditions_teaser.json"   # "" = generic non-residential schedule
///     [demand]
///     heating_setpoint_c = 20.0
///     night_setback_c = 20.0           # residential 22-06 h; 20 = none
///     cooling = false
///     cooling_setpoint_c = 26.0
///     non_residential_setback_c = 16.0 # set point of non-residential uses outside their use
///                                      # (days without use; generic schedule: outside 07-18 h)
///     calendar = true                  # weekdays and public holidays (Sachsen-Anhalt) for the
///                                      # use profiles; false = every day a day of use
///     calendar_year = 2025             # the year the weather's days are placed in (default:
///                                      # the base year; 29 Feb of a leap year is skipped)
///     basis = "expected_consumption"   # what supply, network and CO2 use: expected_consumption
///                                      # (standard demand × TABULA adaptation × vacancy) or
///                                      # standard_demand (docs/DEMAND.md); both are written
///     vacant_floor_area_share = 0.0708 # residential floor area empty (Zensus 2022 Sachsen-Anhalt)
///     vacant_heating_share = 0.5       # heating of an empty dwelling / an occupied one
///     adaptation = true                # TABULA adaptation to measured consumption on/off
///     [demand.usage_days]              # optional overrides of default_usage_days() per use class:
///     office = "monday_to_friday"      # all_days | monday_to_friday | monday_to_saturday
///     [network]                        # optional: a district-heating network (scenarios/network_run.hpp)
///     design = "densest-area"          # designed in the base year, simulated and supplied every year
///     [network.plants.hp]              # optional plant portfolio, store, economics, cost overrides
///     kind = "heat_pump"               # (scenarios/network_supply.hpp, docs/NETWORKS.md)
///     [refurbishment]                  # optional; these defaults apply without the section
///     rate_per_year = 0.01             # fraction of the heated stock refurbished per year, 0..0.2
///                                      # (dena-Gebäudereport: ≈ 1 %/a in Germany)
///     depth = "usual_refurbishment"    # TABULA package: usual_refurbishment | advanced_refurbishment
///     order = "oldest_first"           # oldest_first | worst_first (base year's kWh/m²a) | random
///     seed = 1                         # for order = "random"
///     [supply]                         # optional: individual supply per building and year
///     allowed = ["air_heat_pump", "ground_heat_pump", "biomass_boiler"]  # options a replacement
///                                      # may choose (catalogue names as in supply_option; default
///                                      # these three, GEG §71); also gas_boiler, hydrogen_boiler,
///                                      # oil_boiler, electric_heater, heat_substation
///     [outputs]                        # optional
///     hourly_grid = "auto"             # grid/hourly_heating_w and hourly_hot_water_w, [cell][hour]:
///                                      # "auto" (written when their memory estimate is within the
///                                      # budget), true (always), false (never)
///     hourly_grid_budget_mib = 2048    # the budget of "auto", MiB
///
/// Refurbishment is cumulative: by year y the first round(rate·(y − base)·N) buildings of the
/// ranking of the base year's N computed buildings are refurbished (nested sets across years);
/// their U values become min(current, package value). Non-residential buildings are ranked and
/// counted too, but keep their envelope: the IWU non-residential table has no refurbished
/// variant (scenarios/refurbishment.hpp).
///
/// The results schema is in docs/results-schema.md.
#include "scenarios/gas_grid_evidence.hpp"
#include "scenarios/municipality_totals.hpp"
#include "scenarios/network_run.hpp"
#include "scenarios/potentials.hpp"
#include "scenarios/refurbishment.hpp"
#include "scenarios/roof_solar_run.hpp"
#include "scenarios/run_warnings.hpp"
#include "scenarios/scenario_overrides.hpp"
#include "scenarios/system_power.hpp"
#include "solvers/demand/consumption.hpp"
#include "solvers/demand/stock_model.hpp"
#include "solvers/supply/individual.hpp"
#include "solvers/supply/supply_areas.hpp"

#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace heattwin::scenarios {

/// One value of a `[prices]` or `[co2_factors]` table of the scenario: replaces (or adds) the
/// shipped table's value of `carrier` in `year`.
struct CarrierYearOverride {
  solvers::economics::Carrier carrier = solvers::economics::Carrier::electricity;
  int year = 0;
  double value = 0.0;
};

/// One value of a `[technology.<technology>]` table of the scenario: replaces the catalogue's
/// parameter (data/technology/technology_defaults.csv), e.g. air_heat_pump.carnot_share.
struct TechnologyOverride {
  std::string technology;  ///< catalogue technology, "air_heat_pump"
  std::string parameter;   ///< catalogue parameter, "carnot_share"
  double value = 0.0;      ///< in the catalogue's unit of the parameter
  std::string where;       ///< file:line or the override, for messages
};

/// [run] method: how space heating is computed. Parsed once from the scenario's string.
enum class DemandMethod : std::uint8_t {
  hourly,   ///< EN ISO 13790 hourly 5R1C (solvers/demand/hourly_5r1c.hpp)
  monthly,  ///< EN ISO 13790 monthly balance (solvers/demand/monthly_balance.hpp)
};
/// The scenario's spelling: "hourly", "monthly".
std::string_view demand_method_name(DemandMethod method);

/// [typology] refurbishment_state: the TABULA state of the whole stock's envelope. Parsed once.
enum class TypologyState : std::uint8_t { existing, usual_refurbishment, advanced_refurbishment };
/// The scenario's and TABULA table's spelling: "existing", "usual_refurbishment", "advanced_refurbishment".
std::string_view typology_state_name(TypologyState state);

/// A parsed, validated demand scenario (immutable after load).
struct DemandScenario {
  std::string source;                       ///< the scenario file
  std::vector<ScenarioOverride> overrides;  ///< set on top of the file's values, in order
  std::string name;                         ///< results group /results/<name>; default: the scenario file's stem
  int year = 2025;                      ///< results group /results/<name>/<year>: the heat plan's base or target year
  std::vector<int> years{2025};         ///< all years, strictly ascending; years.front() == year (the base year)
  RefurbishmentSettings refurbishment;  ///< [refurbishment]; its defaults without the section
  /// [supply] allowed: options a replacement may choose (IndividualOption order); default
  /// IndividualSettings's (heat pumps and biomass, GEG §71).
  std::array<bool, solvers::supply::INDIVIDUAL_OPTION_COUNT> supply_allowed =
      solvers::supply::IndividualSettings{}.allowed;
  /// [supply] existing_systems: "census" (default) imputes unknown heating carriers from the
  /// census shares in `census_heating_csv` (solvers/supply/existing_systems); "twin" leaves them
  /// unknown (then the base year chooses the least-cost option for them).
  bool impute_existing_systems = true;
  /// [supply] biomass_potential_mwh_per_a / hydrogen_potential_mwh_per_a: final energy available
  /// to the run's buildings per year (default unlimited; IndividualSettings).
  double biomass_potential_mwh_per_a = std::numeric_limits<double>::infinity();
  double hydrogen_potential_mwh_per_a = std::numeric_limits<double>::infinity();
  std::uint64_t existing_systems_seed = 1;  ///< [supply] seed of the imputation draws
  std::string census_heating_csv;           ///< [data] census_heating; default the shipped table
  /// [data] census_heating_grid: a Zensus 2022 100 m grid table of residential buildings by heating
  /// carrier (solvers/supply/existing_systems.hpp ZENSUS_HEATING_COLUMNS); empty: state-wide shares only.
  std::string census_heating_grid_csv;
  /// [data] gas_grid / hydrogen_plan (+ _layer, _buffer_m): GIS layers of the gas grid and the
  /// hydrogen-network plans; empty paths: unknown (scenarios/gas_grid_evidence.hpp).
  GasGridSettings gas_grid;
  /// [data] potentials (+ _layer, yields): the heat potentials layer (scenarios/potentials.hpp).
  PotentialSettings potentials;
  /// [prices] / [co2_factors]: values that replace the shipped tables' (€/MWh, g/kWh final energy).
  std::vector<CarrierYearOverride> price_overrides, co2_overrides;
  /// [technology.<technology>] <parameter> = value: replaces catalogue values (checked at the run
  /// against the catalogue: the technology and parameter must exist).
  std::vector<TechnologyOverride> technology_overrides;
  /// [supply_areas]: thresholds of the WPG supply-area classification (defaults: SupplyAreaThresholds).
  solvers::supply::SupplyAreaThresholds supply_area_thresholds;
  /// [solar]: roof solar potential (scenarios/roof_solar_run.hpp).
  SolarScenarioSettings solar;
  std::string twin_path;
  std::string weather_path;
  std::string out_path;
  std::vector<std::string> municipalities;
  DemandMethod method = DemandMethod::hourly;                   ///< [run] method
  TypologyState refurbishment_state = TypologyState::existing;  ///< [typology] refurbishment_state
  /// [typology] modernisation: "imputed" (default) draws, for residential buildings whose
  /// envelope came from the typology (state unknown), which elements were modernised since
  /// construction from the survey shares in `modernisation_shares_csv` (twin::impute_modernisation;
  /// docs/IMPUTATION.md); "none" keeps TABULA's existing state as built. Only with
  /// refurbishment_state = "existing" (another state sets the whole stock's envelope).
  bool impute_modernisation = true;
  std::string modernisation_shares_csv;  ///< [typology] modernisation_shares; default the shipped table
  /// [typology] modernisation_rates: annual rates that carry the survey shares to `calendar_year`
  /// (twin::modernisation_shares_in_year); empty: the survey year's shares. Default the shipped table.
  std::string modernisation_rates_csv;
  std::uint64_t modernisation_seed = 1;  ///< [typology] modernisation_seed: seed of the draws
  /// The run draws the modernisation state: impute_modernisation with refurbishment_state existing.
  bool imputes_modernisation() const { return impute_modernisation && refurbishment_state == TypologyState::existing; }
  std::string tabula_csv;
  std::string non_residential_csv;
  std::string load_profiles_csv;    ///< BDEW hour factors for the hot-water day profile
  std::string use_conditions_json;  ///< DIN V 18599-10 use profiles (TEASER); empty: generic schedule
  std::string technology_dir;  ///< technology_defaults.csv, prices.csv, co2_factors.csv ([data] technology; default the
                               ///< shipped data/technology)
  /// [demand] settings; usage_days starts as default_usage_days() and takes the scenario's
  /// [demand.usage_days] overrides. day_types stays empty here: the run fills it from the
  /// weather and `calendar_year` when `calendar` is on.
  solvers::demand::StockModelSettings settings;
  /// [demand] basis: true ("expected_consumption", default) hands the expected consumption to the
  /// supply, network and CO2 steps; false ("standard_demand") the standard demand. Both are written.
  bool use_expected_consumption = true;
  /// [demand] vacant_floor_area_share, vacant_heating_share, adaptation (solvers/demand/consumption.hpp).
  solvers::demand::ConsumptionSettings consumption;
  bool calendar = true;     ///< [demand] calendar: weekdays and holidays for non-residential uses
  int calendar_year = 0;    ///< [demand] calendar_year; default the base year (years.front())
  NetworkScenario network;  ///< [network]; network.enabled is false without the section
  /// [outputs] hourly_grid: the hourly sums per 100 m grid cell (hourly method only).
  enum class HourlyGrid { automatic, always, never };
  HourlyGrid hourly_grid = HourlyGrid::automatic;
  /// [outputs] hourly_grid_budget_mib: "auto" writes the hourly grid sums when
  /// cells × hours × 8 B × 3 (the kernel's per-chunk partial sums, the merged sums and the hot-water
  /// array) is at most this. HeatTwin assumption: 2 GiB, a twelfth of the 24 GiB reference machine.
  double hourly_grid_budget_mib = 2048.0;
};

/// Reads a scenario file. `default_data_dir` locates the shipped typology tables. Throws
/// InputError naming the file, line and key for unknown keys, wrong types or missing values.
DemandScenario load_demand_scenario(const std::string& path, const std::string& default_data_dir);

/// Standard demand and expected consumption of a year by sector (residential = use classes
/// residential and residential_mixed; the rest is non-residential), MWh/a. "Standard" is the
/// model's need (space heating + hot water) under standard use; "expected" is the standard demand
/// × the TABULA adaptation × the vacancy factor (residential; non-residential keep factor 1);
/// final energy is the purchased energy of the year's supply (without ambient heat), which
/// rests on the basis the scenario chose.
/// The modernisation imputation of the run's twin ([typology] modernisation; docs/IMPUTATION.md).
struct ModernisationSummary {
  std::string basis = "none";             ///< "imputed" or "none"
  std::size_t buildings_unknown = 0;      ///< residential buildings with an unknown state (drawn)
  std::size_t buildings_modernised = 0;   ///< of which with at least one modernised element
  std::size_t buildings_known = 0;        ///< residential buildings with measured U values (kept)
  std::array<std::size_t, 4> elements{};  ///< modernised walls, roofs, floors, windows
  /// The run's calendar_year when [typology] modernisation_rates carried the survey shares to it;
  /// 0 when the shares table was drawn as read (its survey year) or without the imputation.
  int shares_year = 0;
};

struct ConsumptionSummary {
  std::string basis;  ///< "expected_consumption" or "standard_demand": what supply, network and CO2 use
  double standard_residential_mwh = 0.0, standard_non_residential_mwh = 0.0;
  double expected_residential_mwh = 0.0, expected_non_residential_mwh = 0.0;
  double expected_heating_mwh = 0.0, expected_hot_water_mwh = 0.0;  ///< all computed buildings
  double final_energy_residential_mwh = 0.0, final_energy_non_residential_mwh = 0.0;
  double district_heat_residential_mwh = 0.0;  ///< final energy district heat of residential buildings
  /// Of final_energy_non_residential_mwh: use class industry (the energy balance's industry
  /// sector, not GHD).
  double final_energy_industry_mwh = 0.0;
  double residential_floor_area_m2 = 0.0, non_residential_floor_area_m2 = 0.0;
  std::size_t residential_buildings = 0, non_residential_buildings = 0;
  double mean_adaptation_factor = 1.0;  ///< residential, weighted by standard demand
};
/// Reads a scenario file with `overrides` set in it before it is checked (a later override of the
/// same key wins; scenarios/scenario_overrides.hpp). Errors in an overridden value name the
/// override. The results file records the overrides in /meta/scenario_overrides.
DemandScenario load_demand_scenario(const std::string& path, const std::string& default_data_dir,
                                    std::span<const ScenarioOverride> overrides);

/// Totals of one year of a run.
struct YearSummary {
  int year = 0;
  std::size_t refurbished_buildings = 0;         ///< selected for refurbishment by this year (cumulative)
  std::size_t refurbished_envelope_changed = 0;  ///< of which the package improved a U value
  std::size_t buildings_computed = 0;
  double heating_mwh = 0.0;      ///< space heating need, MWh/a
  double hot_water_mwh = 0.0;    ///< domestic hot water need, MWh/a
  double cooling_mwh = 0.0;      ///< sensible cooling need, MWh/a
  double peak_heating_mw = 0.0;  ///< space heating only; NaN for the monthly method
  /// Peak load (space heating + hot water, twin/indicators.hpp), MW; NaN for the monthly method.
  double peak_load_mw = std::numeric_limits<double>::quiet_NaN();
  double heated_floor_area_m2 = 0.0;
  /// Standard demand and expected consumption of the year (ConsumptionSummary).
  ConsumptionSummary consumption;
  /// Individual supply (solvers/supply/individual) of the year: final energy MWh/a by carrier
  /// name (ambient heat included), CO2 t/a, systems replaced after ageing out.
  std::map<std::string, double> final_energy_mwh_by_carrier;
  double final_energy_mwh = 0.0;
  /// Renewable share of the final energy (twin/indicators.hpp), 0…1; NaN without final energy.
  double renewable_share = std::numeric_limits<double>::quiet_NaN();
  double co2_t = 0.0;
  std::size_t supply_replaced = 0;
  /// Computed buildings the run's network supplies this year (house substation, district heat).
  std::size_t network_supplied_buildings = 0;
  /// New systems moved off biomass / hydrogen by their potentials, and what still exceeds them.
  std::size_t supply_switched_for_potentials = 0;
  double biomass_above_potential_mwh = 0.0, hydrogen_above_potential_mwh = 0.0;
  SystemPowerCounts system_power;  ///< systems sized by a measured nominal power or the estimate
  std::map<std::string, std::size_t> buildings_by_option;
  /// Costs of the year's individual supply (VDI 2067 annuities of every building's system:
  /// capital if new, maintenance and energy), €/a; useful heat supplied, MWh/a; their ratio, the
  /// heat-weighted LCOH, €/MWh (NaN without heat); investment in the systems chosen this year
  /// (catalogue capex_fixed_eur + capex_eur_per_kw × design load), €.
  double supply_cost_eur_per_a = 0.0;
  double useful_heat_mwh = 0.0;
  double lcoh_eur_per_mwh = std::numeric_limits<double>::quiet_NaN();
  double investment_eur = 0.0;
  std::map<std::string, std::size_t> supply_areas_by_type;  ///< 100 m cells by WPG supply-area type
  std::optional<NetworkYearSummary> network;                ///< the [network]'s supply and cost of the year
  std::optional<PotentialUse> potential_use;                ///< with [data] potentials: each kind's potential and use
  /// Buildings in heat-network sub-areas that the network does not supply (biomass excluded from
  /// their least-cost choice), of which moved off a biomass boiler, and those that kept biomass
  /// because no other option was allowed (docs/SUPPLY.md, "One supply model").
  std::size_t heat_network_area_buildings = 0, heat_network_area_moved_off_biomass = 0,
              heat_network_area_biomass_no_alternative = 0;
  std::vector<RunWarning> warnings;  ///< design and target problems of the year (scenarios/run_warnings.hpp)
  /// Per municipality (AGS; "" outside every one): heating, final energy and CO2 of the year
  /// (scenarios/municipality_totals.hpp; the sweep's per-municipality columns).
  std::map<std::string, MunicipalityYear> by_municipality;
  /// grid/hourly_* datasets: "written (N cells, M MiB)" or "skipped: <reason>".
  std::string hourly_grid;
};

/// The base year's heating systems (solvers/supply/existing_systems) over the computed buildings.
struct ExistingSystemsSummary {
  std::string method;                 ///< "census" or "twin"
  std::size_t from_twin = 0;          ///< carrier known in the twin
  std::size_t imputed = 0;            ///< carrier drawn from the census shares (state-wide or cell)
  std::size_t imputed_from_grid = 0;  ///< of which from the counts of the building's 100 m cell
  /// With [data] census_heating_grid: twin cells with a usable row, with a withheld value
  /// (state-wide shares instead), and holding buildings but not in the table.
  std::size_t grid_cells_used = 0, grid_cells_withheld = 0, grid_cells_not_in_table = 0;
  std::size_t not_broken_down = 0;  ///< drawn into the census remainder: no system known
  std::size_t unknown = 0;          ///< no system known (remainder, coal/other, or method "twin")
  std::size_t install_years_imputed = 0;
  /// Known installation years past the system's lifetime in the base year: kept in the base year,
  /// replaced at the next target year (solvers/supply/existing_systems.hpp).
  std::size_t past_lifetime = 0;
  std::map<std::string, std::size_t> imputed_by_option;
};

/// Totals of a run, for the summary the command prints. The fields outside `years` are those of
/// the first (base) year; `network` is the base year's network step (its supply per year is in
/// `years[].network`).
struct DemandSummary {
  RoofSolarSummary solar;  ///< the base year's roof solar potential ([solar] roofs)
  /// Other scenarios of the results file that the run kept beside its own (scenarios/results_merge.hpp).
  std::vector<std::string> kept_scenarios;
  std::size_t buildings_in_twin = 0;
  std::size_t buildings_computed = 0;
  std::size_t skipped_unheated = 0;
  std::size_t skipped_no_envelope = 0;
  std::size_t capped_opaque_conductance = 0;
  std::size_t enriched_from_typology = 0;
  double heating_mwh = 0.0;
  double cooling_mwh = 0.0;
  double hot_water_mwh = 0.0;
  std::size_t hot_water_buildings = 0;  ///< buildings with a hot-water need (residential, TABULA)
  /// Calibration against metered heat (buildings with measured_heat_kwh_per_a): how many, and
  /// the distribution of measured / computed (space heating + hot water).
  std::size_t calibrated_buildings = 0;
  double calibration_ratio_p10 = 0.0, calibration_ratio_p25 = 0.0, calibration_ratio_median = 0.0,
         calibration_ratio_p75 = 0.0, calibration_ratio_p90 = 0.0;
  double peak_heating_mw = 0.0;  ///< of the hourly sum over all computed buildings; NaN for monthly
  /// Peak load (space heating + hot water, twin/indicators.hpp), MW; NaN for the monthly method.
  double peak_load_mw = std::numeric_limits<double>::quiet_NaN();
  std::string method;
  double heated_floor_area_m2 = 0.0;
  ConsumptionSummary consumption;  ///< the base year's standard demand and expected consumption
  ModernisationSummary modernisation;
  std::map<std::string, double> heating_mwh_by_use;
  ExistingSystemsSummary existing_systems;
  GasGridSummary gas_grid;  ///< what the run knows of the gas grid and hydrogen plans
  std::map<int, double> heating_mwh_by_age_class;
  std::string weather_site;
  double seconds = 0.0;                   ///< the whole run
  double seconds_writing = 0.0;           ///< of which writing the results file (including hashing the inputs)
  double seconds_hashing = 0.0;           ///< of which the inputs' SHA-256
  std::optional<NetworkSummary> network;  ///< the [network] step, when the scenario has one
  std::vector<YearSummary> years;         ///< one per scenario year, in order
};

/// Runs the scenario and writes its results file (atomically: a failed run leaves no file). The
/// twin and weather are read once; each year is computed and its groups written in turn, so
/// memory holds one year's results at a time. Throws InputError for bad inputs.
DemandSummary run_demand_scenario(const DemandScenario& scenario);

/// Stages shared by many runs of one twin (a sweep, scenarios/sweep.hpp). Thread-safe; the first
/// run of a key computes, later runs of the same key reuse (waiting while it is computed).
/// - inputs: the twin (after the typology's envelope values), the weather, the typology and the
///   climate on the buildings' surfaces (solar apertures), keyed by `DemandRunHooks::inputs_key`;
/// - demand: per year the stock model, the space-heating solve and the refurbished set, keyed by
///   `DemandRunHooks::demand_key`.
/// The caller promises that runs with equal keys differ only in values these stages do not read.
class DemandRunCache {
 public:
  DemandRunCache();
  ~DemandRunCache();
  DemandRunCache(const DemandRunCache&) = delete;
  DemandRunCache& operator=(const DemandRunCache&) = delete;
  /// How often each stage was computed and reused so far.
  struct Counts {
    std::size_t inputs_computed = 0, inputs_reused = 0, demand_computed = 0, demand_reused = 0;
  };
  Counts counts() const;
  /// Drops the demand of `demand_key` (no later run needs it; runs still using it keep it alive).
  /// A sweep whose every run has its own demand would otherwise hold all of them.
  void release_demand(const std::string& demand_key);
  struct Impl;
  Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

/// How a run takes part in a batch: an optional cache of shared stages and whether the results
/// file is written (false: the run writes into an in-memory file that is dropped, and skips the
/// inputs' hashes).
struct DemandRunHooks {
  DemandRunCache* cache = nullptr;  ///< borrowed; null: compute everything
  std::string inputs_key;           ///< see DemandRunCache
  std::string demand_key;
  bool write_results = true;
};

/// run_demand_scenario with hooks for batches (sweeps).
DemandSummary run_demand_scenario(const DemandScenario& scenario, const DemandRunHooks& hooks);

}  // namespace heattwin::scenarios
