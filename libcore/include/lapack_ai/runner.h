// Runs cases on backends: state and check each case's memory need, generate operands, compute
// the reference once, run and check each backend, then time them interleaved with Google
// Benchmark, in rounds until every speedup's interval is tight (--repeat auto) or a budget is
// spent. One case's failure never stops the sweep.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lapack_ai/backend.h"
#include "lapack_ai/op.h"
#include "lapack_ai/result.h"

namespace lapack_ai {

struct RunOptions {
  bool timing = true;          ///< false: validate only (one checked call per backend)
  int repeat = 5;              ///< timed samples per case and backend (when !repeat_auto)
  /// --repeat auto: sample in interleaved rounds until every speedup's 95 % interval has a
  /// relative half-width <= target_half_width, or max_time_s of timing is spent on the case, or
  /// 1000 samples are taken.
  bool repeat_auto = false;
  double target_half_width = 0.02;
  double max_time_s = 60;      ///< per case, timing only (auto mode)
  int warmup = 2;              ///< untimed calls before timing (first-call costs excluded)
  double tol = 0;              ///< > 0 overrides each check's default threshold
  std::string baseline = "openblas";  ///< speedups are baseline_median / median
  double min_sample_s = 2e-3;  ///< a sample repeats the call until it lasts about this long
  uint64_t bootstrap_seed = 1988;  ///< base of every interval's seed (recorded per result)
  int bootstrap_resamples = 2000;
  double unstable_cv = 0.05;   ///< a timing with a larger CV is marked unstable
};

/// Where the runner learns free memory and peak use (tests substitute a fake).
class MemoryProbe {
 public:
  virtual ~MemoryProbe() = default;
  /// Host memory a new allocation can get without swapping (MemAvailable), bytes; nullopt if
  /// unknown (the preflight then lets the case run and relies on catching allocation failures).
  virtual std::optional<double> HostAvailableBytes() = 0;
  /// Starts a new peak-RSS window (Linux: "5" to /proc/self/clear_refs).
  virtual void ResetPeak() = 0;
  /// Peak resident memory since ResetPeak (VmHWM), bytes; nullopt if unknown.
  virtual std::optional<double> PeakRssBytes() = 0;
};

/// The real /proc-based probe.
MemoryProbe& SystemMemory();

/// "1.07 TB (1073741824000 bytes)": sizes in messages carry the exact count.
std::string FormatBytes(double bytes);

/// Progress callback: (cases done, cases total, text of the current case).
using ProgressFn = std::function<void(std::size_t, std::size_t, const std::string&)>;
/// Called after each case with every record of the run so far (that case's last).
using CaseDoneFn = std::function<void(const std::vector<CaseResult>&)>;

class Runner {
 public:
  /// `reference` computes reference results and `memory` answers the preflight (neither owned;
  /// both must outlive the runner).
  Runner(Backend& reference, RunOptions options, MemoryProbe& memory = SystemMemory())
      : reference_(reference), options_(options), memory_(memory) {}

  /// Runs every case on every backend; results are grouped case by case, backends in order. A
  /// case that cannot fit in memory is recorded as `error` with memory.resource_error set and
  /// the bytes needed and available in its message; nothing of it is allocated.
  std::vector<CaseResult> Run(const std::vector<CaseParams>& cases,
                              const std::vector<Backend*>& backends,
                              const ProgressFn& progress = {}, const CaseDoneFn& case_done = {});

 private:
  void RunCase(const CaseParams& params, const std::vector<Backend*>& backends,
               const std::vector<BackendInfo>& infos, std::vector<CaseResult>& out);
  /// Appends one record per backend (skipped / unsupported where it cannot run); returns which
  /// backends run.
  std::vector<bool> Triage(const OpDescription& op, const CaseParams& params,
                           const std::vector<Backend*>& backends,
                           const std::vector<BackendInfo>& infos, std::vector<CaseResult>& out);
  /// Binds, warms up, runs once and checks; returns the bound call, or nullptr when the backend
  /// failed to run (recorded in `r`). `call_seconds`: one call's duration, for the timing.
  std::unique_ptr<BoundCall> CheckOn(Backend& backend, const BackendInfo& info, OpCase& cs,
                                     CaseResult& r, double& call_seconds);
  void RebindForTiming(OpCase& cs, const std::vector<Backend*>& backends,
                       std::vector<std::unique_ptr<BoundCall>>& bound,
                       std::vector<CaseResult>& out, std::size_t first);
  void TimeCase(std::vector<CaseResult>& out, std::size_t first,
                const std::vector<BackendInfo>& infos,
                const std::vector<std::unique_ptr<BoundCall>>& bound,
                const std::vector<double>& call_seconds);

  Backend& reference_;
  RunOptions options_;
  MemoryProbe& memory_;
};

}  // namespace lapack_ai
