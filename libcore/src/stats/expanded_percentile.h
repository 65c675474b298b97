// Hesterberg's expanded percentile interval: the tail probability at which a percentile
// bootstrap from n samples is read, so that it is as wide as a t interval would be. It mends
// the bootstrap's small-sample narrowness (resamples vary less than samples do, by about
// sqrt((n - 1) / n), and a percentile reads z-like, not t-like, quantiles).
#pragma once
#include <cstddef>

namespace lapack_ai::stats_internal {

/// Standard normal quantile at p in (0, 1), by bisection on std::erfc: to double rounding, and
/// cheap at one call per bootstrap.
double NormalQuantile(double p);

/// Student t quantile at p in [0.5, 1) for `dof` >= 1 degrees of freedom, by the Cornish-Fisher
/// expansion in 1 / dof (Abramowitz & Stegun 26.7.5): within 0.004 of the exact value from
/// dof = 3 on; 0.03 low at dof = 2 and 11 % at dof = 1, where the expanded tails (n = 3 and 2)
/// hold less than one resample in a million either way.
double StudentQuantile(double p, double dof);

/// One-sided tail probability at which to read a two-sided `confidence` percentile interval
/// from n samples: Phi(-sqrt(n / (n - 1)) * t_{n-1}((1 + confidence) / 2)) (Hesterberg, "What
/// teachers should know about the bootstrap", Am. Stat. 69, 2015, sec. 3). 0.0086 for n = 10
/// and 0.0203 for n = 40 at 95 %, tending to (1 - confidence) / 2. n < 2: (1 - confidence) / 2.
double ExpandedTail(double confidence, size_t n);

}  // namespace lapack_ai::stats_internal
