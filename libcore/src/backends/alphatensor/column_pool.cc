// The fast-matmul additions' thread pool (see column_pool.h for why not OpenMP).
#include "column_pool.h"

#include <algorithm>

namespace lapack_ai::alphatensor {

ColumnPool& ColumnPool::Instance() {
  static ColumnPool pool(std::max(1, static_cast<int>(std::thread::hardware_concurrency())) - 1);
  return pool;
}

ColumnPool::ColumnPool(int workers) {
  for (int i = 0; i < workers; ++i) workers_.emplace_back([this, i] { WorkerLoop(i); });
}

ColumnPool::~ColumnPool() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  work_cv_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void ColumnPool::RunChunks(const std::function<void(int64_t, int64_t)>& fn) {
  for (;;) {
    const int64_t begin = next_.fetch_add(chunk_);
    if (begin >= count_) return;
    fn(begin, std::min(begin + chunk_, count_));
  }
}

void ColumnPool::WorkerLoop(int /*index*/) {
  uint64_t seen = 0;
  std::unique_lock lock(mutex_);
  for (;;) {
    work_cv_.wait(lock, [&] { return stop_ || generation_ != seen; });
    if (stop_) return;
    seen = generation_;
    if (job_ == nullptr || joinable_ == 0) continue;
    --joinable_;
    ++active_;
    const auto* job = job_;
    lock.unlock();
    RunChunks(*job);
    lock.lock();
    if (--active_ == 0) done_cv_.notify_one();
  }
}

void ColumnPool::ParallelFor(int64_t count, int parts,
                             const std::function<void(int64_t, int64_t)>& fn) {
  parts = std::clamp(parts, 1, capacity());
  if (parts == 1 || count < 2) {
    fn(0, count);
    return;
  }
  {
    std::lock_guard lock(mutex_);
    job_ = &fn;
    count_ = count;
    // About 8 chunks per thread: small enough to balance, large enough that claiming is free.
    chunk_ = std::max<int64_t>(1, count / (8 * parts));
    next_.store(0);
    joinable_ = parts - 1;
    active_ = 0;
    ++generation_;
  }
  work_cv_.notify_all();
  RunChunks(fn);
  std::unique_lock lock(mutex_);
  joinable_ = 0;  // every chunk is claimed: a worker waking now has nothing to do
  done_cv_.wait(lock, [&] { return active_ == 0; });
  job_ = nullptr;
}

}  // namespace lapack_ai::alphatensor
