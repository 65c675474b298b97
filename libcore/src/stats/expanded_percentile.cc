// Normal and Student t quantiles for the expanded percentile tail.
#include "stats/expanded_percentile.h"

#include <cmath>

namespace lapack_ai::stats_internal {
namespace {

double NormalCdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

}  // namespace

double NormalQuantile(double p) {
  double lo = -40, hi = 40;  // Phi(-40) is below the smallest double
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (mid == lo || mid == hi) break;
    (NormalCdf(mid) < p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

double StudentQuantile(double p, double dof) {
  const double z = NormalQuantile(p), z2 = z * z;
  const double g1 = z * (z2 + 1) / 4;
  const double g2 = z * ((5 * z2 + 16) * z2 + 3) / 96;
  const double g3 = z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / 384;
  const double g4 = z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) / 92160;
  return z + g1 / dof + g2 / (dof * dof) + g3 / (dof * dof * dof) + g4 / (dof * dof * dof * dof);
}

double ExpandedTail(double confidence, size_t n) {
  const double nominal = (1 - confidence) / 2;
  if (n < 2) return nominal;
  const auto count = static_cast<double>(n);
  const double t = StudentQuantile(1 - nominal, count - 1);
  return NormalCdf(-std::sqrt(count / (count - 1)) * t);
}

}  // namespace lapack_ai::stats_internal
