/// The state plausibility benchmark of issue 23 (docs/VALIDATION.md, suite `demand_state`): the heat
/// final energy of a generated Sachsen-Anhalt, run with the shipped demand settings (hourly 5R1C,
/// TRY 2010 region 4, existing stock, 20 °C with 18 °C night set-back, expected consumption),
/// against the state energy balance 2023 and the heat producers' deliveries
/// (data/statistics/sachsen_anhalt_energy_statistics.csv).
///
/// Scale: the generator draws every building's kind, size and age independently from shares of
/// the building count, and places municipalities in proportion to their population
/// (twin/synthetic_state.cpp, data/statistics/PROVENANCE.md), so a 60,000-building state is a
/// 1 : 20 sample of the 1.2 M-object state; its sums are multiplied by 1,200,000 / 60,000. The
/// full state was measured once by hand (docs/VALIDATION.md). The modernisation variants run on a
/// 1 : 100 sample of 12,000 buildings (their ratios; case `factors`, row modernisation).
///
/// Every factor between the standard demand and the compared figure is its own row with its
/// source (case `factors`): the modernisation imputation (variants: as built, the survey's 2010
/// shares, the shipped shares carried to 2023, the upper reading of the wall rate, every element
/// modernised), the TABULA adaptation, the vacancy, the weather (heating degree days G20/15 of the
/// TRY against 2023) and the household heat share. Case `decomposition` carries the twin's figure
/// to the reference step by step with each factor's range and source, and prints the band.
/// Also the standard demand vs expected consumption of the same run, and the keys' errors.

#include "scenarios/demand_run.hpp"
#include "solvers/demand/consumption.hpp"
#include "solvers/demand/weather.hpp"
#include "tests/unit/scenarios/scenario_file.hpp"
#include "tests/unit/validation_line.hpp"
#include "twin/synthetic_state.hpp"
#include "twin/twin_store.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace sc = heattwin::scenarios;
namespace tw = heattwin::twin;
using heattwin::scenarios::test::DATA;
using heattwin::scenarios::test::error_of;
using heattwin::scenarios::test::RUN;

namespace {

/// value of key (and year, if given) in data/statistics/sachsen_anhalt_energy_statistics.csv.
double statistic(const std::string& key, int year = 0) {
  std::ifstream in(DATA + "/statistics/sachsen_anhalt_energy_statistics.csv");
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::stringstream row(line);
    std::string k, value, unit, y;
    std::getline(row, k, ',');
    std::getline(row, value, ',');
    std::getline(row, unit, ',');
    std::getline(row, y, ',');
    if (k == key && (year == 0 || std::stoi(y) == year)) return std::stod(value);
  }
  ADD_FAILURE() << "no statistic " << key << " " << year;
  return std::nan("");
}

constexpr std::size_t SAMPLE_BUILDINGS = 60'000;

/// Heating degree days G20/15 (VDI 3807 / VDI 4710: Σ (20 − θ_day) over the days whose mean
/// θ_day lies below 15 °C) of an hourly temperature series of whole days, every temperature
/// shifted by `shift_k`. Kelvin-days per year.
double degree_days_20_15(const std::vector<double>& hourly_c, double shift_k) {
  double g = 0.0;
  for (std::size_t d = 0; d + 24 <= hourly_c.size(); d += 24) {
    double day = 0.0;
    for (std::size_t h = d; h < d + 24; ++h) day += hourly_c[h];
    day = day / 24.0 + shift_k;
    if (day < 15.0) g += 20.0 - day;
  }
  return g;
}

constexpr std::size_t FACTOR_BUILDINGS = 12'000;

