// HostTeam (opencl_host_team.h).
#include "opencl_host_team.h"

#include <algorithm>

namespace lapack_ai::opencl {
namespace {

// Spins 4000 pauses (tens of us, up to ~0.2 ms where a pause is ~140 cycles; a panel column's
// work is of that order), then sleeps until `a` changes.
template <typename V>
void AwaitChange(const std::atomic<V>& a, V old) {
  for (int i = 0; i < 4000; ++i) {
    if (a.load(std::memory_order_acquire) != old) return;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
  while (a.load(std::memory_order_acquire) == old) a.wait(old, std::memory_order_acquire);
}

}  // namespace

HostTeam::HostTeam(int size) {
  for (int rank = 1; rank < std::max(1, size); ++rank) workers_.emplace_back([this, rank] { WorkerLoop(rank); });
}

HostTeam::~HostTeam() {
  stop_ = true;
  start_.fetch_add(1, std::memory_order_release);
  start_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void HostTeam::WorkerLoop(int rank) {
  uint32_t seen = 0;
  for (;;) {
    AwaitChange(start_, seen);
    seen = start_.load(std::memory_order_acquire);
    if (stop_) return;
    if (rank < threads_) {
      (*job_)(rank, threads_);
      if (finished_.fetch_add(1, std::memory_order_acq_rel) + 1 == threads_ - 1) finished_.notify_one();
    }
  }
}

void HostTeam::Run(int threads, const std::function<void(int, int)>& job) {
  threads = std::clamp(threads, 1, size());
  threads_ = threads;
  if (threads == 1) {
    job(0, 1);
    return;
  }
  job_ = &job;
  finished_.store(0, std::memory_order_relaxed);
  arrived_.store(0, std::memory_order_relaxed);
  start_.fetch_add(1, std::memory_order_release);  // publishes job_ and threads_ to the workers
  start_.notify_all();
  job(0, threads);
  for (int done = finished_.load(std::memory_order_acquire); done != threads - 1;
       done = finished_.load(std::memory_order_acquire))
    AwaitChange(finished_, done);
}

void HostTeam::Barrier() {
  if (threads_ == 1) return;
  const uint32_t phase = barrier_.load(std::memory_order_acquire);
  if (arrived_.fetch_add(1, std::memory_order_acq_rel) + 1 == threads_) {
    arrived_.store(0, std::memory_order_relaxed);
    barrier_.fetch_add(1, std::memory_order_release);
    barrier_.notify_all();
    return;
  }
  AwaitChange(barrier_, phase);
}

}  // namespace lapack_ai::opencl
