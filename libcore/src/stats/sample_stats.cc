// Helpers around one side's samples: median, per-pair seeds, stability, synthetic timings.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "lapack_ai/stats.h"
#include "stats/median.h"
#include "stats/portable_random.h"

namespace lapack_ai {
namespace {

// SplitMix64's finalizer (Steele, Lea & Flood, OOPSLA 2014): every input bit reaches every
// output bit, so nearby base seeds or keys give unrelated streams.
uint64_t Mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t Fnv1a64(std::string_view key) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : key) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace

double Median(std::span<const double> v) {
  if (v.empty() || std::any_of(v.begin(), v.end(), [](double x) { return std::isnan(x); }))
    return NAN;
  std::vector<double> copy(v.begin(), v.end());
  return stats_internal::MedianInPlace(copy);
}

uint64_t DeriveSeed(uint64_t base, std::string_view key) {
  return Mix64(base ^ Mix64(Fnv1a64(key)));
}

Moments SampleMoments(std::span<const double> samples) {
  Moments m;
  if (samples.empty()) return m;
  const auto count = static_cast<double>(samples.size());
  m.mean = std::accumulate(samples.begin(), samples.end(), 0.0) / count;
  double sum_sq = 0;
  for (double x : samples) sum_sq += (x - m.mean) * (x - m.mean);
  m.stddev = samples.size() > 1 ? std::sqrt(sum_sq / (count - 1)) : 0.0;
  m.cv = m.mean > 0 ? m.stddev / m.mean : 0.0;
  return m;
}

Stability AssessStability(std::span<const double> samples_s, double max_cv) {
  if (std::any_of(samples_s.begin(), samples_s.end(),
                  [](double x) { return !std::isfinite(x) || x <= 0; }))
    return {true, "a sample is not a finite positive time"};
  const size_t n = samples_s.size();
  if (n < 2) return {};
  const double cv = SampleMoments(samples_s).cv;
  if (cv <= max_cv) return {};

  std::string reason = fmt::format("CV {:.1f}% > {:.1f}%", 100 * cv, 100 * max_cv);
  const double median = Median(samples_s);
  const auto outliers =
      std::count_if(samples_s.begin(), samples_s.end(), [&](double x) { return x > 1.5 * median; });
  if (outliers > 0)
    reason += fmt::format("; {} of {} samples > 1.5x the median (outliers)", outliers, n);
  // Thirds compared by their medians, so one spike is not mistaken for a drift.
  if (n >= 6) {
    const size_t third = n / 3;
    const double first = Median(samples_s.first(third)), last = Median(samples_s.last(third));
    const double drift = last / first - 1;
    if (std::abs(drift) > 0.05)
      reason += fmt::format("; drift {:+.1f}% from the first to the last third", 100 * drift);
  }
  return {true, reason};
}

std::vector<double> SyntheticSamples(uint64_t seed, int n, double median_s, double sigma,
                                     double outlier_rate) {
  std::vector<double> samples;
  if (n <= 0) return samples;
  samples.reserve(static_cast<size_t>(n));
  std::mt19937_64 rng(seed);
  for (int i = 0; i < n; ++i) {
    double t = median_s * std::exp(sigma * stats_internal::StandardNormal(rng));
    if (stats_internal::Uniform01(rng) < outlier_rate)
      t *= 1.3 + 1.7 * stats_internal::Uniform01(rng);
    samples.push_back(t);
  }
  return samples;
}

}  // namespace lapack_ai
