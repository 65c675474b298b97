// Projected LAPACK checks for large cases: the factorization and orthogonality residuals of
// getrf, potrf, geqrf, gesvd and syevd applied to a few random vectors in long double, O(n^2)
// per vector, instead of multiplied out in O(n^3) (hours at n = 16384).
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "gemm_check.h"
#include "lapack_ai/matrix.h"
#include "lapack_ai/op.h"
#include "lapack_checks.h"

namespace lapack_ai {

/// Whether an m x n case checks projected: when its full check would take more than gemm's
/// kFullCheckMaxMnk long double multiply-adds (m n min(m,n) measures every routine's full check
/// up to a small factor) and --full-check was not given. LAPACK's validate sizes stay full.
bool UseProjectedCheck(const CaseParams& p, int64_t m, int64_t n);

/// Long double elements a projected check of an m x n case holds (a few blocks of vectors).
double ProjectedCheckElements(int64_t m, int64_t n);

/// The note every projected check carries (how many vectors; --full-check for the full check).
std::string ProjectedNote();

/// `r` marked as a projected check: Frobenius norm, ProjectedNote().
CheckResult Projected(CheckResult r);

/// ||A||_1 (NaN propagates) and the 1-norm of the symmetric matrix given by A's lower triangle,
/// without a long double copy of A (they feed the condition warnings at any size).
template <typename T>
double Norm1Of(const Matrix<T>& a);
template <typename T>
double SymNorm1LowerOf(const Matrix<T>& a);

/// rows x kProjectionVectors block with independent N(0, 1) entries drawn from `seed`.
LMatrix RandomBlock(int64_t rows, uint64_t seed);

/// ||D||_F estimated from DX and X (X with `n` = X.rows() i.i.d. normal rows):
/// E ||D x||^2 = ||D||_F^2 for x ~ N(0, I), and ||X||_F^2 ~ n p, so sqrt(n) ||DX||_F / ||X||_F.
LD FrobeniusEstimate(const LMatrix& dx, const LMatrix& x);

/// op(A) X for the rows x cols column-major A at `a` (op = transpose when `trans`), long double.
template <typename T>
LMatrix TimesBlock(int64_t rows, int64_t cols, const T* a, int64_t lda, bool trans, const LMatrix& x);

/// Q X (or Q^T X) for Q = H_1 ... H_k from xGEQRF's reflectors in `qr` (m x n) and `tau`.
template <typename T>
void ApplyQBlock(const Matrix<T>& qr, const T* tau, int64_t k, LMatrix& x, bool transpose);

/// Ratios of the projected checks, each the Frobenius-norm form of the LAPACK ratio its full
/// check computes (same scale factor, same eps convention); seeds come from the case.
/// ||P L U - A||_F / (n ||A||_F eps) for getrf factors `f` (m x n) and 1-based `ipiv`.
template <typename T>
double ProjectedLuRatio(const Matrix<T>& a0, const Matrix<T>& f, const std::vector<int32_t>& ipiv, uint64_t seed);

/// ||L L^T - A||_F / (n ||A||_F eps), L and A from their lower triangles.
template <typename T>
double ProjectedCholeskyRatio(const Matrix<T>& a0, const Matrix<T>& f, uint64_t seed);

/// {||Q R - A||_F / (m ||A||_F eps), ||Q^T Q - I||_F / (m eps)}, Q m x m from the reflectors.
template <typename T>
std::pair<double, double> ProjectedQrRatios(const Matrix<T>& a0, const Matrix<T>& f, const std::vector<T>& tau,
                                            uint64_t seed);

/// {||U S V^T - A||_F / (||A||_F max(m,n) ulp), ||U^T U - I||_F / (m ulp), ||V^T V - I||_F / (n ulp)}.
struct SvdRatios {
  double residual, orthogonality_u, orthogonality_vt;
};
template <typename T>
SvdRatios ProjectedSvdRatios(const Matrix<T>& a0, const Matrix<T>& u, const std::vector<T>& s,
                             const Matrix<T>& vt, uint64_t seed);

/// {||A - Z D Z^T||_F / (||A||_F n ulp), ||Z Z^T - I||_F / (n ulp)}.
template <typename T>
std::pair<double, double> ProjectedEigRatios(const Matrix<T>& a0, const Matrix<T>& z, const std::vector<T>& w,
                                             uint64_t seed);

}  // namespace lapack_ai
