#include "viz/region_comparison.hpp"

#include "twin/error.hpp"
#include "twin/h5.hpp"
#include "twin/indicators.hpp"
#include "twin/results_format.hpp"
#include "twin/twin.hpp"
#include "twin/types.hpp"
#include "viz/heat_plan_report.hpp"
#include "viz/maps.hpp"
#include "viz/report.hpp"
#include "viz/state_plausibility.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <iterator>
#include <limits>
#include <map>
#include <numeric>
#include <set>

namespace heattwin::viz {
namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

double ratio(double num, double den) { return den > 0.0 ? num / den : NaN; }

double total_final_energy(const RegionSums& s) { return twin::final_energy_mwh(s.final_energy_mwh_per_a); }

using ValueFn = std::function<double(const RegionSums&)>;

struct Column {
  Indicator indicator;
  ValueFn value;
};

/// The one table of indicators: definition and formula side by side. Carriers and supply-area
/// types are named by the heat plan report's words (carrier_text, supply_area_type_text).
std::vector<Column> columns(const Availability& available) {
  const auto& carriers = available.carriers;
  auto heat = [](const RegionSums& s) {
    return twin::heat_demand_mwh(s.space_heating_mwh_per_a, s.hot_water_mwh_per_a);
  };
  auto per_inhabitant = [](double v, const RegionSums& s) { return ratio(v, static_cast<double>(s.population)); };
  auto per_building = [](double v, const RegionSums& s) { return ratio(v, static_cast<double>(s.buildings)); };
  // The heat columns hold the run's demand basis (year_sums): the same keys, the label says
  // which figure it is (expected consumption = "erwarteter Verbrauch", docs/DEMAND.md).
  const bool expected = available.demand_basis == "expected_consumption";
  const std::string heat_de = expected ? "Wärmeverbrauch, erwartet" : "Wärmebedarf";
  const std::string heat_en = expected ? "heat consumption, expected" : "heat demand";
  std::vector<Column> c{
      {{"heated_floor_area_m2", "m²", "beheizte Fläche", 0, true, false, "heated floor area"},
       [](const RegionSums& s) { return s.heated_floor_area_m2; }},
      {{"heat_demand_mwh_per_a", "MWh/a", heat_de + " (Raumwärme + Warmwasser)", 1, true, false,
        heat_en + " (space heating + hot water)"},
       heat},
      {{"space_heating_mwh_per_a", "MWh/a", expected ? "Raumwärme, erwarteter Verbrauch" : "Raumwärmebedarf", 1, true,
        false, expected ? "space heating, expected consumption" : "space heating demand"},
       [](const RegionSums& s) { return s.space_heating_mwh_per_a; }},
      {{"hot_water_mwh_per_a", "MWh/a", expected ? "Warmwasser, erwarteter Verbrauch" : "Warmwasserbedarf", 1, true,
        false, expected ? "hot water, expected consumption" : "hot water demand"},
       [](const RegionSums& s) { return s.hot_water_mwh_per_a; }},
      {{"heat_demand_kwh_per_inhabitant", "kWh/(EW·a)", heat_de + " je Einwohner", 1, false, true,
        heat_en + " per inhabitant"},
       [heat, per_inhabitant](const RegionSums& s) { return 1000.0 * per_inhabitant(heat(s), s); }},
      {{"heat_demand_kwh_per_m2", "kWh/(m²·a)", heat_de + " je m² beheizte Fläche", 1, false, true,
        heat_en + " per m² heated floor area"},
       [heat](const RegionSums& s) { return 1000.0 * ratio(heat(s), s.heated_floor_area_m2); }},
      {{"heat_demand_mwh_per_building", "MWh/(Geb.·a)", heat_de + " je Gebäude", 2, false, true,
        heat_en + " per building"},
       [heat, per_building](const RegionSums& s) { return per_building(heat(s), s); }},
  };
  if (!carriers.empty()) {
    for (std::size_t k = 0; k < carriers.size(); ++k) {
      c.push_back({{fmt::format("final_energy_{}_mwh_per_a", carriers[k]), "MWh/a",
                    fmt::format("Endenergie {}", carrier_text(carriers[k], Lang::de)), 1, true, false,
                    fmt::format("final energy, {}", carrier_text(carriers[k], Lang::en))},
                   [k](const RegionSums& s) {
                     return k < s.final_energy_mwh_per_a.size() ? s.final_energy_mwh_per_a[k] : NaN;
                   }});
    }
    c.push_back({{"final_energy_mwh_per_a", "MWh/a", "Endenergie gesamt (inkl. Umweltwärme)", 1, true, false,
                  "final energy, total (ambient heat included)"},
                 total_final_energy});
    c.push_back({{"final_energy_kwh_per_inhabitant", "kWh/(EW·a)", "Endenergie je Einwohner", 1, false, true,
                  "final energy per inhabitant"},
                 [per_inhabitant](const RegionSums& s) { return 1000.0 * per_inhabitant(total_final_energy(s), s); }});
    c.push_back({{"final_energy_kwh_per_m2", "kWh/(m²·a)", "Endenergie je m² beheizte Fläche", 1, false, true,
                  "final energy per m² heated floor area"},
                 [](const RegionSums& s) { return 1000.0 * ratio(total_final_energy(s), s.heated_floor_area_m2); }});
    c.push_back(
        {{"renewable_share", "1", "Anteil erneuerbarer Energieträger und Abwärme an der Endenergie", 4, false, true,
          "renewable and waste-heat share of the final energy"},
         // Renewable share by its one definition (twin/indicators.hpp), as the run's indicators.
         [carriers](const RegionSums& s) { return twin::renewable_share(carriers, s.final_energy_mwh_per_a); }});
  }
  if (available.has_co2) {
    c.push_back({{"co2_t_per_a", "t/a", "CO2-Emissionen", 1, true, false, "CO2 emissions"},
                 [](const RegionSums& s) { return s.co2_t_per_a; }});
    c.push_back({{"co2_kg_per_inhabitant", "kg/(EW·a)", "CO2 je Einwohner", 1, false, true, "CO2 per inhabitant"},
                 [per_inhabitant](const RegionSums& s) { return 1000.0 * per_inhabitant(s.co2_t_per_a, s); }});
    c.push_back(
        {{"co2_kg_per_m2", "kg/(m²·a)", "CO2 je m² beheizte Fläche", 2, false, true, "CO2 per m² heated floor area"},
         [](const RegionSums& s) { return 1000.0 * ratio(s.co2_t_per_a, s.heated_floor_area_m2); }});
    c.push_back({{"co2_t_per_building", "t/(Geb.·a)", "CO2 je Gebäude", 3, false, true, "CO2 per building"},
                 [per_building](const RegionSums& s) { return per_building(s.co2_t_per_a, s); }});
  }
  if (available.has_supply_areas) {
    for (std::size_t k = 0; k < SUPPLY_AREA_TYPES.size(); ++k) {
      c.push_back({{fmt::format("share_buildings_{}", SUPPLY_AREA_TYPES[k]), "1",
                    fmt::format("Anteil Gebäude im voraussichtlichen Wärmeversorgungsgebiet: {}",
                                supply_area_type_text(SUPPLY_AREA_TYPES[k], Lang::de)),
                    4, false, true,
                    fmt::format("share of buildings in the expected supply area: {}",
                                supply_area_type_text(SUPPLY_AREA_TYPES[k], Lang::en))},
                   [k, per_building](const RegionSums& s) {
                     return per_building(static_cast<double>(s.supply_area_buildings[k]), s);
                   }});
    }
  }
  if (available.has_networks) {
    c.push_back({{"network_route_length_m", "m", "Trassenlänge der Wärmenetze", 0, true, false,
                  "route length of the heat networks"},
                 [](const RegionSums& s) { return s.network_route_length_m; }});
    c.push_back({{"network_heat_line_density_mwh_per_ma", "MWh/(m·a)", "Wärmeliniendichte der Wärmenetze", 2, false,
                  true, "heat line density of the heat networks"},
                 [](const RegionSums& s) { return ratio(s.network_delivered_mwh_per_a, s.network_route_length_m); }});
    // Weighted by heat sold: the networks' annuities over their heat sold (VDI 2067).
    c.push_back({{"network_lcoh_eur_per_mwh", "€/MWh", "Wärmegestehungskosten der Wärmenetze (VDI 2067)", 1, false,
                  true, "levelised cost of heat of the heat networks (VDI 2067)"},
                 [](const RegionSums& s) { return ratio(s.network_cost_eur_per_a, s.network_heat_sold_mwh_per_a); }});
  }
  if (available.has_costs) {
    c.push_back({{"supply_cost_eur_per_a", "€/a", "Jahreskosten der Wärmeversorgung (Annuitäten VDI 2067)", 0, true,
                  false, "annual cost of the heat supply (VDI 2067 annuities)"},
                 [](const RegionSums& s) { return s.supply_cost_eur_per_a; }});
    c.push_back({{"lcoh_eur_per_mwh", "€/MWh", "Wärmegestehungskosten (Jahreskosten je MWh Nutzwärme)", 1, false, true,
                  "levelised cost of heat (annual cost per MWh of useful heat)"},
                 [](const RegionSums& s) { return ratio(s.supply_cost_eur_per_a, s.supply_cost_heat_mwh_per_a); }});
    c.push_back({{"supply_cost_eur_per_inhabitant", "€/(EW·a)", "Jahreskosten der Wärmeversorgung je Einwohner", 1,
                  false, true, "annual cost of the heat supply per inhabitant"},
                 [per_inhabitant](const RegionSums& s) { return per_inhabitant(s.supply_cost_eur_per_a, s); }});
    c.push_back({{"supply_cost_eur_per_m2", "€/(m²·a)", "Jahreskosten der Wärmeversorgung je m² beheizte Fläche", 2,
                  false, true, "annual cost of the heat supply per m² heated floor area"},
                 [](const RegionSums& s) { return ratio(s.supply_cost_eur_per_a, s.heated_floor_area_m2); }});
    c.push_back({{"supply_cost_eur_per_building", "€/(Geb.·a)", "Jahreskosten der Wärmeversorgung je Gebäude", 0, false,
                  true, "annual cost of the heat supply per building"},
                 [per_building](const RegionSums& s) { return per_building(s.supply_cost_eur_per_a, s); }});
  }
  if (available.has_investment) {
    auto period = [](const RegionSums& s) { return s.investment_network_eur + s.investment_individual_eur; };
    c.push_back({{"investment_network_eur", "€",
                  "Investitionen Wärmenetze im Zeitraum (Erzeugung, Leitungen, "
                  "Hausanschlüsse)",
                  0, true, false, "investment in heat networks in the period (plants, pipes, house connections)"},
                 [](const RegionSums& s) { return s.investment_network_eur; }});
    c.push_back({{"investment_individual_eur", "€", "Investitionen Einzelheizungen im Zeitraum", 0, true, false,
                  "investment in individual systems in the period"},
                 [](const RegionSums& s) { return s.investment_individual_eur; }});
    c.push_back({{"investment_eur", "€", "Investitionen im Zeitraum (ohne Sanierung)", 0, true, false,
                  "investment in the period (refurbishment not included)"},
                 period});
    c.push_back({{"investment_eur_per_inhabitant", "€/EW", "Investitionen im Zeitraum je Einwohner", 1, false, true,
                  "investment in the period per inhabitant"},
                 [period, per_inhabitant](const RegionSums& s) { return per_inhabitant(period(s), s); }});
    c.push_back({{"investment_eur_per_m2", "€/m²", "Investitionen im Zeitraum je m² beheizte Fläche", 2, false, true,
                  "investment in the period per m² heated floor area"},
                 [period](const RegionSums& s) { return ratio(period(s), s.heated_floor_area_m2); }});
    c.push_back({{"investment_eur_per_building", "€/Geb.", "Investitionen im Zeitraum je Gebäude", 0, false, true,
                  "investment in the period per building"},
                 [period, per_building](const RegionSums& s) { return per_building(period(s), s); }});
    c.push_back({{"investment_cumulative_eur", "€", "Investitionen seit dem ersten Jahr (ohne Sanierung)", 0, true,
                  false, "investment since the first year (refurbishment not included)"},
                 [](const RegionSums& s) { return s.investment_cumulative_eur; }});
    c.push_back({{"investment_cumulative_eur_per_inhabitant", "€/EW", "Investitionen seit dem ersten Jahr je Einwohner",
                  1, false, true, "investment since the first year per inhabitant"},
                 [per_inhabitant](const RegionSums& s) { return per_inhabitant(s.investment_cumulative_eur, s); }});
  }
  return c;
}

void add_to(RegionSums& into, const RegionSums& s) {
  into.population += s.population;
  into.buildings += s.buildings;
  into.heated_floor_area_m2 += s.heated_floor_area_m2;
  into.space_heating_mwh_per_a += s.space_heating_mwh_per_a;
  into.hot_water_mwh_per_a += s.hot_water_mwh_per_a;
  if (into.final_energy_mwh_per_a.size() < s.final_energy_mwh_per_a.size()) {
    into.final_energy_mwh_per_a.resize(s.final_energy_mwh_per_a.size(), 0.0);
  }
  for (std::size_t k = 0; k < s.final_energy_mwh_per_a.size(); ++k)
    into.final_energy_mwh_per_a[k] += s.final_energy_mwh_per_a[k];
  into.co2_t_per_a += s.co2_t_per_a;
  for (std::size_t k = 0; k < s.supply_area_buildings.size(); ++k)
    into.supply_area_buildings[k] += s.supply_area_buildings[k];
  into.network_route_length_m += s.network_route_length_m;
  into.network_delivered_mwh_per_a += s.network_delivered_mwh_per_a;
  into.network_heat_sold_mwh_per_a += s.network_heat_sold_mwh_per_a;
  into.network_cost_eur_per_a += s.network_cost_eur_per_a;
  into.supply_cost_eur_per_a += s.supply_cost_eur_per_a;
  into.supply_cost_heat_mwh_per_a += s.supply_cost_heat_mwh_per_a;
  into.investment_network_eur += s.investment_network_eur;
  into.investment_individual_eur += s.investment_individual_eur;
  into.investment_cumulative_eur += s.investment_cumulative_eur;
}

/// Carrier names of /results/<scenario>/<year>/final_energy/carrier (the column order of the
/// regions' final_energy_mwh); empty when the group is missing.
std::vector<std::string> read_carriers(const Results& r) {
  const h5::File file = h5::File::open_checked(r.path, twin::RESULTS_FILE);
  const h5::Group results = file.root().open_group("results");
  const h5::Group year = results.open_group(r.scenario).open_group(std::to_string(r.year));
  if (!year.is_group("final_energy")) return {};
  const h5::Group fe = year.open_group("final_energy");
  if (!fe.has("carrier")) return {};
  return fe.read_strings("carrier");
}

/// The municipality of a per-municipality network's warning: the AGS after the last '_' of its
/// name (`<name>_<AGS>`, scenarios/municipal_networks.hpp) when the twin knows it.
void set_warning_municipality(ResultWarning& w, const twin::Twin& twin) {
  const auto pos = w.object_id.rfind('_');
  if (pos == std::string::npos) return;
  const std::string ags = w.object_id.substr(pos + 1);
  const auto m = twin.regions.find_municipality(ags);
  if (!m) return;
  w.ags = ags;
  w.municipality = twin.regions.municipalities[*m].name;
}

/// /…/<year>/warnings as rows (docs/results-schema.md; columns that are missing stay empty).
std::vector<ResultWarning> read_warnings(const h5::Group& year, const Results& r, const twin::Twin& twin) {
  const h5::Group g = year.open_group("warnings");
  if (!g.has("code")) return {};
  const auto code = g.read_strings("code");
  auto strings = [&](const char* name) {
    auto v = g.has(name) ? g.read_strings(name) : std::vector<std::string>();
    v.resize(code.size());
    return v;
  };
  auto numbers = [&](const char* name) {
    auto v = g.has(name) ? g.read<double>(name) : std::vector<double>();
    v.resize(code.size(), NaN);
    return v;
  };
  const auto severity = strings("severity"), object = strings("object_id"), unit = strings("unit"),
             message = strings("message");
  const auto value = numbers("value"), limit = numbers("limit");
  std::vector<ResultWarning> out(code.size());
  for (std::size_t k = 0; k < code.size(); ++k) {
    ResultWarning& w = out[k];
    w.year = r.year;
    w.code = code[k];
    w.severity = severity[k];
    w.object_id = object[k];
    w.value = value[k];
    w.limit = limit[k];
    w.unit = unit[k];
    w.message = message[k];
    set_warning_municipality(w, twin);
  }
  return out;
}

RegionTable make_table(std::vector<RegionSums> sums, const std::vector<Column>& cols, std::size_t privacy_min) {
  RegionTable t;
  const std::size_t n_ind = cols.size();
  for (auto& s : sums) {
    RegionRow row;
    row.withheld = s.buildings < privacy_min;
    row.values.assign(n_ind, NaN);
    if (!row.withheld) {
      for (std::size_t i = 0; i < n_ind; ++i) row.values[i] = cols[i].value(s);
    }
    row.rank.assign(n_ind, 0);
    row.outlier.assign(n_ind, 0);
    row.sums = std::move(s);
    t.rows.push_back(std::move(row));
  }
  t.spread.resize(n_ind);
  std::vector<double> column(t.rows.size());
  for (std::size_t i = 0; i < n_ind; ++i) {
    for (std::size_t r = 0; r < t.rows.size(); ++r) column[r] = t.rows[r].values[i];
    const auto rank = ranks_descending(column);
    const auto flags =
        cols[i].indicator.specific ? robust_outliers(column) : std::vector<std::uint8_t>(column.size(), 0);
    std::vector<double> finite;
    for (double v : column) {
      if (std::isfinite(v)) finite.push_back(v);
    }
    std::ranges::sort(finite);
    Spread& sp = t.spread[i];
    sp.count = finite.size();
    sp.min = finite.empty() ? NaN : finite.front();
    sp.max = finite.empty() ? NaN : finite.back();
    sp.p10 = quantile_sorted(finite, 0.1);
    sp.median = quantile_sorted(finite, 0.5);
    sp.p90 = quantile_sorted(finite, 0.9);
    std::vector<double> dev;
    for (double v : finite) dev.push_back(std::fabs(v - sp.median));
    std::ranges::sort(dev);
    sp.mad = dev.empty() ? NaN : quantile_sorted(dev, 0.5);
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      t.rows[r].rank[i] = rank[r];
      t.rows[r].outlier[i] = flags[r];
      sp.outliers += flags[r];
    }
  }
  return t;
}

}  // namespace

