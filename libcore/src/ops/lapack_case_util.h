// Pieces several LAPACK routine descriptions share beyond the LapackCase skeleton: the
// consistent right-hand side B = A X0, the reference condition warnings, the square-solve
// residual, and the primary-INFO check that says when a failure was what the matrix implied.
#pragma once
#include <cstdint>
#include <limits>
#include <memory>
#include <string>

#include "info_decode.h"
#include "lapack_ai/generators.h"
#include "lapack_ai/random.h"
#include "lapack_case.h"
#include "op_table.h"

namespace lapack_ai {

/// B = A X0 with X0 (a.cols() x nrhs) drawn from `seed`: a right-hand side with an exact
/// solution, as LAPACK's drivers (ddrvge, ddrvpo, ddrvls) build it, rounded to T.
template <typename T>
Matrix<T> ConsistentRhs(const Matrix<T>& a, int64_t nrhs, uint64_t seed) {
  Rng rng(seed ^ 0xb0b);
  Matrix<T> x(a.cols(), nrhs);
  FillSymmetric(x, rng);
  return FromLong<T>(Multiply(ToLong(a), false, ToLong(x), false));
}

/// IllConditionedWarning from the reference xGECON estimate on the n x n LU factors `f` of a
/// matrix with 1-norm `anorm`; "" for n = 0.
template <typename T>
std::string LuConditionWarning(const Matrix<T>& f, int64_t n, double anorm) {
  if (n <= 0) return "";
  return IllConditionedWarning(EstimateCondLu<T>(n, f.data(), f.ld(), anorm), std::numeric_limits<T>::epsilon(),
                               "reference xGECON");
}

/// As LuConditionWarning, from xPOCON on the Cholesky factor 'L' in `f`.
template <typename T>
std::string CholConditionWarning(const Matrix<T>& f, int64_t n, double anorm) {
  if (n <= 0) return "";
  return IllConditionedWarning(EstimateCondChol<T>(n, f.data(), f.ld(), anorm), std::numeric_limits<T>::epsilon(),
                               "reference xPOCON");
}

/// MakeInfoCheck for the INFO stored in `call`, noted with its decoded text — prefixed "as
/// expected for --matrix <type>:" when the matrix type predicted that failure (`expected` as
/// in MakeInfoCheck) — and `warning`.
inline CheckResult ExpectedInfoCheck(std::string routine, const Call& call, int64_t expected,
                                     const std::string& matrix_type, const std::string& warning) {
  const int64_t info = InfoOf(call);
  std::string decoded = DecodeInfo(call);
  if (info > 0 && (info == expected || expected < 0)) {
    decoded = "as expected for --matrix " + matrix_type + ": " + decoded;
  }
  return MakeInfoCheck(std::move(routine), info, expected, JoinNotes({decoded, warning}));
}

/// The dget02 / dpot02 check of a square solve: max_j ||b_j - A x_j||_1 / (||A||_1 ||x_j||_1
/// eps) for the solution `x` a backend left in B, with A = `a` (in long double), B = `b0`.
template <typename T>
CheckResult SquareSolveCheck(const std::string& routine, const char* lapack_test, const LMatrix& a, LD anorm,
                             const Matrix<T>& x, const Matrix<T>& b0, double tol) {
  const double eps = EpsOf<T>(EpsKind::kUnitRoundoff);
  return MakeCheck(routine + "_residual",
                   std::string("max_j ||b_j - A x_j||_1 / (||A||_1 ||x_j||_1 eps) (") + lapack_test + ")",
                   EpsKind::kUnitRoundoff, eps, SolveRatio(a, ToLong(x), ToLong(b0), anorm, eps), kLinThreshold,
                   tol);
}

}  // namespace lapack_ai
