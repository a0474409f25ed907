// A file HeatTwin reads that lacks a dataset, group or attribute its schema requires, or holds one
// of the wrong kind, element type or shape, is bad input (issue 20, class 8): a FileContentError,
// an InputError (exit code 2) naming the file and the object, not an IoError (exit code 1, kept
// for failures of the disk or of libhdf5).
#include "tests/unit/twin/twin_fixtures.hpp"
#include "twin/error.hpp"
#include "twin/h5.hpp"
#include "twin/twin_store.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>

#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>
#include <vector>

namespace heattwin {
namespace {

using test::TempDir;

static_assert(std::is_base_of_v<InputError, FileContentError>, "a malformed file is bad input (exit code 2)");
static_assert(!std::is_base_of_v<IoError, FileContentError>, "IoError stays for failures of the disk or libhdf5");

constexpr h5::FileKind CONTENT_TEST_FILE{"heattwin-content-test", {1, 0}, "test", "write it again", 0};

/// Expects `read` to throw a FileContentError whose message names `file` and every fragment.
void expect_content_error(const std::function<void()>& read, const std::string& file,
                          const std::vector<std::string>& fragments) {
  try {
    read();
    ADD_FAILURE() << "no error; expected one naming " << fragments.front();
  } catch (const FileContentError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(file), std::string::npos) << what;
    for (const std::string& fragment : fragments) EXPECT_NE(what.find(fragment), std::string::npos) << what;
  }
}

TEST(H5Content, MissingOrMistypedObjectsAreFileContentErrorsNamingFileAndObject) {
  TempDir dir;
  const std::string path = dir.file("content.h5");
  {
    h5::File f = h5::File::create(path, CONTENT_TEST_FILE);
    const h5::Group g = f.root().create_group("g");
    g.write<double>("values", std::vector<double>{1.0, 2.0, 3.0});
    g.write<std::int32_t>("counts", std::vector<std::int32_t>{1, 2});
    h5::WriteOptions rows_of_3;
    rows_of_3.columns = 3;
    g.write<double>("matrix", std::vector<double>{1, 2, 3, 4, 5, 6}, rows_of_3);
    g.write_strings("names", {"a", "b"});
    g.set_attribute("label", "x");
    (void)g.create_group("sub");
    f.commit();
  }
  const h5::File f = h5::File::open_read(path);
  const h5::Group g = f.root().open_group("g");
  expect_content_error([&] { (void)g.read<double>("absent"); }, path, {"'/g/absent'", "missing"});
  expect_content_error([&] { (void)g.read<double>("sub"); }, path, {"'/g/sub'", "is a group where a dataset belongs"});
  expect_content_error([&] { (void)g.shape("sub"); }, path, {"'/g/sub'", "dataset"});
  expect_content_error([&] { (void)f.root().open_group("absent"); }, path, {"'/absent'", "group", "missing"});
  expect_content_error([&] { (void)g.open_group("values"); }, path,
                       {"'/g/values'", "is a dataset where a group belongs"});
  expect_content_error([&] { (void)g.read<std::int32_t>("values"); }, path, {"'/g/values'", "element type"});
  expect_content_error([&] { (void)g.read<double>("counts"); }, path, {"'/g/counts'", "element type"});
  expect_content_error([&] { (void)g.read<double>("matrix"); }, path, {"'/g/matrix'", "one-dimensional"});
  expect_content_error([&] { (void)g.read_strings("values"); }, path, {"'/g/values'", "string"});
  expect_content_error([&] { (void)g.read_flat_doubles("names"); }, path, {"'/g/names'", "numeric"});
  expect_content_error([&] { (void)g.string_attribute("absent"); }, path, {"absent", "missing"});
  expect_content_error([&] { (void)g.int_attribute("label"); }, path, {"label", "integer"});
  // What is there still reads.
  EXPECT_EQ(g.read<double>("values"), (std::vector<double>{1.0, 2.0, 3.0}));
  EXPECT_EQ(g.shape("matrix"), (std::vector<std::size_t>{2, 3}));
}

/// Removes `object` from the HDF5 file `path` and, with `group_instead`, puts an empty group there.
void replace_object(const std::string& path, const char* object, bool group_instead) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  ASSERT_GE(H5Ldelete(file, object, H5P_DEFAULT), 0);
  if (group_instead) H5Gclose(H5Gcreate2(file, object, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  H5Fclose(file);
}

TEST(H5Content, TwinWithARequiredDatasetRemovedOrReplacedIsBadInput) {
  for (const bool group_instead : {false, true}) {
    TempDir dir;
    const std::string path = dir.file("twin.h5");
    twin::save_twin(test::make_small_twin(5), path);
    replace_object(path, "/buildings/height_m", group_instead);
    try {
      (void)twin::load_twin(path);
      ADD_FAILURE() << "a twin without /buildings/height_m loaded";
    } catch (const InputError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find(path), std::string::npos) << what;
      EXPECT_NE(what.find("'/buildings/height_m'"), std::string::npos) << what;
    }
  }
}

}  // namespace
}  // namespace heattwin
