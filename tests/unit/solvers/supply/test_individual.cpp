// Individual supply per building: existing systems ageing out, least-cost replacement, final
// energy by carrier and sector, seasonal heat-pump COP, thread-count independence.

#include "solvers/supply/individual.hpp"
#include "twin/error.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

namespace econ = heattwin::solvers::economics;
namespace supply = heattwin::solvers::supply;

namespace {

const std::string TECH_DIR = std::string(HEATTWIN_SOURCE_DATA_DIR) + "/technology";

/// A smooth synthetic year: 9 °C mean, ±10 K seasonal, ±3 K daily (coldest hour −4 °C).
std::vector<double> outdoor_year() {
  std::vector<double> t(8760);
  for (std::size_t h = 0; h < t.size(); ++h) {
    const double x = static_cast<double>(h);
    t[h] =
        9.0 - 10.0 * std::cos(2.0 * std::numbers::pi * x / 8760.0) - 3.0 * std::cos(2.0 * std::numbers::pi * x / 24.0);
  }
  return t;
}

struct Columns {
  std::vector<double> space, dhw, peak, supply_t;
  std::vector<std::uint8_t> existing, sector;
  std::vector<std::int32_t> year;
  void add(double s, double d, double p, double t, std::uint8_t e, std::int32_t y, std::uint8_t sec) {
    space.push_back(s);
    dhw.push_back(d);
    peak.push_back(p);
    supply_t.push_back(t);
    existing.push_back(e);
    year.push_back(y);
    sector.push_back(sec);
  }
  supply::IndividualBuildings view() const { return {space, dhw, peak, supply_t, existing, year, sector, {}, {}}; }
};

constexpr auto GAS = static_cast<std::uint8_t>(supply::IndividualOption::gas_boiler);
constexpr auto AIR = static_cast<std::uint8_t>(supply::IndividualOption::air_heat_pump);
constexpr auto BIO = static_cast<std::uint8_t>(supply::IndividualOption::biomass_boiler);

}  // namespace

