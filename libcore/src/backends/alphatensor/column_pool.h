// A small persistent thread pool for the fast-matmul additions on host bases. Its workers sleep
// on a condition variable between jobs: OpenMP's default spin-waiting fights OpenBLAS's own
// spinning threads for the same cores and made Strassen^2 5x slower on the 2-core machine.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace lapack_ai::alphatensor {

class ColumnPool {
 public:
  /// The process-wide pool (created on first use, workers joined at exit).
  static ColumnPool& Instance();
  ~ColumnPool();
  ColumnPool(const ColumnPool&) = delete;
  ColumnPool& operator=(const ColumnPool&) = delete;

  /// Calls fn(begin, end) over contiguous chunks covering [0, count) once, on up to `parts`
  /// threads (clamped to 1..workers + 1), the caller included; returns when all are done.
  /// Chunks are claimed from a shared counter, so a worker the OS wakes late (a loaded machine)
  /// delays nothing: the caller takes its share. Not reentrant: one job at a time.
  void ParallelFor(int64_t count, int parts, const std::function<void(int64_t, int64_t)>& fn);

  /// Threads that can work on a job, the caller included.
  int capacity() const { return static_cast<int>(workers_.size()) + 1; }

 private:
  explicit ColumnPool(int workers);
  void WorkerLoop(int index);

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable work_cv_, done_cv_;
  void RunChunks(const std::function<void(int64_t, int64_t)>& fn);

  const std::function<void(int64_t, int64_t)>* job_ = nullptr;
  int64_t count_ = 0, chunk_ = 1;
  std::atomic<int64_t> next_{0};
  int joinable_ = 0;  // workers that may still join the open job
  int active_ = 0;    // workers inside the job
  uint64_t generation_ = 0;
  bool stop_ = false;
};

}  // namespace lapack_ai::alphatensor
