// The links of HeatTwin's HDF5 groups (issue 20, class 3; finding 19 of
// docs/reliability/findings.json): groups are written with compact link storage (messages in the
// checksummed object header) up to h5::MAX_COMPACT_LINKS links, and a group in dense storage
// (written by older versions, or above the limit) is listed so that a corrupt fractal heap is a
// FileContentError (bad input, exit code 2) naming the file and the group, not an abort inside libhdf5.
#include "twin/error.hpp"
#include "twin/h5.hpp"
#include "twin/h5_links.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace heattwin {
namespace {

namespace fs = std::filesystem;

constexpr h5::FileKind TEST_FILE{"heattwin-test", {1, 3}, "test", "write it again", 3};

class H5LinksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("heattwin_h5_links_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  /// Names "m000", "m001", … in an order that is not their name order.
  static std::vector<std::string> names(int count) {
    std::vector<std::string> out;
    for (int k = count - 1; k >= 0; --k) {
      char name[16];
      std::snprintf(name, sizeof name, "m%03d", k);
      out.emplace_back(name);
    }
    return out;
  }

  /// A file as HeatTwin before schema 1.4 wrote it: HDF5's default link storage, so group "g" of
  /// `count` > 8 subgroups is in dense storage (a fractal heap and a v2 B-tree of names).
  void write_dense_file(const std::string& file, int count) const {
    const hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_V110);
    const hid_t f = H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    ASSERT_GE(f, 0);
    const hid_t g = H5Gcreate2(f, "g", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    ASSERT_GE(g, 0);
    for (const std::string& name : names(count))
      H5Gclose(H5Gcreate2(g, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    H5Gclose(g);
    H5Fclose(f);
    H5Pclose(fapl);
  }

  static H5G_storage_type_t storage_of(const std::string& file, const char* group) {
    const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    const hid_t g = H5Gopen2(f, group, H5P_DEFAULT);
    H5G_info_t info{};
    H5Gget_info(g, &info);
    H5Gclose(g);
    H5Fclose(f);
    return info.storage_type;
  }

  static std::vector<char> bytes(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  static void put(const std::string& file, const std::vector<char>& data) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
  }

  fs::path dir_;
};

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST_F(H5LinksTest, GroupsOfThisProgramAreCompactUpToTheLimit) {
  auto file = h5::File::create(path("compact.h5"), TEST_FILE);
  const h5::Group root = file.root();
  const h5::Group small = root.create_group("small");
  for (const std::string& name : names(200)) (void)small.create_group(name);
  const h5::Group large = root.create_group("large");
  for (const std::string& name : names(static_cast<int>(h5::MAX_COMPACT_LINKS) + 1)) (void)large.create_group(name);
  file.commit();
  EXPECT_EQ(storage_of(path("compact.h5"), "/small"), H5G_STORAGE_TYPE_COMPACT);
  EXPECT_EQ(storage_of(path("compact.h5"), "/"), H5G_STORAGE_TYPE_COMPACT);
  // Above the limit HDF5 moves the links into dense storage; they are listed all the same.
  EXPECT_EQ(storage_of(path("compact.h5"), "/large"), H5G_STORAGE_TYPE_DENSE);
  const auto reopened = h5::File::open_read(path("compact.h5"));
  EXPECT_EQ(reopened.root().open_group("small").members(), sorted(names(200)));
  EXPECT_EQ(reopened.root().open_group("large").members(), sorted(names(static_cast<int>(h5::MAX_COMPACT_LINKS) + 1)));
  EXPECT_EQ(reopened.root().members(), (std::vector<std::string>{"large", "small"}));
}

TEST_F(H5LinksTest, DenseGroupsOfOlderFilesAreStillListedInNameOrder) {
  write_dense_file(path("dense.h5"), 30);
  ASSERT_EQ(storage_of(path("dense.h5"), "/g"), H5G_STORAGE_TYPE_DENSE);
  const auto file = h5::File::open_read(path("dense.h5"));
  EXPECT_EQ(file.root().open_group("g").members(), sorted(names(30)));
}

TEST_F(H5LinksTest, CorruptDenseLinkStorageIsAnErrorNamingFileAndGroupNotAnAbort) {
  // Finding 19: a corrupt block of a dense group's fractal heap fails its checksum; listing the
  // group in increasing name order (H5Lget_name_by_idx, H5_ITER_INC) then aborted in libhdf5
  // ("free(): invalid pointer" in H5G__link_release_table).
  write_dense_file(path("dense.h5"), 30);
  const std::vector<char> clean = bytes(path("dense.h5"));
  const std::string signature = "FHDB";  // a fractal heap direct block: the link messages
  const auto block = std::search(clean.begin(), clean.end(), signature.begin(), signature.end());
  ASSERT_NE(block, clean.end());
  const auto offset = static_cast<std::size_t>(block - clean.begin());
  int flips = 0, corrupt_files = 0;
  // Flip bytes through the block's first link messages (past its 4-byte signature, version,
  // heap address, block offset and checksum).
  for (std::size_t at = offset + 40; at < std::min(clean.size(), offset + 400); at += 7) {
    std::vector<char> data = clean;
    data[at] = static_cast<char>(data[at] ^ 0x5a);
    ++flips;
    put(path("corrupt.h5"), data);
    try {
      const auto file = h5::File::open_read(path("corrupt.h5"));
      const auto members = file.root().open_group("g").members();
      EXPECT_EQ(members.size(), 30u) << "byte " << at;
    } catch (const FileContentError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find(path("corrupt.h5")), std::string::npos) << what;
      EXPECT_NE(what.find("'/g'"), std::string::npos) << what;
      ++corrupt_files;
    }
  }
  // The block is checksummed: every flip is found (each of these files aborted libhdf5 1.10.8 when
  // listed with H5Lget_name_by_idx in increasing name order, the listing before the fix).
  EXPECT_GT(flips, 40);
  EXPECT_EQ(corrupt_files, flips);
}

}  // namespace
}  // namespace heattwin