double quantile_sorted(std::span<const double> sorted, double q) {
  if (sorted.empty()) return NaN;
  const double h = (static_cast<double>(sorted.size()) - 1.0) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted.back();
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

std::vector<std::uint32_t> ranks_descending(std::span<const double> values) {
  std::vector<std::uint32_t> rank(values.size(), 0);
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) continue;
    std::uint32_t larger = 0;
    for (double v : values) {
      if (std::isfinite(v) && v > values[i]) ++larger;
    }
    rank[i] = larger + 1;
  }
  return rank;
}

std::vector<std::uint8_t> robust_outliers(std::span<const double> values) {
  std::vector<std::uint8_t> flags(values.size(), 0);
  std::vector<double> finite;
  for (double v : values) {
    if (std::isfinite(v)) finite.push_back(v);
  }
  if (finite.empty()) return flags;
  std::ranges::sort(finite);
  const double median = quantile_sorted(finite, 0.5);
  std::vector<double> dev;
  for (double v : finite) dev.push_back(std::fabs(v - median));
  std::ranges::sort(dev);
  const double mad = quantile_sorted(dev, 0.5);
  if (!(mad > 0.0)) return flags;
  const double limit = OUTLIER_MAD_FACTOR * MAD_TO_SIGMA * mad;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isfinite(values[i]) && std::fabs(values[i] - median) > limit) flags[i] = 1;
  }
  return flags;
}

