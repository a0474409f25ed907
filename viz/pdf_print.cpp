#include "viz/pdf_print.hpp"

#include "twin/atomic_file.hpp"
#include "twin/error.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace heattwin::viz {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

/// A4 and the report's `@page{margin:14mm 12mm}` in inches (DevTools' unit); the CSS rule wins
/// anyway (preferCSSPageSize), these are the same values for documents without one.
constexpr double MM_PER_INCH = 25.4;
constexpr double A4_WIDTH_IN = 210.0 / MM_PER_INCH, A4_HEIGHT_IN = 297.0 / MM_PER_INCH;
constexpr double MARGIN_TOP_BOTTOM_IN = 14.0 / MM_PER_INCH, MARGIN_LEFT_RIGHT_IN = 12.0 / MM_PER_INCH;
/// Seconds the browser gets to exit after Browser.close before it is killed.
constexpr int CLOSE_TIMEOUT_S = 10;

/// Decodes standard base64 (RFC 4648, '=' padding); throws IoError on a character outside it.
std::string decode_base64(std::string_view text, const std::string& what) {
  std::array<int, 256> value{};
  value.fill(-1);
  constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < alphabet.size(); ++i)
    value[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
  std::string out;
  out.reserve(text.size() / 4 * 3);
  unsigned bits = 0;
  int count = 0;
  for (const char c : text) {
    if (c == '=') break;
    const int v = value[static_cast<unsigned char>(c)];
    HEATTWIN_CHECK_AS(IoError, v >= 0, "{}: Chromium sent a PDF that is not base64 (character {})", what,
                      static_cast<int>(static_cast<unsigned char>(c)));
    bits = (bits << 6U) | static_cast<unsigned>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> static_cast<unsigned>(count)) & 0xFFU);
    }
  }
  return out;
}

/// Moves `fd` to a number of at least 10 (close-on-exec), so that the child's dup2 onto 3 and 4
/// never meets one of its own sources.
int high_fd(int fd) {
  const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 10);
  ::close(fd);
  return moved;
}

}  // namespace

struct PdfPrinter::Impl {
  std::string chromium;
  int timeout_s = 120;
  pid_t pid = -1;
  int to_browser = -1, from_browser = -1;  // parent's ends of the two socket pairs
  fs::path profile;
  std::string buffer;  // bytes read but not yet a whole message
  std::int64_t next_id = 0;
  bool alive = false;
  std::size_t documents = 0;

  ~Impl() { shut_down(); }