TEST(IndividualSupply, AgeingOutAndReplacement) {
  const auto catalogue = econ::load_technology_catalogue(TECH_DIR + "/technology_defaults.csv");
  const auto carriers = econ::load_carrier_data(TECH_DIR);
  const auto outdoor = outdoor_year();
  supply::IndividualSettings s;
  s.year = 2030;
  const supply::IndividualSupplyModel model(catalogue, carriers, outdoor, s);

  Columns c;
  c.add(18000, 2500, 10, 55, GAS, 2020, 0);                      // 0: gas boiler of 2020, kept to 2040
  c.add(18000, 2500, 10, 55, GAS, 2005, 0);                      // 1: gas boiler of 2005, aged out
  c.add(40000, 6000, 25, 45, supply::NO_EXISTING_SYSTEM, 0, 1);  // 2: no system known
  c.add(30000, 3000, 18, 85, static_cast<std::uint8_t>(supply::IndividualOption::oil_boiler), 1995,
        0);                               // 3: hot radiators
  c.add(30000, 3000, 18, 55, GAS, 0, 3);  // 4: unknown age → 2000 → aged out
  const supply::IndividualResult r = model.evaluate(c.view());

  // 0: kept gas boiler: gas = heat / 0.95; cost = energy + maintenance (no capital).
  EXPECT_EQ(r.kept_existing[0], 1);
  EXPECT_EQ(r.option[0], GAS);
  const double gas_kwh = 20500.0 / catalogue.value("gas_boiler", "efficiency");
  EXPECT_NEAR(r.final_energy_kwh[0], gas_kwh, 1e-9);
  const double capex =
      catalogue.value("gas_boiler", "capex_fixed_eur") + 10.0 * catalogue.value("gas_boiler", "capex_eur_per_kw");
  EXPECT_NEAR(r.cost_eur_per_a[0],
              gas_kwh * carriers.price_eur_per_mwh.at(econ::Carrier::natural_gas, 2030) * 1e-3 +
                  capex * catalogue.value("gas_boiler", "maintenance_share_per_a"),
              1e-6);
  EXPECT_NEAR(r.co2_kg_per_a[0], gas_kwh * 0.240, 1e-9);

  // 1, 2, 4: replaced by the cheapest allowed option (heat pumps, biomass); 3: too hot for heat pumps.
  for (std::size_t i : {1u, 2u, 4u}) {
    EXPECT_EQ(r.kept_existing[i], 0) << i;
    EXPECT_TRUE(r.option[i] == AIR ||
                r.option[i] == static_cast<std::uint8_t>(supply::IndividualOption::ground_heat_pump) ||
                r.option[i] == BIO)
        << i;
  }
  EXPECT_EQ(r.option[3], BIO);
  EXPECT_EQ(r.replaced, 3u);  // 1, 3, 4 had a system that aged out; 2 had none

  // The chosen option is the least-cost one: allowing only air heat pumps cannot be cheaper.
  supply::IndividualSettings only_air = s;
  only_air.allowed = {true, false, false, false, false, false, false, false};
  const supply::IndividualSupplyModel air_model(catalogue, carriers, outdoor, only_air);
  Columns one;
  one.add(18000, 2500, 10, 55, GAS, 2005, 0);
  const auto ra = air_model.evaluate(one.view());
  EXPECT_EQ(ra.option[0], AIR);
  EXPECT_LE(r.cost_eur_per_a[1], ra.cost_eur_per_a[0] + 1e-9);
  // Heat pump energy: space / SCOP(55 °C) + hot water / COP(55 °C); the rest is ambient heat.
  const double el = 18000.0 / air_model.seasonal_cop_space(supply::IndividualOption::air_heat_pump, 55.0) +
                    2500.0 / air_model.seasonal_cop_dhw(supply::IndividualOption::air_heat_pump);
  EXPECT_NEAR(ra.final_energy_kwh[0], el, 1e-9);
  EXPECT_NEAR(ra.ambient_heat_kwh[0], 20500.0 - el, 1e-9);
  EXPECT_NEAR(ra.lcoh_eur_per_mwh[0], ra.cost_eur_per_a[0] / 20.5, 1e-9);

  // Balance: the per-building energies by carrier and sector.
  double gas_mwh = 0.0, total = 0.0;
  for (std::size_t i = 0; i < 5; ++i) {
    total += (r.final_energy_kwh[i] + r.ambient_heat_kwh[i]) * 1e-3;
    if (r.option[i] == GAS) gas_mwh += r.final_energy_kwh[i] * 1e-3;
  }
  EXPECT_NEAR(r.balance.carrier_total_mwh(econ::Carrier::natural_gas), gas_mwh, 1e-9);
  EXPECT_NEAR(r.balance.total_mwh(), total, 1e-9);
  EXPECT_NEAR(r.balance.mwh[static_cast<std::size_t>(econ::Carrier::natural_gas)][0], gas_mwh, 1e-9);
}

TEST(IndividualSupply, PricePathUsesLevelisedPrices) {
  const auto catalogue = econ::load_technology_catalogue(TECH_DIR + "/technology_defaults.csv");
  const auto carriers = econ::load_carrier_data(TECH_DIR);
  const auto outdoor = outdoor_year();
  supply::IndividualSettings s;
  s.year = 2030;
  s.price_path = true;
  const supply::IndividualSupplyModel model(catalogue, carriers, outdoor, s);
  Columns c;
  c.add(18000, 2500, 10, 55, GAS, 2020, 0);  // kept gas boiler
  const auto r = model.evaluate(c.view());
  const double gas_kwh = 20500.0 / catalogue.value("gas_boiler", "efficiency");
  const double capex =
      catalogue.value("gas_boiler", "capex_fixed_eur") + 10.0 * catalogue.value("gas_boiler", "capex_eur_per_kw");
  const double levelised =
      econ::levelised_price_eur_per_mwh(carriers.price_eur_per_mwh, econ::Carrier::natural_gas, 2030, {});
  EXPECT_GT(levelised,
            carriers.price_eur_per_mwh.at(econ::Carrier::natural_gas, 2030));  // gas gets dearer in the table
  EXPECT_NEAR(r.cost_eur_per_a[0],
              gas_kwh * levelised * 1e-3 + capex * catalogue.value("gas_boiler", "maintenance_share_per_a"), 1e-6);
}

