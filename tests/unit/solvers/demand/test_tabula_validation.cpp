/// Validation of the monthly balance against TABULA (IWU German residential typology): every row
/// of data/typology/tabula_de.csv (all types, age classes and refurbishment states) is
/// rebuilt from its envelope and TABULA's boundary conditions and run through the same kernel as
/// one heating-season period. Reference: the published q_h_nd (kWh/(m²a) per A_ref), within the
/// reference's rounding (rounding_tolerance_kwh_per_m2a, ≈ 1.5 kWh/(m²a)) and the project's ±15 %
/// target. The rebuilt h_tr and h_ve are cross-checked against the published values first (suite
/// tabula_inputs, tolerance 0.01 W/(m²K) = one unit of the published rounding).
/// Each comparison prints one VALIDATION line (scripts/validation_report).

#include "solvers/demand/tabula_case.hpp"
#include "tests/unit/validation_line.hpp"
#include "twin/csv.hpp"
#include "twin/error.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace demand = heattwin::solvers::demand;
namespace fs = std::filesystem;

namespace {

const fs::path TYPOLOGY = fs::path(HEATTWIN_REFERENCE_DATA_DIR) / "typology";
const std::string TABULA_DE = std::string(HEATTWIN_SOURCE_DATA_DIR) + "/typology/tabula_de.csv";
const std::string TABULA_SOURCE = (TYPOLOGY / "source/tabula_DE_complete.csv").string();

constexpr double Q_H_ND_TOLERANCE = 0.15;       ///< relative, the project's target for the monthly method
constexpr double H_TOLERANCE_W_PER_M2K = 0.01;  ///< absolute: references are rounded to 0.01 W/(m²K)
constexpr double Q_H_ND_HALF_DIGIT = 0.05;      ///< kWh/(m²a): q_h_nd is published rounded to 0.1

/// What the reference's rounding allows for q_h_nd (kWh/(m²a) per A_ref): half a printed digit of
/// q_h_nd plus the effect of h_tr and h_ve each off by H_TOLERANCE_W_PER_M2K (the accepted
/// difference of tabula_inputs, one unit of their published rounding) over the heating season,
/// Δq = 0.05 + 2 · 0.01 W/(m²K) · F_red · (θ_i − θ_e) · 24 h · d_heating / 1000. The model runs
/// TABULA's own method, so this, not the 15 % target, is what a correct reproduction must meet.
double rounding_tolerance_kwh_per_m2a(const demand::TabulaCase& c, const demand::TabulaOutcome& o) {
  const double kelvin_hours = (c.conditions.theta_i_c - c.conditions.theta_e_c) * 24.0 * c.conditions.heating_days_d;
  return Q_H_ND_HALF_DIGIT + 2.0 * H_TOLERANCE_W_PER_M2K * o.temperature_reduction_factor * kelvin_hours / 1000.0;
}

}  // namespace

TEST(TabulaValidation, InputsReproduceThePublishedHeatTransferCoefficients) {
  const auto cases = demand::read_tabula_cases(TABULA_DE, TABULA_SOURCE);
  const auto references = demand::read_tabula_references(TABULA_DE);
  ASSERT_EQ(cases.size(), 150U) << TABULA_DE;
  ASSERT_EQ(references.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i];
    const auto& ref = references[i];
    ASSERT_EQ(c.variant_code, ref.variant_code);
    const double h_tr = c.h_tr_w_per_m2k();
    const double h_ve = c.h_ve_w_per_m2k();
    const double err_tr = std::abs(h_tr - ref.h_tr_w_per_m2k);
    const double err_ve = std::abs(h_ve - ref.h_ve_w_per_m2k);
    heattwin::test::ValidationLine("tabula_inputs", c.variant_code, "h_tr")
        .fixed("model", h_tr, 4)
        .fixed("ref", ref.h_tr_w_per_m2k, 2)
        .at_most("abs_err", err_tr, H_TOLERANCE_W_PER_M2K, 2);
    heattwin::test::ValidationLine("tabula_inputs", c.variant_code, "h_ve")
        .fixed("model", h_ve, 4)
        .fixed("ref", ref.h_ve_w_per_m2k, 2)
        .at_most("abs_err", err_ve, H_TOLERANCE_W_PER_M2K, 2);
  }
}

