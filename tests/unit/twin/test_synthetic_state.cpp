// Tests of the synthetic state generator (twin/synthetic_state.hpp).

#include "twin/synthetic_state.hpp"

#include "tests/unit/twin/twin_fixtures.hpp"
#include "twin/error.hpp"
#include "twin/twin_store.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <map>

namespace heattwin::twin {
namespace {

std::string table_path() {
  return std::string(HEATTWIN_SOURCE_DATA_DIR) + "/regions/sachsen_anhalt_municipalities.csv";
}

SyntheticStateOptions options(std::size_t n, std::uint64_t seed = 7) {
  SyntheticStateOptions o;
  o.seed = seed;
  o.building_count = n;
  o.municipality_table = table_path();
  return o;
}

/// One mid-size state shared by the read-only tests (generation takes ≈ 0.3 s).
const Twin& state() {
  static const Twin twin = generate_synthetic_state(options(120'000));
  return twin;
}

template <class T>
bool same(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    if constexpr (std::is_floating_point_v<T>) {
      if (!(a[k] == b[k] || (std::isnan(a[k]) && std::isnan(b[k])))) return false;
    } else if (a[k] != b[k]) {
      return false;
    }
  }
  return true;
}

/// True if every column, id and footprint of two building sets is identical.
bool identical_buildings(const BuildingSet& a, const BuildingSet& b) {
  if (a.id.chars() != b.id.chars() || a.id.offsets() != b.id.offsets()) return false;
  bool ok = true;
  a.for_each_value_column([&](std::string_view name, std::string_view, std::string_view, const auto& column) {
    b.for_each_value_column([&](std::string_view other, std::string_view, std::string_view, const auto& other_column) {
      if constexpr (std::is_same_v<std::decay_t<decltype(column)>, std::decay_t<decltype(other_column)>>)
        if (name == other && !same(column, other_column)) ok = false;
    });
  });
  a.for_each_provenance_column([&](std::string_view name, std::string_view, const auto& column) {
    b.for_each_provenance_column([&](std::string_view other, std::string_view, const auto& other_column) {
      if (name == other && column != other_column) ok = false;
    });
  });
  return ok && same(a.footprints.x_m, b.footprints.x_m) && same(a.footprints.y_m, b.footprints.y_m) &&
         a.footprints.ring_begin == b.footprints.ring_begin && a.footprints.vertex_begin == b.footprints.vertex_begin;
}

TEST(SyntheticState, HasTheRealKreiseAndMunicipalities) {
  const Twin& t = state();
  EXPECT_EQ(t.regions.kreise.size(), 14u);
  EXPECT_EQ(t.regions.municipalities.size(), 218u);
  EXPECT_EQ(t.regions.state_ags, "15");
  EXPECT_TRUE(t.regions.find_municipality("15003000").has_value());  // Magdeburg
  EXPECT_TRUE(t.regions.find_municipality("15002000").has_value());  // Halle (Saale)
  EXPECT_EQ(t.regions.municipality_boundaries.polygon_count(), 218u);
  EXPECT_EQ(t.crs, "EPSG:25832");
}

TEST(SyntheticState, CountsPerMunicipalityAndKreisSumToN) {
  const Twin& t = state();
  const auto& b = t.buildings;
  ASSERT_EQ(b.size(), 120'000u);
  std::vector<std::size_t> per_muni(t.regions.municipalities.size(), 0);
  std::vector<std::size_t> per_kreis(t.regions.kreise.size(), 0);
  for (std::size_t i = 0; i < b.size(); ++i) {
    ASSERT_LT(b.municipality[i], per_muni.size());
    ++per_muni[b.municipality[i]];
    ++per_kreis[t.regions.municipalities[b.municipality[i]].kreis];
  }
  std::size_t sum_m = 0, sum_k = 0;
  for (auto c : per_muni) {
    EXPECT_GE(c, 100u);  // the floor for small municipalities
    sum_m += c;
  }
  for (auto c : per_kreis) {
    EXPECT_GT(c, 0u);
    sum_k += c;
  }
  EXPECT_EQ(sum_m, b.size());
  EXPECT_EQ(sum_k, b.size());
  // Cities get the most buildings (∝ population): Halle and Magdeburg lead.
  const auto halle = *t.regions.find_municipality("15002000");
  for (std::size_t k = 0; k < per_muni.size(); ++k) {
    if (t.regions.municipalities[k].population < 100'000) {
      EXPECT_LT(per_muni[k], per_muni[halle]);
    }
  }
}

TEST(SyntheticState, InvariantsHoldAndMemoryIsBelowOneKibPerBuilding) {
  const Twin& t = state();
  EXPECT_NO_THROW(check_invariants(t, "synthetic state"));
  EXPECT_LE(static_cast<double>(t.buildings.memory_bytes()) / static_cast<double>(t.buildings.size()), 1024.0);
  EXPECT_GT(t.grid.size(), 1000u);
  EXPECT_GT(t.streets.size(), 1000u);
  EXPECT_GT(t.regions.blocks.size(), 1000u);
}

TEST(SyntheticState, SameSeedGivesIdenticalTwinAtAnyThreadCount) {
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  const Twin a = generate_synthetic_state(options(20'000, 3));
  omp_set_num_threads(std::max(2, threads));
  const Twin b = generate_synthetic_state(options(20'000, 3));
  omp_set_num_threads(threads);
  EXPECT_TRUE(identical_buildings(a.buildings, b.buildings));
  EXPECT_EQ(a.streets.x0_m, b.streets.x0_m);
  EXPECT_EQ(a.grid.north_100m, b.grid.north_100m);
  EXPECT_EQ(a.regions.blocks.size(), b.regions.blocks.size());

  const Twin c = generate_synthetic_state(options(20'000, 4));
  EXPECT_FALSE(identical_buildings(a.buildings, c.buildings));
  EXPECT_NE(a.buildings.x_m, c.buildings.x_m);
  EXPECT_NE(a.buildings.year_of_construction, c.buildings.year_of_construction);
}

TEST(SyntheticState, SameSeedGivesByteIdenticalFile) {
  test::TempDir dir;
  save_twin(generate_synthetic_state(options(10'000, 11)), dir.file("a.h5"));
  save_twin(generate_synthetic_state(options(10'000, 11)), dir.file("b.h5"));
  auto bytes = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string a = bytes(dir.file("a.h5"));
  EXPECT_GT(a.size(), 100'000u);
  EXPECT_TRUE(a == bytes(dir.file("b.h5")));
}

TEST(SyntheticState, DistributionsMatchTheCitedTargets) {
  const auto& b = state().buildings;
  std::size_t residential = 0, before_1950 = 0, since_2016 = 0;
  std::map<ResidentialType, std::size_t> type;
  std::size_t unheated = 0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    const auto rt = static_cast<ResidentialType>(b.residential_type[i]);
    if (static_cast<UseClass>(b.use_class[i]) == UseClass::unheated) ++unheated;
    if (rt == ResidentialType::none) continue;
    ++residential;
    ++type[rt];
    if (b.year_of_construction[i] < 1950) ++before_1950;
    if (b.year_of_construction[i] >= 2016) ++since_2016;
  }
  const double n = static_cast<double>(b.size());
  const double r = static_cast<double>(residential);
  EXPECT_NEAR(r / n, synthetic_targets::RESIDENTIAL_SHARE, 0.005);
  EXPECT_NEAR(static_cast<double>(before_1950) / r, synthetic_targets::BUILT_BEFORE_1950_SHARE, 0.015);
  EXPECT_NEAR(static_cast<double>(since_2016) / r, synthetic_targets::BUILT_2016_OR_LATER_SHARE, 0.005);
  EXPECT_NEAR(static_cast<double>(type[ResidentialType::efh]) / r, synthetic_targets::EFH_SHARE, 0.01);
  EXPECT_NEAR(static_cast<double>(type[ResidentialType::rh]) / r, synthetic_targets::RH_SHARE, 0.01);
  EXPECT_NEAR(static_cast<double>(type[ResidentialType::mfh]) / r, synthetic_targets::MFH_SHARE, 0.01);
  EXPECT_NEAR(static_cast<double>(type[ResidentialType::gmh]) / r, synthetic_targets::GMH_SHARE, 0.005);
  // Garages, sheds, garden houses and barns: the bulk of the non-residential objects.
  EXPECT_GT(static_cast<double>(unheated) / n, 0.3);
  EXPECT_LT(static_cast<double>(unheated) / n, 0.5);
}

TEST(SyntheticState, ColumnsAreConsistentWithTheFootprints) {
  const Twin& t = state();
  const auto& b = t.buildings;
  const auto& fp = b.footprints;
  const auto sectors = wall_sector_columns(b);
  std::size_t shared = 0, attached_rh = 0, rh = 0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    ASSERT_EQ(fp.ring_begin[i + 1] - fp.ring_begin[i], 1u);
    const auto v0 = fp.vertex_begin[fp.ring_begin[i]], v1 = fp.vertex_begin[fp.ring_begin[i] + 1];
    ASSERT_EQ(v1 - v0, 4u);
    double a2 = 0.0, perimeter = 0.0, cx = 0.0, cy = 0.0;
    for (auto v = v0; v < v1; ++v) {
      const auto w = v + 1 == v1 ? v0 : v + 1;
      const double x0 = fp.x_m[v] - fp.x_m[v0], y0 = fp.y_m[v] - fp.y_m[v0];
      const double x1 = fp.x_m[w] - fp.x_m[v0], y1 = fp.y_m[w] - fp.y_m[v0];
      a2 += x0 * y1 - x1 * y0;
      perimeter += std::hypot(x1 - x0, y1 - y0);
      cx += fp.x_m[v] / 4.0;
      cy += fp.y_m[v] / 4.0;
    }
    ASSERT_GT(a2, 0.0) << "footprint of " << b.id[i] << " is not counter-clockwise";
    ASSERT_NEAR(a2 / 2.0, b.footprint_area_m2[i], 1e-6 * b.footprint_area_m2[i]) << b.id[i];
    ASSERT_NEAR(perimeter, b.perimeter_m[i], 1e-6 * perimeter) << b.id[i];
    ASSERT_NEAR(cx, b.x_m[i], 1e-6);  // centroid of a rectangle = mean of its corners
    ASSERT_NEAR(cy, b.y_m[i], 1e-6);
    ASSERT_NEAR(b.volume_m3[i], b.footprint_area_m2[i] * b.height_m[i], 1e-9 * b.volume_m3[i]);
    ASSERT_NEAR(b.wall_area_m2[i], b.perimeter_m[i] * b.height_m[i], 1e-9 * b.wall_area_m2[i]);
    double exposed = 0.0;
    for (const auto* col : sectors) exposed += (*col)[i];
    ASSERT_NEAR(exposed + b.shared_wall_area_m2[i], b.wall_area_m2[i], 1e-6 * b.wall_area_m2[i]) << b.id[i];
    ASSERT_GE(b.storeys[i], 1);
    ASSERT_GT(b.height_m[i], 2.0);
    ASSERT_EQ(b.age_class[i], age_class_of_year(b.year_of_construction[i]));
    ASSERT_GT(b.alkis_function[i], 999);
    ASSERT_LT(b.block[i], t.regions.blocks.size());
    ASSERT_EQ(t.regions.blocks[b.block[i]].municipality, b.municipality[i]);
    ASSERT_EQ(b.id[i].substr(3, 8), t.regions.municipalities[b.municipality[i]].ags);
    ASSERT_NE(b.grid_cell[i], NO_INDEX);
    ASSERT_EQ(b.prov_height[i], Provenance::measured);
    ASSERT_EQ(b.prov_envelope[i], Provenance::geometry);
    if (b.shared_wall_area_m2[i] > 0) ++shared;
    if (static_cast<ResidentialType>(b.residential_type[i]) == ResidentialType::rh) {
      ++rh;
      if (b.shared_wall_area_m2[i] > 0) ++attached_rh;
    }
  }
  EXPECT_GT(shared, 0u);
  EXPECT_GT(static_cast<double>(attached_rh) / static_cast<double>(rh), 0.6);  // terraces share walls
}

TEST(SyntheticState, BuildingsLieInSachsenAnhalt) {
  const auto& b = state().buildings;
  // Extent of the state in EPSG:25832 (≈ 610–790 km E, 5640–5880 km N) with a margin for villages.
  for (std::size_t i = 0; i < b.size(); i += 97) {
    EXPECT_GT(b.x_m[i], 590'000.0);
    EXPECT_LT(b.x_m[i], 810'000.0);
    EXPECT_GT(b.y_m[i], 5'620'000.0);
    EXPECT_LT(b.y_m[i], 5'900'000.0);
  }
}

TEST(SyntheticState, SeededLayoutWithoutBoundariesAndTinyCounts) {
  auto o = options(500, 5);
  o.boundaries = "none";
  const Twin t = generate_synthetic_state(o);
  EXPECT_EQ(t.buildings.size(), 500u);
  EXPECT_EQ(t.regions.municipality_boundaries.polygon_count(), 0u);
  EXPECT_NO_THROW(check_invariants(t, "tiny synthetic state"));
  const Twin empty = generate_synthetic_state(options(0));
  EXPECT_EQ(empty.buildings.size(), 0u);
  EXPECT_NO_THROW(check_invariants(empty, "empty synthetic state"));
}

TEST(SyntheticState, MissingTableIsAnInputError) {
  auto o = options(100);
  o.municipality_table = "/nonexistent/municipalities.csv";
  EXPECT_THROW(generate_synthetic_state(o), InputError);
}

}  // namespace
}  // namespace heattwin::twin
