// Exact verification of a fast matmul scheme: the Brent equations
//   sum_r U(a,r) V(b,r) W(c,r) = [a=(i,j), b=(j,l), c=(i,l)]
// over Q, or modulo 2 for a GF(2) scheme. Every imported or shipped scheme passes this first.
#pragma once
#include <string>

#include "lapack_ai/fastmm/scheme.h"

namespace lapack_ai::fastmm {

struct VerifyResult {
  bool ok = false;
  /// Empty when ok; otherwise the first failing Brent equation in (a, b, c) order, e.g.
  /// "equation (a=A[0][1], b=B[1][0], c=C[0][0]) = 0 expected 1", or what is malformed.
  std::string message;
  int failing_equations = 0;  ///< how many of the (mk)(kn)(mn) equations fail
};

/// Checks the shapes (u, v, w sizes against m, k, n, rank) and then every Brent equation in
/// the scheme's field. Never throws for a well-formed Scheme; an int64 overflow while summing
/// is reported as a failure with its message.
VerifyResult Verify(const Scheme& scheme);

/// Verifies modulo 2 whatever the scheme's field says (a Q scheme with integer coefficients
/// that verifies over Q also verifies mod 2). Coefficients with an even denominator fail.
VerifyResult VerifyMod2(const Scheme& scheme);

/// Throws UsageError unless the scheme is exact over Q, i.e. usable on floating-point
/// matrices. A GF(2) scheme is refused with a message saying it is only valid modulo 2.
void RequireFloatingPointUsable(const Scheme& scheme);

}  // namespace lapack_ai::fastmm
