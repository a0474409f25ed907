/// Typology tables: effective U values of a TABULA variant checked by hand, the transmission
/// conductance of every variant against TABULA's own H_tr, nearest-class fill-in, and the
/// enrichment of a twin (only unknown values, provenance, counts).

#include "tests/unit/validation_line.hpp"
#include "twin/csv.hpp"
#include "twin/error.hpp"
#include "twin/typology.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

namespace tw = heattwin::twin;

namespace {

const std::string DATA = HEATTWIN_SOURCE_DATA_DIR;
const std::string TABULA = DATA + "/typology/tabula_de.csv";
const std::string NON_RESIDENTIAL = DATA + "/typology/non_residential_de.csv";

}  // namespace

TEST(Typology, EffectiveUValuesOfOneVariantByHand) {
  const auto t = tw::load_typology(TABULA, NON_RESIDENTIAL);
  const auto& e = t.residential[1][1];  // EFH, ≤ 1859, existing: DE.N.SFH.01.Gen.ReEx.001.001
  EXPECT_EQ(e.code, "DE.N.SFH.01.Gen.ReEx.001.001");
  // Wall 169.8 m² at 2.0 plus a 2 m² door at 3.0, plus ΔU 0.1.
  EXPECT_NEAR(e.u_wall_w_per_m2k, (2.0 * 169.8 + 3.0 * 2.0) / 171.8 + 0.1, 1e-12);
  // Floor over the cellar: 2.9 with b = 0.5.
  EXPECT_NEAR(e.u_floor_w_per_m2k, 2.9 * 0.5 + 0.1, 1e-12);
  EXPECT_NEAR(e.u_window_w_per_m2k, 2.8 + 0.1, 1e-12);
  EXPECT_NEAR(e.window_share_of_floor_area, 28.8 / 218.9, 1e-12);
  EXPECT_NEAR(e.air_change_1_per_h, 0.6, 1e-12);
  EXPECT_NEAR(e.reference_area_per_heated_floor_area, 218.9 / 245.6, 1e-12);  // A_C,ref / A_N (EnEV)
  // TABULA has no RH class 1: the nearest class (2) stands in.
  EXPECT_EQ(t.residential[2][1].code, t.residential[2][2].code);
}

TEST(Typology, TransmissionConductanceMatchesTabula) {
  // Σ U_eff · A over the element groups must reproduce TABULA's h_tr (W/m²K per m² A_ref) for
  // every national generic variant of every refurbishment state.
  const auto table = tw::read_csv(TABULA);
  std::size_t checked = 0;
  double worst = 0.0;
  for (const std::string state : {"existing", "usual_refurbishment", "advanced_refurbishment"}) {
    const auto t = tw::load_typology(TABULA, NON_RESIDENTIAL, state);
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      const auto& row = table.rows[r];
      auto cell = [&](const char* name) {
        const auto& c = row[table.column(name)];
        return c.empty() ? 0.0 : std::stod(c);
      };
      if (row[table.column("typology_region")] != "national" || row[table.column("subtype")] != "generic" ||
          row[table.column("refurbishment_state")] != state)
        continue;
      const std::string type = row[table.column("building_type_de")];
      const std::size_t k = type == "EFH" ? 1 : type == "RH" ? 2 : type == "MFH" ? 3 : 4;
      const auto& e = t.residential[k][static_cast<std::size_t>(cell("age_class_no"))];
      const double walls = cell("a_wall_1_m2") + cell("a_wall_2_m2") + cell("a_wall_3_m2") + cell("a_door_m2");
      const double h_tr = e.u_wall_w_per_m2k * walls +
                          e.u_roof_w_per_m2k * (cell("a_roof_1_m2") + cell("a_roof_2_m2")) +
                          e.u_floor_w_per_m2k * (cell("a_floor_1_m2") + cell("a_floor_2_m2")) +
                          e.u_window_w_per_m2k * (cell("a_window_1_m2") + cell("a_window_2_m2"));
      const double reference = cell("h_tr_W_per_m2K") * cell("a_ref_m2");
      const double rel = std::abs(h_tr / reference - 1.0);
      worst = std::max(worst, rel);
      // TABULA publishes h_tr with 2 decimals (half a digit: 0.005 per m² A_ref) and rounds the
      // U values and areas it lists (1 %).
      const double tol = 0.01 + 0.005 * cell("a_ref_m2") / reference;
      heattwin::test::ValidationLine("tabula_envelope", row[0], "h_tr").at_most("rel_err", rel, tol, 2);
      ++checked;
    }
  }
  EXPECT_GE(checked, 100u);
}