TEST(IndividualSupply, TwinCarriersMapToExistingOptions) {
  EXPECT_EQ(supply::existing_option_of(heattwin::twin::Carrier::gas), GAS);
  EXPECT_EQ(supply::existing_option_of(heattwin::twin::Carrier::heat_pump), AIR);
  EXPECT_EQ(supply::existing_option_of(heattwin::twin::Carrier::biomass), BIO);
  EXPECT_EQ(supply::existing_option_of(heattwin::twin::Carrier::district_heat),
            static_cast<std::uint8_t>(supply::IndividualOption::district_heating));
  EXPECT_EQ(supply::existing_option_of(heattwin::twin::Carrier::coal), supply::NO_EXISTING_SYSTEM);
  EXPECT_EQ(supply::existing_option_of(heattwin::twin::Carrier::unknown), supply::NO_EXISTING_SYSTEM);
  // Every mapped option is a real option with a carrier.
  for (std::uint8_t c = 0; c < heattwin::twin::CARRIER_NAMES.size(); ++c) {
    const std::uint8_t o = supply::existing_option_of(static_cast<heattwin::twin::Carrier>(c));
    if (o != supply::NO_EXISTING_SYSTEM) {
      EXPECT_LT(o, supply::INDIVIDUAL_OPTION_COUNT);
    }
  }
}

TEST(IndividualSupply, SeasonalCopFallsWithSupplyTemperature) {
  const auto catalogue = econ::load_technology_catalogue(TECH_DIR + "/technology_defaults.csv");
  const auto carriers = econ::load_carrier_data(TECH_DIR);
  const auto outdoor = outdoor_year();
  const supply::IndividualSupplyModel model(catalogue, carriers, outdoor, {});
  for (auto opt : {supply::IndividualOption::air_heat_pump, supply::IndividualOption::ground_heat_pump}) {
    const double scop35 = model.seasonal_cop_space(opt, 35.0);
    const double scop55 = model.seasonal_cop_space(opt, 55.0);
    EXPECT_GT(scop35, scop55);
    EXPECT_GT(scop55, 1.5);
    EXPECT_LT(scop35, 7.0);
    EXPECT_GT(model.seasonal_cop_dhw(opt), 1.5);
  }
  EXPECT_THROW(model.seasonal_cop_space(supply::IndividualOption::gas_boiler, 55.0), heattwin::InputError);
}

TEST(IndividualSupply, SameResultAtAnyThreadCount) {
  const auto catalogue = econ::load_technology_catalogue(TECH_DIR + "/technology_defaults.csv");
  const auto carriers = econ::load_carrier_data(TECH_DIR);
  const auto outdoor = outdoor_year();
  const supply::IndividualSupplyModel model(catalogue, carriers, outdoor, {});
  Columns c;
  for (int i = 0; i < 20000; ++i) {
    c.add(5000.0 + (i % 97) * 300.0, 1000.0 + (i % 13) * 100.0, 5.0 + (i % 31), 35.0 + (i % 50),
          static_cast<std::uint8_t>(i % 7), 1990 + i % 35, static_cast<std::uint8_t>(i % 4));
  }
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto one = model.evaluate(c.view());
  omp_set_num_threads(2);
  const auto two = model.evaluate(c.view());
  omp_set_num_threads(threads);
  EXPECT_EQ(one.option, two.option);
  EXPECT_EQ(one.cost_eur_per_a, two.cost_eur_per_a);
  for (std::size_t k = 0; k < econ::CARRIER_COUNT; ++k) EXPECT_EQ(one.balance.mwh[k], two.balance.mwh[k]);
}

