// The bootstrap's median sampler: uniform order statistics against exact binomial
// probabilities, resampled medians against explicit resampling, and the bit stream they use.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "lapack_ai/stats.h"
#include "stats/portable_random.h"
#include "stats/resampled_median.h"

namespace lapack_ai::stats_internal {
namespace {

// P(Binomial(n, p) >= k): the probability that the (k-1)-th order statistic (0-based) of n
// uniforms is <= p.
double BinomialTail(int n, double p, int k) {
  double total = 0;
  for (int i = k; i <= n; ++i) {
    double term = std::pow(p, i) * std::pow(1 - p, n - i);
    for (int j = 0; j < i; ++j) term *= static_cast<double>(n - j) / static_cast<double>(j + 1);
    total += term;
  }
  return total;
}

constexpr int kDraws = 200000;
constexpr double kTolerance = 0.006;  // over 5 standard errors of a frequency from kDraws

double Frequency(int hits) { return hits / static_cast<double>(kDraws); }

TEST_CASE("uniform order statistics: rank r of n matches the Beta distribution") {
  std::mt19937_64 rng(11);
  RandomBits bits(rng);
  for (const auto& [n, rank] : {std::pair{7, 3}, std::pair{8, 0}, std::pair{300, 149}}) {
    CAPTURE(n);
    CAPTURE(rank);
    int below_40 = 0, below_50 = 0;
    for (int i = 0; i < kDraws; ++i) {
      const double u =
          UniformOrderStatistic(bits, static_cast<uint64_t>(n), static_cast<uint64_t>(rank)) *
          0x1.0p-32;
      below_40 += u <= 0.4;
      below_50 += u <= 0.5;
    }
    CHECK(std::abs(Frequency(below_40) - BinomialTail(n, 0.4, rank + 1)) < kTolerance);
    CHECK(std::abs(Frequency(below_50) - BinomialTail(n, 0.5, rank + 1)) < kTolerance);
  }
}

TEST_CASE("uniform order statistics: adjacent ranks are ordered and jointly right") {
  std::mt19937_64 rng(12);
  RandomBits bits(rng);
  int straddle = 0, both_below = 0;
  for (int i = 0; i < kDraws; ++i) {
    const auto [lo, hi] = AdjacentUniformOrderStatistics(bits, 8, 3);
    REQUIRE(lo <= hi);
    straddle += lo < 0x80000000u && hi >= 0x80000000u;
    both_below += hi < 0x80000000u;
  }
  // Ranks 3 and 4 of 8 straddle 1/2 when exactly 4 of 8 fall below: C(8,4) / 2^8.
  CHECK(std::abs(Frequency(straddle) - 70.0 / 256) < kTolerance);
  CHECK(std::abs(Frequency(both_below) - BinomialTail(8, 0.5, 5)) < kTolerance);
}

// Two-sample Kolmogorov-Smirnov distance between two ascending samples.
double KsDistance(const std::vector<double>& a, const std::vector<double>& b) {
  double ks = 0;
  for (const auto* points : {&a, &b}) {
    for (double t : *points) {
      const auto fa = std::upper_bound(a.begin(), a.end(), t) - a.begin();
      const auto fb = std::upper_bound(b.begin(), b.end(), t) - b.begin();
      ks = std::max(ks, std::abs(static_cast<double>(fa) / static_cast<double>(a.size()) -
                                 static_cast<double>(fb) / static_cast<double>(b.size())));
    }
  }
  return ks;
}

TEST_CASE("resampled median: same law as the median of an explicit resample") {
  for (int n : {14, 15}) {  // even n takes two adjacent order statistics
    CAPTURE(n);
    auto sorted = SyntheticSamples(5, n, 1e-3, 0.03, 0.05);
    std::sort(sorted.begin(), sorted.end());
    std::mt19937_64 fast_rng(6), slow_rng(7);
    RandomBits bits(fast_rng);
    constexpr size_t kResamples = 40000;
    std::vector<double> fast(kResamples), slow(kResamples), resample(sorted.size());
    for (size_t r = 0; r < kResamples; ++r) {
      fast[r] = ResampledMedian(sorted, bits);
      for (double& x : resample) x = sorted[((slow_rng() >> 32) * sorted.size()) >> 32];
      slow[r] = Median(resample);
    }
    std::sort(fast.begin(), fast.end());
    std::sort(slow.begin(), slow.end());
    const double ks = KsDistance(fast, slow);
    MESSAGE("n=" << n << " KS distance " << ks);
    CHECK(ks < 0.0138);  // the 0.1 % critical value for two samples of 40000
  }
}

TEST_CASE("random bits: taken low to high across the engine's words") {
  std::mt19937_64 rng(5), copy(5);
  RandomBits bits(rng);
  const uint64_t first = copy(), second = copy();
  CHECK(bits.Take(64) == first);
  CHECK(bits.Take(5) == (second & 31));
  CHECK(bits.Take(59) == second >> 5);
  const uint64_t third = copy(), fourth = copy();
  CHECK(bits.Take(60) == (third & ((uint64_t{1} << 60) - 1)));
  CHECK(bits.Take(64) == ((third >> 60) | (fourth << 4)));
  CHECK(bits.Take(4) == fourth >> 60);
}

}  // namespace
}  // namespace lapack_ai::stats_internal
