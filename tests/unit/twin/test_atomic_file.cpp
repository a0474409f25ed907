#include "tests/unit/twin/twin_fixtures.hpp"
#include "twin/atomic_file.hpp"
#include "twin/error.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace heattwin::twin {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

/// The names in a folder, so that a test sees any temporary file left behind.
std::size_t file_count(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

TEST(AtomicFile, WritesAndReplacesAWholeFile) {
  TempDir dir;
  const std::string path = dir.file("a.txt");
  write_file_atomically(path, "first\n");
  EXPECT_EQ(read_bytes(path), "first\n");
  const std::string binary("a\0b\r\n", 5);
  write_file_atomically(path, binary);
  EXPECT_EQ(read_bytes(path), binary);
  EXPECT_EQ(file_count(dir.path()), 1u);
}

TEST(AtomicFile, AnExceptionBeforeCommitKeepsTheOldFileAndLeavesNoTemporary) {
  TempDir dir;
  const std::string path = dir.file("a.txt");
  write_bytes(path, "old");
  try {
    AtomicFile file(path);
    write_bytes(file.temp_path(), "half-written new content");
    EXPECT_TRUE(fs::exists(file.temp_path()));
    throw std::runtime_error("the writer failed");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(read_bytes(path), "old");
  EXPECT_EQ(file_count(dir.path()), 1u);
}

TEST(AtomicFile, AFailedRenameThrowsIoErrorAndLeavesNoTemporary) {
  TempDir dir;
  // The final path is a non-empty folder: rename cannot replace it.
  const std::string path = dir.file("occupied");
  fs::create_directory(path);
  write_bytes(dir.file("occupied/inside.txt"), "keep");
  EXPECT_THROW(write_file_atomically(path, "new"), IoError);
  EXPECT_EQ(read_bytes(dir.file("occupied/inside.txt")), "keep");
  EXPECT_EQ(file_count(dir.path()), 1u);
}

TEST(AtomicFile, AMissingFolderIsAnIoErrorNamingThePath) {
  TempDir dir;
  const std::string path = dir.file("no/such/folder/a.txt");
  try {
    write_file_atomically(path, "x");
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
  EXPECT_EQ(file_count(dir.path()), 0u);
}

TEST(AtomicFile, SideFilesGoWithTheTemporaryAndMovesTransferOwnership) {
  TempDir dir;
  const std::string path = dir.file("b.gpkg");
  {
    AtomicFile file(path, ".gpkg", {"-journal"});
    EXPECT_EQ(file.temp_path().substr(file.temp_path().size() - 5), ".gpkg");
    write_bytes(file.temp_path(), "data");
    write_bytes(file.temp_path() + "-journal", "journal");
    AtomicFile moved = std::move(file);
    EXPECT_FALSE(file.is_pending());  // NOLINT(bugprone-use-after-move): the moved-from state is specified
    EXPECT_TRUE(moved.is_pending());
  }
  EXPECT_EQ(file_count(dir.path()), 0u);
  {
    AtomicFile file(path, ".gpkg");
    write_bytes(file.temp_path(), "done");
    file.commit();
    EXPECT_FALSE(file.is_pending());
    file.commit();  // a second commit does nothing
  }
  EXPECT_EQ(read_bytes(path), "done");
  EXPECT_EQ(file_count(dir.path()), 1u);
}

}  // namespace
}  // namespace heattwin::twin
