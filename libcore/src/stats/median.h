// The sample median in place, shared by the bootstrap and the public helpers.
#pragma once
#include <algorithm>
#include <cstddef>
#include <span>

namespace lapack_ai::stats_internal {

/// Median of `v` (mean of the two middle values for even sizes), reordering `v`. `v` non-empty.
/// O(n): one nth_element, then the largest of the lower half, which nth_element left there.
inline double MedianInPlace(std::span<double> v) {
  const auto half = static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), v.begin() + half, v.end());
  const double upper = v[v.size() / 2];
  if (v.size() % 2 == 1) return upper;
  return 0.5 * (upper + *std::max_element(v.begin(), v.begin() + half));
}

}  // namespace lapack_ai::stats_internal
