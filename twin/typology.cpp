#include "twin/typology.hpp"

#include "twin/csv.hpp"
#include "twin/error.hpp"
#include "twin/log.hpp"
#include "twin/random.hpp"
#include "twin/use_class.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace heattwin::twin {
namespace {

/// A number of a typology table, checked against the plausible range its column name implies
/// (issue 20, class 6): U values 0…10 W/(m²K) (single glazing ≈ 5.8), areas, volumes and heights
/// ≥ 0, fractions (b_tr, g) 0…1.5, air change 0…50 1/h. Throws InputError naming the file, the
/// line, the column, the value and the range.
double typology_number(std::string_view cell, const std::string& where, std::string_view name) {
  const double v = parse_double(cell, where, name);
  double lo = 0.0, hi = 1e9;
  if (name.starts_with("u_") || name.starts_with("delta_u")) hi = 10.0;
  if (name.starts_with("b_tr") || name.starts_with("g_")) hi = 1.5;
  if (name.starts_with("n_air")) hi = 50.0;
  HEATTWIN_CHECK(std::isfinite(v) && v >= lo && v <= hi,
                 "{}: {} = {} is outside the plausible range {} … {}; correct the table", where, name, v, lo, hi);
  return v;
}

/// Mean air change of non-residential buildings when the typology has none, 1/h (documented
/// imputation: order of the DIN V 18599-10 minimum outdoor-air rates averaged over the week).
constexpr double NON_RESIDENTIAL_AIR_CHANGE_1_PER_H = 0.7;
/// Glazing g value of non-residential buildings (IWU gives none): double glazing.
constexpr double NON_RESIDENTIAL_G_WINDOW = 0.6;

int residential_index(std::string_view type_de) {
  for (std::size_t k = 1; k < RESIDENTIAL_TYPE_NAMES.size(); ++k) {
    if (RESIDENTIAL_TYPE_NAMES[k] == type_de) return static_cast<int>(k);
  }
  return 0;
}

/// IWU building function of each use class (empty: not heated or residential).
constexpr std::array<std::string_view, static_cast<std::size_t>(UseClass::count_)> IWU_FUNCTION{
    "",                             // residential
    "",                             // residential_mixed: TABULA MFH
    "office",                       // office
    "retail",                       // retail
    "school_daycare",               // school
    "health_care",                  // hospital
    "accommodation_catering",       // hotel_restaurant
    "production_workshop_storage",  // industry
    "production_workshop_storage",  // storage
    "production_workshop_storage",  // agriculture
    "sports",                       // sports
    "culture_leisure",              // culture
    "all_nonresidential",           // public_other
    "",                             // unheated
};

std::size_t age_band_of_year(int year) { return year <= 1978 ? 0 : (year <= 2009 ? 1 : 2); }

}  // namespace