std::string indicator_label(const Indicator& indicator, Lang lang) {
  const std::string& label = lang == Lang::de ? indicator.label_de : indicator.label_en;
  return label.empty() ? indicator.key : label;
}

std::vector<Indicator> region_indicators(const Availability& available) {
  std::vector<Indicator> out;
  for (const auto& c : columns(available)) out.push_back(c.indicator);
  return out;
}

std::vector<double> indicator_values(const RegionSums& sums, const Availability& available) {
  std::vector<double> out;
  for (const auto& c : columns(available)) out.push_back(c.value(sums));
  return out;
}

YearSums year_sums(const Results& results, const twin::Twin& twin) {
  YearSums y;
  y.year = results.year;
  const auto& regions = twin.regions;
  y.municipalities.resize(regions.municipalities.size());
  for (std::size_t m = 0; m < regions.municipalities.size(); ++m) {
    const auto& src = regions.municipalities[m];
    RegionSums& s = y.municipalities[m];
    s.ags = src.ags;
    s.name = src.name;
    s.population = src.population;
    if (src.kreis != NO_INDEX && src.kreis < regions.kreise.size()) {
      s.kreis_ags = regions.kreise[src.kreis].ags;
      s.kreis_name = regions.kreise[src.kreis].name;
    }
  }
  y.outside.name = "outside every municipality";
  const auto rows = building_twin_rows(results, twin);
  const auto& area = results.buildings.column("heated_floor_area_m2");
  // Heat on the run's demand basis (twin/indicators.hpp): the figure heat plans, networks and
  // CO2 of the same run use (expected consumption by default, issue 23).
  const BasisHeatColumns basis = basis_heat_columns(results);
  y.demand_basis = basis.expected_consumption ? "expected_consumption" : "standard_demand";
  const auto& heating = *basis.heating_kwh;
  const std::vector<double>* hot_water = basis.hot_water_kwh;
  // Type of each classified cell, by the twin's cell index (cells are matched by INSPIRE id).
  std::vector<int> cell_type(twin.grid.size(), -1);
  const ResultsTable& sa = results.supply_areas;
  y.has_supply_areas = sa.rows() > 0 && sa.text.contains("type");
  if (y.has_supply_areas) {
    std::map<std::string, int> type_of_id;
    const auto& types = sa.strings("type");
    for (std::size_t r = 0; r < sa.rows(); ++r) {
      const auto it = std::ranges::find_if(SUPPLY_AREA_TYPES, [&](const char* t) { return types[r] == t; });
      HEATTWIN_CHECK(it != SUPPLY_AREA_TYPES.end(), "{}/type: '{}' of cell {} is not a supply-area type", sa.where,
                     types[r], sa.id[r]);
      type_of_id[sa.id[r]] = static_cast<int>(it - SUPPLY_AREA_TYPES.begin());
    }
    for (std::size_t k = 0; k < cell_type.size(); ++k) {
      const auto it = type_of_id.find(twin.grid.cell_id(k));
      if (it != type_of_id.end()) cell_type[k] = it->second;
    }
  }
  // The run's LCOH of each building's supply: its annuity over its useful heat (supply stage).
  const auto cost_it = results.buildings.columns.find("supply_cost_eur_per_a");
  y.has_costs = cost_it != results.buildings.columns.end();
  const std::vector<double>* cost = y.has_costs ? &cost_it->second : nullptr;
  for (std::size_t b = 0; b < rows.size(); ++b) {
    const std::uint32_t m = twin.buildings.municipality[rows[b]];
    RegionSums& s = m < y.municipalities.size() ? y.municipalities[m] : y.outside;
    if (cost != nullptr && std::isfinite((*cost)[b])) {
      s.supply_cost_eur_per_a += (*cost)[b];
      const double hw = hot_water != nullptr && std::isfinite((*hot_water)[b]) ? (*hot_water)[b] : 0.0;
      s.supply_cost_heat_mwh_per_a += ((std::isfinite(heating[b]) ? heating[b] : 0.0) + hw) / 1000.0;
    }
    s.buildings += 1;
    const std::uint32_t cell = twin.buildings.grid_cell[rows[b]];
    if (cell < cell_type.size() && cell_type[cell] >= 0)
      s.supply_area_buildings[static_cast<std::size_t>(cell_type[cell])] += 1;
    if (std::isfinite(area[b])) s.heated_floor_area_m2 += area[b];
    if (std::isfinite(heating[b])) s.space_heating_mwh_per_a += heating[b] / 1000.0;
    if (hot_water != nullptr && std::isfinite((*hot_water)[b])) s.hot_water_mwh_per_a += (*hot_water)[b] / 1000.0;
  }
  const ResultsTable& rt = results.regions;
  if (rt.matrices.contains("final_energy_mwh")) {
    y.carriers = read_carriers(results);
    const ResultsMatrix& fe = rt.matrix("final_energy_mwh");
    HEATTWIN_CHECK(fe.cols == y.carriers.size(), "{}/final_energy_mwh: {} columns, but final_energy/carrier names {}",
                   rt.where, fe.cols, y.carriers.size());
  }
  y.has_co2 = rt.columns.contains("co2_t");
  for (auto& s : y.municipalities) s.final_energy_mwh_per_a.assign(y.carriers.size(), 0.0);
  y.outside.final_energy_mwh_per_a.assign(y.carriers.size(), 0.0);
  for (std::size_t r = 0; r < rt.rows(); ++r) {
    RegionSums* s = &y.outside;
    if (!rt.id[r].empty()) {
      const auto m = regions.find_municipality(rt.id[r]);
      HEATTWIN_CHECK(m.has_value(), "{}: municipality '{}' is not in the twin (results of another twin? pass --twin)",
                     rt.where, rt.id[r]);
      s = &y.municipalities[*m];
    }
    for (std::size_t k = 0; k < y.carriers.size(); ++k) {
      const double v = rt.matrix("final_energy_mwh").at(r, k);
      if (std::isfinite(v)) s->final_energy_mwh_per_a[k] += v;
    }
    if (y.has_co2 && std::isfinite(rt.column("co2_t")[r])) s->co2_t_per_a += rt.column("co2_t")[r];
  }
  {  // Networks per municipality (scenarios/municipal_networks.hpp), by AGS.
    const h5::File file = h5::File::open_checked(results.path, twin::RESULTS_FILE);
    const h5::Group year =
        file.root().open_group("results").open_group(results.scenario).open_group(std::to_string(results.year));
    y.has_networks = year.is_group("municipal_networks");
    if (y.has_networks) {
      const h5::Group g = year.open_group("municipal_networks");
      const auto ags = g.read_strings("ags");
      const auto route = g.read<double>("route_length_m");
      const auto delivered = g.read<double>("delivered_mwh");
      const auto sold = g.read<double>("heat_sold_mwh");
      const auto lcoh = g.read<double>("lcoh_eur_per_mwh");
      HEATTWIN_CHECK(route.size() == ags.size() && delivered.size() == ags.size() && sold.size() == ags.size() &&
                         lcoh.size() == ags.size(),
                     "{}: /results/{}/{}/municipal_networks has {} AGS, {} route lengths, {} delivered heats, {} heats "
                     "sold and {} LCOH",
                     results.path, results.scenario, results.year, ags.size(), route.size(), delivered.size(),
                     sold.size(), lcoh.size());
      for (std::size_t r = 0; r < ags.size(); ++r) {
        const auto m = regions.find_municipality(ags[r]);
        HEATTWIN_CHECK(m.has_value(),
                       "{}: municipal_networks names municipality '{}', which is not in the twin (results of another "
                       "twin? pass --twin)",
                       results.path, ags[r]);
        y.municipalities[*m].network_route_length_m += route[r];
        y.municipalities[*m].network_delivered_mwh_per_a += delivered[r];
        if (std::isfinite(sold[r]) && std::isfinite(lcoh[r])) {  // NaN: the network had no supply
          y.municipalities[*m].network_heat_sold_mwh_per_a += sold[r];
          y.municipalities[*m].network_cost_eur_per_a += lcoh[r] * sold[r];
        }
      }
    }
    // Investment per municipality (scenarios/investment_results.hpp), by AGS.
    y.has_investment = year.is_group("investment") && year.open_group("investment").is_group("by_municipality");
    if (y.has_investment) {
      const h5::Group g = year.open_group("investment").open_group("by_municipality");
      const auto ags = g.read_strings("ags");
      const auto measure = g.read_strings("measure");
      const auto eur = g.read_flat_doubles("eur");
      HEATTWIN_CHECK(eur.size() == ags.size() * measure.size(),
                     "{}: /results/{}/{}/investment/by_municipality/eur has {} values for {} AGS × {} measures",
                     results.path, results.scenario, results.year, eur.size(), ags.size(), measure.size());
      for (std::size_t r = 0; r < ags.size(); ++r) {
        RegionSums* s = &y.outside;
        if (!ags[r].empty()) {
          const auto m = regions.find_municipality(ags[r]);
          HEATTWIN_CHECK(m.has_value(),
                         "{}: investment/by_municipality names municipality '{}', which is not in the twin (results "
                         "of another twin? pass --twin)",
                         results.path, ags[r]);
          s = &y.municipalities[*m];
        }
        for (std::size_t k = 0; k < measure.size(); ++k) {
          const double v = eur[r * measure.size() + k];
          if (!std::isfinite(v)) continue;  // refurbishment: no costs in the catalogue
          if (measure[k].starts_with("heat_network_")) {
            s->investment_network_eur += v;
          } else if (measure[k] == "individual_systems") {
            s->investment_individual_eur += v;
          }
        }
      }
    }
    if (year.is_group("warnings")) y.warnings = read_warnings(year, results, twin);
  }
  return y;
}

