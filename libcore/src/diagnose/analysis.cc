// Diagnose(): the measurements behind `lapack-ai diagnose`, all through OpenBLAS's LAPACKE:
// dlange norms, potrf/pocon or getrf/gecon (geqrf/trcon when not square) estimates, gesvd
// singular values, geequ equilibration. The advice drawn from them is in recommend.cc.
#include <algorithm>
#include <cmath>
#include <vector>

#include <lapacke.h>

#include "diagnose/recommend.h"
#include "lapack_ai/diagnose.h"

namespace lapack_ai {
namespace {

lapack_int Int(int64_t v) { return static_cast<lapack_int>(v); }

void ScanEntries(const Matrix<double>& a, Diagnosis& d) {
  for (int64_t j = 0; j < a.cols(); ++j)
    for (int64_t i = 0; i < a.rows(); ++i) {
      double v = a(i, j);
      if (v == 0) ++d.zero_count;
      if (std::isfinite(v)) continue;
      if (std::isnan(v)) ++d.nan_count;
      else ++d.inf_count;
      if (d.first_bad_row == 0) {
        d.first_bad_row = i + 1;
        d.first_bad_col = j + 1;
      }
    }
}

// Max-abs of each row and each column (geequ's view of how badly a matrix is scaled).
void MeasureScaling(const Matrix<double>& a, Diagnosis& d) {
  std::vector<double> row(static_cast<std::size_t>(a.rows()), 0.0);
  std::vector<double> col(static_cast<std::size_t>(a.cols()), 0.0);
  for (int64_t j = 0; j < a.cols(); ++j)
    for (int64_t i = 0; i < a.rows(); ++i) {
      double v = std::abs(a(i, j));
      row[static_cast<std::size_t>(i)] = std::max(row[static_cast<std::size_t>(i)], v);
      col[static_cast<std::size_t>(j)] = std::max(col[static_cast<std::size_t>(j)], v);
    }
  auto summarize = [](const std::vector<double>& m, ScalingRange& s) {
    s.min_max_abs = HUGE_VAL;
    for (double v : m) {
      if (v == 0) { ++s.zero_lines; continue; }
      s.min_max_abs = std::min(s.min_max_abs, v);
      s.max_max_abs = std::max(s.max_max_abs, v);
    }
    if (s.max_max_abs == 0) s.min_max_abs = 0;
  };
  summarize(row, d.row_scaling);
  summarize(col, d.col_scaling);
}

void MeasureNorms(const Matrix<double>& a, Diagnosis& d) {
  lapack_int m = Int(a.rows()), n = Int(a.cols()), lda = Int(a.ld());
  d.norm_1 = LAPACKE_dlange(LAPACK_COL_MAJOR, '1', m, n, a.data(), lda);
  d.norm_inf = LAPACKE_dlange(LAPACK_COL_MAJOR, 'I', m, n, a.data(), lda);
  d.norm_fro = LAPACKE_dlange(LAPACK_COL_MAJOR, 'F', m, n, a.data(), lda);
  d.max_abs = LAPACKE_dlange(LAPACK_COL_MAJOR, 'M', m, n, a.data(), lda);
}

void MeasureSymmetry(const Matrix<double>& a, Diagnosis& d) {
  // 100 eps relative: wide enough for a matrix assembled as B*B^T by a gemm (rounding differs
  // between a_ij and a_ji), tight enough that a genuinely nonsymmetric matrix is not Cholesky'd.
  d.symmetry_tolerance = 100 * d.eps;
  if (a.rows() != a.cols()) return;
  double worst = 0;
  for (int64_t j = 0; j < a.cols(); ++j)
    for (int64_t i = j + 1; i < a.rows(); ++i) worst = std::max(worst, std::abs(a(i, j) - a(j, i)));
  d.asymmetry = d.max_abs > 0 ? worst / d.max_abs : 0;
  d.symmetric = d.asymmetry <= d.symmetry_tolerance;
}

// Cholesky of the lower triangle; on success the 1-norm estimate comes from pocon.
void TryCholesky(const Matrix<double>& a, Diagnosis& d) {
  Matrix<double> l = a;
  lapack_int n = Int(a.rows());
  lapack_int info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', n, l.data(), Int(l.ld()));
  d.potrf_info = info;
  d.spd = info == 0;
  if (info != 0) return;
  double rcond = 0;
  if (LAPACKE_dpocon(LAPACK_COL_MAJOR, 'L', n, l.data(), Int(l.ld()), d.norm_1, &rcond) == 0) {
    d.rcond = rcond;
    d.rcond_method = "pocon";
  }
}

// LU with partial pivoting; an exactly zero U(k,k) means rcond = 0 without calling gecon.
double LuRcond(const Matrix<double>& a, double anorm, int64_t* info_out) {
  Matrix<double> lu = a;
  lapack_int n = Int(a.rows());
  std::vector<lapack_int> ipiv(static_cast<std::size_t>(std::max<int64_t>(1, a.rows())));
  lapack_int info = LAPACKE_dgetrf(LAPACK_COL_MAJOR, n, n, lu.data(), Int(lu.ld()), ipiv.data());
  if (info_out) *info_out = info;
  if (info != 0) return 0;
  double rcond = 0;
  LAPACKE_dgecon(LAPACK_COL_MAJOR, '1', n, lu.data(), Int(lu.ld()), anorm, &rcond);
  return rcond;
}

// Not square: cond_2(A) = cond_2(R) for A = QR (tall orientation), so trcon of R estimates it.
void QrRcond(const Matrix<double>& a, Diagnosis& d) {
  bool tall = a.rows() >= a.cols();
  int64_t m = tall ? a.rows() : a.cols(), n = tall ? a.cols() : a.rows();
  Matrix<double> q(m, n);
  for (int64_t j = 0; j < n; ++j)
    for (int64_t i = 0; i < m; ++i) q(i, j) = tall ? a(i, j) : a(j, i);
  std::vector<double> tau(static_cast<std::size_t>(std::max<int64_t>(1, n)));
  if (LAPACKE_dgeqrf(LAPACK_COL_MAJOR, Int(m), Int(n), q.data(), Int(q.ld()), tau.data()) != 0)
    return;
  double rcond = 0;
  if (LAPACKE_dtrcon(LAPACK_COL_MAJOR, '1', 'U', 'N', Int(n), q.data(), Int(q.ld()), &rcond) == 0) {
    d.rcond = rcond;
    d.rcond_method = "trcon of R (geqrf)";
  }
}

void SingularValues(const Matrix<double>& a, Diagnosis& d) {
  Matrix<double> w = a;
  int64_t k = std::min(a.rows(), a.cols());
  std::vector<double> s(static_cast<std::size_t>(k));
  std::vector<double> superb(static_cast<std::size_t>(std::max<int64_t>(1, k - 1)));
  double unused = 0;
  lapack_int info = LAPACKE_dgesvd(LAPACK_COL_MAJOR, 'N', 'N', Int(a.rows()), Int(a.cols()),
                                   w.data(), Int(w.ld()), s.data(), &unused, 1, &unused, 1,
                                   superb.data());
  if (info != 0) {
    d.notes.push_back("gesvd did not converge: no exact cond_2 or rank");
    return;
  }
  d.sigma_max = s.front();
  d.sigma_min = s.back();
  d.cond_2 = s.back() > 0 ? s.front() / s.back() : HUGE_VAL;
  d.rank_tolerance = static_cast<double>(std::max(a.rows(), a.cols())) * s.front() * d.eps;
  d.rank = std::count_if(s.begin(), s.end(), [&](double v) { return v > d.rank_tolerance; });
}

// What geequ's row and column scaling would do to the 1-norm condition estimate.
void TryEquilibration(const Matrix<double>& a, Diagnosis& d) {
  std::vector<double> r(static_cast<std::size_t>(a.rows())), c(static_cast<std::size_t>(a.cols()));
  double rowcnd = 0, colcnd = 0, amax = 0;
  if (LAPACKE_dgeequ(LAPACK_COL_MAJOR, Int(a.rows()), Int(a.cols()), a.data(), Int(a.ld()),
                     r.data(), c.data(), &rowcnd, &colcnd, &amax) != 0)
    return;
  Matrix<double> s = a;
  for (int64_t j = 0; j < a.cols(); ++j)
    for (int64_t i = 0; i < a.rows(); ++i)
      s(i, j) *= r[static_cast<std::size_t>(i)] * c[static_cast<std::size_t>(j)];
  double snorm = LAPACKE_dlange(LAPACK_COL_MAJOR, '1', Int(s.rows()), Int(s.cols()), s.data(),
                                Int(s.ld()));
  double rcond = LuRcond(s, snorm, nullptr);
  d.equilibrated_cond_1 = rcond > 0 ? 1 / rcond : HUGE_VAL;
}

}  // namespace

std::optional<double> Diagnosis::Condition() const {
  if (cond_2) return cond_2;
  if (rcond) return *rcond > 0 ? 1 / *rcond : HUGE_VAL;
  return std::nullopt;
}

Diagnosis Diagnose(const Matrix<double>& a, const DiagnoseOptions& options) {
  Diagnosis d;
  d.rows = a.rows();
  d.cols = a.cols();
  d.eps = options.eps;
  ScanEntries(a, d);
  if (d.rows == 0 || d.cols == 0) {
    d.notes.push_back("empty matrix: nothing to measure");
  } else if (d.nan_count + d.inf_count > 0) {
    d.notes.push_back("NaN/Inf entries present: norms, factorizations and SVD were skipped");
  } else {
    MeasureNorms(a, d);
    MeasureScaling(a, d);
    MeasureSymmetry(a, d);
    if (d.rows == d.cols) {
      if (d.symmetric) TryCholesky(a, d);
      else d.spd = false;
      if (!d.rcond) {
        d.rcond = LuRcond(a, d.norm_1, &d.getrf_info);
        d.rcond_method = "gecon";
      }
      if (std::max(d.row_scaling.range(), d.col_scaling.range()) > kScalingThreshold)
        TryEquilibration(a, d);
    } else {
      QrRcond(a, d);
    }
    if (std::max(d.rows, d.cols) <= options.svd_max_dim) {
      SingularValues(a, d);
    } else {
      d.notes.push_back("max(rows, cols) exceeds the SVD limit (--svd-max): cond is the LAPACK "
                        "1-norm estimate and the rank was not computed");
    }
  }
  d.recommendation = Recommend(d);
  return d;
}

}  // namespace lapack_ai
