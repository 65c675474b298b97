// What a speedup estimate supports: the verdict, its precision, and its one-line rendering.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <fmt/format.h>

#include "lapack_ai/stats.h"

namespace lapack_ai {

std::string_view ToString(SpeedupVerdict verdict) {
  switch (verdict) {
    case SpeedupVerdict::kFaster:
      return "faster";
    case SpeedupVerdict::kSlower:
      return "slower";
    case SpeedupVerdict::kNoDifference:
      return "no_difference";
  }
  return "no_difference";
}

SpeedupVerdict Decide(const SpeedupEstimate& e) {
  if (!e.valid()) return SpeedupVerdict::kNoDifference;
  if (e.lo > 1.0) return SpeedupVerdict::kFaster;
  if (e.hi < 1.0) return SpeedupVerdict::kSlower;
  return SpeedupVerdict::kNoDifference;
}

double RelativeHalfWidth(const SpeedupEstimate& e) {
  if (!e.valid() || !(e.point > 0)) return std::numeric_limits<double>::infinity();
  return (e.hi - e.lo) / 2 / e.point;
}

std::string FormatSpeedup(const SpeedupEstimate& e) {
  if (!e.valid()) return "n/a";
  // Two decimals hide a 0.004x slowdown as "0.00x"; keep two significant digits below 0.1x.
  const int decimals = e.point >= 0.1 || !(e.point > 0)
                           ? 2
                           : std::min(12, 1 - static_cast<int>(std::floor(std::log10(e.point))));
  const char* approx = Decide(e) == SpeedupVerdict::kNoDifference ? "\u2248 " : "";
  return fmt::format("{}{:.{}f}x [{:.{}f}, {:.{}f}]", approx, e.point, decimals, e.lo, decimals,
                     e.hi, decimals);
}

std::string FormatSpeedup(const std::optional<double>& point,
                          const std::optional<std::pair<double, double>>& interval,
                          std::string_view missing) {
  if (!point || !interval) return std::string(missing);
  SpeedupEstimate e;
  e.point = *point;
  e.lo = interval->first;
  e.hi = interval->second;
  return FormatSpeedup(e);
}

}  // namespace lapack_ai