/// Residential final energy, MWh, of one run of a smaller sample with modernisation variants: the
/// ratios between them are the modernisation factor and its range (the same buildings in every
/// variant, so the ratios carry little sampling noise).
struct FactorRuns {
  double shipped_mwh = 0.0;     ///< the shipped settings (survey shares carried to 2023 with the cited rates)
  double survey_mwh = 0.0;      ///< the survey's 2010 shares (modernisation_rates = "")
  double upper_rate_mwh = 0.0;  ///< walls at the upper reading of the cited rate (1.2 %/a of the pre-1979 stock)
  double all_mwh = 0.0;         ///< every element of every pre-1979 building modernised
  double none_mwh = 0.0;        ///< modernisation = "none" (as built)
  double scale = 0.0;           ///< 1.2 M / FACTOR_BUILDINGS
};

/// The sample state's run (once for all tests of this file): the shipped settings on the 1 : 20
/// sample, and the modernisation variants on a 1 : 100 sample.
struct StateRun {
  sc::DemandSummary summary;
  FactorRuns factors;
  double scale = 0.0;
  /// The generated twin's residential buildings and A_N by TABULA type (index ResidentialType).
  std::array<double, 5> buildings_by_type{};
  std::array<double, 5> a_n_by_type_m2{};
};

/// Generates a state of `buildings` (seed 1) into `dir`/`name`.
tw::Twin generate_state(const std::filesystem::path& dir, const std::string& name, std::size_t buildings) {
  tw::SyntheticStateOptions o;
  o.seed = 1;
  o.building_count = buildings;
  o.municipality_table = DATA + "/regions/sachsen_anhalt_municipalities.csv";
  tw::Twin twin = tw::generate_synthetic_state(o);
  tw::save_twin(twin, (dir / name).string());
  return twin;
}

/// The shipped demand settings (data/scenarios/heat_plan_base.toml) for the energy balance's year,
/// with the given [typology] lines.
sc::DemandSummary run_state(const std::filesystem::path& dir, const std::string& twin_name,
                            const std::string& typology) {
  std::ofstream(dir / "state.toml") << fmt::format(
      "[run]\nname = \"state\"\nyear = 2025\ntwin = \"{}\"\nweather = \"{}\"\nout = \"{}\"\nmethod = "
      "\"hourly\"\n"
      "[typology]\nrefurbishment_state = \"existing\"\n{}"
      "[demand]\nheating_setpoint_c = 20.0\nnight_setback_c = 18.0\ncooling = false\ncalendar_year = 2023\n"
      "[outputs]\nhourly_grid = false\n",
      (dir / twin_name).string(), DATA + "/weather/TRY2010_04_Jahr.dat", (dir / "results.h5").string(), typology);
  return sc::run_demand_scenario(sc::load_demand_scenario((dir / "state.toml").string(), DATA));
}

const StateRun& state_run() {
  static const StateRun run = [] {
    const auto dir = std::filesystem::temp_directory_path() / fmt::format("heattwin_state_benchmark_{}", ::getpid());
    std::filesystem::create_directories(dir);
    StateRun r;
    {
      const tw::Twin twin = generate_state(dir, "twin.h5", SAMPLE_BUILDINGS);
      for (std::size_t i = 0; i < twin.buildings.size(); ++i) {
        const auto t = static_cast<std::size_t>(twin.buildings.residential_type[i]);
        if (t == 0 || t >= r.buildings_by_type.size()) continue;
        r.buildings_by_type[t] += 1.0;
        r.a_n_by_type_m2[t] += twin.buildings.heated_floor_area_m2[i];
      }
    }
    r.summary = run_state(dir, "twin.h5", "");
    r.scale = static_cast<double>(tw::SyntheticStateOptions{}.building_count) / static_cast<double>(SAMPLE_BUILDINGS);

    // The modernisation variants on the smaller sample.
    generate_state(dir, "factor_twin.h5", FACTOR_BUILDINGS);
    std::string all_shares = "age_class_no,wall,roof,floor,window\n";
    for (int age = 1; age <= 12; ++age) all_shares += fmt::format("{},{}\n", age, age <= 6 ? "1,1,1,1" : "0,0,0,0");
    std::ofstream(dir / "all_shares.csv") << all_shares;
    std::ofstream(dir / "upper_rates.csv") << "element,rate_per_year,age_class_from,age_class_to,survey_year\n"
                                              "wall,0.012,1,6,2010\nroof,0,1,6,2010\nfloor,0,1,6,2010\n"
                                              "window,0,1,6,2010\n";
    const auto mwh = [&](const std::string& typology) {
      return run_state(dir, "factor_twin.h5", typology).consumption.final_energy_residential_mwh;
    };
    FactorRuns& f = r.factors;
    f.shipped_mwh = mwh("");
    f.survey_mwh = mwh("modernisation_rates = \"\"\n");
    f.upper_rate_mwh = mwh(fmt::format("modernisation_rates = \"{}\"\n", (dir / "upper_rates.csv").string()));
    f.all_mwh = mwh(
        fmt::format("modernisation_shares = \"{}\"\nmodernisation_rates = \"\"\n", (dir / "all_shares.csv").string()));
    f.none_mwh = mwh("modernisation = \"none\"\n");
    f.scale = static_cast<double>(tw::SyntheticStateOptions{}.building_count) / static_cast<double>(FACTOR_BUILDINGS);
    std::filesystem::remove_all(dir);
    return r;
  }();
  return run;
}