TEST(IndividualSupply, BadInputIsAnError) {
  const auto catalogue = econ::load_technology_catalogue(TECH_DIR + "/technology_defaults.csv");
  const auto carriers = econ::load_carrier_data(TECH_DIR);
  const auto outdoor = outdoor_year();
  supply::IndividualSettings heat_pumps_only;
  heat_pumps_only.allowed = {true, true, false, false, false, false, false, false};
  const supply::IndividualSupplyModel model(catalogue, carriers, outdoor, heat_pumps_only);
  Columns c;
  c.add(1000, 100, 5, 50, supply::NO_EXISTING_SYSTEM, 0, 0);
  c.add(1000, 100, 5, 90, supply::NO_EXISTING_SYSTEM, 0, 0);  // too hot for heat pumps, nothing else allowed
  try {
    model.evaluate(c.view());
    FAIL() << "no error";
  } catch (const heattwin::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("building 1"), std::string::npos) << e.what();
  }
  Columns neg;
  neg.add(-1, 0, 5, 50, GAS, 2020, 0);
  EXPECT_THROW(model.evaluate(neg.view()), heattwin::InputError);
  supply::IndividualSettings late;
  late.year = 2050;  // prices are tabulated to 2045
  EXPECT_THROW(supply::IndividualSupplyModel(catalogue, carriers, outdoor, late), heattwin::InputError);
}

