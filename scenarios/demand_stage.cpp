#include "scenarios/demand_stage.hpp"

#include "scenarios/municipal_networks.hpp"
#include "scenarios/refurbishment.hpp"
#include "solvers/demand/calendar.hpp"
#include "solvers/demand/consumption.hpp"
#include "solvers/demand/hot_water_need.hpp"
#include "solvers/demand/monthly_balance.hpp"
#include "solvers/demand/use_conditions.hpp"
#include "solvers/supply/building_heating_rules.hpp"
#include "twin/error.hpp"
#include "twin/indicators.hpp"
#include "twin/log.hpp"
#include "twin/twin_store.hpp"
#include "twin/use_class.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace heattwin::scenarios {
namespace {

namespace dm = solvers::demand;
using CacheImpl = DemandRunCache::Impl;

void load_run_inputs(const DemandScenario& s, CacheImpl::Inputs& in) {
  in.twin = twin::load_twin(s.twin_path);
  in.weather = dm::read_weather(s.weather_path);
  if (in.weather.filled_values > 0) {
    logger("scenarios.demand")
        ->warn("{}: {} missing weather values filled by interpolation", s.weather_path, in.weather.filled_values);
  }
  in.typology = twin::load_typology(s.tabula_csv, s.non_residential_csv, typology_state_name(s.refurbishment_state));
  in.enriched_from_typology = twin::enrich_envelope_from_typology(in.twin, in.typology);
  // BDEW warm-class day profiles of hot water: single-family (HEF) for EFH/RH, multi-family (HMF).
  in.hot_water_profiles = {dm::bdew_hot_water_profile(s.load_profiles_csv, "HEF"),
                           dm::bdew_hot_water_profile(s.load_profiles_csv, "HMF")};
  in.ready = true;
}

HourlyGridPlan plan_hourly_grid(const DemandScenario& s, bool hourly_method, const twin::Twin& twin,
                                const dm::StockModel& model) {
  HourlyGridPlan plan;
  if (s.hourly_grid == DemandScenario::HourlyGrid::never) {
    plan.note = "skipped: [outputs] hourly_grid = false";
    return plan;
  }
  if (!hourly_method) {
    plan.note = "skipped: method = \"monthly\" has no hourly results";
    return plan;
  }
  const std::size_t n = model.buildings.size();
  plan.cell.resize(n);
  std::vector<std::uint8_t> used(twin.grid.size(), 0);
  std::size_t cells = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t c = twin.buildings.grid_cell[model.twin_index[k]];
    plan.cell[k] = c < twin.grid.size() ? c : NO_INDEX;
    if (c < twin.grid.size() && used[c] == 0) {
      used[c] = 1;
      ++cells;
    }
  }
  if (cells == 0) {
    plan.note = "skipped: no computed building lies in a cell of the twin's grid";
    plan.cell.clear();
    return plan;
  }
  // The kernel's per-chunk partial sums, the merged sums and the hot-water array, 8 B per value.
  const double mib =
      3.0 * static_cast<double>(cells) * static_cast<double>(dm::HOURS_PER_YEAR) * 8.0 / (1024.0 * 1024.0);
  if (s.hourly_grid == DemandScenario::HourlyGrid::automatic && mib > s.hourly_grid_budget_mib) {
    plan.note = fmt::format(
        "skipped: {} cells need about {:.0f} MiB, above hourly_grid_budget_mib = {:.0f} (set [outputs] hourly_grid = "
        "true to force)",
        cells, mib, s.hourly_grid_budget_mib);
    plan.cell.clear();
    return plan;
  }
  plan.write = true;
  plan.note = fmt::format("written ({} cells, about {:.0f} MiB while computing)", cells, mib);
  return plan;
}

