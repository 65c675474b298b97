// Quantiles behind the expanded percentile tail, against tabulated values.
#include <doctest/doctest.h>

#include "stats/expanded_percentile.h"

namespace lapack_ai::stats_internal {
namespace {

TEST_CASE("expanded percentile: normal and Student t quantiles") {
  CHECK(NormalQuantile(0.975) == doctest::Approx(1.959963985).epsilon(1e-9));
  CHECK(NormalQuantile(0.5) == doctest::Approx(0.0).scale(1).epsilon(1e-12));
  CHECK(NormalQuantile(0.005) == doctest::Approx(-2.575829304).epsilon(1e-9));
  // Exact t quantiles at 0.975 (R's qt) against the Cornish-Fisher expansion.
  CHECK(StudentQuantile(0.975, 3) == doctest::Approx(3.182446).epsilon(0.002));
  CHECK(StudentQuantile(0.975, 9) == doctest::Approx(2.262157).epsilon(1e-5));
  CHECK(StudentQuantile(0.975, 19) == doctest::Approx(2.093024).epsilon(1e-6));
  CHECK(StudentQuantile(0.975, 1e9) == doctest::Approx(1.959964).epsilon(1e-6));
}

TEST_CASE("expanded percentile: tails widen at small n and tend to the nominal one") {
  CHECK(ExpandedTail(0.95, 10) == doctest::Approx(0.00855).epsilon(0.01));
  CHECK(ExpandedTail(0.95, 20) == doctest::Approx(0.01588).epsilon(0.01));
  CHECK(ExpandedTail(0.95, 40) == doctest::Approx(0.02026).epsilon(0.01));
  CHECK(ExpandedTail(0.95, 100000) == doctest::Approx(0.025).epsilon(0.001));
  CHECK(ExpandedTail(0.95, 1) == doctest::Approx(0.025));
  CHECK(ExpandedTail(0.90, 20) < 0.05);
  CHECK(ExpandedTail(0.95, 2) < 1e-6);
}

}  // namespace
}  // namespace lapack_ai::stats_internal