Typology load_typology(const std::string& tabula_csv, const std::string& non_residential_csv,
                       std::string_view refurbishment_state) {
  Typology t;
  t.refurbishment_state = std::string(refurbishment_state);
  const CsvTable tab = read_csv(tabula_csv);
  auto col = [&](const CsvTable& table, std::string_view name) { return table.column(name); };
  const std::size_t c_type = col(tab, "building_type_de"), c_region = col(tab, "typology_region"),
                    c_subtype = col(tab, "subtype"), c_age = col(tab, "age_class_no"),
                    c_state = col(tab, "refurbishment_state"), c_code = col(tab, "tabula_variant_code"),
                    c_ref = col(tab, "a_ref_m2");
  bool found_state = false;
  for (std::size_t r = 0; r < tab.rows.size(); ++r) {
    const auto& row = tab.rows[r];
    if (row[c_region] != "national" || row[c_subtype] != "generic" || row[c_state] != refurbishment_state) continue;
    found_state = true;
    const std::string where = fmt::format("{}:{}", tabula_csv, tab.line_of_row[r]);
    auto num = [&](std::string_view name) {
      const std::string& cell = row[col(tab, name)];
      return cell.empty() ? 0.0 : typology_number(cell, where, name);
    };
    const int type = residential_index(row[c_type]);
    const auto age = parse_int(row[c_age], where, "age_class_no");
    HEATTWIN_CHECK(type > 0 && age >= 1 && age <= 12, "{}: building type '{}' / age class {} not understood", where,
                   row[c_type], age);
    TypologyEnvelope e;
    e.code = row[c_code];
    // Effective U of an element group: Σ U·A·b / Σ A (b folds in unheated neighbours), plus ΔU.
    const double delta_u = num("delta_u_thermal_bridging_W_per_m2K");
    auto group = [&](std::initializer_list<const char*> elements, bool with_door) {
      double ua = 0.0, a = 0.0;
      for (const char* e_name : elements) {
        const double area = num(fmt::format("a_{}_m2", e_name));
        const double u = num(fmt::format("u_{}_W_per_m2K", e_name));
        const double b = num(fmt::format("b_tr_{}", e_name));
        ua += u * area * b;
        a += area;
      }
      if (with_door) {
        ua += num("u_door_W_per_m2K") * num("a_door_m2");
        a += num("a_door_m2");
      }
      return a > 0.0 ? ua / a + delta_u : 0.0;
    };
    e.u_wall_w_per_m2k = group({"wall_1", "wall_2", "wall_3"}, true);
    e.u_roof_w_per_m2k = group({"roof_1", "roof_2"}, false);
    e.u_floor_w_per_m2k = group({"floor_1", "floor_2"}, false);
    const double a_window = num("a_window_1_m2") + num("a_window_2_m2");
    e.u_window_w_per_m2k = a_window > 0.0 ? (num("u_window_1_W_per_m2K") * num("a_window_1_m2") +
                                             num("u_window_2_W_per_m2K") * num("a_window_2_m2")) /
                                                    a_window +
                                                delta_u
                                          : 0.0;
    const double a_ref = parse_double(row[c_ref], where, "a_ref_m2");
    HEATTWIN_CHECK(a_ref > 0.0, "{}: a_ref_m2 {} must be positive", where, a_ref);
    e.window_share_of_floor_area = a_window / a_ref;
    e.air_change_1_per_h = num("n_air_infiltration_per_h") + num("n_air_use_per_h");
    e.g_window = num("g_window_1");
    e.hot_water_need_kwh_per_m2a = num("q_w_nd_kWh_per_m2a");
    if (const double a_n = num("a_n_enev_m2"); a_n > 0.0) e.reference_area_per_heated_floor_area = a_ref / a_n;
    t.residential[static_cast<std::size_t>(type)][static_cast<std::size_t>(age)] = e;
  }
  HEATTWIN_CHECK(found_state,
                 "{}: no national generic variants in refurbishment state '{}' (use existing, "
                 "usual_refurbishment or advanced_refurbishment)",
                 tabula_csv, refurbishment_state);
  // Classes a type lacks (TABULA has no RH class 1, GMH only 2-6) take the nearest class.
  for (std::size_t type = 1; type < 5; ++type) {
    std::vector<std::size_t> present;
    for (std::size_t age = 1; age <= 12; ++age) {
      if (!t.residential[type][age].code.empty()) present.push_back(age);
    }
    HEATTWIN_CHECK(!present.empty(), "{}: no variant at all for type {}", tabula_csv, RESIDENTIAL_TYPE_NAMES[type]);
    for (std::size_t age = 1; age <= 12; ++age) {
      if (!t.residential[type][age].code.empty()) continue;
      std::size_t nearest = present.front();
      for (const std::size_t p : present) {
        const auto distance = [age](std::size_t x) { return x > age ? x - age : age - x; };
        if (distance(p) < distance(nearest)) nearest = p;
      }
      t.residential[type][age] = t.residential[type][nearest];
    }
  }

  const CsvTable nwg = read_csv(non_residential_csv);
  std::map<std::string, std::array<TypologyEnvelope, 3>> by_function;
  const std::size_t c_function = col(nwg, "building_function"), c_band = col(nwg, "age_band");
  for (std::size_t r = 0; r < nwg.rows.size(); ++r) {
    const auto& row = nwg.rows[r];
    const std::string& band = row[c_band];
    const std::size_t k = band == "old_to_1978" ? 0 : band == "mid_1979_2009" ? 1 : band == "new_from_2010" ? 2 : 3;
    if (k == 3) continue;  // the "all" band
    const std::string where = fmt::format("{}:{}", non_residential_csv, nwg.line_of_row[r]);
    auto num = [&](std::string_view name) { return typology_number(row[col(nwg, name)], where, name); };
    TypologyEnvelope e;
    e.code = row[c_function] + "/" + band;
    e.u_wall_w_per_m2k = num("u_wall_W_per_m2K");
    e.u_roof_w_per_m2k = num("u_roof_opaque_W_per_m2K");
    e.u_floor_w_per_m2k = num("u_floor_W_per_m2K");
    e.u_window_w_per_m2k = num("u_window_W_per_m2K");
    e.window_share_of_floor_area = num("a_window_m2") / num("a_ref_ebf_m2");
    e.air_change_1_per_h = NON_RESIDENTIAL_AIR_CHANGE_1_PER_H;
    e.g_window = NON_RESIDENTIAL_G_WINDOW;
    e.hot_water_need_kwh_per_m2a = std::numeric_limits<double>::quiet_NaN();  // not in the IWU tables
    by_function[row[c_function]][k] = e;
  }
  t.non_residential.resize(IWU_FUNCTION.size());
  for (std::size_t u = 0; u < IWU_FUNCTION.size(); ++u) {
    if (IWU_FUNCTION[u].empty()) continue;
    const auto it = by_function.find(std::string(IWU_FUNCTION[u]));
    HEATTWIN_CHECK(it != by_function.end() && !it->second[0].code.empty() && !it->second[1].code.empty() &&
                       !it->second[2].code.empty(),
                   "{}: building function '{}' with its three age bands is missing", non_residential_csv,
                   IWU_FUNCTION[u]);
    t.non_residential[u] = it->second;
  }
  return t;
}

