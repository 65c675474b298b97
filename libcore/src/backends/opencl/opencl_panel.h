// Helpers of the hybrid factorizations (opencl_hybrid_*.cc): the block size, the host panels'
// thread count, the phase clock, and reading a device sub-matrix into a host panel without
// blocking the host.
#pragma once
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

#include "opencl_block_sizes.h"
#include "opencl_bound_call.h"
#include "opencl_device.h"
#include "opencl_wrappers.h"

namespace lapack_ai::opencl {

/// "/nb=N" when given, else what `tune` stored for the device's `routine` at the order nearest
/// n (TunedBlocks), else the default for the order n.
inline int64_t BlockSize(const OpenDevice& dev, const OpenclOptions& opts, std::string_view routine,
                         std::size_t bytes, int64_t n, BlockSizes sizes) {
  if (opts.nb > 0) return opts.nb;
  if (const int64_t tuned = dev.tuned_blocks().At(routine, bytes, n); tuned > 0) return tuned;
  return sizes.At(n);
}

/// Host BLAS threads of a factorization's panels: /host_threads=N, else the run's --threads
/// capped at `cap` (0: no cap; with no --threads, `cap`), else 0 (OpenBLAS's own setting).
inline int PanelThreads(const OpenclOptions& o, int cap) {
  if (o.host_threads > 0) return o.host_threads;
  if (cap > 0) return o.run_threads > 0 ? std::min(cap, o.run_threads) : cap;
  return o.run_threads;
}

/// Where a hybrid factorization's wall time goes, printed to stderr per bound call when
/// LAPACK_AI_OPENCL_PHASES is set: host panel work, host time blocked on the device (panel
/// reads, Finish), host time spent issuing device work (CLBlast calls, enqueues, staging) and
/// the rest. Tells which side bounds a run on a given machine.
enum class Phase { kHost, kBlocked, kIssue };

class PhaseClock {
 public:
  using Clock = std::chrono::steady_clock;
  explicit PhaseClock(std::string what) : what_(std::move(what)), on_(std::getenv("LAPACK_AI_OPENCL_PHASES") != nullptr) {}
  ~PhaseClock() {
    if (!on_ || runs_ == 0) return;
    const double r = static_cast<double>(runs_);
    std::fprintf(stderr,
                 "opencl %s: %d runs, per run %.4f s: host panels %.4f s, blocked on the device %.4f s, "
                 "issuing device work %.4f s\n",
                 what_.c_str(), runs_, total_ / r, sum_[0] / r, sum_[1] / r, sum_[2] / r);
  }
  /// Times f() as phase p.
  template <typename F>
  auto Time(Phase p, F&& f) {
    if (!on_) return f();
    struct Add {
      double& sum;
      Clock::time_point t0;
      ~Add() { sum += std::chrono::duration<double>(Clock::now() - t0).count(); }
    } add{sum_[static_cast<int>(p)], Clock::now()};
    return f();
  }
  void BeginRun() {
    if (on_) start_ = Clock::now();
  }
  void EndRun() {
    if (!on_) return;
    total_ += std::chrono::duration<double>(Clock::now() - start_).count();
    if (!warmed_up_) {  // the bind's warm-up run compiles kernels: not what a timed run spends
      warmed_up_ = true;
      sum_[0] = sum_[1] = sum_[2] = total_ = 0;
      return;
    }
    ++runs_;
  }

 private:
  std::string what_;
  bool on_;
  bool warmed_up_ = false;
  int runs_ = 0;
  double sum_[3] = {0, 0, 0}, total_ = 0;
  Clock::time_point start_;
};

/// The number of threads the host's BLAS runs the panels with, for the scope of one Compute;
/// restores the previous setting after. 0 leaves it as it is. OpenBLAS's thread count is
/// process-wide, and backends of one interleaved run may want different counts.
class HostThreads {
 public:
  explicit HostThreads(int threads);
  ~HostThreads();
  HostThreads(const HostThreads&) = delete;
  HostThreads& operator=(const HostThreads&) = delete;

 private:
  int previous_ = 0;
};

// A non-blocking read whose completion the host waits for later.
class PendingRead {
 public:
  ~PendingRead() {
    if (event_ != nullptr) clReleaseEvent(event_);
  }
  cl_event* slot() { return &event_; }
  void Wait() {
    if (event_ == nullptr) return;
    CL_CHECK(clWaitForEvents(1, &event_));
    clReleaseEvent(event_);
    event_ = nullptr;
  }

 private:
  cl_event event_ = nullptr;
};

template <typename T>
inline void ReadAsync(OpenDevice& dev, cl_mem buf, std::size_t offset, std::size_t ld, T* host,
               std::size_t rows, std::size_t cols, PendingRead& pending) {
  const std::size_t origin[3] = {(offset % ld) * sizeof(T), offset / ld, 0};
  const std::size_t host_origin[3] = {0, 0, 0};
  const std::size_t region[3] = {rows * sizeof(T), cols, 1};
  CL_CHECK(clEnqueueReadBufferRect(dev.queue(), buf, CL_FALSE, origin, host_origin, region,
                                   ld * sizeof(T), 0, rows * sizeof(T), 0, host, 0, nullptr,
                                   pending.slot()));
  CL_CHECK(clFlush(dev.queue()));
}

/// The right-looking panel loop of getrf and geqrf: reads the first panel, then for each panel
/// waits for its read (the previous step's look-ahead enqueued it) and calls step(j, jb, rows)
/// to factor columns j..j+jb-1 (rows m - j) on the host and update the trailing matrix. The
/// host BLAS runs `host_threads` threads meanwhile (HostThreads).
template <typename T, typename Step>
void ForEachPanel(OpenDevice& dev, cl_mem a, int64_t m, int64_t n, int64_t lda, int64_t nb,
                  T* panel, PendingRead& pending, PhaseClock& clock, int host_threads, Step step) {
  HostThreads threads(host_threads);
  const int64_t mn = std::min(m, n);
  clock.BeginRun();
  if (mn > 0) ReadAsync(dev, a, 0, lda, panel, m, std::min(nb, mn), pending);
  for (int64_t j = 0; j < mn; j += nb) {
    clock.Time(Phase::kBlocked, [&] { pending.Wait(); });
    step(j, std::min(nb, mn - j), m - j);
  }
  clock.Time(Phase::kBlocked, [&] { dev.Finish(); });
  clock.EndRun();
}

}  // namespace lapack_ai::opencl