TEST(Typology, EnrichmentFillsOnlyUnknownValues) {
  const auto t = tw::load_typology(TABULA, NON_RESIDENTIAL);
  tw::Twin twin;
  auto& b = twin.buildings;
  for (int k = 0; k < 3; ++k) {
    const auto i = b.append_unknown("b" + std::to_string(k));
    b.heated_floor_area_m2[i] = 150.0;
    b.use_class[i] = static_cast<std::uint8_t>(k == 2 ? tw::UseClass::office : tw::UseClass::residential);
    b.residential_type[i] = k == 2 ? 0 : 3;  // MFH
    b.age_class[i] = 6;
    b.year_of_construction[i] = 1972;
  }
  b.u_wall_w_per_m2k[1] = 0.25;  // measured: must stay
  b.prov_u_values[1] = tw::Provenance::measured;
  EXPECT_EQ(tw::enrich_envelope_from_typology(twin, t), 3u);
  EXPECT_NEAR(b.u_wall_w_per_m2k[0], t.residential[3][6].u_wall_w_per_m2k, 1e-12);
  EXPECT_EQ(b.u_wall_w_per_m2k[1], 0.25);
  EXPECT_NEAR(b.u_roof_w_per_m2k[1], t.residential[3][6].u_roof_w_per_m2k, 1e-12);
  EXPECT_NEAR(b.window_area_m2[0], 150.0 * t.residential[3][6].window_share_of_floor_area, 1e-9);
  EXPECT_EQ(b.prov_u_values[0], tw::Provenance::typology);
  EXPECT_NEAR(b.u_wall_w_per_m2k[2],
              t.non_residential[static_cast<std::size_t>(tw::UseClass::office)][0].u_wall_w_per_m2k, 1e-12);
  EXPECT_EQ(twin.imputations["envelope_from_tabula_existing"], 2u);
  EXPECT_EQ(twin.imputations["envelope_from_iwu_non_residential"], 1u);
  EXPECT_EQ(b.prov_u_values[1], tw::Provenance::measured);  // a measured U keeps the group measured
  // A scenario re-derives typology values for another refurbishment state; measured ones stay.
  const auto refurbished = tw::load_typology(TABULA, NON_RESIDENTIAL, "advanced_refurbishment");
  tw::enrich_envelope_from_typology(twin, refurbished);
  EXPECT_NEAR(b.u_wall_w_per_m2k[0], refurbished.residential[3][6].u_wall_w_per_m2k, 1e-12);
  EXPECT_LT(b.u_wall_w_per_m2k[0], t.residential[3][6].u_wall_w_per_m2k);
  EXPECT_EQ(b.u_wall_w_per_m2k[1], 0.25);
  EXPECT_EQ(twin.imputations["envelope_from_tabula_advanced_refurbishment"], 2u);
}

TEST(Typology, BadTablesGiveClearErrors) {
  EXPECT_THROW(tw::load_typology(TABULA, NON_RESIDENTIAL, "demolished"), heattwin::InputError);
  EXPECT_THROW(tw::load_typology("/nonexistent/tabula.csv", NON_RESIDENTIAL), heattwin::InputError);
}

namespace {

const std::string MODERNISATION = DATA + "/typology/modernisation_shares_de.csv";

/// Writes `text` to a temporary CSV and returns its path.
std::string temporary_csv(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name;
  std::FILE* f = std::fopen(path.c_str(), "w");
  std::fputs(text.c_str(), f);
  std::fclose(f);
  return path;
}

}  // namespace

TEST(Modernisation, SharesFileReproducesTheDerivation) {
  // data/typology/PROVENANCE.md §5: Datenbasis Gebäudebestand (2010), share of all residential
  // buildings with the element at least partly insulated, s, and of those built from 2005,
  // s_new; two thirds of the stock built before 1979 → s_pre1979 = (s − s_new / 3) / (2/3).
  const auto m = tw::load_modernisation_shares(MODERNISATION);
  const std::array<double, 3> all{0.42, 0.76, 0.37}, built_from_2005{0.97, 0.99, 0.87};
  for (std::size_t e = 0; e < 3; ++e) {
    const double pre_1979 = (all[e] - built_from_2005[e] / 3.0) / (2.0 / 3.0);
    for (std::size_t age = 1; age <= 6; ++age) EXPECT_NEAR(m.share[age][e], pre_1979, 5e-4) << age << " " << e;
    for (std::size_t age = 7; age <= 12; ++age) EXPECT_EQ(m.share[age][e], 0.0);
  }
  for (std::size_t age = 1; age <= 12; ++age) EXPECT_EQ(m.share[age][3], 0.0);  // windows: not imputed
}

