#pragma once
/// \file Atomic file writes: a file is written under a temporary name beside its final path and
/// renamed into place only when it is complete, so that an interrupted or failed write never
/// leaves a file that looks finished and never destroys the previous version. Every writer of
/// HeatTwin (HDF5, GeoPackage, PNG, VTK, HTML, text) goes through this one helper.
///
/// Interruptions (issue 20, class 7): every pending temporary file (and its side files) is
/// registered in a fixed table that a SIGINT/SIGTERM/SIGHUP handler (install_interrupt_cleanup)
/// removes before the process dies, and creating an AtomicFile sweeps temporary files of the same
/// output left by processes that no longer exist (a SIGKILL or a power cut gives no handler a chance).

#include <string>
#include <string_view>
#include <vector>

namespace heattwin::twin {

/// A temporary file that becomes `path()` on commit() and is removed otherwise.
///
/// The temporary name is `<path>.tmp-<pid><temp_suffix>`: in the same folder (so the rename is
/// atomic on POSIX file systems), unique per process. Writers that pick the format from the file
/// name (GDAL) pass the extension as `temp_suffix`. `side_suffixes` name files a writer may leave
/// beside the temporary file (SQLite's "-journal", "-wal", "-shm"); they are removed with it.
/// Not thread-safe; movable, not copyable.
class AtomicFile {
 public:
  /// Names the temporary file and removes a stale one of the same name. Creates nothing.
  explicit AtomicFile(std::string path, std::string_view temp_suffix = {}, std::vector<std::string> side_suffixes = {});
  /// A temporary file the writer has named itself (e.g. the world file GDAL writes beside a
  /// temporary PNG). `temp_path` must be in the same folder as `path`.
  static AtomicFile with_temp_path(std::string path, std::string temp_path);

  /// Removes the temporary file (and its side files) unless committed.
  ~AtomicFile();
  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&& other) noexcept;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  /// The final path.
  const std::string& path() const { return path_; }
  /// Where to write until commit(); empty after commit() or discard().
  const std::string& temp_path() const { return temp_path_; }
  /// True until commit() or discard().
  bool is_pending() const { return !temp_path_.empty(); }

  /// Renames the temporary file to path() (replacing an existing file atomically). The writer
  /// must have closed the temporary file. On failure removes the temporary file and throws
  /// IoError naming path() and the system's reason. Does nothing once committed or discarded.
  void commit();
  /// Removes the temporary file and its side files now; later calls do nothing.
  void discard() noexcept;

 private:
  AtomicFile() = default;
  void register_for_interrupts();
  void unregister_for_interrupts() noexcept;
  std::string path_;
  std::string temp_path_;
  std::vector<std::string> side_suffixes_;
  std::vector<int> interrupt_slots_;  // entries of the signal handler's table (temp file, side files)
};

/// Installs handlers of SIGINT, SIGTERM and SIGHUP that remove every pending temporary file of
/// every AtomicFile of the process, then die of the same signal (so the parent sees the
/// interruption). Idempotent; call once at start-up from the program's main. The handler only
/// calls unlink() on paths stored beforehand (async-signal-safe). Up to 256 pending files are
/// tracked; more (never reached by HeatTwin's writers) are still removed by the next run's sweep.
void install_interrupt_cleanup();

/// Removes the temporary files `<name>.tmp-<pid>…` beside `path` whose process <pid> no longer
/// exists (left by a killed run), and returns how many it removed. Files of living processes,
/// including this one, are kept. O(entries of the folder). Never throws.
std::size_t sweep_stale_temp_files(const std::string& path) noexcept;

/// Writes `contents` (text or binary, byte for byte) to `path` atomically: the old file, if any,
/// stays intact when writing fails. Throws IoError naming `path` (folder missing or not
/// writable, disk full, rename failed).
void write_file_atomically(const std::string& path, std::string_view contents);

}  // namespace heattwin::twin
