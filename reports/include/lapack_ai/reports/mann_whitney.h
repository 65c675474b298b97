// The Mann–Whitney U test (Wilcoxon rank-sum), two-sided: does one set of timing samples tend
// to be larger than the other? Used by `report compare` to tell a real speed change from noise.
#pragma once
#include <span>

namespace lapack_ai::reports {

/// Outcome of the test on samples x (size n1) and y (size n2).
struct MannWhitneyResult {
  double u = 0;        ///< U statistic of x: pairs (xi, yj) with xi > yj, ties counting 1/2
  double p_value = 1;  ///< two-sided; 1 when either side is empty or all values are equal
  bool exact = false;  ///< true: exact null distribution; false: normal approximation
};

/// Two-sided test. Exact (enumerated null distribution) when there are no ties and
/// n1 + n2 <= 40; otherwise the normal approximation with tie correction and a continuity
/// correction of 1/2. NaN samples must be removed by the caller. The smallest p reachable is
/// 2 / C(n1 + n2, n1): with 3 samples a side it is 0.1, so alpha 0.05 needs at least 4 each.
MannWhitneyResult MannWhitneyU(std::span<const double> x, std::span<const double> y);

/// The smallest two-sided p-value the exact test can give for sizes n1, n2 (2 / C(n1+n2, n1)).
double MannWhitneyMinPValue(int n1, int n2);

}  // namespace lapack_ai::reports