std::size_t enrich_envelope_from_typology(Twin& twin, const Typology& t) {
  BuildingSet& b = twin.buildings;
  std::uint64_t residential = 0, non_residential = 0, skipped_type = 0;
  std::size_t enriched = 0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    const auto use = static_cast<UseClass>(b.use_class[i]);
    if (use == UseClass::unheated || !(b.heated_floor_area_m2[i] > 0.0)) continue;
    const TypologyEnvelope* e = nullptr;
    if (is_residential(use)) {
      const std::size_t type = b.residential_type[i];
      const std::size_t age = b.age_class[i];
      if (type == 0 || type > 4 || age == 0 || age > 12) {
        ++skipped_type;
        continue;
      }
      e = &t.residential[type][age];
      ++residential;
    } else {
      const int year = b.year_of_construction[i] > 0 ? b.year_of_construction[i] : 1970;
      e = &t.non_residential[b.use_class[i]][age_band_of_year(year)];
      ++non_residential;
    }
    // A value is (re)filled when unknown, or when it came from the typology before (so a
    // scenario can re-derive it for another refurbishment state); measured values stay.
    bool any = false;
    auto fill = [&](std::vector<double>& column, Provenance& provenance, double value) {
      if (!std::isfinite(column[i]) || provenance == Provenance::typology) {
        column[i] = value;
        any = true;
        return true;
      }
      return false;
    };
    bool u_filled = false;
    Provenance u_provenance = b.prov_u_values[i];
    u_filled |= fill(b.u_wall_w_per_m2k, u_provenance, e->u_wall_w_per_m2k);
    u_filled |= fill(b.u_roof_w_per_m2k, u_provenance, e->u_roof_w_per_m2k);
    u_filled |= fill(b.u_floor_w_per_m2k, u_provenance, e->u_floor_w_per_m2k);
    u_filled |= fill(b.u_window_w_per_m2k, u_provenance, e->u_window_w_per_m2k);
    // One provenance byte covers the four U values: a measured one keeps the group "measured".
    if (u_filled && b.prov_u_values[i] != Provenance::measured) b.prov_u_values[i] = Provenance::typology;
    if (fill(b.window_area_m2, b.prov_windows[i], e->window_share_of_floor_area * b.heated_floor_area_m2[i])) {
      b.prov_windows[i] = Provenance::typology;
    }
    if (fill(b.air_change_1_per_h, b.prov_air_change[i], e->air_change_1_per_h)) {
      b.prov_air_change[i] = Provenance::typology;
    }
    enriched += any ? 1 : 0;
  }
  const std::string state = t.refurbishment_state;
  if (residential > 0) twin.imputations["envelope_from_tabula_" + state] += residential;
  if (non_residential > 0) twin.imputations["envelope_from_iwu_non_residential"] += non_residential;
  if (skipped_type > 0) {
    logger("twin.typology")
        ->warn("{} residential buildings have no type or age class; no typology values", skipped_type);
  }
  return enriched;
}

