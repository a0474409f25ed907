#include "viz/pdf_print.hpp"

#include "twin/atomic_file.hpp"
#include "twin/error.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace heattwin::viz {

namespace fs = std::filesystem;

void print_pdf(const std::string& chromium, const std::string& html_path, const std::string& pdf_path, int timeout_s) {
  twin::AtomicFile file(pdf_path, ".pdf");
  const fs::path profile = fs::temp_directory_path() / fmt::format("heattwin-chromium-{}", ::getpid());
  const std::string url = "file://" + fs::absolute(html_path).string();
  std::vector<std::string> args{chromium,
                                "--headless=new",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--no-first-run",
                                "--disable-extensions",
                                "--disable-background-networking",
                                "--no-pdf-header-footer",
                                fmt::format("--user-data-dir={}", profile.string()),
                                fmt::format("--print-to-pdf={}", fs::absolute(file.temp_path()).string()),
                                url};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, chromium.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  HEATTWIN_CHECK_AS(IoError, spawned == 0, "{}: cannot start {} to print the PDF: {}", pdf_path, chromium,
                    std::strerror(spawned));
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  bool finished = false;
  while (!finished) {
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid || r < 0) {
      finished = true;
    } else if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      std::error_code ec;
      fs::remove_all(profile, ec);
      throw IoError(
          fmt::format("{}: {} did not finish printing {} within {} s", pdf_path, chromium, html_path, timeout_s));
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  std::error_code ec;
  fs::remove_all(profile, ec);
  HEATTWIN_CHECK_AS(IoError, WIFEXITED(status) && WEXITSTATUS(status) == 0, "{}: {} exited with status {} printing {}",
                    pdf_path, chromium, WIFEXITED(status) ? WEXITSTATUS(status) : -1, html_path);
  HEATTWIN_CHECK_AS(IoError, fs::exists(file.temp_path()) && fs::file_size(file.temp_path()) > 0,
                    "{}: {} wrote no PDF for {}", pdf_path, chromium, html_path);
  file.commit();
}

}  // namespace heattwin::viz
