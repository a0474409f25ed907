// Regression tests of issue 20 (reliability): each defect class found by probing and fuzzing is
// pinned here by the smallest input that showed it — non-regular inputs (FIFO, directory), paths
// the system cannot resolve, GDAL reaching outside, CityJSON without transform, JSON number
// overflow, implausible typology values, corrupt string heaps in HDF5, interruption litter, and a
// footprint ring whose shared-wall search was quadratic.
#include "tests/unit/expect_input_error.hpp"
#include "tests/unit/twin/twin_fixtures.hpp"
#include "twin/atomic_file.hpp"
#include "twin/cityjson_reader.hpp"
#include "twin/csv.hpp"
#include "twin/error.hpp"
#include "twin/footprint_import.hpp"
#include "twin/gdal_session.hpp"
#include "twin/input_file.hpp"
#include "twin/twin_store.hpp"
#include "twin/typology.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <numbers>
#include <string>
#include <vector>

namespace heattwin::twin {
namespace {

namespace fs = std::filesystem;
using test::expect_input_error;
using test::TempDir;

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The pid of a process that has exited and been reaped: no process of that pid exists (until
/// the system reuses it, which takes a full pid cycle).
pid_t dead_pid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return child;
}

// ------------------------------------------------------------- class 8: non-regular inputs

TEST(InputFile, FifoDirectoryMissingTooLongAndLoopAreInputErrors) {
  TempDir dir;
  const std::string fifo = dir.file("pipe.csv");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // Reading a FIFO nobody writes to would block forever: refused before it is opened.
  expect_input_error([&] { (void)read_csv(fifo); }, {"pipe.csv", "FIFO", "regular file"});
  expect_input_error([&] { check_input_file(dir.path(), "the mapping"); }, {"the mapping", "directory"});
  expect_input_error([&] { check_input_file(dir.file("missing.toml"), "the mapping"); },
                     {"missing.toml", "does not exist"});
  const std::string too_long = dir.file(std::string(5000, 'x'));
  expect_input_error([&] { check_input_file(too_long); }, {"cannot examine", "too long"});
  fs::create_symlink(dir.file("loop_b"), dir.file("loop_a"));
  fs::create_symlink(dir.file("loop_a"), dir.file("loop_b"));
  expect_input_error([&] { check_input_file(dir.file("loop_a")); }, {"loop_a", "symbolic links"});
}

TEST(InputFile, MappingThatIsADirectoryIsRefused) {
  TempDir dir;
  expect_input_error([&] { (void)load_attribute_mapping(dir.path().string()); }, {"--mapping", "directory"});
}

// --------------------------------------------------------------- class 5: GDAL stays local

TEST(GdalSession, VirtualFileSystemsConnectionStringsAndVrtAreRefused) {
  expect_input_error([] { (void)open_vector_file("/vsicurl/http://127.0.0.1:9/x.geojson", "footprints"); },
                     {"/vsicurl/", "virtual file systems"});
  expect_input_error([] { (void)open_vector_file("CSV:/etc/passwd", "footprints"); },
                     {"CSV:/etc/passwd", "connection strings"});
  TempDir dir;
  const std::string vrt = dir.file("remote.vrt");
  write_file(vrt,
             "<OGRVRTDataSource><OGRVRTLayer name=\"x\"><SrcDataSource>/vsicurl/http://127.0.0.1:9/x.geojson"
             "</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>\n");
  expect_input_error([&] { (void)open_vector_file(vrt, "footprints"); }, {"remote.vrt", "GeoPackage"});
  const std::string csv = dir.file("points.csv");
  write_file(csv, "WKT,id\n\"POINT (1 2)\",1\n");
  expect_input_error([&] { (void)open_vector_file(csv, "footprints"); }, {"points.csv", "not a readable vector"});
}

// ------------------------------------------------------- class 6/8: CityJSON and JSON numbers

TEST(CityJsonReader, MissingTransformAndNumberOverflowAreInputErrors) {
  const std::string no_transform =
      R"({"type":"CityJSON","version":"2.0","CityObjects":{},"vertices":[[0,0,0],[9000000,0,0],[0,9000000,0]]})";
  expect_input_error([&] { (void)parse_cityjson(no_transform, "a.city.json"); }, {"a.city.json", "\"transform\""});
  const std::string overflow =
      R"({"type":"CityJSON","version":"2.0","transform":{"scale":[1e400,1,1],"translate":[0,0,0]},)"
      R"("CityObjects":{},"vertices":[]})";
  expect_input_error([&] { (void)parse_cityjson(overflow, "b.city.json"); }, {"b.city.json", "JSON"});
  const std::string zero_scale =
      R"({"type":"CityJSON","version":"2.0","transform":{"scale":[0,1,1],"translate":[0,0,0]},)"
      R"("CityObjects":{},"vertices":[]})";
  expect_input_error([&] { (void)parse_cityjson(zero_scale, "c.city.json"); }, {"c.city.json", "transform.scale[0]"});
}

// ------------------------------------------------------------- class 6: implausible values

TEST(Typology, AbsurdUValueNamesFileLineAndColumn) {
  TempDir dir;
  const std::string data = HEATTWIN_SOURCE_DATA_DIR "/typology/";
  std::string tabula = read_bytes(data + "tabula_de.csv");
  // The first data row's first U value column becomes 1e300.
  const auto header_end = tabula.find('\n');
  std::vector<std::string> header;
  {
    std::string cell;
    for (char c : tabula.substr(0, header_end)) {
      if (c == ',') {
        header.push_back(cell);
        cell.clear();
      } else if (c != '\r') {
        cell += c;
      }
    }
    header.push_back(cell);
  }
  std::size_t u_column = 0;
  while (u_column < header.size() && header[u_column] != "u_wall_1_W_per_m2K") ++u_column;
  ASSERT_LT(u_column, header.size());
  // Rewrite the column in every row (no quoted commas before it in this table).
  std::string out = tabula.substr(0, header_end + 1);
  std::size_t pos = header_end + 1;
  while (pos < tabula.size()) {
    const auto end = tabula.find('\n', pos);
    std::string line = tabula.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    std::size_t start = 0;
    for (std::size_t k = 0; k < u_column; ++k) start = line.find(',', start) + 1;
    const auto stop = line.find(',', start);
    line.replace(start, stop - start, "1e300");
    out += line + "\n";
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  write_file(dir.file("tabula_de.csv"), out);
  expect_input_error([&] { (void)load_typology(dir.file("tabula_de.csv"), data + "non_residential_de.csv"); },
                     {"tabula_de.csv:", "u_wall_1_W_per_m2K", "1e+300", "plausible range"});
}

TEST(TwinInvariants, AbsurdUValueInATwinIsRefusedAtSaveAndLoad) {
  Twin t = test::make_small_twin(3);
  t.buildings.u_wall_w_per_m2k[1] = 1e300;
  TempDir dir;
  try {
    save_twin(t, dir.file("t.h5"));
    ADD_FAILURE() << "saved a twin with U = 1e300";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("u_wall_w_per_m2k"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("W/(m2.K)"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(dir.file("t.h5")));
}

// ------------------------------------------------------ class 3: corrupt bytes in HDF5 files

TEST(TwinStore, FlippedBytesGiveAnErrorOrTheTwinNeverACrash) {
  // A flipped bit in a variable-length string reference crashed libhdf5 (H5HG_read). String
  // datasets are now checksummed: every flip is an InputError or (in unused bytes) a valid twin.
  TempDir dir;
  const std::string path = dir.file("t.h5");
  save_twin(test::make_small_twin(4), path);
  const std::string original = read_bytes(path);
  ASSERT_GT(original.size(), 1000u);
  std::size_t errors = 0, loads = 0;
  // Deterministic positions over the whole file, several bit patterns each.
  for (std::size_t k = 0; k < 240; ++k) {
    const std::size_t at = (k * 7919u) % original.size();
    std::string bytes = original;
    bytes[at] = static_cast<char>(bytes[at] ^ static_cast<char>(1u << (k % 8)));
    write_file(dir.file("flipped.h5"), bytes);
    try {
      const Twin loaded = load_twin(dir.file("flipped.h5"));
      ++loads;
      EXPECT_EQ(loaded.buildings.size(), 4u);
    } catch (const InputError&) {
      ++errors;
    }
  }
  EXPECT_EQ(errors + loads, 240u);
  EXPECT_GT(errors, 0u);
}

// ------------------------------------------------------------ class 7: interruption litter

TEST(AtomicFile, SweepsTemporaryFilesOfDeadProcessesOnly) {
  TempDir dir;
  const std::string out = dir.file("twin.h5");
  const pid_t dead = dead_pid();
  const std::string stale = fmt::format("{}.tmp-{}", out, dead);
  const std::string stale_journal = fmt::format("{}.tmp-{}.gpkg-journal", out, dead);
  const std::string alive = fmt::format("{}.tmp-{}", out, ::getppid());
  const std::string unrelated = dir.file("other.h5.tmp-1");
  for (const auto& p : {stale, stale_journal, alive, unrelated}) write_file(p, "x");
  EXPECT_EQ(sweep_stale_temp_files(out), 2u);
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_FALSE(fs::exists(stale_journal));
  EXPECT_TRUE(fs::exists(alive));      // a running process may still be writing it
  EXPECT_TRUE(fs::exists(unrelated));  // another output's temporary file
  // Creating an AtomicFile sweeps too.
  write_file(stale, "x");
  {
    AtomicFile file(out);
    EXPECT_FALSE(fs::exists(stale));
  }
}

TEST(AtomicFile, ASignalRemovesPendingTemporaryFiles) {
  TempDir dir;
  const std::string out = dir.file("results.h5");
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  if (child == 0) {
    install_interrupt_cleanup();
    AtomicFile file(out, ".gpkg", {"-journal"});
    write_file(file.temp_path(), "partial");
    write_file(file.temp_path() + "-journal", "journal");
    const char byte = 1;
    (void)!::write(ready[1], &byte, 1);
    ::pause();  // until the parent's SIGTERM
    ::_exit(0);
  }
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  ::kill(child, SIGTERM);
  int status = 0;
  ::waitpid(child, &status, 0);
  ::close(ready[0]);
  ::close(ready[1]);
  EXPECT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
  // Nothing is left: no temporary file, no journal, no output.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 0);
}

// -------------------------------------------------- class 1: a footprint of 10^5 vertices

TEST(FootprintImport, OneRingOfManyVerticesIsLinearNotQuadratic) {
  // A single footprint of 200,000 vertices (a 60 m circle, 2 mm edges) put all its edges into a
  // few cells of the shared-wall search, which compared every edge with every other edge of the
  // same cell (10^6 vertices: > 120 s). Edges of the same building are now skipped as a block.
  constexpr std::size_t VERTICES = 200000;
  std::string coords = "[";
  for (std::size_t k = 0; k <= VERTICES; ++k) {
    const double a = 2.0 * std::numbers::pi * static_cast<double>(k % VERTICES) / VERTICES;
    coords +=
        fmt::format("{}[{:.4f},{:.4f}]", k ? "," : "", 681000.0 + 60.0 * std::cos(a), 5780000.0 + 60.0 * std::sin(a));
  }
  coords += "]";
  TempDir dir;
  write_file(
      dir.file("round.geojson"),
      R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::25832"}},)"
      R"("features":[{"type":"Feature","properties":{"id":"round"},"geometry":{"type":"Polygon","coordinates":[)" +
          coords + "]}}]}");
  FootprintImportOptions o;
  o.inputs = {dir.file("round.geojson")};
  const Twin t = import_footprints(o);
  ASSERT_EQ(t.buildings.size(), 1u);
  EXPECT_NEAR(t.buildings.footprint_area_m2[0], std::numbers::pi * 3600.0, 1.0);
  EXPECT_DOUBLE_EQ(t.buildings.shared_wall_area_m2[0], 0.0);
}

}  // namespace
}  // namespace heattwin::twin
