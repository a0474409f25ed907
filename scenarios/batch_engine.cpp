#include "scenarios/batch_engine.hpp"

#include "twin/error.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <limits>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#ifdef HEATTWIN_WITH_MPI
#include <mpi.h>
#endif

namespace heattwin::scenarios {
namespace {

constexpr std::uint64_t NO_TASK = std::numeric_limits<std::uint64_t>::max();

/// Rank 0's side of the work: the task list it hands out and the results its threads finished.
class Dispatcher {
 public:
  explicit Dispatcher(std::span<const std::size_t> todo) : todo_(todo) {}
  /// The next task index, or NO_TASK when all are handed out.
  std::uint64_t take() {
    const std::lock_guard lock(mutex_);
    return next_ < todo_.size() ? todo_[next_++] : NO_TASK;
  }
  void finished(std::size_t index, std::string result) {
    {
      const std::lock_guard lock(mutex_);
      results_.emplace_back(index, std::move(result));
    }
    ready_.notify_one();
  }
  /// Waits up to `wait` for finished local results and moves them out.
  std::deque<std::pair<std::size_t, std::string>> collect(std::chrono::microseconds wait) {
    std::unique_lock lock(mutex_);
    ready_.wait_for(lock, wait, [&] { return !results_.empty(); });
    return std::exchange(results_, {});
  }

 private:
  std::span<const std::size_t> todo_;
  std::size_t next_ = 0;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::pair<std::size_t, std::string>> results_;
};

#ifdef HEATTWIN_WITH_MPI
constexpr int TAG_REQUEST = 17001;  // worker → 0: [uint64 index or NO_TASK][result bytes]
constexpr int TAG_ASSIGN = 17002;   // 0 → worker: uint64 index or NO_TASK (stop)

void check_mpi(int code, const char* what) {
  if (code != MPI_SUCCESS) throw Error(fmt::format("MPI: {} failed (error code {})", what, code));
}

/// A rank > 0: asks for a task, computes it, sends the result with the next request.
void worker_loop(const BatchTask& task) {
  std::vector<char> message(sizeof(std::uint64_t));
  std::uint64_t none = NO_TASK;
  std::memcpy(message.data(), &none, sizeof none);
  while (true) {
    check_mpi(MPI_Send(message.data(), static_cast<int>(message.size()), MPI_BYTE, 0, TAG_REQUEST, MPI_COMM_WORLD),
              "sending a request");
    std::uint64_t index = NO_TASK;
    check_mpi(MPI_Recv(&index, 1, MPI_UINT64_T, 0, TAG_ASSIGN, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "receiving a task");
    if (index == NO_TASK) return;
    const std::string result = task(static_cast<std::size_t>(index));
    message.resize(sizeof index + result.size());
    std::memcpy(message.data(), &index, sizeof index);
    std::memcpy(message.data() + sizeof index, result.data(), result.size());
  }
}

/// Rank 0: answers one pending request of another rank, if there is one. Returns true if it did.
bool serve_one_request(Dispatcher& dispatcher, const BatchDone& done, int& active_workers) {
  int flag = 0;
  MPI_Status status;
  check_mpi(MPI_Iprobe(MPI_ANY_SOURCE, TAG_REQUEST, MPI_COMM_WORLD, &flag, &status), "probing");
  if (flag == 0) return false;
  int bytes = 0;
  check_mpi(MPI_Get_count(&status, MPI_BYTE, &bytes), "sizing a message");
  std::vector<char> message(static_cast<std::size_t>(bytes));
  check_mpi(
      MPI_Recv(message.data(), bytes, MPI_BYTE, status.MPI_SOURCE, TAG_REQUEST, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
      "receiving a result");
  std::uint64_t index = NO_TASK;
  std::memcpy(&index, message.data(), sizeof index);
  if (index != NO_TASK) {
    done(static_cast<std::size_t>(index), std::string(message.begin() + sizeof index, message.end()));
  }
  const std::uint64_t next = dispatcher.take();
  check_mpi(MPI_Send(&next, 1, MPI_UINT64_T, status.MPI_SOURCE, TAG_ASSIGN, MPI_COMM_WORLD), "sending a task");
  if (next == NO_TASK) --active_workers;
  return true;
}
#endif

}  // namespace

BatchProcess::BatchProcess() {
#ifdef HEATTWIN_WITH_MPI
  // MPI cannot start twice in one process: a batch after an earlier one ended it (a benchmark
  // that runs a sweep repeatedly) runs alone, as rank 0 of 1, without MPI calls.
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (finalized != 0) return;
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (initialized == 0) {
    int provided = 0;
    // Only the main thread of each rank calls MPI (rank 0's worker threads never do).
    check_mpi(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    initialized_here_ = true;
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
#endif
}

BatchProcess::~BatchProcess() {
#ifdef HEATTWIN_WITH_MPI
  if (initialized_here_) MPI_Finalize();
#endif
}

void BatchProcess::abort_if_distributed(int code) const {
#ifdef HEATTWIN_WITH_MPI
  if (size_ > 1) MPI_Abort(MPI_COMM_WORLD, code);
#else
  (void)code;
#endif
}

bool BatchProcess::has_mpi() {
#ifdef HEATTWIN_WITH_MPI
  return true;
#else
  return false;
#endif
}

void run_batch(const BatchProcess& process, std::span<const std::size_t> todo, std::size_t threads,
               const BatchTask& task, const BatchDone& done) {
  HEATTWIN_CHECK(threads >= 1, "batch: threads must be at least 1 (found {})", threads);
#ifdef HEATTWIN_WITH_MPI
  if (process.rank() > 0) {
    omp_set_num_threads(1);
    worker_loop(task);
    return;
  }
#endif
  Dispatcher dispatcher(todo);
  const bool single_solver_threads = threads > 1 || process.size() > 1;
  std::vector<std::thread> workers;
  workers.reserve(threads);
  std::mutex running_mutex;
  std::size_t running = threads;
  for (std::size_t t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      if (single_solver_threads) omp_set_num_threads(1);
      for (std::uint64_t index = dispatcher.take(); index != NO_TASK; index = dispatcher.take()) {
        dispatcher.finished(static_cast<std::size_t>(index), task(static_cast<std::size_t>(index)));
      }
      const std::lock_guard lock(running_mutex);
      --running;
    });
  }
  int active_workers = process.size() - 1;
  // The main thread: answers the other ranks and hands finished results to `done`.
  while (true) {
    bool busy = false;
#ifdef HEATTWIN_WITH_MPI
    while (active_workers > 0 && serve_one_request(dispatcher, done, active_workers)) busy = true;
#endif
    auto finished = dispatcher.collect(busy || active_workers > 0 ? std::chrono::microseconds(500)
                                                                  : std::chrono::microseconds(20000));
    for (auto& [index, result] : finished) {
      done(index, result);
    }
    bool local_running = false;
    {
      const std::lock_guard lock(running_mutex);
      local_running = running > 0;
    }
    if (!local_running && active_workers == 0) {
      for (auto& [index, result] : dispatcher.collect(std::chrono::microseconds(0))) done(index, result);
      break;
    }
  }
  for (auto& w : workers) w.join();
}

}  // namespace heattwin::scenarios