void households(const StateRun& run);
void floor_area(const StateRun& run);
void district_heat(const StateRun& run);
void non_residential(const StateRun& run);

// One test: ctest runs every TEST in its own process, and the sample state is generated and run once.
TEST(StateBenchmark, SampleStateAgainstTheStateEnergyStatistics) {
  const StateRun& run = state_run();
  households(run);
  floor_area(run);
  district_heat(run);
  non_residential(run);
}

/// One step of the decomposition (case `decomposition`): the factor that carries the twin's figure
/// one step towards the reference's definition, its range and source. Prints the row and returns
/// the figure after the step (central, low, high).
struct Band {
  double central, low, high;
};
Band step(const char* name, const Band& before, double factor, double factor_low, double factor_high,
          const char* source, const char* range_source) {
  const Band after{before.central * factor, before.low * factor_low, before.high * factor_high};
  heattwin::test::ValidationLine("demand_state", "decomposition", name)
      .fixed("factor_low", factor_low, 3)
      .fixed("factor_high", factor_high, 3)
      .fixed("twin_after_twh", after.central, 2)
      .fixed("twin_after_low_twh", after.low, 2)
      .fixed("twin_after_high_twh", after.high, 2)
      .field("source", source)
      .field("range", range_source)
      .within("factor", factor, std::min(factor_low, factor_high), std::max(factor_low, factor_high));
  return after;
}

