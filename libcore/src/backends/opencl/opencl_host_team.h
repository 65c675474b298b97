// A fixed team of host threads that run one function together, each with its rank, and meet at
// barriers: the shape of a parallel panel factorization, where every thread keeps its own rows
// of the panel in its own cache from the first column to the last and the threads meet once per
// column (alphatensor's ColumnPool hands out chunks instead, with no fixed ranks or barriers).
// Waits spin briefly, then sleep on the atomic (a futex on Linux): the hybrid's host and device
// threads share the cores, and a team spinning for long would starve the thread it waits for.
#pragma once
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <thread>
#include <vector>

namespace lapack_ai::opencl {

class HostTeam {
 public:
  /// A team of `size` threads, the caller included (size - 1 workers, started now).
  explicit HostTeam(int size);
  ~HostTeam();
  HostTeam(const HostTeam&) = delete;
  HostTeam& operator=(const HostTeam&) = delete;

  int size() const { return static_cast<int>(workers_.size()) + 1; }

  /// Runs job(rank, threads) on ranks 0..threads-1 (threads clamped to 1..size()), rank 0 on the
  /// caller; returns when every rank has returned. One job at a time.
  void Run(int threads, const std::function<void(int, int)>& job);

  /// Waits until all ranks of the running job have arrived; their writes before it are visible
  /// to every rank after it.
  void Barrier();

 private:
  void WorkerLoop(int rank);

  std::vector<std::thread> workers_;
  const std::function<void(int, int)>* job_ = nullptr;
  int threads_ = 1;
  std::atomic<uint32_t> start_{0};    // bumped per job (and at shutdown)
  std::atomic<int> finished_{0};      // workers done with the current job
  std::atomic<int> arrived_{0};       // ranks at the current barrier
  std::atomic<uint32_t> barrier_{0};  // bumped when a barrier opens
  bool stop_ = false;
};

/// A panel team's size: host_threads when set, else one per core (OpenBLAS's default count).
inline int TeamSize(int host_threads) {
  return host_threads > 0 ? host_threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace lapack_ai::opencl
