#pragma once
/// \file The demand stage of a run (run_demand_scenario): the inputs (twin, weather, typology;
/// shared by a batch's runs through DemandRunCache), the selection of buildings, and per year the
/// refurbished stock, its stock model, the space-heating solve (hourly 5R1C or monthly), hot
/// water, the expected consumption and the calibration to metered heat. Nothing here writes files.
#include "scenarios/demand_run.hpp"
#include "scenarios/demand_run_cache.hpp"
#include "solvers/economics/technology.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace heattwin::scenarios {

/// The hourly sums per 100 m grid cell of one year ([outputs] hourly_grid): each computed
/// building's twin cell index as the kernel's grouping (NO_INDEX outside the grid, which
/// sorts last), and whether they are computed and written, with the reason when not.
struct HourlyGridPlan {
  bool write = false;
  std::string note;                 ///< for the run summary
  std::vector<std::uint32_t> cell;  ///< per computed building (empty when not written)
};

/// Demand totals of one year (the DemandSummary fields of the base year).
struct DemandYearTotals {
  std::size_t skipped_unheated = 0, skipped_no_envelope = 0, capped_opaque_conductance = 0;
  std::size_t buildings_computed = 0;
  std::string method;  ///< "EN ISO 13790 hourly 5R1C" or "EN ISO 13790 monthly"
  double heating_mwh = 0.0, cooling_mwh = 0.0, hot_water_mwh = 0.0, heated_floor_area_m2 = 0.0;
  std::size_t hot_water_buildings = 0;
  double peak_heating_mw = 0.0;  ///< NaN for the monthly method
  double peak_load_mw = std::numeric_limits<double>::quiet_NaN();
  std::map<std::string, double> heating_mwh_by_use;
  std::map<int, double> heating_mwh_by_age_class;
  std::size_t calibrated_buildings = 0;
  double calibration_ratio_p10 = 0.0, calibration_ratio_p25 = 0.0, calibration_ratio_median = 0.0,
         calibration_ratio_p75 = 0.0, calibration_ratio_p90 = 0.0;
  ConsumptionSummary consumption;  ///< standard demand and expected consumption (final energy: supply stage)
};

/// One year's demand, per computed building k (rows of model().buildings) unless stated.
struct DemandYear {
  int year = 0;
  std::size_t index = 0;       ///< in DemandScenario::years
  bool hourly_method = false;  ///< [run] method = "hourly"
  /// Stock model and space-heating solve (shared with other runs of a batch's demand key).
  std::shared_ptr<const DemandRunCache::Impl::YearDemand> solved;
  const solvers::demand::StockModel& model() const { return solved->model; }
  /// The hourly sinks (hourly method) or the monthly balance's annual and monthly columns.
  const solvers::demand::Rc5Results& r() const { return solved->r; }
  std::size_t n() const { return solved->model.buildings.size(); }
  /// Refurbished by this year, per twin row, and the counts (cumulative).
  std::vector<std::uint8_t> refurbished;
  std::size_t refurbished_so_far = 0, envelope_changed = 0;
  /// The surfaces' climate of the hourly method (borrowed from the run's inputs; null: monthly).
  const solvers::demand::Rc5Climate* climate = nullptr;
  HourlyGridPlan grid_plan;  ///< cells of the hourly grid sums (cell list moved into the solve)
  DemandYearTotals totals;
  /// Domestic hot water need, kWh/a (NaN: not computed), its daily kWh per region row by BDEW
  /// profile, the region row of each municipality index, and the hourly mean power per region,
  /// W, [region][hour].
  std::vector<double> annual_hot_water_kwh;
  std::unordered_map<std::uint32_t, std::size_t> region_row;
  std::vector<std::array<double, 2>> daily_hot_water_kwh;
  std::vector<double> hourly_hot_water_w;
  /// Expected consumption (solvers/demand/consumption.hpp), kWh/a, and its factors.
  std::vector<double> expected_heating_kwh, expected_hot_water_kwh, consumption_factor, heating_factor,
      adaptation_factor;
  /// Calibration to metered heat: measured / computed (NaN: no meter value) and the calibrated heat, kWh/a.
  std::vector<double> calibration_factor, calibrated_annual_heat_kwh;
  /// What the supply, network and CO2 steps see ([demand] basis).
  bool use_expected_consumption = true;
  const std::vector<double>& basis_heating_kwh() const {
    return use_expected_consumption ? expected_heating_kwh : r().annual_heating_kwh;
  }
  const std::vector<double>& basis_hot_water_kwh() const {
    return use_expected_consumption ? expected_hot_water_kwh : annual_hot_water_kwh;
  }
};

/// The demand of a run year by year. Holds the run's copy of the twin (refurbished year by year),
/// the selection and settings; years must be computed in order (year(0), year(1), …).
class DemandStage {
 public:
  /// Loads the inputs (or takes them from `hooks.cache`), imputes the modernisation state, selects
  /// the buildings, prepares the stock-model settings and loads the refurbishment packages. Fills
  /// the run-level fields of `summary` (buildings_in_twin, weather_site, enriched_from_typology,
  /// modernisation.basis). Both are borrowed for the stage's life.
  DemandStage(const DemandScenario& scenario, const DemandRunHooks& hooks, DemandSummary& summary);
  ~DemandStage();
  DemandStage(const DemandStage&) = delete;
  DemandStage& operator=(const DemandStage&) = delete;

  /// The demand of year `index` of the scenario (refurbishes the twin up to the year first).
  /// `catalogue` and `system_option` (per twin row, IndividualOption bytes) choose each
  /// residential building's adaptation curve. For the base year also counts the modernisation
  /// into the summary and ranks the buildings for refurbishment.
  DemandYear year(std::size_t index, const solvers::economics::TechnologyCatalogue& catalogue,
                  const std::vector<std::uint8_t>& system_option);

  /// Marks the batch's demand entry complete (call after the last year; no-op without a cache).
  void finish();

  twin::Twin& twin() { return twin_; }
  const twin::Twin& twin() const { return twin_; }
  const solvers::demand::HourlyWeather& weather() const { return inputs_->weather; }
  const solvers::demand::StockModelSettings& settings() const { return settings_; }
  const std::array<solvers::demand::DailyProfile, 2>& hot_water_profiles() const { return inputs_->hot_water_profiles; }
  const std::vector<std::uint8_t>& modernised_elements() const { return modernised_elements_; }

 private:
  const DemandScenario& s_;
  const DemandRunHooks& hooks_;
  DemandSummary& summary_;
  std::shared_ptr<DemandRunCache::Impl::Inputs> inputs_;
  twin::Twin twin_;
  std::shared_ptr<DemandRunCache::Impl::Demand> demand_entry_;
  std::unique_lock<std::mutex> demand_lock_;
  bool demand_cached_ = false;
  std::vector<std::uint8_t> modernised_elements_;
  std::vector<std::uint32_t> selection_;
  solvers::demand::StockModelSettings settings_;
  std::map<std::string, const twin::Typology*> packages_;  // by depth
  solvers::demand::Rc5Climate local_climate_;
  std::vector<std::uint32_t> ranking_;
  std::vector<std::uint8_t> refurbished_;
  std::size_t refurbished_so_far_ = 0, envelope_changed_ = 0;
};

}  // namespace heattwin::scenarios
