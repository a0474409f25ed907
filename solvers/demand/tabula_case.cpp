#include "solvers/demand/tabula_case.hpp"

#include "twin/csv.hpp"
#include "twin/error.hpp"
#include "twin/physical_constants.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <string_view>
#include <tuple>
#include <unordered_map>

namespace heattwin::solvers::demand {

namespace {

/// Volumetric heat capacity of air TABULA uses, Wh/(m³K) (ρ c_p of air at about 20 °C).
using twin::AIR_HEAT_CAPACITY_WH_PER_M3K;
using twin::HOURS_PER_DAY;
using twin::SECONDS_PER_HOUR;

/// One CSV row with numbers read by column name; messages name file, line and column.
class Row {
 public:
  Row(const twin::CsvTable& table, std::size_t row) : table_(table), row_(row) {}

  const std::string& text(std::string_view column) const { return table_.rows[row_][table_.column(column)]; }
  double number(std::string_view column) const { return twin::parse_double(text(column), where(), column); }
  std::string where() const { return fmt::format("{} line {}", table_.path, table_.line_of_row[row_]); }

 private:
  const twin::CsvTable& table_;
  std::size_t row_;
};

/// TABULA writes "0" (or nothing) where no measure is defined.
bool has_measure(const std::string& code) { return !code.empty() && code != "0"; }

void check_same(double a, double b, std::string_view what, const Row& typology, const Row& source,
                const std::string& variant) {
  HEATTWIN_CHECK(std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(a)),
                 "TABULA variant {}: {} = {} in {} but {} in {} (the two files must describe the same variant)",
                 variant, what, a, typology.where(), b, source.where());
}

/// Envelope parts of tabula_de.csv: (area, U, b_tr or empty when b_tr = 1).
struct EnvelopePart {
  const char* area;
  const char* u;
  const char* b_tr;
};
constexpr EnvelopePart ENVELOPE_PARTS[] = {
    {"a_roof_1_m2", "u_roof_1_W_per_m2K", "b_tr_roof_1"},    {"a_roof_2_m2", "u_roof_2_W_per_m2K", "b_tr_roof_2"},
    {"a_wall_1_m2", "u_wall_1_W_per_m2K", "b_tr_wall_1"},    {"a_wall_2_m2", "u_wall_2_W_per_m2K", "b_tr_wall_2"},
    {"a_wall_3_m2", "u_wall_3_W_per_m2K", "b_tr_wall_3"},    {"a_floor_1_m2", "u_floor_1_W_per_m2K", "b_tr_floor_1"},
    {"a_floor_2_m2", "u_floor_2_W_per_m2K", "b_tr_floor_2"}, {"a_window_1_m2", "u_window_1_W_per_m2K", nullptr},
    {"a_window_2_m2", "u_window_2_W_per_m2K", nullptr},      {"a_door_m2", "u_door_W_per_m2K", nullptr},
};

TabulaBoundaryConditions read_conditions(const Row& typology, const Row& source) {
  TabulaBoundaryConditions c;
  c.climate_code = source.text("Code_ClimateRegion");
  c.heating_days_d = typology.number("heating_days_d");
  c.theta_e_c = typology.number("theta_e_heating_season_C");
  c.theta_i_c = typology.number("theta_i_C");
  c.solar_horizontal_kwh_per_m2 = source.number("I_Sol_Hor");
  c.solar_east_south_west_north_kwh_per_m2 = {source.number("I_Sol_East"), source.number("I_Sol_South"),
                                              source.number("I_Sol_West"), source.number("I_Sol_North")};
  c.f_red_htr1 = source.number("F_red_htr1");
  c.f_red_htr4 = source.number("F_red_htr4");
  c.room_height_m = source.number("h_room");
  c.internal_gains_w_per_m2 = source.number("phi_int");
  c.internal_capacity_wh_per_m2k = source.number("c_m");
  c.shading_horizontal = source.number("F_sh_hor");
  c.shading_vertical = source.number("F_sh_vert");
  c.frame_fraction = source.number("F_f");
  c.non_perpendicular_factor = source.number("F_w");
  return c;
}

/// Area-weighted g_gl,n of windows 1 and 2 after measures: where a window measure is coded, the
/// fraction f_Measure of the window gets the measure's g (TABULA applies measures per element).
double window_g(const Row& source, const std::string& variant) {
  double area_sum = 0.0;
  double g_area_sum = 0.0;
  for (int w = 1; w <= 2; ++w) {
    const double area = source.number(fmt::format("A_Calc_Window_{}", w));
    if (area <= 0.0) continue;
    double g = source.number(fmt::format("g_gl_n_Window_{}", w));
    if (has_measure(source.text(fmt::format("Code_Measure_Window_{}", w)))) {
      const double g_measure = source.number(fmt::format("g_gl_n_Measure_Window_{}", w));
      const double fraction = source.number(fmt::format("f_Measure_Window_{}", w));
      HEATTWIN_CHECK(g_measure > 0.0 && fraction >= 0.0 && fraction <= 1.0,
                     "TABULA variant {} ({}): window {} has a measure but g_gl_n_Measure_Window_{} = {} and "
                     "f_Measure_Window_{} = {} (expected g > 0 and 0 <= f <= 1)",
                     variant, source.where(), w, w, g_measure, w, fraction);
      g = (1.0 - fraction) * g + fraction * g_measure;
    }
    area_sum += area;
    g_area_sum += area * g;
  }
  return area_sum > 0.0 ? g_area_sum / area_sum : 0.0;
}

}  // namespace

