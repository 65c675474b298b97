// BootstrapSpeedup: percentile bootstrap of a ratio of medians, read at Hesterberg's expanded
// tails (method and calibration are documented at the declaration in lapack_ai/stats.h).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "lapack_ai/stats.h"
#include "stats/expanded_percentile.h"
#include "stats/portable_random.h"
#include "stats/resampled_median.h"

namespace lapack_ai {
namespace {

using stats_internal::ResampledMedian;

bool UsableSide(std::span<const double> v) {
  return v.size() >= 2 && v.size() <= std::numeric_limits<uint32_t>::max() &&
         std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x) && x > 0; });
}

std::vector<double> Sorted(std::span<const double> x) {
  std::vector<double> v(x.begin(), x.end());
  std::sort(v.begin(), v.end());
  return v;
}

// The median of an ascending vector.
double SortedMedian(const std::vector<double>& s) {
  const size_t half = s.size() / 2;
  return s.size() % 2 == 1 ? s[half] : 0.5 * (s[half - 1] + s[half]);
}

// The n of the expanded tails: the smaller side (the conservative choice for two samples) among
// those that vary; a constant side, such as a fixed reference, adds no spread to correct.
size_t ExpansionSize(const std::vector<double>& base, const std::vector<double>& cand) {
  const bool base_varies = base.front() != base.back(), cand_varies = cand.front() != cand.back();
  if (base_varies != cand_varies) return base_varies ? base.size() : cand.size();
  return std::min(base.size(), cand.size());
}

}  // namespace

SpeedupEstimate BootstrapSpeedup(std::span<const double> baseline_s,
                                 std::span<const double> candidate_s, uint64_t seed, int resamples,
                                 double confidence) {
  SpeedupEstimate e;
  e.confidence = confidence;
  e.seed = seed;
  if (!UsableSide(baseline_s) || !UsableSide(candidate_s)) return e;
  const std::vector<double> base = Sorted(baseline_s), cand = Sorted(candidate_s);
  e.point = SortedMedian(base) / SortedMedian(cand);
  if (resamples < 1 || !(confidence > 0 && confidence < 1)) return e;
  e.resamples = resamples;

  // Baseline first, then candidate, from one engine: the order is part of the seed's meaning.
  std::mt19937_64 rng(seed);
  stats_internal::RandomBits bits(rng);
  const auto count = static_cast<size_t>(resamples);
  std::vector<double> ratios(count);
  for (double& r : ratios) r = ResampledMedian(base, bits);
  for (double& r : ratios) r /= ResampledMedian(cand, bits);

  // Equal tails; the 1e-9 keeps a product like 2000 * 0.025 from flooring to 49 by rounding.
  const double tail = stats_internal::ExpandedTail(confidence, ExpansionSize(base, cand));
  const auto lo_rank =
      std::min(static_cast<size_t>(tail * static_cast<double>(count) + 1e-9), (count - 1) / 2);
  const auto hi_rank = count - 1 - lo_rank;
  const auto at = [&](size_t rank) {
    std::nth_element(ratios.begin(), ratios.begin() + static_cast<std::ptrdiff_t>(rank),
                     ratios.end());
    return ratios[rank];
  };
  e.lo = at(lo_rank);
  e.hi = at(hi_rank);
  return e;
}

}  // namespace lapack_ai