std::vector<RegionSums> kreis_sums(const std::vector<RegionSums>& municipalities) {
  std::vector<RegionSums> out;
  std::map<std::string, std::size_t> index;
  for (const auto& m : municipalities) {
    auto [it, inserted] = index.try_emplace(m.kreis_ags, out.size());
    if (inserted) {
      RegionSums k;
      k.ags = m.kreis_ags;
      k.name = m.kreis_name;
      k.final_energy_mwh_per_a.assign(m.final_energy_mwh_per_a.size(), 0.0);
      out.push_back(std::move(k));
    }
    add_to(out[it->second], m);
  }
  return out;
}

RegionComparison compare_regions(const std::string& path, const std::string& scenario, std::vector<YearSums> years,
                                 std::size_t privacy_min_buildings) {
  RegionComparison c;
  c.path = path;
  c.scenario = scenario;
  c.privacy_min_buildings = privacy_min_buildings;
  Availability& av = c.available;
  if (!years.empty()) {
    const YearSums& f = years.front();
    av.carriers = f.carriers;
    av.has_co2 = f.has_co2;
    av.has_supply_areas = f.has_supply_areas;
    av.has_networks = f.has_networks;
    av.has_costs = f.has_costs;
    av.has_investment = f.has_investment;
    av.demand_basis = f.demand_basis;
  }
  for (const auto& y : years) {
    HEATTWIN_CHECK(y.carriers == av.carriers && y.has_co2 == av.has_co2 && y.has_supply_areas == av.has_supply_areas &&
                       y.has_networks == av.has_networks && y.has_costs == av.has_costs &&
                       y.has_investment == av.has_investment,
                   "{}: year {} has other final-energy carriers, CO2, supply-area, network, cost or investment columns "
                   "than year {}",
                   path, y.year, years.front().year);
    HEATTWIN_CHECK(y.demand_basis == av.demand_basis,
                   "{}: year {} has the demand basis '{}', year {} '{}'; compare one basis ([demand] basis)", path,
                   y.year, y.demand_basis, years.front().year, av.demand_basis);
  }
  const auto cols = columns(av);
  for (const auto& col : cols) c.indicators.push_back(col.indicator);
  auto missing = [&c](std::string en, std::string de) {
    c.not_available.push_back(std::move(en));
    c.not_available_de.push_back(std::move(de));
  };
  if (av.carriers.empty()) {
    missing(
        "final energy by carrier and renewable share (the results have no regions/final_energy_mwh)",
        "Endenergie nach Energieträgern und erneuerbarer Anteil (die Ergebnisse haben kein regions/final_energy_mwh)");
  }
  if (!av.has_co2) missing("CO2 (the results have no regions/co2_t)", "CO2 (die Ergebnisse haben kein regions/co2_t)");
  if (!av.has_supply_areas) {
    missing("share of buildings per supply-area type (the results have no supply_areas)",
            "Anteil der Gebäude je voraussichtlichem Versorgungsgebiet (die Ergebnisse haben keine supply_areas)");
  }
  if (!av.has_costs) {
    missing("levelised cost of heat (the results have no buildings/supply_cost_eur_per_a)",
            "Wärmegestehungskosten (die Ergebnisse haben kein buildings/supply_cost_eur_per_a)");
  }
  if (!av.has_investment) {
    missing(
        "investment per municipality (the results have no investment/by_municipality: written by an older "
        "HeatTwin; run the scenario again)",
        "Investitionen je Gemeinde (die Ergebnisse haben kein investment/by_municipality: mit einer älteren "
        "HeatTwin-Version berechnet; Szenario erneut rechnen)");
  }
  // Investment since the first year: the periods added up in year order (municipalities in twin order).
  std::ranges::sort(years, {}, &YearSums::year);
  std::vector<double> cumulative;
  double cumulative_outside = 0.0;
  for (auto& y : years) {
    cumulative.resize(y.municipalities.size(), 0.0);
    for (std::size_t m = 0; m < y.municipalities.size(); ++m) {
      RegionSums& s = y.municipalities[m];
      cumulative[m] += s.investment_network_eur + s.investment_individual_eur;
      s.investment_cumulative_eur = cumulative[m];
    }
    cumulative_outside += y.outside.investment_network_eur + y.outside.investment_individual_eur;
    y.outside.investment_cumulative_eur = cumulative_outside;
    c.warnings.insert(c.warnings.end(), y.warnings.begin(), y.warnings.end());
  }
  for (auto& y : years) {
    YearComparison yc;
    yc.year = y.year;
    yc.state.name = "Sachsen-Anhalt";
    yc.state.final_energy_mwh_per_a.assign(av.carriers.size(), 0.0);
    for (const auto& m : y.municipalities) add_to(yc.state, m);
    add_to(yc.state, y.outside);
    yc.state_values = indicator_values(yc.state, av);
    yc.kreise = make_table(kreis_sums(y.municipalities), cols, privacy_min_buildings);
    yc.municipalities = make_table(std::move(y.municipalities), cols, privacy_min_buildings);
    c.years.push_back(std::move(yc));
  }
  return c;
}