void households(const StateRun& run) {
  const sc::ConsumptionSummary& c = run.summary.consumption;
  ASSERT_EQ(c.basis, "expected_consumption");
  ASSERT_EQ(run.summary.modernisation.basis, "imputed");
  ASSERT_EQ(run.summary.modernisation.shares_year, 2023);  // the survey shares carried to the calendar year
  using heattwin::test::ValidationLine;
  // Energy balance 2023: households' final energy for all uses × the heat shares (space heating
  // + hot water) → the households' heat final energy, TWh.
  const double households_twh = statistic("households_final_energy") / 3600.0;
  // Destatis 2020 (the newest year found): 503 + 105 of 715 billion kWh, temperature-adjusted.
  const double heat_share =
      statistic("household_share_space_heating", 2020) + statistic("household_share_hot_water", 2020);
  const double heat_share_2019 =
      statistic("household_share_space_heating", 2019) + statistic("household_share_hot_water", 2019);
  const double reference_twh = households_twh * heat_share;
  const double twin_twh = c.final_energy_residential_mwh * run.scale / 1e6;
  const double standard_twh = c.standard_residential_mwh * run.scale / 1e6;
  const double expected_twh = c.expected_residential_mwh * run.scale / 1e6;

  // The factors between the standard demand and the compared figure, each with its source.
  ValidationLine("demand_state", "factors", "household_heat_share")
      .fixed("households_all_uses_twh", households_twh, 2)
      .fixed("share_2019", heat_share_2019, 4)
      .field("source", "energy_balance_2023_StaLa;Destatis_2020_(503+105_of_715_TWh)")
      .within("factor", heat_share, 0.0, 1.0);
  // Modernisation: the shipped state (the 2010 survey shares carried to 2023 with the cited wall
  // rate) against the as-built stock, on the 1 : 100 sample (same buildings in every variant).
  const FactorRuns& f = run.factors;
  const sc::ModernisationSummary& m = run.summary.modernisation;
  ValidationLine("demand_state", "factors", "modernisation")
      .fixed("twin_none_twh", f.none_mwh * f.scale / 1e6, 2)
      .fixed("twin_imputed_twh", f.shipped_mwh * f.scale / 1e6, 2)
      .fixed("survey_2010_over_shipped", f.survey_mwh / f.shipped_mwh, 3)
      .fixed("upper_rate_over_shipped", f.upper_rate_mwh / f.shipped_mwh, 3)
      .fixed("all_elements_over_shipped", f.all_mwh / f.shipped_mwh, 3)
      .field("buildings_unknown_state", static_cast<std::size_t>(static_cast<double>(m.buildings_unknown) * run.scale))
      .field("buildings_modernised", static_cast<std::size_t>(static_cast<double>(m.buildings_modernised) * run.scale))
      .field("walls_modernised", static_cast<std::size_t>(static_cast<double>(m.elements[0]) * run.scale))
      .field("source",
             "IWU_Datenbasis_Gebaeudebestand_2010_shares;walls_+0.8%/a_to_2023_(Neuhoff_et_al._2011);"
             "data/typology/PROVENANCE.md_5-6")
      .within("factor", f.shipped_mwh / f.none_mwh, 0.0, 1.0);  // modernised elements only lower the demand
  // The carried-forward shares lie between the survey's (more demand) and every element modernised.
  ValidationLine("demand_state", "factors", "modernisation_order")
      .fixed("all_over_upper_rate", f.all_mwh / f.upper_rate_mwh, 3)
      .fixed("upper_rate_over_shipped", f.upper_rate_mwh / f.shipped_mwh, 3)
      .holds(f.all_mwh < f.upper_rate_mwh && f.upper_rate_mwh <= f.shipped_mwh && f.shipped_mwh <= f.survey_mwh &&
             f.survey_mwh < f.none_mwh);
  // The TABULA curves run from 1.1 (q_del = 0) down to 0.4; the run's demand-weighted mean.
  ValidationLine("demand_state", "factors", "adaptation")
      .field("source", "TABULA_Tab.CalcAdapt_DE.M.01-04_(IWU_tabuladata_0.1.2)")
      .within("factor", c.mean_adaptation_factor, 0.4, 1.1);
  const heattwin::solvers::demand::ConsumptionSettings consumption_defaults;
  const double vacant = consumption_defaults.vacant_floor_area_share;
  ValidationLine("demand_state", "factors", "vacancy")
      .fixed("factor_hot_water", 1.0 - vacant, 4)
      .field("source", "Zensus_2022_StaLa_(8.9%_dwellings_empty;_7.08%_of_floor_area)")
      .within("factor", 1.0 - vacant * (1.0 - consumption_defaults.vacant_heating_share), 1.0 - vacant, 1.0, 4);
  // Weather: the twin runs the TRY 2010 region 4 (a typical year of 1988–2007); the balance is
  // 2023, a warm year. Heating degree days G20/15 of the TRY, and of the TRY shifted to the
  // annual mean of 2023 (a uniform shift: an estimate, DWD's degree days of 2023 were not
  // retrieved); the space-heating part of the twin scales with their ratio.
  const auto weather = heattwin::solvers::demand::read_weather(DATA + "/weather/TRY2010_04_Jahr.dat");
  double try_mean_c = 0.0;
  for (const double t : weather.dry_bulb_c) try_mean_c += t;
  try_mean_c /= static_cast<double>(weather.dry_bulb_c.size());
  const double g_try = degree_days_20_15(weather.dry_bulb_c, 0.0);
  const double shift_2023 = statistic("air_temperature_mean", 2023) - try_mean_c;
  const double g_2023 = degree_days_20_15(weather.dry_bulb_c, shift_2023);
  const double g_1961_1990 =
      degree_days_20_15(weather.dry_bulb_c, statistic("air_temperature_mean_1961_1990") - try_mean_c);
  const double weather_factor = g_2023 / g_try;
  // The run's hot water is residential only, so the residential space-heating share of the
  // expected consumption is (residential − hot water) / residential.
  const double heating_share = (c.expected_residential_mwh - c.expected_hot_water_mwh) / c.expected_residential_mwh;
  ValidationLine("demand_state", "factors", "weather_2023_over_try")
      .fixed("theta_try_c", try_mean_c, 2)
      .fixed("theta_2023_c", statistic("air_temperature_mean", 2023), 1)
      .fixed("g20_15_try_kd", g_try, 0)
      .fixed("g20_15_2023_kd", g_2023, 0)
      .fixed("factor_1961_1990_over_try", g_1961_1990 / g_try, 3)
      .fixed("space_heating_share", heating_share, 3)
      .field("source", "DWD_2023_Sachsen-Anhalt_10.8C_(Volksstimme);TRY2010_region_4;VDI_3807_G20/15")
      .within("factor", weather_factor, 0.0, 1.0);  // 2023 was warmer than the TRY: fewer degree days
  const auto weather_step = [&](double shift_k) {
    return 1.0 - heating_share + heating_share * degree_days_20_15(weather.dry_bulb_c, shift_k) / g_try;
  };
  const double twin_2023_twh = twin_twh * weather_step(shift_2023);
  // Heated floor area: the generated state's residential A_N against the census living space ×
  // the GEG § 82 (2) conversion (1.2; 1.35 for one- and two-dwelling houses with a heated
  // cellar: midpoint 1.275). Informative: within ±10 % the generator's area would fit; the
  // demand per m² is then carried to the census area for the last comparison.
  const double twin_a_n_mm2 = c.residential_floor_area_m2 * run.scale / 1e6;
  const double census_a_n_mm2 = statistic("living_space") / 1e6 * 1.275;
  const double area_factor = census_a_n_mm2 / twin_a_n_mm2;
  ValidationLine("demand_state", "factors", "floor_area_census_over_twin")
      .fixed("twin_a_n_mm2", twin_a_n_mm2, 1)
      .fixed("census_a_n_mm2", census_a_n_mm2, 1)
      .field("source", "Zensus_2022_living_space_103Mm2;GEG_82(2)_1.2-1.35")
      .inform_within("factor", area_factor, 0.9, 1.1);

  // The ±15 % target: reported, not asserted (docs/DEMAND.md "State benchmark" lists what remains).
  ValidationLine("demand_state", "households", "heat_final_energy_twh")
      .fixed("twin", twin_twh, 2)
      .fixed("reference", reference_twh, 2)
      .field("weather", "TRY2010")
      .inform_within("rel_dev", twin_twh / reference_twh - 1.0, -0.15, 0.15);
  ValidationLine("demand_state", "households", "heat_final_energy_weather_2023_twh")
      .fixed("twin", twin_2023_twh, 2)
      .fixed("reference", reference_twh, 2)
      .field("weather", "2023_(degree_days)")
      .inform_within("rel_dev", twin_2023_twh / reference_twh - 1.0, -0.15, 0.15);
  ValidationLine("demand_state", "households", "heat_final_energy_weather_2023_census_area_twh")
      .fixed("twin", twin_2023_twh * area_factor, 2)
      .fixed("reference", reference_twh, 2)
      .field("weather", "2023_(degree_days)")
      .inform_within("rel_dev", twin_2023_twh * area_factor / reference_twh - 1.0, -0.15, 0.15);
  // Asserted as a regression guard: no worse than measured (+41 % before the modernisation rates,
  // issue 23) + 10 points, and the twin must not fall below the reference by more than the
  // tolerance (a too-low twin is no fix).
  ValidationLine("demand_state", "households", "heat_final_energy_regression_guard")
      .within("rel_dev", twin_twh / reference_twh - 1.0, -0.15, 0.51);
  // The expected consumption lies below the standard demand of an unrefurbished stock (the
  // TABULA factor is < 1 above 100 kWh/(m²a)).
  ValidationLine("demand_state", "households", "expected_below_standard")
      .fixed("standard_demand_twh", standard_twh, 2)
      .fixed("expected_consumption_twh", expected_twh, 2)
      .fixed("mean_adaptation", c.mean_adaptation_factor, 3)
      .field("residential_buildings",
             static_cast<std::size_t>(static_cast<double>(c.residential_buildings) * run.scale))
      .at_most("expected_over_standard", expected_twh / standard_twh, 0.9);

  // Decomposition (issue 23 "or the remaining gap is explained with numbers"): the twin's figure
  // carried step by step to the reference's definition, each step's factor with its range and
  // source; the band is the product of the ranges (all low or all high: the widest band).
  Band b{twin_twh, twin_twh, twin_twh};
  ValidationLine("demand_state", "decomposition", "twin_as_run")
      .fixed("twin_twh", twin_twh, 2)
      .field("source", "sample_x20;hourly_5R1C;TRY2010_region_4;expected_consumption")
      .within("twin_twh", twin_twh, 0.0, 100.0, 2);
  // Weather to 2023; range: the uniform shift ±0.5 K (the estimate's error: one annual mean).
  b = step("weather_2023", b, weather_step(shift_2023), weather_step(shift_2023 + 0.5), weather_step(shift_2023 - 0.5),
           "G20/15_TRY_shifted_to_DWD_2023_mean", "shift_+-0.5K");
  // Floor area to the census; range: GEG § 82 (2) 1.2 (multi-dwelling) to 1.35 (with heated cellar).
  b = step("floor_area_census", b, area_factor, area_factor * 1.2 / 1.275, area_factor * 1.35 / 1.275,
           "Zensus_2022_living_space_x_1.275", "GEG_82(2)_1.2-1.35");
  // Modernisation state: the shipped (survey 2010 + cited wall rate to 2023) is the central value;
  // range from every pre-1979 element modernised (TABULA usual refurbishment) to the survey's
  // 2010 shares (the shipped shares are a lower bound for 2023: roofs, floors and windows carry no
  // rate, and the eastern states modernised more — UBA: 24.9 % of Sachsen-Anhalt's residential
  // buildings unrefurbished against 35.9 % in Germany).
  b = step("modernisation_state", b, 1.0, f.all_mwh / f.shipped_mwh, f.survey_mwh / f.shipped_mwh,
           "shipped_shares_2023", "all_pre-1979_elements..survey_2010_shares");
  // TABULA adaptation curve: Tab.CalcAdapt gives the curve, no scatter of the stock mean; ±10 %
  // is a HeatTwin assumption (not a cited figure), shown separately below.
  b = step("adaptation_curve_assumed", b, 1.0, 0.9, 1.1, "Tab.CalcAdapt_DE.M.01-04",
           "assumed_+-10%_(no_cited_scatter)");
  // Reference side: the heat share of the households' final energy, 2019 (issue 23) vs 2020.
  const double reference_low = households_twh * std::min(heat_share, heat_share_2019);
  const double reference_high = households_twh * std::max(heat_share, heat_share_2019);
  const double dev = b.central / reference_twh - 1.0;
  const double dev_low = b.low / reference_high - 1.0, dev_high = b.high / reference_low - 1.0;
  // The band without the assumed adaptation range: only the cited ranges.
  const double cited_low = b.low / 0.9 / reference_high - 1.0, cited_high = b.high / 1.1 / reference_low - 1.0;
  ValidationLine("demand_state", "decomposition", "band_rel_dev")
      .fixed("twin_twh", b.central, 2)
      .fixed("reference_twh", reference_twh, 2)
      .fixed("reference_low_twh", reference_low, 2)
      .fixed("reference_high_twh", reference_high, 2)
      .fixed("rel_dev_low", dev_low, 3)
      .fixed("rel_dev_high", dev_high, 3)
      .fixed("cited_ranges_rel_dev_low", cited_low, 3)
      .fixed("cited_ranges_rel_dev_high", cited_high, 3)
      .field("band_meets_15pct", dev_low <= 0.15 && dev_high >= -0.15 ? "yes" : "no")
      .field("cited_band_meets_15pct", cited_low <= 0.15 && cited_high >= -0.15 ? "yes" : "no")
      .within("rel_dev", dev, dev_low, dev_high);
}

