// String attributes of HeatTwin's HDF5 files (issue 20, class 3; finding 18 of
// docs/reliability/findings.json): written fixed-length; a variable-length one is refused in files
// of the schemas that never hold one, and read from older files only after their global heap
// collections were checked, so that a corrupt heap is a clean error, not a crash or a hang.
#include "twin/error.hpp"
#include "twin/h5.hpp"
#include "twin/h5_global_heap.hpp"
#include "twin/twin_store.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#ifndef HEATTWIN_SOURCE_DATA_DIR
#error "HEATTWIN_SOURCE_DATA_DIR must name the repository's data/ folder"
#endif

namespace heattwin {
namespace {

namespace fs = std::filesystem;

constexpr h5::FileKind TEST_FILE{"heattwin-test", {1, 3}, "test", "write it again", 3};
constexpr h5::FileKind OLD_TEST_FILE{"heattwin-test", {1, 2}, "test", "write it again"};

class H5StringsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("heattwin_h5_strings_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  /// A file of `kind` with the fixed-length attribute "note" and a dataset with a unit.
  std::string write_file(const std::string& name, const h5::FileKind& kind) const {
    auto file = h5::File::create(path(name), kind);
    const h5::Group root = file.root();
    root.set_attribute("note", "Grüße");
    root.write("x", std::vector<double>{1.0, 2.0}, {.unit = "kWh/a"});
    file.commit();
    return path(name);
  }

  /// Adds the variable-length string attribute `name` to the root of `file`, as files of
  /// older schemas stored them.
  static void add_variable_length_attribute(const std::string& file, const char* name, const char* value) {
    const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    H5Tset_cset(type, H5T_CSET_UTF8);
    const hid_t space = H5Screate(H5S_SCALAR);
    const hid_t a = H5Acreate2(f, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    ASSERT_GE(a, 0);
    ASSERT_GE(H5Awrite(a, type, &value), 0);
    H5Aclose(a);
    H5Sclose(space);
    H5Tclose(type);
    H5Fclose(f);
  }

  static std::vector<char> bytes(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  static void put(const std::string& file, const std::vector<char>& data) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
  }
  /// Offset of the first global heap collection of `data`.
  static std::size_t collection(const std::vector<char>& data) {
    const std::string signature = "GCOL";
    const auto it = std::search(data.begin(), data.end(), signature.begin(), signature.end());
    EXPECT_NE(it, data.end());
    return static_cast<std::size_t>(it - data.begin());
  }

  fs::path dir_;
};

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST_F(H5StringsTest, StringAttributesAreWrittenFixedLength) {
  const std::string file = write_file("fixed.h5", TEST_FILE);
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  for (const auto& [object, name] : {std::pair{".", "note"}, std::pair{".", "filetype"}, std::pair{"x", "unit"}}) {
    const hid_t a = H5Aopen_by_name(f, object, name, H5P_DEFAULT, H5P_DEFAULT);
    ASSERT_GE(a, 0) << name;
    const hid_t type = H5Aget_type(a);
    EXPECT_EQ(H5Tget_class(type), H5T_STRING) << name;
    EXPECT_EQ(H5Tis_variable_str(type), 0) << name;
    EXPECT_EQ(H5Tget_cset(type), H5T_CSET_UTF8) << name;
    H5Tclose(type);
    H5Aclose(a);
  }
  H5Fclose(f);
  const auto opened = h5::File::open_checked(file, TEST_FILE);
  EXPECT_EQ(opened.root().string_attribute("note"), "Grüße");
  EXPECT_EQ(opened.root().dataset_string_attribute("x", "unit"), "kWh/a");
  // The file holds no global heap at all.
  const auto data = bytes(file);
  const std::string signature = "GCOL";
  EXPECT_EQ(std::search(data.begin(), data.end(), signature.begin(), signature.end()), data.end());
}

TEST_F(H5StringsTest, EmptyStringAttributeRoundTrips) {
  {
    auto file = h5::File::create(path("empty.h5"), TEST_FILE);
    file.root().set_attribute("empty", "");
    file.commit();
  }
  EXPECT_EQ(h5::File::open_checked(path("empty.h5"), TEST_FILE).root().string_attribute("empty"), "");
}

TEST_F(H5StringsTest, VariableLengthAttributeInFileOfNewSchemaIsRefused) {
  const std::string file = write_file("new.h5", TEST_FILE);
  add_variable_length_attribute(file, "crs", "EPSG:25832");
  const auto opened = h5::File::open_checked(file, TEST_FILE);
  const std::string message = message_of([&] { (void)opened.root().string_attribute("crs"); });
  EXPECT_NE(message.find("/@crs"), std::string::npos) << message;
  EXPECT_NE(message.find("variable-length"), std::string::npos) << message;
  EXPECT_NE(message.find("schema 1.3 and later"), std::string::npos) << message;
}

TEST_F(H5StringsTest, VariableLengthAttributeOfOlderSchemaIsReadAfterTheHeapCheck) {
  const std::string file = write_file("old.h5", OLD_TEST_FILE);
  add_variable_length_attribute(file, "crs", "EPSG:25832");
  const auto opened = h5::File::open_checked(file, TEST_FILE);
  EXPECT_EQ(opened.root().string_attribute("crs"), "EPSG:25832");
  EXPECT_EQ(opened.root().string_attribute("note"), "Grüße");
}

TEST_F(H5StringsTest, CorruptObjectSizeInGlobalHeapIsAnErrorNotACrash) {
  // As the fuzz finding crash-2cfd…: the size of a heap object far beyond its collection made
  // libhdf5 copy gigabytes in H5HG_read (SIGSEGV).
  const std::string file = write_file("size.h5", OLD_TEST_FILE);
  add_variable_length_attribute(file, "crs", "EPSG:25832");
  auto data = bytes(file);
  const std::size_t at = collection(data);
  const std::uint64_t huge = 0xFFF8FFF8ULL;
  std::memcpy(data.data() + at + 16 + 8, &huge, sizeof huge);  // object 1's size
  put(file, data);
  const auto opened = h5::File::open_checked(file, TEST_FILE);
  const std::string message = message_of([&] { (void)opened.root().string_attribute("crs"); });
  EXPECT_NE(message.find("/@crs"), std::string::npos) << message;
  EXPECT_NE(message.find("global heap collection at byte " + std::to_string(at)), std::string::npos) << message;
}

TEST_F(H5StringsTest, FreeSpaceOfSizeZeroIsAnErrorNotAHang) {
  // libhdf5 1.10 walks a collection object by object; a free-space object of size 0 never
  // advances (the fuzz finding timeout-712e…). Object 1 follows the header; make it the free
  // space with size 0.
  const std::string file = write_file("spin.h5", OLD_TEST_FILE);
  add_variable_length_attribute(file, "crs", "EPSG:25832");
  auto data = bytes(file);
  const std::size_t at = collection(data);
  std::memset(data.data() + at + 16, 0, 16);
  put(file, data);
  // (A hang would end in the test's CTest timeout.)
  const auto opened = h5::File::open_checked(file, TEST_FILE);
  const std::string message = message_of([&] { (void)opened.root().string_attribute("crs"); });
  EXPECT_NE(message.find("free-space object of 0 bytes"), std::string::npos) << message;
}

TEST(GlobalHeap, ChecksTheCollectionsItFinds) {
  // One collection of 4,096 bytes: objects 1 and 2, then the free space.
  constexpr std::size_t at = 100;  // bytes before the collection
  std::vector<std::uint8_t> file(at + 4096, 0);
  auto u16 = [&](std::size_t p, std::uint16_t v) { std::memcpy(file.data() + p, &v, 2); };
  auto u64 = [&](std::size_t p, std::uint64_t v) { std::memcpy(file.data() + p, &v, 8); };
  std::memcpy(file.data() + at, "GCOL", 4);
  file[at + 4] = 1;
  u64(at + 8, 4096);
  u16(at + 16, 1);
  u64(at + 24, 5);  // "hello": 16 + 8 bytes
  u16(at + 40, 2);
  u64(at + 48, 8);  // 16 + 8 bytes
  u16(at + 64, 0);
  u64(at + 72, 4096 - 64);
  const h5::ReadBytes read = [&](std::uint64_t offset, std::span<std::uint8_t> out) {
    if (offset > file.size() || out.size() > file.size() - offset) return false;
    std::memcpy(out.data(), file.data() + offset, out.size());
    return true;
  };
  EXPECT_FALSE(h5::global_heap_problem(file.size(), 8, read).has_value());
  u16(at + 40, 3);  // index 2 missing: libhdf5 would follow a null pointer for it
  const auto gap = h5::global_heap_problem(file.size(), 8, read);
  ASSERT_TRUE(gap.has_value());
  EXPECT_NE(gap->find("an index is missing"), std::string::npos) << *gap;
  u16(at + 40, 1);  // index 1 twice
  EXPECT_NE(h5::global_heap_problem(file.size(), 8, read).value_or("").find("index 1 twice"), std::string::npos);
  u16(at + 40, 2);
  u64(at + 8, 1 << 20);  // larger than the file
  EXPECT_NE(h5::global_heap_problem(file.size(), 8, read).value_or("").find("implausible size"), std::string::npos);
  u64(at + 8, 4096);
  file[at + 4] = 2;  // another version: libhdf5 refuses it itself, nothing to check
  EXPECT_FALSE(h5::global_heap_problem(file.size(), 8, read).has_value());
}

TEST(FuzzRegressions, TwinFilesWithCorruptGlobalHeapAreCleanErrors) {
  // The reproducers scripts/fuzz found (tests/fuzz/regressions/twin_h5/): a SIGSEGV in H5HG_read
  // and a spin of more than 40 s in libhdf5, both in h5::Group::string_attribute of load_twin.
  const fs::path folder = fs::path(HEATTWIN_SOURCE_DATA_DIR) / ".." / "tests" / "fuzz" / "regressions" / "twin_h5";
  int count = 0;
  for (const auto& entry : fs::directory_iterator(folder)) {
    const std::string message = message_of([&] { (void)twin::load_twin(entry.path().string()); });
    EXPECT_NE(message, "(no error)") << entry.path();
    EXPECT_NE(message.find(entry.path().string()), std::string::npos) << message;
    ++count;
  }
  EXPECT_EQ(count, 2);
}

}  // namespace
}  // namespace heattwin
