#pragma once
/// \file The batch engine: runs many independent tasks (a sweep's runs; later the municipalities
/// of a state-wide run) on local threads, or over MPI ranks when HeatTwin is built with
/// HEATTWIN_WITH_MPI and started under mpirun.
///
/// Load balancing is dynamic: rank 0 hands out task indices one at a time, to its own worker
/// threads and to every other rank as soon as it asks for more, so slow and fast tasks mix
/// freely. Each task's result is a byte string; rank 0 receives all of them and calls `done`
/// on its main thread, one at a time, in completion order (the order differs from run to run;
/// the results themselves do not, because a task depends only on its index). Only rank 0
/// writes files or prints.

#include <cstddef>
#include <functional>
#include <span>
#include <string>

namespace heattwin::scenarios {

/// The process's place in the batch: MPI_Init on construction (when built with MPI) and
/// MPI_Finalize on destruction. One per process, created by the command (app/), before any
/// batch runs. Without MPI, or not started by mpirun, rank 0 of 1.
class BatchProcess {
 public:
  BatchProcess();
  ~BatchProcess();
  BatchProcess(const BatchProcess&) = delete;
  BatchProcess& operator=(const BatchProcess&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }
  /// True if built with MPI support.
  static bool has_mpi();
  /// After a fatal error on this rank: ends every rank of the job (MPI_Abort with `code`) when
  /// there are several, so that none waits for a task forever; returns when alone.
  void abort_if_distributed(int code) const;

 private:
  int rank_ = 0;
  int size_ = 1;
  bool initialized_here_ = false;
};

/// Computes task `index`; must not throw (report failures inside the result). Called on worker
/// threads, several at a time: it must be thread-safe.
using BatchTask = std::function<std::string(std::size_t index)>;
/// Receives task `index`'s result on rank 0's calling thread.
using BatchDone = std::function<void(std::size_t index, const std::string& result)>;

/// Runs the tasks `todo` (indices, each once) over `threads` local worker threads (≥ 1) of rank
/// 0 and the other ranks of `process` (one task at a time each: start one rank per core; their
/// solvers' OpenMP threads then stay at 1). Rank 0 returns when every task's result has been
/// given to `done`; the other ranks when rank 0 has no task left. Worker threads run their
/// solvers single-threaded (omp_set_num_threads(1)) when threads > 1, so that the cores are
/// not oversubscribed.
void run_batch(const BatchProcess& process, std::span<const std::size_t> todo, std::size_t threads,
               const BatchTask& task, const BatchDone& done);

}  // namespace heattwin::scenarios
