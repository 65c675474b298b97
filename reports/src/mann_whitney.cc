// Mann–Whitney U: ranks with ties averaged; exact tail sums from the recurrence
// f(m, n, u) = f(m-1, n, u-n) + f(m, n-1, u) (Mann & Whitney 1947) when there are no ties.
#include "lapack_ai/reports/mann_whitney.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace lapack_ai::reports {
namespace {

// Number of orderings of m x's and n y's with U = u, for every u in 0..m*n (as doubles: the
// counts reach C(40, 20) ~ 1.4e11, exact in a double).
std::vector<double> UDistribution(int m, int n) {
  // table[i][j] is the distribution for sizes (i, j); built row by row.
  std::vector<std::vector<std::vector<double>>> table(
      m + 1, std::vector<std::vector<double>>(n + 1));
  for (int i = 0; i <= m; ++i) {
    for (int j = 0; j <= n; ++j) {
      std::vector<double>& f = table[i][j];
      f.assign(static_cast<std::size_t>(i * j + 1), 0.0);
      if (i == 0 || j == 0) {
        f[0] = 1;
        continue;
      }
      // The largest value is an x (it beats all j y's) or a y (it beats nothing).
      const std::vector<double>& without_x = table[i - 1][j];
      const std::vector<double>& without_y = table[i][j - 1];
      for (std::size_t u = 0; u < without_x.size(); ++u) f[u + static_cast<std::size_t>(j)] += without_x[u];
      for (std::size_t u = 0; u < without_y.size(); ++u) f[u] += without_y[u];
    }
  }
  return table[m][n];
}

double ExactTwoSided(double u, int n1, int n2) {
  const std::vector<double> f = UDistribution(n1, n2);
  double total = 0, below = 0, above = 0;
  for (std::size_t i = 0; i < f.size(); ++i) {
    total += f[i];
    if (static_cast<double>(i) <= u) below += f[i];
    if (static_cast<double>(i) >= u) above += f[i];
  }
  return std::min(1.0, 2.0 * std::min(below, above) / total);
}

}  // namespace

double MannWhitneyMinPValue(int n1, int n2) {
  if (n1 <= 0 || n2 <= 0) return 1.0;
  // 2 / C(n1+n2, n1), computed as a running product to stay finite.
  double c = 1;
  for (int i = 1; i <= n1; ++i) c = c * (n2 + i) / i;
  return std::min(1.0, 2.0 / c);
}

MannWhitneyResult MannWhitneyU(std::span<const double> x, std::span<const double> y) {
  MannWhitneyResult result;
  const int n1 = static_cast<int>(x.size()), n2 = static_cast<int>(y.size());
  if (n1 == 0 || n2 == 0) return result;
  std::vector<std::pair<double, int>> all;  // (value, 0 for x / 1 for y)
  for (double v : x) all.emplace_back(v, 0);
  for (double v : y) all.emplace_back(v, 1);
  std::sort(all.begin(), all.end());
  const double n = n1 + n2;
  double rank_sum_x = 0, tie_term = 0;
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i;
    while (j < all.size() && all[j].first == all[i].first) ++j;
    const double tied = static_cast<double>(j - i);
    const double average_rank = (static_cast<double>(i + j) + 1.0) / 2.0;  // ranks are 1-based
    for (std::size_t k = i; k < j; ++k) rank_sum_x += all[k].second == 0 ? average_rank : 0.0;
    tie_term += tied * tied * tied - tied;
    i = j;
  }
  result.u = rank_sum_x - n1 * (n1 + 1.0) / 2.0;
  if (tie_term == 0 && n <= 40) {
    result.exact = true;
    result.p_value = ExactTwoSided(result.u, n1, n2);
    return result;
  }
  const double mean = n1 * n2 / 2.0;
  const double variance = n1 * n2 / 12.0 * ((n + 1.0) - tie_term / (n * (n - 1.0)));
  if (variance <= 0) return result;  // every value equal: no evidence either way
  const double z = std::max(0.0, std::abs(result.u - mean) - 0.5) / std::sqrt(variance);
  result.p_value = std::min(1.0, std::erfc(z / std::sqrt(2.0)));
  return result;
}

}  // namespace lapack_ai::reports