ModernisationShares load_modernisation_shares(const std::string& csv_path) {
  ModernisationShares m;
  m.source = csv_path;
  const CsvTable table = read_csv(csv_path);
  const std::size_t c_age = table.column("age_class_no");
  std::array<std::size_t, 4> c_element{};
  for (std::size_t e = 0; e < 4; ++e) c_element[e] = table.column(ENVELOPE_ELEMENT_NAMES[e]);
  std::array<bool, 13> seen{};
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    const std::string where = fmt::format("{}:{}", csv_path, table.line_of_row[r]);
    const auto age = parse_int(row[c_age], where, "age_class_no");
    HEATTWIN_CHECK(age >= 1 && age <= 12, "{}: age_class_no {} must be a TABULA age class 1..12", where, age);
    HEATTWIN_CHECK(!seen[static_cast<std::size_t>(age)], "{}: age class {} appears twice", where, age);
    seen[static_cast<std::size_t>(age)] = true;
    for (std::size_t e = 0; e < 4; ++e) {
      const double share = parse_double(row[c_element[e]], where, ENVELOPE_ELEMENT_NAMES[e]);
      HEATTWIN_CHECK(share >= 0.0 && share <= 1.0, "{}: {} share {} must lie in [0, 1] (a fraction of the buildings)",
                     where, ENVELOPE_ELEMENT_NAMES[e], share);
      m.share[static_cast<std::size_t>(age)][e] = share;
    }
  }
  for (std::size_t age = 1; age <= 12; ++age) {
    HEATTWIN_CHECK(seen[age], "{}: no row for age class {} (the table needs one row for each class 1..12)", csv_path,
                   age);
  }
  return m;
}

ModernisationRates load_modernisation_rates(const std::string& csv_path) {
  ModernisationRates rates;
  rates.source = csv_path;
  const CsvTable table = read_csv(csv_path);
  const std::size_t c_element = table.column("element"), c_rate = table.column("rate_per_year"),
                    c_from = table.column("age_class_from"), c_to = table.column("age_class_to"),
                    c_year = table.column("survey_year");
  std::array<bool, 4> seen{};
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    const std::string where = fmt::format("{}:{}", csv_path, table.line_of_row[r]);
    const auto name = std::find(ENVELOPE_ELEMENT_NAMES.begin(), ENVELOPE_ELEMENT_NAMES.end(), row[c_element]);
    HEATTWIN_CHECK(name != ENVELOPE_ELEMENT_NAMES.end(), "{}: element '{}' must be wall, roof, floor or window", where,
                   row[c_element]);
    const auto e = static_cast<std::size_t>(name - ENVELOPE_ELEMENT_NAMES.begin());
    HEATTWIN_CHECK(!seen[e], "{}: element {} appears twice", where, row[c_element]);
    seen[e] = true;
    const double rate = parse_double(row[c_rate], where, "rate_per_year");
    HEATTWIN_CHECK(rate >= 0.0 && rate <= 1.0,
                   "{}: rate_per_year {} must lie in [0, 1] (a fraction of the buildings per year)", where, rate);
    const auto from = parse_int(row[c_from], where, "age_class_from"), to = parse_int(row[c_to], where, "age_class_to");
    HEATTWIN_CHECK(from >= 1 && to <= 12 && from <= to,
                   "{}: age classes {}..{} must be TABULA age classes 1..12 with from <= to", where, from, to);
    const auto year = parse_int(row[c_year], where, "survey_year");
    HEATTWIN_CHECK(year >= 1900 && year <= 2100, "{}: survey_year {} must lie in 1900..2100", where, year);
    HEATTWIN_CHECK(rates.survey_year == 0 || rates.survey_year == year,
                   "{}: survey_year {} differs from {} of the rows before (one survey per table)", where, year,
                   rates.survey_year);
    rates.survey_year = static_cast<int>(year);
    rates.rate_per_year[e] = rate;
    rates.age_class_from[e] = static_cast<int>(from);
    rates.age_class_to[e] = static_cast<int>(to);
  }
  for (std::size_t e = 0; e < 4; ++e) {
    HEATTWIN_CHECK(seen[e], "{}: no row for element {} (the table needs wall, roof, floor and window)", csv_path,
                   ENVELOPE_ELEMENT_NAMES[e]);
  }
  return rates;
}

