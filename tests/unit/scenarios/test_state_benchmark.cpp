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
/// full state was measured once by hand (docs/VALIDATION.md).
///
/// Every factor between the standard demand and the compared figure is its own row with its
/// source (case `factors`): the modernisation imputation (the same sample run once more with
/// `[typology] modernisation = "none"`), the TABULA adaptation, the vacancy, the weather
/// (heating degree days G20/15 of the TRY against 2023) and the household heat share.
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

/// The sample state's run (once for all tests of this file): the shipped settings, and the same
/// without the modernisation imputation.
struct StateRun {
  sc::DemandSummary summary;
  sc::DemandSummary unmodernised;
  double scale = 0.0;
  /// The generated twin's residential buildings and A_N by TABULA type (index ResidentialType).
  std::array<double, 5> buildings_by_type{};
  std::array<double, 5> a_n_by_type_m2{};
};

const StateRun& state_run() {
  static const StateRun run = [] {
    const auto dir = std::filesystem::temp_directory_path() / fmt::format("heattwin_state_benchmark_{}", ::getpid());
    std::filesystem::create_directories(dir);
    tw::SyntheticStateOptions o;
    o.seed = 1;
    o.building_count = SAMPLE_BUILDINGS;
    o.municipality_table = DATA + "/regions/sachsen_anhalt_municipalities.csv";
    const tw::Twin twin = tw::generate_synthetic_state(o);
    StateRun r;
    for (std::size_t i = 0; i < twin.buildings.size(); ++i) {
      const auto t = static_cast<std::size_t>(twin.buildings.residential_type[i]);
      if (t == 0 || t >= r.buildings_by_type.size()) continue;
      r.buildings_by_type[t] += 1.0;
      r.a_n_by_type_m2[t] += twin.buildings.heated_floor_area_m2[i];
    }
    tw::save_twin(twin, (dir / "twin.h5").string());
    // The shipped demand settings (data/scenarios/heat_plan_base.toml) for the energy balance's
    // year; the default modernisation ("imputed") and, for its factor, "none".
    auto run_with = [&](const char* modernisation) {
      std::ofstream(dir / "state.toml") << fmt::format(
          "[run]\nname = \"state\"\nyear = 2025\ntwin = \"{}\"\nweather = \"{}\"\nout = \"{}\"\nmethod = "
          "\"hourly\"\n"
          "[typology]\nrefurbishment_state = \"existing\"\nmodernisation = \"{}\"\n"
          "[demand]\nheating_setpoint_c = 20.0\nnight_setback_c = 18.0\ncooling = false\ncalendar_year = 2023\n"
          "[outputs]\nhourly_grid = false\n",
          (dir / "twin.h5").string(), DATA + "/weather/TRY2010_04_Jahr.dat", (dir / "results.h5").string(),
          modernisation);
      return sc::run_demand_scenario(sc::load_demand_scenario((dir / "state.toml").string(), DATA));
    };
    r.summary = run_with("imputed");
    r.unmodernised = run_with("none");
    r.scale = static_cast<double>(tw::SyntheticStateOptions{}.building_count) / static_cast<double>(SAMPLE_BUILDINGS);
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

void households(const StateRun& run) {
  const sc::ConsumptionSummary& c = run.summary.consumption;
  ASSERT_EQ(c.basis, "expected_consumption");
  ASSERT_EQ(run.summary.modernisation.basis, "imputed");
  ASSERT_EQ(run.unmodernised.modernisation.basis, "none");
  using heattwin::test::ValidationLine;
  // Energy balance 2023: households' final energy for all uses × the heat shares (space heating
  // + hot water) → the households' heat final energy, TWh.
  const double households_twh = statistic("households_final_energy") / 3600.0;
  // Destatis 2020 (the newest year found): 503 + 105 of 715 billion kWh, temperature-adjusted.
  const double heat_share =
      statistic("household_share_space_heating", 2020) + statistic("household_share_hot_water", 2020);
  const double reference_twh = households_twh * heat_share;
  const double twin_twh = c.final_energy_residential_mwh * run.scale / 1e6;
  const double unmodernised_twh = run.unmodernised.consumption.final_energy_residential_mwh * run.scale / 1e6;
  const double standard_twh = c.standard_residential_mwh * run.scale / 1e6;
  const double expected_twh = c.expected_residential_mwh * run.scale / 1e6;

  // The factors between the standard demand and the compared figure, each with its source.
  ValidationLine("demand_state", "factors", "household_heat_share")
      .fixed("households_all_uses_twh", households_twh, 2)
      .field("source", "energy_balance_2023_StaLa;Destatis_2020_(503+105_of_715_TWh)")
      .within("factor", heat_share, 0.0, 1.0);
  const sc::ModernisationSummary& m = run.summary.modernisation;
  ValidationLine("demand_state", "factors", "modernisation")
      .fixed("twin_none_twh", unmodernised_twh, 2)
      .fixed("twin_imputed_twh", twin_twh, 2)
      .field("buildings_unknown_state", static_cast<std::size_t>(static_cast<double>(m.buildings_unknown) * run.scale))
      .field("buildings_modernised", static_cast<std::size_t>(static_cast<double>(m.buildings_modernised) * run.scale))
      .field("source", "IWU_Datenbasis_Gebaeudebestand_2010_(data/typology/modernisation_shares_de.csv)")
      .within("factor", twin_twh / unmodernised_twh, 0.0, 1.0);  // modernised elements only lower the demand
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
  const double g_2023 = degree_days_20_15(weather.dry_bulb_c, statistic("air_temperature_mean", 2023) - try_mean_c);
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
  const double twin_2023_twh = twin_twh * (1.0 - heating_share + heating_share * weather_factor);
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
  // Asserted as a regression guard: no worse than measured (+41 % with the census-derived dwelling
  // sizes and the heated volume of multi-family houses, issue 23) + 10 points, and the twin must
  // not fall below the reference by more than the tolerance (a too-low twin is no fix).
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
  EXPECT_NE(error_of(RUN + "[demand]\nvacant_floor_area_share = 1.5\n").find("vacant_floor_area_share must be"),
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
