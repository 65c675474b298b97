// Shared pieces of the LAPACK checks: long double matrices (wide range, so near-overflow and
// near-underflow inputs neither overflow nor lose the residual), 1-norms, products, Householder
// QR in LAPACK's convention, and the CheckResult builder carrying formula, norm, eps, threshold.
#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "lapack_ai/matrix.h"
#include "lapack_ai/op.h"

namespace lapack_ai {

using LD = long double;
using LMatrix = Matrix<LD>;

/// Thresholds from LAPACK's input files (validation.md §1).
inline constexpr double kLinThreshold = 30.0;  ///< dtest.in (LIN: getrf, potrf, geqrf, gels)
inline constexpr double kSvdThreshold = 50.0;  ///< svd.in
inline constexpr double kSepThreshold = 60.0;  ///< sep.in

/// The two eps conventions: LIN's DLAMCH('Epsilon') = unit roundoff, EIG's ulp = epsilon.
enum class EpsKind { kUnitRoundoff, kUlp };

template <typename T>
double EpsOf(EpsKind kind) {
  const double e = std::numeric_limits<T>::epsilon();
  return kind == EpsKind::kUlp ? e : e / 2;
}

/// Copies rows x cols of the column-major array at `a` into a long double matrix.
template <typename T>
LMatrix ToLong(int64_t rows, int64_t cols, const T* a, int64_t lda) {
  LMatrix out(rows, cols);
  for (int64_t j = 0; j < cols; ++j)
    for (int64_t i = 0; i < rows; ++i) out(i, j) = static_cast<LD>(a[i + j * lda]);
  return out;
}
template <typename T>
LMatrix ToLong(const Matrix<T>& a) {
  return ToLong(a.rows(), a.cols(), a.data(), a.ld());
}

/// Rounds a long double matrix to T.
template <typename T>
Matrix<T> FromLong(const LMatrix& a) {
  Matrix<T> out(a.rows(), a.cols());
  for (int64_t j = 0; j < a.cols(); ++j)
    for (int64_t i = 0; i < a.rows(); ++i) out(i, j) = static_cast<T>(a(i, j));
  return out;
}

/// Maximum absolute column sum (LAPACK 'O' norm). NaN propagates.
LD Norm1(const LMatrix& a);
/// 1-norm of a - b (same shapes).
LD Norm1Diff(const LMatrix& a, const LMatrix& b);
/// 1-norm of a symmetric matrix given by its lower triangle (DLANSY '1', 'L').
LD SymNorm1Lower(const LMatrix& a);
/// Largest absolute entry.
LD MaxAbs(const LMatrix& a);
/// op(a) * op(b), op = transpose when the flag is set.
LMatrix Multiply(const LMatrix& a, bool ta, const LMatrix& b, bool tb);
/// ||I - op(q)^T op(q)||_1 for the k x k Gram matrix of q's columns (rows when `rows`).
LD OrthogonalityResidual(const LMatrix& q, bool rows);

/// Householder QR in place in LAPACK's layout (R on and above the diagonal, v below it with an
/// implicit 1, H_j = I - tau_j v v^T), as xGEQR2 computes it.
void HouseholderQr(LMatrix& a, std::vector<LD>& tau);
/// c := Q^T c (transpose) or Q c, Q = H_1 ... H_k from a HouseholderQr/xGEQRF result.
void ApplyQ(const LMatrix& qr, const std::vector<LD>& tau, LMatrix& c, bool transpose);

/// LAPACK's step-wise ratio resid / (scale * norm) / eps, evaluated in long double; a zero
/// denominator gives 0 for a zero residual and 1/eps otherwise.
double LapackRatio(LD resid, LD scale, LD norm, double eps);

/// max over columns j of ||b_j - A x_j||_1 / (||A||_1 ||x_j||_1 eps) (dget02, dpot02), with
/// `anorm` = ||A||_1; the ratio is 1/eps when ||x_j|| = 0 but the residual is not.
double SolveRatio(const LMatrix& a, const LMatrix& x, const LMatrix& b, LD anorm, double eps);

/// A CheckResult with its formula, norm and eps convention; `tol` > 0 overrides `threshold`.
CheckResult MakeCheck(std::string name, std::string formula, EpsKind eps_kind, double eps,
                      double value, double threshold, double tol);

/// The primary-INFO check: passes iff `info` is what the matrix type makes LAPACK return
/// (0, an exact index, or any positive value when `expected` < 0). `note` is the decoded text.
CheckResult MakeInfoCheck(std::string routine, int64_t info, int64_t expected, std::string note);

}  // namespace lapack_ai