/// DIN V 18599-10 use profiles (TEASER) of the non-residential use classes (docs/DEMAND.md).
std::map<std::uint8_t, dm::UseProfile> non_residential_use_profiles(const std::string& use_conditions_json) {
  static constexpr std::array<std::pair<twin::UseClass, const char*>, 11> USAGE_OF_USE = {{
      {twin::UseClass::office, "Group Office (between 2 and 6 employees)"},
      {twin::UseClass::retail, "Retail, department store"},
      {twin::UseClass::school, "Class room (school), group room (kindergarden)"},
      {twin::UseClass::hospital, "Bed room"},
      {twin::UseClass::hotel_restaurant, "Hotel room"},
      {twin::UseClass::industry, "Commercial and industrial Halls - medium work, standing activity"},
      {twin::UseClass::storage, "Storehouse, logistics building"},
      {twin::UseClass::agriculture, "Storehouse, logistics building"},
      {twin::UseClass::sports, "Gym (without spectator area)"},
      {twin::UseClass::culture, "Exhibition room and museum conservational demands"},
      {twin::UseClass::public_other, "Group Office (between 2 and 6 employees)"},
  }};
  std::vector<std::string> usages;
  for (const auto& [use, usage] : USAGE_OF_USE) usages.emplace_back(usage);
  const auto profiles = dm::load_use_profiles(use_conditions_json, usages);
  std::map<std::uint8_t, dm::UseProfile> out;
  for (const auto& [use, usage] : USAGE_OF_USE) out[static_cast<std::uint8_t>(use)] = profiles.at(usage);
  return out;
}