void floor_area(const StateRun& run) {
  const sc::ConsumptionSummary& c = run.summary.consumption;
  // A_N per building of each TABULA type against the living space the generator draws for it
  // (census sizes per dwelling × the type's dwellings; twin::expected_residential_draws) × the
  // GEG § 82 (2) conversion 1.2–1.35, ±10 %: the volumes and the 0.32·V rule per type.
  constexpr std::array<std::pair<tw::ResidentialType, const char*>, 4> types{{{tw::ResidentialType::efh, "EFH"},
                                                                              {tw::ResidentialType::rh, "RH"},
                                                                              {tw::ResidentialType::mfh, "MFH"},
                                                                              {tw::ResidentialType::gmh, "GMH"}}};
  for (const auto& [type, name] : types) {
    const auto t = static_cast<std::size_t>(type);
    const tw::ResidentialDraws draws = tw::expected_residential_draws(type);
    const double per_building = run.a_n_by_type_m2[t] / std::max(run.buildings_by_type[t], 1.0);
    heattwin::test::ValidationLine("demand_state", "floor_area_by_type", name)
        .field("buildings", static_cast<std::size_t>(run.buildings_by_type[t] * run.scale))
        .fixed("twin_a_n_mm2", run.a_n_by_type_m2[t] * run.scale / 1e6, 2)
        .fixed("a_n_per_building_m2", per_building, 1)
        .fixed("dwellings_per_building", draws.dwellings, 2)
        .fixed("living_per_building_m2", draws.living_space_m2, 1)
        .field("source", "Zensus_2022_living_per_dwelling_x_generated_dwellings;GEG_82(2)")
        .within("ratio", per_building / draws.living_space_m2, 1.2 * 0.9, 1.35 * 1.1, 3);
  }
  // The generator's expected living space against the census: 593,737 buildings × the expected
  // living space per building; the census's ≈ 103 Mm² are of Wohngebäude only (84.0 m² per
  // dwelling there), its 1,263,371 dwellings × 84.0 m² = 106.1 Mm² include the dwellings in
  // other buildings with living space. Asserted: within 5 % of the census (before issue 23's
  // derivation of the two-dwelling size and the 13+ dwellings: 113.7 Mm², +10 %).
  const tw::ResidentialDraws all = tw::expected_residential_draws(tw::ResidentialType::none);
  const double generated_mm2 = all.living_space_m2 * statistic("residential_buildings") / 1e6;
  heattwin::test::ValidationLine("demand_state", "residential", "living_space_generated_mm2")
      .fixed("generated", generated_mm2, 1)
      .fixed("census_living", statistic("living_space") / 1e6, 1)
      .fixed("dwellings_per_building", all.dwellings, 3)
      .fixed("census_dwellings_per_building", statistic("dwellings") / statistic("residential_buildings"), 3)
      .within("rel_dev", generated_mm2 / (statistic("living_space") / 1e6) - 1.0, -0.05, 0.05, 3);
  // Census living space × the GEG § 82 (2) conversion A_N = 1.2 × living space (1.35 for one- and
  // two-dwelling houses with a heated cellar): 1.2–1.35 × 103 Mm².
  const double twin_mm2 = c.residential_floor_area_m2 * run.scale / 1e6;
  const double living_mm2 = statistic("living_space") / 1e6;
  const double ratio = twin_mm2 / living_mm2;
  heattwin::test::ValidationLine("demand_state", "residential", "heated_floor_area_mm2")
      .fixed("twin", twin_mm2, 1)
      .fixed("census_living", living_mm2, 1)
      .field("expected", "1.20..1.35")
      .field("tol", 0.10)
      .within("ratio", ratio, 1.2 * 0.9, 1.35 * 1.1);
}

