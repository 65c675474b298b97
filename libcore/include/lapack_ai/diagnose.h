// Numerical diagnosis of a user's matrix for `lapack-ai diagnose`: symmetry, SPD test, norms,
// condition number (LAPACK estimate and exact 2-norm by SVD), numerical rank, row/column
// scaling, NaN/Inf count, and a recommended factorization (rules in docs/DIAGNOSE.md).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lapack_ai/matrix.h"

namespace lapack_ai {

struct DiagnoseOptions {
  /// Unit of accuracy of the data (2^-52 for float64 input, 2^-23 for float32): sets the rank
  /// tolerance, the symmetry tolerance and the ill-conditioning threshold 1/sqrt(eps).
  double eps = 0x1.0p-52;
  /// Exact SVD (2-norm condition, rank) only when max(rows, cols) <= this; O(n^3) work.
  int64_t svd_max_dim = 2000;
};

/// Range of the max-abs of each row (or column): LAPACK's geequ view of scaling.
struct ScalingRange {
  double min_max_abs = 0;  ///< smallest nonzero row (column) max-abs
  double max_max_abs = 0;  ///< largest row (column) max-abs
  int64_t zero_lines = 0;  ///< rows (columns) that are entirely zero
  /// max/min over the nonzero lines; 1 for a perfectly balanced matrix.
  double range() const { return min_max_abs > 0 ? max_max_abs / min_max_abs : 1.0; }
};

struct Recommendation {
  std::string solver;               ///< e.g. "potrf/posv (Cholesky)"; empty when none applies
  std::vector<std::string> advice;  ///< warnings and suggestions, most important first
};

/// Everything `diagnose` reports. Optional fields are absent when the quantity was not
/// computed (NaN/Inf in the input, empty or too large for an SVD, non-square, ...).
struct Diagnosis {
  int64_t rows = 0, cols = 0;
  int64_t nan_count = 0, inf_count = 0, zero_count = 0;
  int64_t first_bad_row = 0, first_bad_col = 0;  ///< 1-based first NaN/Inf (column-major), or 0
  double norm_1 = 0, norm_inf = 0, norm_fro = 0, max_abs = 0;

  bool symmetric = false;            ///< square and asymmetry <= symmetry_tolerance
  double asymmetry = 0;              ///< max |a_ij - a_ji| / max |a|
  double symmetry_tolerance = 0;     ///< 100 * eps (relative)
  std::optional<bool> spd;           ///< potrf on the lower triangle succeeded (symmetric only)
  int64_t potrf_info = 0;            ///< order of the first non-positive leading minor, or 0
  int64_t getrf_info = 0;            ///< k when U(k,k) is exactly zero (1-based), or 0

  std::optional<double> rcond;       ///< LAPACK reciprocal condition estimate (1-norm)
  std::string rcond_method;          ///< "pocon", "gecon" or "trcon of R (geqrf)"
  std::optional<double> sigma_max, sigma_min;  ///< largest and min(m,n)-th singular value
  std::optional<double> cond_2;      ///< sigma_max / sigma_min (may be +inf)
  std::optional<int64_t> rank;       ///< count of sigma_i > rank_tolerance
  double rank_tolerance = 0;         ///< max(m,n) * sigma_max * eps (numpy.linalg.matrix_rank)
  /// 1-norm condition estimate after geequ row/column equilibration, when it was worth trying.
  std::optional<double> equilibrated_cond_1;

  ScalingRange row_scaling, col_scaling;
  double eps = 0;
  std::vector<std::string> notes;    ///< what was skipped and why
  Recommendation recommendation;

  /// Best available condition number: exact cond_2, else 1/rcond.
  std::optional<double> Condition() const;
};

/// Analyses `a` (any shape, NaN/Inf allowed: then factorizations are skipped and said so).
/// Uses OpenBLAS's LAPACKE; never throws for numerical trouble (singular, indefinite, ...).
Diagnosis Diagnose(const Matrix<double>& a, const DiagnoseOptions& options = {});

/// Strict JSON (non-finite numbers become null with a "<key>_status" string beside them).
nlohmann::json ToJson(const Diagnosis& d);

}  // namespace lapack_ai