ModernisationShares modernisation_shares_in_year(const ModernisationShares& shares, const ModernisationRates& rates,
                                                 int year) {
  ModernisationShares out = shares;
  const double years = static_cast<double>(year - rates.survey_year);
  for (std::size_t e = 0; e < 4; ++e) {
    for (int age = rates.age_class_from[e]; age >= 1 && age <= rates.age_class_to[e] && age <= 12; ++age) {
      double& s = out.share[static_cast<std::size_t>(age)][e];
      s = std::clamp(s + rates.rate_per_year[e] * years, 0.0, 1.0);
    }
  }
  return out;
}

ModernisationImputation impute_modernisation(Twin& twin, const Typology& package, const ModernisationShares& shares,
                                             std::uint64_t seed) {
  BuildingSet& b = twin.buildings;
  ModernisationImputation result;
  result.modernised_elements.assign(b.size(), 0);
  // A stream of its own: the seed is mixed with a constant so that the draws do not coincide
  // with other imputations seeded from the same (seed, id), e.g. the heating systems.
  constexpr std::uint64_t STREAM = 0x6d6f6465726e6973ULL;  // "modernis"
  for (std::size_t i = 0; i < b.size(); ++i) {
    const auto use = static_cast<UseClass>(b.use_class[i]);
    if (!is_residential(use) || !(b.heated_floor_area_m2[i] > 0.0)) continue;
    const std::size_t type = b.residential_type[i], age = b.age_class[i];
    if (type < 1 || type > 4 || age < 1 || age > 12) continue;
    if (b.prov_u_values[i] == Provenance::measured) {
      ++result.buildings_known;
      continue;
    }
    if (b.prov_u_values[i] != Provenance::typology) continue;  // no envelope values: nothing to modernise
    ++result.buildings_unknown;
    const TypologyEnvelope& e = package.residential[type][age];
    std::array<std::vector<double>*, 4> columns{&b.u_wall_w_per_m2k, &b.u_roof_w_per_m2k, &b.u_floor_w_per_m2k,
                                                &b.u_window_w_per_m2k};
    const std::array<double, 4> package_u{e.u_wall_w_per_m2k, e.u_roof_w_per_m2k, e.u_floor_w_per_m2k,
                                          e.u_window_w_per_m2k};
    std::uint64_t state = (seed ^ STREAM) ^ fnv1a64(b.id[i]);
    bool any = false;
    for (std::size_t k = 0; k < 4; ++k) {
      const double u = unit_interval(splitmix64(state));  // drawn for every element: draws stay aligned
      if (!(u < shares.share[age][k])) continue;
      std::vector<double>& column = *columns[k];
      if (std::isfinite(package_u[k]) && package_u[k] > 0.0 && package_u[k] < column[i]) {
        column[i] = package_u[k];
        result.modernised_elements[i] |= static_cast<std::uint8_t>(1U << k);
        ++result.elements[k];
        any = true;
      }
    }
    if (any) {
      b.prov_u_values[i] = Provenance::imputed;
      ++result.buildings_modernised;
    }
  }
  for (std::size_t k = 0; k < 4; ++k) {
    if (result.elements[k] > 0) {
      twin.imputations[fmt::format("modernisation_{}_imputed", ENVELOPE_ELEMENT_NAMES[k])] += result.elements[k];
    }
  }
  return result;
}

}  // namespace heattwin::twin
