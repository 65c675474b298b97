// Result records and the results document: what `bench`/`validate` produce and reports read.
// Serialised as strict JSON (non-finite numbers become null plus a status).
#pragma once
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lapack_ai/op.h"
#include "lapack_ai/types.h"

namespace lapack_ai {

/// Version of the results JSON layout; bump on any incompatible change.
inline constexpr int kResultsSchemaVersion = 1;

/// Timings of one case on one backend. Times are seconds per call.
struct TimingStats {
  std::vector<double> samples_s;   ///< one per repetition (mean of its iterations)
  int64_t iterations_per_sample = 1;
  double min_s = 0, median_s = 0, mean_s = 0, stddev_s = 0;
  double cv = 0;                   ///< stddev / mean (fraction, not percent)
  bool transfers_included = false; ///< host<->device copies inside the timed region
  /// How sampling ended: "fixed" (--repeat N), "converged" (--repeat auto: every speedup's
  /// interval half-width reached the target), "max_time" (--max-time spent first) or
  /// "max_samples" (1000 samples taken: the interval is as tight as this machine allows).
  std::string stop_reason = "fixed";
  bool unstable = false;           ///< CV above the stability limit (reason says why)
  std::string unstable_reason;
};

/// What a case needed and took in memory. Bytes; a field is absent when nobody can tell.
struct MemoryRecord {
  std::optional<double> host_bytes_needed;     ///< the op's estimate, before any allocation
  std::optional<double> device_bytes_needed;   ///< operands a device backend stages
  std::optional<double> host_bytes_available;  ///< MemAvailable when the case started
  std::optional<double> device_bytes_available;  ///< the device's memory, where known
  std::optional<double> peak_rss_bytes;        ///< process peak RSS during the case (all backends)
  std::optional<double> device_peak_bytes;     ///< device memory the backend reports using
  /// The case was refused (would not fit) or an allocation failed: the command exits 2.
  bool resource_error = false;
};

/// One case on one backend.
struct CaseResult {
  CaseParams params;
  std::string backend;
  Status status = Status::kPass;
  std::string message;               ///< why it failed / errored / was skipped
  std::vector<CheckResult> checks;   ///< the first is the primary check
  double flops = 0;                  ///< classical flop count
  std::optional<TimingStats> timing;
  std::optional<double> gflops;      ///< flops / median time / 1e9 ("effective" for fast schemes)
  std::string baseline;              ///< backend the speedup is measured against
  std::optional<double> speedup;     ///< baseline median / this median, same run, interleaved
  /// 95 % bootstrap interval of `speedup` (ratio of medians; lapack_ai/stats.h), the verdict
  /// ("faster", "slower", "no_difference") and the seed that reproduces the interval.
  std::optional<std::pair<double, double>> speedup_ci;
  std::string speedup_verdict;
  uint64_t speedup_seed = 0;
  MemoryRecord memory;
};

/// A whole results file.
struct ResultsDocument {
  int schema_version = kResultsSchemaVersion;
  nlohmann::json context = nlohmann::json::object();  ///< see CollectContext()
  std::vector<CaseResult> results;
  /// "What to use on this machine" (lapack_ai/what_to_use.h); null when not computed.
  nlohmann::json recommendations = nullptr;
};

nlohmann::json ToJson(const CaseResult& r);
nlohmann::json ToJson(const ResultsDocument& doc);
/// Parses a results document; throws UsageError naming the JSON pointer that is wrong.
ResultsDocument ResultsFromJson(const nlohmann::json& j);

/// Writes `text` to `path` atomically (temp file in the same folder, fsync, rename), creating
/// parent folders. Throws std::runtime_error with the path and errno text on failure.
void WriteFileAtomically(const std::string& path, const std::string& text);

/// Counts by status; exit code 0 iff no FAILED or error.
struct Summary {
  int pass = 0, failed = 0, skipped = 0, unsupported = 0, error = 0;
  int total() const { return pass + failed + skipped + unsupported + error; }
  int resource_errors = 0;  ///< cases refused or failed for lack of memory (exit 2)
  bool ok() const { return failed == 0 && error == 0; }
};
Summary Summarize(const std::vector<CaseResult>& results);

}  // namespace lapack_ai