  void start() {
    std::string templ = (fs::temp_directory_path() / "heattwin-chromium-XXXXXX").string();
    HEATTWIN_CHECK_AS(IoError, ::mkdtemp(templ.data()) != nullptr,
                      "cannot create a temporary profile folder for {}: {}", chromium, std::strerror(errno));
    profile = templ;
    std::array<int, 2> in{}, out{};  // in: parent → browser (its fd 3), out: browser (fd 4) → parent
    HEATTWIN_CHECK_AS(IoError, ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in.data()) == 0,
                      "cannot create the pipe to {}: {}", chromium, std::strerror(errno));
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, out.data()) != 0) {
      const int e = errno;
      ::close(in[0]);
      ::close(in[1]);
      throw IoError(fmt::format("cannot create the pipe from {}: {}", chromium, std::strerror(e)));
    }
    to_browser = high_fd(in[0]);
    from_browser = high_fd(out[0]);
    const int child_in = high_fd(in[1]), child_out = high_fd(out[1]);
    std::vector<std::string> args{chromium,
                                  "--headless=new",
                                  "--no-sandbox",
                                  "--disable-gpu",
                                  "--no-first-run",
                                  "--disable-extensions",
                                  "--disable-background-networking",
                                  "--remote-debugging-pipe",
                                  fmt::format("--user-data-dir={}", profile.string())};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, child_in, 3);
    posix_spawn_file_actions_adddup2(&actions, child_out, 4);
    // Its own process group, so that a hung browser is killed with its renderer and GPU helpers.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    const int spawned = posix_spawn(&pid, chromium.c_str(), &actions, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    ::close(child_in);
    ::close(child_out);
    if (spawned != 0) {
      pid = -1;
      shut_down();
      throw IoError(fmt::format("cannot start {} to print PDFs: {}", chromium, std::strerror(spawned)));
    }
    alive = true;
    const auto deadline = Clock::now() + std::chrono::seconds(timeout_s);
    call("Browser.getVersion", nlohmann::json::object(), "", deadline, "starting the browser");
  }

  /// Kills the browser's process group (it has not been reaped yet, so the group id is still its).
  void kill_browser() {
    if (pid > 0) {
      ::kill(-pid, SIGKILL);
      ::kill(pid, SIGKILL);
      int status = 0;
      ::waitpid(pid, &status, 0);
      pid = -1;
    }
    alive = false;
  }

  /// Closes the browser politely, then kills what is left; removes the profile. Never throws.
  void shut_down() noexcept {
    if (alive && pid > 0) {
      try {
        send(nlohmann::json{{"id", ++next_id}, {"method", "Browser.close"}, {"params", nlohmann::json::object()}});
      } catch (...) {  // already gone: the kill below cleans up
      }
      const auto deadline = Clock::now() + std::chrono::seconds(CLOSE_TIMEOUT_S);
      siginfo_t info{};
      while (Clock::now() < deadline) {
        info.si_pid = 0;
        // WNOWAIT: the exited browser stays a zombie, so its group id cannot be reused before the kill.
        if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_pid != 0) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
    kill_browser();
    for (int* fd : {&to_browser, &from_browser}) {
      if (*fd >= 0) ::close(*fd);
      *fd = -1;
    }
    if (!profile.empty()) {
      std::error_code ec;
      fs::remove_all(profile, ec);
      profile.clear();
    }
  }

  /// The browser's exit status in words, after its pipe closed (it is killed if it lingers).
  std::string exit_text() {
    siginfo_t info{};
    for (int i = 0; i < 100 && info.si_pid == 0; ++i) {
      if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) break;
      if (info.si_pid == 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::string text = "closed its pipe";
    if (info.si_pid != 0)
      text = info.si_code == CLD_EXITED ? fmt::format("exited with status {}", info.si_status)
                                        : fmt::format("was killed by signal {}", info.si_status);
    kill_browser();
    return text;
  }

  void send(const nlohmann::json& message) {
    std::string bytes = message.dump();
    bytes.push_back('\0');
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t n = ::send(to_browser, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw IoError(fmt::format("{} {}", chromium, exit_text()));
      sent += static_cast<std::size_t>(n);
    }
  }

  /// The next whole message; throws IoError when the deadline passes (the browser is killed) or
  /// the browser closes its pipe.
  nlohmann::json next_message(Clock::time_point deadline, std::string_view what) {
    std::size_t end = buffer.find('\0');
    while (end == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) {
        kill_browser();
        throw IoError(fmt::format("{} did not finish {} within {} s (killed)", chromium, what, timeout_s));
      }
      pollfd p{from_browser, POLLIN, 0};
      const int ready = ::poll(&p, 1, static_cast<int>(std::min<std::int64_t>(left, 1000)));
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0) continue;
      std::array<char, 1 << 16> chunk{};
      const ssize_t n = ::read(from_browser, chunk.data(), chunk.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw IoError(fmt::format("{} {} while {}", chromium, exit_text(), what));
      const std::size_t old = buffer.size();
      buffer.append(chunk.data(), static_cast<std::size_t>(n));
      end = buffer.find('\0', old);
    }
    nlohmann::json message =
        nlohmann::json::parse(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(end), nullptr, false);
    buffer.erase(0, end + 1);
    if (message.is_discarded()) {
      kill_browser();
      throw IoError(fmt::format("{} sent a message that is not JSON while {}", chromium, what));
    }
    return message;
  }

  /// A crashed renderer is an error; other events are not needed outside the documents in flight.
  void on_event(const nlohmann::json& event, std::string_view what) {
    const std::string method = event.value("method", "");
    if (method == "Inspector.targetCrashed" || method == "Target.targetCrashed") {
      kill_browser();
      throw IoError(fmt::format("{}: the page crashed while {}", chromium, what));
    }
  }

  /// Sends a command and returns its result; throws IoError with the browser's message when it
  /// answers with an error.
  nlohmann::json call(const std::string& method, nlohmann::json params, const std::string& session,
                      Clock::time_point deadline, std::string_view what) {
    HEATTWIN_CHECK_AS(IoError, alive, "{} is no longer running (an earlier document failed)", chromium);
    const std::int64_t id = ++next_id;
    nlohmann::json message{{"id", id}, {"method", method}, {"params", std::move(params)}};
    if (!session.empty()) message["sessionId"] = session;
    send(message);
    for (;;) {
      nlohmann::json reply = next_message(deadline, what);
      if (!reply.contains("id")) {
        on_event(reply, what);
        continue;
      }
      if (reply["id"] != id) continue;
      if (reply.contains("error")) {
        const std::string text = reply["error"].value("message", reply["error"].dump());
        kill_browser();
        throw IoError(fmt::format("{} answered {} with an error while {}: {}", chromium, method, what, text));
      }
      return reply.value("result", nlohmann::json::object());
    }
  }

  // ------------------------------------------------------------------ documents in flight
  // Each submitted document goes through the steps below in its own target; up to `in_flight`
  // documents are open at once, so that Chromium lays out one page while it prints another (and
  // while the caller computes the next HTML). Replies are matched to documents by message id,
  // Page.loadEventFired by session id.
  enum class Step { create, attach, enable, navigate, print, close };
  struct Job {
    std::string html_path, pdf_path, url, target, session;
    Step step = Step::create;
    std::int64_t pending_id = 0;  // the command whose reply the job waits for
    bool navigated = false, loaded = false;
    Clock::time_point deadline;
  };
  std::vector<Job> jobs;  // in flight
  std::size_t in_flight = 2;

  /// Sends the job's next command.
  void send_step(Job& job, const std::string& method, nlohmann::json params, bool in_session) {
    job.pending_id = ++next_id;
    nlohmann::json message{{"id", job.pending_id}, {"method", method}, {"params", std::move(params)}};
    if (in_session) message["sessionId"] = job.session;
    try {
      send(message);
    } catch (const IoError& e) {
      throw IoError(fmt::format("{}: {} while printing {}", job.pdf_path, e.what(), job.html_path));
    }
  }

  void print_when_loaded(Job& job) {
    if (!job.navigated || !job.loaded || job.step != Step::navigate) return;
    job.step = Step::print;
    send_step(job, "Page.printToPDF",
              {{"printBackground", true},
               {"preferCSSPageSize", true},
               {"displayHeaderFooter", false},
               {"paperWidth", A4_WIDTH_IN},
               {"paperHeight", A4_HEIGHT_IN},
               {"marginTop", MARGIN_TOP_BOTTOM_IN},
               {"marginBottom", MARGIN_TOP_BOTTOM_IN},
               {"marginLeft", MARGIN_LEFT_RIGHT_IN},
               {"marginRight", MARGIN_LEFT_RIGHT_IN}},
              true);
  }

  /// Fails the job: the browser is killed (the other documents in flight are lost, none of them
  /// half-written) and the error names the job's PDF.
  [[noreturn]] void fail(const Job& job, const std::string& text) {
    kill_browser();
    throw IoError(fmt::format("{}: {} ({})", job.pdf_path, text, job.html_path));
  }

  /// Advances the job whose command `reply` answers; returns true when the job is done.
  bool on_reply(Job& job, const nlohmann::json& reply) {
    if (reply.contains("error"))
      fail(job, fmt::format("{} answered with an error: {}", chromium,
                            reply["error"].value("message", reply["error"].dump())));
    const nlohmann::json result = reply.value("result", nlohmann::json::object());
    job.pending_id = 0;
    switch (job.step) {
      case Step::create:
        job.target = result.value("targetId", "");
        job.step = Step::attach;
        send_step(job, "Target.attachToTarget", {{"targetId", job.target}, {"flatten", true}}, false);
        return false;
      case Step::attach:
        job.session = result.value("sessionId", "");
        job.step = Step::enable;
        send_step(job, "Page.enable", nlohmann::json::object(), true);
        return false;
      case Step::enable:
        job.step = Step::navigate;
        send_step(job, "Page.navigate", {{"url", job.url}}, true);
        return false;
      case Step::navigate:
        if (result.contains("errorText"))
          fail(job, fmt::format("{} cannot open {}: {}", chromium, job.url, result["errorText"].get<std::string>()));
        job.navigated = true;
        print_when_loaded(job);
        return false;
      case Step::print: {
        const std::string bytes = decode_base64(result.value("data", ""), job.pdf_path);
        if (bytes.rfind("%PDF-", 0) != 0) fail(job, fmt::format("{} returned no PDF", chromium));
        twin::write_file_atomically(job.pdf_path, bytes);
        ++documents;
        job.step = Step::close;
        send_step(job, "Target.closeTarget", {{"targetId", job.target}}, false);
        return false;
      }
      case Step::close:
        return true;
    }
    return false;
  }

  /// Reads messages until one job is done (or, with `all`, every job); enforces the deadlines.
  void pump(bool all) {
    while (!jobs.empty()) {
      auto deadline = jobs.front().deadline;
      const Job* first_due = &jobs.front();
      for (const Job& j : jobs)
        if (j.deadline < deadline) {
          deadline = j.deadline;
          first_due = &j;
        }
      nlohmann::json m;
      try {
        m = next_message(deadline, fmt::format("printing {}", first_due->html_path));
      } catch (const IoError& e) {
        throw IoError(fmt::format("{}: {}", first_due->pdf_path, e.what()));
      }
      if (!m.contains("id")) {
        const std::string method = m.value("method", "");
        if (method == "Page.loadEventFired") {
          const std::string session = m.value("sessionId", "");
          for (Job& j : jobs)
            if (j.session == session && !session.empty()) {
              j.loaded = true;
              print_when_loaded(j);
            }
        } else if (method == "Inspector.targetCrashed" || method == "Target.targetCrashed") {
          const std::string session = m.value("sessionId", "");
          for (const Job& j : jobs)
            if (j.session == session || session.empty()) fail(j, fmt::format("{}: the page crashed", chromium));
        }
        continue;
      }
      const std::int64_t id = m["id"].get<std::int64_t>();
      for (std::size_t k = 0; k < jobs.size(); ++k) {
        if (jobs[k].pending_id != id) continue;
        if (on_reply(jobs[k], m)) {
          jobs.erase(jobs.begin() + static_cast<std::ptrdiff_t>(k));
          if (!all) return;
        }
        break;
      }
    }
  }

  void submit(const std::string& html_path, const std::string& pdf_path) {
    HEATTWIN_CHECK(fs::is_regular_file(html_path), "{}: cannot print it to PDF: the file does not exist", html_path);
    HEATTWIN_CHECK_AS(IoError, alive, "{}: {} is no longer running (an earlier document failed)", pdf_path, chromium);
    while (jobs.size() >= in_flight) pump(false);
    Job job;
    job.html_path = html_path;
    job.pdf_path = pdf_path;
    job.url = "file://" + fs::absolute(html_path).lexically_normal().string();
    job.deadline = Clock::now() + std::chrono::seconds(timeout_s);
    jobs.push_back(std::move(job));
    send_step(jobs.back(), "Target.createTarget", {{"url", "about:blank"}}, false);
  }

  void finish() { pump(true); }
};

