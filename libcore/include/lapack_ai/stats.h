// Statistics for trustworthy speedups: a seeded percentile-bootstrap CI for the ratio of
// medians of two interleaved timing runs, the verdict it supports, and timing stability.
// BootstrapSpeedup's note gives the method and its calibration, which
// tests/stats/bootstrap_calibration_test.cc measures.
#pragma once
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lapack_ai {

/// Resamples per bootstrap. criterion warns below 1000; 2000 keeps even the expanded tail at
/// n = 10 (0.86 %) 17 resamples deep.
inline constexpr int kDefaultResamples = 2000;

/// A speedup = median(baseline samples) / median(candidate samples) (> 1: candidate faster),
/// with a bootstrap confidence interval [lo, hi] at level `confidence`.
struct SpeedupEstimate {
  double point = NAN;         ///< ratio of the medians of the observed samples
  double lo = NAN, hi = NAN;  ///< CI bounds; NaN when the inputs could not support one
  double confidence = 0.95;   ///< two-sided level of [lo, hi]
  int resamples = 0;          ///< bootstrap resamples drawn
  uint64_t seed = 0;          ///< recorded so a result can be recomputed exactly
  /// Both sides had >= 2 samples, all finite and positive, and the bootstrap ran: point, lo and
  /// hi are finite.
  bool valid() const { return std::isfinite(point) && std::isfinite(lo) && std::isfinite(hi); }
};

/// Bootstraps the speedup of `candidate_s` over `baseline_s` (seconds per call; only the ratio
/// matters). Each side is resampled independently: the samples come from a randomly
/// interleaved run, so sample i of one side is not paired with sample i of the other. Each
/// resample gives a ratio of medians; [lo, hi] are equal-tailed percentiles of those ratios.
///
/// Method: the percentile bootstrap read at Hesterberg's expanded tails (Am. Stat. 69, 2015):
/// each tail holds Phi(-sqrt(n/(n-1)) t_{n-1}(1 - alpha/2)), n the smaller side that varies (a
/// constant side, e.g. a median repeated to get one side's own interval, adds nothing), so 0.86 /
/// 1.59 / 2.03 % at n = 10 / 20 / 40 for 95 % instead of 2.5 %. Why: a plain percentile interval
/// is narrow at small n (resampled medians vary less than sample medians do, and it reads
/// z-like, not t-like, quantiles): its A/A "no difference" rate was 95.8 / 96.3 / 96.4 % at
/// n = 10 / 20 / 40 (sigma 3 %, 5 % spikes, 4000 seeds) and 94.8 % at n = 20 without spikes, no
/// margin over 95 %. Expanded: 98.7 / 98.0 / 97.9 % on the test's 1000 seeds and 96.9-98.9 %
/// across five noise models (3 or 10 % spread, 0-15 % spikes, two modes), while a 10 % change
/// is still called in 99.8 % of seeds at n = 20. Smoothed bootstraps (kernel noise on the
/// resampled values) were tried and dropped: with timings in two modes, smoothing carries the
/// median into the gap and the A/A rate fell to 86-93 %. Known limit: at n = 10 two spikes among
/// ten samples really can hold the median, so a 10 % change is called in only 91 % of seeds
/// (97 % at n = 12). Each resampled median is drawn from the middle order statistics of the
/// resample's uniform draws rather than from n values: about 1 ms for 2000 resamples of 300
/// samples a side.
///
/// Deterministic for a seed on every platform: std::mt19937_64, whose output the standard fixes,
/// with our own integer mappings, never the standard's distributions (which differ between
/// standard libraries); lo and hi are ratios of sample values or of means of two. Returns an
/// estimate with valid() false (no exception) when either side has fewer than 2 samples or a sample
/// that is not finite and positive (point also NaN), or when resamples < 1 or confidence is outside
/// (0, 1). Thread-safe.
SpeedupEstimate BootstrapSpeedup(std::span<const double> baseline_s,
                                 std::span<const double> candidate_s, uint64_t seed,
                                 int resamples = kDefaultResamples, double confidence = 0.95);

enum class SpeedupVerdict { kFaster, kSlower, kNoDifference };

/// "faster", "slower", "no_difference" (the JSON spelling).
std::string_view ToString(SpeedupVerdict verdict);

/// kFaster when lo > 1, kSlower when hi < 1; an interval holding 1.0, or an invalid estimate,
/// is kNoDifference.
SpeedupVerdict Decide(const SpeedupEstimate& e);

/// (hi - lo) / 2 / point: the quantity `--repeat auto` drives below 0.02. +infinity for an
/// invalid estimate, so a `> target` loop keeps measuring.
double RelativeHalfWidth(const SpeedupEstimate& e);

/// "1.24x [1.18, 1.31]"; for kNoDifference "≈ 1.01x [0.97, 1.05]"; invalid -> "n/a". Two
/// decimals, more below 0.1x so a small ratio keeps two significant digits.
std::string FormatSpeedup(const SpeedupEstimate& e);

/// FormatSpeedup of a recorded speedup and its interval (CaseResult::speedup/speedup_ci);
/// `missing` when either is absent, so each caller says in its own words what it lacks.
std::string FormatSpeedup(const std::optional<double>& point,
                          const std::optional<std::pair<double, double>>& interval,
                          std::string_view missing);

/// Median (mean of the two middle values for even sizes). NaN when `v` is empty or holds a NaN.
double Median(std::span<const double> v);

/// Seed for one case/backend pair, derived from the run's base seed and a text key: SplitMix64
/// finalizer of (base XOR SplitMix64 finalizer of FNV-1a 64 of the key). Stable across
/// platforms and releases, so a recorded base seed and key reproduce a result.
uint64_t DeriveSeed(uint64_t base, std::string_view key);

/// Mean, sample standard deviation (n - 1) and coefficient of variation (stddev / mean; 0 when
/// the mean is not positive) of `samples`; all 0 when empty, stddev 0 for a single sample.
struct Moments {
  double mean = 0, stddev = 0, cv = 0;
};
Moments SampleMoments(std::span<const double> samples);

/// Whether a timing is steady enough to trust. `reason` is empty when stable.
struct Stability {
  bool unstable = false;
  std::string reason;  ///< e.g. "CV 9.8% > 5.0%; 3 of 40 samples > 1.5x the median (outliers)"
};

/// Unstable when the coefficient of variation (sample stddev / mean) exceeds `max_cv` (a
/// fraction). The reason names the CV and, where the samples show them, outliers (samples
/// > 1.5x the median) and a drift (medians of the first and last thirds differ by > 5 %, n >= 6).
/// Fewer than 2 samples cannot be judged and count as stable; a non-finite or non-positive
/// sample is unstable with that reason.
Stability AssessStability(std::span<const double> samples_s, double max_cv = 0.05);

/// Synthetic timing samples drawn like real ones, for tests and the statistics' self-check:
/// log-normal with median `median_s` and log-spread `sigma` (e.g. 0.03), each sample with
/// probability `outlier_rate` (e.g. 0.05) multiplied by a factor uniform in [1.3, 3]
/// (interference spikes, never faster). Deterministic for a seed; empty when n <= 0.
std::vector<double> SyntheticSamples(uint64_t seed, int n, double median_s, double sigma,
                                     double outlier_rate);

}  // namespace lapack_ai
