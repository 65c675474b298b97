// Interleaved timing of bound calls with Google Benchmark as the engine: each call is one
// registered benchmark with manual time, fixed iterations per sample and N repetitions, run in
// random interleaved order; statistics are Google Benchmark's aggregates.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lapack_ai/backend.h"
#include "lapack_ai/result.h"

namespace lapack_ai {

/// Time source for manual timing; tests substitute a fake.
class Clock {
 public:
  virtual ~Clock() = default;
  /// Seconds since an arbitrary origin, monotonic.
  virtual double Now() = 0;
};

/// std::chrono::steady_clock.
Clock& SteadyClock();

struct TimedTarget {
  std::string label;             ///< unique within one TimeInterleaved call
  BoundCall* call = nullptr;     ///< Reset() untimed, Run() timed
  int64_t iterations = 1;        ///< calls per sample
};

/// Times every target `repetitions` times, interleaved in random order. Returns one
/// TimingStats per target, in order. Reset() runs before each call outside the timed region.
/// A target whose Run() throws gets empty samples; the exception text is in `errors[i]`.
std::vector<TimingStats> TimeInterleaved(const std::vector<TimedTarget>& targets, int repetitions,
                                         std::vector<std::string>* errors = nullptr,
                                         Clock& clock = SteadyClock());

}  // namespace lapack_ai