std::vector<RegionDiff> diff_regions(const RegionComparison& a, const RegionComparison& b) {
  std::vector<std::pair<const YearComparison*, const YearComparison*>> pairs;
  for (const auto& ya : a.years) {
    for (const auto& yb : b.years) {
      if (ya.year == yb.year) pairs.emplace_back(&ya, &yb);
    }
  }
  if (pairs.empty()) {
    for (std::size_t k = 0; k < std::min(a.years.size(), b.years.size()); ++k)
      pairs.emplace_back(&a.years[k], &b.years[k]);
  }
  std::vector<std::pair<std::size_t, std::size_t>> ind;  // (index in a, index in b)
  for (std::size_t i = 0; i < a.indicators.size(); ++i) {
    for (std::size_t j = 0; j < b.indicators.size(); ++j) {
      if (a.indicators[i].key == b.indicators[j].key) ind.emplace_back(i, j);
    }
  }
  std::vector<RegionDiff> out;
  for (const auto& [ya, yb] : pairs) {
    auto level = [&](const RegionTable& ta, const RegionTable& tb, const char* name) {
      std::map<std::string, const RegionRow*> rows_b;
      for (const auto& r : tb.rows) rows_b[r.sums.ags] = &r;
      for (const auto& ra : ta.rows) {
        const auto it = rows_b.find(ra.sums.ags);
        if (it == rows_b.end()) continue;
        for (const auto& [i, j] : ind) {
          RegionDiff d;
          d.year_a = ya->year;
          d.year_b = yb->year;
          d.level = name;
          d.ags = ra.sums.ags;
          d.name = ra.sums.name;
          d.indicator = a.indicators[i].key;
          d.a = ra.values[i];
          d.b = it->second->values[j];
          d.diff = d.b - d.a;
          d.relative = std::isfinite(d.a) && d.a != 0.0 ? d.diff / std::fabs(d.a) : NaN;
          out.push_back(std::move(d));
        }
      }
    };
    level(ya->municipalities, yb->municipalities, "municipality");
    level(ya->kreise, yb->kreise, "kreis");
  }
  return out;
}

std::vector<WarningKind> warning_kinds(const RegionComparison& c) {
  std::vector<WarningKind> out;
  std::map<std::string, std::size_t> index;
  std::map<std::string, std::set<std::string>> municipalities;
  for (const auto& w : c.warnings) {
    auto [it, inserted] = index.try_emplace(w.code, out.size());
    if (inserted) {
      out.emplace_back();
      out.back().code = w.code;
      out.back().severity = w.severity;
    }
    WarningKind& k = out[it->second];
    ++k.count;
    if (k.count_by_year.empty() || k.count_by_year.back().first != w.year) {
      k.count_by_year.emplace_back(w.year, 0);
    }
    ++k.count_by_year.back().second;
    if (!w.ags.empty()) municipalities[w.code].insert(w.ags);
  }
  for (auto& k : out) {
    std::ranges::sort(k.count_by_year);
    // Years given out of order: merge equal years.
    std::vector<std::pair<int, std::size_t>> merged;
    for (const auto& [year, n] : k.count_by_year) {
      if (!merged.empty() && merged.back().first == year) {
        merged.back().second += n;
      } else {
        merged.emplace_back(year, n);
      }
    }
    k.count_by_year = std::move(merged);
    k.municipalities = municipalities[k.code].size();
  }
  return out;
}

std::string warning_code_text(std::string_view code, Lang lang) {
  struct Text {
    const char* code;
    const char* de;
    const char* en;
  };
  // The codes of scenarios/run_warnings.hpp (docs/SUPPLY.md "Warnings").
  static constexpr Text TEXTS[] = {
      {"NETWORK_VELOCITY_ABOVE_LIMIT", "Wärmenetz: Fließgeschwindigkeit über der Auslegungsgrenze",
       "heat network: flow velocity above the design limit"},
      {"NETWORK_PRESSURE_GRADIENT_ABOVE_LIMIT", "Wärmenetz: spezifisches Druckgefälle über der Auslegungsgrenze",
       "heat network: specific pressure drop above the design limit"},
      {"NETWORK_SUPPLY_T_BELOW_MIN", "Wärmenetz: Vorlauftemperatur bei Abnehmern unter dem Mindestwert",
       "heat network: supply temperature at consumers below the minimum"},
      {"NETWORK_UNCONVERGED_HOURS", "Wärmenetz: Hydraulik in einzelnen Stunden nicht konvergiert",
       "heat network: hydraulics not converged in some hours"},
      {"NETWORK_UNMET_LOAD", "Wärmenetz: Last von den Erzeugern nicht gedeckt",
       "heat network: load not met by the plants"},
      {"WPG_NETWORK_SHARE_BELOW_TARGET",
       "Wärmenetz: Anteil erneuerbarer Wärme und unvermeidbarer Abwärme unter dem Ziel (WPG §29/§31)",
       "heat network: renewable and waste-heat share below the target (WPG §29/§31)"},
      {"BIOMASS_POTENTIAL_EXCEEDED", "Biomassebedarf über dem Potenzial", "biomass need above the potential"},
      {"HYDROGEN_POTENTIAL_EXCEEDED", "Wasserstoffbedarf über dem Potenzial", "hydrogen need above the potential"},
  };
  for (const Text& t : TEXTS) {
    if (code == t.code) return tr(lang, t.de, t.en);
  }
  return std::string(code);
}

std::vector<std::string> warning_summary_lines(const RegionComparison& c, Lang lang) {
  std::vector<std::string> out;
  for (const auto& k : warning_kinds(c)) {
    std::vector<std::string> years;
    for (const auto& [year, n] : k.count_by_year) years.push_back(fmt::format("{}: {}", year, n));
    const bool one = k.count == 1, one_m = k.municipalities == 1;
    out.push_back(lang == Lang::de ? fmt::format("{}: {} Warnung{} in {} Gemeinde{} ({}) — {}", k.code, k.count,
                                                 one ? "" : "en", k.municipalities, one_m ? "" : "n",
                                                 fmt::join(years, ", "), warning_code_text(k.code, lang))
                                   : fmt::format("{}: {} warning{} in {} municipalit{} ({}) — {}", k.code, k.count,
                                                 one ? "" : "s", k.municipalities, one_m ? "y" : "ies",
                                                 fmt::join(years, ", "), warning_code_text(k.code, lang)));
  }
  return out;
}

// ---- rendering

std::string csv_number(double value, int decimals, Lang lang) {
  if (!std::isfinite(value)) return {};
  std::string s = fmt::format("{:.{}f}", value, std::max(decimals, 0));
  if (s.find_first_not_of("-0.") == std::string::npos && s.front() == '-') s.erase(0, 1);  // no "-0.0"
  if (lang == Lang::de) std::ranges::replace(s, '.', ',');
  return s;
}

