#include "tests/unit/twin/twin_fixtures.hpp"
#include "twin/error.hpp"
#include "twin/h5.hpp"
#include "twin/summary.hpp"
#include "twin/twin_store.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

namespace heattwin::twin {
namespace {

using test::make_small_twin;
using test::TempDir;

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(TwinStore, RoundTripKeepsEveryColumn) {
  TempDir dir;
  Twin original = make_small_twin(25);
  original.grid.north_100m = {27000, 27001};
  original.grid.east_100m = {44000, 44000};
  original.buildings.grid_cell[3] = 1;
  original.streets.append(0, 0, 10, 0, 0);
  save_twin(original, dir.file("t.h5"));
  const Twin loaded = load_twin(dir.file("t.h5"));

  EXPECT_EQ(loaded.crs, original.crs);
  EXPECT_EQ(loaded.source, original.source);
  ASSERT_EQ(loaded.buildings.size(), 25u);
  for (std::size_t k = 0; k < 25; ++k) EXPECT_EQ(loaded.buildings.id[k], original.buildings.id[k]);
  // Every value column equal (NaN == NaN for unknowns).
  original.buildings.for_each_value_column(
      [&](std::string_view name, std::string_view, std::string_view, const auto& column) {
        loaded.buildings.for_each_value_column([&](std::string_view other, std::string_view, std::string_view,
                                                   const auto& loaded_column) {
          if (name != other) return;
          if constexpr (std::is_same_v<std::decay_t<decltype(column)>, std::decay_t<decltype(loaded_column)>>) {
            ASSERT_EQ(column.size(), loaded_column.size()) << name;
            for (std::size_t k = 0; k < column.size(); ++k) {
              if constexpr (std::is_floating_point_v<typename std::decay_t<decltype(column)>::value_type>) {
                EXPECT_TRUE((std::isnan(column[k]) && std::isnan(loaded_column[k])) || column[k] == loaded_column[k])
                    << name;
              } else {
                EXPECT_EQ(column[k], loaded_column[k]) << name;
              }
            }
          } else {
            ADD_FAILURE() << "column type changed: " << name;
          }
        });
      });
  EXPECT_EQ(loaded.buildings.prov_storeys, original.buildings.prov_storeys);
  EXPECT_EQ(loaded.buildings.footprints.x_m, original.buildings.footprints.x_m);
  EXPECT_EQ(loaded.buildings.footprints.ring_begin, original.buildings.footprints.ring_begin);
  EXPECT_EQ(loaded.regions.municipalities.at(0).ags, "15003000");
  EXPECT_EQ(loaded.regions.municipalities.at(0).population, 235775);
  EXPECT_EQ(loaded.regions.kreise.at(0).name, "Magdeburg, Landeshauptstadt");
  EXPECT_EQ(loaded.regions.blocks.at(0).id, "B1");
  EXPECT_EQ(loaded.grid.north_100m, original.grid.north_100m);
  EXPECT_EQ(loaded.streets.size(), 1u);
  EXPECT_EQ(loaded.imputations.at("storeys_from_height"), 12u);
  EXPECT_EQ(twin_summary_json(loaded), twin_summary_json(original));
}

TEST(TwinStore, SameTwinGivesByteIdenticalFile) {
  TempDir dir;
  const Twin t = make_small_twin(100);
  save_twin(t, dir.file("a.h5"));
  save_twin(t, dir.file("b.h5"));
  const std::string a = read_bytes(dir.file("a.h5"));
  EXPECT_GT(a.size(), 1000u);
  EXPECT_EQ(a, read_bytes(dir.file("b.h5")));
}

TEST(TwinStore, NoTemporaryFilesRemain) {
  TempDir dir;
  save_twin(make_small_twin(3), dir.file("t.h5"));
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++files;
  EXPECT_EQ(files, 1u);
}

TEST(TwinStore, InvalidTwinIsNotWritten) {
  TempDir dir;
  Twin t = make_small_twin(3);
  t.buildings.municipality[1] = 7;  // no such municipality
  EXPECT_THROW(save_twin(t, dir.file("t.h5")), DataError);
  EXPECT_FALSE(std::filesystem::exists(dir.file("t.h5")));
}

TEST(TwinStore, TruncatedFileIsAClearInputError) {
  TempDir dir;
  save_twin(make_small_twin(2000), dir.file("t.h5"));
  const std::string bytes = read_bytes(dir.file("t.h5"));
  for (double share : {0.1, 0.5, 0.9}) {
    {
      std::ofstream out(dir.file("cut.h5"), std::ios::binary | std::ios::trunc);
      out.write(bytes.data(), static_cast<std::streamsize>(static_cast<double>(bytes.size()) * share));
    }
    try {
      (void)load_twin(dir.file("cut.h5"));
      ADD_FAILURE() << "a truncated twin loaded";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("cut.h5"), std::string::npos) << e.what();
    }
  }
}

TEST(TwinStore, CorruptedDataFailsItsChecksum) {
  TempDir dir;
  save_twin(make_small_twin(5000), dir.file("t.h5"));
  std::string bytes = read_bytes(dir.file("t.h5"));
  // Flip scattered bytes in the middle part of the file, where the compressed column chunks lie.
  for (std::size_t k = bytes.size() * 2 / 5; k < bytes.size() * 3 / 5; k += 101)
    bytes[k] = static_cast<char>(bytes[k] ^ 0x5a);
  {
    std::ofstream out(dir.file("bad.h5"), std::ios::binary | std::ios::trunc);
    out << bytes;
  }
  EXPECT_THROW((void)load_twin(dir.file("bad.h5")), InputError);
}

TEST(TwinStore, NewerSchemaVersionIsRejectedQuotingBothVersions) {
  TempDir dir;
  save_twin(make_small_twin(2), dir.file("t.h5"));
  {
    // Rewrite the schema_version attribute as 2.0.
    hid_t f = H5Fopen(dir.file("t.h5").c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    H5Adelete(f, "schema_version");
    const hsize_t n = 2;
    hid_t space = H5Screate_simple(1, &n, nullptr);
    hid_t a = H5Acreate2(f, "schema_version", H5T_NATIVE_INT64, space, H5P_DEFAULT, H5P_DEFAULT);
    const std::int64_t v[2] = {2, 0};
    H5Awrite(a, H5T_NATIVE_INT64, v);
    H5Aclose(a);
    H5Sclose(space);
    H5Fclose(f);
  }
  try {
    (void)load_twin(dir.file("t.h5"));
    FAIL() << "a newer schema loaded";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("2.0"), std::string::npos) << msg;
    EXPECT_NE(msg.find("1.x"), std::string::npos) << msg;
  }
}

TEST(TwinStore, GeometryCheckRoundTripsAndIsUncheckedInSchema10Files) {
  TempDir dir;
  Twin t = make_small_twin(4);
  t.buildings.geometry_check = {0, 1, 2, 3};
  save_twin(t, dir.file("t.h5"));
  EXPECT_EQ(load_twin(dir.file("t.h5")).buildings.geometry_check, (std::vector<std::uint8_t>{0, 1, 2, 3}));
  {
    // A file of schema 1.0 has no geometry_check dataset.
    hid_t f = H5Fopen(dir.file("t.h5").c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    ASSERT_GE(H5Ldelete(f, "/buildings/geometry_check", H5P_DEFAULT), 0);
    H5Adelete(f, "schema_version");
    const hsize_t n = 2;
    hid_t space = H5Screate_simple(1, &n, nullptr);
    hid_t a = H5Acreate2(f, "schema_version", H5T_NATIVE_INT64, space, H5P_DEFAULT, H5P_DEFAULT);
    const std::int64_t v[2] = {1, 0};
    H5Awrite(a, H5T_NATIVE_INT64, v);
    H5Aclose(a);
    H5Sclose(space);
    H5Fclose(f);
  }
  const Twin old = load_twin(dir.file("t.h5"));
  EXPECT_EQ(old.buildings.geometry_check, (std::vector<std::uint8_t>(4, 0)));
}

/// Roofs for the first three of `n` buildings: two faces, one face, none; the others none.
RoofSurfaceSet three_roofs(std::size_t n) {
  RoofSurfaceSet r;
  using Ring = std::vector<std::array<double, 3>>;
  const std::vector<Ring> gable{{{0, 0, 5}, {10, 0, 5}, {10, 4, 8}, {0, 4, 8}},
                                {{10, 8, 5}, {0, 8, 5}, {0, 4, 8}, {10, 4, 8}}};
  const std::vector<Ring> flat{{{20, 0, 9}, {30, 0, 9}, {30, 8, 9}, {20, 8, 9}, {20, 0, 9}}};  // closed ring
  for (std::size_t b = 0; b < n; ++b) {
    if (b == 0)
      r.append_building(gable, RoofSource::lod2, 101.5);
    else if (b == 1)
      r.append_building(flat, RoofSource::lod2, 99.0);
    else
      r.append_building(std::span<const Ring>{}, RoofSource::lod2);
  }
  return r;
}

TEST(TwinStore, LoD2RoofsRoundTripAndOlderFilesHaveNone) {
  TempDir dir;
  Twin t = make_small_twin(4);
  t.roofs = three_roofs(4);
  ASSERT_TRUE(t.roofs.is_consistent(4));
  EXPECT_EQ(t.roofs.surface_count(), 3u);
  EXPECT_EQ(t.roofs.vertex_begin.back(), 12u);  // the closing duplicate of the flat ring is dropped
  save_twin(t, dir.file("t.h5"));
  const Twin back = load_twin(dir.file("t.h5"));
  EXPECT_EQ(back.roofs.surface_begin, t.roofs.surface_begin);
  EXPECT_EQ(back.roofs.vertex_begin, t.roofs.vertex_begin);
  EXPECT_EQ(back.roofs.x_m, t.roofs.x_m);
  EXPECT_EQ(back.roofs.y_m, t.roofs.y_m);
  EXPECT_EQ(back.roofs.z_m, t.roofs.z_m);
  EXPECT_EQ(back.roofs.source, t.roofs.source);
  ASSERT_EQ(back.roofs.ground_z_m.size(), 4u);
  EXPECT_EQ(back.roofs.ground_z_m[0], 101.5);
  EXPECT_TRUE(std::isnan(back.roofs.ground_z_m[3]));
  EXPECT_EQ(twin_summary_json(back)["roofs"]["surfaces"], 3);
  EXPECT_EQ(twin_summary_json(back)["roofs"]["buildings_with_roofs"], 2);
  // A twin without roofs writes no /roofs group; a file without one (schema 1.1 and before)
  // loads with no roofs.
  save_twin(make_small_twin(4), dir.file("none.h5"));
  {
    hid_t f = H5Fopen(dir.file("none.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    EXPECT_EQ(H5Lexists(f, "/roofs", H5P_DEFAULT), 0);
    H5Fclose(f);
  }
  EXPECT_TRUE(load_twin(dir.file("none.h5")).roofs.empty());
}

TEST(TwinStore, CompactRoofRingsKeepCoordinatesToAFractionOfAMillimetre) {
  // The import's compact roof store (float offsets from the building's first roof vertex): a
  // gable roof in UTM coordinates and a flat roof 1 km away in the same building come back within
  // 0.1 mm, and give the same set as the double rings, closing duplicates and short rings dropped.
  using Ring = std::vector<std::array<double, 3>>;
  const double x0 = 650123.457, y0 = 5800987.654, z = 57.321;
  const std::vector<Ring> rings{{{x0, y0, z},
                                 {x0 + 10.001, y0, z},
                                 {x0 + 10.001, y0 + 4.003, z + 3.127},
                                 {x0, y0 + 4.003, z + 3.127},
                                 {x0, y0, z}},
                                {{x0, y0, z}, {x0 + 1.0, y0, z}},  // too short: skipped
                                {{x0 + 1000.0, y0 + 999.999, z + 40.0},
                                 {x0 + 1010.0, y0 + 999.999, z + 40.0},
                                 {x0 + 1010.0, y0 + 1008.001, z + 40.0}}};
  CompactRoofRings compact;
  for (const auto& ring : rings) compact.add_ring(ring);
  compact.shrink_to_fit();
  ASSERT_EQ(compact.ring_count(), 2u);
  EXPECT_EQ(compact.vertex_count(), 7u);
  EXPECT_EQ(compact.ring_begin(1), 4u);
  EXPECT_EQ(compact.memory_bytes(), 7u * 3u * sizeof(float) + 2u * sizeof(std::uint32_t));
  RoofSurfaceSet from_doubles, from_compact;
  from_doubles.append_building(rings, RoofSource::lod2, 50.0);
  from_compact.append_building(compact, RoofSource::lod2, 50.0);
  ASSERT_TRUE(from_compact.is_consistent(1));
  EXPECT_EQ(from_compact.vertex_begin, from_doubles.vertex_begin);
  EXPECT_EQ(from_compact.surface_begin, from_doubles.surface_begin);
  EXPECT_EQ(from_compact.source, from_doubles.source);
  EXPECT_EQ(from_compact.ground_z_m, from_doubles.ground_z_m);
  double worst_m = 0.0;
  for (std::size_t v = 0; v < from_doubles.x_m.size(); ++v) {
    worst_m = std::max({worst_m, std::abs(from_compact.x_m[v] - from_doubles.x_m[v]),
                        std::abs(from_compact.y_m[v] - from_doubles.y_m[v]),
                        std::abs(from_compact.z_m[v] - from_doubles.z_m[v])});
  }
  EXPECT_LT(worst_m, 1e-4);
  EXPECT_EQ(from_compact.x_m[0], x0);  // the reference point itself is exact
}

TEST(TwinStore, BadRoofGroupIsAnInputErrorNamingTheDataset) {
  TempDir dir;
  Twin t = make_small_twin(4);
  t.roofs = three_roofs(4);
  save_twin(t, dir.file("t.h5"));
  {
    // Surface 2 claims building 7 of 4.
    hid_t f = H5Fopen(dir.file("t.h5").c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    hid_t d = H5Dopen2(f, "/roofs/building", H5P_DEFAULT);
    const std::uint32_t building[3] = {0, 0, 7};
    ASSERT_GE(H5Dwrite(d, H5T_NATIVE_UINT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, building), 0);
    H5Dclose(d);
    H5Fclose(f);
  }
  try {
    (void)load_twin(dir.file("t.h5"));
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("t.h5"), std::string::npos) << msg;
    EXPECT_NE(msg.find("roofs/building"), std::string::npos) << msg;
    EXPECT_NE(msg.find("surface 2 has building 7"), std::string::npos) << msg;
  }
}

TEST(TwinStore, HeatingPowerRoundTripsIsUnknownInSchema11FilesAndIsRangeChecked) {
  TempDir dir;
  Twin t = make_small_twin(3);
  t.buildings.heating_power_kw = {24.0, NaN, 410.5};
  save_twin(t, dir.file("t.h5"));
  const Twin loaded = load_twin(dir.file("t.h5"));
  EXPECT_EQ(loaded.buildings.heating_power_kw[0], 24.0);
  EXPECT_TRUE(std::isnan(loaded.buildings.heating_power_kw[1]));
  EXPECT_EQ(loaded.buildings.heating_power_kw[2], 410.5);
  {
    // A file of schema 1.1 has no heating_power_kw dataset: every power unknown.
    hid_t f = H5Fopen(dir.file("t.h5").c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    ASSERT_GE(H5Ldelete(f, "/buildings/heating_power_kw", H5P_DEFAULT), 0);
    H5Adelete(f, "schema_version");
    const hsize_t n = 2;
    hid_t space = H5Screate_simple(1, &n, nullptr);
    hid_t a = H5Acreate2(f, "schema_version", H5T_NATIVE_INT64, space, H5P_DEFAULT, H5P_DEFAULT);
    const std::int64_t v[2] = {1, 1};
    H5Awrite(a, H5T_NATIVE_INT64, v);
    H5Aclose(a);
    H5Sclose(space);
    H5Fclose(f);
  }
  const Twin old = load_twin(dir.file("t.h5"));
  ASSERT_EQ(old.buildings.heating_power_kw.size(), 3u);
  for (double p : old.buildings.heating_power_kw) EXPECT_TRUE(std::isnan(p));
  // A power in W instead of kW (or a damaged value) is refused, naming the building.
  t.buildings.heating_power_kw[2] = 410500.0;
  try {
    save_twin(t, dir.file("bad.h5"));
    ADD_FAILURE() << "a 410 MW building system was saved";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("heating_power_kw"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(t.buildings.id[2]), std::string::npos) << e.what();
  }
}

TEST(TwinStore, NonTwinFilesAreRejected) {
  TempDir dir;
  {
    std::ofstream out(dir.file("text.h5"));
    out << "not hdf5 at all";
  }
  EXPECT_THROW((void)load_twin(dir.file("text.h5")), InputError);
  EXPECT_THROW((void)load_twin(dir.file("missing.h5")), InputError);
  {
    auto f = h5::File::create(dir.file("other.h5"));
    f.root().set_attribute("filetype", "something-else");
    f.commit();
  }
  EXPECT_THROW((void)load_twin(dir.file("other.h5")), InputError);
}

}  // namespace
}  // namespace heattwin::twin
