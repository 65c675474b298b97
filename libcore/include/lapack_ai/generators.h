// Test matrices in the style of LAPACK's DLATMS/DLATB4: prescribed singular values or
// eigenvalues between 1 and 1/cond (DLATMS modes), random orthogonal factors, zero columns,
// scaling near underflow/overflow, triangular, SPD and symmetric variants, from fixed seeds.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lapack_ai/matrix.h"

namespace lapack_ai {

/// What structure a routine needs: general (getrf, geqrf, gels, gesvd), symmetric positive
/// definite (potrf, posv) or symmetric (syevd). The same type name means the analogous matrix
/// of that structure (e.g. "ill" is an ill-conditioned SPD matrix for potrf).
enum class MatrixKind { kGeneral, kSpd, kSymmetric };

/// A parsed --matrix value: "TYPE" or "TYPE:modeK" (K in 1..5, negative = reversed spectrum).
struct MatrixSpec {
  std::string type;  ///< canonical type name, e.g. "zero-half" (the alias "singular" resolves)
  int mode = 3;      ///< DLATMS MODE of the spectrum (3 = geometric)
  double cond = 2;   ///< requested condition number (2-norm), >= 1
  double scale = 1;  ///< target max-abs entry (1, or LAPACK's SMALL/LARGE)
  bool zero_cols = false;   ///< kGeneral: columns zeroed; kSpd: rows and columns zeroed
  int64_t zero_first = -1;  ///< 0-based index of the first zeroed column (-1: none)
  int64_t zero_count = 0;   ///< number of zeroed columns
};

/// Parses `text` for a matrix of `kind` and size m x n, applying `cond` when > 0 (otherwise the
/// type's default: 2, sqrt(0.1/eps) for "ill", 0.1/eps for "very-ill"; eps = DLAMCH('Precision')
/// of the precision, passed as `epsilon`). Throws UsageError naming --matrix, the value and the
/// types valid for the kind.
MatrixSpec ParseMatrixSpec(std::string_view text, MatrixKind kind, int64_t m, int64_t n,
                           double cond, double epsilon);

/// Type names accepted for `kind`, in documentation order (without the ":modeK" suffix).
std::vector<std::string> MatrixTypes(MatrixKind kind);

/// Types whose generated matrix is exactly singular or not SPD, so the routine is expected to
/// report INFO > 0 (zero-*, and "sym" for kSpd). NaN/Inf types are not included.
bool IsSingularType(std::string_view type, MatrixKind kind);

/// The DLATMS spectrum of length r: values in [1/cond, 1] per `mode` (1: one large, rest 1/cond;
/// 2: rest 1, last 1/cond; 3: geometric; 4: arithmetic; 5: log-uniform random with both ends
/// pinned; negative: reversed). Random values come from `seed`.
std::vector<long double> Spectrum(int mode, int64_t r, double cond, uint64_t seed);

/// Generates the m x n test matrix (square n x n for kSpd/kSymmetric, m ignored) for `spec`,
/// computed in long double and rounded once to T. The "nan"/"inf" types plant one non-finite
/// entry (and its mirror for symmetric kinds).
template <typename T>
Matrix<T> GenerateMatrix(const MatrixSpec& spec, MatrixKind kind, int64_t m, int64_t n,
                         uint64_t seed);

/// LAPACK's DLATB4 SMALL = 0.25 * safmin / eps (near underflow) for T; LARGE = 1 / SMALL.
template <typename T>
double ScaleSmall();

}  // namespace lapack_ai
