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