TEST(IndividualSupply, BiomassPotentialMovesTheCheapestToMoveSystems) {
  const auto catalogue = econ::load_technology_catalogue(TECH_DIR + "/technology_defaults.csv");
  auto carriers = econ::load_carrier_data(TECH_DIR);
  carriers.price_eur_per_mwh.set(econ::Carrier::biomass, 2030, 20.0);  // cheap wood: biomass wins nearly everywhere
  const auto outdoor = outdoor_year();
  supply::IndividualSettings s;
  s.year = 2030;
  Columns c;
  for (int i = 0; i < 60; ++i) {  // varied sizes and supply temperatures, all needing a new system
    c.add(8000.0 + 900.0 * i, 1500.0 + 40.0 * i, 6.0 + 0.4 * i, 35.0 + (i % 9) * 5.0, supply::NO_EXISTING_SYSTEM, 0, 0);
  }
  c.add(30000, 3000, 18, 85, supply::NO_EXISTING_SYSTEM, 0, 0);  // 60: too hot for heat pumps: biomass only
  c.add(20000, 2000, 12, 55, BIO, 2025, 0);                      // 61: a kept biomass boiler
  const auto unlimited = supply::IndividualSupplyModel(catalogue, carriers, outdoor, s).evaluate(c.view());
  const double need_mwh = unlimited.balance.carrier_total_mwh(econ::Carrier::biomass);
  std::size_t bio = 0;
  for (const auto o : unlimited.option) bio += o == BIO ? 1 : 0;
  ASSERT_GT(bio, 40U) << "the test needs biomass to be the least-cost choice of most buildings";
  EXPECT_EQ(unlimited.switched_for_biomass_potential, 0U);

  // Each building's extra cost of its best alternative without biomass.
  supply::IndividualSettings no_bio = s;
  no_bio.allowed[static_cast<std::size_t>(supply::IndividualOption::biomass_boiler)] = false;
  Columns movable = c;  // the same buildings but the hot one and the kept one (no alternative / not new)
  movable.space.resize(60), movable.dhw.resize(60), movable.peak.resize(60), movable.supply_t.resize(60);
  movable.existing.resize(60), movable.year.resize(60), movable.sector.resize(60);
  const auto alternative = supply::IndividualSupplyModel(catalogue, carriers, outdoor, no_bio).evaluate(movable.view());

  s.biomass_potential_mwh_per_a = 0.5 * need_mwh;
  const auto capped = supply::IndividualSupplyModel(catalogue, carriers, outdoor, s).evaluate(c.view());
  const double capped_mwh = capped.balance.carrier_total_mwh(econ::Carrier::biomass);
  EXPECT_LE(capped_mwh, s.biomass_potential_mwh_per_a + 1e-9);
  EXPECT_EQ(capped.biomass_above_potential_mwh, 0.0);
  EXPECT_GT(capped.switched_for_biomass_potential, 0U);
  double sum_mwh = 0.0, max_switched_extra = -1e300, min_kept_extra = 1e300, last_switched_mwh = 0.0;
  std::size_t switched = 0;
  for (std::size_t i = 0; i < 60; ++i) {
    const double extra = alternative.cost_eur_per_a[i] - unlimited.cost_eur_per_a[i];
    if (unlimited.option[i] == BIO && capped.option[i] != BIO) {
      ++switched;
      EXPECT_EQ(capped.option[i], alternative.option[i]) << i;
      EXPECT_NEAR(capped.cost_eur_per_a[i], alternative.cost_eur_per_a[i], 1e-9) << i;
      if (extra > max_switched_extra) {
        max_switched_extra = extra;
        last_switched_mwh = unlimited.final_energy_kwh[i] * 1e-3;
      }
    } else if (capped.option[i] == BIO) {
      min_kept_extra = std::min(min_kept_extra, extra);
    } else {
      EXPECT_EQ(capped.option[i], unlimited.option[i]) << i;  // non-biomass choices untouched
    }
  }
  for (std::size_t i = 0; i < capped.option.size(); ++i) {
    if (capped.option[i] == BIO) sum_mwh += capped.final_energy_kwh[i] * 1e-3;
  }
  EXPECT_EQ(switched, capped.switched_for_biomass_potential);
  EXPECT_LE(max_switched_extra, min_kept_extra);  // the cheapest to move moved first
  EXPECT_NEAR(sum_mwh, capped_mwh, 1e-9);         // the balance follows the switches
  EXPECT_EQ(capped.option[60], BIO);              // no alternative
  EXPECT_EQ(capped.option[61], BIO);              // kept
  // Not one more than needed: without the last switch (largest extra cost) the potential was exceeded.
  EXPECT_GT(capped_mwh + last_switched_mwh, s.biomass_potential_mwh_per_a);

  // A potential of 0: every movable system moves; the hot building and the kept boiler remain above it.
  s.biomass_potential_mwh_per_a = 0.0;
  const auto none = supply::IndividualSupplyModel(catalogue, carriers, outdoor, s).evaluate(c.view());
  EXPECT_NEAR(none.biomass_above_potential_mwh, (none.final_energy_kwh[60] + none.final_energy_kwh[61]) * 1e-3, 1e-9);
  for (std::size_t i = 0; i < 60; ++i) EXPECT_NE(none.option[i], BIO) << i;
  s.biomass_potential_mwh_per_a = -1.0;
  EXPECT_THROW(supply::IndividualSupplyModel(catalogue, carriers, outdoor, s), heattwin::InputError);
}