TEST(TabulaValidation, EveryVariantReproducesThePublishedHeatingNeedWithinItsRounding) {
  const auto cases = demand::read_tabula_cases(TABULA_DE, TABULA_SOURCE);
  const auto references = demand::read_tabula_references(TABULA_DE);
  ASSERT_EQ(cases.size(), 150U) << TABULA_DE;
  const auto outcomes = demand::run_tabula_cases(cases);
  ASSERT_EQ(outcomes.size(), cases.size());
  std::vector<double> errors;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const double model = outcomes[i].q_h_nd_kwh_per_m2a;
    const double ref = references[i].q_h_nd_kwh_per_m2a;
    ASSERT_GT(ref, 0.0) << cases[i].variant_code;
    const double rel = model / ref - 1.0;
    heattwin::test::ValidationLine("tabula_monthly", cases[i].variant_code, "q_h_nd")
        .fixed("rel_err", rel, 4)
        .fixed("model", model, 2)
        .fixed("ref", ref, 1)
        .at_most("abs_err_kwh_per_m2a", std::abs(model - ref), rounding_tolerance_kwh_per_m2a(cases[i], outcomes[i]),
                 3);
    EXPECT_LE(std::abs(rel), Q_H_ND_TOLERANCE) << cases[i].variant_code << ": the project's target for the method";
    errors.push_back(std::abs(rel));
  }
  std::sort(errors.begin(), errors.end());
  std::printf("tabula_monthly: %zu variants, |rel_err| median %.4f, 95th percentile %.4f, max %.4f\n", errors.size(),
              errors[errors.size() / 2], errors[errors.size() * 95 / 100], errors.back());
}

TEST(TabulaValidation, TemperatureReductionFactorMatchesTheExportAndItsBreakpoints) {
  // Breakpoints of the rule (EU.SUH: 0.9 / 0.8).
  EXPECT_DOUBLE_EQ(demand::tabula_temperature_reduction_factor(1.0, 0.9, 0.8), 0.9);
  EXPECT_DOUBLE_EQ(demand::tabula_temperature_reduction_factor(0.5, 0.9, 0.8), 1.0);
  EXPECT_DOUBLE_EQ(demand::tabula_temperature_reduction_factor(2.5, 0.9, 0.8), 0.85);
  EXPECT_DOUBLE_EQ(demand::tabula_temperature_reduction_factor(4.0, 0.9, 0.8), 0.8);
  EXPECT_DOUBLE_EQ(demand::tabula_temperature_reduction_factor(7.0, 0.9, 0.8), 0.8);
  // Against the export's F_red_temp (rounded to 0.01), read here only to check the rule.
  const auto cases = demand::read_tabula_cases(TABULA_DE, TABULA_SOURCE);
  const heattwin::twin::CsvTable source = heattwin::twin::read_csv(TABULA_SOURCE);
  std::unordered_map<std::string, double> published;
  for (const auto& row : source.rows) {
    published[row[source.column("Code_BuildingVariant")]] = std::stod(row[source.column("F_red_temp")]);
  }
  for (const auto& c : cases) {
    const double f = demand::tabula_temperature_reduction_factor(c.h_tr_w_per_m2k(), c.conditions.f_red_htr1,
                                                                 c.conditions.f_red_htr4);
    EXPECT_NEAR(f, published.at(c.variant_code), 0.0051) << c.variant_code;
  }
}

