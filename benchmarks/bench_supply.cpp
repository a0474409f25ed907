// Benchmarks of supply and economics: the hourly merit-order dispatch of a network's plants with a
// store (8760 h), the individual supply options of 1e3 … 1.2e6 buildings in one target year
// (least-cost choice among the allowed options, ageing out, final energy by carrier and sector),
// and the WPG supply-area classification of 1e3 … 1e4 areas (100 m cells). Inputs are built
// deterministically here (index hashes, no random state), with the shipped technology tables.
//
// Counters: hours_per_s, buildings_per_s, areas_per_s.

#include "solvers/economics/carriers.hpp"
#include "solvers/economics/technology.hpp"
#include "solvers/supply/dispatch.hpp"
#include "solvers/supply/individual.hpp"
#include "solvers/supply/supply_areas.hpp"

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <string>
#include <vector>

namespace {

namespace econ = heattwin::solvers::economics;
namespace supply = heattwin::solvers::supply;

const std::string TECH_DIR = std::string(HEATTWIN_SOURCE_DATA_DIR) + "/technology";

/// A deterministic value in [0, 1) from an index (splitmix64 finaliser).
double unit_hash(std::uint64_t i) {
  i += 0x9e3779b97f4a7c15ULL;
  i = (i ^ (i >> 30)) * 0xbf58476d1ce4e5b9ULL;
  i = (i ^ (i >> 27)) * 0x94d049bb133111ebULL;
  i ^= i >> 31;
  return static_cast<double>(i >> 11) * 0x1.0p-53;
}

/// Outdoor temperature of a smooth synthetic year (9 °C mean, ±10 K seasonal, ±3 K daily).
std::vector<double> outdoor_year(std::size_t hours) {
  std::vector<double> t(hours);
  for (std::size_t h = 0; h < hours; ++h) {
    const double x = static_cast<double>(h);
    t[h] =
        9.0 - 10.0 * std::cos(2.0 * std::numbers::pi * x / 8760.0) - 3.0 * std::cos(2.0 * std::numbers::pi * x / 24.0);
  }
  return t;
}

/// A 5 MW-peak network: waste heat, a large heat pump on river water, solar thermal, a gas CHP,
/// a biomass boiler and a gas peak boiler, with a 50 MWh store.
void BM_Dispatch(benchmark::State& state) {
  const auto hours = static_cast<std::size_t>(state.range(0));
  const auto outdoor = outdoor_year(hours);
  std::vector<double> load(hours), supply_t(hours), river(hours), solar(hours);
  for (std::size_t h = 0; h < hours; ++h) {
    load[h] = 400.0 + 4600.0 * std::max(0.0, (15.0 - outdoor[h]) / 29.0);
    supply_t[h] = 70.0 + 20.0 * std::max(0.0, (15.0 - outdoor[h]) / 29.0);
    river[h] = std::max(4.0, outdoor[h] + 2.0);
    const double hour = static_cast<double>(h % 24);
    const double season = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(h) / 8760.0);
    solar[h] =
        hour >= 7 && hour <= 17 ? 1500.0 * (1.0 - season) * std::sin(std::numbers::pi * (hour - 6.0) / 12.0) : 0.0;
  }
  const auto carriers = econ::load_carrier_data(TECH_DIR);
  supply::DispatchInput in;
  in.load_kw = load;
  in.supply_t_c = supply_t;
  in.year = 2035;
  for (std::size_t c = 0; c < econ::CARRIER_COUNT; ++c)
    in.price_eur_per_mwh[c] = carriers.price_eur_per_mwh.at(static_cast<econ::Carrier>(c), in.year);
  auto make = [](const char* id, supply::PlantKind kind, double capacity_kw, double efficiency) {
    supply::Plant p;
    p.id = id;
    p.kind = kind;
    p.capacity_kw = capacity_kw;
    p.efficiency = efficiency;
    return p;
  };
  supply::Plant waste = make("waste", supply::PlantKind::waste_heat, 500.0, 1.0);
  supply::Plant hp = make("river_hp", supply::PlantKind::heat_pump, 2000.0, 1.0);
  hp.source_t_c = river;
  hp.heat_pump.carnot_share = 0.5;
  hp.charges_storage = true;
  supply::Plant sun = make("solar", supply::PlantKind::solar_thermal, 1500.0, 1.0);
  sun.available_kw = solar;
  sun.charges_storage = true;
  supply::Plant chp = make("chp", supply::PlantKind::chp, 1000.0, 0.5);
  chp.electric_efficiency = 0.4;
  supply::Plant bio = make("biomass", supply::PlantKind::boiler, 1000.0, 0.88);
  bio.fuel = econ::Carrier::biomass;
  bio.renewable_share = 1.0;
  supply::Plant peak = make("peak", supply::PlantKind::boiler, 3000.0, 0.95);
  in.plants = {waste, hp, sun, chp, bio, peak};
  in.storage = {50000.0, 2000.0, 2000.0, 0.0005, 0.0};
  supply::DispatchResult r;
  for (auto _ : state) {
    r = supply::dispatch_network(in);
    benchmark::DoNotOptimize(r.renewable_share);
  }
  state.counters["hours_per_s"] =
      benchmark::Counter(static_cast<double>(hours), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["renewable_share"] = r.renewable_share;
  state.counters["max_balance_error_kw"] = r.max_balance_error_kw;
}
BENCHMARK(BM_Dispatch)->Arg(1000)->Arg(8760)->Unit(benchmark::kMillisecond)->UseRealTime();

/// Individual options for a synthetic stock: demand, load, supply temperature, existing carrier
/// and its age from index hashes; target year 2035.
void BM_IndividualOptions(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto catalogue = econ::load_technology_catalogue(TECH_DIR + "/technology_defaults.csv");
  const auto carriers = econ::load_carrier_data(TECH_DIR);
  const auto outdoor = outdoor_year(8760);
  supply::IndividualSettings settings;
  settings.year = 2035;
  const supply::IndividualSupplyModel model(catalogue, carriers, outdoor, settings);
  std::vector<double> space(n), dhw(n), peak(n), supply_t(n);
  std::vector<std::uint8_t> existing(n), sector(n);
  std::vector<std::int32_t> year(n);
  constexpr std::uint8_t EXISTING[] = {2, 2, 2, 2, 5, 5, 4, 0, 6, 7};  // mostly gas, some oil, …
  for (std::size_t i = 0; i < n; ++i) {
    const double area = 80.0 + 400.0 * unit_hash(4 * i) * unit_hash(4 * i + 1);
    space[i] = area * (40.0 + 180.0 * unit_hash(4 * i + 2));
    dhw[i] = area * 14.0;
    peak[i] = (space[i] + dhw[i]) / 1800.0;
    supply_t[i] = 35.0 + 45.0 * unit_hash(4 * i + 3);
    existing[i] = EXISTING[i % 10];
    year[i] = 1985 + static_cast<std::int32_t>(i % 40);
    sector[i] = static_cast<std::uint8_t>(i % 7 == 0 ? 1 : 0);
  }
  const supply::IndividualBuildings b{space, dhw, peak, supply_t, existing, year, sector, {}, {}};
  for (auto _ : state) {
    const supply::IndividualResult r = model.evaluate(b);
    benchmark::DoNotOptimize(r.balance.mwh[0][0]);
  }
  state.counters["buildings_per_s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_IndividualOptions)->Arg(1000)->Arg(100000)->Arg(1200000)->Unit(benchmark::kMillisecond)->UseRealTime();

/// The one-off set-up of the individual model for a year (prices, annuity factors, seasonal COP
/// tables over 8760 h × 71 supply temperatures × 2 heat-pump types).
void BM_IndividualModelSetup(benchmark::State& state) {
  const auto catalogue = econ::load_technology_catalogue(TECH_DIR + "/technology_defaults.csv");
  const auto carriers = econ::load_carrier_data(TECH_DIR);
  const auto outdoor = outdoor_year(8760);
  for (auto _ : state) {
    const supply::IndividualSupplyModel model(catalogue, carriers, outdoor, {});
    benchmark::DoNotOptimize(model.seasonal_cop_dhw(supply::IndividualOption::air_heat_pump));
  }
}
BENCHMARK(BM_IndividualModelSetup)->Unit(benchmark::kMillisecond)->UseRealTime();

/// Classification of 100 m cells (1 ha each) with hashed demand, route length and costs.
void BM_ClassifySupplyAreas(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<double> demand(n), area(n, 1.0), route(n), net(n), ind(n);
  std::vector<std::uint8_t> network(n), source(n), gas(n), h2(n);
  for (std::size_t i = 0; i < n; ++i) {
    demand[i] = 1200.0 * unit_hash(5 * i) * unit_hash(5 * i + 1);
    route[i] = unit_hash(5 * i + 2) < 0.2 ? 0.0 : 50.0 + 250.0 * unit_hash(5 * i + 3);
    net[i] = 90.0 + 150.0 * unit_hash(5 * i + 4);
    ind[i] = 120.0 + 80.0 * unit_hash(5 * i + 1 + n);
    network[i] = i % 11 == 0;
    source[i] = i % 3 != 0;
    gas[i] = i % 2 == 0;
    h2[i] = i % 17 == 0;
  }
  const supply::SupplyAreaInput in{demand, area, route, net, ind, network, source, gas, h2};
  for (auto _ : state) {
    const supply::SupplyAreaResult r = supply::classify_supply_areas(in);
    benchmark::DoNotOptimize(r.count_by_type[0]);
  }
  state.counters["areas_per_s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_ClassifySupplyAreas)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
