// Verdicts, relative half-width and the one-line rendering of hand-made speedup estimates.
#include <doctest/doctest.h>

#include <cmath>

#include "lapack_ai/stats.h"

namespace lapack_ai {
namespace {

SpeedupEstimate Estimate(double point, double lo, double hi) {
  SpeedupEstimate e;
  e.point = point;
  e.lo = lo;
  e.hi = hi;
  e.resamples = 2000;
  return e;
}

TEST_CASE("speedup verdict: only an interval clear of 1.0 is a difference") {
  CHECK(Decide(Estimate(1.24, 1.18, 1.31)) == SpeedupVerdict::kFaster);
  CHECK(Decide(Estimate(0.80, 0.75, 0.85)) == SpeedupVerdict::kSlower);
  CHECK(Decide(Estimate(1.01, 0.97, 1.05)) == SpeedupVerdict::kNoDifference);
  CHECK(Decide(Estimate(1.05, 1.00, 1.10)) == SpeedupVerdict::kNoDifference);  // 1.0 is inside
  CHECK(Decide(Estimate(0.95, 0.90, 1.00)) == SpeedupVerdict::kNoDifference);
  CHECK(Decide(SpeedupEstimate{}) == SpeedupVerdict::kNoDifference);
  CHECK(ToString(SpeedupVerdict::kFaster) == "faster");
  CHECK(ToString(SpeedupVerdict::kSlower) == "slower");
  CHECK(ToString(SpeedupVerdict::kNoDifference) == "no_difference");
}

TEST_CASE("speedup format: exact strings") {
  CHECK(FormatSpeedup(Estimate(1.24, 1.18, 1.31)) == "1.24x [1.18, 1.31]");
  CHECK(FormatSpeedup(Estimate(1.01, 0.97, 1.05)) == "\u2248 1.01x [0.97, 1.05]");
  CHECK(FormatSpeedup(Estimate(1.01, 0.97, 1.05)) == "≈ 1.01x [0.97, 1.05]");
  CHECK(FormatSpeedup(Estimate(0.8, 0.754, 0.846)) == "0.80x [0.75, 0.85]");
  CHECK(FormatSpeedup(Estimate(12.5, 12.25, 12.75)) == "12.50x [12.25, 12.75]");
  CHECK(FormatSpeedup(Estimate(0.0042, 0.0040, 0.0044)) == "0.0042x [0.0040, 0.0044]");
  CHECK(FormatSpeedup(Estimate(0.042, 0.040, 0.044)) == "0.042x [0.040, 0.044]");
  CHECK(FormatSpeedup(SpeedupEstimate{}) == "n/a");
  CHECK(FormatSpeedup(Estimate(1.2, NAN, 1.3)) == "n/a");
}

TEST_CASE("speedup relative half-width: half the interval over the point") {
  CHECK(RelativeHalfWidth(Estimate(1.25, 1.2, 1.3)) == doctest::Approx(0.04));
  CHECK(std::isinf(RelativeHalfWidth(SpeedupEstimate{})));
  CHECK(RelativeHalfWidth(SpeedupEstimate{}) > 0.02);  // `--repeat auto` keeps measuring
}

}  // namespace
}  // namespace lapack_ai
