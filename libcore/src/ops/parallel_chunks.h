// fn(begin, end) over [0, count) in contiguous chunks on every core, for the long-double O(n^2)
// loops of the generators and the projected checks, which at n = 16384 take minutes on one core
// (x87 arithmetic). Callers split so that each element's arithmetic, summation order included,
// is the one a single thread would do: results are bit-identical with any number of threads.
#pragma once
#include <algorithm>
#include <cstdint>
#include <thread>
#include <vector>

namespace lapack_ai {

/// `elements` is the work's size: below 4 Mi elements fn runs on the caller alone.
template <typename F>
void ParallelChunks(int64_t count, int64_t elements, F fn) {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const auto threads = static_cast<int64_t>(elements >= (int64_t{1} << 22) ? std::min(cores, 64u) : 1u);
  if (threads <= 1 || count < 2) {
    fn(int64_t{0}, count);
    return;
  }
  const int64_t chunk = (count + threads - 1) / threads;
  std::vector<std::thread> workers;
  for (int64_t b = chunk; b < count; b += chunk) workers.emplace_back(fn, b, std::min(count, b + chunk));
  fn(int64_t{0}, std::min(count, chunk));
  for (std::thread& t : workers) t.join();
}

}  // namespace lapack_ai
