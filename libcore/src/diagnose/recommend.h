// The rules that turn a Diagnosis into a recommended factorization and advice; documented
// for users in docs/DIAGNOSE.md (keep the two in step).
#pragma once
#include "lapack_ai/diagnose.h"

namespace lapack_ai {

/// Row/column max-abs range above which equilibration is worth it: LAPACK's dlaqge/dlaqsy
/// scale when ROWCND or COLCND < THRESH = 0.1, i.e. when the range exceeds 10.
inline constexpr double kScalingThreshold = 10.0;

/// Applies the rules of docs/DIAGNOSE.md to the measurements in `d`.
Recommendation Recommend(const Diagnosis& d);

}  // namespace lapack_ai
