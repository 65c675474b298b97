// Runs cases on backends: generate operands, compute the reference once, run and check each
// backend, then time them interleaved with Google Benchmark. One case's failure never stops
// the sweep.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lapack_ai/backend.h"
#include "lapack_ai/result.h"

namespace lapack_ai {

struct RunOptions {
  bool timing = true;          ///< false: validate only (one checked call per backend)
  int repeat = 5;              ///< timed samples per case and backend
  int warmup = 2;              ///< untimed calls before timing (first-call costs excluded)
  double tol = 0;              ///< > 0 overrides each check's default threshold
  std::string baseline = "openblas";  ///< speedups are baseline_median / median
  double min_sample_s = 2e-3;  ///< a sample repeats the call until it lasts about this long
};

/// Progress callback: (cases done, cases total, text of the current case).
using ProgressFn = std::function<void(std::size_t, std::size_t, const std::string&)>;

class Runner {
 public:
  /// `reference` computes reference results (not owned; must outlive the runner).
  Runner(Backend& reference, RunOptions options) : reference_(reference), options_(options) {}

  /// Runs every case on every backend; results are grouped case by case, backends in order.
  std::vector<CaseResult> Run(const std::vector<CaseParams>& cases,
                              const std::vector<Backend*>& backends,
                              const ProgressFn& progress = {});

 private:
  void TimeCase(std::vector<CaseResult>& out, std::size_t first,
                const std::vector<BackendInfo>& infos,
                const std::vector<std::unique_ptr<BoundCall>>& bound,
                const std::vector<double>& call_seconds);

  Backend& reference_;
  RunOptions options_;
};

}  // namespace lapack_ai
