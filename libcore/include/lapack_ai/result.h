// Result records and the results document: what `bench`/`validate` produce and reports read.
// Serialised as strict JSON (non-finite numbers become null plus a status).
#pragma once
#include <optional>
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
};

/// A whole results file.
struct ResultsDocument {
  int schema_version = kResultsSchemaVersion;
  nlohmann::json context = nlohmann::json::object();  ///< see CollectContext()
  std::vector<CaseResult> results;
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
  bool ok() const { return failed == 0 && error == 0; }
};
Summary Summarize(const std::vector<CaseResult>& results);

}  // namespace lapack_ai
