// `report compare`: matches the cases of two results documents and judges each change. A CI
// gate: speed against noise (Mann–Whitney U plus a minimum change), precision against the
// check's own threshold, status getting worse.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lapack_ai/reports/merge.h"
#include "lapack_ai/result.h"

namespace lapack_ai::reports {

struct CompareOptions {
  /// A speed change counts only if the median moved by more than this, in percent.
  double threshold_percent = 5.0;
  /// Significance level of the two-sided Mann–Whitney U test on the timing samples.
  double alpha = 0.05;
  /// Treat a case present in the base but absent from the new document as a regression.
  bool fail_on_missing = false;
};

/// How the speed of a matched case changed.
enum class SpeedVerdict {
  kNotTimed,        ///< either side has no timing samples (e.g. validate results)
  kTooFewSamples,   ///< the test cannot reach alpha with this many samples: not judged
  kUnchanged,       ///< not significant, or within the threshold: noise
  kFaster,
  kSlower,          ///< significant and beyond the threshold: a regression
};

/// "not timed", "too few samples", "unchanged", "faster", "SLOWER".
std::string_view ToString(SpeedVerdict v);

/// One case found in both documents.
struct CaseComparison {
  std::string leg;                      ///< set by CompareLegs when there are several legs
  std::string op, type, backend;
  std::string params;                   ///< the parameters that identify the case, as text
  Status base_status = Status::kPass, new_status = Status::kPass;
  std::optional<double> base_median_s, new_median_s;  ///< seconds per call
  std::optional<double> change_percent; ///< (new median / base median - 1) * 100; > 0 is slower
  std::optional<double> p_value;        ///< Mann–Whitney U, two-sided
  int base_samples = 0, new_samples = 0;
  SpeedVerdict speed = SpeedVerdict::kNotTimed;
  std::optional<double> base_ratio, new_ratio, threshold;  ///< primary check's error ratio
  bool status_worse = false;        ///< new status FAILED/error where the base's was not
  bool ratio_crossed = false;       ///< new ratio >= threshold where the base's was below
  bool precision_regression() const { return status_worse || ratio_crossed; }
  bool speed_regression() const { return speed == SpeedVerdict::kSlower; }
};

/// Identity of a case without a partner: "op type params backend".
struct UnmatchedCase {
  std::string leg, op, type, backend, params;
};

struct CompareReport {
  CompareOptions options;
  std::vector<CaseComparison> matched;
  std::vector<UnmatchedCase> added;    ///< in the new document only
  std::vector<UnmatchedCase> missing;  ///< in the base document only
  /// EnvironmentDifferences of the compared contexts ("leg: " in front when legs are labelled).
  /// Information only: it never makes a regression.
  std::vector<std::string> environment_differences;
  int speed_regressions() const;
  int precision_regressions() const;
  int improvements() const;
  /// True when any case regressed (speed or precision), or a case is missing and
  /// options.fail_on_missing is set. `report compare` exits 1 exactly then.
  bool regression() const;
};

/// What differs between the environments two results files were measured in, one human line
/// each, in this order:
/// - "cpu model: A -> B", "cpu cores: 2 -> 16", "cpu isa: AVX2 -> AVX-512" (environment.cpu
///   isa, else best_isa);
/// - "openblas kernel: Prescott -> SkylakeX" (environment.blas), "governor: a -> b",
///   "build optimized: true -> false";
/// - "OPENBLAS_CORETYPE: '' -> 'SkylakeX'" (environment.thread_env over context.env; unset, null
///   and "" all read '');
/// - "library|device|threads|available <backend>: a -> b", "backends only in new|base: x"
///   (context.backends);
/// - "statistics <key>: a -> b" (all keys but the seed);
/// - "warnings only in new: busy_machine", "warnings only in base: ..." (sets of ids);
/// - "git sha: a -> b".
/// A reading missing on either side is unknown and gives no line, except one line when only one
/// side has context.environment at all. Any JSON is accepted (non-objects have no readings);
/// never throws. Empty when nothing differs.
std::vector<std::string> EnvironmentDifferences(const nlohmann::json& base_context,
                                                const nlohmann::json& new_context);

/// Matches cases by (op, type, params, backend) and judges each pair. When a document holds
/// the same case more than once (merged legs), cases are also matched by leg order: the i-th
/// occurrence in base with the i-th in new. Also lists EnvironmentDifferences of the contexts.
CompareReport Compare(const ResultsDocument& base, const ResultsDocument& next,
                      const CompareOptions& options = {});

/// Compares leg by leg: legs pair up by name (a single leg on each side pairs regardless of
/// name); the cases of a leg without a partner are all new or missing. Case labels carry the
/// leg name when either side has several legs.
CompareReport CompareLegs(const std::vector<Leg>& base, const std::vector<Leg>& next,
                          const CompareOptions& options = {});

/// Machine-readable form (`--json`): options, counts, verdict, environment_differences, one
/// object per case.
nlohmann::json ToJson(const CompareReport& report);
/// A Markdown summary, a bullet list of environment differences and a table for PR comments
/// (`--markdown`).
std::string ToMarkdown(const CompareReport& report);
/// A plain console table, after an "Environments differ:" list when they do; regressions first.
std::string ToText(const CompareReport& report);

}  // namespace lapack_ai::reports