double tabula_temperature_reduction_factor(double h_tr_w_per_m2k, double f_red_htr1, double f_red_htr4) {
  if (h_tr_w_per_m2k <= 1.0) return f_red_htr1 + (1.0 - h_tr_w_per_m2k) / 0.5 * (1.0 - f_red_htr1);
  if (h_tr_w_per_m2k >= 4.0) return f_red_htr4;
  return f_red_htr1 + (h_tr_w_per_m2k - 1.0) * (f_red_htr4 - f_red_htr1) / 3.0;
}

std::vector<TabulaCase> read_tabula_cases(const std::string& typology_csv, const std::string& source_csv) {
  const twin::CsvTable typology = twin::read_csv(typology_csv);
  const twin::CsvTable source = twin::read_csv(source_csv);
  std::unordered_map<std::string, std::size_t> source_row;
  const std::size_t code_column = source.column("Code_BuildingVariant");
  for (std::size_t r = 0; r < source.rows.size(); ++r) source_row.emplace(source.rows[r][code_column], r);

  std::vector<TabulaCase> cases;
  cases.reserve(typology.rows.size());
  for (std::size_t r = 0; r < typology.rows.size(); ++r) {
    const Row t(typology, r);
    TabulaCase c;
    c.variant_code = t.text("tabula_variant_code");
    const auto found = source_row.find(c.variant_code);
    HEATTWIN_CHECK(found != source_row.end(), "TABULA variant {} ({}) is not in {} (column Code_BuildingVariant)",
                   c.variant_code, t.where(), source_csv);
    const Row s(source, found->second);
    c.building_type = t.text("building_type_tabula");
    c.refurbishment_state = t.text("refurbishment_state");
    c.a_ref_m2 = t.number("a_ref_m2");
    HEATTWIN_CHECK(c.a_ref_m2 > 0.0, "TABULA variant {} ({}): a_ref_m2 = {} (expected > 0)", c.variant_code, t.where(),
                   c.a_ref_m2);
    check_same(c.a_ref_m2, s.number("A_C_Ref"), "A_ref", t, s, c.variant_code);
    c.conditions = read_conditions(t, s);
    check_same(c.conditions.heating_days_d, s.number("HeatingDays"), "heating days", t, s, c.variant_code);
    check_same(c.conditions.theta_e_c, s.number("Theta_e"), "theta_e", t, s, c.variant_code);
    check_same(c.conditions.theta_i_c, s.number("theta_i"), "theta_i", t, s, c.variant_code);

    double h_tr = 0.0;
    double envelope = 0.0;
    for (const EnvelopePart& part : ENVELOPE_PARTS) {
      const double area = t.number(part.area);
      HEATTWIN_CHECK(area >= 0.0, "TABULA variant {} ({}): {} = {} (expected >= 0)", c.variant_code, t.where(),
                     part.area, area);
      if (area == 0.0) continue;  // a U-value next to a zero area is not used (PROVENANCE.md)
      const double b_tr = part.b_tr != nullptr ? t.number(part.b_tr) : 1.0;
      h_tr += area * t.number(part.u) * b_tr;
      envelope += area;
    }
    c.envelope_area_m2 = envelope;
    c.h_tr_w_per_k = h_tr + t.number("delta_u_thermal_bridging_W_per_m2K") * envelope;
    c.h_ve_w_per_k = AIR_HEAT_CAPACITY_WH_PER_M3K *
                     (t.number("n_air_infiltration_per_h") + t.number("n_air_use_per_h")) * c.conditions.room_height_m *
                     c.a_ref_m2;
    c.g_window = window_g(s, c.variant_code);
    c.window_area_horizontal_m2 = s.number("A_Calc_Window_Horizontal");
    c.window_area_east_south_west_north_m2 = {s.number("A_Calc_Window_East"), s.number("A_Calc_Window_South"),
                                              s.number("A_Calc_Window_West"), s.number("A_Calc_Window_North")};
    cases.push_back(std::move(c));
  }
  return cases;
}

std::vector<TabulaReference> read_tabula_references(const std::string& typology_csv) {
  const twin::CsvTable typology = twin::read_csv(typology_csv);
  std::vector<TabulaReference> references;
  references.reserve(typology.rows.size());
  for (std::size_t r = 0; r < typology.rows.size(); ++r) {
    const Row t(typology, r);
    references.push_back({t.text("tabula_variant_code"), t.number("h_tr_W_per_m2K"), t.number("h_ve_W_per_m2K"),
                          t.number("q_h_nd_kWh_per_m2a")});
  }
  return references;
}

