// The median of a bootstrap resample, drawn in O(n / 32 + log n) instead of O(n): only the
// middle order statistics of the resample's uniform draws are sampled, by bisection.
#pragma once
#include <cstdint>
#include <span>
#include <utility>

#include "stats/portable_random.h"

namespace lapack_ai::stats_internal {

/// The value of rank `rank` (0-based, < n) among n iid uniform 32-bit integers, distributed
/// exactly as sorting n draws would give it. Uses about n / 32 + log2(n) + 1 words of `bits`.
uint32_t UniformOrderStatistic(RandomBits& bits, uint64_t n, uint64_t rank);

/// Ranks `rank` and `rank + 1` (< n) jointly, as for the two middle values of an even n.
std::pair<uint32_t, uint32_t> AdjacentUniformOrderStatistics(RandomBits& bits, uint64_t n,
                                                             uint64_t rank);

/// Median of a resample with replacement of `sorted` (ascending, 1 to 2^32 - 1 values): what
/// drawing size() indices uniformly and taking the median of the values gives, in law. The
/// index of a uniform u is floor(u * n / 2^32), a monotone map, so the resample's middle
/// values are the values at the middle uniforms' indices.
double ResampledMedian(std::span<const double> sorted, RandomBits& bits);

}  // namespace lapack_ai::stats_internal
