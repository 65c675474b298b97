// Bisection sampler of uniform order statistics. Of m iid uniforms on a range, the number in
// its lower half is Binomial(m, 1/2), and given that count each half holds iid uniforms again;
// so the half holding the wanted rank is followed down one bit at a time until one value is
// left, whose remaining bits are plain uniform. A Binomial(m, 1/2) is the popcount of m bits.
#include "stats/resampled_median.h"

namespace lapack_ai::stats_internal {
namespace {

// std::popcount becomes a libgcc call on baseline x86-64 (no -mpopcnt); this is its SWAR form,
// inline, in the bootstrap's hottest loop.
uint64_t PopCount(uint64_t x) {
  x -= (x >> 1) & 0x5555555555555555ULL;
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
  return (x * 0x0101010101010101ULL) >> 56;
}

// Binomial(m, 1/2). m < 64 is the common case once bisection has halved n a few times.
uint64_t CoinFlipHeads(RandomBits& bits, uint64_t m) {
  if (m < 64) return PopCount(bits.Take(static_cast<int>(m)));
  uint64_t heads = 0;
  for (; m >= 64; m -= 64) heads += PopCount(bits.Take(64));
  if (m > 0) heads += PopCount(bits.Take(static_cast<int>(m)));
  return heads;
}

// Rank `rank` among `m` uniforms that share their top `depth` bits, `prefix`.
uint32_t OrderStatistic(RandomBits& bits, uint64_t m, uint64_t rank, uint32_t prefix, int depth) {
  for (; m > 1 && depth < 32; ++depth) {
    const uint64_t lower = CoinFlipHeads(bits, m);
    if (rank < lower) {
      m = lower;
    } else {
      rank -= lower;
      m -= lower;
      prefix |= uint32_t{1} << (31 - depth);
    }
  }
  return depth == 32 ? prefix : prefix | static_cast<uint32_t>(bits.Take(32 - depth));
}

}  // namespace

uint32_t UniformOrderStatistic(RandomBits& bits, uint64_t n, uint64_t rank) {
  return OrderStatistic(bits, n, rank, 0, 0);
}

// Bisect while both ranks fall in one half. Once they part, the lower is the largest value of
// its half and the upper the smallest of the other, independent given the count.
std::pair<uint32_t, uint32_t> AdjacentUniformOrderStatistics(RandomBits& bits, uint64_t n,
                                                             uint64_t rank) {
  uint32_t prefix = 0;
  for (int depth = 0; depth < 32; ++depth) {
    const uint64_t lower = CoinFlipHeads(bits, n);
    const uint32_t bit = uint32_t{1} << (31 - depth);
    if (rank + 1 < lower) {
      n = lower;
    } else if (rank >= lower) {
      rank -= lower;
      n -= lower;
      prefix |= bit;
    } else {
      const uint32_t lo = OrderStatistic(bits, lower, lower - 1, prefix, depth + 1);
      return {lo, OrderStatistic(bits, n - lower, 0, prefix | bit, depth + 1)};
    }
  }
  return {prefix, prefix};  // both ranks hold the same 32-bit value
}

double ResampledMedian(std::span<const double> sorted, RandomBits& bits) {
  const uint64_t n = sorted.size();
  const auto value = [&](uint32_t u) { return sorted[(u * n) >> 32]; };
  if (n % 2 == 1) return value(UniformOrderStatistic(bits, n, n / 2));
  const auto [lo, hi] = AdjacentUniformOrderStatistics(bits, n, n / 2 - 1);
  return 0.5 * (value(lo) + value(hi));
}

}  // namespace lapack_ai::stats_internal