// Buildings inside a heat-network supply area may not take a biomass boiler (excluded_options,
// docs/SUPPLY.md "One supply model"): with cheap wood the unmasked buildings choose biomass, the
// masked ones their best other option; a masked building with no other option (too hot for heat
// pumps) keeps biomass and is counted; kept systems are untouched.
TEST(IndividualSupply, ExcludedOptionsPerBuilding) {
  const auto catalogue = econ::load_technology_catalogue(TECH_DIR + "/technology_defaults.csv");
  auto carriers = econ::load_carrier_data(TECH_DIR);
  carriers.price_eur_per_mwh.set(econ::Carrier::biomass, 2030, 20.0);  // cheap wood: biomass wins
  const auto outdoor = outdoor_year();
  supply::IndividualSettings s;
  s.year = 2030;
  const supply::IndividualSupplyModel model(catalogue, carriers, outdoor, s);
  Columns c;
  c.add(20000, 2500, 12, 55, supply::NO_EXISTING_SYSTEM, 0, 0);  // 0: free
  c.add(20000, 2500, 12, 55, supply::NO_EXISTING_SYSTEM, 0, 0);  // 1: masked
  c.add(30000, 3000, 18, 85, supply::NO_EXISTING_SYSTEM, 0, 0);  // 2: masked, too hot for heat pumps
  c.add(20000, 2500, 12, 55, BIO, 2025, 0);                      // 3: masked, kept biomass boiler
  const std::uint8_t no_bio = 1U << BIO;
  const std::vector<std::uint8_t> mask{0, no_bio, no_bio, no_bio};
  supply::IndividualBuildings view = c.view();
  const supply::IndividualResult free = model.evaluate(view);
  ASSERT_EQ(free.option[1], BIO) << "the test needs biomass to be the least-cost choice";
  view.excluded_options = mask;
  const supply::IndividualResult r = model.evaluate(view);
  EXPECT_EQ(r.option[0], BIO);
  EXPECT_TRUE(r.option[1] == AIR ||
              r.option[1] == static_cast<std::uint8_t>(supply::IndividualOption::ground_heat_pump));
  EXPECT_GT(r.cost_eur_per_a[1], free.cost_eur_per_a[1]);
  EXPECT_EQ(r.option[2], BIO);  // no other allowed option: the mask is ignored and counted
  EXPECT_EQ(r.option[3], BIO);  // kept
  EXPECT_EQ(r.kept_existing[3], 1);
  EXPECT_EQ(r.chosen_with_exclusions, 1U);
  EXPECT_EQ(r.exclusions_ignored, 1U);
  // A mask of the wrong length is an input error.
  const std::vector<std::uint8_t> short_mask{0};
  view.excluded_options = short_mask;
  EXPECT_THROW(model.evaluate(view), heattwin::InputError);
}