namespace {

char separator(Lang lang) { return lang == Lang::de ? ';' : ','; }

/// A CSV field, quoted when it holds the separator, a quote or a line break.
std::string field(const std::string& text, Lang lang) {
  if (text.find_first_of(std::string{separator(lang), '"', '\n', '\r'}) == std::string::npos) return text;
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

std::string header(const Indicator& ind, Lang lang) {
  return lang == Lang::de ? fmt::format("{} [{}]", ind.label_de, ind.unit) : ind.key;
}

void append_row(std::string& out, const std::vector<std::string>& fields, Lang lang) {
  for (std::size_t k = 0; k < fields.size(); ++k) {
    if (k > 0) out += separator(lang);
    out += field(fields[k], lang);
  }
  out += "\r\n";
}

/// The flagged indicators of a row: keys (English, for scripts) or German labels joined by " | ".
std::string outlier_keys(const RegionComparison& c, const RegionRow& row, Lang lang) {
  std::string s;
  for (std::size_t i = 0; i < c.indicators.size(); ++i) {
    if (row.outlier[i] == 0) continue;
    if (!s.empty()) s += lang == Lang::de ? " | " : " ";
    s += lang == Lang::de ? c.indicators[i].label_de : c.indicators[i].key;
  }
  return s;
}

}  // namespace

std::string region_csv(const RegionComparison& c, bool kreise, Lang lang) {
  const bool de = lang == Lang::de;
  std::vector<std::string> head{de ? "Jahr" : "year", "AGS", de ? "Name" : "name"};
  if (!kreise) {
    head.emplace_back(de ? "Kreis-AGS" : "kreis_ags");
    head.emplace_back(de ? "Kreis" : "kreis_name");
  }
  head.emplace_back(de ? "Einwohner" : "population");
  head.emplace_back(de ? "Gebäude (berechnet)" : "buildings");
  head.emplace_back(de ? "gesperrt (Datenschutz)" : "withheld");
  for (const auto& ind : c.indicators) head.push_back(header(ind, lang));
  for (const auto& ind : c.indicators) {
    if (ind.specific) head.push_back(de ? fmt::format("Rang {}", ind.label_de) : "rank_" + ind.key);
  }
  head.emplace_back(de ? "Ausreißer" : "outliers");
  std::string out;
  append_row(out, head, lang);
  for (const auto& y : c.years) {
    for (const auto& row : (kreise ? y.kreise : y.municipalities).rows) {
      std::vector<std::string> f{std::to_string(y.year), row.sums.ags, row.sums.name};
      if (!kreise) {
        f.push_back(row.sums.kreis_ags);
        f.push_back(row.sums.kreis_name);
      }
      f.push_back(row.sums.population > 0 ? std::to_string(row.sums.population) : std::string());
      f.push_back(std::to_string(row.sums.buildings));
      f.emplace_back(row.withheld ? "1" : "0");
      for (std::size_t i = 0; i < c.indicators.size(); ++i)
        f.push_back(csv_number(row.values[i], c.indicators[i].decimals, lang));
      for (std::size_t i = 0; i < c.indicators.size(); ++i) {
        if (c.indicators[i].specific) f.push_back(row.rank[i] > 0 ? std::to_string(row.rank[i]) : std::string());
      }
      f.push_back(outlier_keys(c, row, lang));
      append_row(out, f, lang);
    }
  }
  return out;
}

std::string state_csv(const RegionComparison& c, Lang lang) {
  const bool de = lang == Lang::de;
  std::string out;
  append_row(out,
             de ? std::vector<std::string>{"Jahr", "Indikator", "Einheit", "Land", "Gemeinden (veröffentlicht)",
                                           "Minimum", "P10", "Median", "P90", "Maximum", "Ausreißer (Gemeinden)"}
                : std::vector<std::string>{"year", "indicator", "unit", "state", "municipalities", "min", "p10",
                                           "median", "p90", "max", "outliers"},
             lang);
  for (const auto& y : c.years) {
    for (std::size_t i = 0; i < c.indicators.size(); ++i) {
      const auto& ind = c.indicators[i];
      const auto& s = y.municipalities.spread[i];
      const int d = ind.decimals;
      append_row(out,
                 {std::to_string(y.year), de ? ind.label_de : ind.key, ind.unit, csv_number(y.state_values[i], d, lang),
                  std::to_string(s.count), csv_number(s.min, d, lang), csv_number(s.p10, d, lang),
                  csv_number(s.median, d, lang), csv_number(s.p90, d, lang), csv_number(s.max, d, lang),
                  std::to_string(s.outliers)},
                 lang);
    }
  }
  return out;
}

std::string diff_csv(const std::vector<RegionDiff>& diff, const RegionComparison& a, Lang lang) {
  const bool de = lang == Lang::de;
  std::map<std::string, const Indicator*> by_key;
  for (const auto& ind : a.indicators) by_key[ind.key] = &ind;
  std::string out;
  append_row(out,
             de ? std::vector<std::string>{"Jahr A", "Jahr B", "Ebene", "AGS", "Name", "Indikator", "Einheit", "A", "B",
                                           "B − A", "(B − A) / A [%]"}
                : std::vector<std::string>{"year_a", "year_b", "level", "ags", "name", "indicator", "unit", "a", "b",
                                           "diff", "relative_percent"},
             lang);
  for (const auto& d : diff) {
    const Indicator& ind = *by_key.at(d.indicator);
    const char* level = de ? (d.level == "kreis" ? "Kreis" : "Gemeinde") : d.level.c_str();
    append_row(out,
               {std::to_string(d.year_a), std::to_string(d.year_b), level, d.ags, d.name, de ? ind.label_de : ind.key,
                ind.unit, csv_number(d.a, ind.decimals, lang), csv_number(d.b, ind.decimals, lang),
                csv_number(d.diff, ind.decimals, lang), csv_number(100.0 * d.relative, 2, lang)},
               lang);
  }
  return out;
}

namespace {

nlohmann::ordered_json number(double v) {
  return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json table_json(const RegionComparison& c, const RegionTable& t) {
  auto rows = nlohmann::ordered_json::array();
  for (const auto& r : t.rows) {
    nlohmann::ordered_json j;
    j["ags"] = r.sums.ags;
    j["name"] = r.sums.name;
    if (!r.sums.kreis_ags.empty()) j["kreis_ags"] = r.sums.kreis_ags;
    j["population"] = r.sums.population;
    j["buildings"] = r.sums.buildings;
    j["withheld"] = r.withheld;
    nlohmann::ordered_json values, ranks;
    auto outliers = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < c.indicators.size(); ++i) {
      values[c.indicators[i].key] = number(r.values[i]);
      if (c.indicators[i].specific && r.rank[i] > 0) ranks[c.indicators[i].key] = r.rank[i];
      if (r.outlier[i] != 0) outliers.push_back(c.indicators[i].key);
    }
    j["values"] = values;
    j["ranks"] = ranks.is_null() ? nlohmann::ordered_json::object() : ranks;
    j["outliers"] = outliers;
    rows.push_back(std::move(j));
  }
  return rows;
}

nlohmann::ordered_json comparison_object(const RegionComparison& c) {
  nlohmann::ordered_json j;
  j["results"] = c.path;
  j["scenario"] = c.scenario;
  j["privacy_min_buildings"] = c.privacy_min_buildings;
  j["not_available"] = c.not_available;
  auto inds = nlohmann::ordered_json::array();
  for (const auto& i : c.indicators) {
    inds.push_back({{"key", i.key},
                    {"unit", i.unit},
                    {"label_de", i.label_de},
                    {"label_en", i.label_en},
                    {"additive", i.additive},
                    {"specific", i.specific}});
  }
  j["indicators"] = inds;
  auto kinds = nlohmann::ordered_json::array();
  for (const auto& k : warning_kinds(c)) {
    auto by_year = nlohmann::ordered_json::object();
    for (const auto& [year, n] : k.count_by_year) by_year[std::to_string(year)] = n;
    kinds.push_back({{"code", k.code},
                     {"severity", k.severity},
                     {"count", k.count},
                     {"municipalities", k.municipalities},
                     {"count_by_year", by_year}});
  }
  auto warnings = nlohmann::ordered_json::array();
  for (const auto& w : c.warnings) {
    warnings.push_back({{"year", w.year},
                        {"code", w.code},
                        {"severity", w.severity},
                        {"object_id", w.object_id},
                        {"ags", w.ags},
                        {"municipality", w.municipality},
                        {"value", number(w.value)},
                        {"limit", number(w.limit)},
                        {"unit", w.unit},
                        {"message", w.message}});
  }
  j["warning_kinds"] = kinds;
  j["warnings"] = warnings;
  auto years = nlohmann::ordered_json::array();
  for (const auto& y : c.years) {
    nlohmann::ordered_json yj;
    yj["year"] = y.year;
    nlohmann::ordered_json state;
    state["population"] = y.state.population;
    state["buildings"] = y.state.buildings;
    nlohmann::ordered_json values, spread;
    for (std::size_t i = 0; i < c.indicators.size(); ++i) {
      values[c.indicators[i].key] = number(y.state_values[i]);
      const auto& s = y.municipalities.spread[i];
      spread[c.indicators[i].key] = {{"municipalities", s.count},  {"min", number(s.min)},  {"p10", number(s.p10)},
                                     {"median", number(s.median)}, {"p90", number(s.p90)},  {"max", number(s.max)},
                                     {"mad", number(s.mad)},       {"outliers", s.outliers}};
    }
    state["values"] = values;
    state["spread"] = spread;
    yj["state"] = state;
    yj["kreise"] = table_json(c, y.kreise);
    yj["municipalities"] = table_json(c, y.municipalities);
    years.push_back(std::move(yj));
  }
  j["years"] = years;
  return j;
}

}  // namespace

std::string comparison_json(const RegionComparison& a, const RegionComparison* b, const std::vector<RegionDiff>& diff,
                            const StatePlausibility* plausibility) {
  nlohmann::ordered_json j = comparison_object(a);
  if (plausibility != nullptr) j["plausibility"] = nlohmann::ordered_json::parse(plausibility_json(*plausibility));
  if (b != nullptr) {
    nlohmann::ordered_json cmp;
    cmp["b"] = comparison_object(*b);
    auto rows = nlohmann::ordered_json::array();
    for (const auto& d : diff) {
      rows.push_back({{"year_a", d.year_a},
                      {"year_b", d.year_b},
                      {"level", d.level},
                      {"ags", d.ags},
                      {"name", d.name},
                      {"indicator", d.indicator},
                      {"a", number(d.a)},
                      {"b", number(d.b)},
                      {"diff", number(d.diff)},
                      {"relative", number(d.relative)}});
    }
    cmp["differences"] = rows;
    j["comparison"] = cmp;
  }
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string display_number(double value, int decimals, Lang lang) {
  return std::isfinite(value) ? format_number(value, decimals, lang) : std::string("–");
}

namespace {

constexpr const char* SORT_SCRIPT = R"(<script>
document.querySelectorAll('table.sortable th').forEach(function(th,col){th.addEventListener('click',function(){
var t=th.closest('table'),b=t.tBodies[0],rows=Array.from(b.rows),asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';
function key(r){var c=r.cells[col];var v=c.dataset.v;if(v!==undefined){return v===''?NaN:parseFloat(v);}return c.textContent;}
rows.sort(function(x,y){var a=key(x),c=key(y);if(typeof a==='number'){if(isNaN(a))return 1;if(isNaN(c))return -1;return asc?a-c:c-a;}
return asc?String(a).localeCompare(String(c)):String(c).localeCompare(String(a));});rows.forEach(function(r){b.appendChild(r);});});});
</script>
)";

void html_table(std::string& out, const RegionComparison& c, const RegionTable& t, bool kreise, Lang lang) {
  const bool de = lang == Lang::de;
  auto o = std::back_inserter(out);
  fmt::format_to(o, "<table class=\"sortable\"><thead><tr><th>AGS</th><th>{}</th>", de ? "Name" : "name");
  if (!kreise) fmt::format_to(o, "<th>{}</th>", de ? "Kreis" : "Kreis");
  fmt::format_to(o, "<th class=\"n\">{}</th><th class=\"n\">{}</th>", de ? "Einwohner" : "population",
                 de ? "Gebäude" : "buildings");
  for (const auto& ind : c.indicators) {
    fmt::format_to(o, "<th class=\"n\">{}<br><small>{}</small></th>", html_escape(indicator_label(ind, lang)),
                   html_escape(ind.unit));
  }
  fmt::format_to(o, "</tr></thead><tbody>\n");
  for (const auto& r : t.rows) {
    fmt::format_to(o, "<tr><td>{}</td><td>{}</td>", html_escape(r.sums.ags), html_escape(r.sums.name));
    if (!kreise) fmt::format_to(o, "<td>{}</td>", html_escape(r.sums.kreis_name));
    fmt::format_to(o, "<td class=\"n\" data-v=\"{}\">{}</td><td class=\"n\" data-v=\"{}\">{}</td>", r.sums.population,
                   display_number(static_cast<double>(r.sums.population), 0, lang), r.sums.buildings,
                   display_number(static_cast<double>(r.sums.buildings), 0, lang));
    for (std::size_t i = 0; i < c.indicators.size(); ++i) {
      const double v = r.values[i];
      fmt::format_to(o, "<td class=\"n{}\" data-v=\"{}\"{}>{}</td>", r.outlier[i] != 0 ? " out" : "",
                     std::isfinite(v) ? fmt::format("{}", v) : std::string(),
                     r.rank[i] > 0 ? fmt::format(" title=\"{} {}\"", de ? "Rang" : "rank", r.rank[i]) : std::string(),
                     r.withheld ? std::string(de ? "<i>gesperrt</i>" : "<i>withheld</i>")
                                : display_number(v, c.indicators[i].decimals, lang));
    }
    fmt::format_to(o, "</tr>\n");
  }
  fmt::format_to(o, "</tbody></table>\n");
}

}  // namespace

namespace {

/// Shows the maps of the chosen indicator (the select of choropleth_html).
constexpr const char* MAP_SCRIPT = R"(<script>
(function(){var s=document.getElementById('map-indicator');if(!s)return;
function show(){document.querySelectorAll('div.maps').forEach(function(d){d.style.display=d.dataset.ind===s.value?'flex':'none';});}
s.addEventListener('change',show);show();})();
</script>
)";

/// The maps section of the state report: for the last year, a select of the indicators of
/// CHOROPLETH_INDICATORS the file has, each with a municipality and a Kreis choropleth (only the
/// chosen one shown; without script all are shown). Empty when the twin has no boundaries.
std::string choropleth_html(const RegionComparison& a, const RegionShapes& shapes, Lang lang) {
  const bool de = lang == Lang::de;
  const YearComparison& y = a.years.back();
  std::string out;
  auto o = std::back_inserter(out);
  if (!shapes.has_boundaries() || y.municipalities.rows.size() != shapes.municipality_rings.size()) {
    fmt::format_to(o, "<p class=\"note\">{}</p>\n",
                   de ? "Keine Karten: der Zwilling hat keine Gemeindegrenzen."
                      : "No maps: the twin has no municipality boundaries.");
    return out;
  }
  std::vector<std::size_t> shown;
  for (const char* key : CHOROPLETH_INDICATORS) {
    for (std::size_t i = 0; i < a.indicators.size(); ++i) {
      if (a.indicators[i].key == key) shown.push_back(i);
    }
  }
  if (shown.empty()) return out;
  std::map<std::string, std::size_t> kreis_row;
  for (std::size_t r = 0; r < y.kreise.rows.size(); ++r) kreis_row[y.kreise.rows[r].sums.ags] = r;
  fmt::format_to(o, "<h2>{} {}</h2>\n<p><label>{}: <select id=\"map-indicator\">", de ? "Karten" : "Maps", y.year,
                 de ? "Indikator" : "Indicator");
  for (const std::size_t i : shown) {
    const Indicator& ind = a.indicators[i];
    fmt::format_to(o, "<option value=\"{}\">{}</option>", html_escape(ind.key),
                   html_escape(fmt::format("{} [{}]", indicator_label(ind, lang), ind.unit)));
  }
  fmt::format_to(o, "</select></label></p>\n<p class=\"note\">{}</p>\n",
                 de ? "Klassen: Quantile der Gemeinde- bzw. Kreiswerte (gleich viele Regionen je Klasse); grau: "
                      "gesperrt (Datenschutz) oder nicht berechenbar."
                    : "Classes: quantiles of the municipal or Kreis values (equal numbers of regions per class); "
                      "grey: withheld (privacy) or not computable.");
  for (std::size_t s = 0; s < shown.size(); ++s) {
    const std::size_t i = shown[s];
    const Indicator& ind = a.indicators[i];
    const std::string name = indicator_label(ind, lang);
    ChoroplethMap map;
    map.unit = ind.unit;
    map.format = [&ind, lang](double v) { return display_number(v, ind.decimals, lang); };
    map.no_value_label = de ? "keine Angabe (gesperrt oder nicht berechenbar)" : "no value (withheld or n/a)";
    map.value.resize(y.municipalities.rows.size());
    map.tooltip.resize(y.municipalities.rows.size());
    fmt::format_to(o, "<div class=\"maps\" data-ind=\"{}\"{}>", html_escape(ind.key),
                   s == 0 ? "" : " style=\"display:none\"");
    for (const bool kreise : {false, true}) {
      for (std::size_t m = 0; m < y.municipalities.rows.size(); ++m) {
        const RegionRow& row = y.municipalities.rows[m];
        const RegionRow* shown_row = &row;
        if (kreise) {
          const auto it = kreis_row.find(row.sums.kreis_ags);
          shown_row = it == kreis_row.end() ? nullptr : &y.kreise.rows[it->second];
        }
        map.value[m] = shown_row == nullptr ? NaN : shown_row->values[i];
        map.tooltip[m] = shown_row == nullptr ? row.sums.name
                                              : fmt::format("{} ({}): {} {}", shown_row->sums.name, shown_row->sums.ags,
                                                            display_number(map.value[m], ind.decimals, lang), ind.unit);
      }
      map.municipality_borders = !kreise;
      map.title =
          fmt::format("{} {} {}", name,
                      de ? (kreise ? "je Kreis" : "je Gemeinde") : (kreise ? "per Kreis" : "per municipality"), y.year);
      out += choropleth_svg(shapes, map, 480.0);
    }
    out += "</div>\n";
  }
  out += MAP_SCRIPT;
  return out;
}

/// The run's warnings: a table per kind (years, municipalities) and the full list, folded.
std::string warnings_html(const RegionComparison& a, Lang lang) {
  const bool de = lang == Lang::de;
  std::string out;
  auto o = std::back_inserter(out);
  fmt::format_to(o, "<h2>{}</h2>\n", de ? "Warnungen der Rechnung" : "Warnings of the run");
  const auto kinds = warning_kinds(a);
  if (kinds.empty()) {
    fmt::format_to(o, "<p class=\"note\">{}</p>\n",
                   de ? "Die Ergebnisdatei enthält keine Warnungen." : "The results file holds no warnings.");
    return out;
  }
  fmt::format_to(o,
                 "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th>"
                 "<th>{}</th></tr></thead><tbody>\n",
                 de ? "Art" : "kind", de ? "Code" : "code", de ? "Schwere" : "severity", de ? "Warnungen" : "warnings",
                 de ? "Gemeinden" : "municipalities", de ? "je Jahr" : "per year");
  for (const auto& k : kinds) {
    std::vector<std::string> years;
    for (const auto& [year, n] : k.count_by_year)
      years.push_back(fmt::format("{}: {}", year, display_number(static_cast<double>(n), 0, lang)));
    const std::string severity = k.severity == "design"
                                     ? tr(lang, "Auslegung", "design")
                                     : (k.severity == "target" ? tr(lang, "Ziel", "target") : k.severity);
    fmt::format_to(o,
                   "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td class=\"n\">{}</td>"
                   "<td class=\"n\">{}</td><td>{}</td></tr>\n",
                   html_escape(warning_code_text(k.code, lang)), html_escape(k.code), html_escape(severity),
                   display_number(static_cast<double>(k.count), 0, lang),
                   display_number(static_cast<double>(k.municipalities), 0, lang),
                   html_escape(fmt::format("{}", fmt::join(years, "; "))));
  }
  fmt::format_to(
      o, "</tbody></table>\n<details><summary>{}</summary>\n",
      html_escape(de ? fmt::format("Alle {} Warnungen (Meldungstext der Rechnung, englisch)", a.warnings.size())
                     : fmt::format("All {} warnings", a.warnings.size())));
  fmt::format_to(o,
                 "<table class=\"sortable\"><thead><tr><th>{}</th><th>{}</th><th>AGS</th><th>{}</th><th "
                 "class=\"n\">{}</th><th class=\"n\">{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
                 de ? "Jahr" : "year", de ? "Art" : "kind", de ? "Gemeinde" : "municipality", de ? "Wert" : "value",
                 de ? "Grenze" : "limit", de ? "Einheit" : "unit", de ? "Meldung" : "message");
  for (const auto& w : a.warnings) {
    fmt::format_to(o,
                   "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\" data-v=\"{}\">{}</td><td "
                   "class=\"n\">{}</td><td>{}</td><td>{}</td></tr>\n",
                   w.year, html_escape(warning_code_text(w.code, lang)), html_escape(w.ags),
                   html_escape(w.municipality.empty() ? w.object_id : w.municipality),
                   std::isfinite(w.value) ? fmt::format("{}", w.value) : std::string(),
                   display_number(w.value, 2, lang), display_number(w.limit, 2, lang), html_escape(w.unit),
                   html_escape(w.message));
  }
  fmt::format_to(o, "</tbody></table></details>\n");
  return out;
}

}  // namespace