MonthlyClimate tabula_season(const TabulaBoundaryConditions& c) {
  MonthlyClimate climate;
  climate.name = fmt::format("TABULA {} heating season", c.climate_code);
  ClimatePeriod season;
  season.name = fmt::format("{} d heating season", c.heating_days_d);
  season.duration_h = c.heating_days_d * HOURS_PER_DAY;
  season.outdoor_temperature_c = c.theta_e_c;
  season.solar_horizontal_kwh_per_m2 = c.solar_horizontal_kwh_per_m2;
  const auto& [east, south, west, north] = c.solar_east_south_west_north_kwh_per_m2;
  auto& v = season.solar_vertical_kwh_per_m2;
  v[static_cast<std::size_t>(Orientation::north)] = north;
  v[static_cast<std::size_t>(Orientation::east)] = east;
  v[static_cast<std::size_t>(Orientation::south)] = south;
  v[static_cast<std::size_t>(Orientation::west)] = west;
  v[static_cast<std::size_t>(Orientation::north_east)] = 0.5 * (north + east);
  v[static_cast<std::size_t>(Orientation::south_east)] = 0.5 * (south + east);
  v[static_cast<std::size_t>(Orientation::south_west)] = 0.5 * (south + west);
  v[static_cast<std::size_t>(Orientation::north_west)] = 0.5 * (north + west);
  climate.periods.push_back(season);
  return climate;
}

MonthlyBuildingInputs tabula_balance_inputs(std::span<const TabulaCase> cases) {
  MonthlyBuildingInputs in;
  in.resize(cases.size());
  constexpr std::array<Orientation, 4> SECTORS{Orientation::east, Orientation::south, Orientation::west,
                                               Orientation::north};
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const TabulaCase& c = cases[i];
    const TabulaBoundaryConditions& bc = c.conditions;
    in.h_tr_w_per_k[i] = c.h_tr_w_per_k;
    in.h_ve_w_per_k[i] = c.h_ve_w_per_k;
    in.conditioned_floor_area_m2[i] = c.a_ref_m2;
    in.internal_capacity_j_per_k[i] = bc.internal_capacity_wh_per_m2k * SECONDS_PER_HOUR * c.a_ref_m2;
    in.internal_gains_w_per_m2[i] = bc.internal_gains_w_per_m2;
    const double f_red = tabula_temperature_reduction_factor(c.h_tr_w_per_m2k(), bc.f_red_htr1, bc.f_red_htr4);
    in.setpoint_heating_c[i] = bc.theta_e_c + f_red * (bc.theta_i_c - bc.theta_e_c);
    in.solar_aperture_horizontal_m2[i] = glazing_solar_aperture_m2(
        c.window_area_horizontal_m2, c.g_window, bc.frame_fraction, bc.shading_horizontal, bc.non_perpendicular_factor);
    for (std::size_t k = 0; k < SECTORS.size(); ++k) {
      in.solar_aperture_vertical_m2[static_cast<std::size_t>(SECTORS[k])][i] =
          glazing_solar_aperture_m2(c.window_area_east_south_west_north_m2[k], c.g_window, bc.frame_fraction,
                                    bc.shading_vertical, bc.non_perpendicular_factor);
    }
  }
  return in;
}

std::vector<TabulaOutcome> run_tabula_cases(std::span<const TabulaCase> cases) {
  // Group the cases by season (climate and length), keeping their order inside each group.
  using SeasonKey = std::tuple<std::string, double, double, double, std::array<double, 4>>;
  std::map<SeasonKey, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const TabulaBoundaryConditions& bc = cases[i].conditions;
    groups[{bc.climate_code, bc.heating_days_d, bc.theta_e_c, bc.solar_horizontal_kwh_per_m2,
            bc.solar_east_south_west_north_kwh_per_m2}]
        .push_back(i);
  }
  std::vector<TabulaOutcome> outcomes(cases.size());
  MonthlyBalanceOptions options;
  options.utilisation = GainUtilisation::seasonal();
  options.store_components = true;
  for (const auto& [key, members] : groups) {
    std::vector<TabulaCase> group;
    group.reserve(members.size());
    for (std::size_t i : members) group.push_back(cases[i]);
    const MonthlyBalanceResult r =
        solve_monthly_balance(tabula_balance_inputs(group), tabula_season(group.front().conditions), options);
    for (std::size_t j = 0; j < members.size(); ++j) {
      const TabulaCase& c = group[j];
      TabulaOutcome& o = outcomes[members[j]];
      o.q_h_nd_kwh_per_m2a = r.q_h_nd_kwh[r.index(j, 0)] / c.a_ref_m2;
      o.q_ht_kwh_per_m2a = r.q_ht_kwh[r.index(j, 0)] / c.a_ref_m2;
      o.q_gn_kwh_per_m2a = r.q_gn_kwh[r.index(j, 0)] / c.a_ref_m2;
      o.eta_gn = r.eta_gn[r.index(j, 0)];
      o.temperature_reduction_factor =
          tabula_temperature_reduction_factor(c.h_tr_w_per_m2k(), c.conditions.f_red_htr1, c.conditions.f_red_htr4);
    }
  }
  return outcomes;
}

}  // namespace heattwin::solvers::demand
