#include "twin/atomic_file.hpp"

#include "twin/error.hpp"
#include "twin/log.hpp"

#include <fmt/format.h>

#include <signal.h>
#include <unistd.h>
#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <utility>

namespace heattwin::twin {
namespace {

namespace fs = std::filesystem;

/// The table of pending temporary files that the signal handler removes. A process-wide table is
/// the one mutable global of the library: a signal handler can reach nothing else. Slots are
/// claimed with a compare-exchange, filled, then published by `ready`; the handler reads only
/// published slots, so it never sees a half-copied path.
constexpr std::size_t INTERRUPT_SLOTS = 256;
constexpr std::size_t MAX_TRACKED_PATH = 4096;
struct InterruptSlot {
  std::atomic<bool> claimed{false};
  std::atomic<bool> ready{false};
  std::array<char, MAX_TRACKED_PATH> path{};
};
std::array<InterruptSlot, INTERRUPT_SLOTS> g_interrupt_slots;

int claim_slot(const std::string& path) noexcept {
  if (path.size() + 1 > MAX_TRACKED_PATH) return -1;
  for (std::size_t k = 0; k < INTERRUPT_SLOTS; ++k) {
    bool expected = false;
    if (g_interrupt_slots[k].claimed.compare_exchange_strong(expected, true)) {
      std::memcpy(g_interrupt_slots[k].path.data(), path.c_str(), path.size() + 1);
      g_interrupt_slots[k].ready.store(true);
      return static_cast<int>(k);
    }
  }
  return -1;
}

void release_slot(int k) noexcept {
  if (k < 0) return;
  auto& slot = g_interrupt_slots[static_cast<std::size_t>(k)];
  slot.ready.store(false);
  slot.claimed.store(false);
}

void remove_pending_files_and_die(int signal_number) {
  for (auto& slot : g_interrupt_slots) {
    if (slot.ready.load()) ::unlink(slot.path.data());
  }
  // Die of the same signal with the default action, so the parent sees an interruption.
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

/// The pid of a temporary name `<name>.tmp-<pid>…` of `file_name`, or 0.
pid_t temp_owner(std::string_view entry, std::string_view file_name) {
  const std::string prefix = fmt::format("{}.tmp-", file_name);
  if (!entry.starts_with(prefix)) return 0;
  const std::string_view rest = entry.substr(prefix.size());
  pid_t pid = 0;
  const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), pid);
  if (ec != std::errc{} || end == rest.data() || pid <= 0) return 0;
  return pid;
}

bool process_exists(pid_t pid) { return ::kill(pid, 0) == 0 || errno != ESRCH; }

}  // namespace

void install_interrupt_cleanup() {
  static std::atomic<bool> installed{false};
  if (installed.exchange(true)) return;
  struct sigaction action {};
  action.sa_handler = remove_pending_files_and_die;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  for (const int s : {SIGINT, SIGTERM, SIGHUP}) sigaction(s, &action, nullptr);
}

std::size_t sweep_stale_temp_files(const std::string& path) noexcept {
  try {
    const fs::path p(path);
    const std::string file_name = p.filename().string();
    if (file_name.empty()) return 0;
    const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) return 0;
    std::size_t removed = 0;
    const pid_t self = ::getpid();
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      const std::string entry = it->path().filename().string();
      const pid_t owner = temp_owner(entry, file_name);
      if (owner == 0 || owner == self || process_exists(owner)) continue;
      std::error_code remove_ec;
      if (fs::remove(it->path(), remove_ec)) {
        ++removed;
        logger("twin.io")->info("removed {}, left by the interrupted process {}", it->path().string(), owner);
      }
    }
    return removed;
  } catch (...) {
    return 0;  // sweeping is best effort; the write itself reports real problems
  }
}

AtomicFile::AtomicFile(std::string path, std::string_view temp_suffix, std::vector<std::string> side_suffixes)
    : path_(std::move(path)), side_suffixes_(std::move(side_suffixes)) {
  temp_path_ = fmt::format("{}.tmp-{}{}", path_, ::getpid(), temp_suffix);
  sweep_stale_temp_files(path_);
  // A file of this name is left over from a crashed process with the same pid: never ours.
  std::remove(temp_path_.c_str());
  for (const auto& suffix : side_suffixes_) std::remove((temp_path_ + suffix).c_str());
  register_for_interrupts();
}

AtomicFile AtomicFile::with_temp_path(std::string path, std::string temp_path) {
  AtomicFile f;
  f.path_ = std::move(path);
  f.temp_path_ = std::move(temp_path);
  std::remove(f.temp_path_.c_str());
  f.register_for_interrupts();
  return f;
}

void AtomicFile::register_for_interrupts() {
  interrupt_slots_.push_back(claim_slot(temp_path_));
  for (const auto& suffix : side_suffixes_) interrupt_slots_.push_back(claim_slot(temp_path_ + suffix));
}

void AtomicFile::unregister_for_interrupts() noexcept {
  for (const int k : interrupt_slots_) release_slot(k);
  interrupt_slots_.clear();
}

AtomicFile::~AtomicFile() { discard(); }

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : path_(std::move(other.path_)),
      temp_path_(std::exchange(other.temp_path_, {})),
      side_suffixes_(std::move(other.side_suffixes_)),
      interrupt_slots_(std::exchange(other.interrupt_slots_, {})) {}

AtomicFile& AtomicFile::operator=(AtomicFile&& other) noexcept {
  if (this != &other) {
    discard();
    path_ = std::move(other.path_);
    temp_path_ = std::exchange(other.temp_path_, {});
    side_suffixes_ = std::move(other.side_suffixes_);
    interrupt_slots_ = std::exchange(other.interrupt_slots_, {});
  }
  return *this;
}

void AtomicFile::commit() {
  if (temp_path_.empty()) return;
  std::error_code ec;
  std::filesystem::rename(temp_path_, path_, ec);
  if (ec) {
    discard();
    throw IoError(fmt::format("{}: cannot move the finished file into place ({})", path_, ec.message()));
  }
  // Side files (journals) of a closed SQLite database are gone or stale; never leave them.
  for (const auto& suffix : side_suffixes_) std::remove((temp_path_ + suffix).c_str());
  unregister_for_interrupts();
  temp_path_.clear();
}

void AtomicFile::discard() noexcept {
  if (temp_path_.empty()) return;
  std::remove(temp_path_.c_str());
  for (const auto& suffix : side_suffixes_) std::remove((temp_path_ + suffix).c_str());
  unregister_for_interrupts();
  temp_path_.clear();
}

void write_file_atomically(const std::string& path, std::string_view contents) {
  AtomicFile file(path);
  {
    std::ofstream out(file.temp_path(), std::ios::binary | std::ios::trunc);
    HEATTWIN_CHECK_AS(IoError, out.is_open(), "{}: cannot create the file; is the folder there and writable?", path);
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    out.close();
    HEATTWIN_CHECK_AS(IoError, !out.fail(), "{}: writing the file failed (disk full?)", path);
  }
  file.commit();
}

}  // namespace heattwin::twin
