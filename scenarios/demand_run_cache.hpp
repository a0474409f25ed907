#pragma once
/// \file The stages a DemandRunCache shares between the runs of a batch (scenarios/sweep.hpp):
/// the loaded inputs and each year's demand. Internal to the run's stages (demand_stage.*,
/// demand_run.cpp).
#include "scenarios/demand_run.hpp"
#include "solvers/demand/dhw.hpp"
#include "solvers/demand/hourly_5r1c.hpp"
#include "solvers/demand/stock_model.hpp"
#include "solvers/demand/weather.hpp"
#include "twin/twin.hpp"
#include "twin/typology.hpp"

#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace heattwin::scenarios {

/// The stages a DemandRunCache shares between runs.
struct DemandRunCache::Impl {
  /// The twin with the typology's envelope values, the weather, the typology, the climate.
  struct Inputs {
    std::mutex mutex;
    bool ready = false;
    twin::Twin twin;
    std::size_t enriched_from_typology = 0;
    solvers::demand::HourlyWeather weather;
    twin::Typology typology;
    std::optional<solvers::demand::Rc5Climate> climate;  // hourly method; computed by the first run that needs it
    std::optional<std::map<std::uint8_t, solvers::demand::UseProfile>> use_profiles;  // [typology] use_conditions
    std::array<solvers::demand::DailyProfile, 2> hot_water_profiles{};                // BDEW HEF, HMF
    std::map<std::string, twin::Typology> packages;                                   // refurbishment packages by depth
  };
  /// One year's demand: stock model, space-heating solve, refurbished set.
  struct YearDemand {
    solvers::demand::StockModel model;
    solvers::demand::Rc5Results r;
    std::vector<std::uint8_t> refurbished;
    std::size_t refurbished_so_far = 0, envelope_changed = 0;
  };
  struct Demand {
    std::mutex mutex;
    bool ready = false;
    std::vector<std::shared_ptr<const YearDemand>> years;
  };
  mutable std::mutex mutex;
  std::map<std::string, std::shared_ptr<Inputs>> inputs;
  std::map<std::string, std::shared_ptr<Demand>> demand;
  Counts counts;
  template <class T>
  std::shared_ptr<T> entry(std::map<std::string, std::shared_ptr<T>>& map, const std::string& key) {
    const std::lock_guard lock(mutex);
    auto& e = map[key];
    if (!e) e = std::make_shared<T>();
    return e;
  }
  void count(std::size_t Counts::*field) {
    const std::lock_guard lock(mutex);
    ++(counts.*field);
  }
};

}  // namespace heattwin::scenarios
