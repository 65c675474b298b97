// Mann–Whitney U against a brute-force enumeration of the null distribution, and the normal
// approximation's behaviour with ties.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "lapack_ai/reports/mann_whitney.h"

namespace lapack_ai {
namespace {

TEST_SUITE_BEGIN("reports");

using reports::MannWhitneyU;

// U of x against y, counted pair by pair (ties 1/2): the definition, not the rank formula.
double PairU(const std::vector<double>& x, const std::vector<double>& y) {
  double u = 0;
  for (double a : x)
    for (double b : y) u += a > b ? 1.0 : (a == b ? 0.5 : 0.0);
  return u;
}

// Two-sided exact p by enumerating every way to split the pooled values into sizes n1, n2.
double BruteForceP(const std::vector<double>& x, const std::vector<double>& y) {
  std::vector<double> pooled = x;
  pooled.insert(pooled.end(), y.begin(), y.end());
  const double u = PairU(x, y), mean = static_cast<double>(x.size() * y.size()) / 2.0;
  std::vector<bool> pick(pooled.size(), false);
  std::fill(pick.begin(), pick.begin() + static_cast<long>(x.size()), true);
  int total = 0, extreme = 0;
  do {
    std::vector<double> a, b;
    for (std::size_t i = 0; i < pooled.size(); ++i) (pick[i] ? a : b).push_back(pooled[i]);
    ++total;
    extreme += std::abs(PairU(a, b) - mean) >= std::abs(u - mean) - 1e-12 ? 1 : 0;
  } while (std::prev_permutation(pick.begin(), pick.end()));
  return static_cast<double>(extreme) / total;
}

TEST_CASE("Mann-Whitney: exact p equals the enumerated null distribution") {
  const std::vector<std::vector<double>> xs = {{1, 2, 3, 4, 5}, {1.5, 3.2, 7, 2.2}, {9, 1, 8, 2, 7, 3}};
  const std::vector<std::vector<double>> ys = {{6, 7, 8, 9, 10}, {2.9, 4.4, 0.3, 5.1, 6.6}, {4, 5, 6, 10, 0.5}};
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const auto r = MannWhitneyU(xs[i], ys[i]);
    CHECK(r.exact);
    CHECK(r.u == doctest::Approx(PairU(xs[i], ys[i])));
    CHECK(r.p_value == doctest::Approx(BruteForceP(xs[i], ys[i])).epsilon(1e-9));
  }
}

TEST_CASE("Mann-Whitney: smallest reachable p") {
  CHECK(reports::MannWhitneyMinPValue(3, 3) == doctest::Approx(0.1));
  CHECK(reports::MannWhitneyMinPValue(4, 4) < 0.05);
  const std::vector<double> x = {1, 2, 3, 4}, y = {5, 6, 7, 8};
  CHECK(MannWhitneyU(x, y).p_value == doctest::Approx(reports::MannWhitneyMinPValue(4, 4)));
}

TEST_CASE("Mann-Whitney: ties use the corrected normal approximation") {
  const std::vector<double> x = {1, 1, 2, 2, 3, 3, 3, 4}, y = {3, 4, 4, 5, 5, 5, 6, 6};
  const auto r = MannWhitneyU(x, y);
  CHECK_FALSE(r.exact);
  CHECK(r.u == doctest::Approx(PairU(x, y)));
  CHECK(r.p_value < 0.05);
  CHECK(MannWhitneyU(y, x).p_value == doctest::Approx(r.p_value));  // two-sided: symmetric
  const std::vector<double> same = {2, 2, 2, 2};
  CHECK(MannWhitneyU(same, same).p_value == doctest::Approx(1.0));
  CHECK(MannWhitneyU({}, same).p_value == doctest::Approx(1.0));
}

TEST_SUITE_END();

}  // namespace
}  // namespace lapack_ai