std::string render_comparison_html(const RegionComparison& a, const RegionComparison* b,
                                   const std::vector<RegionDiff>& diff, Lang lang,
                                   const StatePlausibility* plausibility, const RegionShapes* shapes) {
  const bool de = lang == Lang::de;
  std::string out;
  auto o = std::back_inserter(out);
  fmt::format_to(
      o,
      "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "script-src 'unsafe-inline'\">\n<title>{}</title>\n<style>\n"
      "body{{font-family:system-ui,sans-serif;margin:16px 24px;color:#1d1d1f}}h2{{border-bottom:2px solid #c2452d}}"
      "table{{border-collapse:collapse;font-size:.85em;margin:.5em 0 1.5em}}th,td{{border-bottom:1px solid #ddd;"
      "padding:3px 6px;text-align:left;vertical-align:top}}th{{cursor:pointer;background:#f4f4f4}}"
      "td.n,th.n{{text-align:right;font-variant-numeric:tabular-nums}}td.out{{background:#fde0d9;font-weight:bold}}"
      ".note{{color:#555;font-size:.9em}}div.maps{{display:flex;flex-wrap:wrap;gap:16px}}"
      "figure.choropleth{{margin:0}}figure.choropleth path.region:hover{{stroke:#000;stroke-width:1.2}}"
      "\n</style></head><body>\n",
      de ? "de" : "en", html_escape(de ? "Regionalvergleich Wärmeplanung" : "Regional comparison"));
  fmt::format_to(
      o, "<h1>{}: {}</h1>\n<p class=\"note\">{} <code>{}</code>. {}</p>\n",
      de ? "Regionalvergleich" : "Regional comparison", html_escape(a.scenario), de ? "Ergebnisdatei" : "Results file",
      html_escape(a.path),
      html_escape(de ? fmt::format("Werte von Gemeinden und Kreisen mit weniger als {} berechneten Gebäuden sind "
                                   "gesperrt (Datenschutz). Ausreißer (rot): |x − Median| > 3,5 · 1,4826 · MAD. "
                                   "Spalten per Klick sortierbar.",
                                   a.privacy_min_buildings)
                     : fmt::format("Values of regions with fewer than {} computed buildings are withheld. "
                                   "Outliers (red): |x − median| > 3.5 · 1.4826 · MAD. Click a header to sort.",
                                   a.privacy_min_buildings)));
  if (!a.not_available.empty()) {
    fmt::format_to(o, "<p class=\"note\">{}: {}</p>\n", de ? "Nicht verfügbar" : "Not available",
                   html_escape(fmt::format("{}", fmt::join(de ? a.not_available_de : a.not_available, "; "))));
  }
  if (shapes != nullptr && !a.years.empty()) out += choropleth_html(a, *shapes, lang);
  if (plausibility != nullptr) out += plausibility_html(*plausibility, lang);
  out += warnings_html(a, lang);
  for (const auto& y : a.years) {
    fmt::format_to(
        o, "<h2>{} {}</h2>\n<h3>{}</h3>\n", de ? "Jahr" : "Year", y.year,
        de ? "Land: Summen und Streuung über die Gemeinden" : "State: totals and spread over the municipalities");
    fmt::format_to(
        o,
        "<table class=\"sortable\"><thead><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th>"
        "<th class=\"n\">Min</th><th class=\"n\">P10</th><th class=\"n\">Median</th><th class=\"n\">P90</th>"
        "<th class=\"n\">Max</th><th class=\"n\">{}</th></tr></thead><tbody>\n",
        de ? "Indikator" : "indicator", de ? "Einheit" : "unit", de ? "Land" : "state",
        de ? "Gemeinden" : "municipalities", de ? "Ausreißer" : "outliers");
    for (std::size_t i = 0; i < a.indicators.size(); ++i) {
      const auto& ind = a.indicators[i];
      const auto& s = y.municipalities.spread[i];
      const int d = ind.decimals;
      fmt::format_to(o, "<tr><td>{}</td><td>{}</td>", html_escape(indicator_label(ind, lang)), html_escape(ind.unit));
      for (const auto& [v, dec] :
           {std::pair{y.state_values[i], d}, std::pair{static_cast<double>(s.count), 0}, std::pair{s.min, d},
            std::pair{s.p10, d}, std::pair{s.median, d}, std::pair{s.p90, d}, std::pair{s.max, d},
            std::pair{static_cast<double>(s.outliers), 0}}) {
        fmt::format_to(o, "<td class=\"n\" data-v=\"{}\">{}</td>",
                       std::isfinite(v) ? fmt::format("{}", v) : std::string(), display_number(v, dec, lang));
      }
      fmt::format_to(o, "</tr>\n");
    }
    fmt::format_to(o, "</tbody></table>\n<h3>{}</h3>\n", de ? "Kreise" : "Kreise");
    html_table(out, a, y.kreise, true, lang);
    fmt::format_to(o, "<h3>{}</h3>\n", de ? "Gemeinden" : "Municipalities");
    html_table(out, a, y.municipalities, false, lang);
  }
  if (b != nullptr) {
    fmt::format_to(o, "<h2>{}: {} (B) − {} (A)</h2>\n<p class=\"note\">B: <code>{}</code></p>\n",
                   de ? "Vergleich" : "Comparison", html_escape(b->scenario), html_escape(a.scenario),
                   html_escape(b->path));
    std::map<std::string, const Indicator*> by_key;
    for (const auto& ind : a.indicators) by_key[ind.key] = &ind;
    fmt::format_to(o,
                   "<table class=\"sortable\"><thead><tr><th>{}</th><th>{}</th><th>AGS</th><th>Name</th><th>{}</th>"
                   "<th class=\"n\">A</th><th class=\"n\">B</th><th class=\"n\">B − A</th><th "
                   "class=\"n\">%</th></tr></thead><tbody>\n",
                   de ? "Jahr" : "year", de ? "Ebene" : "level", de ? "Indikator" : "indicator");
    for (const auto& d : diff) {
      const Indicator& ind = *by_key.at(d.indicator);
      fmt::format_to(o, "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
                     d.year_a == d.year_b ? std::to_string(d.year_a) : fmt::format("{}/{}", d.year_a, d.year_b),
                     de ? (d.level == "kreis" ? "Kreis" : "Gemeinde") : d.level, html_escape(d.ags),
                     html_escape(d.name), html_escape(fmt::format("{} [{}]", indicator_label(ind, lang), ind.unit)));
      for (const auto& [v, dec] : {std::pair{d.a, ind.decimals}, std::pair{d.b, ind.decimals},
                                   std::pair{d.diff, ind.decimals}, std::pair{100.0 * d.relative, 1}}) {
        fmt::format_to(o, "<td class=\"n\" data-v=\"{}\">{}</td>",
                       std::isfinite(v) ? fmt::format("{}", v) : std::string(), display_number(v, dec, lang));
      }
      fmt::format_to(o, "</tr>\n");
    }
    fmt::format_to(o, "</tbody></table>\n");
  }
  out += SORT_SCRIPT;
  out += "</body></html>\n";
  return out;
}

}  // namespace heattwin::viz
