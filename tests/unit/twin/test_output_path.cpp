/// Output paths that would destroy an input, a device or a file of another kind are refused
/// (issue 20, class 4).
#include "twin/error.hpp"
#include "twin/output_path.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace heattwin::twin {
namespace {

namespace fs = std::filesystem;

class OutputPath : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("heattwin_output_path_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
    return dir_ / name;
  }
  static std::string refusal(const fs::path& out, const std::vector<fs::path>& inputs, OutputKind kind) {
    try {
      check_output_path(out, inputs, "--out", kind);
    } catch (const InputError& e) {
      return e.what();
    }
    return {};
  }
  fs::path dir_;
};

TEST_F(OutputPath, NewFilesAndFilesOfTheSameKindAreAccepted) {
  const fs::path twin = write("twin.h5", std::string("\x89HDF\r\n\x1a\n", 8) + "rest");
  const fs::path gpkg = write("x.gpkg", std::string("SQLite format 3\0", 16) + "rest");
  EXPECT_EQ(refusal(dir_ / "new.h5", {twin}, OutputKind::hdf5), "");
  EXPECT_EQ(refusal(twin, {dir_ / "other.h5"}, OutputKind::hdf5), "");
  EXPECT_EQ(refusal(gpkg, {}, OutputKind::geopackage), "");
  EXPECT_EQ(refusal(write("empty.h5", ""), {}, OutputKind::hdf5), "");  // an empty placeholder
  EXPECT_EQ(refusal(write("notes.txt", "text"), {}, OutputKind::any), "");
}

TEST_F(OutputPath, AnInputIsNeverReplaced) {
  const fs::path twin = write("twin.h5", std::string("\x89HDF\r\n\x1a\n", 8));
  EXPECT_NE(refusal(twin, {dir_ / "weather.dat", twin}, OutputKind::hdf5).find("is the same file as"),
            std::string::npos);
  // Also not through another spelling or a link.
  EXPECT_NE(refusal(dir_ / "." / "twin.h5", {twin}, OutputKind::hdf5).find("is the same file as"), std::string::npos);
  fs::create_symlink(twin, dir_ / "link.h5");
  EXPECT_NE(refusal(dir_ / "link.h5", {twin}, OutputKind::hdf5).find("is the same file as"), std::string::npos);
  // Two outputs of one command with the same name, before either exists.
  EXPECT_NE(refusal(dir_ / "state.h5", {dir_ / "sub" / ".." / "state.h5"}, OutputKind::geopackage)
                .find("is the same file as"),
            std::string::npos);
  fs::create_hard_link(twin, dir_ / "hard.h5");
  EXPECT_NE(refusal(dir_ / "hard.h5", {twin}, OutputKind::hdf5).find("is the same file as"), std::string::npos);
}

TEST_F(OutputPath, DevicesDirectoriesAndFilesOfAnotherKindAreRefused) {
  EXPECT_NE(refusal("/dev/null", {}, OutputKind::any).find("not a regular file"), std::string::npos);
  EXPECT_NE(refusal(dir_, {}, OutputKind::any).find("a directory"), std::string::npos);
  const fs::path gpkg = write("buildings.gpkg", std::string("SQLite format 3\0", 16) + "rest");
  const std::string message = refusal(gpkg, {}, OutputKind::hdf5);
  EXPECT_NE(message.find("is not an HDF5 file"), std::string::npos) << message;
  EXPECT_NE(message.find("buildings.gpkg"), std::string::npos) << message;
  EXPECT_NE(refusal(write("twin.h5", std::string("\x89HDF\r\n\x1a\n", 8)), {}, OutputKind::geopackage)
                .find("not a GeoPackage"),
            std::string::npos);
  EXPECT_NE(refusal("", {}, OutputKind::any).find("empty"), std::string::npos);
}

}  // namespace
}  // namespace heattwin::twin