namespace {

/// Writes `table` to `path` without the columns in `dropped`, optionally renaming the variant of row 1.
void write_csv(const heattwin::twin::CsvTable& table, const fs::path& path, const std::vector<std::string>& dropped,
               std::size_t max_rows, const std::string& rename_second_variant = "") {
  std::ofstream f(path);
  std::vector<std::size_t> keep;
  for (std::size_t k = 0; k < table.header.size(); ++k) {
    if (std::find(dropped.begin(), dropped.end(), table.header[k]) == dropped.end()) keep.push_back(k);
  }
  auto quoted = [](std::string cell) {
    if (cell.find_first_of(",\"") == std::string::npos) return cell;
    std::string out = "\"";
    for (char ch : cell) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return out + "\"";
  };
  for (std::size_t j = 0; j < keep.size(); ++j) f << (j ? "," : "") << quoted(table.header[keep[j]]);
  f << "\n";
  for (std::size_t r = 0; r < std::min(max_rows, table.rows.size()); ++r) {
    for (std::size_t j = 0; j < keep.size(); ++j) {
      std::string cell = table.rows[r][keep[j]];
      if (r == 1 && !rename_second_variant.empty() && table.header[keep[j]] == "tabula_variant_code") {
        cell = rename_second_variant;
      }
      f << (j ? "," : "") << quoted(cell);
    }
    f << "\n";
  }
}

/// A scratch folder removed at the end of the test.
struct ScratchDir {
  fs::path path = fs::temp_directory_path() /
                  ("heattwin_tabula_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
  ScratchDir() { fs::create_directories(path); }
  ~ScratchDir() { fs::remove_all(path); }
};

}  // namespace

TEST(TabulaValidation, ModelReadsNoPublishedResult) {
  // Strip every published result (and TABULA's intermediate results) from both files: the model
  // must give bit-identical outcomes, i.e. nothing it computes comes from a reference column.
  ScratchDir dir;
  const heattwin::twin::CsvTable typology = heattwin::twin::read_csv(TABULA_DE);
  const heattwin::twin::CsvTable source = heattwin::twin::read_csv(TABULA_SOURCE);
  write_csv(typology, dir.path / "tabula_de.csv",
            {"h_tr_W_per_m2K", "h_ve_W_per_m2K", "q_ht_tr_kWh_per_m2a", "q_ht_ve_kWh_per_m2a", "q_sol_kWh_per_m2a",
             "q_int_kWh_per_m2a", "q_h_nd_kWh_per_m2a", "u_roof_mean_W_per_m2K", "u_wall_mean_W_per_m2K",
             "u_floor_mean_W_per_m2K", "u_window_mean_W_per_m2K", "g_window_1"},
            typology.rows.size());
  std::vector<std::string> results{"h_Transmission",
                                   "h_Ventilation",
                                   "Sum_DeltaT_for_HeatingDays",
                                   "F_red_temp",
                                   "q_ht_tr",
                                   "q_ht_ve",
                                   "q_ht",
                                   "g_gl_n",
                                   "q_sol",
                                   "q_int",
                                   "tau",
                                   "a_H",
                                   "gamma_h_gn",
                                   "eta_h_gn",
                                   "q_h_nd",
                                   "H_Transmission_ThermalBridging"};
  for (const char* part :
       {"Roof_1", "Roof_2", "Wall_1", "Wall_2", "Wall_3", "Floor_1", "Floor_2", "Window_1", "Window_2", "Door_1"}) {
    results.push_back(std::string("H_Transmission_") + part);
  }
  for (const char* dir_name : {"Hor", "East", "South", "West", "North"})
    results.push_back(std::string("Q_Sol_") + dir_name);
  write_csv(source, dir.path / "source.csv", results, source.rows.size());

  const auto full = demand::run_tabula_cases(demand::read_tabula_cases(TABULA_DE, TABULA_SOURCE));
  const auto stripped = demand::run_tabula_cases(
      demand::read_tabula_cases((dir.path / "tabula_de.csv").string(), (dir.path / "source.csv").string()));
  ASSERT_EQ(full.size(), stripped.size());
  for (std::size_t i = 0; i < full.size(); ++i) {
    EXPECT_EQ(full[i].q_h_nd_kwh_per_m2a, stripped[i].q_h_nd_kwh_per_m2a) << i;
    EXPECT_EQ(full[i].eta_gn, stripped[i].eta_gn) << i;
  }
}

TEST(TabulaValidation, MissingColumnsAndVariantsAreNamed) {
  ScratchDir dir;
  const heattwin::twin::CsvTable typology = heattwin::twin::read_csv(TABULA_DE);
  const std::string path = (dir.path / "tabula.csv").string();
  write_csv(typology, path, {"u_wall_1_W_per_m2K"}, 2);
  try {
    (void)demand::read_tabula_cases(path, TABULA_SOURCE);
    ADD_FAILURE() << "no error for a missing column";
  } catch (const heattwin::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("u_wall_1_W_per_m2K"), std::string::npos) << e.what();
  }
  write_csv(typology, path, {}, 2, "DE.N.XYZ.99.Gen.ReEx.001.001");
  try {
    (void)demand::read_tabula_cases(path, TABULA_SOURCE);
    ADD_FAILURE() << "no error for an unknown variant";
  } catch (const heattwin::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("DE.N.XYZ.99.Gen.ReEx.001.001"), std::string::npos) << e.what();
  }
}
