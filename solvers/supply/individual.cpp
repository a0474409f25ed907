#include "solvers/supply/individual.hpp"

#include "twin/error.hpp"
#include "twin/parallel_errors.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>

namespace heattwin::solvers::supply {

namespace econ = heattwin::solvers::economics;

namespace {
constexpr std::array<std::string_view, INDIVIDUAL_OPTION_COUNT> TECHNOLOGIES = {
    "air_heat_pump",  "ground_heat_pump", "gas_boiler",      "hydrogen_boiler",
    "biomass_boiler", "oil_boiler",       "electric_heater", "heat_substation"};
constexpr std::array<econ::Carrier, INDIVIDUAL_OPTION_COUNT> CARRIERS = {
    econ::Carrier::electricity, econ::Carrier::electricity, econ::Carrier::natural_gas, econ::Carrier::hydrogen,
    econ::Carrier::biomass,     econ::Carrier::heating_oil, econ::Carrier::electricity, econ::Carrier::district_heat};
constexpr std::size_t BLOCK = 4096;

/// What one option costs one building.
struct OptionOutcome {
  double final_kwh = 0.0, ambient_kwh = 0.0, cost_eur = 0.0, co2_kg = 0.0;
};
}  // namespace

std::uint8_t existing_option_of(twin::Carrier carrier) {
  switch (carrier) {
    case twin::Carrier::gas:
      return static_cast<std::uint8_t>(IndividualOption::gas_boiler);
    case twin::Carrier::oil:
      return static_cast<std::uint8_t>(IndividualOption::oil_boiler);
    case twin::Carrier::district_heat:
      return static_cast<std::uint8_t>(IndividualOption::district_heating);
    case twin::Carrier::electricity:
      return static_cast<std::uint8_t>(IndividualOption::electric_heater);
    case twin::Carrier::heat_pump:
      return static_cast<std::uint8_t>(IndividualOption::air_heat_pump);
    case twin::Carrier::biomass:
      return static_cast<std::uint8_t>(IndividualOption::biomass_boiler);
    case twin::Carrier::unknown:
    case twin::Carrier::coal:
    case twin::Carrier::other:
      break;
  }
  return NO_EXISTING_SYSTEM;
}

std::string_view option_technology(IndividualOption option) {
  return TECHNOLOGIES.at(static_cast<std::size_t>(option));
}
econ::Carrier option_carrier(IndividualOption option) { return CARRIERS.at(static_cast<std::size_t>(option)); }

IndividualSupplyModel::IndividualSupplyModel(const econ::TechnologyCatalogue& catalogue,
                                             const econ::CarrierData& carriers, std::span<const double> outdoor_t_c,
                                             IndividualSettings settings)
    : settings_(settings) {
  const auto& s = settings_;
  HEATTWIN_CHECK(outdoor_t_c.size() >= 24,
                 "individual supply: need the hourly outdoor temperature of a year, got {} values", outdoor_t_c.size());
  HEATTWIN_CHECK(s.heating_limit_c > s.design_outdoor_t_c,
                 "individual supply: heating limit {} °C must be above the design outdoor temperature {} °C",
                 s.heating_limit_c, s.design_outdoor_t_c);
  HEATTWIN_CHECK(s.dhw_t_c > s.room_t_c && s.max_heat_pump_supply_t_c <= TABLE_MIN_T_C + TABLE_STEPS - 1,
                 "individual supply: hot-water temperature must exceed the room temperature and the heat-pump limit "
                 "be ≤ {} °C",
                 TABLE_MIN_T_C + TABLE_STEPS - 1);
  HEATTWIN_CHECK(s.biomass_potential_mwh_per_a >= 0.0 && s.hydrogen_potential_mwh_per_a >= 0.0,
                 "individual supply: potentials must be ≥ 0 MWh/a (biomass {}, hydrogen {})",
                 s.biomass_potential_mwh_per_a, s.hydrogen_potential_mwh_per_a);
  for (std::size_t a = 0; a < s.ground_source_capacity_mwh_per_a.size(); ++a) {
    const double c = s.ground_source_capacity_mwh_per_a[a];
    HEATTWIN_CHECK(std::isfinite(c) && c >= 0.0, "individual supply: ground-source area {} has capacity {} MWh/a", a,
                   c);
  }
  const double a = econ::annuity_factor(s.annuity.interest_rate, s.annuity.period_a);
  // With a price path the levelised price already is an annuity per MWh.
  energy_factor_ = s.price_path ? 1.0
                                : a * econ::price_change_factor(s.annuity.demand_price_change, s.annuity.interest_rate,
                                                                s.annuity.period_a);
  maintenance_factor_ =
      a * econ::price_change_factor(s.annuity.maintenance_price_change, s.annuity.interest_rate, s.annuity.period_a);
  for (std::size_t o = 0; o < INDIVIDUAL_OPTION_COUNT; ++o) {
    const std::string_view tech = TECHNOLOGIES[o];
    OptionData& d = options_[o];
    d.fixed_eur = catalogue.value_or(tech, "capex_fixed_eur", 0.0);
    d.per_kw_eur = catalogue.value(tech, "capex_eur_per_kw");
    d.lifetime_a = static_cast<int>(catalogue.value(tech, "lifetime_a"));
    d.maintenance_share = catalogue.value(tech, "maintenance_share_per_a");
    d.capital_factor = econ::annuity_per_eur_invested(d.lifetime_a, d.maintenance_share, s.annuity);
    d.is_heat_pump = o <= static_cast<std::size_t>(IndividualOption::ground_heat_pump);
    d.efficiency = d.is_heat_pump ? 1.0 : catalogue.value(tech, "efficiency");
    d.price_eur_per_kwh =
        (s.price_path ? econ::levelised_price_eur_per_mwh(carriers.price_eur_per_mwh, CARRIERS[o], s.year, s.annuity)
                      : carriers.price_eur_per_mwh.at(CARRIERS[o], s.year)) *
        1e-3;
    d.co2_kg_per_kwh = carriers.co2_g_per_kwh.at(CARRIERS[o], s.year) * 1e-3;
  }
  // Seasonal COP tables: [0] air (source = outdoor air), [1] ground (constant brine temperature).
  for (std::size_t k = 0; k < 2; ++k) {
    const std::string_view tech = TECHNOLOGIES[k];
    const HeatPumpModel model = HeatPumpModel::from_catalogue(catalogue, tech);
    const double ground_t_c = k == 1 ? catalogue.value(tech, "source_t_c") : 0.0;
    double dhw_inverse = 0.0;
    for (double t_out : outdoor_t_c) {
      const double source = k == 0 ? t_out : ground_t_c;
      dhw_inverse += 1.0 / heat_pump_cop(model, source, std::max(s.dhw_t_c, source + 1.0));
    }
    cop_dhw_[k] = static_cast<double>(outdoor_t_c.size()) / dhw_inverse;
    for (int step = 0; step < TABLE_STEPS; ++step) {
      const double design_t_c = TABLE_MIN_T_C + step;
      double heat = 0.0, electricity = 0.0;
      for (double t_out : outdoor_t_c) {
        if (t_out >= s.heating_limit_c) continue;
        const double w = std::min(1.0, (s.heating_limit_c - t_out) / (s.heating_limit_c - s.design_outdoor_t_c));
        const double source = k == 0 ? t_out : ground_t_c;
        const double sink = std::max(s.room_t_c + (design_t_c - s.room_t_c) * w, source + 1.0);
        heat += w;
        electricity += w / heat_pump_cop(model, source, sink, w);
      }
      scop_space_[k][static_cast<std::size_t>(step)] = electricity > 0.0 ? heat / electricity : cop_dhw_[k];
    }
  }
}

double IndividualSupplyModel::seasonal_cop_space(IndividualOption option, double design_supply_t_c) const {
  const auto k = static_cast<std::size_t>(option);
  HEATTWIN_CHECK(k < 2, "seasonal COP: option {} is not a heat pump", k);
  const double x = std::clamp(design_supply_t_c - TABLE_MIN_T_C, 0.0, static_cast<double>(TABLE_STEPS - 1));
  const auto lo = static_cast<std::size_t>(std::min(std::floor(x), static_cast<double>(TABLE_STEPS - 2)));
  const double f = x - static_cast<double>(lo);
  return scop_space_[k][lo] * (1.0 - f) + scop_space_[k][lo + 1] * f;
}

double IndividualSupplyModel::seasonal_cop_dhw(IndividualOption option) const {
  const auto k = static_cast<std::size_t>(option);
  HEATTWIN_CHECK(k < 2, "seasonal COP: option {} is not a heat pump", k);
  return cop_dhw_[k];
}

IndividualResult IndividualSupplyModel::evaluate(const IndividualBuildings& b) const {
  const std::size_t n = b.space_heat_kwh.size();
  HEATTWIN_CHECK(b.dhw_kwh.size() == n && b.peak_load_kw.size() == n && b.design_supply_t_c.size() == n &&
                     b.existing_option.size() == n && b.install_year.size() == n && b.sector.size() == n &&
                     (b.excluded_options.empty() || b.excluded_options.size() == n) &&
                     (b.ground_source_area.empty() || b.ground_source_area.size() == n),
                 "individual supply: every building column must have {} values", n);
  IndividualResult r;
  r.option.resize(n);
  r.kept_existing.resize(n);
  r.final_energy_kwh.resize(n);
  r.ambient_heat_kwh.resize(n);
  r.cost_eur_per_a.resize(n);
  r.lcoh_eur_per_mwh.resize(n);
  r.co2_kg_per_a.resize(n);
  const std::size_t blocks = (n + BLOCK - 1) / BLOCK;
  std::vector<econ::FinalEnergyBalance> block_balance(blocks);
  std::vector<std::size_t> block_replaced(blocks, 0), block_masked(blocks, 0), block_ignored(blocks, 0);
  twin::ParallelErrors errors;
  // Options a building may choose: allowed, heat pumps only up to the maximum supply temperature,
  // not excluded by its mask (unless the mask leaves nothing, then the mask is ignored).
  auto may_choose = [&](std::size_t i, std::size_t o, bool with_mask) {
    if (!settings_.allowed[o]) return false;
    if (options_[o].is_heat_pump && b.design_supply_t_c[i] > settings_.max_heat_pump_supply_t_c) return false;
    return !with_mask || b.excluded_options.empty() || ((b.excluded_options[i] >> o) & 1U) == 0;
  };
  auto mask_applies = [&](std::size_t i) {
    if (b.excluded_options.empty() || b.excluded_options[i] == 0) return false;
    for (std::size_t o = 0; o < INDIVIDUAL_OPTION_COUNT; ++o) {
      if (may_choose(i, o, true)) return true;
    }
    return false;
  };

  auto outcome = [&](std::size_t i, std::size_t o, bool with_capital) {
    const OptionData& d = options_[o];
    OptionOutcome out;
    const double heat = b.space_heat_kwh[i] + b.dhw_kwh[i];
    if (d.is_heat_pump) {
      const auto opt = static_cast<IndividualOption>(o);
      out.final_kwh =
          b.space_heat_kwh[i] / seasonal_cop_space(opt, b.design_supply_t_c[i]) + b.dhw_kwh[i] / seasonal_cop_dhw(opt);
      out.ambient_kwh = heat - out.final_kwh;
    } else {
      out.final_kwh = heat / d.efficiency;
    }
    const double capex = d.fixed_eur + d.per_kw_eur * b.peak_load_kw[i];
    out.cost_eur = out.final_kwh * d.price_eur_per_kwh * energy_factor_ +
                   (with_capital ? capex * d.capital_factor : capex * d.maintenance_share * maintenance_factor_);
    out.co2_kg = out.final_kwh * d.co2_kg_per_kwh;
    return out;
  };

#pragma omp parallel for schedule(static)
  for (std::size_t blk = 0; blk < blocks; ++blk) {
    errors.run(blk, [&] {
      econ::FinalEnergyBalance& balance = block_balance[blk];
      const std::size_t end = std::min(n, (blk + 1) * BLOCK);
      for (std::size_t i = blk * BLOCK; i < end; ++i) {
        const double heat = b.space_heat_kwh[i] + b.dhw_kwh[i];
        HEATTWIN_CHECK(b.space_heat_kwh[i] >= 0.0 && b.dhw_kwh[i] >= 0.0 && b.peak_load_kw[i] >= 0.0,
                       "individual supply: building {} has a negative demand or load", i);
        HEATTWIN_CHECK(b.sector[i] < econ::SECTOR_COUNT, "individual supply: building {} has sector {}", i,
                       b.sector[i]);
        const std::uint8_t existing = b.existing_option[i];
        HEATTWIN_CHECK(existing == NO_EXISTING_SYSTEM || existing < INDIVIDUAL_OPTION_COUNT,
                       "individual supply: building {} has unknown existing system {}", i, existing);
        bool kept = false;
        if (existing != NO_EXISTING_SYSTEM) {
          const int installed = b.install_year[i] > 0 ? b.install_year[i] : settings_.unknown_install_year;
          kept = installed + options_[existing].lifetime_a > settings_.year;
        }
        std::size_t chosen = existing;
        OptionOutcome best;
        if (kept) {
          best = outcome(i, existing, false);
        } else {
          best.cost_eur = std::numeric_limits<double>::infinity();
          const bool masked = mask_applies(i);
          if (masked) ++block_masked[blk];
          if (!masked && !b.excluded_options.empty() && b.excluded_options[i] != 0) ++block_ignored[blk];
          for (std::size_t o = 0; o < INDIVIDUAL_OPTION_COUNT; ++o) {
            if (!may_choose(i, o, masked)) continue;
            const OptionOutcome c = outcome(i, o, true);
            if (c.cost_eur < best.cost_eur) {
              best = c;
              chosen = o;
            }
          }
          HEATTWIN_CHECK(std::isfinite(best.cost_eur),
                         "individual supply: no allowed option for building {} (design supply {} °C; heat pumps only "
                         "up to {} °C): allow a boiler option",
                         i, b.design_supply_t_c[i], settings_.max_heat_pump_supply_t_c);
          if (existing != NO_EXISTING_SYSTEM) ++block_replaced[blk];
        }
        r.option[i] = static_cast<std::uint8_t>(chosen);
        r.kept_existing[i] = kept ? 1 : 0;
        r.final_energy_kwh[i] = best.final_kwh;
        r.ambient_heat_kwh[i] = best.ambient_kwh;
        r.cost_eur_per_a[i] = best.cost_eur;
        r.lcoh_eur_per_mwh[i] = heat > 0.0 ? best.cost_eur / heat * 1e3 : 0.0;
        r.co2_kg_per_a[i] = best.co2_kg;
        const auto sector = static_cast<econ::Sector>(b.sector[i]);
        balance.add(CARRIERS[chosen], sector, best.final_kwh * 1e-3);
        if (best.ambient_kwh > 0.0) balance.add(econ::Carrier::ambient_heat, sector, best.ambient_kwh * 1e-3);
      }
    });
  }
  errors.rethrow_first();
  for (std::size_t blk = 0; blk < blocks; ++blk) {
    r.balance += block_balance[blk];
    r.replaced += block_replaced[blk];
    r.chosen_with_exclusions += block_masked[blk];
    r.exclusions_ignored += block_ignored[blk];
  }
  // Ground-source areas: per area, while the ground heat pumps drawing on it need more ambient heat
  // than its capacity, the new one with the smallest extra cost of its best alternative (an allowed
  // option other than a ground heat pump and other than a limited carrier) switches to it. Serial
  // and in (extra cost, index) order: deterministic.
  const auto ground = static_cast<std::size_t>(IndividualOption::ground_heat_pump);
  const std::vector<double>& ground_capacity = settings_.ground_source_capacity_mwh_per_a;
  const auto area_of = [&](std::size_t i) {
    return b.ground_source_area.empty() ? NO_POTENTIAL_AREA : b.ground_source_area[i];
  };
  // A planned switch of one building to its best alternative, cheapest first (ties by index), and
  // its application; both potential caps below plan and apply their switches this way.
  struct Move {
    double extra_cost_eur;
    std::size_t building, option;
    OptionOutcome outcome;
  };
  const auto cheapest_first = [](const Move& x, const Move& y) {
    return x.extra_cost_eur != y.extra_cost_eur ? x.extra_cost_eur < y.extra_cost_eur : x.building < y.building;
  };
  const auto apply_move = [&](const Move& m) {
    const std::size_t i = m.building;
    const double heat = b.space_heat_kwh[i] + b.dhw_kwh[i];
    r.option[i] = static_cast<std::uint8_t>(m.option);
    r.final_energy_kwh[i] = m.outcome.final_kwh;
    r.ambient_heat_kwh[i] = m.outcome.ambient_kwh;
    r.cost_eur_per_a[i] = m.outcome.cost_eur;
    r.lcoh_eur_per_mwh[i] = heat > 0.0 ? m.outcome.cost_eur / heat * 1e3 : 0.0;
    r.co2_kg_per_a[i] = m.outcome.co2_kg;
  };
  bool switched = false;
  if (!ground_capacity.empty()) {
    r.ground_source_used_mwh.assign(ground_capacity.size(), 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t a = area_of(i);
      HEATTWIN_CHECK(a == NO_POTENTIAL_AREA || a < ground_capacity.size(),
                     "individual supply: building {} draws on ground-source area {} of {}", i, a,
                     ground_capacity.size());
      if (a != NO_POTENTIAL_AREA && r.option[i] == ground) r.ground_source_used_mwh[a] += r.ambient_heat_kwh[i] * 1e-3;
    }
    std::vector<Move> moves;
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t a = area_of(i);
      if (a == NO_POTENTIAL_AREA || r.kept_existing[i] != 0 || r.option[i] != ground ||
          !(r.ground_source_used_mwh[a] > ground_capacity[a])) {
        continue;
      }
      Move best{std::numeric_limits<double>::infinity(), i, 0, {}};
      for (std::size_t o = 0; o < INDIVIDUAL_OPTION_COUNT; ++o) {
        if (o == ground || CARRIERS[o] == econ::Carrier::biomass || CARRIERS[o] == econ::Carrier::hydrogen ||
            !may_choose(i, o, mask_applies(i))) {
          continue;
        }
        const OptionOutcome c = outcome(i, o, true);
        if (c.cost_eur - r.cost_eur_per_a[i] < best.extra_cost_eur) best = {c.cost_eur - r.cost_eur_per_a[i], i, o, c};
      }
      if (std::isfinite(best.extra_cost_eur)) moves.push_back(best);
    }
    std::sort(moves.begin(), moves.end(), cheapest_first);
    for (const Move& m : moves) {
      const std::size_t i = m.building;
      const std::uint32_t a = area_of(i);
      if (r.ground_source_used_mwh[a] <= ground_capacity[a]) continue;
      r.ground_source_used_mwh[a] -= r.ambient_heat_kwh[i] * 1e-3;
      apply_move(m);
      ++r.switched_for_ground_source_potential;
      switched = true;
    }
    for (std::size_t a = 0; a < ground_capacity.size(); ++a) {
      r.ground_source_above_potential_mwh += std::max(0.0, r.ground_source_used_mwh[a] - ground_capacity[a]);
    }
  }
  // A ground heat pump as the alternative of a building moved off a scarce carrier only where its
  // area has room left for it.
  const auto ground_has_room = [&](std::size_t i, const OptionOutcome& c) {
    const std::uint32_t a = area_of(i);
    return a == NO_POTENTIAL_AREA || ground_capacity.empty() ||
           r.ground_source_used_mwh[a] + c.ambient_kwh * 1e-3 <= ground_capacity[a];
  };
  // Potentials of the scarce carriers: while the run needs more than the potential, the new
  // system with the smallest extra cost of its best alternative (an allowed option of an
  // unlimited carrier) switches to it. Serial and in (extra cost, index) order: deterministic.
  auto limited = [](econ::Carrier c) { return c == econ::Carrier::biomass || c == econ::Carrier::hydrogen; };
  struct Limit {
    econ::Carrier carrier;
    double potential_mwh;
    std::size_t* switched;
    double* above_mwh;
  };
  for (const Limit& limit : {Limit{econ::Carrier::biomass, settings_.biomass_potential_mwh_per_a,
                                   &r.switched_for_biomass_potential, &r.biomass_above_potential_mwh},
                             Limit{econ::Carrier::hydrogen, settings_.hydrogen_potential_mwh_per_a,
                                   &r.switched_for_hydrogen_potential, &r.hydrogen_above_potential_mwh}}) {
    double need_mwh = r.balance.carrier_total_mwh(limit.carrier);
    if (!(need_mwh > limit.potential_mwh)) continue;
    std::vector<Move> moves;
    for (std::size_t i = 0; i < n; ++i) {
      if (r.kept_existing[i] != 0 || CARRIERS[r.option[i]] != limit.carrier) continue;
      Move best{std::numeric_limits<double>::infinity(), i, 0, {}};
      for (std::size_t o = 0; o < INDIVIDUAL_OPTION_COUNT; ++o) {
        if (limited(CARRIERS[o]) || !may_choose(i, o, mask_applies(i))) continue;
        const OptionOutcome c = outcome(i, o, true);
        if (o == ground && !ground_has_room(i, c)) continue;
        if (c.cost_eur - r.cost_eur_per_a[i] < best.extra_cost_eur) best = {c.cost_eur - r.cost_eur_per_a[i], i, o, c};
      }
      if (std::isfinite(best.extra_cost_eur)) moves.push_back(best);
    }
    std::sort(moves.begin(), moves.end(), cheapest_first);
    for (const Move& m : moves) {
      if (need_mwh <= limit.potential_mwh) break;
      const std::size_t i = m.building;
      if (m.option == ground) {  // the area may have filled up since the move was planned
        if (!ground_has_room(i, m.outcome)) continue;
        if (!ground_capacity.empty() && area_of(i) != NO_POTENTIAL_AREA) {
          r.ground_source_used_mwh[area_of(i)] += m.outcome.ambient_kwh * 1e-3;
        }
      }
      need_mwh -= r.final_energy_kwh[i] * 1e-3;
      apply_move(m);
      ++*limit.switched;
      switched = true;
    }
    *limit.above_mwh = std::max(0.0, need_mwh - limit.potential_mwh);
  }
  if (switched) {  // the balance again, serially in building order
    r.balance = {};
    for (std::size_t i = 0; i < n; ++i) {
      const auto sector = static_cast<econ::Sector>(b.sector[i]);
      r.balance.add(CARRIERS[r.option[i]], sector, r.final_energy_kwh[i] * 1e-3);
      if (r.ambient_heat_kwh[i] > 0.0) r.balance.add(econ::Carrier::ambient_heat, sector, r.ambient_heat_kwh[i] * 1e-3);
    }
  }
  return r;
}

}  // namespace heattwin::solvers::supply