TEST(Modernisation, BadSharesTablesNameFileAndLine) {
  const std::string header = "age_class_no,wall,roof,floor,window\n";
  std::string rows;
  for (int age = 1; age <= 12; ++age) rows += std::to_string(age) + ",0.1,0.2,0.3,0\n";
  EXPECT_NO_THROW(tw::load_modernisation_shares(temporary_csv("ok.csv", header + rows)));
  auto message = [&](const std::string& text) {
    try {
      tw::load_modernisation_shares(temporary_csv("bad.csv", text));
    } catch (const heattwin::InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message(header + "1,1.5,0,0,0\n" + rows).find("bad.csv:2: wall share 1.5 must lie in [0, 1]"),
            std::string::npos);
  EXPECT_NE(message(header + rows + "3,0,0,0,0\n").find("bad.csv:14: age class 3 appears twice"), std::string::npos);
  EXPECT_NE(message(header + "1,0,0,0,0\n").find("no row for age class 2"), std::string::npos);
  EXPECT_NE(message(header + "13,0,0,0,0\n").find("age_class_no 13 must be a TABULA age class"), std::string::npos);
  EXPECT_NE(message("age_class_no,wall,roof,floor\n1,0,0,0\n").find("window"), std::string::npos);
}

TEST(Modernisation, RatesFileReproducesTheDerivationAndCarriesSharesForward) {
  // data/typology/PROVENANCE.md §6: walls ≈ 0.8 %/a of the residential buildings (Neuhoff et al.
  // 2011 citing the Datenbasis Gebäudebestand), taken for the pre-1979 classes 01–06; no cited
  // rate for roofs, floors and windows; survey year 2010.
  const auto rates = tw::load_modernisation_rates(DATA + "/typology/modernisation_rates_de.csv");
  EXPECT_EQ(rates.survey_year, 2010);
  EXPECT_DOUBLE_EQ(rates.rate_per_year[0], 0.008);
  for (std::size_t e = 1; e < 4; ++e) EXPECT_EQ(rates.rate_per_year[e], 0.0) << e;
  EXPECT_EQ(rates.age_class_from[0], 1);
  EXPECT_EQ(rates.age_class_to[0], 6);
  const auto survey = tw::load_modernisation_shares(MODERNISATION);
  // 2023: 13 years after the survey.
  const auto y2023 = tw::modernisation_shares_in_year(survey, rates, 2023);
  for (std::size_t age = 1; age <= 6; ++age) {
    EXPECT_NEAR(y2023.share[age][0], survey.share[age][0] + 13 * 0.008, 1e-12) << age;
    EXPECT_NEAR(y2023.share[age][0], 0.249, 5e-4) << age;  // 0.145 + 0.104
    for (std::size_t e = 1; e < 4; ++e) EXPECT_EQ(y2023.share[age][e], survey.share[age][e]) << age << " " << e;
  }
  for (std::size_t age = 7; age <= 12; ++age) EXPECT_EQ(y2023.share[age][0], 0.0) << age;  // outside the range
  // The survey year gives the survey shares; far years are clamped to [0, 1].
  const auto y2010 = tw::modernisation_shares_in_year(survey, rates, 2010);
  for (std::size_t age = 1; age <= 12; ++age) EXPECT_EQ(y2010.share[age], survey.share[age]) << age;
  EXPECT_NEAR(tw::modernisation_shares_in_year(survey, rates, 2100).share[3][0], 0.145 + 90 * 0.008, 5e-4);
  EXPECT_EQ(tw::modernisation_shares_in_year(survey, rates, 1900).share[3][0], 0.0);
  tw::ModernisationRates fast = rates;
  fast.rate_per_year[0] = 0.1;
  EXPECT_EQ(tw::modernisation_shares_in_year(survey, fast, 2030).share[3][0], 1.0);
}

TEST(Modernisation, BadRatesTablesNameFileAndLine) {
  const std::string header = "element,rate_per_year,age_class_from,age_class_to,survey_year\n";
  const std::string rows = "wall,0.01,1,6,2010\nroof,0,1,6,2010\nfloor,0,1,6,2010\nwindow,0,1,6,2010\n";
  EXPECT_NO_THROW(tw::load_modernisation_rates(temporary_csv("rates_ok.csv", header + rows)));
  auto message = [&](const std::string& text) {
    try {
      tw::load_modernisation_rates(temporary_csv("rates_bad.csv", text));
    } catch (const heattwin::InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message(header + "door,0,1,6,2010\n" + rows).find("rates_bad.csv:2: element 'door' must be"),
            std::string::npos);
  EXPECT_NE(message(header + rows + "wall,0,1,6,2010\n").find("rates_bad.csv:6: element wall appears twice"),
            std::string::npos);
  EXPECT_NE(message(header + "wall,1.5,1,6,2010\n").find("rate_per_year 1.5 must lie in [0, 1]"), std::string::npos);
  EXPECT_NE(message(header + "wall,0,6,1,2010\n").find("age classes 6..1"), std::string::npos);
  EXPECT_NE(message(header + "wall,0,1,6,2010\nroof,0,1,6,2011\n").find("survey_year 2011 differs from 2010"),
            std::string::npos);
  EXPECT_NE(message(header + "wall,0,1,6,2010\n").find("no row for element roof"), std::string::npos);
}

TEST(Modernisation, DrawsEachElementWithItsShareAndKeepsKnownStates) {
  const auto existing = tw::load_typology(TABULA, NON_RESIDENTIAL);
  const auto package = tw::load_typology(TABULA, NON_RESIDENTIAL, "usual_refurbishment");
  tw::ModernisationShares shares;
  for (std::size_t age = 1; age <= 12; ++age) shares.share[age] = {0.2, 0.6, 0.1, 0.0};
  constexpr std::size_t N = 20'000;
  auto make_twin = [&](bool reversed) {
    tw::Twin twin;
    auto& b = twin.buildings;
    for (std::size_t k = 0; k < N; ++k) {
      const std::size_t id = reversed ? N - 1 - k : k;
      const auto i = b.append_unknown("b" + std::to_string(id));
      b.heated_floor_area_m2[i] = 150.0;
      b.use_class[i] = static_cast<std::uint8_t>(tw::UseClass::residential);
      b.residential_type[i] = 1;  // EFH
      b.age_class[i] = 3;         // 1919–1948
      b.year_of_construction[i] = 1930;
    }
    tw::enrich_envelope_from_typology(twin, existing);
    const std::size_t measured = reversed ? N - 1 : 0;  // building "b0": measured, must stay
    b.u_wall_w_per_m2k[measured] = 0.9;
    b.prov_u_values[measured] = tw::Provenance::measured;
    return twin;
  };
  tw::Twin twin = make_twin(false);
  const tw::ModernisationImputation m = tw::impute_modernisation(twin, package, shares, 7);
  const auto& b = twin.buildings;
  EXPECT_EQ(m.buildings_known, 1u);
  EXPECT_EQ(m.buildings_unknown, N - 1);
  EXPECT_EQ(b.u_wall_w_per_m2k[0], 0.9);
  EXPECT_EQ(b.prov_u_values[0], tw::Provenance::measured);
  const auto& old = existing.residential[1][3];
  const auto& modern = package.residential[1][3];
  std::array<std::size_t, 4> counted{};
  for (std::size_t i = 1; i < N; ++i) {
    // Each element is either the existing or the package's U value, and the mask says which.
    const std::array<double, 4> u{b.u_wall_w_per_m2k[i], b.u_roof_w_per_m2k[i], b.u_floor_w_per_m2k[i],
                                  b.u_window_w_per_m2k[i]};
    const std::array<double, 4> u_old{old.u_wall_w_per_m2k, old.u_roof_w_per_m2k, old.u_floor_w_per_m2k,
                                      old.u_window_w_per_m2k};
    const std::array<double, 4> u_new{modern.u_wall_w_per_m2k, modern.u_roof_w_per_m2k, modern.u_floor_w_per_m2k,
                                      modern.u_window_w_per_m2k};
    for (std::size_t e = 0; e < 4; ++e) {
      const bool bit = (m.modernised_elements[i] >> e) & 1U;
      EXPECT_EQ(u[e], bit ? u_new[e] : u_old[e]);
      counted[e] += bit ? 1 : 0;
    }
    EXPECT_EQ(b.prov_u_values[i], m.modernised_elements[i] != 0 ? tw::Provenance::imputed : tw::Provenance::typology);
  }
  // The drawn shares lie within 4 binomial standard deviations of the shares.
  for (std::size_t e = 0; e < 4; ++e) {
    EXPECT_EQ(counted[e], m.elements[e]);
    const double p = shares.share[3][e];
    const double sd = std::sqrt(p * (1.0 - p) / static_cast<double>(N - 1));
    heattwin::test::ValidationLine("modernisation_imputation", std::string(tw::ENVELOPE_ELEMENT_NAMES[e]), "share")
        .fixed("expected", p, 3)
        .within("drawn", static_cast<double>(counted[e]) / static_cast<double>(N - 1), p - 4.0 * sd - 1e-12,
                p + 4.0 * sd + 1e-12, 4);
  }
  EXPECT_EQ(twin.imputations["modernisation_wall_imputed"], m.elements[0]);
  EXPECT_EQ(twin.imputations.count("modernisation_window_imputed"), 0u);
  // The draws follow the building id, not the row: the reversed twin gets the same buildings modernised.
  tw::Twin reversed = make_twin(true);
  const tw::ModernisationImputation r = tw::impute_modernisation(reversed, package, shares, 7);
  for (std::size_t i = 0; i < N; ++i) ASSERT_EQ(r.modernised_elements[N - 1 - i], m.modernised_elements[i]) << i;
  // Another seed draws other buildings.
  tw::Twin other = make_twin(false);
  EXPECT_NE(tw::impute_modernisation(other, package, shares, 8).modernised_elements, m.modernised_elements);
}