PdfPrinter::PdfPrinter(std::string chromium, int timeout_s, std::size_t in_flight) : impl_(std::make_unique<Impl>()) {
  HEATTWIN_CHECK(timeout_s > 0, "PDF printing: the timeout must be positive (got {} s)", timeout_s);
  HEATTWIN_CHECK(in_flight > 0, "PDF printing: at least one document must be in flight (got 0)");
  impl_->chromium = std::move(chromium);
  impl_->timeout_s = timeout_s;
  impl_->in_flight = in_flight;
  impl_->start();
}

PdfPrinter::~PdfPrinter() = default;

void PdfPrinter::submit(const std::string& html_path, const std::string& pdf_path) {
  impl_->submit(html_path, pdf_path);
}

void PdfPrinter::finish() { impl_->finish(); }

void PdfPrinter::print(const std::string& html_path, const std::string& pdf_path) {
  submit(html_path, pdf_path);
  finish();
}

int PdfPrinter::browser_process_id() const { return impl_->pid; }

std::size_t PdfPrinter::documents_printed() const { return impl_->documents; }

void print_pdf(const std::string& chromium, const std::string& html_path, const std::string& pdf_path, int timeout_s) {
  PdfPrinter printer(chromium, timeout_s);
  printer.print(html_path, pdf_path);
}

}  // namespace heattwin::viz