void district_heat(const StateRun& run) {
  const sc::ConsumptionSummary& c = run.summary.consumption;
  const double twin_twh = c.district_heat_residential_mwh * run.scale / 1e6;
  const double delivered_2021 = statistic("district_heat_households", 2021) / 1e6;
  const double delivered_2024 = statistic("district_heat_households", 2024) / 1e6;
  // Informative: the deliveries of the two published years ±15 % (district heat sold to households
  // moves with the weather and the connections of a year).
  heattwin::test::ValidationLine("demand_state", "district_heat", "households_twh")
      .fixed("reference_2021", delivered_2021, 2)
      .fixed("reference_2024", delivered_2024, 2)
      .fixed("rel_dev_2021", twin_twh / delivered_2021 - 1.0, 3)
      .inform_within("twin", twin_twh, 0.85 * std::min(delivered_2021, delivered_2024),
                     1.15 * std::max(delivered_2021, delivered_2024), 2);
  EXPECT_GT(twin_twh, 0.0);
}

void non_residential(const StateRun& run) {
  const sc::ConsumptionSummary& c = run.summary.consumption;
  // GHD of the energy balance excludes industry; the twin's industry halls are left out.
  const double twin_twh = (c.final_energy_non_residential_mwh - c.final_energy_industry_mwh) * run.scale / 1e6;
  const double industry_twh = c.final_energy_industry_mwh * run.scale / 1e6;
  const double ghd_twh = statistic("ghd_final_energy") / 3600.0;
  // Heat is a part of GHD's final energy (lighting, IT, processes, cooling are the rest); no
  // verified heat share of GHD, so only that bound is asserted.
  heattwin::test::ValidationLine("demand_state", "ghd", "heat_final_energy_twh")
      .fixed("twin", twin_twh, 2)
      .fixed("ghd_all_uses", ghd_twh, 2)
      .fixed("industry_halls_twh", industry_twh, 2)
      .within("share", twin_twh / ghd_twh, 0.0, 1.0);
}

TEST(StateBenchmark, ConsumptionKeysAreCheckedWithFileAndKey) {
  EXPECT_NE(error_of(RUN + "[demand]\nbasis = \"measured\"\n").find("basis must be"), std::string::npos);
  EXPECT_NE(error_of(RUN + "[demand]\nvacant_floor_area_share = 1.5\n")
                .find("'vacant_floor_area_share' must be a number between 0 and 1"),
            std::string::npos);
  EXPECT_NE(error_of(RUN + "[demand]\nadaptation = 1\n").find("'adaptation' must be true or false"), std::string::npos);
  EXPECT_EQ(error_of(RUN + "[demand]\nbasis = \"standard_demand\"\nvacant_heating_share = 0.3\n"), "no error");
  EXPECT_NE(error_of(RUN + "[typology]\nmodernisation = \"all\"\n").find("modernisation must be \"imputed\""),
            std::string::npos);
  EXPECT_NE(error_of(RUN + "[typology]\nmodernisation_seed = -1\n").find("modernisation_seed must be"),
            std::string::npos);
  EXPECT_EQ(error_of(RUN + "[typology]\nmodernisation = \"none\"\nmodernisation_seed = 3\n"), "no error");
}

}  // namespace
