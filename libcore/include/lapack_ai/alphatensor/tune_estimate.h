// What `lapack-ai tune --dry-run` states before measuring: how long the run should take, from a
// short probe of the base's GEMM rate extrapolated to each case, and the bound --max-time puts
// on it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "lapack_ai/backend.h"
#include "lapack_ai/runner.h"
#include "lapack_ai/sweep.h"

namespace lapack_ai::alphatensor {

/// GEMM rates the estimate extrapolates from, GFLOP/s (classical count); 0 = not probed.
struct ProbeRates {
  double single = 0, dbl = 0;  ///< the base's sgemm / dgemm
  double reference = 0;        ///< the reference backend's dgemm (its full checks)
  double For(Precision p) const { return p == Precision::kSingle ? single : dbl; }
};

/// Times square gemm calls of side `n` on `backend` (best of three after one warm-up call) and
/// returns GFLOP/s from the classical flop count 2n^3. Throws what the backend throws.
double ProbeGemmRate(Backend& backend, Precision type, int64_t n);

/// Seconds one planned case should take.
struct CaseEstimate {
  CaseParams params;
  double call_s = 0;      ///< one call on the base, extrapolated from the probe rate
  double expected_s = 0;  ///< warm-ups, checks, reference and the samples of the first round
  double max_s = 0;       ///< with --repeat auto: --max-time spent on sampling
};

/// Seconds the whole run should take: the sum over its cases plus the start-up load sample.
struct TuneEstimate {
  std::vector<CaseEstimate> cases;
  int samples = 0;  ///< samples per backend the expectation counts (auto: its first round, 10)
  double expected_s = 0, max_s = 0;
};

/// Every backend is assumed to run at the base's rate (fast schemes are within tens of percent
/// of it where they matter); a sample lasts at least `options.min_sample_s`; the reference's
/// full check (at most 2^30 multiply-adds, ops/gemm_check.h) runs at `rates.reference`, larger
/// checks are projected and cost next to nothing. With --repeat auto sampling goes on until the
/// intervals are tight, --max-time is spent or 1000 samples a side are taken: the expectation
/// counts the first round, the bound the whole budget.
TuneEstimate EstimateTuneTime(const std::vector<CaseParams>& cases, std::size_t backends,
                              const RunOptions& options, const ProbeRates& rates);

/// "5.37 ms", "2.4 s", "12 s", "3 min 20 s", "2 min", "1 h 5 min".
std::string FormatDuration(double seconds);

/// The crossover table is by min(m, n, k): two --dim items with the same minimum would compete
/// for one row; a size 0 has no row. Throws UsageError naming --dim and the sizes at fault.
void CheckTuneDims(const std::vector<Dims>& dims);

}  // namespace lapack_ai::alphatensor