/// Quantile of sorted values by linear interpolation between order statistics.
double sorted_quantile(const std::vector<double>& sorted, double q) {
  const double x = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(x);
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (x - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

}  // namespace

DemandStage::DemandStage(const DemandScenario& s, const DemandRunHooks& hooks, DemandSummary& summary)
    : s_(s), hooks_(hooks), summary_(summary) {
  // Twin, weather and typology: read here, or shared through the hooks' cache (a sweep).
  if (hooks.cache != nullptr) {
    inputs_ = hooks.cache->impl().entry(hooks.cache->impl().inputs, hooks.inputs_key);
    const std::lock_guard lock(inputs_->mutex);
    const bool reused = inputs_->ready;
    if (!reused) load_run_inputs(s, *inputs_);
    hooks.cache->impl().count(reused ? &DemandRunCache::Counts::inputs_reused
                                     : &DemandRunCache::Counts::inputs_computed);
  } else {
    inputs_ = std::make_shared<CacheImpl::Inputs>();
    load_run_inputs(s, *inputs_);
  }
  twin_ = hooks.cache != nullptr ? inputs_->twin : std::move(inputs_->twin);
  summary.buildings_in_twin = twin_.buildings.size();
  summary.weather_site = inputs_->weather.site.name;
  summary.enriched_from_typology = inputs_->enriched_from_typology;
  // Per-year demand shared through the cache: the first run of a demand key computes it (others
  // of the key wait on the entry's lock), later runs take it.
  if (hooks.cache != nullptr) {
    demand_entry_ = hooks.cache->impl().entry(hooks.cache->impl().demand, hooks.demand_key);
    demand_lock_ = std::unique_lock(demand_entry_->mutex);
    demand_cached_ = demand_entry_->ready;
    if (demand_cached_) {
      demand_lock_.unlock();
    } else {
      demand_entry_->years.clear();
    }
    hooks.cache->impl().count(demand_cached_ ? &DemandRunCache::Counts::demand_reused
                                             : &DemandRunCache::Counts::demand_computed);
  }
  // Modernisation state of the existing stock (docs/IMPUTATION.md): buildings whose envelope came
  // from the typology get their modernised elements drawn from the survey shares; the scenario's
  // [refurbishment] later only improves on them.
  modernised_elements_.assign(twin_.buildings.size(), 0);
  if (s.imputes_modernisation()) {
    twin::ModernisationShares shares = twin::load_modernisation_shares(s.modernisation_shares_csv);
    summary.modernisation.shares_year = 0;
    if (!s.modernisation_rates_csv.empty()) {
      const twin::ModernisationRates rates = twin::load_modernisation_rates(s.modernisation_rates_csv);
      shares = twin::modernisation_shares_in_year(shares, rates, s.calendar_year);
      summary.modernisation.shares_year = s.calendar_year;
    }
    const twin::Typology modernised_package =
        twin::load_typology(s.tabula_csv, s.non_residential_csv, "usual_refurbishment");
    twin::ModernisationImputation m =
        twin::impute_modernisation(twin_, modernised_package, shares, s.modernisation_seed);
    summary.modernisation.basis = "imputed";
    modernised_elements_ = std::move(m.modernised_elements);
  }

  // Selection: the buildings of the requested municipalities, sorted by municipality so that the
  // kernel's region sums stay compact (results are written in this order, with twin_index).
  {
    std::set<std::uint32_t> wanted;
    for (const auto& ags : s.municipalities) {
      bool found = false;
      for (std::size_t m = 0; m < twin_.regions.municipalities.size(); ++m) {
        if (municipality_in_region(twin_.regions, static_cast<std::uint32_t>(m), ags)) {
          wanted.insert(static_cast<std::uint32_t>(m));
          found = true;
        }
      }
      HEATTWIN_CHECK(found, "{}: municipality or Kreis '{}' is not in the twin {}", s.source, ags, s.twin_path);
    }
    for (std::uint32_t i = 0; i < twin_.buildings.size(); ++i) {
      if (wanted.empty() || wanted.contains(twin_.buildings.municipality[i])) selection_.push_back(i);
    }
    // Within a municipality, by use class: blocks of the kernel then mostly share one schedule
    // (set points as scalars, the fast path); within a use class by 100 m cell, so that a block
    // adds to few cells' hourly sums (long runs of one cell).
    std::stable_sort(selection_.begin(), selection_.end(), [&](std::uint32_t a, std::uint32_t b) {
      const auto& m = twin_.buildings.municipality;
      const auto& u = twin_.buildings.use_class;
      const auto& c = twin_.buildings.grid_cell;
      return m[a] != m[b] ? m[a] < m[b] : u[a] != u[b] ? u[a] < u[b] : c[a] < c[b];
    });
  }
  settings_ = s.settings;
  bool use_profiles_shared = false;
  if (hooks.cache != nullptr) {  // shared by a sweep's runs
    const std::lock_guard lock(inputs_->mutex);
    if (inputs_->use_profiles) {
      settings_.use_profiles = *inputs_->use_profiles;
      use_profiles_shared = true;
    }
  }
  if (!use_profiles_shared && !s.use_conditions_json.empty()) {
    for (auto& [use, profile] : non_residential_use_profiles(s.use_conditions_json))
      settings_.use_profiles[use] = std::move(profile);
    if (hooks.cache != nullptr) {
      const std::lock_guard lock(inputs_->mutex);
      inputs_->use_profiles = settings_.use_profiles;
    }
  }
  if (s.calendar) {
    // Weekdays and Sachsen-Anhalt's public holidays of the calendar year (solvers/demand/calendar.hpp).
    settings_.day_types = dm::weather_day_types(inputs_->weather.month, inputs_->weather.day, s.calendar_year);
  }
  // Refurbishment (scenarios/refurbishment.hpp): the base year's heated stock is ranked once;
  // by each later year the first round(rate·(year − base)·N) of the ranking are refurbished, so
  // the sets are nested and each year only adds buildings to the previous year's set.
  {
    std::unique_lock lock(inputs_->mutex, std::defer_lock);
    if (hooks.cache != nullptr) lock.lock();
    for (int t = s.years.front(); t <= s.years.back(); ++t) {
      const std::string& depth = s.refurbishment.depth_in_year(t);
      auto it = inputs_->packages.find(depth);
      if (it == inputs_->packages.end())
        it = inputs_->packages.emplace(depth, twin::load_typology(s.tabula_csv, s.non_residential_csv, depth)).first;
      packages_[depth] = &it->second;
    }
  }
  refurbished_.assign(twin_.buildings.size(), 0);
}

DemandStage::~DemandStage() = default;

void DemandStage::finish() {
  if (demand_entry_ && !demand_cached_) {
    demand_entry_->ready = true;
    demand_lock_.unlock();
  }
}

DemandYear DemandStage::year(std::size_t yi, const solvers::economics::TechnologyCatalogue& catalogue,
                             const std::vector<std::uint8_t>& system_option) {
  const DemandScenario& s = s_;
  const int year = s.years[yi];
  DemandYear d;
  d.year = year;
  d.index = yi;
  d.use_expected_consumption = s.use_expected_consumption;
  DemandYearTotals& ys = d.totals;
  if (yi > 0 && !demand_cached_) {
    // Calendar year by calendar year, so that each building gets the depth of its year.
    for (int t = s.years[yi - 1] + 1; t <= year; ++t) {
      const std::size_t target = refurbished_count(s.refurbishment, s.years.front(), t, ranking_.size());
      const twin::Typology& package = *packages_.at(s.refurbishment.depth_in_year(t));
      for (; refurbished_so_far_ < target; ++refurbished_so_far_) {
        const std::uint32_t i = ranking_[refurbished_so_far_];
        refurbished_[i] = 1;
        if (apply_refurbishment_package(twin_.buildings, i, package)) ++envelope_changed_;
      }
    }
  }
  std::shared_ptr<CacheImpl::YearDemand> fresh;
  if (demand_cached_) {
    const CacheImpl::YearDemand& cached = *demand_entry_->years.at(yi);
    refurbished_ = cached.refurbished;
    refurbished_so_far_ = cached.refurbished_so_far;
    envelope_changed_ = cached.envelope_changed;
  } else {
    fresh = std::make_shared<CacheImpl::YearDemand>();
    fresh->model = dm::build_stock_model(twin_.buildings, selection_, settings_);
  }
  const dm::StockModel& model = demand_cached_ ? demand_entry_->years[yi]->model : fresh->model;
  ys.skipped_unheated = model.skipped_unheated;
  ys.skipped_no_envelope = model.skipped_no_envelope;
  ys.capped_opaque_conductance = model.capped_opaque_conductance;
  ys.buildings_computed = model.buildings.size();
  const auto& b = twin_.buildings;
  if (yi == 0 && s.imputes_modernisation()) {
    // The summary counts the buildings the run computes (the twin's imputation counts cover the
    // whole twin).
    ModernisationSummary& m = summary_.modernisation;
    for (const std::uint32_t i : model.twin_index) {
      if (!twin::is_residential(b.use_class[i]) || !(b.heated_floor_area_m2[i] > 0.0) || b.residential_type[i] < 1 ||
          b.residential_type[i] > 4 || b.age_class[i] < 1 || b.age_class[i] > 12)
        continue;
      if (b.prov_u_values[i] == twin::Provenance::measured) {
        ++m.buildings_known;
        continue;
      }
      ++m.buildings_unknown;
      m.buildings_modernised += modernised_elements_[i] != 0 ? 1 : 0;
      for (std::size_t e = 0; e < 4; ++e) m.elements[e] += (modernised_elements_[i] >> e) & 1U;
    }
  }
  HEATTWIN_CHECK(ys.buildings_computed > 0, "{}: no building to compute ({} unheated, {} without envelope values)",
                 s.source, model.skipped_unheated, model.skipped_no_envelope);
  const std::size_t n = model.buildings.size();
  const dm::HourlyWeather& weather = inputs_->weather;
  // Space heating by the chosen method, into one set of columns.
  const bool hourly_method = s.method == DemandMethod::hourly;
  d.hourly_method = hourly_method;
  if (hourly_method) {
    if (hooks_.cache != nullptr) {  // the surfaces' irradiance (solar apertures) once per inputs key
      const std::lock_guard lock(inputs_->mutex);
      if (!inputs_->climate) inputs_->climate = dm::stock_climate(weather, settings_);
      d.climate = &*inputs_->climate;
    } else {
      if (yi == 0) local_climate_ = dm::stock_climate(weather, settings_);
      d.climate = &local_climate_;
    }
  }
  d.grid_plan = plan_hourly_grid(s, hourly_method, twin_, model);
  if (!demand_cached_ && hourly_method) {
    dm::Rc5Options options;
    options.warmup_days = 14;
    if (d.grid_plan.write) options.hourly_groupings.push_back(std::move(d.grid_plan.cell));
    fresh->r = dm::simulate_5r1c(model.buildings, model.schedules, *d.climate, options);
  } else if (!demand_cached_) {
    dm::Rc5Results& r = fresh->r;  // the monthly method fills the annual and monthly columns
    const dm::MonthlyClimate monthly_climate = dm::stock_monthly_climate(weather, settings_);
    const dm::MonthlyBalanceResult monthly =
        dm::solve_monthly_balance(dm::stock_monthly_inputs(model, weather.month), monthly_climate);
    r.annual_heating_kwh = monthly.annual_q_h_nd_kwh;
    r.monthly_heating_kwh.assign(n * 12, 0.0);
    for (std::size_t k = 0; k < n; ++k) {
      for (std::size_t m = 0; m < 12; ++m) r.monthly_heating_kwh[k * 12 + m] = monthly.q_h_nd_kwh[monthly.index(k, m)];
    }
    r.annual_cooling_kwh.assign(n, 0.0);
    std::set<std::uint32_t> present(model.buildings.region.begin(), model.buildings.region.end());
    r.regions.assign(present.begin(), present.end());
  }
  if (fresh) {
    fresh->refurbished = refurbished_;
    fresh->refurbished_so_far = refurbished_so_far_;
    fresh->envelope_changed = envelope_changed_;
    if (demand_entry_) demand_entry_->years.push_back(fresh);
    d.solved = fresh;
  } else {
    d.solved = demand_entry_->years[yi];
  }
  d.refurbished = refurbished_;
  d.refurbished_so_far = refurbished_so_far_;
  d.envelope_changed = envelope_changed_;
  const dm::Rc5Results& r = d.r();
  if (hourly_method) {
    std::vector<double> total_heating_w(dm::HOURS_PER_YEAR, 0.0);
    for (const auto& region : r.region_heating_w) {
      for (std::size_t h = 0; h < dm::HOURS_PER_YEAR; ++h) total_heating_w[h] += region[h];
    }
    for (const double w : total_heating_w) ys.peak_heating_mw = std::max(ys.peak_heating_mw, w / 1e6);
  } else {
    ys.peak_heating_mw = std::numeric_limits<double>::quiet_NaN();
  }
  ys.method = hourly_method ? "EN ISO 13790 hourly 5R1C" : "EN ISO 13790 monthly";
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t i = model.twin_index[k];
    ys.heating_mwh += r.annual_heating_kwh[k] / 1000.0;
    ys.cooling_mwh += r.annual_cooling_kwh[k] / 1000.0;
    ys.heated_floor_area_m2 += model.buildings.floor_area_m2[k];
    ys.heating_mwh_by_use[std::string(twin::USE_CLASS_NAMES[b.use_class[i]])] += r.annual_heating_kwh[k] / 1000.0;
    ys.heating_mwh_by_age_class[b.age_class[i]] += r.annual_heating_kwh[k] / 1000.0;
  }

  // Domestic hot water: TABULA's need per m² for residential buildings, spread over the day by
  // the BDEW warm-class profile (solvers/demand/hot_water_need.hpp).
  const twin::Typology& typology = inputs_->typology;
  const std::array<dm::DailyProfile, 2>& hot_water_profiles = inputs_->hot_water_profiles;
  d.annual_hot_water_kwh = dm::tabula_hot_water_need_kwh(b, typology, model.twin_index, model.buildings.floor_area_m2);
  const std::vector<double>& annual_hot_water_kwh = d.annual_hot_water_kwh;
  for (std::size_t k = 0; k < r.regions.size(); ++k) d.region_row[r.regions[k]] = k;
  d.daily_hot_water_kwh.assign(r.regions.size(), {0.0, 0.0});
  for (std::size_t k = 0; k < n; ++k) {
    if (!std::isfinite(annual_hot_water_kwh[k])) continue;
    const std::uint32_t i = model.twin_index[k];
    d.daily_hot_water_kwh[d.region_row.at(model.buildings.region[k])]
                         [dm::hot_water_profile_of_type(b.residential_type[i])] += annual_hot_water_kwh[k] / 365.0;
    ys.hot_water_mwh += annual_hot_water_kwh[k] / 1000.0;
    ++ys.hot_water_buildings;
  }
  d.hourly_hot_water_w.reserve(r.regions.size() * dm::HOURS_PER_YEAR);
  for (std::size_t k = 0; k < r.regions.size(); ++k) {
    for (std::size_t h = 0; h < dm::HOURS_PER_YEAR; ++h) {
      // kWh in the hour = W mean × 1 h / 1000.
      d.hourly_hot_water_w.push_back(1000.0 * (d.daily_hot_water_kwh[k][0] * hot_water_profiles[0][h % 24] +
                                               d.daily_hot_water_kwh[k][1] * hot_water_profiles[1][h % 24]));
    }
  }
  if (hourly_method) {  // peak load of space heating + hot water (twin/indicators.hpp), as the report sums it
    std::vector<double> load_w(dm::HOURS_PER_YEAR, 0.0);
    for (std::size_t k = 0; k < r.regions.size(); ++k) {
      for (std::size_t h = 0; h < dm::HOURS_PER_YEAR; ++h)
        load_w[h] += r.region_heating_w[k][h] + d.hourly_hot_water_w[k * dm::HOURS_PER_YEAR + h];
    }
    ys.peak_load_mw = twin::peak_load_mw(load_w);
  }

  // Standard demand → expected consumption (solvers/demand/consumption.hpp, docs/DEMAND.md):
  // residential buildings get the TABULA adaptation factor at their calculated delivered energy
  // (heating + hot water × 1/efficiency of the year's heating system, per m² heated floor area)
  // and the vacancy factors; non-residential buildings keep factor 1 (no published adaptation).
  d.expected_heating_kwh.assign(n, 0.0);
  d.expected_hot_water_kwh.assign(n, 0.0);
  d.consumption_factor.assign(n, 1.0);
  d.heating_factor.assign(n, 1.0);
  d.adaptation_factor.assign(n, std::numeric_limits<double>::quiet_NaN());
  {
    ConsumptionSummary& c = ys.consumption;
    c.basis = s.use_expected_consumption ? "expected_consumption" : "standard_demand";
    double weighted_adaptation = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t i = model.twin_index[k];
      const bool residential = twin::is_residential(b.use_class[i]);
      const double hot_water = std::isfinite(annual_hot_water_kwh[k]) ? annual_hot_water_kwh[k] : 0.0;
      const double standard = r.annual_heating_kwh[k] + hot_water;
      d.expected_heating_kwh[k] = r.annual_heating_kwh[k];
      d.expected_hot_water_kwh[k] = annual_hot_water_kwh[k];
      if (residential) {
        const auto [curve, expenditure] = solvers::supply::adaptation_curve_of(system_option[i], catalogue);
        // TABULA's q_del is per m² reference area A_C,ref, smaller than the twin's A_N: the
        // type and age class's A_C,ref / A_N of the TABULA example (1 without type or age).
        const std::size_t type = b.residential_type[i], age = b.age_class[i];
        const double reference_area_m2 = model.buildings.floor_area_m2[k] *
                                         (type >= 1 && type <= 4 && age >= 1 && age <= 12
                                              ? typology.residential[type][age].reference_area_per_heated_floor_area
                                              : 1.0);
        const dm::ConsumptionFactors f = dm::residential_consumption_factors(
            r.annual_heating_kwh[k], hot_water, reference_area_m2, expenditure, curve, s.consumption);
        d.adaptation_factor[k] = f.adaptation;
        d.heating_factor[k] = f.heating();
        d.expected_heating_kwh[k] = r.annual_heating_kwh[k] * f.heating();
        if (std::isfinite(annual_hot_water_kwh[k]))
          d.expected_hot_water_kwh[k] = annual_hot_water_kwh[k] * f.hot_water();
        const double expected = d.expected_heating_kwh[k] +
                                (std::isfinite(d.expected_hot_water_kwh[k]) ? d.expected_hot_water_kwh[k] : 0.0);
        d.consumption_factor[k] = standard > 0.0 ? expected / standard : f.heating();
        c.standard_residential_mwh += standard / 1000.0;
        c.expected_residential_mwh += expected / 1000.0;
        c.residential_floor_area_m2 += model.buildings.floor_area_m2[k];
        ++c.residential_buildings;
        weighted_adaptation += f.adaptation * standard;
      } else {
        c.standard_non_residential_mwh += standard / 1000.0;
        c.expected_non_residential_mwh += standard / 1000.0;
        c.non_residential_floor_area_m2 += model.buildings.floor_area_m2[k];
        ++c.non_residential_buildings;
      }
      c.expected_heating_mwh += d.expected_heating_kwh[k] / 1000.0;
      if (std::isfinite(d.expected_hot_water_kwh[k])) c.expected_hot_water_mwh += d.expected_hot_water_kwh[k] / 1000.0;
    }
    c.mean_adaptation_factor =
        c.standard_residential_mwh > 0.0 ? weighted_adaptation / (1000.0 * c.standard_residential_mwh) : 1.0;
  }

  // Calibration to metered heat where the twin has it: the factor measured / computed (space
  // heating + hot water) per building, its distribution in the summary, and the calibrated annual
  // heat (the measurement where there is one, else the computed value).
  {
    d.calibration_factor.assign(n, std::numeric_limits<double>::quiet_NaN());
    d.calibrated_annual_heat_kwh.assign(n, 0.0);
    std::vector<double> ratios;
    for (std::size_t k = 0; k < n; ++k) {
      const double computed =
          r.annual_heating_kwh[k] + (std::isfinite(annual_hot_water_kwh[k]) ? annual_hot_water_kwh[k] : 0.0);
      const double measured = b.measured_heat_kwh_per_a[model.twin_index[k]];
      d.calibrated_annual_heat_kwh[k] = computed;
      if (std::isfinite(measured) && measured > 0.0 && computed > 0.0) {
        d.calibration_factor[k] = measured / computed;
        d.calibrated_annual_heat_kwh[k] = measured;
        ratios.push_back(d.calibration_factor[k]);
      }
    }
    ys.calibrated_buildings = ratios.size();
    if (!ratios.empty()) {
      std::sort(ratios.begin(), ratios.end());
      ys.calibration_ratio_p10 = sorted_quantile(ratios, 0.10);
      ys.calibration_ratio_p25 = sorted_quantile(ratios, 0.25);
      ys.calibration_ratio_median = sorted_quantile(ratios, 0.5);
      ys.calibration_ratio_p75 = sorted_quantile(ratios, 0.75);
      ys.calibration_ratio_p90 = sorted_quantile(ratios, 0.90);
    }
  }

  if (yi == 0) {  // the ranking of the refurbishment order, by the base year's specific heating need
    std::vector<double> specific(n);
    for (std::size_t k = 0; k < n; ++k) {
      specific[k] = model.buildings.floor_area_m2[k] > 0.0 ? r.annual_heating_kwh[k] / model.buildings.floor_area_m2[k]
                                                           : std::numeric_limits<double>::quiet_NaN();
    }
    ranking_ =
        refurbishment_ranking(twin_.buildings, model.twin_index, specific, s.refurbishment.order, s.refurbishment.seed);
  }
  return d;
}

}  // namespace heattwin::scenarios