// Ground-source areas of a potentials layer cap the ambient heat of the ground heat pumps drawing
// on them (issue 16): with only ground heat pumps and gas boilers allowed and cheap electricity,
// every new system is a ground heat pump; an area whose capacity is half their ambient heat moves
// the cheapest-to-move ones to gas until it holds; buildings of another, large area and buildings
// drawing on no area keep theirs; a kept ground heat pump above a capacity of 0 stays and is
// counted as above the potential.
TEST(IndividualSupply, GroundSourceAreaCapsItsGroundHeatPumps) {
  const auto catalogue = econ::load_technology_catalogue(TECH_DIR + "/technology_defaults.csv");
  auto carriers = econ::load_carrier_data(TECH_DIR);
  carriers.price_eur_per_mwh.set(econ::Carrier::electricity, 2030, 60.0);  // cheap power: heat pumps win
  const auto outdoor = outdoor_year();
  supply::IndividualSettings s;
  s.year = 2030;
  s.allowed = {};
  s.allowed[static_cast<std::size_t>(supply::IndividualOption::ground_heat_pump)] = true;
  s.allowed[static_cast<std::size_t>(supply::IndividualOption::gas_boiler)] = true;
  constexpr auto GROUND = static_cast<std::uint8_t>(supply::IndividualOption::ground_heat_pump);
  Columns c;
  std::vector<std::uint32_t> area;
  for (int i = 0; i < 30; ++i) {
    c.add(12000.0 + 700.0 * i, 2000.0, 8.0 + 0.3 * i, 35.0 + (i % 5) * 5.0, supply::NO_EXISTING_SYSTEM, 0, 0);
    area.push_back(i < 20 ? 0U : (i < 25 ? 1U : supply::NO_POTENTIAL_AREA));
  }
  auto view = [&](const Columns& cols, const std::vector<std::uint32_t>& a) {
    supply::IndividualBuildings v = cols.view();
    v.ground_source_area = a;
    return v;
  };
  const auto unlimited = supply::IndividualSupplyModel(catalogue, carriers, outdoor, s).evaluate(view(c, area));
  double area0_mwh = 0.0;
  for (std::size_t i = 0; i < 30; ++i) {
    ASSERT_EQ(unlimited.option[i], GROUND) << "the test needs ground heat pumps to be the least-cost choice";
    if (area[i] == 0U) area0_mwh += unlimited.ambient_heat_kwh[i] * 1e-3;
  }
  s.ground_source_capacity_mwh_per_a = {0.5 * area0_mwh, 1e9};
  const auto capped = supply::IndividualSupplyModel(catalogue, carriers, outdoor, s).evaluate(view(c, area));
  ASSERT_EQ(capped.ground_source_used_mwh.size(), 2U);
  EXPECT_LE(capped.ground_source_used_mwh[0], 0.5 * area0_mwh + 1e-9);
  EXPECT_GT(capped.switched_for_ground_source_potential, 0U);
  EXPECT_EQ(capped.ground_source_above_potential_mwh, 0.0);
  double used0 = 0.0, max_moved_extra = -1e300, min_kept_extra = 1e300;
  std::size_t moved = 0;
  for (std::size_t i = 0; i < 30; ++i) {
    if (area[i] != 0U) {
      EXPECT_EQ(capped.option[i], GROUND) << i;  // other area and no area: untouched
      continue;
    }
    // Extra cost of the alternative (gas) over the ground heat pump.
    const double extra = capped.option[i] == GROUND ? 0.0 : capped.cost_eur_per_a[i] - unlimited.cost_eur_per_a[i];
    if (capped.option[i] == GROUND) {
      used0 += capped.ambient_heat_kwh[i] * 1e-3;
    } else {
      ++moved;
      EXPECT_EQ(capped.option[i], GAS) << i;
      max_moved_extra = std::max(max_moved_extra, extra);
    }
  }
  supply::IndividualSettings gas_only = s;
  gas_only.allowed[static_cast<std::size_t>(supply::IndividualOption::ground_heat_pump)] = false;
  gas_only.ground_source_capacity_mwh_per_a.clear();
  const auto alt = supply::IndividualSupplyModel(catalogue, carriers, outdoor, gas_only).evaluate(c.view());
  for (std::size_t i = 0; i < 20; ++i) {
    if (capped.option[i] == GROUND)
      min_kept_extra = std::min(min_kept_extra, alt.cost_eur_per_a[i] - unlimited.cost_eur_per_a[i]);
  }
  EXPECT_EQ(moved, capped.switched_for_ground_source_potential);
  EXPECT_NEAR(used0, capped.ground_source_used_mwh[0], 1e-9);
  EXPECT_LE(max_moved_extra, min_kept_extra + 1e-9);  // the cheapest to move moved first
  // The balance follows the switches: ambient heat = what the remaining heat pumps draw.
  double ambient = 0.0;
  for (double a : capped.ambient_heat_kwh) ambient += a * 1e-3;
  EXPECT_NEAR(capped.balance.carrier_total_mwh(econ::Carrier::ambient_heat), ambient, 1e-6);

  // A kept ground heat pump in an area of capacity 0 stays; what it draws is above the potential.
  Columns kept;
  kept.add(15000.0, 2000.0, 9.0, 40.0, GROUND, 2025, 0);
  s.ground_source_capacity_mwh_per_a = {0.0};
  const std::vector<std::uint32_t> one{0U};
  const auto k = supply::IndividualSupplyModel(catalogue, carriers, outdoor, s).evaluate(view(kept, one));
  EXPECT_EQ(k.option[0], GROUND);
  EXPECT_NEAR(k.ground_source_above_potential_mwh, k.ambient_heat_kwh[0] * 1e-3, 1e-9);
  // Bad inputs: an area index beyond the capacities, a negative capacity.
  const std::vector<std::uint32_t> beyond{3U};
  EXPECT_THROW((void)supply::IndividualSupplyModel(catalogue, carriers, outdoor, s).evaluate(view(kept, beyond)),
               heattwin::InputError);
  s.ground_source_capacity_mwh_per_a = {-1.0};
  EXPECT_THROW(supply::IndividualSupplyModel(catalogue, carriers, outdoor, s), heattwin::InputError);
}
